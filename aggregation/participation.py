"""Part 1 of the summary (general remarks: who took part, how, the trend, the atmosphere as recorded) and the
party document frame (header, recipients, signature). Counts only; atmosphere only as meeting records say it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
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
        letters=int((frame["source"] == "written").sum()),
        by_audience=_rows(frame, frame["audience"].astype(str), lambda v: label("audience", v)),
        by_unit=by_unit,
        by_channel=_rows(frame, frame["channel"].astype(str), lambda v: label("channel", v)),
        by_source=_rows(frame, frame["source"].astype(str), lambda v: label("source", v)),
        trend=trend,
        trend_total=total,
        besides_trend=besides,
        atmosphere=[_atmosphere(ctx, m, quoted) for m in ctx.meetings if m.atmosphere.strip()],
        quality=quality,
    )


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
    return t(
        "report.p1.atmosphere_item",
        kind=kind,
        unit=unit,
        date=meeting.held_on.strftime("%d/%m/%Y"),
        attendance=meeting.attendance,
        speakers=meeting.speakers,
        text=quoted(meeting.atmosphere.strip()),
    )


def subject(ctx: Context) -> str:
    if len(ctx.documents) == 1:
        return t("report.doc.subject_one", title=in_sentence(ctx.documents[0]["title"]))
    return t("report.doc.subject_all")


def header(ctx: Context, as_of: datetime) -> Header:
    conf = ctx.report_settings
    signer = conf.get("signer") or {}
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
    recipients = list(conf.get("recipients") or [*ctx.recipients, t("report.doc.archive")])
    place = ctx.consultation["place"]
    return Header(
        parent_organisation=ctx.consultation["parent_organisation"],
        organisation=ctx.consultation["organisation"],
        number=t("report.doc.number", number=conf.get("number") or t("report.doc.number_default")),
        place_date=t("report.doc.place_date", place=place, day=as_of.day, month=as_of.month, year=as_of.year)
        if place
        else "",
        subject=subject(ctx),
        scope_line=t("report.doc.scope", items="; ".join(items)),
        recipients=recipients,
        signer_on_behalf=str(signer.get("on_behalf") or t("report.doc.on_behalf")),
        signer_title=str(signer.get("title") or ""),
        signer_name=str(signer.get("name") or ""),
        as_of=as_of,
    )
