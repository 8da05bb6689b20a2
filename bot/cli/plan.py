"""`gopy plan load FILE`: the consultation plan (documents, windows, units, recipients, schedules, deadlines)."""

from __future__ import annotations

from pathlib import Path

import typer
from sqlalchemy import select

from bot.cli.common import fail, open_db
from bot.settings import settings
from core.messages import t
from storage.db import Database
from storage.errors import UserError
from storage.models import Consultation
from storage.plan_loader import load_plan, read_plan

app = typer.Typer(no_args_is_help=True, help=t("cli.plan"))


@app.command("load", help=t("cli.plan.load"))
def load_command(
    file: Path | None = typer.Argument(None, help=t("cli.plan.file")),
    unless_other: bool = typer.Option(False, "--unless-other-plan", help=t("cli.plan.unless_other")),
) -> None:
    path = file or settings().core.plan
    db = open_db()
    try:
        # `make run` reloads the default plan every time, so that the example's relative dates keep its windows
        # open; once a real plan is loaded, it leaves the database alone.
        if unless_other and _has_other_plan(db, path):
            return
        result = load_plan(db, path)
    except UserError as exc:
        fail(exc)
    finally:
        db.dispose()
    typer.echo(t("plan.loaded", code=result.consultation_code, documents=result.documents, units=result.units))
    if result.drafts_imported:
        typer.echo(t("plan.drafts_imported", codes=", ".join(result.drafts_imported)))
    for warning in result.warnings:
        typer.echo(t(warning, **getattr(warning, "params", {})), err=True)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="plan")


def _has_other_plan(db: Database, path: Path) -> bool:
    code = read_plan(path).consultation.code
    with db.unit() as s:
        return s.scalar(select(Consultation.id).where(Consultation.code != code).limit(1)) is not None
