"""The whole summary as plain text (`gopy report --format text`): the same parts, order and words as the DOCX."""

from __future__ import annotations

from aggregation.layout import part1_blocks
from aggregation.model import (
    Summary,
    View,
    amendment_line,
    end_of_text,
    in_sentence,
    inline_quote,
    quote_line,
    view_line,
)
from core.messages import t
from core.text import clean


def write_text(summary: Summary) -> str:
    h = summary.header
    out = [h.parent_organisation, h.organisation, t("report.doc.star"), h.number, "", t("report.doc.party"),
           h.place_date, ""]  # fmt: skip
    out += [t("report.doc.title"), h.subject, t("report.doc.subject_rule"), h.scope_line, "", h.intro, ""]
    out.append(t("report.heading.part1"))
    for block in part1_blocks(summary.part1):
        out += _view(block) if isinstance(block, View) else [block]
    out += ["", t("report.heading.part2")]
    for n, part in enumerate(summary.part2, start=1):
        out.append(t("report.heading.document", n=n, title=part.title))
        if not part.issues:
            out.append(t("report.part2.no_comments"))
        for issue in part.issues:
            out.append(issue.heading)
            for view in issue.views:
                out += _view(view)
    out += ["", t("report.heading.part3")]
    if not summary.part3:
        out.append(t("report.p3.none"))
    for props in summary.part3:
        out.append(t("report.p3.document", title=in_sentence(props.document_title)))
        out += [inline_quote(v.sentence, v.quotes[0].text) for v in props.views]
        if props.more_groups:
            out.append(t("report.view.more", groups=props.more_groups, opinions=props.more_opinions))
    out[-1] = end_of_text(out[-1])
    out += ["", t("report.doc.recipients"), *(f"- {r}" for r in h.recipients), ""]
    out += [h.signer_on_behalf, h.signer_title, "", h.signer_name]
    return clean("\n".join(out) + "\n")  # printable and encodable as UTF-8, whatever was typed


def _view(view: View) -> list[str]:
    lines = [view_line(view)]
    if view.note:
        lines.append(f"  {view.note}")
    lines += [f"  {quote_line(q)}" for q in view.quotes]
    lines += [f"  {amendment_line(a)}" for a in view.amendments]
    if view.more_groups:
        lines.append(f"  {t('report.view.more', groups=view.more_groups, opinions=view.more_opinions)}")
    return lines
