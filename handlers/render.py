"""Neutral replies as numbered plain text, for channels without buttons (the terminal chat; Zalo next).

The numbers run on across the replies of one answer. The engine keeps what each number means in the
participant's state row (`choice_payloads`), so any worker, and any channel, reads "2" the same way.
"""

from __future__ import annotations

from collections.abc import Sequence

from core.messages import t
from handlers.types import Reply


def choice_payloads(replies: Sequence[Reply]) -> list[str]:
    """The payload of each numbered choice, in the order `numbered` numbers them (1 is the first)."""
    return [choice.payload for reply in replies for row in reply.choices for choice in row if not choice.copy]


def numbered(replies: Sequence[Reply], *, start: int = 0) -> list[str]:
    """One text per reply that has text or choices: the text, then one line per choice ("2. Không nhất trí").
    `start`: choices numbered before these, by earlier replies of the same answer sent apart (the outbox)."""
    out: list[str] = []
    n = start
    for reply in replies:
        lines = [reply.text] if reply.text else []
        for row in reply.choices:
            for choice in row:
                if choice.copy:  # the text to copy is in the message already
                    continue
                n += 1
                lines.append(t("chat.numbered.choice", n=n, label=choice.label))
        if lines:
            out.append("\n".join(lines))
    return out
