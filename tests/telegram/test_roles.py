"""Roles through the real Telegram stack (PTB over HTTP, the fake Bot API): each role its own command menu
(setMyCommands scoped to the chat; the default lists residents' commands only); a resident is refused the staff
commands; a secretary reads the own unit only, forged buttons included; an official sees every unit and opens any
unit's report; an admin grants a role in chat and the person is told and gets the role's menu."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from bot.app import chat_report, progress, scoped_report, unit_report
from bot.channels.telegram import TelegramChannel
from bot.invites import create_invite
from core import clock
from handlers import roles
from handlers.context import EngineConfig
from handlers.engine import Engine
from storage.db import Database
from storage.models import Deadline, Participant, Role, Unit, UnitKind
from tests.factories import build_consultation
from tests.fakes.telegram_api import Call, FakeTelegram, buttons
from tests.telegram.conftest import Bot, TgUser, tg_settings

RESIDENT, SECRETARY, OFFICIAL, ADMIN = 734062001, 734062002, 734062003, 734062004
OLD = "đã cũ"  # the toast of a button whose message is old: the message shows where the person stands now


@pytest.fixture
async def staff_bot(fake_tg: FakeTelegram, db: Database) -> AsyncIterator[Bot]:
    """The bot with every builder the composition root gives, a second cell (late with its summary)."""
    with db.unit() as s:
        built = build_consultation(s)
        cb02 = Unit(consultation_id=built.consultation_id, code="CB02", name="Chi bộ khu phố 2", kind=UnitKind.CELL,
                    order=4)  # fmt: skip
        s.add(cb02)
        s.flush()
        s.add(Deadline(consultation_id=built.consultation_id, code="cell-CB02", unit_id=cb02.id, what="Báo cáo",
                       due_on=clock.today() - timedelta(days=2)))  # fmt: skip
    engine = Engine(
        db,
        EngineConfig(strict_flow=True),
        report_builder=chat_report,
        unit_report_builder=unit_report,
        scoped_report_builder=scoped_report,
        progress_builder=progress,
    )
    channel = TelegramChannel(engine, tg_settings(fake_tg), overall_max_rate=0)
    await channel.start()
    await engine.start()
    yield Bot(fake_tg, engine, channel, db)
    await engine.stop()
    await channel.stop()
    engine.close()


async def _comment(user: TgUser, text: str) -> None:
    await user.send("/gopy", "Chọn một dự thảo")
    await user.open_section()
    await user.press("Không nhất trí", "✓ Đã ghi nhận: Không nhất trí")
    await user.send(text, "✓ Đã ghi nhận ý kiến")


def _version(call: Call) -> str:
    return next(iter(buttons(call).values())).split(":", 1)[0]


def _unit_id(db: Database, code: str) -> int:
    with db.unit() as s:
        found = s.scalar(select(Unit.id).where(Unit.code == code))
        assert found is not None
        return found


def _docx_texts(server: FakeTelegram, chat: int, after: int) -> list[str]:
    return [
        zipfile.ZipFile(io.BytesIO(c.params["document"]["content"])).read("word/document.xml").decode("utf-8")
        for c in server.sent(chat)[after:]
        if c.method == "sendDocument" and c.params["document"]["filename"].endswith(".docx")
    ]


async def test_each_role_its_menu_and_a_secretary_its_own_unit_only(staff_bot: Bot) -> None:
    server, db = staff_bot.server, staff_bot.db
    flow = staff_bot.engine.flow.commands
    assert server.menus[None] == list(roles.menu(None, flow))  # the default: residents' commands only
    assert not {"baocao", "tiendo", "nopbaocao", "capquyen"} & set(server.menus[None])

    resident = TgUser(server, RESIDENT)
    await resident.onboard()
    await _comment(resident, "Ý kiến của một người dân không thuộc chi bộ nào.")
    await resident.send("/baocao", "chỉ dành cho cán bộ")
    await resident.send("/tiendo", "chỉ dành cho bí thư chi bộ và cán bộ")
    await resident.send("/capquyen", "chỉ dành cho quản trị viên")
    assert RESIDENT not in server.menus  # the default menu: nothing set for the resident's chat

    code = create_invite(db, Role.SECRETARY, "CB01", uses=1, expires=None).code
    sec = TgUser(server, SECRETARY)
    await sec.send(f"/start {code}", "có đồng ý không?")
    await sec.press("Đồng ý", "khu phố/thôn")  # a secretary lives somewhere: asked
    await sec.press("Bỏ qua", "nhắc trước khi hết hạn")
    await sec.press("Không cần", "Chọn một dự thảo")
    await server.wait_for(lambda: SECRETARY in server.menus)
    assert server.menus[SECRETARY] == list(roles.menu(Role.SECRETARY, flow))
    assert server.menus[SECRETARY][:3] == ["tiendo", "baocao", "nopbaocao"]
    await _comment(sec, "Ý kiến của chi bộ khu phố 1.")

    figures = await sec.send("/tiendo", "Tiến độ góp ý dự thảo văn kiện của Chi bộ khu phố 1")
    assert "1 lượt góp ý" in str(figures.params["text"])
    # Forged: the ward list's button for another unit, with the secretary's own live version.
    shown = await sec.send("/baocao", "đối tượng nào")
    version = _version(shown)
    server.callback(SECRETARY, f"{version}:pu:{_unit_id(db, 'CB02')}", shown.message_id)
    again = await sec.expect("đối tượng nào")  # nothing done: the question shown again in its message
    assert again.method == "editMessageText" and int(again.params["message_id"]) == shown.message_id
    assert any(OLD in toast for toast in sec.toasts())
    # Another, of the version before (as a second tap would be): nothing done, the question stays as it is.
    server.callback(SECRETARY, f"{version}:rp:u:{_unit_id(db, 'CB02')}", shown.message_id)  # never asked
    await server.wait_for(lambda: any("đã nhận" in toast.lower() for toast in sec.toasts()))
    assert sum(OLD in toast for toast in sec.toasts()) == 1
    await sec.press("Mọi đối tượng", "thời gian nào")
    before = len(server.sent(SECRETARY))
    await sec.press("Từ đầu đến nay", "Đang tổng hợp báo cáo")
    await server.wait_for(lambda: len(_docx_texts(server, SECRETARY, before)) == 1, timeout=30)
    [body] = _docx_texts(server, SECRETARY, before)
    assert "Ý kiến của chi bộ khu phố 1." in body and "không thuộc chi bộ nào" not in body  # the own unit's only


async def test_an_official_sees_every_unit_and_who_is_late(staff_bot: Bot) -> None:
    server, db = staff_bot.server, staff_bot.db
    code = create_invite(db, Role.OFFICIAL, None, uses=1, expires=None).code
    official = TgUser(server, OFFICIAL)
    await official.send(f"/start {code}", "có đồng ý không?")
    told = await official.press("Đồng ý", "dùng các lệnh")  # not asked where they live
    assert "/tiendo" in told.params["text"] and "/baocao" in told.params["text"]
    assert "Chọn một dự thảo" in told.params["text"]  # one answer, one message
    assert not any("khu phố/thôn nào" in text for text in official.shown_texts())
    await server.wait_for(lambda: OFFICIAL in server.menus)
    assert server.menus[OFFICIAL][:2] == ["tiendo", "baocao"] and "nopbaocao" not in server.menus[OFFICIAL]

    await official.send("/tiendo", "Đang tổng hợp tiến độ")
    overview = await official.expect("Tiến độ góp ý của các đơn vị")
    text = str(overview.params["text"])
    assert "• Chi bộ khu phố 1:" in text and "• Chi bộ khu phố 2:" in text and "QUÁ HẠN nộp báo cáo 2 ngày" in text
    assert "Đơn vị quá hạn chưa nộp báo cáo (1): Chi bộ khu phố 2." in text
    await official.expect("Chọn một đơn vị")
    before = len(server.sent(OFFICIAL))
    await official.press("Chi bộ khu phố 2", "Báo cáo tổng hợp ý kiến của Chi bộ khu phố 2")
    await server.wait_for(lambda: len(_docx_texts(server, OFFICIAL, before)) == 1, timeout=30)
    names = [c.params["document"]["filename"] for c in server.sent(OFFICIAL)[before:] if c.method == "sendDocument"]
    assert all("CB02" in name for name in names)  # the unit report builder's files


async def test_an_admin_grants_a_role_in_chat(staff_bot: Bot) -> None:
    server, db = staff_bot.server, staff_bot.db
    resident = TgUser(server, RESIDENT)
    await resident.onboard()
    seen = await resident.send("/start", "Mã người tham gia của")
    found = re.search(r"Mã người tham gia của [^:]+: (\S+)", str(seen.params["text"]))
    assert found is not None
    code = found.group(1)
    admin = TgUser(server, ADMIN)
    await admin.onboard()
    with db.unit() as s:
        s.execute(update(Participant).where(Participant.channel_user_id == str(ADMIN)).values(role=Role.ADMIN))
    await admin.send(f"/capquyen {code}", "Chọn vai trò mới")
    await server.wait_for(lambda: ADMIN in server.menus)  # the admin's own menu, at their next message
    assert "capquyen" in server.menus[ADMIN]
    await admin.press("Bí thư chi bộ", "chọn đơn vị")
    spent = admin.pressable("Chi bộ khu phố 1")
    await admin.press("Chi bộ khu phố 1", f"Đã cấp vai trò bí thư chi bộ, Chi bộ khu phố 1 cho {code}.")
    notice = await resident.expect("được cấp vai trò bí thư chi bộ")
    assert "/nopbaocao" in notice.params["text"]
    await server.wait_for(lambda: RESIDENT in server.menus)
    assert server.menus[RESIDENT] == list(roles.menu(Role.SECRETARY, staff_bot.engine.flow.commands))
    await resident.send("/tiendo", "Tiến độ góp ý dự thảo văn kiện của Chi bộ khu phố 1")
    server.callback(ADMIN, *spent)  # the grant is done: its buttons are spent
    now = await admin.expect("Chọn một dự thảo")  # where the admin stands now, in that message; nothing granted
    assert (now.method, int(now.params["message_id"])) == ("editMessageText", spent[1])
    assert "Dự thảo Báo cáo chính trị" in buttons(now) and OLD in admin.toasts()[-1]
    await admin.send(f"/capquyen {code}", "Chọn vai trò mới")
    await admin.press("Người dân", f"Đã cấp vai trò người dân cho {code}.")
    await server.wait_for(lambda: RESIDENT not in server.menus)  # back to the default menu (the chat's removed)
