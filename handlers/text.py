"""Text helpers: normalisation and splitting long replies at paragraph boundaries."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """For matching a quote against the draft: NFC, case and whitespace insensitive."""
    return " ".join(nfc(text).casefold().split())


def as_utc(value: datetime) -> datetime:
    # SQLite hands back naive datetimes for tz-aware columns; they were stored in UTC.
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def local_date(value: datetime) -> str:
    return as_utc(value).astimezone(LOCAL).strftime("%d/%m/%Y")


def split_text(text: str, limit: int) -> list[str]:
    """Chunks of at most `limit` characters, cut at a blank line, else a line end, else a space, else anywhere."""
    chunks: list[str] = []
    rest = text.strip("\n")
    while len(rest) > limit:
        window = rest[: limit + 1]
        cut = -1
        for sep in ("\n\n", "\n", " "):
            cut = window.rfind(sep)
            if cut > 0:
                break
        if cut <= 0:
            cut = limit
        chunks.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip("\n ")
    if rest or not chunks:
        chunks.append(rest)
    return chunks
