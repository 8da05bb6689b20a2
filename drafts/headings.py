"""Vietnamese heading grammar: "Phần thứ …", roman "I." / "I-", arabic "1." / "2.1." / "2.1.1.", "PHỤ LỤC …".

Depths follow the printed hierarchy: parts and appendices 0, roman 1, arabic 1 + number of components.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from drafts.text import clean, is_caps, starts_item

_ORDINALS = "nhất|hai|ba|tư|bốn|năm|sáu|bảy|tám|chín|mười"
_PART = re.compile(
    rf"^\**\s*phần\s+(thứ\s+(?:{_ORDINALS})|[IVXLC]+|\d{{1,2}})(?!\w)(\s*(?:\*+|[:.\-–—])?\s*)(.*)$", re.I
)
# The number ends on a non-letter: "PHỤ LỤC 06**KẾT QUẢ" must be matched before its markup is stripped.
_APPENDIX = re.compile(
    r"^\**\s*(phụ\s+lục)(?:\s+(?:số\s+)?(\d{1,3}[A-Za-z]?|[IVXLC]+[A-Za-z]?)(?!\w))?(\s*(?:\*+|[:.\-–—])?\s*)(.*)$",
    re.I,
)
_ROMAN = re.compile(r"^([IVXLC]+)\s*[.\-–]\s*(.+)$")
_VALID_ROMAN = re.compile(r"^(X{0,3})(IX|IV|V?I{0,3})$")
_ARABIC = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})(\.?)\s+(.+)$")
_TITLE_START = re.compile(r"^[\"“'‘(]?[^\W\d_]")


@dataclass
class Heading:
    label: str
    title: str
    depth: int
    kind: str  # "part", "appendix", "roman", "arabic"


def _starts_like_title(text: str) -> bool:
    found = _TITLE_START.match(text)
    return found is not None and text[found.end() - 1].isupper()


def _part_label(number: str) -> str:
    words = number.split()
    if len(words) == 2:  # "thứ nhất" in any case → "thứ nhất"
        return f"Phần thứ {words[1].lower()}"
    return f"Phần {number.upper()}"


def _set_apart(separator: str, title: str) -> bool:
    """A title on the heading's own line must be set apart (":", "-", markup) or in capitals; otherwise the
    line is prose that happens to start with "Phần thứ hai …" or "Phụ lục …"."""
    return not title or bool(separator.strip()) or is_caps(title)


def match_part_or_appendix(raw: str) -> Heading | None:
    """A top-level heading from a raw line (markup still in); the title may be empty, it then follows on the
    next line(s)."""
    part = _PART.match(raw)
    if part:
        number, separator, title = part.groups()
        if _set_apart(separator, title):
            return Heading(_part_label(number), clean(title), 0, "part")
        return None
    appendix = _APPENDIX.match(raw)
    if appendix:
        words, number, separator, title = appendix.groups()
        if not _set_apart(separator, title) or (not number and title and not is_caps(title)):
            return None
        label = " ".join(words.split()) + (f" {number}" if number else "")
        return Heading(label, clean(title), 0, "appendix")
    return None


def match_numbered(text: str) -> Heading | None:
    """A roman or arabic numbered heading ("II. KẾT QUẢ …", "2.1. Công tác …")."""
    if starts_item(text):
        return None
    roman = _ROMAN.match(text)
    if roman and _VALID_ROMAN.match(roman.group(1)) and _starts_like_title(roman.group(2)):
        return Heading(roman.group(1), roman.group(2).strip(), 1, "roman")
    arabic = _ARABIC.match(text)
    if arabic:
        number, dot, title = arabic.groups()
        if "." not in number and not dot:
            return None  # "3000 lượt …", "20 năm …": a number, not a heading
        if _starts_like_title(title):
            return Heading(number, title.strip(), 1 + number.count(".") + 1, "arabic")
    return None


_COLON = re.compile(r":\s+")
_BODY_END = re.compile(r"[.;!?…]$")
_BODY_BREAK = re.compile(r"[.;!?]\s")


def split_title(title: str) -> tuple[str, str | None]:
    """Split "Nguyên nhân khách quan: (1) Tác động …" into title and body.

    Headings are long and full of commas, and some carry a colon inside the title itself, so a colon splits
    only when what precedes it is short (a title) and what follows reads as body text: an item, a sentence
    end, or a long run of words.
    """
    title = title.strip()
    found = _COLON.search(title)
    if not found:
        return title.rstrip(":").strip(), None
    head, body = title[: found.start()].strip(), title[found.end() :].strip()
    if not body:
        return title.rstrip(":").strip(), None
    if len(head.split()) <= 12:
        if starts_item(body) or _BODY_END.search(body) or _BODY_BREAK.search(body) or len(body.split()) >= 15:
            return head, body
        return title, None
    # A long title may still carry body text: then it is sentences, several of them, and long.
    if _BODY_BREAK.search(body) and _BODY_END.search(body) and len(body.split()) >= 15:
        return head, body
    return title.rstrip(":").strip(), None
