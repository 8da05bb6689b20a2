"""gopy's own HTTP server (aiohttp): platform webhooks (Telegram, Zalo) and signed download links (bot/links.py).

A webhook request is checked before its body is read: the secret header first (403, nothing read), then the
declared size (413; aiohttp's `client_max_size` also caps a chunked body), then the JSON (400 when malformed).

Channels configured on the same address share one listening server: each builds its `WebServer` and adds its
routes; the first to `start` listens, a later one on the same host and port joins it (its routes are served by
the listening one, whose table of routes can grow while it runs), and the socket closes when the last one stops.
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
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
_listening: dict[tuple[str, int], WebServer] = {}  # servers listening in this process, by address


class WebServer:
    def __init__(self, host: str, port: int, *, max_body: int = MAX_BODY) -> None:
        self.host, self.port, self.max_body = host, port, max_body
        self.app = web.Application(client_max_size=max_body)
        self._runner: web.AppRunner | None = None
        self._routes: dict[tuple[str, str], Handler] = {}  # (method, path) → handler; a path ending "/" a prefix
        self._users = 0  # channels using this listening server
        self._joined: WebServer | None = None  # the server already listening on this address, serving our routes

    def add_webhook(self, path: str, *, secret: str, header: str, deliver: Deliver, missing_status: int = 403) -> None:
        """POST /`path`: a JSON object with the right secret in `header` is handed to `deliver`. No header at all:
        `missing_status` (Zalo's adapter answers 401 there, a wrong secret 403)."""

        async def hook(request: web.Request) -> web.StreamResponse:
            if header not in request.headers:
                return web.Response(status=missing_status)
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

        self.add_route("POST", "/" + path.strip("/"), hook)

    def add_route(self, method: str, path: str, handler: Handler) -> None:
        """`method` (GET also answers HEAD) on `path`, or on every path under it when it ends with "/"; also once
        the server listens."""
        self._routes[(method.upper(), path)] = handler
        if self._joined is not None:
            self._joined._routes[(method.upper(), path)] = handler

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        method = "GET" if request.method == "HEAD" else request.method
        path = request.path
        handler = self._routes.get((method, path))
        if handler is None:
            handler = next(
                (h for (m, p), h in self._routes.items() if m == method and p.endswith("/") and path.startswith(p)),
                None,
            )
        if handler is not None:
            return await handler(request)
        if any(p == path or (p.endswith("/") and path.startswith(p)) for _m, p in self._routes):
            return web.Response(status=405)
        return web.Response(status=404)

    async def start(self) -> None:
        key = (self.host, self.port)
        if self._runner is not None or self._joined is not None:
            return
        other = _listening.get(key) if self.port else None
        if other is not None and other is not self:  # another channel listens here already: one server
            other._routes.update(self._routes)
            other._users += 1
            self._joined = other
            return
        self._users += 1
        _listening[key] = self
        self.app.router.add_route("*", "/{tail:.*}", self._dispatch)  # every route, added before or after start
        self._runner = web.AppRunner(self.app, access_log=None)  # an access log line per update is noise
        await self._runner.setup()
        try:
            await web.TCPSite(self._runner, self.host, self.port).start()
        except BaseException:  # the port is taken: nothing is left registered as listening
            self._users = 0
            _listening.pop(key, None)
            await self._runner.cleanup()
            self._runner = None
            raise
        log.debug("web server listening on %s:%s", self.host, self.port)  # the channel says so once it has started

    async def stop(self) -> None:
        if self._joined is not None:
            joined, self._joined = self._joined, None
            for route in self._routes:
                joined._routes.pop(route, None)
            await joined.stop()
            return
        self._users = max(0, self._users - 1)
        if self._users:  # another channel still uses this server
            return
        if _listening.get((self.host, self.port)) is self:
            del _listening[(self.host, self.port)]
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
