"""The heading and line grammar on its own, beyond what the seed shows."""

from __future__ import annotations

import pytest

from drafts import parse_text
from drafts.headings import match_numbered, match_part_or_appendix, split_title
from drafts.text import clean, item_label


@pytest.mark.parametrize(
    ("line", "label", "depth", "title"),
    [
        ("Phần thứ nhất", "Phần thứ nhất", 0, ""),
        ("PHẦN THỨ HAI: QUAN ĐIỂM, MỤC TIÊU", "Phần thứ hai", 0, "QUAN ĐIỂM, MỤC TIÊU"),
        ("phần thứ tư", "Phần thứ tư", 0, ""),
        ("Phần thứ năm. NHIỆM VỤ", "Phần thứ năm", 0, "NHIỆM VỤ"),
        ("**PHỤ LỤC 1A", "PHỤ LỤC 1A", 0, ""),
        ("PHỤ LỤC 06**KẾT QUẢ THỰC HIỆN**", "PHỤ LỤC 06", 0, "KẾT QUẢ THỰC HIỆN"),
        ("Phụ lục 2: Kết quả kiểm tra", "Phụ lục 2", 0, "Kết quả kiểm tra"),
        ("I. KHÁI QUÁT", "I", 1, "KHÁI QUÁT"),
        ("IV- NHIỆM VỤ", "IV", 1, "NHIỆM VỤ"),
        ("1. Kết quả", "1", 2, "Kết quả"),
        ("2.1. Công tác", "2.1", 3, "Công tác"),
        ("2.1.1. Công tác", "2.1.1", 4, "Công tác"),
        ("2.1.1 Công tác", "2.1.1", 4, "Công tác"),
    ],
)
def test_headings(line: str, label: str, depth: int, title: str) -> None:
    heading = match_part_or_appendix(line) or match_numbered(clean(line))
    assert heading is not None
    assert (heading.label, heading.depth, heading.title) == (label, depth, title)


@pytest.mark.parametrize(
    "line",
    [
        "Phần thứ hai của báo cáo nêu rõ",
        "Phụ lục kèm theo báo cáo này",
        "3000 lượt học sinh giỏi",
        "5.000 người tham gia",
        "(3) Vẽ đất đai, xây dựng",
        "Vạn Ninh: 496 hồ sơ",
        "2. được giao",
    ],
)
def test_not_headings(line: str) -> None:
    assert match_part_or_appendix(line) is None and match_numbered(clean(line)) is None


def test_split_title() -> None:
    assert split_title("Nguyên nhân khách quan: (1) Tác động kéo dài") == (
        "Nguyên nhân khách quan",
        "(1) Tác động kéo dài",
    )
    assert split_title("Các chỉ tiêu chủ yếu:") == ("Các chỉ tiêu chủ yếu", None)
    assert split_title("Kinh tế: tăng trưởng ổn định") == ("Kinh tế: tăng trưởng ổn định", None)


def test_labels_and_cleaning() -> None:
    assert item_label("(3)- Tiếp tục") == "(3)"
    assert item_label("(12) Quy mô") == "(12)"
    assert item_label("a) Nội dung") == "a)"
    assert item_label("- Gạch đầu dòng") is None
    assert clean("“*Dân vận khéo*” (*)") == "“Dân vận khéo” (*)"
    assert clean("Phu\u031bo\u031b\u0300ng") == "Phường"  # decomposed input → NFC


def test_minimal_draft_without_parts() -> None:
    outline = parse_text("I. MỞ ĐẦU\nNội dung.\nII. KẾT LUẬN\n1. Đề nghị\na) Nội dung thứ nhất;\n")
    assert [(s.label, s.depth) for s in outline.walk()] == [("I", 1), ("II", 1), ("1", 2)]
    assert outline.sections[1].children[0].paragraphs[0].label == "a)"
    assert outline.warnings == ["drafts.warn.text_no_pages"]
