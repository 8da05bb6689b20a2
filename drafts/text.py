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


# --- the letters and digits a source paragraph and its printed lines share --------------------------------

_KEY_CACHE: dict[str, str] = {}


def key_char(ch: str) -> str:
    """What one character contributes to `match_key`: "" or one character."""
    found = _KEY_CACHE.get(ch)
    if found is None:
        found = ""
        if ch.isalnum():
            lower = ch.lower()
            found = (lower if len(lower) == 1 else ch).translate(_TO_ASCII)
        _KEY_CACHE[ch] = found
    return found


def match_key(text: str) -> str:
    """The letters and digits of a text, lower case, superscript digits as digits: what a paragraph of the source
    and its printed lines have in common whatever the spacing, hyphenation, punctuation, bullets or footnote
    marks. One character of the key per letter or digit, NFC or NFD alike (combining marks are not letters)."""
    return "".join(map(key_char, text))


def key_length(text: str) -> int:
    return sum(1 for ch in text if key_char(ch))


def lead_of(line: str) -> str:
    """What a printed line shows before its first letter or digit ("-", "(", "“"), spaces left out."""
    lead = []
    for ch in line:
        if key_char(ch):
            break
        if not ch.isspace():
            lead.append(ch)
    return "".join(lead)


def key_to_offset(text: str, key_offset: int, lead: str = "") -> int:
    """The offset in `text` where a printed line starts whose first letter or digit is the key's
    `key_offset`-th and which prints `lead` before it ("-", "(", "“"): the lead when `text` has it there, else
    just after the last whitespace before that letter or digit (an opening bracket belongs to its line), else
    the letter itself."""
    if key_offset <= 0:
        return 0
    seen = 0
    previous = -1
    for index, ch in enumerate(text):
        if not key_char(ch):
            continue
        if seen == key_offset:
            return _line_start(text, previous, index, "".join(lead.split()))
        seen, previous = seen + 1, index
    return len(text)


def _line_start(text: str, previous: int, index: int, lead: str) -> int:
    start, wanted = index, len(lead)
    while wanted and start - 1 > previous:
        start -= 1
        if text[start].isspace():
            continue
        if text[start] != lead[wanted - 1]:
            break
        wanted -= 1
    if lead and not wanted:
        return start
    space = next((i for i in range(index - 1, previous, -1) if text[i].isspace()), None)
    return index if space is None else space + 1


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
