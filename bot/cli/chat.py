"""`gopy chat`: talk to the engine in the terminal, choices as numbers."""

from __future__ import annotations

import asyncio

import typer

from core.messages import t


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""

    @app.command("chat", help=t("cli.chat"))
    def chat(user: str = typer.Option(None, "--user", help=t("cli.chat.user"))) -> None:
        from bot.app import chat as run
        from bot.settings import settings

        asyncio.run(run(settings(), user))
