"""The workbook: every comment (anonymised: no name, no channel id, no participant id; phone numbers, e-mail
addresses and ID numbers typed in it masked unless the plan says not) and the count tables, text in NFC
(xlsx_stream), and a last sheet of notes saying so. An amendment's "Nội dung" is only what its author wrote
besides quote, proposal and reason (usually nothing): the reason is in "Lý do" alone.

Every sheet has an autofilter, its header row frozen and printed on every page, A4 landscape one page wide; long
texts are wrapped; "Thời gian" is a date; drafts are named by their title; formula-like text carries the quote
prefix (xlsx_stream).
"""

from __future__ import annotations

import io
from collections.abc import Callable

import pandas as pd

from aggregation.model import CountRow, Summary
from aggregation.participation import label
from aggregation.query import Context, MeetingInfo
from aggregation.safe_text import mask_series
from aggregation.summary import DOC, SECTION, TOPIC, Options
from aggregation.xlsx_stream import Properties, Sheet, Workbook, date_cells, number_cells, text_cells
from core.kinds import KINDS
from core.messages import MESSAGES, t

CHUNK = 20_000  # rows rendered at once: the chunk's cell strings are the writer's memory
# (header key, width, kind): "n" a number, "s" short text, "w" long text (wrapped), "d" a date.
COLUMNS = (
    ("id", 9, "n"),
    ("document", 24, "w"),
    ("audience", 14, "w"),
    ("unit", 16, "w"),
    ("area", 14, "w"),
    ("target", 11, "w"),
    ("topic", 18, "w"),
    ("section", 7, "s"),
    ("section_title", 22, "w"),
    ("paragraph", 6, "n"),
    ("page", 6, "n"),
    ("line", 6, "n"),
    ("kind", 13, "w"),
    ("text", 50, "w"),
    ("quoted_original", 24, "w"),
    ("proposed_text", 24, "w"),
    ("reason", 24, "w"),
    ("channel", 10, "s"),
    ("source", 12, "w"),
    ("represents", 7, "n"),
    ("created_at", 16, "d"),
)
TYPED = frozenset({"text", "quoted_original", "proposed_text", "reason"})  # what people typed: masked


def write_xlsx(
    ctx: Context, frame: pd.DataFrame, summary: Summary, progress: Callable[[int], None] | None = None
) -> bytes:
    masked = Options.from_settings(ctx.report_settings).mask_personal_data
    out = io.BytesIO()
    properties = Properties(title=t("report.xlsx.title"), author=str(ctx.consultation.get("organisation") or ""))
    with Workbook(out, properties, footer=t("report.xlsx.footer", page="&P", pages="&N")) as book:
        sheet = book.sheet(
            t("report.xlsx.sheet.comments"),
            [t(f"report.xlsx.col.{key}") for key, _, _ in COLUMNS],
            [width for _, width, _ in COLUMNS],
        )
        mappers = _mappers(ctx)
        for start in range(0, len(frame), CHUNK):
            part = frame.iloc[start : start + CHUNK]
            cells = []
            for key, _, kind in COLUMNS:
                values = mappers[key](part) if key in mappers else part[key]
                if masked and key in TYPED:
                    values = mask_series(values)
                if kind == "n":
                    cells.append(number_cells(values))
                elif kind == "d":
                    cells.append(date_cells(values))
                else:
                    cells.append(text_cells(values, wrap=kind == "w"))
            sheet.write_cells(cells)
            if progress:
                progress(min(start + CHUNK, len(frame)))
        sheet.close()
        _sections_sheet(book, ctx, frame)
        p = summary.part1
        for key, rows in (("audience", p.by_audience), ("units", p.by_unit), ("channels", p.by_channel)):
            _count_sheet(book, t(f"report.xlsx.sheet.{key}"), rows, p.individuals)
        _meetings_sheets(book, ctx, masked)
        notes = book.sheet(t("report.xlsx.sheet.notes"), [t("report.xlsx.note.head")], [120])
        keys = ("private", "masked" if masked else "unmasked", "nfc", "amend", "sections", "guard")
        notes.write_rows([[t(f"report.xlsx.note.{key}")] for key in keys])
        notes.close()
    return out.getvalue()


def _mappers(ctx: Context) -> dict[str, Callable[[pd.DataFrame], pd.Series]]:
    docs = {d["id"]: d["title"] for d in ctx.documents}  # the draft by its title, as people know it
    units = {i: u["name"] for i, u in ctx.units.items()}
    topics = {i: f"{g['order']}. {g['title']}" for i, g in ctx.topics.items()}
    labels = {i: s.label for i, s in ctx.sections.items()}
    titles = {i: s.title for i, s in ctx.sections.items()}

    def by(column: str, table: dict[int, str]) -> Callable[[pd.DataFrame], pd.Series]:
        return lambda part: part[column].astype(object).map(table)

    def named(column: str, prefix: str) -> Callable[[pd.DataFrame], pd.Series]:
        def run(part: pd.DataFrame) -> pd.Series:
            values = part[column].astype(str)
            return values.map({v: label(prefix, v) for v in values.unique()})

        return run

    return {
        "document": by("document_id", docs),
        "audience": named("audience", "audience"),
        "unit": by("unit_id", units),
        "area": by("area_id", units),
        "target": named("target_kind", "target"),
        "topic": by("topic_id", topics),
        "section": by("section_id", labels),
        "section_title": by("section_id", titles),
        "paragraph": lambda part: part["paragraph_no"],
        "kind": named("kind", "kind"),
        "channel": named("channel", "channel"),
        "source": named("source", "source"),
        "proposed_text": _proposed,
        "quoted_original": _quoted,
    }


def _quoted(part: pd.DataFrame) -> pd.Series:
    """A quote the draft does not contain (kept as its author typed it) is marked, as in the report."""
    unverified = (part["quote_found"] == False).fillna(False)  # noqa: E712 (a nullable boolean column)
    quoted = part["quoted_original"].astype(object)
    return quoted.where(~unverified, quoted.astype(str) + t("report.amend.unverified"))


def _proposed(part: pd.DataFrame) -> pd.Series:
    """An amendment proposing to delete has "" as its new wording: say so, unlike an amendment with none given."""
    deletes = (part["proposed_text"] == "") & (part["kind"].astype(str) == "amend")
    return part["proposed_text"].where(~deletes, t("report.xlsx.deleted"))


def _sections_sheet(book: Workbook, ctx: Context, frame: pd.DataFrame) -> None:
    """Opinions by issue (whole draft, topics, sections in the draft's order) × kind."""
    heads = [t("report.xlsx.col.document"), t("report.xlsx.col.section"), t("report.xlsx.col.section_title")]
    heads += [t(f"report.kind.{k}") for k in KINDS] + [t("report.col.total")]
    sheet = book.sheet(t("report.xlsx.sheet.sections"), heads, [24, 10, 40] + [11] * (len(KINDS) + 1))
    table = frame.groupby(["document_id", "issue_type", "issue_ref", "kind"], observed=True)["represents"].sum()
    counts: dict[tuple[int, int, int], dict[str, int]] = {}
    for (doc, itype, ref, kind), n in table.items():
        counts.setdefault((int(doc), int(itype), int(ref)), {})[str(kind)] = int(n)
    rows: list[list[object]] = []
    for doc in ctx.documents:
        # "Toàn văn" and "Gợi ý 2", never a bare "2" that reads like section 2
        keys = [(DOC, doc["id"], t("report.xlsx.section.whole"), doc["title"])]
        keys += [
            (TOPIC, i, t("report.xlsx.section.topic", order=g["order"]), g["title"])
            for i, g in ctx.topics.items()
            if g["document_id"] == doc["id"]
        ]
        keys += [
            (SECTION, s.id, s.label, s.title)
            for s in sorted(ctx.sections.values(), key=lambda s: s.order)
            if s.document_id == doc["id"]
        ]
        for itype, ref, lab, title in keys:
            by_kind = counts.get((doc["id"], itype, ref))
            if by_kind:
                values = [by_kind.get(k, 0) for k in KINDS]
                rows.append([doc["title"], lab, title, *values, sum(values)])
    sheet.write_rows(rows)
    sheet.close()


def _meetings_sheets(book: Workbook, ctx: Context, masked: bool) -> None:
    """The meetings in scope (attendance, speakers, the atmosphere as recorded) and their votes as counted: a sheet
    each, only when there are any."""
    if not ctx.meetings:
        return
    docs = {d["id"]: d["title"] for d in ctx.documents}

    def shown(text: str) -> str:
        return mask_series(pd.Series([text])).iloc[0] if masked and text else text

    def named(m: MeetingInfo) -> tuple[str, str, str, str]:
        kind = label("meeting", m.kind) if f"report.meeting.{m.kind}" in MESSAGES else t("report.meeting.other")
        unit = ctx.units.get(m.unit_id, {}).get("name", "") if m.unit_id is not None else ""
        return m.held_on.strftime("%d/%m/%Y"), unit, kind, docs.get(m.document_id or 0, "")

    heads = [t(f"report.xlsx.col.meeting_{k}") for k in ("date", "unit", "kind", "document", "attendance",
                                                          "speakers", "atmosphere")]  # fmt: skip
    sheet = book.sheet(t("report.xlsx.sheet.meetings"), heads, [12, 24, 22, 24, 10, 10, 60])
    sheet.write_rows([[*named(m), m.attendance, m.speakers, shown(m.atmosphere)] for m in ctx.meetings])
    sheet.close()
    if not any(m.votes for m in ctx.meetings):
        return
    heads = [t(f"report.xlsx.col.vote_{k}") for k in ("date", "unit", "kind", "question", "agree", "disagree",
                                                       "abstain", "attendance")]  # fmt: skip
    sheet = book.sheet(t("report.xlsx.sheet.votes"), heads, [12, 24, 22, 50, 11, 11, 11, 10])
    rows: list[list[object]] = []
    for m in ctx.meetings:
        day, unit, kind, _doc = named(m)
        rows += [[day, unit, kind, shown(v.question), v.agree, v.disagree, v.abstain, m.attendance] for v in m.votes]
    sheet.write_rows(rows)
    sheet.close()


def _count_sheet(book: Workbook, name: str, rows: list[CountRow], people: int) -> None:
    """A count table and its total, below the filtered range; the total's people are counted once (someone in two
    groups is one person), as in the DOCX appendix."""
    heads = [
        t(k) for k in ("report.col.group", "report.col.comments", "report.col.opinions", "report.col.participants")
    ]
    sheet: Sheet = book.sheet(name, heads, [40, 14, 14, 20])
    sheet.write_rows([[r.label, r.comments, r.opinions, r.participants] for r in rows])
    data_rows = sheet.rows
    if rows:
        total = [t("report.col.total"), sum(r.comments for r in rows), sum(r.opinions for r in rows), people]
        sheet.write_rows([total], total=True)
    sheet.close(data_rows)
