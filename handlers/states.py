"""The conversation's vocabulary: its steps (one per participant, stored in their state row) and the actions its
buttons carry. Action values are short: they travel in button payloads (Telegram allows 64 bytes)."""

from __future__ import annotations

import enum


class Step(enum.StrEnum):
    NEW = "new"  # first contact: nothing shown yet
    CONSENT = "consent"  # the privacy notice
    REFUSED = "refused"  # consent refused: nothing is stored but that
    ROLE = "role"
    AREA = "area"
    DOCS = "docs"  # the drafts open for comment
    OUTLINE = "outline"  # a draft's guided topics and paged outline
    SECTION = "section"  # one section, its numbered paragraphs and the stance buttons
    TOPIC = "topic"  # one guided topic
    COMPOSE = "compose"  # typing a comment
    AMEND_PARA = "amend_para"  # an amendment: which paragraph
    AMEND_QUOTE = "amend_quote"  # … the draft's exact words
    AMEND_NEW = "amend_new"  # … the proposed wording (or "bỏ")
    AMEND_REASON = "amend_reason"  # … why
    CONFIRM = "confirm"  # the comment as it will be recorded
    REDO = "redo"  # "Sửa lại": another text, another kind, or one part of an amendment
    PENDING = "pending"  # a command asked to leave a comment being written: go on, or drop it?
    MINE = "mine"  # /ykiencuatoi


class Action(enum.StrEnum):
    CONSENT = "con"
    CHANGE_PROFILE = "prof"
    ROLE = "role"
    AREA = "area"
    DOCUMENT = "doc"
    DOCUMENTS = "docs"
    PAGE = "pg"
    TOC = "toc"
    SECTION = "sec"
    NEXT_SECTION = "nx"
    TOPIC = "top"
    LOOSE_AS_GENERAL = "loose"
    KIND = "k"
    SEND = "send"
    CANCEL = "cx"
    BACK = "back"
    REDO = "re"
    REKIND = "rk"
    REDO_PART = "ra"
    CONFIRM = "cf"
    PARAGRAPH = "para"
    KEEP_QUOTE = "keep"
    KEEP_REASON = "rkeep"
    PENDING_RESUME = "pres"
    PENDING_DROP = "pdrop"
    MINE_PAGE = "mpg"
    MINE_EDIT = "me"
    MINE_WITHDRAW = "mw"


# Steps in the middle of writing a comment: /huy leaves them; /start, /gopy, /ykiencuatoi ask first.
COMPOSING = frozenset(
    {
        Step.COMPOSE,
        Step.AMEND_PARA,
        Step.AMEND_QUOTE,
        Step.AMEND_NEW,
        Step.AMEND_REASON,
        Step.CONFIRM,
        Step.REDO,
        Step.PENDING,
    }
)
