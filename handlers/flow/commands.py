"""Slash commands, valid in any step."""

from __future__ import annotations

from handlers.context import Ctx, ReportRequest
from handlers.flow import onboarding
from handlers.flow.compose import COMPOSING, cancel, pending, target_label
from handlers.flow.registry import action, reshow, show
from handlers.messages import t
from storage.models import Role

REPORT_ROLES = {Role.OFFICIAL, Role.BOARD}
# Commands that leave the current step: while a comment is being written they ask first, so nothing is lost.
LEAVING = ("start", "gopy", "ykiencuatoi")


def handle(ctx: Ctx) -> None:
    command, arg = ctx.incoming.command, ctx.incoming.text
    if command in ("giupdo", "help"):
        ctx.say_key("chat.help")
    elif command in LEAVING and ctx.participant.consent_at is not None and pending(ctx):
        _ask_pending(ctx, command, arg)
    elif command == "start":
        onboarding.start(ctx, arg)
    elif ctx.participant.consent_at is None:
        if command == "tieptuc":  # resuming before consent: the notice is where this user stands
            onboarding.start(ctx, "")
        else:
            ctx.say_key("chat.need_consent")
    elif command in LEAVING:
        _leave(ctx, command, arg)
    elif command == "tieptuc":
        reshow(ctx)
    elif command == "huy":
        _cancel(ctx)
    elif command == "baocao":
        if ctx.participant.role in REPORT_ROLES:
            ctx.deferred.append(ReportRequest(arg.strip() or None))
        else:
            ctx.say_key("chat.report.refused")
    else:
        ctx.say_key("chat.unknown_command", command="/" + command)


def _leave(ctx: Ctx, command: str, arg: str) -> None:
    if command == "start":
        ctx.data.pop("draft", None)
        onboarding.start(ctx, arg)
    elif command == "gopy":
        show(ctx, "docs", draft=None)
    else:
        show(ctx, "mine", draft=None, mpage=None)


def _ask_pending(ctx: Ctx, command: str, arg: str) -> None:
    """A comment is being written: keep it, and ask whether to go on writing or drop it for the command."""
    ctx.data["after"] = [command, arg]
    draft = ctx.data["draft"]
    ctx.say(
        t("chat.pending", kind=t(f"chat.kind.{draft.get('kind', 'other')}"), target=target_label(ctx, draft)),
        [
            [ctx.button(t("chat.btn.pending_resume"), "pres")],
            [ctx.button(t("chat.btn.pending_drop", command="/" + command), "pdrop")],
        ],
    )


@action("pres")
def _resume(ctx: Ctx, _arg: str) -> None:
    ctx.data.pop("after", None)
    reshow(ctx)


@action("pdrop")
def _drop(ctx: Ctx, _arg: str) -> None:
    after = ctx.data.pop("after", None)
    command, arg = (after[0], after[1]) if isinstance(after, list) and len(after) == 2 else ("gopy", "")
    ctx.say_key("chat.pending.dropped")
    _leave(ctx, str(command), str(arg))


def _cancel(ctx: Ctx) -> None:
    if ctx.step not in COMPOSING:
        ctx.say_key("chat.nothing_to_cancel")
        return
    cancel(ctx)
