"""The seed draft (lines 206–1081) read as text must give exactly expected-outline.txt, with its mess handled."""

from __future__ import annotations

import re

from drafts import Outline
from tests.drafts.conftest import find
from tests.drafts.seed_docs import expected_outline


def assert_matches_expected(outline: Outline) -> None:
    got = [(section.depth, section.label, section.title) for section in outline.walk()]
    expected = expected_outline()
    assert len(got) == len(expected)
    for (depth, label, title), (want_depth, want_label, want_title) in zip(got, expected, strict=True):
        assert (label, depth) == (want_label, want_depth), (label, title)
        assert title.startswith(want_title), (label, title, want_title)


def test_outline_matches_expected(seed_outline: Outline) -> None:
    assert_matches_expected(seed_outline)


def test_order_and_positions(seed_outline: Outline) -> None:
    sections = list(seed_outline.walk())
    assert [s.order for s in sections] == list(range(len(sections)))
    # A text file was never printed: a line of the file is on no page, so nothing pretends to be one.
    positions = [s.position for s in sections] + [p.position for s in sections for p in s.paragraphs]
    assert all((position.page, position.line) == (None, None) for position in positions)
    assert not any(p.lines for s in sections for p in s.paragraphs)
    assert seed_outline.warnings.count("drafts.warn.text_no_pages") == 1


def test_part_title_joined_over_two_lines(seed_outline: Outline) -> None:
    assert find(seed_outline, "Phần thứ nhất").title == (
        "TÌNH HÌNH VÀ KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT ĐẠI HỘI ĐẢNG BỘ CÁC XÃ, PHƯỜNG NHIỆM KỲ 2020 – 2025"
    )


def test_front_matter_is_not_sections(seed_outline: Outline) -> None:
    texts = [p.text for p in seed_outline.front_matter]
    assert "(DỰ THẢO lần 3)" in texts
    assert "PHƯƠNG CHÂM CHỈ ĐẠO ĐẠI HỘI" in texts
    assert seed_outline.sections[0].label == "Phần thứ nhất"


def test_footnotes_of_2_1_2_are_footnotes(seed_outline: Outline) -> None:
    section = find(seed_outline, "Phần thứ nhất", "II", "2", "2.1", "2.1.2")
    assert [f.mark for f in section.footnotes] == ["1"]
    assert section.footnotes[0].text.startswith("(1) Đợt sinh hoạt chính trị")
    assert not any("Đợt sinh hoạt chính trị về xây dựng" in p.text for p in section.paragraphs)
    marks = [f.mark for f in find(seed_outline, "Phần thứ nhất", "II", "2", "2.1", "2.1.3").footnotes]
    assert marks == [str(n) for n in range(2, 12)]


def test_paragraph_split_by_footnote_is_rejoined(seed_outline: Outline) -> None:
    section = find(seed_outline, "Phần thứ nhất", "II", "2", "2.1", "2.1.2")
    joined = section.paragraphs[1]
    assert joined.text.startswith("Đội ngũ Đảng viên của Đảng bộ tăng cả về số lượng")
    assert "phường Ka Long nhiều năm đạt HTXS nhiệm vụ." in joined.text
    assert joined.text.endswith("không đủ tư cách ra khỏi Đảng.")
    assert not any(p.text.startswith("năm đạt HTXS") for p in section.paragraphs)
    assert len(section.paragraphs) == 4


def test_paragraph_split_by_page_break_is_rejoined(seed_outline: Outline) -> None:
    first = find(seed_outline, "Phần thứ nhất", "I").paragraphs[1]
    assert "trong đó phuờng Ka Long, phường Ninh Dương, xã Vạn Ninh là các địa bàn" in first.text
    section = find(seed_outline, "Phần thứ nhất", "II", "2", "2.1", "2.1.1")
    assert "Trung ương, Tỉnh và Thành phố với tỷ lệ Đảng viên" in section.paragraphs[0].text


def test_footnote_tail_on_next_page_stays_with_its_footnote(seed_outline: Outline) -> None:
    footnote = find(seed_outline, "Phần thứ nhất", "II", "3", "3.3", "3.3.1").footnotes[0]
    assert footnote.mark == "19" and footnote.text.endswith("đứng thứ 01/17 xã, phường")
    planning = find(seed_outline, "Phần thứ nhất", "II", "3", "3.4").paragraphs[0]
    assert planning.label == "(1)"
    assert planning.text.endswith(
        "các quy hoạch được phê duyệt theo quy định, trọng tâm là các quy hoạch "
        "của các nhà đầu tư chiến lược của Tỉnh, Thành phố trên địa bàn."
    )


def test_item_label_can_be_cited(seed_outline: Outline) -> None:
    targets = find(seed_outline, "Phần thứ hai", "III", "2")
    item = next(p for p in targets.paragraphs if p.label == "(7)")
    assert item.text == "(7) Thu nhập bình quân đầu người đến năm 2030 đạt 130 triệu đồng/người/năm"
    assert [p.label for p in targets.paragraphs if p.label] == [f"({n})" for n in range(1, 22)]
    # Unnumbered sub-headings stay paragraphs, stripped of their markup.
    assert targets.paragraphs[0].text == "Về xây dựng Đảng, hệ thống chính trị:"
    dashed = find(seed_outline, "Phần thứ hai", "VI", "2", "2.3").paragraphs[2]
    assert dashed.label == "(3)" and dashed.text.startswith("(3)- Tiếp tục đổi mới")


def test_heading_with_body_after_colon(seed_outline: Outline) -> None:
    causes = find(seed_outline, "Phần thứ nhất", "II", "2", "2.1")  # the first "II" has no "2.1" cause
    assert causes.title.startswith("Công tác xây dựng Đảng")
    second_two = [s for s in seed_outline.sections[0].children if s.label == "II"][1]
    objective = next(s for s in second_two.walk() if s.label == "2.1")
    assert objective.title == "Nguyên nhân khách quan"
    assert objective.paragraphs[0].text.startswith("(1) Tác động kéo dài của đại dịch Covid-19")
    assert objective.paragraphs[0].label == "(1)"
    general = find(seed_outline, "Phần thứ hai", "III", "1")
    assert general.title == "Mục tiêu tổng quát"
    assert general.paragraphs[0].text.startswith("Tăng cường xây dựng, chỉnh đốn Đảng")
    assert "bền vững, hạ tầng đồng bộ" in general.paragraphs[0].text  # rejoined across the page break
    # Long titles full of commas and a semicolon are not split.
    assert find(seed_outline, "Phần thứ hai", "VI", "2", "2.4").title.endswith("phòng chống thiên tai")
    # A long title followed by sentences of body text is: the sentences can then be quoted in an amendment.
    growth = find(seed_outline, "Phần thứ hai", "VI", "2", "2.1")
    assert growth.title.endswith("các ngành, lĩnh vực có lợi thế")
    assert growth.paragraphs[0].text.startswith("Sử dụng có hiệu quả các nguồn lực xã hội")


def test_duplicated_numbering_is_kept_and_flagged(seed_outline: Outline) -> None:
    labels = [s.label for s in seed_outline.sections[0].children]
    assert labels == ["I", "II", "II", "III", "IV"]
    assert seed_outline.warnings == ["drafts.warn.text_no_pages", "drafts.warn.duplicate_label"]
    notice = seed_outline.warnings[1]
    assert notice.params == {"label": "II", "title": "HẠN CHẾ, YẾU KÉM TRONG NHIỆM KỲ 2020 - 2025"}  # type: ignore[attr-defined]


def test_appendices(seed_outline: Outline) -> None:
    appendices = [s for s in seed_outline.sections if s.label.startswith("PHỤ LỤC")]
    assert len(appendices) == 8
    for appendix in appendices:
        assert appendix.depth == 0 and appendix.tables, appendix.label
        assert all(len(table.rows) >= 5 for table in appendix.tables[:1])
    first = appendices[0].tables[0]
    assert first.rows[0][:3] == ["STT", "CHỈ TIÊU", "ĐƠN VỊ TÍNH"]
    check = next(s for s in appendices if s.label == "PHỤ LỤC 03")
    assert check.title == "KẾT QUẢ THỰC HIỆN CHƯƠNG TRÌNH KIỂM TRA, GIÁM SÁT NHIỆM KỲ 2020-2025"
    assert check.paragraphs[0].text == "Đơn vị tính: cuộc"
    glued = next(s for s in appendices if s.label == "PHỤ LỤC 06")
    assert glued.title == "KẾT QUẢ THỰC HIỆN MỘT SỐ CHỈ TIÊU AN SINH XÃ HỘI NHIỆM KỲ 2020-2025"
    # The table title whose table was lost (seed line 866) is no node.
    assert "NINH DƯƠNG" in appendices[0].paragraphs[0].text


def test_no_markup_page_furniture_or_signature(seed_outline: Outline) -> None:
    banner = re.compile(r"^(ĐẠI HỘI ĐẠI BI|ĐẢNG CỘNG SẢN VIỆT NAM|LẦN THỨ|\*+$|\d+$|BAN CHẤP HÀNH)")
    texts = [p.text for p in seed_outline.front_matter]
    for section in seed_outline.walk():
        texts.append(section.title)
        texts.extend(p.text for p in section.paragraphs)
        assert section.title and not banner.match(section.title)
    assert not any("**" in text or "*" in text for text in texts)
    assert not any(banner.match(text) for text in texts)
    assert not any("BAN CHẤP HÀNH ĐẢNG BỘ PHƯỜNG" in text for text in texts)
