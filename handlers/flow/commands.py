"""Slash commands, valid in any step."""

from __future__ import annotations

from core.messages import t
from handlers.context import Ctx, ReportRequest
from handlers.flow import onboarding
from handlers.flow.compose import COMPOSING, cancel, composing_step, current_draft, pending, target_label
from handlers.flow.registry import action, on_text, prompt, reshow, show
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
        if ctx.step == "pending":  # "still being written?": go on writing
            _resume(ctx, "")
        else:
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
    """A comment is being written: keep it, and ask whether to go on writing or drop it for the command.

    The question is a step of its own ("pending"; the step it was asked over is kept in `after`), so that text
    typed while it shows is not taken into the comment.
    """
    show(ctx, "pending", after=[command, arg, composing_step(ctx)])


@prompt("pending")
def _pending_prompt(ctx: Ctx) -> None:
    after = ctx.data.get("after")
    command = str(after[0]) if isinstance(after, list) and after else "gopy"
    draft = current_draft(ctx)
    edit = "_edit" if draft.get("edit") else ""  # an edit: its changes are dropped, the sent comment stays
    ctx.say(
        t(f"chat.pending{edit}", kind=t(f"chat.kind.{draft.get('kind', 'other')}"), target=target_label(ctx, draft)),
        [
            [ctx.button(t(f"chat.btn.pending_resume{edit}"), "pres")],
            [ctx.button(t(f"chat.btn.pending_drop{edit}", command="/" + command), "pdrop")],
        ],
    )


@on_text("pending")
def _typed_at_pending(ctx: Ctx, _text: str) -> None:
    """Not taken into the comment: the question asks for a choice."""
    ctx.say_key("chat.pending.typed")
    _pending_prompt(ctx)


@action("pres")
def _resume(ctx: Ctx, _arg: str) -> None:
    back = composing_step(ctx)
    ctx.data.pop("after", None)
    if ctx.step == "pending":
        ctx.goto(back)
    reshow(ctx)


@action("pdrop")
def _drop(ctx: Ctx, _arg: str) -> None:
    after = ctx.data.pop("after", None)
    command, arg = (after[0], after[1]) if isinstance(after, list) and len(after) >= 2 else ("gopy", "")
    ctx.say_key("chat.pending.dropped_edit" if current_draft(ctx).get("edit") else "chat.pending.dropped")
    _leave(ctx, str(command), str(arg))


def _cancel(ctx: Ctx) -> None:
    if ctx.step in ("role", "area") and ctx.data.get("reprofile"):  # changing role and area: nothing was saved
        ctx.say_key("chat.profile.cancelled")
        show(ctx, "docs", reprofile=None, new_role=None)
        return
    if ctx.step not in COMPOSING:
        ctx.say_key("chat.nothing_to_cancel")
        return
    cancel(ctx)
