"""Reminders before a comment window closes on a draft left unfinished (scheduled/ sends them): asked once at the
end of onboarding, turned on or off at any time with /nhacnho (commands.py)."""

from __future__ import annotations

from core.messages import t
from handlers.context import Ctx
from handlers.flow.router import Router
from handlers.states import Action, Step
from storage.models import Role

router = Router(__name__)

# Who is asked at onboarding: those who comment. Officials and the board receive reports (they may still use
# /nhacnho).
ASKED = {None, Role.RESIDENT, Role.MEMBER, Role.SECRETARY}


def ask_once(ctx: Ctx) -> bool:
    """At the end of onboarding: the question, unless it was ever answered (`Participant.reminders` is set)."""
    if ctx.participant.reminders is not None or ctx.participant.role not in ASKED:
        return False
    ctx.show(Step.REMIND_ASK)
    return True


@router.prompt(Step.REMIND_ASK, offers=(Action.REMINDERS,))
def _ask_prompt(ctx: Ctx) -> None:
    ctx.say(
        t("chat.remind.ask"),
        [
            [
                ctx.button(t("chat.btn.remind_yes"), Action.REMINDERS, "y"),
                ctx.button(t("chat.btn.remind_no"), Action.REMINDERS, "n"),
            ]
        ],
    )


@router.prompt(Step.REMINDERS, offers=(Action.REMINDERS,))
def _reminders_prompt(ctx: Ctx) -> None:
    status = t("chat.remind.status_on") if ctx.participant.reminders else t("chat.remind.status_off")
    ctx.say(
        f"{status}\n\n{t('chat.remind.question')}",
        [
            [
                ctx.button(t("chat.btn.remind_on"), Action.REMINDERS, "y"),
                ctx.button(t("chat.btn.remind_off"), Action.REMINDERS, "n"),
            ]
        ],
    )


@router.action(Action.REMINDERS, leads_to=(Step.DOCS,))
def _choose(ctx: Ctx, arg: str) -> None:
    on = arg == "y"
    ctx.participant.reminders = on
    ctx.say_key("chat.remind.on" if on else "chat.remind.off")
    if ctx.step == Step.REMIND_ASK:  # the last onboarding question answered
        ctx.say_key("chat.onboarded")
    ctx.show(Step.DOCS)
