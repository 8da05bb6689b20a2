"""The `gopy` command line: one typer app; each module of this package adds its commands in `register(app)`."""

from __future__ import annotations

import importlib
import logging
from typing import NoReturn

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
    try:
        app()
    except Exception as exc:
        stop_cleanly(exc)


def stop_cleanly(exc: Exception) -> NoReturn:
    """An operational error (bot/failures.py: a token refused, no network, a database not migrated, a port taken)
    as one Vietnamese line on stderr and exit code 1; its detail is logged at DEBUG only (GOPY_LOG_LEVEL=DEBUG),
    through the privacy filter (no token). Anything else is a bug: raised again, its traceback shown."""
    from bot.cli.common import safe_url
    from bot.failures import explain, masked
    from bot.settings import settings

    failure = explain(exc, safe_url(settings().db.database_url))
    if failure is None:
        raise exc
    if settings().core.log_level.upper() == "DEBUG":
        from bot.app import configure_logging

        configure_logging(settings())
        logging.getLogger(__name__).debug("stopped: %s", failure.code, exc_info=exc)
    secrets = (settings().telegram.token, settings().telegram.webhook_secret, settings().zalo.token)
    line = t("cli.error", detail=t(failure.code, **failure.params))
    typer.echo(masked(line, (s.get_secret_value() for s in secrets if s is not None)), err=True)
    raise SystemExit(1) from None
