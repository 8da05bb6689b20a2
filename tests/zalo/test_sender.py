"""The `Sender` port on Zalo: what the platform refuses becomes a `SendError` the outbox understands; long text is
cut at paragraphs to Zalo's 2000 characters; a chart goes by sendPhoto from a signed link; without a public
address for links a file is said to be unavailable, never lost silently."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from bot.channels.zalo import ZaloChannel
from bot.failures import CannotRun
from core.address import Address
from handlers.context import EngineConfig
from handlers.engine import Engine
from handlers.ports import SendError
from handlers.types import Choice, Reply
from storage.db import Database
from tests.fakes.zalo_api import FakeZalo, user_id
from tests.zalo.conftest import Bot, free_port, zalo_settings

CHAT = user_id(951)


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b"")
    )


async def test_refusals_become_send_errors(zalo_bot: Bot) -> None:
    server, channel = zalo_bot.server, zalo_bot.channel
    address = Address("zalo", CHAT)
    server.fail_every, server.fail_with = 1, (429, "Too Many Requests", 7)
    with pytest.raises(SendError) as flood:
        await channel.send(address, [Reply("một")])
    assert (flood.value.transient, flood.value.retry_after, flood.value.blocked) == (True, 7, False)
    server.fail_with = (502, "Bad Gateway", None)
    with pytest.raises(SendError) as down:
        await channel.send(address, [Reply("hai")])
    assert (down.value.transient, down.value.blocked) == (True, False)
    server.errors_in_200 = True  # the same refusals as HTTP 200 {"ok": false, "error_code": ...}
    server.fail_with = (400, "Bad Request: text is invalid", None)
    with pytest.raises(SendError) as bad:
        await channel.send(address, [Reply("ba")])
    assert (bad.value.transient, bad.value.blocked) == (False, False)
    server.fail_every = 0
    server.blocked.add(CHAT)
    with pytest.raises(SendError) as blocked:
        await channel.send(address, [Reply("bốn")])
    assert (blocked.value.transient, blocked.value.blocked) == (False, True)
    server.blocked.clear()
    await channel.send(address, [Reply("năm")])
    assert server.texts(CHAT) == ["năm"]


async def test_a_platform_that_cannot_be_reached_is_transient(fake_zalo: FakeZalo, db: Database) -> None:
    engine = Engine(db, EngineConfig())
    settings = zalo_settings(fake_zalo, free_port(), base_url=f"http://127.0.0.1:{free_port()}")  # nobody there
    channel = ZaloChannel(engine, settings)
    await channel.open()  # a warning, not a failure: the outbox retries
    try:
        with pytest.raises(SendError) as unreachable:
            await channel.send(Address("zalo", CHAT), [Reply("xin chào")])
        assert (unreachable.value.transient, unreachable.value.blocked) == (True, False)
    finally:
        await channel.close()
        engine.close()


async def test_a_rejected_token_stops_the_start(fake_zalo: FakeZalo, db: Database) -> None:
    engine = Engine(db, EngineConfig())
    settings = zalo_settings(fake_zalo, free_port(), ZALO_BOT_TOKEN="123:not-the-token")
    channel = ZaloChannel(engine, settings)
    with pytest.raises(CannotRun) as refused:
        await channel.open()
    assert refused.value.code == "cli.ops.zalo_token"  # one line on the command line (tests/cli/)
    engine.close()


async def test_long_text_is_cut_at_paragraphs_and_numbers_run_on(zalo_bot: Bot) -> None:
    server, channel = zalo_bot.server, zalo_bot.channel
    paragraphs = [f"Đoạn {n}: " + "chữ " * 120 for n in range(1, 13)]  # ~6,000 characters
    text = "\n\n".join(paragraphs)
    await channel.send(Address("zalo", CHAT), [Reply(text)])
    sent = server.texts(CHAT)
    assert len(sent) == 3 and all(len(chunk) <= 2000 for chunk in sent)
    assert all(chunk.startswith("Đoạn ") for chunk in sent)  # every cut at a paragraph boundary
    assert "\n\n".join(sent).split() == text.split()
    # One answer's replies sent one by one (as the outbox does): the numbers go on across them.
    first = Reply("Chọn:", [[Choice("A", "7:x:1"), Choice("B", "7:x:2")]])
    second = Reply("Hoặc:", [[Choice("C", "7:y:")]])
    await channel.send(Address("zalo", CHAT), [first])
    await channel.send(Address("zalo", CHAT), [second])
    await channel.send(Address("zalo", CHAT), [Reply("Mới:", [[Choice("D", "8:z:")]])])  # a new answer: from 1
    assert server.texts(CHAT)[-3:] == ["Chọn:\n  1. A\n  2. B", "Hoặc:\n  3. C", "Mới:\n  1. D"]


async def test_a_chart_goes_by_send_photo_and_other_files_as_links(zalo_bot: Bot) -> None:
    server, channel = zalo_bot.server, zalo_bot.channel
    png = tiny_png()
    await channel.send(Address("zalo", CHAT), [Reply("Báo cáo tuần", files=[("bieu-do.png", png), ("bc.xlsx", b"x")])])
    [photo] = [c for c in server.sent(CHAT) if c.method == "sendPhoto"]
    assert "/tep/" in photo.params["photo"] and photo.params["caption"] == "Biểu đồ «bieu-do.png»"
    assert server.photos[photo.params["photo"]] == png  # Zalo fetched it from gopy's server
    texts = server.texts(CHAT)
    assert texts[0] == "Báo cáo tuần" and "«bc.xlsx»" in texts[1] and "/tep/" in texts[1]


async def test_without_a_public_address_a_file_is_said_unavailable(
    fake_zalo: FakeZalo, db: Database, tmp_path: Path
) -> None:
    from bot.settings import LinkSettings

    engine = Engine(db, EngineConfig())
    channel = ZaloChannel(
        engine, zalo_settings(fake_zalo, free_port()), LinkSettings.model_validate({"dir": tmp_path / "links"})
    )
    await channel.open()
    try:
        assert not channel.links.available
        await channel.send(Address("zalo", CHAT), [Reply("", files=[("bc.docx", b"d")])])
        assert fake_zalo.texts(CHAT) == [
            "Tệp «bc.docx» chưa gửi được qua Zalo vì máy chủ chưa có địa chỉ tải về. Xin liên hệ Văn phòng Đảng ủy "
            "để nhận tệp."
        ]
    finally:
        await channel.close()
        engine.close()
