"""`gopy serve`: every configured channel until stopped (SIGTERM: clean exit)."""

from __future__ import annotations

import asyncio

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""

    @app.command("serve")
    def serve() -> None:
        """Chạy bot trên mọi kênh đã cấu hình (Telegram); chưa có kênh nào thì mở trò chuyện trên màn hình."""
        from bot.app import configure_logging
        from bot.app import serve as run
        from bot.settings import settings

        configure_logging(settings())
        asyncio.run(run(settings()))
