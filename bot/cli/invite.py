"""`gopy invite create`: an invite code (role, unit) and its https://t.me/<bot>?start=CODE link."""

from __future__ import annotations

import asyncio

import typer

from core.messages import t
from storage.models import Role


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    invite = typer.Typer(no_args_is_help=True, help=t("cli.invite"))
    app.add_typer(invite, name="invite")

    @invite.command("create", help=t("cli.invite.create"))
    def create(
        role: Role = typer.Option(..., "--role", help=t("cli.invite.role")),
        unit: str = typer.Option(None, "--unit", help=t("cli.invite.unit")),
        uses: int = typer.Option(1, "--uses", min=1, help=t("cli.invite.uses")),
        expires: str = typer.Option(None, "--expires", help=t("cli.invite.expires")),
        bot_name: str = typer.Option(None, "--bot", help=t("cli.invite.bot")),
        recipient: str = typer.Option(None, "--recipient", help=t("cli.invite.recipient")),
    ) -> None:
        from bot.invites import (
            InviteError,
            RecipientError,
            RecipientNotForRole,
            create_invite,
            group_link,
            recipient_of,
            start_link,
        )
        from bot.settings import settings
        from core.clock import parse_date
        from storage.db import Database

        try:
            day = parse_date(expires) if expires else None
        except ValueError:
            typer.echo(t("chat.invite.bad_date", value=expires), err=True)
            raise typer.Exit(2) from None
        db = Database(settings().db.database_url)
        try:
            made = create_invite(db, role, unit, uses, day, recipient)
            board = recipient_of(db, made)
        except InviteError as exc:
            typer.echo(t(exc.code, **_role_fields(exc.params)), err=True)
            raise typer.Exit(1) from None
        except RecipientNotForRole:
            typer.echo(t("chat.invite.recipient_board_only"), err=True)
            raise typer.Exit(1) from None
        except RecipientError as exc:
            codes = ", ".join(exc.codes) or "—"
            if exc.code is None:
                typer.echo(t("chat.invite.recipient_required", codes=codes), err=True)
            else:
                typer.echo(t("chat.invite.no_recipient", code=exc.code, codes=codes), err=True)
            raise typer.Exit(1) from None
        except LookupError:
            typer.echo(t("chat.invite.no_unit", code=unit), err=True)
            raise typer.Exit(1) from None
        finally:
            db.dispose()
        typer.echo(
            t(
                "chat.invite.created",
                code=made.code,
                role=t(f"chat.role.{role.value}"),
                unit=f", {unit}" if unit else "",
                uses=uses,
                expires=day.strftime("%d/%m/%Y") if day else t("chat.invite.never"),
            )
        )
        if board is not None:
            typer.echo(t("chat.invite.recipient", name=board.name, code=board.code))
        name = bot_name or _bot_username()
        typer.echo(t("chat.invite.link", link=start_link(name, made.code)) if name else t("chat.invite.no_link"))
        if name and board is not None:  # the recipient may be a group: the link that adds the bot to one
            typer.echo(t("chat.invite.group_link", link=group_link(name, made.code)))


def _role_fields(params: dict[str, object]) -> dict[str, object]:
    """An invite error's fields, the role named in Vietnamese."""
    role = params.get("role")
    named = t(f"chat.role.{role}") if isinstance(role, str) and role in Role._value2member_map_ else role
    return {**params, "role": named}


def _bot_username() -> str | None:
    """Ask Telegram (or the configured Bot API server) for the bot's name, when a token is configured."""
    from telegram import Bot

    from bot.channels.telegram import api_urls
    from bot.settings import settings

    tg = settings().telegram
    if tg.token is None:
        return None
    base, files = api_urls(tg.base_url)

    async def ask() -> str | None:
        async with Bot(tg.token.get_secret_value(), base_url=base, base_file_url=files) as bot:  # type: ignore[union-attr]
            return bot.username

    try:
        return asyncio.run(ask())
    except Exception:  # offline or a bad token: the code is still valid
        return None
