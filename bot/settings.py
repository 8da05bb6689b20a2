"""Configuration from the environment (and `.env`). One settings class per prefix; secrets only from here."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from core import clock

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_PLAN = ROOT / "examples" / "plan.yaml"


class _Base(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")


class CoreSettings(_Base):
    """GOPY_* : the application itself."""

    model_config = SettingsConfigDict(env_prefix="GOPY_", env_file=".env", extra="ignore")
    timezone: str = clock.DEFAULT_ZONE
    plan: Path = EXAMPLE_PLAN  # the plan `make run` loads when the database has none
    log_level: str = "INFO"
    rate_limit_per_minute: int = 30  # messages one user may send per minute before the bot asks them to slow down
    max_text_length: int = 4000
    retention_months: int = 12  # identities are erased this long after the last comment window closes
    soffice: str | None = None  # LibreOffice for Word drafts' printed pages (drafts/layout.py); "": none

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        clock.zone_named(value)  # ValueError for an unknown zone: one clear line at start-up
        return value


class DatabaseSettings(_Base):
    database_url: str = Field(default=f"sqlite:///{ROOT / 'var' / 'gopy.db'}")


class TelegramSettings(_Base):
    """TELEGRAM_* : the Telegram channel. No token: Telegram is off."""

    model_config = SettingsConfigDict(env_prefix="TELEGRAM_", env_file=".env", extra="ignore")
    token: SecretStr | None = None
    base_url: str | None = None  # another Bot API server, e.g. a self-hosted one (or the tests' fake)
    webhook_url: str | None = None  # set: webhook mode; unset: long polling
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    concurrent_updates: int = 64
    connection_pool: int = 64
    http_client: Literal["aiohttp", "httpx"] = "aiohttp"  # aiohttp: ~8x less CPU a Bot API call (bench/README.md)


class SmtpSettings(_Base):
    """SMTP_* : the e-mail channel (scheduled reports to boards that work by e-mail). No host: e-mail is off."""

    model_config = SettingsConfigDict(env_prefix="SMTP_", env_file=".env", extra="ignore")
    host: str | None = None
    port: int = 587
    security: Literal["starttls", "ssl", "none"] = "starttls"  # ssl: TLS from the first byte (port 465)
    user: str | None = None  # unset: no AUTH
    password: SecretStr | None = None
    sender: str | None = Field(default=None, validation_alias="SMTP_FROM")  # the From address
    timeout: float = 30  # seconds for each network operation


class ZaloSettings(_Base):
    """ZALO_* : the Zalo channel (the Zalo Bot Platform's Bot API). No ZALO_BOT_TOKEN: Zalo is off."""

    model_config = SettingsConfigDict(env_prefix="ZALO_", env_file=".env", extra="ignore")
    token: SecretStr | None = Field(default=None, validation_alias="ZALO_BOT_TOKEN")
    base_url: str | None = None  # another Bot API server (the tests' fake); unset: https://bot-api.zaloplatforms.com
    webhook_url: str | None = None  # set: webhook mode (the public HTTPS address Zalo posts to); unset: long polling
    webhook_secret: SecretStr | None = None  # 8 to 256 characters; unset: derived from the token
    webhook_listen: str = "0.0.0.0"  # the same address and port as Telegram's webhook: one server, both routes
    webhook_port: int = 8443
    concurrent_updates: int = 64
    connection_pool: int = 64
    poll_timeout: int = 30  # seconds a getUpdates call waits for a message


class LinkSettings(_Base):
    """GOPY_LINK_* : signed download links for files a channel cannot carry (Zalo: DOCX, XLSX), bot/links.py."""

    model_config = SettingsConfigDict(env_prefix="GOPY_LINK_", env_file=".env", extra="ignore")
    secret: SecretStr | None = None  # the signing key; unset: derived from the bot token
    base_url: str | None = None  # the public address of gopy's web server; unset: the Zalo webhook URL's origin
    hours: float = 72  # how long a link (and its file) is good for
    dir: Path = ROOT / "var" / "links"
    max_mb: int = 500  # the directory's size cap: the oldest files go first


class Settings:
    """All settings groups together, read once. Reading them sets the clock's zone (GOPY_TIMEZONE)."""

    def __init__(self) -> None:
        self.core = CoreSettings()
        self.db = DatabaseSettings()
        self.telegram = TelegramSettings()
        self.smtp = SmtpSettings()
        self.zalo = ZaloSettings()
        self.links = LinkSettings()
        clock.configure(self.core.timezone)
        if self.core.soffice is not None:  # drafts/ reads the environment (it is pure: no settings object there)
            os.environ.setdefault("GOPY_SOFFICE", self.core.soffice)


@lru_cache(maxsize=1)
def settings() -> Settings:
    return Settings()
