"""The third QA round (M1–M3, the minor findings and the wording), each as the user sees it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, select, update

from handlers.context import EngineConfig
from handlers.engine import Engine
from handlers.flow.amend import paragraph_number
from storage.db import Database
from storage.models import Comment, CommentWindow, Paragraph, Participant, Role, Section, Unit
from tests.factories import Built
from tests.handlers.helpers import User


async def open_section(user: User, label: str = "I. MỤC LỚN 1") -> None:
    await user.onboard()
    await user.press("Dự thảo Báo cáo chính trị")
    await user.press(label)


def comments(db: Database) -> list[Comment]:
    with db.unit() as s:
        return list(s.scalars(select(Comment).order_by(Comment.id)))


def participant(db: Database) -> Participant:
    with db.unit() as s:
        return s.scalars(select(Participant)).one()


def close_windows(db: Database) -> None:
    with db.unit() as s:
        s.execute(update(CommentWindow).values(closes_at=datetime.now(UTC) - timedelta(hours=1)))


def drop_paragraphs(db: Database, section_id: int, keep: int = 0) -> None:
    with db.unit() as s:
        s.execute(delete(Paragraph).where(Paragraph.section_id == section_id, Paragraph.number > keep))


def version_of(user: User) -> str:
    return next(iter(user.buttons.values())).split(":", 1)[0]


async def amend_to_reason(user: User) -> None:
    await user.press("Đề nghị sửa đổi, bổ sung")
    await user.send("2")
    await user.send("kinh tế xanh")
    await user.send("kinh tế xanh, kinh tế số")


# --- M1: "Sửa lại" → «Đề nghị sửa đổi, bổ sung» keeps what was typed ---


async def test_redo_as_amendment_keeps_the_typed_text_as_its_reason(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await user.send("Cần nói rõ kinh tế số.")
    await user.press("Sửa lại")
    await user.press("Đề nghị sửa đổi, bổ sung")
    assert "giữ lại làm lý do" in user.text and "[2]" in user.buttons
    await user.press("[2]")
    await user.send("kinh tế xanh")
    await user.send("kinh tế xanh, kinh tế số")
    assert "«Cần nói rõ kinh tế số.»" in user.text and "Giữ lý do này" in user.buttons
    await user.press("Giữ lý do này")
    assert "Lý do: Cần nói rõ kinh tế số." in user.text
    await user.press("Xác nhận")
    [c] = comments(db)
    assert (c.kind.value, c.reason, c.proposed_text) == ("amend", "Cần nói rõ kinh tế số.", "kinh tế xanh, kinh tế số")


async def test_the_kept_reason_can_be_replaced_by_typing(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await user.send("Lý do đã gõ.")
    await user.press("Sửa lại")
    await user.press("Đề nghị sửa đổi, bổ sung")
    await user.send("2")
    await user.send("kinh tế xanh")
    await user.send("bỏ")
    assert "gõ lý do khác để thay" in user.text
    await user.send("Lý do mới.")
    await user.press("Xác nhận")
    assert comments(db)[0].reason == "Lý do mới."


# --- M2: no amendment where the section has no paragraphs of its own ---


async def test_no_amend_kind_on_a_section_without_paragraphs(engine: Engine, db: Database, built: Built) -> None:
    drop_paragraphs(db, built.section_ids[0])
    user = User(engine)
    await open_section(user)
    assert "Đề nghị sửa đổi, bổ sung" not in user.buttons and "Ý kiến khác" in user.buttons
    await user.send("Mục này cần thêm số liệu.")
    await user.press("Sửa lại")
    assert list(user.buttons) == ["Nhất trí", "Không nhất trí", "Huỷ"]
    await user.press_payload(f"{version_of(user)}:rk:amend")  # reached anyway (an old client, a typed payload)
    assert "không có đoạn văn riêng" in user.text and "Nội dung: Mục này cần thêm số liệu." in user.text
    await user.press("Xác nhận")
    [c] = comments(db)
    assert (c.kind.value, c.text) == ("other", "Mục này cần thêm số liệu.")


# --- M3: whether the quoted wording was found, stored and shown ---


async def test_quote_found_is_stored_shown_in_my_comments_and_kept_on_edit(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await amend_to_reason(user)  # found
    await user.send("Lý do.")
    await user.press("Xác nhận")
    await user.press("Về mục lục")
    await user.press("I. MỤC LỚN 1")
    await user.press("Đề nghị sửa đổi, bổ sung")
    await user.send("2")
    await user.send("kinh tế nâu")
    await user.press("Vẫn giữ như đã gõ")
    await user.send("kinh tế xanh")
    await user.send("Lý do hai.")
    await user.press("Xác nhận")
    await user.press("Về mục lục")
    await user.press("I. MỤC LỚN 1")
    await user.send("một ý kiến khác")
    await user.press("Xác nhận")
    assert [c.quote_found for c in comments(db)] == [True, False, None]
    await user.send("/ykiencuatoi")
    mark = "«kinh tế nâu» (không tìm thấy trong đoạn [2]; giữ như bạn đã gõ)"
    assert user.text.count("không tìm thấy trong đoạn") == 1 and mark in user.text
    await user.press("Sửa #2")
    assert mark in user.text
    await user.press("Sửa lý do")
    await user.send("Lý do đã sửa.")
    assert mark in user.text
    await user.press("Xác nhận")
    edited = comments(db)[1]
    assert (edited.reason, edited.quote_found, edited.quoted_original) == ("Lý do đã sửa.", False, "kinh tế nâu")


# --- minor 1: the window closes during an edit or a withdrawal ---


@pytest.mark.parametrize(("button", "done"), [("Sửa #1", "chưa được sửa"), ("Rút #1", "chưa được rút")])
async def test_window_closing_before_confirming_an_edit_or_withdrawal(
    engine: Engine, db: Database, button: str, done: str
) -> None:
    user = User(engine)
    await open_section(user)
    await user.send("ý kiến gốc")
    await user.press("Xác nhận")
    await user.send("/ykiencuatoi")
    await user.press(button)
    if button.startswith("Sửa"):
        await user.send("ý kiến sửa")
    close_windows(db)
    await user.press("Xác nhận")
    assert done in user.text and "vẫn được giữ nguyên" in user.text
    assert "Ý kiến của bạn (1)" in user.text and "ý kiến gốc" in user.text
    [c] = comments(db)
    assert (c.text, c.edited_at, c.withdrawn_at) == ("ý kiến gốc", None, None)


@pytest.mark.parametrize(("button", "said"), [("Sửa #1", "không sửa được"), ("Rút #1", "không rút được")])
async def test_edit_or_withdraw_after_the_window_closed_is_said_at_once(
    engine: Engine, db: Database, button: str, said: str
) -> None:
    user = User(engine)
    await open_section(user)
    await user.send("ý kiến gốc")
    await user.press("Xác nhận")
    await user.send("/ykiencuatoi")
    close_windows(db)
    await user.press(button)
    assert said in user.text and "vẫn được giữ nguyên" in user.text and "Ý kiến của bạn (1)" in user.text
    assert "Xin gõ" not in user.text and "Xác nhận" not in user.buttons


# --- minor 2: "still being written" during an edit ---


async def test_leaving_an_unchanged_edit_does_not_ask(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await user.send("ý kiến gốc")
    await user.press("Xác nhận")
    await user.send("/ykiencuatoi")
    await user.press("Sửa #1")
    await user.send("/gopy")
    assert "Các dự thảo đang lấy ý kiến" in user.text and "dở" not in user.text


async def test_leaving_a_changed_edit_asks_to_drop_the_changes(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await user.send("ý kiến gốc")
    await user.press("Xác nhận")
    await user.send("/ykiencuatoi")
    await user.press("Sửa #1")
    await user.send("ý kiến sửa")
    await user.send("/gopy")
    assert "sửa dở một ý kiến đã gửi" in user.text and "giữ nguyên" in user.text
    assert list(user.buttons) == ["Sửa tiếp", "Bỏ các thay đổi, chuyển sang /gopy"]
    await user.press("Bỏ các thay đổi, chuyển sang /gopy")
    assert "Đã bỏ các thay đổi" in user.text and "Đã bỏ ý kiến đang viết dở" not in user.text
    assert comments(db)[0].text == "ý kiến gốc"


# --- minor 3: typed text goes to what the visible prompt asks for ---


async def test_text_typed_at_the_still_being_written_question_is_not_added(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await user.send("ý kiến đang viết")
    await user.send("/gopy")
    await user.send("thêm chữ")
    assert "chưa được ghi vào ý kiến" in user.text and "Viết tiếp ý kiến này" in user.buttons
    await user.send("viết tiếp ý kiến này")  # typed: as the button
    assert "Nội dung: ý kiến đang viết" in user.text and "thêm chữ" not in user.text
    await user.press("Xác nhận")
    assert comments(db)[0].text == "ý kiến đang viết"


async def test_typed_send_at_the_agree_prompt_is_the_button(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await user.press("Nhất trí")
    await user.send("gửi")
    assert "Loại ý kiến: Nhất trí" in user.text and "(không kèm nội dung)" in user.text


# --- minor 4: the paragraph typed ---


def _paras(*numbers: int) -> list[Paragraph]:
    return [Paragraph(number=n, text="", label=None) for n in numbers]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("-1", None), ("1 2", None), ("đoạn số 11", 11), ("Đoạn số [2].", 2), ("số 2", 2), ("12", 12), ("[ 1 ]", 1)],
)
def test_paragraph_number(typed: str, expected: int | None) -> None:
    assert paragraph_number(typed, _paras(1, 2, 11, 12)) == expected


async def test_a_section_with_one_paragraph_says_so(engine: Engine, db: Database, built: Built) -> None:
    drop_paragraphs(db, built.section_ids[0], keep=1)
    user = User(engine)
    await open_section(user)
    await user.press("Đề nghị sửa đổi, bổ sung")
    await user.send("2")
    assert "chỉ có đoạn [1]" in user.text and "từ 1 đến 1" not in user.text


# --- minor 5: text typed where no text is asked for ---


async def test_text_on_the_outline_can_become_a_general_comment(engine: Engine, db: Database) -> None:
    user = User(engine)
    await user.onboard()
    await user.press("Dự thảo Báo cáo chính trị")
    await user.send("Dự thảo viết gọn, dễ hiểu.")
    assert "chưa được ghi" in user.text and "chọn mục đó trong mục lục" in user.text
    assert list(user.buttons) == ["Ghi thành góp ý chung cho toàn văn", "Về mục lục"]
    await user.press("Ghi thành góp ý chung cho toàn văn")
    assert "Loại ý kiến: Góp ý chung cho toàn văn" in user.text and "Dự thảo viết gọn, dễ hiểu." in user.text
    await user.press("Xác nhận")
    [c] = comments(db)
    assert (c.kind.value, c.target_kind.value, c.text) == ("general", "document", "Dự thảo viết gọn, dễ hiểu.")


async def test_text_on_my_comments_says_it_was_not_recorded(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await user.send("ý kiến")
    await user.press("Xác nhận")
    await user.send("/ykiencuatoi")
    await user.send("sửa giúp tôi")
    assert "chưa được ghi thành ý kiến" in user.text and "«Sửa #…»" in user.text and "Sửa #1" in user.buttons
    assert len(comments(db)) == 1


# --- minor 9: changing role and area ---


async def _change(user: User) -> None:
    await user.send("/start")
    await user.press_payload(user.last[0].choices[0][0].payload)  # "Đổi vai trò, khu phố/thôn"


async def test_a_change_of_role_is_saved_only_when_finished_and_huy_cancels_it(engine: Engine, db: Database) -> None:
    user = User(engine)
    await user.onboard()
    await _change(user)
    await user.press("Đảng viên")
    assert participant(db).role == Role.RESIDENT  # not yet: the area is still asked
    await user.send("/huy")
    assert "Đã huỷ việc đổi vai trò" in user.text and participant(db).role == Role.RESIDENT


async def test_skip_keeps_the_area_and_another_button_clears_it(engine: Engine, db: Database) -> None:
    user = User(engine)
    await user.send("/start")
    await user.press("Đồng ý")
    await user.press("Người dân")
    await user.press("Khu phố 1")
    area = participant(db).area_id
    await _change(user)
    await user.press("Đảng viên")
    assert "Hiện tại: Khu phố 1" in user.text and "Không chọn khu phố/thôn" in user.buttons
    await user.press("Bỏ qua")
    assert "Đã lưu: bạn tham gia góp ý với vai trò đảng viên, Khu phố 1." in user.text
    p = participant(db)
    assert (p.role, p.area_id) == (Role.MEMBER, area)
    await _change(user)
    await user.press("Người dân")
    await user.press("Không chọn khu phố/thôn")
    p = participant(db)
    assert (p.role, p.area_id) == (Role.RESIDENT, None)
    with db.unit() as s:
        assert s.get(Unit, area) is not None  # the area itself stays


# --- wording ---


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


async def test_spaces_only_is_called_empty(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await user.send("   ")
    assert "trống" in user.text and "biểu tượng" not in user.text
    await amend_to_reason(user)
    await user.send("   ")
    assert "lý do" in user.text and "nội dung đề nghị" not in user.text and "biểu tượng" not in user.text
    assert comments(db) == []


async def test_rate_limit_says_what_really_happens(db: Database, built: Built) -> None:
    engine = Engine(db, EngineConfig(rate_limit_per_minute=2))
    user = User(engine)
    await user.send("/giupdo")
    await user.send("/giupdo")
    await user.send("/giupdo")
    assert "tin nhắn này chưa được xử lý" in user.text and "trước đó đã được xử lý" in user.text
    assert "một phút tới" in user.text and "không báo lại" in user.text
    assert await user.send("/giupdo") == []
    engine.close()


async def test_help_mentions_topics_skip_and_who_changes_role(engine: Engine) -> None:
    user = User(engine)
    await user.send("/giupdo")
    for needle in ("Gợi ý thảo luận", "«Bỏ qua»", "người dân và đảng viên tự đổi"):
        assert needle in user.text
    assert len(user.text) <= 4096
