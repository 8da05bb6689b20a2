"""Scope → the plan context (small, via the ORM) and the comments (large: one streamed SQL query into pandas).

Only the columns a report needs are selected: never the participant's name or channel id, and no ORM object per
comment. Enum columns are read as plain strings (no per-row enum conversion) and become pandas categoricals.
An amendment's `text` is what its author wrote besides its parts (quote, proposal, reason): usually nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import pandas as pd
import sqlalchemy as sa

from core import clock
from core.messages import t
from storage.db import Database
from storage.models import (
    Audience,
    Comment,
    Consultation,
    Document,
    GuidedTopic,
    MeetingRecord,
    Moderation,
    Paragraph,
    Recipient,
    Section,
    Unit,
    Vote,
)

CHUNK = 50_000

Progress = Callable[[str, int, int], None]  # (stage, done, total)


class ReportError(ValueError):
    """A scope that cannot be reported on; the message is for the user (from the catalog)."""


@dataclass(frozen=True)
class Scope:
    """Which comments a summary covers. Dates are local (GOPY_TIMEZONE) and inclusive."""

    document_code: str | None = None
    audience: Audience | None = None
    unit_code: str | None = None
    date_from: date | None = None
    date_to: date | None = None


@dataclass(frozen=True)
class SectionInfo:
    id: int
    document_id: int
    parent_id: int | None
    order: int
    label: str
    title: str
    depth: int


@dataclass(frozen=True)
class VoteInfo:
    """A question put to the vote at a meeting and its tally, as the minutes give it."""

    question: str
    agree: int
    disagree: int
    abstain: int


@dataclass(frozen=True)
class MeetingInfo:
    unit_id: int | None
    document_id: int | None
    kind: str
    audience: str
    held_on: date
    attendance: int
    speakers: int
    atmosphere: str
    votes: tuple[VoteInfo, ...] = ()


@dataclass
class Context:
    """Everything small a report needs besides the comments: the plan, the drafts' trees, units, meetings."""

    consultation: dict[str, Any]
    documents: list[dict[str, Any]]  # id, code, title, in the plan's order
    sections: dict[int, SectionInfo]
    topics: dict[int, dict[str, Any]]  # id → document_id, order, title
    units: dict[int, dict[str, Any]]  # id → code, name, kind, order
    meetings: list[MeetingInfo]
    recipients: list[str]
    scope: Scope
    unit_id: int | None = None
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def report_settings(self) -> dict[str, Any]:
        return dict(self.settings.get("report") or {})


def utc_bounds(scope: Scope) -> tuple[datetime | None, datetime | None]:
    """Local inclusive dates → [start, end) in UTC."""
    start = end = None
    if scope.date_from:
        start = clock.day_start(scope.date_from)
    if scope.date_to:
        end = clock.day_end(scope.date_to)
    return start, end


def load_context(db: Database, scope: Scope) -> Context:
    with db.unit() as s:
        docs_q = sa.select(Document).order_by(Document.consultation_id, Document.order, Document.id)
        if scope.document_code:  # codes are ASCII ("BCCT-PHUONG"): any case will do
            docs_q = docs_q.where(sa.func.upper(Document.code) == scope.document_code.upper())
        docs = list(s.scalars(docs_q))
        if not docs:
            if scope.document_code:
                codes = ", ".join(s.scalars(sa.select(Document.code).order_by(Document.order, Document.code)))
                raise ReportError(t("report.error.unknown_document", code=scope.document_code, codes=codes))
            raise ReportError(t("report.error.no_documents"))
        cons = s.get(Consultation, docs[0].consultation_id)
        assert cons is not None
        docs = [d for d in docs if d.consultation_id == cons.id]  # one report speaks for one committee
        doc_ids = [d.id for d in docs]
        units = {
            u.id: {"code": u.code, "name": u.name, "kind": str(u.kind), "order": u.order}
            for u in s.scalars(sa.select(Unit).where(Unit.consultation_id == cons.id).order_by(Unit.order))
        }
        unit_id = None
        if scope.unit_code:
            unit_id = next((i for i, u in units.items() if u["code"] == scope.unit_code), None)
            if unit_id is None:
                raise ReportError(t("report.error.unknown_unit", code=scope.unit_code))
        sections = {
            r.id: SectionInfo(r.id, r.document_id, r.parent_id, r.order, r.label, r.title, r.depth)
            for r in s.execute(
                sa.select(
                    Section.id,
                    Section.document_id,
                    Section.parent_id,
                    Section.order,
                    Section.label,
                    Section.title,
                    Section.depth,
                )
                .where(Section.document_id.in_(doc_ids))
                .order_by(Section.document_id, Section.order)
            )
        }
        topics = {
            g.id: {"document_id": g.document_id, "order": g.order, "title": g.title}
            for g in s.scalars(
                sa.select(GuidedTopic).where(GuidedTopic.document_id.in_(doc_ids)).order_by(GuidedTopic.order)
            )
        }
        meetings = _meetings(s, scope, doc_ids, unit_id)
        recipients = list(
            s.scalars(sa.select(Recipient.name).where(Recipient.consultation_id == cons.id).order_by(Recipient.id))
        )
        return Context(
            consultation={
                "code": cons.code,
                "title": cons.title,
                "organisation": cons.organisation or "",
                "parent_organisation": cons.parent_organisation or "",
                "place": cons.place or "",
                "issued_on": cons.issued_on,
                # the plan's own number ("02-KH/ĐU"): `consultation.plan_number`, kept with the report settings
                "plan_number": str(((cons.settings or {}).get("report") or {}).get("plan_number") or ""),
            },
            documents=[{"id": d.id, "code": d.code, "title": d.title} for d in docs],
            sections=sections,
            topics=topics,
            units=units,
            meetings=meetings,
            recipients=recipients,
            scope=scope,
            unit_id=unit_id,
            settings=dict(cons.settings or {}),
        )


def _meetings(s: Any, scope: Scope, doc_ids: list[int], unit_id: int | None) -> list[MeetingInfo]:
    q = sa.select(MeetingRecord).where(
        sa.or_(MeetingRecord.document_id.in_(doc_ids), MeetingRecord.document_id.is_(None))
    )
    if scope.document_code:  # meetings not tied to a document count only in the all-documents report
        q = sa.select(MeetingRecord).where(MeetingRecord.document_id.in_(doc_ids))
    if scope.audience:
        q = q.where(MeetingRecord.audience == scope.audience)
    if unit_id is not None:
        q = q.where(MeetingRecord.unit_id == unit_id)
    if scope.date_from:
        q = q.where(MeetingRecord.held_on >= scope.date_from)
    if scope.date_to:
        q = q.where(MeetingRecord.held_on <= scope.date_to)
    found = list(s.scalars(q.order_by(MeetingRecord.held_on, MeetingRecord.id)))
    votes: dict[int, list[VoteInfo]] = {}
    ids = [m.id for m in found]
    for start in range(0, len(ids), 500):  # the meetings' votes, in the order they were put
        chunk = ids[start : start + 500]
        for v in s.scalars(sa.select(Vote).where(Vote.meeting_id.in_(chunk)).order_by(Vote.order, Vote.id)):
            votes.setdefault(v.meeting_id, []).append(VoteInfo(v.question, v.agree, v.disagree, v.abstain))
    return [
        MeetingInfo(
            m.unit_id,
            m.document_id,
            m.kind,
            str(m.audience),
            m.held_on,
            m.attendance,
            m.speakers,
            m.atmosphere,
            tuple(votes.get(m.id, ())),
        )
        for m in found
    ]


_C = Comment.__table__.c
_P = Paragraph.__table__.c
_STR = sa.String()
COLUMNS: list[tuple[str, Any]] = [
    ("id", _C.id),
    ("document_id", _C.document_id),
    ("participant_id", _C.participant_id),  # only to count distinct people; never written out
    ("audience", sa.type_coerce(_C.audience, _STR)),
    ("unit_id", _C.unit_id),
    ("area_id", _C.area_id),
    ("target_kind", sa.type_coerce(_C.target_kind, _STR)),
    ("topic_id", _C.topic_id),
    ("section_id", sa.func.coalesce(_C.section_id, _P.section_id)),
    ("paragraph_id", _C.paragraph_id),
    ("kind", sa.type_coerce(_C.kind, _STR)),
    ("text", _C.text),
    ("quoted_original", _C.quoted_original),
    ("quote_found", _C.quote_found),
    ("proposed_text", _C.proposed_text),
    ("reason", _C.reason),
    ("page", sa.func.coalesce(_C.page, _P.page)),
    ("paragraph_no", sa.func.coalesce(_C.paragraph_no, _P.number)),
    ("line", sa.func.coalesce(_C.line, _P.line)),
    ("channel", _C.channel),
    ("source", sa.type_coerce(_C.source, _STR)),
    ("represents", _C.represents),
    ("created_at", _C.created_at),
    ("letter_id", _C.letter_id),  # a letter's opinions: the letter is counted once
]
_CATEGORIES = ("audience", "target_kind", "kind", "channel", "source")
_INTS = ("document_id", "represents")
_NULLABLE_INTS = ("participant_id", "unit_id", "area_id", "topic_id", "section_id", "paragraph_id", "page",
                  "paragraph_no", "line", "letter_id")  # fmt: skip


def comments_query(ctx: Context) -> sa.Select[Any]:
    scope = ctx.scope
    q = (
        sa.select(*(col.label(name) for name, col in COLUMNS))
        .select_from(Comment.__table__.outerjoin(Paragraph.__table__, _P.id == _C.paragraph_id))
        .where(_C.document_id.in_([d["id"] for d in ctx.documents]))
        .where(_C.withdrawn_at.is_(None))
        .where(_C.moderation != Moderation.HIDDEN.value)
    )
    if scope.audience:
        q = q.where(_C.audience == scope.audience.value)
    if ctx.unit_id is not None:
        q = q.where(sa.or_(_C.unit_id == ctx.unit_id, _C.area_id == ctx.unit_id))
    start, end = utc_bounds(scope)
    if start:
        q = q.where(_C.created_at >= start)
    if end:
        q = q.where(_C.created_at < end)
    return q.order_by(_C.id)


def load_comments(db: Database, ctx: Context, progress: Progress | None = None) -> pd.DataFrame:
    """Every comment in scope, one row each, streamed in chunks (a server-side cursor on PostgreSQL)."""
    q = comments_query(ctx)
    names = [name for name, _ in COLUMNS]
    columns: list[list[Any]] = [[] for _ in names]
    with db.engine.connect() as conn:
        total = conn.execute(sa.select(sa.func.count()).select_from(q.order_by(None).subquery())).scalar_one()
        done = 0
        result = conn.execution_options(yield_per=CHUNK).execute(q)
        for part in result.partitions():
            for store, values in zip(columns, zip(*part, strict=True), strict=True):
                store.extend(values)
            done += len(part)
            if progress:
                progress("query", done, total)
    frame = pd.DataFrame(dict(zip(names, columns, strict=True)))
    del columns
    for name in _CATEGORIES:
        frame[name] = frame[name].astype("category")
    for name in _INTS:
        frame[name] = frame[name].astype("int64")
    for name in _NULLABLE_INTS:
        frame[name] = frame[name].astype("Int64")
    frame["quote_found"] = frame["quote_found"].astype("boolean")
    frame["created_at"] = _as_local(frame["created_at"])
    return frame


def _as_local(values: pd.Series) -> pd.Series:
    """Timestamps from either backend (naive UTC on SQLite, aware on PostgreSQL) → local time (GOPY_TIMEZONE)."""
    stamps = pd.to_datetime(values, utc=True) if len(values) else pd.Series([], dtype="datetime64[ns, UTC]")
    return stamps.dt.tz_convert(clock.zone())
