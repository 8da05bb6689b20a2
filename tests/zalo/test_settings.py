"""ZALO_* and GOPY_LINK_* from the environment; `gopy serve` builds the Zalo channel when ZALO_BOT_TOKEN is set."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.app import build_channels, build_engine
from bot.settings import Settings
from storage.db import Database


def test_zalo_is_built_when_its_token_is_set(monkeypatch: pytest.MonkeyPatch, db: Database, tmp_path: Path) -> None:
    for name in ("TELEGRAM_TOKEN", "SMTP_HOST", "ZALO_WEBHOOK_URL", "GOPY_LINK_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no .env here
    settings = Settings()
    assert settings.zalo.token is None and build_channels(settings, build_engine(settings, db)) == []

    monkeypatch.setenv("ZALO_BOT_TOKEN", "1459232241454765289:abcdefghijklmnopqrstuvwxyz0123456789")
    monkeypatch.setenv("ZALO_WEBHOOK_URL", "https://gopy.example.vn/zalo")
    monkeypatch.setenv("GOPY_LINK_HOURS", "12")
    monkeypatch.setenv("GOPY_LINK_DIR", str(tmp_path / "links"))
    settings = Settings()
    engine = build_engine(settings, db)
    [channel] = build_channels(settings, engine)
    assert channel.name == "zalo" and "zalo" in engine.senders.by_channel
    links = channel.links  # type: ignore[attr-defined]
    assert (links.base_url, links.lifetime, links.directory) == (
        "https://gopy.example.vn",
        12 * 3600,
        tmp_path / "links",
    )
    assert len(channel.webhook_secret) == 64  # type: ignore[attr-defined]
    engine.close()
