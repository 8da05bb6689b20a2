"""What both fake platform servers share: the call log a test reads, waiting for a call, and flood control."""

from __future__ import annotations

import asyncio
import contextlib
import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)
    message_id: int | None = None  # the message it sent or edited (Telegram), once the server has answered


class Recorder:
    """Mixed into a fake server, which sets `calls`, `_new_call`, `rate_limit` and `_window` in its __init__."""

    PLATFORM: ClassVar[str]  # for the message of a test that waited in vain
    SENDS: ClassVar[tuple[str, ...]]  # the methods that put something in front of the person

    calls: list[Call]
    _new_call: asyncio.Event
    rate_limit: float | None  # at most this many messages in any 1-second window (None: no limit)
    _window: deque[float]  # when the messages of the last second were taken

    def _over_rate(self, now: float) -> int | None:
        """None when a message may be taken at `now` (it is counted); else the seconds to wait (at least 1)."""
        assert self.rate_limit is not None
        window = self._window
        while window and window[0] <= now - 1.0:
            window.popleft()
        if len(window) >= self.rate_limit:
            return max(1, math.ceil(window[0] + 1.0 - now))
        window.append(now)
        return None

    # --- what a test checks: what the person saw ---

    def sent(self, chat_id: int | str) -> list[Call]:
        return [c for c in self.calls if c.method in self.SENDS and str(c.params.get("chat_id")) == str(chat_id)]

    def texts(self, chat_id: int | str) -> list[str]:
        return [str(c.params.get("text", "")) for c in self.sent(chat_id) if c.method == "sendMessage"]

    async def wait_for(self, predicate: Callable[[], Any], timeout: float = 10.0) -> Any:
        deadline = time.monotonic() + timeout
        while True:
            result = predicate()
            if result:
                return result
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"the fake {self.PLATFORM} server did not see the expected call in time")
            self._new_call.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._new_call.wait(), min(remaining, 0.5))

    async def wait_text(self, chat_id: int | str, contains: str, *, after: int = 0, timeout: float = 10.0) -> Call:
        """The first sendMessage to `chat_id` (among those after the first `after`) whose text has `contains`."""

        def find() -> Call | None:
            for call in self.sent(chat_id)[after:]:
                if contains in str(call.params.get("text", "")):
                    return call
            return None

        found: Call = await self.wait_for(find, timeout)
        return found
