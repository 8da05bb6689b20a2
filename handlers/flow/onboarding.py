"""/start: privacy notice and consent, role (or an invite code), residential area, and reminders (asked once)."""

from __future__ import annotations

from core.clock import as_utc
from core.messages import t
from core.text import as_int
from handlers import roles
from handlers.context import Ctx
from handlers.flow import reminders
from handlers.flow.router import Router
from handlers.groups import register_recipient
from handlers.states import Action, Step
from storage import queries as q
from storage import roles as role_store
from storage.models import Role, Unit, UnitKind

router = Router(__name__)

# Roles a user picks for themselves; the others come with an invite and are not changed from the chat.
SELF_CHOSEN = {None, Role.RESIDENT, Role.MEMBER}
# Roles not asked where they live: they read reports and progress, the ward's area is not theirs to count in.
NO_AREA = {Role.OFFICIAL, Role.BOARD, Role.ADMIN}


def start(ctx: Ctx, code: str) -> None:
    """`/start [CODE]`: the privacy notice for a newcomer; an invite applied at once for someone known."""
    p = ctx.participant
    ctx.data.pop("reprofile", None)  # a change of role and area left unfinished is dropped, nothing was saved
    ctx.data.pop("new_role", None)
    if p.consent_at is None:
        p.refused_at = None
        ctx.show(Step.CONSENT, invite=code.strip() or None)
        return
    ctx.goto(Step.DOCS)
    if code.strip():
        _apply_invite(ctx, code.strip())
    elif p.role is not None and p.role in SELF_CHOSEN:
        _profile(ctx)
    elif p.role is not None:  # a role given by an invite or an admin: said, with the code an admin names them by
        unit = ctx.session.get(Unit, p.unit_id) if p.unit_id is not None else None
        ctx.say_key(
            "chat.start.staff",
            role=t(f"chat.role.{p.role.value}"),
            unit=f", {unit.name}" if unit else "",
            code=role_store.participant_code(p.id),
        )
    ctx.reshow()


# What /start leads to, for the listing (commands.py routes the command here).
START_LEADS_TO = (Step.CONSENT, Step.DOCS)
router.also_offers(Step.DOCS, Action.CHANGE_PROFILE)  # the profile line above the list of drafts


def _profile(ctx: Ctx) -> None:
    """/start for someone registered: who they are registered as, and a button to change it."""
    p = ctx.participant
    area = ctx.session.get(Unit, p.area_id) if p.area_id is not None else None
    role = t(f"chat.role.{p.role.value if p.role is not None else 'resident'}")
    ctx.say(
        t("chat.start.registered", role=role, area=f", {area.name}" if area else "")
        + t("chat.start.code", code=role_store.participant_code(p.id)),
        [[ctx.button(t("chat.btn.change_profile"), Action.CHANGE_PROFILE)]],
    )


@router.action(Action.CHANGE_PROFILE, leads_to=(Step.DOCS, Step.ROLE))
def _change_profile(ctx: Ctx, _arg: str) -> None:
    if ctx.participant.role not in SELF_CHOSEN:
        ctx.show(Step.DOCS)
        return
    ctx.show(Step.ROLE, reprofile=True, new_role=None)


@router.prompt(Step.CONSENT, offers=(Action.CONSENT,))
def _consent_prompt(ctx: Ctx) -> None:
    ctx.say(
        t("chat.privacy", months=ctx.config.retention_months),
        [
            [
                ctx.button(t("chat.btn.consent"), Action.CONSENT, "y"),
                ctx.button(t("chat.btn.refuse"), Action.CONSENT, "n"),
            ]
        ],
    )


@router.prompt(Step.REFUSED)
def _refused_prompt(ctx: Ctx) -> None:
    ctx.say_key("chat.need_consent")


@router.action(Action.CONSENT, leads_to=(Step.REFUSED, Step.ROLE, Step.AREA, Step.REMIND_ASK, Step.DOCS))
def _consent(ctx: Ctx, arg: str) -> None:
    p = ctx.participant
    if arg != "y":
        # Refusing stores nothing but the refusal.
        p.refused_at, p.consent_at, p.display_name = ctx.now, None, None
        ctx.goto(Step.REFUSED, invite=None)
        ctx.say_key("chat.refused")
        return
    p.consent_at, p.refused_at = ctx.now, None
    p.display_name = ctx.incoming.display_name
    code = ctx.data.pop("invite", None)
    if (code and _apply_invite(ctx, code)) or p.role not in SELF_CHOSEN:  # a role given: not asked again
        _after_role(ctx)
        return
    ctx.show(Step.ROLE)


def _apply_invite(ctx: Ctx, code: str) -> bool:
    invite = q.invite(ctx.session, code)
    if (
        invite is None
        or (invite.expires_at is not None and as_utc(invite.expires_at) <= ctx.now)
        or not q.take_invite_use(ctx.session, invite.id)
    ):
        ctx.say_key("chat.invite_invalid")
        return False
    p = ctx.participant
    p.role = invite.role
    unit_name = ""
    if invite.unit_id is not None:
        unit = ctx.session.get(Unit, invite.unit_id)
        if unit is not None:
            unit_name = f", {unit.name}"
            if unit.kind == UnitKind.AREA:
                p.area_id = unit.id
            else:
                p.unit_id = unit.id
    ctx.say_key("chat.invite_applied", role=t(f"chat.role.{invite.role.value}"), unit=unit_name)
    recipient = register_recipient(ctx.session, invite, ctx.incoming)  # a board invite: reports come to this chat
    if recipient is not None:
        ctx.say_key("chat.board.chat_registered", name=recipient.name)
    can = roles.abilities(invite.role)  # an official (any role with commands of its own): what it can do now
    if can is not None:
        ctx.say(can)
    return True


@router.prompt(Step.ROLE, offers=(Action.ROLE,))
def _role_prompt(ctx: Ctx) -> None:
    ctx.say(
        t("chat.ask_role"),
        [
            [
                ctx.button(t("chat.btn.resident"), Action.ROLE, "r"),
                ctx.button(t("chat.btn.member"), Action.ROLE, "m"),
            ]
        ],
    )


@router.action(Action.ROLE, leads_to=(Step.AREA, Step.REMIND_ASK, Step.DOCS))
def _role(ctx: Ctx, arg: str) -> None:
    role = Role.MEMBER if arg == "m" else Role.RESIDENT
    if ctx.data.get("reprofile"):  # a change: saved when it is finished (the area chosen or kept)
        ctx.data["new_role"] = role.value
    else:
        ctx.participant.role = role
    _after_role(ctx)


def _after_role(ctx: Ctx) -> None:
    again = bool(ctx.data.get("reprofile"))  # changing role and area: the area is asked again too
    asked = ctx.participant.role not in NO_AREA  # an official is not asked where they live
    if asked and (ctx.participant.area_id is None or again) and q.areas(ctx.session):
        ctx.show(Step.AREA)
    else:
        _onboarded(ctx)


@router.prompt(Step.AREA, offers=(Action.AREA,))
def _area_prompt(ctx: Ctx) -> None:
    buttons = [ctx.button(u.name, Action.AREA, u.id) for u in q.areas(ctx.session)]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    area = ctx.session.get(Unit, ctx.participant.area_id) if ctx.participant.area_id is not None else None
    if ctx.data.get("reprofile") and area is not None:  # "Bỏ qua" keeps the area; another button clears it
        rows.append(
            [ctx.button(t("chat.btn.skip"), Action.AREA, ""), ctx.button(t("chat.btn.no_area"), Action.AREA, "none")]
        )
        ctx.say(t("chat.ask_area_change", area=area.name), rows)
        return
    rows.append([ctx.button(t("chat.btn.skip"), Action.AREA, "")])
    ctx.say(t("chat.ask_area"), rows)


@router.action(Action.AREA, leads_to=(Step.REMIND_ASK, Step.DOCS))
def _area(ctx: Ctx, arg: str) -> None:
    key = as_int(arg)
    unit = ctx.session.get(Unit, key) if key is not None else None
    if unit is not None and unit.kind == UnitKind.AREA:  # a residential area, never a cell or an organisation
        ctx.participant.area_id = unit.id
    elif arg == "none":
        ctx.participant.area_id = None
    _onboarded(ctx)


def _onboarded(ctx: Ctx) -> None:
    p = ctx.participant
    if ctx.data.pop("reprofile", None):  # a change of role and area, finished: saved now, and said so
        new_role = ctx.data.pop("new_role", None)
        if new_role in Role._value2member_map_:
            p.role = Role(new_role)
        area = ctx.session.get(Unit, p.area_id) if p.area_id is not None else None
        role = t(f"chat.role.{p.role.value if p.role is not None else 'resident'}")
        ctx.say_key("chat.profile.saved", role=role, area=f", {area.name}" if area else "")
    elif reminders.ask_once(ctx):  # the last question; its answer says "onboarded"
        return
    else:
        ctx.say_key("chat.onboarded.staff" if p.role in NO_AREA else "chat.onboarded")
    ctx.show(Step.DOCS)
