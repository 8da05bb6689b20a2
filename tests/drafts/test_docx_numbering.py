"""Word list numbering: labels that live in numbering.xml, not in the text, are read as Word prints them."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from docx.text.paragraph import Paragraph

from drafts import Outline, read_draft
from drafts.docx_reader import docx_blocks
from tests.drafts.conftest import find, text_warnings
from tests.drafts.docx_build import add_abstract, add_num, level, number, number_style
from tests.drafts.seed_docs import build_seed_docx, soffice_pdf
from tests.drafts.test_seed_text import assert_matches_expected

_ROMAN_VALUES = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}
HEADINGS, ITEMS, DASHED = 100, 101, 102  # abstractNum ids


def _strip_label(paragraph: Paragraph, rest: str) -> None:
    assert len(paragraph.runs) == 1, paragraph.text
    paragraph.runs[0].text = rest


def build_numbered_seed(path: Path) -> dict[str, int]:
    """The seed DOCX with every heading label and "(n)" item label of the draft body taken out of the text and
    produced by Word lists instead: one multi-level heading list (level 0 linked to "Heading 1" through the
    style, as Word does), restarted for Part 2 and at the numbering slip, and "(%1)" item lists restarted per
    section. Returns how many labels of each kind were moved into numbering."""
    build_seed_docx(path)
    document = docx.Document(str(path))
    add_abstract(
        document,
        HEADINGS,
        [
            level(0, "upperRoman", "%1.", style="Heading1"),
            level(1, "decimal", "%2."),
            level(2, "decimal", "%2.%3."),
            level(3, "decimal", "%2.%3.%4."),
        ],
    )
    add_abstract(document, ITEMS, [level(0, "decimal", "(%1)", suff="space")])
    add_abstract(document, DASHED, [level(0, "decimal", "(%1)-", suff="space")])
    num_ids = iter(range(100, 1000))
    head = next(num_ids)
    add_num(document, head, HEADINGS)
    number_style(document, "Heading 1", head)  # no ilvl: Word finds the level that names the style
    direct = False  # headings use the style's list until the first restart
    roman_next, parts = 1, 0
    items: dict[str, tuple[int, int]] = {}  # "(n)" or "(n)-" → (numId, last n)
    moved = {"roman": 0, "arabic": 0, "item": 0}
    for paragraph in document.paragraphs:
        text = paragraph.text
        if re.match(r"^\**PHỤ LỤC", text):
            break
        if text.startswith("Phần thứ"):
            parts += 1
            items.clear()
            continue
        if roman := re.match(r"^([IVX]+)\. (.+)$", text):
            value = _ROMAN_VALUES[roman.group(1)]
            if value != roman_next or (parts > 1 and not direct):
                head, direct = next(num_ids), True  # "Restart numbering"/"Set numbering value" in Word
                add_num(document, head, HEADINGS, {0: value})
            roman_next = value + 1
            _strip_label(paragraph, roman.group(2))
            paragraph.style = document.styles["Heading 1"]
            if direct:
                number(paragraph, head, 0)
            moved["roman"] += 1
            items.clear()
        elif arabic := re.match(r"^(\d+(?:\.\d+){0,2})\. (.+)$", text):
            _strip_label(paragraph, arabic.group(2))
            number(paragraph, head, arabic.group(1).count(".") + 1)
            moved["arabic"] += 1
            items.clear()
        elif item := re.match(r"^\((\d+)\)(-?) (.+)$", text):
            n, kind = int(item.group(1)), item.group(2)
            num_id, last = items.get(kind, (0, 0))
            if not num_id or n != last + 1:
                num_id = next(num_ids)
                add_num(document, num_id, DASHED if kind else ITEMS, {0: n})
            items[kind] = (num_id, n)
            _strip_label(paragraph, item.group(3))
            number(paragraph, num_id)
            moved["item"] += 1
    document.save(str(path))
    return moved


@pytest.fixture(scope="module")
def numbered_seed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("numbered") / "du-thao-danh-so.docx"
    moved = build_numbered_seed(path)
    assert moved == {"roman": 11, "arabic": 54, "item": 50}  # every label of the draft body
    return path


def test_list_numbered_seed_gives_the_text_tree(numbered_seed: Path, seed_outline: Outline) -> None:
    outline = read_draft(numbered_seed)
    assert_matches_expected(outline)
    assert text_warnings(outline) == text_warnings(seed_outline)  # the slip (a second "II") survives list numbering
    for mine, theirs in zip(outline.walk(), seed_outline.walk(), strict=True):
        assert (mine.label, mine.depth, mine.title) == (theirs.label, theirs.depth, theirs.title)
        assert [(p.label, p.text) for p in mine.paragraphs] == [(p.label, p.text) for p in theirs.paragraphs]
    targets = find(outline, "Phần thứ hai", "III", "2")
    item = next(p for p in targets.paragraphs if p.label == "(7)")
    assert item.text == "(7) Thu nhập bình quân đầu người đến năm 2030 đạt 130 triệu đồng/người/năm"


@pytest.mark.slow
def test_list_numbered_seed_as_pdf(numbered_seed: Path, seed_outline: Outline, tmp_path: Path) -> None:
    """LibreOffice draws each list label a tab stop before its text: still one line, not a table row."""
    outline = read_draft(soffice_pdf(numbered_seed, tmp_path))
    assert_matches_expected(outline)
    assert text_warnings(outline) == text_warnings(seed_outline)
    for mine, theirs in zip(outline.walk(), seed_outline.walk(), strict=True):
        if not mine.label.startswith("PHỤ LỤC"):
            assert [p.text for p in mine.paragraphs] == [p.text for p in theirs.paragraphs], mine.label


def _labels(document: docx.document.Document, tmp_path: Path) -> list[str]:
    path = tmp_path / "lists.docx"
    document.save(str(path))
    return [block.text for block in docx_blocks(docx.Document(str(path)))]


def test_counters_restart_interleave_and_lvl_restart(tmp_path: Path) -> None:
    document = docx.Document()
    add_abstract(
        document,
        200,
        [
            level(0, "decimal", "%1."),
            level(1, "lowerLetter", "%2)"),
            level(2, "decimal", "(%3)", restart="1"),  # restarts after level 0 only, not after level 1
        ],
    )
    add_abstract(document, 201, [level(0, "upperRoman", "%1.")])
    add_abstract(document, 202, [level(0, "decimal", "(%1)", start=3)])
    add_abstract(document, 203, [level(0, "bullet", "\uf0b7")])
    add_num(document, 300, 200)
    add_num(document, 301, 201)
    add_num(document, 302, 202)
    add_num(document, 303, 202, {0: 7})  # "restart at 7": counts on its own
    add_num(document, 304, 202)  # the same abstract list, no override: continues numId 302
    add_num(document, 305, 203)
    script = [
        (300, 0), (300, 1), (300, 2), (300, 1), (300, 2), (300, 0), (300, 2),
        (301, 0), (302, 0), (301, 0), (302, 0),
        (303, 0), (303, 0), (302, 0), (304, 0), (305, 0),
    ]  # fmt: skip
    for index, (num_id, ilvl) in enumerate(script):
        number(document.add_paragraph(f"Đoạn {index}"), num_id, ilvl)
    unnumbered = document.add_paragraph("Không số")
    number(unnumbered, 0)  # numId 0 removes numbering
    assert _labels(document, tmp_path) == [
        "1. Đoạn 0", "a) Đoạn 1", "(1) Đoạn 2", "b) Đoạn 3", "(2) Đoạn 4", "2. Đoạn 5", "(1) Đoạn 6",
        "I. Đoạn 7", "(3) Đoạn 8", "II. Đoạn 9", "(4) Đoạn 10",
        "(7) Đoạn 11", "(8) Đoạn 12", "(5) Đoạn 13", "(6) Đoạn 14", "- Đoạn 15", "Không số",
    ]  # fmt: skip


def test_style_numbering_by_inheritance_and_deeper_levels_reset(tmp_path: Path) -> None:
    document = docx.Document()
    add_abstract(
        document,
        210,
        [level(0, "upperRoman", "%1.", style="Heading1"), level(1, "decimal", "%2.", style="Heading2")],
    )
    add_num(document, 310, 210)
    number_style(document, "Heading 1", 310)
    number_style(document, "Heading 2", 310, 1)
    for style, text in [
        ("Heading 1", "KẾT QUẢ"),
        ("Heading 2", "Công tác"),
        ("Heading 2", "Kinh tế"),
        ("Heading 1", "HẠN CHẾ"),
        ("Heading 2", "Nguyên nhân"),
    ]:
        document.add_paragraph(text, style=style)
    outline_path = tmp_path / "styled.docx"
    document.save(str(outline_path))
    outline = read_draft(outline_path)
    tree = [(s.label, s.depth, s.title) for s in outline.walk()]
    assert tree == [
        ("I", 1, "KẾT QUẢ"),
        ("1", 2, "Công tác"),
        ("2", 2, "Kinh tế"),
        ("II", 1, "HẠN CHẾ"),
        ("1", 2, "Nguyên nhân"),
    ]
