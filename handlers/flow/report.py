"""/baocao (commands.py) with choices instead of typed codes: the document, the unit, the audience and the period,
asked one after another (buttons; numbers on Zalo), then the report is built after the transaction.

Who gets what is decided by the role when the report is asked for, never by what a button carried: a secretary
gets the own unit's report, a board recipient the ward's, an official (or an admin) any unit's or the ward's. So a
forged or replayed button cannot reach another unit's comments. `/baocao CODE` typed still works (`typed`).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from core import clock
from core.messages import t
from core.text import as_int
from handlers import roles
from handlers.context import Ctx, ReportRequest
from handlers.flow.router import Router
from handlers.ports import ReportScope
from handlers.states import Action, Step
from handlers.submission import unit_label
from storage import roles as role_store
from storage.models import Audience, Document, Role, Unit

router = Router(__name__)

STAGES = ("doc", "unit", "aud", "per")  # the questions, in order; each button's argument starts with its letter
PERIODS = ("all", "week")
WEEK_DAYS = 7  # "this week": the 7 days ending today, as the weekly report to the board counts a week


def _choices(ctx: Ctx) -> dict[str, Any]:
    rep = ctx.data.get("rep")
    return dict(rep) if isinstance(rep, dict) else {}


def _documents(ctx: Ctx) -> list[tuple[int, str, str]]:
    """(id, code, title) of every document, in the plan's order."""
    return [(d.id, d.code, d.title) for d in role_store.documents(ctx.session)]


def _stages(ctx: Ctx) -> list[str]:
    """The questions this participant is asked: the document when there are several, the unit for the ward's
    officials only (a secretary's report is the own unit's, a board recipient's the ward's)."""
    asked = []
    if len(_documents(ctx)) > 1:
        asked.append("doc")
    if ctx.participant.role in roles.WARD_WIDE and role_store.units(ctx.session):
        asked.append("unit")
    return [*asked, "aud", "per"]


def secretary_unit(ctx: Ctx) -> Unit | None:
    """A secretary's own unit (None, and why, when there is none)."""
    p = ctx.participant
    unit = ctx.session.get(Unit, p.unit_id) if p.unit_id is not None else None
    if unit is None:
        ctx.say_key("chat.progress.no_unit")
    return unit


def start(ctx: Ctx) -> None:
    """`/baocao`: the first question (a secretary without a unit is told why nothing can be reported)."""
    if ctx.participant.role == Role.SECRETARY and secretary_unit(ctx) is None:
        return
    ctx.show(Step.REPORT, rep={"s": _stages(ctx)[0]})


def typed(ctx: Ctx, code: str) -> None:
    """`/baocao CODE`: that document's report at once, of the unit the role reports on."""
    scope = None
    if ctx.participant.role == Role.SECRETARY:
        unit = secretary_unit(ctx)
        if unit is None:
            return
        scope = ReportScope(document_code=code, unit_code=unit.code)
    ctx.deferred.append(ReportRequest(code, scope))


@router.prompt(Step.REPORT, offers=(Action.REPORT,), leads_to=(Step.DOCS,))
def _report_prompt(ctx: Ctx) -> None:
    rep = _choices(ctx)
    stage = rep.get("s")
    if not roles.allowed(ctx.participant.role, "baocao") or stage not in STAGES:
        ctx.show(Step.DOCS, rep=None)
        return
    asked = _stages(ctx)
    if stage not in asked:  # a question this role is not asked (the role changed since): the next one
        stage = next(s for s in asked if STAGES.index(s) > STAGES.index(str(stage)))
        ctx.data["rep"] = {**rep, "s": stage}
    if stage == "doc":
        rows = [[ctx.button(t("chat.report.btn.all_docs"), Action.REPORT, "d:")]]
        rows += [[ctx.button(title, Action.REPORT, f"d:{doc_id}")] for doc_id, _, title in _documents(ctx)]
        ctx.say(t("chat.report.ask_doc"), rows)
    elif stage == "unit":
        buttons = [ctx.button(unit_label(u), Action.REPORT, f"u:{u.id}") for u in role_store.units(ctx.session)]
        rows = [[ctx.button(t("chat.report.btn.ward"), Action.REPORT, "u:")]]
        rows += [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
        ctx.say(t("chat.report.ask_unit"), rows)
    elif stage == "aud":
        buttons = [ctx.button(t(f"report.audience.{a.value}"), Action.REPORT, f"a:{a.value}") for a in Audience]
        rows = [[ctx.button(t("chat.report.btn.all_audiences"), Action.REPORT, "a:")]]
        rows += [[b] for b in buttons]
        ctx.say(t("chat.report.ask_audience"), rows)
    else:
        ctx.say(
            t("chat.report.ask_period", days=WEEK_DAYS),
            [
                [
                    ctx.button(t("chat.report.btn.all_time"), Action.REPORT, "p:all"),
                    ctx.button(t("chat.report.btn.week", days=WEEK_DAYS), Action.REPORT, "p:week"),
                ]
            ],
        )


@router.action(Action.REPORT, leads_to=(Step.REPORT, Step.DOCS))
def _choose(ctx: Ctx, arg: str) -> None:
    rep = _choices(ctx)
    stage = rep.get("s")
    letter, _, value = arg.partition(":")
    if stage not in STAGES or letter != str(stage)[0] or not _valid(ctx, str(stage), value):
        ctx.say_key("chat.stale_button")  # another question's answer, or a value never offered: nothing changes
        ctx.reshow()
        return
    rep[str(stage)] = value or None
    asked = _stages(ctx)
    later = [s for s in asked if STAGES.index(s) > STAGES.index(str(stage))]
    if later:
        rep["s"] = later[0]
        ctx.show(Step.REPORT, rep=rep)
        return
    _build(ctx, rep)


def _valid(ctx: Ctx, stage: str, value: str) -> bool:
    if stage == "doc":
        return value == "" or any(str(doc_id) == value for doc_id, _, _ in _documents(ctx))
    if stage == "unit":  # the ward's officials only: nobody else is asked, nobody else may answer
        key = as_int(value)
        return ctx.participant.role in roles.WARD_WIDE and (
            value == "" or (key is not None and ctx.session.get(Unit, key) is not None)
        )
    if stage == "aud":
        return value == "" or value in Audience._value2member_map_
    return value in PERIODS


def _build(ctx: Ctx, rep: dict[str, Any]) -> None:
    """The choices made: the scope, with the unit the role decides, built after the transaction."""
    p = ctx.participant
    doc_id = as_int(rep.get("doc") or "")
    doc = ctx.session.get(Document, doc_id) if doc_id is not None else None
    unit: Unit | None = None
    if p.role == Role.SECRETARY:  # the own unit, whatever was chosen
        unit = secretary_unit(ctx)
        if unit is None:
            ctx.goto(Step.DOCS, rep=None)
            return
    elif p.role in roles.WARD_WIDE:
        unit_id = as_int(rep.get("unit") or "")
        unit = ctx.session.get(Unit, unit_id) if unit_id is not None else None
    today = clock.today()
    week = rep.get("per") == "week"
    scope = ReportScope(
        document_code=doc.code if doc is not None else None,
        unit_code=unit.code if unit is not None else None,
        audience=rep.get("aud") or None,
        date_from=today - timedelta(days=WEEK_DAYS - 1) if week else None,
        date_to=today if week else None,
    )
    ctx.deferred.append(ReportRequest(scope.document_code, scope))
    ctx.goto(Step.DOCS, rep=None)
