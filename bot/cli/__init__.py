"""The `gopy` command line: one typer app; each module of this package adds its commands in `register(app)`."""

from __future__ import annotations

import importlib

import typer
import typer.rich_utils

from core.messages import MESSAGES, t

# typer's own panel titles and hints, in Vietnamese (read from these module globals when help or an error is shown).
for _name, _key in (
    ("ARGUMENTS_PANEL_TITLE", "cli.framework.arguments"),
    ("OPTIONS_PANEL_TITLE", "cli.framework.options"),
    ("COMMANDS_PANEL_TITLE", "cli.framework.commands"),
    ("ERRORS_PANEL_TITLE", "cli.framework.error"),
    ("RICH_HELP", "cli.framework.try_help"),
    ("DEFAULT_STRING", "cli.framework.default"),
    ("REQUIRED_LONG_STRING", "cli.framework.required"),
):
    setattr(typer.rich_utils, _name, MESSAGES[_key])  # raw: typer fills in its own fields

app = typer.Typer(no_args_is_help=True, add_completion=False, help=t("cli.app"))

COMMAND_MODULES = (
    "draft",
    "db",
    "plan",
    "chat",
    "invite",
    "role",
    "unit",
    "serve",
    "schedule",
    "report",
    "template",
    "imports",
    "privacy",
)


def _register() -> None:
    if app.registered_commands or app.registered_groups:
        return
    for name in COMMAND_MODULES:
        importlib.import_module(f"bot.cli.{name}").register(app)


def main() -> None:
    from pydantic import ValidationError

    from bot.settings import settings

    try:
        settings()  # read once, first: the clock's zone (GOPY_TIMEZONE) holds for every command
    except ValidationError as exc:
        error = exc.errors()[0]
        prefix = {"CoreSettings": "GOPY_", "TelegramSettings": "TELEGRAM_"}.get(exc.title, "")
        field = prefix + ".".join(str(part) for part in error["loc"]).upper()
        typer.echo(t("cli.error", detail=t("cli.bad_setting", field=field, reason=error["msg"])), err=True)
        raise SystemExit(2) from None
    _register()
    app()
