"""Text, pages and lines as printed: a DOCX and its LibreOffice PDF read the same, justified text and all."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from drafts import Outline, Paragraph, parse_text, position_of, read_draft
from drafts.pdf_reader import pdf_lines
from drafts.pdf_text import Glyph, lines_from_glyphs
from tests.drafts.print_docs import build_plan_docx
from tests.drafts.seed_docs import soffice_pdf


@pytest.fixture(scope="module")
def plan_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("plan")
    docx_path = build_plan_docx(folder / "ke-hoach.docx")
    return docx_path, soffice_pdf(docx_path, folder)


@pytest.fixture(scope="module")
def plan_outlines(plan_files: tuple[Path, Path]) -> tuple[Outline, Outline]:
    return read_draft(plan_files[0]), read_draft(plan_files[1])


def _paragraphs(outline: Outline) -> list[Paragraph]:
    return [*outline.front_matter, *(p for section in outline.walk() for p in section.paragraphs)]


def test_docx_and_its_pdf_give_the_same_paragraphs_pages_and_lines(plan_outlines: tuple[Outline, Outline]) -> None:
    from_docx, from_pdf = plan_outlines
    assert from_docx.warnings == from_pdf.warnings == []
    mine, theirs = _paragraphs(from_docx), _paragraphs(from_pdf)
    assert len(mine) > 60
    assert [p.text for p in mine] == [p.text for p in theirs]
    assert [p.position for p in mine] == [p.position for p in theirs]
    assert [p.lines for p in mine] == [p.lines for p in theirs]
    pages = [p.position.page or 0 for p in mine]
    assert 0 not in pages and pages == sorted(pages) and pages[-1] >= 9
    notes = sorted(f.text for s in from_pdf.walk() for f in s.footnotes)
    assert notes == sorted(f.text for s in from_docx.walk() for f in s.footnotes) and len(notes) == 3


def test_justified_text_comes_out_as_printed(plan_outlines: tuple[Outline, Outline]) -> None:
    """The words and stops pypdf moved about (issue 13), bold and italic runs inside justified lines."""
    text = "\n".join(p.text for p in _paragraphs(plan_outlines[1]))
    assert "(hướng dẫn nội dung cần tập trung thảo luận sẽ được gửi sau)." in text
    assert "thời gian gửi báo cáo chậm nhất 10 ngày sau đại hội" in text
    assert "từ ngày 03/7/2025 đến ngày 25/7/2025." in text
    assert "xong trước ngày 25/7/2025." in text
    assert "- Thường trực Tỉnh ủy (báo cáo)," in text
    assert not re.search(r"\w\s+[.,;:)](\s|$)", text), re.findall(r".{20}\w\s+[.,;:)](?:\s|$)", text)
    assert "được).gửi" not in text and "chậm10nhất" not in text and "ngày.25" not in text


def test_position_of_gives_the_line_where_quoted_words_start(
    plan_files: tuple[Path, Path], plan_outlines: tuple[Outline, Outline]
) -> None:
    printed = {(line.page, line.number): line.text for page in pdf_lines(plan_files[1]) for line in page}
    long = [p for p in _paragraphs(plan_outlines[0]) if len(p.lines) >= 3]
    assert len(long) >= 10
    for paragraph in long:
        first = paragraph.lines[0]
        assert (first.page, first.line) == (paragraph.position.page, paragraph.position.line)
        ends = [start.offset for start in paragraph.lines[1:]] + [len(paragraph.text)]
        for start, end in zip(paragraph.lines, ends, strict=True):
            words = paragraph.text[start.offset : end].split()[:2]
            if start.offset:  # (a heading's body starts on the heading's line, after its title)
                assert printed[(start.page, start.line)].split()[:2] == words, (start, paragraph.text[:60])
            assert position_of(paragraph, start.offset) == (start.page, start.line)
            # Words quoted from the middle of that line are on that line too.
            space = paragraph.text.find(" ", start.offset, end - 1)
            if space > 0:
                assert position_of(paragraph, space + 1) == (start.page, start.line)
    crossing = [p for p in long if p.lines[0].page != p.lines[-1].page]
    assert crossing, "a paragraph cut by a page break"
    paragraph = crossing[0]
    assert position_of(paragraph, len(paragraph.text) - 1) == (paragraph.lines[-1].page, paragraph.lines[-1].line)


def test_text_draft_has_no_printed_position() -> None:
    outline = parse_text("I. KẾT QUẢ\nNội dung đoạn một, dài hơn một dòng.\n")
    paragraph = outline.sections[0].paragraphs[0]
    assert (paragraph.position.page, paragraph.position.line, paragraph.lines) == (None, None, [])
    assert position_of(paragraph, 10) == (None, None)
    assert outline.warnings == ["drafts.warn.text_no_pages"]


def _glyphs(word: str, x: float, y: float = 700.0, size: float = 14.0, width: float = 7.0) -> list[Glyph]:
    return [Glyph(ch, x + i * width, x + (i + 1) * width, y, size) for i, ch in enumerate(word)]


def test_lines_rebuilt_from_geometry_not_drawing_order() -> None:
    """A justified line whose italic words and stop are drawn after the rest, a superscript mark, a new line."""
    drawn = [
        *_glyphs("sẽ", 100),
        *_glyphs("được", 130),
        *_glyphs("sau).", 240),  # drawn before "gửi", printed after it
        *_glyphs("gửi", 180),
        *_glyphs("1", 276, y=705, size=8, width=4),  # a footnote reference, raised and smaller
        *_glyphs("chậm", 100, y=680),
        *_glyphs("10", 140, y=680),
        *_glyphs("nhất", 160, y=680),
    ]
    lines = lines_from_glyphs(drawn, page=3)
    assert [line.text for line in lines] == ["sẽ được gửi sau).¹", "chậm 10 nhất"]
    assert [(line.page, line.size) for line in lines] == [(3, 14.0), (3, 14.0)]
    # A gap wider than any word gap is a new segment (a table cell, a tab stop).
    row = lines_from_glyphs([*_glyphs("STT", 50), *_glyphs("Chỉ", 200)], page=1)
    assert [segment.text for segment in row[0].segments] == ["STT", "Chỉ"]
