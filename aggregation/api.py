"""What the rest of gopy asks of aggregation: the summary for chat (`/baocao`) and for files."""

from __future__ import annotations

from dataclasses import dataclass, field

from aggregation.pipeline import build_report
from aggregation.query import Scope
from storage.db import Database


@dataclass
class ChatReport:
    """The digest as one or a few chat messages, then the files to send."""

    messages: list[str]
    files: list[tuple[str, bytes]] = field(default_factory=list)  # (file name, content): DOCX, XLSX


def build_chat_report(db: Database, document_code: str | None = None) -> ChatReport:
    """Blocking (runs in a worker thread): the summary of one document, or of all, as of now.

    Raises `aggregation.query.ReportError` (its message is for the user) for an unknown document code.
    """
    report = build_report(db, Scope(document_code=document_code))
    assert report.docx is not None and report.xlsx is not None
    return ChatReport(
        messages=report.digest,
        files=[(report.file_name("docx"), report.docx), (report.file_name("xlsx"), report.xlsx)],
    )
