"""Meetings and letters from chat (`/hoinghi`, `/vanban`): recorded step by step, reviewed, corrected until the
unit submits; a secretary for the own unit only (forged and replayed buttons included), an official for any unit
and letters; residents and members refused; the template sent on request; a spreadsheet sent as a document."""

from __future__ import annotations

import io
import itertools
from datetime import timedelta

import openpyxl
import pytest
from sqlalchemy import func, select, update

from core import clock
from handlers.context import EngineConfig
from handlers.engine import Engine
from handlers.types import Incoming, Kind, Reply
from storage.db import Database
from storage.models import (
    Comment,
    Letter,
    MeetingRecord,
    Participant,
    Role,
    Section,
    SenderKind,
    SheetImport,
    Source,
    Submission,
    TargetKind,
    Unit,
    UnitKind,
    Vote,
)
from tests.factories import Built
from tests.handlers.helpers import User

CONFIG = EngineConfig(rate_limit_per_minute=1000, strict_flow=True)
STALE = "Nút này thuộc một tin nhắn trước"
NOT_YOURS = "chỉ ghi và sửa được biên bản hội nghị của đơn vị mình"


@pytest.fixture
def staff_engine(db: Database, built: Built) -> Engine:
    with db.unit() as s:  # a second cell: another secretary's unit
        s.add(Unit(consultation_id=built.consultation_id, code="CB02", name="Chi bộ khu phố 2", kind=UnitKind.CELL,
                   order=4))  # fmt: skip
    return Engine(db, CONFIG)


def set_role(db: Database, user_id: str, role: Role | None, unit: str | None = None) -> None:
    with db.unit() as s:
        unit_id = s.scalar(select(Unit.id).where(Unit.code == unit)) if unit else None
        s.execute(update(Participant).where(Participant.channel_user_id == user_id).values(role=role, unit_id=unit_id))


async def person(engine: Engine, db: Database, user_id: str, role: Role, unit: str | None = None) -> User:
    user = User(engine, user_id)
    await user.onboard(role="Đảng viên" if role != Role.RESIDENT else "Người dân")
    set_role(db, user_id, role, unit)
    return user


def unit_id(db: Database, code: str) -> int:
    with db.unit() as s:
        found = s.scalar(select(Unit.id).where(Unit.code == code))
        assert found is not None
        return found


def version(user: User) -> str:
    return next(iter(user.buttons.values())).split(":", 1)[0]


def day(days_ago: int) -> str:
    d = clock.today() - timedelta(days=days_ago)
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def count(db: Database, model: type) -> int:
    with db.unit() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


async def record_meeting(user: User, *, official_unit: str | None = None) -> None:
    """A cell meeting of 45 people (12 spoke), two opinions and a vote, saved."""
    await user.send("/hoinghi")
    await user.press("Ghi biên bản hội nghị mới")
    if official_unit is not None:
        assert "của đơn vị nào" in user.text
        await user.press(official_unit)
    assert "loại nào" in user.text
    await user.press("Sinh hoạt chi bộ")
    assert "ngày họp, số người dự và số người phát biểu" in user.text
    await user.send(f"{day(3)} 45 12")
    assert "Không khí thảo luận" in user.text
    await user.send("Sôi nổi, nhiều ý kiến tranh luận về mục tiêu tăng trưởng.")
    assert "45 người dự · 12 người phát biểu" in user.text and "“Sôi nổi" in user.text
    await user.press("Thêm ý kiến")
    await user.press("Nhất trí")
    await user.press("Toàn văn dự thảo")
    await user.press("Không ghi thêm nội dung")
    assert "Bao nhiêu người" in user.text
    await user.send("30")
    assert "Đã thêm ý kiến thứ 1" in user.text
    await user.press("Thêm ý kiến")
    await user.press("Không nhất trí")
    await user.send("I.1 đoạn 2")  # the "1" under "I": the draft has three sections labelled "1"
    assert "về đoạn 2 mục I.1" in user.text
    await user.send("Đề nghị viết rõ lộ trình, không nên đặt chỉ tiêu quá cao.")
    await user.press("2")
    await user.press("Thêm biểu quyết")
    await user.send("Tán thành dự thảo Báo cáo chính trị")
    await user.send("40 3 2")
    assert "40 tán thành, 3 không tán thành, 2 không biểu quyết" in user.text
    await user.press("Lưu")
    assert "Đã lưu biên bản hội nghị #" in user.text and "2 ý kiến, 1 lần biểu quyết" in user.text


async def test_a_secretary_records_the_own_units_meeting(staff_engine: Engine, db: Database, built: Built) -> None:
    sec = await person(staff_engine, db, "sec", Role.SECRETARY, "CB01")
    await record_meeting(sec)
    with db.unit() as s:
        m = s.scalars(select(MeetingRecord)).one()
        assert (m.unit_id, m.kind, m.attendance, m.speakers) == (unit_id(db, "CB01"), "cell_meeting", 45, 12)
        assert m.atmosphere == "Sôi nổi, nhiều ý kiến tranh luận về mục tiêu tăng trưởng."
        assert m.held_on == clock.today() - timedelta(days=3)
        ops = list(s.scalars(select(Comment).order_by(Comment.id)))
        assert [(c.kind.value, c.target_kind, c.represents, c.source, c.participant_id) for c in ops] == [
            ("agree", TargetKind.DOCUMENT, 30, Source.MEETING, None),
            ("disagree", TargetKind.PARAGRAPH, 2, Source.MEETING, None),
        ]
        child = s.scalars(select(Section).where(Section.label == "1").order_by(Section.order)).first()
        assert child is not None and (ops[1].section_id, ops[1].paragraph_no) == (child.id, 2)
        assert {c.meeting_id for c in ops} == {m.id} and {c.unit_id for c in ops} == {unit_id(db, "CB01")}
        assert {c.channel for c in ops} == {"meeting"} and {c.audience.value for c in ops} == {"members"}
        vote = s.scalars(select(Vote)).one()
        assert (vote.question, vote.agree, vote.disagree, vote.abstain) == ("Tán thành dự thảo Báo cáo chính trị",
                                                                            40, 3, 2)  # fmt: skip
    # The list shows it; the secretary reopens and corrects it: the record keeps its id, nothing doubles.
    assert f"#{m.id} · {day(3)} · Sinh hoạt chi bộ" in sec.text
    await sec.press(f"Xem, sửa #{m.id}")
    await sec.press("Sửa ngày, số người")
    await sec.send(f"{day(3)} 50 14")
    assert "50 người dự · 14 người phát biểu" in sec.text
    await sec.press("Bỏ bớt")
    await sec.press("Bỏ biểu quyết 1")
    await sec.press("Lưu")
    assert f"Đã lưu nội dung sửa của biên bản #{m.id}: 2 ý kiến, 0 lần biểu quyết" in sec.text
    with db.unit() as s:
        again = s.scalars(select(MeetingRecord)).one()
        assert (again.id, again.attendance, again.speakers) == (m.id, 50, 14)
    assert (count(db, Comment), count(db, Vote)) == (2, 0)


async def test_no_longer_correctable_once_the_unit_submitted(staff_engine: Engine, db: Database) -> None:
    sec = await person(staff_engine, db, "sec", Role.SECRETARY, "CB01")
    await record_meeting(sec)
    with db.unit() as s:
        meeting_id = s.scalars(select(MeetingRecord.id)).one()
    await sec.press(f"Xem, sửa #{meeting_id}")  # opened before the submission
    with db.unit() as s:
        s.add(Submission(unit_id=unit_id(db, "CB01"), comments=2, submitted_at=clock.now()))
    await sec.press("Sửa ngày, số người")
    await sec.send(f"{day(3)} 99 14")
    await sec.press("Lưu")
    assert "không sửa được nữa" in sec.text
    with db.unit() as s:
        assert s.scalars(select(MeetingRecord.attendance)).one() == 45
    await sec.send("/hoinghi")
    assert "(đơn vị đã nộp báo cáo: không sửa được)" in sec.text
    await sec.press(f"Xem, sửa #{meeting_id}")  # reviewable, not correctable
    assert "45 người dự" in sec.text and "không sửa được nữa" in sec.text
    # A new meeting after the submission is recorded as usual (the unit submits again).
    await sec.press("Ghi biên bản hội nghị mới")
    assert "loại nào" in sec.text


@pytest.mark.parametrize("role", [Role.RESIDENT, Role.MEMBER])
async def test_a_resident_or_member_cannot_record(staff_engine: Engine, db: Database, role: Role) -> None:
    user = await person(staff_engine, db, "u1", role)
    for command, refusal in (
        ("/hoinghi", "lệnh /hoinghi chỉ dành cho bí thư chi bộ"),
        ("/hoinghi mau", "lệnh /hoinghi chỉ dành cho bí thư chi bộ"),
        ("/vanban", "lệnh /vanban chỉ dành cho cán bộ Văn phòng Đảng ủy"),
    ):
        await user.send(command)
        assert refusal in user.text, command
        assert not any(r.files for r in user.last)
    # Buttons of the flow, forged with the current version: refused like the command.
    v = version(user)
    for forged in (f"{v}:hl:n", f"{v}:hm:save", f"{v}:hu:"):
        await user.press_payload(forged)
        assert STALE in user.text or "chỉ dành cho bí thư chi bộ" in user.text
    # A spreadsheet sent is what a document always was to a resident: not read.
    await user._go(Incoming("test", "u1", Kind.FILE, file_name="x.xlsx", file=b"PK", file_size=2, update_id="f1"))
    assert "chỉ đọc được tin nhắn chữ" in user.text
    assert (count(db, MeetingRecord), count(db, Letter), count(db, Comment)) == (0, 0, 0)


async def test_a_secretary_cannot_record_letters(staff_engine: Engine, db: Database) -> None:
    sec = await person(staff_engine, db, "sec", Role.SECRETARY, "CB01")
    await sec.send("/vanban")
    assert "lệnh /vanban chỉ dành cho cán bộ Văn phòng Đảng ủy" in sec.text
    assert count(db, Letter) == 0


async def test_a_secretary_cannot_cross_to_another_unit(staff_engine: Engine, db: Database) -> None:
    """Another cell's meeting: not opened, not corrected, not deleted, whatever a button carries."""
    official = await person(staff_engine, db, "off", Role.OFFICIAL)
    await record_meeting(official, official_unit="Chi bộ khu phố 2")
    with db.unit() as s:
        other = s.scalars(select(MeetingRecord)).one()
        assert other.unit_id == unit_id(db, "CB02")
    sec = await person(staff_engine, db, "sec", Role.SECRETARY, "CB01")
    await sec.send("/hoinghi")
    assert f"#{other.id}" not in sec.text and "Chưa có biên bản nào" in sec.text
    v = version(sec)
    await sec.press_payload(f"{v}:hl:o:{other.id}")  # forged: the other cell's meeting, with this message's version
    assert NOT_YOURS in sec.text
    await sec.press("Ghi biên bản hội nghị mới")  # a secretary is never asked the unit: forging one is stale
    await sec.press_payload(f"{version(sec)}:hu:{unit_id(db, 'CB02')}")
    assert STALE in sec.text
    # A record entered for CB01 that a forged state would carry to CB02 is refused when saved: the unit is checked
    # against the participant, not the draft.
    with db.unit() as s:
        row = s.scalars(select(Participant).where(Participant.channel_user_id == "sec")).one()
        from storage.models import ConversationState

        state = s.get(ConversationState, row.id)
        assert state is not None
        data = dict(state.data)
        data["rec"] = {
            "t": "m",
            "id": other.id,
            "u": unit_id(db, "CB01"),
            "k": "cell_meeting",
            "d": 1,
            "on": (clock.today() - timedelta(days=1)).isoformat(),
            "a": 9,
            "s": 1,
            "ops": [],
            "votes": [],
        }
        state.data = data  # fmt: skip
        state.step = "rec"
    await sec.send("/tieptuc")
    await sec.press("Lưu")
    assert NOT_YOURS in sec.text
    with db.unit() as s:
        assert s.scalars(select(MeetingRecord.attendance)).one() == 45


async def test_a_replayed_button_after_the_role_changed_is_refused(staff_engine: Engine, db: Database) -> None:
    sec = await person(staff_engine, db, "sec", Role.SECRETARY, "CB01")
    await sec.send("/hoinghi")
    await sec.press("Ghi biên bản hội nghị mới")
    await sec.press("Sinh hoạt chi bộ")
    await sec.send(f"{day(1)} 10 2")
    await sec.press("Biên bản không ghi")
    save = sec.buttons["Lưu"]
    set_role(db, "sec", Role.SECRETARY, "CB02")  # moved to another cell: the CB01 record is no longer theirs
    await sec.press_payload(save)
    assert NOT_YOURS in sec.text
    await sec.press_payload(save)  # replayed once more: an old button by now
    assert STALE in sec.text
    await sec.send("/hoinghi")  # a CB02 record, then no longer a secretary at all: the engine refuses the button
    await sec.press("Ghi biên bản hội nghị mới")
    await sec.press("Sinh hoạt chi bộ")
    await sec.send(f"{day(1)} 10 2")
    await sec.press("Biên bản không ghi")
    set_role(db, "sec", Role.MEMBER)
    await sec.press("Lưu")
    assert "lệnh /hoinghi chỉ dành cho bí thư chi bộ" in sec.text
    await sec.send("01/01/2025 10 2")  # text typed in a record's step is held to the role as well
    assert "lệnh /hoinghi chỉ dành cho bí thư chi bộ" in sec.text
    assert count(db, MeetingRecord) == 0


async def test_an_official_records_a_letter_counted_once(staff_engine: Engine, db: Database) -> None:
    official = await person(staff_engine, db, "off", Role.OFFICIAL)
    await official.send("/vanban")
    assert "Chưa có văn bản nào" in official.text
    await official.press("Ghi văn bản góp ý mới")
    await official.press("Tổ chức")
    await official.send(f"{day(2)}, Số 12-CV/MTTQ")
    assert "Tổ chức · nhận ngày" in official.text and "Số 12-CV/MTTQ" in official.text
    await official.press("Thêm ý kiến")
    await official.press("Đề xuất, kiến nghị")  # on the whole draft: no target asked
    await official.send("Đề nghị tổ chức thêm hội nghị lấy ý kiến thanh niên.")
    assert "Đã thêm ý kiến thứ 1" in official.text  # a letter's opinion: no "how many" asked
    await official.press("Thêm ý kiến")
    await official.press("Ý kiến khác")
    await official.press("Gợi ý 1: Về mục tiêu tổng quát")
    await official.send("Mục tiêu cần cụ thể hơn.")
    await official.press("Lưu")
    assert "Đã lưu văn bản góp ý #1: 2 ý kiến" in official.text
    with db.unit() as s:
        letter = s.scalars(select(Letter)).one()
        assert (letter.sender_kind, letter.reference) == (SenderKind.ORGANISATION, "Số 12-CV/MTTQ")
        ops = list(s.scalars(select(Comment).order_by(Comment.id)))
        assert {(c.source, c.letter_id, c.represents, c.participant_id) for c in ops} == {
            (Source.WRITTEN, letter.id, 1, None)
        }
        assert [c.target_kind for c in ops] == [TargetKind.DOCUMENT, TargetKind.TOPIC]
        assert {c.audience.value for c in ops} == {"organisations"} and {c.channel for c in ops} == {"letter"}


async def test_ambiguous_section_asks_which_and_huy_drops_the_record(staff_engine: Engine, db: Database) -> None:
    sec = await person(staff_engine, db, "sec", Role.SECRETARY, "CB01")
    await sec.send("/hoinghi")
    await sec.press("Ghi biên bản hội nghị mới")
    await sec.press("Họp khu dân cư (khu phố, thôn)")
    await sec.send(f"{day(0)} 20 4")
    await sec.press("Biên bản không ghi")
    await sec.press("Thêm ý kiến")
    await sec.press("Ý kiến khác")
    await sec.send("IX.9")
    assert "Không tìm thấy mục «IX.9»" in sec.text
    await sec.send("1")  # three sections are labelled "1"
    assert "Dự thảo có nhiều mục «1»" in sec.text
    await sec.press("II.1. Mục con của 2")
    await sec.send("Ý kiến về mục II.1")
    await sec.send("4")
    assert "1. Ý kiến khác · mục II.1 · 4 người" in sec.text
    await sec.send("/huy")
    assert "Đã bỏ biên bản đang nhập" in sec.text
    assert count(db, MeetingRecord) == 0


async def test_the_template_is_sent_on_request(staff_engine: Engine, db: Database) -> None:
    sec = await person(staff_engine, db, "sec", Role.SECRETARY, "CB01")
    await sec.send("/hoinghi mau")
    files = [f for r in sec.last for f in r.files]
    assert [name for name, _ in files] == ["mau-bien-ban-hoi-nghi.xlsx"]
    book = openpyxl.load_workbook(io.BytesIO(files[0][1]))
    assert book.sheetnames == ["Hướng dẫn", "Danh mục", "Hội nghị", "Ý kiến", "Biểu quyết"]
    guide = "\n".join(str(c.value) for c in book["Hướng dẫn"]["A"] if c.value)
    assert "CB01: Chi bộ khu phố 1" in guide and "DH-TEST" in guide and "I.1: Mục con của 1" in guide


async def test_a_spreadsheet_sent_is_taken_once(staff_engine: Engine, db: Database) -> None:
    from tests.storage.sheet_build import meetings_book

    sec = await person(staff_engine, db, "sec", Role.SECRETARY, "CB01")
    content = meetings_book([["1", "", "Sinh hoạt chi bộ", "", day(4), 30, 5, "Sôi nổi"]],
                            [["1", "Nhất trí", "", "", "", "", 25]], [["1", "Tán thành", 28, 1, 1]])  # fmt: skip

    def sent(update: str) -> Incoming:
        return Incoming("test", "sec", Kind.FILE, file_name="hoi-nghi.xlsx", file=content, file_size=len(content),
                        update_id=update)  # fmt: skip

    await sec._go(sent("f1"))
    assert "Đã nhập từ tệp «hoi-nghi.xlsx»: 1 hội nghị, 1 ý kiến, 1 lần biểu quyết" in sec.text
    await sec._go(sent("f2"))
    assert "đã được nhập lúc" in sec.text and "không nhập lại" in sec.text
    assert (count(db, MeetingRecord), count(db, Comment), count(db, Vote), count(db, SheetImport)) == (1, 1, 1, 1)
    # Another cell's meeting in the file: the row is refused, nothing stored.
    other = meetings_book([["1", "CB02", "Sinh hoạt chi bộ", "", day(5), 30, 5, ""]], [], [])
    await sec._go(Incoming("test", "sec", Kind.FILE, file_name="cb02.xlsx", file=other, file_size=len(other),
                           update_id="f3"))  # fmt: skip
    assert "dòng 2, cột «Mã đơn vị»: đơn vị «CB02» không phải đơn vị của " in sec.text and " (CB01)" in sec.text
    assert "Chưa có gì được ghi" in sec.text and count(db, MeetingRecord) == 1


_numbers = itertools.count(1)


class NumberedUser(User):
    """A user on a channel without buttons (Zalo): choices come as numbered lines, a number typed picks one."""

    async def send(self, text: str, *, update_id: str | None = None) -> list[Reply]:
        inc = Incoming.from_text(self.channel, self.user_id, text, display_name=self.name, numbered=True,
                                 update_id=update_id or f"n{next(_numbers)}")  # fmt: skip
        return await self._go(inc)


async def test_on_a_numbered_channel_a_number_typed_is_the_count(staff_engine: Engine, db: Database) -> None:
    await person(staff_engine, db, "zalo", Role.SECRETARY, "CB01")
    sec = NumberedUser(staff_engine, "zalo")
    await sec.send("/hoinghi")
    await sec.send("Ghi biên bản hội nghị mới")  # a choice's label typed
    await sec.send("Sinh hoạt chi bộ")
    await sec.send(f"{day(1)} 45 9")
    await sec.send("Biên bản không ghi")
    await sec.send("Thêm ý kiến")
    await sec.send("Nhất trí")
    await sec.send("Toàn văn dự thảo")
    await sec.send("Không ghi thêm nội dung")
    assert "Bao nhiêu người" in sec.text
    assert list(sec.buttons) == [str(n) for n in range(1, 11)]  # choice n is n people; no "back" a number would reach
    await sec.send("3")  # choice 3 is 3 people
    assert "Đã thêm ý kiến thứ 1" in sec.text and "· 3 người" in sec.text
    await sec.send("Thêm ý kiến")
    await sec.send("Ý kiến khác")
    await sec.send("mục 1")  # three sections "1": which
    assert "Dự thảo có nhiều mục «mục 1»" in sec.text
    await sec.send("I.1. Mục con của 1")
    await sec.send("Cần rõ hơn")
    await sec.send("25")  # above the ten choices: typed as the count
    assert "2. Ý kiến khác · mục I.1 · 25 người" in sec.text
