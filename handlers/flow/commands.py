"""Slash commands, valid in any step."""

from __future__ import annotations

from handlers.context import Ctx, ReportRequest
from handlers.flow import onboarding
from handlers.flow.registry import reshow, show
from handlers.messages import t
from storage.models import Role

# Steps in the middle of writing a comment: /huy leaves them.
COMPOSING = {"compose", "amend_para", "amend_quote", "amend_new", "amend_reason", "confirm"}
REPORT_ROLES = {Role.OFFICIAL, Role.BOARD}


def handle(ctx: Ctx) -> None:
    command, arg = ctx.incoming.command, ctx.incoming.text
    if command == "start":
        onboarding.start(ctx, arg)
    elif command == "giupdo" or command == "help":
        ctx.say_key("chat.help")
    elif ctx.participant.consent_at is None:
        if command == "tieptuc":  # resuming before consent: the notice is where this user stands
            onboarding.start(ctx, "")
        else:
            ctx.say_key("chat.need_consent")
    elif command == "gopy":
        show(ctx, "docs", draft=None)
    elif command == "tieptuc":
        reshow(ctx)
    elif command == "ykiencuatoi":
        show(ctx, "mine", draft=None)
    elif command == "huy":
        _cancel(ctx)
    elif command == "baocao":
        if ctx.participant.role in REPORT_ROLES:
            ctx.deferred.append(ReportRequest(arg.strip() or None))
        else:
            ctx.say_key("chat.report.refused")
    else:
        ctx.say_key("chat.unknown_command", command="/" + command)


def _cancel(ctx: Ctx) -> None:
    if ctx.step not in COMPOSING:
        ctx.say_key("chat.nothing_to_cancel")
        return
    from handlers.flow.compose import way_on

    draft = ctx.data.get("draft") or {}
    way_on(ctx, draft if isinstance(draft, dict) else {}, t("chat.cancelled"))
