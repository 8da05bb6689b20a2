"""Amendments: choosing the paragraph (tapped or typed many ways) and the sentence (tapped) or the words (typed,
found whatever their diacritics and stored as printed), the new wording or «bỏ», saved at once, the reason after."""

from __future__ import annotations

import unicodedata

import pytest
from sqlalchemy import select

from core.messages import t
from core.text import find_folded, find_unaccented, fold
from handlers.engine import Engine
from handlers.flow.amend import paragraph_number
from storage.db import Database
from storage.models import DraftTable, Paragraph
from tests.factories import Built
from tests.handlers.helpers import (
    SECTION_BUTTONS,
    User,
    amend,
    amend_saved,
    comments,
    drop_paragraphs,
    open_section,
    two_sentences,
)

NEW = "gõ câu mới thay cho câu này"  # asked for the new wording (the words chosen are quoted above it)


async def test_amendment_by_words_typed_with_another_case_and_spacing(
    engine: Engine, db: Database, built: Built
) -> None:
    two_sentences(db, built.section_ids[0])
    user = User(engine)
    await open_section(user)
    await user.press("Đề nghị sửa đổi, bổ sung")
    assert list(user.buttons) == ["[1]", "[2]", "Huỷ"]
    await user.send("3")
    assert "từ 1 đến 2" in user.text
    await user.press("[2]")
    assert "1) (2) Phát triển kinh tế xanh" in user.text and "2) Bảo vệ môi trường sống." in user.text
    assert list(user.buttons) == ["Câu 1", "Câu 2", "Huỷ"]
    await user.send("kinh tế nâu")
    assert "Không thấy «kinh tế nâu» trong đoạn [2]" in user.text and comments(db) == []
    await user.send("KINH TẾ  XANH")  # case and spacing do not matter
    assert "«kinh tế xanh»" in user.text and NEW in user.text
    await user.send("kinh tế xanh, kinh tế số")
    [c] = comments(db)  # saved as soon as the new wording is typed, its reason not yet given
    assert (c.quoted_original, c.proposed_text, c.reason) == ("kinh tế xanh", "kinh tế xanh, kinh tế số", "")
    await user.send("Theo xu hướng chung.")
    # The wording is stored as printed in the draft, not as typed (M3).
    assert "Nguyên văn: «kinh tế xanh»" in user.text and "Đề nghị thay bằng: «kinh tế xanh, kinh tế số»" in user.text
    assert "Lý do: Theo xu hướng chung." in user.text
    [c] = comments(db)
    assert (c.kind.value, c.target_kind.value, c.paragraph_no, c.page, c.line) == ("amend", "paragraph", 2, 1, 3)
    assert (c.quoted_original, c.proposed_text, c.reason, c.quote_found) == (
        "kinh tế xanh",
        "kinh tế xanh, kinh tế số",
        "Theo xu hướng chung.",
        True,
    )


async def test_a_one_sentence_paragraph_is_quoted_whole_and_bo_deletes_it(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await user.press("Đề nghị sửa đổi, bổ sung")
    await user.send("1")  # one sentence: no sentence to choose
    assert "«Đoạn thứ nhất của mục 0.»" in user.text and "Câu 1" not in user.buttons
    copy = [c for r in user.last for row in r.choices for c in row if c.copy]
    assert [(c.label, c.payload, c.copy) for c in copy] == [("Sao chép câu", "", "Đoạn thứ nhất của mục 0.")]
    await user.send("Bỏ")
    assert t("chat.view.proposal_delete") in user.text
    await user.send("Trùng ý.")
    [c] = comments(db)
    assert (c.quoted_original, c.proposed_text, c.reason, c.quote_found) == (
        "Đoạn thứ nhất của mục 0.",
        "",
        "Trùng ý.",
        True,
    )


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
    printed = unicodedata.normalize("NFD", "Phát triển kinh tế biến mậu và giữ vững hoà bình, ủy ban. Bảo vệ rừng.")
    set_paragraph(db, built, 1, printed)
    user = User(engine)
    await open_section(user)
    await amend(user, "1", "biến   MẬU")
    assert NEW in user.text
    await user.send("kinh tế cửa khẩu")
    await user.send("Rõ hơn.")
    assert "Nguyên văn: «biến mậu»" in unicodedata.normalize("NFC", user.text)
    await user.send("/tieptuc")  # the section again
    await user.press("Đề nghị sửa đổi, bổ sung")
    await user.send("1")
    await user.send("giữ vững HÒA BÌNH, uỷ ban")  # new tone placement typed, old one printed (and the reverse)
    await user.send("bỏ")
    await user.send("Trùng ý.")
    first, second = comments(db)
    assert first.quoted_original == unicodedata.normalize("NFD", "biến mậu")
    assert second.quoted_original == unicodedata.normalize("NFD", "giữ vững hoà bình, ủy ban")
    assert (first.quote_found, second.quote_found, second.proposed_text) == (True, True, "")


async def test_words_not_found_are_said_and_a_sentence_can_still_be_chosen(
    engine: Engine, db: Database, built: Built
) -> None:
    two_sentences(db, built.section_ids[0])
    user = User(engine)
    await open_section(user)
    await amend(user, "2", "kinh tế nâu")
    assert "Không thấy «kinh tế nâu» trong đoạn [2]" in user.text
    assert list(user.buttons) == ["Câu 1", "Câu 2", "Huỷ"]  # still choosing: nothing is kept as typed
    assert "Vẫn giữ như đã gõ" not in user.text and comments(db) == []
    await user.press("Câu 2")
    assert "«Bảo vệ môi trường sống.»" in user.text
    await user.send("Bảo vệ và cải thiện môi trường sống.")
    [c] = comments(db)
    assert (c.quoted_original, c.proposed_text, c.quote_found) == (
        "Bảo vệ môi trường sống.",
        "Bảo vệ và cải thiện môi trường sống.",
        True,
    )


async def test_text_after_an_amendment_is_saved_adds_to_its_reason(engine: Engine, db: Database, built: Built) -> None:
    two_sentences(db, built.section_ids[0])
    user = User(engine)
    await open_section(user)
    await amend(user, "2", "kinh tế xanh")
    await user.send("kinh tế xanh, số")
    await user.send("Lý do một.")
    await user.send("Lý do hai.")
    [c] = comments(db)
    assert (c.proposed_text, c.reason, c.text) == ("kinh tế xanh, số", "Lý do một.\nLý do hai.", "")


@pytest.mark.parametrize("typed", [" Bỏ. ", "bỏ.", "Bỏ!"])
async def test_proposed_wording_blank_refused_and_delete_word_with_punctuation(
    engine: Engine, db: Database, built: Built, typed: str
) -> None:
    two_sentences(db, built.section_ids[0])
    user = User(engine)
    await open_section(user)
    await amend(user, "2", "kinh tế xanh")
    await user.send("    ")
    assert "chưa có chữ nào" in user.text and comments(db) == []
    await user.send(typed)
    assert t("chat.view.proposal_delete") in user.text
    await user.send("Thừa.")
    [c] = comments(db)
    assert (c.quoted_original, c.proposed_text, c.reason) == ("kinh tế xanh", "", "Thừa.")


@pytest.mark.parametrize("typed", ["    ", "👍👍", "🙏 !!"])
async def test_empty_or_emoji_only_words_are_refused_while_amending(
    engine: Engine, db: Database, built: Built, typed: str
) -> None:
    said = "trống" if not typed.strip() else "bằng chữ"
    two_sentences(db, built.section_ids[0])
    user = User(engine)
    await open_section(user)
    await user.press("Đề nghị sửa đổi, bổ sung")
    await user.press("[2]")
    await user.send(typed)  # as the words to amend
    assert said in user.text and list(user.buttons) == ["Câu 1", "Câu 2", "Huỷ"]
    await user.press("Câu 1")
    await user.send(typed)  # as the new wording
    assert (said if typed.strip() else "chưa có chữ nào") in user.text and comments(db) == []
    await user.send("Phát triển kinh tế xanh.")
    await user.send(typed)  # as the reason
    assert said in user.text
    [c] = comments(db)
    assert (c.proposed_text, c.reason) == ("Phát triển kinh tế xanh.", "")


async def test_paragraph_choice_by_number_bracket_label_or_word(engine: Engine, db: Database, built: Built) -> None:
    set_paragraph(db, built, 3, "(11) Phát triển văn hoá.", label="(11)")
    user = User(engine)
    await open_section(user)
    await user.press("Đề nghị sửa đổi, bổ sung")
    assert "(11)" in user.text and "[3]" in user.text
    await user.send("²")
    assert "Không có đoạn số đó" in user.text
    quotes = {1: "Đoạn thứ nhất của mục 0.", 2: "(2) Phát triển kinh tế xanh, bền vững của mục 0.", 3: "(11) Phát"}
    for typed, para in [("(11)", 3), ("[1]", 1), (" [ 2 ] ", 2), ("đoạn 1", 1), ("Đoạn [3]", 3), ("2", 2)]:
        await user.send(typed)
        assert f"(đoạn [{para}])" in user.text and f"«{quotes[para]}" in user.text, typed
        await user.send("/huy")
        assert "Mục 1/6" in user.text
        await user.press("Đề nghị sửa đổi, bổ sung")
    assert comments(db) == []


async def test_cancel_while_choosing_a_sentence_saves_nothing_and_goes_back_to_the_section(
    engine: Engine, db: Database, built: Built
) -> None:
    two_sentences(db, built.section_ids[0])
    user = User(engine)
    await open_section(user)
    await user.press("Đề nghị sửa đổi, bổ sung")
    await user.press("[2]")
    await user.press("Huỷ")
    assert t("chat.view.cancelled") in user.text and "Mục 1/6" in user.text
    assert list(user.buttons) == SECTION_BUTTONS
    await amend(user, "2", "kinh tế xanh")
    await user.send("quay lại")  # at the new wording: back, not the wording
    assert "Mục 1/6" in user.text and list(user.buttons) == SECTION_BUTTONS
    assert comments(db) == []


async def test_edit_an_amendment_retypes_its_wording_and_keeps_the_rest(
    engine: Engine, db: Database, built: Built
) -> None:
    two_sentences(db, built.section_ids[0])
    user = User(engine)
    await open_section(user)
    await amend_saved(user)
    await user.send("Lý do cũ.")
    await user.press("Sửa")
    assert "«kinh tế xanh»" in user.text and list(user.buttons) == ["Huỷ"]
    await user.send("kinh tế số")
    assert t("chat.view.updated") in user.text and "Đề nghị thay bằng: «kinh tế số»" in user.text
    [c] = comments(db)
    assert (c.quoted_original, c.proposed_text, c.reason, c.paragraph_no) == (
        "kinh tế xanh",
        "kinh tế số",
        "Lý do cũ.",
        2,
    )
    assert c.edited_at is not None
    await user.press("Sửa")
    await user.press("Huỷ")
    assert t("chat.view.cancelled") in user.text and "Mục 1/6" in user.text
    await user.send("/ykiencuatoi")
    await user.press("Sửa #1")
    await user.send("quay lại")  # leaving the edit: the wording is not "quay lại"
    assert "Ý kiến của" in user.text and "Sửa #1" in user.buttons  # back to the list
    [c] = comments(db)
    assert (c.quoted_original, c.proposed_text, c.reason) == ("kinh tế xanh", "kinh tế số", "Lý do cũ.")


async def test_no_amend_kind_on_a_section_without_paragraphs(engine: Engine, db: Database, built: Built) -> None:
    drop_paragraphs(db, built.section_ids[0])
    with db.unit() as s:  # its text is a table: nothing to cite by paragraph
        s.add(DraftTable(section_id=built.section_ids[0], order=1, rows=[["Chỉ tiêu", "2025"], ["Thu nhập", "80"]]))
    user = User(engine)
    await open_section(user)
    assert "I. MỤC LỚN 1" in user.text and "Thu nhập | 80" in user.text
    assert "Đề nghị sửa đổi, bổ sung" not in user.buttons and "Ý kiến khác" in user.buttons
    version = user.buttons["Ý kiến khác"].split(":", 1)[0]
    await user.press_payload(f"{version}:k:amend")  # reached anyway (an old client, a typed payload)
    assert "không có đoạn văn riêng" in user.text and "Đề nghị sửa đổi, bổ sung" not in user.buttons
    assert comments(db) == []
    await user.send("Mục này cần thêm số liệu.")
    [c] = comments(db)
    assert (c.kind.value, c.text) == ("other", "Mục này cần thêm số liệu.")


async def test_quotes_are_marked_found_shown_in_my_comments_and_kept_on_edit(
    engine: Engine, db: Database, built: Built
) -> None:
    two_sentences(db, built.section_ids[0])
    user = User(engine)
    await open_section(user)
    await amend_saved(user)  # words typed, found
    await user.send("Lý do.")
    await user.send("/tieptuc")
    await user.press("Đề nghị sửa đổi, bổ sung")
    await user.press("[2]")
    await user.press("Câu 2")  # a sentence tapped
    await user.send("Bảo vệ môi trường.")
    await user.send("/tieptuc")
    await user.send("một ý kiến khác")
    assert [c.quote_found for c in comments(db)] == [True, True, None]
    await user.send("/ykiencuatoi")
    assert "«kinh tế xanh»" in user.text and "«Bảo vệ môi trường sống.»" in user.text
    assert "không tìm thấy" not in user.text
    await user.press("Sửa #3")  # the oldest: the first amendment
    assert "«kinh tế xanh»" in user.text
    await user.send("kinh tế tuần hoàn")
    assert "Ý kiến đã gửi" in user.buttons
    edited = comments(db)[0]
    assert (edited.quoted_original, edited.quote_found, edited.proposed_text, edited.reason) == (
        "kinh tế xanh",
        True,
        "kinh tế tuần hoàn",
        "Lý do.",
    )


def _paras(*numbers: int) -> list[Paragraph]:
    return [Paragraph(number=n, text="", label=None) for n in numbers]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("-1", None), ("1 2", None), ("đoạn số 11", 11), ("Đoạn số [2].", 2), ("số 2", 2), ("12", 12), ("[ 1 ]", 1)],
)
def test_paragraph_number(typed: str, expected: int | None) -> None:
    assert paragraph_number(typed, _paras(1, 2, 11, 12)) == expected


async def test_a_section_with_one_paragraph_skips_the_paragraph_choice(
    engine: Engine, db: Database, built: Built
) -> None:
    drop_paragraphs(db, built.section_ids[0], keep=1)
    set_paragraph(db, built, 1, "Giữ vững ổn định chính trị. Phát triển kinh tế nhanh, bền vững.")
    user = User(engine)
    await open_section(user)
    await user.press("Đề nghị sửa đổi, bổ sung")
    assert "Đoạn [1]" in user.text and "2) Phát triển kinh tế nhanh, bền vững." in user.text
    assert list(user.buttons) == ["Câu 1", "Câu 2", "Huỷ"]


async def test_a_paragraph_gone_while_choosing_says_which_remain(engine: Engine, db: Database, built: Built) -> None:
    user = User(engine)
    await open_section(user)
    await user.press("Đề nghị sửa đổi, bổ sung")
    drop_paragraphs(db, built.section_ids[0], keep=1)  # the draft reloaded meanwhile: one paragraph left
    await user.send("2")
    assert "chỉ có đoạn [1]" in user.text and "từ 1 đến 1" not in user.text
    assert comments(db) == []


async def test_words_typed_without_diacritics_are_found_when_unambiguous(
    engine: Engine, db: Database, built: Built
) -> None:
    """An elder types "kinh te xanh": the draft's words, printed with their accents, are stored; a word that could be
    several ("ban": bàn, bán, bạn) is not guessed."""
    two_sentences(db, built.section_ids[0])
    user = User(engine)
    await open_section(user)
    await amend(user, "2", "phat trien KINH TE xanh")
    assert "«Phát triển kinh tế xanh»" in user.text and NEW in user.text
    await user.send("kinh tế xanh, kinh tế số")
    await user.send("Theo xu hướng chung.")
    assert "Nguyên văn: «Phát triển kinh tế xanh»" in user.text
    [c] = comments(db)
    assert (c.quoted_original, c.quote_found) == ("Phát triển kinh tế xanh", True)


def test_unaccented_words_match_whole_words_once() -> None:
    text = "Có 2 thôn; thông tin về bàn, bán và bạn."
    assert find_unaccented(text, "2 thon") == (3, 9)
    span = find_unaccented(text, "thon")  # "thôn" once as a word ("thông" is another word)
    assert span is not None and text[span[0] : span[1]] == "thôn"
    assert find_unaccented(text, "ban") is None  # three words: not guessed
    assert find_unaccented(text, "thong tin") == (11, 20)


@pytest.mark.parametrize(
    ("chosen", "quote", "where"),
    [("kinh tế xanh", "kinh tế xanh", (7, 31)), ("Câu 2", "Bảo vệ môi trường sống.", (8, 1))],
)
async def test_an_amendment_cites_the_printed_line_where_the_quoted_words_start(
    engine: Engine, db: Database, built: Built, chosen: str, quote: str, where: tuple[int, int]
) -> None:
    text = two_sentences(db, built.section_ids[0])
    # Paragraph [2] as printed: it starts on page 7, line 30, and runs over onto page 8 (drafts.position_of).
    at = text.index("kinh tế xanh")
    assert text.index("Bảo vệ") > at + 5
    with db.unit() as s:
        para = s.scalars(
            select(Paragraph).where(Paragraph.section_id == built.section_ids[0], Paragraph.number == 2)
        ).one()
        para.page, para.line = 7, 30
        para.lines = [[7, 30, 0], [7, 31, max(1, at - 3)], [8, 1, at + 5]]
    user = User(engine)
    await open_section(user)
    await user.press("Đề nghị sửa đổi, bổ sung")
    await user.press("[2]")
    if chosen.startswith("Câu"):
        await user.press(chosen)  # a sentence tapped
    else:
        await user.send(chosen)  # words typed
    await user.send("Nội dung mới.")
    [c] = comments(db)
    assert (c.quoted_original, c.paragraph_no, c.page, c.line) == (quote, 2, *where)  # where the words start
