"""`/baocao` end to end: an official invited by code gets the digest and the DOCX and XLSX; a resident does not."""

from __future__ import annotations

import io
import zipfile

from openpyxl import load_workbook

from bot.invites import create_invite
from storage.models import Role
from tests.telegram.conftest import Bot, TgUser

RESIDENT, OFFICIAL = 734061192, 734061193


async def _comment(user: TgUser) -> None:
    await user.open_section()
    await user.press("Không nhất trí", "✓ Đã ghi nhận: Không nhất trí")
    await user.send("Chỉ tiêu thu nhập cần sát thực tế hơn.", "✓ Đã ghi nhận ý kiến")


async def test_official_gets_digest_docx_and_xlsx_without_names(tg_bot: Bot) -> None:
    server = tg_bot.server
    resident = TgUser(server, RESIDENT)
    await resident.onboard()
    await _comment(resident)

    refused = await resident.send("/baocao", "chỉ dành cho cán bộ")
    assert not any(c.method == "sendDocument" for c in server.sent(RESIDENT))
    assert refused.method == "sendMessage"

    code = create_invite(tg_bot.db, Role.OFFICIAL, None, uses=1, expires=None).code
    official = TgUser(server, OFFICIAL)
    await official.send(f"/start {code}", "có đồng ý không?")
    await official.press("Đồng ý", "Chọn một dự thảo")  # an official is not asked where they live
    await official.send("/baocao dh-test", "Đang tổng hợp báo cáo")  # told at once; codes in any case
    digest = await official.expect("1/1")
    assert "không nhất trí" in digest.params["text"].lower()

    await server.wait_for(lambda: sum(c.method == "sendDocument" for c in server.sent(OFFICIAL)) == 2, timeout=30)
    files = {c.params["document"]["filename"]: c.params["document"]["content"] for c in server.sent(OFFICIAL)
             if c.method == "sendDocument"}  # fmt: skip
    docx = next(v for k, v in files.items() if k.endswith(".docx"))
    xlsx = next(v for k, v in files.items() if k.endswith(".xlsx"))
    body = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode("utf-8")
    assert "Chỉ tiêu thu nhập cần sát thực tế hơn." in body
    book = load_workbook(io.BytesIO(xlsx), read_only=True)
    cells = [str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v is not None]
    assert "Chỉ tiêu thu nhập cần sát thực tế hơn." in cells
    # The fake server names each user "Người dùng <id>": neither name nor Telegram id reaches the files.
    for needle in (str(RESIDENT), str(OFFICIAL), "Người dùng"):
        assert needle not in body
        assert needle not in cells
