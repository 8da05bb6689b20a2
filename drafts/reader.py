"""`read_draft`: check the file, then dispatch on its suffix."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from drafts.docx_reader import read_docx
from drafts.errors import DEFAULT_MAX_BYTES, DraftError
from drafts.model import Outline
from drafts.pdf_reader import read_pdf
from drafts.text_reader import read_text

READERS: dict[str, Callable[[Path], Outline]] = {
    ".txt": read_text,
    ".md": read_text,
    ".docx": read_docx,
    ".pdf": read_pdf,
}


def read_draft(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Outline:
    """The outline of the draft at `path` (.txt, .md, .docx, .pdf). Raises DraftError.

    The size is checked from the file system before anything is read, so an oversized upload costs nothing.
    """
    path = Path(path)
    if not path.exists():
        raise DraftError("drafts.not_found", path=str(path))
    if not path.is_file():
        raise DraftError("drafts.not_a_file", path=str(path))
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise DraftError("drafts.unsupported", suffix=path.suffix or path.name)
    size = path.stat().st_size
    if size == 0:
        raise DraftError("drafts.empty", path=str(path))
    if size > max_bytes:
        raise DraftError(
            "drafts.too_large",
            path=str(path),
            size_mb=f"{size / 1024 / 1024:.1f}",
            limit_mb=f"{max_bytes / 1024 / 1024:g}",
        )
    try:
        outline = reader(path)
    except PermissionError as exc:
        raise DraftError("drafts.unreadable", path=str(path)) from exc
    if not any(True for _ in outline.walk()):
        raise DraftError("drafts.no_headings", path=str(path))
    return outline
