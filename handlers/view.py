"""The answer to one message as one message, on a channel that edits its messages (Telegram).

The conversation has one live message: the view the person acts on (a section with its buttons, a question). A
button pressed on it is answered by editing that message in place, so a stance costs one edit and no message piles
up on the phone; text typed is answered by one new message, which becomes the live one (the channel takes the
keyboard off the one before). Channels without edits (Zalo, the terminal) get the replies as they were said.
"""

from __future__ import annotations

from handlers.types import Choice, Reply

# Telegram's limit for a message's text; an answer longer than this goes out as it was said, in several messages.
MESSAGE_LIMIT = 4096


def one_message(replies: list[Reply], *, edit: str | None, toast: str = "", unkey: str | None = None) -> list[Reply]:
    """`replies` joined into one message (its buttons the rows of all of them, in order) replacing message `edit`
    when given, then any files as documents of their own; unchanged (but for the edit) when too long to join.
    `unkey`: the last message known to carry buttons, for the channel to take them off when it sends a new one
    and has lost track (a restart)."""
    said = [r for r in replies if r.text or r.choices]
    files = [(name, content) for r in replies for name, content in r.files]
    if not said:
        return [Reply("", files=files)] if files else []
    text = "\n\n".join(r.text for r in said if r.text)
    rows: list[list[Choice]] = [row for r in said for row in r.choices]
    if len(text) > MESSAGE_LIMIT:  # a long digest, a long comment quoted back: sent as said, none edited
        out = [Reply(r.text, r.choices, unkey=unkey) for r in said]
        out[0].toast = toast
    else:
        out = [Reply(text, rows, edit=edit, toast=toast, unkey=unkey)]
    if files:
        out.append(Reply("", files=files))
    return out
