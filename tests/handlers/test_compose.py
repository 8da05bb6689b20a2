"""Writing a comment: each kind, confirmation, «Sửa lại», long comments, typed labels, pending work kept."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from handlers.engine import Engine
from storage.db import Database
from storage.models import CommentWindow
from tests.factories import Built
from tests.handlers.helpers import User, amend, amend_to_reason, comments, open_section


async def test_agree_without_text_then_next(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await user.press("Nhất trí")
    assert list(user.buttons) == ["Gửi", "Huỷ"]
    await user.press("Gửi")
    assert "Loại ý kiến: Nhất trí" in user.text and "(không kèm nội dung)" in user.text
    assert list(user.buttons) == ["Xác nhận", "Sửa lại", "Huỷ"]
    await user.press("Xác nhận")
    assert user.text.startswith("Đã ghi nhận") and "Mục tiếp theo" in user.buttons
    [c] = comments(db)
    assert (c.kind.value, c.target_kind.value, c.text, c.channel, c.audience.value) == (
        "agree",
        "section",
        "",
        "test",
        "residents",
    )


async def test_disagree_requires_text_and_keeps_it_verbatim(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await user.press("Không nhất trí")
    await user.send("   ")
    assert "cần có nội dung" in user.text
    typed = "Đề nghị xem lại chỉ tiêu hòa nhập"  # NFD input
    nfd = unicodedata.normalize("NFD", typed)
    await user.send(nfd)
    await user.press("Xác nhận")
    [c] = comments(db)
    assert c.text == nfd and c.text_norm == unicodedata.normalize("NFC", typed)


async def test_general_and_proposal_and_topic(engine: Engine, db: Database) -> None:
    user = User(engine)
    await user.onboard()
    await user.press("Dự thảo Báo cáo chính trị")
    await user.press("Góp ý chung cho toàn văn")
    await user.send("Dự thảo công phu.")
    await user.press("Xác nhận")
    await user.press("Về mục lục")
    await user.press("Đề xuất, kiến nghị")
    await user.send("Nên lấy ý kiến thêm qua họp khu phố.")
    await user.press("Xác nhận")
    await user.press("Về mục lục")
    await user.press("Gợi ý 2: Về các khâu đột phá")
    assert "Gợi ý 2" in user.text
    await user.send("Cần thêm đột phá về hạ tầng số.")  # typed while reading: "Ý kiến khác"
    assert "Loại ý kiến: Ý kiến khác" in user.text
    await user.press("Xác nhận")
    kinds = [(c.kind.value, c.target_kind.value) for c in comments(db)]
    assert kinds == [("general", "document"), ("proposal", "document"), ("other", "topic")]


async def test_redo_and_cancel(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await user.press("Ý kiến khác")
    await user.send("bản nháp")
    await user.press("Sửa lại")
    assert "Xin gõ ý kiến" in user.text
    await user.send("bản đúng")
    assert "Nội dung: bản đúng" in user.text
    await user.press("Huỷ")
    assert "chưa được ghi" in user.text
    await user.send("/tieptuc")  # back on the section, with its buttons
    await user.press("Ý kiến khác")
    await user.send("/huy")
    assert "Đã huỷ" in user.text
    await user.send("/huy")
    assert "Không có thao tác nào đang dở" in user.text
    assert comments(db) == []


async def test_closed_window(db: Database, built: Built, engine: Engine) -> None:
    user = User(engine)
    await open_section(user)
    await user.press("Ý kiến khác")
    await user.send("gửi muộn")
    with db.unit() as s:
        s.execute(update(CommentWindow).values(closes_at=datetime.now(UTC) - timedelta(hours=1)))
    await user.press("Xác nhận")
    assert "không trong thời hạn góp ý" in user.text and "chưa được ghi" in user.text
    assert "(góp ý từ" in user.text  # the list now shows the document as closed, with its dates
    assert "Dự thảo Báo cáo chính trị" not in user.buttons
    assert comments(db) == []


async def test_too_long_text(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await user.press("Ý kiến khác")
    await user.send("a" * 4001)
    assert "4001 ký tự" in user.text and "4000" in user.text
    await user.send("ngắn thôi")
    assert "Nội dung: ngắn thôi" in user.text


async def _to_step(user: User, step: str) -> None:
    if step == "compose":  # "Nhất trí" chosen, nothing typed yet: not a pending comment
        await user.press("Không nhất trí")
    elif step == "confirm":
        await user.press("Không nhất trí")
        await user.send("ý kiến đang viết")
    elif step == "amend_new":
        await amend(user, "2", "kinh tế xanh")
    elif step == "amend_reason":
        await amend(user, "2", "kinh tế xanh")
        await user.send("kinh tế xanh, kinh tế số")


@pytest.mark.parametrize("command", ["/gopy", "/ykiencuatoi", "/start"])
@pytest.mark.parametrize("step", ["confirm", "amend_new", "amend_reason"])
async def test_a_command_mid_compose_asks_and_tieptuc_brings_it_back(
    engine: Engine, db: Database, command: str, step: str
) -> None:
    user = User(engine)
    await open_section(user)
    await _to_step(user, step)
    before = user.text
    await user.send(command)
    assert "Bạn đang viết dở một ý kiến" in user.text and "vẫn được giữ" in user.text
    assert list(user.buttons) == ["Viết tiếp ý kiến này", f"Bỏ ý kiến này, chuyển sang {command}"]
    await user.send("/tieptuc")
    assert user.text.split("\n")[0] == before.split("\n")[0]  # the same prompt as before the command
    if step == "confirm":
        await user.press("Xác nhận")
        assert user.text.startswith("Đã ghi nhận") and comments(db)[0].text == "ý kiến đang viết"


async def test_mid_compose_continue_or_drop(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await _to_step(user, "amend_reason")
    await user.send("/gopy")
    await user.press("Viết tiếp ý kiến này")
    assert "lý do" in user.text
    await user.send("/ykiencuatoi")
    await user.press("Bỏ ý kiến này, chuyển sang /ykiencuatoi")
    assert "Đã bỏ ý kiến đang viết dở" in user.text and "chưa gửi ý kiến nào" in user.text
    await user.send("/tieptuc")
    assert "Bạn đang viết dở" not in user.text and comments(db) == []


async def test_a_command_right_after_choosing_a_kind_goes_straight_on(engine: Engine) -> None:
    user = User(engine)
    await open_section(user)
    await _to_step(user, "compose")  # nothing typed yet: nothing to lose
    await user.send("/gopy")
    assert "Các dự thảo đang lấy ý kiến" in user.text


async def test_text_typed_at_the_confirmation_is_added(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await user.press("Ý kiến khác")
    await user.send("a" * 4001)
    assert "nhiều tin nhắn" in user.text and "nối" in user.text
    await user.send("Phần 1: " + "x" * 3900)
    await user.send("Phần 2: " + "y" * 3900)
    confirm = user.buttons["Xác nhận"]
    await user.send("b" * 4001)  # refused, and nothing changes: the last confirmation's buttons still work
    assert "4001 ký tự" in user.text and user.buttons["Xác nhận"] == confirm
    await user.send("Phần 3.", update_id="part-3")
    await user.send("Phần 3.", update_id="part-3")  # a redelivery adds nothing
    assert "Phần 1: " in user.text and user.text.count("Phần 3.") == 1
    await user.press("Xác nhận")
    [c] = comments(db)
    assert c.text == "Phần 1: " + "x" * 3900 + "\nPhần 2: " + "y" * 3900 + "\nPhần 3."


async def test_a_comment_has_a_total_cap(engine: Engine, db: Database) -> None:
    engine.config.max_comment_length = 30
    user = User(engine)
    await open_section(user)
    await user.send("Hai mươi ký tự đầu..")
    await user.send("và mười lăm nữa")
    assert "mức dài nhất" in user.text
    await user.press("Xác nhận")
    assert comments(db)[0].text == "Hai mươi ký tự đầu.."


@pytest.mark.parametrize(
    ("typed", "expect"),
    [
        ("Nhất trí", "Bạn nhất trí với"),
        ("nhất trí", "Bạn nhất trí với"),
        ("nhat tri", "Bạn nhất trí với"),
        ("KHÔNG NHẤT TRÍ", "Bạn không nhất trí"),
        ("Ý kiến khác", "Xin gõ ý kiến"),
        ("đề nghị sửa đổi, bổ sung", "đoạn nào"),
        ("Mục tiếp theo", "Mục 2/6"),
        ("Bỏ qua.", "Mục 2/6"),
        ("về mục lục", "Mục lục (trang"),
    ],
)
async def test_typing_a_button_label_on_a_section_presses_it(
    engine: Engine, db: Database, typed: str, expect: str
) -> None:
    user = User(engine)
    await open_section(user)
    await user.send(typed)
    assert expect in user.text and "Loại ý kiến" not in user.text
    assert comments(db) == []


async def test_typed_confirm_and_typed_other_can_change_kind(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await user.send("Chỉ tiêu cần cao hơn.")
    assert "Loại ý kiến: Ý kiến khác" in user.text and "bấm «Sửa lại»" in user.text
    await user.press("Sửa lại")
    assert list(user.buttons) == ["Nhất trí", "Không nhất trí", "Đề nghị sửa đổi, bổ sung", "Huỷ"]
    await user.press("Không nhất trí")
    assert "Loại ý kiến: Không nhất trí" in user.text and "Chỉ tiêu cần cao hơn." in user.text
    await user.send("xác nhận")  # typed: as the button
    assert user.text.startswith("Đã ghi nhận")
    [c] = comments(db)
    assert (c.kind.value, c.text) == ("disagree", "Chỉ tiêu cần cao hơn.")


async def test_agree_then_only_spaces_is_plain_agreement(engine: Engine) -> None:
    user = User(engine)
    await open_section(user)
    await user.press("Nhất trí")
    await user.send("   ")
    assert "Loại ý kiến: Nhất trí" in user.text and "(không kèm nội dung)" in user.text


@pytest.mark.parametrize("emoji", ["👍👍", "🙏 !!", "❤️"])
async def test_emoji_only_asks_for_words(engine: Engine, db: Database, emoji: str) -> None:
    user = User(engine)
    await open_section(user)
    await user.send(emoji)
    assert "bằng chữ" in user.text
    await user.press("Không nhất trí")
    await user.send(emoji)
    assert "bằng chữ" in user.text
    assert comments(db) == []


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


async def test_spaces_only_is_called_empty(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await user.send("   ")
    assert "trống" in user.text and "biểu tượng" not in user.text
    await amend_to_reason(user)
    await user.send("   ")
    assert "lý do" in user.text and "nội dung đề nghị" not in user.text and "biểu tượng" not in user.text
    assert comments(db) == []


async def test_a_comment_in_parts_is_joined_in_the_order_sent(engine: Engine, db: Database) -> None:
    """Two workers may take a comment's parts in another order: the update ids say the order they were sent."""
    user = User(engine)
    await open_section(user)
    await user.press("Không nhất trí")
    await user.send("Phần 2.", update_id="900000002")  # handled first, though sent second
    for update_id, text in (("900000001", "Phần 1."), ("900000004", "Phần 4."), ("900000003", "Phần 3.")):
        await user.send(text, update_id=update_id)
    await user.press("Xác nhận")
    assert [c.text for c in comments(db)] == ["Phần 1.\nPhần 2.\nPhần 3.\nPhần 4."]
