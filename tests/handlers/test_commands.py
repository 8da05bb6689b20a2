"""Commands and odd input: /giupdo, /tieptuc, unknown commands, /baocao, the rate limit, stale buttons, files."""

from __future__ import annotations

import asyncio
import io
import re
import time

import pytest
from sqlalchemy import select, update

from bot.channels.console import ConsoleChat
from core.messages import t
from handlers import roles
from handlers.context import EngineConfig
from handlers.engine import Engine
from handlers.render import numbered
from handlers.states import Action
from handlers.types import Incoming, Kind, Reply
from storage import linking
from storage.db import Database
from storage.models import ConversationState, Participant, Role
from tests.factories import Built
from tests.handlers.conftest import reporting
from tests.handlers.helpers import User, comments, open_section


async def test_stale_button_is_answered_politely(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    old = user.buttons["Nhất trí"]
    await user.press("Ý kiến khác")
    await user.press_payload(old)
    assert t("chat.stale_button") in user.text and comments(db) == []
    await user.send("vẫn tiếp tục được")
    assert "✓ Đã ghi nhận" in user.text and "«vẫn tiếp tục được»" in user.text
    withdraw = user.buttons["Rút lại"]
    await user.press("Rút lại")
    await user.press_payload(withdraw)  # a double tap
    assert t("chat.stale_button") in user.text
    [c] = comments(db)
    assert c.withdrawn_at is not None
    await user.press("Hoàn tác")
    agree = user.buttons["Nhất trí"]
    await user.press("Nhất trí")
    await user.press_payload(agree)  # a double tap of a stance: saved once
    assert t("chat.stale_button") in user.text
    assert [(c.kind.value, c.withdrawn_at) for c in comments(db)] == [("other", None), ("agree", None)]


async def test_an_old_messages_button_where_messages_are_edited_only_loses_its_buttons(
    engine: Engine, db: Database
) -> None:
    engine.editing.add("test")  # as Telegram: a button's answer replaces the message it was on
    user = User(engine)
    await open_section(user)
    old = user.buttons["Nhất trí"]
    await user.press_payload(user.buttons["Mục sau"], message_id="41")  # the live message is 41
    replies = await engine.handle(Incoming("test", "u1", Kind.CHOICE, payload=old, update_id="9001", message_id="42"))
    assert replies == [Reply("", edit="42", toast=t("chat.view.stale"))]  # 42's buttons go; the view stays in 41
    assert comments(db) == []  # nothing done


async def test_a_double_tap_on_the_live_message_is_done_once_and_the_view_stays(engine: Engine, db: Database) -> None:
    engine.editing.add("test")
    user = User(engine)
    await open_section(user)
    agree = user.buttons["Nhất trí"]
    first = await user.press_payload(agree, message_id="41")
    assert "✓ Đã ghi nhận" in first[0].text and first[0].edit == "41"
    second = await engine.handle(Incoming("test", "u1", Kind.CHOICE, payload=agree, update_id="9002", message_id="41"))
    assert [(r.text, r.edit, r.toast) for r in second] == [("", None, t("chat.view.already"))]  # no edit: the
    assert len([c for c in comments(db) if c.withdrawn_at is None]) == 1  # acknowledgement and «Hoàn tác» stay


async def test_resume_help_and_unknown_command(engine: Engine) -> None:
    user = User(engine)
    await open_section(user)
    await user.press("Không nhất trí")
    await user.send("/tieptuc")
    assert "Mục 1/6 · I. MỤC LỚN 1 ✓" in user.text and "Nhất trí" in user.buttons  # the section, commented
    await user.send("/giupdo")
    assert "Góp ý dự thảo" in user.buttons and "Tiếp tục chỗ đang đọc" in user.buttons
    await user.press("Tiếp tục chỗ đang đọc")
    assert "Mục 1/6 · I. MỤC LỚN 1 ✓" in user.text
    await user.send("/xyz")
    assert t("chat.unknown_command", command="/xyz") in user.text


async def test_tieptuc_and_help_go_back_to_what_was_read_last(engine: Engine) -> None:
    """A guided topic opened after a section: continuing shows the topic, not the section read before."""
    user = User(engine)
    await open_section(user)
    await user.press("Về mục lục")
    await user.press("Gợi ý 1: Về mục tiêu tổng quát")
    await user.send("Ý kiến về mục tiêu.")
    await user.send("/tieptuc")
    assert "Về mục tiêu tổng quát" in user.text and "Mục 1/6" not in user.text
    await user.send("/giupdo")
    await user.press("Tiếp tục chỗ đang đọc")
    assert "Về mục tiêu tổng quát" in user.text and "Mục 1/6" not in user.text
    await user.press("Về mục lục")
    await user.send("/giupdo")
    await user.press("Tiếp tục chỗ đang đọc")  # asked on the outline: the outline
    assert "Mục lục" in user.text and "Mục 1/6" not in user.text


@pytest.mark.parametrize("kind", [Kind.FILE, Kind.UNSUPPORTED])
async def test_files_and_stickers_get_a_polite_reply(engine: Engine, kind: Kind) -> None:
    user = User(engine)
    await open_section(user)
    await user.send_kind(kind)
    assert "chỉ đọc được tin nhắn chữ" in user.text
    await user.press("Nhất trí")  # the step is unchanged
    assert "✓ Đã ghi nhận: Nhất trí với mục I. MỤC LỚN 1." in user.text


async def test_text_where_a_button_is_expected(engine: Engine) -> None:
    user = User(engine)
    await user.onboard()
    await user.send("xin chào")
    assert "chưa được ghi thành ý kiến" in user.text and "Dự thảo Báo cáo chính trị" in user.buttons


async def test_flooding_is_rate_limited(db: Database, built: Built) -> None:
    from handlers.context import EngineConfig

    engine = Engine(db, EngineConfig(rate_limit_per_minute=5, strict_flow=True))
    user = User(engine)
    for _ in range(5):
        await user.send("/giupdo")
    assert "Hướng dẫn" in user.text
    await user.send("/giupdo")
    assert "hơi nhanh" in user.text
    assert await user.send("/giupdo") == []  # warned once per minute, then quiet
    other = User(engine, "u2")
    await other.send("/giupdo")
    assert "Hướng dẫn" in other.text


async def test_report_for_officials_only(engine: Engine, db: Database) -> None:
    from aggregation.api import ChatReport

    calls: list[str | None] = []

    def fake_report(_db: Database, code: str | None) -> ChatReport:
        calls.append(code)
        return ChatReport(["Tổng hợp: 3 ý kiến."], [("bao-cao.docx", b"PK..")])

    engine = reporting(engine, fake_report)
    user = User(engine)
    await user.onboard()
    await user.send("/baocao")
    assert "chỉ dành cho cán bộ" in user.text and calls == []
    with db.unit() as s:
        s.execute(update(Participant).values(role=Role.OFFICIAL))
    replies = await user.send("/baocao DH-TEST")
    assert [r.text for r in replies] == ["Tổng hợp: 3 ý kiến.", ""] and replies[1].files[0][0] == "bao-cao.docx"
    await user.send("/baocao KHONG-CO")
    assert "Không có dự thảo mã «KHONG-CO»" in user.text
    assert calls == ["DH-TEST"]


async def test_a_report_being_built_does_not_block_other_users(engine: Engine, db: Database) -> None:
    import asyncio
    import threading

    from aggregation.api import ChatReport

    release = threading.Event()

    def slow_report(_db: Database, _code: str | None) -> ChatReport:
        assert release.wait(10), "the other user was never answered while the report was being built"
        return ChatReport(["Tổng hợp xong."])

    engine = reporting(engine, slow_report)
    official, resident = User(engine, "official"), User(engine, "resident")
    await official.onboard()
    await resident.onboard()
    with db.unit() as s:
        s.execute(update(Participant).where(Participant.channel_user_id == "official").values(role=Role.OFFICIAL))
    report = asyncio.create_task(official.send("/baocao DH-TEST"))
    await asyncio.sleep(0.05)
    await resident.send("/giupdo")  # answered while the report is still being built
    assert "Hướng dẫn" in resident.text and not report.done()
    release.set()
    assert [r.text for r in await report] == ["Tổng hợp xong."]


async def test_numbered_choices_are_ascii_digits_only(engine: Engine) -> None:
    chat = ConsoleChat(engine, "c1", stdout=io.StringIO())
    consent = await engine.handle(chat.incoming("/start"))
    assert [c.label for r in consent for row in r.choices for c in row] == ["Đồng ý", "Không đồng ý"]
    assert "Xin gõ số thứ tự" in (await engine.handle(chat.incoming("¹")))[0].text  # "¹": text, not 1
    assert (await engine.handle(chat.incoming("3")))[0].text.startswith("Xin gõ số")  # no third choice
    assert "tham gia góp ý với tư cách" in (await engine.handle(chat.incoming("1")))[0].text


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

    engine = reporting(engine, fake_report)
    user = User(engine)
    await user.onboard()
    with db.unit() as s:
        s.execute(update(Participant).values(role=Role.OFFICIAL))
    replies = await engine.handle(Incoming.from_text("test", "u1", "/baocao dh-test"), notify=notify)
    assert [r.text for r in replies] == ["Tổng hợp."] and calls == ["DH-TEST"]
    await user.send("/baocao KHONG-CO")
    assert "Không có dự thảo mã «KHONG-CO». Các mã dự thảo: DH-TEST." in user.text


def _step(db: Database, user_id: str = "u1") -> str:
    with db.unit() as s:
        pid = s.scalars(select(Participant.id).where(Participant.channel_user_id == user_id)).one()
        return s.scalars(select(ConversationState.step).where(ConversationState.participant_id == pid)).one()


def _one_screen(text: str) -> bool:
    return len(text) <= 1000 and len(text.splitlines()) <= 24


# /giupdo's buttons for everyone, and the command each runs.
HELP = {
    "Góp ý dự thảo": "/gopy",
    "Tiếp tục chỗ đang đọc": "/tieptuc",
    "Ý kiến đã gửi": "/ykiencuatoi",
    "Nhắc hạn góp ý": "/nhacnho",
    "Dùng cả Telegram và Zalo": "/lienket",
    "Đổi vai trò, khu phố": "/start",
}


async def test_help_is_one_screen_whose_buttons_run_the_commands(engine: Engine, db: Database) -> None:
    user = User(engine)
    await user.onboard()
    for label, command in HELP.items():
        await user.send("/giupdo")
        assert _one_screen(user.text), user.text
        assert list(user.buttons) == list(HELP)  # a resident: no staff command
        await user.press(label)
        pressed, step = user.text, _step(db)
        await user.send(command)
        if command == "/lienket":  # a new code each time: the same answer but for the code
            code = re.compile(rf"\b[A-Z0-9]{{{linking.CODE_LENGTH}}}\b")
            assert code.search(pressed) and code.sub("#", pressed) == code.sub("#", user.text)
        else:
            assert (pressed, step) == (user.text, _step(db)), command
            assert step != "help", command


@pytest.mark.parametrize("role", list(Role))
async def test_help_offers_a_roles_own_commands_as_buttons(engine: Engine, db: Database, role: Role) -> None:
    user = User(engine)
    await user.onboard()
    with db.unit() as s:
        s.execute(update(Participant).values(role=role))
    await user.send("/giupdo")
    own = [t(f"chat.cmd.{c}") for c in roles.own_commands(role)]
    assert list(user.buttons) == [*HELP, *own]
    # One screen on a phone, and still one where the buttons are numbered lines (Zalo, the terminal).
    assert _one_screen(user.text), user.text
    assert _one_screen("\n".join(numbered(user.last))), numbered(user.last)
    if role in (Role.OFFICIAL, Role.ADMIN):  # (a secretary needs a unit first)
        await user.press(t("chat.cmd.hoinghi"))  # runs the command, as typed
        assert _step(db) == "meetings"


async def test_a_staff_command_from_help_is_refused_to_a_resident(engine: Engine, db: Database) -> None:
    user = User(engine)
    await user.onboard()
    await user.send("/giupdo")
    version = user.buttons["Góp ý dự thảo"].split(":", 1)[0]
    await user.press_payload(f"{version}:{Action.RUN.value}:hoinghi")  # forged: not a resident's button
    assert t(roles.refusal("hoinghi")) in user.text and _step(db) == "help"


async def test_help_before_consent_is_the_short_text_without_buttons(engine: Engine) -> None:
    user = User(engine)
    await user.send("/giupdo")
    assert _one_screen(user.text) and "Hướng dẫn" in user.text and user.last[0].choices == []


async def test_rate_limit_says_what_really_happens(db: Database, built: Built) -> None:
    engine = Engine(db, EngineConfig(rate_limit_per_minute=2, strict_flow=True))
    user = User(engine)
    await user.send("/giupdo")
    await user.send("/giupdo")
    await user.send("/giupdo")
    assert "tin nhắn này chưa được xử lý" in user.text and "trước đó đã được xử lý" in user.text
    assert "một phút tới" in user.text and "không có thông báo lại" in user.text
    assert await user.send("/giupdo") == []
    engine.close()


async def test_two_workers_share_one_rate_limit(db: Database, built: Built) -> None:
    """Two engines on one database (two webhook workers): a user's messages count once, not once per worker."""
    if time.time() % 60 > 57:  # the shared count is per clock minute: not across its end
        await asyncio.sleep(4)
    first = Engine(db, EngineConfig(rate_limit_per_minute=5, strict_flow=True))
    second = Engine(db, EngineConfig(rate_limit_per_minute=5, strict_flow=True))
    try:
        users = (User(first, "shared"), User(second, "shared"))
        answered = [await users[n % 2].send("/giupdo") for n in range(8)]
    finally:
        first.close()
        second.close()
    helps = sum(any("Hướng dẫn" in r.text for r in replies) for replies in answered)
    slow_down = sum(any("hơi nhanh" in r.text for r in replies) for replies in answered)
    assert (helps, slow_down) == (5, 1)
