"""Word list numbering: the label Word renders in front of a numbered paragraph ("II.", "2.1.", "(7)").

Offices number headings and items with Word lists, so the label is not in the paragraph text; it lives in
numbering.xml (w:num → w:abstractNum → w:lvl) and in counters that only exist while Word lays the document out.
`Numbering.label(p)` replays those counters in document order, so it must see every paragraph once, in order.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree

from drafts.docx_parts import related_xml

_VAL = qn("w:val")
_ILVL, _NUM_ID = qn("w:ilvl"), qn("w:numId")
_MAX_LEVELS = 9


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = ""
    start: int = 1
    restart: int | None = None  # w:lvlRestart: restart after a use of levels < restart only; 0 never
    legal: bool = False  # w:isLgl: referenced levels render as decimal
    suffix: str = " "  # w:suff: tab (default) and space both read as a space; "nothing" as ""
    style: str | None = None  # w:pStyle: the paragraph style this level is linked to


@dataclass
class _List:
    """A w:num: its abstract levels, with any w:lvlOverride applied; `key` names its counter set."""

    key: str
    levels: dict[int, _Level]


def _int(element: etree._Element | None, default: int | None = None) -> int | None:
    if element is None:
        return default
    try:
        return int(element.get(_VAL, ""))
    except ValueError:
        return default


def _val(parent: etree._Element, tag: str) -> str | None:
    child = parent.find(qn(tag))
    return None if child is None else child.get(_VAL)


def _level(lvl: etree._Element, base: _Level | None = None) -> _Level:
    level = _Level() if base is None else _Level(**base.__dict__)
    level.fmt = _val(lvl, "w:numFmt") or level.fmt
    text = lvl.find(qn("w:lvlText"))
    if text is not None:
        level.text = text.get(_VAL, "")
    level.start = _int(lvl.find(qn("w:start")), level.start) or 0
    level.restart = _int(lvl.find(qn("w:lvlRestart")), level.restart)
    legal = lvl.find(qn("w:isLgl"))
    if legal is not None:
        level.legal = legal.get(_VAL, "true") not in ("0", "false", "off")
    suffix = _val(lvl, "w:suff")
    if suffix is not None:
        level.suffix = "" if suffix == "nothing" else " "
    level.style = _val(lvl, "w:pStyle") or level.style
    return level


def _roman(number: int) -> str:
    out = ""
    for value, letters in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while number >= value:
            out, number = out + letters, number - value
    return out


def _letter(number: int) -> str:
    """Word's letters: a … z, then aa … zz (repeated, not bijective base 26)."""
    if number < 1:
        return ""
    return chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)


def format_number(number: int, fmt: str) -> str:
    if fmt == "upperRoman":
        return _roman(number)
    if fmt == "lowerRoman":
        return _roman(number).lower()
    if fmt == "upperLetter":
        return _letter(number).upper()
    if fmt == "lowerLetter":
        return _letter(number)
    if fmt == "decimalZero":
        return f"{number:02d}"
    return str(number)  # decimal and the formats a Vietnamese draft does not use


class Numbering:
    """Counters of a document's lists. Built once per document; `label` is called for each paragraph in order."""

    def __init__(self, document: object) -> None:
        part = document.part  # type: ignore[attr-defined]
        self._styles = _style_numbering(related_xml(part, RT.STYLES))
        numbering = related_xml(part, RT.NUMBERING)
        self._lists: dict[str, _List] = {}
        self._counters: dict[str, list[int | None]] = {}
        if numbering is not None:
            self._load(numbering)

    def _load(self, root: etree._Element) -> None:
        abstracts: dict[str, etree._Element] = {
            a.get(qn("w:abstractNumId"), ""): a for a in root.iter(qn("w:abstractNum"))
        }
        nums = {n.get(qn("w:numId"), ""): n for n in root.iter(qn("w:num"))}
        for num_id, num in nums.items():
            abstract_id = _val(num, "w:abstractNumId") or ""
            abstract = abstracts.get(abstract_id)
            # A list style (w:numStyleLink) holds no levels: they are in the list its style points to.
            link = None if abstract is None else _val(abstract, "w:numStyleLink")
            if link is not None and link in self._styles and self._styles[link][0] in nums:
                abstract_id = _val(nums[self._styles[link][0]], "w:abstractNumId") or ""
                abstract = abstracts.get(abstract_id)
            levels: dict[int, _Level] = {}
            if abstract is not None:
                for lvl in abstract.iter(qn("w:lvl")):
                    levels[int(lvl.get(_ILVL, "0"))] = _level(lvl)
            for override in num.iter(qn("w:lvlOverride")):
                ilvl = int(override.get(_ILVL, "0"))
                replacement = override.find(qn("w:lvl"))
                if replacement is not None:
                    levels[ilvl] = _level(replacement, levels.get(ilvl))
                start = _int(override.find(qn("w:startOverride")))
                if start is not None:
                    levels[ilvl] = _Level(**levels.get(ilvl, _Level()).__dict__)
                    levels[ilvl].start = start
            # Lists of one abstract definition share counters (numbering continues from one to the next);
            # a list that overrides its levels ("restart numbering") counts on its own.
            key = f"num:{num_id}" if num.find(qn("w:lvlOverride")) is not None else f"abstract:{abstract_id}"
            self._lists[num_id] = _List(key, levels)

    def label(self, paragraph: etree._Element) -> str | None:
        """The rendered label of a paragraph followed by its separator ("II. "), or None; advances counters."""
        found = self._reference(paragraph)
        if found is None:
            return None
        num_id, ilvl = found
        numbered = self._lists.get(num_id)
        if numbered is None or ilvl not in numbered.levels:
            return None
        counters = self._counters.setdefault(numbered.key, [None] * _MAX_LEVELS)
        level = numbered.levels[ilvl]
        current = counters[ilvl]
        counters[ilvl] = level.start if current is None else current + 1
        for deeper in range(ilvl + 1, _MAX_LEVELS):
            restart = numbered.levels[deeper].restart if deeper in numbered.levels else None
            if restart is None or (restart != 0 and ilvl < restart):
                counters[deeper] = None
        if level.fmt == "none":
            return None
        if level.fmt == "bullet":
            return "- "
        text = level.text
        for index in range(_MAX_LEVELS - 1, -1, -1):  # %10 does not exist; go down so "%1" never eats "%1x"
            placeholder = f"%{index + 1}"
            if placeholder not in text:
                continue
            other = numbered.levels.get(index, _Level())
            value = counters[index] if counters[index] is not None else other.start
            fmt = "decimal" if level.legal and other.fmt != "decimalZero" else other.fmt
            text = text.replace(placeholder, format_number(value or 0, fmt))
        text = text.strip()
        return f"{text}{level.suffix}" if text else None

    def _reference(self, paragraph: etree._Element) -> tuple[str, int] | None:
        """(numId, ilvl) from the paragraph's own w:numPr, else from its style (and the style's ancestors)."""
        properties = paragraph.find(qn("w:pPr"))
        num_id: str | None = None
        ilvl: int | None = None
        style_id = None
        if properties is not None:
            style_id = _val(properties, "w:pStyle")
            num_pr = properties.find(qn("w:numPr"))
            if num_pr is not None:
                num_id = _val(num_pr, "w:numId")
                ilvl = _int(num_pr.find(_ILVL))
        if style_id is not None and style_id in self._styles:
            style_num, style_ilvl = self._styles[style_id]
            num_id = num_id if num_id is not None else style_num
            ilvl = ilvl if ilvl is not None else style_ilvl
        if num_id is None or num_id == "0":  # numId 0: numbering explicitly removed
            return None
        if ilvl is None:  # a style linked to a list: its level is the one that names the style
            numbered = self._lists.get(num_id)
            levels = numbered.levels.items() if numbered is not None else []
            ilvl = next((i for i, level in levels if style_id is not None and level.style == style_id), 0)
        return num_id, ilvl


def _style_numbering(styles: etree._Element | None) -> dict[str, tuple[str, int | None]]:
    """styleId → (numId, ilvl or None) for paragraph styles that carry numbering, directly or via w:basedOn."""
    if styles is None:
        return {}
    own: dict[str, tuple[str | None, int | None]] = {}
    parent: dict[str, str] = {}
    for style in styles.iter(qn("w:style")):
        style_id = style.get(qn("w:styleId"), "")
        based_on = _val(style, "w:basedOn")
        if based_on:
            parent[style_id] = based_on
        num_pr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        if num_pr is not None:
            own[style_id] = (_val(num_pr, "w:numId"), _int(num_pr.find(_ILVL)))
    resolved: dict[str, tuple[str, int | None]] = {}
    for style_id in {*own, *parent}:
        num_id: str | None = None
        ilvl: int | None = None
        current: str | None = style_id
        seen: set[str] = set()
        while current is not None and current not in seen and (num_id is None or ilvl is None):
            seen.add(current)
            if current in own:
                num_id = num_id if num_id is not None else own[current][0]
                ilvl = ilvl if ilvl is not None else own[current][1]
            current = parent.get(current)
        if num_id is not None:
            resolved[style_id] = (num_id, ilvl)
    return resolved
