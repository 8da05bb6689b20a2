"""/ykiencuatoi: paging, editing and withdrawing (at once, «Hoàn tác» to restore), and what happens once the window
has closed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import cast

import pytest
from sqlalchemy import select, update

from core.messages import t
from handlers.context import Ctx
from handlers.engine import Engine
from handlers.labels import section_name
from storage import queries as q
from storage.db import Database
from storage.models import Audience, Comment, CommentKind, CommentWindow, Participant, Section, TargetKind
from tests.factories import Built, build_consultation
from tests.handlers.helpers import User, comments, open_section

CLOSED_CHANGE = "đã hết hạn góp ý"  # … «ý kiến đã ghi được giữ nguyên»
KEPT = "giữ nguyên"


def close_windows(db: Database) -> None:
    with db.unit() as s:
        s.execute(update(CommentWindow).values(closes_at=datetime.now(UTC) - timedelta(hours=1)))


async def saved_comment(user: User, text: str = "ý kiến gốc") -> None:
    """A comment typed on the first section (saved at once), then the list of my comments."""
    await open_section(user)
    await user.send(text)
    await user.send("/ykiencuatoi")


async def test_my_comments_edit_and_withdraw(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await user.press("Ý kiến khác")
    await user.send("ý kiến đầu")
    await user.send("/ykiencuatoi")
    assert "Ý kiến của" in user.text and "(1):" in user.text and "ý kiến đầu" in user.text
    assert "(đã sửa)" not in user.text
    assert list(user.buttons) == ["Sửa #1", "Rút #1"]
    await user.press("Sửa #1")
    assert "«ý kiến đầu»" in user.text and list(user.buttons) == ["Huỷ"]
    await user.send("ý kiến đã sửa")
    assert t("chat.view.updated") in user.text and "«ý kiến đã sửa»" in user.text
    await user.press("Ý kiến đã gửi")  # back to the list
    assert "ý kiến đã sửa" in user.text and "(đã sửa)" in user.text
    await user.press("Rút #1")  # withdrawn at once, the list again
    assert "Đã rút lại ý kiến" in user.text and "chưa gửi ý kiến nào" in user.text and "Hoàn tác" in user.buttons
    [c] = comments(db)
    assert c.text == "ý kiến đã sửa" and c.edited_at is not None and c.withdrawn_at is not None
    await user.press("Hoàn tác")  # restored, as it was
    assert "Đã khôi phục ý kiến" in user.text and "ý kiến đã sửa" in user.text and "Rút #1" in user.buttons
    [c] = comments(db)
    assert (c.text, c.withdrawn_at) == ("ý kiến đã sửa", None)


async def test_a_reason_or_a_part_added_is_not_shown_as_an_edit(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await user.press("Không nhất trí")
    await user.send("Lý do của tôi.")  # the reason of the stance just tapped
    await user.send("Phần thêm vào đây.")  # added to it
    await user.send("/ykiencuatoi")
    assert "Lý do của tôi.\nPhần thêm vào đây." in user.text and "(đã sửa)" not in user.text
    assert [c.edited_at for c in comments(db)] == [None]


async def test_my_comments_are_paged_and_every_one_can_be_edited(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    for n in range(1, 24):
        await user.send(f"ý kiến số {n}")
        await user.send("/tieptuc")  # the section again: the next words are a new comment
    assert [c.text for c in comments(db)] == [f"ý kiến số {n}" for n in range(1, 24)]
    await user.send("/ykiencuatoi")
    assert "(23) (trang 1/3)" in user.text and "#1." in user.text and "#10." in user.text
    assert "ý kiến số 23" in user.text and "#11." not in user.text
    assert "Trang sau" in user.buttons and "Trang trước" not in user.buttons
    await user.press("Trang sau")
    assert "(trang 2/3)" in user.text and "#11." in user.text and "#20." in user.text
    await user.press("Trang sau")
    assert "(trang 3/3)" in user.text and "#23." in user.text and "ý kiến số 1\n" not in user.text
    assert "Trang trước" in user.buttons and "Trang sau" not in user.buttons
    await user.press("Sửa #23")
    assert "Ý kiến hiện tại" in user.text and "«ý kiến số 1»" in user.text
    await user.send("ý kiến số 1, đã sửa")
    await user.press("Ý kiến đã gửi")  # back to the page it was edited from
    assert "(trang 3/3)" in user.text and "ý kiến số 1, đã sửa" in user.text and "(đã sửa)" in user.text
    await user.press("Rút #22")
    assert "Đã rút lại ý kiến" in user.text and "(22)" in user.text
    assert comments(db)[1].withdrawn_at is not None and comments(db)[0].text == "ý kiến số 1, đã sửa"


async def test_closed_window_note_in_my_comments(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await user.send("một ý kiến")
    close_windows(db)
    await user.send("/ykiencuatoi")
    assert "(đã hết thời hạn góp ý: không sửa hoặc rút được nữa)" in user.text
    assert "Sửa #1" not in user.buttons and "Rút #1" not in user.buttons


async def test_cancelling_an_edit_goes_back_to_the_list_unchanged(engine: Engine, db: Database) -> None:
    user = User(engine)
    await saved_comment(user, "giữ nguyên như cũ")
    await user.press("Sửa #1")
    await user.press("Huỷ")
    assert t("chat.view.cancelled") in user.text and "Ý kiến của" in user.text and "Sửa #1" in user.buttons
    [c] = comments(db)
    assert (c.text, c.withdrawn_at, c.edited_at) == ("giữ nguyên như cũ", None, None)


async def test_no_comments_yet_offers_the_documents(engine: Engine) -> None:
    user = User(engine)
    await user.onboard()
    await user.send("/ykiencuatoi")
    assert "chưa gửi ý kiến nào" in user.text
    await user.press("Chọn dự thảo để góp ý")
    assert "Dự thảo Báo cáo chính trị" in user.buttons


@pytest.mark.parametrize("start", ["mine", "saved"])
async def test_window_closing_during_an_edit_keeps_the_comment(engine: Engine, db: Database, start: str) -> None:
    user = User(engine)
    await open_section(user)
    await user.send("ý kiến gốc")
    if start == "mine":
        await user.send("/ykiencuatoi")
        await user.press("Sửa #1")
    else:
        await user.press("Sửa")
    close_windows(db)
    await user.send("ý kiến sửa")
    assert CLOSED_CHANGE in user.text and KEPT in user.text and "Đã sửa" not in user.text
    if start == "mine":
        assert "Ý kiến của" in user.text and "ý kiến gốc" in user.text  # the list again, the comment as it was
    [c] = comments(db)
    assert (c.text, c.edited_at, c.withdrawn_at) == ("ý kiến gốc", None, None)


async def test_words_added_after_the_window_closed_are_refused(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await user.send("ý kiến gốc")
    close_windows(db)
    await user.send("thêm nữa vào đây")
    assert CLOSED_CHANGE in user.text and KEPT in user.text and t("chat.view.added") not in user.text
    [c] = comments(db)
    assert (c.text, c.edited_at) == ("ý kiến gốc", None)


@pytest.mark.parametrize("button", ["Sửa #1", "Rút #1", "Sửa", "Rút lại"])
async def test_edit_or_withdraw_after_the_window_closed_is_refused_at_once(
    engine: Engine, db: Database, button: str
) -> None:
    user = User(engine)
    await open_section(user)
    await user.send("ý kiến gốc")
    if "#" in button:
        await user.send("/ykiencuatoi")
    close_windows(db)
    await user.press(button)  # shown while the window was open
    assert CLOSED_CHANGE in user.text and KEPT in user.text
    assert "Ý kiến hiện tại" not in user.text and "Huỷ" not in user.buttons  # nothing to type for nothing
    assert "Đã rút lại" not in user.text and "Hoàn tác" not in user.buttons
    if "#" in button:
        assert "Ý kiến của" in user.text and "ý kiến gốc" in user.text
    [c] = comments(db)
    assert (c.text, c.edited_at, c.withdrawn_at) == ("ý kiến gốc", None, None)


async def test_undoing_a_withdrawal_after_the_window_closed_is_refused(engine: Engine, db: Database) -> None:
    user = User(engine)
    await saved_comment(user)
    await user.press("Rút #1")
    close_windows(db)
    await user.press("Hoàn tác")
    assert CLOSED_CHANGE in user.text and "Đã khôi phục" not in user.text
    [c] = comments(db)
    assert c.withdrawn_at is not None  # withdrawn it stays: the window decides, not the button


async def test_leaving_an_edit_before_typing_changes_nothing(engine: Engine, db: Database) -> None:
    user = User(engine)
    await saved_comment(user)
    await user.press("Sửa #1")
    await user.send("/gopy")
    assert "Các dự thảo đang lấy ý kiến" in user.text and "dở" not in user.text
    [c] = comments(db)
    assert (c.text, c.edited_at) == ("ý kiến gốc", None)


async def test_an_edit_is_saved_as_typed_so_leaving_after_it_keeps_it(engine: Engine, db: Database) -> None:
    user = User(engine)
    await saved_comment(user)
    await user.press("Sửa #1")
    await user.send("ý kiến sửa")
    await user.send("/gopy")  # not asked whether to keep the change: it is saved
    assert "Các dự thảo đang lấy ý kiến" in user.text and "Bỏ các thay đổi" not in user.text
    [c] = comments(db)
    assert c.text == "ý kiến sửa" and c.edited_at is not None


async def test_text_on_my_comments_says_it_was_not_recorded(engine: Engine, db: Database) -> None:
    user = User(engine)
    await saved_comment(user, "ý kiến đầu tiên")
    await user.send("sửa giúp tôi")
    assert "chưa được ghi thành ý kiến" in user.text and "«Sửa #…»" in user.text and "Sửa #1" in user.buttons
    assert [c.text for c in comments(db)] == ["ý kiến đầu tiên"]


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
