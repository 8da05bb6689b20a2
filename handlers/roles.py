"""Who may do what: the role × command table, each role's command menu (Telegram's scoped commands, the help on
channels without menus) and what a refused command says.

Every command and every button of a role's own flows is checked here by the engine before its route runs
(`engine.dispatch`), and again by the route against the unit it acts for: a secretary acts for the own unit only.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from core.messages import t
from handlers.states import Action
from storage.models import Role

# How each role is addressed (core/messages.py `{you}`): residents as elders are, party members and staff as
# comrades. The plan may set its own (`consultation.address`).
ADDRESS_FORMS: dict[Role | None, str] = {
    None: "ông/bà",
    Role.RESIDENT: "ông/bà",
    Role.MEMBER: "đồng chí",
    Role.SECRETARY: "đồng chí",
    Role.OFFICIAL: "đồng chí",
    Role.BOARD: "đồng chí",
    Role.ADMIN: "đồng chí",
}


def address_form(role: Role | str | None, forms: Mapping[str, str] | None = None) -> str:
    """The form of address for `role` (a stored value, or None before one is chosen). `forms`: the plan's, by role
    value (`consultation.address`, storage/queries.py `address_forms`), over these; someone whose role is not yet
    chosen is addressed as a resident."""
    key = Role(role) if isinstance(role, str) and role in Role._value2member_map_ else None
    if forms:
        planned = forms.get((key or Role.RESIDENT).value)
        if planned:
            return planned
    return ADDRESS_FORMS.get(key, ADDRESS_FORMS[None])


# Everyone's commands, in menu order (what the default menu shows: residents never see a staff command).
EVERYONE = ("gopy", "tieptuc", "ykiencuatoi", "nhacnho", "huy", "lienket", "giupdo", "start")
# The commands only some roles have, in menu order (they come first in those roles' menus).
STAFF_COMMANDS: dict[str, frozenset[Role]] = {
    "tiendo": frozenset({Role.SECRETARY, Role.OFFICIAL, Role.ADMIN}),
    "baocao": frozenset({Role.SECRETARY, Role.OFFICIAL, Role.BOARD, Role.ADMIN}),
    "nopbaocao": frozenset({Role.SECRETARY}),
    "hoinghi": frozenset({Role.SECRETARY, Role.OFFICIAL, Role.ADMIN}),  # a secretary: the own unit's meetings
    "vanban": frozenset({Role.OFFICIAL, Role.ADMIN}),
    "capquyen": frozenset({Role.ADMIN}),
}
# The buttons of those commands' flows, held to the same roles (a button pressed after a role was taken away, or
# forged, is refused like the command).
ACTIONS: dict[Action, str] = {
    Action.PROGRESS_UNIT: "tiendo",
    Action.REPORT: "baocao",
    Action.SUBMIT: "nopbaocao",
    Action.GRANT_WHO: "capquyen",
    Action.GRANT_ROLE: "capquyen",
    Action.GRANT_UNIT: "capquyen",
    # A meeting's and a letter's buttons (handlers/flow/records.py, which holds a letter's to /vanban's roles).
    Action.REC_LIST: "hoinghi",
    Action.REC_UNIT: "hoinghi",
    Action.REC_KIND: "hoinghi",
    Action.REC_DOC: "hoinghi",
    Action.REC_SKIP: "hoinghi",
    Action.REC_MENU: "hoinghi",
    Action.OP_DOC: "hoinghi",
    Action.OP_KIND: "hoinghi",
    Action.OP_TARGET: "hoinghi",
    Action.OP_COUNT: "hoinghi",
    Action.REC_ITEM: "hoinghi",
}
REFUSED = {
    "tiendo": "chat.progress.refused",
    "baocao": "chat.report.refused",
    "nopbaocao": "chat.submit.refused",
    "capquyen": "chat.grant.refused",
    "hoinghi": "chat.rec.refused_meetings",
    "vanban": "chat.rec.refused_letters",
}
# Whom the ward's officials' views are for: every unit, any report.
WARD_WIDE = frozenset({Role.OFFICIAL, Role.ADMIN})
DEFAULT_MENU = "default"  # the menu key of everyone whose menu is the default one


def allowed(role: Role | None, command: str) -> bool:
    """May a participant with `role` use `/command`? (Commands not in the table are everyone's.)"""
    roles = STAFF_COMMANDS.get(command)
    return roles is None or role in roles


def action_allowed(role: Role | None, action: Action) -> bool:
    command = ACTIONS.get(action)
    return command is None or allowed(role, command)


def refusal(command: str) -> str:
    """The catalog key of what a refused `/command` says."""
    return REFUSED.get(command, "chat.role.refused")


def own_commands(role: Role | None) -> tuple[str, ...]:
    """The staff commands this role has, in menu order."""
    return tuple(c for c, roles in STAFF_COMMANDS.items() if role in roles)


def menu(role: Role | None, available: Collection[str] | None = None) -> tuple[str, ...]:
    """The role's command menu: its own commands first, then everyone's; only those in `available` when given
    (the commands the flow has)."""
    commands = (*own_commands(role), *EVERYONE)
    return tuple(c for c in commands if available is None or c in available)


def menu_key(role: Role | None) -> str:
    """Which menu a role sees: DEFAULT_MENU when it is everyone's (residents, members), else the role's value."""
    return role.value if role is not None and own_commands(role) else DEFAULT_MENU


def abilities(role: Role | None) -> str | None:
    """What an invited official (any role with commands of its own) is told it can do; None for the others."""
    own = own_commands(role)
    if role is None or not own:
        return None
    lines = [t("chat.role.command", command=c, what=t(f"chat.cmd.{c}")) for c in own]
    return t("chat.role.can", role=t(f"chat.role.{role.value}"), commands="\n".join(lines))
