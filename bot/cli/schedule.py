"""`gopy schedule show|run-due` and `gopy scheduler`: the plan's calendar (scheduled/) from the command line."""

from __future__ import annotations

import asyncio
import re
from datetime import date, datetime, time

import typer
from rich.console import Console
from rich.table import Table

from core import clock
from core.messages import MESSAGES, t


def _moment(value: str) -> datetime:
    """A local moment: "2025-07-18 08:00", "18/07/2025 08:00", ISO with a zone, or a date (its last minute)."""
    text = value.strip()
    match = re.fullmatch(r"(.+?)[ T](\d{1,2}):(\d{2})(?::\d{2})?", text)
    try:
        if match is None:
            try:
                parsed = datetime.fromisoformat(text)
            except ValueError:
                return datetime.combine(clock.parse_date(text), time(23, 59), tzinfo=clock.zone())
            if parsed.tzinfo is not None and ":" in text:
                return parsed
            return datetime.combine(parsed.date(), time(23, 59), tzinfo=clock.zone())
        day = clock.parse_date(match.group(1))
        return datetime.combine(day, time(int(match.group(2)), int(match.group(3))), tzinfo=clock.zone())
    except ValueError:
        typer.echo(t("cli.error", detail=t("schedule.cli.bad_moment", value=value)), err=True)
        raise typer.Exit(2) from None


def register(app: typer.Typer) -> None:
    """Add `gopy schedule …` and `gopy scheduler`."""
    schedule = typer.Typer(no_args_is_help=True, help=t("schedule.cli.help"))
    app.add_typer(schedule, name="schedule")

    @schedule.command("show", help=t("schedule.cli.show"))
    def show(
        start: str = typer.Option(None, "--from", help=t("schedule.cli.from")),
        end: str = typer.Option(None, "--to", help=t("schedule.cli.to")),
    ) -> None:
        from bot.cli.common import open_db
        from scheduled.show import rows

        first, last = _day(start), _day(end)
        db = open_db()
        try:
            found = rows(db, first, last)
        finally:
            db.dispose()
        if not found:
            typer.echo(t("schedule.cli.nothing"))
            return
        table = Table(show_lines=False)
        for key in ("when", "kind", "recipient", "via", "state"):
            table.add_column(t(f"schedule.col.{key}"))
        for row in found:
            state = t(f"schedule.state.{row.state}")
            if row.attempts:
                state += t("schedule.state.attempts", attempts=row.attempts)
            if row.detail:
                key = f"schedule.detail.{row.detail}"
                state += f" ({t(key) if key in MESSAGES else t('schedule.detail.error', detail=row.detail)})"
            table.add_row(
                clock.local(row.due_at).strftime("%d/%m/%Y %H:%M"),
                t(f"schedule.kind.{row.kind}"),
                row.recipient,
                row.via or "—",
                state,
            )
        Console(width=160).print(table)

    @schedule.command("run-due", help=t("schedule.cli.run_due"))
    def run_due(at: str = typer.Option(None, "--at", help=t("schedule.cli.at"))) -> None:
        from bot.app import configure_logging
        from bot.app import run_due as run
        from bot.settings import settings

        moment = _moment(at) if at else clock.now()
        configure_logging(settings())
        result = asyncio.run(run(settings(), moment))
        typer.echo(
            t(
                "schedule.cli.ran",
                at=clock.local(moment).strftime("%d/%m/%Y %H:%M"),
                sent=len(result.staged),
                missed=len(result.missed),
                unaddressed=len(result.unaddressed),
                no_channel=len(result.no_channel),
                failed=len(result.failed),
                already=result.already,
            )
        )
        if result.failed:
            raise typer.Exit(1)

    @app.command("scheduler", help=t("schedule.cli.scheduler"))
    def scheduler() -> None:
        from bot.app import configure_logging, run_scheduler
        from bot.settings import settings

        configure_logging(settings())
        asyncio.run(run_scheduler(settings()))


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return clock.parse_date(value)
    except ValueError:
        typer.echo(t("cli.error", detail=t("schedule.cli.bad_date", value=value)), err=True)
        raise typer.Exit(2) from None
