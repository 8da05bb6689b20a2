"""The e-mail channel against a real SMTP server on loopback (aiosmtpd, tests/fakes/smtp_server.py): what the
provincial board receives, and how each refusal reaches the outbox (`SendError`, transient or not)."""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import pytest

from bot.channels.email import EmailSender
from bot.settings import SmtpSettings
from core.address import Address
from handlers.ports import SendError
from handlers.types import Choice, Reply
from tests.fakes.smtp_server import HOST, FakeSmtp

BOARD = "vanphong@tinhuy.example.vn"
FROM = "Đảng ủy phường Hải Hòa <gopy@phuong.example.vn>"
USER, PASSWORD = "gopy@phuong.example.vn", "mật-khẩu-Bí-Mật-42"
ASCII_PASSWORD = "s3cret-Pass-42"
REPORT = (
    "\n  \n"
    "Báo cáo tổng hợp ý kiến góp ý dự thảo văn kiện — tuần 2\n"
    "\n"
    "Kính gửi: Ban Thường vụ Tỉnh ủy.\n"
    "Đảng ủy phường Hải Hòa báo cáo kết quả lấy ý kiến nhân dân tuần 2: 41 ý kiến, "
    "trong đó đa số đồng tình với dự thảo; một số ý kiến đề nghị sửa đổi đoạn 3, trang 12.\n"
)
FILES = [
    ("Báo cáo tổng hợp tuần 2.docx", b"PK\x03\x04docx\x00\xff" * 50),
    ("Danh sách ý kiến.xlsx", b"PK\x03\x04xlsx\x00\x01" * 50),
    ("biểu-đồ.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256))),
    ("Dự thảo.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"),
    ("ghi chú", b"\r\n.\r\n..\r\nnot a line ending to touch\n"),
]
MIME = {
    "Báo cáo tổng hợp tuần 2.docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "Danh sách ý kiến.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "biểu-đồ.png": "image/png",
    "Dự thảo.pdf": "application/pdf",
    "ghi chú": "application/octet-stream",
}


@pytest.fixture
def server() -> Iterator[FakeSmtp]:
    fake = FakeSmtp().start()
    yield fake
    fake.stop()


@pytest.fixture
def auth_server() -> Iterator[FakeSmtp]:
    fake = FakeSmtp(user=USER, password=ASCII_PASSWORD).start()
    yield fake
    fake.stop()


def settings(port: int, **overrides: Any) -> SmtpSettings:
    """Every setting given (what is given wins over the environment and .env): plain SMTP on loopback, as the fake
    speaks."""
    values: dict[str, Any] = {
        "host": HOST,
        "port": port,
        "security": "none",
        "user": None,
        "password": None,
        "SMTP_FROM": FROM,
        "timeout": 10,
    }
    values.update(overrides)
    return SmtpSettings(**values)


def to_board(chat_id: str = BOARD) -> Address:
    return Address("email", chat_id)


def closed_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


# --- what the board receives ---


async def test_a_report_arrives_with_its_subject_vietnamese_text_and_files(server: FakeSmtp) -> None:
    sender = EmailSender(settings(server.port))
    reply = Reply(REPORT, [[Choice("Xem chi tiết", "1:doc:1")]], list(FILES))
    await sender.send(Address.parse(f"email:{BOARD}"), [reply])

    [received] = server.messages
    assert received.rcpt_tos == [BOARD]
    assert received.mail_from == "gopy@phuong.example.vn"
    mail = received.message
    assert mail["Subject"] == "Báo cáo tổng hợp ý kiến góp ý dự thảo văn kiện — tuần 2"
    assert mail["To"] == BOARD
    assert mail["From"].addresses[0].display_name == "Đảng ủy phường Hải Hòa"
    assert mail["From"].addresses[0].addr_spec == "gopy@phuong.example.vn"
    assert parsedate_to_datetime(mail["Date"]).tzinfo is not None
    assert mail["Message-ID"].endswith("@phuong.example.vn>")
    body = mail.get_body(("plain",))
    assert body is not None
    assert body.get_content_charset() == "utf-8"
    assert body.get_content().replace("\r\n", "\n") == REPORT  # lines end in CRLF on the wire, as SMTP wants
    attachments = [
        (part.get_filename(), part.get_content_type(), part.get_content()) for part in mail.iter_attachments()
    ]
    assert attachments == [(name, MIME[name], content) for name, content in FILES]


async def test_each_reply_is_one_email_in_order_over_one_connection(server: FakeSmtp) -> None:
    sender = EmailSender(settings(server.port))
    replies = [Reply("Báo cáo tuần 1\nNội dung một."), Reply("Báo cáo tuần 2\nNội dung hai.")]
    await sender.send(to_board(), replies)
    assert [m.message["Subject"] for m in server.messages] == ["Báo cáo tuần 1", "Báo cáo tuần 2"]
    assert len({m.message["Message-ID"] for m in server.messages}) == 2
    assert server.connections == 1


async def test_a_long_first_line_makes_a_shortened_subject_with_every_space_kept(server: FakeSmtp) -> None:
    # Long enough to be folded over several encoded words: Python's own folding would turn "bộ phường" into
    # "bộphường" here.
    line = (
        "Báo cáo tổng hợp ý kiến góp ý dự thảo văn kiện Đại hội Đảng bộ phường Hải Hòa lần thứ II, nhiệm kỳ "
        "2025 - 2030, của đảng viên và nhân dân trên địa bàn phường, tuần 3"
    )
    await EmailSender(settings(server.port)).send(to_board(), [Reply(line + "\nChi tiết kèm theo.")])
    subject = server.messages[0].message["Subject"]
    assert subject == line[:149].rstrip() + "…"
    assert len(subject) == 150


async def test_files_alone_get_a_subject_and_unsafe_names_are_cleaned(server: FakeSmtp) -> None:
    files = [("../../etc/báo cáo.docx", b"PK"), ("tuần 2\r\nBcc: x@evil.example.xlsx", b"PK")]
    await EmailSender(settings(server.port)).send(to_board(), [Reply("", files=files)])
    mail = server.messages[0].message
    assert mail["Subject"]
    assert mail["Bcc"] is None
    assert [part.get_filename() for part in mail.iter_attachments()] == [
        "báo cáo.docx",
        "tuần 2 Bcc: x@evil.example.xlsx",
    ]


# --- what the server refuses ---


async def test_a_busy_server_451_on_rcpt_is_transient_and_the_retry_is_delivered(server: FakeSmtp) -> None:
    sender = EmailSender(settings(server.port))
    server.answer("RCPT", "451 4.3.0 Mail server temporarily busy")
    with pytest.raises(SendError) as caught:
        await sender.send(to_board(), [Reply("Báo cáo tuần 2")])
    assert caught.value.transient
    assert "451" in str(caught.value)
    assert server.messages == []

    await sender.send(to_board(), [Reply("Báo cáo tuần 2")])
    assert [m.message["Subject"] for m in server.messages] == ["Báo cáo tuần 2"]


@pytest.mark.parametrize(
    ("command", "reply", "transient"),
    [
        ("DATA", "451 4.3.0 Local error in processing", True),
        ("DATA", "452 4.3.1 Insufficient system storage", True),
        ("RCPT", "450 4.2.1 Mailbox busy", True),
        ("RCPT", "550 5.1.1 <{address}>: Recipient address rejected: User unknown", False),
        ("DATA", "554 5.7.1 Message rejected as spam", False),
    ],
)
async def test_a_refusal_is_transient_for_4xx_and_final_for_5xx(
    server: FakeSmtp, command: str, reply: str, transient: bool
) -> None:
    server.answer(command, reply)
    with pytest.raises(SendError) as caught:
        await EmailSender(settings(server.port)).send(to_board(), [Reply("Báo cáo tuần 2")])
    assert caught.value.transient is transient
    code, enhanced = reply.split()[:2]
    assert f"{code} {enhanced}" in str(caught.value)
    assert BOARD not in str(caught.value)  # the reason is logged and stored: it names no one
    assert caught.value.__context__ is None  # smtplib's exception, which quotes the address, is not kept
    assert server.messages == []


async def test_a_server_that_is_down_is_transient() -> None:
    with pytest.raises(SendError) as caught:
        await EmailSender(settings(closed_port())).send(to_board(), [Reply("Báo cáo tuần 2")])
    assert caught.value.transient


async def test_a_server_that_never_answers_times_out_as_transient() -> None:
    with socket.socket() as silent:  # accepts connections (the kernel does) and never says a word
        silent.bind((HOST, 0))
        silent.listen()
        sender = EmailSender(settings(silent.getsockname()[1], timeout=0.2))
        with pytest.raises(SendError) as caught:
            await sender.send(to_board(), [Reply("Báo cáo tuần 2")])
    assert caught.value.transient


# --- logging in, and the password ---


async def test_with_the_right_credentials_the_report_is_delivered(
    auth_server: FakeSmtp, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    sender = EmailSender(settings(auth_server.port, user=USER, password=ASCII_PASSWORD))
    await sender.send(to_board(), [Reply("Báo cáo tuần 2")])
    assert auth_server.logins == [USER]
    assert len(auth_server.messages) == 1
    assert ASCII_PASSWORD not in caplog.text


async def test_without_logging_in_the_refusal_is_final(auth_server: FakeSmtp) -> None:
    with pytest.raises(SendError) as caught:
        await EmailSender(settings(auth_server.port)).send(to_board(), [Reply("Báo cáo tuần 2")])
    assert not caught.value.transient
    assert "530" in str(caught.value)


@pytest.mark.parametrize("password", [ASCII_PASSWORD[::-1], PASSWORD], ids=["wrong", "wrong-and-not-ascii"])
async def test_bad_credentials_are_final_and_the_password_is_never_shown(
    auth_server: FakeSmtp, caplog: pytest.LogCaptureFixture, password: str
) -> None:
    caplog.set_level(logging.DEBUG)
    sender = EmailSender(settings(auth_server.port, user=USER, password=password))
    with pytest.raises(SendError) as caught:
        await sender.send(to_board(), [Reply("Báo cáo tuần 2")])
    error = caught.value
    assert not error.transient
    assert auth_server.messages == []
    assert error.__cause__ is None and error.__context__ is None  # nothing smtplib raised hangs on to it
    shown = [str(error), repr(error), caplog.text]
    assert not any(password in text for text in shown)
    assert repr(sender.settings).count(password) == 0


async def test_starttls_never_falls_back_to_sending_in_the_clear(auth_server: FakeSmtp) -> None:
    """The fake offers no STARTTLS: the sender stops before the password or the report goes out unencrypted."""
    sender = EmailSender(settings(auth_server.port, security="starttls", user=USER, password=ASCII_PASSWORD))
    with pytest.raises(SendError) as caught:
        await sender.send(to_board(), [Reply("Báo cáo tuần 2")])
    assert not caught.value.transient
    assert auth_server.logins == []
    assert auth_server.messages == []


# --- addresses ---


@pytest.mark.parametrize(
    "chat_id",
    [
        "vanphong@tinhuy.example.vn\r\nBcc: everyone@example.vn",
        "vanphong@tinhuy.example.vn\nSubject: x",
        "khong-phai-dia-chi",
        "van phong@tinhuy.example.vn",
        "Văn phòng <vanphong@tinhuy.example.vn>",
        "vanphong@tinhuy..example.vn",
        "vanphong@",
        "\x00vanphong@tinhuy.example.vn",
        "vanphong@tinhuy.example.vn,other@example.vn",
    ],
)
async def test_a_malformed_address_is_refused_without_connecting(server: FakeSmtp, chat_id: str) -> None:
    with pytest.raises(SendError) as caught:
        await EmailSender(settings(server.port)).send(Address("email", chat_id), [Reply("Báo cáo tuần 2")])
    assert not caught.value.transient
    assert chat_id not in str(caught.value)
    assert server.connections == 0


async def test_an_internationalised_domain_is_sent_in_its_ascii_form(server: FakeSmtp) -> None:
    await EmailSender(settings(server.port)).send(to_board("banthuongvu@tỉnhủy.vn"), [Reply("Báo cáo tuần 2")])
    assert server.messages[0].rcpt_tos == ["banthuongvu@xn--tnhy-vw5a2h.vn"]
    assert b"xn--tnhy-vw5a2h.vn".decode("idna") == "tỉnhủy.vn"


# --- settings ---


def test_settings_come_from_smtp_variables(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.setenv("SMTP_HOST", "smtp.example.vn")
    monkeypatch.setenv("SMTP_PORT", "465")
    monkeypatch.setenv("SMTP_SECURITY", "ssl")
    monkeypatch.setenv("SMTP_USER", USER)
    monkeypatch.setenv("SMTP_PASSWORD", PASSWORD)
    monkeypatch.setenv("SMTP_FROM", FROM)
    monkeypatch.setenv("SMTP_TIMEOUT", "12.5")
    s = SmtpSettings()
    assert (s.host, s.port, s.security, s.user, s.sender, s.timeout) == (
        "smtp.example.vn",
        465,
        "ssl",
        USER,
        FROM,
        12.5,
    )
    assert s.password is not None and s.password.get_secret_value() == PASSWORD
    assert PASSWORD not in repr(s)


def test_email_is_off_without_a_host_and_needs_a_from_address() -> None:
    with pytest.raises(ValueError, match="SMTP_HOST"):
        EmailSender(settings(25, host=None))
    with pytest.raises(ValueError, match="SMTP_FROM"):
        EmailSender(settings(25, SMTP_FROM=None))
    with pytest.raises(ValueError, match="SMTP_FROM"):
        EmailSender(settings(25, SMTP_FROM="gopy@phuong.example.vn\r\nBcc: x@example.vn"))
