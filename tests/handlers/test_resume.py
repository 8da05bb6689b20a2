"""A chat reopened (the terminal chat's restart, `Kind.RESUME`) or /tieptuc shows the step the participant is in;
every step's state is in the database, so it survives a restart (a new engine) and goes on from there."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator

import pytest

from core.messages import t
from handlers.context import EngineConfig
from handlers.engine import Engine
from handlers.types import Incoming, Kind
from storage.db import Database
from storage.models import Invite, Role
from tests.factories import Built
from tests.handlers.helpers import SECTION_BUTTONS, User, amend, amend_saved, comments, open_section, two_sentences


async def _resume(user: User) -> None:
    user.last = await user.engine.handle(Incoming(user.channel, user.user_id, Kind.RESUME))
    user.buttons = {c.label: c.payload for r in user.last for row in r.choices for c in row}


_started: list[Engine] = []


@pytest.fixture(autouse=True)
def _close_restarted() -> Iterator[None]:
    yield
    while _started:
        _started.pop().close()


def restarted(user: User) -> User:
    """The same person after the process restarted: a new engine on the same database, nothing kept in memory."""
    if user.engine in _started:  # the engine fixture closes its own
        _started.remove(user.engine)
        user.engine.close()
    engine = Engine(user.engine.db, EngineConfig(rate_limit_per_minute=1000, strict_flow=True))
    _started.append(engine)
    return User(engine, user.user_id, user.channel, user.name)


Move = Callable[[User], Awaitable[object]]


async def _nothing(user: User) -> None:
    return None


async def _disagree(user: User) -> None:
    await user.press("Không nhất trí")


async def _other(user: User) -> None:
    await user.press("Ý kiến khác")


async def _amend(user: User) -> None:
    await user.press("Đề nghị sửa đổi, bổ sung")


async def _amend_para(user: User) -> None:
    await user.press("Đề nghị sửa đổi, bổ sung")
    await user.send("2")


async def _amend_words(user: User) -> None:
    await amend(user, "2", "kinh tế xanh")


async def _typed(user: User) -> None:
    await user.send("Ý kiến đã gõ.")


async def _edit(user: User) -> None:
    await user.send("Ý kiến đã gõ.")
    await user.press("Sửa")


async def _mine(user: User) -> None:
    await user.send("Ý kiến đã gõ.")
    await user.send("/ykiencuatoi")


async def _help(user: User) -> None:
    await user.send("/giupdo")


async def _press(user: User, label: str) -> None:
    await user.press(label)


async def _choose_then_delete(user: User) -> None:
    await user.send("2")
    await user.press("Câu 2")
    await user.send("bỏ")


async def _sentence_then_delete(user: User) -> None:
    await user.press("Câu 2")
    await user.send("bỏ")


async def _to_the_draft_then_agree(user: User) -> None:
    await user.press("Góp ý dự thảo")
    await user.press("Dự thảo Báo cáo chính trị")
    await user.press("I. MỤC LỚN 1")
    await user.press("Nhất trí")


DELETED = ("amend", "", "", "")  # «Bảo vệ môi trường sống.» proposed deleted, no reason

# (how far, what the resumed view shows, its buttons (a prefix), the next move, the comments then that count:
# kind, text, proposed wording, reason)
CASES: dict[str, tuple[Move, str, list[str], Move, list[tuple[str, str, str | None, str | None]]]] = {
    "section": (_nothing, "Mục 1/6", SECTION_BUTTONS, lambda u: _press(u, "Nhất trí"), [("agree", "", None, None)]),
    "disagree_reason": (
        _disagree,
        "Mục 1/6",
        SECTION_BUTTONS,
        lambda u: u.send("Lý do sau khi khởi động lại."),  # still the reason of the stance tapped before
        [("disagree", "Lý do sau khi khởi động lại.", None, None)],
    ),
    "compose": (_other, "gõ ý kiến về mục I. MỤC LỚN 1", ["Huỷ"], _typed, [("other", "Ý kiến đã gõ.", None, None)]),
    "amend_para": (_amend, "muốn sửa đoạn nào", ["[1]", "[2]", "Huỷ"], _choose_then_delete, [DELETED]),
    "amend_sent": (
        _amend_para,
        "1) (2) Phát triển kinh tế xanh",
        ["Câu 1", "Câu 2", "Huỷ"],
        _sentence_then_delete,
        [DELETED],
    ),
    "amend_new": (
        _amend_words,
        "«kinh tế xanh»",
        ["Sao chép câu", "Huỷ"],
        lambda u: u.send("kinh tế số"),
        [("amend", "", "kinh tế số", "")],
    ),
    "saved_amendment": (
        amend_saved,
        "Nguyên văn: «kinh tế xanh»",
        ["Sửa", "Rút lại"],
        lambda u: u.send("Lý do gõ sau."),  # still its reason
        [("amend", "", "kinh tế xanh, kinh tế số", "Lý do gõ sau.")],
    ),
    "saved": (
        _typed,
        "«Ý kiến đã gõ.»",
        ["Sửa", "Rút lại"],
        lambda u: u.send("Phần thêm vào đây."),  # still added to it
        [("other", "Ý kiến đã gõ.\nPhần thêm vào đây.", None, None)],
    ),
    "edit": (
        _edit,
        "«Ý kiến đã gõ.»",
        ["Huỷ"],
        lambda u: u.send("Ý kiến đã sửa."),  # still replaces it
        [("other", "Ý kiến đã sửa.", None, None)],
    ),
    "mine": (_mine, "Ý kiến của", ["Sửa #1", "Rút #1"], lambda u: _press(u, "Rút #1"), []),  # withdrawn
    "help": (_help, "Hướng dẫn", ["Góp ý dự thảo"], _to_the_draft_then_agree, [("agree", "", None, None)]),
}


@pytest.mark.parametrize("case", list(CASES))
async def test_every_step_survives_a_restart(engine: Engine, db: Database, built: Built, case: str) -> None:
    to_step, shown, buttons, then, saved = CASES[case]
    two_sentences(db, built.section_ids[0])
    user = User(engine)
    await open_section(user)
    await to_step(user)
    before = [(c.kind.value, c.text) for c in comments(db)]
    user = restarted(user)
    await _resume(user)
    assert shown in user.text and list(user.buttons)[: len(buttons)] == buttons, case
    assert [(c.kind.value, c.text) for c in comments(db)] == before  # reopening the chat changes nothing
    await then(user)  # and it goes on where it was
    live = [c for c in comments(db) if c.withdrawn_at is None]
    assert [(c.kind.value, c.text, c.proposed_text, c.reason) for c in live] == saved


async def test_after_a_restart_the_next_step_goes_on_as_well(engine: Engine, db: Database, built: Built) -> None:
    """An amendment begun before a restart and finished after it: the paragraph and the sentence chosen are kept."""
    two_sentences(db, built.section_ids[0])
    user = User(engine)
    await open_section(user)
    await user.press("Đề nghị sửa đổi, bổ sung")
    user = restarted(user)
    await _resume(user)
    await user.press("[2]")
    user = restarted(user)
    await _resume(user)
    await user.press("Câu 2")
    user = restarted(user)
    await _resume(user)
    await user.send("bỏ")
    [c] = comments(db)
    assert (c.paragraph_no, c.quoted_original, c.proposed_text, c.quote_found) == (
        2,
        "Bảo vệ môi trường sống.",
        "",
        True,
    )


async def test_words_not_found_show_the_sentences_again_after_a_restart(
    engine: Engine, db: Database, built: Built
) -> None:
    two_sentences(db, built.section_ids[0])
    user = User(engine)
    await open_section(user)
    await amend(user, "2", "giá cả leo thang")
    assert "Không thấy «giá cả leo thang»" in user.text
    user = restarted(user)
    await _resume(user)
    assert "1) (2) Phát triển kinh tế xanh" in user.text and "Câu 1" in user.buttons
    await user.send("/tieptuc")
    assert "2) Bảo vệ môi trường sống." in user.text and "Câu 2" in user.buttons
    await user.send("Câu 2")  # the label typed: pressed, not taken as the words
    assert "«Bảo vệ môi trường sống.»" in user.text
    await user.send("Giữ gìn môi trường sống.")
    [c] = comments(db)
    assert (c.quoted_original, c.proposed_text, c.quote_found) == (
        "Bảo vệ môi trường sống.",
        "Giữ gìn môi trường sống.",
        True,
    )


async def test_text_typed_on_the_outline_is_offered_again_after_a_restart(engine: Engine, db: Database) -> None:
    user = User(engine)
    await user.onboard()
    await user.press("Dự thảo Báo cáo chính trị")
    await user.send("Dự thảo cần thêm phần về chuyển đổi số")
    user = restarted(user)
    await _resume(user)
    assert "Tin nhắn vừa gõ chưa được ghi" in user.text
    await user.press("Ghi thành góp ý chung cho toàn văn")  # one tap saves it
    assert "✓ Đã ghi nhận ý kiến" in user.text and "Dự thảo cần thêm phần về chuyển đổi số" in user.text
    assert [(c.kind.value, c.text) for c in comments(db)] == [("general", "Dự thảo cần thêm phần về chuyển đổi số")]
    await user.press("Về mục lục")
    await user.send("một dòng khác")
    await user.press("Về mục lục")  # declined: the outline, and the typed line is not offered again
    await _resume(user)
    assert "Tin nhắn vừa gõ" not in user.text and "Mục lục (trang" in user.text
    assert len(comments(db)) == 1


async def test_cancel_an_edit_after_a_restart_keeps_the_comment(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await user.press("Không nhất trí")
    await user.send("Chỉ tiêu chưa sát thực tế.")
    await user.press("Sửa")
    user = restarted(user)
    await _resume(user)
    assert "«Chỉ tiêu chưa sát thực tế.»" in user.text
    await user.press("Huỷ")
    assert t("chat.view.cancelled") in user.text and "Mục 1/6" in user.text
    [c] = comments(db)
    assert (c.kind.value, c.text, c.edited_at) == ("disagree", "Chỉ tiêu chưa sát thực tế.", None)


async def test_cancel_an_amendment_edit_after_a_restart_keeps_it_whole(
    engine: Engine, db: Database, built: Built
) -> None:
    two_sentences(db, built.section_ids[0])
    user = User(engine)
    await open_section(user)
    await amend_saved(user)
    await user.send("Theo xu hướng chung.")
    await user.press("Sửa")
    user = restarted(user)
    await _resume(user)
    assert "«kinh tế xanh»" in user.text and list(user.buttons) == ["Huỷ"]
    await user.press("Huỷ")
    assert t("chat.view.cancelled") in user.text
    [c] = comments(db)
    assert (c.quoted_original, c.proposed_text, c.reason) == (
        "kinh tế xanh",
        "kinh tế xanh, kinh tế số",
        "Theo xu hướng chung.",
    )


async def test_cancel_an_unchanged_edit_goes_back_to_the_list(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await user.press("Không nhất trí")
    await user.send("Ý kiến đã gửi.")
    await user.send("/ykiencuatoi")
    await user.press("Sửa #1")
    user = restarted(user)
    await _resume(user)
    await user.press("Huỷ")
    assert t("chat.view.cancelled") in user.text and "Ý kiến của" in user.text and "(1):" in user.text
    assert [c.text for c in comments(db)] == ["Ý kiến đã gửi."]


async def test_an_invite_code_in_any_case(engine: Engine, db: Database, built: Built) -> None:
    with db.unit() as s:
        s.add(Invite(code="ABCD2345", role=Role.OFFICIAL, uses_left=1))
    user = User(engine)
    await user.send("/start abcd2345")
    await user.press("Đồng ý")
    assert "Mã mời hợp lệ" in user.text and "với vai trò cán bộ Văn phòng Đảng ủy" in user.text
