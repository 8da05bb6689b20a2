"""The calendar end to end: the real Telegram adapter (opened to send only, as `gopy schedule run-due` opens it, at
Telegram's 30 messages/s) against the fake Bot API answering 429 (`retry_after`), 500 and 403; the real e-mail
adapter against an SMTP server on loopback answering 451 and 550; real reports from aggregation/. The outbox's
retries are driven by `Delivery.sweep()` with a controllable clock moved past every wait, not by sleeping (only
PTB's own rate limiter, which retries a 429 once, waits its `retry_after` of 1–2 s)."""

from __future__ import annotations

import contextlib
import itertools
import json
import zipfile
from collections import Counter, defaultdict, deque
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime, timedelta
from io import BytesIO
from typing import Any

import pytest
from aiohttp import web
from pydantic import SecretStr
from sqlalchemy import func, select

from bot.channels.email import EmailSender
from bot.channels.telegram import TelegramChannel
from bot.settings import SmtpSettings, TelegramSettings
from core import clock
from handlers.engine import Engine
from scheduled.runner import Runner
from scheduled.show import Row, State, rows
from storage.db import Database
from storage.models import Consultation, DeliveryLog, Document, Outbox, TargetKind, Unit
from tests.aggregation.helpers import CommentKind, Seeder, all_zip_text
from tests.factories import Built
from tests.fakes.smtp_server import HOST, FakeSmtp
from tests.fakes.telegram_api import FakeTelegram
from tests.scheduled.conftest import add_secretary, local

SUNDAY = local(date(2025, 7, 13), "08:05")  # CB-A (due 14/07) is reminded the day before; nothing else is due
FRIDAY = local(date(2025, 7, 11), "08:05")  # the weekly report to BTG (and CB-A's first reminder)
NEXT_FRIDAY = local(date(2025, 7, 18), "08:05")
GROUP = -100900  # BTG's Telegram group in the plan
BOARD = "btg@example.org"  # BTG's e-mail address in the plan
SENDS = ("sendMessage", "sendDocument")
BLOCKED = {"description": "Forbidden: bot was blocked by the user"}
FLOOD = {"description": "Too Many Requests: retry after 2", "parameters": {"retry_after": 2}}
COMMENTS = (
    (CommentKind.AGREE, "Nhất trí với dự thảo báo cáo chính trị"),
    (CommentKind.DISAGREE, "Chưa đồng tình với chỉ tiêu tăng trưởng kinh tế đặt ra"),
    (CommentKind.GENERAL, "Đề nghị bổ sung giải pháp phát triển kinh tế biển QXZW"),
)


class Platform(FakeTelegram):
    """The fake Bot API, plus chats whose user blocked the bot (every send: 403), chats whose next sends are refused
    (`refusals`: a flood wait for one chat), and `fail_every` failures that take turns among several answers (a
    429 with `retry_after`, a 500). `statuses`: what each send was answered; `calls` keeps what it took."""

    def __init__(self) -> None:
        super().__init__()
        self.blocked: set[str] = set()
        self.refusals: dict[str, deque[tuple[int, dict[str, Any]]]] = defaultdict(deque)
        self.statuses: list[int] = []
        self._turns: Iterator[tuple[int, str, dict[str, Any] | None]] | None = None

    def take_turns(self, every: int, *failures: tuple[int, str, dict[str, Any] | None]) -> None:
        self._turns = itertools.cycle(failures)
        self.fail_every, self.fail_with = every, next(self._turns)

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["method"] not in SENDS:
            return await super()._handle(request)
        try:
            response = await super()._handle(request)
        except web.HTTPException as exc:  # a refusal raised by a method below
            self.statuses.append(exc.status)
            raise
        self.statuses.append(response.status)
        if response.status == self.fail_with[0] and self._turns is not None:
            self.fail_with = next(self._turns)
        return response

    def _refuse(self, p: dict[str, Any]) -> None:
        chat = str(p.get("chat_id"))
        if chat in self.blocked:
            status, body = 403, BLOCKED
        elif self.refusals.get(chat):
            status, body = self.refusals[chat].popleft()
        else:
            return
        self.calls = [c for c in self.calls if c.params is not p]  # the platform did not take it
        refusal = {403: web.HTTPForbidden, 429: web.HTTPTooManyRequests}[status]
        raise refusal(text=json.dumps({"ok": False, "error_code": status, **body}), content_type="application/json")

    async def _m_sendMessage(self, p: dict[str, Any]) -> Any:
        self._refuse(p)
        return await super()._m_sendMessage(p)

    async def _m_sendDocument(self, p: dict[str, Any]) -> Any:
        self._refuse(p)
        return await super()._m_sendDocument(p)

    def received(self, method: str = "sendMessage") -> Counter[str]:
        """chat id → the messages the platform took for it."""
        return Counter(str(c.params.get("chat_id")) for c in self.calls if c.method == method)


class Clock:
    """`core.clock.now` under the test's hand: it stands still (at the real time it was made) until moved."""

    def __init__(self) -> None:
        self.moment = datetime.now(UTC)

    def now(self) -> datetime:
        return self.moment

    def advance(self, delta: timedelta) -> None:
        self.moment += delta


@pytest.fixture
def tick(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(clock, "now", fake.now)
    return fake


@pytest.fixture
async def platform() -> AsyncIterator[Platform]:
    server = Platform()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def smtp() -> Iterator[FakeSmtp]:
    server = FakeSmtp().start()
    yield server
    server.stop()


@contextlib.asynccontextmanager
async def opened(db: Database, telegram: Platform | None = None, smtp: FakeSmtp | None = None) -> AsyncIterator[Engine]:
    """The engine with the channels given, each opened to send only as `gopy schedule run-due` opens them;
    Telegram at its production rate (30 messages/s)."""
    engine = Engine(db)
    channel: TelegramChannel | None = None
    if telegram is not None:
        settings = TelegramSettings.model_validate(
            {"token": SecretStr(telegram.token), "base_url": telegram.base_url, "connection_pool": 8}
        )
        channel = TelegramChannel(engine, settings, overall_max_rate=30)
        await channel.open()
    if smtp is not None:
        mail = SmtpSettings.model_validate(
            {"host": HOST, "port": smtp.port, "security": "none", "SMTP_FROM": "gopy@phuong.example.vn", "timeout": 10}
        )
        engine.register(EmailSender.name, EmailSender(mail))
    try:
        yield engine
    finally:
        await engine.stop()
        if channel is not None:
            await channel.close()
        engine.close()


def secretaries(db: Database, n: int, first: int = 5000) -> list[str]:
    """`n` registered secretaries of CB-A; their Telegram chat ids."""
    chats = [str(first + i) for i in range(n)]
    for chat in chats:
        add_secretary(db, "CB-A", chat)
    return chats


def comment(db: Database) -> None:
    """A few comments on the ward's draft in the week before the first report, as residents made them."""
    with db.unit() as s:
        cons_id = s.scalars(select(Consultation.id)).one()
        doc_id = s.scalars(select(Document.id).where(Document.code == "PHUONG")).one()
        units = {u.code: u.id for u in s.scalars(select(Unit))}
        seeder = Seeder(s, Built(cons_id, doc_id, [], units))
        for kind, text in COMMENTS:
            who = seeder.person(uid=f"9{len(seeder.people)}")
            seeder.add(
                kind, text, target=TargetKind.DOCUMENT, section=None, who=who, created_at=local(date(2025, 7, 8))
            )


def waiting(db: Database) -> int:
    with db.unit() as s:
        return int(s.scalar(select(func.count()).select_from(Outbox)) or 0)


async def drain(engine: Engine, db: Database, tick: Clock, sweeps: int = 30) -> int:
    """Sweep the outbox, the clock moved past every backoff and `retry_after`, until nothing waits; the sweeps."""
    for done in range(1, sweeps + 1):
        await engine.delivery.sweep()  # deletes what was delivered, sends what is due
        if not waiting(db):
            return done
        tick.advance(timedelta(minutes=10))
    raise AssertionError(f"{waiting(db)} message(s) still in the outbox after {sweeps} sweeps")


def logged(db: Database, kind: str) -> dict[str, str]:
    """key → status of the logged sends of `kind`."""
    with db.unit() as s:
        return {r.key: r.status for r in s.scalars(select(DeliveryLog).where(DeliveryLog.kind == kind))}


def shown(db: Database, day: date, kind: str) -> list[Row]:
    """What `gopy schedule show` lists for `day`."""
    return [r for r in rows(db, day, day, NEXT_FRIDAY + timedelta(days=1)) if r.kind == kind]


# --- reminders through Telegram ---


async def test_forty_reminders_through_429s_and_500s_each_arrive_once(
    plan_db: Database, platform: Platform, tick: Clock
) -> None:
    chats = secretaries(plan_db, 40)
    platform.take_turns(
        7,
        (
            429,
            "Too Many Requests: retry after 1",
            {"retry_after": 1},
        ),  # back to the outbox, which waits the retry_after
        (500, "Internal Server Error", None),  # the outbox tries again after its backoff
    )
    async with opened(plan_db, telegram=platform) as engine:
        result = await Runner(plan_db, engine.delivery).run_due(SUNDAY)
        assert len(result.staged) == 40 and result.failed == []
        listed = shown(plan_db, date(2025, 7, 13), "cell_reminder")
        assert State.RETRYING in {r.state for r in listed}  # a 500: waiting in the outbox, tried once
        await drain(engine, plan_db, tick)
        await engine.stop()
        assert platform.statuses.count(429) >= 1 and platform.statuses.count(500) >= 1
        assert platform.received() == Counter({chat: 1 for chat in chats})  # every secretary: one reminder, no more
        assert all("Chi bộ khu A" in str(c.params["text"]) for c in platform.calls if c.method == "sendMessage")
        sunday = {k: v for k, v in logged(plan_db, "cell_reminder").items() if k.endswith(":2025-07-13")}
        assert sorted(sunday) == sorted(result.staged) and set(sunday.values()) == {"sent"}
        assert {r.state for r in shown(plan_db, date(2025, 7, 13), "cell_reminder")} == {State.SENT}
        assert waiting(plan_db) == 0
        # The next run, a second scheduler, a restart: nothing is sent again.
        again = await Runner(plan_db, engine.delivery).run_due(SUNDAY + timedelta(minutes=30))
        await drain(engine, plan_db, tick)
    assert again.staged == [] and again.already >= 40
    assert platform.received() == Counter({chat: 1 for chat in chats})


async def test_a_flood_wait_the_rate_limiter_cannot_absorb_is_waited_out_by_the_outbox(
    plan_db: Database, platform: Platform, tick: Clock
) -> None:
    flooded, other = secretaries(plan_db, 2)
    # Refused: PTB's rate limiter does not retry it (its retry holds every other chat's message back, then lets
    # them go in a burst); the outbox waits the platform's 2 s for this chat alone.
    platform.refusals[flooded].extend([(429, FLOOD)])
    async with opened(plan_db, telegram=platform) as engine:
        result = await Runner(plan_db, engine.delivery).run_due(SUNDAY)
        assert len(result.staged) == 2
        assert platform.received() == Counter({other: 1})
        (retrying,) = [r for r in shown(plan_db, date(2025, 7, 13), "cell_reminder") if r.state is State.RETRYING]
        assert retrying.attempts == 1
        tick.advance(timedelta(seconds=1.5))  # past the outbox's first backoff (1 s), not the platform's 2 s
        await engine.delivery.sweep()
        assert platform.received()[flooded] == 0
        tick.advance(timedelta(seconds=1))
        await engine.delivery.sweep()
        assert platform.received() == Counter({flooded: 1, other: 1})
        await drain(engine, plan_db, tick)
    assert platform.statuses.count(429) == 1
    assert sorted(v for k, v in logged(plan_db, "cell_reminder").items() if k in result.staged) == ["sent", "sent"]
    assert {r.state for r in shown(plan_db, date(2025, 7, 13), "cell_reminder")} == {State.SENT}


async def test_a_secretary_who_blocked_the_bot_is_marked_blocked_and_the_others_get_theirs(
    plan_db: Database, platform: Platform, tick: Clock
) -> None:
    chats = secretaries(plan_db, 6)
    platform.blocked.add(chats[2])
    async with opened(plan_db, telegram=platform) as engine:
        result = await Runner(plan_db, engine.delivery).run_due(SUNDAY)
        assert len(result.staged) == 6
        await drain(engine, plan_db, tick)
    assert platform.received() == Counter({chat: 1 for chat in chats if chat != chats[2]})
    assert platform.statuses.count(403) == 1  # refused once, never tried again
    states = Counter(logged(plan_db, "cell_reminder").values())
    assert states["blocked"] == 1 and states["sent"] == 5
    listed = shown(plan_db, date(2025, 7, 13), "cell_reminder")
    assert Counter(r.state for r in listed) == Counter({State.SENT: 5, State.BLOCKED: 1})
    (blocked,) = [r for r in listed if r.state is State.BLOCKED]
    assert blocked.recipient == "CB-A" and blocked.via == "telegram" and blocked.detail == ""  # the state says it


# --- the weekly report ---


def _attachments(message: Any) -> dict[str, tuple[str, bytes]]:
    """suffix → (content type, content) of an e-mail's attachments."""
    out: dict[str, tuple[str, bytes]] = {}
    for part in message.iter_attachments():
        name = part.get_filename()
        out[name.rsplit(".", 1)[-1]] = (part.get_content_type(), part.get_content())
    return out


def _real_files(files: dict[str, bytes]) -> None:
    """The chart, the Word report and the spreadsheet, built from the comments (the XLSX lists every one)."""
    assert sorted(files) == ["docx", "png", "xlsx"]
    assert files["png"].startswith(b"\x89PNG\r\n\x1a\n")
    assert "word/document.xml" in zipfile.ZipFile(BytesIO(files["docx"])).namelist()
    sheet = all_zip_text(files["xlsx"])
    assert all(text in sheet for _, text in COMMENTS)


async def test_weekly_report_by_email_after_a_451_arrives_once_with_its_files(
    plan_db: Database, smtp: FakeSmtp, tick: Clock
) -> None:
    comment(plan_db)
    smtp.answer("RCPT", "451 4.3.0 Try again later")
    async with opened(plan_db, smtp=smtp) as engine:
        result = await Runner(plan_db, engine.delivery).run_due(FRIDAY)
        (key,) = [k for k in result.staged if ":email:" in k]
        assert smtp.messages == []
        (retrying,) = [r for r in shown(plan_db, date(2025, 7, 11), "weekly_report") if r.via == "email"]
        assert retrying.state is State.RETRYING and retrying.attempts == 1
        await drain(engine, plan_db, tick)
        await engine.stop()
        (mail,) = smtp.messages
        assert mail.rcpt_tos == [BOARD]
        assert "Báo cáo tiến độ" in str(mail.message["subject"]) and "11/07/2025" in str(mail.message["subject"])
        body = mail.message.get_body(("plain",))
        assert body is not None and "TIẾN ĐỘ LẤY Ý KIẾN GÓP Ý HẰNG TUẦN" in body.get_content()
        files = _attachments(mail.message)
        assert files["docx"][0] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        assert files["xlsx"][0] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        assert files["png"][0] == "image/png"
        _real_files({suffix: content for suffix, (_, content) in files.items()})
        assert logged(plan_db, "weekly_report")[key] == "sent"
        (sent,) = [r for r in shown(plan_db, date(2025, 7, 11), "weekly_report") if r.via == "email"]
        assert sent.state is State.SENT
        again = await Runner(plan_db, engine.delivery).run_due(FRIDAY + timedelta(hours=1))
        await drain(engine, plan_db, tick)
    assert again.staged == [] and len(smtp.messages) == 1


async def test_weekly_report_refused_for_good_by_the_mail_server_is_shown_failed(
    plan_db: Database, smtp: FakeSmtp, tick: Clock
) -> None:
    smtp.answer("RCPT", "550 5.1.1 <{address}> User unknown")
    async with opened(plan_db, smtp=smtp) as engine:
        result = await Runner(plan_db, engine.delivery).run_due(NEXT_FRIDAY)
        (key,) = [k for k in result.staged if ":email:" in k]
        await drain(engine, plan_db, tick)
    assert smtp.messages == []
    assert logged(plan_db, "weekly_report")[key] == "failed"
    (failed,) = [r for r in shown(plan_db, date(2025, 7, 18), "weekly_report") if r.via == "email"]
    assert failed.state is State.FAILED
    assert "550 5.1.1" in failed.detail and BOARD not in failed.detail  # why, without the address


async def test_weekly_report_to_a_telegram_group_arrives_as_messages_and_its_three_files(
    plan_db: Database, platform: Platform, tick: Clock
) -> None:
    comment(plan_db)
    async with opened(plan_db, telegram=platform) as engine:
        result = await Runner(plan_db, engine.delivery).run_due(FRIDAY)
        (key,) = [k for k in result.staged if ":chat:" in k]
        assert [k for k in result.no_channel if ":email:" in k]  # no SMTP here: the e-mail waits, shown
        await drain(engine, plan_db, tick)
    calls = platform.sent(GROUP)
    texts = [str(c.params["text"]) for c in calls if c.method == "sendMessage"]
    documents = [c.params["document"] for c in calls if c.method == "sendDocument"]
    assert texts and texts[0].startswith("TIẾN ĐỘ LẤY Ý KIẾN GÓP Ý HẰNG TUẦN")
    assert [c.method for c in calls] == ["sendMessage"] * len(texts) + ["sendDocument"] * 3  # the files last
    _real_files({d["filename"].rsplit(".", 1)[-1]: d["content"] for d in documents})
    assert logged(plan_db, "weekly_report")[key] == "sent"
