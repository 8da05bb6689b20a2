"""Reading: the documents, the paged outline with its topics and parts, a section's paragraphs, footnotes and tables."""

from __future__ import annotations

from sqlalchemy import select, update

from handlers.engine import Engine
from storage.db import Database
from storage.models import DraftTable, Footnote, Paragraph, Section
from tests.factories import Built
from tests.handlers.helpers import SECTION_BUTTONS, User, comments, open_section


async def test_outline_topics_and_paging(engine: Engine, db: Database, built: Built) -> None:
    engine.config.outline_page_size = 4
    user = User(engine)
    await user.onboard()
    await user.press("Dự thảo Báo cáo chính trị")
    assert "Gợi ý thảo luận" in user.text and "Mục lục (trang 1/2)" in user.text
    labels = list(user.buttons)
    assert labels[:2] == ["Gợi ý 1: Về mục tiêu tổng quát", "Gợi ý 2: Về các khâu đột phá"]
    assert labels[-3:] == ["Trang sau", "Góp ý chung cho toàn văn", "Đề xuất, kiến nghị"]
    await user.press("Trang sau")
    assert "trang 2/2" in user.text and "Trang trước" in user.buttons and "– 1. Mục con của 3" in user.buttons


async def test_section_shows_numbered_paragraphs_and_progress(engine: Engine) -> None:
    user = User(engine)
    await open_section(user, "– 1. Mục con của 2")
    title, head = user.text.split("\n")[:2]
    assert title.startswith("Dự thảo Báo cáo chính trị · Hạn góp ý: ")
    assert head == "Mục 4/6 · 1. Mục con của 2"
    assert "[1] Đoạn thứ nhất của mục 3." in user.text
    assert "[2] (2) Phát triển kinh tế xanh" in user.text
    assert list(user.buttons) == [*SECTION_BUTTONS[:4], "Mục trước", *SECTION_BUTTONS[4:]]  # not the first section
    await user.press("Mục sau")
    assert user.text.split("\n")[1] == "Mục 5/6 · III. MỤC LỚN 3"
    await user.press("Mục trước")
    assert user.text.split("\n")[1] == "Mục 4/6 · 1. Mục con của 2"


async def test_section_shows_its_footnotes_and_tables(engine: Engine, db: Database, built: Built) -> None:
    with db.unit() as s:
        sec = built.section_ids[3]  # "– 1. Mục con của 2"
        s.add(Footnote(section_id=sec, mark="12", text="Số liệu đến hết năm 2024."))
        s.add(
            DraftTable(section_id=sec, order=0, rows=[["STT", "Chỉ tiêu", "Kết quả"], ["1", "Thu ngân sách", "117%"]])
        )
    user = User(engine)
    await open_section(user, "– 1. Mục con của 2")
    assert "Chú thích:\n¹² Số liệu đến hết năm 2024." in user.text
    assert "Bảng 1:\nSTT | Chỉ tiêu | Kết quả\n1 | Thu ngân sách | 117%" in user.text


async def test_outline_indents_parts_and_names_the_parents(engine: Engine, db: Database, built: Built) -> None:
    with db.unit() as s:
        for sec in s.scalars(select(Section).where(Section.document_id == built.document_id)):
            sec.order += 100  # after the part (I., II. keep depth 1, their items depth 2)
        s.flush()
        part = Section(document_id=built.document_id, order=0, label="Phần thứ nhất", title="KẾT QUẢ", depth=0)
        s.add(part)
        s.flush()
        s.execute(update(Section).where(Section.depth == 1).values(parent_id=part.id))
    engine.config.outline_page_size = 4
    user = User(engine)
    await user.onboard()
    await user.press("Dự thảo Báo cáo chính trị")
    assert [b for b in user.buttons if "MỤC LỚN 1" in b or "Phần" in b or "con của 1" in b] == [
        "Phần thứ nhất. KẾT QUẢ",
        "– I. MỤC LỚN 1",
        "– – 1. Mục con của 1",
    ]
    await user.press("Trang sau")
    assert "(tiếp theo của: Phần thứ nhất. KẾT QUẢ › II. MỤC LỚN 2)" in user.text
    await user.press("– – 1. Mục con của 2")
    await user.send("ý kiến mục con")  # saved as typed
    await user.send("/ykiencuatoi")
    assert "về Phần thứ nhất, mục II.1. Mục con của 2" in user.text  # a part is not a "mục"


async def test_text_on_the_outline_can_become_a_general_comment(engine: Engine, db: Database) -> None:
    user = User(engine)
    await user.onboard()
    await user.press("Dự thảo Báo cáo chính trị")
    await user.send("Dự thảo viết gọn, dễ hiểu.")
    assert "chưa được ghi" in user.text and "chọn mục đó trong mục lục" in user.text
    assert list(user.buttons) == ["Ghi thành góp ý chung cho toàn văn", "Về mục lục"]
    assert comments(db) == []  # not recorded until asked
    await user.press("Ghi thành góp ý chung cho toàn văn")
    assert "✓ Đã ghi nhận" in user.text and "(Góp ý chung cho toàn văn)" in user.text
    assert "«Dự thảo viết gọn, dễ hiểu.»" in user.text and {"Sửa", "Rút lại"} <= set(user.buttons)
    [c] = comments(db)
    assert (c.kind.value, c.target_kind.value, c.text) == ("general", "document", "Dự thảo viết gọn, dễ hiểu.")


async def test_a_part_is_not_called_a_section(engine: Engine, db: Database, built: Built) -> None:
    with db.unit() as s:
        part = Section(document_id=built.document_id, order=-1, label="Phần thứ nhất", title="KẾT QUẢ", depth=0)
        s.add(part)
        s.flush()
        s.add(Paragraph(section_id=part.id, number=1, text="Mở đầu của phần."))
    user = User(engine)
    await open_section(user, "Phần thứ nhất. KẾT QUẢ")
    await user.press("Ý kiến khác")
    assert "về Phần thứ nhất. KẾT QUẢ" in user.text and "mục Phần" not in user.text
