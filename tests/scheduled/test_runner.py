"""Running the calendar: what is due is sent once, whoever runs it and however often; what fell due long ago is
marked missed; refusals are marked and do not stop the others. A controllable clock (`run_due(now)`), recording
senders, SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from core import clock
from handlers.engine import Engine
from handlers.ports import SendError
from handlers.types import Reply
from scheduled.calendar import Send, SendKind
from scheduled.runner import Runner
from scheduled.show import State, rows
from storage.calendar import Snapshot
from storage.db import Database
from storage.models import DeliveryLog, Outbox, Submission, Unit
from tests.scheduled.conftest import Recorder, add_secretary, local

NOW = local(date(2025, 7, 13), "20:00")  # when `schedule show` is asked, in these tests


def quick(_db: Database, _snap: Snapshot, send: Send) -> list[Reply]:
    """Report content is aggregation's (tested there): here, a line naming the send."""
    return [Reply(f"{send.kind} {send.recipient}")]


async def _engine(db: Database, telegram: Recorder, email: Recorder | None = None) -> Engine:
    engine = Engine(db)
    engine.register("telegram", telegram)
    if email is not None:
        engine.register("email", email)
    return engine


def _log(db: Database) -> dict[str, str]:
    """What became of the sends attempted (those missed before the run are not)."""
    with db.unit() as s:
        return {row.key: row.status for row in s.scalars(select(DeliveryLog)) if row.status != "missed"}


async def test_due_sends_go_once_and_are_logged_sent(plan_db: Database) -> None:
    tg, mail = Recorder(), Recorder()
    add_secretary(plan_db, "CB-A", "701")
    engine = await _engine(plan_db, tg, mail)
    runner = Runner(plan_db, engine.delivery, quick)
    friday = local(date(2025, 7, 11))  # CB-A is due 14/07: reminded 3 days before; the weekly report
    result = await runner.run_due(friday)
    assert sorted(k.split(":")[0] for k in result.staged) == ["cell_reminder", "weekly_report", "weekly_report"]
    assert [r.text for r in tg.to("701")] == ["cell_reminder CB-A"]
    assert [r.text for r in tg.to("-100900")] == ["weekly_report BTG"]
    assert [r.text for r in mail.to("btg@example.org")] == ["weekly_report BTG"]
    again = await runner.run_due(friday + timedelta(minutes=5))  # the next tick, a restart, a second run-due
    assert again.staged == [] and again.already >= 3
    await engine.stop()  # delivered rows are deleted and their sends marked sent
    assert set(_log(plan_db).values()) == {"sent"}
    assert len(tg.sent) == 2 and len(mail.sent) == 1
    with plan_db.unit() as s:
        assert s.scalars(select(Outbox)).all() == []


async def test_two_schedulers_at_once_send_each_message_once(plan_db: Database) -> None:
    for i in range(20):
        add_secretary(plan_db, "CB-A", str(800 + i))
    tg = Recorder()
    first, second = await _engine(plan_db, tg), await _engine(plan_db, tg)
    second_db = Database(plan_db.url)  # another process: its own connections
    runners = [Runner(plan_db, first.delivery, quick), Runner(second_db, second.delivery, quick)]
    when = local(date(2025, 7, 13))
    results = await asyncio.gather(*(r.run_due(when) for r in runners))
    staged = [k for r in results for k in r.staged]
    assert len(staged) == len(set(staged)) == 20
    assert sorted(a.chat_id for a, _ in tg.sent) == sorted(str(800 + i) for i in range(20))
    await first.stop()
    await second.stop()
    second_db.dispose()


async def test_catch_up_within_grace_and_older_sends_marked_missed_not_sent(plan_db: Database) -> None:
    tg, mail = Recorder(), Recorder()
    add_secretary(plan_db, "CB-A", "701")
    engine = await _engine(plan_db, tg, mail)
    runner = Runner(plan_db, engine.delivery, quick)
    # Nothing ran from before 11/07 until 13/07 14:00 (the plan's grace: 12 hours).
    result = await runner.run_due(local(date(2025, 7, 13), "14:00"))
    assert [k.split(":")[0] for k in result.staged] == ["cell_reminder"]  # 13/07 08:00: 6 hours late, sent
    assert "cell_reminder:CB-A:p" in result.missed[-1] or any("cell_reminder" in k for k in result.missed)
    assert any(k.startswith("weekly_report:TUAN:BTG:chat:2025-07-11") for k in result.missed)
    assert [r.text for r in tg.to("701")] == ["cell_reminder CB-A"]
    assert tg.to("-100900") == [] and mail.sent == []
    await engine.stop()
    shown = {(r.kind, r.due_at): r.state for r in rows(plan_db, date(2025, 7, 11), date(2025, 7, 13), NOW)}
    assert shown[("weekly_report", local(date(2025, 7, 11)))] is State.MISSED
    assert shown[("cell_reminder", local(date(2025, 7, 13)))] is State.SENT


async def test_a_recipient_who_blocked_the_bot_is_marked_and_the_others_still_get_theirs(plan_db: Database) -> None:
    tg = Recorder(refuse={"701": SendError("Forbidden", transient=False, blocked=True)})
    add_secretary(plan_db, "CB-A", "701")
    add_secretary(plan_db, "CB-A", "702")
    engine = await _engine(plan_db, tg)
    await Runner(plan_db, engine.delivery, quick).run_due(local(date(2025, 7, 11)))
    await engine.stop()
    log = _log(plan_db)
    assert [r.text for r in tg.to("702")] == ["cell_reminder CB-A"]
    assert sorted(log.values()) == ["blocked", "sent", "sent"]  # the group's weekly report too
    shown = [r for r in rows(plan_db, date(2025, 7, 11), date(2025, 7, 11), NOW) if r.state is State.BLOCKED]
    assert len(shown) == 1 and shown[0].recipient == "CB-A"


async def test_a_failing_send_is_retried_by_the_outbox_and_delivered_once(
    plan_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    tg = Recorder(refuse={"-100900": SendError("Bad Gateway", transient=True, retry_after=0)})
    engine = await _engine(plan_db, tg)
    friday = local(date(2025, 7, 11))
    await Runner(plan_db, engine.delivery, quick).run_due(friday)
    assert tg.to("-100900") == []
    shown = rows(plan_db, date(2025, 7, 11), date(2025, 7, 11), friday)
    assert {r.state for r in shown if r.via == "telegram"} == {State.RETRYING}
    tg.refuse.clear()
    later = clock.now() + timedelta(minutes=1)  # past the first backoff
    monkeypatch.setattr(clock, "now", lambda: later)
    await engine.delivery.sweep()
    await engine.stop()
    assert [r.text for r in tg.to("-100900")] == ["weekly_report BTG"]
    assert set(_log(plan_db).values()) == {"sent"}


async def test_an_unknown_channel_or_no_address_waits_and_is_shown(plan_db: Database) -> None:
    tg = Recorder()
    engine = await _engine(plan_db, tg)  # no e-mail configured here
    result = await Runner(plan_db, engine.delivery, quick).run_due(local(date(2025, 7, 11)))
    assert [k.split(":")[3] for k in result.no_channel] == ["email"]
    # No secretary registered: today's reminder waits (and the older notes, past the grace period, are counted here
    # too, not as missed: they had nowhere to go).
    assert {k.split(":")[0] for k in result.unaddressed} == {"cell_reminder", "secretary_note"}
    assert {k.split(":")[0] for k in result.missed} == {"weekly_report"}  # 04/07, addressed, past the grace period
    await engine.stop()
    shown = rows(plan_db, date(2025, 7, 11), date(2025, 7, 11), local(date(2025, 7, 11), "09:00"))
    states = {(r.kind, r.via): r.state for r in shown}
    assert states[("cell_reminder", "")] is State.UNADDRESSED
    assert states[("weekly_report", "email")] is State.DUE


async def test_a_submission_stops_the_cells_reminders(plan_db: Database) -> None:
    tg = Recorder()
    pid = add_secretary(plan_db, "CB-A", "701")
    engine = await _engine(plan_db, tg)
    runner = Runner(plan_db, engine.delivery, quick)
    await runner.run_due(local(date(2025, 7, 11)))
    with plan_db.unit() as s:
        unit = s.scalars(select(Unit).where(Unit.code == "CB-A")).one()
        s.add(Submission(unit_id=unit.id, participant_id=pid, comments=3, submitted_at=local(date(2025, 7, 12))))
    for day in (13, 14, 15, 16):
        await runner.run_due(local(date(2025, 7, day)))
    await engine.stop()
    assert [r.text for r in tg.to("701")] == ["cell_reminder CB-A"]


async def test_a_message_that_cannot_be_built_is_not_claimed_and_is_tried_again(plan_db: Database) -> None:
    tg = Recorder()
    engine = await _engine(plan_db, tg)
    broken = True

    def builder(db: Database, snap: Snapshot, send: Send) -> list[Reply]:
        if broken and send.kind is SendKind.WEEKLY_REPORT:
            raise RuntimeError("report failed")
        return quick(db, snap, send)

    runner = Runner(plan_db, engine.delivery, builder)
    result = await runner.run_due(local(date(2025, 7, 11)))
    assert len(result.failed) == 1 and tg.sent == []
    broken = False
    result = await runner.run_due(local(date(2025, 7, 11), "08:01"))
    assert len(result.staged) == 1
    await engine.stop()
    assert [r.text for r in tg.to("-100900")] == ["weekly_report BTG"]


@pytest.mark.parametrize("kind", [SendKind.CELL_REMINDER])
async def test_real_content_names_the_cell_and_its_deadline(plan_db: Database, kind: SendKind) -> None:
    tg = Recorder()
    add_secretary(plan_db, "CB-A", "701")
    engine = await _engine(plan_db, tg)
    await Runner(plan_db, engine.delivery).run_due(local(date(2025, 7, 16)))
    await engine.stop()
    (reply,) = tg.to("701")
    assert "Chi bộ khu A" in reply.text and "14/07/2025" in reply.text and "quá hạn 2 ngày" in reply.text
    assert "/nopbaocao" in reply.text and "Bí Mật" not in reply.text


def _resident(db: Database, user_id: str, *, reminders: bool | None, seen: dict[str, int] | None) -> int:
    from storage.models import ConversationState, Participant

    with db.unit() as s:
        p = Participant(channel="telegram", channel_user_id=user_id, display_name="Trần Thị Riêng Tư",
                        reminders=reminders, consent_at=local(date(2025, 7, 3)))  # fmt: skip
        s.add(p)
        s.flush()
        s.add(ConversationState(participant_id=p.id, step="section", data={"seen": seen} if seen else {}))
        return p.id


async def test_residents_who_asked_are_reminded_once_before_the_window_closes(plan_db: Database) -> None:
    from storage.models import Document, Section

    with plan_db.unit() as s:
        doc = s.scalars(select(Document).where(Document.code == "PHUONG")).one()
        for order in (1, 2, 3):
            s.add(Section(document_id=doc.id, order=order, label=f"{order}.", title=f"Mục {order}", depth=1))
        doc_id = doc.id
    _resident(plan_db, "901", reminders=True, seen={str(doc_id): 1})  # started, not finished
    _resident(plan_db, "902", reminders=True, seen={str(doc_id): 3})  # read to the end
    _resident(plan_db, "903", reminders=None, seen={str(doc_id): 1})  # never asked
    _resident(plan_db, "904", reminders=False, seen={str(doc_id): 1})  # said no
    _resident(plan_db, "905", reminders=True, seen=None)  # never opened it
    tg = Recorder()
    engine = await _engine(plan_db, tg)
    runner = Runner(plan_db, engine.delivery)
    for day in (21, 22, 23):  # the residents' window closes 25/07: three days before is 22/07
        await runner.run_due(local(date(2025, 7, day), "09:00"))
    await engine.stop()
    (reply,) = tg.to("901")
    assert "ông/bà" in reply.text and "Dự thảo Báo cáo chính trị" in reply.text and "25/07/2025" in reply.text
    assert "/nhacnho" in reply.text and "Riêng Tư" not in reply.text
    assert [a.chat_id for a, _ in tg.sent if a.chat_id.startswith("90")] == ["901"]
