"""Pages and lines of a Word draft as printed: the file is laid out by LibreOffice and each block of the DOCX is
found in the printed lines of that PDF.

A DOCX holds no pages: they exist only once a word processor lays the text out. So the draft is converted with
LibreOffice (`soffice --headless --convert-to pdf`, a private profile in a temporary folder, at most
RENDER_TIMEOUT seconds, its whole process group killed afterwards), the PDF's lines are read as any PDF draft's
(drafts.pdf_reader), and the blocks are matched in order against them by their letters and digits alone
(drafts.text.match_key: spacing, hyphenation, bullets, tabs and footnote marks do not matter). A footnote is
looked for from the paragraph that references it on: its lines sit at the foot of the page, after the body lines
that follow the reference. A block not found keeps no page rather than a guessed one.

Without LibreOffice (not installed, GOPY_SOFFICE naming a missing program or empty), on a timeout or a failed
conversion, no block has a page or a line, and the outline says why once (a catalog key in Outline.warnings).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from drafts.assemble import Block
from drafts.errors import DraftError
from drafts.model import DraftNotice
from drafts.pdf_text import PdfLine
from drafts.text import lead_of, match_key

SOFFICE_ENV = "GOPY_SOFFICE"  # the LibreOffice program to lay drafts out with; empty: none
# Seconds LibreOffice may take: the seed draft ×4 (334 pages) takes 9.8 s here, so 40 s is 3× a 400-page draft,
# and the largest DOCX the zip guard lets through (49 MB of XML: 7-11 s in python-docx) stays under a minute.
RENDER_TIMEOUT = 40.0
MAX_SKIP = 80  # lines passed over inside one block: a footnote area, the next page's header
WINDOW = 400  # lines looked ahead for the start of a block
TABLE_WINDOW = 60  # …of a table, whose first cell may be a word found in any table
SLACK = 3  # letters or digits a printed line may hold beyond its block (a field, a mark)


def find_soffice() -> str | None:
    """The LibreOffice program: $GOPY_SOFFICE if set (empty: none), else soffice or libreoffice on the PATH."""
    configured = os.environ.get(SOFFICE_ENV)
    if configured is not None:
        configured = configured.strip()
        if not configured:
            return None
        return shutil.which(configured) or (configured if Path(configured).is_file() else None)
    return shutil.which("soffice") or shutil.which("libreoffice")


def printed_lines(path: Path, timeout: float | None = None) -> tuple[list[list[PdfLine]] | None, DraftNotice | None]:
    """The printed lines of the DOCX at `path`, page by page, or None and the reason as a warning. `timeout`:
    seconds LibreOffice is given (RENDER_TIMEOUT)."""
    timeout = RENDER_TIMEOUT if timeout is None else timeout
    soffice = find_soffice()
    if soffice is None:
        return None, DraftNotice("drafts.warn.no_layout")
    with tempfile.TemporaryDirectory(prefix="gopy-layout-") as tmp:
        folder = Path(tmp)
        source = folder / "draft.docx"  # a plain name: the PDF's name is then known, whatever the upload's
        shutil.copyfile(path, source)
        command = [
            soffice,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",  # private: no clash with a running LibreOffice
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ]
        try:
            finished = _run(command, folder, timeout)
        except OSError:
            return None, DraftNotice("drafts.warn.no_layout")
        if not finished:
            return None, DraftNotice("drafts.warn.layout_timeout", seconds=f"{timeout:g}")
        pdf = folder / "draft.pdf"
        if not pdf.is_file():
            return None, DraftNotice("drafts.warn.layout_failed")
        from drafts.pdf_reader import pdf_lines

        try:
            return pdf_lines(pdf), None
        except DraftError:
            return None, DraftNotice("drafts.warn.layout_failed")


def _run(command: list[str], folder: Path, timeout: float) -> bool:
    """Run LibreOffice in a process group of its own; False when it had to be killed past `timeout`."""
    environment = {**os.environ, "HOME": str(folder)}  # nothing written to the user's own profile or home
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=folder,
        env=environment,
        start_new_session=True,
    )
    try:
        process.wait(timeout=timeout)
        return True  # whether it made a PDF is seen from the PDF
    except subprocess.TimeoutExpired:
        return False
    finally:
        _kill_group(process)


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """soffice starts soffice.bin: kill the whole group it leads (only its own processes), then reap it."""
    killpg = getattr(os, "killpg", None)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        if killpg is not None:
            killpg(process.pid, signal.SIGKILL)
        else:  # pragma: no cover - not POSIX
            process.kill()
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)


# --- matching blocks to printed lines ---------------------------------------------------------------------


@dataclass
class _Printed:
    lines: list[PdfLine]
    keys: list[str]
    cells: list[list[str]]  # the keys of each line's segments: a table row prints pieces of several cells
    used: list[bool]

    def candidates(self, start: int) -> range:
        return range(start, min(len(self.lines), start + WINDOW))


def apply_layout(blocks: list[Block], pages: list[list[PdfLine]]) -> None:
    """Give each block the page and line where it is printed, and its printed lines (Block.marks); a block not
    found keeps none."""
    lines = [line for page in pages for line in page]
    cells = [[match_key(segment.text) for segment in line.segments] for line in lines]
    printed = _Printed(lines, ["".join(keys) for keys in cells], cells, [False] * len(lines))
    cursor = 0  # the first line not yet consumed by the body
    anchor = 0  # the first line of the last body block: where its footnotes are looked for from
    for block in blocks:
        block.page = block.line = None
        block.marks = []
        if block.rows is not None:
            found = _match_table(printed, block.rows, cursor)
            if found is not None:
                anchor, cursor = found[0], found[-1] + 1
                _place(block, printed, [(0, found[0])])
            continue
        if block.footnote is not None:
            mark, text = block.footnote
            matched = _match_text(printed, match_key(mark) + match_key(text), anchor)
            if matched is not None:
                _place(block, printed, matched)
            continue
        matched = _match_text(printed, match_key(block.text), cursor)
        if matched is not None:
            anchor, cursor = matched[0][1], matched[-1][1] + 1
            _place(block, printed, matched)


def _place(block: Block, printed: _Printed, matched: list[tuple[int, int]]) -> None:
    for _, index in matched:
        printed.used[index] = True
    block.marks = []
    for offset, index in matched:
        line = printed.lines[index]
        block.marks.append((offset, line.page, line.number, lead_of(line.text)))
    block.page, block.line = block.marks[0][1], block.marks[0][2]


def _fits(key: str, line_key: str) -> bool:
    """The printed line holds the next letters of the block: all of it, or the block's end plus a few more."""
    return key.startswith(line_key) or (line_key.startswith(key) and len(line_key) - len(key) <= SLACK)


def _match_text(printed: _Printed, key: str, start: int) -> list[tuple[int, int]] | None:
    """[(key offset, line index)] of the printed lines that hold `key`, the first found from `start` on."""
    if not key:
        return None
    for first in printed.candidates(start):
        line_key = printed.keys[first]
        if printed.used[first] or not line_key or not _fits(key, line_key):
            continue
        matched = [(0, first)]
        position = min(len(line_key), len(key))
        index, skipped = first + 1, 0
        while position < len(key) and index < len(printed.lines) and skipped <= MAX_SKIP:
            line_key = printed.keys[index]
            if not printed.used[index] and line_key and _fits(key[position:], line_key):
                matched.append((position, index))
                position += min(len(line_key), len(key) - position)
                skipped = 0
            elif line_key:
                skipped += 1
            index += 1
        if position == len(key):
            return matched
    return None


def _match_table(printed: _Printed, rows: list[list[str]], start: int) -> list[int] | None:
    """The printed lines of a table: from a line that starts with its first cell, the unbroken run of lines each
    of whose segments (pieces of cells) is in the table's letters, until the table's letters are used up. A
    table cut by a page header ends there: only where it starts matters, and the rest of its rows are no block's
    start."""
    cells = [match_key(cell) for row in rows for cell in row]
    table = "".join(cells)
    head = next((cell for cell in cells if cell), "")[:12]
    if not head:
        return None
    for first in printed.candidates(start)[:TABLE_WINDOW]:
        line_key, piece = printed.keys[first], next((cell for cell in printed.cells[first] if cell), "")
        if printed.used[first] or not piece or not (piece.startswith(head) or head.startswith(piece)):
            continue
        found, total = [first], len(line_key)
        index = first + 1
        while total < len(table) - SLACK and index < len(printed.lines):
            line_key = printed.keys[index]
            if printed.used[index] or not all(cell in table for cell in printed.cells[index]):
                break  # short cells are in any table: only an unbroken run of lines is taken
            found.append(index)
            total += len(line_key)
            index += 1
        for index in found:
            printed.used[index] = True
        return found
    return None
