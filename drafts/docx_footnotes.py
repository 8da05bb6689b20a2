"""Real Word footnotes (word/footnotes.xml): their texts, and the mark each reference prints in the body.

A footnote's text is not in the body; the body only holds a w:footnoteReference. Word prints the footnote's
ordinal among auto-numbered references (document order, from 1), or the custom mark that follows the reference
(w:customMarkFollows) in the body text itself.
"""

from __future__ import annotations

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import nsmap, qn
from lxml import etree

from drafts.docx_parts import related_xml
from drafts.text import SUPERSCRIPT_DIGITS

FOOTNOTE_REFERENCE = qn("w:footnoteReference")
_ID, _TYPE, _CUSTOM = qn("w:id"), qn("w:type"), qn("w:customMarkFollows")
_T, _TAB, _BR, _CR = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
_SUPERSCRIPT = str.maketrans("0123456789", SUPERSCRIPT_DIGITS)
_NEXT_TEXT = etree.XPath("following::w:t[1]", namespaces={"w": nsmap["w"]})


class Footnotes:
    """The footnotes of one document; `reference` is called for each reference in document order."""

    def __init__(self, document: object) -> None:
        root = related_xml(document.part, RT.FOOTNOTES)  # type: ignore[attr-defined]
        self._texts: dict[str, str] = {}
        self._number = 0
        if root is None:
            return
        for note in root.iter(qn("w:footnote")):
            if note.get(_TYPE) in ("separator", "continuationSeparator", "continuationNotice"):
                continue  # the rule above the footnote area, not a note
            text = " ".join(" ".join(_text(p) for p in note.iter(qn("w:p"))).split())
            self._texts[note.get(_ID, "")] = text

    def reference(self, element: etree._Element) -> tuple[str, str, str]:
        """(mark, text, what the body prints at the reference) for a w:footnoteReference."""
        text = self._texts.get(element.get(_ID, ""), "")
        if element.get(_CUSTOM) in ("1", "true", "on"):
            following = _NEXT_TEXT(element)
            mark = (following[0].text or "").strip() if following else ""
            return mark, text, ""  # the custom mark is printed by the body's own text
        self._number += 1
        return str(self._number), text, str(self._number).translate(_SUPERSCRIPT)


def _text(paragraph: etree._Element) -> str:
    parts = []
    for element in paragraph.iter(_T, _TAB, _BR, _CR):
        parts.append(element.text or "" if element.tag == _T else " ")
    return "".join(parts)
