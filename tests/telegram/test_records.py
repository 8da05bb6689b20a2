"""Meetings through the real Telegram stack (PTB over HTTP, the fake Bot API): a resident is refused /hoinghi and
/vanban; a secretary's forged button for another cell's meeting is refused; the template comes as a document; a
filled-in spreadsheet sent as a document is downloaded (getFile), taken once, and a second send is recognised."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from datetime import timedelta

import openpyxl
import pytest
from sqlalchemy import func, select

from bot.channels.telegram import TelegramChannel
from bot.invites import create_invite
from core import clock
from handlers.context import EngineConfig
from handlers.engine import Engine
from storage import records
from storage.db import Database
from storage.models import Comment, MeetingKind, MeetingRecord, Role, Unit, UnitKind
from storage.records import MeetingIn
from tests.factories import build_consultation
from tests.fakes.telegram_api import Call, FakeTelegram, buttons
from tests.storage.sheet_build import meetings_book
from tests.telegram.conftest import Bot, TgUser, tg_settings

RESIDENT, SECRETARY = 734063001, 734063002
NOT_YOURS = "chỉ ghi và sửa được biên bản hội nghị của đơn vị mình"


@pytest.fixture
async def records_bot(fake_tg: FakeTelegram, db: Database) -> AsyncIterator[Bot]:
    with db.unit() as s:
        built = build_consultation(s)
        cb02 = Unit(consultation_id=built.consultation_id, code="CB02", name="Chi bộ khu phố 2", kind=UnitKind.CELL,
                    order=4)  # fmt: skip
        s.add(cb02)
        s.flush()
        records.save_meeting(  # another cell's meeting, recorded by the ward office
            s,
            MeetingIn(cb02.id, MeetingKind.CELL_MEETING, built.document_id, clock.today() - timedelta(days=2), 20, 3),
            recorded_by=None,
            now=clock.now(),
        )
    engine = Engine(db, EngineConfig(strict_flow=True))
    channel = TelegramChannel(engine, tg_settings(fake_tg), overall_max_rate=0)
    await channel.start()
    await engine.start()
    yield Bot(fake_tg, engine, channel, db)
    await engine.stop()
    await channel.stop()
    engine.close()


def _version(call: Call) -> str:
    return next(iter(buttons(call).values())).split(":", 1)[0]


def _meetings(db: Database) -> int:
    with db.unit() as s:
        return int(s.scalar(select(func.count()).select_from(MeetingRecord)) or 0)


async def test_a_resident_is_refused_meetings_and_letters(records_bot: Bot) -> None:
    server = records_bot.server
    resident = TgUser(server, RESIDENT)
    await resident.onboard()
    await resident.send("/hoinghi", "lệnh /hoinghi chỉ dành cho bí thư chi bộ")
    await resident.send("/vanban", "lệnh /vanban chỉ dành cho cán bộ Văn phòng Đảng ủy")
    server.document(RESIDENT, "hoi-nghi.xlsx", meetings_book([], [], []))
    await resident.expect("chỉ đọc được tin nhắn chữ")  # a document, to a resident, is what it always was
    assert _meetings(records_bot.db) == 1


async def test_a_secretary_records_for_the_own_unit_only(records_bot: Bot) -> None:
    server, db = records_bot.server, records_bot.db
    with db.unit() as s:
        other = s.scalars(select(MeetingRecord)).one()
    code = create_invite(db, Role.SECRETARY, "CB01", uses=1, expires=None).code
    sec = TgUser(server, SECRETARY)
    await sec.send(f"/start {code}", "có đồng ý không?")
    await sec.press("Đồng ý", "khu phố/thôn")
    await sec.press("Bỏ qua", "nhắc trước khi hết hạn")
    await sec.press("Không cần", "Chọn một dự thảo")
    shown = await sec.send("/hoinghi", "Biên bản hội nghị, cuộc họp của Chi bộ khu phố 1")
    assert f"#{other.id}" not in str(shown.params["text"])
    # Forged, with the live version, on the list's own message: refused there, the list shown again with it.
    server.callback(SECRETARY, f"{_version(shown)}:hl:o:{other.id}", shown.message_id)
    refused = await sec.expect(NOT_YOURS)
    assert refused.method == "editMessageText" and int(refused.params["message_id"]) == shown.message_id
    assert "Biên bản hội nghị, cuộc họp của Chi bộ khu phố 1" in refused.params["text"]  # the list, its buttons new
    # The template, as a document.
    before = len(server.sent(SECRETARY))
    await sec.press("Nhận mẫu bảng tính (Excel)", "Mẫu bảng tính ghi hội nghị")
    await server.wait_for(lambda: any(c.method == "sendDocument" for c in server.sent(SECRETARY)[before:]))
    sent = next(c for c in server.sent(SECRETARY)[before:] if c.method == "sendDocument")
    assert sent.params["document"]["filename"] == "mau-bien-ban-hoi-nghi.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(sent.params["document"]["content"]))
    assert "Hội nghị" in book.sheetnames
    # Filled in and sent back: downloaded, taken; the same file again is recognised.
    day = clock.today() - timedelta(days=1)
    content = meetings_book([["1", "", "Sinh hoạt chi bộ", "", day, 33, 6, "Sôi nổi."]],
                            [["1", "Nhất trí", "", "", "", "", 30]], [])  # fmt: skip
    server.document(SECRETARY, "bien-ban.xlsx", content)
    await sec.expect("Đã nhập từ tệp «bien-ban.xlsx»: 1 hội nghị, 1 ý kiến, 0 lần biểu quyết")
    server.document(SECRETARY, "bien-ban (1).xlsx", content)
    await sec.expect("đã được nhập lúc")
    # Another cell's meeting in a file: refused by its row, nothing stored.
    other_cell = meetings_book([["1", "CB02", "Sinh hoạt chi bộ", "", day, 10, 1, ""]], [], [])
    server.document(SECRETARY, "cb02.xlsx", other_cell)
    await sec.expect("đơn vị «CB02» không phải đơn vị của đồng chí (CB01)")
    # A file too large is not downloaded at all.
    server.document(SECRETARY, "lon.xlsx", b"PK", size=5 * 1024 * 1024)
    await sec.expect("vượt giới hạn 2,0 MB")
    assert _meetings(db) == 2
    with db.unit() as s:
        assert s.scalar(select(func.count()).select_from(Comment)) == 1
