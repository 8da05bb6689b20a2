"""Small builders for test data: a consultation with one open document and a three-level section tree."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from storage.models import (
    Audience,
    CommentWindow,
    Consultation,
    Document,
    GuidedTopic,
    Level,
    Paragraph,
    Section,
    Unit,
    UnitKind,
)


@dataclass
class Built:
    consultation_id: int
    document_id: int
    section_ids: list[int]
    unit_ids: dict[str, int]


def build_consultation(
    session: Session,
    *,
    code: str = "DH-TEST",
    open_now: bool = True,
    with_topics: bool = False,
    sections: int = 3,
) -> Built:
    """One ward-level document, `sections` top-level sections each with one child and two paragraphs."""
    now = datetime.now(UTC)
    cons = Consultation(
        code=f"{code}-C",
        title="Lấy ý kiến dự thảo (thử nghiệm)",
        organisation="ĐẢNG ỦY PHƯỜNG THỬ NGHIỆM",
        parent_organisation="ĐẢNG BỘ TỈNH THỬ NGHIỆM",
        place="Thử Nghiệm",
        issued_on=date.today() - timedelta(days=10),
        ward_congress_date=date.today() + timedelta(days=40),
        settings={},
    )
    session.add(cons)
    session.flush()
    doc = Document(consultation_id=cons.id, code=code, title="Dự thảo Báo cáo chính trị", level=Level.WARD)
    session.add(doc)
    session.flush()
    opens, closes = (now - timedelta(days=5), now + timedelta(days=20))
    if not open_now:
        opens, closes = now - timedelta(days=30), now - timedelta(days=1)
    for aud in (Audience.RESIDENTS, Audience.MEMBERS):
        session.add(CommentWindow(document_id=doc.id, audience=aud, opens_at=opens, closes_at=closes))
    if with_topics:
        for i, title in enumerate(["Về mục tiêu tổng quát", "Về các khâu đột phá"], start=1):
            session.add(GuidedTopic(document_id=doc.id, order=i, title=title, text=f"Gợi ý {i}"))
    order = 0
    section_ids: list[int] = []
    romans = ["I", "II", "III", "IV", "V", "VI"]
    for i in range(sections):
        top = Section(
            document_id=doc.id,
            order=order,
            label=romans[i % 6],
            title=f"MỤC LỚN {i + 1}",
            depth=1,
            page=i + 1,
            line=10 * i + 1,
        )
        session.add(top)
        session.flush()
        order += 1
        child = Section(
            document_id=doc.id,
            parent_id=top.id,
            order=order,
            label="1",
            title=f"Mục con của {i + 1}",
            depth=2,
            page=i + 1,
            line=10 * i + 3,
        )
        session.add(child)
        session.flush()
        order += 1
        for sec in (top, child):
            session.add(
                Paragraph(
                    section_id=sec.id,
                    number=1,
                    text=f"Đoạn thứ nhất của mục {sec.order}.",
                    page=sec.page,
                    line=(sec.line or 0) + 1,
                )
            )
            session.add(
                Paragraph(
                    section_id=sec.id,
                    number=2,
                    label="(2)",
                    text=f"(2) Phát triển kinh tế xanh, bền vững của mục {sec.order}.",
                    page=sec.page,
                    line=(sec.line or 0) + 2,
                )
            )
            section_ids.append(sec.id)
    units = {
        "CB01": Unit(
            consultation_id=cons.id,
            code="CB01",
            name="Chi bộ khu phố 1",
            kind=UnitKind.CELL,
            order=1,
            congress_date=date.today() + timedelta(days=3),
            secretary="Bí thư thử nghiệm",
        ),
        "KP1": Unit(consultation_id=cons.id, code="KP1", name="Khu phố 1", kind=UnitKind.AREA, order=2),
        "KP2": Unit(consultation_id=cons.id, code="KP2", name="Khu phố 2", kind=UnitKind.AREA, order=3),
    }
    session.add_all(units.values())
    session.flush()
    return Built(cons.id, doc.id, section_ids, {k: u.id for k, u in units.items()})


def sqlite_file_with_consultation(path: Path) -> str:
    """A migrated SQLite database file holding `build_consultation`, for tests that start `gopy` as a process."""
    from storage.db import Database
    from storage.migrate import upgrade

    url = f"sqlite:///{path}"
    upgrade(url)
    db = Database(url)
    with db.unit() as session:
        build_consultation(session)
    db.dispose()
    return url
