"""Test helpers: drafts laid out the way an office prints them, for comparing a DOCX with its LibreOffice PDF.

`build_plan_docx` writes the ward's plan 02-KH/ĐU (seed lines 14–198) as a party document: A4, Times New Roman
14 pt, justified with a first-line indent, bold and italic runs inside justified lines ("**10**", "(*… gửi
sau*)."), "(n)" items, real Word footnotes (one of them long enough to run onto the next page), paragraphs cut by
page breaks: ~11 printed pages. These are what scrambled the words of the PDF text layer before (issue 13).
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

from tests.drafts.docx_build import add_footnotes, footnote_reference
from tests.drafts.seed_docs import seed_lines

PLAN_FIRST, PLAN_LAST = 14, 198  # 1-based, inclusive: "KẾ HOẠCH" … "Lưu VPĐU, BXDD."
_RUN = re.compile(r"(\*\*.+?\*\*|\*[^*]+?\*)")
# Real footnotes: (words of the paragraph the reference follows, note text).
PLAN_NOTES: list[tuple[str, str]] = [
    (
        "Thực hiện Chỉ thị số 45-CT/TW",
        "Chỉ thị số 45-CT/TW ngày 14/4/2025 của Bộ Chính trị về đại hội đảng bộ các cấp tiến tới Đại hội đại "
        "biểu toàn quốc lần thứ XIV của Đảng.",
    ),
    ("Tại Đại hội chi bộ trực thuộc", "Gồm 27 chi bộ trực thuộc Đảng bộ phường tại thời điểm ban hành Kế hoạch."),
    (
        "- *Mức độ ý kiến*",
        "Mức độ ý kiến tính trên tổng số ý kiến về cùng một vấn đề; ý kiến bằng văn bản được tính như ý kiến "
        "phát biểu trực tiếp; các ý kiến trùng nhau của cùng một người chỉ tính một lần; số liệu được thống kê "
        "theo từng hội nghị, từng chi bộ và từng tổ chức chính trị - xã hội, sau đó cộng dồn theo mẫu biểu "
        "thống nhất của Ban Tuyên giáo và Dân vận Tỉnh ủy để bảo đảm so sánh được giữa các đơn vị.",
    ),
]


def plan_paragraphs() -> list[str]:
    """The plan's paragraphs as the seed gives them (markup kept): blank-line separated, a title's hard line
    breaks joined, each line of a list of recipients its own paragraph."""
    chunks: list[list[str]] = [[]]
    for line in seed_lines()[PLAN_FIRST - 1 : PLAN_LAST]:
        if line.strip():
            chunks[-1].append(line.strip())
        elif chunks[-1]:
            chunks.append([])
    paragraphs: list[str] = []
    for chunk in chunks:
        if chunk and all(line.startswith("- ") for line in chunk):
            paragraphs.extend(chunk)
        elif chunk:
            paragraphs.append(" ".join(chunk))
    return paragraphs


def _add_runs(paragraph: Paragraph, text: str, size: float) -> None:
    for piece in _RUN.split(text):
        if not piece:
            continue
        bold, italic = piece.startswith("**") and piece.endswith("**"), False
        if bold:
            piece = piece[2:-2]
        elif piece.startswith("*") and piece.endswith("*") and len(piece) > 2:
            italic, piece = True, piece[1:-1]
        run = paragraph.add_run(piece)
        run.bold, run.italic = bold or None, italic or None
        run.font.size = Pt(size)


def build_plan_docx(path: Path) -> Path:
    """The plan as a party document (see the module docstring). Returns `path`."""
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "Times New Roman")
    normal.font.size = Pt(14)
    notes: dict[int, str | list[str]] = {}
    recipients = False
    for index, text in enumerate(plan_paragraphs()):
        paragraph = document.add_paragraph()
        fmt = paragraph.paragraph_format
        fmt.space_after = Pt(6)
        fmt.line_spacing = 1.15
        if index < 2:  # "KẾ HOẠCH" and its bold title
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _add_runs(paragraph, text if index else f"**{text}**", 14)
            continue
        recipients = recipients or text == "Nơi nhận:"
        if recipients:
            _add_runs(paragraph, text, 12)  # the recipients, left-aligned and smaller
            continue
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        fmt.first_line_indent = Cm(1.27)
        _add_runs(paragraph, text, 14)
        for start, note in PLAN_NOTES:
            if text.startswith(start):
                note_id = len(notes) + 1
                notes[note_id] = note
                footnote_reference(paragraph, note_id)
    add_footnotes(document, notes, size=12)
    document.save(str(path))
    return path
