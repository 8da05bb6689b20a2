"""ORM models: the consultation plan, the imported drafts, participants, comments and the bot's own bookkeeping.

Timestamps are stored timezone-aware in UTC; the plan's dates are local (GOPY_TIMEZONE) and converted on load.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy import false as sa_false
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Re-exported: a comment's kind is part of the model, so callers may take it from here as well as from core.kinds.
from core.kinds import CommentKind as CommentKind

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dict[str, Any]: JSON,
        list[Any]: JSON,
        datetime: DateTime(timezone=True),
    }


class Timestamps:
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now(), onupdate=func.now())


def _enum(cls: type[enum.Enum]) -> Enum:
    # Store the value (a short English word), not the name, and no native DB enum: adding a member needs no DDL.
    return Enum(cls, native_enum=False, length=24, values_callable=lambda e: [m.value for m in e])


class Level(enum.StrEnum):
    NATIONAL = "national"
    PROVINCIAL = "provincial"
    WARD = "ward"


class Audience(enum.StrEnum):
    RESIDENTS = "residents"
    MEMBERS = "members"
    EXPERTS = "experts"
    ORGANISATIONS = "organisations"


class UnitKind(enum.StrEnum):
    CELL = "cell"  # chi bộ
    AREA = "area"  # khu phố / thôn
    ORGANISATION = "organisation"  # MTTQ and mass organisations


class Role(enum.StrEnum):
    RESIDENT = "resident"
    MEMBER = "member"
    SECRETARY = "secretary"
    OFFICIAL = "official"
    BOARD = "board"  # a report recipient (the provincial board): reads the ward's reports
    ADMIN = "admin"  # grants roles (`gopy role grant`, `/capquyen`); sees what an official sees


class TargetKind(enum.StrEnum):
    DOCUMENT = "document"  # the whole draft
    TOPIC = "topic"  # a guided topic
    SECTION = "section"
    PARAGRAPH = "paragraph"


class Source(enum.StrEnum):
    INDIVIDUAL = "individual"
    MEETING = "meeting"
    WRITTEN = "written"


class Moderation(enum.StrEnum):
    ACCEPTED = "accepted"
    HIDDEN = "hidden"


class MeetingKind(enum.StrEnum):
    """What kind of meeting a record is (stored as its value in `meeting_record.kind`)."""

    CELL_MEETING = "cell_meeting"  # sinh hoạt chi bộ
    AREA_MEETING = "village_meeting"  # họp khu dân cư (khu phố, thôn)
    CONFERENCE = "conference"  # hội nghị of the Fatherland Front or a mass organisation
    CONGRESS = "congress_session"  # a session of a congress (đại hội)


class SenderKind(enum.StrEnum):
    """Who sent a letter (a written submission)."""

    ORGANISATION = "organisation"
    EXPERT = "expert"  # retired leaders, scientists, experts
    RESIDENT = "resident"


# --- the plan -------------------------------------------------------------------------------------------


class Consultation(Timestamps, Base):
    __tablename__ = "consultation"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(Text)
    organisation: Mapped[str] = mapped_column(Text, default="")  # the party committee that issues reports
    parent_organisation: Mapped[str] = mapped_column(Text, default="")
    place: Mapped[str] = mapped_column(Text, default="")  # for the "place, date" line of reports
    issued_on: Mapped[date | None] = mapped_column(Date)  # the plan's date: cells whose congress came before
    ward_congress_date: Mapped[date | None] = mapped_column(Date)
    # Share words thresholds and the rule for exact 1/2 and 1/4: see aggregation.shares.
    settings: Mapped[dict[str, Any]] = mapped_column(default=dict)

    documents: Mapped[list[Document]] = relationship(back_populates="consultation", order_by="Document.order")
    units: Mapped[list[Unit]] = relationship(back_populates="consultation", order_by="Unit.order")


class Document(Timestamps, Base):
    __tablename__ = "document"
    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(Text)
    level: Mapped[Level] = mapped_column(_enum(Level))
    order: Mapped[int] = mapped_column(Integer, default=0)
    source_file: Mapped[str | None] = mapped_column(Text)
    source_digest: Mapped[str | None] = mapped_column(String(64))  # sha256 of the imported draft file
    page_ranges: Mapped[list[Any]] = mapped_column(default=list)  # printed page ranges, e.g. [[5, 64]]
    imported_at: Mapped[datetime | None]

    consultation: Mapped[Consultation] = relationship(back_populates="documents")
    topics: Mapped[list[GuidedTopic]] = relationship(
        back_populates="document", order_by="GuidedTopic.order", cascade="all, delete-orphan"
    )
    windows: Mapped[list[CommentWindow]] = relationship(back_populates="document", cascade="all, delete-orphan")
    sections: Mapped[list[Section]] = relationship(
        back_populates="document", order_by="Section.order", cascade="all, delete-orphan"
    )


class GuidedTopic(Base):
    __tablename__ = "guided_topic"
    __table_args__ = (UniqueConstraint("document_id", "order"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    order: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text, default="")
    document: Mapped[Document] = relationship(back_populates="topics")


class CommentWindow(Base):
    __tablename__ = "comment_window"
    __table_args__ = (UniqueConstraint("document_id", "audience"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    audience: Mapped[Audience] = mapped_column(_enum(Audience))
    opens_at: Mapped[datetime]
    closes_at: Mapped[datetime]
    method: Mapped[str] = mapped_column(Text, default="")  # e.g. "conference or in writing"
    document: Mapped[Document] = relationship(back_populates="windows")


class Unit(Base):
    __tablename__ = "unit"
    __table_args__ = (UniqueConstraint("consultation_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[UnitKind] = mapped_column(_enum(UnitKind))
    order: Mapped[int] = mapped_column(Integer, default=0)
    congress_date: Mapped[date | None] = mapped_column(Date)  # cells: the date of the cell's own congress
    secretary: Mapped[str | None] = mapped_column(Text)  # an office holder's name, printed on reminders
    consultation: Mapped[Consultation] = relationship(back_populates="units")


class Recipient(Base):
    """Who receives reports (e.g. the provincial propaganda board), and how to reach them."""

    __tablename__ = "recipient"
    __table_args__ = (UniqueConstraint("consultation_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(Text)
    channel: Mapped[str | None] = mapped_column(String(16))  # a chat: given in the plan, or registered by invite
    chat_id: Mapped[str | None] = mapped_column(String(64))
    email: Mapped[str | None] = mapped_column(Text)  # and/or an e-mail address (the board works by e-mail)
    office: Mapped[bool] = mapped_column(
        default=False, server_default=sa_false()
    )  # the ward office: receives the cells' submitted summaries


class ReportSchedule(Base):
    __tablename__ = "report_schedule"
    __table_args__ = (UniqueConstraint("consultation_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))  # weekly | once
    recipient_id: Mapped[int] = mapped_column(ForeignKey("recipient.id", ondelete="CASCADE"))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    audience: Mapped[Audience | None] = mapped_column(_enum(Audience))
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    weekday: Mapped[int | None] = mapped_column(Integer)  # 0 = Monday
    at_time: Mapped[str] = mapped_column(String(5), default="08:00")  # local HH:MM


class Deadline(Base):
    """A due date computed from the plan's deadline rules (cell summaries, the ward's own reports)."""

    __tablename__ = "deadline"
    __table_args__ = (UniqueConstraint("consultation_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(96))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    what: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date] = mapped_column(Date)


# --- the imported draft ----------------------------------------------------------------------------------


class Section(Base):
    __tablename__ = "section"
    __table_args__ = (UniqueConstraint("document_id", "order"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("section.id", ondelete="CASCADE"))
    order: Mapped[int] = mapped_column(Integer)  # document order over all sections of the draft
    label: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(Text)
    depth: Mapped[int] = mapped_column(Integer)
    page: Mapped[int | None]
    line: Mapped[int | None]

    document: Mapped[Document] = relationship(back_populates="sections")
    paragraphs: Mapped[list[Paragraph]] = relationship(
        back_populates="section", order_by="Paragraph.number", cascade="all, delete-orphan"
    )
    footnotes: Mapped[list[Footnote]] = relationship(cascade="all, delete-orphan", order_by="Footnote.id")
    tables: Mapped[list[DraftTable]] = relationship(cascade="all, delete-orphan", order_by="DraftTable.order")


class Paragraph(Base):
    __tablename__ = "paragraph"
    __table_args__ = (UniqueConstraint("section_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("section.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    label: Mapped[str | None] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    page: Mapped[int | None]  # where it starts, as printed (None: no printed layout, e.g. a .txt draft)
    line: Mapped[int | None]
    # Its printed lines: [page, line, offset of the line's first character in `text`] (drafts.position_of).
    lines: Mapped[list[Any] | None] = mapped_column(JSON)
    section: Mapped[Section] = relationship(back_populates="paragraphs")


class Footnote(Base):
    __tablename__ = "footnote"
    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("section.id", ondelete="CASCADE"))
    mark: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)


class DraftTable(Base):
    __tablename__ = "draft_table"
    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("section.id", ondelete="CASCADE"))
    order: Mapped[int] = mapped_column(Integer)
    rows: Mapped[list[Any]] = mapped_column(default=list)


# --- people ----------------------------------------------------------------------------------------------


class Participant(Timestamps, Base):
    """Someone who talks to the bot. The display name is private: it never reaches a report."""

    __tablename__ = "participant"
    __table_args__ = (UniqueConstraint("channel", "channel_user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))  # telegram | zalo | console
    channel_user_id: Mapped[str] = mapped_column(String(64))
    display_name: Mapped[str | None] = mapped_column(Text)
    role: Mapped[Role | None] = mapped_column(_enum(Role))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="SET NULL"))  # cell / organisation
    area_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="SET NULL"))  # khu phố / thôn
    consent_at: Mapped[datetime | None]
    refused_at: Mapped[datetime | None]
    reminders: Mapped[bool | None]  # a reminder before a window closes on a draft left unfinished; None: not asked
    # Set: this row is only another channel's id of that participant (`/lienket`, storage/linking.py): the
    # conversation, the comments and the counts are that participant's; its own columns are left empty.
    linked_to: Mapped[int | None] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"), index=True)

    @property
    def audience(self) -> Audience:
        if self.role in (Role.MEMBER, Role.SECRETARY, Role.OFFICIAL, Role.BOARD, Role.ADMIN):
            return Audience.MEMBERS
        return Audience.RESIDENTS


class Invite(Timestamps, Base):
    __tablename__ = "invite"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    role: Mapped[Role] = mapped_column(_enum(Role))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"))
    uses_left: Mapped[int] = mapped_column(Integer, default=1)
    expires_at: Mapped[datetime | None]
    # A board invite: the chat it is used in (a private chat or a group) becomes this recipient's address.
    recipient_id: Mapped[int | None] = mapped_column(ForeignKey("recipient.id", ondelete="CASCADE"))


class LinkCode(Base):
    """A one-time code given by `/lienket` on one channel, to be typed on another (storage/linking.py): short-lived,
    taken once by a conditional UPDATE."""

    __tablename__ = "link_code"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(16))  # where it was given: it is typed on another channel
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


# --- what was said ---------------------------------------------------------------------------------------


class MeetingRecord(Timestamps, Base):
    """A cell meeting, conference or village meeting recorded by a secretary: who came, who spoke, the mood."""

    __tablename__ = "meeting_record"
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="SET NULL"))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("participant.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(32), default="cell_meeting")
    audience: Mapped[Audience] = mapped_column(_enum(Audience), default=Audience.MEMBERS)
    held_on: Mapped[date] = mapped_column(Date)
    attendance: Mapped[int] = mapped_column(Integer, default=0)
    speakers: Mapped[int] = mapped_column(Integer, default=0)
    atmosphere: Mapped[str] = mapped_column(Text, default="")  # as the secretary recorded it, quoted verbatim
    notes: Mapped[str] = mapped_column(Text, default="")
    # The spreadsheet it came from (storage/sheets.py), if any: the same file sent again is recognised.
    sheet_import_id: Mapped[int | None] = mapped_column(ForeignKey("sheet_import.id", ondelete="SET NULL"))


class Vote(Base):
    """A question put to the vote at a meeting, and its tally as the minutes give it (reported as counted)."""

    __tablename__ = "vote"
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting_record.id", ondelete="CASCADE"), index=True)
    order: Mapped[int] = mapped_column(Integer, default=0)
    question: Mapped[str] = mapped_column(Text)
    agree: Mapped[int] = mapped_column(Integer, default=0)  # tán thành
    disagree: Mapped[int] = mapped_column(Integer, default=0)  # không tán thành
    abstain: Mapped[int] = mapped_column(Integer, default=0)  # không biểu quyết


class Letter(Timestamps, Base):
    """A written submission (văn bản, đơn, thư) recorded by an official: counted once in the summary however many
    opinions it holds (its comments carry `letter_id`), and never as a participant."""

    __tablename__ = "letter"
    id: Mapped[int] = mapped_column(primary_key=True)
    sender_kind: Mapped[SenderKind] = mapped_column(_enum(SenderKind))
    received_on: Mapped[date] = mapped_column(Date)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="SET NULL"))  # the unit it came through
    reference: Mapped[str] = mapped_column(Text, default="")  # its number and symbol ("Số 12/CV-HCCB"); no names
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("participant.id", ondelete="SET NULL"))
    sheet_import_id: Mapped[int | None] = mapped_column(ForeignKey("sheet_import.id", ondelete="SET NULL"))


class SheetImport(Base):
    """A spreadsheet of meetings or letters taken in (by chat or `gopy import`), by the SHA-256 of its bytes: the
    same file sent twice is recognised and not counted twice."""

    __tablename__ = "sheet_import"
    __table_args__ = (UniqueConstraint("kind", "digest"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # meetings | letters
    digest: Mapped[str] = mapped_column(String(64))
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id", ondelete="SET NULL"))
    records: Mapped[int] = mapped_column(Integer, default=0)  # meetings or letters taken from it
    imported_at: Mapped[datetime] = mapped_column(server_default=func.now())


class Comment(Timestamps, Base):
    __tablename__ = "comment"
    __table_args__ = (
        Index("ix_comment_document_target", "document_id", "target_kind", "section_id"),
        Index("ix_comment_participant", "participant_id"),
    )
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id", ondelete="SET NULL"))
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting_record.id", ondelete="SET NULL"), index=True)
    # A letter's opinion (source WRITTEN): the letter is counted once, its opinions each.
    letter_id: Mapped[int | None] = mapped_column(ForeignKey("letter.id", ondelete="CASCADE"), index=True)
    # Snapshots at the time of the comment, so that a later change of role or unit does not rewrite history.
    audience: Mapped[Audience] = mapped_column(_enum(Audience))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="SET NULL"))
    area_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="SET NULL"))

    target_kind: Mapped[TargetKind] = mapped_column(_enum(TargetKind))
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("guided_topic.id", ondelete="SET NULL"))
    section_id: Mapped[int | None] = mapped_column(ForeignKey("section.id", ondelete="SET NULL"))
    paragraph_id: Mapped[int | None] = mapped_column(ForeignKey("paragraph.id", ondelete="SET NULL"))

    kind: Mapped[CommentKind] = mapped_column(_enum(CommentKind))
    text: Mapped[str] = mapped_column(Text, default="")  # exactly as typed
    text_norm: Mapped[str] = mapped_column(Text, default="")  # NFC, for grouping and search
    quoted_original: Mapped[str | None] = mapped_column(Text)  # amendments: the draft's wording to change
    # False: the quote was not found in the paragraph and kept as typed; reports say so. None: no quote.
    quote_found: Mapped[bool | None]
    proposed_text: Mapped[str | None] = mapped_column(Text)  # amendments: the new wording ("" = delete)
    reason: Mapped[str | None] = mapped_column(Text)
    page: Mapped[int | None]
    paragraph_no: Mapped[int | None]
    line: Mapped[int | None]

    channel: Mapped[str] = mapped_column(String(16))
    source: Mapped[Source] = mapped_column(_enum(Source), default=Source.INDIVIDUAL)
    represents: Mapped[int] = mapped_column(Integer, default=1)  # how many people this opinion speaks for
    # The inbound delivery that created it (e.g. "telegram:123456"): a redelivered update cannot add a second row.
    idempotency_key: Mapped[str | None] = mapped_column(String(96), unique=True)
    edited_at: Mapped[datetime | None]
    withdrawn_at: Mapped[datetime | None]
    moderation: Mapped[Moderation] = mapped_column(_enum(Moderation), default=Moderation.ACCEPTED)


class Submission(Base):
    """A unit's summary of comments, submitted by its secretary (`/nopbaocao`): the unit's reminders stop."""

    __tablename__ = "submission"
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id", ondelete="SET NULL"))
    comments: Mapped[int] = mapped_column(Integer, default=0)  # what the summary counted, as submitted
    submitted_at: Mapped[datetime] = mapped_column(server_default=func.now())


# --- bookkeeping -----------------------------------------------------------------------------------------


class ConversationState(Base):
    """One row per participant: where their conversation stands. Shared by every channel; survives restarts."""

    __tablename__ = "conversation_state"
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"), primary_key=True)
    step: Mapped[str] = mapped_column(String(48), default="start")
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now(), onupdate=func.now())


class InboundUpdate(Base):
    """Inbound deliveries already handled, so that a redelivered update is answered but not applied twice."""

    __tablename__ = "inbound_update"
    __table_args__ = (UniqueConstraint("channel", "update_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    update_id: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(server_default=func.now())
    # The replies sent for it (text and buttons), re-sent as they were when the same update comes again.
    replies: Mapped[list[Any] | None] = mapped_column(JSON)


class Outbox(Base):
    """Messages committed and not yet delivered: written in the transaction that decided them, deleted once the
    platform has them. A send that fails waits here (`due_at`) and is retried, also after a restart."""

    __tablename__ = "outbox"
    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(254))  # a chat id, or an e-mail address (up to 254 characters)
    replies: Mapped[list[Any]] = mapped_column(JSON)  # what to send, in order (Reply.to_json)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    # Not before: the worker sending it holds it until then; after a failure, the next try.
    due_at: Mapped[datetime]
    attempts: Mapped[int] = mapped_column(default=0)
    # A scheduled send: its delivery log entry, marked sent (or failed, blocked) when this row is done.
    log_key: Mapped[str | None] = mapped_column(String(160))


class DeliveryLog(Base):
    """Scheduled sends (scheduled/): one row per (recipient, kind, period), claimed in the transaction that stages
    the message in the outbox, so that a restart, a second scheduler or a second `run-due` never sends it twice."""

    __tablename__ = "delivery_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(160), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    recipient: Mapped[str] = mapped_column(String(96))  # a label for people: a recipient or unit code, never a name
    address: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16))  # sending | sent | failed | blocked | missed
    detail: Mapped[str] = mapped_column(Text, default="")
    due_at: Mapped[datetime]
    claimed_at: Mapped[datetime] = mapped_column(server_default=func.now())
    done_at: Mapped[datetime | None]
