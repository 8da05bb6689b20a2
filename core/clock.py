"""The clock: one time zone for everything a person reads (chat dates, report stamps, the plan's dates).

The zone is `GOPY_TIMEZONE`, set once by the composition root (`configure`); timestamps are stored in UTC.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_ZONE = "Asia/Ho_Chi_Minh"
_zone = ZoneInfo(DEFAULT_ZONE)


def zone_named(name: str) -> ZoneInfo:
    """The IANA zone `name` ("Asia/Ho_Chi_Minh"); ValueError when there is none by that name."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {name!r}") from exc


def configure(name: str) -> None:
    """Use the zone `name` for every date a person reads; ValueError when there is none by that name."""
    global _zone
    _zone = zone_named(name)


def zone() -> ZoneInfo:
    return _zone


def now() -> datetime:
    """The current moment, aware, in UTC (as stored)."""
    return datetime.now(UTC)


def local_now() -> datetime:
    return datetime.now(_zone)


def today() -> date:
    """Today's date where the consultation is (not the machine's)."""
    return local_now().date()


def as_utc(value: datetime) -> datetime:
    """An aware UTC datetime; a naive one was stored in UTC (SQLite hands back naive datetimes)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def local(value: datetime) -> datetime:
    return as_utc(value).astimezone(_zone)


def local_date(value: datetime) -> str:
    """dd/mm/yyyy, as Vietnamese write dates."""
    return local(value).strftime("%d/%m/%Y")


def day_start(day: date) -> datetime:
    """The first moment of a local day, in UTC."""
    return datetime.combine(day, time.min, _zone).astimezone(UTC)


def day_end(day: date) -> datetime:
    """The first moment after a local day, in UTC (ranges are half-open)."""
    return day_start(day + timedelta(days=1))


_RELATIVE = re.compile(r"^today\s*(?:([+-])\s*(\d{1,5}))?$")
_VIETNAMESE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_date(value: str) -> date:
    """The one date parser (CLI options and the plan): ISO "2025-07-03", Vietnamese "03/07/2025", or "today±N"
    (days, local) for plans that must stay open. ValueError for anything else."""
    text = value.strip().lower()
    if m := _RELATIVE.match(text):
        days = int(m.group(2) or 0) * (-1 if m.group(1) == "-" else 1)
        return today() + timedelta(days=days)
    if m := _VIETNAMESE.match(text):
        return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    if m := _ISO.match(text):  # also "2025-7-3", as the CLI always took it
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    raise ValueError(value)
