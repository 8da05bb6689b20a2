"""/tiendo (commands.py): progress. A secretary sees the own unit (comments, people, meetings, deadline, submitted or
not); an official sees every unit, one line each, who is late, and opens any unit's summary with a choice.

The figures are built after the transaction by the injected progress builder (aggregation's `unit_progress`); the
choices are made here, in the transaction, so that they belong to this step and its state version. A unit is
checked against the role when it is opened, whatever the button said: a secretary reads the own unit only.
"""

from __future__ import annotations

from core.messages import t
from core.text import as_int
from handlers import roles
from handlers.context import Ctx, ProgressRequest, UnitReportRequest
from handlers.flow.router import Router
from handlers.states import Action, Step
from handlers.submission import unit_label
from storage import roles as role_store
from storage.models import Role, Unit

router = Router(__name__)


def own_unit(ctx: Ctx) -> Unit | None:
    """A secretary's own unit; None (and why) when the secretary has none."""
    p = ctx.participant
    unit = ctx.session.get(Unit, p.unit_id) if p.unit_id is not None else None
    if unit is None:
        ctx.say_key("chat.progress.no_unit")
    return unit


def may_read(ctx: Ctx, unit: Unit) -> bool:
    """May this participant read `unit`'s progress and summary? The ward's officials any; a secretary the own."""
    p = ctx.participant
    if p.role in roles.WARD_WIDE:
        return True
    return p.role == Role.SECRETARY and p.unit_id == unit.id


def start(ctx: Ctx) -> bool:
    """`/tiendo`: a secretary's own unit at once (True: done, no step to show); False: the ward's list is shown."""
    if ctx.participant.role in roles.WARD_WIDE:
        return False
    unit = own_unit(ctx)
    if unit is not None:
        ctx.deferred.append(ProgressRequest(unit.id, t("chat.progress.own_next")))
    return True


@router.prompt(Step.PROGRESS, offers=(Action.PROGRESS_UNIT,), leads_to=(Step.DOCS,))
def _progress_prompt(ctx: Ctx) -> None:
    if ctx.participant.role not in roles.WARD_WIDE:  # no longer an official: nothing of the ward's is shown
        ctx.show(Step.DOCS)
        return
    buttons = [ctx.button(unit_label(u), Action.PROGRESS_UNIT, u.id) for u in role_store.units(ctx.session)]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    ctx.deferred.append(ProgressRequest(None, t("chat.progress.choose") if rows else "", rows))


@router.action(Action.PROGRESS_UNIT)
def _open_unit(ctx: Ctx, arg: str) -> None:
    """A unit's summary (the unit report builder); the step stays, so that another unit can be opened."""
    key = as_int(arg)
    unit = ctx.session.get(Unit, key) if key is not None else None
    if unit is None or not may_read(ctx, unit):
        ctx.say_key("chat.progress.not_yours")
        return
    ctx.say_key("chat.progress.opening", unit=unit_label(unit))
    ctx.deferred.append(UnitReportRequest(unit.code))
