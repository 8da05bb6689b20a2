"""Test helpers: locate the seed draft and rebuild it as a DOCX the way an office would have typed it."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Cm, Pt

SEED_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "seed"
SEED_FILE = SEED_DIR / "000_dc27f02452790365.txt"
EXPECTED_FILE = SEED_DIR / "expected-outline.txt"
DRAFT_FIRST, DRAFT_LAST = 206, 1081  # 1-based, inclusive: the draft and its appendices

_SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_HEADER_START = re.compile(r"^\**(ĐẠI HỘI ĐẠI BI|ĐẢNG BỘ PHƯỜNG)")


def seed_lines() -> list[str]:
    return SEED_FILE.read_text(encoding="utf-8").splitlines()


def draft_text() -> str:
    return "\n".join(seed_lines()[DRAFT_FIRST - 1 : DRAFT_LAST])


def expected_outline() -> list[tuple[int, str, str]]:
    """(depth, label, title start) per node of expected-outline.txt."""
    nodes = []
    for raw in EXPECTED_FILE.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        depth = (len(raw) - len(raw.lstrip(" "))) // 2
        label, title = (part.strip() for part in raw.strip().split("|", 1))
        nodes.append((depth, label, title))
    return nodes


def build_seed_docx(path: Path) -> dict[str, int]:
    """Write the seed draft as a DOCX: one paragraph per text line, tab rows as real tables, a page break
    after each footnote block and before each repeated page header, appendices in a landscape section.

    Returns the number of explicit page breaks written per kind, for assertions.
    """
    lines = seed_lines()[DRAFT_FIRST - 1 : DRAFT_LAST]
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2)
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(13)

    breaks = {"page": 0, "section": 0}
    rows: list[list[str]] = []
    in_footnotes = False
    in_appendix = False
    seen_text = False
    previous_header = False

    def flush_table() -> None:
        if not rows:
            return
        width = max(len(r) for r in rows)
        table = document.add_table(rows=len(rows), cols=width)
        table.style = "Table Grid"
        for row, cells in zip(table.rows, rows, strict=True):
            for cell, value in zip(row.cells, cells, strict=False):  # row.cells once: cell(r, c) is slow
                cell.text = value
                for run in cell.paragraphs[0].runs:
                    run.font.size = Pt(9)
        rows.clear()

    for line in lines:
        if "\t" in line:
            rows.append(line.rstrip("\n").split("\t"))
            continue
        flush_table()
        text = line.strip()
        if not text:
            continue
        is_footnote = text[0] in _SUPERSCRIPT
        if in_footnotes and not is_footnote:
            document.add_page_break()
            breaks["page"] += 1
        in_footnotes = is_footnote
        header = bool(_HEADER_START.match(text))
        if header and seen_text and not previous_header:
            if text.startswith(("**", "ĐẠI")) and not in_appendix:
                new = document.add_section(WD_SECTION.NEW_PAGE)
                new.orientation = WD_ORIENT.LANDSCAPE
                new.page_width, new.page_height = Cm(29.7), Cm(21)
                breaks["section"] += 1
                in_appendix = True
            else:
                document.add_page_break()
                breaks["page"] += 1
        elif text == "Phần thứ hai":
            document.add_page_break()
            breaks["page"] += 1
        seen_text = True
        previous_header = header
        paragraph = document.add_paragraph(text)
        fmt = paragraph.paragraph_format
        fmt.space_after = Pt(6)
        if is_footnote:
            paragraph.runs[0].font.size = Pt(10)
        elif len(text) > 120:
            fmt.first_line_indent = Cm(1)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    flush_table()
    for part in document.sections:
        _running_header_and_footer(part)
    document.save(str(path))
    return breaks


def _running_header_and_footer(section: Section) -> None:
    """A running header line and a page-number footer (a PAGE field), as offices print them."""
    section.header.is_linked_to_previous = False
    section.header.paragraphs[0].text = "Dự thảo Báo cáo chính trị"
    section.footer.is_linked_to_previous = False
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    footer._p.append(field)


def soffice_pdf(path: Path, out: Path) -> Path:
    """Render a DOCX to PDF with LibreOffice (skips the test when it is not installed)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: cannot render the DOCX to PDF")
    profile = out / "profile"  # a private profile: no clash with another running LibreOffice
    command = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf"]
    subprocess.run([*command, "--outdir", str(out), str(path)], check=True, capture_output=True, timeout=120)
    return out / f"{path.stem}.pdf"
