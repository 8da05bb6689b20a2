"""The neutral summary: the plan's three parts as plain data. Counts, share words, quotations; no judgement.

Writers (DOCX, XLSX, chat digest) render this; none of them decides anything about the content.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Quote:
    """A group of near-identical comments, quoted once (the earliest one, verbatim) with how many it stands for."""

    text: str
    opinions: int
    comments: int
    paragraph_no: int | None = None
    argued: bool = False


@dataclass
class Amendment:
    """A proposal to change the draft's wording, quoted verbatim with where it applies; identical ones once."""

    location: str
    wording: str
    original: str | None
    proposed: str | None
    reasons: list[str]
    opinions: int
    comments: int


@dataclass
class View:
    """The opinions on one issue that share one stance: "Hầu hết ý kiến (36/41) nhất trí với …".

    A stance (agree, disagree, amend, other) is a share of the stances on its issue, named with the share words.
    General remarks and proposals are not stances: they are counted plainly ("6 ý kiến nêu nhận xét chung …"),
    `level` is "" and `total` is their own count.
    """

    kind: str
    opinions: int
    total: int
    level: str
    sentence: str
    quotes: list[Quote] = field(default_factory=list)
    amendments: list[Amendment] = field(default_factory=list)
    more_groups: int = 0  # near-duplicate groups not quoted in the document (all are in the XLSX)
    more_opinions: int = 0
    note: str = ""


@dataclass
class Issue:
    """A whole draft, a guided topic or a section. Structural headings (ancestors) have no views."""

    kind: str  # document | topic | section
    ref_id: int
    heading: str
    depth: int
    opinions: int = 0
    comments: int = 0
    views: list[View] = field(default_factory=list)


@dataclass
class DocumentPart:
    code: str
    title: str
    opinions: int
    comments: int
    issues: list[Issue]


@dataclass
class CountRow:
    label: str
    comments: int
    opinions: int
    participants: int


@dataclass
class GeneralRemarks:
    comments: int
    opinions: int
    individuals: int
    meetings: int
    attendance: int
    speakers: int
    letters: int
    by_audience: list[CountRow]
    by_unit: list[CountRow]
    by_channel: list[CountRow]
    by_source: list[CountRow]
    trend: list[View]  # the stances over all the content (share words against `trend_total`)
    trend_total: int
    besides_trend: list[View]  # general remarks and proposals: plain counts, not part of the trend
    atmosphere: list[str]
    quality: list[tuple[str, View]]  # (document title, general remarks on the whole draft, as the commenters wrote)

    @property
    def participants(self) -> int:
        return self.individuals + self.attendance + self.letters


@dataclass
class Proposals:
    document_title: str
    total: int
    views: list[View]
    more_groups: int = 0
    more_opinions: int = 0


@dataclass
class ChartRow:
    label: str
    counts: dict[str, int]


@dataclass
class Header:
    parent_organisation: str
    organisation: str
    number: str
    place_date: str
    subject: str
    scope_line: str
    recipients: list[str]
    signer_on_behalf: str
    signer_title: str
    signer_name: str
    as_of: datetime


@dataclass
class Summary:
    header: Header
    part1: GeneralRemarks
    part2: list[DocumentPart]
    part3: list[Proposals]
    chart: list[ChartRow]
    amendment_count: int = 0  # distinct amendments (identical ones once), each quoted in part 2
    amendment_opinions: int = 0  # the opinions proposing them
    proposal_count: int = 0


def in_sentence(title: str) -> str:
    """A draft's title inside a sentence: "Dự thảo Báo cáo …" → "dự thảo Báo cáo …" (an all-caps word stays)."""
    if len(title) > 1 and title[0].isupper() and title[1].islower():
        return title[0].lower() + title[1:]
    return title


def inline_quote(sentence: str, text: str) -> str:
    """ "- <sentence>: “<text>”." without doubling the quote's own full stop."""
    end = "" if text.rstrip().endswith((".", "!", "?", "…")) else "."
    return f"- {sentence}: “{text}”{end}"
