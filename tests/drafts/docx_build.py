"""Test helpers for what python-docx cannot write: list numbering definitions and real footnotes.

Numbering goes into the numbering part the default template already has; footnotes get their own part
(word/footnotes.xml) and relationship, written with lxml the way Word stores them.
"""

from __future__ import annotations

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import nsmap, qn
from docx.text.paragraph import Paragraph
from lxml import etree

W = nsmap["w"]
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def _el(tag: str, **attrs: str) -> etree._Element:
    element = OxmlElement(tag)
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), value)
    return element


def _child(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    element = _el(tag, **attrs)
    parent.append(element)
    return element


def level(ilvl: int, fmt: str, text: str, start: int = 1, **extra: str) -> etree._Element:
    """A w:lvl. extra: restart (w:lvlRestart), suff (w:suff), style (w:pStyle)."""
    lvl = _el("w:lvl", ilvl=str(ilvl))
    _child(lvl, "w:start", val=str(start))
    _child(lvl, "w:numFmt", val=fmt)
    if "restart" in extra:
        _child(lvl, "w:lvlRestart", val=extra["restart"])
    if "style" in extra:
        _child(lvl, "w:pStyle", val=extra["style"])
    if "suff" in extra:
        _child(lvl, "w:suff", val=extra["suff"])
    _child(lvl, "w:lvlText", val=text)
    return lvl


def add_abstract(document: Document, abstract_id: int, levels: list[etree._Element]) -> None:
    numbering = document.part.numbering_part.element
    abstract = _el("w:abstractNum", abstractNumId=str(abstract_id))
    _child(abstract, "w:multiLevelType", val="multilevel" if len(levels) > 1 else "singleLevel")
    for lvl in levels:
        abstract.append(lvl)
    first_num = numbering.find(qn("w:num"))  # the schema wants every abstractNum before the first num
    if first_num is None:
        numbering.append(abstract)
    else:
        first_num.addprevious(abstract)


def add_num(document: Document, num_id: int, abstract_id: int, starts: dict[int, int] | None = None) -> None:
    """A w:num of an abstract definition; `starts` gives w:startOverride per level ("restart numbering")."""
    num = _child(document.part.numbering_part.element, "w:num", numId=str(num_id))
    _child(num, "w:abstractNumId", val=str(abstract_id))
    for ilvl, start in (starts or {}).items():
        override = _child(num, "w:lvlOverride", ilvl=str(ilvl))
        _child(override, "w:startOverride", val=str(start))


def _num_pr(num_id: int, ilvl: int | None) -> etree._Element:
    num_pr = _el("w:numPr")
    if ilvl is not None:
        _child(num_pr, "w:ilvl", val=str(ilvl))
    _child(num_pr, "w:numId", val=str(num_id))
    return num_pr


def number(paragraph: Paragraph, num_id: int, ilvl: int | None = 0) -> None:
    """Give a paragraph direct list numbering (w:pPr/w:numPr)."""
    paragraph._p.get_or_add_pPr().insert_element_before(
        _num_pr(num_id, ilvl), "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc"
    )


def number_style(document: Document, style_name: str, num_id: int, ilvl: int | None = None) -> None:
    """Link a paragraph style to a list, as Word does for "Heading 1" in a multi-level heading list."""
    ppr = document.styles[style_name].element.get_or_add_pPr()
    ppr.insert(0, _num_pr(num_id, ilvl))


def add_footnotes(document: Document, notes: dict[int, str | list[str]], size: float | None = None) -> None:
    """A footnotes part with Word's separator notes (ids -1 and 0) and `notes` (id → text, or paragraphs).

    `size` (points): set the notes as Word's "Footnote Text" does, smaller than the body, each note's own mark
    raised as a superscript; None leaves the text unstyled."""
    root = etree.Element(qn("w:footnotes"), nsmap={"w": W})
    for note_id, kind in ((-1, "separator"), (0, "continuationSeparator")):
        note = etree.SubElement(root, qn("w:footnote"), {qn("w:type"): kind, qn("w:id"): str(note_id)})
        etree.SubElement(etree.SubElement(etree.SubElement(note, qn("w:p")), qn("w:r")), qn(f"w:{kind}"))
    for note_id, text in notes.items():
        note = etree.SubElement(root, qn("w:footnote"), {qn("w:id"): str(note_id)})
        for index, chunk in enumerate([text] if isinstance(text, str) else text):
            p = etree.SubElement(note, qn("w:p"))
            if index == 0:  # Word starts a note with its own mark (w:footnoteRef), then a space
                mark = etree.SubElement(p, qn("w:r"))
                _run_size(mark, size, superscript=True)
                etree.SubElement(mark, qn("w:footnoteRef"))
                chunk = f" {chunk}"
            run = etree.SubElement(p, qn("w:r"))
            _run_size(run, size)
            t = etree.SubElement(run, qn("w:t"))
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            t.text = chunk
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_CT, blob, document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)


def _run_size(run: etree._Element, size: float | None, superscript: bool = False) -> None:
    if size is None:
        return
    properties = etree.SubElement(run, qn("w:rPr"))
    etree.SubElement(properties, qn("w:sz"), {qn("w:val"): str(round(size * 2))})  # the schema's order
    if superscript:
        etree.SubElement(properties, qn("w:vertAlign"), {qn("w:val"): "superscript"})


def footnote_reference(paragraph: Paragraph, note_id: int, custom_mark: str | None = None) -> None:
    """A superscript footnote reference at the end of the paragraph; a custom mark is printed after it."""
    run = paragraph.add_run()
    run.font.superscript = True
    ref = _el("w:footnoteReference", id=str(note_id))
    if custom_mark is not None:
        ref.set(qn("w:customMarkFollows"), "1")
    run._r.append(ref)
    if custom_mark is not None:
        run._r.append(_el("w:t"))
        run._r[-1].text = custom_mark
