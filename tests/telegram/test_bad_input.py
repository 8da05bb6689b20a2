"""What Telegram users send that the bot cannot use gets a polite Vietnamese reply, and nothing breaks."""

from __future__ import annotations

from sqlalchemy import func, select

from core.text import split_text
from storage.models import Comment
from tests.telegram.conftest import Bot, TgUser


async def test_stickers_photos_voice_files_long_text_old_buttons(tg_bot: Bot) -> None:
    server = tg_bot.server
    user = TgUser(server, 801)
    await user.onboard()
    await user.press("Dự thảo Báo cáo chính trị", "Mục lục")
    await user.press("I. MỤC LỚN 1", "Mục 1/6")
    old = user.button("Nhất trí")
    for content in (
        {
            "sticker": {
                "file_id": "s",
                "file_unique_id": "s",
                "width": 1,
                "height": 1,
                "is_animated": False,
                "is_video": False,
                "type": "regular",
            }
        },
        {"photo": [{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}]},
        {"voice": {"file_id": "v", "file_unique_id": "v", "duration": 1}},
        {"document": {"file_id": "d", "file_unique_id": "d", "file_name": "gopy.docx"}},
    ):
        server.push(server.make_content(801, **content))
        await user.expect("chỉ đọc được tin nhắn chữ")
    await user.press("Ý kiến khác", "Xin gõ ý kiến")
    await user.send("x" * 4500, "vượt quá giới hạn 4000")
    server.callback(801, old)
    await user.expect("tin nhắn trước")
    await user.send("/ykiencuatoi", "chưa gửi ý kiến nào")
    with tg_bot.db.unit() as s:
        assert s.scalar(select(func.count()).select_from(Comment)) == 0


async def test_long_section_is_split_at_paragraphs(tg_bot: Bot) -> None:
    from storage.models import Paragraph

    with tg_bot.db.unit() as s:
        first = s.scalars(select(Paragraph).order_by(Paragraph.id)).first()
        assert first is not None
        first.text = ("Câu dài về phát triển bền vững. " * 150).strip()  # ~4800 characters
    user = TgUser(tg_bot.server, 802)
    await user.onboard()
    await user.press("Dự thảo Báo cáo chính trị", "Mục lục")
    await user.press("I. MỤC LỚN 1", "Mục 1/6")
    part2 = await user.expect("[2] (2) Phát triển")
    texts = tg_bot.server.texts(802)
    assert all(len(t) <= 4096 for t in texts)
    assert "Nhất trí" in str(part2.params.get("reply_markup"))  # buttons on the last part only


def test_split_text_prefers_paragraph_boundaries() -> None:
    text = "\n\n".join(["a" * 1500, "b" * 1500, "c" * 1500])
    assert split_text(text, 2000) == ["a" * 1500, "b" * 1500, "c" * 1500]
    assert split_text(text, 4096) == ["a" * 1500 + "\n\n" + "b" * 1500, "c" * 1500]
    words = " ".join(["từ"] * 1000)
    parts = split_text(words, 2000)
    assert all(len(p) <= 2000 for p in parts) and " ".join(parts) == words
    assert split_text("x" * 4500, 2000) == ["x" * 2000, "x" * 2000, "x" * 500]
    assert split_text("ngắn", 4096) == ["ngắn"]
