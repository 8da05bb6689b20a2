"""`gopy role grant --user CHANNEL:ID --role … [--unit CODE]` and `gopy role list`: roles given by an admin on the
command line, with the same rules as invites and `/capquyen` (storage/roles.py)."""

from __future__ import annotations

import asyncio
from typing import NoReturn

import typer

from core.address import Address
from core.messages import t
from storage.models import Role


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    role = typer.Typer(no_args_is_help=True, help=t("cli.role"))
    app.add_typer(role, name="role")

    @role.command("grant", help=t("cli.role.grant"))
    def grant(
        user: str = typer.Option(..., "--user", help=t("cli.role.user")),
        new_role: Role = typer.Option(..., "--role", help=t("cli.role.role")),
        unit: str = typer.Option(None, "--unit", help=t("cli.role.unit")),
    ) -> None:
        from bot.cli.common import open_db
        from handlers import roles as menus
        from handlers.engine import build_flow
        from storage import roles

        db = open_db()
        try:
            with db.unit() as session:
                who = _address(user)
                if who is None and roles.parse_code(user) is None:
                    _fail("cli.role.bad_user", value=user)
                target = roles.by_code(session, user) if who is None else roles.by_address(session, who)
                if target is None:
                    _fail("cli.role.no_user", value=user)
                found = roles.unit_by_code(session, unit) if unit else None
                if unit and found is None:
                    _fail("chat.invite.no_unit", code=unit)
                problem = roles.unit_problem(new_role, found)
                if problem is not None:
                    _fail(problem, role=t(f"chat.role.{new_role.value}"), unit=found.code if found else "")
                roles.grant(target, new_role, found)
                code, address = roles.participant_code(target.id), f"{target.channel}:{target.channel_user_id}"
                unit_name = f", {found.name}" if found is not None else ""
                chats = roles.addresses(session, target.id)
        finally:
            db.dispose()
        typer.echo(
            t(
                "cli.role.granted",
                role=t(f"chat.role.{new_role.value}"),
                unit=unit_name,
                code=code,
                address=address,
            )
        )
        key = menus.menu_key(new_role)
        commands = None if key == menus.DEFAULT_MENU else menus.menu(new_role, build_flow().commands)
        _telegram_menus([c for c in chats if c.channel == "telegram"], commands)

    @role.command("list", help=t("cli.role.list"))
    def list_() -> None:
        from bot.cli.common import open_db
        from storage import roles

        db = open_db()
        try:
            with db.unit() as session:
                held = roles.holders(session)
        finally:
            db.dispose()
        if not held:
            typer.echo(t("cli.role.none"))
            return
        typer.echo(t("cli.role.header"))
        for h in held:
            named = t(f"chat.role.{h.role.value}") if h.role is not None else ""
            typer.echo(t("cli.role.row", code=h.code, role=named, unit=h.unit or "—", address=h.address,
                         name=h.name or "—"))  # fmt: skip


def _address(user: str) -> Address | None:
    """The address "CHANNEL:ID" typed, or None when it is not one (then it may be a participant's code)."""
    if ":" not in user:
        return None
    try:
        return Address.parse(user)
    except ValueError:
        _fail("cli.role.bad_user", value=user)


def _fail(key: str, **fields: object) -> NoReturn:
    """One Vietnamese line, exit 1."""
    typer.echo(t(key, **fields), err=True)
    raise typer.Exit(1)


def _telegram_menus(chats: list[Address], commands: tuple[str, ...] | None) -> None:
    """The Telegram menu of the person's chats, now, when a token is configured; otherwise (or offline) the bot sets
    it at their next message (the engine compares it with the role)."""
    from bot.settings import settings

    tg = settings().telegram
    if tg.token is None or not chats:
        return
    from telegram import Bot

    from bot.channels.telegram import api_urls, set_menu

    base, files = api_urls(tg.base_url)
    token = tg.token.get_secret_value()

    async def apply() -> None:
        async with Bot(token, base_url=base, base_file_url=files) as bot:
            for chat in chats:
                chat_id = chat.chat_id
                await set_menu(bot, int(chat_id) if chat_id.lstrip("-").isdigit() else chat_id, commands)

    try:
        asyncio.run(apply())
    except Exception:  # offline or a bad token: the engine sets it at the person's next message
        return
