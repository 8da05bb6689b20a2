"""The calendar's messages address their recipient as the recipient's role is, with the plan's forms: a resident's
reminder "ông/bà" (or the plan's word), a member's "đồng chí", a cell secretary's the secretaries' form."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from core.address import Address
from scheduled import content
from scheduled.calendar import Send, SendKind
from storage import calendar
from storage.db import Database
from storage.models import Document
from storage.plan_loader import load_plan
from tests.scheduled.conftest import PLAN, add_secretary, local


def load(db: Database, tmp_path: Path, address: str | None) -> None:
    text = PLAN if address is None else PLAN.replace("  issued_on:", f"  address: {address}\n  issued_on:", 1)
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    load_plan(db, path)


def reminder(db: Database, audience: str) -> str:
    with db.unit() as s:
        snap = calendar.load(s)
        doc_id = s.scalars(select(Document.id).where(Document.code == "PHUONG")).one()
    send = Send(
        "resident_reminder:x", SendKind.RESIDENT_REMINDER, local(date(2025, 7, 22)), "—",
        Address("telegram", "901"), audience=audience, documents=(doc_id,),
    )  # fmt: skip
    (reply,) = content.build(db, snap, send)
    return reply.text


@pytest.mark.parametrize(
    ("address", "resident", "member"),
    [
        (None, "ông/bà", "đồng chí"),
        ("{resident: bác}", "bác", "đồng chí"),
        ("{resident: cô/chú, member: anh/chị}", "cô/chú", "anh/chị"),
    ],
)
def test_a_reminder_addresses_residents_and_members_by_the_plans_forms(
    db: Database, tmp_path: Path, address: str | None, resident: str, member: str
) -> None:
    load(db, tmp_path, address)
    text = reminder(db, "residents")
    assert text.startswith(f"Kính gửi {resident}, ") and f"dự thảo {resident} đang đọc dở" in text
    assert reminder(db, "members").startswith(f"Kính gửi {member}, ")


@pytest.mark.parametrize(("address", "form"), [(None, "đồng chí"), ("{secretary: anh/chị}", "anh/chị")])
def test_a_cell_reminder_addresses_the_secretary(db: Database, tmp_path: Path, address: str | None, form: str) -> None:
    load(db, tmp_path, address)
    add_secretary(db, "CB-A", "701")
    with db.unit() as s:
        snap = calendar.load(s)
    cell = next(c for c in snap.cells if c.code == "CB-A")
    send = Send(
        "cell_reminder:CB-A", SendKind.CELL_REMINDER, local(date(2025, 7, 13)), "CB-A", cell.secretaries[0][1],
        unit_id=cell.unit_id, unit="CB-A", unit_name=cell.name, due_on=cell.due_on,
    )  # fmt: skip
    (reply,) = content.build(db, snap, send)
    assert reply.text.startswith(f"Kính gửi {form} Bí thư Chi bộ khu A,")
    assert f"Khi sẵn sàng, {form} gửi lệnh /nopbaocao" in reply.text
