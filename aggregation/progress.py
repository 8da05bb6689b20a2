"""Progress figures for the scheduler's sends: the weekly progress report to the board (figures, chat text and a
weekly chart) and a unit's weekly note to its secretary.

Comments are counted as the summary counts them: the same query (`query.comments_query`: withdrawn and hidden
comments left out, the same scope), only the few columns a count needs, and nothing after `as_of`. A week is the
7 days ending at `as_of`; "people" are distinct participants with individual comments (meetings and letters have
none). No name, channel id or text is read.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd
import sqlalchemy as sa
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, StrMethodFormatter

from aggregation.digest import pack
from aggregation.model import in_sentence
from aggregation.participation import label
from aggregation.query import CHUNK, COLUMNS, Context, ReportError, Scope, comments_query, load_context
from core import clock
from core.messages import t
from core.text import clean
from storage.db import Database
from storage.models import Audience, Comment, CommentWindow, Deadline, Submission, Unit, UnitKind

WEEK = timedelta(days=7)
LIMIT = 3500  # characters per chat message
MAX_WEEKS = 26  # bars on the chart: the most recent weeks (the figures always cover everything)
FONT = "DejaVu Sans"  # has every Vietnamese glyph on a stock Debian (as aggregation/charts.py)
_NEEDED = ("id", "document_id", "participant_id", "audience", "unit_id", "area_id", "channel", "source",
           "represents", "created_at")  # fmt: skip
_C = Comment.__table__.c


@dataclass(frozen=True)
class ProgressRow:
    """One group (a unit, an audience, a channel, a document): this week and since the start."""

    label: str
    comments_week: int
    comments_total: int
    people_week: int
    people_total: int


@dataclass(frozen=True)
class WeekCount:
    """One bar of the chart: the comments made in [start, end) (local times)."""

    start: datetime
    end: datetime
    comments: int


@dataclass
class WeeklyProgress:
    as_of: datetime  # local (GOPY_TIMEZONE)
    week_start: datetime  # as_of − 7 days
    document_code: str | None  # as asked: None for every document
    document_codes: list[str]  # the documents counted
    document_titles: list[str]
    audience: Audience | None
    comments_week: int  # comments (rows, "lượt góp ý") in the 7 days ending at as_of
    comments_total: int  # all comments before as_of
    comments_previous: int  # the 7 days before this week
    opinions_week: int  # opinions (a meeting's or a letter's comment may speak for several people)
    opinions_total: int
    people_week: int  # distinct participants with individual comments
    people_total: int
    people_previous: int
    by_unit: list[ProgressRow]  # the comment's unit, else its area
    by_audience: list[ProgressRow]
    by_channel: list[ProgressRow]
    by_document: list[ProgressRow]
    weeks: list[WeekCount]  # oldest first; the last is this week
    messages: list[str]
    chart: bytes

    @property
    def comments_change(self) -> int:
        return self.comments_week - self.comments_previous

    @property
    def people_change(self) -> int:
        return self.people_week - self.people_previous

    def chart_name(self) -> str:
        """tien-do-<code>-<yyyymmdd>.png ("tat-ca" for every document, as the report's files)."""
        return f"tien-do-{safe_name(self.document_code or 'tat-ca')}-{self.as_of:%Y%m%d}.png"


@dataclass
class UnitProgress:
    unit_id: int
    unit_code: str
    unit_name: str
    as_of: datetime  # local
    comments: int  # since the start, before as_of
    opinions: int
    people: int
    comments_week: int  # the 7 days ending at as_of
    meetings: int  # meeting records of the unit held on or before as_of's date
    attendance: int
    speakers: int
    deadline: date | None  # the unit's summary is due (storage.models.Deadline)
    days_left: int | None  # days from as_of's date to the deadline (negative: past)
    submitted_at: datetime | None  # local; the latest submission of the unit's summary, None: not submitted
    text: str  # the weekly note to the unit's secretary

    @property
    def submitted(self) -> bool:
        return self.submitted_at is not None


def safe_name(code: str) -> str:
    """A code as it may stand in a file name."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", code).strip("-") or "bao-cao"


# --- the figures -----------------------------------------------------------------------------------------------


def _load(db: Database, ctx: Context, as_of_utc: datetime) -> pd.DataFrame:
    """The comments in scope made before `as_of`: the report's own query, with only the columns a count needs.

    Adds `week`: 0 for [as_of − 7 days, as_of), 1 for the week before, and so on."""
    columns = dict(COLUMNS)
    q = comments_query(ctx).with_only_columns(*(columns[name].label(name) for name in _NEEDED))
    q = q.where(_C.created_at < as_of_utc)
    columns_read: list[list[Any]] = [[] for _ in _NEEDED]
    with db.engine.connect() as conn:  # streamed in chunks, as load_comments (a server-side cursor on PostgreSQL)
        for part in conn.execution_options(yield_per=CHUNK).execute(q).partitions():
            for store, values in zip(columns_read, zip(*part, strict=True), strict=True):
                store.extend(values)
    frame = pd.DataFrame(dict(zip(_NEEDED, columns_read, strict=True)))
    stamps = pd.to_datetime(frame["created_at"], utc=True) if len(frame) else pd.Series([], dtype="datetime64[ns, UTC]")
    age = (pd.Timestamp(as_of_utc) - stamps).dt.total_seconds()  # > 0: only comments before as_of
    frame["week"] = (np.ceil(age / WEEK.total_seconds()) - 1).astype("int64")  # weeks are [start, end)
    frame["person"] = frame["participant_id"].where(frame["source"].astype(str) == "individual")
    frame["represents"] = frame["represents"].astype("int64")
    frame["created_at"] = stamps
    return frame


def _people(frame: pd.DataFrame) -> int:
    return int(frame["person"].nunique())


def _rows(frame: pd.DataFrame, key: pd.Series, name: Any) -> list[ProgressRow]:
    """Comments and people per group, this week and in total; the largest groups first."""
    if frame.empty:
        return []
    table = pd.DataFrame({"key": key.to_numpy(), "week": frame["week"].to_numpy(), "p": frame["person"].to_numpy()})
    rows = []
    for value, group in table.groupby("key", sort=False):
        this = group[group["week"] == 0]
        rows.append(ProgressRow(name(value), len(this), len(group), int(this["p"].nunique()),
                                int(group["p"].nunique())))  # fmt: skip
    rows.sort(key=lambda r: (-r.comments_total, -r.comments_week, r.label))
    return rows


def _first_window(db: Database, ctx: Context, audience: Audience | None, as_of_utc: datetime) -> datetime | None:
    """When the first comment window in scope opened (if it opened before as_of)."""
    q = sa.select(sa.func.min(CommentWindow.opens_at)).where(
        CommentWindow.document_id.in_([d["id"] for d in ctx.documents]), CommentWindow.opens_at < as_of_utc
    )
    if audience:
        q = q.where(CommentWindow.audience == audience)
    with db.unit() as s:
        opened = s.scalar(q)
    return clock.as_utc(opened) if opened is not None else None


def _weeks(frame: pd.DataFrame, as_of_utc: datetime, opened: datetime | None) -> list[WeekCount]:
    """Comments per week, from the first window's opening (or the first comment) to as_of; the last MAX_WEEKS."""
    n = 1
    if opened is not None:
        n = max(n, math.ceil((as_of_utc - opened) / WEEK))
    if not frame.empty:
        n = max(n, int(frame["week"].max()) + 1)
    n = min(n, MAX_WEEKS)
    counts = frame["week"].value_counts()
    out = []
    for k in range(n - 1, -1, -1):
        end = as_of_utc - k * WEEK
        out.append(WeekCount(clock.local(end - WEEK), clock.local(end), int(counts.get(k, 0))))
    return out


def weekly_progress(
    db: Database, *, as_of: datetime, document_code: str | None = None, audience: Audience | None = None
) -> WeeklyProgress:
    """The plan's weekly progress figures as of `as_of` (aware; a naive one is taken as UTC), with the chat text
    and the chart. Raises `ReportError` (its message is for the user) for an unknown document code."""
    as_of_utc = clock.as_utc(as_of)
    ctx = load_context(db, Scope(document_code=document_code, audience=audience))
    frame = _load(db, ctx, as_of_utc)
    week, previous = frame[frame["week"] == 0], frame[frame["week"] == 1]
    unit_key = frame["unit_id"].fillna(frame["area_id"]).fillna(-1).astype("int64")
    titles = {d["id"]: d["title"] for d in ctx.documents}
    weeks = _weeks(frame, as_of_utc, _first_window(db, ctx, audience, as_of_utc))
    progress = WeeklyProgress(
        as_of=clock.local(as_of_utc),
        week_start=clock.local(as_of_utc - WEEK),
        document_code=document_code,
        document_codes=[d["code"] for d in ctx.documents],
        document_titles=[d["title"] for d in ctx.documents],
        audience=audience,
        comments_week=len(week),
        comments_total=len(frame),
        comments_previous=len(previous),
        opinions_week=int(week["represents"].sum()),
        opinions_total=int(frame["represents"].sum()),
        people_week=_people(week),
        people_total=_people(frame),
        people_previous=_people(previous),
        by_unit=_rows(frame, unit_key, lambda v: ctx.units[v]["name"] if v in ctx.units else t("report.unit.none")),
        by_audience=_rows(frame, frame["audience"].astype(str), lambda v: label("audience", v)),
        by_channel=_rows(frame, frame["channel"].astype(str), lambda v: label("channel", v)),
        by_document=_rows(frame, frame["document_id"], lambda v: in_sentence(titles.get(v, str(v)))),
        weeks=weeks,
        messages=[],
        chart=b"",
    )
    progress.messages = pack([clean(line) for line in weekly_lines(progress)], LIMIT)
    progress.chart = weekly_chart(weeks)
    return progress


# --- the chat text ---------------------------------------------------------------------------------------------


def change(n: int) -> str:
    """+N, −N (a minus sign, not a hyphen), or "không đổi"."""
    if n > 0:
        return f"+{n}"
    if n < 0:
        return f"\u2212{-n}"
    return t("progress.change.same")


def last_day(end: datetime) -> date:
    """The last local day a period ending at `end` (exclusive) covers: the day before when it ends at midnight."""
    end = clock.local(end)
    return (end - timedelta(microseconds=1)).date() if end.time() == datetime.min.time() else end.date()


def weekly_lines(p: WeeklyProgress) -> list[str]:
    lines = [t("progress.title")]
    if len(p.document_titles) == 1:
        lines.append(t("progress.documents_one", title=in_sentence(p.document_titles[0])))
    else:
        lines.append(t("progress.documents_all", titles="; ".join(in_sentence(x) for x in p.document_titles)))
    if p.audience:
        lines.append(t("progress.audience", audience=label("audience", p.audience.value)))
    lines.append(
        t("progress.week", start=p.week_start.strftime("%d/%m"), end=last_day(p.as_of).strftime("%d/%m/%Y"),
          time=p.as_of.strftime("%H:%M"), date=p.as_of.strftime("%d/%m/%Y"))
    )  # fmt: skip
    if p.comments_week:
        lines.append(t("progress.week_figures", comments=p.comments_week, opinions=p.opinions_week,
                       people=p.people_week))  # fmt: skip
    else:
        lines.append(t("progress.week_empty"))
    lines.append(
        t("progress.change", comments=change(p.comments_change), people=change(p.people_change),
          comments_before=p.comments_previous, people_before=p.people_previous)
    )  # fmt: skip
    lines.append(t("progress.total_figures", comments=p.comments_total, opinions=p.opinions_total,
                   people=p.people_total))  # fmt: skip
    groups = [("by_unit", p.by_unit), ("by_audience", p.by_audience), ("by_channel", p.by_channel)]
    if len(p.document_titles) > 1:
        groups.append(("by_document", p.by_document))
    for key, rows in groups:
        if not rows:
            continue
        lines.append(t(f"progress.{key}"))
        lines += [
            t("progress.row", label=r.label, week=r.comments_week, total=r.comments_total,
              people_week=r.people_week, people_total=r.people_total)
            for r in rows
        ]  # fmt: skip
    return lines


# --- the chart -------------------------------------------------------------------------------------------------


def weekly_figure(weeks: list[WeekCount]) -> Figure:
    """Comments per week: grey bars with a black edge and their values above (readable in black and white), an
    integer axis. A bare Figure, not pyplot: no global state, safe in worker threads."""
    labels = [
        t("progress.chart.week", start=w.start.strftime("%d/%m"), end=last_day(w.end).strftime("%d/%m")) for w in weeks
    ]
    values = [w.comments for w in weeks]
    fig = Figure(figsize=(max(4.5, min(9.0, 1.0 + 0.55 * len(weeks))), 3.2), dpi=110)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    x = list(range(len(weeks)))
    bars = ax.bar(x, values, width=0.6, color="0.55", edgecolor="black", linewidth=0.8)
    ax.bar_label(bars, labels=[str(v) for v in values], padding=2, fontsize=8, fontfamily=FONT)
    ax.set_xticks(x, labels)
    ax.set_ylim(0, max(1, max(values, default=0)) * 1.18)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))
    ax.yaxis.set_major_formatter(StrMethodFormatter("{x:.0f}"))
    ax.set_ylabel(t("progress.chart.ylabel"), fontfamily=FONT, fontsize=9)
    ax.set_title(t("progress.chart.title"), fontfamily=FONT, fontsize=10)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.grid(axis="y", color="0.85", linewidth=0.6)
    ax.set_axisbelow(True)
    for tick in ax.get_xticklabels() + ax.get_yticklabels():
        tick.set_fontfamily(FONT)
        tick.set_fontsize(8)
    if len(weeks) > 6:
        for tick in ax.get_xticklabels():
            tick.set_rotation(45)
            tick.set_horizontalalignment("right")
    fig.tight_layout()
    return fig


def weekly_chart(weeks: list[WeekCount]) -> bytes:
    """The weekly chart as PNG bytes (a few tens of KB)."""
    out = io.BytesIO()
    weekly_figure(weeks).savefig(out, format="png")
    return out.getvalue()


# --- a unit ----------------------------------------------------------------------------------------------------


def unit_progress(db: Database, unit_id: int, *, as_of: datetime) -> UnitProgress:
    """One unit's progress so far (comments of its members or residents, its meetings, its deadline and whether
    it has submitted its summary), with the weekly note to its secretary. Raises `ReportError` for an unknown unit.
    """
    as_of_utc = clock.as_utc(as_of)
    with db.unit() as s:
        unit = s.get(Unit, unit_id)
        if unit is None:
            raise ReportError(t("progress.error.unknown_unit", id=unit_id))
        code = unit.code
    # The report's own scope: the unit's comments (its unit or area) and meetings, up to as_of's day.
    ctx = load_context(db, Scope(unit_code=code, date_to=clock.local(as_of_utc).date()))
    frame = _load(db, ctx, as_of_utc)
    return _units(db, [unit_id], as_of_utc, frame, ctx)[unit_id]


def units_progress(db: Database, unit_ids: Sequence[int], *, as_of: datetime) -> dict[int, UnitProgress]:
    """`unit_progress` of many units at once (the scheduler's reminders to every cell at the same hour): one read
    of the comments and meetings for all of them, the same figures unit by unit. Unknown units are left out."""
    as_of_utc = clock.as_utc(as_of)
    ctx = load_context(db, Scope(date_to=clock.local(as_of_utc).date()))
    return _units(db, list(unit_ids), as_of_utc, _load(db, ctx, as_of_utc), ctx)


def _units(
    db: Database, unit_ids: list[int], as_of_utc: datetime, frame: pd.DataFrame, ctx: Context
) -> dict[int, UnitProgress]:
    """Each unit's figures from `frame` (comments before as_of) and `ctx.meetings`, its deadline and submission."""
    local = clock.local(as_of_utc)
    with db.unit() as s:
        units = {u.id: u for u in s.scalars(sa.select(Unit).where(Unit.id.in_(unit_ids)))}
        dues: dict[int, list[date]] = {}
        for unit_id, due_on in s.execute(
            sa.select(Deadline.unit_id, Deadline.due_on).where(Deadline.unit_id.in_(unit_ids)).order_by(Deadline.due_on)
        ):
            dues.setdefault(unit_id, []).append(due_on)
        submitted = {
            unit_id: at
            for unit_id, at in s.execute(
                sa.select(Submission.unit_id, sa.func.max(Submission.submitted_at))
                .where(Submission.unit_id.in_(unit_ids), Submission.submitted_at <= as_of_utc)
                .group_by(Submission.unit_id)
            ).tuples()
        }
        named = {u.id: (u.code, u.name, u.kind) for u in units.values()}
    out: dict[int, UnitProgress] = {}
    for unit_id, (code, name, kind) in named.items():
        mine = frame[(frame["unit_id"] == unit_id) | (frame["area_id"] == unit_id)]
        meetings = [m for m in ctx.meetings if m.unit_id == unit_id]
        unit_dues = dues.get(unit_id, [])
        deadline = next((d for d in unit_dues if d >= local.date()), unit_dues[-1] if unit_dues else None)
        progress = UnitProgress(
            unit_id=unit_id,
            unit_code=code,
            unit_name=name,
            as_of=local,
            comments=len(mine),
            opinions=int(mine["represents"].sum()),
            people=_people(mine),
            comments_week=int((mine["week"] == 0).sum()),
            meetings=len(meetings),
            attendance=sum(m.attendance for m in meetings),
            speakers=sum(m.speakers for m in meetings),
            deadline=deadline,
            days_left=(deadline - local.date()).days if deadline else None,
            submitted_at=clock.local(submitted[unit_id]) if submitted.get(unit_id) is not None else None,
            text="",
        )
        progress.text = clean("\n".join(unit_lines(progress, kind)))
        out[unit_id] = progress
    return out


def unit_lines(p: UnitProgress, kind: UnitKind | str) -> list[str]:
    holder = t("progress.unit.holder.cell" if str(kind) == UnitKind.CELL.value else "progress.unit.holder.other")
    lines = [
        t("progress.unit.greeting", holder=holder, unit=p.unit_name),
        t("progress.unit.title", unit=p.unit_name, time=p.as_of.strftime("%H:%M"), date=p.as_of.strftime("%d/%m/%Y")),
    ]
    if p.comments:
        lines.append(t("progress.unit.comments", comments=p.comments, opinions=p.opinions, people=p.people,
                       week=p.comments_week))  # fmt: skip
    else:
        lines.append(t("progress.unit.no_comments"))
    if p.meetings:
        lines.append(t("progress.unit.meetings", meetings=p.meetings, attendance=p.attendance, speakers=p.speakers))
    else:
        lines.append(t("progress.unit.no_meetings"))
    if p.deadline is None:
        lines.append(t("progress.unit.no_deadline"))
    elif p.submitted_at is not None or p.days_left is None:
        lines.append(t("progress.unit.deadline", date=p.deadline.strftime("%d/%m/%Y")))
    else:
        if p.days_left > 0:
            left = t("progress.unit.days_left", n=p.days_left)
        elif p.days_left == 0:
            left = t("progress.unit.due_today")
        else:
            left = t("progress.unit.days_past", n=-p.days_left)
        lines.append(t("progress.unit.deadline_left", date=p.deadline.strftime("%d/%m/%Y"), left=left))
    if p.submitted_at is not None:
        lines.append(t("progress.unit.submitted", time=p.submitted_at.strftime("%H:%M"),
                       date=p.submitted_at.strftime("%d/%m/%Y")))  # fmt: skip
    else:
        lines.append(t("progress.unit.not_submitted"))
    lines.append(t("progress.unit.closing"))
    return lines
