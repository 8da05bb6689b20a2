"""Issue 12 on a phone, through the fake Bot API and python-telegram-bot's real HTTP stack: what each task costs in
messages sent and edited (a tap edits the live message in place; text typed gets one new message and takes the
keyboard off the one before), never a keyboard left on an old message, a stance a tap with a toast and «Hoàn tác»,
an amendment by tapping a sentence (stored verbatim, the sentence on a copy button), an unaccented quote matched
and stored as printed, an edit, /tieptuc, a stale button, and the forms of address by role."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any, NamedTuple

from sqlalchemy import select

from storage.db import Database
from storage.models import Comment, Paragraph, Section
from tests.fakes.telegram_api import Call, FakeTelegram, buttons
from tests.telegram.conftest import Bot, TgUser, methods

SEND, EDIT, UNKEY = "sendMessage", "editMessageText", "editMessageReplyMarkup"


class Cost(NamedTuple):
    """What the bot did in one chat for a step or a task: messages sent, edited in place, keyboards taken off."""

    sends: int
    edits: int
    unkeys: int

    def __add__(self, other: object) -> Cost:
        assert isinstance(other, Cost)
        return Cost(self.sends + other.sends, self.edits + other.edits, self.unkeys + other.unkeys)

    def reached(self, expected: Cost) -> bool:
        return all(got >= want for got, want in zip(self, expected, strict=True))


TAP = Cost(0, 1, 0)  # a button on the live message: that message edited, nothing sent
TYPED = Cost(1, 0, 1)  # text typed: one new message, the keyboard taken off the live one before it
FIRST = Cost(1, 0, 0)  # the very first answer: nothing before it to take a keyboard off


class Phone:
    """A Telegram user whose every step is counted: the calls the bot made to the chat from the step's start to the
    next step's start (`settle` checks them once a last answer shows all are in: one chat's answers go in order)."""

    def __init__(self, bot: Bot, user_id: int) -> None:
        self.server: FakeTelegram = bot.server
        self.db = bot.db
        self.uid = user_id
        self.user = TgUser(bot.server, user_id)
        self.task = ""
        self.steps: list[tuple[str, int, Cost]] = []  # (task, where the step began in the call log, its cost)
        self.query = ""  # the callback query of the latest tap

    def cost(self, since: int, until: int | None = None) -> Cost:
        done = methods(self.server, self.uid, since, until)
        return Cost(done.count(SEND), done.count(EDIT), done.count(UNKEY))

    async def step(self, expected: Cost, act: Callable[[], Awaitable[Call]]) -> Call:
        start = self.user.mark()
        call = await act()
        await self.server.wait_for(lambda: self.cost(start).reached(expected))
        self.steps.append((self.task, start, expected))
        # After every step only the message the person acts on shows buttons: the newest one given any.
        assert self.server.keyboards(self.uid) == [self.user.live()], (self.task, self.server.keyboards(self.uid))
        return call

    async def tap(self, label: str, expect: str, expected: Cost = TAP) -> Call:
        data, message_id = self.user.pressable(label)
        return await self.press_on(data, message_id, expect, expected)

    async def press_on(self, data: str, message_id: int, expect: str, expected: Cost = TAP) -> Call:
        async def act() -> Call:
            update = self.server.callback(self.uid, data, message_id)
            self.query = str(update["callback_query"]["id"])
            return await self.user.expect(expect)

        return await self.step(expected, act)

    async def type(self, text: str, expect: str, expected: Cost = TYPED) -> Call:
        return await self.step(expected, lambda: self.user.send(text, expect))

    async def toast(self) -> str:
        """The toast the latest tap was answered with ("" when silent)."""
        answers: list[dict[str, Any]] = self.server.answers
        found = await self.server.wait_for(
            lambda: [a for a in answers if str(a.get("callback_query_id")) == self.query]
        )
        return str(found[0].get("text") or "")

    async def settle(self) -> dict[str, Cost]:
        """Every step's cost exactly as expected, and each task's total. A last message is sent first: once it is
        answered, everything the steps caused is in the log (a late extra call would fall in a step's window)."""
        start = self.user.mark()
        self.server.message(self.uid, "/tieptuc")
        await self.server.wait_for(lambda: SEND in methods(self.server, self.uid, start))
        ends = [begin for _, begin, _ in self.steps[1:]] + [start]
        totals: dict[str, Cost] = {}
        for (task, begin, expected), end in zip(self.steps, ends, strict=True):
            got = self.cost(begin, end)
            assert got == expected, (task, got, expected)
            totals[task] = totals.get(task, Cost(0, 0, 0)) + got
        return totals

    async def onboard(self) -> None:
        """/start to the list of drafts (counted: the first message, then a tap per answer)."""
        await self.type("/start", "có đồng ý không?", FIRST)
        await self.tap("Đồng ý", "tư cách nào")
        await self.tap("Người dân", "khu phố/thôn")
        await self.tap("Bỏ qua", "nhắc trước khi hết hạn")
        await self.tap("Không cần", "Chọn một dự thảo")

    async def open_section(self, label: str = "I. MỤC LỚN 1", expect: str = "Mục 1/6") -> Call:
        await self.tap("Dự thảo Báo cáo chính trị", "Mục lục")
        return await self.tap(label, expect)


def live_comments(db: Database) -> list[Comment]:
    with db.unit() as s:
        rows = list(s.scalars(select(Comment).where(Comment.withdrawn_at.is_(None)).order_by(Comment.id)))
        s.expunge_all()
    return rows


def set_paragraph(db: Database, title: str, number: int, text: str) -> None:
    with db.unit() as s:
        section = s.scalars(select(Section).where(Section.title == title)).one()
        where = (Paragraph.section_id == section.id, Paragraph.number == number)
        s.scalars(select(Paragraph).where(*where)).one().text = text


def copy_buttons(call: Call) -> list[dict[str, Any]]:
    """The copy_text buttons of a call's inline keyboard (a copy button carries no callback data)."""
    markup = call.params.get("reply_markup") or {}
    return [b for row in markup.get("inline_keyboard", []) for b in row if "copy_text" in b]


async def test_a_first_comment_costs_one_message_and_a_tap_is_undone_in_place(tg_bot: Bot) -> None:
    phone = Phone(tg_bot, 1201)
    phone.task = "first comment"
    await phone.onboard()
    await phone.open_section()
    moved = await phone.tap("Nhất trí", "✓ Đã ghi nhận: Nhất trí")
    assert await phone.toast() == "Đã ghi nhận"
    [saved] = live_comments(tg_bot.db)
    assert (saved.kind.value, saved.target_kind.value, saved.text) == ("agree", "section", "")
    assert "Mục 2/6" in moved.params["text"]  # on to the next section, the acknowledgement above it
    assert list(buttons(moved))[-1] == "Hoàn tác" and "Mục trước" in buttons(moved)  # last: «Nhất trí» stays put

    phone.task = "stance undo"
    undone = await phone.tap("Hoàn tác", "Đã hoàn tác")
    assert await phone.toast() == "Đã hoàn tác"
    assert live_comments(tg_bot.db) == []
    assert "Mục 1/6" in undone.params["text"] and "Hoàn tác" not in buttons(undone)  # back where the stance was

    totals = await phone.settle()
    assert totals == {"first comment": Cost(1, 7, 0), "stance undo": Cost(0, 1, 0)}
    assert tg_bot.server.texts(1201)[0].endswith(("có đồng ý không?", "Có đồng ý không?"))  # one message sent


async def test_an_amendment_by_tapping_a_sentence_is_stored_verbatim(tg_bot: Bot) -> None:
    set_paragraph(
        tg_bot.db, "MỤC LỚN 1", 1, "Giữ vững ổn định chính trị. Phát triển kinh tế nhanh, bền vững. (1) Chuyển đổi số."
    )
    phone = Phone(tg_bot, 1202)
    await phone.user.onboard()
    await phone.user.open_section()

    phone.task = "amendment"
    await phone.tap("Đề nghị sửa đổi, bổ sung", "muốn sửa đoạn nào")
    sentences = await phone.tap("[1]", "1) Giữ vững ổn định chính trị.")
    assert "2) Phát triển kinh tế nhanh, bền vững." in sentences.params["text"]
    assert "3) (1) Chuyển đổi số." in sentences.params["text"]
    assert {"Câu 1", "Câu 2", "Câu 3"} <= set(buttons(sentences))
    quoted = await phone.tap("Câu 2", "«Phát triển kinh tế nhanh, bền vững.»")
    # The sentence, exactly as printed, on a button that copies it into the person's input field.
    sentence = {"text": "Phát triển kinh tế nhanh, bền vững."}
    assert copy_buttons(quoted) == [{"text": "Sao chép câu", "copy_text": sentence}]
    saved = await phone.type("Phát triển kinh tế nhanh và bền vững.", "✓ Đã ghi nhận đề nghị sửa")
    assert "«Phát triển kinh tế nhanh và bền vững.»" in saved.params["text"]
    assert {"Sửa", "Rút lại"} <= set(buttons(saved))
    [amend] = live_comments(tg_bot.db)
    assert (amend.kind.value, amend.paragraph_no) == ("amend", 1)
    assert amend.quoted_original == "Phát triển kinh tế nhanh, bền vững."
    assert (amend.proposed_text, amend.reason) == ("Phát triển kinh tế nhanh và bền vững.", "")

    phone.task = "reason"
    await phone.type("Cho gọn, dễ hiểu.", "Lý do: Cho gọn, dễ hiểu.")  # optional, typed next: the same comment
    [amend] = live_comments(tg_bot.db)
    assert (amend.proposed_text, amend.reason) == ("Phát triển kinh tế nhanh và bền vững.", "Cho gọn, dễ hiểu.")

    totals = await phone.settle()
    assert totals == {"amendment": Cost(1, 3, 1), "reason": Cost(1, 0, 1)}


async def test_words_typed_without_diacritics_are_found_and_stored_as_printed(tg_bot: Bot) -> None:
    set_paragraph(tg_bot.db, "MỤC LỚN 1", 2, "(2) Phát triển kinh tế xanh, bền vững. Bảo vệ môi trường sống.")
    phone = Phone(tg_bot, 1203)
    await phone.user.onboard()
    await phone.user.open_section()

    phone.task = "unaccented amendment"
    await phone.tap("Đề nghị sửa đổi, bổ sung", "muốn sửa đoạn nào")
    await phone.tap("[2]", "Đoạn [2]")
    # Not in the paragraph: said in a new message without buttons; the sentences' keyboard above stays the live one.
    await phone.type("cong nghiep nang", "Không thấy «cong nghiep nang»", Cost(1, 0, 0))
    assert live_comments(tg_bot.db) == []
    quoted = await phone.type("phat trien  KINH te xanh", "«Phát triển kinh tế xanh»")
    assert [b["copy_text"] for b in copy_buttons(quoted)] == [{"text": "Phát triển kinh tế xanh"}]
    saved = await phone.type("bỏ", "✓ Đã ghi nhận đề nghị sửa")
    assert "Nguyên văn: «Phát triển kinh tế xanh»" in saved.params["text"]
    [amend] = live_comments(tg_bot.db)
    assert (amend.kind.value, amend.paragraph_no) == ("amend", 2)
    assert (amend.quoted_original, amend.proposed_text) == ("Phát triển kinh tế xanh", "")  # as printed; delete

    totals = await phone.settle()
    assert totals == {"unaccented amendment": Cost(3, 2, 2)}


async def test_an_edit_and_resume(tg_bot: Bot) -> None:
    phone = Phone(tg_bot, 1204)
    await phone.user.onboard()
    await phone.user.open_section()

    phone.task = "typed comment"
    saved = await phone.type("Đề nghị bổ sung chỉ tiêu về môi trường.", "✓ Đã ghi nhận ý kiến")
    assert "«Đề nghị bổ sung chỉ tiêu về môi trường.»" in saved.params["text"]

    phone.task = "edit"
    shown = await phone.tap("Sửa", "«Đề nghị bổ sung chỉ tiêu về môi trường.»")  # the words to retype, quoted
    assert list(buttons(shown)) == ["Huỷ"]
    edited = await phone.type("Đề nghị bổ sung chỉ tiêu cây xanh đô thị.", "✓ Đã sửa ý kiến.")
    assert "«Đề nghị bổ sung chỉ tiêu cây xanh đô thị.»" in edited.params["text"]
    [comment] = live_comments(tg_bot.db)
    assert (comment.kind.value, comment.text) == ("other", "Đề nghị bổ sung chỉ tiêu cây xanh đô thị.")
    assert comment.edited_at is not None

    phone.task = "resume"
    section = await phone.type("/tieptuc", "Mục 1/6")  # the section again, not the acknowledgement
    assert "Nhất trí" in buttons(section) and "✓" in section.params["text"].split("\n")[1]  # ticked: commented
    assert len(live_comments(tg_bot.db)) == 1

    totals = await phone.settle()
    assert totals == {"typed comment": Cost(1, 0, 1), "edit": Cost(1, 1, 1), "resume": Cost(1, 0, 1)}


async def test_an_old_messages_button_does_nothing_but_say_so(tg_bot: Bot) -> None:
    phone = Phone(tg_bot, 1205)
    await phone.user.onboard()
    section = await phone.user.open_section()
    assert section.message_id is not None
    old = phone.user.button("Nhất trí")
    phone.task = "typed comment"
    saved = await phone.type("Ý kiến về mục 1.", "✓ Đã ghi nhận ý kiến")  # a new message: the section's is old
    assert saved.message_id is not None and saved.message_id != section.message_id

    # «Nhất trí» from the section's keyboard, pressed on that older message (a phone that has not redrawn it):
    # nothing saved, nothing sent or edited, a toast; the saved comment's message stays the live one.
    calls = len(tg_bot.server.calls)
    update = tg_bot.server.callback(1205, old, section.message_id)
    phone.query = str(update["callback_query"]["id"])
    assert "đã cũ" in await phone.toast()
    assert [c.method for c in tg_bot.server.calls[calls:]] == ["answerCallbackQuery"]
    assert tg_bot.server.keyboards(1205) == [saved.message_id]
    assert [(c.kind.value, c.text) for c in live_comments(tg_bot.db)] == [("other", "Ý kiến về mục 1.")]

    totals = await phone.settle()
    assert totals == {"typed comment": Cost(1, 0, 1)}


RESIDENT_FORM = re.compile(r"\b[Ôô]ng/[Bb]à\b")
MEMBER_FORM = re.compile(r"\b[Đđ]ồng chí\b")
NEVER = re.compile(r"\b(?:[Bb]ạn|[Bb]ot)\b")  # the old form of address, and the machine talking about itself


async def test_a_resident_is_addressed_as_ong_ba_and_a_member_as_dong_chi(tg_bot: Bot) -> None:
    for user_id, role, form, other in (
        (1206, "Người dân", RESIDENT_FORM, MEMBER_FORM),
        (1207, "Đảng viên", MEMBER_FORM, RESIDENT_FORM),
    ):
        user = TgUser(tg_bot.server, user_id)
        await user.send("/start", "có đồng ý không?")
        await user.press("Đồng ý", "tư cách nào")
        since = user.mark()  # from the role chosen on, every text addresses the person by the role's form
        area = await user.press(role, "khu phố/thôn")
        await user.press("Bỏ qua", "nhắc trước khi hết hạn")
        drafts = await user.press("Không cần", "Chọn một dự thảo")
        section = await user.open_section()
        saved = await user.send("Ý kiến về mục 1.", "✓ Đã ghi nhận ý kiến")
        for call in (area, drafts, section, saved):
            text = str(call.params["text"])
            assert form.search(text), (role, text)
            assert not other.search(text), (role, text)
        for text in user.shown_texts(since):
            assert not other.search(text), (role, text)
            assert not NEVER.search(text), (role, text)
