"""Helpers every command shares: the configured database, and turning a user error into one Vietnamese line."""

from __future__ import annotations

from typing import NoReturn

import typer
from sqlalchemy.engine import make_url

from bot.settings import settings
from core.messages import t
from storage.db import Database
from storage.errors import UserError


def open_db(url: str | None = None) -> Database:
    return Database(url or settings().db.database_url)


def safe_url(url: str) -> str:
    """The database URL without its password, for messages."""
    return make_url(url).render_as_string(hide_password=True)


def fail(exc: UserError) -> NoReturn:
    typer.echo(t("cli.error", detail=t(exc.code, **exc.params)), err=True)
    raise typer.Exit(1)
