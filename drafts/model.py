"""The section tree a draft is read into. Plain dataclasses: no database, no I/O."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol


@dataclass
class Position:
    """Where a piece of text starts on paper: printed page (1-based) and line on that page (1-based, running
    headers, footers and page numbers not counted), when known. A text draft has neither: it was never printed."""

    page: int | None = None
    line: int | None = None


class LineStart(NamedTuple):
    """A printed line of a paragraph: its page and line on that page, and the offset in the paragraph's text of
    its first character."""

    page: int
    line: int
    offset: int


@dataclass
class Paragraph:
    """A numbered paragraph of a section. `number` counts within the section from 1.

    `label` keeps a printed item label such as "(7)" so that a comment can cite it. `lines` are the printed lines
    it occupies, in order (empty when the layout is unknown): `position_of` turns an offset in `text` into the
    page and line where that character is printed.
    """

    number: int
    text: str
    label: str | None = None
    position: Position = field(default_factory=Position)
    lines: list[LineStart] = field(default_factory=list)


class HasLines(Protocol):
    """Anything that keeps a paragraph's line starts: a drafts.Paragraph, or a stored row with the same list (as
    JSON: lists of three integers; None where the draft has no printed layout)."""

    @property
    def lines(self) -> Sequence[Sequence[int]] | None: ...


def position_of(paragraph: HasLines, offset: int) -> tuple[int | None, int | None]:
    """(page, line) where the character at `offset` of the paragraph's text is printed: the line where quoted
    words starting there begin. (None, None) when the paragraph has no printed layout (a text draft, a Word file
    read without LibreOffice)."""
    found: tuple[int | None, int | None] = (None, None)
    for page, line, start in paragraph.lines or ():
        if start > offset and found != (None, None):
            break
        found = (page, line)
    return found


@dataclass
class Footnote:
    mark: str
    text: str
    position: Position = field(default_factory=Position)


@dataclass
class Table:
    rows: list[list[str]]
    position: Position = field(default_factory=Position)


@dataclass
class Section:
    label: str
    title: str
    depth: int
    order: int = 0
    paragraphs: list[Paragraph] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)
    position: Position = field(default_factory=Position)

    def walk(self) -> Iterator[Section]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Outline:
    """A whole draft: front matter paragraphs (before the first heading) and the top-level sections."""

    sections: list[Section] = field(default_factory=list)
    front_matter: list[Paragraph] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def walk(self) -> Iterator[Section]:
        for section in self.sections:
            yield from section.walk()


class DraftNotice(str):
    """A warning met while reading a draft.

    The string value is a key of the message catalog (core.messages); `params` are its fields, so the
    caller renders it in Vietnamese with `t(notice, **notice.params)`. A str subclass keeps
    `Outline.warnings: list[str]` unchanged for code that only needs to know that something was flagged.
    """

    params: dict[str, object]

    def __new__(cls, code: str, **params: object) -> DraftNotice:
        notice = super().__new__(cls, code)
        notice.params = params
        return notice

    @property
    def code(self) -> str:
        return str(self)
