"""Real Word footnotes (word/footnotes.xml) land on the section that references them, as the text form's do."""

from __future__ import annotations

from pathlib import Path

import docx

from drafts import Outline, parse_text, read_draft
from tests.drafts.conftest import find
from tests.drafts.docx_build import add_footnotes, footnote_reference

# Ids as Word writes them: in reference order, 1 being the front matter's note.
NOTES: dict[int, str | list[str]] = {
    2: "Theo Báo cáo tổng kết nhiệm kỳ của Đảng ủy.",
    3: ["Năm 2024: phường Ka Long 96%;", "phường Ninh Dương 95,5%."],  # two paragraphs → one text
    4: "Phường Ka Long: 08 lượt; phường Ninh Dương: 05 lượt",  # unterminated: nothing may continue it
    5: "Chỉ tiêu do Thành ủy giao",  # referenced with a custom mark
    6: "Số liệu đến hết quý II/2025.",  # referenced from a table cell
}
# (text, footnote ids referenced at its end): the same draft as the text form prints it further down.
SCRIPT: list[tuple[str, list[int]]] = [
    ("Phần thứ nhất", []),
    ("TÌNH HÌNH CHUNG", []),
    ("I. KẾT QUẢ ĐẠT ĐƯỢC", [2]),
    ("Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ đạt trên 95%", [3]),
    ("Công tác kiểm tra được tăng cường", [4]),
    ("nhất là ở các chi bộ khu phố.", []),
    ("II. HẠN CHẾ", []),
    ("Một số chỉ tiêu chưa đạt", [5]),
]
TEXT_FORM = """Phần thứ nhất
TÌNH HÌNH CHUNG
I. KẾT QUẢ ĐẠT ĐƯỢC¹
¹ Theo Báo cáo tổng kết nhiệm kỳ của Đảng ủy.
Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ đạt trên 95%²
² Năm 2024: phường Ka Long 96%; phường Ninh Dương 95,5%.
Công tác kiểm tra được tăng cường³
³ Phường Ka Long: 08 lượt; phường Ninh Dương: 05 lượt
nhất là ở các chi bộ khu phố.
II. HẠN CHẾ
"""


def _footnoted_docx(path: Path) -> None:
    document = docx.Document()
    intro = document.add_paragraph("BÁO CÁO CHÍNH TRỊ")
    footnote_reference(intro, 1)  # in the front matter: it has no footnote list
    for text, refs in SCRIPT:
        paragraph = document.add_paragraph(text)
        for note_id in refs:
            footnote_reference(paragraph, note_id, "(*)" if note_id == 5 else None)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Chỉ tiêu", "Kết quả"
    table.cell(1, 0).text = "Thu ngân sách"
    footnote_reference(table.cell(1, 1).paragraphs[0], 6)
    add_footnotes(document, {1: "Dự thảo lần 3.", **NOTES})
    document.save(str(path))


def test_footnotes_attach_to_the_referencing_section(tmp_path: Path) -> None:
    path = tmp_path / "chu-thich.docx"
    _footnoted_docx(path)
    outline = read_draft(path)
    notes = {s.label: [(f.mark, f.text) for f in s.footnotes] for s in outline.walk()}
    assert notes == {
        # The front matter note (auto number 1) waits for the first section; numbers run in document order.
        "Phần thứ nhất": [("1", "Dự thảo lần 3.")],
        "I": [
            ("2", NOTES[2]),
            ("3", "Năm 2024: phường Ka Long 96%; phường Ninh Dương 95,5%."),
            ("4", NOTES[4]),
        ],
        # A custom mark is printed as is and takes no number: the next auto-numbered note is 5.
        "II": [("(*)", NOTES[5]), ("5", NOTES[6])],
    }
    texts = [p.text for p in outline.front_matter] + [p.text for s in outline.walk() for p in s.paragraphs]
    assert texts == [
        "BÁO CÁO CHÍNH TRỊ¹",
        "Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ đạt trên 95%³",
        "Công tác kiểm tra được tăng cường⁴ nhất là ở các chi bộ khu phố.",  # not glued to the open note
        "Một số chỉ tiêu chưa đạt(*)",  # Vietnamese drafts mark with "(*)"; a bare "*" reads as markup
    ]
    assert find(outline, "Phần thứ nhất", "I").title == "KẾT QUẢ ĐẠT ĐƯỢC²"
    assert find(outline, "Phần thứ nhất", "II").tables[0].rows[1] == ["Thu ngân sách", "⁵"]


def test_footnotes_read_like_the_text_form(tmp_path: Path) -> None:
    """Without the front matter note and the custom mark, the DOCX and the text give the same sections."""
    document = docx.Document()
    for text, refs in SCRIPT[:-1]:
        paragraph = document.add_paragraph(text)
        for note_id in refs:
            footnote_reference(paragraph, note_id)
    add_footnotes(document, {k: v for k, v in NOTES.items() if k <= 4})
    path = tmp_path / "giong-van-ban.docx"
    document.save(str(path))

    def sections(outline: Outline) -> list[tuple[str, str, list[str], list[tuple[str, str]]]]:
        return [
            (s.label, s.title, [p.text for p in s.paragraphs], [(f.mark, f.text) for f in s.footnotes])
            for s in outline.walk()
        ]

    assert sections(read_draft(path)) == sections(parse_text(TEXT_FORM))


def test_separator_notes_and_a_missing_part_are_harmless(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("I. KẾT QUẢ")
    footnote_reference(document.add_paragraph("Nội dung"), 9)  # a reference whose note is missing
    add_footnotes(document, {})
    path = tmp_path / "thieu.docx"
    document.save(str(path))
    section = read_draft(path).sections[0]
    assert section.footnotes == [] and [p.text for p in section.paragraphs] == ["Nội dung¹"]
