"""The terminal chat: the same engine and database, choices as numbers, one line of input at a time."""

from __future__ import annotations

import asyncio
import re
import sys
from pathlib import Path
from typing import TextIO

from core.messages import t
from handlers.engine import Engine
from handlers.types import Choice, Incoming, Kind, Reply

CHANNEL = "console"
_NUMBER = re.compile(r"[0-9]{1,6}")  # ASCII digits only: "²" is text, not choice 2


class ConsoleChat:
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
        self.choices: list[Choice] = []

    async def run(self) -> None:
        """Until end of input."""
        self._print(t("chat.console.intro"))
        # Show where this user stands (the state lives in the database): a restarted chat resumes at that step
        # and its numbered choices are live again.
        self.render(await self.engine.handle(Incoming.from_text(CHANNEL, self.user_id, "/tieptuc")))
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
        number = line.strip()
        if _NUMBER.fullmatch(number) and 1 <= int(number) <= len(self.choices):
            return Incoming(CHANNEL, self.user_id, Kind.CHOICE, payload=self.choices[int(number) - 1].payload)
        return Incoming.from_text(CHANNEL, self.user_id, line)

    async def _notify(self, replies: list[Reply]) -> None:
        """Replies the engine sends before its slow work ("the report is being built")."""
        self.render(replies)

    def render(self, replies: list[Reply]) -> None:
        for reply in replies:
            if reply.text:
                self._print(reply.text)
            if reply.choices:
                self.choices = [c for row in reply.choices for c in row]
                for n, choice in enumerate(self.choices, start=1):
                    self._print(t("chat.console.choice", n=n, label=choice.label))
            for name, content in reply.files:
                self.files_dir.mkdir(parents=True, exist_ok=True)
                path = self.files_dir / Path(name).name
                path.write_bytes(content)
                self._print(t("chat.console.file", name=name, size=len(content), path=path))
        self.stdout.write("\n")
        self.stdout.flush()

    def _print(self, text: str) -> None:
        self.stdout.write(text + "\n")
