"""Scope → query → summary → chart, DOCX, XLSX, digest; each stage timed (the benchmark prints the timings)."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from aggregation.charts import stance_chart
from aggregation.digest import build_digest
from aggregation.docx_writer import write_docx
from aggregation.model import Summary
from aggregation.participation import Signing
from aggregation.query import Context, Progress, Scope, load_comments, load_context
from aggregation.shares import ShareRule
from aggregation.summary import Options, build_summary, prepare
from aggregation.xlsx_writer import write_xlsx
from core import clock
from storage.db import Database


@dataclass
class Report:
    context: Context
    summary: Summary
    rows: int
    docx: bytes | None = None
    xlsx: bytes | None = None
    digest: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    def file_name(self, ext: str) -> str:
        code = self.context.scope.document_code or "tat-ca"
        safe = re.sub(r"[^A-Za-z0-9._-]+", "-", code).strip("-") or "bao-cao"
        return f"bao-cao-{safe}-{self.summary.header.as_of:%Y%m%d-%H%M}.{ext}"


def build_report(
    db: Database,
    scope: Scope,
    *,
    docx: bool = True,
    xlsx: bool = True,
    digest: bool = True,
    as_of: datetime | None = None,
    progress: Progress | None = None,
    signing: Signing | None = None,
) -> Report:
    """`signing`: this report's number and signer (`gopy report --number …`); without it the plan's defaults, or a
    visible blank."""
    timings: dict[str, float] = {}

    @contextmanager
    def stage(name: str) -> Iterator[None]:
        start = time.perf_counter()
        yield
        timings[name] = timings.get(name, 0.0) + time.perf_counter() - start

    with stage("query"):
        ctx = load_context(db, scope)
        frame = load_comments(db, ctx, progress)
    with stage("grouping"):
        prepare(frame)
    with stage("summary"):
        rule = ShareRule.from_settings(ctx.settings)
        as_of = clock.local(as_of or clock.now())
        summary = build_summary(ctx, frame, rule, Options.from_settings(ctx.report_settings), as_of, signing)
    report = Report(ctx, summary, len(frame), timings=timings)
    if progress:
        progress("summary", 1, 1)
    if docx:
        with stage("chart"):
            chart = stance_chart(summary.chart)
        with stage("docx"):
            report.docx = write_docx(summary, chart)
        if progress:
            progress("docx", 1, 1)
    if xlsx:
        with stage("xlsx"):
            report.xlsx = write_xlsx(ctx, frame, summary, _rows(progress, len(frame)))
    if digest:
        with stage("digest"):
            report.digest = build_digest(summary)
    return report


def _rows(progress: Progress | None, total: int) -> Callable[[int], None] | None:
    if progress is None:
        return None
    return lambda done: progress("xlsx", done, total)
