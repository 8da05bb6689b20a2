"""Configuration from the environment (and `.env`). One settings class per prefix; secrets only from here."""

from __future__ import annotations

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


class Settings:
    """All settings groups together, read once. Reading them sets the clock's zone (GOPY_TIMEZONE)."""

    def __init__(self) -> None:
        self.core = CoreSettings()
        self.db = DatabaseSettings()
        self.telegram = TelegramSettings()
        clock.configure(self.core.timezone)


@lru_cache(maxsize=1)
def settings() -> Settings:
    return Settings()
