"""/ykiencuatoi: paging, editing and withdrawing, and what happens once the window has closed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import cast

import pytest
from sqlalchemy import select, update

from handlers.context import Ctx
from handlers.engine import Engine
from handlers.labels import section_name
from storage import queries as q
from storage.db import Database
from storage.models import Audience, Comment, CommentKind, CommentWindow, Participant, Section, TargetKind
from tests.factories import Built, build_consultation
from tests.handlers.helpers import User, comments, open_section


async def test_my_comments_edit_and_withdraw(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await user.press("Ý kiến khác")
    await user.send("ý kiến đầu")
    await user.press("Xác nhận")
    await user.send("/ykiencuatoi")
    assert "Ý kiến của bạn (1)" in user.text and "ý kiến đầu" in user.text
    assert list(user.buttons) == ["Sửa #1", "Rút #1"]
    await user.press("Sửa #1")
    await user.send("ý kiến đã sửa")
    await user.press("Xác nhận")
    assert "Đã ghi nhận" in user.text and "ý kiến đã sửa" in user.text and "(đã sửa)" in user.text
    await user.press("Rút #1")
    assert "muốn rút" in user.text
    await user.press("Xác nhận")
    assert "Đã rút ý kiến" in user.text and "chưa gửi ý kiến nào" in user.text
    [c] = comments(db)
    assert c.text == "ý kiến đã sửa" and c.edited_at is not None and c.withdrawn_at is not None


async def test_my_comments_are_paged_and_every_one_can_be_edited(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    for n in range(1, 24):
        await user.send(f"ý kiến số {n}")
        await user.press("Xác nhận")
    await user.send("/ykiencuatoi")
    assert "Ý kiến của bạn (23) (trang 1/3)" in user.text and "#1." in user.text and "#10." in user.text
    assert "ý kiến số 23" in user.text and "#11." not in user.text
    assert "Trang sau" in user.buttons and "Trang trước" not in user.buttons
    await user.press("Trang sau")
    assert "(trang 2/3)" in user.text and "#11." in user.text and "#20." in user.text
    await user.press("Trang sau")
    assert "(trang 3/3)" in user.text and "#23." in user.text and "ý kiến số 1\n" not in user.text
    assert "Trang trước" in user.buttons and "Trang sau" not in user.buttons
    await user.press("Sửa #23")
    assert "Ý kiến hiện tại" in user.text and "ý kiến số 1" in user.text
    await user.send("ý kiến số 1, đã sửa")
    await user.press("Xác nhận")
    assert "(trang 3/3)" in user.text and "ý kiến số 1, đã sửa" in user.text and "(đã sửa)" in user.text
    await user.press("Rút #22")
    await user.press("Xác nhận")
    assert "Đã rút ý kiến" in user.text and "Ý kiến của bạn (22)" in user.text
    assert comments(db)[1].withdrawn_at is not None and comments(db)[0].text == "ý kiến số 1, đã sửa"


async def test_closed_window_note_in_my_comments(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await user.send("một ý kiến")
    await user.press("Xác nhận")
    with db.unit() as s:
        s.execute(update(CommentWindow).values(closes_at=datetime.now(UTC) - timedelta(hours=1)))
    await user.send("/ykiencuatoi")
    assert "(đã hết thời hạn góp ý: không sửa hoặc rút được nữa)" in user.text


@pytest.mark.parametrize("what", ["Sửa #1", "Rút #1"])
async def test_cancelling_an_edit_or_withdrawal_says_the_comment_is_unchanged(
    engine: Engine, db: Database, what: str
) -> None:
    user = User(engine)
    await open_section(user)
    await user.send("giữ nguyên")
    await user.press("Xác nhận")
    await user.send("/ykiencuatoi")
    await user.press(what)
    await user.press("Huỷ")
    assert "vẫn được giữ nguyên" in user.text and "chưa được ghi" not in user.text
    [c] = comments(db)
    assert (c.text, c.withdrawn_at, c.edited_at) == ("giữ nguyên", None, None)


async def test_no_comments_yet_offers_the_documents(engine: Engine) -> None:
    user = User(engine)
    await user.onboard()
    await user.send("/ykiencuatoi")
    assert "chưa gửi ý kiến nào" in user.text
    await user.press("Chọn dự thảo để góp ý")
    assert "Dự thảo Báo cáo chính trị" in user.buttons


def close_windows(db: Database) -> None:
    with db.unit() as s:
        s.execute(update(CommentWindow).values(closes_at=datetime.now(UTC) - timedelta(hours=1)))


@pytest.mark.parametrize(("button", "done"), [("Sửa #1", "chưa được sửa"), ("Rút #1", "chưa được rút")])
async def test_window_closing_before_confirming_an_edit_or_withdrawal(
    engine: Engine, db: Database, button: str, done: str
) -> None:
    user = User(engine)
    await open_section(user)
    await user.send("ý kiến gốc")
    await user.press("Xác nhận")
    await user.send("/ykiencuatoi")
    await user.press(button)
    if button.startswith("Sửa"):
        await user.send("ý kiến sửa")
    close_windows(db)
    await user.press("Xác nhận")
    assert done in user.text and "vẫn được giữ nguyên" in user.text
    assert "Ý kiến của bạn (1)" in user.text and "ý kiến gốc" in user.text
    [c] = comments(db)
    assert (c.text, c.edited_at, c.withdrawn_at) == ("ý kiến gốc", None, None)


@pytest.mark.parametrize(("button", "said"), [("Sửa #1", "không sửa được"), ("Rút #1", "không rút được")])
async def test_edit_or_withdraw_after_the_window_closed_is_said_at_once(
    engine: Engine, db: Database, button: str, said: str
) -> None:
    user = User(engine)
    await open_section(user)
    await user.send("ý kiến gốc")
    await user.press("Xác nhận")
    await user.send("/ykiencuatoi")
    close_windows(db)
    await user.press(button)
    assert said in user.text and "vẫn được giữ nguyên" in user.text and "Ý kiến của bạn (1)" in user.text
    assert "Xin gõ" not in user.text and "Xác nhận" not in user.buttons


async def test_leaving_an_unchanged_edit_does_not_ask(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await user.send("ý kiến gốc")
    await user.press("Xác nhận")
    await user.send("/ykiencuatoi")
    await user.press("Sửa #1")
    await user.send("/gopy")
    assert "Các dự thảo đang lấy ý kiến" in user.text and "dở" not in user.text


async def test_leaving_a_changed_edit_asks_to_drop_the_changes(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await user.send("ý kiến gốc")
    await user.press("Xác nhận")
    await user.send("/ykiencuatoi")
    await user.press("Sửa #1")
    await user.send("ý kiến sửa")
    await user.send("/gopy")
    assert "sửa dở một ý kiến đã gửi" in user.text and "giữ nguyên" in user.text
    assert list(user.buttons) == ["Sửa tiếp", "Bỏ các thay đổi, chuyển sang /gopy"]
    await user.press("Bỏ các thay đổi, chuyển sang /gopy")
    assert "Đã bỏ các thay đổi" in user.text and "Đã bỏ ý kiến đang viết dở" not in user.text
    assert comments(db)[0].text == "ý kiến gốc"


async def test_text_on_my_comments_says_it_was_not_recorded(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await user.send("ý kiến")
    await user.press("Xác nhận")
    await user.send("/ykiencuatoi")
    await user.send("sửa giúp tôi")
    assert "chưa được ghi thành ý kiến" in user.text and "«Sửa #…»" in user.text and "Sửa #1" in user.buttons
    assert len(comments(db)) == 1


def test_a_nested_section_is_named_once_per_level(db: Database) -> None:
    """ "2.2" under "2" under "II" is "mục II.2.2", not "II.2.2.2" (the printed label already says its parent)."""
    with db.unit() as s:
        built = build_consultation(s)
        part = Section(document_id=built.document_id, order=90, label="Phần thứ nhất", title="P", depth=0)
        s.add(part)
        s.flush()
        ids = [part.id]
        for depth, label in enumerate(("II", "2", "2.2"), start=1):
            sec = Section(document_id=built.document_id, order=90 + depth, label=label, title=f"T{label}",
                          depth=depth, parent_id=ids[-1])  # fmt: skip
            s.add(sec)
            s.flush()
            ids.append(sec.id)
        ctx = cast(Ctx, SimpleNamespace(session=s))
        name = section_name(ctx, q.row(s, Section, ids[-1]), path=True)
    assert "II.2.2. T2.2" in name and "II.2.2.2" not in name and "Phần thứ nhất" in name


async def test_a_long_list_stays_short(engine: Engine, db: Database, built: Built) -> None:
    """Ten comments of 20,000 characters: the list is one message, each comment cut with «…» (whole under «Sửa»)."""
    user = User(engine)
    await user.onboard()
    with db.unit() as s:
        pid = s.scalars(select(Participant.id)).one()
        for n in range(10):
            text = f"Ý kiến {n}: " + "rất dài " * 2500
            s.add(Comment(document_id=built.document_id, participant_id=pid, audience=Audience.RESIDENTS,
                          target_kind=TargetKind.SECTION, section_id=built.section_ids[0], kind=CommentKind.DISAGREE,
                          text=text, text_norm=text, channel="test"))  # fmt: skip
    replies = await user.send("/ykiencuatoi")
    assert len(replies) == 1 and len(replies[0].text) < 6_000 and replies[0].text.count("…") == 10
