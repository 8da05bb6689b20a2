"""The summary as a party document (DOCX): A4, Times New Roman 13–14 pt, the header block, "BÁO CÁO" and its
subject, the three parts, "Nơi nhận" and the signature block, the stance chart and an appendix of participation.
"""

from __future__ import annotations

import io
from typing import Any

import docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from aggregation import fonts
from aggregation.layout import part1_blocks
from aggregation.model import CountRow, Quote, Summary, View, in_sentence, inline_quote
from core.messages import t
from core.text import clean

BODY = Pt(14)
SMALL = Pt(13)
CENTER, LEFT, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.JUSTIFY


def write_docx(summary: Summary, chart_png: bytes | None = None, plan_title: str = "") -> bytes:
    doc = docx.Document()
    _page(doc)
    _styles(doc)
    _header_block(doc, summary)
    if plan_title:
        _para(doc, t("report.doc.intro", plan=plan_title), indent=True)
    _part1(doc, summary)
    _part2(doc, summary, chart_png)
    _part3(doc, summary)
    _closing(doc, summary)
    _appendix(doc, summary)
    fonts.enforce(doc, BODY)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# --- frame ---------------------------------------------------------------------------------------------


def _page(doc: Any) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(2)


def _styles(doc: Any) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = fonts.FONT
    normal.font.size = BODY
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    for level in range(1, 10):
        style = doc.styles[f"Heading {level}"]
        style.font.name = fonts.FONT
        style.font.size = BODY
        style.font.bold = True
        style.font.italic = level >= 4
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.space_before = Pt(6)
        style.paragraph_format.space_after = Pt(3)


def _run(par: Any, text: str, *, bold: bool = False, italic: bool = False, underline: bool = False,
         size: Any = BODY) -> Any:  # fmt: skip
    run = par.add_run(clean(text))  # every text goes through here or `_heading`: none can make the XML fail
    run.font.name = fonts.FONT
    run.font.size = size
    run.bold, run.italic, run.underline = bold or None, italic or None, underline or None
    return run


def _new_paragraph(container: Any) -> Any:
    """A paragraph at the end of the body or a cell. python-docx's `Document.add_paragraph` looks for the body's
    sectPr among all children on every call (quadratic: 30 s for 20,000 amendments); appending before it is O(1)."""
    if isinstance(container, DocxDocument):
        p = OxmlElement("w:p")
        container.element.body.sectPr.addprevious(p)
        return Paragraph(p, container._body)
    return container.add_paragraph()


def _heading(doc: Any, text: str, level: int) -> None:
    par = _new_paragraph(doc)
    par.style = doc.styles[f"Heading {level}"]
    par.add_run(clean(text))


def _para(container: Any, text: str = "", *, align: Any = JUSTIFY, indent: bool = False, after: int = 6,
          **run: Any) -> Any:  # fmt: skip
    par = _new_paragraph(container)
    par.alignment = align
    fmt = par.paragraph_format
    fmt.space_after = Pt(after)
    if indent:
        fmt.first_line_indent = Cm(1)
    if text:
        _run(par, text, **run)
    return par


def _no_borders(table: Any) -> None:
    props = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    props.append(borders)


def _two_columns(doc: Any, left: float, right: float) -> tuple[Any, Any]:
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _no_borders(table)
    cells = table.rows[0].cells
    for cell, width in zip(cells, (left, right), strict=True):
        cell.width = Cm(width)
        cell.paragraphs[0]._element.getparent().remove(cell.paragraphs[0]._element)
    return cells[0], cells[1]


def _header_block(doc: Any, summary: Summary) -> None:
    h = summary.header
    left, right = _two_columns(doc, 6, 10)
    _para(left, h.parent_organisation, align=CENTER, after=0, size=SMALL)
    _para(left, h.organisation, align=CENTER, after=0, bold=True, size=SMALL)
    _para(left, t("report.doc.star"), align=CENTER, after=0, size=SMALL)
    _para(left, h.number, align=CENTER, after=0, size=SMALL)
    _para(right, t("report.doc.party"), align=CENTER, after=6, bold=True, underline=True, size=SMALL)
    _para(right, h.place_date, align=CENTER, after=0, italic=True, size=SMALL)
    _para(doc, "", after=6)
    _para(doc, t("report.doc.title"), align=CENTER, after=0, bold=True)
    _para(doc, h.subject, align=CENTER, after=0, bold=True)
    _para(doc, h.scope_line, align=CENTER, after=12, italic=True, size=SMALL)


def _closing(doc: Any, summary: Summary) -> None:
    h = summary.header
    _para(doc, "", after=0)
    left, right = _two_columns(doc, 7, 9)
    _para(left, t("report.doc.recipients"), align=LEFT, after=0, bold=True, italic=True, size=SMALL)
    for name in h.recipients:
        _para(left, f"- {name}", align=LEFT, after=0, size=SMALL)
    _para(right, h.signer_on_behalf, align=CENTER, after=0, bold=True)
    if h.signer_title:
        _para(right, h.signer_title, align=CENTER, after=0, bold=True)
    for _ in range(4):
        _para(right, "", after=0)
    if h.signer_name:
        _para(right, h.signer_name, align=CENTER, after=0, bold=True)


# --- the three parts -----------------------------------------------------------------------------------


def _part1(doc: Any, summary: Summary) -> None:
    _heading(doc, t("report.heading.part1"), level=1)
    for block in part1_blocks(summary.part1):
        if isinstance(block, View):
            _view(doc, block)
        else:
            _para(doc, block, indent=True)


def _part2(doc: Any, summary: Summary, chart_png: bytes | None) -> None:
    _heading(doc, t("report.heading.part2"), level=1)
    if chart_png:
        par = _para(doc, align=CENTER, after=0)
        par.add_run().add_picture(io.BytesIO(chart_png), width=Cm(16))
        _para(doc, t("report.doc.chart_caption"), align=CENTER, after=0 if len(summary.part2) > 1 else 6,
              italic=True, size=SMALL)  # fmt: skip
        if len(summary.part2) > 1:  # the chart's "Dự thảo 1 – …" prefixes, read against part 2's numbering
            items = "; ".join(t("report.doc.chart_document", n=n, title=part.title)
                              for n, part in enumerate(summary.part2, start=1))  # fmt: skip
            _para(doc, t("report.doc.chart_documents", items=items), align=CENTER, italic=True, size=SMALL)
    for n, part in enumerate(summary.part2, start=1):
        _heading(doc, t("report.heading.document", n=n, title=part.title), level=2)
        if not part.issues:
            _para(doc, t("report.part2.no_comments"), indent=True)
        for issue in part.issues:
            level = 3 if issue.kind != "section" else min(2 + issue.depth, 9)
            _heading(doc, issue.heading, level=level)
            for view in issue.views:
                _view(doc, view)


def _part3(doc: Any, summary: Summary) -> None:
    _heading(doc, t("report.heading.part3"), level=1)
    if not summary.part3:
        _para(doc, t("report.p3.none"), indent=True)
    for props in summary.part3:
        _para(doc, t("report.p3.document", title=in_sentence(props.document_title)), indent=True, bold=True)
        for view in props.views:
            _para(doc, inline_quote(view.sentence, view.quotes[0].text), indent=True)
        if props.more_groups:
            _para(doc, t("report.view.more", groups=props.more_groups, opinions=props.more_opinions), indent=True,
                  italic=True)  # fmt: skip


def _view(doc: Any, view: View) -> None:
    detail = view.quotes or view.amendments
    _para(doc, f"- {view.sentence}{':' if detail else '.'}", indent=True)
    if view.note:
        _para(doc, view.note, indent=True, italic=True)
    for quote in view.quotes:
        _para(doc, _quote(quote), indent=True)
    for item in view.amendments:
        par = _para(doc, f"+ {t('report.amend.item', location=item.location, wording=item.wording)}.", indent=True)
        for reason in item.reasons:
            _run(par, f" {t('report.amend.reason', reason=reason)}.")
        if item.opinions > 1:
            _run(par, f" {t('report.quote.count', n=item.opinions)}")
    if view.more_groups:
        _para(doc, t("report.view.more", groups=view.more_groups, opinions=view.more_opinions), indent=True,
              italic=True)  # fmt: skip


def _quote(quote: Quote) -> str:
    where = t("report.quote.paragraph", n=quote.paragraph_no) if quote.paragraph_no is not None else ""
    count = f" {t('report.quote.count', n=quote.opinions)}" if quote.opinions > 1 else ""
    return f"+ {where}“{quote.text}”{count}"


# --- appendix ------------------------------------------------------------------------------------------


def _appendix(doc: Any, summary: Summary) -> None:
    doc.add_section(WD_SECTION.NEW_PAGE)
    _para(doc, t("report.appendix.title"), align=CENTER, after=0, bold=True)
    _para(doc, t("report.appendix.subject"), align=CENTER, after=12, bold=True)
    p = summary.part1
    for key, rows in (("by_audience", p.by_audience), ("by_unit", p.by_unit), ("by_channel", p.by_channel),
                      ("by_source", p.by_source)):  # fmt: skip
        _para(doc, t(f"report.appendix.{key}"), align=LEFT, bold=True)
        _count_table(doc, rows)


def _count_table(doc: Any, rows: list[CountRow]) -> None:
    heads = ("report.col.group", "report.col.comments", "report.col.opinions", "report.col.participants")
    table = doc.add_table(rows=1, cols=4)
    table.style = doc.styles["Table Grid"]
    for cell, key in zip(table.rows[0].cells, heads, strict=True):
        _cell(cell, t(key), bold=True)
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, (row.label, row.comments, row.opinions, row.participants), strict=True):
            _cell(cell, str(value))
    total = table.add_row().cells
    sums = (
        t("report.col.total"),
        *(sum(getattr(r, f) for r in rows) for f in ("comments", "opinions", "participants")),
    )
    for cell, value in zip(total, sums, strict=True):
        _cell(cell, str(value), bold=True)
    _para(doc, "", after=6)


def _cell(cell: Any, text: str, bold: bool = False) -> None:
    par = cell.paragraphs[0]
    par.paragraph_format.space_after = Pt(0)
    _run(par, text, bold=bold, size=SMALL)
