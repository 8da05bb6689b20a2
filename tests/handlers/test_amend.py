"""Amendments: choosing the paragraph, matching the quote (quote_found), the new wording or «bỏ», the reason."""

from __future__ import annotations

import unicodedata

import pytest
from sqlalchemy import select

from core.text import find_folded, find_unaccented, fold
from handlers.engine import Engine
from handlers.flow.amend import paragraph_number
from storage.db import Database
from storage.models import Paragraph
from tests.factories import Built
from tests.handlers.helpers import User, amend, amend_to_reason, comments, drop_paragraphs, open_section


async def test_amendment_with_quote_check(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await user.press("Đề nghị sửa đổi, bổ sung")
    assert list(user.buttons) == ["[1]", "[2]", "Huỷ"]
    await user.send("3")
    assert "từ 1 đến 2" in user.text
    await user.press("[2]")
    assert "[2] (2) Phát triển kinh tế xanh" in user.text
    await user.send("kinh tế nâu")
    assert "Không tìm thấy «kinh tế nâu»" in user.text and "Vẫn giữ như đã gõ" in user.buttons
    await user.send("KINH TẾ  XANH")  # case and spacing do not matter
    assert "nội dung đề nghị thay thế" in user.text
    await user.send("kinh tế xanh, kinh tế số")
    await user.send("Theo xu hướng chung.")
    # The wording is stored as printed in the draft, not as typed (M3).
    assert "Nguyên văn dự thảo: «kinh tế xanh»" in user.text and "thay bằng «kinh tế xanh, kinh tế số»" in user.text
    await user.press("Xác nhận")
    [c] = comments(db)
    assert (c.kind.value, c.target_kind.value, c.paragraph_no, c.page, c.line) == ("amend", "paragraph", 2, 1, 3)
    assert (c.quoted_original, c.proposed_text, c.reason) == (
        "kinh tế xanh",
        "kinh tế xanh, kinh tế số",
        "Theo xu hướng chung.",
    )


async def test_amendment_delete_and_quote_kept_anyway(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await user.press("Đề nghị sửa đổi, bổ sung")
    await user.send("1")
    await user.send("không có trong đoạn")
    await user.press("Vẫn giữ như đã gõ")
    await user.send("Bỏ")
    await user.send("Trùng ý.")
    assert "bỏ phần nguyên văn trên" in user.text
    await user.press("Xác nhận")
    [c] = comments(db)
    assert (c.quoted_original, c.proposed_text) == ("không có trong đoạn", "")


def set_paragraph(db: Database, built: Built, number: int, text: str, label: str | None = None) -> None:
    with db.unit() as s:
        para = s.scalars(
            select(Paragraph).where(Paragraph.section_id == built.section_ids[0], Paragraph.number == number)
        ).first()
        if para is None:
            s.add(Paragraph(section_id=built.section_ids[0], number=number, text=text, label=label, page=1, line=9))
        else:
            para.text, para.label = text, label


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


async def test_text_at_an_amendment_confirmation_adds_to_the_reason(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await amend(user, "2", "kinh tế xanh")
    await user.send("kinh tế xanh, số")
    await user.send("Lý do một.")
    await user.send("Lý do hai.")
    await user.press("Xác nhận")
    assert comments(db)[0].reason == "Lý do một.\nLý do hai."


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


def version_of(user: User) -> str:
    return next(iter(user.buttons.values())).split(":", 1)[0]


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


async def test_words_typed_without_diacritics_are_found_when_unambiguous(engine: Engine, db: Database) -> None:
    """An elder types "kinh te xanh": the draft's words, printed with their accents, are stored; a word that could be
    several ("ban": bàn, bán, bạn) is not guessed."""
    user = User(engine)
    await open_section(user)
    await amend(user, "2", "phat trien KINH TE xanh")
    assert "nội dung đề nghị thay thế" in user.text
    await user.send("kinh tế xanh, kinh tế số")
    await user.send("Theo xu hướng chung.")
    assert "Nguyên văn dự thảo: «Phát triển kinh tế xanh»" in user.text
    await user.press("Xác nhận")
    [c] = comments(db)
    assert (c.quoted_original, c.quote_found) == ("Phát triển kinh tế xanh", True)


def test_unaccented_words_match_whole_words_once() -> None:
    text = "Có 2 thôn; thông tin về bàn, bán và bạn."
    assert find_unaccented(text, "2 thon") == (3, 9)
    span = find_unaccented(text, "thon")  # "thôn" once as a word ("thông" is another word)
    assert span is not None and text[span[0] : span[1]] == "thôn"
    assert find_unaccented(text, "ban") is None  # three words: not guessed
    assert find_unaccented(text, "thong tin") == (11, 20)


async def test_an_amendment_cites_the_printed_line_where_the_quoted_words_start(engine: Engine, db: Database) -> None:
    # Paragraph [2] as printed: it starts on page 7, line 30, and runs over onto page 8 (drafts.position_of).
    with db.unit() as s:
        para = s.scalars(select(Paragraph).where(Paragraph.number == 2)).first()
        assert para is not None and "kinh tế xanh" in para.text
        at = para.text.index("kinh tế xanh")
        para.page, para.line = 7, 30
        para.lines = [[7, 30, 0], [7, 31, max(1, at - 3)], [8, 1, at + 5]]
    user = User(engine)
    await open_section(user)
    await user.press("Đề nghị sửa đổi, bổ sung")
    await user.press("[2]")
    await user.send("kinh tế xanh")
    await user.send("kinh tế xanh, kinh tế số")
    await user.send("Theo xu hướng chung.")
    await user.press("Xác nhận")
    [c] = comments(db)
    assert (c.paragraph_no, c.page, c.line) == (2, 7, 31)  # the line the words start on, not the paragraph's first
