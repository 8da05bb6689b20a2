"""The section tree a draft is read into. Plain dataclasses: no database, no I/O."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass
class Position:
    """Where a piece of text starts in the source: printed page (1-based) and source line, when known."""

    page: int | None = None
    line: int | None = None


@dataclass
class Paragraph:
    """A numbered paragraph of a section. `number` counts within the section from 1.

    `label` keeps a printed item label such as "(7)" so that a comment can cite it.
    """

    number: int
    text: str
    label: str | None = None
    position: Position = field(default_factory=Position)


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
