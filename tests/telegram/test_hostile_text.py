"""A comment with control characters, NUL and a lone surrogate, sent through Telegram's real stack: stored clean,
acknowledged, and every report still builds (it used to silence every /baocao until someone edited the database)."""

from __future__ import annotations

import io
import zipfile

from openpyxl import load_workbook

from aggregation.pipeline import build_report
from aggregation.query import Scope
from bot.invites import create_invite
from storage.models import Comment, Role
from tests.telegram.conftest import Bot, TgUser

RESIDENT, OFFICIAL = 734061301, 734061302
HOSTILE = "Chỉ tiêu\x01 thu\x00 nhập\x0b cần\x1f sát\ud800 thực tế\r\nhơn."


async def test_hostile_text_is_stored_clean_and_every_report_builds(tg_bot: Bot) -> None:
    server = tg_bot.server
    resident = TgUser(server, RESIDENT)
    await resident.onboard()
    await resident.open_section()
    await resident.press("Không nhất trí", "✓ Đã ghi nhận: Không nhất trí")
    saved = await resident.send(HOSTILE, "✓ Đã ghi nhận ý kiến")  # the reason, saved as typed
    assert "\x00" not in saved.params["text"] and "\x01" not in saved.params["text"]
    with tg_bot.db.unit() as s:
        [stored] = [c.text for c in s.query(Comment)]
    assert stored == "Chỉ tiêu thu nhập\n cần sát thực tế\nhơn."  # a vertical tab is a line break

    code = create_invite(tg_bot.db, Role.OFFICIAL, None, uses=1, expires=None).code
    official = TgUser(server, OFFICIAL)
    await official.send(f"/start {code}", "có đồng ý không?")
    await official.press("Đồng ý", "Chọn một dự thảo")  # an official is not asked where they live
    await official.send("/baocao", "toàn phường hay của một đơn vị")  # the choices; the defaults: everything
    await official.press("Toàn phường", "đối tượng nào")
    await official.press("Mọi đối tượng", "thời gian nào")
    await official.press("Từ đầu đến nay", "Đang tổng hợp báo cáo")
    await server.wait_for(lambda: sum(c.method == "sendDocument" for c in server.sent(OFFICIAL)) == 2, timeout=30)
    files = [c.params["document"]["content"] for c in server.sent(OFFICIAL) if c.method == "sendDocument"]
    docx = next(f for f in files if b"word/" in f)
    assert "thực tế" in zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode("utf-8")
    xlsx = next(f for f in files if b"xl/" in f)
    load_workbook(io.BytesIO(xlsx), read_only=True)
    report = build_report(tg_bot.db, Scope())  # the text form too
    assert report.docx and report.xlsx and report.digest
