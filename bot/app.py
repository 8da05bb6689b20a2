"""Composition root: settings → database → engine → channels. Also the long-running `serve` loop."""

from __future__ import annotations

import asyncio
import contextlib
import getpass
import logging
import signal
import sys
from collections.abc import AsyncIterator
from datetime import datetime
from typing import TYPE_CHECKING

from bot.channels import Channel
from bot.channels.console import ConsoleChat
from bot.settings import Settings
from core.messages import t
from handlers.context import EngineConfig
from handlers.engine import Engine
from handlers.ports import ChatReport, ReportScope
from storage.db import Database

if TYPE_CHECKING:
    from scheduled.runner import RunResult
    from scheduled.service import CalendarService

log = logging.getLogger(__name__)


def configure_logging(settings: Settings) -> None:
    """Log to stderr at GOPY_LOG_LEVEL, through `bot.logs.PrivacyFilter` on every root handler: no personal data
    (names, usernames, ids, comment text) and no token in any record, at any level, from any library."""
    from bot import logs

    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger().setLevel(settings.core.log_level)  # also when something configured handlers before
    # httpx logs every request URL, and Bot API URLs contain the token (the filter hides it; this keeps it quiet).
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    # Alembic announces each of its plugins at INFO when the start's schema check reads the migrations.
    logging.getLogger("alembic").setLevel(logging.WARNING)
    secrets = (
        settings.telegram.token,
        settings.telegram.webhook_secret,
        settings.zalo.token,
        settings.zalo.webhook_secret,
        settings.links.secret,
    )
    logs.install(secret.get_secret_value() for secret in secrets if secret is not None)


def chat_report(db: Database, document_code: str | None) -> ChatReport:
    """The `/baocao` builder given to the engine: aggregation/ is imported on first use (pandas and matplotlib
    are not needed to take comments)."""
    from aggregation.api import build_chat_report

    return build_chat_report(db, document_code)


def unit_report(db: Database, unit_code: str) -> ChatReport:
    """The `/nopbaocao` builder given to the engine: a unit's own summary, aggregation/ imported on first use."""
    from aggregation.api import build_unit_report

    return build_unit_report(db, unit_code)


def scoped_report(db: Database, scope: ReportScope) -> ChatReport:
    """`/baocao`'s choices (a unit, an audience, a period): aggregation/ imported on first use."""
    from aggregation.api import build_scoped_report
    from storage.models import Audience

    audience = Audience(scope.audience) if scope.audience is not None else None
    return build_scoped_report(db, scope.document_code, scope.unit_code, audience, scope.date_from, scope.date_to)


def progress(db: Database, unit_id: int | None, as_of: datetime) -> ChatReport:
    """`/tiendo`: one unit's progress, or every unit's; aggregation/ imported on first use."""
    from aggregation.api import build_progress

    return build_progress(db, unit_id, as_of)


def build_engine(settings: Settings, db: Database | None = None) -> Engine:
    config = EngineConfig(
        max_text_length=settings.core.max_text_length,
        rate_limit_per_minute=settings.core.rate_limit_per_minute,
        retention_months=settings.core.retention_months,
    )
    return Engine(
        db or Database(settings.db.database_url),
        config,
        report_builder=chat_report,
        unit_report_builder=unit_report,
        scoped_report_builder=scoped_report,
        progress_builder=progress,
    )


def checked_database(settings: Settings) -> Database:
    """The configured database, once it is known to be migrated: never migrated, or behind this code, stops here
    with one line (`gopy db upgrade`; bot/failures.py), before an engine or a channel starts, so that no update is
    taken by a process that could not store it. Unreachable: SQLAlchemy's error, told as one line too."""
    from sqlalchemy.engine import make_url

    from bot.failures import CannotRun
    from storage.migrate import pending

    db = Database(settings.db.database_url)
    try:
        state = pending(db.engine)
    except BaseException:
        db.dispose()
        raise
    if state is not None:
        db.dispose()
        url = make_url(settings.db.database_url).render_as_string(hide_password=True)  # as the operator wrote it
        raise CannotRun("cli.ops.db_not_migrated" if state == "empty" else "cli.ops.db_behind", url=url)
    return db


def build_channels(settings: Settings, engine: Engine) -> list[Channel]:
    """The chat channels configured, registered with the engine; e-mail too (a way out only, for reports)."""
    channels: list[Channel] = []
    if settings.telegram.token is not None:
        from bot.channels.telegram import TelegramChannel

        channels.append(TelegramChannel(engine, settings.telegram))
    if settings.zalo.token is not None:
        from bot.channels.zalo import ZaloChannel

        channels.append(ZaloChannel(engine, settings.zalo, settings.links))
    if settings.smtp.host:
        from bot.channels.email import EmailSender

        engine.register(EmailSender.name, EmailSender(settings.smtp))
    return channels


def build_calendar(engine: Engine) -> CalendarService:
    """The plan's calendar (scheduled/), sending through the engine's outbox and channels."""
    from scheduled.runner import Runner
    from scheduled.service import CalendarService, Leadership

    return CalendarService(Runner(engine.db, engine.delivery), Leadership(engine.db))


async def chat(settings: Settings, user_id: str | None = None) -> None:
    """The terminal chat on the configured database."""
    engine = build_engine(settings, checked_database(settings))
    try:
        await ConsoleChat(engine, user_id or getpass.getuser()).run()
    finally:
        engine.close()
        engine.db.dispose()


async def serve(settings: Settings, *, scheduler: bool = True) -> None:
    """Run every configured channel until SIGINT/SIGTERM, and the calendar unless `scheduler` is False (another
    process runs it: `gopy scheduler`); with no channel, explain how to connect and open the chat."""
    engine = build_engine(settings, checked_database(settings))
    channels = build_channels(settings, engine)
    if not channels:
        print(t("chat.serve.no_channel"), flush=True)
        engine.close()
        await chat(settings)
        return
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    started: list[Channel] = []
    calendar: CalendarService | None = None
    served = False
    try:
        for channel in channels:
            started.append(channel)  # stopped even when its start fails half-way (its HTTP client is closed)
            await channel.start()
        # The calendar after the channels: a channel that cannot start stops gopy before aggregation/ is loaded.
        calendar = build_calendar(engine) if scheduler else None
        await engine.start()  # what was committed and not yet delivered goes out now
        if calendar is not None:
            await calendar.start()  # and what fell due while nothing ran, within the plan's grace period
        print(t("chat.serve.started", channels=", ".join(c.name for c in channels)), flush=True)
        served = True
        await stop.wait()
    finally:
        if calendar is not None:
            await calendar.stop()
        await engine.stop()
        for channel in reversed(started):
            try:
                await channel.stop()
            except Exception as exc:  # keep stopping the others
                log.warning("stopping %s failed: %r", channel.name, exc)
        engine.close()
        engine.db.dispose()
        if served:  # a start that failed is told in one line by the command line (bot/failures.py)
            print(t("chat.serve.stopped"), file=sys.stderr, flush=True)


@contextlib.asynccontextmanager
async def sending(settings: Settings) -> AsyncIterator[Engine]:
    """The engine with every channel open to send only (no updates taken), for the calendar outside `serve`."""
    engine = build_engine(settings, checked_database(settings))
    channels = build_channels(settings, engine)
    opened: list[Channel] = []
    try:
        for channel in channels:
            opened.append(channel)  # closed even when opening fails half-way
            await channel.open()
        yield engine
    finally:
        await engine.stop()  # delivered rows are deleted, and their scheduled sends marked sent
        for channel in reversed(opened):
            try:
                await channel.close()
            except Exception as exc:
                log.warning("closing %s failed: %r", channel.name, exc)
        engine.close()
        engine.db.dispose()


async def run_due(settings: Settings, at: datetime) -> RunResult:
    """`gopy schedule run-due`: what earlier runs left to retry, then what is due at `at`; returns once sent."""
    from scheduled.runner import Runner

    async with sending(settings) as engine:
        await engine.delivery.sweep()
        result = await Runner(engine.db, engine.delivery).run_due(at)
        await engine.delivery.sweep()
        return result


async def run_scheduler(settings: Settings) -> None:
    """`gopy scheduler`: the calendar alone, beside workers started with `gopy serve --no-scheduler`."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with sending(settings) as engine:
        calendar = build_calendar(engine)
        await engine.delivery.start(release_held=False)  # retries; rows held by a serving worker stay its own
        await calendar.start()
        print(t("schedule.cli.running"), flush=True)
        try:
            await stop.wait()
        finally:
            await calendar.stop()
