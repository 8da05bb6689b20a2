"""The neutral summary: the plan's three parts as plain data. Counts, share words, quotations; no judgement.

Writers (DOCX, XLSX, chat digest) render this; none of them decides anything about the content.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from core.messages import t


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
    phrase: str = ""  # the share words and counts alone, "Đa số ý kiến (31/48)" (the digest's short form)


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
    individuals: int  # distinct people who commented themselves (chat, or entered for them one by one)
    meetings: int
    attendance: int
    speakers: int
    letters: int  # distinct letters (written submissions), each counted once however many opinions it holds
    by_audience: list[CountRow]
    by_unit: list[CountRow]
    by_channel: list[CountRow]
    by_source: list[CountRow]
    trend: list[View]  # the stances over all the content (share words against `trend_total`)
    trend_total: int
    besides_trend: list[View]  # general remarks and proposals: plain counts, not part of the trend
    atmosphere: list[str]
    quality: list[tuple[str, View]]  # (document title, general remarks on the whole draft, as the commenters wrote)
    votes: list[str] = field(default_factory=list)  # each vote of the meetings in scope, as counted

    @property
    def participants(self) -> int:
        """People: those who commented themselves and the attendance of recorded meetings. A letter is counted as
        a letter beside them, not as a person (its writers are unknown, and may be counted already)."""
        return self.individuals + self.attendance


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
    """The party document frame (Hướng dẫn 36-HD/VPTW). `number`, `signer_title` and `signer_name` are what the
    report prints: a value, or a visible blank that says what is missing ("Số …-BC/ĐU", "(chức vụ)")."""

    parent_organisation: str
    organisation: str
    number: str
    place_date: str
    subject: str
    scope_line: str
    recipients: list[str]  # each ending with "," and the last ("Lưu …") with "."
    signer_on_behalf: str
    signer_title: str
    signer_name: str
    as_of: datetime
    intro: str = ""  # "Thực hiện Kế hoạch số … ngày … của …, …:"
    signer_title_missing: bool = False
    signer_name_missing: bool = False
    number_missing: bool = False


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


STOPS = (".", "!", "?", "…")
CLOSERS = '”’")]»'


def ends_sentence(text: str) -> bool:
    """True when `text` already ends a sentence: a stop, possibly inside closing quotes or brackets ("…bền vững.”")."""
    return text.rstrip().rstrip(CLOSERS).endswith(STOPS)


def stop(text: str) -> str:
    """`text` ended with a full stop, never a second one ("…”." after a quote that ends with its own stop)."""
    text = text.rstrip()
    return text if not text or ends_sentence(text) else text + "."


def inline_quote(sentence: str, text: str) -> str:
    """ "- <sentence>: “<text>”." without doubling the quote's own full stop."""
    return stop(f"- {sentence}: “{text}”")


def end_of_text(line: str) -> str:
    """The text's last sentence closed with "./." (its own full stop becomes part of the mark)."""
    line = line.rstrip()
    return (line[:-1] if line.endswith(".") else line) + t("report.doc.end")


def amendment_line(item: Amendment) -> str:
    """ "+ Tại …: đề nghị sửa “a” thành “b”. Lý do: “x”; “y”. (3 ý kiến)": one full stop after each part (none
    added after a quote that ends with its own), and one "Lý do:" for all the reasons of merged amendments."""
    line = stop(f"+ {t('report.amend.item', location=item.location, wording=item.wording)}")
    if item.reasons:
        line += " " + stop(t("report.amend.reason", reasons="; ".join(f"“{r}”" for r in item.reasons)))
    if item.opinions > 1:
        line += f" {t('report.quote.count', n=item.opinions)}"
    return line


def view_line(view: View) -> str:
    """ "- <sentence>:" before its quotes, "- <sentence>." alone."""
    return f"- {view.sentence}:" if view.quotes or view.amendments else stop(f"- {view.sentence}")


def quote_line(quote: Quote) -> str:
    where = t("report.quote.paragraph", n=quote.paragraph_no) if quote.paragraph_no is not None else ""
    count = f" {t('report.quote.count', n=quote.opinions)}" if quote.opinions > 1 else ""
    return f"+ {where}“{quote.text}”{count}"
