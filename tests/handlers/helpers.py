"""Drive the engine as a user would (type text, press a button by its label), and the steps and look-ups tests share."""

from __future__ import annotations

from itertools import count

from sqlalchemy import delete, select

from handlers.engine import Engine
from handlers.types import Incoming, Kind, Reply
from storage.db import Database
from storage.models import Comment, Paragraph, Participant

_ids = count(1)

# The contract of the section view's buttons, in order (issue 12: a stance a tap, «Mục trước» / «Mục sau»); the
# first section has no «Mục trước».
SECTION_BUTTONS = [
    "Nhất trí",
    "Không nhất trí",
    "Đề nghị sửa đổi, bổ sung",
    "Ý kiến khác",
    "Mục sau",
    "Về mục lục",
]


class User:
    def __init__(self, engine: Engine, user_id: str = "u1", channel: str = "test", name: str = "Nguyễn Văn A"):
        self.engine, self.user_id, self.channel, self.name = engine, user_id, channel, name
        self.last: list[Reply] = []
        self.buttons: dict[str, str] = {}

    async def send(self, text: str, *, update_id: str | None = None) -> list[Reply]:
        inc = Incoming.from_text(
            self.channel, self.user_id, text, display_name=self.name, update_id=update_id or str(next(_ids))
        )
        return await self._go(inc)

    async def press(self, label: str, *, update_id: str | None = None) -> list[Reply]:
        assert label in self.buttons, f"no button {label!r} in {list(self.buttons)}"
        return await self.press_payload(self.buttons[label], update_id=update_id)

    async def press_payload(
        self, payload: str, *, update_id: str | None = None, message_id: str | None = None
    ) -> list[Reply]:
        """`message_id`: the message the button is on (a channel that edits its messages)."""
        inc = Incoming(
            self.channel,
            self.user_id,
            Kind.CHOICE,
            payload=payload,
            display_name=self.name,
            update_id=update_id or str(next(_ids)),
            message_id=message_id,
        )
        return await self._go(inc)

    async def send_kind(self, kind: Kind) -> list[Reply]:
        return await self._go(Incoming(self.channel, self.user_id, kind, update_id=str(next(_ids))))

    async def _go(self, inc: Incoming) -> list[Reply]:
        self.last = await self.engine.handle(inc)
        for reply in self.last:
            if reply.choices:
                self.buttons = {c.label: c.payload for row in reply.choices for c in row}
        return self.last

    @property
    def text(self) -> str:
        return "\n---\n".join(r.text for r in self.last)

    async def onboard(self, role: str = "Người dân", *, reminders: str = "Không cần") -> None:
        await self.send("/start")
        await self.press("Đồng ý")
        await self.press(role)
        await self.press("Bỏ qua")
        await self.press(reminders)  # the last question, asked once: "Có, nhắc tôi" or "Không cần"


async def open_section(user: User, label: str = "I. MỤC LỚN 1") -> None:
    await user.onboard()
    await user.press("Dự thảo Báo cáo chính trị")
    await user.press(label)


def comments(db: Database) -> list[Comment]:
    with db.unit() as s:
        return list(s.scalars(select(Comment).order_by(Comment.id)))


async def amend(user: User, para: str, quote: str) -> None:
    """Choose the paragraph (typed) and the words (typed), up to the new wording."""
    await user.press("Đề nghị sửa đổi, bổ sung")
    await user.send(para)
    await user.send(quote)


def participant(db: Database) -> Participant:
    with db.unit() as s:
        return s.scalars(select(Participant)).one()


def drop_paragraphs(db: Database, section_id: int, keep: int = 0) -> None:
    with db.unit() as s:
        s.execute(delete(Paragraph).where(Paragraph.section_id == section_id, Paragraph.number > keep))


async def amend_saved(user: User) -> None:
    """An amendment of paragraph 2's "kinh tế xanh", saved (its reason not yet given)."""
    await user.press("Đề nghị sửa đổi, bổ sung")
    await user.send("2")
    await user.send("kinh tế xanh")
    await user.send("kinh tế xanh, kinh tế số")


def two_sentences(db: Database, section_id: int) -> str:
    """Paragraph 2 of `section_id` printed as two sentences, "kinh tế xanh" in the first: choosing it then asks for
    the sentence, so `amend(user, "2", words)` and `amend_saved` quote those words (the factory prints each paragraph
    as one sentence, which is quoted whole as soon as its paragraph is chosen). The paragraph's new text."""
    with db.unit() as s:
        para = s.scalars(select(Paragraph).where(Paragraph.section_id == section_id, Paragraph.number == 2)).one()
        para.text = para.text.rstrip() + " Bảo vệ môi trường sống."
        return para.text
