"""`gopy report [DOC] --format docx|xlsx|text --out PATH [--audience …] [--unit …] [--from … --to …]
[--number N] [--signer-title …] [--signer-name …] [--digest]`.

`--format text` is the whole report as plain text; with `--digest`, the chat digest instead. The number and the
signer are this report's own; without them the plan's defaults, and without those a visible blank to fill in."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from core.clock import parse_date
from core.messages import t
from storage.db import Database
from storage.models import Audience

FORMATS = ("docx", "xlsx", "text")


def _usage_error(message: str) -> NoReturn:
    """One Vietnamese line and the usual usage exit code, instead of the framework's English "Invalid value"."""
    typer.echo(t("cli.error", detail=message), err=True)
    raise typer.Exit(2)


LARGE = 20_000  # rows from which a progress bar is worth showing


def _date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return parse_date(value)
    except ValueError:
        _usage_error(t("report.cli.bad_date", value=value))


def _audience(value: str | None) -> Audience | None:
    if not value:
        return None
    try:
        return Audience(value)
    except ValueError:
        choices = ", ".join(a.value for a in Audience)
        _usage_error(t("report.cli.bad_audience", value=value, choices=choices))


def _database(url: str | None) -> Database:
    if url:
        return Database(url)
    from bot.settings import settings  # read the environment only when no URL was given

    return Database(settings().db.database_url)


def register(app: typer.Typer) -> None:
    """Add `gopy report`."""

    @app.command("report", help=t("report.cli.help"))
    def report(
        document: str | None = typer.Argument(None, help=t("cli.report.document")),
        fmt: str = typer.Option("docx", "--format", "-f", help=t("cli.report.format")),
        out: Path | None = typer.Option(None, "--out", "-o", help=t("cli.report.out")),
        audience: str | None = typer.Option(None, "--audience", help=t("cli.report.audience")),
        unit: str | None = typer.Option(None, "--unit", help=t("cli.report.unit")),
        date_from: str | None = typer.Option(None, "--from", help=t("cli.report.from")),
        date_to: str | None = typer.Option(None, "--to", help=t("cli.report.to")),
        database_url: str | None = typer.Option(None, "--db", help=t("cli.report.db")),
        number: str | None = typer.Option(None, "--number", help=t("report.cli.number")),
        signer_title: str | None = typer.Option(None, "--signer-title", help=t("report.cli.signer_title")),
        signer_name: str | None = typer.Option(None, "--signer-name", help=t("report.cli.signer_name")),
        digest: bool = typer.Option(False, "--digest", help=t("report.cli.digest")),
    ) -> None:
        # pandas and matplotlib load here, not for every `gopy` command.
        from aggregation.participation import Signing
        from aggregation.pipeline import build_report
        from aggregation.query import ReportError, Scope
        from aggregation.text_writer import write_text

        if fmt not in FORMATS:
            _usage_error(t("report.cli.bad_format", value=fmt))
        if digest and fmt != "text":
            _usage_error(t("report.cli.digest_needs_text"))
        signing = Signing(number, signer_title, signer_name)
        scope = Scope(document, _audience(audience), unit, _date(date_from), _date(date_to))
        db = _database(database_url)
        err = Console(stderr=True)
        try:
            with Progress(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                console=err, transient=True, disable=not err.is_terminal,
            ) as bar:  # fmt: skip
                tasks: dict[str, TaskID] = {}

                def progress(stage: str, done: int, total: int) -> None:
                    if stage == "query" and total < LARGE and not tasks:
                        return
                    if stage not in tasks:
                        tasks[stage] = bar.add_task(t(f"report.cli.stage.{stage}"), total=total)
                    bar.update(tasks[stage], completed=done, total=total)

                built = build_report(
                    db, scope, docx=fmt == "docx", xlsx=fmt == "xlsx", digest=digest, progress=progress, signing=signing
                )
        except ReportError as exc:
            err.print(t("cli.error", detail=exc))
            raise typer.Exit(1) from None
        finally:
            db.dispose()
        if fmt == "text":
            text = "\n\n".join(built.digest) + "\n" if digest else write_text(built.summary)
            if out is None:
                typer.echo(text, nl=False)
                return
            out.write_text(text, encoding="utf-8")
        else:
            content = built.docx if fmt == "docx" else built.xlsx
            assert content is not None
            out = out or Path(built.file_name(fmt))
            out.write_bytes(content)
        err.print(t("report.cli.written", path=out))
