"""Button data is checked against the step and its values: forged or replayed data changes nothing and gets the
"old button" answer (a client can send any callback data it likes)."""

from __future__ import annotations

from sqlalchemy import select

from handlers.engine import Engine
from storage.db import Database
from storage.models import Participant, Role
from tests.factories import Built
from tests.handlers.helpers import User, comments, open_section

STALE = "Nút này thuộc một tin nhắn trước"


def _version(user: User) -> str:
    return next(iter(user.buttons.values())).split(":", 1)[0]


async def test_an_action_of_another_step_changes_nothing(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    v = _version(user)
    for forged in (f"{v}:role:m", f"{v}:para:1", f"{v}:keep:", f"{v}:cf:", f"{v}:con:n", f"{v}:nope:1"):
        await user.press_payload(forged)
        assert STALE in user.text, forged
    with db.unit() as s:
        p = s.scalars(select(Participant)).one()
        assert (p.role, p.consent_at is not None) == (Role.RESIDENT, True)
    assert comments(db) == []


async def test_keep_the_words_only_when_words_wait_to_be_kept(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await user.press("Đề nghị sửa đổi, bổ sung")
    await user.send("2")
    await user.press_payload(f"{_version(user)}:keep:")  # nothing typed yet, nothing to keep: asked again
    assert "Xin chép nguyên văn" in user.text
    await user.send("kinh tế xanh")  # found: on to the new wording, nothing to keep
    assert "nội dung đề nghị thay thế" in user.text


async def test_an_area_button_takes_residential_areas_only(engine: Engine, db: Database, built: Built) -> None:
    user = User(engine)
    await user.send("/start")
    await user.press("Đồng ý")
    await user.press("Người dân")
    await user.press_payload(f"{_version(user)}:area:{built.unit_ids['CB01']}")  # a party cell's id, forged
    with db.unit() as s:
        assert s.scalars(select(Participant.area_id)).one() is None
