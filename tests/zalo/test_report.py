"""`/baocao` on Zalo: the official gets the digest, then a signed download link for the DOCX and for the XLSX (Zalo
cannot carry files), served by gopy's own web server; the bytes downloaded are the report's, and the report shows
the comment's channel as Zalo."""

from __future__ import annotations

import io
import re
import zipfile

import httpx
from openpyxl import load_workbook

from bot.invites import create_invite
from core.messages import t
from storage.models import Role
from tests.fakes.zalo_api import user_id
from tests.zalo.conftest import Bot, ZaloUser

LINK = re.compile(r"https?://127\.0\.0\.1:\d+/tep/\S+")


async def comment(user: ZaloUser, text: str) -> None:
    await user.open_section()
    await user.choose("Không nhất trí", "✓ Đã ghi nhận: Không nhất trí")
    await user.send(text, "✓ Đã ghi nhận ý kiến")


async def report_links(bot: Bot, official: ZaloUser) -> dict[str, str]:
    """file name → link, from the messages the official got after `/baocao`."""
    server = bot.server
    await server.wait_for(lambda: sum("/tep/" in text for text in server.texts(official.uid)) == 2, timeout=60)
    links: dict[str, str] = {}
    for text in server.texts(official.uid):
        found = LINK.search(text)
        if found:
            name = text.split("«", 1)[1].split("»", 1)[0]
            links[name] = found.group()
    return links


async def test_official_downloads_the_docx_and_xlsx_by_signed_links(zalo_bot: Bot) -> None:
    server = zalo_bot.server
    resident = ZaloUser(server, user_id(901))
    await resident.onboard()
    await comment(resident, "Chỉ tiêu thu nhập cần sát thực tế hơn.")
    await resident.send("/baocao", "chỉ dành cho cán bộ")

    code = create_invite(zalo_bot.db, Role.OFFICIAL, None, uses=1, expires=None).code
    official = ZaloUser(server, user_id(902))
    await official.send(f"/start {code}", "có đồng ý không?")
    await official.choose("Đồng ý", "Chọn một dự thảo")  # an official is not asked where they live
    await official.send("/baocao dh-test", "Đang tổng hợp báo cáo")
    digest = await official.expect("1/1")
    assert "không nhất trí" in digest.params["text"].lower()
    links = await report_links(zalo_bot, official)
    typing = [c for c in server.calls if c.method == "sendChatAction"]  # "typing…" while the report is built
    assert {"chat_id": official.uid, "action": "typing"} in [c.params for c in typing]
    assert not any("/tep/" in text for text in server.texts(resident.uid))
    [report] = zalo_bot.reports
    built = dict(report.files)
    assert set(links) == set(built) and {name.rsplit(".", 1)[1] for name in links} == {"docx", "xlsx"}
    for text in server.texts(official.uid):
        if "/tep/" in text:
            assert "Đường dẫn dùng được đến" in text and len(text) <= 2000

    async with httpx.AsyncClient() as client:
        downloads = {name: await client.get(url) for name, url in links.items()}
    for name, answer in downloads.items():
        assert answer.status_code == 200
        assert answer.content == built[name]  # byte for byte what the report builder made
        assert name in answer.headers["content-disposition"]
        assert answer.headers["cache-control"] == "private, no-store"

    docx = next(v.content for k, v in downloads.items() if k.endswith(".docx"))
    xlsx = next(v.content for k, v in downloads.items() if k.endswith(".xlsx"))
    body = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode("utf-8")
    assert "Chỉ tiêu thu nhập cần sát thực tế hơn." in body
    book = load_workbook(io.BytesIO(xlsx), read_only=True)
    rows = [list(row) for ws in book.worksheets for row in ws.iter_rows(values_only=True)]
    comment_row = next(row for row in rows if "Chỉ tiêu thu nhập cần sát thực tế hơn." in row)
    assert t("report.channel.zalo") in comment_row  # the channel column says Zalo
    cells = [str(v) for row in rows for v in row if v is not None]
    for needle in (resident.uid, official.uid, "Người dùng"):  # no name, no Zalo id in the files
        assert needle not in body
        assert not any(needle in cell for cell in cells)


async def test_an_altered_or_expired_link_is_refused(zalo_hook_bot: Bot) -> None:
    """Over the webhook's own server (the same process): a changed character → 403, past its time → 410."""
    store = zalo_hook_bot.channel.links
    link = store.put("bao-cao.docx", b"PK\x03\x04 not really a docx")
    async with httpx.AsyncClient() as client:
        good = await client.get(link.url)
        assert (good.status_code, good.content) == (200, b"PK\x03\x04 not really a docx")
        head, _, name = link.url.rpartition("/")
        file_id, expires, signature = head.rsplit("/", 3)[1:]
        base = head.rsplit("/", 3)[0]
        flipped = signature[:-1] + ("A" if signature[-1] != "A" else "B")
        altered = {
            "signature": f"{base}/{file_id}/{expires}/{flipped}/{name}",
            "later expiry": f"{base}/{file_id}/{int(expires) + 3600}/{signature}/{name}",
            "another name": f"{base}/{file_id}/{expires}/{signature}/bao-cao.xlsx",
            "another file": f"{base}/{'0' * 32}/{expires}/{signature}/{name}",
            "cut short": f"{base}/{file_id}/{expires}/{signature}",
        }
        for what, url in altered.items():
            answer = await client.get(url)
            assert answer.status_code == 403, what
            assert answer.text.strip() == t("chat.link.invalid"), what
        old = store.put("cu.xlsx", b"old bytes", now=link.expires.timestamp() - 3 * 3600 * 2)
        expired = await client.get(old.url)
        assert (expired.status_code, expired.text.strip()) == (410, t("chat.link.expired"))
