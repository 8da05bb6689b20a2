"""E-mail adapter (standard library SMTP): the `Sender` port for people who work by e-mail, such as the provincial
board that receives the scheduled reports. It only sends; nothing is received by e-mail.

An address is `Address("email", "ban@tinh.example.vn")`. Each `Reply` becomes one plain-text UTF-8 e-mail: the
subject is its first non-empty line, the body its text (choices have no meaning by e-mail and are left out), its
files attached under their own names. All the replies of one `send` go over one SMTP connection, in a worker
thread. What the server refuses becomes a `SendError`: transient for a 4xx reply, a dropped connection or a
network failure (the outbox tries again), final for a 5xx reply (the mailbox is refused, the login is wrong).
Neither the password nor the recipient's address ever goes into an error or a log line.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import smtplib
import ssl
import unicodedata
from collections.abc import Sequence
from email.header import Header
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from email.utils import format_datetime, make_msgid, parseaddr

from bot.settings import SmtpSettings
from core import clock
from core.address import Address
from core.messages import t
from core.text import clean
from handlers.ports import SendError
from handlers.types import Reply

log = logging.getLogger(__name__)

CHANNEL = "email"
SUBJECT_LIMIT = 150  # characters; a longer first line is cut with "…"
MIME_TYPES = {  # by file suffix; anything else is application/octet-stream
    ".docx": ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".xlsx": ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".pdf": ("application", "pdf"),
    ".png": ("image", "png"),
}
_LOCAL_PART = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_DOMAIN_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")
_ENHANCED_CODE = re.compile(rb"\s*([245]\.\d{1,3}\.\d{1,3})\b")
_PATH_SEPARATORS = re.compile(r"[\\/]")


def mailbox(text: str) -> str | None:
    """`text` as it goes on the envelope and in To: ("user@domain", an internationalised domain in its ASCII
    form), or None when it is not a plain mailbox: no "@", spaces, control characters, a display name, a second
    header smuggled in ("a@b\\r\\nBcc: x")."""
    local, at, domain = text.rpartition("@")
    if not at or len(local) > 64 or _LOCAL_PART.fullmatch(local) is None:
        return None
    try:
        domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    if not all(_DOMAIN_LABEL.fullmatch(label) for label in domain.split(".")):
        return None
    address = f"{local}@{domain}"
    return address if len(address) <= 254 else None


def subject_of(text: str) -> str:
    """The first non-empty line of `text`, spaces collapsed, at most SUBJECT_LIMIT characters."""
    for line in clean(text).splitlines():
        line = " ".join(line.split())
        if line:
            return line if len(line) <= SUBJECT_LIMIT else line[: SUBJECT_LIMIT - 1].rstrip() + "…"
    return t("email.subject.default")


def attachment_name(name: str, number: int) -> str:
    """The file's own name, without any directory, control characters or line breaks (NFC)."""
    base = _PATH_SEPARATORS.split(name)[-1]
    base = " ".join(unicodedata.normalize("NFC", clean(base)).split())
    return base or t("email.attachment.unnamed", number=number)


def mime_type(name: str) -> tuple[str, str]:
    suffix = name[name.rfind(".") :].lower() if "." in name else ""
    return MIME_TYPES.get(suffix, ("application", "octet-stream"))


class EmailSender:
    """The `Sender` port over SMTP (and a `Channel` with nothing to start: it never receives)."""

    name = CHANNEL

    def __init__(self, settings: SmtpSettings) -> None:
        if not settings.host:
            raise ValueError("SMTP_HOST is not set")
        if not settings.sender:
            raise ValueError("SMTP_FROM is not set")
        envelope_from = mailbox(parseaddr(settings.sender)[1])
        if envelope_from is None or not settings.sender.isprintable():
            raise ValueError("SMTP_FROM is not an e-mail address")
        self.settings = settings
        self.host: str = settings.host
        self.sender: str = settings.sender  # the From header, display name and all
        self.envelope_from = envelope_from
        self._domain = envelope_from.rpartition("@")[2]

    async def start(self) -> None:
        """Nothing to start: a connection is opened for each send."""

    async def stop(self) -> None:
        """Nothing to stop."""

    async def open(self) -> None:
        """Nothing to open: sending is all this channel does."""

    async def close(self) -> None:
        """Nothing to close."""

    async def send(self, address: Address, replies: Sequence[Reply]) -> None:
        """The `Sender` port: each reply as one e-mail to `address.chat_id`. A malformed address is refused before
        anything is sent (`SendError`, final)."""
        if address.channel != CHANNEL:
            raise ValueError(f"{address.channel!r} is not the e-mail channel")
        recipient = mailbox(address.chat_id)
        if recipient is None:
            raise SendError("not an e-mail address", transient=False)
        replies = [reply for reply in replies if reply.text.strip() or reply.files]
        if replies:
            await asyncio.to_thread(self._deliver, recipient, replies)

    def message(self, recipient: str, reply: Reply) -> EmailMessage:
        """The e-mail for one reply (`recipient` as returned by `mailbox`)."""
        msg = EmailMessage(policy=SMTP_POLICY)
        # Encoded here rather than by the policy: Python's refolding of a long encoded subject loses the space
        # where a word and an encoded word end together ("Đảng bộphường"); Header keeps spaces inside the words.
        msg.set_raw("Subject", Header(subject_of(reply.text), "utf-8", header_name="Subject").encode())
        msg["From"] = self.sender
        msg["To"] = recipient
        msg["Date"] = format_datetime(clock.local_now())
        msg["Message-ID"] = make_msgid(domain=self._domain)
        msg.set_content(clean(reply.text), charset="utf-8", cte="quoted-printable")
        for number, (name, content) in enumerate(reply.files, start=1):
            filename = attachment_name(name, number)
            maintype, subtype = mime_type(filename)
            msg.add_attachment(content, maintype=maintype, subtype=subtype, filename=filename)
        return msg

    def _deliver(self, recipient: str, replies: Sequence[Reply]) -> None:
        """Blocking (a worker thread: encoding large files takes time too): one connection, every e-mail, in order."""
        messages = [self.message(recipient, reply) for reply in replies]
        error: SendError | None = None
        try:
            self._session(recipient, messages)
        except SendError:
            raise
        except Exception as exc:
            error = send_error(exc)
        if error is not None:
            raise error  # outside the handler, so not chained: smtplib's exceptions carry the recipient's address
        log.debug("%d e-mail(s) sent through %s", len(messages), self.host)

    def _session(self, recipient: str, messages: list[EmailMessage]) -> None:
        s = self.settings
        smtp: smtplib.SMTP
        if s.security == "ssl":
            smtp = smtplib.SMTP_SSL(self.host, s.port, timeout=s.timeout, context=ssl.create_default_context())
        else:
            smtp = smtplib.SMTP(self.host, s.port, timeout=s.timeout)
        try:
            if s.security == "starttls":
                smtp.starttls(context=ssl.create_default_context())  # never falls back to the clear
            if s.user:
                self._login(smtp, s.user)
            for msg in messages:
                smtp.send_message(msg, self.envelope_from, [recipient])
            with contextlib.suppress(smtplib.SMTPException, OSError):
                smtp.quit()  # everything was accepted: a goodbye lost on the way changes nothing
        finally:
            smtp.close()

    def _login(self, smtp: smtplib.SMTP, user: str) -> None:
        password = self.settings.password.get_secret_value() if self.settings.password is not None else ""
        ascii_only = True
        try:
            smtp.login(user, password)
        except UnicodeError:  # smtplib sends credentials as ASCII; its error holds the password: dropped here
            ascii_only = False
        if not ascii_only:
            raise SendError("SMTP credentials are not ASCII", transient=False)


def send_error(exc: BaseException) -> SendError:
    """The `SendError` for what smtplib or the network raised: the reply code and the enhanced status code when the
    server gave them, what was refused, never the server's own words (they often quote the address)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, text = next(iter(exc.recipients.values()), (-1, b""))
        return _refused(code, text, "recipient refused")
    if isinstance(exc, smtplib.SMTPResponseException):
        what = {
            smtplib.SMTPAuthenticationError: "authentication failed",
            smtplib.SMTPSenderRefused: "sender refused",
            smtplib.SMTPDataError: "message refused",
            smtplib.SMTPConnectError: "connection refused",
            smtplib.SMTPHeloError: "greeting refused",
        }.get(type(exc), "command refused")
        return _refused(exc.smtp_code, exc.smtp_error, what)
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return SendError("SMTP server disconnected", transient=True)
    if isinstance(exc, smtplib.SMTPNotSupportedError):  # no STARTTLS, no AUTH: the server is not set up for us
        return SendError(f"SMTP server lacks a needed extension: {exc}", transient=False)
    if isinstance(exc, smtplib.SMTPException):  # e.g. no authentication method in common
        return SendError(f"SMTP failure: {exc}", transient=False)
    if isinstance(exc, TimeoutError):
        return SendError("SMTP server did not answer in time", transient=True)
    if isinstance(exc, ssl.SSLError):
        return SendError(f"TLS failed ({type(exc).__name__})", transient=True)
    if isinstance(exc, OSError):  # refused, unreachable, reset, name not resolved
        return SendError(f"SMTP server unreachable ({type(exc).__name__})", transient=True)
    return SendError(f"e-mail not sent ({type(exc).__name__})", transient=True)


def _refused(code: int, text: bytes | str, what: str) -> SendError:
    """4xx: try again later; 5xx: never (a code outside both, from a broken server: again)."""
    raw = text.encode("utf-8", "replace") if isinstance(text, str) else text
    match = _ENHANCED_CODE.match(raw)
    detail = f"{code} {match.group(1).decode()}" if match else str(code)
    return SendError(f"SMTP {detail}: {what}", transient=not 500 <= code < 600)
