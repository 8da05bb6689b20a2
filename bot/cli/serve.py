"""`gopy serve`: every configured channel until stopped (SIGTERM: clean exit)."""

from __future__ import annotations

import asyncio

import typer

from core.messages import t


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""

    @app.command("serve", help=t("cli.serve"))
    def serve(
        no_scheduler: bool = typer.Option(False, "--no-scheduler", help=t("cli.serve.no_scheduler")),
    ) -> None:
        from bot.app import configure_logging
        from bot.app import serve as run
        from bot.settings import settings

        configure_logging(settings())
        asyncio.run(run(settings(), scheduler=not no_scheduler))
