"""Issue 12 at the engine: a stance is one tap (saved at once, «Hoàn tác»), words typed are saved at once («Sửa»,
«Rút lại»), an amendment by tapping a sentence, «Mục trước» / «Mục sau», ✓ and the deadline, /tieptuc, /giupdo."""

from __future__ import annotations

from sqlalchemy import select

from handlers.engine import Engine
from storage.db import Database
from storage.models import Comment, Paragraph, Section
from tests.factories import Built
from tests.handlers.helpers import SECTION_BUTTONS, User, comments, open_section


def set_paragraph(db: Database, number: int, text: str) -> int:
    """Paragraph `number` of «I. MỤC LỚN 1» as printed in this test; the section's id."""
    with db.unit() as s:
        sec = s.scalars(select(Section).where(Section.title == "MỤC LỚN 1")).one()
        para = s.scalars(select(Paragraph).where(Paragraph.section_id == sec.id, Paragraph.number == number)).one()
        para.text = text
        return sec.id


def live(db: Database) -> list[Comment]:
    return [c for c in comments(db) if c.withdrawn_at is None]


async def test_the_section_view_offers_a_stance_a_tap_and_the_way_on(engine: Engine) -> None:
    user = User(engine)
    await open_section(user)
    assert list(user.buttons) == SECTION_BUTTONS
    assert "Hạn góp ý:" in user.text and "Mục 1/6" in user.text
    assert "bạn" not in user.text.split() and "bot" not in user.text.lower().split()


async def test_agree_is_saved_at_once_moves_on_and_can_be_undone(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    replies = await user.press("Nhất trí")
    [saved] = live(db)
    assert saved.kind == "agree" and saved.target_kind == "section"
    assert len(replies) == 1  # one answer: the next section, the acknowledgement above it
    assert "✓ Đã ghi nhận: Nhất trí" in user.text and "Mục 2/6" in user.text
    assert "Hoàn tác" in user.buttons and "Mục trước" in user.buttons
    await user.press("Hoàn tác")
    assert live(db) == []
    assert "Đã hoàn tác" in user.text and "Mục 1/6" in user.text  # back on the section the stance was on


async def test_disagree_stays_and_takes_an_optional_reason(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await user.press("Không nhất trí")
    [saved] = live(db)
    assert saved.kind == "disagree" and not saved.text
    assert "lý do" in user.text and "Mục 1/6" in user.text
    await user.send("Chỉ tiêu tăng trưởng chưa sát thực tế của phường.")
    [saved] = live(db)  # the reason completes the same comment
    assert saved.kind == "disagree" and saved.text == "Chỉ tiêu tăng trưởng chưa sát thực tế của phường."
    assert {"Sửa", "Rút lại"} <= set(user.buttons)


async def test_words_typed_on_a_section_are_saved_then_edited_added_to_and_withdrawn(
    engine: Engine, db: Database
) -> None:
    user = User(engine)
    await open_section(user)
    await user.send("Đề nghị bổ sung chỉ tiêu về môi trường.")
    [saved] = live(db)
    assert saved.kind == "other" and saved.text == "Đề nghị bổ sung chỉ tiêu về môi trường."
    assert "✓ Đã ghi nhận" in user.text and {"Sửa", "Rút lại", "Mục sau"} <= set(user.buttons)
    await user.send("Và về cây xanh đô thị.")  # typed after: added to the same comment
    [saved] = live(db)
    assert saved.text == "Đề nghị bổ sung chỉ tiêu về môi trường.\nVà về cây xanh đô thị."
    await user.press("Sửa")
    await user.send("Đề nghị bổ sung chỉ tiêu cây xanh.")
    [saved] = live(db)
    assert saved.text == "Đề nghị bổ sung chỉ tiêu cây xanh." and saved.edited_at is not None
    await user.press("Rút lại")
    assert live(db) == []
    assert "Đã rút lại" in user.text and "Hoàn tác" in user.buttons
    await user.press("Hoàn tác")
    [restored] = live(db)
    assert restored.text == "Đề nghị bổ sung chỉ tiêu cây xanh."


async def test_an_amendment_by_tapping_a_sentence_is_stored_verbatim(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    set_paragraph(db, 1, "Giữ vững ổn định chính trị. Phát triển kinh tế nhanh, bền vững. (1) Chuyển đổi số.")
    await user.press("Đề nghị sửa đổi, bổ sung")
    await user.press("[1]")
    assert "1) Giữ vững ổn định chính trị." in user.text and "3) (1) Chuyển đổi số." in user.text
    await user.press("Câu 2")
    assert "«Phát triển kinh tế nhanh, bền vững.»" in user.text
    copy = [c for r in user.last for row in r.choices for c in row if c.copy]
    assert [c.copy for c in copy] == ["Phát triển kinh tế nhanh, bền vững."]
    await user.send("Phát triển kinh tế nhanh và bền vững.")
    [saved] = live(db)
    assert saved.kind == "amend" and saved.paragraph_no == 1
    assert saved.quoted_original == "Phát triển kinh tế nhanh, bền vững."
    assert saved.proposed_text == "Phát triển kinh tế nhanh và bền vững." and saved.reason == ""
    await user.send("Cho gọn hơn.")  # the reason, optional, typed after
    [saved] = live(db)
    assert saved.reason == "Cho gọn hơn." and saved.proposed_text == "Phát triển kinh tế nhanh và bền vững."


async def test_words_typed_without_diacritics_are_found_and_stored_as_printed(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    set_paragraph(db, 2, "(2) Phát triển kinh tế xanh, bền vững. Bảo vệ môi trường.")
    await user.press("Đề nghị sửa đổi, bổ sung")
    await user.press("[2]")
    await user.send("phat trien  KINH te xanh")
    assert "«Phát triển kinh tế xanh»" in user.text
    await user.send("bỏ")
    [saved] = live(db)
    assert saved.quoted_original == "Phát triển kinh tế xanh" and saved.proposed_text == ""


async def test_previous_and_next_walk_the_sections_with_text(engine: Engine) -> None:
    user = User(engine)
    await open_section(user)
    await user.press("Mục sau")
    assert "Mục 2/6" in user.text and "Mục trước" in user.buttons
    await user.press("Mục trước")
    assert "Mục 1/6" in user.text


async def test_a_heading_without_text_opens_its_first_subsection(engine: Engine, db: Database) -> None:
    with db.unit() as s:
        top = s.scalars(select(Section).where(Section.title == "MỤC LỚN 2")).one()
        for p in s.scalars(select(Paragraph).where(Paragraph.section_id == top.id)):
            s.delete(p)
    user = User(engine)
    await open_section(user, "II. MỤC LỚN 2")
    assert "Mục con của 2" in user.text and "Nhất trí" in user.buttons
    assert "Mục 3/5" in user.text  # the heading is not a stop


async def test_a_guided_topic_takes_words_not_a_stance(engine: Engine, db: Database) -> None:
    user = User(engine)
    await user.onboard()
    await user.press("Dự thảo Báo cáo chính trị")
    await user.press("Gợi ý 1: Về mục tiêu tổng quát")
    assert "Nhất trí" not in user.buttons
    await user.send("Mục tiêu cần gắn với đô thị biên giới.")
    [saved] = live(db)
    assert saved.target_kind == "topic" and saved.text == "Mục tiêu cần gắn với đô thị biên giới."


async def test_commented_sections_are_ticked_in_the_outline(engine: Engine) -> None:
    user = User(engine)
    await open_section(user)
    await user.press("Nhất trí")
    await user.press("Về mục lục")
    assert "✓ I. MỤC LỚN 1" in user.buttons
    assert "đã góp ý 1/6 mục" in user.text


async def test_tieptuc_shows_the_section_again_and_back_is_not_a_comment(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await user.send("Ý kiến về mục này.")
    await user.send("/tieptuc")
    assert "Mục 1/6" in user.text and "Nhất trí" in user.buttons
    await user.send("quay lại")
    assert len(live(db)) == 1  # not a comment
    assert "Mục lục" in user.text


async def test_help_is_one_screen_with_buttons(engine: Engine) -> None:
    user = User(engine)
    await user.onboard()
    await user.send("/giupdo")
    assert len(user.text) < 1000 and user.text.count("\n") < 24
    assert "Góp ý dự thảo" in user.buttons
    await user.press("Góp ý dự thảo")
    assert "Dự thảo Báo cáo chính trị" in user.buttons


async def test_a_redelivered_stance_is_saved_once(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    payload = user.buttons["Nhất trí"]
    await user.press_payload(payload, update_id="777")
    await user.press_payload(payload, update_id="777")
    assert len(live(db)) == 1


async def test_a_closed_window_saves_nothing(engine: Engine, db: Database, built: Built) -> None:
    from datetime import UTC, datetime, timedelta

    from storage.models import CommentWindow

    user = User(engine)
    await open_section(user)
    with db.unit() as s:
        for w in s.scalars(select(CommentWindow)):
            w.closes_at = datetime.now(UTC) - timedelta(minutes=1)
    await user.press("Nhất trí")
    assert live(db) == [] and "không nhận góp ý" in user.text


async def test_a_word_or_two_typed_is_asked_about_and_reading_words_move_on(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await user.send("ok")
    assert live(db) == [] and "«ok»" in user.text and set(user.buttons) == {"Ghi thành ý kiến", "Không"}
    await user.press("Không")
    assert live(db) == [] and "Mục 1/6" in user.text
    await user.send("Cảm ơn")
    await user.press("Ghi thành ý kiến")
    assert [c.text for c in live(db)] == ["Cảm ơn"]
    await user.send("/tieptuc")
    await user.send("tiếp")  # reading on, not an opinion
    assert "Mục 2/6" in user.text and len(live(db)) == 1
    await user.send("mục lục")
    assert "Mục lục" in user.text and len(live(db)) == 1


async def test_a_new_stance_replaces_the_old_one_and_undo_brings_it_back(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await user.press("Không nhất trí")
    await user.press("Mục sau")
    await user.press("Mục trước")
    assert "Ông/Bà đã chọn: Không nhất trí." in user.text  # what was said, shown again
    await user.press("Nhất trí")
    assert [c.kind for c in live(db)] == ["agree"]  # one stance a person and section
    assert "không còn được tính" in user.text
    await user.press("Hoàn tác")
    assert [c.kind for c in live(db)] == ["disagree"]


async def test_words_several_times_in_the_paragraph_ask_which_and_an_unchanged_sentence_is_refused(
    engine: Engine, db: Database
) -> None:
    user = User(engine)
    await open_section(user)
    set_paragraph(db, 1, "Phụ nữ và trẻ em được chăm lo. Tạo điều kiện cho phụ nữ khởi nghiệp.")
    await user.press("Đề nghị sửa đổi, bổ sung")
    await user.press("[1]")
    await user.send("phu nu")
    assert "có 2 chỗ" in user.text and live(db) == []
    await user.send("cho phu nu khoi nghiep")
    assert "«cho phụ nữ khởi nghiệp»" in user.text
    await user.send("cho phụ nữ khởi nghiệp")  # sent back unchanged
    assert "giống hệt nguyên văn" in user.text and live(db) == []
    await user.send("cho phụ nữ và thanh niên khởi nghiệp")
    [saved] = live(db)
    assert saved.quoted_original == "cho phụ nữ khởi nghiệp"


async def test_the_drafts_words_typed_at_the_paragraph_step_find_their_paragraph(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await user.press("Đề nghị sửa đổi, bổ sung")
    await user.send("kinh te xanh")  # not a paragraph number: the words, found in paragraph [2]
    assert "«kinh tế xanh»" in user.text
    await user.send("kinh tế xanh, tuần hoàn")
    [saved] = live(db)
    assert (saved.paragraph_no, saved.quoted_original) == (2, "kinh tế xanh")


async def test_after_an_edit_from_my_comments_reading_goes_on_as_usual(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await user.send("Ý kiến đầu tiên về mục này.")
    await user.send("/ykiencuatoi")
    await user.press("Sửa #1")
    await user.send("Ý kiến đã sửa về mục này.")
    assert "Ý kiến đã gửi" in user.buttons  # back to the list from here
    await user.send("/gopy")
    await user.press("Dự thảo Báo cáo chính trị")
    await user.press("✓ I. MỤC LỚN 1")
    await user.send("Một ý kiến mới về mục này.")
    assert "Ý kiến đã gửi" not in user.buttons
    await user.press("Rút lại")
    assert "Mục 1/6" in user.text and "Nhất trí" in user.buttons  # the section, not the list


async def test_a_word_or_two_after_a_saved_comment_or_a_disagreement_is_asked_about(
    engine: Engine, db: Database
) -> None:
    user = User(engine)
    await open_section(user)
    await user.send("Đề nghị bổ sung chỉ tiêu về môi trường.")
    await user.send("Cảm ơn")
    assert "Thêm câu này vào ý kiến vừa ghi" in user.text
    await user.press("Không")
    assert [c.text for c in live(db)] == ["Đề nghị bổ sung chỉ tiêu về môi trường."]
    await user.send("Ok")
    await user.press("Thêm vào ý kiến")
    assert [c.text for c in live(db)] == ["Đề nghị bổ sung chỉ tiêu về môi trường.\nOk"]
    await user.send("tiếp")  # reading on from the saved comment: not added
    assert "Mục 2/6" in user.text and len(live(db)) == 1
    await user.press("Không nhất trí")
    await user.send("Ok")  # not taken as the reason without asking
    assert [c.text for c in live(db) if c.kind == "disagree"] == [""]
    await user.press("Ghi thành ý kiến")
    assert [c.text for c in live(db) if c.kind == "disagree"] == ["Ok"]


async def test_a_long_section_is_read_in_pages_each_one_message(engine: Engine, db: Database) -> None:
    engine.editing.add("test")  # as Telegram: each answer one message, a button's edited in place
    sec_id = set_paragraph(
        db, 1, " ".join(f"Câu số {i} về phát triển kinh tế xã hội bền vững của phường." for i in range(200))
    )
    user = User(engine)
    await open_section(user)
    assert len(user.last) == 1 and len(user.text) <= 4096 and "(trang 1/" in user.text
    assert {"Nhất trí", "Trang sau"} <= set(user.buttons)
    replies = await user.press_payload(user.buttons["Trang sau"], message_id="7")
    assert [r.edit for r in replies] == ["7"] and "(trang 2/" in user.text and "Trang trước" in user.buttons
    await user.press("Nhất trí")  # a stance from any page: on the section
    [saved] = live(db)
    assert saved.section_id == sec_id


def test_sentences_of_party_text() -> None:
    from core.text import sentences

    text = (
        "Đại hội Đảng bộ tỉnh Long An. Nhiệm kỳ khóa XII. TP. Hồ Chí Minh có 1.000 đảng viên, tăng 2.1 lần! "
        "(1) Phát triển kinh tế; (2) Văn hoá, xã hội."
    )
    assert [text[a:b] for a, b in sentences(text)] == [
        "Đại hội Đảng bộ tỉnh Long An.",
        "Nhiệm kỳ khóa XII.",
        "TP. Hồ Chí Minh có 1.000 đảng viên, tăng 2.1 lần!",
        "(1) Phát triển kinh tế;",
        "(2) Văn hoá, xã hội.",
    ]
    listing = "; ".join(f"nhiệm vụ thứ {i} của chi bộ trong nhiệm kỳ" for i in range(12)) + "."
    pieces = [listing[a:b] for a, b in sentences(listing)]
    assert len(pieces) == 12 and all(len(p) <= 256 for p in pieces)  # a long list, cut where a copy fits
