"""What the rest of gopy asks of aggregation: the summary for chat (`/baocao`) and for files."""

from __future__ import annotations

from dataclasses import dataclass, field

from storage.db import Database


@dataclass
class ChatReport:
    """The digest as one or a few chat messages, then the files to send."""

    messages: list[str]
    files: list[tuple[str, bytes]] = field(default_factory=list)  # (file name, content): DOCX, XLSX


def build_chat_report(db: Database, document_code: str | None = None) -> ChatReport:
    """Blocking (runs in a worker thread): the summary of one document, or of all, as of now."""
    raise NotImplementedError
