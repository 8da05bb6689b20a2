"""What Telegram users send that the bot cannot use gets a polite Vietnamese reply, and nothing breaks."""

from __future__ import annotations

from sqlalchemy import func, select

from core.text import split_text
from storage.models import Comment
from tests.fakes.telegram_api import buttons
from tests.telegram.conftest import Bot, TgUser


async def test_stickers_photos_voice_files_long_text_old_buttons(tg_bot: Bot) -> None:
    server = tg_bot.server
    user = TgUser(server, 801)
    await user.onboard()
    section = await user.open_section()
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
    await user.press("Ý kiến khác", "gõ ý kiến về")
    await user.send("x" * 4500, "vượt quá giới hạn 4000")
    # A button of the section's first keyboard, pressed on that same (live) message, as a double tap does before
    # the edit reaches the phone: nothing is done again, nothing sent or edited, a toast says it was taken.
    assert section.message_id is not None
    calls = len(server.calls)
    server.callback(801, old, section.message_id)
    await server.wait_for(lambda: any("đã nhận" in toast.lower() for toast in user.toasts()))
    assert [c.method for c in server.calls[calls:]] == ["answerCallbackQuery"]
    assert server.keyboards(801) == [section.message_id]  # the question stays the live message
    assert "gõ ý kiến về" in server.messages[(801, section.message_id)]["text"]
    await user.send("/ykiencuatoi", "chưa gửi ý kiến nào")
    with tg_bot.db.unit() as s:
        assert s.scalar(select(func.count()).select_from(Comment)) == 0


async def test_a_long_section_is_read_in_pages_edited_in_place(tg_bot: Bot) -> None:
    from storage.models import Paragraph

    with tg_bot.db.unit() as s:
        first = s.scalars(select(Paragraph).order_by(Paragraph.id)).first()
        assert first is not None
        first.text = ("Câu dài về phát triển bền vững. " * 150).strip()  # ~4800 characters
    user = TgUser(tg_bot.server, 802)
    await user.onboard()
    outline = await user.press("Dự thảo Báo cáo chính trị", "Mục lục")
    page1 = await user.press("I. MỤC LỚN 1", "Mục 1/6")
    # Too long for one message: its first page, edited into the outline's message, the stance buttons on it.
    assert page1.method == "editMessageText" and page1.params["message_id"] == outline.params["message_id"]
    assert len(str(page1.params["text"])) <= 4096 and "(trang 1/2)" in str(page1.params["text"])
    assert {"Nhất trí", "Trang sau"} <= set(buttons(page1))
    page2 = await user.press("Trang sau", "[2] (2) Phát triển")
    assert page2.method == "editMessageText" and "(trang 2/2)" in str(page2.params["text"])
    assert all(len(str(c.params.get("text", ""))) <= 4096 for c in tg_bot.server.sent(802))
    assert tg_bot.server.keyboards(802) == [int(page2.params["message_id"])]


def test_split_text_prefers_paragraph_boundaries() -> None:
    text = "\n\n".join(["a" * 1500, "b" * 1500, "c" * 1500])
    assert split_text(text, 2000) == ["a" * 1500, "b" * 1500, "c" * 1500]
    assert split_text(text, 4096) == ["a" * 1500 + "\n\n" + "b" * 1500, "c" * 1500]
    words = " ".join(["từ"] * 1000)
    parts = split_text(words, 2000)
    assert all(len(p) <= 2000 for p in parts) and " ".join(parts) == words
    assert split_text("x" * 4500, 2000) == ["x" * 2000, "x" * 2000, "x" * 500]
    assert split_text("ngắn", 4096) == ["ngắn"]
