"""Signed, expiring download links for files a platform cannot carry (on Zalo: the DOCX and XLSX of `/baocao`, the
weekly reports), served by gopy's own web server (bot/web.py), the process that takes the webhooks.

A link is `{base}/tep/{file}/{expires}/{signature}/{name}`: `file` names the stored bytes (the first 32 hex digits
of their SHA-256), `expires` is a Unix time, `name` the file name the person saves. The signature is
HMAC-SHA256 over the purpose ("gopy download v1"), the file, the name and the expiry, with a key of its own
(`GOPY_LINK_SECRET`, else derived from the bot token): a link is good for that one file under that one name until
that moment, and for nothing else. A changed character anywhere is refused (403), a link past its expiry too
(410), each with one Vietnamese line.

The bytes are kept in a directory (`GOPY_LINK_DIR`, `var/links` by default), not in the database: a report's
DOCX and XLSX run to megabytes (tens for a large consultation), the database and its backups need not carry them,
no migration is needed, and the server streams a file from disk. A restart loses nothing (the directory stays).
Files older than the link lifetime are deleted, and the oldest go first once the directory is over its size cap
(`GOPY_LINK_MAX_MB`). With several web workers on several machines, the directory must be shared (or `/tep/`
routed to one of them): a worker serves only what it can read.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import logging
import mimetypes
import os
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, unquote

from aiohttp import web

from core.messages import t

log = logging.getLogger(__name__)

PREFIX = "/tep/"  # "tệp": file
PURPOSE = b"gopy download v1"
_HEX = frozenset("0123456789abcdef")


def link_key(secret: str | None, token: str) -> bytes:
    """The signing key: the configured secret, else one derived from the bot token (never the token itself)."""
    if secret:
        return hashlib.sha256(b"gopy link secret\n" + secret.encode()).digest()
    return hashlib.sha256(b"gopy link key from token\n" + token.encode()).digest()


@dataclass(frozen=True)
class Link:
    url: str
    expires: datetime  # UTC


class LinkRefused(Exception):
    def __init__(self, status: int, key: str) -> None:
        super().__init__(key)
        self.status, self.key = status, key


class LinkStore:
    """Files kept for download and the links that name them."""

    def __init__(
        self,
        directory: Path,
        key: bytes,
        *,
        base_url: str | None,
        hours: float = 72,
        max_bytes: int = 500 << 20,
    ) -> None:
        self.directory, self.key = directory, key
        self.base_url = base_url.rstrip("/") if base_url else None
        self.lifetime = max(60.0, hours * 3600)
        self.max_bytes = max_bytes

    @property
    def available(self) -> bool:
        """True when there is a public address to put in a link."""
        return self.base_url is not None

    # --- making a link ---

    def put(self, name: str, content: bytes, now: float | None = None) -> Link:
        """Keep `content` and return a link to it under `name`, good for the configured lifetime."""
        if self.base_url is None:
            raise RuntimeError("no public address for download links (GOPY_LINK_BASE_URL)")
        now = time.time() if now is None else now
        file_id = hashlib.sha256(content).hexdigest()[:32]
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.directory / file_id
        if path.exists():
            os.utime(path, (now, now))  # kept as long as its newest link
        else:
            partial = path.with_name(f".{file_id}.{os.getpid()}.part")
            partial.write_bytes(content)
            os.utime(partial, (now, now))
            partial.replace(path)  # atomic: a reader never sees half a file
        self.prune(now, keep=file_id)
        expires = int(now + self.lifetime)
        name = safe_name(name)
        url = f"{self.base_url}{PREFIX}{file_id}/{expires}/{self.sign(file_id, name, expires)}/{quote(name, safe='')}"
        return Link(url, datetime.fromtimestamp(expires, UTC))

    def sign(self, file_id: str, name: str, expires: int) -> str:
        message = b"\n".join((PURPOSE, file_id.encode(), name.encode("utf-8"), str(expires).encode()))
        digest = hmac.new(self.key, message, hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")

    # --- serving one ---

    def check(self, path: str, now: float | None = None) -> tuple[Path, str]:
        """(the stored file, its name) for a request path; `LinkRefused` otherwise. The signature is checked before
        anything else is looked at: a forged link learns nothing, not even whether the file exists."""
        parts = path.removeprefix(PREFIX).split("/")
        if len(parts) != 4:
            raise LinkRefused(403, "chat.link.invalid")
        file_id, expires_text, signature, quoted = parts
        name = unquote(quoted, errors="strict") if quoted.isascii() else ""
        if len(file_id) != 32 or not set(file_id) <= _HEX or not expires_text.isdigit() or len(expires_text) > 12:
            raise LinkRefused(403, "chat.link.invalid")
        expected = self.sign(file_id, name, int(expires_text))
        if not name or not hmac.compare_digest(signature.encode("ascii", "replace"), expected.encode("ascii")):
            raise LinkRefused(403, "chat.link.invalid")
        now = time.time() if now is None else now
        if int(expires_text) <= now:
            raise LinkRefused(410, "chat.link.expired")
        stored = self.directory / file_id
        if not stored.is_file():  # pruned (over the size cap) before its link expired
            raise LinkRefused(410, "chat.link.gone")
        return stored, name

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """GET/HEAD `/tep/...`: the file as an attachment, or a short Vietnamese refusal."""
        try:
            stored, name = self.check(request.path)
        except (LinkRefused, UnicodeDecodeError) as exc:
            status, key = (exc.status, exc.key) if isinstance(exc, LinkRefused) else (403, "chat.link.invalid")
            return web.Response(status=status, text=t(key) + "\n", headers=_NO_STORE)
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        headers = {
            **_NO_STORE,
            "Content-Type": kind,
            "Content-Disposition": f"attachment; filename=\"{_ascii(name)}\"; filename*=UTF-8''{quote(name, safe='')}",
            "X-Content-Type-Options": "nosniff",
        }
        return web.FileResponse(stored, headers=headers)

    # --- keeping the directory small ---

    def prune(self, now: float | None = None, *, keep: str | None = None) -> None:
        """Delete files past the link lifetime, then the oldest while the directory is over its size cap."""
        if not self.directory.is_dir():
            return
        now = time.time() if now is None else now
        files: list[tuple[float, int, Path]] = []
        for path in self.directory.iterdir():
            try:
                stat = path.stat()
            except FileNotFoundError:
                continue
            stale_part = path.name.startswith(".") and stat.st_mtime < now - 3600
            if stale_part or (not path.name.startswith(".") and stat.st_mtime < now - self.lifetime):
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
                continue
            files.append((stat.st_mtime, stat.st_size, path))
        total = sum(size for _, size, _ in files)
        for _mtime, size, path in sorted(files):
            if total <= self.max_bytes:
                break
            if path.name == keep:
                continue
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
            total -= size


_NO_STORE = {"Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer"}


def safe_name(name: str) -> str:
    """A file name as saved: no directory, no control characters, not empty, not absurdly long."""
    base = "".join(c for c in Path(name).name if c.isprintable() and c not in '/\\"') or "tep"
    return base[-120:]


def _ascii(name: str) -> str:
    return "".join(c if c.isascii() and c.isprintable() else "_" for c in name)
