"""The same draft as DOCX (built here with python-docx) and as PDF (LibreOffice) gives the same tree."""

from __future__ import annotations

import time
from pathlib import Path

import docx
import pytest

from drafts import Outline, Position, layout, position_of, read_draft
from tests.drafts.conftest import find, text_warnings
from tests.drafts.seed_docs import build_seed_docx, soffice_pdf
from tests.drafts.test_seed_text import assert_matches_expected


def _tree(outline: Outline) -> list[tuple[str, int, str]]:
    return [(s.label, s.depth, s.title) for s in outline.walk()]


@pytest.fixture(scope="module")
def seed_docx(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    path = tmp_path_factory.mktemp("docx") / "du-thao.docx"
    return path, build_seed_docx(path)


def test_docx_same_tree_as_text(seed_docx: tuple[Path, dict[str, int]], seed_outline: Outline) -> None:
    outline = read_draft(seed_docx[0])
    assert _tree(outline) == _tree(seed_outline)
    assert_matches_expected(outline)
    assert text_warnings(outline) == text_warnings(seed_outline)
    for mine, theirs in zip(outline.walk(), seed_outline.walk(), strict=True):
        assert [p.text for p in mine.paragraphs] == [p.text for p in theirs.paragraphs], mine.label
        assert [f.text for f in mine.footnotes] == [f.text for f in theirs.footnotes], mine.label
        assert [t.rows for t in mine.tables] == [t.rows for t in theirs.tables], mine.label


def test_docx_pages_as_printed(seed_docx: tuple[Path, dict[str, int]], seed_pdf: Path) -> None:
    """Pages and lines come from LibreOffice's layout of the file: the same as its PDF's, paragraph by paragraph
    (the appendices' tables are read differently from a PDF; their sections are left out)."""
    outline, printed = read_draft(seed_docx[0]), read_draft(seed_pdf)
    pages = [p.position.page or 0 for s in outline.walk() for p in s.paragraphs]
    assert 0 not in pages and pages == sorted(pages)
    # More pages than the file's explicit breaks: text flows onto pages no break starts.
    assert max(pages) > 1 + seed_docx[1]["page"] + seed_docx[1]["section"]
    for mine, theirs in zip(outline.walk(), printed.walk(), strict=True):
        assert mine.position == theirs.position, mine.label
        if not mine.label.startswith("PHỤ LỤC"):
            assert [(p.text, p.position, p.lines) for p in mine.paragraphs] == [
                (p.text, p.position, p.lines) for p in theirs.paragraphs
            ], mine.label
    # The footnote block of 2.1.2 ends its page: the rejoined paragraph starts before the break.
    section = find(outline, "Phần thứ nhất", "II", "2", "2.1", "2.1.2")
    joined = section.paragraphs[1]
    assert joined.lines[-1].page == joined.lines[0].page + 1


def test_docx_without_libreoffice_has_no_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    document = docx.Document()
    for text in ["Phần thứ nhất", "TÌNH HÌNH CHUNG", "I. KẾT QUẢ", "Nội dung đoạn một."]:
        document.add_paragraph(text)
    document.add_page_break()  # an explicit break is no printed page either
    document.add_paragraph("Nội dung đoạn hai.")
    path = tmp_path / "plain.docx"
    document.save(str(path))
    monkeypatch.setenv("GOPY_SOFFICE", str(tmp_path / "khong-co" / "soffice"))
    outline = read_draft(path)
    assert _tree(outline) == [("Phần thứ nhất", 0, "TÌNH HÌNH CHUNG"), ("I", 1, "KẾT QUẢ")]
    paragraphs = outline.sections[0].children[0].paragraphs
    assert [(p.position.page, p.position.line, p.lines) for p in paragraphs] == [(None, None, [])] * 2
    assert outline.warnings == ["drafts.warn.no_layout"]
    assert position_of(paragraphs[0], 3) == (None, None)


@pytest.mark.parametrize(
    ("script", "notice"),
    [("sleep 30", "drafts.warn.layout_timeout"), ("exit 1", "drafts.warn.layout_failed")],
)
def test_docx_layout_that_fails_gives_no_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str, notice: str
) -> None:
    """A converter that hangs is killed after the timeout; one that fails leaves no PDF: no pages, one warning."""
    converter = tmp_path / "soffice"
    converter.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    converter.chmod(0o755)
    monkeypatch.setenv("GOPY_SOFFICE", str(converter))
    monkeypatch.setattr(layout, "RENDER_TIMEOUT", 1.0)
    document = docx.Document()
    for text in ["I. KẾT QUẢ", "Nội dung đoạn một."]:
        document.add_paragraph(text)
    path = tmp_path / "du-thao.docx"
    document.save(str(path))
    started = time.perf_counter()
    outline = read_draft(path)
    assert time.perf_counter() - started < 10
    assert outline.sections[0].paragraphs[0].position == Position(None, None)
    assert outline.warnings == [notice]


def test_docx_soft_line_breaks(tmp_path: Path) -> None:
    document = docx.Document()
    label = document.add_paragraph("PHỤ LỤC 02")
    label.runs[0].add_break()  # label and title in one paragraph, on two lines
    label.add_run("KẾT QUẢ XÂY DỰNG ĐẢNG")
    later = document.add_paragraph()
    later.add_run()._r.append(docx.oxml.OxmlElement("w:lastRenderedPageBreak"))  # stale: Word's, not ours
    later.add_run("Số liệu tổng hợp của các chi bộ.")
    path = tmp_path / "rendered.docx"
    document.save(str(path))
    outline = read_draft(path)
    if outline.warnings:
        pytest.skip("LibreOffice is not installed")
    appendix = outline.sections[0]
    assert (appendix.label, appendix.title) == ("PHỤ LỤC 02", "KẾT QUẢ XÂY DỰNG ĐẢNG")
    assert appendix.position == Position(1, 1)
    assert appendix.paragraphs[0].position == Position(1, 3)


@pytest.fixture(scope="module")
def seed_pdf(seed_docx: tuple[Path, dict[str, int]], tmp_path_factory: pytest.TempPathFactory) -> Path:
    return soffice_pdf(seed_docx[0], tmp_path_factory.mktemp("pdf"))


@pytest.mark.slow
def test_pdf_same_tree_as_text(seed_pdf: Path, seed_outline: Outline) -> None:
    outline = read_draft(seed_pdf)
    assert _tree(outline) == _tree(seed_outline)
    assert_matches_expected(outline)
    assert text_warnings(outline) == text_warnings(seed_outline)


@pytest.mark.slow
def test_pdf_pages_on_every_paragraph(seed_pdf: Path, seed_outline: Outline) -> None:
    outline = read_draft(seed_pdf)
    paragraphs = [p for s in outline.walk() for p in s.paragraphs]
    pages = [p.position.page for p in paragraphs]
    assert all(isinstance(page, int) for page in pages)
    assert pages == sorted(pages)  # type: ignore[type-var]
    assert find(outline, "Phần thứ hai").position.page > 10  # type: ignore[operator]
    assert outline.sections[-1].position.page > find(outline, "Phần thứ hai").position.page  # type: ignore[operator]
    # Body text survives layout: wrapped lines joined, running header and page numbers gone.
    for mine, theirs in zip(outline.walk(), seed_outline.walk(), strict=True):
        if not mine.label.startswith("PHỤ LỤC"):
            assert [p.text for p in mine.paragraphs] == [p.text for p in theirs.paragraphs], mine.label
            assert [f.text for f in mine.footnotes] == [f.text for f in theirs.footnotes], mine.label
    assert not any(p.text.startswith("Dự thảo Báo cáo chính trị") for p in paragraphs)
