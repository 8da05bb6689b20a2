"""`gopy plan load FILE`: the consultation plan (documents, windows, units, recipients, schedules, deadlines)."""

from __future__ import annotations

from pathlib import Path

import typer
from sqlalchemy import select

from bot.cli.common import fail, open_db
from bot.settings import settings
from handlers.messages import t
from storage.errors import UserError
from storage.models import Consultation
from storage.plan_loader import load_plan

app = typer.Typer(no_args_is_help=True, help="Kế hoạch lấy ý kiến.")


@app.command("load")
def load_command(
    file: Path,
    if_empty: bool = typer.Option(False, "--if-empty", help="Chỉ nạp khi cơ sở dữ liệu chưa có kế hoạch nào."),
) -> None:
    """Nạp (hoặc cập nhật) kế hoạch từ tệp YAML; nạp hai lần cũng như một lần."""
    db = open_db()
    try:
        if if_empty:
            with db.unit() as s:
                if s.scalar(select(Consultation.id).limit(1)) is not None:
                    return
        result = load_plan(db, file, tz=settings().core.timezone)
    except UserError as exc:
        fail(exc)
    finally:
        db.dispose()
    typer.echo(t("plan.loaded", code=result.consultation_code, documents=result.documents, units=result.units))
    if result.drafts_imported:
        typer.echo(t("plan.drafts_imported", codes=", ".join(result.drafts_imported)))


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="plan")
