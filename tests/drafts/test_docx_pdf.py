"""The same draft as DOCX (built here with python-docx) and as PDF (LibreOffice) gives the same tree."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from drafts import Outline, read_draft
from tests.drafts.conftest import find
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
    assert outline.warnings == seed_outline.warnings
    for mine, theirs in zip(outline.walk(), seed_outline.walk(), strict=True):
        assert [p.text for p in mine.paragraphs] == [p.text for p in theirs.paragraphs], mine.label
        assert [f.text for f in mine.footnotes] == [f.text for f in theirs.footnotes], mine.label
        assert [t.rows for t in mine.tables] == [t.rows for t in theirs.tables], mine.label


def test_docx_pages_from_page_breaks(seed_docx: tuple[Path, dict[str, int]]) -> None:
    path, breaks = seed_docx
    outline = read_draft(path)
    pages = [p.position.page for s in outline.walk() for p in s.paragraphs]
    assert None not in pages and pages == sorted(pages)  # type: ignore[type-var]
    assert outline.front_matter[0].position.page == 1
    last = max(t.position.page or 0 for s in outline.walk() for t in s.tables)
    assert last == 1 + breaks["page"] + breaks["section"]
    # The footnote block of 2.1.2 ends its page: the rejoined paragraph starts before the break.
    section = find(outline, "Phần thứ nhất", "II", "2", "2.1", "2.1.2")
    assert section.paragraphs[2].position.page == section.paragraphs[1].position.page + 1  # type: ignore[operator]
    assert find(outline, "Phần thứ hai").position.page == find(outline, "Phần thứ nhất", "IV").position.page + 1  # type: ignore[operator]


def test_docx_without_breaks_has_no_pages(tmp_path: Path) -> None:
    document = docx.Document()
    for text in ["Phần thứ nhất", "TÌNH HÌNH CHUNG", "I. KẾT QUẢ", "Nội dung đoạn một."]:
        document.add_paragraph(text)
    path = tmp_path / "plain.docx"
    document.save(str(path))
    outline = read_draft(path)
    assert _tree(outline) == [("Phần thứ nhất", 0, "TÌNH HÌNH CHUNG"), ("I", 1, "KẾT QUẢ")]
    assert outline.sections[0].children[0].paragraphs[0].position.page is None


def test_docx_rendered_page_breaks_and_soft_line_breaks(tmp_path: Path) -> None:
    document = docx.Document()
    label = document.add_paragraph("PHỤ LỤC 02")
    label.runs[0].add_break()  # label and title in one paragraph, on two lines
    label.add_run("KẾT QUẢ XÂY DỰNG ĐẢNG")
    later = document.add_paragraph()
    later.add_run()._r.append(docx.oxml.OxmlElement("w:lastRenderedPageBreak"))
    later.add_run("Số liệu tổng hợp của các chi bộ.")
    path = tmp_path / "rendered.docx"
    document.save(str(path))
    appendix = read_draft(path).sections[0]
    assert (appendix.label, appendix.title, appendix.position.page) == ("PHỤ LỤC 02", "KẾT QUẢ XÂY DỰNG ĐẢNG", 1)
    assert appendix.paragraphs[0].position.page == 2


@pytest.fixture(scope="module")
def seed_pdf(seed_docx: tuple[Path, dict[str, int]], tmp_path_factory: pytest.TempPathFactory) -> Path:
    return soffice_pdf(seed_docx[0], tmp_path_factory.mktemp("pdf"))


@pytest.mark.slow
def test_pdf_same_tree_as_text(seed_pdf: Path, seed_outline: Outline) -> None:
    outline = read_draft(seed_pdf)
    assert _tree(outline) == _tree(seed_outline)
    assert_matches_expected(outline)
    assert outline.warnings == seed_outline.warnings


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
