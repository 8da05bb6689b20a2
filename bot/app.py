"""Composition root: settings → database → engine → channels. Also the long-running `serve` loop."""

from __future__ import annotations

import asyncio
import getpass
import logging
import signal
import sys

from bot.channels import Channel
from bot.channels.console import ConsoleChat
from bot.settings import Settings
from core.messages import t
from handlers.context import EngineConfig
from handlers.engine import Engine
from handlers.ports import ChatReport
from storage.db import Database

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
    secrets = (settings.telegram.token, settings.telegram.webhook_secret)
    logs.install(secret.get_secret_value() for secret in secrets if secret is not None)


def chat_report(db: Database, document_code: str | None) -> ChatReport:
    """The `/baocao` builder given to the engine: aggregation/ is imported on first use (pandas and matplotlib
    are not needed to take comments)."""
    from aggregation.api import build_chat_report

    return build_chat_report(db, document_code)


def build_engine(settings: Settings, db: Database | None = None) -> Engine:
    config = EngineConfig(
        max_text_length=settings.core.max_text_length,
        rate_limit_per_minute=settings.core.rate_limit_per_minute,
        retention_months=settings.core.retention_months,
    )
    return Engine(db or Database(settings.db.database_url), config, report_builder=chat_report)


def build_channels(settings: Settings, engine: Engine) -> list[Channel]:
    channels: list[Channel] = []
    if settings.telegram.token is not None:
        from bot.channels.telegram import TelegramChannel

        channels.append(TelegramChannel(engine, settings.telegram))
    return channels


async def chat(settings: Settings, user_id: str | None = None) -> None:
    """The terminal chat on the configured database."""
    engine = build_engine(settings)
    try:
        await ConsoleChat(engine, user_id or getpass.getuser()).run()
    finally:
        engine.close()
        engine.db.dispose()


async def serve(settings: Settings) -> None:
    """Run every configured channel until SIGINT/SIGTERM; with none, explain how to connect and open the chat."""
    engine = build_engine(settings)
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
    try:
        for channel in channels:
            await channel.start()
            started.append(channel)
        await engine.start()  # what was committed and not yet delivered goes out now
        print(t("chat.serve.started", channels=", ".join(c.name for c in channels)), flush=True)
        await stop.wait()
    finally:
        await engine.stop()
        for channel in reversed(started):
            try:
                await channel.stop()
            except Exception as exc:  # keep stopping the others
                log.warning("stopping %s failed: %r", channel.name, exc)
        engine.close()
        engine.db.dispose()
        print(t("chat.serve.stopped"), file=sys.stderr, flush=True)
