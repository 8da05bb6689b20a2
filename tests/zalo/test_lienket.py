"""`/lienket` end to end: one engine serving Telegram and Zalo (long polling, each against its fake Bot API server
on 127.0.0.1). A code given on Telegram and typed on Zalo makes one person: each channel's comments are in the
other's /ykiencuatoi, the conversation goes on at the same step, a redelivered update links once, and the report
counts one person with two comments, one on each channel."""

from __future__ import annotations

import asyncio
import io
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from aggregation.pipeline import build_report
from aggregation.query import Scope
from bot.channels.telegram import TelegramChannel
from bot.channels.zalo import ZaloChannel
from core.messages import t
from handlers.context import EngineConfig
from handlers.engine import Engine
from storage.db import Database
from storage.models import Comment, Participant
from tests.factories import build_consultation
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.zalo_api import FakeZalo, user_id
from tests.telegram.conftest import TgUser, tg_settings
from tests.zalo.conftest import ZaloUser, free_port, link_settings, zalo_settings

CODE = re.compile(r"/lienket ([A-Z0-9]{6})")


@dataclass
class Both:
    tg: FakeTelegram
    zalo: FakeZalo
    db: Database


@pytest.fixture
async def both(fake_zalo: FakeZalo, db: Database, tmp_path: Path) -> AsyncIterator[Both]:
    tg_server = await FakeTelegram().start()
    with db.unit() as session:
        build_consultation(session)
    engine = Engine(db, EngineConfig(strict_flow=True))
    port = free_port()
    telegram = TelegramChannel(engine, tg_settings(tg_server), overall_max_rate=0)
    zalo = ZaloChannel(engine, zalo_settings(fake_zalo, port), link_settings(port, tmp_path / "links"))
    await telegram.start()
    await zalo.start()
    await engine.start()
    try:
        yield Both(tg_server, fake_zalo, db)
    finally:
        await engine.stop()
        await zalo.stop()
        await telegram.stop()
        engine.close()
        await tg_server.stop()


def stored(db: Database) -> tuple[list[Comment], list[Participant]]:
    with db.unit() as s:
        comments = list(s.scalars(select(Comment).order_by(Comment.id)))
        people = list(s.scalars(select(Participant).order_by(Participant.id)))
        s.expunge_all()
    return comments, people


async def test_one_person_on_telegram_and_zalo(both: Both) -> None:
    tg = TgUser(both.tg, 4242)
    await tg.onboard()
    await tg.open_section()
    await tg.send("Ý kiến gửi từ Telegram.", "✓ Đã ghi nhận ý kiến")
    await tg.press("Mục sau", "Mục 2/6")
    given = await tg.send("/lienket", "Mã liên kết của")
    found = CODE.search(given.params["text"])
    assert found is not None
    code = found.group(1)

    za = ZaloUser(both.zalo, user_id(4243))
    await za.send(f"/lienket {code[:3]}-{code[3:]}", "Đã liên kết")  # as copied, with a dash
    await za.expect("Mục 2/6")  # Telegram's conversation, at the section it stood, numbered on Zalo
    await za.choose("Ý kiến khác", "gõ ý kiến về")
    await za.send("Ý kiến gửi từ Zalo.", "✓ Đã ghi nhận ý kiến")

    mine = await tg.send("/ykiencuatoi", "Ý kiến của")
    assert "(2)" in mine.params["text"]
    assert "Ý kiến gửi từ Zalo." in mine.params["text"] and "Ý kiến gửi từ Telegram." in mine.params["text"]
    mine_zalo = await za.send("/ykiencuatoi", "Ý kiến của")
    assert "(2)" in mine_zalo.params["text"] and "Ý kiến gửi từ Telegram." in mine_zalo.params["text"]

    await tg.send("/gopy", "Chọn một dự thảo")  # the conversation moves on Telegram...
    await tg.press("Dự thảo Báo cáo chính trị", "Mục lục")
    await za.send("/tieptuc", "Mục lục")  # ...and goes on from there on Zalo
    await za.choose("✓ I. MỤC LỚN 1", "Mục 1/6")  # ticked: commented on Telegram

    comments, people = stored(both.db)
    assert [(c.text, c.channel) for c in comments] == [
        ("Ý kiến gửi từ Telegram.", "telegram"),
        ("Ý kiến gửi từ Zalo.", "zalo"),
    ]
    first, second = people
    assert {c.participant_id for c in comments} == {first.id} and second.linked_to == first.id

    report = build_report(both.db, Scope())
    part1 = report.summary.part1
    assert (part1.individuals, part1.comments) == (1, 2)  # one person, two comments
    assert {row.label: (row.comments, row.participants) for row in part1.by_channel} == {
        t("report.channel.telegram"): (1, 1),
        t("report.channel.zalo"): (1, 1),
    }
    assert report.xlsx is not None
    book = load_workbook(io.BytesIO(report.xlsx), read_only=True)
    rows = [list(row) for ws in book.worksheets for row in ws.iter_rows(values_only=True)]
    for text, channel in (("Ý kiến gửi từ Telegram.", "telegram"), ("Ý kiến gửi từ Zalo.", "zalo")):
        row = next(r for r in rows if text in r)
        assert t(f"report.channel.{channel}") in row  # each comment shows its own channel


async def test_a_redelivered_link_is_applied_once(both: Both) -> None:
    tg = TgUser(both.tg, 4252)
    await tg.onboard()
    given = await tg.send("/lienket", "Mã liên kết của")
    found = CODE.search(given.params["text"])
    assert found is not None
    uid = user_id(4253)
    za = ZaloUser(both.zalo, uid)
    update = both.zalo.make_text(uid, f"/lienket {found.group(1)}")
    both.zalo.push(update)
    await za.expect("Đã liên kết")
    polls = both.zalo.polls
    both.zalo.redeliver(update)
    await both.zalo.wait_for(lambda: both.zalo.polls > polls + 1)  # taken, and the bot has asked for more since
    await asyncio.sleep(0.3)
    texts = both.zalo.texts(uid)
    assert sum("Đã liên kết" in text for text in texts) == 1
    assert not any("đã được" in text for text in texts)  # not answered again
    _, people = stored(both.db)
    assert [p.linked_to for p in people] == [None, people[0].id]
    await za.send("/ykiencuatoi", "chưa gửi ý kiến nào.")  # and the conversation is Telegram's


async def test_same_channel_and_wrong_codes_then_the_code_typed_alone(both: Both) -> None:
    tg = TgUser(both.tg, 4262)
    await tg.onboard()
    given = await tg.send("/lienket", "Mã liên kết của")
    found = CODE.search(given.params["text"])
    assert found is not None
    await tg.send(f"/lienket {found.group(1)}", "xin gõ mã ở kênh kia")  # not on the channel it was given on
    za = ZaloUser(both.zalo, user_id(4263))
    await za.send("/lienket", "Xin gõ mã liên kết")  # a Zalo account not used yet is asked for the code
    await za.send("XXXXXX", "còn 4 lần thử")
    await za.send(found.group(1), "Đã liên kết")  # typed alone, when asked
