"""Button data is checked against the step and its values: forged or replayed data changes nothing and gets the
"old button" answer (a client can send any callback data it likes)."""

from __future__ import annotations

from sqlalchemy import select

from core.messages import t
from handlers.engine import Engine
from storage.db import Database
from storage.models import Participant, Role
from tests.factories import Built
from tests.handlers.helpers import User, comments, open_section, two_sentences

STALE = "Nút này thuộc một tin nhắn trước"


def _version(user: User) -> str:
    return next(p for p in user.buttons.values() if p).split(":", 1)[0]


async def test_an_action_of_another_step_changes_nothing(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    v = _version(user)
    forged = (
        f"{v}:role:m",
        f"{v}:para:1",
        f"{v}:sent:1",
        f"{v}:edit:",
        f"{v}:wd:",
        f"{v}:me:1",
        f"{v}:mw:1",
        f"{v}:keep:",  # an action of an older version of the flow
        f"{v}:cf:",
        f"{v}:con:n",
        f"{v}:nope:1",
        f"{int(v) - 1}:k:agree",  # an older message's «Nhất trí»
    )
    for payload in forged:
        await user.press_payload(payload)
        assert STALE in user.text, payload
    with db.unit() as s:
        p = s.scalars(select(Participant)).one()
        assert (p.role, p.consent_at is not None) == (Role.RESIDENT, True)
    assert comments(db) == []


async def test_undo_of_another_persons_comment_changes_nothing(engine: Engine, db: Database) -> None:
    """«Hoàn tác» carries a comment id: forged with someone else's, it neither withdraws nor restores theirs."""
    other, user = User(engine, "other"), User(engine, "me")
    await open_section(other)
    await other.press("Nhất trí")
    await other.press("Mục trước")
    await other.send("Ý kiến của người khác.")
    await other.press("Rút lại")
    agreed, withdrawn = comments(db)
    await open_section(user)
    v = _version(user)
    await user.press_payload(f"{v}:undo:a{agreed.id}")  # take back their «Nhất trí»
    assert t("chat.mine.not_found") in user.text
    await user.press_payload(f"{_version(user)}:undo:w{withdrawn.id}")  # restore their withdrawn comment
    assert t("chat.mine.not_found") in user.text
    await user.send("/ykiencuatoi")
    assert "chưa gửi ý kiến nào" in user.text
    after = {c.id: c.withdrawn_at is not None for c in comments(db)}
    assert after == {agreed.id: False, withdrawn.id: True}


async def test_edit_or_withdraw_of_another_persons_comment_from_my_list_changes_nothing(
    engine: Engine, db: Database
) -> None:
    other, user = User(engine, "other"), User(engine, "me")
    await open_section(other)
    await other.send("Ý kiến của người khác.")
    [theirs] = comments(db)
    await open_section(user)
    await user.send("Ý kiến của tôi.")
    await user.send("/ykiencuatoi")
    v = _version(user)
    await user.press_payload(f"{v}:mw:{theirs.id}")  # «Rút #…» with their comment's id
    assert t("chat.mine.not_found") in user.text
    await user.press_payload(f"{_version(user)}:me:{theirs.id}")  # «Sửa #…» with it
    assert t("chat.mine.not_found") in user.text and "Ý kiến hiện tại" not in user.text
    await user.send("Thay nội dung của họ.")  # typed on the list: not an edit of anything
    texts = {c.participant_id: (c.text, c.withdrawn_at) for c in comments(db)}
    assert texts[theirs.participant_id] == ("Ý kiến của người khác.", None)
    assert sorted(text for text, _ in texts.values()) == ["Ý kiến của người khác.", "Ý kiến của tôi."]


async def test_a_sentence_only_where_sentences_are_offered(engine: Engine, db: Database, built: Built) -> None:
    two_sentences(db, built.section_ids[0])
    user = User(engine)
    await open_section(user)
    await user.press("Đề nghị sửa đổi, bổ sung")
    await user.press_payload(f"{_version(user)}:sent:1")  # choosing the paragraph: no sentence yet
    assert STALE in user.text
    await user.press_payload(f"{_version(user)}:para:9")  # a paragraph the section does not have
    assert "Không có đoạn số đó" in user.text
    await user.send("2")
    for arg in ("9", "0", "-1", "abc", ""):  # a sentence the paragraph does not have: the sentences again
        await user.press_payload(f"{_version(user)}:sent:{arg}")
        assert "1) (2) Phát triển kinh tế xanh" in user.text and list(user.buttons) == ["Câu 1", "Câu 2", "Huỷ"], arg
    await user.send("kinh tế xanh")  # found: on to the new wording
    assert "«kinh tế xanh»" in user.text and "Sao chép câu" in user.buttons
    assert comments(db) == []


async def test_an_area_button_takes_residential_areas_only(engine: Engine, db: Database, built: Built) -> None:
    user = User(engine)
    await user.send("/start")
    await user.press("Đồng ý")
    await user.press("Người dân")
    await user.press_payload(f"{_version(user)}:area:{built.unit_ids['CB01']}")  # a party cell's id, forged
    with db.unit() as s:
        assert s.scalars(select(Participant.area_id)).one() is None
