"""Bounds on what a PDF can make the reader inflate and interpret, so that a small hostile file is refused in seconds.

A PDF's page content is a program of drawing operators, usually deflated. Reading the text means inflating it and
running it through an interpreter (PDFium, drafts.pdf_text). Left alone, a 200 KB file inflates to 200 MB, a 1 KB
page draws a form XObject 5,000 times, and 1,000 pages share one 10 MB stream: minutes of work and hundreds of MB
from a file that looks small. So the work is budgeted in bytes of content, against the size of the file, and
checked with pypdf (parsing and inflating only, never interpreting) before PDFium sees the file:

- every page charges its content (a stream drawn by several pages counts for each) plus PAGE_COST for the page
  itself; each form XObject it can draw is inflated and charged once (plus FORM_COST); each time a form is drawn
  (a `Do` in the page's content, or in a form it draws), what drawing it costs is charged again: its content
  and everything it draws in turn, counted from the inflated streams without running them. A bomb is refused
  before a single operator is interpreted.
- the budget is CONTENT_PER_FILE_BYTE (20) bytes per byte of file, at least MIN_CONTENT_BYTES and at most
  MAX_CONTENT_BYTES. Real drafts use a fifth of it: the seed draft rendered by LibreOffice charges 4.3 per byte of
  file (94 pages, 251 KB: 878 KB of content, 188 KB for its pages), four times over 4.7 (334 pages, 873 KB:
  4.1 MB). Content deflates 4-6:1 and a file also holds its fonts. A 400-page draft is ~5 MB of content, ~15 MB
  if three times as verbose: 32 MB is room for both, and bounds what is held in memory (inflated streams stay
  cached in pypdf's reader).
- one stream may inflate to MAX_STREAM_BYTES (16 MB; pypdf's own limit is 75 MB); a real page is < 20 KB.
- at most MAX_PAGES pages (25 times a 400-page draft), checked while pypdf flattens the page tree.

Small files get MIN_CONTENT_BYTES (256 KB, ~1.5 s of the densest content) whatever their size. What the bounds
do not do is make a large file fast: a 1 MB PDF may still take what a real 1 MB PDF takes (~15-20 s).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

from pypdf.generic import ArrayObject, DictionaryObject, StreamObject

from drafts.errors import DraftError

try:  # pypdf 7 (installed: 7.1): limits per reading, through a context variable
    from pypdf import apply_configuration, get_configuration
except ImportError:  # an older pypdf: its own defaults (75 MB a stream) apply
    apply_configuration = get_configuration = None  # type: ignore[assignment]

MB = 1024 * 1024
MAX_STREAM_BYTES = 16 * MB
MAX_CONTENT_BYTES = 32 * MB
MIN_CONTENT_BYTES = 256 * 1024
CONTENT_PER_FILE_BYTE = 20
PAGE_COST = 2 * 1024
FORM_COST = 1024  # drawing a form sets up its resources like a small page, whatever it holds
MAX_PAGES = 10_000
MAX_FORM_DEPTH = 8  # forms drawing forms drawing forms…: deeper is refused


def pypdf_limits() -> AbstractContextManager[object]:
    """pypdf's own limits, tightened for the duration of one reading."""
    if apply_configuration is None:
        return nullcontext()
    wanted: dict[str, object] = {
        "zlib_maximum_output_length": MAX_STREAM_BYTES,
        "lzw_maximum_output_length": MAX_STREAM_BYTES,
        "run_length_maximum_output_length": MAX_STREAM_BYTES,
        "brotli_maximum_output_length": MAX_STREAM_BYTES,
        "jbig2_maximum_output_length": MAX_STREAM_BYTES,
        "array_based_stream_maximum_output_length": MAX_STREAM_BYTES,
        "stream_decoding_work_maximum_length": 4 * MAX_STREAM_BYTES,
        "page_tree_maximum_entries": 2 * MAX_PAGES,
    }
    known = {field.name for field in dataclasses.fields(get_configuration())}  # a field pypdf lacks: its default
    return apply_configuration(None, **{name: value for name, value in wanted.items() if name in known})


class ContentBudget:
    """The bytes of content one reading may inflate and interpret; DraftError("drafts.pdf_too_complex") past it."""

    def __init__(self, path: Path, file_size: int) -> None:
        self.path = path
        self.limit = min(MAX_CONTENT_BYTES, max(MIN_CONTENT_BYTES, CONTENT_PER_FILE_BYTE * file_size))
        self.spent = 0
        self.exceeded = False
        self._forms: dict[int, int] = {}  # id of a form XObject → what drawing it costs (its inflation charged once)
        self._resources: dict[int, dict[str, StreamObject]] = {}  # id of a resource dict → _forms_of(it)

    def refuse(self) -> DraftError:
        self.exceeded = True
        return DraftError("drafts.pdf_too_complex", path=str(self.path))

    def charge(self, size: int) -> None:
        self.spent += size
        if self.spent > self.limit:
            raise self.refuse()

    def check_pages(self, pages: list[Any]) -> None:
        """Inflate and charge every page, the forms it can draw and every time it draws them, before any text is
        read."""
        if len(pages) > MAX_PAGES:
            raise self.refuse()
        for page in pages:
            self.charge(PAGE_COST)
            for stream in _streams(page.get("/Contents")):
                content = stream.get_data()
                self.charge(len(content))
                self._charge_draws(content, page.get("/Resources"), 0)

    def _charge_draws(self, content: bytes, resources: Any, depth: int) -> int:
        """Charge each form `content` draws (`Do`) with what drawing it costs; returns the sum."""
        forms = self._forms_of(resources)
        total = 0
        for raw in _DRAWN.findall(content):
            form = forms.get(_name(raw))
            if form is not None:  # else a picture, or a name drawing nothing
                cost = self._draw_cost(form, resources, depth + 1)
                self.charge(cost)
                total += cost
        return total

    def _draw_cost(self, form: StreamObject, parent: Any, depth: int) -> int:
        """What drawing `form` once costs: its content plus everything it draws, counted once per form (its own
        inflation is charged on the first count)."""
        known = self._forms.get(id(form))
        if known is not None:
            return known
        if depth > MAX_FORM_DEPTH:
            raise self.refuse()  # no draft nests forms that deep
        self._forms[id(form)] = FORM_COST  # a form that draws itself: the cycle is cut here (PDFium cuts it too)
        content = form.get_data()
        cost = FORM_COST + len(content)
        self.charge(cost)
        resources = form.get("/Resources")
        # A form without resources of its own uses those of what draws it (older producers).
        inner = self._forms_of(resources if resources is not None else parent)
        for raw in _DRAWN.findall(content):
            child = inner.get(_name(raw))
            if child is not None:
                cost += self._draw_cost(child, resources if resources is not None else parent, depth + 1)
                if cost > self.limit:
                    raise self.refuse()
        self._forms[id(form)] = cost
        return cost

    def _forms_of(self, resources: Any) -> dict[str, StreamObject]:
        """The form XObjects of a resource dictionary by name (pictures are never inflated to read text)."""
        resources = _resolve(resources)
        if not isinstance(resources, DictionaryObject):
            return {}
        known = self._resources.get(id(resources))
        if known is not None:
            return known
        forms: dict[str, StreamObject] = {}
        xobjects = _resolve(resources.get("/XObject"))
        for name, ref in xobjects.items() if isinstance(xobjects, DictionaryObject) else ():
            form = _resolve(ref)
            if isinstance(form, StreamObject) and form.get("/Subtype") == "/Form":
                forms[str(name)] = form
        self._resources[id(resources)] = forms
        return forms


# "/Name Do": the operator that draws an XObject. A name inside a string that looks the same is counted too: only
# a file built to look costly has that, and it is refused a little earlier.
_DRAWN = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s*Do(?![^\s/\[\]()<>{}%])")
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


def _name(raw: bytes) -> str:
    decoded = _ESCAPE.sub(lambda found: bytes([int(found.group(1), 16)]), raw)
    try:
        return "/" + decoded.decode("utf-8")
    except UnicodeDecodeError:
        return "/" + decoded.decode("latin-1")


def _resolve(value: Any) -> Any:
    return value.get_object() if value is not None and hasattr(value, "get_object") else value


def _streams(contents: Any) -> Iterator[StreamObject]:
    contents = _resolve(contents)
    if isinstance(contents, StreamObject):
        yield contents
    elif isinstance(contents, ArrayObject):
        for item in contents:
            stream = _resolve(item)
            if isinstance(stream, StreamObject):
                yield stream
