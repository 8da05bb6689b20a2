"""Text helpers: normalisation, matching a quote against the draft, splitting long replies at paragraph boundaries."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")

_TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below
# Old-style tone placement on an open "oa", "oe", "uy" syllable ("hoà", "khoẻ", "thuỷ") moves to the first vowel
# ("hòa", "khỏe", "thủy"), as in aggregation's grouping. In NFD a tone follows its vowel; the look-ahead keeps
# closed syllables ("hoàn", "hoặc") untouched because a letter or another combining mark follows.
_OLD_TONE = re.compile(rf"([ou])([aey])([{_TONES}])(?![\w\u0300-\u036f])")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _folded(text: str) -> tuple[str, list[int]]:
    """`text` folded for matching (NFD, casefold, new tone placement, one space, trimmed), and for each folded
    character the index in `text` it came from."""
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        if ch.isspace():
            if chars and chars[-1] != " ":
                chars.append(" ")
                origin.append(i)
            continue
        for part in unicodedata.normalize("NFD", ch.casefold()):
            chars.append(part)
            origin.append(i)
    if chars and chars[-1] == " ":
        chars.pop()
        origin.pop()
    _reorder_marks(chars, origin)
    folded = "".join(chars)
    for m in _OLD_TONE.finditer(folded):  # swap vowel and tone: same length, the origins swap with them
        a, b = m.start(2), m.start(3)
        chars[a], chars[b] = chars[b], chars[a]
        origin[a], origin[b] = origin[b], origin[a]
    return "".join(chars), origin


def _reorder_marks(chars: list[str], origin: list[int]) -> None:
    """Canonical order of each run of combining marks (as NFD of the whole text would give), origins alongside."""
    i = 0
    while i < len(chars):
        j = i
        while j < len(chars) and unicodedata.combining(chars[j]):
            j += 1
        if j - i > 1:
            run = sorted(zip(chars[i:j], origin[i:j], strict=True), key=lambda p: unicodedata.combining(p[0]))
            chars[i:j] = [c for c, _ in run]
            origin[i:j] = [o for _, o in run]
        i = j + 1 if j == i else j


def fold(text: str) -> str:
    """For comparing what a user typed: Unicode form, case, tone placement ("hoà"/"hòa") and spacing do not count."""
    return nfc(_folded(text)[0])


def find_folded(haystack: str, needle: str) -> tuple[int, int] | None:
    """Where `needle` occurs in `haystack` as `fold` compares them: (start, end) in `haystack`, or None.

    A match never ends on a base letter whose accent follows ("hoa" is not found in "hoà").
    """
    key = _folded(needle)[0]
    if not key:
        return None
    folded, origin = _folded(haystack)
    at = folded.find(key)
    while at >= 0:
        end = at + len(key)
        if end == len(folded) or not unicodedata.combining(folded[end]):
            return origin[at], origin[end - 1] + 1
        at = folded.find(key, at + 1)
    return None


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


_NUMBER = re.compile(r"[0-9]{1,18}")


def as_int(value: object) -> int | None:
    """A plain number written with ASCII digits ("12"), else None: "²", "١٢", "-1" or "" are not numbers here."""
    text = str(value).strip()
    return int(text) if _NUMBER.fullmatch(text) else None


_EDGE = " \t\n.,;:!?…-–—\"'“”‘’«»"


def label_key(text: str) -> str:
    """How a typed text is compared with button labels: `fold`, without accents (đ as d) or edge punctuation."""
    if len(text) > 120:  # no label is this long: do not fold a whole comment for nothing
        return ""
    # Without accents, tone placement and Unicode form no longer matter: one NFD pass is enough.
    plain = "".join(c for c in unicodedata.normalize("NFD", text.casefold()) if not unicodedata.combining(c))
    return " ".join(plain.replace("đ", "d").split()).strip(_EDGE)


def has_words(text: str) -> bool:
    """True when `text` has a letter or a digit (not only emoji, punctuation or spaces)."""
    return any(c.isalnum() for c in text)


def bare(text: str) -> str:
    """`fold` without edge punctuation: " Bỏ. " and "bỏ!" are both "bỏ"."""
    return fold(text).strip(_EDGE)
