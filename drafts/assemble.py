"""Turn a flat sequence of blocks (lines of text, DOCX paragraphs, PDF paragraphs, tables) into an Outline.

Format readers only produce blocks; every rule about what a block means lives here and in drafts.text /
drafts.headings, so the three formats give the same tree.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from drafts.headings import Heading, match_numbered, match_part_or_appendix, split_title
from drafts.model import DraftNotice, Footnote, LineStart, Outline, Paragraph, Position, Section, Table
from drafts.text import (
    clean,
    is_caps,
    is_header_line,
    is_page_furniture,
    is_running_text,
    is_signature,
    is_terminated,
    is_unit_note,
    item_label,
    key_length,
    key_to_offset,
    match_footnote,
    start_kind,
)


@dataclass
class Block:
    """One unit of source: a text line/paragraph (`text`), a table (`rows`) or a footnote the format keeps
    apart from the body (`footnote`: mark and text, e.g. a real Word footnote), with where it starts.

    `marks` are the printed lines of a text block when its layout is known: (offset in the block's match key,
    drafts.text.match_key, where the line starts; page; line on the page; what the line prints before its first
    letter or digit, such as "-" or "("), in order, the first at key offset 0.
    """

    text: str = ""
    rows: list[list[str]] | None = None
    footnote: tuple[str, str] | None = None
    page: int | None = None
    line: int | None = None
    marks: list[tuple[int, int, int, str]] = field(default_factory=list)

    @property
    def position(self) -> Position:
        return Position(page=self.page, line=self.line)


@dataclass
class _Item:
    """A classified block: kind is "table", "noise", "footnote" (a footnote line of the text), "note" (a
    footnote kept apart by the format), "heading" or "text"."""

    kind: str
    block: Block
    text: str = ""
    heading: Heading | None = None
    footnote: tuple[str, str] | None = None


def _classify(blocks: list[Block]) -> list[_Item]:
    items: list[_Item] = []
    after_header = False
    in_appendix = False
    for block in blocks:
        if block.rows is not None:
            items.append(_Item("table", block))
            after_header = False
            continue
        if block.footnote is not None:
            items.append(_Item("note", block, footnote=block.footnote))
            continue
        raw = " ".join(unicodedata.normalize("NFC", block.text).split())
        text = clean(raw)
        if not text or is_page_furniture(text) or is_signature(text):
            items.append(_Item("noise", block))
            continue
        if is_header_line(text, after_header):
            items.append(_Item("noise", block))
            after_header = True
            continue
        after_header = False
        footnote = match_footnote(text)
        if footnote:
            items.append(_Item("footnote", block, text, footnote=footnote))
            continue
        heading = match_part_or_appendix(raw)
        if heading is None and not in_appendix:
            # Inside an appendix numbered lines are table captions or rows ("I. Về kinh tế"), not sections.
            heading = match_numbered(text)
        if heading is not None:
            if heading.kind in ("part", "appendix"):
                in_appendix = heading.kind == "appendix"
            items.append(_Item("heading", block, text, heading=heading))
            continue
        items.append(_Item("text", block, text))
    return items


@dataclass
class _State:
    outline: Outline = field(default_factory=Outline)
    stack: list[Section] = field(default_factory=list)
    order: int = 0
    last_paragraph: Paragraph | None = None
    last_footnote: Footnote | None = None
    footnote_section: Section | None = None  # where last_footnote belongs
    pending_notes: list[Footnote] = field(default_factory=list)  # notes met before the first section
    awaiting_title: Section | None = None  # a part/appendix whose title is on a following line
    title_open: Section | None = None  # a capitalised title that may continue on following lines
    # Printed lines of each paragraph while it grows, by id: (key offset, page, line, lead), as in Block.marks.
    marks: dict[int, list[tuple[int, int, int, str]]] = field(default_factory=dict)

    @property
    def current(self) -> Section | None:
        return self.stack[-1] if self.stack else None


def build_outline(blocks: list[Block]) -> Outline:
    """The section tree of a draft from its blocks in reading order."""
    items = _classify(blocks)
    state = _State()
    for index, item in enumerate(items):
        if item.kind == "noise":
            continue
        if item.kind == "table":
            _add_table(state, item.block)
        elif item.kind == "heading":
            assert item.heading is not None
            _open_section(state, item.heading, item.block)
        elif item.kind == "footnote":
            assert item.footnote is not None
            _add_footnote(state, item.footnote, item.block)
        elif item.kind == "note":
            assert item.footnote is not None
            _add_note(state, item.footnote, item.block)
        else:
            _add_text(state, item.text, item.block, _footnote_follows(items, index))
    _finish_lines(state)
    return state.outline


def _finish_lines(state: _State) -> None:
    """Paragraph line starts are kept as key offsets while paragraphs grow; make them offsets in the text."""
    outline = state.outline
    for paragraph in [*outline.front_matter, *(p for section in outline.walk() for p in section.paragraphs)]:
        lines: list[LineStart] = []
        for key_offset, page, line, lead in state.marks.get(id(paragraph), []):
            if lines and (lines[-1].page, lines[-1].line) == (page, line):
                continue
            lines.append(LineStart(page, line, key_to_offset(paragraph.text, key_offset, lead)))
        paragraph.lines = lines


def _line_starts(block: Block, skip: int = 0, shift: int = 0) -> list[tuple[int, int, int, str]]:
    """The block's printed lines from key offset `skip` on (the line holding `skip` starts at 0), moved by
    `shift`: for text that starts inside the block (a heading's body) or is appended to a paragraph."""
    starts: list[tuple[int, int, int, str]] = []
    for key_offset, page, line, lead in block.marks:
        if key_offset <= skip:
            starts = [(shift, page, line, lead if key_offset == skip else "")]
        else:
            starts.append((key_offset - skip + shift, page, line, lead))
    return starts


def _footnote_follows(items: list[_Item], index: int) -> bool:
    for item in items[index + 1 :]:
        if item.kind not in ("noise", "note"):
            return item.kind == "footnote"
    return False


def _open_section(state: _State, heading: Heading, block: Block) -> None:
    title, body = split_title(heading.title)
    section = Section(label=heading.label, title=title, depth=heading.depth, order=state.order, position=block.position)
    state.order += 1
    while state.stack and state.stack[-1].depth >= section.depth:
        state.stack.pop()
    siblings = state.stack[-1].children if state.stack else state.outline.sections
    if any(sibling.label == section.label for sibling in siblings) and heading.kind != "appendix":
        state.outline.warnings.append(
            DraftNotice("drafts.warn.duplicate_label", label=section.label, title=section.title)
        )
    siblings.append(section)
    state.stack.append(section)
    section.footnotes.extend(state.pending_notes)
    state.pending_notes.clear()
    state.last_paragraph = None
    state.awaiting_title = section if not title and heading.depth == 0 else None
    # Parts, appendices and capitalised roman headings wrap their titles over several lines.
    state.title_open = section if title and heading.depth <= 1 and is_caps(title) and body is None else None
    if body:
        _new_paragraph(state, body, block, skip=max(0, key_length(block.text) - key_length(body)))


def _add_table(state: _State, block: Block) -> None:
    state.awaiting_title = state.title_open = None
    state.last_paragraph = None
    rows = [_trim([clean(cell) for cell in row]) for row in block.rows or []]
    rows = [row for row in rows if row]
    if rows and state.current is not None:
        state.current.tables.append(Table(rows=rows, position=block.position))


def _trim(cells: list[str]) -> list[str]:
    """Trailing empty cells are layout (a grid in DOCX, trailing tabs in text), not content."""
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _add_footnote(state: _State, footnote: tuple[str, str], block: Block) -> None:
    state.awaiting_title = state.title_open = None
    note = Footnote(mark=footnote[0], text=footnote[1], position=block.position)
    if state.current is None:
        _new_paragraph(state, f"{footnote[0]} {footnote[1]}", block)
        return
    state.current.footnotes.append(note)
    state.last_footnote, state.footnote_section = note, state.current


def _add_note(state: _State, footnote: tuple[str, str], block: Block) -> None:
    """A footnote the format kept apart: complete, so nothing continues it and it breaks no paragraph or title.
    The front matter has no footnote list: a note referenced there goes to the first section."""
    note = Footnote(mark=footnote[0], text=clean(footnote[1]), position=block.position)
    if state.current is None:
        state.pending_notes.append(note)
    else:
        state.current.footnotes.append(note)


def _add_text(state: _State, text: str, block: Block, footnote_follows: bool) -> None:
    if state.awaiting_title is not None and not is_unit_note(text):
        state.awaiting_title.title = split_title(text)[0]
        state.title_open = state.awaiting_title if is_caps(text) else None
        state.awaiting_title = None
        return
    if state.title_open is not None and is_caps(text) and not is_unit_note(text):
        state.title_open.title = f"{state.title_open.title} {text}"
        return
    state.title_open = None
    kind = start_kind(text)
    previous, note = state.last_paragraph, state.last_footnote
    note_open = note is not None and not is_terminated(note.text)
    # A lowercase start continues text cut by a page break or a footnote block; when more footnotes follow,
    # it is the tail of the last footnote carried over to the next page's footnote area.
    if kind == "lower":
        if footnote_follows and note_open and note is not None:
            note.text = f"{note.text} {text}"
            return
        if previous is not None:
            _append(state, previous, text, block)
            return
        if note_open and note is not None and state.footnote_section is state.current:
            note.text = f"{note.text} {text}"
            return
    elif (
        kind in ("upper", "digit")
        and previous is not None
        and not is_terminated(previous.text)
        and is_running_text(previous.text)
    ):
        _append(state, previous, text, block)
        return
    _new_paragraph(state, text, block)


def _append(state: _State, paragraph: Paragraph, text: str, block: Block) -> None:
    state.marks.setdefault(id(paragraph), []).extend(_line_starts(block, shift=key_length(paragraph.text)))
    paragraph.text = f"{paragraph.text} {text}"


def _new_paragraph(state: _State, text: str, block: Block, skip: int = 0) -> None:
    """A paragraph of `text`, which starts at key offset `skip` of the block's text."""
    container = state.current.paragraphs if state.current is not None else state.outline.front_matter
    marks = _line_starts(block, skip)
    position = Position(marks[0][1], marks[0][2]) if marks else block.position
    paragraph = Paragraph(number=len(container) + 1, text=text, label=item_label(text), position=position)
    state.marks[id(paragraph)] = marks
    container.append(paragraph)
    state.last_paragraph = paragraph
