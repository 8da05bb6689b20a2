"""The whole summary as plain text (`gopy report --format text`): the same parts and order as the DOCX."""

from __future__ import annotations

from aggregation.layout import part1_blocks
from aggregation.model import Summary, View, in_sentence, inline_quote
from core.messages import t
from core.text import clean


def write_text(summary: Summary) -> str:
    h = summary.header
    out = [h.parent_organisation, h.organisation, h.number, "", t("report.doc.party"), h.place_date, ""]
    out += [t("report.doc.title"), h.subject, h.scope_line, "", t("report.heading.part1")]
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
    out += ["", t("report.doc.recipients"), *(f"- {r}" for r in h.recipients), "", h.signer_on_behalf]
    out += [x for x in (h.signer_title, h.signer_name) if x]
    return clean("\n".join(out) + "\n")  # printable and encodable as UTF-8, whatever was typed


def _view(view: View) -> list[str]:
    detail = view.quotes or view.amendments
    lines = [f"- {view.sentence}{':' if detail else '.'}"]
    if view.note:
        lines.append(f"  {view.note}")
    for q in view.quotes:
        where = t("report.quote.paragraph", n=q.paragraph_no) if q.paragraph_no is not None else ""
        count = f" {t('report.quote.count', n=q.opinions)}" if q.opinions > 1 else ""
        lines.append(f"  + {where}“{q.text}”{count}")
    for a in view.amendments:
        line = f"  + {t('report.amend.item', location=a.location, wording=a.wording)}."
        line += "".join(f" {t('report.amend.reason', reason=r)}." for r in a.reasons)
        line += f" {t('report.quote.count', n=a.opinions)}" if a.opinions > 1 else ""
        lines.append(line)
    if view.more_groups:
        lines.append(f"  {t('report.view.more', groups=view.more_groups, opinions=view.more_opinions)}")
    return lines
