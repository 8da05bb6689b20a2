"""The workbook: every comment (anonymised: no name, no channel id, no participant id; phone numbers, e-mail
addresses and ID numbers typed in it masked unless the plan says not) and the count tables, text in NFC
(xlsx_stream), and a last sheet of notes saying so. An amendment's "Nội dung" is only what its author wrote
besides quote, proposal and reason (usually nothing): the reason is in "Lý do" alone.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import pandas as pd

from aggregation.model import CountRow, Summary
from aggregation.participation import label
from aggregation.query import Context
from aggregation.safe_text import mask_series
from aggregation.summary import DOC, SECTION, TOPIC, Options
from aggregation.xlsx_stream import Sheet, Workbook, number_cells, text_cells
from core.kinds import KINDS
from core.messages import t

CHUNK = 50_000
# (header key, width, kind): kind "n" is a number column, "s" text.
COLUMNS = (
    ("id", 10, "n"),
    ("document", 14, "s"),
    ("audience", 16, "s"),
    ("unit", 22, "s"),
    ("area", 18, "s"),
    ("target", 14, "s"),
    ("topic", 24, "s"),
    ("section", 10, "s"),
    ("section_title", 30, "s"),
    ("paragraph", 7, "n"),
    ("page", 7, "n"),
    ("line", 7, "n"),
    ("kind", 16, "s"),
    ("text", 60, "s"),
    ("quoted_original", 30, "s"),
    ("proposed_text", 30, "s"),
    ("reason", 30, "s"),
    ("channel", 12, "s"),
    ("source", 16, "s"),
    ("represents", 9, "n"),
    ("created_at", 17, "s"),
)
TYPED = frozenset({"text", "quoted_original", "proposed_text", "reason"})  # what people typed: masked


def write_xlsx(
    ctx: Context, frame: pd.DataFrame, summary: Summary, progress: Callable[[int], None] | None = None
) -> bytes:
    masked = Options.from_settings(ctx.report_settings).mask_personal_data
    out = io.BytesIO()
    with Workbook(out) as book:
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
                cells.append(number_cells(values) if kind == "n" else text_cells(values))
            sheet.write_cells(cells)
            if progress:
                progress(min(start + CHUNK, len(frame)))
        sheet.close()
        _sections_sheet(book, ctx, frame)
        p = summary.part1
        for key, rows in (("audience", p.by_audience), ("units", p.by_unit), ("channels", p.by_channel)):
            _count_sheet(book, t(f"report.xlsx.sheet.{key}"), rows)
        notes = book.sheet(t("report.xlsx.sheet.notes"), [t("report.xlsx.note.head")], [120])
        keys = ("private", "masked" if masked else "unmasked", "nfc", "amend", "sections")
        notes.write_rows([[t(f"report.xlsx.note.{key}")] for key in keys])
        notes.close()
    return out.getvalue()


def _mappers(ctx: Context) -> dict[str, Callable[[pd.DataFrame], pd.Series]]:
    docs = {d["id"]: d["code"] for d in ctx.documents}
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
        "created_at": lambda part: part["created_at"].dt.strftime("%Y-%m-%d %H:%M"),
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
    sheet = book.sheet(t("report.xlsx.sheet.sections"), heads, [14, 12, 50] + [12] * (len(KINDS) + 1))
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
                rows.append([doc["code"], lab, title, *values, sum(values)])
    sheet.write_rows(rows)
    sheet.close()


def _count_sheet(book: Workbook, name: str, rows: list[CountRow]) -> None:
    heads = [
        t(k) for k in ("report.col.group", "report.col.comments", "report.col.opinions", "report.col.participants")
    ]
    sheet: Sheet = book.sheet(name, heads, [40, 14, 14, 20])
    sheet.write_rows([[r.label, r.comments, r.opinions, r.participants] for r in rows])
    sheet.close()
