"""`consultation.address`: the plan's forms of address by role, validated when read, stored with the plan's settings
and read back by the chat (storage.queries.address_forms) and the calendar (storage.calendar.load)."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage import calendar, queries
from storage.db import Database
from storage.errors import UserError
from storage.plan_loader import load_plan, read_plan

PLAN = """
consultation:
  code: TEST-ADDR
  title: Lấy ý kiến dự thảo văn kiện
{address}
documents:
  - code: PHUONG
    title: Dự thảo Báo cáo chính trị
    level: ward
    windows:
      residents: {{from: 2025-07-03, to: 2025-07-25}}
"""


def plan(tmp_path: Path, address: str) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN.format(address=address), encoding="utf-8")
    return path


def test_the_forms_are_stored_and_read_back(db: Database, tmp_path: Path) -> None:
    load_plan(db, plan(tmp_path, '  address: {resident: "  bác ", member: đồng chí}'))
    with db.unit() as s:
        assert queries.address_forms(s) == {"resident": "bác", "member": "đồng chí"}
        assert calendar.load(s).address == {"resident": "bác", "member": "đồng chí"}
    load_plan(db, plan(tmp_path, ""))  # taken out of the plan: gopy's own forms again
    with db.unit() as s:
        assert queries.address_forms(s) == {}
        assert calendar.load(s).address == {}


def test_without_a_plan_there_are_no_forms(db: Database) -> None:
    with db.unit() as s:
        assert queries.address_forms(s) == {}


@pytest.mark.parametrize(
    ("address", "field"),
    [
        ("  address: {chairman: bác}", "consultation.address.chairman"),  # not a role
        ('  address: {resident: ""}', "consultation.address.resident"),  # empty
        ('  address: {resident: "   "}', "consultation.address.resident"),  # blank
        ("  address: {resident: cụ ông cụ bà kính mến nhất}", "consultation.address.resident"),  # over 20 characters
        ('  address: {resident: "ông\\nbà"}', "consultation.address.resident"),  # two lines
        ("  address: [ông/bà, đồng chí]", "consultation.address"),  # not a mapping
    ],
)
def test_a_bad_form_names_its_line_and_field(tmp_path: Path, address: str, field: str) -> None:
    with pytest.raises(UserError) as caught:
        read_plan(plan(tmp_path, address))
    assert caught.value.code == "plan.invalid"
    assert caught.value.params["line"] == 5
    assert str(caught.value.params["field"]).startswith(field)


def test_the_example_plan_documents_the_key() -> None:
    example = Path(__file__).resolve().parents[2] / "examples" / "plan.yaml"
    assert read_plan(example).consultation.address == {"resident": "ông/bà", "member": "đồng chí"}
