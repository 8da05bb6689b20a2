"""The comments workbook written with XlsxWriter in `constant_memory` mode, with the same features as gopy's own
writer (aggregation/xlsx_writer.py over aggregation/xlsx_stream.py): kept only as the other side of
`bench_report.py --xlsx-compare`, which measured it at 2.5-4.1 times the time of gopy's writer (bench/README.md).
Needs `pip install 'XlsxWriter>=3.2'` (not a dependency of gopy).
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from aggregation.model import CountRow, Summary
from aggregation.participation import label
from aggregation.query import Context
from aggregation.safe_text import clean_series, mask_series
from aggregation.summary import DOC, SECTION, TOPIC, Options
from core.kinds import KINDS
from core.messages import t
from core.text import clean

CHUNK = 50_000
CELL_MAX = 32_767  # Excel's limit, in UTF-16 units
FORMULA_START = ("=", "+", "-", "@")  # what a spreadsheet may read as the start of a formula when the cell is edited
EXCEL_EPOCH = pd.Timestamp("1899-12-30")
DATE_FORMAT = "dd/mm/yyyy hh:mm"

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
    ("created_at", 15, "d"),
)
TYPED = frozenset({"text", "quoted_original", "proposed_text", "reason"})  # what people typed: masked


def fit(text: str) -> str:
    """`text` within Excel's 32,767 UTF-16 units: a longer one is cut there with "…"."""
    if len(text) <= CELL_MAX // 2 or len(text.encode("utf-16-le")) <= 2 * CELL_MAX:
        return text
    units = text.encode("utf-16-le")[: 2 * (CELL_MAX - 1)]
    return units.decode("utf-16-le", "ignore") + "…"


def safe_text(value: object) -> str:
    """One value as the workbook writes it: cleaned, NFC, within a cell's limit."""
    return fit(unicodedata.normalize("NFC", clean(str(value))))


def text_column(values: pd.Series) -> list[str | None]:
    """A column of texts as the workbook writes them; missing or empty values as None (an empty cell)."""
    present = values.notna() & (values.astype(object) != "")
    out: list[str | None] = [None] * len(values)
    if present.any():
        body = clean_series(values[present].astype(str)).str.normalize("NFC")
        long = body.str.len() > CELL_MAX // 2
        if long.any():
            body[long] = body[long].map(fit)
        positions = np.flatnonzero(present.to_numpy())
        for pos, text in zip(positions.tolist(), body.tolist(), strict=True):
            out[pos] = text
    return out


def number_column(values: pd.Series) -> list[float | None]:
    present = values.notna().to_numpy()
    numbers = values.astype("float64").to_numpy(na_value=np.nan) if present.any() else np.zeros(len(values))
    return [float(v) if ok else None for v, ok in zip(numbers.tolist(), present.tolist(), strict=True)]


def date_column(values: pd.Series) -> list[float | None]:
    """Local timestamps as Excel date serials (days since 1899-12-30): with a date format, a real date cell."""
    if not len(values):
        return []
    wall = values.dt.tz_localize(None) if getattr(values.dt, "tz", None) is not None else values
    serial = (wall - EXCEL_EPOCH) / pd.Timedelta(days=1)
    return number_column(serial)


@dataclass
class _Formats:
    head: Format
    text: Format
    wrap: Format
    text_guard: Format
    wrap_guard: Format
    date: Format
    total: Format
    total_number: Format

    @classmethod
    def of(cls, book: xlsxwriter.Workbook) -> _Formats:
        base = {"font_name": "Times New Roman", "font_size": 12, "valign": "top"}

        def fmt(**props: Any) -> Format:
            return book.add_format({**base, **props})

        return cls(
            head=fmt(bold=True, text_wrap=True, border=1, bg_color="#D9D9D9"),
            text=fmt(),
            wrap=fmt(text_wrap=True),
            text_guard=fmt(quote_prefix=True),
            wrap_guard=fmt(text_wrap=True, quote_prefix=True),
            date=fmt(num_format=DATE_FORMAT),
            total=fmt(bold=True, text_wrap=True),
            total_number=fmt(bold=True),
        )


def _guarded(text: str) -> bool:
    return text.startswith(FORMULA_START)


class _Sheet:
    """One table: a bold header row, frozen and repeated on every printed page; an autofilter over the data rows;
    A4 landscape, one page wide, page numbers in the footer."""

    def __init__(self, book: xlsxwriter.Workbook, formats: _Formats, name: str, headers: Sequence[str],
                 widths: Sequence[float]) -> None:  # fmt: skip
        self.ws: Worksheet = book.add_worksheet(safe_text(name)[:31])
        self.f, self.ncols, self.row = formats, len(headers), 1
        for col, width in enumerate(widths):
            self.ws.set_column(col, col, width)
        for col, head in enumerate(headers):
            self.ws.write_string(0, col, safe_text(head), formats.head)
        self.ws.freeze_panes(1, 0)
        self.ws.repeat_rows(0)
        self.ws.set_landscape()
        self.ws.set_paper(9)  # A4
        self.ws.set_margins(left=0.5, right=0.4, top=0.6, bottom=0.6)
        self.ws.fit_to_pages(1, 0)
        self.ws.set_footer("&C" + t("report.xlsx.footer", page="&P", pages="&N"))

    def text(self, col: int, value: str, wrap: bool = True) -> None:
        guard = _guarded(value)
        fmt = (self.f.wrap_guard if guard else self.f.wrap) if wrap else (self.f.text_guard if guard else self.f.text)
        self.ws.write_string(self.row, col, value, fmt)

    def rows(self, rows: Sequence[Sequence[object]]) -> None:
        """Small tables: ints as numbers, everything else as (wrapped) text."""
        for values in rows:
            for col, value in enumerate(values):
                if isinstance(value, int):
                    self.ws.write_number(self.row, col, value)
                elif value is not None:
                    self.text(col, safe_text(value))
            self.row += 1

    def total(self, values: Sequence[object]) -> None:
        """A total row below the filtered range (sorting the table never moves it)."""
        for col, value in enumerate(values):
            if isinstance(value, int):
                self.ws.write_number(self.row, col, value, self.f.total_number)
            else:
                self.ws.write_string(self.row, col, safe_text(value), self.f.total)
        self.row += 1

    def close(self, data_rows: int | None = None) -> None:
        last = self.row - 1 if data_rows is None else data_rows
        self.ws.autofilter(0, 0, max(last, 0), self.ncols - 1)


def write_xlsx(
    ctx: Context, frame: pd.DataFrame, summary: Summary, progress: Callable[[int], None] | None = None
) -> bytes:
    masked = Options.from_settings(ctx.report_settings).mask_personal_data
    out = io.BytesIO()
    book = xlsxwriter.Workbook(
        out,
        {
            "constant_memory": True,  # one row in memory at a time; strings inline, no shared-string table
            "strings_to_formulas": False,  # belt and braces: every text goes through write_string anyway
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    book.set_properties({"title": t("report.xlsx.title"), "author": ctx.consultation.get("organisation") or ""})
    formats = _Formats.of(book)
    _comments_sheet(book, formats, ctx, frame, masked, progress)
    _sections_sheet(book, formats, ctx, frame)
    p = summary.part1
    for key, rows in (("audience", p.by_audience), ("units", p.by_unit), ("channels", p.by_channel)):
        _count_sheet(book, formats, t(f"report.xlsx.sheet.{key}"), rows, p.individuals)
    notes = _Sheet(book, formats, t("report.xlsx.sheet.notes"), [t("report.xlsx.note.head")], [120])
    keys = ("private", "masked" if masked else "unmasked", "nfc", "amend", "sections", "guard")
    notes.rows([[t(f"report.xlsx.note.{key}")] for key in keys])
    notes.close()
    book.close()
    return out.getvalue()


def _comments_sheet(book: xlsxwriter.Workbook, formats: _Formats, ctx: Context, frame: pd.DataFrame, masked: bool,
                    progress: Callable[[int], None] | None) -> None:  # fmt: skip
    sheet = _Sheet(
        book,
        formats,
        t("report.xlsx.sheet.comments"),
        [t(f"report.xlsx.col.{key}") for key, _, _ in COLUMNS],
        [width for _, width, _ in COLUMNS],
    )
    ws, mappers = sheet.ws, _mappers(ctx)
    write_string, write_number = ws.write_string, ws.write_number
    styles = {"s": (formats.text, formats.text_guard), "w": (formats.wrap, formats.wrap_guard)}
    for start in range(0, len(frame), CHUNK):
        part = frame.iloc[start : start + CHUNK]
        columns: list[tuple[int, str, list[Any]]] = []
        for col, (key, _, kind) in enumerate(COLUMNS):
            values = mappers[key](part) if key in mappers else part[key]
            if masked and key in TYPED:
                values = mask_series(values)
            if kind == "n":
                columns.append((col, kind, number_column(values)))
            elif kind == "d":
                columns.append((col, kind, date_column(values)))
            else:
                columns.append((col, kind, text_column(values)))
        row = sheet.row
        for i in range(len(part)):
            for col, kind, cells in columns:
                value = cells[i]
                if value is None:
                    continue
                if kind == "n":
                    write_number(row, col, value)
                elif kind == "d":
                    write_number(row, col, value, formats.date)
                else:
                    plain, guard = styles[kind]
                    write_string(row, col, value, guard if value.startswith(FORMULA_START) else plain)
            row += 1
        sheet.row = row
        if progress:
            progress(min(start + CHUNK, len(frame)))
    sheet.close()


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


def _sections_sheet(book: xlsxwriter.Workbook, formats: _Formats, ctx: Context, frame: pd.DataFrame) -> None:
    """Opinions by issue (whole draft, topics, sections in the draft's order) × kind."""
    heads = [t("report.xlsx.col.document"), t("report.xlsx.col.section"), t("report.xlsx.col.section_title")]
    heads += [t(f"report.kind.{k}") for k in KINDS] + [t("report.col.total")]
    sheet = _Sheet(book, formats, t("report.xlsx.sheet.sections"), heads, [24, 10, 40] + [11] * (len(KINDS) + 1))
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
    sheet.rows(rows)
    sheet.close()


def _count_sheet(book: xlsxwriter.Workbook, formats: _Formats, name: str, rows: list[CountRow], people: int) -> None:
    """A count table and its total; the people of the total are counted once (someone in two groups is one
    person), as in the DOCX appendix."""
    heads = [t(k) for k in ("report.col.group", "report.col.comments", "report.col.opinions",
                            "report.col.participants")]  # fmt: skip
    sheet = _Sheet(book, formats, name, heads, [40, 14, 14, 20])
    sheet.rows([[r.label, r.comments, r.opinions, r.participants] for r in rows])
    data_rows = sheet.row - 1
    if rows:
        sheet.total([t("report.col.total"), sum(r.comments for r in rows), sum(r.opinions for r in rows), people])
    sheet.close(data_rows)
