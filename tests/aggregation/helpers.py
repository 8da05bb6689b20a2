"""Known sets of comments for the summary tests."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from aggregation.pipeline import Report, build_report
from aggregation.query import Scope
from storage.db import Database
from storage.models import (
    Audience,
    Comment,
    CommentKind,
    MeetingRecord,
    Paragraph,
    Participant,
    Role,
    Source,
    TargetKind,
)
from tests.factories import Built, build_consultation

SECRET_NAME = "Trần Thị Bảo Mật Zyx"
SECRET_ID = "778899665544"
SECRET_PHONE = "0912345678"
AS_OF = datetime(2025, 7, 20, 9, 30, tzinfo=UTC)


class Seeder:
    """Adds comments to a consultation built by `build_consultation`."""

    def __init__(self, session: Session, built: Built) -> None:
        self.s, self.b = session, built
        self.n = 0
        self.people: list[Participant] = []

    def person(self, role: Role = Role.RESIDENT, name: str = SECRET_NAME, uid: str = SECRET_ID) -> Participant:
        p = Participant(channel="telegram", channel_user_id=f"{uid}{len(self.people) or ''}", display_name=name,
                        role=role)  # fmt: skip
        self.s.add(p)
        self.s.flush()
        self.people.append(p)
        return p

    def add(self, kind: CommentKind, text: str = "", *, target: TargetKind = TargetKind.SECTION,
            section: int | None = 0, who: Participant | None = None, **kw: Any) -> Comment:  # fmt: skip
        self.n += 1
        who = who or (self.people[self.n % len(self.people)] if self.people else self.person())
        c = Comment(
            document_id=self.b.document_id, participant_id=who.id, audience=kw.pop("audience", Audience.RESIDENTS),
            target_kind=target, section_id=None if section is None else self.b.section_ids[section], kind=kind,
            text=text, text_norm=text, channel=kw.pop("channel", "telegram"), **kw,
        )  # fmt: skip
        self.s.add(c)
        return c

    def many(self, n: int, kind: CommentKind, text: str = "", **kw: Any) -> None:
        for _ in range(n):
            self.add(kind, text, **kw)


def seeded(db: Database, fill: Any, **build: Any) -> Built:
    with db.unit() as s:
        built = build_consultation(s, **build)
        fill(Seeder(s, built))
    return built


def report(db: Database, **scope: Any) -> Report:
    return build_report(db, Scope(**scope), as_of=AS_OF)


def docx_xml(content: bytes, part: str = "word/document.xml") -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        return z.read(part).decode("utf-8")


def all_zip_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))


def paragraph_id(db: Database, section_id: int, number: int) -> int:
    with db.unit() as s:
        return s.execute(select(Paragraph.id).filter_by(section_id=section_id, number=number)).scalar_one()


def meeting(s: Session, built: Built, **kw: Any) -> None:
    s.add(MeetingRecord(unit_id=built.unit_ids["CB01"], document_id=built.document_id, held_on=date(2025, 7, 10),
                        **kw))  # fmt: skip


__all__ = ["AS_OF", "SECRET_ID", "SECRET_NAME", "SECRET_PHONE", "Audience", "CommentKind", "Role", "Source",
           "TargetKind"]  # fmt: skip
