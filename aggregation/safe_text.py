"""What a report may print of what people typed: text every format can hold, and personal data masked.

`core.text.clean` (the same the way in applies) is applied again by each writer (DOCX, XLSX, chart, digest, text)
where it writes, so no comment, draft title, unit name or meeting record can make a report fail: XML 1.0 refuses
control characters and U+FFFE/U+FFFF, UTF-8 and matplotlib a lone surrogate.

`mask` replaces phone numbers, e-mail addresses and ID numbers (CMND 9 digits, CCCD 12) a commenter typed by a
label ("[số điện thoại]", "[email]", "[số định danh]"), for the summary's quotations and the XLSX; on by default,
the plan may turn it off (`consultation.report.mask_personal_data: false`). Years, dates, percentages, amounts and
paragraph numbers stay: a phone starts with 0 or +84/84, an ID is 9 or 12 digits standing alone (not part of a
longer number, a decimal or an amount).
"""

from __future__ import annotations

import re

import pandas as pd

from core.messages import t
from core.text import clean

# --- clean (core.text.clean, over a column) ---------------------------------------------------------


def clean_series(values: pd.Series) -> pd.Series:
    """`clean` over a column of strings (the XLSX writes a million comments: the check is one regex a cell)."""
    return values.map(clean)


# --- mask ----------------------------------------------------------------------------------------------

_S = r"(?:[ .\-]|\)[ ]?)?"  # between digits: one space, dot or hyphen, or the ")" closing an area code
_NSN = rf"(?:[35789](?:{_S}\d){{8}}|[12](?:{_S}\d){{9}})"  # after 0 or 84: a mobile (9 digits), a landline (10)
_BEFORE = r"(?<!\d)(?<!\d[.,])"  # not the end of a longer number or of a decimal
_AFTER = r"(?!\d)(?![.,]\d)"
# A count or an amount is not an ID: a unit follows it.
_NOT_AMOUNT = (
    r"(?![ ]?(?:%|đ|vnđ|vnd|đồng|usd|tỷ|triệu|nghìn|ngàn|người|lượt|hộ|khẩu|m2|m²|ha|km|tấn|kg|con|cây|học sinh"
    r"|lao động|suất|việc làm)(?!\w))"
)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_NUMBER = re.compile(
    rf"""
    (?=[\d+(])  # first: lets the regex engine skip every other character fast (4x)
    {_BEFORE}(?P<phone>
        (?:(?:\((?:\+|00)84\)|(?:\+|00)[ ]?84){_S}(?:\(0\)[ ]?|0{_S})?  # +84 912…, (+84) 912…, +84 (0) 912…
          | 84(?=\d{{9}}(?!\d))  # 84912345678
          | (?:\(0(?=\d{{1,3}}\))|0{_S})  # 0912…, (024) 3825…
        ){_NSN}
      ){_AFTER}
    | (?=\d){_BEFORE}(?P<id>
        (?:\d{{12}}|(?!\d{{6}}000(?!\d))\d{{9}}){_NOT_AMOUNT}  # a round 9-digit figure ("250000000") is a count
        | 0\d{{2}}(?:[ .]\d{{3}}){{3}} | 0\d{{3}}(?:[ .]\d{{4}}){{2}} | 0\d{{2}}(?:[ .]\d{{3}}){{2}}
      ){_AFTER}
    """,
    re.VERBOSE | re.IGNORECASE,
)
_DIGITS = re.compile(r"\d[\d .\-()]{8,}")  # every phone or ID number has at least nine digits: the cheap test first
_LABELS = {"phone": "report.mask.phone", "id": "report.mask.id"}


def _label(match: re.Match[str]) -> str:
    return t(_LABELS[match.lastgroup or "id"])


def mask(text: str) -> str:
    """`text` with phone numbers, e-mail addresses and 9- or 12-digit ID numbers replaced by a label."""
    if "@" in text:
        email = t("report.mask.email")
        text = _EMAIL.sub(lambda _: email, text)
    if _DIGITS.search(text):
        text = _NUMBER.sub(_label, text)
    return text


def mask_series(values: pd.Series) -> pd.Series:
    """`mask` over a column, once per distinct text; missing values stay missing."""
    present = values.notna()
    if not present.any():
        return values
    texts = values[present].astype(str)
    out = values.astype(object).copy()
    out[present] = texts.map({text: mask(text) for text in texts.unique()})
    return out
