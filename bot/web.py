"""gopy's own HTTP server (aiohttp): platform webhooks (Telegram now; Zalo and signed download links next).

A webhook request is checked before its body is read: the secret header first (403, nothing read), then the
declared size (413; aiohttp's `client_max_size` also caps a chunked body), then the JSON (400 when malformed).
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

log = logging.getLogger(__name__)

MAX_BODY = 1 << 20  # 1 MiB: a Bot API update is a few KB; a larger body is not one
Deliver = Callable[[dict[str, Any]], Awaitable[None]]


class WebServer:
    def __init__(self, host: str, port: int, *, max_body: int = MAX_BODY) -> None:
        self.host, self.port, self.max_body = host, port, max_body
        self.app = web.Application(client_max_size=max_body)
        self._runner: web.AppRunner | None = None

    def add_webhook(self, path: str, *, secret: str, header: str, deliver: Deliver) -> None:
        """POST /`path`: a JSON object with the right secret in `header` is handed to `deliver`."""

        async def hook(request: web.Request) -> web.StreamResponse:
            given = request.headers.get(header, "").encode("utf-8", "surrogateescape")  # any bytes at all
            if not hmac.compare_digest(given, secret.encode()):
                return web.Response(status=403)
            if request.content_length is not None and request.content_length > self.max_body:
                return web.Response(status=413)
            try:
                data = await request.json()
            except web.HTTPRequestEntityTooLarge:
                return web.Response(status=413)
            except ValueError:  # not JSON, or not UTF-8
                return web.Response(status=400)
            if not isinstance(data, dict):
                return web.Response(status=400)
            await deliver(data)
            return web.Response(text="ok")

        self.app.router.add_post("/" + path.strip("/"), hook)

    async def start(self) -> None:
        self._runner = web.AppRunner(self.app, access_log=None)  # an access log line per update is noise
        await self._runner.setup()
        await web.TCPSite(self._runner, self.host, self.port).start()
        log.info("web server listening on %s:%s", self.host, self.port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
