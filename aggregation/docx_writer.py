"""The summary as a party document (DOCX), in the format of Hướng dẫn 36-HD/VPTW (2018) of the Party Central
Office: A4, margins 20/20/30/15 mm, Times New Roman; the header block ("ĐẢNG CỘNG SẢN VIỆT NAM" 15 bold and
underlined, the superior body 14, the issuing body 14 bold, "*", the number 14, place and date 14 italic); "BÁO CÁO"
16 bold and its subject 14 bold over "-----"; the body 14; "./." closing the text; "Nơi nhận" (underlined, 14) with
its recipients (12, each ending with ",", the last, "Lưu …", with "."); the signature block ("T/M BAN THƯỜNG VỤ"
14 bold, the title 14, the name 14 bold, a visible blank for what the plan does not give); page numbers in arabic
numerals, 14, top centre, from page 2; the stance chart; an appendix of participation. README "Party format
(HD 36)" gives each rule and its source; tests/aggregation/test_party_format.py checks every one.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any

import docx
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from aggregation import fonts
from aggregation.layout import part1_blocks
from aggregation.model import (
    CountRow,
    Summary,
    View,
    amendment_line,
    end_of_text,
    in_sentence,
    inline_quote,
    quote_line,
    view_line,
)
from core.messages import t
from core.text import clean

BODY = Pt(14)  # the text, the header block's names, number, place and date, the signature (HD 36: 14–15, 14)
PARTY = Pt(15)  # "ĐẢNG CỘNG SẢN VIỆT NAM"
TITLE = Pt(16)  # "BÁO CÁO" (15–16)
RECIPIENTS = Pt(12)  # the recipients under "Nơi nhận"
SMALL = Pt(13)  # tables and the chart's caption
PAGE = {"width": Cm(21), "height": Cm(29.7), "top": Cm(2), "bottom": Cm(2), "left": Cm(3), "right": Cm(1.5),
        "header": Cm(1)}  # fmt: skip  # the page number 10 mm from the top edge
TEXT_WIDTH = 21 - 3 - 1.5  # cm
CENTER, LEFT, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.JUSTIFY


def write_docx(summary: Summary, chart_png: bytes | None = None, now: datetime | None = None) -> bytes:
    doc = docx.Document()
    _page(doc)
    _styles(doc)
    _properties(doc, summary, now or datetime.now(UTC))
    _header_block(doc, summary)
    _para(doc, summary.header.intro, indent=True)
    _part1(doc, summary)
    _part2(doc, summary, chart_png)
    last = _part3(doc, summary)
    _end_of_text(last)
    _closing(doc, summary)
    _appendix(doc, summary)
    fonts.enforce(doc, BODY)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# --- frame ---------------------------------------------------------------------------------------------


def _page(doc: Any) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = PAGE["width"], PAGE["height"]
    section.top_margin, section.bottom_margin = PAGE["top"], PAGE["bottom"]
    section.left_margin, section.right_margin = PAGE["left"], PAGE["right"]
    section.header_distance = PAGE["header"]
    # From page 2: the first page has a header of its own, empty; the others the page number.
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    header = section.header
    header.is_linked_to_previous = False
    par = header.paragraphs[0]
    par.alignment = CENTER
    _page_field(par)


def _page_field(par: Any) -> None:
    """A PAGE field (arabic numerals, 14 pt, upright): begin, instruction, separate, "1", end."""

    def run(child: Any) -> None:
        r = OxmlElement("w:r")
        rpr = OxmlElement("w:rPr")
        fonts.set_rfonts(rpr)
        size = OxmlElement("w:sz")
        size.set(qn("w:val"), str(int(BODY.pt * 2)))
        rpr.append(size)
        r.append(rpr)
        r.append(child)
        par._p.append(r)

    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == " PAGE ":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        else:
            element = OxmlElement("w:t")
            element.text = text
        run(element)


def _styles(doc: Any) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = fonts.FONT
    normal.font.size = BODY
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    normal.paragraph_format.widow_control = True
    for level in range(1, 10):
        style = doc.styles[f"Heading {level}"]
        style.font.name = fonts.FONT
        style.font.size = BODY
        style.font.bold = True
        style.font.italic = level >= 4
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.space_before = Pt(6)
        style.paragraph_format.space_after = Pt(3)
        style.paragraph_format.keep_with_next = True  # a heading never ends a page


def _properties(doc: Any, summary: Summary, now: datetime) -> None:
    """Title, author = the issuing body, created and modified now (python-docx's template says "python-docx",
    2013)."""
    h, props = summary.header, doc.core_properties
    stamp = now.astimezone(UTC).replace(tzinfo=None, microsecond=0)  # core.xml holds UTC ("…Z")
    props.title = clean(f"{t('report.doc.title')} {h.subject}")
    props.subject = clean(h.subject)
    props.author = props.last_modified_by = clean(h.organisation)
    props.created = props.modified = stamp
    props.revision = 1
    props.comments = props.keywords = props.category = props.content_status = ""
    props.language = "vi-VN"


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


def _heading(doc: Any, text: str, level: int, *, quoted: bool = False) -> None:
    """A heading of the report; `quoted`: a draft's own section named as a reference ("Mục II “…”"), in italic
    and not bold, so that the draft's "II." never reads as the report's own part II."""
    par = _new_paragraph(doc)
    par.style = doc.styles[f"Heading {level}"]
    run = par.add_run(clean(text))
    if quoted:
        run.bold, run.italic = False, True


def _para(container: Any, text: str = "", *, align: Any = JUSTIFY, indent: bool = False, after: int = 6,
          **run: Any) -> Any:  # fmt: skip
    par = _new_paragraph(container)
    par.alignment = align
    fmt = par.paragraph_format
    fmt.space_after = Pt(after)
    if indent:
        fmt.first_line_indent = Cm(1)
    if text.rstrip().endswith(":"):  # a lead-in stays on the page of what it introduces
        fmt.keep_with_next = True
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


def _grid(doc: Any, widths: tuple[float, float], rows: int = 1) -> list[tuple[Any, Any]]:
    """A borderless layout table (the header block, the closing block): its cells without their empty paragraph."""
    table = doc.add_table(rows=rows, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _no_borders(table)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)  # the grid, which LibreOffice lays out by
    out = []
    for row in table.rows:
        cells = row.cells
        for cell, width in zip(cells, widths, strict=True):
            cell.width = Cm(width)
            cell.paragraphs[0]._element.getparent().remove(cell.paragraphs[0]._element)
        out.append((cells[0], cells[1]))
    return out


def _header_block(doc: Any, summary: Summary) -> None:
    """Two rows, so that the number (left) and the place and date (right) stand on one line."""
    h = summary.header
    (left, right), (number, place) = _grid(doc, (7.5, TEXT_WIDTH - 7.5), rows=2)
    _para(left, h.parent_organisation.upper(), align=CENTER, after=0)
    _para(left, h.organisation.upper(), align=CENTER, after=0, bold=True)
    _para(left, t("report.doc.star"), align=CENTER, after=0)
    _para(right, t("report.doc.party"), align=CENTER, after=0, bold=True, underline=True, size=PARTY)
    _para(number, h.number, align=CENTER, after=0)
    _para(place, h.place_date, align=CENTER, after=0, italic=True)
    _para(doc, "", after=6)
    _para(doc, t("report.doc.title"), align=CENTER, after=0, bold=True, size=TITLE)
    _para(doc, h.subject, align=CENTER, after=0, bold=True)
    _para(doc, t("report.doc.subject_rule"), align=CENTER, after=0)
    _para(doc, h.scope_line, align=CENTER, after=12, italic=True)


def _end_of_text(par: Any) -> None:
    """ "./." after the text's last sentence (its own full stop becomes part of the mark)."""
    runs = par.runs
    if runs:
        runs[-1].text = end_of_text(runs[-1].text)
    else:
        _run(par, t("report.doc.end"))


def _closing(doc: Any, summary: Summary) -> None:
    h = summary.header
    _para(doc, "", after=0)
    ((left, right),) = _grid(doc, (7.0, TEXT_WIDTH - 7.0))
    heading = _para(left, "", align=LEFT, after=0)
    _run(heading, t("report.doc.recipients").rstrip(":"), underline=True)
    _run(heading, ":")
    for name in h.recipients:
        _para(left, f"- {name}", align=LEFT, after=0, size=RECIPIENTS)
    _para(right, h.signer_on_behalf.upper(), align=CENTER, after=0, bold=True)
    if h.signer_title_missing:  # a visible blank that says what is missing, for the signer to fill in
        _para(right, h.signer_title, align=CENTER, after=0, italic=True)
    else:
        _para(right, h.signer_title.upper(), align=CENTER, after=0)
    for _ in range(4):
        _para(right, "", after=0)
    if h.signer_name_missing:
        _para(right, h.signer_name, align=CENTER, after=0, italic=True)
    else:
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
        par.paragraph_format.keep_with_next = True  # the chart and its caption on one page
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
            _heading(doc, issue.heading, level=level, quoted=issue.kind == "section")
            for view in issue.views:
                _view(doc, view)


def _part3(doc: Any, summary: Summary) -> Any:
    """Part 3; returns its last paragraph (the end of the text)."""
    _heading(doc, t("report.heading.part3"), level=1)
    last = None
    if not summary.part3:
        last = _para(doc, t("report.p3.none"), indent=True)
    for props in summary.part3:
        last = _para(doc, t("report.p3.document", title=in_sentence(props.document_title)), indent=True, bold=True)
        for view in props.views:
            last = _para(doc, inline_quote(view.sentence, view.quotes[0].text), indent=True)
        if props.more_groups:
            last = _para(doc, t("report.view.more", groups=props.more_groups, opinions=props.more_opinions),
                         indent=True, italic=True)  # fmt: skip
    return last


def _view(doc: Any, view: View) -> None:
    _para(doc, view_line(view), indent=True)
    if view.note:
        _para(doc, view.note, indent=True, italic=True)
    for quote in view.quotes:
        _para(doc, quote_line(quote), indent=True)
    for item in view.amendments:
        _para(doc, amendment_line(item), indent=True)
    if view.more_groups:
        _para(doc, t("report.view.more", groups=view.more_groups, opinions=view.more_opinions), indent=True,
              italic=True)  # fmt: skip


# --- appendix ------------------------------------------------------------------------------------------


def _appendix(doc: Any, summary: Summary) -> None:
    """On a new page, by a page break on its title: no section break, so no empty paragraph that could spill onto
    a blank page of its own, and the page numbers run on."""
    title = _para(doc, t("report.appendix.title"), align=CENTER, after=0, bold=True)
    title.paragraph_format.page_break_before = True
    title.paragraph_format.keep_with_next = True
    _para(doc, t("report.appendix.subject"), align=CENTER, after=12, bold=True).paragraph_format.keep_with_next = True
    p = summary.part1
    for key, rows in (("by_audience", p.by_audience), ("by_unit", p.by_unit), ("by_channel", p.by_channel),
                      ("by_source", p.by_source)):  # fmt: skip
        _para(doc, t(f"report.appendix.{key}"), align=LEFT, bold=True).paragraph_format.keep_with_next = True
        _count_table(doc, rows, p.individuals)


def _count_table(doc: Any, rows: list[CountRow], people: int) -> None:
    """Counts by group and their total. The people of the total are the distinct people of the report (a person
    in two groups is one person), not the sum of the groups' distinct counts."""
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
    sums = (t("report.col.total"), sum(r.comments for r in rows), sum(r.opinions for r in rows), people)
    for cell, value in zip(total, sums, strict=True):
        _cell(cell, str(value), bold=True)
    _para(doc, "", after=6)


def _cell(cell: Any, text: str, bold: bool = False) -> None:
    par = cell.paragraphs[0]
    par.paragraph_format.space_after = Pt(0)
    _run(par, text, bold=bold, size=SMALL)
