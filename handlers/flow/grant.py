"""/capquyen (commands.py), for admins: grant a participant a role, chosen by their short code ("P12", which each
person sees with /start), then the role, then, for a secretary or a member, the unit. The same rules as
`gopy role grant` and invites (storage/roles.py). The person granted is told what they can now do, and their
command menu follows the role (the engine sets it after the transaction).

Buttons carry ids, never names; names are shown to the admin in the text only, and logs name codes.
"""

from __future__ import annotations

import logging
from typing import Any

from core.messages import addressing, t
from core.text import as_int
from handlers import roles
from handlers.context import Ctx, MenuRequest, Notice
from handlers.flow.router import Router
from handlers.states import Action, Step
from handlers.submission import unit_label
from handlers.types import Reply
from storage import roles as role_store
from storage.models import Participant, Role, Unit

log = logging.getLogger(__name__)
router = Router(__name__)

LISTED_STAFF = 16  # staff listed for a tap; anyone else by typing their code
LISTED_RECENT = 8  # … and those who joined last
ROLE_ORDER = (Role.RESIDENT, Role.MEMBER, Role.SECRETARY, Role.OFFICIAL, Role.BOARD, Role.ADMIN)


def start(ctx: Ctx, code: str) -> None:
    """`/capquyen [CODE]`: the person named by the code, else the list to choose from."""
    if code.strip():
        _pick(ctx, code)
    else:
        ctx.show(Step.GRANT, grant=None)


def _grant(ctx: Ctx) -> dict[str, Any]:
    data = ctx.data.get("grant")
    return dict(data) if isinstance(data, dict) else {}


def _target(ctx: Ctx) -> Participant | None:
    """The participant being granted (this one's own row when an admin grants themselves)."""
    pid = as_int(str(_grant(ctx).get("who", "")))
    if pid is None:
        return None
    if pid == ctx.participant.id:
        return ctx.participant
    found = ctx.session.get(Participant, pid)
    return found if found is not None and found.linked_to is None else None


def _role_name(role: Role | None) -> str:
    return t(f"chat.role.{role.value if role is not None else 'resident'}")


def _line(h: role_store.Holder) -> str:
    unit = f", {h.unit_name}" if h.unit_name else ""
    return t("chat.grant.person", code=h.code, name=h.name or "—", role=_role_name(h.role), unit=unit)


def _pick(ctx: Ctx, code: str) -> None:
    target = role_store.by_code(ctx.session, code)
    if target is None:
        ctx.say_key("chat.grant.unknown", code=code.strip()[:20])
        ctx.show(Step.GRANT, grant=None)
        return
    ctx.show(Step.GRANT_ROLE, grant={"who": target.id})


@router.prompt(Step.GRANT, offers=(Action.GRANT_WHO,))
def _who_prompt(ctx: Ctx) -> None:
    staff = role_store.holders(ctx.session, limit=LISTED_STAFF)
    others = role_store.recent(ctx.session, LISTED_RECENT)
    people = [*staff, *(h for h in others if h.id not in {s.id for s in staff})]
    lines = [t("chat.grant.ask")]
    if people:
        lines += ["", *(_line(h) for h in people)]
    buttons = [ctx.button(h.code, Action.GRANT_WHO, h.id) for h in people]
    ctx.say("\n".join(lines), [buttons[i : i + 4] for i in range(0, len(buttons), 4)])


@router.on_text(Step.GRANT, leads_to=(Step.GRANT, Step.GRANT_ROLE))
def _typed_code(ctx: Ctx, text: str) -> None:
    _pick(ctx, text)


@router.action(Action.GRANT_WHO, leads_to=(Step.GRANT, Step.GRANT_ROLE))
def _who(ctx: Ctx, arg: str) -> None:
    key = as_int(arg)
    _pick(ctx, role_store.participant_code(key) if key is not None else "")


@router.prompt(Step.GRANT_ROLE, offers=(Action.GRANT_ROLE,), leads_to=(Step.GRANT,))
def _role_prompt(ctx: Ctx) -> None:
    target = _target(ctx)
    if target is None:
        ctx.show(Step.GRANT, grant=None)
        return
    unit = ctx.session.get(Unit, target.unit_id) if target.unit_id is not None else None
    buttons = [ctx.button(t(f"chat.grant.btn.{r.value}"), Action.GRANT_ROLE, r.value) for r in ROLE_ORDER]
    ctx.say(
        t(
            "chat.grant.ask_role",
            code=role_store.participant_code(target.id),
            name=target.display_name or "—",
            role=_role_name(target.role),
            unit=f", {unit_label(unit)}" if unit is not None else "",
        ),
        [buttons[i : i + 2] for i in range(0, len(buttons), 2)],
    )


@router.action(Action.GRANT_ROLE, leads_to=(Step.GRANT, Step.GRANT_UNIT, Step.DOCS))
def _role(ctx: Ctx, arg: str) -> None:
    target = _target(ctx)
    if target is None or arg not in Role._value2member_map_:
        ctx.say_key("chat.stale_button")
        ctx.show(Step.GRANT, grant=None)
        return
    role = Role(arg)
    if role in (Role.SECRETARY, Role.MEMBER):  # of which unit (a member's is optional)
        if role_store.secretary_units(ctx.session):
            ctx.show(Step.GRANT_UNIT, grant={**_grant(ctx), "role": role.value})
            return
        if role in role_store.UNIT_REQUIRED:  # the plan has no cell or organisation to be secretary of
            ctx.say_key("chat.grant.no_units", role=_role_name(role))
            ctx.reshow()
            return
    _apply(ctx, target, role, None)


@router.prompt(Step.GRANT_UNIT, offers=(Action.GRANT_UNIT,), leads_to=(Step.GRANT,))
def _unit_prompt(ctx: Ctx) -> None:
    target, role = _target(ctx), str(_grant(ctx).get("role"))
    if target is None or role not in Role._value2member_map_:
        ctx.show(Step.GRANT, grant=None)
        return
    buttons = [ctx.button(unit_label(u), Action.GRANT_UNIT, u.id) for u in role_store.secretary_units(ctx.session)]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    if Role(role) not in role_store.UNIT_REQUIRED:  # a member's cell is not required
        rows.append([ctx.button(t("chat.grant.btn.no_unit"), Action.GRANT_UNIT, "")])
    ctx.say(t("chat.grant.ask_unit", code=role_store.participant_code(target.id), role=_role_name(Role(role))), rows)


@router.action(Action.GRANT_UNIT, leads_to=(Step.GRANT, Step.DOCS))
def _unit(ctx: Ctx, arg: str) -> None:
    target, role = _target(ctx), str(_grant(ctx).get("role"))
    key = as_int(arg)
    unit = ctx.session.get(Unit, key) if key is not None else None
    if target is None or role not in Role._value2member_map_ or (arg and unit is None):
        ctx.say_key("chat.stale_button")
        ctx.show(Step.GRANT, grant=None)
        return
    problem = role_store.unit_problem(Role(role), unit)
    if problem is not None:
        ctx.say_key(problem, role=_role_name(Role(role)), unit=unit.code if unit else "")
        ctx.reshow()
        return
    _apply(ctx, target, Role(role), unit)


def _apply(ctx: Ctx, target: Participant, role: Role, unit: Unit | None) -> None:
    """The role given; the admin told, the person told what they can do now, their menu changed."""
    role_store.grant(target, role, unit)
    code = role_store.participant_code(target.id)
    where = f", {unit_label(unit)}" if unit is not None else ""
    ctx.say_key("chat.grant.done", code=code, role=_role_name(role), unit=where)
    log.info("role %s granted in chat", role.value)  # no code, no name: logs name no one
    if target is not ctx.participant:
        with addressing(roles.address_form(role, ctx.config.address_forms)):  # the person granted, as their role is
            told = t("chat.grant.notice", role=_role_name(role), unit=where)
            can = roles.abilities(role)
        text = f"{told}\n\n{can}" if can else told
        for address in role_store.addresses(ctx.session, target.id):
            ctx.deferred.append(Notice(address, [Reply(text)]))
    ctx.deferred.append(MenuRequest(target.id, roles.menu_key(role)))
    ctx.goto(Step.DOCS, grant=None)
