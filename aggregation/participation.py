"""Part 1 of the summary (general remarks: who took part, how, the trend, the atmosphere as recorded) and the
party document frame (header, recipients, signature). Counts only; atmosphere only as meeting records say it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pandas as pd

from aggregation.model import CountRow, GeneralRemarks, Header, View, in_sentence
from aggregation.query import Context
from aggregation.shares import ShareRule, make_view
from core.kinds import KINDS, STANCES
from core.messages import MESSAGES, t


def label(prefix: str, value: object) -> str:
    """Catalog label for an enum-like value; unknown values (e.g. a new channel) print as they are."""
    key = f"report.{prefix}.{value}"
    return t(key) if key in MESSAGES else str(value)


def general_remarks(
    ctx: Context,
    frame: pd.DataFrame,
    rule: ShareRule,
    quality: list[tuple[str, View]],
    quoted: Callable[[str], str] = str,
) -> GeneralRemarks:
    """`quoted` is how recorded text is shown (`Options.quoted`: personal data masked unless the plan says not)."""
    individual = frame[frame["source"] == "individual"]
    by_kind = {str(k): int(n) for k, n in frame.groupby("kind", observed=True)["represents"].sum().items() if n > 0}
    # The trend compares the stances only; general remarks and proposals are stated beside it as plain counts.
    total = sum(n for k, n in by_kind.items() if k in STANCES)
    ref = t("report.ref.trend" if len(ctx.documents) == 1 else "report.ref.trend_all")
    trend = [make_view(rule, k, n, total, ref) for k, n in sorted(by_kind.items(), key=lambda kv: -kv[1])
             if k in STANCES]  # fmt: skip
    besides = [make_view(rule, k, by_kind[k], by_kind[k], ref) for k in KINDS if not k.stance and k in by_kind]
    unit_key = frame["unit_id"].fillna(frame["area_id"]).fillna(-1).astype("int64")
    by_unit = _rows(frame, unit_key, lambda v: ctx.units[v]["name"] if v in ctx.units else t("report.unit.none"))
    return GeneralRemarks(
        comments=len(frame),
        opinions=int(frame["represents"].sum()),
        individuals=int(individual["participant_id"].nunique()),
        meetings=len(ctx.meetings),
        attendance=sum(m.attendance for m in ctx.meetings),
        speakers=sum(m.speakers for m in ctx.meetings),
        letters=count_letters(frame),
        by_audience=_rows(frame, frame["audience"].astype(str), lambda v: label("audience", v)),
        by_unit=by_unit,
        by_channel=_rows(frame, frame["channel"].astype(str), lambda v: label("channel", v)),
        by_source=_rows(frame, frame["source"].astype(str), lambda v: label("source", v)),
        trend=trend,
        trend_total=total,
        besides_trend=besides,
        atmosphere=[_atmosphere(ctx, m, quoted) for m in ctx.meetings if m.atmosphere.strip()],
        quality=quality,
        votes=[_vote(ctx, m, v, quoted) for m in ctx.meetings for v in m.votes],
    )


def count_letters(frame: pd.DataFrame) -> int:
    """Distinct letters among the written comments in scope: a recorded letter (`letter_id`, `/vanban` or
    `gopy import letters`) once however many of its opinions are in scope. Written rows without a letter (entered
    before letters were recorded as such) keep the old approximation: a letter is what one writer (the comment's
    participant) sent on one local day, and a written row without a participant is a letter of its own."""
    written = frame[frame["source"] == "written"]
    if written.empty:
        return 0
    recorded = written["letter_id"].notna() if "letter_id" in written else pd.Series(False, index=written.index)
    letters = int(written.loc[recorded, "letter_id"].nunique())
    written = written[~recorded]
    if written.empty:
        return letters
    who = written["participant_id"]
    day = written["created_at"].dt.strftime("%Y-%m-%d")
    known = who.notna()
    return letters + int(pd.DataFrame({"who": who[known].astype("int64"), "day": day[known]}).drop_duplicates()
                         .shape[0] + (~known).sum())  # fmt: skip


def _rows(frame: pd.DataFrame, key: pd.Series, name: Any) -> list[CountRow]:
    if frame.empty:
        return []
    people = frame["participant_id"].where(frame["source"] == "individual")
    table = pd.DataFrame({"key": key.to_numpy(), "n": frame["represents"].to_numpy(), "p": people.to_numpy()})
    agg = table.groupby("key", sort=False).agg(comments=("n", "size"), opinions=("n", "sum"), people=("p", "nunique"))
    agg = agg.sort_values("opinions", ascending=False, kind="stable")
    return [CountRow(name(k), int(c), int(o), int(p)) for k, c, o, p in agg.itertuples()]


def _atmosphere(ctx: Context, meeting: Any, quoted: Callable[[str], str]) -> str:
    kind = label("meeting", meeting.kind) if f"report.meeting.{meeting.kind}" in MESSAGES else t("report.meeting.other")
    unit = ctx.units.get(meeting.unit_id, {}).get("name", "")
    figures = [t("report.p1.atmosphere_attendance", n=meeting.attendance)] if meeting.attendance else []
    figures += [t("report.p1.atmosphere_speakers", n=meeting.speakers)] if meeting.speakers else []
    return t(
        "report.p1.atmosphere_item",
        meeting=join_names(kind, unit),
        date=meeting.held_on.strftime("%d/%m/%Y"),
        figures=t("report.p1.atmosphere_figures", items=", ".join(figures)) if figures else "",
        text=quoted(meeting.atmosphere.strip()),
    )


def _meeting_name(ctx: Context, meeting: Any) -> str:
    kind = label("meeting", meeting.kind) if f"report.meeting.{meeting.kind}" in MESSAGES else t("report.meeting.other")
    return join_names(kind, ctx.units.get(meeting.unit_id, {}).get("name", ""))


def _vote(ctx: Context, meeting: Any, vote: Any, quoted: Callable[[str], str]) -> str:
    """A vote as counted: the meeting, the question in the minutes' words, the three figures."""
    return t(
        "report.p1.vote_item",
        meeting=_meeting_name(ctx, meeting),
        date=meeting.held_on.strftime("%d/%m/%Y"),
        question=quoted(vote.question.strip()),
        agree=vote.agree,
        disagree=vote.disagree,
        abstain=vote.abstain,
        attendance=meeting.attendance,
    )


def join_names(kind: str, name: str) -> str:
    """ "Sinh hoạt chi bộ" + "Chi bộ khu phố 1" → "Sinh hoạt Chi bộ khu phố 1": the words the kind ends with and the
    name begins with are written once (the name's own spelling kept)."""
    words, start = kind.split(), name.split()
    for k in range(min(len(words), len(start)), 0, -1):
        if [w.casefold() for w in words[-k:]] == [w.casefold() for w in start[:k]]:
            words = words[:-k]
            break
    return " ".join([*words, *start])


def vn_date(day: date) -> str:
    """ "03/7/2025"; "05/02/2025": a day below 10 and the months 1 and 2 with a leading zero (party format)."""
    return f"{day.day:02d}/{month(day.month)}/{day.year}"


def month(m: int) -> str:
    return f"{m:02d}" if m < 3 else str(m)


def subject(ctx: Context) -> str:
    if len(ctx.documents) == 1:
        return t("report.doc.subject_one", title=in_sentence(ctx.documents[0]["title"]))
    return t("report.doc.subject_all")


@dataclass(frozen=True)
class Signing:
    """What one report is signed with, given for that report (`gopy report --number …`); None: the plan's default."""

    number: str | None = None
    signer_title: str | None = None
    signer_name: str | None = None


def report_number(given: str | None, plan: str | None) -> tuple[str, bool]:
    """The report's "số và ký hiệu" and whether its number is missing. `given` (this report's) wins, then the plan's
    default; a bare number takes the plan's symbol ("15" → "15-BC/ĐU"); a symbol alone ("-BC/ĐU") or nothing
    leaves a visible blank ("…-BC/ĐU")."""
    plan = (plan or "").strip()
    symbol = plan.split("-", 1)[1].strip() if "-" in plan else t("report.doc.symbol_default")
    for value in (given, plan):
        value = (value or "").strip()
        if value and any(c.isdigit() for c in value):
            return (f"{value}-{symbol}" if value.isdigit() else value), False
    return f"{t('report.doc.blank')}-{symbol}", True


def recipients_list(names: list[str]) -> list[str]:
    """ "Nơi nhận" as the party format writes it: each recipient ending with ",", the last ("Lưu …") with "."; a
    list without a "Lưu" line gets the office's."""
    items = [n.strip().lstrip("-–+• ").rstrip(",;.").strip() for n in names]
    items = [n for n in items if n]
    archive = t("report.doc.archive").rstrip(".")
    if not items or not items[-1].casefold().startswith(archive.split()[0].casefold()):
        items.append(archive)
    return [f"{n}," for n in items[:-1]] + [f"{items[-1]}."]


def intro(ctx: Context) -> str:
    """ "Thực hiện Kế hoạch số 02-KH/ĐU ngày 03/7/2025 …": the plan's number and date, a visible blank when missing."""
    number = str(ctx.consultation.get("plan_number") or "").strip() or t("report.doc.blank")
    issued = ctx.consultation.get("issued_on")
    return t("report.doc.intro", number=number, date=vn_date(issued) if issued else t("report.doc.blank"))


def header(ctx: Context, as_of: datetime, signing: Signing | None = None) -> Header:
    conf = ctx.report_settings
    signer = conf.get("signer") or {}
    signing = signing or Signing()
    scope = ctx.scope
    items = []
    if scope.audience:
        items.append(t("report.doc.scope_audience", audience=label("audience", scope.audience.value)))
    if ctx.unit_id is not None:
        items.append(ctx.units[ctx.unit_id]["name"])
    if scope.date_from:
        items.append(t("report.doc.scope_from", date=scope.date_from.strftime("%d/%m/%Y")))
    if scope.date_to:
        items.append(t("report.doc.scope_to", date=scope.date_to.strftime("%d/%m/%Y")))
    items.append(t("report.doc.as_of", time=as_of.strftime("%H:%M"), date=as_of.strftime("%d/%m/%Y")))
    recipients = recipients_list([str(r) for r in conf.get("recipients") or ctx.recipients])
    place = ctx.consultation["place"]
    number, number_missing = report_number(signing.number, conf.get("number"))
    title = str(signing.signer_title or signer.get("title") or "").strip()
    name = str(signing.signer_name or signer.get("name") or "").strip()
    return Header(
        parent_organisation=ctx.consultation["parent_organisation"],
        organisation=ctx.consultation["organisation"],
        number=t("report.doc.number", number=number),
        place_date=t("report.doc.place_date", place=place, day=as_of.day, month=month(as_of.month), year=as_of.year)
        if place
        else "",
        subject=subject(ctx),
        scope_line=t("report.doc.scope", items="; ".join(items)),
        recipients=recipients,
        signer_on_behalf=str(signer.get("on_behalf") or t("report.doc.on_behalf")),
        signer_title=title or t("report.doc.signer_title_blank"),
        signer_name=name or t("report.doc.signer_name_blank"),
        as_of=as_of,
        intro=intro(ctx),
        signer_title_missing=not title,
        signer_name_missing=not name,
        number_missing=number_missing,
    )
