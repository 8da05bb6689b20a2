"""The QA findings (M1–M5 and the minor ones), each as the user sees it."""

from __future__ import annotations

import io
import unicodedata
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from bot.channels.console import ConsoleChat
from handlers.engine import Engine
from handlers.text import find_folded, fold
from handlers.types import Choice, Incoming, Kind, Reply
from storage.db import Database
from storage.models import Comment, CommentWindow, Paragraph, Participant, Role, Section
from tests.factories import Built
from tests.handlers.helpers import User


async def open_section(user: User, label: str = "I. MỤC LỚN 1") -> None:
    await user.onboard()
    await user.press("Dự thảo Báo cáo chính trị")
    await user.press(label)


def comments(db: Database) -> list[Comment]:
    with db.unit() as s:
        return list(s.scalars(select(Comment).order_by(Comment.id)))


def set_paragraph(db: Database, built: Built, number: int, text: str, label: str | None = None) -> None:
    with db.unit() as s:
        para = s.scalars(
            select(Paragraph).where(Paragraph.section_id == built.section_ids[0], Paragraph.number == number)
        ).first()
        if para is None:
            s.add(Paragraph(section_id=built.section_ids[0], number=number, text=text, label=label, page=1, line=9))
        else:
            para.text, para.label = text, label


async def amend(user: User, para: str, quote: str) -> None:
    await user.press("Đề nghị sửa đổi, bổ sung")
    await user.send(para)
    await user.send(quote)


# --- M1: a command mid-compose keeps the comment being written ---


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


# --- M2: /ykiencuatoi pages through every comment ---


async def test_my_comments_are_paged_and_every_one_can_be_edited(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    for n in range(1, 24):
        await user.send(f"ý kiến số {n}")
        await user.press("Xác nhận")
    await user.send("/ykiencuatoi")
    assert "Ý kiến của bạn (23) (trang 1/3)" in user.text and "#1." in user.text and "#10." in user.text
    assert "ý kiến số 23" in user.text and "#11." not in user.text
    assert "Trang sau" in user.buttons and "Trang trước" not in user.buttons
    await user.press("Trang sau")
    assert "(trang 2/3)" in user.text and "#11." in user.text and "#20." in user.text
    await user.press("Trang sau")
    assert "(trang 3/3)" in user.text and "#23." in user.text and "ý kiến số 1\n" not in user.text
    assert "Trang trước" in user.buttons and "Trang sau" not in user.buttons
    await user.press("Sửa #23")
    assert "Ý kiến hiện tại" in user.text and "ý kiến số 1" in user.text
    await user.send("ý kiến số 1, đã sửa")
    await user.press("Xác nhận")
    assert "(trang 3/3)" in user.text and "ý kiến số 1, đã sửa" in user.text and "(đã sửa)" in user.text
    await user.press("Rút #22")
    await user.press("Xác nhận")
    assert "Đã rút ý kiến" in user.text and "Ý kiến của bạn (22)" in user.text
    assert comments(db)[1].withdrawn_at is not None and comments(db)[0].text == "ý kiến số 1, đã sửa"


# --- M3: tone placement, and the wording stored as printed in the draft ---


@pytest.mark.parametrize(
    ("old", "new"), [("hoà", "hòa"), ("thuỷ", "thủy"), ("hoá", "hóa"), ("khoẻ", "khỏe"), ("uỷ ban", "ủy ban")]
)
def test_fold_ignores_tone_placement(old: str, new: str) -> None:
    assert fold(old) == fold(new) == fold(unicodedata.normalize("NFD", old.upper()))
    assert fold("hoàn") != fold("hoà")


def test_find_folded_maps_back_to_the_original_text() -> None:
    text = unicodedata.normalize("NFD", "Giữ vững  hoà bình, ổn định.")
    start, end = find_folded(text, "HÒA   BÌNH") or (0, 0)
    assert text[start:end] == unicodedata.normalize("NFD", "hoà bình")
    assert find_folded("hoà bình", "hoa") is None  # "hoa" is not "hoà"


async def test_quote_found_is_stored_as_printed(engine: Engine, db: Database, built: Built) -> None:
    printed = unicodedata.normalize("NFD", "Phát triển kinh tế biến mậu và giữ vững hoà bình, ủy ban.")
    set_paragraph(db, built, 1, printed)
    user = User(engine)
    await open_section(user)
    await amend(user, "1", "biến   MẬU")
    assert "nội dung đề nghị thay thế" in user.text
    await user.send("kinh tế cửa khẩu")
    await user.send("Rõ hơn.")
    assert "Nguyên văn dự thảo: «biến mậu»" in unicodedata.normalize("NFC", user.text)
    await user.press("Xác nhận")
    await user.send("/tieptuc")  # the section again
    await user.press("Đề nghị sửa đổi, bổ sung")
    await user.send("1")
    await user.send("giữ vững HÒA BÌNH, uỷ ban")  # new tone placement typed, old one printed (and the reverse)
    await user.send("bỏ")
    await user.send("Trùng ý.")
    await user.press("Xác nhận")
    first, second = comments(db)
    assert first.quoted_original == unicodedata.normalize("NFD", "biến mậu")
    assert second.quoted_original == unicodedata.normalize("NFD", "giữ vững hoà bình, ủy ban")


async def test_quote_not_found_kept_as_typed_and_said_so(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await amend(user, "2", "kinh tế nâu")
    await user.press("Vẫn giữ như đã gõ")
    await user.send("kinh tế xanh")
    await user.send("Lý do.")
    assert "«kinh tế nâu» (không tìm thấy trong đoạn [2]; giữ như bạn đã gõ)" in user.text
    await user.press("Xác nhận")
    assert comments(db)[0].quoted_original == "kinh tế nâu"


# --- M4: a long comment in several messages ---


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


async def test_text_at_an_amendment_confirmation_adds_to_the_reason(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await amend(user, "2", "kinh tế xanh")
    await user.send("kinh tế xanh, số")
    await user.send("Lý do một.")
    await user.send("Lý do hai.")
    await user.press("Xác nhận")
    assert comments(db)[0].reason == "Lý do một.\nLý do hai."


# --- M5: a button's label typed as text presses it ---


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


# --- minor ---


async def test_closed_window_note_in_my_comments(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await user.send("một ý kiến")
    await user.press("Xác nhận")
    with db.unit() as s:
        s.execute(update(CommentWindow).values(closes_at=datetime.now(UTC) - timedelta(hours=1)))
    await user.send("/ykiencuatoi")
    assert "(đã hết thời hạn góp ý: không sửa hoặc rút được nữa)" in user.text


@pytest.mark.parametrize("what", ["Sửa #1", "Rút #1"])
async def test_cancelling_an_edit_or_withdrawal_says_the_comment_is_unchanged(
    engine: Engine, db: Database, what: str
) -> None:
    user = User(engine)
    await open_section(user)
    await user.send("giữ nguyên")
    await user.press("Xác nhận")
    await user.send("/ykiencuatoi")
    await user.press(what)
    await user.press("Huỷ")
    assert "vẫn được giữ nguyên" in user.text and "chưa được ghi" not in user.text
    [c] = comments(db)
    assert (c.text, c.withdrawn_at, c.edited_at) == ("giữ nguyên", None, None)


@pytest.mark.parametrize("typed", [" Bỏ. ", "bỏ.", "Bỏ!"])
async def test_proposed_wording_blank_refused_and_delete_word_with_punctuation(
    engine: Engine, db: Database, typed: str
) -> None:
    user = User(engine)
    await open_section(user)
    await amend(user, "2", "kinh tế xanh")
    await user.send("    ")
    assert "chưa có chữ nào" in user.text
    await user.send(typed)
    await user.send("Thừa.")
    assert "bỏ phần nguyên văn trên" in user.text
    await user.press("Xác nhận")
    assert comments(db)[0].proposed_text == ""


async def test_paragraph_choice_by_number_bracket_label_or_word(engine: Engine, db: Database, built: Built) -> None:
    set_paragraph(db, built, 3, "(11) Phát triển văn hoá.", label="(11)")
    user = User(engine)
    await open_section(user)
    await user.press("Đề nghị sửa đổi, bổ sung")
    assert "(11)" in user.text and "[3]" in user.text
    await user.send("²")
    assert "Không có đoạn số đó" in user.text
    for typed, para in [("(11)", 3), ("[1]", 1), (" [ 2 ] ", 2), ("đoạn 1", 1), ("Đoạn [3]", 3), ("2", 2)]:
        await user.send(typed)
        assert user.text.startswith(f"Đoạn [{para}]:"), typed
        await user.send("/huy")
        await user.press("Về mục")
        await user.press("Đề nghị sửa đổi, bổ sung")


def test_console_numbers_are_ascii_digits_only(engine: Engine) -> None:
    chat = ConsoleChat(engine, "c1", stdout=io.StringIO())
    chat.render([Reply("x", [[Choice("Một", "1:a:")]])])
    assert chat.incoming("1").kind == Kind.CHOICE
    assert chat.incoming("¹").kind == Kind.TEXT and chat.incoming("¹").text == "¹"


async def test_agree_then_only_spaces_is_plain_agreement(engine: Engine) -> None:
    user = User(engine)
    await open_section(user)
    await user.press("Nhất trí")
    await user.send("   ")
    assert "Loại ý kiến: Nhất trí" in user.text and "(không kèm nội dung)" in user.text


async def test_redo_one_part_of_an_amendment_and_way_back_after_cancel(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await amend(user, "2", "kinh tế xanh")
    await user.send("kinh tế số")
    await user.send("Lý do cũ.")
    await user.press("Sửa lại")
    assert list(user.buttons) == [
        "Chọn lại đoạn",
        "Sửa nguyên văn cần sửa",
        "Sửa nội dung đề nghị",
        "Sửa lý do",
        "Huỷ",
    ]
    await user.press("Sửa lý do")
    await user.send("Lý do mới.")
    assert "Lý do: Lý do mới." in user.text and "thay bằng «kinh tế số»" in user.text  # straight back
    await user.press("Sửa lại")
    await user.press("Chọn lại đoạn")
    await user.send("1")
    await user.send("đoạn thứ nhất")  # the wording of the new paragraph, then back to the confirmation
    assert "đoạn [1]" in user.text and "«Đoạn thứ nhất»" in user.text and "Lý do: Lý do mới." in user.text
    await user.press("Huỷ")
    assert list(user.buttons) == ["Về mục", "Về mục lục"]
    await user.press("Về mục")
    assert user.text.startswith("Mục 1/6") and comments(db) == []


async def test_start_for_a_registered_user_offers_to_change_role_and_area(engine: Engine, db: Database) -> None:
    user = User(engine)
    await user.onboard()
    await user.send("/start")
    assert "vai trò người dân" in user.text and "Dự thảo Báo cáo chính trị" in user.buttons
    [change] = user.last[0].choices[0]
    assert change.label == "Đổi vai trò, khu phố/thôn"
    await user.press_payload(change.payload)
    await user.press("Đảng viên")
    await user.press("Khu phố 2")
    assert "Dự thảo Báo cáo chính trị" in user.buttons
    with db.unit() as s:
        p = s.scalars(select(Participant)).one()
        assert p.role == Role.MEMBER and p.area_id is not None
    await user.send("/giupdo")
    assert "bắt đầu lại từ đầu" not in user.text and "đổi vai trò" in user.text


async def test_no_comments_yet_offers_the_documents(engine: Engine) -> None:
    user = User(engine)
    await user.onboard()
    await user.send("/ykiencuatoi")
    assert "chưa gửi ý kiến nào" in user.text
    await user.press("Chọn dự thảo để góp ý")
    assert "Dự thảo Báo cáo chính trị" in user.buttons


async def test_report_says_it_is_coming_codes_any_case_unknown_lists_codes(engine: Engine, db: Database) -> None:
    from aggregation.api import ChatReport

    early: list[str] = []
    calls: list[str | None] = []

    def fake_report(_db: Database, code: str | None) -> ChatReport:
        assert early == ["Đang tổng hợp báo cáo, xin vui lòng chờ trong giây lát…"]  # sent before the build
        calls.append(code)
        return ChatReport(["Tổng hợp."])

    async def notify(replies: list[Reply]) -> None:
        early.extend(r.text for r in replies)

    engine._report_builder = fake_report
    user = User(engine)
    await user.onboard()
    with db.unit() as s:
        s.execute(update(Participant).values(role=Role.OFFICIAL))
    replies = await engine.handle(Incoming.from_text("test", "u1", "/baocao dh-test"), notify=notify)
    assert [r.text for r in replies] == ["Tổng hợp."] and calls == ["DH-TEST"]
    await user.send("/baocao KHONG-CO")
    assert "Không có dự thảo mã «KHONG-CO». Các mã dự thảo: DH-TEST." in user.text


async def test_help_is_plain_complete_and_one_message(engine: Engine) -> None:
    user = User(engine)
    await user.send("/giupdo")
    for needle in ("Góp ý chung cho toàn văn", "Đề xuất, kiến nghị", "nguyên văn", "«Ý kiến khác»", "/baocao"):
        assert needle in user.text
    assert len(user.text) <= 4096


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
    await user.send("ý kiến mục con")
    await user.press("Xác nhận")
    await user.send("/ykiencuatoi")
    assert "về Phần thứ nhất, mục II.1. Mục con của 2" in user.text  # a part is not a "mục"


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
