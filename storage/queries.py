"""The conversation's reads: the draft, the plan, a participant's own comments (one session, no commit here)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Row, bindparam, func, select, update
from sqlalchemy.orm import Session

from core.clock import as_utc
from core.kinds import CommentKind
from storage.models import (
    Audience,
    Comment,
    CommentWindow,
    Consultation,
    Document,
    DraftTable,
    Footnote,
    GuidedTopic,
    Invite,
    Moderation,
    Paragraph,
    Participant,
    Recipient,
    Role,
    Section,
    Submission,
    Unit,
    UnitKind,
)
from storage.privacy import PURGED_PREFIX

# The hot path reads draft rows as Core rows (attribute access like the ORM objects, read-only) with statements
# built once: an ORM `session.get` costs several times more (identity map, instance state, cache key). Rows are
# read in the transaction every time, never cached, so a plan or draft reloaded by another process is seen at once.
_WINDOW = select(CommentWindow.__table__).where(
    CommentWindow.document_id == bindparam("doc"), CommentWindow.audience == bindparam("aud")
)
_BY_ID = {
    model: select(model.__table__).where(model.__table__.c.id == bindparam("id"))
    for model in (Document, Section, GuidedTopic)
}

DraftRow = Row[Any]  # a document, section, topic or window row: the columns as attributes


def _memo(session: Session) -> dict[tuple[object, ...], Any]:
    """Draft rows read in this transaction (the session's own dictionary): a view asks for the same document,
    window and sections several times, and nothing in a conversation's transaction changes them."""
    memo: dict[tuple[object, ...], Any] = session.info.setdefault("gopy_draft_rows", {})
    return memo


def row(session: Session, model: type[Document | Section | GuidedTopic], row_id: object) -> DraftRow | None:
    """The row of `model` with this id (None for none, or an id that is not a number)."""
    try:
        key = int(row_id)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None
    memo = _memo(session)
    if (model, key) not in memo:
        memo[(model, key)] = session.connection().execute(_BY_ID[model], {"id": key}).first()
    found: DraftRow | None = memo[(model, key)]
    return found


def window(session: Session, document_id: int, audience: Audience) -> DraftRow | None:
    memo = _memo(session)
    if ("window", document_id, audience) not in memo:
        found = session.connection().execute(_WINDOW, {"doc": document_id, "aud": audience}).first()
        memo[("window", document_id, audience)] = found
    kept: DraftRow | None = memo[("window", document_id, audience)]
    return kept


def is_open(win: Any, now: datetime) -> bool:
    return win is not None and as_utc(win.opens_at) <= now < as_utc(win.closes_at)


def documents_for(session: Session, audience: Audience) -> list[tuple[Document, CommentWindow]]:
    rows = session.execute(
        select(Document, CommentWindow)
        .join(CommentWindow, CommentWindow.document_id == Document.id)
        .where(CommentWindow.audience == audience)
        .order_by(Document.order, Document.id)
    ).all()
    return [(d, w) for d, w in rows]


def outline(session: Session, document_id: int) -> list[tuple[int, str, str, int]]:
    """(id, label, title, depth) of every section, in document order."""
    rows = session.execute(
        select(Section.id, Section.label, Section.title, Section.depth)
        .where(Section.document_id == document_id)
        .order_by(Section.order)
    ).all()
    return [(r[0], r[1], r[2], r[3]) for r in rows]


def position(session: Session, section: Section) -> tuple[int, int]:
    """(1-based position, total) of a section in its document."""
    before = session.scalar(
        select(func.count()).where(Section.document_id == section.document_id, Section.order <= section.order)
    )
    total = session.scalar(select(func.count()).where(Section.document_id == section.document_id))
    return int(before or 0), int(total or 0)


def next_section(session: Session, section: Section) -> Section | None:
    return session.scalars(
        select(Section)
        .where(Section.document_id == section.document_id, Section.order > section.order)
        .order_by(Section.order)
        .limit(1)
    ).first()


_READING = (
    select(
        Section.id,
        Section.order,
        select(Footnote.id).where(Footnote.section_id == Section.id).exists(),
        select(DraftTable.id).where(DraftTable.section_id == Section.id).exists(),
    )
    .where(
        Section.document_id == bindparam("doc"),
        select(Paragraph.id).where(Paragraph.section_id == Section.id).exists(),
    )
    .order_by(Section.order)
)


_PARAGRAPH_ROWS = (
    select(Paragraph.number, Paragraph.label, Paragraph.text)
    .where(Paragraph.section_id == bindparam("sec"))
    .order_by(Paragraph.number)
)
_FOOTNOTES = select(Footnote.mark, Footnote.text).where(Footnote.section_id == bindparam("sec")).order_by(Footnote.id)
_TABLES = select(DraftTable.rows).where(DraftTable.section_id == bindparam("sec")).order_by(DraftTable.order)
_COMMENTED = select(Comment.section_id, Comment.kind).where(
    Comment.participant_id == bindparam("pid"),
    Comment.withdrawn_at.is_(None),
    Comment.document_id == bindparam("doc"),
    Comment.section_id.is_not(None),
)
_STANCES = select(Comment.id, Comment.kind).where(
    Comment.participant_id == bindparam("pid"),
    Comment.withdrawn_at.is_(None),
    Comment.section_id == bindparam("sec"),
    Comment.kind.in_([CommentKind.AGREE, CommentKind.DISAGREE]),
)


def section_body(session: Session, section_id: int) -> tuple[list[DraftRow], list[DraftRow], list[list[Any]]]:
    """What the section view shows, as Core rows: its paragraphs (number, label, text), footnotes (mark, text) and
    tables (rows of cells)."""
    params = {"sec": section_id}
    paras = list(session.execute(_PARAGRAPH_ROWS, params))
    # Whether it has footnotes or tables is known when the draft's reading order was read in this transaction.
    has_notes, has_tables = _memo(session).get(("extras", section_id), (True, True))
    notes = list(session.execute(_FOOTNOTES, params)) if has_notes else []
    tables = [list(rows or []) for rows in session.scalars(_TABLES, params)] if has_tables else []
    return paras, notes, tables


def reading_order(session: Session, document_id: int) -> list[tuple[int, int]]:
    """(id, order) of the sections with text of their own, in document order: what «Mục trước» and «Mục sau»
    walk (a heading whose text is all in its subsections is not a stop)."""
    memo = _memo(session)
    if ("reading", document_id) not in memo:
        rows = list(session.execute(_READING, {"doc": document_id}))
        memo[("reading", document_id)] = [(int(r[0]), int(r[1])) for r in rows]
        for r in rows:
            memo[("extras", int(r[0]))] = (bool(r[2]), bool(r[3]))
    return list(memo[("reading", document_id)])


def commented_sections(session: Session, participant_id: int, document_id: int) -> dict[int, set[str]]:
    """The sections of a draft a participant has commented on, with the kinds said (withdrawn ones aside): ✓ in
    the outline, and the stance shown again on the section."""
    marks: dict[int, set[str]] = {}
    for sid, kind in session.execute(_COMMENTED, {"pid": participant_id, "doc": document_id}):
        if sid is not None:
            marks.setdefault(int(sid), set()).add(str(kind.value if hasattr(kind, "value") else kind))
    return marks


def my_stances(session: Session, participant_id: int, section_id: int) -> list[tuple[int, CommentKind]]:
    """(id, kind) of a participant's stances («Nhất trí», «Không nhất trí») on a section, withdrawn ones aside."""
    rows = session.execute(_STANCES, {"pid": participant_id, "sec": section_id})
    return [(int(r[0]), CommentKind(r[1])) for r in rows]


def withdraw_comments(session: Session, ids: list[int], now: datetime) -> None:
    """These comments withdrawn (a stance replaced by a new one)."""
    if ids:
        session.execute(update(Comment).where(Comment.id.in_(ids)).values(withdrawn_at=now))


def my_counts(session: Session, participant_id: int) -> dict[int, int]:
    """How many comments a participant has on each draft (withdrawn ones aside)."""
    query = select(Comment.document_id, func.count()).where(*_mine(participant_id)).group_by(Comment.document_id)
    return {int(doc): int(n) for doc, n in session.execute(query)}


def paragraphs(session: Session, section_id: int) -> list[Paragraph]:
    return list(session.scalars(select(Paragraph).where(Paragraph.section_id == section_id).order_by(Paragraph.number)))


def paragraph(session: Session, section_id: object, number: object) -> Paragraph | None:
    """Paragraph `number` of a section (None when either is missing)."""
    return session.scalars(
        select(Paragraph).where(Paragraph.section_id == section_id, Paragraph.number == number)
    ).first()


def has_paragraphs(session: Session, section_id: object) -> bool:
    """True when the section has paragraphs of its own (an amendment cites one)."""
    return session.scalar(select(Paragraph.id).where(Paragraph.section_id == section_id).limit(1)) is not None


def topics(session: Session, document_id: int) -> list[GuidedTopic]:
    return list(
        session.scalars(select(GuidedTopic).where(GuidedTopic.document_id == document_id).order_by(GuidedTopic.order))
    )


def document_codes(session: Session) -> list[str]:
    return list(session.scalars(select(Document.code).order_by(Document.order, Document.id)))


def areas(session: Session) -> list[Unit]:
    """The residential areas, in the plan's order."""
    return list(session.scalars(select(Unit).where(Unit.kind == UnitKind.AREA).order_by(Unit.order, Unit.id)))


def invite(session: Session, code: str) -> Invite | None:
    """The invite with this code, typed in any case (codes are capitals and digits: bot/invites.py)."""
    return session.scalars(select(Invite).where(Invite.code == code.strip().upper())).first()


def take_invite_use(session: Session, invite_id: int) -> bool:
    """Use the invite once, atomically: True when a use was left. Twenty people redeeming a single-use invite at
    the same moment make one official, on either database (a conditional UPDATE, not read-then-write)."""
    result = session.execute(
        update(Invite)
        .where(Invite.id == invite_id, Invite.uses_left > 0)
        .values(uses_left=Invite.uses_left - 1)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


def _mine(participant_id: int) -> tuple[Any, ...]:
    return (Comment.participant_id == participant_id, Comment.withdrawn_at.is_(None))


def my_comment_count(session: Session, participant_id: int) -> int:
    """A participant's comments, withdrawn ones aside."""
    return int(session.scalar(select(func.count()).select_from(Comment).where(*_mine(participant_id))) or 0)


def my_comments(session: Session, participant_id: int, offset: int, limit: int) -> list[Comment]:
    """A page of a participant's comments, newest first."""
    query = select(Comment).where(*_mine(participant_id)).order_by(Comment.id.desc()).offset(offset).limit(limit)
    return list(session.scalars(query))


# --- a unit's summary (`/nopbaocao`) and where it goes ---


def unit_comment_count(session: Session, unit_id: int) -> int:
    """The unit's comments as a summary counts them: not withdrawn, not hidden."""
    return int(
        session.scalar(
            select(func.count())
            .select_from(Comment)
            .where(
                Comment.unit_id == unit_id,
                Comment.withdrawn_at.is_(None),
                Comment.moderation == Moderation.ACCEPTED,
            )
        )
        or 0
    )


def submissions(session: Session, unit_id: int) -> tuple[int, datetime | None]:
    """How many times the unit's summary was submitted, and when last (UTC)."""
    row = session.execute(
        select(func.count(), func.max(Submission.submitted_at)).where(Submission.unit_id == unit_id)
    ).one()
    return int(row[0] or 0), as_utc(row[1]) if row[1] is not None else None


def office_recipients(session: Session, consultation_id: int) -> list[Recipient]:
    """The ward office: the plan's recipients marked `office`, in code order."""
    return list(
        session.scalars(
            select(Recipient)
            .where(Recipient.consultation_id == consultation_id, Recipient.office.is_(True))
            .order_by(Recipient.code)
        )
    )


def officials(session: Session) -> list[tuple[str, str]]:
    """(channel, user id) of every official who still consents and whose identity was not erased."""
    rows = session.execute(
        select(Participant.channel, Participant.channel_user_id)
        .where(
            Participant.role == Role.OFFICIAL,
            Participant.consent_at.is_not(None),
            Participant.refused_at.is_(None),
            ~Participant.channel_user_id.startswith(PURGED_PREFIX),
        )
        .order_by(Participant.id)
    ).all()
    return [(r[0], r[1]) for r in rows]


def recipients(session: Session) -> list[Recipient]:
    """Every report recipient of the plan, in code order."""
    return list(session.scalars(select(Recipient).order_by(Recipient.code, Recipient.id)))


def address_forms(session: Session) -> dict[str, str]:
    """The plan's forms of address by role (`consultation.address`, stored with the plan's settings) of the first
    consultation; empty without one. Read once per process by the engine (handlers/roles.py `address_form`)."""
    return forms_of(session.scalar(select(Consultation.settings).order_by(Consultation.id).limit(1)))


def forms_of(settings: object) -> dict[str, str]:
    """The forms of address in a consultation's stored settings (storage/plan_loader.py)."""
    forms = settings.get("address") if isinstance(settings, dict) else None
    return {str(role): str(form) for role, form in forms.items() if form} if isinstance(forms, dict) else {}
