"""What Part 1 says, in order, as lines and views: one source for the DOCX and the text writers."""

from __future__ import annotations

from aggregation.model import GeneralRemarks, View, in_sentence
from core.messages import t

Block = str | View  # a paragraph of its own, or a view the writer renders with its quotes


def totals(p: GeneralRemarks) -> str:
    """Comments against participants: people, and letters beside them (a letter is not a person)."""
    against = []
    if p.participants:
        against.append(t("report.p1.against_people", n=p.participants))
    if p.letters:
        against.append(t("report.p1.against_letters", n=p.letters))
    if not against:
        return t("report.p1.totals_alone", comments=p.comments, opinions=p.opinions)
    return t("report.p1.totals", comments=p.comments, opinions=p.opinions, against=t("report.and").join(against))


def participation(p: GeneralRemarks) -> list[str]:
    """The clauses of "Trong đó: …", each only when its figure is not zero ("0 lượt người dự 0 hội nghị" is not
    printed); one clause alone is no "among them"."""
    clauses = []
    if p.individuals:
        clauses.append(t("report.p1.individuals", n=p.individuals))
    if p.meetings:
        meetings = (
            t("report.p1.meetings", attendance=p.attendance, meetings=p.meetings)
            if p.attendance
            else t("report.p1.meetings_only", meetings=p.meetings)
        )
        clauses.append(meetings + (t("report.p1.speakers", n=p.speakers) if p.speakers else ""))
    if p.letters:
        clauses.append(t("report.p1.letters", n=p.letters))
    return clauses if len(clauses) > 1 or p.meetings else []  # one figure alone is the totals' own


def part1_blocks(p: GeneralRemarks) -> list[Block]:
    if not (p.comments or p.attendance or p.letters):
        return [t("report.p1.no_comments")]  # not a row of zeros
    out: list[Block] = [totals(p)]
    among = participation(p)
    if among:
        out.append(t("report.p1.participants", items="; ".join(among)))
    for key, rows in (("by_audience", p.by_audience), ("by_unit", p.by_unit), ("by_channel", p.by_channel)):
        if rows:
            out.append(t(f"report.p1.{key}", items="; ".join(t("report.p1.item", label=r.label, n=r.opinions)
                                                              for r in rows)))  # fmt: skip
    out.append(t("report.p1.atmosphere_intro") if p.atmosphere else t("report.p1.atmosphere_none"))
    out += [f"- {line}" for line in p.atmosphere]
    if p.votes:  # as counted, in the minutes' words: no share words, no judgement
        out.append(t("report.p1.votes_intro"))
        out += [f"- {line}" for line in p.votes]
    if p.trend:
        out.append(t("report.p1.trend_intro", total=p.trend_total))
        out += [f"- {view.sentence}." for view in p.trend]
    if p.besides_trend:
        out.append(t("report.p1.trend_besides", items="; ".join(v.sentence for v in p.besides_trend)))
    for title, view in p.quality:
        out += [t("report.p1.quality_intro", title=in_sentence(title)), view]
    return out
