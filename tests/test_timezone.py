"""GOPY_TIMEZONE reaches every date a person reads: the chat's window dates and the report's timestamps.

Asia/Bangkok and Asia/Ho_Chi_Minh are both UTC+7 today, so no date can move between those two; the tests use zones
with other offsets (Asia/Tokyo, UTC+9; UTC) against the default.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import update

from aggregation.pipeline import build_report
from aggregation.query import Scope
from bot.app import build_engine
from bot.settings import Settings
from core import clock
from storage.db import Database
from storage.models import CommentWindow
from tests.factories import build_consultation
from tests.handlers.helpers import User

CLOSES = datetime(2025, 7, 25, 16, 59, 59, tzinfo=UTC)  # the last second of 25/07/2025 in Vietnam
AS_OF = datetime(2025, 7, 25, 20, 30, tzinfo=UTC)  # 03:30 on 26/07 in Vietnam, 05:30 in Tokyo, 20:30 in UTC


SettingsIn = Callable[..., Settings]


@pytest.fixture
def settings_in(monkeypatch: pytest.MonkeyPatch) -> Iterator[SettingsIn]:
    def make(zone: str | None = None) -> Settings:
        if zone is None:
            monkeypatch.delenv("GOPY_TIMEZONE", raising=False)
        else:
            monkeypatch.setenv("GOPY_TIMEZONE", zone)
        return Settings()

    yield make
    clock.configure(clock.DEFAULT_ZONE)


async def _closed_window_text(db: Database, settings: Settings, user_id: str) -> str:
    """What a new resident reads after onboarding: the drafts, this one closed with its dates."""
    engine = build_engine(settings, db)
    try:
        user = User(engine, user_id)
        await user.onboard()
        return user.text
    finally:
        engine.close()


async def test_chat_dates_follow_the_zone(db: Database, settings_in: SettingsIn) -> None:
    with db.unit() as session:
        build_consultation(session, open_now=False)
    with db.unit() as session:
        session.execute(update(CommentWindow).values(closes_at=CLOSES))
    assert "đến 25/07/2025" in await _closed_window_text(db, settings_in(), "a")
    assert "đến 26/07/2025" in await _closed_window_text(db, settings_in("Asia/Tokyo"), "b")


def test_report_timestamps_follow_the_zone(db: Database, settings_in: SettingsIn) -> None:
    with db.unit() as session:
        build_consultation(session)

    def stamp() -> str:
        report = build_report(db, Scope(), docx=False, xlsx=False, as_of=AS_OF)
        return report.summary.header.scope_line

    settings_in()
    assert "03:30 ngày 26/07/2025" in stamp()
    settings_in("UTC")
    assert "20:30 ngày 25/07/2025" in stamp()
    settings_in("Asia/Tokyo")
    assert "05:30 ngày 26/07/2025" in stamp()


def test_an_unknown_zone_is_refused(settings_in: SettingsIn) -> None:
    with pytest.raises(ValueError, match="Mars/Base"):
        settings_in("Mars/Base")
