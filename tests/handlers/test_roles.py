"""Roles at work: every command checks the role; a secretary sees and acts for the own unit only (forged or replayed
buttons included); `/tiendo`, `/baocao` with choices, `/capquyen` for admins; each role its command menu; an
official invited is not asked where they live and is told what they can do."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select, update

from aggregation.api import ChatReport
from core import clock
from core.address import Address
from core.messages import t
from handlers import roles
from handlers.context import EngineConfig
from handlers.engine import Engine
from handlers.ports import ReportScope
from handlers.types import Incoming
from storage.db import Database
from storage.models import Invite, Outbox, Participant, Role, Unit, UnitKind
from storage.roles import participant_code
from tests.factories import Built
from tests.handlers.helpers import User

CONFIG = EngineConfig(rate_limit_per_minute=1000, strict_flow=True)
STALE = "Nút này thuộc một tin nhắn trước"


@dataclass
class Builders:
    """Every injected builder, recording what it was asked for."""

    reports: list[str | None] = field(default_factory=list)
    scoped: list[ReportScope] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    progress: list[int | None] = field(default_factory=list)

    def report(self, _db: Database, code: str | None) -> ChatReport:
        self.reports.append(code)
        return ChatReport([f"Báo cáo {code or 'tất cả'}."], [("bao-cao.docx", b"PK")])

    def scoped_report(self, _db: Database, scope: ReportScope) -> ChatReport:
        self.scoped.append(scope)
        return ChatReport([f"Báo cáo theo lựa chọn {scope.unit_code or 'toàn phường'}."])

    def unit_report(self, _db: Database, code: str) -> ChatReport:
        self.units.append(code)
        return ChatReport([f"Báo cáo của đơn vị {code}."])

    def progress_of(self, _db: Database, unit_id: int | None, _at: datetime) -> ChatReport:
        self.progress.append(unit_id)
        return ChatReport(["Tiến độ của các đơn vị." if unit_id is None else f"Tiến độ của đơn vị số {unit_id}."])


class Menus:
    """A channel with command menus (as Telegram's scoped commands), recording what was set for which chat."""

    def __init__(self) -> None:
        self.set: list[tuple[str, tuple[str, ...] | None]] = []

    async def set_menu(self, address: Address, commands: Sequence[str] | None) -> None:
        self.set.append((address.chat_id, tuple(commands) if commands is not None else None))


@pytest.fixture
def builders() -> Builders:
    return Builders()


@pytest.fixture
def staff_engine(db: Database, built: Built, builders: Builders) -> Engine:
    with db.unit() as s:  # a second cell: another secretary's unit
        s.add(Unit(consultation_id=built.consultation_id, code="CB02", name="Chi bộ khu phố 2", kind=UnitKind.CELL,
                   order=4))  # fmt: skip
    return Engine(
        db,
        CONFIG,
        report_builder=builders.report,
        scoped_report_builder=builders.scoped_report,
        unit_report_builder=builders.unit_report,
        progress_builder=builders.progress_of,
    )


def set_role(db: Database, user_id: str, role: Role | None, unit: str | None = None) -> None:
    with db.unit() as s:
        unit_id = s.scalar(select(Unit.id).where(Unit.code == unit)) if unit else None
        s.execute(update(Participant).where(Participant.channel_user_id == user_id).values(role=role, unit_id=unit_id))


def unit_id(db: Database, code: str) -> int:
    with db.unit() as s:
        found = s.scalar(select(Unit.id).where(Unit.code == code))
        assert found is not None
        return found


def participant_id(db: Database, user_id: str) -> int:
    with db.unit() as s:
        found = s.scalar(select(Participant.id).where(Participant.channel_user_id == user_id))
        assert found is not None
        return found


async def person(engine: Engine, db: Database, user_id: str, role: Role, unit: str | None = None) -> User:
    user = User(engine, user_id)
    await user.onboard(role="Đảng viên" if role != Role.RESIDENT else "Người dân")
    set_role(db, user_id, role, unit)
    return user


def version(user: User) -> str:
    return next(iter(user.buttons.values())).split(":", 1)[0]


# --- every command checks the role -------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.RESIDENT, Role.MEMBER])
async def test_a_resident_or_member_has_no_staff_command(
    staff_engine: Engine, db: Database, builders: Builders, role: Role
) -> None:
    user = await person(staff_engine, db, "u1", role)
    for command, refusal in (
        ("/tiendo", "chỉ dành cho bí thư chi bộ và cán bộ"),
        ("/tiendo CB01", "chỉ dành cho bí thư chi bộ và cán bộ"),
        ("/baocao", "chỉ dành cho cán bộ"),
        ("/baocao DH-TEST", "chỉ dành cho cán bộ"),
        ("/capquyen", "chỉ dành cho quản trị viên"),
        ("/capquyen P1", "chỉ dành cho quản trị viên"),
        ("/nopbaocao", "chỉ dành cho bí thư chi bộ"),
    ):
        await user.send(command)
        assert refusal in user.text, command
    assert builders == Builders()  # nothing built for them
    with db.unit() as s:
        assert s.scalars(select(Participant.role)).one() == role  # nothing granted either


def test_the_role_command_matrix() -> None:
    """The table as implemented (the README's matrix is this)."""
    table = {
        role: {c for c in ("tiendo", "baocao", "nopbaocao", "capquyen") if roles.allowed(role, c)}
        for role in (None, *Role)
    }
    assert table == {
        None: set(),
        Role.RESIDENT: set(),
        Role.MEMBER: set(),
        Role.SECRETARY: {"tiendo", "baocao", "nopbaocao"},
        Role.OFFICIAL: {"tiendo", "baocao"},
        Role.BOARD: {"baocao"},
        Role.ADMIN: {"tiendo", "baocao", "capquyen"},
    }
    assert roles.menu(None) == roles.menu(Role.MEMBER) and "baocao" not in roles.menu(None)
    assert roles.menu(Role.SECRETARY)[:3] == ("tiendo", "baocao", "nopbaocao")


# --- /tiendo ---------------------------------------------------------------------------------------------------


async def test_a_secretary_sees_the_own_unit_only(staff_engine: Engine, db: Database, builders: Builders) -> None:
    sec = await person(staff_engine, db, "sec", Role.SECRETARY, "CB01")
    await sec.send("/tiendo")
    assert f"Tiến độ của đơn vị số {unit_id(db, 'CB01')}." in sec.text and "/nopbaocao" in sec.text
    assert builders.progress == [unit_id(db, "CB01")]
    # A unit's button of the ward's list, forged with this state's version: not this step's, nothing opened.
    await sec.send("/baocao")  # a step with buttons, so that the version is a live one
    for forged in (f"{version(sec)}:pu:{unit_id(db, 'CB02')}", f"{version(sec)}:pu:{unit_id(db, 'CB01')}"):
        await sec.press_payload(forged)
        assert STALE in sec.text
    assert builders.units == []


async def test_a_secretary_without_a_unit_is_told_why(staff_engine: Engine, db: Database, builders: Builders) -> None:
    sec = await person(staff_engine, db, "sec", Role.SECRETARY)
    await sec.send("/tiendo")
    assert "chưa gắn với chi bộ nào" in sec.text
    await sec.send("/baocao")
    assert "chưa gắn với chi bộ nào" in sec.text
    assert builders == Builders()


async def test_an_official_sees_every_unit_and_opens_any(
    staff_engine: Engine, db: Database, builders: Builders
) -> None:
    official = await person(staff_engine, db, "off", Role.OFFICIAL)
    await official.send("/tiendo")
    assert "Tiến độ của các đơn vị." in official.text and builders.progress == [None]
    assert {"Chi bộ khu phố 1", "Chi bộ khu phố 2", "Khu phố 1"} <= set(official.buttons)
    await official.press("Chi bộ khu phố 2")
    assert "Báo cáo của đơn vị CB02." in official.text
    await official.press("Chi bộ khu phố 1")  # the list stays: another unit opened from it
    assert builders.units == ["CB02", "CB01"]
    await official.press_payload(f"{version(official)}:pu:999999")  # no such unit
    assert "chỉ xem được" in official.text and builders.units == ["CB02", "CB01"]


async def test_a_secretary_holding_an_officials_buttons_reads_the_own_unit_only(
    staff_engine: Engine, db: Database, builders: Builders
) -> None:
    """Replayed: the ward's list shown while an official, pressed after becoming a secretary of CB01."""
    user = await person(staff_engine, db, "u1", Role.OFFICIAL)
    await user.send("/tiendo")
    listed = dict(user.buttons)
    set_role(db, "u1", Role.SECRETARY, "CB01")
    await user.press_payload(listed["Chi bộ khu phố 2"])
    assert "chỉ xem được tiến độ và báo cáo của đơn vị mình" in user.text
    await user.press_payload(listed["Chi bộ khu phố 1"])
    assert "Báo cáo của đơn vị CB01." in user.text
    set_role(db, "u1", Role.RESIDENT)
    await user.press_payload(listed["Chi bộ khu phố 1"])
    assert "chỉ dành cho bí thư chi bộ và cán bộ" in user.text
    assert builders.units == ["CB01"]


# --- /baocao with choices --------------------------------------------------------------------------------------


async def test_an_official_chooses_unit_audience_and_period(
    staff_engine: Engine, db: Database, builders: Builders
) -> None:
    official = await person(staff_engine, db, "off", Role.OFFICIAL)
    await official.send("/baocao")  # one document: not asked; the unit first
    assert "toàn phường hay của một đơn vị" in official.text and "Toàn phường" in official.buttons
    await official.press("Chi bộ khu phố 2")
    assert "đối tượng nào" in official.text
    await official.press("Cán bộ, đảng viên")
    assert "thời gian nào" in official.text
    await official.press("Tuần này")
    assert "Báo cáo theo lựa chọn CB02." in official.text
    today = clock.today()
    assert builders.scoped == [ReportScope(None, "CB02", "members", today - timedelta(days=6), today)]
    await official.send("/baocao")
    await official.press("Toàn phường")
    await official.press("Mọi đối tượng")
    await official.press("Từ đầu đến nay")  # nothing chosen: the ward's whole report, as before
    assert builders.reports == [None] and "Báo cáo tất cả." in official.text
    await official.send("/baocao dh-test")  # typed, as before
    assert builders.reports == [None, "DH-TEST"]


async def test_a_secretary_gets_the_own_units_report_whatever_a_button_says(
    staff_engine: Engine, db: Database, builders: Builders
) -> None:
    sec = await person(staff_engine, db, "sec", Role.SECRETARY, "CB01")
    await sec.send("/baocao")
    assert "đối tượng nào" in sec.text and "Toàn phường" not in sec.buttons  # no unit to choose
    other = unit_id(db, "CB02")
    for forged in (f"{version(sec)}:rp:u:{other}", f"{version(sec)}:rp:u:", f"{version(sec)}:rp:p:week"):
        await sec.press_payload(forged)  # another question's answer, with this question's version
        assert STALE in sec.text, forged
    await sec.press("Mọi đối tượng")
    await sec.press_payload(f"{version(sec)}:rp:u:{other}")  # at the period question: still another question's
    assert STALE in sec.text
    await sec.press("Từ đầu đến nay")
    assert builders.scoped == [ReportScope(None, "CB01")] and builders.reports == []
    await sec.send("/baocao DH-TEST")  # typed: the document, of the own unit
    assert builders.scoped[-1] == ReportScope("DH-TEST", "CB01")
    assert "Báo cáo theo lựa chọn CB01." in sec.text


async def test_a_replayed_report_button_after_losing_the_role(
    staff_engine: Engine, db: Database, builders: Builders
) -> None:
    user = await person(staff_engine, db, "u1", Role.OFFICIAL)
    await user.send("/baocao")
    listed = dict(user.buttons)
    set_role(db, "u1", Role.SECRETARY, "CB01")
    await user.press_payload(listed["Chi bộ khu phố 2"])  # the unit question is the ward's officials' only
    assert STALE in user.text and "đối tượng nào" in user.text  # asked what a secretary is asked
    assert "Chi bộ khu phố 2" not in user.buttons
    set_role(db, "u1", Role.MEMBER)
    await user.press("Mọi đối tượng")
    assert "chỉ dành cho cán bộ" in user.text
    assert builders == Builders()


async def test_a_board_recipient_gets_the_wards_report(staff_engine: Engine, db: Database, builders: Builders) -> None:
    board = await person(staff_engine, db, "ban", Role.BOARD)
    await board.send("/tiendo")
    assert "chỉ dành cho bí thư chi bộ và cán bộ" in board.text
    await board.send("/baocao")
    assert "đối tượng nào" in board.text  # no unit question: the ward's
    await board.press("Nhân dân")
    await board.press("Tuần này")
    assert [s.unit_code for s in builders.scoped] == [None] and builders.scoped[0].audience == "residents"


# --- /capquyen -------------------------------------------------------------------------------------------------


async def test_an_admin_grants_a_secretary_by_code(staff_engine: Engine, db: Database) -> None:
    resident = await person(staff_engine, db, "res", Role.RESIDENT)
    await resident.send("/start")
    code = participant_code(participant_id(db, "res"))
    assert re.search(rf"Mã người tham gia của [^:\n]+: {code}\b", resident.text), resident.text
    admin = await person(staff_engine, db, "adm", Role.ADMIN)
    await admin.send("/capquyen")
    assert f"{code}: Nguyễn Văn A (người dân)" in admin.text  # the name for the admin's eyes, in the text
    assert all(":gw:" in p and "Nguyễn" not in p for p in admin.buttons.values())  # buttons carry ids only
    await admin.press(code)
    assert "Chọn vai trò mới" in admin.text
    await admin.press("Bí thư chi bộ")
    assert "chọn đơn vị" in admin.text and "Không gắn đơn vị" not in admin.buttons  # required for a secretary
    assert "Khu phố 1" not in admin.buttons  # a residential area has no secretary
    await admin.press("Chi bộ khu phố 2")
    assert f"Đã cấp vai trò bí thư chi bộ, Chi bộ khu phố 2 cho {code}." in admin.text
    with db.unit() as s:
        granted = s.scalars(select(Participant).where(Participant.channel_user_id == "res")).one()
        assert (granted.role, granted.unit_id) == (Role.SECRETARY, unit_id(db, "CB02"))
        [notice] = [r for r in s.scalars(select(Outbox)) if r.chat_id == "res"]  # told, through the outbox
        assert " được cấp vai trò bí thư chi bộ" in notice.replies[0]["text"]
        assert "/nopbaocao" in notice.replies[0]["text"]
    await resident.send("/tiendo")
    assert "Tiến độ của đơn vị số" in resident.text


async def test_capquyen_with_a_typed_code_and_its_refusals(staff_engine: Engine, db: Database) -> None:
    await person(staff_engine, db, "mem", Role.MEMBER)
    admin = await person(staff_engine, db, "adm", Role.ADMIN)
    code = participant_code(participant_id(db, "mem"))
    await admin.send("/capquyen P999999")
    assert "Không tìm thấy người tham gia mã «P999999»" in admin.text
    await admin.send(code.lower())  # typed at the list: the code in any case
    await admin.press("Cán bộ Văn phòng Đảng ủy")  # no unit asked for an official
    assert f"Đã cấp vai trò cán bộ Văn phòng Đảng ủy cho {code}." in admin.text
    # A grant button forged by someone who is not an admin: refused, nothing changes.
    official = User(staff_engine, "mem")
    await official.send(f"/capquyen {participant_code(participant_id(db, 'adm'))}")
    assert "chỉ dành cho quản trị viên" in official.text
    await admin.send(f"/capquyen {code}")
    grant_admin = admin.buttons["Quản trị viên"]
    await official.send("/baocao")  # the official's own live buttons
    await official.press_payload(f"{version(official)}:gr:admin")
    assert STALE in official.text
    await official.press_payload(grant_admin)  # the admin's button, replayed by another user: not theirs
    assert STALE in official.text
    with db.unit() as s:
        assert s.scalar(select(Participant.role).where(Participant.channel_user_id == "mem")) == Role.OFFICIAL


# --- onboarding and menus --------------------------------------------------------------------------------------


async def test_an_invited_official_is_not_asked_the_area_and_is_told_the_commands(db: Database, built: Built) -> None:
    with db.unit() as s:
        s.add(Invite(code="CANBO234", role=Role.OFFICIAL, uses_left=1))
    engine = Engine(db, CONFIG)
    menus = Menus()
    engine.register_menus("test", menus)
    try:
        user = User(engine, "off")
        await user.send("/start CANBO234")
        await user.press("Đồng ý")
        text = user.text
        assert "khu phố/thôn nào" not in text and "Một câu cuối" not in text  # no area, no reminders question
        assert " dùng các lệnh" in text and "/tiendo: Tiến độ góp ý" in text and "/baocao:" in text
        assert "/capquyen" not in text and "/nopbaocao" not in text
        assert "Dự thảo Báo cáo chính trị" in user.buttons
        assert menus.set == [("off", roles.menu(Role.OFFICIAL, engine.flow.commands))]
        await user.send("/giupdo")  # the help on a channel without menus: the role's commands as buttons too
        own = [t(f"chat.cmd.{c}") for c in roles.own_commands(Role.OFFICIAL)]
        assert t("chat.cmd.tiendo") in own and list(user.buttons)[-len(own) :] == own
        assert t("chat.cmd.capquyen") not in user.buttons and t("chat.cmd.nopbaocao") not in user.buttons
        await user.send("/giupdo")
        assert len(menus.set) == 1  # set once: remembered in the state row
        resident = User(engine, "res")
        await resident.onboard()
        assert len(menus.set) == 1  # a resident keeps the default menu: nothing to set
        set_role(db, "off", Role.MEMBER)  # an official no more: back to the default menu
        await user.send("/giupdo")
        assert menus.set[-1] == ("off", None) and not set(own) & set(user.buttons)
    finally:
        engine.close()


async def test_a_role_granted_in_chat_sets_the_persons_menu(db: Database, built: Built) -> None:
    engine = Engine(db, CONFIG)
    menus = Menus()
    engine.register_menus("test", menus)
    try:
        member = User(engine, "mem")
        await member.onboard(role="Đảng viên")
        admin = User(engine, "adm")
        await admin.onboard()
        set_role(db, "adm", Role.ADMIN)
        await admin.send("/capquyen " + participant_code(participant_id(db, "mem")))
        assert menus.set == [("adm", roles.menu(Role.ADMIN, engine.flow.commands))]  # the admin's own, at once
        await admin.press("Bí thư chi bộ")
        await admin.press("Chi bộ khu phố 1")
        assert menus.set[-1] == ("mem", roles.menu(Role.SECRETARY, engine.flow.commands))
        assert menus.set[-1][1] is not None and menus.set[-1][1][:3] == ("tiendo", "baocao", "nopbaocao")
    finally:
        engine.close()


async def test_choices_are_numbered_where_there_are_no_buttons(
    staff_engine: Engine, db: Database, builders: Builders
) -> None:
    """On a numbered channel (Zalo, the terminal) the choices shown after the figures are numbered too."""
    await person(staff_engine, db, "off", Role.OFFICIAL)

    async def typed(text: str) -> list[str]:
        replies = await staff_engine.handle(Incoming.from_text("test", "off", text, numbered=True))
        return [c.label for r in replies for row in r.choices for c in row]

    units = await typed("/tiendo")
    assert units[:2] == ["Chi bộ khu phố 1", "Khu phố 1"] and builders.progress == [None]
    await typed(str(units.index("Chi bộ khu phố 2") + 1))
    assert builders.units == ["CB02"]
    asked = await typed("/baocao")
    assert asked[0] == "Toàn phường"
    await typed(str(asked.index("Chi bộ khu phố 1") + 1))
    await typed("1")  # every audience
    await typed("2")  # this week
    assert [s.unit_code for s in builders.scoped] == ["CB01"] and builders.scoped[0].date_to == clock.today()
