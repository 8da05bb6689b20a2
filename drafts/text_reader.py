"""Plain text and Markdown drafts: one block per non-blank line, tab-separated rows as tables.

A text file was never printed: its paragraphs have no page and no line (a line of the file is nowhere on paper),
and the outline says so once (drafts.warn.text_no_pages).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from drafts.assemble import Block, build_outline
from drafts.errors import DraftError
from drafts.model import DraftNotice, Outline


def text_blocks(text: str) -> list[Block]:
    """Blocks of a text: each non-blank line, runs of tabbed lines as tables; no positions.

    A single line with one tab is layout ("Móng Cái 2,<tab>ngày …"), not a table: a table needs two tabbed
    lines in a row or a line with several tabs.
    """
    lines = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks: list[Block] = []
    run: list[tuple[int, str]] = []

    def flush() -> None:
        if len(run) >= 2 or (run and run[0][1].count("\t") >= 2):
            rows = [_cells(line) for _, line in run]
            blocks.append(Block(rows=rows))
        else:
            blocks.extend(Block(text=line.replace("\t", " ")) for _, line in run)
        run.clear()

    for number, line in enumerate(lines, start=1):
        if "\t" in line and line.strip():
            run.append((number, line))
            continue
        flush()
        if line.strip():
            blocks.append(Block(text=line))
    flush()
    return blocks


def _cells(line: str) -> list[str]:
    cells = [cell.strip() for cell in line.split("\t")]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def parse_text(text: str) -> Outline:
    """The outline of a draft given as text. No page or line anywhere, and one warning saying so."""
    outline = build_outline(text_blocks(text))
    outline.warnings.insert(0, DraftNotice("drafts.warn.text_no_pages"))
    return outline


def read_text(path: Path) -> Outline:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DraftError("drafts.bad_encoding", path=str(path)) from exc
    if not text.strip():
        raise DraftError("drafts.empty", path=str(path))
    return parse_text(text)
