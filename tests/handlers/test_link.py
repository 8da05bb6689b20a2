"""/lienket: one person on two channels. A code given on one channel and typed on the other makes the second
account a linked row of the first: comments, "my comments", the counts and the conversation are one participant's."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from itertools import count

import pytest
from sqlalchemy import func, select, update

from aggregation.pipeline import build_report
from aggregation.query import Scope
from core.messages import t
from handlers.context import EngineConfig
from handlers.engine import Engine
from handlers.types import Incoming, Reply
from storage.db import Database
from storage.models import CommentWindow, ConversationState, LinkCode, Participant, Role
from storage.privacy import purge_identities
from tests.factories import build_consultation
from tests.handlers.helpers import User, comments, open_section

CODE = re.compile(r"/lienket ([A-Z0-9]{6})")
MINE = re.compile(r"Ý kiến của [^(\n]+ \((\d+)\)")
_numbered_ids = count(1)


class Numbered(User):
    """A user on a channel without buttons (Zalo, the terminal): choices come back as numbers."""

    async def send(self, text: str, *, update_id: str | None = None) -> list[Reply]:
        update_id = update_id or f"n{next(_numbered_ids)}"
        inc = Incoming.from_text(
            self.channel, self.user_id, text, display_name=self.name, update_id=update_id, numbered=True
        )
        return await self._go(inc)


def telegram(engine: Engine, uid: str = "t1") -> User:
    return User(engine, uid, channel="telegram", name="Nguyễn Văn A")


def zalo(engine: Engine, uid: str = "z1") -> User:
    return User(engine, uid, channel="zalo", name="Văn A Zalo")


async def code_of(user: User) -> str:
    await user.send("/lienket")
    found = CODE.search(user.text)
    assert found is not None, user.text
    return found.group(1)


async def comment(user: User, text: str) -> None:
    """A free comment on the section being read (saved as typed), then that section again: what is typed next is
    another comment, not more of this one."""
    await user.send(text)
    assert "✓ Đã ghi nhận" in user.text and f"«{text}»" in user.text
    await user.send("/tieptuc")
    assert "Nhất trí" in user.buttons


def mine_count(text: str) -> int:
    """The number of comments /ykiencuatoi lists ("Ý kiến của ông/bà (2):", whatever the form of address)."""
    found = MINE.search(text)
    assert found is not None, text
    return int(found.group(1))


def people(db: Database) -> list[Participant]:
    with db.unit() as s:
        rows = list(s.scalars(select(Participant).order_by(Participant.id)))
        s.expunge_all()
    return rows


async def test_link_then_comments_of_both_channels_are_one_persons(engine: Engine, db: Database) -> None:
    tg = telegram(engine)
    await open_section(tg)
    await comment(tg, "Ý kiến gửi từ Telegram.")
    code = await code_of(tg)
    assert "trên Zalo và nhắn: /lienket" in tg.text and "15 phút" in tg.text

    za = zalo(engine)
    await za.send(f"/lienket {code.lower()}")  # typed in any case
    assert "Đã liên kết" in za.text and "tài khoản Zalo này và tài khoản Telegram" in za.text
    assert "Mục 1/6" in za.text  # the Telegram conversation goes on here, at the section it stood
    await comment(za, "Ý kiến gửi từ Zalo.")

    await tg.send("/ykiencuatoi")
    assert mine_count(tg.text) == 2
    assert "Ý kiến gửi từ Zalo." in tg.text and "Ý kiến gửi từ Telegram." in tg.text
    await za.send("/ykiencuatoi")
    assert mine_count(za.text) == 2

    stored = comments(db)
    assert [(c.text, c.channel) for c in stored] == [
        ("Ý kiến gửi từ Telegram.", "telegram"),
        ("Ý kiến gửi từ Zalo.", "zalo"),
    ]
    first, second = people(db)
    assert {c.participant_id for c in stored} == {first.id}
    assert (second.channel, second.linked_to, second.display_name, second.role) == ("zalo", first.id, None, None)
    with db.unit() as s:  # one conversation: the linked row has none of its own
        assert s.scalar(select(func.count()).select_from(ConversationState)) == 1

    summary = build_report(db, Scope(), docx=False, xlsx=False).summary
    assert (summary.part1.individuals, summary.part1.comments) == (1, 2)
    by_channel = {row.label: (row.comments, row.participants) for row in summary.part1.by_channel}
    assert by_channel == {t("report.channel.telegram"): (1, 1), t("report.channel.zalo"): (1, 1)}


async def test_a_linked_account_keeps_every_comment_it_had(engine: Engine, db: Database) -> None:
    """Both accounts consented and commented apart; linked, every comment is the first's (none lost, none twice),
    and consent, role and area are the first participant's."""
    tg = telegram(engine)
    await open_section(tg)
    await comment(tg, "Một ý kiến trên Telegram.")
    za = zalo(engine)
    await za.onboard(role="Đảng viên")
    await za.press("Dự thảo Báo cáo chính trị")
    await za.press("I. MỤC LỚN 1")
    for n in (1, 2, 3):
        await comment(za, f"Ý kiến Zalo số {n}.")
    await za.send("/ykiencuatoi")
    await za.press("Rút #1")  # the newest, withdrawn at once: it moves too, and stays withdrawn
    code = await code_of(tg)
    await za.send(f"/lienket {code}")
    assert "Đã liên kết" in za.text and " 2 ý kiến " in za.text and "đã gửi trên Zalo được giữ nguyên" in za.text
    first, second = people(db)
    assert first.role == Role.RESIDENT and first.consent_at is not None  # the first's, not the member's
    assert second.linked_to == first.id and second.consent_at is None
    stored = comments(db)
    assert len(stored) == 4 and {c.participant_id for c in stored} == {first.id}
    assert [c.text for c in stored if c.withdrawn_at is not None] == ["Ý kiến Zalo số 3."]
    await za.send("/ykiencuatoi")
    assert mine_count(za.text) == 3
    summary = build_report(db, Scope(), docx=False, xlsx=False).summary
    assert (summary.part1.individuals, summary.part1.comments) == (1, 3)


async def test_the_conversation_continues_at_the_same_step_either_way(engine: Engine, db: Database) -> None:
    tg = telegram(engine)
    await open_section(tg)
    await tg.press("Ý kiến khác")  # a comment about to be typed
    assert "Huỷ" in tg.buttons
    za = Numbered(engine, "z1", channel="zalo")
    await za.send(f"/lienket {await code_of(tg)}")
    assert "Mục 1/6" in za.text and list(za.buttons) == ["Huỷ"]  # the same step: the words are asked for
    await za.send("Viết tiếp trên Zalo.")
    assert "✓ Đã ghi nhận" in za.text and "«Viết tiếp trên Zalo.»" in za.text
    await za.send(str(list(za.buttons).index("Mục sau") + 1))  # the number shown on Zalo
    assert "Mục 2/6" in za.text
    await tg.send("/tieptuc")  # back on Telegram: where Zalo left it
    assert "Mục 2/6" in tg.text
    [stored] = comments(db)
    assert (stored.kind.value, stored.text, stored.channel) == ("other", "Viết tiếp trên Zalo.", "zalo")


async def test_a_number_typed_after_the_other_channel_moved_on_shows_the_choices_again(
    engine: Engine, db: Database
) -> None:
    tg = telegram(engine)
    await open_section(tg)
    za = Numbered(engine, "z1", channel="zalo")
    await za.send(f"/lienket {await code_of(tg)}")
    await tg.press("Mục sau")  # Telegram's buttons are older than what Zalo was shown: an old button
    assert "Mục 2/6" not in tg.text
    await tg.send("/tieptuc")  # the section again, with buttons on Telegram: Zalo's numbers are out of date now
    await za.send("2")
    assert t("chat.linking.renumbered") in za.text and "Mục 1/6" in za.text
    assert comments(db) == []  # "2" was not taken as a comment
    await za.send(str(list(za.buttons).index("Mục sau") + 1))
    assert "Mục 2/6" in za.text


async def test_a_new_account_is_asked_for_the_code_and_may_type_it_alone(engine: Engine, db: Database) -> None:
    tg = telegram(engine)
    await tg.onboard()
    code = await code_of(tg)
    za = zalo(engine)
    await za.send("/lienket")  # not used on Zalo yet: no code of its own, the other channel's is asked for
    assert "Xin gõ mã liên kết" in za.text
    await za.send("ABCDEF")
    assert "Mã liên kết không đúng" in za.text and "còn 4 lần thử" in za.text
    await za.send(f" {code[:3]} {code[3:].lower()} ")  # as read aloud
    assert "Đã liên kết" in za.text and "Chọn một dự thảo" in za.text
    await za.send("/gopy")
    assert "Chọn một dự thảo" in za.text  # consented: the first participant's consent


async def test_same_channel_expired_reused_and_own_codes(engine: Engine, db: Database) -> None:
    tg = telegram(engine)
    await tg.onboard()
    code = await code_of(tg)
    other_tg = telegram(engine, "t2")
    await other_tg.send(f"/lienket {code}")
    assert "Mã này được tạo trên Telegram" in other_tg.text
    await tg.send(f"/lienket {code}")
    assert "Mã này được tạo trên Telegram" in tg.text

    with db.unit() as s:  # fifteen minutes later
        s.execute(update(LinkCode).values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    za = zalo(engine)
    await za.send(f"/lienket {code}")
    assert "đã hết hạn" in za.text and "15 phút" in za.text
    assert people(db)[-1].linked_to is None

    code = await code_of(tg)  # a new code; the old one is gone
    await za.send(f"/lienket {code}")
    assert "Đã liên kết" in za.text
    await za.send(f"/lienket {code}")  # the same person: nothing to do
    assert "đã được liên kết từ trước" in za.text
    someone = zalo(engine, "z2")
    await someone.send(f"/lienket {code}")
    assert "đã được dùng" in someone.text
    assert [p.linked_to for p in people(db)].count(None) == 3  # t1, t2, z2: z2 linked to nobody


async def test_five_wrong_codes_lock_the_account_for_a_while(engine: Engine, db: Database) -> None:
    tg = telegram(engine)
    await tg.onboard()
    code = await code_of(tg)
    za = zalo(engine)
    await za.onboard()
    for left in (4, 3, 2, 1):
        await za.send("/lienket 222222")
        assert f"còn {left} lần thử" in za.text and "/lienket và mã" in za.text
    await za.send("/lienket 222222")
    assert "gõ sai mã liên kết 5 lần" in za.text
    await za.send(f"/lienket {code}")  # even the right code waits
    assert "gõ sai mã liên kết 5 lần" in za.text and people(db)[1].linked_to is None
    with db.unit() as s:  # the wait is over
        state = s.get(ConversationState, people(db)[1].id)
        assert state is not None
        state.data = {**state.data, "lk": [0, int(datetime.now(UTC).timestamp()) - 1]}
    await za.send(f"/lienket {code}")
    assert "Đã liên kết" in za.text


@pytest.fixture
def engine_any(any_db: Database) -> Iterator[Engine]:
    with any_db.unit() as session:
        build_consultation(session, with_topics=True)
    engine = Engine(any_db, EngineConfig(rate_limit_per_minute=1000, strict_flow=True))
    yield engine
    engine.close()


async def test_a_redelivered_link_links_once(engine_any: Engine, any_db: Database) -> None:
    engine, db = engine_any, any_db
    tg = telegram(engine)
    await open_section(tg)
    code = await code_of(tg)
    za = zalo(engine)
    await za.onboard()
    await za.press("Dự thảo Báo cáo chính trị")
    await za.press("I. MỤC LỚN 1")
    await comment(za, "Ý kiến trước khi liên kết.")
    first = await za.send(f"/lienket {code}", update_id="link-1")
    again = await za.send(f"/lienket {code}", update_id="link-1")
    assert [r.text for r in again] == [r.text for r in first] and "Đã liên kết" in za.text
    tg_person, za_person = people(db)
    assert za_person.linked_to == tg_person.id
    assert [(c.participant_id, c.channel) for c in comments(db)] == [(tg_person.id, "zalo")]
    await za.send(f"/lienket {code}", update_id="link-2")  # a new message with the same code: used, by this person
    assert "đã được liên kết từ trước" in za.text


async def test_an_account_linked_elsewhere_is_not_linked_again(engine: Engine, db: Database) -> None:
    a, b = telegram(engine, "ta"), telegram(engine, "tb")
    await a.onboard()
    await b.onboard()
    za = zalo(engine)
    await za.send(f"/lienket {await code_of(b)}")
    assert "Đã liên kết" in za.text
    await za.send(f"/lienket {await code_of(a)}")  # Zalo is already B's: A's Telegram and B's would be one person
    assert "đã có hai tài khoản Telegram khác nhau" in za.text
    assert people(db)[2].linked_to == people(db)[1].id


@pytest.mark.parametrize("choosing", [False, True])
async def test_a_choice_under_way_on_the_second_account_is_said_to_be_dropped(
    engine: Engine, db: Database, choosing: bool
) -> None:
    tg = telegram(engine)
    await tg.onboard()
    za = zalo(engine)
    await open_section(za)
    await za.send("Đã gõ thì đã ghi.")  # saved as typed: it moves with the account
    await za.send("/tieptuc")
    if choosing:
        await za.press("Đề nghị sửa đổi, bổ sung")  # a paragraph to choose: nothing typed yet
    await za.send(f"/lienket {await code_of(tg)}")
    assert (t("chat.linking.draft_dropped", here="Zalo") in za.text) is choosing
    assert "Chọn một dự thảo" in za.text  # Telegram's step: the list of drafts
    [kept] = comments(db)
    assert (kept.text, kept.participant_id) == ("Đã gõ thì đã ghi.", people(db)[0].id)


async def test_privacy_purge_erases_the_link(engine: Engine, db: Database) -> None:
    tg = telegram(engine)
    await open_section(tg)
    za = zalo(engine)
    await za.send(f"/lienket {await code_of(tg)}")
    await comment(za, "Ý kiến còn lại.")
    await tg.send("/lienket")  # a code still waiting to be typed
    with db.unit() as s:
        later = s.scalars(select(CommentWindow.closes_at)).all()
    purge_identities(db, now=max(later) + timedelta(days=400), months=12)
    [person] = people(db)
    assert person.channel_user_id == f"purged-{person.id}" and person.display_name is None
    with db.unit() as s:
        assert s.scalar(select(func.count()).select_from(LinkCode)) == 0
    assert [(c.participant_id, c.channel) for c in comments(db)] == [(person.id, "zalo")]


async def test_ten_accounts_typing_one_code_at_once_link_one(engine_any: Engine, any_db: Database) -> None:
    """On PostgreSQL (database threads, row locks) as on SQLite: the code is taken by one conditional UPDATE."""
    tg = telegram(engine_any)
    await tg.onboard()
    code = await code_of(tg)
    accounts = [zalo(engine_any, f"z{i}") for i in range(10)]
    await asyncio.gather(*(a.send(f"/lienket {code}") for a in accounts))
    linked = [a for a in accounts if "Đã liên kết" in a.text]
    refused = [a for a in accounts if "đã được dùng" in a.text]
    assert (len(linked), len(refused)) == (1, 9)
    assert [p.linked_to for p in people(any_db)].count(people(any_db)[0].id) == 1
