"""Line grammar shared by every format: cleaning, page furniture, footnotes, item labels, continuations.

Everything here looks at one line (or one paragraph) of text at a time; drafts.assemble decides what the
lines mean in sequence.
"""

from __future__ import annotations

import re
import unicodedata

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_TO_ASCII = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")

# Markdown-ish emphasis left by converters ("**PHỤ LỤC 02", "“*Dân vận khéo*”"). A lone "(*)" is a real mark.
_MARKUP = re.compile(r"(?<!\()\*+|\*+(?!\))|_{2,}")
_SPACES = re.compile(r"[ \t\u00a0\u2002-\u200b\u202f\u3000]+")


def clean(text: str) -> str:
    """NFC, markup remnants stripped, whitespace collapsed."""
    text = unicodedata.normalize("NFC", text)
    text = _MARKUP.sub("", text)
    return _SPACES.sub(" ", text).strip()


def is_caps(text: str) -> bool:
    """True for a line written in capitals (titles, page headers), ignoring digits and punctuation."""
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(not ch.islower() for ch in letters)


# --- page furniture: repeated page headers, page numbers, signature -------------------------------------

_ADMIN_UNIT = r"(PHƯỜNG|XÃ|THỊ TRẤN|THỊ XÃ|HUYỆN|QUẬN|THÀNH PHỐ|TỈNH)"
_HEADER_LINES = [
    re.compile(r"^ĐẢNG CỘNG SẢN VIỆT NAM$"),
    re.compile(r"^CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM$"),
    re.compile(r"^ĐẠI HỘI\b[^,;:.]{0,40}$"),  # "ĐẠI HỘI ĐẠI BIỂU" and its typos
    re.compile(rf"^ĐẢNG BỘ {_ADMIN_UNIT}\b[^,;:.]{{0,40}}$"),
    re.compile(r"^LẦN THỨ [IVXLC\d]+\b.*NHIỆM KỲ.*$"),
]
# A bare unit name ("PHƯỜNG MÓNG CÁI 2") is a header only right after another header line.
_HEADER_FOLLOWER = re.compile(rf"^{_ADMIN_UNIT} [^,;:.]{{1,40}}$")
_PAGE_NUMBER = re.compile(r"^[-–—(\s]*\d{1,4}[-–—)\s]*$|^(trang|page)\s+\d+(\s*(/|của|of)\s*\d+)?$", re.I)
_RULE = re.compile(r"^[*\-–—_=.·•\s]+$")
_MOTTO = re.compile(r"^Độc lập\s*[-–]\s*Tự do\s*[-–]\s*Hạnh phúc$", re.I)
_SIGNATURE = re.compile(r"^((T/M|TM)\.?\s+)?BAN (CHẤP HÀNH|THƯỜNG VỤ)\b")


def is_header_line(text: str, after_header: bool = False) -> bool:
    """A repeated page header line (party banner, congress name, term). `after_header`: the previous kept
    line was a header, which makes a bare "PHƯỜNG …" line part of the same banner."""
    if not is_caps(text) or len(text.split()) > 10:
        return False
    if any(pattern.match(text) for pattern in _HEADER_LINES):
        return True
    return after_header and bool(_HEADER_FOLLOWER.match(text))


def is_page_furniture(text: str) -> bool:
    """Page numbers, separator rules ("*", "-----"), the national motto: never content."""
    return bool(_PAGE_NUMBER.match(text) or _RULE.match(text) or _MOTTO.match(text))


def is_signature(text: str) -> bool:
    """The signing body under the text ("BAN CHẤP HÀNH ĐẢNG BỘ …"), not a heading or a paragraph."""
    return is_caps(text) and len(text.split()) <= 12 and bool(_SIGNATURE.match(text))


# --- footnotes, items, unit notes -----------------------------------------------------------------------

_FOOTNOTE = re.compile(rf"^([{SUPERSCRIPT_DIGITS}]+)\s*(\S.*)$")


def match_footnote(text: str) -> tuple[str, str] | None:
    """("12", text) for a footnote line printed as "¹² text"."""
    found = _FOOTNOTE.match(text)
    if not found:
        return None
    return found.group(1).translate(_TO_ASCII), found.group(2).strip()


# "(7) …", "(3)- …", "a) …", "1) …": the label is what a comment cites.
_ITEM_LABEL = re.compile(r"^\((\d{1,3}|[a-zđ])\)\s*(?:[-–]\s*)?|^(\d{1,3}|[a-zđ])\)\s+")
_BULLET = re.compile(r"^[-–+•]\s+")
_ORDINAL_ITEM = re.compile(r"^(Một|Hai|Ba|Bốn|Năm|Sáu|Bảy|Tám|Chín|Mười) là[,:]", re.I)
_UNIT_NOTE = re.compile(r"^(đơn vị tính|đơn vị|đvt)\s*[:.]", re.I)


def item_label(text: str) -> str | None:
    """The printed item label of a paragraph, normalised: "(3)- x" → "(3)", "a) x" → "a)"."""
    found = _ITEM_LABEL.match(text)
    if not found:
        return None
    if found.group(1):
        return f"({found.group(1)})"
    return f"{found.group(2)})"


def starts_item(text: str) -> bool:
    """A line that always opens a new paragraph: an item label, a bullet, "Một là, …"."""
    return bool(_ITEM_LABEL.match(text) or _BULLET.match(text) or _ORDINAL_ITEM.match(text))


def is_unit_note(text: str) -> bool:
    """ "Đơn vị tính: cuộc" above a table: never a title."""
    return bool(_UNIT_NOTE.match(text))


# --- continuation across page breaks and footnote blocks ------------------------------------------------

_TRAILING_MARKS = f"{SUPERSCRIPT_DIGITS}”’\"')]»"
_TERMINAL = ".;:!?…"
_INNER_BREAK = re.compile(r"[.;:!?…]\s")


def is_terminated(text: str) -> bool:
    """Ends like a finished sentence (footnote marks and closing quotes ignored)."""
    stripped = text.rstrip().rstrip(_TRAILING_MARKS).rstrip()
    return bool(stripped) and stripped[-1] in _TERMINAL


def is_running_text(text: str) -> bool:
    """Long prose rather than a short unnumbered sub-heading: only such a paragraph can be cut by a page
    break and continue with a capitalised word (a proper noun) on the next page."""
    return len(text) >= 160 or bool(_INNER_BREAK.search(text))


def start_kind(text: str) -> str:
    """ "item", "lower", "digit" or "upper": how a line starts, which decides whether it may continue the
    previous paragraph."""
    if starts_item(text):
        return "item"
    for ch in text:
        if ch.isalpha():
            return "lower" if ch.islower() else "upper"
        if ch.isdigit():
            return "digit"
    return "upper"
