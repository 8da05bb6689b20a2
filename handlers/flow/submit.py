"""/nopbaocao (commands.py): a cell secretary sends the cell's summary to the ward office, after a confirmation so
that one stray tap submits nothing. The summary is built and sent after the transaction (handlers/submission.py)."""

from __future__ import annotations

from core import clock
from core.messages import t
from handlers.context import Ctx, SubmitRequest
from handlers.flow.router import Router
from handlers.states import Action, Step
from handlers.submission import unit_label
from storage import queries as q
from storage.models import Role, Unit

router = Router(__name__)


def secretary_unit(ctx: Ctx, *, say: bool = True) -> Unit | None:
    """The unit this participant submits for: a secretary's own; None (and with `say`, why) for anyone else."""
    p = ctx.participant
    if p.role != Role.SECRETARY:
        if say:
            ctx.say_key("chat.submit.refused")
        return None
    unit = ctx.session.get(Unit, p.unit_id) if p.unit_id is not None else None
    if unit is None and say:
        ctx.say_key("chat.submit.no_unit")
    return unit


@router.prompt(Step.SUBMIT, offers=(Action.SUBMIT,), leads_to=(Step.DOCS,))
def _submit_prompt(ctx: Ctx) -> None:
    unit = secretary_unit(ctx, say=False)
    if unit is None:  # no longer a secretary with a unit
        ctx.show(Step.DOCS)
        return
    text = t("chat.submit.ask", unit=unit_label(unit))
    count, last = q.submissions(ctx.session, unit.id)
    if count and last is not None:  # a correction: allowed, and said so
        text += t(
            "chat.submit.ask_again", time=clock.local(last).strftime("%H:%M"), date=clock.local_date(last), n=count + 1
        )
    ctx.say(
        text,
        [
            [
                ctx.button(t("chat.btn.submit"), Action.SUBMIT, "y"),
                ctx.button(t("chat.btn.submit_not_now"), Action.SUBMIT, "n"),
            ]
        ],
    )


@router.action(Action.SUBMIT, leads_to=(Step.DOCS,))
def _submit(ctx: Ctx, arg: str) -> None:
    unit = secretary_unit(ctx)
    if unit is None:
        ctx.show(Step.DOCS)
        return
    if arg != "y":
        ctx.say_key("chat.submit.cancelled")
        ctx.show(Step.DOCS)
        return
    # Built after this transaction: "being built" now, the summary and "submitted" when it is recorded.
    ctx.say_key("chat.submit.building", unit=unit_label(unit))
    ctx.deferred.append(SubmitRequest(unit.id, ctx.participant.id))
    ctx.goto(Step.DOCS)
