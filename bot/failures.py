"""Operational errors: what stops `gopy serve`, `gopy scheduler` or any other command for a reason the operator
fixes (a token the platform refuses, no network, a database never migrated, a port taken), told as one line of
the catalog (`cli.ops.*`) with what to do, exit code 1, no traceback and never a token.

A channel raises `CannotRun` where it knows which setting is wrong (bot/channels/telegram.py, zalo.py); `explain`
turns what else may come up to the command line (SQLAlchemy's errors) into one, and the command line prints it
(bot/cli/__init__.py). Anything `explain` does not know is a bug: its traceback is shown as before.
"""

from __future__ import annotations

import errno
import socket
from collections.abc import Iterable, Iterator

from sqlalchemy import exc as sa_exc

from bot.logs import HIDDEN, TOKEN
from storage.errors import UserError


class CannotRun(UserError):
    """A reason gopy cannot run that the operator fixes: a catalog key (`cli.ops.*`) and its fields."""


def causes(exc: BaseException) -> Iterator[BaseException]:
    """`exc`, then what caused it (`raise … from`, or raised while handling), each once."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def network_reason(exc: BaseException) -> str:
    """Why a connection failed, as a catalog key: the name not found (DNS), refused, timed out, or other."""
    for cause in causes(exc):
        if isinstance(cause, socket.gaierror) or type(cause).__name__ == "ClientConnectorDNSError":
            return "cli.ops.why.dns"
        if isinstance(cause, ConnectionRefusedError):
            return "cli.ops.why.refused"
        if isinstance(cause, TimeoutError) or type(cause).__name__ in ("TimedOut", "ConnectTimeout", "ReadTimeout"):
            return "cli.ops.why.timeout"
    return "cli.ops.why.other"


def port_error(exc: OSError, host: str, port: int, setting: str) -> CannotRun:
    """A listening socket that could not be opened (`setting`: the port's variable): the port taken, a port below
    1024 without the right, an address this machine does not have, or another reason the system gave."""
    if exc.errno == errno.EADDRINUSE:
        return CannotRun("cli.ops.port_taken", host=host, port=port, setting=setting)
    if exc.errno == errno.EACCES:
        return CannotRun("cli.ops.port_denied", host=host, port=port, setting=setting)
    listen = setting.removesuffix("_PORT") + "_LISTEN"
    if exc.errno == errno.EADDRNOTAVAIL:
        return CannotRun("cli.ops.port_address", host=host, port=port, listen=listen)
    reason = exc.strerror or type(exc).__name__
    return CannotRun("cli.ops.port_other", host=host, port=port, setting=setting, listen=listen, reason=reason)


def masked(line: str, secrets: Iterable[str]) -> str:
    """`line` without the configured secrets nor anything shaped like a bot token (a webhook URL may hold one)."""
    for secret in secrets:
        if secret:
            line = line.replace(secret, HIDDEN)
    return TOKEN.sub(HIDDEN, line)


def explain(exc: BaseException, database: str) -> UserError | None:
    """The operator's error for `exc` (or for one of its causes), None when it is not one: a bug. `database` is
    the database URL as messages may show it (without its password)."""
    for cause in causes(exc):
        if isinstance(cause, UserError):
            return cause
        if isinstance(cause, sa_exc.DBAPIError):
            if _missing_table(cause):
                return CannotRun("cli.ops.db_not_migrated", url=database)
            if isinstance(cause, sa_exc.OperationalError) and cause.statement is None:  # failed to connect
                return CannotRun("cli.ops.db_unreachable", url=database)
    return None


def _missing_table(exc: sa_exc.DBAPIError) -> bool:
    """SQLite's "no such table", PostgreSQL's undefined table (42P01: "relation … does not exist")."""
    if getattr(exc.orig, "sqlstate", None) == "42P01":
        return True
    return "no such table" in str(exc.orig)
