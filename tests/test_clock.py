"""The one date parser (CLI options and the plan) and local days."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from core import clock


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2025-07-03", date(2025, 7, 3)), ("2025-7-3", date(2025, 7, 3)), ("03/07/2025", date(2025, 7, 3)),
     ("3/7/2025", date(2025, 7, 3)), (" 2025-07-03 ", date(2025, 7, 3))],
)  # fmt: skip
def test_dates_as_people_write_them(text: str, expected: date) -> None:
    assert clock.parse_date(text) == expected


def test_today_plus_or_minus_days_is_the_local_day() -> None:
    assert clock.parse_date("today+2") == clock.today() + timedelta(days=2)
    assert clock.parse_date("Today - 1") == clock.today() - timedelta(days=1)


@pytest.mark.parametrize("text", ["", "20250703", "2025-W27", "31/02/2025", "mai", "2025-07-03T10:00"])
def test_anything_else_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        clock.parse_date(text)


def test_a_local_day_is_half_open_in_utc() -> None:
    assert clock.day_start(date(2025, 7, 3)) == datetime(2025, 7, 2, 17, 0, tzinfo=UTC)
    assert clock.day_end(date(2025, 7, 3)) == datetime(2025, 7, 3, 17, 0, tzinfo=UTC)
