"""The chat digest: the summary's headline numbers in one or a few messages (each within the channel's limit)."""

from __future__ import annotations

from aggregation.model import Summary
from handlers.messages import t

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
    issues = [issue for part in summary.part2 for issue in part.issues if issue.views]
    issues.sort(key=lambda issue: -issue.opinions)
    if issues:
        lines.append(t("report.digest.top"))
        for issue in issues[:TOP_ISSUES]:
            main = max(issue.views, key=lambda v: v.opinions)
            lines.append(
                t("report.digest.issue", heading=issue.heading, opinions=issue.opinions, sentence=main.sentence)
            )
    lines.append(t("report.digest.counts", amendments=summary.amendment_count, proposals=summary.proposal_count))
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
    return pack(digest_lines(summary), limit)
