"""The comment kinds, as one table: what each kind is, where it is offered, how the report treats it.

A new kind is one row here plus its catalog keys (`chat.kind.*`, `chat.btn.*`, `chat.view.compose.*`, `report.kind.*`);
the conversation, the summary, the chart and the XLSX read everything else from this table. The values are stored
in the database as strings (no CHECK constraint), so a new row needs no migration.
"""

from __future__ import annotations

import enum

DOCUMENT, TOPIC, SECTION = "document", "topic", "section"  # what a comment is about, as the chat offers it


class CommentKind(enum.StrEnum):
    stance: bool  # a view on an issue, compared with the others by the share words; else counted plainly
    needs_text: bool  # the comment is nothing without words ("Nhất trí" is something without them)
    offered_on: frozenset[str]  # where the chat offers it: the whole draft, a guided topic, a section
    band: int  # in an issue: general remarks first (0), stances by weight (1), specific amendments last (2)
    order: int  # ties within a band, and the order of the report's tables
    chart_colour: str | None  # its bar in the stance chart; None: not drawn
    argued: bool  # a long text of this kind is an argued opinion, quoted in full
    part: int  # the report's part: 2 (the content) or 3 (proposals and recommendations)
    amendment: bool  # quote, new wording and reason instead of a text (handlers/flow/amend.py)

    def __new__(
        cls,
        value: str,
        stance: bool = False,
        needs_text: bool = True,
        offered_on: frozenset[str] = frozenset(),
        band: int = 1,
        order: int = 0,
        chart_colour: str | None = None,
        argued: bool = False,
        part: int = 2,
        amendment: bool = False,
    ) -> CommentKind:
        # Defaults only so that `CommentKind("agree")` (a look-up, never a new member) type-checks.
        member = str.__new__(cls, value)
        member._value_ = value
        member.stance, member.needs_text, member.offered_on = stance, needs_text, offered_on
        member.band, member.order, member.chart_colour = band, order, chart_colour
        member.argued, member.part, member.amendment = argued, part, amendment
        return member

    # fmt: off
    #          value       stance needs_text offered_on                      band order colour     argued part amend
    GENERAL  = "general",  False, True,  frozenset({DOCUMENT}),               0,   0,    "#1e88e5"
    AGREE    = "agree",    True,  False, frozenset({TOPIC, SECTION}),         1,   1,    "#2e7d32"
    DISAGREE = "disagree", True,  True,  frozenset({TOPIC, SECTION}),         1,   2,    "#c62828", True
    AMEND    = "amend",    True,  False, frozenset({SECTION}),                2,   4,    "#f9a825", False, 2, True
    OTHER    = "other",    True,  True,  frozenset({TOPIC, SECTION}),         1,   3,    "#607d8b", True
    PROPOSAL = "proposal", False, True,  frozenset({DOCUMENT}),               1,   5,    None,      False, 3
    # fmt: on


KINDS: tuple[CommentKind, ...] = tuple(CommentKind)
STANCES: tuple[CommentKind, ...] = tuple(k for k in KINDS if k.stance)
# The chart: the stances, then the other kinds drawn as categories of their own (never as a stance).
CHART_KINDS: tuple[CommentKind, ...] = (*STANCES, *(k for k in KINDS if k.chart_colour and not k.stance))


def offered(target: str, *, paragraphs: bool = True) -> list[CommentKind]:
    """The kinds offered on `target`, in the table's order; an amendment only where there are paragraphs to cite."""
    return [k for k in KINDS if target in k.offered_on and (paragraphs or not k.amendment)]


def kind_of(value: object) -> CommentKind | None:
    """The kind named `value` ("agree"), or None."""
    try:
        return CommentKind(str(value))
    except ValueError:
        return None
