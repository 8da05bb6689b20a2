"""`gopy plan load`: the seed's plan loads; twice is once; edits update in place; a bad file changes nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import TypedDict

import pytest
import sqlalchemy as sa

from storage.db import Database
from storage.errors import UserError
from storage.models import CommentWindow, Deadline, Document, GuidedTopic, ReportSchedule, Unit
from storage.plan_loader import load_plan, read_plan

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEED_PLAN = FIXTURES / "plan-mong-cai-2.yaml"


class _Snapshot(TypedDict):
    docs: list[tuple[int, str, str]]
    windows: list[tuple[int, str, str, str]]
    units: list[tuple[int, str, str]]
    topics: int | None
    schedules: int | None
    deadlines: list[tuple[str, date]]


def _snapshot(db: Database) -> _Snapshot:
    with db.unit() as s:
        return {
            "docs": sorted((d.id, d.code, d.title) for d in s.scalars(sa.select(Document))),
            "windows": sorted(
                (w.document_id, w.audience.value, w.opens_at.isoformat(), w.closes_at.isoformat())
                for w in s.scalars(sa.select(CommentWindow))
            ),
            "units": sorted((u.id, u.code, u.name) for u in s.scalars(sa.select(Unit))),
            "topics": s.scalar(sa.select(sa.func.count()).select_from(GuidedTopic)),
            "schedules": s.scalar(sa.select(sa.func.count()).select_from(ReportSchedule)),
            "deadlines": sorted((d.code, d.due_on) for d in s.scalars(sa.select(Deadline))),
        }


def test_seed_plan_loads_with_its_windows_and_deadlines(any_db: Database) -> None:
    load_plan(any_db, SEED_PLAN)
    with any_db.unit() as s:
        ward = s.scalar(sa.select(Document).where(Document.code == "PHUONG-I"))
        assert ward is not None
        residents = next(w for w in ward.windows if w.audience == "residents")
        # "từ ngày 03/7/2025 đến ngày 25/7/2025", Vietnam time (UTC+7), whole days
        assert residents.opens_at.astimezone(UTC) == datetime(2025, 7, 2, 17, 0, tzinfo=UTC)
        assert residents.closes_at.astimezone(UTC) == datetime(2025, 7, 25, 16, 59, 59, tzinfo=UTC)
        codes = [d.code for d in s.scalars(sa.select(Document).order_by(Document.order))]
        assert codes == ["XIV-BCCT", "XIV-40NAM", "XIV-KTXH", "XIV-XDD", "TINH-XVI", "PHUONG-I"]
        deadlines = {d.code: d.due_on for d in s.scalars(sa.select(Deadline))}
    # A cell holding its congress after the plan: 2 days after it. One that held it before: 7 days before the ward's.
    assert deadlines["cell-CB-KA-LONG"] == date(2025, 7, 14)
    assert deadlines["cell-CB-NINH-DUONG"] == date(2025, 8, 13)
    assert deadlines["ward-TINH-SAU-DH"] == date(2025, 8, 30)


def test_loading_twice_is_loading_once(any_db: Database) -> None:
    load_plan(any_db, SEED_PLAN)
    first = _snapshot(any_db)
    load_plan(any_db, SEED_PLAN)
    assert _snapshot(any_db) == first


def test_an_edited_plan_updates_in_place(any_db: Database, tmp_path: Path) -> None:
    load_plan(any_db, SEED_PLAN)
    before = _snapshot(any_db)
    edited = tmp_path / "plan.yaml"
    text = SEED_PLAN.read_text(encoding="utf-8")
    text = text.replace(
        "residents: {from: 03/07/2025, to: 25/07/2025}", "residents: {from: 03/07/2025, to: 31/07/2025}"
    )
    text = text.replace("name: Thôn Đông", "name: Thôn Đông (mới)")
    edited.write_text(text, encoding="utf-8")
    load_plan(any_db, edited)
    after = _snapshot(any_db)
    assert [d[0] for d in after["docs"]] == [d[0] for d in before["docs"]]
    assert [u[0] for u in after["units"]] == [u[0] for u in before["units"]]
    assert any(u[2] == "Thôn Đông (mới)" for u in after["units"])
    assert after["windows"] != before["windows"]


@pytest.mark.parametrize(
    ("old", "new", "marker", "field"),
    [
        ("level: provincial", "level: county", "level: county", "documents[4].level"),
        ("to: 10/08/2025}", "to: 10/13/2025}", "10/13/2025", "documents[4].windows.residents.to"),
        (
            "recipient: BTGDV-TU, document: TINH-XVI, audience: residents, date:",
            "recipient: NOBODY, date:",
            "NOBODY",
            "schedules[1].recipient",
        ),
        ("  code: MC2-2025\n", "  code: MC2-2025\n  colour: red\n", "colour", "consultation.colour"),
    ],
)
def test_a_bad_plan_names_line_and_field_and_changes_nothing(
    any_db: Database, tmp_path: Path, old: str, new: str, marker: str, field: str
) -> None:
    load_plan(any_db, SEED_PLAN)
    before = _snapshot(any_db)
    text = SEED_PLAN.read_text(encoding="utf-8")
    assert old in text
    bad = tmp_path / "bad.yaml"
    text = text.replace(old, new, 1)
    bad.write_text(text, encoding="utf-8")
    line = text[: text.index(marker)].count("\n") + 1
    with pytest.raises(UserError) as info:
        load_plan(any_db, bad)
    assert info.value.code == "plan.invalid"
    assert info.value.params["field"] == field
    assert info.value.params["line"] == line
    assert _snapshot(any_db) == before


def test_malformed_yaml_names_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("consultation:\n  code: X\n  title: [unclosed\ndocuments: []\n", encoding="utf-8")
    with pytest.raises(UserError) as info:
        read_plan(bad)
    assert info.value.code == "plan.yaml_syntax"
    assert info.value.params["line"] == 4


def test_missing_and_empty_plan_files(tmp_path: Path) -> None:
    with pytest.raises(UserError) as info:
        read_plan(tmp_path / "nope.yaml")
    assert info.value.code == "plan.missing_file"
    empty = tmp_path / "empty.yaml"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(UserError) as info:
        read_plan(empty)
    assert info.value.code == "plan.not_mapping"


def test_report_settings_reach_the_share_rule(any_db: Database, tmp_path: Path) -> None:
    from aggregation.shares import ShareRule
    from storage.models import Consultation

    text = SEED_PLAN.read_text(encoding="utf-8").replace(
        "    signer: {on_behalf: T/M BAN THƯỜNG VỤ}\n",
        "    signer: {on_behalf: T/M BAN THƯỜNG VỤ}\n    shares: {half: majority, quarter: many, most: 0.8}\n",
    )
    plan = tmp_path / "plan.yaml"
    plan.write_text(text, encoding="utf-8")
    load_plan(any_db, plan)
    with any_db.unit() as s:
        cons = s.scalars(sa.select(Consultation)).one()
        rule = ShareRule.from_settings(cons.settings)
    # Exactly 1/2 and exactly 1/4 now take the upper word; 3/4 is no longer "most" under a 4/5 threshold.
    assert [rule.level(n, 40) for n in (20, 10, 30, 32)] == ["majority", "many", "majority", "most"]


def test_bad_share_settings_name_their_line(tmp_path: Path) -> None:
    text = SEED_PLAN.read_text(encoding="utf-8").replace(
        "    signer: {on_behalf: T/M BAN THƯỜNG VỤ}\n",
        "    signer: {on_behalf: T/M BAN THƯỜNG VỤ}\n    shares: {many: 2/3}\n",
    )
    plan = tmp_path / "plan.yaml"
    plan.write_text(text, encoding="utf-8")
    with pytest.raises(UserError) as info:
        read_plan(plan)
    assert info.value.params["field"] == "consultation.report.shares"
    assert info.value.params["line"] == text[: text.index("shares: {many")].count("\n") + 1
