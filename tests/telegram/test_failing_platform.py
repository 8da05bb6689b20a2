"""A failing platform: with the Bot API answering 500 (or 429 with retry_after) on every third send, no one is told
"error" for a comment that was saved, every stored comment is acknowledged exactly once, and every message arrives
in its chat's order."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

from storage.models import Comment
from tests.telegram.conftest import Bot, TgUser

ERROR = "Xin lỗi, đã có lỗi"


async def _comment(user: TgUser, first: str, second: str) -> None:
    await user.open_section()
    await user.press("Không nhất trí", "✓ Đã ghi nhận: Không nhất trí")  # saved at once: an edit, a toast
    await user.send(first, "✓ Đã ghi nhận ý kiến")  # the reason: a new message
    await user.send(second, "✓ Đã nối thêm")  # typed next: added to the same comment


@pytest.mark.parametrize(
    "failure",
    [(500, "Internal Server Error", None), (429, "Too Many Requests: retry after 1", {"retry_after": 1})],
    ids=["500", "429"],
)
async def test_every_third_send_fails_and_nothing_is_lost_or_doubled(
    tg_bot: Bot, failure: tuple[int, str, dict[str, int] | None]
) -> None:
    server = tg_bot.server
    server.fail_every, server.fail_with = 3, failure
    # Backoff after each failure (1, 2, 5 s…) on a loaded machine: answers may take well over the usual 10 s.
    users = [TgUser(server, 734062000 + i, patience=45) for i in range(4)]

    async def walk(user: TgUser, n: int) -> None:
        await user.onboard()
        await _comment(user, f"Ý kiến số {n}: chỉ tiêu cần sát thực tế.", f"Bổ sung của người số {n}.")

    await asyncio.wait_for(asyncio.gather(*(walk(u, i) for i, u in enumerate(users))), 180)
    assert server.failed, "the platform never failed: the test tested nothing"
    for user in users:
        shown = user.shown_texts()  # sent or edited in
        assert not [t for t in shown if ERROR in t]
        assert sum("✓ Đã ghi nhận: Không nhất trí" in t for t in shown) == 1
        texts = server.texts(user.user_id)  # the new messages, in the order they arrived
        assert sum(t.startswith("✓ Đã ghi nhận ý kiến") for t in texts) == 1
        assert sum(t.startswith("✓ Đã nối thêm") for t in texts) == 1
        # In order: the privacy notice first (then edited in place), the reason's acknowledgement, the addition's.
        firsts = [t.split("\n")[0][:30] for t in texts]
        assert len(texts) == 3 and texts[1].startswith("✓ Đã ghi nhận ý kiến"), firsts
        assert texts[2].startswith("✓ Đã nối thêm"), firsts
    with tg_bot.db.unit() as s:
        stored = sorted((c.kind.value, c.text) for c in s.scalars(select(Comment)))
    assert stored == [
        ("disagree", f"Ý kiến số {n}: chỉ tiêu cần sát thực tế.\nBổ sung của người số {n}.") for n in range(len(users))
    ]
