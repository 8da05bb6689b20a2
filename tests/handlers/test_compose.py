"""Writing a comment: a stance saved at a tap, words saved as typed (then added to, edited, cancelled), each kind,
long comments, typed labels, empty and emoji-only messages, commands while writing."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from core.messages import t
from handlers.engine import Engine
from storage.db import Database
from storage.models import CommentWindow
from tests.factories import Built
from tests.handlers.helpers import SECTION_BUTTONS, User, amend, amend_saved, comments, open_section, two_sentences

SAVED = "✓ Đã ghi nhận ý kiến"  # a typed comment, saved


def close_windows(db: Database) -> None:
    with db.unit() as s:
        s.execute(update(CommentWindow).values(closes_at=datetime.now(UTC) - timedelta(hours=1)))


async def test_agree_is_saved_at_once_and_moves_on(engine: Engine, db: Database, built: Built) -> None:
    user = User(engine)
    await open_section(user)
    await user.press("Nhất trí")
    assert "✓ Đã ghi nhận: Nhất trí với" in user.text and "Mục 2/6" in user.text  # the next section, at once
    assert "Hoàn tác" in user.buttons and "Nhất trí" in user.buttons
    [c] = comments(db)
    assert (c.kind.value, c.target_kind.value, c.section_id, c.text, c.channel, c.audience.value) == (
        "agree",
        "section",
        built.section_ids[0],
        "",
        "test",
        "residents",
    )


async def test_agree_on_the_last_section_goes_to_the_outline(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    for _ in range(5):
        await user.press("Mục sau")
    assert "Mục 6/6" in user.text and "Mục sau" not in user.buttons
    await user.press("Nhất trí")
    assert "✓ Đã ghi nhận: Nhất trí" in user.text and t("chat.view.last") in user.text
    assert "Mục lục (trang" in user.text and "Hoàn tác" in user.buttons
    assert [c.kind.value for c in comments(db)] == ["agree"]


async def test_disagree_is_saved_at_once_and_its_reason_kept_verbatim(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await user.press("Không nhất trí")
    assert "✓ Đã ghi nhận: Không nhất trí với" in user.text and "lý do" in user.text and "Mục 1/6" in user.text
    [c] = comments(db)
    assert (c.kind.value, c.text) == ("disagree", "")
    await user.send("   ")
    assert "trống" in user.text and comments(db)[0].text == ""
    typed = "Đề nghị xem lại chỉ tiêu hòa nhập"
    nfd = unicodedata.normalize("NFD", typed)
    await user.send(nfd)
    assert SAVED in user.text
    [c] = comments(db)  # the reason completes the same comment, as typed
    assert (c.kind.value, c.text, c.text_norm) == ("disagree", nfd, unicodedata.normalize("NFC", typed))
    assert c.edited_at is None  # a reason given is not an edit


async def test_general_proposal_and_topic_are_saved_as_typed(engine: Engine, db: Database) -> None:
    user = User(engine)
    await user.onboard()
    await user.press("Dự thảo Báo cáo chính trị")
    await user.press("Góp ý chung cho toàn văn")
    assert list(user.buttons) == ["Huỷ"] and comments(db) == []
    await user.send("Dự thảo công phu.")
    assert SAVED in user.text and "Góp ý chung cho toàn văn" in user.text
    await user.press("Về mục lục")
    await user.press("Đề xuất, kiến nghị")
    await user.send("Nên lấy ý kiến thêm qua họp khu phố.")
    assert SAVED in user.text and "Đề xuất, kiến nghị" in user.text
    await user.press("Về mục lục")
    await user.press("Gợi ý 2: Về các khâu đột phá")
    assert "Gợi ý 2" in user.text and "Nhất trí" not in user.buttons  # a question: answered in words
    await user.send("Cần thêm đột phá về hạ tầng số.")
    assert SAVED in user.text and "Ý kiến khác" in user.text
    saved = [(c.kind.value, c.target_kind.value, c.text) for c in comments(db)]
    assert saved == [
        ("general", "document", "Dự thảo công phu."),
        ("proposal", "document", "Nên lấy ý kiến thêm qua họp khu phố."),
        ("other", "topic", "Cần thêm đột phá về hạ tầng số."),
    ]


async def test_cancel_saves_nothing_and_goes_back_to_the_section(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await user.press("Ý kiến khác")
    assert list(user.buttons) == ["Huỷ"]
    await user.press("Huỷ")
    assert t("chat.view.cancelled") in user.text and "Mục 1/6" in user.text
    assert list(user.buttons) == SECTION_BUTTONS
    await user.press("Ý kiến khác")
    await user.send("/huy")
    assert t("chat.view.cancelled") in user.text and list(user.buttons) == SECTION_BUTTONS
    await user.send("/huy")
    assert t("chat.nothing_to_cancel") in user.text
    assert comments(db) == []


async def test_edit_replaces_the_words_and_a_cancelled_edit_keeps_them(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await user.send("bản nháp đầu tiên")
    assert SAVED in user.text and "«bản nháp đầu tiên»" in user.text
    assert comments(db)[0].edited_at is None
    await user.press("Sửa")
    assert "«bản nháp đầu tiên»" in user.text and list(user.buttons) == ["Huỷ"]
    await user.send("bản đúng")
    assert t("chat.view.updated") in user.text and "«bản đúng»" in user.text
    [c] = comments(db)
    assert (c.text, c.withdrawn_at) == ("bản đúng", None) and c.edited_at is not None
    await user.press("Sửa")
    await user.press("Huỷ")
    assert t("chat.view.cancelled") in user.text and "Mục 1/6" in user.text
    assert [c.text for c in comments(db)] == ["bản đúng"]


async def test_a_comment_typed_after_the_window_closed_is_not_saved(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await user.press("Ý kiến khác")
    close_windows(db)
    await user.send("gửi muộn")
    assert "hết hạn góp ý" in user.text and "chưa được ghi" in user.text
    assert "(góp ý từ" in user.text  # the list of drafts shows this one as closed, with its dates
    assert "Nhất trí" not in user.last[-1].text and not user.last[-1].choices  # nothing left to press on it
    assert comments(db) == []


async def test_too_long_text(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await user.press("Ý kiến khác")
    await user.send("a" * 4001)
    assert "4001 ký tự" in user.text and "4000" in user.text and comments(db) == []
    await user.send("ngắn thôi")
    assert "«ngắn thôi»" in user.text and [c.text for c in comments(db)] == ["ngắn thôi"]


async def _to_step(user: User, step: str) -> None:
    if step == "compose":  # a kind chosen, nothing typed yet
        await user.press("Ý kiến khác")
    elif step == "reason":  # «Không nhất trí» and its reason typed
        await user.press("Không nhất trí")
        await user.send("ý kiến đang viết")
    elif step == "amend_new":  # the words chosen, the new wording not yet typed
        await amend(user, "2", "kinh tế xanh")
    elif step == "amend_reason":  # the amendment saved, its reason typed
        await amend_saved(user)
        await user.send("Theo xu hướng chung.")


# What is stored once each step is left: only what was typed (a kind or words chosen are not a comment).
TYPED = {
    "compose": [],
    "reason": [("disagree", "ý kiến đang viết", None)],
    "amend_new": [],
    "amend_reason": [("amend", "", "Theo xu hướng chung.")],
}
SHOWN = {"/gopy": "Các dự thảo đang lấy ý kiến", "/ykiencuatoi": "Ý kiến của", "/start": "vai trò người dân"}


@pytest.mark.parametrize("command", ["/gopy", "/ykiencuatoi", "/start"])
@pytest.mark.parametrize("step", ["compose", "reason", "amend_new", "amend_reason"])
async def test_a_command_while_writing_goes_straight_on_and_loses_nothing_typed(
    engine: Engine, db: Database, built: Built, command: str, step: str
) -> None:
    two_sentences(db, built.section_ids[0])
    user = User(engine)
    await open_section(user)
    await _to_step(user, step)
    await user.send(command)
    assert "đang viết dở" not in user.text and "Viết tiếp ý kiến này" not in user.buttons  # not asked
    shown = SHOWN[command] if command != "/ykiencuatoi" or TYPED[step] else "chưa gửi ý kiến nào"
    assert shown in user.text
    assert [(c.kind.value, c.text, c.reason) for c in comments(db)] == TYPED[step]


async def test_text_typed_after_leaving_is_not_added_to_the_saved_comment(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await user.send("ý kiến đã gõ")
    await user.send("/gopy")
    await user.send("thêm chữ")
    assert "chưa được ghi thành ý kiến" in user.text and "Dự thảo Báo cáo chính trị" in user.buttons
    assert [c.text for c in comments(db)] == ["ý kiến đã gõ"]


async def test_text_typed_after_a_comment_is_saved_is_added_to_it(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await user.press("Ý kiến khác")
    await user.send("a" * 4001)
    assert "4001 ký tự" in user.text and "nhiều tin nhắn" in user.text and "nối" in user.text
    await user.send("Phần 1: " + "x" * 3900)
    await user.send("Phần 2: " + "y" * 3900)
    assert t("chat.view.added") in user.text
    edit = user.buttons["Sửa"]
    await user.send("b" * 4001)  # refused, and nothing changes: the saved comment's buttons still work
    assert "4001 ký tự" in user.text and user.buttons["Sửa"] == edit
    await user.send("Phần 3.", update_id="part-3")
    await user.send("Phần 3.", update_id="part-3")  # a redelivery adds nothing
    [c] = comments(db)
    assert c.text == "Phần 1: " + "x" * 3900 + "\nPhần 2: " + "y" * 3900 + "\nPhần 3."
    assert c.edited_at is None  # words added to what was just said are not an edit


async def test_a_comment_has_a_total_cap(engine: Engine, db: Database) -> None:
    engine.config.max_comment_length = 30
    user = User(engine)
    await open_section(user)
    await user.send("Hai mươi ký tự đầu..")
    await user.send("và mười lăm nữa")
    assert "mức dài nhất" in user.text
    assert [c.text for c in comments(db)] == ["Hai mươi ký tự đầu.."]  # what is saved stays


@pytest.mark.parametrize(
    ("typed", "expect", "saved"),
    [
        ("Nhất trí", "✓ Đã ghi nhận: Nhất trí", [("agree", "")]),
        ("nhất trí", "✓ Đã ghi nhận: Nhất trí", [("agree", "")]),
        ("nhat tri", "✓ Đã ghi nhận: Nhất trí", [("agree", "")]),
        ("KHÔNG NHẤT TRÍ", "✓ Đã ghi nhận: Không nhất trí", [("disagree", "")]),
        ("Ý kiến khác", "gõ ý kiến về mục I. MỤC LỚN 1", []),
        ("đề nghị sửa đổi, bổ sung", "muốn sửa đoạn nào", []),
        ("Mục sau", "Mục 2/6", []),
        ("về mục lục", "Mục lục (trang", []),
    ],
)
async def test_typing_a_button_label_on_a_section_presses_it(
    engine: Engine, db: Database, typed: str, expect: str, saved: list[tuple[str, str]]
) -> None:
    user = User(engine)
    await open_section(user)
    await user.send(typed)
    assert expect in user.text and SAVED not in user.text  # not a comment in those words
    assert [(c.kind.value, c.text) for c in comments(db)] == saved


async def test_only_spaces_after_a_stance_add_nothing(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await user.press("Nhất trí")
    await user.send("   ")
    assert "trống" in user.text and SAVED not in user.text
    assert [(c.kind.value, c.text) for c in comments(db)] == [("agree", "")]


@pytest.mark.parametrize("emoji", ["👍👍", "🙏 !!", "❤️"])
async def test_emoji_only_asks_for_words(engine: Engine, db: Database, emoji: str) -> None:
    user = User(engine)
    await open_section(user)
    await user.send(emoji)  # on the section
    assert "bằng chữ" in user.text and comments(db) == []
    await user.press("Không nhất trí")
    await user.send(emoji)  # as the reason
    assert "bằng chữ" in user.text
    await user.press("Ý kiến khác")
    await user.send(emoji)  # as a comment being typed
    assert "bằng chữ" in user.text
    await user.send("Có chữ.")
    await user.send(emoji)  # added to the comment just saved
    assert "bằng chữ" in user.text
    assert [(c.kind.value, c.text) for c in comments(db)] == [("disagree", ""), ("other", "Có chữ.")]


async def test_spaces_only_is_called_empty(engine: Engine, db: Database, built: Built) -> None:
    two_sentences(db, built.section_ids[0])
    user = User(engine)
    await open_section(user)
    await user.send("   ")
    assert "trống" in user.text and "biểu tượng" not in user.text and comments(db) == []
    await amend_saved(user)
    await user.send("   ")  # as the amendment's reason
    assert "trống" in user.text and "biểu tượng" not in user.text
    assert [(c.kind.value, c.reason) for c in comments(db)] == [("amend", "")]


@pytest.mark.parametrize("stance", [True, False])
async def test_a_comment_in_parts_is_joined_in_the_order_sent(engine: Engine, db: Database, stance: bool) -> None:
    """Two workers may take a comment's parts in another order: the update ids say the order they were sent (the
    first part handled may be the one saved, the others added to it)."""
    user = User(engine)
    await open_section(user)
    if stance:
        await user.press("Không nhất trí")  # the parts are its reason
    await user.send("Phần thứ 2.", update_id="900000002")  # handled first, though sent second
    for update_id, text in (("900000001", "Phần thứ 1."), ("900000004", "Phần thứ 4."), ("900000003", "Phần thứ 3.")):
        await user.send(text, update_id=update_id)
    assert [c.text for c in comments(db)] == ["Phần thứ 1.\nPhần thứ 2.\nPhần thứ 3.\nPhần thứ 4."]
