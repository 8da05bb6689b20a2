"""What Part 1 says, in order, as lines and views: one source for the DOCX and the text writers."""

from __future__ import annotations

from aggregation.model import GeneralRemarks, View, in_sentence
from core.messages import t

Block = str | View  # a paragraph of its own, or a view the writer renders with its quotes


def part1_blocks(p: GeneralRemarks) -> list[Block]:
    if not (p.comments or p.attendance or p.letters):
        return [t("report.p1.no_comments")]  # not a row of zeros
    out: list[Block] = [
        t("report.p1.totals", comments=p.comments, opinions=p.opinions, participants=p.participants),
        t(
            "report.p1.participants",
            individuals=p.individuals,
            attendance=p.attendance,
            meetings=p.meetings,
            speakers=p.speakers,
            letters=p.letters,
        ),
    ]
    for key, rows in (("by_audience", p.by_audience), ("by_unit", p.by_unit), ("by_channel", p.by_channel)):
        if rows:
            out.append(t(f"report.p1.{key}", items="; ".join(t("report.p1.item", label=r.label, n=r.opinions)
                                                              for r in rows)))  # fmt: skip
    out.append(t("report.p1.atmosphere_intro") if p.atmosphere else t("report.p1.atmosphere_none"))
    out += [f"- {line}" for line in p.atmosphere]
    if p.trend:
        out.append(t("report.p1.trend_intro", total=p.trend_total))
        out += [f"- {view.sentence}." for view in p.trend]
    if p.besides_trend:
        out.append(t("report.p1.trend_besides", items="; ".join(v.sentence for v in p.besides_trend)))
    for title, view in p.quality:
        out += [t("report.p1.quality_intro", title=in_sentence(title)), view]
    return out
