"""`gopy privacy purge`: erase participants' identities once the retention time after the consultation is over."""

from __future__ import annotations

from datetime import UTC, datetime

import typer

from bot.cli.common import fail, open_db
from bot.settings import settings
from core.messages import t
from storage.errors import UserError
from storage.privacy import purge_identities

app = typer.Typer(no_args_is_help=True, help=t("cli.privacy"))


@app.command("purge", help=t("cli.privacy.purge"))
def purge_command(
    force: bool = typer.Option(False, "--force", help=t("cli.privacy.force")),
    dry_run: bool = typer.Option(False, "--dry-run", help=t("cli.privacy.dry_run")),
) -> None:
    db = open_db()
    try:
        result = purge_identities(
            db, now=datetime.now(UTC), months=settings().core.retention_months, force=force, dry_run=dry_run
        )
    except UserError as exc:
        fail(exc)
    finally:
        db.dispose()
    key = "privacy.would_purge" if dry_run else "privacy.purged"
    typer.echo(t(key, participants=result.participants, deliveries=result.deliveries))
    if dry_run and result.due_on is not None:
        typer.echo(t("privacy.due_on", due=f"{result.due_on:%d/%m/%Y}"))


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="privacy")
