"""The chat digest: the summary's headline numbers, in one chat message where it fits (Telegram takes 4,096
characters): the totals, the trend, the issues with the most opinions (each naming its draft when there are several,
every stance tied for first shown), the amendments and proposals. When the lines are too long for one message the
headings are shortened, then fewer issues are listed; only a digest that still does not fit is split.
"""

from __future__ import annotations

from aggregation.layout import participation
from aggregation.model import Issue, Summary, View, in_sentence, stop
from core.kinds import STANCES
from core.messages import MESSAGES, t
from core.text import clean

LIMIT = 4000  # within Telegram's 4,096 characters a message, with room for the channel's own additions
TOP_ISSUES = 5
SHORT = 80  # a heading or title shortened to fit one message


def digest_lines(summary: Summary, top: int = TOP_ISSUES, short: int | None = None) -> list[str]:
    h, p = summary.header, summary.part1
    lines = [
        t("report.digest.title", subject=_cut(h.subject, short)),
        t("report.digest.as_of", time=h.as_of.strftime("%H:%M"), date=h.as_of.strftime("%d/%m/%Y")),
    ]
    if not p.comments:
        return [*lines, t("report.digest.empty")]
    against = [t(k, n=n) for k, n in (("report.p1.against_people", p.participants),
                                      ("report.p1.against_letters", p.letters)) if n]  # fmt: skip
    if against:
        lines.append(t("report.digest.totals", opinions=p.opinions, comments=p.comments,
                       against=t("report.and").join(against)))  # fmt: skip
    else:
        lines.append(t("report.digest.totals_alone", opinions=p.opinions, comments=p.comments))
    among = participation(p)
    if among:
        lines.append(t("report.p1.participants", items="; ".join(among)))
    if p.trend:
        lines.append(t("report.digest.trend"))
        lines += [f"• {stop(view.sentence)}" for view in p.trend]
    if p.besides_trend:
        lines.append(t("report.p1.trend_besides", items="; ".join(v.sentence for v in p.besides_trend)))
    many = len(summary.part2) > 1
    issues = [(n, part.title, issue) for n, part in enumerate(summary.part2, start=1) for issue in part.issues
              if issue.views]  # fmt: skip
    issues.sort(key=lambda item: -item[2].opinions)
    if issues and top:
        lines.append(t("report.digest.top"))
        for n, title, issue in issues[:top]:
            lines.append(_issue_line(issue, n if many else None, title, short))
    silent = [_cut(in_sentence(part.title), short) for part in summary.part2 if not part.issues]
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


def _issue_line(issue: Issue, document: int | None, title: str, short: int | None) -> str:
    """ "• <heading> (n ý kiến): <the leading stance>": every stance tied for first (10–10 shows both), in the short
    form (the heading already names the issue, so it is not named again); with several drafts, the draft's number
    and title first."""
    stances = [v for v in issue.views if v.kind in STANCES] or issue.views
    best = max(v.opinions for v in stances)
    leading = "; ".join(_short(v) for v in stances if v.opinions == best)
    heading = _cut(issue.heading, short)
    if document is not None:
        heading = t("report.digest.in_document", n=document, title=_cut(in_sentence(title), short), heading=heading)
    return t("report.digest.issue", heading=heading, opinions=issue.opinions, sentence=leading)


def _short(view: View) -> str:
    """ "Nhiều ý kiến (10/20) nhất trí", without the issue's name (the line's heading gives it)."""
    key = f"report.digest.kind.{view.kind}"
    if view.phrase and key in MESSAGES:
        return t(key, phrase=view.phrase)
    return view.sentence


def _cut(text: str, limit: int | None) -> str:
    text = " ".join(text.split())
    return text if limit is None or len(text) <= limit else text[: limit - 1].rstrip() + "…"


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
    """The digest as chat messages: one where it can be made to fit (headings shortened, then fewer issues)."""

    def size(lines: list[str]) -> int:
        return sum(len(x) for x in lines) + len(lines) - 1

    lines = [clean(line) for line in digest_lines(summary)]
    for top in range(TOP_ISSUES, -1, -1):
        if size(lines) <= limit:
            break
        lines = [clean(line) for line in digest_lines(summary, top=top, short=SHORT)]
    return pack(lines, limit)
