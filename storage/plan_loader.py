"""`gopy plan load`: validate a plan file, then upsert it in one transaction.

Twice is the same as once; an edited plan updates in place; a bad file changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from core import clock
from drafts import DraftError, read_draft
from storage.db import Database
from storage.deadlines import cell_summary_due
from storage.draft_import import file_digest, import_outline
from storage.errors import UserError
from storage.models import (
    Comment,
    CommentWindow,
    Consultation,
    Deadline,
    Document,
    GuidedTopic,
    Recipient,
    ReportSchedule,
    Unit,
    UnitKind,
)
from storage.plan_schema import PlanSpec
from storage.yaml_lines import YamlRefusedError, YamlSyntaxError, line_of, load_with_lines

MAX_PLAN_BYTES = 2 * 1024 * 1024


@dataclass
class LoadResult:
    consultation_code: str
    documents: int
    units: int
    drafts_imported: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # the drafts' readers' (catalog keys with `params`)


def read_plan(path: Path) -> PlanSpec:
    """Parse and validate; raise UserError naming the line and the field."""
    if not path.is_file():
        raise UserError("plan.missing_file", path=str(path))
    if path.stat().st_size > MAX_PLAN_BYTES:
        raise UserError("plan.too_large", path=str(path))
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise UserError("plan.not_utf8", path=str(path)) from exc
    try:
        data, lines = load_with_lines(text)
    except YamlSyntaxError as exc:
        raise UserError("plan.yaml_syntax", path=str(path), line=exc.line, detail=exc.detail) from exc
    except YamlRefusedError as exc:  # an alias bomb, an alias into itself, an unknown tag… (storage.yaml_lines)
        raise UserError(exc.code, path=str(path), line=exc.line, **exc.params) from exc
    if not isinstance(data, dict):
        raise UserError("plan.not_mapping", path=str(path))
    try:
        spec = PlanSpec.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(err["loc"])
        raise UserError(
            "plan.invalid",
            path=str(path),
            line=line_of(lines, loc),
            field=_field_name(loc),
            detail=err["msg"],
        ) from exc
    if problem := _reference_problem(spec):
        loc, detail = problem
        raise UserError("plan.invalid", path=str(path), line=line_of(lines, loc), field=_field_name(loc), detail=detail)
    return spec


def _field_name(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(gốc)"


def _reference_problem(spec: PlanSpec) -> tuple[tuple[Any, ...], str] | None:
    for name in ("documents", "units", "recipients", "schedules"):
        seen: set[str] = set()
        for i, item in enumerate(getattr(spec, name)):
            if item.code in seen:
                return (name, i, "code"), f"code {item.code!r} appears twice"
            seen.add(item.code)
    docs = {d.code for d in spec.documents}
    recipients = {r.code for r in spec.recipients}
    for i, s in enumerate(spec.schedules):
        if s.recipient not in recipients:
            return ("schedules", i, "recipient"), f"unknown recipient {s.recipient!r}"
        if s.document is not None and s.document not in docs:
            return ("schedules", i, "document"), f"unknown document {s.document!r}"
    return None


def load_plan(db: Database, path: Path) -> LoadResult:
    """Validate everything (plan and its draft files) first, then write it all in one unit of work."""
    spec = read_plan(path)
    outlines = {}
    for d in spec.documents:
        if d.source:
            source = (path.parent / d.source).resolve()
            if not source.is_file():
                raise UserError("drafts.not_found", path=str(source))
            try:
                outlines[d.code] = (source, file_digest(source), read_draft(source))
            except DraftError as exc:
                raise UserError(exc.code, **exc.params) from exc
    result = LoadResult(spec.consultation.code, len(spec.documents), len(spec.units))
    with db.unit() as s:
        cons = _upsert_consultation(s, spec)
        docs = _upsert_documents(s, cons, spec)
        units = _upsert_units(s, cons, spec)
        _upsert_recipients_and_schedules(s, cons, spec, docs)
        _write_deadlines(s, cons, spec, units)
        for code, (source, digest, outline) in outlines.items():
            doc = docs[code]
            if doc.source_digest == digest and doc.sections:
                continue  # unchanged draft: keep ids stable
            import_outline(s, doc, outline)
            doc.source_file, doc.source_digest = str(source), digest
            result.drafts_imported.append(code)
            result.warnings.extend(outline.warnings)
    return result


def _upsert_consultation(s: Session, spec: PlanSpec) -> Consultation:
    c = spec.consultation
    cons = s.scalar(select(Consultation).where(Consultation.code == c.code))
    if cons is None:
        cons = Consultation(code=c.code)
        s.add(cons)
    cons.title, cons.organisation, cons.parent_organisation = c.title, c.organisation, c.parent_organisation
    cons.place, cons.issued_on, cons.ward_congress_date = c.place, c.issued_on, c.ward_congress_date
    cons.settings = {
        "report": c.report.model_dump(exclude_none=True),
        "calendar": spec.calendar.model_dump(),
        "address": {role.value: form for role, form in c.address.items()},  # handlers/roles.py address_form
    }
    s.flush()
    return cons


def _local_range(opens: date, closes: date) -> tuple[datetime, datetime]:
    """A window runs from the start of its first local day (GOPY_TIMEZONE) to the end of its last."""
    return clock.day_start(opens), clock.day_end(closes) - timedelta(seconds=1)


def _upsert_documents(s: Session, cons: Consultation, spec: PlanSpec) -> dict[str, Document]:
    existing = {
        d.code: d for d in s.scalars(select(Document).where(Document.code.in_([d.code for d in spec.documents])))
    }
    for code, doc in existing.items():
        if doc.consultation_id != cons.id:
            raise UserError("plan.document_elsewhere", document=code)
    wanted = {d.code for d in spec.documents}
    for old in s.scalars(select(Document).where(Document.consultation_id == cons.id)):
        if old.code not in wanted:
            if s.scalar(select(func.count()).select_from(Comment).where(Comment.document_id == old.id)):
                raise UserError("plan.document_has_comments", document=old.code)
            s.delete(old)
    docs: dict[str, Document] = {}
    for order, d in enumerate(spec.documents):
        doc = existing.get(d.code) or Document(code=d.code, consultation_id=cons.id)
        s.add(doc)
        doc.title, doc.level, doc.order = d.title, d.level, order
        doc.page_ranges = [list(p) for p in d.pages]
        s.flush()
        _sync_topics(s, doc, [(t.title, t.text) for t in d.topics])
        by_audience = {w.audience: w for w in doc.windows}
        for audience, w in d.windows.items():
            opens, closes = _local_range(w.opens, w.closes)
            row = by_audience.pop(audience, None) or CommentWindow(document_id=doc.id, audience=audience)
            row.opens_at, row.closes_at, row.method = opens, closes, w.method
            s.add(row)
        for stale in by_audience.values():
            s.delete(stale)
        docs[d.code] = doc
    s.flush()
    return docs


def _sync_topics(s: Session, doc: Document, topics: list[tuple[str, str]]) -> None:
    """Update topics in place by position, so comments on topic N keep pointing at topic N."""
    current = {t.order: t for t in doc.topics}
    for order, (title, text) in enumerate(topics, start=1):
        topic = current.pop(order, None) or GuidedTopic(document_id=doc.id, order=order)
        topic.title, topic.text = title, text
        s.add(topic)
    for stale in current.values():
        s.delete(stale)


def _upsert_units(s: Session, cons: Consultation, spec: PlanSpec) -> dict[str, Unit]:
    existing = {u.code: u for u in s.scalars(select(Unit).where(Unit.consultation_id == cons.id))}
    units: dict[str, Unit] = {}
    for order, u in enumerate(spec.units):
        unit = existing.pop(u.code, None) or Unit(consultation_id=cons.id, code=u.code)
        unit.name, unit.kind, unit.order = u.name, u.kind, order
        unit.congress_date, unit.secretary = u.congress_date, u.secretary
        s.add(unit)
        units[u.code] = unit
    for stale in existing.values():
        s.delete(stale)  # comments keep their text; their unit snapshot becomes NULL
    s.flush()
    return units


def _upsert_recipients_and_schedules(s: Session, cons: Consultation, spec: PlanSpec, docs: dict[str, Document]) -> None:
    s.execute(delete(ReportSchedule).where(ReportSchedule.consultation_id == cons.id))
    existing = {r.code: r for r in s.scalars(select(Recipient).where(Recipient.consultation_id == cons.id))}
    recipients: dict[str, Recipient] = {}
    for r in spec.recipients:
        row = existing.pop(r.code, None) or Recipient(consultation_id=cons.id, code=r.code)
        row.name, row.email, row.office = r.name, r.email, r.office
        if r.chat_id is not None:  # else keep the chat registered by a board invite
            row.channel, row.chat_id = r.channel or "telegram", r.chat_id
        s.add(row)
        recipients[r.code] = row
    for stale in existing.values():
        s.delete(stale)
    s.flush()
    for sch in spec.schedules:
        s.add(
            ReportSchedule(
                consultation_id=cons.id,
                code=sch.code,
                kind=sch.kind,
                recipient_id=recipients[sch.recipient].id,
                document_id=docs[sch.document].id if sch.document else None,
                audience=sch.audience,
                starts_on=sch.starts or sch.date,
                ends_on=sch.ends or sch.date,
                weekday=sch.weekday,
                at_time=sch.at,
            )
        )


def _write_deadlines(s: Session, cons: Consultation, spec: PlanSpec, units: dict[str, Unit]) -> None:
    s.execute(delete(Deadline).where(Deadline.consultation_id == cons.id))
    rules = spec.deadlines
    ward_doc = next((d.code for d in spec.documents if d.level == "ward"), None)
    ward_doc_id = s.scalar(select(Document.id).where(Document.code == ward_doc)) if ward_doc else None
    for code, unit in units.items():
        if unit.kind is not UnitKind.CELL:
            continue
        due = cell_summary_due(
            unit.congress_date,
            issued_on=cons.issued_on,
            ward_congress_date=cons.ward_congress_date,
            days_after_congress=rules.cell_days_after_congress,
            days_before_ward_congress=rules.cell_days_before_ward_congress,
        )
        if due is not None:
            what = "cell_summary_after_congress" if due.after_own_congress else "cell_summary_before_ward"
            s.add(
                Deadline(
                    consultation_id=cons.id,
                    code=f"cell-{code}",
                    unit_id=unit.id,
                    document_id=ward_doc_id,
                    what=what,
                    due_on=due.due_on,
                )
            )
    for w in rules.ward:
        s.add(Deadline(consultation_id=cons.id, code=f"ward-{w.code}", what=w.what, due_on=w.due))
