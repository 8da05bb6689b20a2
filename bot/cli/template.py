"""`gopy template meeting|letter --out FILE.xlsx`: the spreadsheet a secretary or an official fills in (the plan's
unit codes, drafts and sections listed when the database has a plan), taken back by the bot or `gopy import`."""

from __future__ import annotations

from pathlib import Path

import typer

from core.messages import t

KINDS = {"meeting": "meetings", "letter": "letters"}


def register(app: typer.Typer) -> None:
    """Add `gopy template`."""
    template = typer.Typer(no_args_is_help=True, help=t("cli.template"))
    app.add_typer(template, name="template")

    def write(kind: str, out: Path) -> None:
        from sqlalchemy.exc import SQLAlchemyError

        from bot.cli.common import open_db
        from storage import sheets

        db = open_db()
        try:
            with db.unit() as session:
                content = sheets.template(kind, session)
        except SQLAlchemyError:  # no database (or not migrated yet): the template without the plan's codes
            content = sheets.template(kind)
        finally:
            db.dispose()
        out.write_bytes(content)
        typer.echo(t("cli.template.written", path=out))

    @template.command("meeting", help=t("cli.template.meeting"))
    def meeting(out: Path = typer.Option(..., "--out", "-o", help=t("cli.template.out"))) -> None:
        write(KINDS["meeting"], out)

    @template.command("letter", help=t("cli.template.letter"))
    def letter(out: Path = typer.Option(..., "--out", "-o", help=t("cli.template.out"))) -> None:
        write(KINDS["letter"], out)
