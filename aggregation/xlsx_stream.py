"""A small streaming XLSX writer for big tables: columns in, SpreadsheetML out, one zip entry per sheet.

Why not a library: openpyxl's write-only mode costs about 7 µs a cell here (150 s for a million comments × 21
columns), and XlsxWriter's `constant_memory` mode, measured against this writer on the 1M-comment benchmark with
the same features, took 162 s for the workbook where this one took 64 s (2.5–4.1 times as long over four runs;
bench/README.md, "XLSX writers"). Here a whole column chunk is escaped, styled and concatenated with vectorised
pandas string operations.

What a reader gets: a bold header row, frozen and repeated on every printed page; an autofilter over each table;
long text wrapped; dates as real dates (a number with a date format, which Excel and openpyxl read as a date);
A4 landscape, one page wide, page numbers in the footer; document properties (title, author). Strings are inline
(no shared-string table to hold in memory) and every value stays a string, so a comment beginning with "=" can
never become a formula; a text starting with "=", "+", "-" or "@" also carries Excel's quote prefix
(`quotePrefix`, the leading apostrophe), so that editing the cell keeps it text. Every text goes through
`core.text.clean` (no control character or lone surrogate reaches the XML) and is written in NFC, the same words in
the form Excel's search and filters match. The output is read back by openpyxl and LibreOffice in the tests.
"""

from __future__ import annotations

import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import TracebackType
from typing import IO
from xml.sax.saxutils import escape

import numpy as np
import pandas as pd

from aggregation.safe_text import clean_series
from core.text import clean

_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_NS_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_EMPTY = "<c/>"
# Excel holds at most 32,767 characters (UTF-16 units) in a cell and calls a longer one a damaged file: a longer
# text (a comment sent in many parts) is cut there with "…" (the DOCX quotes it whole).
CELL_MAX = 32_767
FORMULA_START = r"^[=+\-@]"  # what a spreadsheet may take for the start of a formula when the cell is edited
EXCEL_EPOCH = pd.Timestamp("1899-12-30")

# cellXfs, in the order of styles.xml below
HEAD, TEXT, WRAP, TEXT_GUARD, WRAP_GUARD, DATE, TOTAL, TOTAL_NUMBER = range(1, 9)


def _fit(text: str) -> str:
    return text if len(text) <= CELL_MAX // 2 or len(text.encode("utf-16-le")) <= 2 * CELL_MAX else _cut(text)


def _cut(text: str) -> str:
    units = text.encode("utf-16-le")[: 2 * (CELL_MAX - 1)]
    return units.decode("utf-16-le", "ignore") + "…"


def text_cells(values: pd.Series, wrap: bool = True) -> pd.Series:
    """Each value as an inline-string cell (wrapped, or not), with the quote prefix when it looks like a formula;
    missing values as empty cells."""
    present = values.notna() & (values.astype(object) != "")
    out = pd.Series(_EMPTY, index=values.index, dtype=object)
    if present.any():
        body = clean_series(values[present].astype(str)).str.normalize("NFC")
        long = body.str.len() > CELL_MAX // 2
        if long.any():
            body[long] = body[long].map(_fit)
        guard = body.str.contains(FORMULA_START, regex=True)
        plain, guarded = (WRAP, WRAP_GUARD) if wrap else (TEXT, TEXT_GUARD)
        style = pd.Series(f'<c t="inlineStr" s="{plain}">', index=body.index, dtype=object)
        style[guard] = f'<c t="inlineStr" s="{guarded}">'
        body = body.str.replace("&", "&amp;", regex=False).str.replace("<", "&lt;", regex=False)
        body = body.str.replace(">", "&gt;", regex=False)
        out[present] = style + '<is><t xml:space="preserve">' + body + "</t></is></c>"
    return out


def number_cells(values: pd.Series) -> pd.Series:
    present = values.notna()
    out = pd.Series(_EMPTY, index=values.index, dtype=object)
    if present.any():
        out[present] = "<c><v>" + values[present].astype("int64").astype(str) + "</v></c>"
    return out


def date_cells(values: pd.Series) -> pd.Series:
    """Timestamps (local, as people read them) as date cells: Excel's serial day number with a date format."""
    present = values.notna()
    out = pd.Series(_EMPTY, index=values.index, dtype=object)
    if present.any():
        stamps = values[present]
        if getattr(stamps.dt, "tz", None) is not None:
            stamps = stamps.dt.tz_localize(None)  # the local wall time
        serial = ((stamps - EXCEL_EPOCH) / pd.Timedelta(days=1)).to_numpy(dtype="float64")
        text = pd.Series(np.char.mod("%.8f", np.round(serial, 8)), index=stamps.index, dtype=object)
        out[present] = f'<c s="{DATE}"><v>' + text + "</v></c>"
    return out


def _text(value: object) -> str:
    return escape(_fit(unicodedata.normalize("NFC", clean(str(value)))))


def _column(n: int) -> str:
    """1 → "A", 27 → "AA"."""
    name = ""
    while n:
        n, rest = divmod(n - 1, 26)
        name = chr(65 + rest) + name
    return name


def _guarded(text: str) -> bool:
    return text[:1] in ("=", "+", "-", "@")


@dataclass
class _SheetInfo:
    name: str
    last_column: str = ""  # the autofilter's range: A1 to <last_column><last_row>
    last_row: int = 0


class Sheet:
    """A table: the header row bold, frozen and repeated on every printed page; an autofilter over its data rows
    (set on close); A4 landscape, fit to one page wide, page numbers in the footer."""

    def __init__(self, stream: IO[bytes], info: _SheetInfo, headers: Sequence[str], widths: Sequence[float],
                 footer: str = "") -> None:  # fmt: skip
        self.stream, self.info, self.rows, self.ncols, self.footer = stream, info, 0, len(headers), footer
        cols = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(widths, 1))
        self._raw(
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet {_NS} {_NS_R}>'
            '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
            '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
            'state="frozen"/></sheetView></sheetViews>'
            f"<cols>{cols}</cols><sheetData>"
        )
        header = "".join(f'<c t="inlineStr" s="{HEAD}"><is><t>{_text(h)}</t></is></c>' for h in headers)
        self._raw(f'<row r="1">{header}</row>')
        self.rows = 1

    def _raw(self, text: str) -> None:
        self.stream.write(text.encode("utf-8"))

    def write_cells(self, columns: Sequence[pd.Series]) -> None:
        """Append rows given as already-rendered cell columns (see text_cells, number_cells, date_cells)."""
        if not len(columns[0]):
            return
        row = "<row>" + columns[0]
        for col in columns[1:]:
            row = row + col
        self._raw("".join((row + "</row>").tolist()))
        self.rows += len(columns[0])

    def write_rows(self, rows: Sequence[Sequence[object]], *, total: bool = False) -> None:
        """Small tables: plain Python rows (ints as numbers, everything else as wrapped text); `total`: in bold."""
        for values in rows:
            cells = []
            for v in values:
                if isinstance(v, int):
                    cells.append(f'<c s="{TOTAL_NUMBER}"><v>{v}</v></c>' if total else f"<c><v>{v}</v></c>")
                elif v is None:
                    cells.append(_EMPTY)
                else:
                    text = _text(v)
                    style = TOTAL if total else (WRAP_GUARD if _guarded(text) else WRAP)
                    cells.append(f'<c t="inlineStr" s="{style}"><is><t xml:space="preserve">{text}</t></is></c>')
            self._raw("<row>" + "".join(cells) + "</row>")
            self.rows += 1

    def close(self, data_rows: int | None = None) -> None:
        """`data_rows`: the last row the autofilter covers (a total row below it stays put when sorting)."""
        self.info.last_column = _column(self.ncols)
        self.info.last_row = max(self.rows if data_rows is None else data_rows, 1)
        footer = ""
        if self.footer:
            footer = f"<headerFooter><oddFooter>&amp;C{escape(self.footer)}</oddFooter></headerFooter>"
        self._raw(
            f'</sheetData><autoFilter ref="A1:{self.info.last_column}{self.info.last_row}"/>'
            '<pageMargins left="0.5" right="0.4" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>'
            '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
            f"{footer}</worksheet>"
        )
        self.stream.close()


@dataclass
class Properties:
    title: str = ""
    author: str = ""
    created: datetime = field(default_factory=lambda: datetime.now(UTC))


class Workbook:
    """`with Workbook(fileobj, properties) as wb: sheet = wb.sheet(name, headers, widths); …; sheet.close()`."""

    def __init__(self, fileobj: IO[bytes], properties: Properties | None = None, footer: str = "") -> None:
        self.zip = zipfile.ZipFile(fileobj, "w", zipfile.ZIP_DEFLATED, compresslevel=3)
        self.sheets: list[_SheetInfo] = []
        self.properties = properties or Properties()
        self.footer = footer  # e.g. "Trang &P/&N" (page of pages)

    def sheet(self, name: str, headers: Sequence[str], widths: Sequence[float]) -> Sheet:
        info = _SheetInfo(clean(name)[:31])
        self.sheets.append(info)
        path = f"xl/worksheets/sheet{len(self.sheets)}.xml"
        return Sheet(self.zip.open(path, "w", force_zip64=True), info, headers, widths, self.footer)

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if kind is None:
            self._finish()
        self.zip.close()

    def _finish(self) -> None:
        n = len(self.sheets)
        sheets = "".join(
            f'<sheet name="{escape(s.name, {chr(34): "&quot;"})}" sheetId="{i}" r:id="rId{i}"/>'
            for i, s in enumerate(self.sheets, 1)
        )
        names = []  # per sheet: the autofilter's range (as Excel records it) and the rows printed on every page
        for i, s in enumerate(self.sheets):
            quoted = escape("'" + s.name.replace("'", "''") + "'")
            if s.last_row:
                ref = f"{quoted}!$A$1:${s.last_column}${s.last_row}"
                names.append(f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">{ref}'
                             "</definedName>")  # fmt: skip
            names.append(f'<definedName name="_xlnm.Print_Titles" localSheetId="{i}">{quoted}!$1:$1</definedName>')
        defined = f"<definedNames>{''.join(names)}</definedNames>" if names else ""
        stamp = self.properties.created.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        parts = {
            "[Content_Types].xml": (
                '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/>'
                '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                'spreadsheetml.sheet.main+xml"/>'
                '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                'spreadsheetml.styles+xml"/>'
                '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.'
                'core-properties+xml"/>'
                + "".join(
                    f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-'
                    'officedocument.spreadsheetml.worksheet+xml"/>'
                    for i in range(1, n + 1)
                )
                + "</Types>"
            ),
            "_rels/.rels": (
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                'officeDocument" Target="xl/workbook.xml"/>'
                '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
                'metadata/core-properties" Target="docProps/core.xml"/></Relationships>'
            ),
            "docProps/core.xml": (
                '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
                'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/'
                'terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
                f"<dc:title>{_text(self.properties.title)}</dc:title>"
                f"<dc:creator>{_text(self.properties.author)}</dc:creator>"
                f"<cp:lastModifiedBy>{_text(self.properties.author)}</cp:lastModifiedBy>"
                f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
                f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
                "</cp:coreProperties>"
            ),
            "xl/workbook.xml": f"<workbook {_NS} {_NS_R}><sheets>{sheets}</sheets>{defined}</workbook>",
            "xl/_rels/workbook.xml.rels": (
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                + "".join(
                    f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    f'relationships/worksheet" Target="worksheets/sheet{i}.xml"/>'
                    for i in range(1, n + 1)
                )
                + f'<Relationship Id="rId{n + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                'relationships/styles" Target="styles.xml"/></Relationships>'
            ),
            "xl/styles.xml": _STYLES,
        }
        for path, xml in parts.items():
            self.zip.writestr(path, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + xml)


_TOP = '<alignment vertical="top"/>'
_TOP_WRAP = '<alignment vertical="top" wrapText="1"/>'
_STYLES = (
    f"<styleSheet {_NS}>"
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy hh:mm"/></numFmts>'
    '<fonts count="2"><font><sz val="12"/><name val="Times New Roman"/></font>'
    '<font><b/><sz val="12"/><name val="Times New Roman"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFD9D9D9"/><bgColor indexed="64"/></patternFill></fill>'
    "</fills>"
    '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
    '<border><left style="thin"/><right style="thin"/><top style="thin"/><bottom style="thin"/><diagonal/></border>'
    "</borders>"
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="9">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'  # 0 default
    f'<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" '
    f'applyAlignment="1">{_TOP_WRAP}</xf>'  # HEAD
    f'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">{_TOP}</xf>'  # TEXT
    f'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">{_TOP_WRAP}</xf>'  # WRAP
    f'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1" quotePrefix="1">{_TOP}</xf>'
    f'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1" quotePrefix="1">{_TOP_WRAP}'
    "</xf>"  # WRAP_GUARD
    f'<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1">{_TOP}'
    "</xf>"  # DATE
    f'<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1">{_TOP_WRAP}'
    "</xf>"  # TOTAL
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'  # TOTAL_NUMBER
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
