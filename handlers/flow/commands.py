"""Slash commands, valid in any step. Leaving a comment being written asks first, so nothing is lost."""

from __future__ import annotations

from core.messages import t
from handlers import roles
from handlers.context import Ctx
from handlers.flow import grant, onboarding, progress, records, report, submit
from handlers.flow.compose import WAY_ON, cancel, composing_step, pending
from handlers.flow.router import Router
from handlers.labels import target_label
from handlers.states import COMPOSING, Action, Step

router = Router(__name__)


def unknown(ctx: Ctx) -> None:
    """A command no router handles."""
    if ctx.participant.consent_at is None:
        ctx.say_key("chat.need_consent")
    else:
        ctx.say_key("chat.unknown_command", command="/" + ctx.incoming.command)


def _consented(ctx: Ctx) -> bool:
    if ctx.participant.consent_at is None:
        ctx.say_key("chat.need_consent")
        return False
    return True


def _may_leave(ctx: Ctx, command: str, arg: str) -> bool:
    """True when `command` may leave the current step now; else the reason is said, or the question asked."""
    if not _consented(ctx):
        return False
    if pending(ctx):
        _ask_pending(ctx, command, arg)
        return False
    return True


@router.command("giupdo", "help")
def _help(ctx: Ctx, _arg: str) -> None:
    # Everyone's commands, then the role's own (on Zalo, which has no menus, this is the menu).
    ctx.say(t("chat.help") + roles.help_section(ctx.participant.role))


@router.command("start", leads_to=(*onboarding.START_LEADS_TO, Step.PENDING))
def _start(ctx: Ctx, arg: str) -> None:
    if ctx.participant.consent_at is not None and pending(ctx):
        _ask_pending(ctx, "start", arg)
        return
    ctx.data.pop("draft", None)
    onboarding.start(ctx, arg)


@router.command("gopy", leads_to=(Step.DOCS, Step.PENDING))
def _gopy(ctx: Ctx, arg: str) -> None:
    if _may_leave(ctx, "gopy", arg):
        ctx.show(Step.DOCS, draft=None)


@router.command("ykiencuatoi", leads_to=(Step.MINE, Step.PENDING))
def _mine(ctx: Ctx, arg: str) -> None:
    if _may_leave(ctx, "ykiencuatoi", arg):
        ctx.show(Step.MINE, draft=None, mpage=None)


@router.command("nhacnho", leads_to=(Step.REMINDERS, Step.PENDING))
def _reminders(ctx: Ctx, arg: str) -> None:
    if _may_leave(ctx, "nhacnho", arg):
        ctx.show(Step.REMINDERS, draft=None)


@router.command("nopbaocao", leads_to=(Step.SUBMIT, Step.PENDING))
def _submit(ctx: Ctx, arg: str) -> None:
    if not _consented(ctx) or submit.secretary_unit(ctx) is None:  # refused: nothing is left
        return
    if _may_leave(ctx, "nopbaocao", arg):
        ctx.show(Step.SUBMIT, draft=None)


def _staff(ctx: Ctx, command: str) -> bool:
    """A role's own command: consent, then the role (the engine checked it already; a route checks again)."""
    if not _consented(ctx):
        return False
    if not roles.allowed(ctx.participant.role, command):
        ctx.say_key(roles.refusal(command))
        return False
    return True


@router.command("tiendo", leads_to=(Step.PROGRESS, Step.PENDING))
def _progress(ctx: Ctx, arg: str) -> None:
    if not _staff(ctx, "tiendo") or progress.start(ctx):  # a secretary's own unit: answered, no step
        return
    if _may_leave(ctx, "tiendo", arg):
        ctx.show(Step.PROGRESS, draft=None)


@router.command("baocao", leads_to=(Step.REPORT, Step.PENDING))
def _report(ctx: Ctx, arg: str) -> None:
    if not _staff(ctx, "baocao"):
        return
    if arg.strip():  # `/baocao CODE`: that document's report at once
        report.typed(ctx, arg.strip())
    elif _may_leave(ctx, "baocao", arg):
        ctx.data.pop("draft", None)
        report.start(ctx)


@router.command("capquyen", leads_to=(Step.GRANT, Step.GRANT_ROLE, Step.PENDING))
def _grant(ctx: Ctx, arg: str) -> None:
    if _staff(ctx, "capquyen") and _may_leave(ctx, "capquyen", arg):
        ctx.data.pop("draft", None)
        grant.start(ctx, arg)


@router.command("hoinghi", leads_to=(Step.MEETINGS, Step.PENDING))
def _meetings(ctx: Ctx, arg: str) -> None:
    """`/hoinghi [mau]`: meetings recorded, a new one, the spreadsheet template (handlers/flow/records.py)."""
    if _staff(ctx, "hoinghi") and _may_leave(ctx, "hoinghi", arg):
        ctx.data.pop("draft", None)
        records.start(ctx, records.MEETING, arg)


@router.command("vanban", leads_to=(Step.LETTERS, Step.PENDING))
def _letters(ctx: Ctx, arg: str) -> None:
    """`/vanban [mau]`: letters recorded, a new one, the spreadsheet template (handlers/flow/records.py)."""
    if _staff(ctx, "vanban") and _may_leave(ctx, "vanban", arg):
        ctx.data.pop("draft", None)
        records.start(ctx, records.LETTER, arg)


# What a command left for "drop it and go on" does: the same command, nothing asked this time.
_AFTER_DROP = {
    "start": _start,
    "gopy": _gopy,
    "ykiencuatoi": _mine,
    "nhacnho": _reminders,
    "nopbaocao": _submit,
    "tiendo": _progress,
    "baocao": _report,
    "capquyen": _grant,
    "hoinghi": _meetings,
    "vanban": _letters,
}


@router.command("tieptuc", leads_to=(Step.CONSENT, *COMPOSING))
def _continue(ctx: Ctx, _arg: str) -> None:
    if ctx.participant.consent_at is None:  # resuming before consent: the notice is where this user stands
        onboarding.start(ctx, "")
    elif ctx.step == Step.PENDING:  # "still being written?": go on writing
        _resume(ctx, "")
    else:
        ctx.reshow()


@router.command("huy", leads_to=(Step.DOCS, *WAY_ON, Step.MEETINGS, Step.LETTERS))
def _cancel(ctx: Ctx, _arg: str) -> None:
    if not _consented(ctx):
        return
    if ctx.step in (Step.ROLE, Step.AREA) and ctx.data.get("reprofile"):  # changing role and area: nothing saved
        ctx.say_key("chat.profile.cancelled")
        ctx.show(Step.DOCS, reprofile=None, new_role=None)
        return
    if ctx.step in records.STEPS:  # a meeting or a letter being entered: dropped (a saved one stays as it was)
        records.cancel(ctx)
        return
    if ctx.step not in COMPOSING:
        ctx.say_key("chat.nothing_to_cancel")
        return
    cancel(ctx)


def _ask_pending(ctx: Ctx, command: str, arg: str) -> None:
    """A comment is being written: keep it, and ask whether to go on writing or drop it for the command.

    The question is a step of its own (the step it was asked over is kept in `after`), so that text typed while it
    shows is not taken into the comment.
    """
    ctx.show(Step.PENDING, after=[command, arg, composing_step(ctx).value])


@router.prompt(Step.PENDING, offers=(Action.PENDING_RESUME, Action.PENDING_DROP), leads_to=(Step.DOCS,))
def _pending_prompt(ctx: Ctx) -> None:
    after = ctx.data.get("after")
    command = str(after[0]) if isinstance(after, list) and after else "gopy"
    draft = ctx.draft
    if draft is None:
        ctx.show(Step.DOCS, after=None)
        return
    edit = "_edit" if draft.edit else ""  # an edit: its changes are dropped, the sent comment stays
    ctx.say(
        t(f"chat.pending{edit}", kind=t(f"chat.kind.{draft.kind}"), target=target_label(ctx, draft)),
        [
            [ctx.button(t(f"chat.btn.pending_resume{edit}"), Action.PENDING_RESUME)],
            [ctx.button(t(f"chat.btn.pending_drop{edit}", command="/" + command), Action.PENDING_DROP)],
        ],
    )


@router.on_text(Step.PENDING)
def _typed_at_pending(ctx: Ctx, _text: str) -> None:
    """Not taken into the comment: the question asks for a choice."""
    ctx.say_key("chat.pending.typed")
    ctx.reshow()


@router.action(Action.PENDING_RESUME, leads_to=tuple(COMPOSING))
def _resume(ctx: Ctx, _arg: str) -> None:
    back = composing_step(ctx)
    ctx.data.pop("after", None)
    if ctx.step == Step.PENDING:
        ctx.goto(back)
    ctx.reshow()


@router.action(
    Action.PENDING_DROP,
    leads_to=(
        *onboarding.START_LEADS_TO,
        Step.DOCS,
        Step.MINE,
        Step.REMINDERS,
        Step.SUBMIT,
        Step.PROGRESS,
        Step.REPORT,
        Step.GRANT,
        Step.GRANT_ROLE,
        Step.MEETINGS,
        Step.LETTERS,
    ),
)
def _drop(ctx: Ctx, _arg: str) -> None:
    after = ctx.data.pop("after", None)
    command, arg = (str(after[0]), str(after[1])) if isinstance(after, list) and len(after) >= 2 else ("gopy", "")
    draft = ctx.draft
    ctx.say_key("chat.pending.dropped_edit" if draft is not None and draft.edit else "chat.pending.dropped")
    ctx.draft = None
    _AFTER_DROP.get(command, _gopy)(ctx, arg)
