"""The chat digest: the summary's headline numbers in one or a few messages (each within the channel's limit)."""

from __future__ import annotations

from aggregation.model import Summary, in_sentence
from core.kinds import STANCES
from core.messages import t
from core.text import clean

LIMIT = 4000
TOP_ISSUES = 5


def digest_lines(summary: Summary) -> list[str]:
    h, p = summary.header, summary.part1
    lines = [
        t("report.digest.title", subject=h.subject),
        t("report.digest.as_of", time=h.as_of.strftime("%H:%M"), date=h.as_of.strftime("%d/%m/%Y")),
    ]
    if not p.comments:
        return [*lines, t("report.digest.empty")]
    lines.append(
        t("report.digest.totals", opinions=p.opinions, comments=p.comments, participants=p.participants,
          individuals=p.individuals, attendance=p.attendance, meetings=p.meetings, letters=p.letters)
    )  # fmt: skip
    if p.trend:
        lines.append(t("report.digest.trend"))
        lines += [f"• {view.sentence}." for view in p.trend]
    if p.besides_trend:
        lines.append(t("report.p1.trend_besides", items="; ".join(v.sentence for v in p.besides_trend)))
    issues = [issue for part in summary.part2 for issue in part.issues if issue.views]
    issues.sort(key=lambda issue: -issue.opinions)
    if issues:
        lines.append(t("report.digest.top"))
        for issue in issues[:TOP_ISSUES]:
            stances = [v for v in issue.views if v.kind in STANCES] or issue.views
            main = max(stances, key=lambda v: v.opinions)
            lines.append(
                t("report.digest.issue", heading=issue.heading, opinions=issue.opinions, sentence=main.sentence)
            )
    silent = [in_sentence(part.title) for part in summary.part2 if not part.issues]
    if silent:  # as part 2 says under their headings
        lines.append(t("report.digest.no_comments", titles="; ".join(silent)))
    if summary.amendment_opinions:
        lines.append(
            t("report.digest.counts", opinions=summary.amendment_opinions, amendments=summary.amendment_count,
              proposals=summary.proposal_count)
        )  # fmt: skip
    else:
        lines.append(t("report.digest.counts_no_amendments", proposals=summary.proposal_count))
    lines.append(t("report.digest.files"))
    return lines


def pack(lines: list[str], limit: int = LIMIT) -> list[str]:
    """Lines into as few messages as fit, never splitting a line unless it alone is too long."""
    messages: list[str] = []
    current = ""
    for line in lines:
        while len(line) > limit:
            if current:
                messages.append(current)
                current = ""
            messages.append(line[: limit - 1] + "…")
            line = "…" + line[limit - 1 :]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            messages.append(current)
            candidate = line
        current = candidate
    if current:
        messages.append(current)
    return messages


def build_digest(summary: Summary, limit: int = LIMIT) -> list[str]:
    return pack([clean(line) for line in digest_lines(summary)], limit)
