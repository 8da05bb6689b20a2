"""Commands and odd input: /giupdo, /tieptuc, unknown commands, /baocao, the rate limit, stale buttons, files."""

from __future__ import annotations

import asyncio
import io
import time

import pytest
from sqlalchemy import update

from bot.channels.console import ConsoleChat
from handlers.context import EngineConfig
from handlers.engine import Engine
from handlers.types import Incoming, Kind, Reply
from storage.db import Database
from storage.models import Participant, Role
from tests.factories import Built
from tests.handlers.conftest import reporting
from tests.handlers.helpers import User, comments, open_section


async def test_stale_button_is_answered_politely(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    old = user.buttons["Nhất trí"]
    await user.press("Ý kiến khác")
    await user.press_payload(old)
    assert "tin nhắn trước" in user.text
    await user.send("vẫn tiếp tục được")
    assert "Loại ý kiến: Ý kiến khác" in user.text
    confirm = user.buttons["Xác nhận"]
    await user.press("Xác nhận")
    await user.press_payload(confirm)  # a double tap
    assert "tin nhắn trước" in user.text
    assert len(comments(db)) == 1


async def test_resume_help_and_unknown_command(engine: Engine) -> None:
    user = User(engine)
    await open_section(user)
    await user.press("Không nhất trí")
    await user.send("/tieptuc")
    assert "Bạn không nhất trí với" in user.text
    await user.send("/giupdo")
    assert "/ykiencuatoi" in user.text and "Xác nhận" in user.text
    await user.send("/xyz")
    assert "không hiểu lệnh «/xyz»" in user.text


@pytest.mark.parametrize("kind", [Kind.FILE, Kind.UNSUPPORTED])
async def test_files_and_stickers_get_a_polite_reply(engine: Engine, kind: Kind) -> None:
    user = User(engine)
    await open_section(user)
    await user.send_kind(kind)
    assert "chỉ đọc được tin nhắn chữ" in user.text
    await user.press("Nhất trí")  # the step is unchanged
    assert "Bạn nhất trí" in user.text


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
    assert "Bạn tham gia góp ý với tư cách" in (await engine.handle(chat.incoming("1")))[0].text


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


async def test_help_is_plain_complete_and_one_message(engine: Engine) -> None:
    user = User(engine)
    await user.send("/giupdo")
    for needle in ("Góp ý chung cho toàn văn", "Đề xuất, kiến nghị", "nguyên văn", "«Ý kiến khác»"):
        assert needle in user.text
    assert "/baocao" not in user.text and "/tiendo" not in user.text  # a resident's help: no staff command
    assert len(user.text) <= 4096


async def test_rate_limit_says_what_really_happens(db: Database, built: Built) -> None:
    engine = Engine(db, EngineConfig(rate_limit_per_minute=2, strict_flow=True))
    user = User(engine)
    await user.send("/giupdo")
    await user.send("/giupdo")
    await user.send("/giupdo")
    assert "tin nhắn này chưa được xử lý" in user.text and "trước đó đã được xử lý" in user.text
    assert "một phút tới" in user.text and "không báo lại" in user.text
    assert await user.send("/giupdo") == []
    engine.close()


async def test_help_mentions_topics_skip_and_who_changes_role(engine: Engine) -> None:
    user = User(engine)
    await user.send("/giupdo")
    for needle in ("Gợi ý thảo luận", "«Bỏ qua»", "người dân và đảng viên tự đổi"):
        assert needle in user.text
    assert len(user.text) <= 4096


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
