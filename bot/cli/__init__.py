"""The `gopy` command line: one typer app; each module of this package adds its commands in `register(app)`."""

from __future__ import annotations

import importlib

import typer

from handlers.messages import t

app = typer.Typer(no_args_is_help=True, add_completion=False, help=t("cli.app"))

COMMAND_MODULES = ("draft", "db", "plan", "chat", "invite", "serve", "report", "privacy")


def _register() -> None:
    if app.registered_commands or app.registered_groups:
        return
    for name in COMMAND_MODULES:
        importlib.import_module(f"bot.cli.{name}").register(app)


def main() -> None:
    _register()
    app()
