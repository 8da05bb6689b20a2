"""`gopy import meetings FILE.xlsx`, `gopy import letters FILE.xlsx`: an official takes in a filled-in template
(storage/sheets.py): every row validated, errors naming the row and the column, nothing stored when anything is
wrong, the same file taken twice counted once. Any unit's meetings; an empty unit cell is the ward itself."""

from __future__ import annotations

from pathlib import Path

import typer

from core import clock
from core.messages import t


def register(app: typer.Typer) -> None:
    """Add `gopy import`."""
    imports = typer.Typer(no_args_is_help=True, help=t("cli.import"))
    app.add_typer(imports, name="import")

    def take(kind: str, path: Path) -> None:
        from bot.cli.common import fail, open_db
        from storage import sheets

        if not path.is_file():
            typer.echo(t("cli.error", detail=t("cli.import.missing", path=path)), err=True)
            raise typer.Exit(1)
        size = path.stat().st_size
        if size > sheets.MAX_FILE_BYTES:  # not read at all
            fail(sheets.SheetError("sheet.too_large", name=path.name, size=sheets.size_mb(size),
                                   limit=sheets.size_mb(sheets.MAX_FILE_BYTES)))  # fmt: skip
        data = path.read_bytes()
        db = open_db()
        try:
            with db.unit() as session:
                result = sheets.take(session, data, path.name, sheets.Who(None), clock.now(), kind)
        except sheets.SheetError as exc:
            fail(exc)
        finally:
            db.dispose()
        if result.already is not None:
            typer.echo(
                t(
                    "cli.import.already",
                    path=path,
                    time=clock.local(result.already).strftime("%H:%M"),
                    date=clock.local_date(result.already),
                    n=result.already_records,
                    what=t(f"chat.rec.what.{result.kind}"),
                )
            )
            return
        if kind == sheets.MEETINGS:
            typer.echo(t("cli.import.meetings_done", path=path, n=result.records, opinions=result.opinions,
                         votes=result.votes))  # fmt: skip
        else:
            typer.echo(t("cli.import.letters_done", path=path, n=result.records, opinions=result.opinions))

    @imports.command("meetings", help=t("cli.import.meetings"))
    def meetings(file: Path = typer.Argument(..., help=t("cli.import.file"))) -> None:
        take("meetings", file)

    @imports.command("letters", help=t("cli.import.letters"))
    def letters(file: Path = typer.Argument(..., help=t("cli.import.file"))) -> None:
        take("letters", file)
