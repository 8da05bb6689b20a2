"""A fake SMTP server on 127.0.0.1 (aiosmtpd, in a thread of its own) for the e-mail channel's tests.

It records every message it accepts, parsed as a mail client would read it, and counts connections. A test can
make it answer the next RCPT or DATA commands with a code of its choosing ("451 4.3.0 …" once, then success), and
can require a login (AUTH PLAIN/LOGIN over the plain connection, since tests have no certificates).
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import threading
from collections import deque
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any, cast

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

HOST = "127.0.0.1"


@dataclass(frozen=True)
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage  # parsed with email.policy.default
    raw: bytes


class _Controller(Controller):
    """aiosmtpd's threaded controller, on a port the system picks (port=0), counting connections."""

    def __init__(self, fake: FakeSmtp, **kwargs: Any) -> None:
        super().__init__(fake, hostname=HOST, port=0, **kwargs)
        self.fake = fake

    def factory(self) -> SMTP:
        with self.fake._lock:
            self.fake.connections += 1
        return cast(SMTP, super().factory())

    def _trigger_server(self) -> None:
        server = cast(asyncio.Server, self.server)
        self.port = server.sockets[0].getsockname()[1]  # the port actually bound
        super()._trigger_server()


class FakeSmtp:
    """Use `start()`/`stop()` (or the tests' fixture); `port`, `messages`, `connections` for assertions."""

    def __init__(self, *, user: str | None = None, password: str | None = None) -> None:
        self.user, self.password = user, password  # set: MAIL is refused until the client logs in with these
        self.messages: list[Received] = []
        self.connections = 0
        self.logins: list[str] = []  # the user names that logged in
        self._answers: dict[str, deque[str]] = {"RCPT": deque(), "DATA": deque()}
        self._lock = threading.Lock()
        kwargs: dict[str, Any] = {}
        if user is not None:
            kwargs = {"authenticator": self._authenticate, "auth_require_tls": False}
        self._controller = _Controller(self, **kwargs)

    @property
    def port(self) -> int:
        return int(self._controller.port)

    def start(self) -> FakeSmtp:
        self._controller.start()
        self.connections = 0  # the controller's own check that the server answers is not a client
        return self

    def stop(self) -> None:
        self._controller.stop()

    def answer(self, command: str, reply: str, times: int = 1) -> None:
        """Answer the next `times` `command`s ("RCPT" or "DATA") with `reply` ("451 4.3.0 Try again later");
        "{address}" in a RCPT reply is replaced by the recipient, as real servers quote it."""
        with self._lock:
            self._answers[command].extend([reply] * times)

    def _next_answer(self, command: str) -> str | None:
        with self._lock:
            queue = self._answers[command]
            return queue.popleft() if queue else None

    # --- aiosmtpd hooks (in the server's thread) ---

    def _authenticate(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, auth_data: Any
    ) -> AuthResult:
        if isinstance(auth_data, LoginPassword):
            login, password = auth_data.login.decode(), auth_data.password.decode()
            if (login, password) == (self.user, self.password):
                self.logins.append(login)
                return AuthResult(success=True)
        return AuthResult(success=False, handled=False)  # aiosmtpd answers "535 5.7.8 … credentials invalid"

    async def handle_MAIL(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if self.user is not None and not session.authenticated:
            return "530 5.7.0 Authentication required"
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        answer = self._next_answer("RCPT")
        if answer is not None:
            return answer.replace("{address}", address)
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(options)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        answer = self._next_answer("DATA")
        if answer is not None:
            return answer
        raw = envelope.original_content or b""
        message = email.message_from_bytes(raw, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        with self._lock:
            self.messages.append(Received(str(envelope.mail_from), list(envelope.rcpt_tos), message, raw))
        return "250 OK"
