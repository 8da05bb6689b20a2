"""What the rest of gopy asks of aggregation: the summary for chat (`/baocao`) and for files, and the scheduler's
reports (weekly progress to the board, a unit's own summary, a one-off final report)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa

from aggregation.digest import pack
from aggregation.pipeline import Report, build_report
from aggregation.progress import LIMIT, safe_name, unit_lines, unit_progress, weekly_progress
from aggregation.query import Scope
from core import clock
from core.messages import t
from core.text import clean
from storage.db import Database
from storage.models import Audience, Unit, UnitKind


@dataclass
class ChatReport:
    """The digest as one or a few chat messages, then the files to send."""

    messages: list[str]
    files: list[tuple[str, bytes]] = field(default_factory=list)  # (file name, content): DOCX, XLSX (a chart PNG first)


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


def _files(report: Report, *names: str) -> list[tuple[str, bytes]]:
    """The DOCX and the XLSX, named bao-cao-<names…>-<yyyymmdd-hhmm>.<ext> (the names: a document code or
    "tat-ca", an audience, a unit code)."""
    assert report.docx is not None and report.xlsx is not None
    stem = "-".join(safe_name(n) for n in names if n)
    stamp = f"{report.summary.header.as_of:%Y%m%d-%H%M}"
    return [(f"bao-cao-{stem}-{stamp}.docx", report.docx), (f"bao-cao-{stem}-{stamp}.xlsx", report.xlsx)]


def build_weekly_report(
    db: Database, document_code: str | None, audience: Audience | None, as_of: datetime
) -> ChatReport:
    """Blocking: the weekly report to the provincial board: the progress messages, then the summary digest so far;
    files: the weekly chart (PNG), the DOCX and the XLSX. Raises `ReportError` for an unknown document code."""
    progress = weekly_progress(db, as_of=as_of, document_code=document_code, audience=audience)
    report = build_report(db, Scope(document_code=document_code, audience=audience), as_of=as_of)
    code = document_code or "tat-ca"
    return ChatReport(
        messages=[*progress.messages, *report.digest],
        files=[(progress.chart_name(), progress.chart), *_files(report, code, audience.value if audience else "")],
    )


def build_unit_report(db: Database, unit_code: str, as_of: datetime | None = None) -> ChatReport:
    """Blocking: a unit's own summary (its comments and meetings only): digest, DOCX and XLSX named with the unit
    code. Raises `ReportError` (a catalog message) for an unknown unit code."""
    report = build_report(db, Scope(unit_code=unit_code), as_of=as_of)
    return ChatReport(messages=report.digest, files=_files(report, unit_code))


def build_final_report(
    db: Database, document_code: str | None, audience: Audience | None, as_of: datetime
) -> ChatReport:
    """Blocking: the summary on a one-off report date: digest, DOCX and XLSX."""
    report = build_report(db, Scope(document_code=document_code, audience=audience), as_of=as_of)
    code = document_code or "tat-ca"
    return ChatReport(messages=report.digest, files=_files(report, code, audience.value if audience else ""))


def build_scoped_report(
    db: Database,
    document_code: str | None = None,
    unit_code: str | None = None,
    audience: Audience | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> ChatReport:
    """Blocking: the summary of what `/baocao`'s choices cover (a document, a unit, an audience, local dates, each
    None for all): digest, DOCX and XLSX. Raises `ReportError` for an unknown document or unit code."""
    scope = Scope(document_code=document_code, audience=audience, unit_code=unit_code, date_from=date_from,
                  date_to=date_to)  # fmt: skip
    report = build_report(db, scope)
    names = (document_code or "tat-ca", unit_code or "", audience.value if audience else "",
             f"{date_from:%Y%m%d}-{date_to:%Y%m%d}" if date_from and date_to else "")  # fmt: skip
    return ChatReport(messages=report.digest, files=_files(report, *names))


def build_progress(db: Database, unit_id: int | None, as_of: datetime) -> ChatReport:
    """Blocking: `/tiendo`. One unit's progress (comments, people, meetings, deadline, submitted or not), or with
    `unit_id` None every unit's, one line each, and which are late (a deadline past and nothing submitted)."""
    if unit_id is not None:
        with db.unit() as s:
            unit = s.get(Unit, unit_id)
            kind = unit.kind if unit is not None else UnitKind.CELL
        p = unit_progress(db, unit_id, as_of=as_of)
        return ChatReport(messages=[clean("\n".join(unit_lines(p, kind)[1:-1]))])  # no greeting, no closing
    with db.unit() as s:
        units = [(u.id, u.name) for u in s.scalars(sa.select(Unit).order_by(Unit.consultation_id, Unit.order, Unit.id))]
    local = clock.local(as_of)
    lines = [t("progress.overview.title", time=f"{local:%H:%M}", date=f"{local:%d/%m/%Y}")]
    late: list[str] = []
    for uid, _ in units:
        p = unit_progress(db, uid, as_of=as_of)
        state = ""
        if p.submitted_at is not None:
            state = t("progress.overview.submitted", date=f"{p.submitted_at:%d/%m/%Y}")
        elif p.deadline is not None and p.days_left is not None and p.days_left < 0:
            state = t("progress.overview.late", n=-p.days_left, date=f"{p.deadline:%d/%m/%Y}")
            late.append(p.unit_name)
        elif p.deadline is not None and p.days_left is not None:
            left = t("progress.unit.days_left", n=p.days_left) if p.days_left else t("progress.unit.due_today")
            state = t("progress.overview.due", date=f"{p.deadline:%d/%m/%Y}", left=left)
        lines.append(t("progress.overview.row", unit=p.unit_name, comments=p.comments, people=p.people,
                       meetings=p.meetings, state=state))  # fmt: skip
    if not units:
        lines.append(t("progress.overview.no_units"))
    elif late:
        lines.append(t("progress.overview.late_units", n=len(late), units=", ".join(late)))
    else:
        lines.append(t("progress.overview.none_late"))
    return ChatReport(messages=pack([clean(line) for line in lines], LIMIT))
