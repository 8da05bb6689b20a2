"""The plan's calendar as sends: what goes to whom and when, from a snapshot (no database, no real time)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from core import clock
from core.address import Address
from scheduled.calendar import Send, SendKind, at, sends, unfinished
from storage.calendar import CalendarSettings, CellRow, ResidentRow, ScheduleRow, Snapshot, WindowRow

TG = Address("telegram", "501")


def _local(day: date, hhmm: str = "08:00") -> datetime:
    return at(day, hhmm)


def _snap(**kw: object) -> Snapshot:
    snap = Snapshot(CalendarSettings())
    for name, value in kw.items():
        setattr(snap, name, value)
    return snap


def _all(snap: Snapshot) -> list[Send]:
    return sends(snap, datetime(2000, 1, 1, tzinfo=UTC), datetime(2030, 1, 1, tzinfo=UTC))


def _weekly(**kw: object) -> ScheduleRow:
    values: dict[str, object] = {
        "code": "TUAN",
        "kind": "weekly",
        "recipient": "BTG",
        "chat": None,
        "email": "btg@example.org",
        "document": "DOC",
        "audience": "residents",
        "starts_on": date(2025, 7, 10),
        "ends_on": date(2025, 8, 10),
        "weekday": 4,
        "at": "08:00",
    }
    values.update(kw)
    return ScheduleRow(**values)  # type: ignore[arg-type]


def test_times_are_the_plans_local_time() -> None:
    # 08:00 in Hà Nội is 01:00 UTC.
    assert at(date(2025, 7, 11), "08:00") == datetime(2025, 7, 11, 1, 0, tzinfo=UTC)
    clock.configure("Europe/Berlin")  # summer time: UTC+2
    assert at(date(2025, 7, 11), "08:00") == datetime(2025, 7, 11, 6, 0, tzinfo=UTC)


def test_weekly_report_every_friday_of_the_window_to_each_way_of_the_recipient() -> None:
    snap = _snap(schedules=[_weekly(chat=Address("telegram", "-100200"))])
    found = _all(snap)
    fridays = [date(2025, 7, 11), date(2025, 7, 18), date(2025, 7, 25), date(2025, 8, 1), date(2025, 8, 8)]
    assert sorted({clock.local(s.due_at).date() for s in found}) == fridays
    assert {s.kind for s in found} == {SendKind.WEEKLY_REPORT}
    # The chat and the e-mail address are sends of their own: one may fail while the other arrives.
    assert len(found) == 2 * len(fridays)
    assert {s.address for s in found} == {Address("telegram", "-100200"), Address("email", "btg@example.org")}
    assert len({s.key for s in found}) == len(found)


def test_a_one_off_report_and_a_recipient_with_no_address_yet() -> None:
    once = _weekly(kind="once", starts_on=date(2025, 8, 14), ends_on=date(2025, 8, 14), weekday=None, email=None)
    found = _all(_snap(schedules=[once]))
    assert [(s.kind, s.address, s.due_at) for s in found] == [(SendKind.FINAL_REPORT, None, _local(date(2025, 8, 14)))]


def _cell(submitted_at: datetime | None = None, secretaries: tuple[tuple[int, Address], ...] = ((7, TG),)) -> CellRow:
    return CellRow(3, "CB-A", "Chi bộ khu A", date(2025, 7, 14), submitted_at, secretaries)


def test_cell_reminders_before_on_the_day_and_daily_while_late() -> None:
    found = sends(_snap(cells=[_cell()]), datetime(2000, 1, 1, tzinfo=UTC), _local(date(2025, 7, 17)))
    days = [clock.local(s.due_at).date() for s in found if s.kind is SendKind.CELL_REMINDER]
    assert days == [date(2025, 7, d) for d in (11, 13, 14, 15, 16, 17)]
    assert all(s.address == TG and s.participant_id == 7 for s in found)


def test_reminders_stop_once_the_cell_submits() -> None:
    submitted = _local(date(2025, 7, 13), "15:30")
    found = sends(_snap(cells=[_cell(submitted)]), datetime(2000, 1, 1, tzinfo=UTC), _local(date(2025, 7, 30)))
    assert [clock.local(s.due_at).date() for s in found] == [date(2025, 7, 11), date(2025, 7, 13)]


def test_a_cell_with_two_secretaries_reminds_both_and_one_with_none_is_unaddressed() -> None:
    two = _cell(secretaries=((7, TG), (8, Address("telegram", "502"))))
    found = sends(_snap(cells=[two]), datetime(2000, 1, 1, tzinfo=UTC), _local(date(2025, 7, 11)))
    assert {s.participant_id for s in found} == {7, 8}
    none = sends(_snap(cells=[_cell(secretaries=())]), datetime(2000, 1, 1, tzinfo=UTC), _local(date(2025, 7, 11)))
    assert [(s.address, s.recipient) for s in none] == [(None, "CB-A")]


def _window(closes: date, *, audience: str = "residents", doc: int = 1, last: int | None = 12) -> WindowRow:
    return WindowRow(doc, f"D{doc}", f"Dự thảo {doc}", audience, _local(date(2025, 7, 3), "00:00"),
                     _local(closes, "23:59"), last)  # fmt: skip


def test_weekly_notes_to_secretaries_until_the_cells_deadline() -> None:
    snap = _snap(cells=[_cell()], windows=[_window(date(2025, 7, 25))])
    notes = [s for s in _all(snap) if s.kind is SendKind.SECRETARY_NOTE]
    assert [clock.local(s.due_at).date() for s in notes] == [date(2025, 7, 7), date(2025, 7, 14)]  # Mondays


def test_unfinished_means_started_and_not_read_to_the_end() -> None:
    fresh = ResidentRow(1, TG, "residents", {}, frozenset())
    assert not unfinished(fresh, 1, 12)  # never opened: no reminder
    assert unfinished(ResidentRow(1, TG, "residents", {1: 4}, frozenset()), 1, 12)
    assert unfinished(ResidentRow(1, TG, "residents", {}, frozenset({1})), 1, 12)  # commented, never browsed
    assert not unfinished(ResidentRow(1, TG, "residents", {1: 12}, frozenset({1})), 1, 12)


def test_resident_reminder_days_before_closing_for_their_audience_only() -> None:
    resident = ResidentRow(9, TG, "residents", {1: 2, 2: 1}, frozenset())
    snap = _snap(
        residents=[resident],
        windows=[_window(date(2025, 7, 25), doc=1), _window(date(2025, 7, 25), doc=2, audience="members")],
    )
    found = _all(snap)
    assert [(s.kind, clock.local(s.due_at).date(), s.documents) for s in found] == [
        (SendKind.RESIDENT_REMINDER, date(2025, 7, 22), (1,))
    ]


def test_resident_reminders_never_more_than_one_a_week() -> None:
    resident = ResidentRow(9, TG, "residents", {1: 1, 2: 1, 3: 1}, frozenset())
    windows = [
        _window(date(2025, 7, 25), doc=1),
        _window(date(2025, 7, 25), doc=2),  # the same day: one message naming both
        _window(date(2025, 7, 29), doc=3),  # four days later: within the week, not sent
    ]
    found = _all(_snap(residents=[resident], windows=windows))
    assert [(clock.local(s.due_at).date(), s.documents) for s in found] == [(date(2025, 7, 22), (1, 2))]
    later = [*windows[:2], _window(date(2025, 8, 5), doc=3)]
    found = _all(_snap(residents=[resident], windows=later))
    assert [clock.local(s.due_at).date() for s in found] == [date(2025, 7, 22), date(2025, 8, 2)]


def test_the_range_is_inclusive_and_keys_name_each_send_for_ever() -> None:
    snap = _snap(schedules=[_weekly()], cells=[_cell()])
    one = sends(snap, _local(date(2025, 7, 11)), _local(date(2025, 7, 11)))
    assert {s.kind for s in one} == {SendKind.WEEKLY_REPORT, SendKind.CELL_REMINDER}
    again = sends(snap, _local(date(2025, 7, 11)) - timedelta(hours=1), _local(date(2025, 7, 11)))
    assert [s.key for s in one] == [s.key for s in again]
