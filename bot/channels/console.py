"""The terminal chat: the same engine and database, choices as numbered lines, one line of input at a time.

What each number means is kept by the engine in the participant's state row, not here: a restarted chat, or
another process, reads "2" the same way.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from core.address import Address
from core.messages import t
from handlers.engine import Engine
from handlers.render import numbered
from handlers.types import Incoming, Kind, Reply

CHANNEL = "console"


class ConsoleChat:
    name = CHANNEL

    def __init__(
        self,
        engine: Engine,
        user_id: str,
        *,
        stdin: TextIO | None = None,
        stdout: TextIO | None = None,
        files_dir: Path | None = None,
    ) -> None:
        self.engine = engine
        self.user_id = user_id
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        self.files_dir = files_dir or Path("var") / "chat-files"

    async def run(self) -> None:
        """Until end of input."""
        self._print(t("chat.console.intro"))
        # Show where this user stands (the state lives in the database): a restarted chat resumes at that step
        # and its numbered choices are live again.
        self.render(await self.engine.handle(Incoming(CHANNEL, self.user_id, Kind.RESUME, numbered=True)))
        loop = asyncio.get_running_loop()
        while True:
            line = await loop.run_in_executor(None, self.stdin.readline)
            if not line:
                return
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            self.render(await self.engine.handle(self.incoming(line), notify=self._notify))

    def incoming(self, line: str) -> Incoming:
        return Incoming.from_text(CHANNEL, self.user_id, line, numbered=True)

    async def _notify(self, replies: list[Reply]) -> None:
        """Replies the engine sends before its slow work ("the report is being built")."""
        self.render(replies)

    async def send(self, address: Address, replies: Sequence[Reply]) -> None:
        """The `Sender` port: a message for this terminal's user (anyone else's is not on this screen)."""
        if address.channel != CHANNEL or address.chat_id != self.user_id:
            raise LookupError(f"{address} is not this terminal's user")
        self.render(replies)

    def render(self, replies: Sequence[Reply]) -> None:
        for text in numbered(replies):
            self._print(text)
        for reply in replies:
            for name, content in reply.files:
                self.files_dir.mkdir(parents=True, exist_ok=True)
                path = self.files_dir / Path(name).name
                path.write_bytes(content)
                self._print(t("chat.console.file", name=name, size=len(content), path=path))
        self.stdout.write("\n")
        self.stdout.flush()

    def _print(self, text: str) -> None:
        self.stdout.write(text + "\n")
