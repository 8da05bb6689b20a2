"""Slash commands, valid in any step. Leaving a comment being written asks first, so nothing is lost."""

from __future__ import annotations

from core.messages import t
from handlers import roles
from handlers.context import Ctx
from handlers.flow import grant, onboarding, progress, records, report, submit
from handlers.flow.compose import VIEWS, cancel
from handlers.flow.router import Router
from handlers.record import owned_comment
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


def _may_leave(ctx: Ctx, _command: str, _arg: str) -> bool:
    """True when a command may leave the current step now: nothing typed waits anywhere (a comment is saved as
    soon as it is typed), so only consent is needed."""
    return _consented(ctx)


# /giupdo's buttons: everyone's main commands (/huy and /giupdo itself aside), then the role's own.
HELP_BUTTONS = ("gopy", "tieptuc", "ykiencuatoi", "nhacnho", "lienket", "start")


@router.command("giupdo", "help", leads_to=(Step.HELP,))
def _help(ctx: Ctx, _arg: str) -> None:
    reading = ctx.data.get("reading") if ctx.step == Step.HELP else _reading(ctx)
    ctx.show(Step.HELP, draft=None, reading=reading)


def _reading(ctx: Ctx) -> list[object] | None:
    """What the person is reading now, for «Tiếp tục chỗ đang đọc»: ["sec", id] or ["topic", id] (the section or
    topic of the comment just saved or being written), None elsewhere. `data["sec"]` / `data["topic"]` alone do not
    tell: the one read before stays there when the other is opened."""
    if ctx.step == Step.SAVED:
        comment = owned_comment(ctx, ctx.data.get("saved"))
        sec, topic = (comment.section_id, comment.topic_id) if comment is not None else (None, None)
    elif ctx.step in COMPOSING:
        draft = ctx.draft
        sec, topic = (draft.sec if draft.on_section else None, draft.topic) if draft is not None else (None, None)
    elif ctx.step == Step.SECTION:
        sec, topic = ctx.data.get("sec"), None
    elif ctx.step == Step.TOPIC:
        sec, topic = None, ctx.data.get("topic")
    else:
        return None
    return ["sec", sec] if sec else ["topic", topic] if topic else None


@router.prompt(Step.HELP, offers=(Action.RUN,))
def _help_prompt(ctx: Ctx) -> None:
    """One screen: what to do, and the main actions as buttons (a role's own commands too; on Zalo, numbers)."""
    if ctx.participant.consent_at is None:
        ctx.say(t("chat.view.help"))
        return
    own = [c for c in roles.menu(ctx.participant.role) if c not in roles.EVERYONE]
    buttons = [ctx.button(t(f"chat.btn.help.{c}"), Action.RUN, c) for c in HELP_BUTTONS]
    buttons += [ctx.button(t(f"chat.cmd.{c}"), Action.RUN, c) for c in own]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    ctx.say(t("chat.view.help"), rows)


@router.action(Action.RUN)
def _run(ctx: Ctx, command: str) -> None:
    """A command from /giupdo's buttons, held to the role as typed commands are."""
    route = ctx.flow.commands.get(command)
    if route is None or not roles.allowed(ctx.participant.role, command):
        ctx.say_key(roles.refusal(command) if route is not None else "chat.use_buttons")
        return
    ctx.flow.run(ctx, route, "")


@router.command("start", leads_to=onboarding.START_LEADS_TO)
def _start(ctx: Ctx, arg: str) -> None:
    ctx.data.pop("draft", None)
    onboarding.start(ctx, arg)


@router.command("gopy", leads_to=(Step.DOCS,))
def _gopy(ctx: Ctx, arg: str) -> None:
    if _may_leave(ctx, "gopy", arg):
        ctx.show(Step.DOCS, draft=None)


@router.command("ykiencuatoi", leads_to=(Step.MINE,))
def _mine(ctx: Ctx, arg: str) -> None:
    if _may_leave(ctx, "ykiencuatoi", arg):
        ctx.show(Step.MINE, draft=None, mpage=None)


@router.command("nhacnho", leads_to=(Step.REMINDERS,))
def _reminders(ctx: Ctx, arg: str) -> None:
    if _may_leave(ctx, "nhacnho", arg):
        ctx.show(Step.REMINDERS, draft=None)


@router.command("nopbaocao", leads_to=(Step.SUBMIT,))
def _submit(ctx: Ctx, arg: str) -> None:
    if not _consented(ctx) or submit.secretary_unit(ctx) is None:  # refused: nothing is left
        return
    ctx.show(Step.SUBMIT, draft=None)


def _staff(ctx: Ctx, command: str) -> bool:
    """A role's own command: consent, then the role (the engine checked it already; a route checks again)."""
    if not _consented(ctx):
        return False
    if not roles.allowed(ctx.participant.role, command):
        ctx.say_key(roles.refusal(command))
        return False
    return True


@router.command("tiendo", leads_to=(Step.PROGRESS,))
def _progress(ctx: Ctx, arg: str) -> None:
    if not _staff(ctx, "tiendo") or progress.start(ctx):  # a secretary's own unit: answered, no step
        return
    ctx.show(Step.PROGRESS, draft=None)


@router.command("baocao", leads_to=(Step.REPORT,))
def _report(ctx: Ctx, arg: str) -> None:
    if not _staff(ctx, "baocao"):
        return
    if arg.strip():  # `/baocao CODE`: that document's report at once
        report.typed(ctx, arg.strip())
    else:
        ctx.data.pop("draft", None)
        report.start(ctx)


@router.command("capquyen", leads_to=(Step.GRANT, Step.GRANT_ROLE))
def _grant(ctx: Ctx, arg: str) -> None:
    if _staff(ctx, "capquyen"):
        ctx.data.pop("draft", None)
        grant.start(ctx, arg)


@router.command("hoinghi", leads_to=(Step.MEETINGS,))
def _meetings(ctx: Ctx, arg: str) -> None:
    """`/hoinghi [mau]`: meetings recorded, a new one, the spreadsheet template (handlers/flow/records.py)."""
    if _staff(ctx, "hoinghi"):
        ctx.data.pop("draft", None)
        records.start(ctx, records.MEETING, arg)


@router.command("vanban", leads_to=(Step.LETTERS,))
def _letters(ctx: Ctx, arg: str) -> None:
    """`/vanban [mau]`: letters recorded, a new one, the spreadsheet template (handlers/flow/records.py)."""
    if _staff(ctx, "vanban"):
        ctx.data.pop("draft", None)
        records.start(ctx, records.LETTER, arg)


@router.command("tieptuc", leads_to=(Step.CONSENT, Step.SECTION, Step.TOPIC, Step.OUTLINE, Step.DOCS))
def _continue(ctx: Ctx, _arg: str) -> None:
    """Where the person was, shown again: the section being read (also after a comment was saved on it)."""
    if ctx.participant.consent_at is None:  # resuming before consent: the notice is where this user stands
        onboarding.start(ctx, "")
        return
    if ctx.step in (Step.SAVED, Step.HELP):
        reading = _reading(ctx) if ctx.step == Step.SAVED else ctx.data.get("reading")
        where, key = reading if isinstance(reading, list) and len(reading) == 2 else (None, None)
        if where == "sec":
            ctx.show(Step.SECTION, sec=key, saved=None, draft=None, reading=None)
        elif where == "topic":
            ctx.show(Step.TOPIC, topic=key, saved=None, draft=None, reading=None)
        elif ctx.data.get("doc"):
            ctx.show(Step.OUTLINE, saved=None, draft=None, reading=None)
        else:
            ctx.show(Step.DOCS, saved=None, draft=None, reading=None)
        return
    ctx.reshow()


@router.command("huy", leads_to=(Step.DOCS, *VIEWS, Step.MEETINGS, Step.LETTERS))
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
