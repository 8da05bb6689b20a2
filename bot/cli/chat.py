"""`gopy chat`: talk to the engine in the terminal, choices as numbers."""

from __future__ import annotations

import asyncio

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""

    @app.command("chat")
    def chat(user: str = typer.Option(None, "--user", help="Mã người dùng (mặc định: tên đăng nhập máy).")) -> None:
        """Trò chuyện với bot ngay trên màn hình (cùng dữ liệu với Telegram)."""
        from bot.app import chat as run
        from bot.settings import settings

        asyncio.run(run(settings(), user))
