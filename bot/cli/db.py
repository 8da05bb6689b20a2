"""`gopy db upgrade`: apply the Alembic migrations to the configured database."""

from __future__ import annotations

import typer

from bot.cli.common import safe_url
from bot.settings import settings
from core.messages import t

app = typer.Typer(no_args_is_help=True, help=t("cli.db"))


@app.command("upgrade", help=t("cli.db.upgrade"))
def upgrade_command() -> None:
    from storage.migrate import upgrade  # alembic: only when migrating

    url = settings().db.database_url
    upgrade(url)
    typer.echo(t("db.upgraded", url=safe_url(url)))


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="db")
