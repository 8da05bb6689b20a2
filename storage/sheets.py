"""Spreadsheets of meetings and letters: read within bounds, validated row by row, stored all or nothing.

A secretary fills in the template (`gopy template meeting`, or `/hoinghi mau` in chat) and sends it back to the
bot as a document; an official imports one with `gopy import meetings|letters FILE.xlsx`. Every error names its
sheet, row and column, in Vietnamese; when anything is wrong nothing is stored; the same file taken twice is
recognised by the SHA-256 of its bytes and not counted twice (`records.previous_import`), and a meeting already
recorded (same unit, kind, draft and day) is refused by row, so that an edited copy of a file sent before cannot
count a meeting twice either.

Bounds, checked before openpyxl reads anything (hostile files: bench/bench_hostile_sheets.py):
- the file: at most MAX_FILE_BYTES (2 MB; a filled-in template of 200 meetings and 3,000 opinions is ~0.3 MB);
- the zip: `drafts.zip_guard` with SHEET_LIMITS (16 MB unpacked, 100:1, 100 entries), every part but the
  worksheets and the shared strings at most MAX_PART_BYTES (styles and the workbook are a few KB in a real file),
  no XML part with a document type declaration (an entity bomb: expat stops the amplification, but only after
  ~150 MB of expanded text; a workbook never declares entities);
- the sheets: read with openpyxl in read-only mode, row by row as the XML streams (only the rows the file has:
  a cell at row 1,000,000 is one row, not a million), at most MAX_SHEETS sheets; a sheet with more data rows than
  its cap is refused at the first row over it, before the rest is read; cells right of MAX_COLUMN are not read;
  a cell longer than its column's limit is an error of its row; a formula is an error of its cell (its value
  would be what Excel last computed, or nothing).
"""

from __future__ import annotations

import hashlib
import io
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import openpyxl
from sqlalchemy.orm import Session

from core import clock
from core.kinds import KINDS, CommentKind
from core.messages import t
from core.text import label_key
from drafts.errors import DraftError
from drafts.zip_guard import ZipLimits, check_zip
from storage import queries, records
from storage.errors import UserError
from storage.models import Document, MeetingKind, Section, SenderKind, TargetKind, Unit, UnitKind
from storage.records import LetterIn, MeetingIn, OpinionIn, VoteIn
from storage.roles import units as plan_units

MB = 1024 * 1024
MAX_FILE_BYTES = 2 * MB
SHEET_LIMITS = ZipLimits(max_uncompressed_bytes=16 * MB, max_ratio=100, ratio_min_bytes=1 * MB, max_entries=100)
MAX_PART_BYTES = 1 * MB
MAX_SHEETS = 20
MAX_COLUMN = 26  # column Z: the templates use A to I
MAX_ERRORS = 25  # listed; the rest counted
SHORT, LONG, ATMOSPHERE = 200, 20_000, 4_000  # characters in a cell

MEETINGS, LETTERS = "meetings", "letters"
# Excel's day numbers (1900 system) of 01/01/2000 and 31/12/2099, and day 0 (Excel counts a 29/02/1900 that never
# was, so days from 01/03/1900 on are counted from 30/12/1899).
EXCEL_DAYS = (36_526, 73_050)
EXCEL_EPOCH = datetime(1899, 12, 30)


class SheetError(UserError):
    """The file is refused: one problem about the file (its own catalog key), or the problems of its rows."""


# --- the templates' sheets and columns ----------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    kind: str  # "text" | "int" | "date"
    required: bool = False
    limit: int = SHORT
    minimum: int = 0

    @property
    def header(self) -> str:
        return t(f"sheet.col.{self.key}")


@dataclass(frozen=True)
class SheetSpec:
    key: str  # catalog: sheet.name.<key>
    columns: tuple[Column, ...]
    max_rows: int
    optional: bool = False  # the sheet may be left out (no votes)

    @property
    def name(self) -> str:
        return t(f"sheet.name.{self.key}")


OPINION_TARGET = (
    Column("topic", "int", minimum=1),
    Column("section", "text"),
    Column("paragraph", "int", minimum=1),
)
MEETING_SHEETS = (
    SheetSpec(
        "meetings",
        (
            Column("meeting", "text", required=True),
            Column("unit", "text"),
            Column("meeting_kind", "text", required=True),
            Column("document", "text"),
            Column("held_on", "date", required=True),
            Column("attendance", "int", required=True, minimum=1),
            Column("speakers", "int", required=True),
            Column("atmosphere", "text", limit=ATMOSPHERE),
        ),
        max_rows=200,
    ),
    SheetSpec(
        "opinions",
        (
            Column("meeting", "text", required=True),
            Column("opinion_kind", "text", required=True),
            *OPINION_TARGET,
            Column("text", "text", limit=LONG),
            Column("represents", "int", minimum=1),
        ),
        max_rows=3_000,
    ),
    SheetSpec(
        "votes",
        (
            Column("meeting", "text", required=True),
            Column("question", "text", required=True, limit=ATMOSPHERE),
            Column("agree", "int", required=True),
            Column("disagree", "int", required=True),
            Column("abstain", "int", required=True),
        ),
        max_rows=500,
        optional=True,
    ),
)
LETTER_SHEETS = (
    SheetSpec(
        "letters",
        (
            Column("letter", "text", required=True),
            Column("sender", "text", required=True),
            Column("received_on", "date", required=True),
            Column("unit", "text"),
            Column("reference", "text", limit=ATMOSPHERE),
        ),
        max_rows=500,
    ),
    SheetSpec(
        "letter_opinions",
        (
            Column("letter", "text", required=True),
            Column("document", "text"),
            Column("opinion_kind", "text", required=True),
            *OPINION_TARGET,
            Column("text", "text", limit=LONG),
        ),
        max_rows=3_000,
    ),
)
SPECS = {MEETINGS: MEETING_SHEETS, LETTERS: LETTER_SHEETS}


def meeting_kind_label(kind: MeetingKind) -> str:
    return t(f"records.meeting.{kind.value}")


def sender_label(kind: SenderKind) -> str:
    return t(f"records.sender.{kind.value}")


def opinion_kind_label(kind: CommentKind) -> str:
    return t(f"chat.kind.{kind.value}")


def _choices(labels: dict[str, Any]) -> dict[str, Any]:
    """Typed words → value: each label and each value, without accents, case or edge punctuation."""
    out: dict[str, Any] = {}
    for label, value in labels.items():
        out[label_key(label)] = value
        out[label_key(str(value.value if hasattr(value, "value") else value))] = value
    return out


def meeting_kinds() -> dict[str, MeetingKind]:
    return _choices({meeting_kind_label(k): k for k in MeetingKind})


def sender_kinds() -> dict[str, SenderKind]:
    return _choices({sender_label(k): k for k in SenderKind})


def opinion_kinds() -> dict[str, CommentKind]:
    return _choices({opinion_kind_label(k): k for k in KINDS})


# --- reading within bounds ----------------------------------------------------------------------------------


@dataclass
class Row:
    number: int  # as the spreadsheet numbers it
    values: dict[str, Any]  # column key → value, typed (str, int, date), absent when the cell is empty


@dataclass
class RawBook:
    """A workbook's rows, typed; the problems found so far (types, formulas, lengths)."""

    kind: str
    sheets: dict[str, list[Row]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _kind_of(sheetnames: list[str], name: str) -> str:
    """MEETINGS or LETTERS, by the sheets the workbook has; SheetError if neither."""
    names = {label_key(n) for n in sheetnames}
    if label_key(t("sheet.name.meetings")) in names:
        return MEETINGS
    if label_key(t("sheet.name.letters")) in names:
        return LETTERS
    raise SheetError("sheet.not_template", name=name)


class _open:
    """openpyxl's read-only workbook over `data`, once the bounds have passed; closed on exit."""

    def __init__(self, data: bytes, name: str) -> None:
        self.data, self.name = data, name
        self.book: Any = None

    def __enter__(self) -> Any:
        data, name = self.data, self.name
        if len(data) > MAX_FILE_BYTES:
            raise SheetError("sheet.too_large", name=name, size=size_mb(len(data)), limit=size_mb(MAX_FILE_BYTES))
        stream = io.BytesIO(data)
        try:
            check_zip(stream, SHEET_LIMITS, name=name)
            stream.seek(0)
            with zipfile.ZipFile(stream) as package:
                for entry in package.infolist():
                    if not _is_data_part(entry.filename) and entry.file_size > MAX_PART_BYTES:
                        raise SheetError(
                            "sheet.part_too_large", name=name, part=entry.filename, size=size_mb(entry.file_size)
                        )
                    if _declares_entities(package, entry):
                        raise SheetError("sheet.entities", name=name, part=entry.filename)
            stream.seek(0)
            self.book = openpyxl.load_workbook(stream, read_only=True, data_only=False, keep_links=False)
        except DraftError as exc:  # the zip guard's refusals, said of a spreadsheet
            raise SheetError(exc.code.replace("drafts.", "sheet."), **exc.params) from None
        except SheetError:
            raise
        except (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError, OSError) as exc:
            raise SheetError("sheet.not_xlsx", name=name) from exc
        except Exception as exc:  # openpyxl on a zip that is not a workbook (missing parts, bad XML)
            raise SheetError("sheet.not_xlsx", name=name) from exc
        if len(self.book.sheetnames) > MAX_SHEETS:
            self.book.close()
            raise SheetError("sheet.too_many_sheets", name=name, limit=MAX_SHEETS)
        return self.book

    def __exit__(self, *exc: object) -> None:
        if self.book is not None:
            self.book.close()


def _declares_entities(package: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bool:
    """True when an XML part has a document type declaration (where entities are declared). A workbook never has
    one; an entity bomb does, and even where expat stops its amplification the text it expands first costs
    ~150 MB. Read in chunks (the zip guard has bounded every part's size already)."""
    if not entry.filename.endswith((".xml", ".rels", ".vml")):
        return False
    tail = b""
    with package.open(entry) as stream:
        while chunk := stream.read(64 * 1024):
            if b"<!DOCTYPE" in tail + chunk or b"<!ENTITY" in tail + chunk:
                return True
            tail = chunk[-16:]
    return False


def _is_data_part(part: str) -> bool:
    return part.startswith("xl/worksheets/sheet") or part == "xl/sharedStrings.xml"


def size_mb(size: int) -> str:
    return f"{size / MB:.1f}".replace(".", ",")


def read(data: bytes, name: str, kind: str | None = None) -> RawBook:
    """The workbook's rows of `kind`'s sheets (None: as its sheets say), typed and checked cell by cell (no
    database)."""
    with _open(data, name) as book:
        if kind is None:
            kind = _kind_of(book.sheetnames, name)
        elif kind not in SPECS:
            raise ValueError(kind)
        raw = RawBook(kind)
        by_key = {label_key(n): n for n in book.sheetnames}
        for spec in SPECS[kind]:
            title = by_key.get(label_key(spec.name))
            if title is None:
                if not spec.optional:
                    raise SheetError("sheet.missing_sheet", name=name, sheet=spec.name)
                raw.sheets[spec.key] = []
                continue
            try:
                raw.sheets[spec.key] = _read_sheet(book, book[title], spec, raw.problems, name)
            except SheetError:
                raise
            except Exception as exc:  # a sheet's XML that does not parse (broken, an entity bomb expat stops)
                raise SheetError("sheet.not_xlsx", name=name) from exc
    return raw


def _cells(book: Any, sheet: Any) -> Iterator[tuple[int, list[dict[str, Any]]]]:
    """The rows the sheet's XML has, as (row number, cells), streamed: openpyxl's own read-only parser, without the
    empty rows `iter_rows` makes up for the gaps between them."""
    from openpyxl.worksheet._reader import WorkSheetParser

    with sheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,
            data_only=False,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        yield from parser.parse()


def _read_sheet(book: Any, sheet: Any, spec: SheetSpec, problems: list[str], name: str) -> list[Row]:
    headers: dict[int, Column] | None = None
    rows: list[Row] = []
    for number, cells in _cells(book, sheet):
        if headers is None:
            present = [c for c in cells if c.get("column", MAX_COLUMN + 1) <= MAX_COLUMN and not _blank(c.get("value"))]
            if not present:
                continue  # blank rows above the header
            headers = _headers(spec, present, number, name)
            continue
        present = [c for c in cells if c.get("column") in headers and not _blank(c.get("value"))]
        if not present:
            continue  # a blank row, or notes in a column of the user's own
        if len(rows) >= spec.max_rows:
            limit = f"{spec.max_rows:,}".replace(",", ".")
            raise SheetError("sheet.too_many_rows", name=name, sheet=spec.name, limit=limit, row=number)
        values: dict[str, Any] = {}
        for cell in present:
            column = headers[cell["column"]]
            value = _typed(cell, column, spec, number, problems)
            if value is not None:
                values[column.key] = value
        for column in spec.columns:
            if column.required and column.key not in values and not _failed(problems, spec, number, column):
                problems.append(problem(spec, number, column, t("sheet.err.required")))
        rows.append(Row(number, values))
    if headers is None:
        raise SheetError("sheet.no_header", name=name, sheet=spec.name, columns=_column_list(spec))
    return rows


def _headers(spec: SheetSpec, cells: list[dict[str, Any]], number: int, name: str) -> dict[int, Column]:
    wanted = {label_key(c.header): c for c in spec.columns}
    found: dict[int, Column] = {}
    for cell in cells:
        column = wanted.get(label_key(str(cell["value"])))
        if column is not None and column not in found.values():
            found[cell["column"]] = column
    missing = [c.header for c in spec.columns if c not in found.values()]
    if missing:
        raise SheetError(
            "sheet.wrong_columns",
            name=name,
            sheet=spec.name,
            row=number,
            missing="; ".join(f"«{m}»" for m in missing),
            columns=_column_list(spec),
        )
    return found


def _column_list(spec: SheetSpec) -> str:
    return "; ".join(f"«{c.header}»" for c in spec.columns)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(column))


def problem(spec: SheetSpec, row: int, column: Column | None, what: str) -> str:
    """One problem, named by sheet, row and column ("Trang «Ý kiến», dòng 7, cột «Số người cùng ý kiến»: …")."""
    if column is None:
        return t("sheet.problem_row", sheet=spec.name, row=row, what=what)
    return t("sheet.problem", sheet=spec.name, row=row, column=column.header, what=what)


def _failed(problems: list[str], spec: SheetSpec, row: int, column: Column) -> bool:
    head = t("sheet.problem", sheet=spec.name, row=row, column=column.header, what="")
    return any(p.startswith(head) for p in problems)


def _typed(cell: dict[str, Any], column: Column, spec: SheetSpec, row: int, problems: list[str]) -> Any:
    """The cell's value as the column wants it, or None (and its problem noted)."""
    value = cell.get("value")

    def bad(key: str, **fields: object) -> None:
        problems.append(problem(spec, row, column, t(key, **fields)))

    if cell.get("data_type") == "f":
        bad("sheet.err.formula", formula=_short(str(value)))
        return None
    if column.kind == "text":
        if isinstance(value, (bool, datetime, date)):
            bad("sheet.err.text")
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value).strip()
        if len(text) > column.limit:
            bad("sheet.err.too_long", n=f"{len(text):,}".replace(",", "."), limit=f"{column.limit:,}".replace(",", "."))
            return None
        return text
    if column.kind == "int":
        number: int | None = None
        if isinstance(value, bool):
            number = None
        elif isinstance(value, int):
            number = value
        elif isinstance(value, float) and value.is_integer():
            number = int(value)
        elif isinstance(value, str) and value.strip().isascii() and value.strip().isdigit() and len(value) < 10:
            number = int(value.strip())
        if number is None or number < column.minimum or number > 1_000_000:
            bad("sheet.err.int", minimum=column.minimum, value=_short(str(value)))
            return None
        return number
    # a date
    day: date | None = None
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool) and EXCEL_DAYS[0] <= value <= EXCEL_DAYS[1]:
        day = (EXCEL_EPOCH + timedelta(days=int(value))).date()  # a date typed in a cell formatted as a number
    elif isinstance(value, str) and len(value) < 40:
        try:
            day = clock.parse_date(value)
        except ValueError:
            day = None
    if day is None:
        bad("sheet.err.date", value=_short(str(value)))
        return None
    if day > clock.today() or day.year < 2000:
        bad("sheet.err.date_range", value=day.strftime("%d/%m/%Y"))
        return None
    return day


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- validating against the plan, and storing ---------------------------------------------------------------


@dataclass(frozen=True)
class Who:
    """Who takes the file in: a secretary for the own unit only (`own_unit`; an empty unit cell is the own unit);
    an official or the command line for any unit (an empty unit cell: the ward itself, no unit)."""

    participant_id: int | None
    own_unit: Unit | None = None
    any_unit: bool = True


@dataclass(frozen=True)
class ImportResult:
    kind: str
    records: int
    opinions: int
    votes: int = 0
    already: datetime | None = None  # the same file was taken at that moment: nothing done now
    already_records: int = 0


def take(
    session: Session,
    data: bytes,
    name: str,
    who: Who,
    now: datetime,
    kind: str | None = None,
    *,
    allowed: tuple[str, ...] = (MEETINGS, LETTERS),
) -> ImportResult:
    """Read, validate and store a spreadsheet of meetings or letters (`kind`, or as its sheets say; one of
    `allowed`) in the caller's transaction: everything, or nothing and a SheetError. The same bytes taken before:
    nothing done, the earlier import said (`already`)."""
    key = digest(data)
    for earlier_kind in (kind,) if kind is not None else (MEETINGS, LETTERS):
        earlier = records.previous_import(session, earlier_kind, key)
        if earlier is not None:
            return ImportResult(earlier_kind, 0, 0, already=clock.as_utc(earlier.imported_at),
                                already_records=earlier.records)  # fmt: skip
    raw = read(data, name, kind)
    kind = raw.kind
    if kind not in allowed:
        raise SheetError(f"sheet.{kind}_refused", name=name)
    if kind == MEETINGS:
        meetings = _meetings(session, raw, who)
        _refuse(raw, name)
        imported = records.record_import(session, kind, key, who.participant_id, now)
        for meeting in meetings:
            records.save_meeting(session, meeting, recorded_by=who.participant_id, now=now,
                                 sheet_import_id=imported.id)  # fmt: skip
        imported.records = len(meetings)
        return ImportResult(
            kind, len(meetings), sum(len(m.opinions) for m in meetings), sum(len(m.votes) for m in meetings)
        )
    letters = _letters(session, raw)
    _refuse(raw, name)
    imported = records.record_import(session, kind, key, who.participant_id, now)
    for letter in letters:
        records.save_letter(session, letter, recorded_by=who.participant_id, now=now, sheet_import_id=imported.id)
    imported.records = len(letters)
    return ImportResult(kind, len(letters), sum(len(x.opinions) for x in letters))


def _refuse(raw: RawBook, name: str) -> None:
    if not raw.problems:
        return
    shown = raw.problems[:MAX_ERRORS]
    more = len(raw.problems) - len(shown)
    items = "\n".join(f"• {p}" for p in shown) + (("\n" + t("sheet.more_errors", n=more)) if more else "")
    raise SheetError("sheet.refused", name=name, n=len(raw.problems), items=items)


class _Check:
    """The problems of one row, noted as they are found; `ok` while there is none."""

    def __init__(self, problems: list[str], spec: SheetSpec, row: Row) -> None:
        self.problems, self.spec, self.row = problems, spec, row
        self.ok = True

    def bad(self, key: str, what: str) -> None:
        self.ok = False
        self.problems.append(problem(self.spec, self.row.number, _column(self.spec, key), what))


def _spec(kind: str, key: str) -> SheetSpec:
    return next(s for s in SPECS[kind] if s.key == key)


def _column(spec: SheetSpec, key: str) -> Column:
    return next(c for c in spec.columns if c.key == key)


class _Plan:
    """The plan's units and drafts, looked up by the codes a sheet gives (any case); each draft's sections read
    once for all its rows."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.units = {u.code.casefold(): u for u in plan_units(session)}
        self.documents = records.documents(session)
        self.by_code = {d.code.casefold(): d for d in self.documents}
        self._paths: dict[int, dict[int, tuple[Section, str]]] = {}

    def paths(self, document_id: int) -> dict[int, tuple[Section, str]]:
        if document_id not in self._paths:
            self._paths[document_id] = records.section_paths(self.session, document_id)
        return self._paths[document_id]

    def document(self, code: str | None) -> Document | str | None:
        """The draft a cell names; the only draft when the cell is empty and the plan has one; else a problem."""
        if code:
            found = self.by_code.get(code.casefold())
            if found is None:
                return t("sheet.err.document", code=code, codes=", ".join(d.code for d in self.documents) or "—")
            return found
        if len(self.documents) == 1:
            return self.documents[0]
        return t("sheet.err.document_required", codes=", ".join(d.code for d in self.documents) or "—")


def _unit(plan: _Plan, code: str | None, who: Who) -> Unit | str | None:
    """The unit a row is for (None: the ward itself), or a problem: a secretary's rows are the own unit's."""
    if not code:
        return who.own_unit
    unit = plan.units.get(code.casefold())
    if unit is None:
        return t("sheet.err.unit", code=code)
    if not who.any_unit and (who.own_unit is None or unit.id != who.own_unit.id):
        own = who.own_unit.code if who.own_unit is not None else "—"
        return t("sheet.err.not_own_unit", code=unit.code, own=own)
    return unit


def _meetings(session: Session, raw: RawBook, who: Who) -> list[MeetingIn]:
    plan = _Plan(session)
    spec = _spec(MEETINGS, "meetings")
    kinds = meeting_kinds()
    found: dict[str, MeetingIn] = {}
    rows_of: dict[str, int] = {}
    for row in raw.sheets["meetings"]:
        v = row.values
        check = _Check(raw.problems, spec, row)
        bad = check.bad
        ident = str(v.get("meeting", ""))
        if ident and label_key(ident) in rows_of:
            bad("meeting", t("sheet.err.duplicate_key", row=rows_of[label_key(ident)]))
        elif ident:
            rows_of[label_key(ident)] = row.number
        kind = kinds.get(label_key(str(v["meeting_kind"]))) if "meeting_kind" in v else None
        if "meeting_kind" in v and kind is None:
            bad("meeting_kind", t("sheet.err.choice", value=_short(str(v["meeting_kind"])),
                                  choices="; ".join(meeting_kind_label(k) for k in MeetingKind)))  # fmt: skip
        unit = _unit(plan, v.get("unit"), who)
        if isinstance(unit, str):
            bad("unit", unit)
        elif unit is None and not who.any_unit:
            bad("unit", t("sheet.err.unit_required"))
        doc = plan.document(v.get("document"))
        if isinstance(doc, str):
            bad("document", doc)
        attendance, speakers = v.get("attendance"), v.get("speakers")
        if isinstance(attendance, int) and isinstance(speakers, int) and speakers > attendance:
            bad("speakers", t("sheet.err.speakers", speakers=speakers, attendance=attendance))
        if not check.ok or not ident or kind is None or not isinstance(doc, Document) or "held_on" not in v:
            continue
        if attendance is None or speakers is None:
            continue
        meeting = MeetingIn(
            unit_id=unit.id if isinstance(unit, Unit) else None,
            kind=kind,
            document_id=doc.id,
            held_on=v["held_on"],
            attendance=attendance,
            speakers=speakers,
            atmosphere=str(v.get("atmosphere", "")),
        )
        stored = records.duplicate(session, meeting)
        if stored is not None:
            bad("held_on", t("sheet.err.already_recorded", id=stored.id))
            continue
        found[label_key(ident)] = meeting
    known = {label_key(str(r.values.get("meeting", ""))) for r in raw.sheets["meetings"]}
    ops = _spec(MEETINGS, "opinions")
    for row in raw.sheets["opinions"]:
        key = label_key(str(row.values.get("meeting", "")))
        held = found.get(key)
        if held is None:
            if key and key not in known:
                raw.problems.append(problem(ops, row.number, _column(ops, "meeting"),
                                            t("sheet.err.no_meeting", ident=row.values.get("meeting"))))  # fmt: skip
            continue
        opinion = _opinion(plan, ops, row, held.document_id, raw.problems)
        if opinion is None:
            continue
        if opinion.represents > held.attendance:
            over = t("sheet.err.represents", n=opinion.represents, attendance=held.attendance)
            raw.problems.append(problem(ops, row.number, _column(ops, "represents"), over))
            continue
        held.opinions.append(opinion)
    votes = _spec(MEETINGS, "votes")
    for row in raw.sheets["votes"]:
        key = label_key(str(row.values.get("meeting", "")))
        voted = found.get(key)
        if voted is None:
            if key and key not in known:
                raw.problems.append(problem(votes, row.number, _column(votes, "meeting"),
                                            t("sheet.err.no_meeting", ident=row.values.get("meeting"))))  # fmt: skip
            continue
        v = row.values
        if not all(k in v for k in ("question", "agree", "disagree", "abstain")):
            continue
        vote = VoteIn(str(v["question"]), v["agree"], v["disagree"], v["abstain"])
        if vote.total > voted.attendance or vote.total == 0:
            tally = t("sheet.err.tally", total=vote.total, attendance=voted.attendance)
            raw.problems.append(problem(votes, row.number, None, tally))
            continue
        voted.votes.append(vote)
    return list(found.values())


def _letters(session: Session, raw: RawBook) -> list[LetterIn]:
    plan = _Plan(session)
    spec = _spec(LETTERS, "letters")
    senders = sender_kinds()
    found: dict[str, LetterIn] = {}
    rows_of: dict[str, int] = {}
    anyone = Who(None)
    for row in raw.sheets["letters"]:
        v = row.values
        check = _Check(raw.problems, spec, row)
        bad = check.bad
        ident = str(v.get("letter", ""))
        if ident and label_key(ident) in rows_of:
            bad("letter", t("sheet.err.duplicate_key", row=rows_of[label_key(ident)]))
        elif ident:
            rows_of[label_key(ident)] = row.number
        sender = senders.get(label_key(str(v["sender"]))) if "sender" in v else None
        if "sender" in v and sender is None:
            bad("sender", t("sheet.err.choice", value=_short(str(v["sender"])),
                            choices="; ".join(sender_label(k) for k in SenderKind)))  # fmt: skip
        unit = _unit(plan, v.get("unit"), anyone)
        if isinstance(unit, str):
            bad("unit", unit)
        if not check.ok or not ident or sender is None or "received_on" not in v:
            continue
        found[label_key(ident)] = LetterIn(
            sender, v["received_on"], unit.id if isinstance(unit, Unit) else None, str(v.get("reference", ""))
        )
    known = {label_key(str(r.values.get("letter", ""))) for r in raw.sheets["letters"]}
    ops = _spec(LETTERS, "letter_opinions")
    for row in raw.sheets["letter_opinions"]:
        key = label_key(str(row.values.get("letter", "")))
        letter = found.get(key)
        if letter is None:
            if key and key not in known:
                raw.problems.append(problem(ops, row.number, _column(ops, "letter"),
                                            t("sheet.err.no_letter", ident=row.values.get("letter"))))  # fmt: skip
            continue
        doc = plan.document(row.values.get("document"))
        if isinstance(doc, str) or doc is None:
            raw.problems.append(problem(ops, row.number, _column(ops, "document"), str(doc)))
            continue
        opinion = _opinion(plan, ops, row, doc.id, raw.problems)
        if opinion is not None:
            letter.opinions.append(opinion)
    empty = [r for k, r in rows_of.items() if k in found and not found[k].opinions]
    for number in empty:
        raw.problems.append(problem(spec, number, None, t("sheet.err.no_opinions")))
    return list(found.values())


def _opinion(plan: _Plan, spec: SheetSpec, row: Row, document_id: int, problems: list[str]) -> OpinionIn | None:
    """An opinion row: its stance, its target in the draft (a guided topic, a section, a paragraph, or the whole
    draft), its text and how many held it."""
    v = row.values
    before = len(problems)

    def bad(key: str, what: str) -> None:
        problems.append(problem(spec, row.number, _column(spec, key), what))

    kind = opinion_kinds().get(label_key(str(v["opinion_kind"]))) if "opinion_kind" in v else None
    if "opinion_kind" in v and kind is None:
        bad("opinion_kind", t("sheet.err.choice", value=_short(str(v["opinion_kind"])),
                              choices="; ".join(opinion_kind_label(k) for k in KINDS)))  # fmt: skip
    target, topic_id, section_id, para = TargetKind.DOCUMENT, None, None, v.get("paragraph")
    if "topic" in v and "section" in v:
        bad("section", t("sheet.err.topic_and_section"))
    elif "topic" in v:
        topic = records.topic_by_order(plan.session, document_id, v["topic"])
        if topic is None:
            bad("topic", t("sheet.err.topic", n=v["topic"]))
        else:
            target, topic_id = TargetKind.TOPIC, topic.id
    elif "section" in v:
        matches = records.find_sections(plan.session, document_id, str(v["section"]), plan.paths(document_id))
        if not matches:
            bad("section", t("sheet.err.section", label=_short(str(v["section"]))))
        elif len(matches) > 1:
            bad("section", t("sheet.err.section_ambiguous", label=_short(str(v["section"])),
                             paths=", ".join(p for _, p in matches[:8])))  # fmt: skip
        else:
            target, section_id = TargetKind.SECTION, matches[0][0].id
    if para is not None:
        if section_id is None and "section" not in v:
            bad("paragraph", t("sheet.err.paragraph_needs_section"))
        elif section_id is not None:
            if queries.paragraph(plan.session, section_id, para) is None:
                bad("paragraph", t("sheet.err.paragraph", n=para))
            else:
                target = TargetKind.PARAGRAPH
    if kind is not None and kind in records.WHOLE_DRAFT_ONLY and target != TargetKind.DOCUMENT:
        bad("opinion_kind", t("sheet.err.whole_draft_only", kind=opinion_kind_label(kind)))
    text = str(v.get("text", ""))
    if kind is not None and kind.needs_text and not text:
        bad("text", t("sheet.err.text_required", kind=opinion_kind_label(kind)))
    if len(problems) > before or kind is None:
        return None
    return OpinionIn(kind, document_id, target, topic_id, section_id, para if target == TargetKind.PARAGRAPH else None,
                     text, int(v.get("represents", 1)))  # fmt: skip


# --- the templates ------------------------------------------------------------------------------------------


def template(kind: str, session: Session | None = None) -> bytes:
    """The workbook a secretary or an official fills in: a sheet of instructions with the plan's codes (when a
    session is given), the data sheets with their headers, lists of the allowed words in a sheet of their own."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    book = openpyxl.Workbook()
    guide = book.active
    guide.title = t("sheet.name.guide")
    lines = t(f"sheet.guide.{kind}").split("\n")
    if session is not None:
        units = plan_units(session)
        docs = records.documents(session)
        if units:
            lines += ["", t("sheet.guide.units")]
            lines += [t("sheet.guide.code", code=u.code, name=u.name) for u in units if u.kind != UnitKind.AREA or
                      kind == MEETINGS]  # fmt: skip
        if docs:
            lines += ["", t("sheet.guide.documents")]
            lines += [t("sheet.guide.code", code=d.code, name=d.title) for d in docs]
            for d in docs:
                paths = records.section_paths(session, d.id)
                if paths:
                    lines += ["", t("sheet.guide.sections", code=d.code)]
                    lines += [t("sheet.guide.code", code=p, name=s.title) for s, p in list(paths.values())[:400] if p]
    for number, line in enumerate(lines, start=1):
        guide.cell(row=number, column=1, value=line)
    guide.column_dimensions["A"].width = 120
    lists = book.create_sheet(t("sheet.name.lists"))
    choices = {
        "meeting_kind": [meeting_kind_label(k) for k in MeetingKind],
        "opinion_kind": [opinion_kind_label(k) for k in KINDS],
        "sender": [sender_label(k) for k in SenderKind],
    }
    refs: dict[str, str] = {}
    for col, (key, labels) in enumerate(choices.items(), start=1):
        lists.cell(row=1, column=col, value=t(f"sheet.col.{key}")).font = Font(bold=True)
        for r, label in enumerate(labels, start=2):
            lists.cell(row=r, column=col, value=label)
        letter = _letter(col)
        refs[key] = f"'{lists.title}'!${letter}$2:${letter}${len(labels) + 1}"
        lists.column_dimensions[letter].width = 32
    lists.sheet_state = "hidden"
    for spec in SPECS[kind]:
        sheet = book.create_sheet(spec.name)
        for col, column in enumerate(spec.columns, start=1):
            cell = sheet.cell(row=1, column=col, value=column.header)
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            sheet.column_dimensions[_letter(col)].width = 60 if column.limit > SHORT else 18
            if column.key in refs:
                check = DataValidation(type="list", formula1=f"={refs[column.key]}", allow_blank=True)
                check.add(f"{_letter(col)}2:{_letter(col)}{spec.max_rows + 1}")
                sheet.add_data_validation(check)
            if column.kind == "date":
                for r in range(2, 52):
                    sheet.cell(row=r, column=col).number_format = "DD/MM/YYYY"
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def template_name(kind: str) -> str:
    return t(f"sheet.file.{kind}")
