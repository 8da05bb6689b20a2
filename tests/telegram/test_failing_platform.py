"""A failing platform: with the Bot API answering 500 (or 429 with retry_after) on every third send, no one is told
"error" for a comment that was saved, every stored comment is acknowledged exactly once, and every message arrives
in its chat's order."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select

from storage.models import Comment
from tests.telegram.conftest import Bot, TgUser

ERROR = "Xin lỗi, đã có lỗi"


async def _comment(user: TgUser, text: str) -> None:
    await user.press("Dự thảo Báo cáo chính trị", "Mục lục")
    await user.press("I. MỤC LỚN 1", "Mục 1/6")
    await user.press("Không nhất trí", "Xin gõ rõ ý kiến")
    await user.send(text, "Xin kiểm tra lại")
    await user.press("Xác nhận", "Đã ghi nhận")


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
        await _comment(user, f"Ý kiến số {n}: chỉ tiêu cần sát thực tế.")

    await asyncio.wait_for(asyncio.gather(*(walk(u, i) for i, u in enumerate(users))), 180)
    assert server.failed, "the platform never failed: the test tested nothing"
    for user in users:
        texts = server.texts(user.user_id)
        assert not [t for t in texts if ERROR in t]
        assert sum(t.startswith("Đã ghi nhận") for t in texts) == 1
        # In order: the notice, the role question, the area question, the list, the outline, the section, ...
        firsts = [t.split("\n")[0][:20] for t in texts]
        assert texts.index(next(t for t in texts if "Đã ghi nhận" in t)) == len(texts) - 1, firsts
    with tg_bot.db.unit() as s:
        assert s.scalar(select(func.count()).select_from(Comment)) == len(users)
