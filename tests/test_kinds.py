"""The comment kinds are one table (core/kinds.py): every part of gopy reads it, so a new kind is a row plus its
catalog keys. For every kind in the table: its texts exist, the chat offers it where the table says, and the report
(DOCX, XLSX, digest, chart) counts it without a list of its own to update."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook

from core.kinds import CHART_KINDS, KINDS, STANCES, CommentKind, offered
from core.messages import MESSAGES
from storage.db import Database
from storage.models import TargetKind
from tests.aggregation.helpers import Seeder, docx_xml, report, seeded

KEYS = ("chat.kind.{}", "chat.btn.{}", "report.kind.{}", "report.view.{}")


@pytest.mark.parametrize("kind", KINDS, ids=str)
def test_every_kind_has_its_texts(kind: CommentKind) -> None:
    missing = [key.format(kind) for key in KEYS if key.format(kind) not in MESSAGES]
    if not kind.amendment:  # an amendment is written in parts (amend.py), not in one text
        missing += [k for k in (f"chat.view.compose.{kind}",) if k not in MESSAGES]
    assert not missing


def test_the_table_says_what_the_plan_says() -> None:
    assert [k.value for k in STANCES] == ["agree", "disagree", "amend", "other"]  # compared with the share words
    assert [k.value for k in offered("section")] == ["agree", "disagree", "amend", "other"]
    assert [k.value for k in offered("section", paragraphs=False)] == ["agree", "disagree", "other"]
    assert [k.value for k in offered("document")] == ["general", "proposal"]
    assert {k for k in KINDS if k.part == 3} == {CommentKind.PROPOSAL}
    assert CommentKind.GENERAL in CHART_KINDS and CommentKind.PROPOSAL not in CHART_KINDS


def _one_of_each(s: Seeder) -> None:
    for kind in KINDS:
        on_document = "document" in kind.offered_on
        parts: dict[str, Any] = {}
        if kind.amendment:
            parts = {"quoted_original": "bền vững", "proposed_text": "xanh", "reason": "Rõ hơn", "paragraph_no": 1}
        s.add(
            kind,
            "" if kind.amendment else f"Ý kiến loại {kind.value}",
            target=TargetKind.DOCUMENT if on_document else TargetKind.SECTION,
            section=None if on_document else 0,
            **parts,
        )


def test_a_report_counts_every_kind_in_the_table(db: Database) -> None:
    seeded(db, _one_of_each)
    built = report(db)
    assert built.docx is not None and built.xlsx is not None
    sheet = load_workbook(io.BytesIO(built.xlsx), read_only=True)["Ý kiến"]
    rows = list(sheet.iter_rows(values_only=True))
    kinds = {row[rows[0].index("Loại ý kiến")] for row in rows[1:]}
    assert kinds == {MESSAGES[f"report.kind.{k}"] for k in KINDS}
    drawn = sum(sum(row.counts.values()) for row in built.summary.chart)
    assert drawn == len(CHART_KINDS)  # one of each drawn, the others (proposals) not
    assert "Rõ hơn" in docx_xml(built.docx) and built.digest
