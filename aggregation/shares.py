"""The plan's share words (Kế hoạch 02-KH/ĐU, III.2.2) with the counts printed beside them.

For a view held by `n` of the `total` opinions on one issue, with r = n / total (exact fractions, no rounding):

| r                | words            | key      |
|------------------|------------------|----------|
| r >= 3/4         | Hầu hết ý kiến   | most     |
| 1/2 < r < 3/4    | Đa số ý kiến     | majority |
| r == 1/2         | Nhiều ý kiến     | `half` (default "many": the plan says *above* 1/2 for Đa số) |
| 1/4 < r < 1/2    | Nhiều ý kiến     | many     |
| r == 1/4         | Một số ý kiến    | `quarter` (default "some": the plan says *above* 1/4 for Nhiều) |
| r < 1/4          | Một số ý kiến    | some     |

"Có ý kiến" (key `few`) replaces the above when the view has at most `few_max` opinions (default 2) and either is
not a majority (r <= 1/2) or the issue itself has at most `few_max` opinions: one or two opinions are noted as
such, e.g. a single dissent among 41 is "Có ý kiến (1/41)", 1 of 3 is not "Nhiều ý kiến" and a lone comment is
not "Hầu hết ý kiến (1/1)". A majority of three or more opinions keeps its ratio word ("Đa số ý kiến (2/3)").

The "Có ý kiến" rule is checked first, so it wins where both apply: 2 of 8 is exactly 1/4 ("Một số ý kiến" by the
`quarter` rule) and is printed "Có ý kiến (2/8)"; 3 of 12 (also 1/4, but three opinions) is "Một số ý kiến (3/12)".

Share words compare the stances on one issue (agree, disagree, amend, other): general remarks and proposals are
not stances and are counted without share words (`make_view`).

Everything is configurable per consultation in `Consultation.settings["report"]["shares"]`, e.g.
`{"most": "3/4", "majority": "1/2", "many": "1/4", "half": "majority", "quarter": "many", "few_max": 1}`.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from aggregation.model import View
from core.kinds import STANCES
from core.messages import t

LEVELS = ("most", "majority", "many", "some", "few")


@dataclass(frozen=True)
class ShareRule:
    most: Fraction = Fraction(3, 4)
    majority: Fraction = Fraction(1, 2)
    many: Fraction = Fraction(1, 4)
    half: str = "many"  # the level for r exactly equal to `majority`
    quarter: str = "some"  # the level for r exactly equal to `many`
    few_max: int = 2

    @classmethod
    def from_settings(cls, settings: dict[str, Any] | None) -> ShareRule:
        conf = ((settings or {}).get("report") or {}).get("shares") or {}
        rule = cls(
            most=Fraction(str(conf.get("most", cls.most))),
            majority=Fraction(str(conf.get("majority", cls.majority))),
            many=Fraction(str(conf.get("many", cls.many))),
            half=str(conf.get("half", cls.half)),
            quarter=str(conf.get("quarter", cls.quarter)),
            few_max=int(conf.get("few_max", cls.few_max)),
        )
        if rule.half not in LEVELS or rule.quarter not in LEVELS:
            raise ValueError(f"share levels must be one of {LEVELS}")
        if not rule.many < rule.majority < rule.most:
            raise ValueError("share thresholds must satisfy many < majority < most")
        return rule

    def level(self, n: int, total: int) -> str:
        """The key of the words for `n` of `total` opinions."""
        if total <= 0 or n <= 0:
            raise ValueError("a share needs n > 0 and total > 0")
        r = Fraction(n, total)
        if n <= self.few_max and (r <= self.majority or total <= self.few_max):
            return "few"
        if r >= self.most:
            return "most"
        if r > self.majority:
            return "majority"
        if r == self.majority:
            return self.half
        if r > self.many:
            return "many"
        if r == self.many:
            return self.quarter
        return "some"

    def phrase(self, n: int, total: int) -> str:
        """E.g. "Hầu hết ý kiến (36/41)"."""
        return t("report.share.phrase", words=t(f"report.share.{self.level(n, total)}"), n=n, total=total)


def make_view(rule: ShareRule, kind: str, n: int, total: int, ref: str) -> View:
    """One view on an issue. A stance is named as a share of `total`, the stances on its issue ("Đa số ý kiến
    (31/48) nhất trí …"); general remarks and proposals are no stance, so a share of them would only measure the
    category against itself ("Hầu hết ý kiến (6/6) nêu nhận xét chung"): they are counted plainly ("6 ý kiến …").
    """
    if kind in STANCES:
        phrase, level = rule.phrase(n, total), rule.level(n, total)
    else:
        phrase, level, total = t("report.share.count", n=n), "", n
    return View(kind, n, total, level, t(f"report.view.{kind}", phrase=phrase, ref=ref), phrase=phrase)
