"""`gopy unit list`: the plan's units, their codes and names (for `--unit` of `gopy invite create` and
`gopy role grant`)."""

from __future__ import annotations

import typer

from core.messages import t


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    unit = typer.Typer(no_args_is_help=True, help=t("cli.unit"))
    app.add_typer(unit, name="unit")

    @unit.command("list", help=t("cli.unit.list"))
    def list_() -> None:
        from bot.cli.common import open_db
        from storage import roles

        db = open_db()
        try:
            with db.unit() as session:
                rows = [(u.code, str(u.kind), u.name) for u in roles.units(session)]
        finally:
            db.dispose()
        if not rows:
            typer.echo(t("cli.unit.none"))
            return
        typer.echo(t("cli.unit.header"))
        for code, kind, name in rows:
            typer.echo(t("cli.unit.row", code=code, kind=t(f"cli.unit.kind.{kind}"), name=name))
