"""Comments (a DataFrame from `query.load_comments`) → the neutral three-part Summary of the plan (III.2).

Order in part 2, per document: the whole draft, then guided topics, then sections in the draft's order (ancestors
shown as headings). In each issue: general remarks first, then the stances by weight, then the specific
amendments by paragraph, page and line. Near-duplicates are grouped and counted; amendments are all quoted.
Share words compare the stances on an issue; general remarks and proposals are counted plainly (`make_view`).
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd

from aggregation.model import (
    Amendment,
    ChartRow,
    DocumentPart,
    Issue,
    Proposals,
    Quote,
    Summary,
    View,
    in_sentence,
)
from aggregation.participation import Signing, general_remarks, header
from aggregation.query import Context
from aggregation.safe_text import mask
from aggregation.shares import ShareRule, make_view
from core import clock
from core.kinds import CHART_KINDS, KINDS, STANCES, CommentKind
from core.messages import t
from core.text import near_key, near_keys

DOC, TOPIC, SECTION = 0, 1, 2
ISSUE_KINDS = {DOC: "document", TOPIC: "topic", SECTION: "section"}
# Kinds that are quoted with their parts (amendments), and kinds that make up part 3 (proposals).
AMENDMENTS = [k.value for k in KINDS if k.amendment]
PART3 = [k.value for k in KINDS if k.part == 3]


@dataclass(frozen=True)
class Options:
    argued_min_chars: int = 200  # a disagreement at least this long is an argued one: always quoted in full
    max_quotes_per_view: int = 10  # other near-duplicate groups are counted and listed in the XLSX
    max_proposals: int = 200
    mask_personal_data: bool = True  # phone numbers, e-mail addresses, ID numbers in what is quoted (safe_text)

    @classmethod
    def from_settings(cls, conf: dict[str, Any]) -> Options:
        return cls(
            argued_min_chars=int(conf.get("argued_min_chars", cls.argued_min_chars)),
            max_quotes_per_view=int(conf.get("max_quotes_per_view", cls.max_quotes_per_view)),
            max_proposals=int(conf.get("max_proposals", cls.max_proposals)),
            mask_personal_data=bool(conf.get("mask_personal_data", cls.mask_personal_data)),
        )

    def quoted(self, text: str | None) -> str:
        """What people typed, as a report quotes it: verbatim in NFC, personal data masked unless the plan says not."""
        shown = display(text)
        return mask(shown) if self.mask_personal_data else shown


def display(text: str | None) -> str:
    """Verbatim, in NFC (canonically the same words; some fonts render NFD marks badly)."""
    return unicodedata.normalize("NFC", text or "")


def prepare(frame: pd.DataFrame) -> pd.DataFrame:
    """Add the issue an opinion belongs to and its near-duplicate key (in place; returns the frame)."""
    target = frame["target_kind"].astype(str).to_numpy()
    has_section = frame["section_id"].notna().to_numpy()
    has_topic = frame["topic_id"].notna().to_numpy()
    on_section = np.isin(target, ["section", "paragraph"]) & has_section
    on_topic = (target == "topic") & has_topic
    frame["issue_type"] = np.where(on_section, SECTION, np.where(on_topic, TOPIC, DOC)).astype("int8")
    frame["issue_ref"] = np.where(
        on_section,
        frame["section_id"].fillna(0).to_numpy(dtype="int64"),
        np.where(on_topic, frame["topic_id"].fillna(0).to_numpy(dtype="int64"), frame["document_id"].to_numpy()),
    )
    keys = near_keys(frame["text"].tolist())
    frame["key"] = pd.factorize(frame["text"].map(keys))[0]
    frame["para"] = frame["paragraph_no"].fillna(-1).astype("int64")
    return frame


def build_summary(
    ctx: Context,
    frame: pd.DataFrame,
    rule: ShareRule,
    options: Options,
    as_of: datetime | None = None,
    signing: Signing | None = None,
) -> Summary:
    as_of = as_of or clock.local_now()
    if "issue_type" not in frame:
        prepare(frame)
    texts = pd.Series(frame["text"].to_numpy(), index=frame["id"].to_numpy())
    proposals = frame["kind"].isin(PART3)
    body, props = frame[~proposals], frame[proposals]
    builder = _Builder(ctx, rule, options, texts)
    part2 = [builder.document_part(doc, body[body["document_id"] == doc["id"]]) for doc in ctx.documents]
    part3 = [builder.proposals(doc, props[props["document_id"] == doc["id"]]) for doc in ctx.documents]
    quality = [(doc["title"], view) for doc in ctx.documents for view in builder.general_quotes.get(doc["id"], [])]
    return Summary(
        header=header(ctx, as_of, signing),
        part1=general_remarks(ctx, frame, rule, quality, options.quoted),
        part2=part2,
        part3=[p for p in part3 if p.total],
        chart=_chart(ctx, body),
        amendment_count=builder.amendment_count,
        amendment_opinions=int(body.loc[body["kind"].isin(AMENDMENTS), "represents"].sum()),
        proposal_count=int(props["represents"].sum()),
    )


class _Builder:
    def __init__(self, ctx: Context, rule: ShareRule, options: Options, texts: pd.Series) -> None:
        self.ctx, self.rule, self.options, self.texts = ctx, rule, options, texts
        self.labels = qualified_labels(ctx.sections)  # "2.2" → "II.2.2" where the draft has two "2.2"
        self.general_quotes: dict[int, list[View]] = {}
        self.amendment_count = 0

    # --- part 2 ---------------------------------------------------------------------------------------

    def document_part(self, doc: dict[str, Any], rows: pd.DataFrame) -> DocumentPart:
        totals = rows.groupby(["issue_type", "issue_ref", "kind"], observed=True)["represents"].sum()
        counts = rows.groupby(["issue_type", "issue_ref"], observed=True)["id"].size()
        groups = self._groups(rows)
        amendments = self._amendments(doc, rows[rows["kind"].isin(AMENDMENTS)])
        issues: list[Issue] = []
        present = set(counts.index)

        def issue(kind: int, ref: int, heading: str, depth: int, refname: str) -> Issue:
            by_kind = totals.loc[(kind, ref)].to_dict() if (kind, ref) in present else {}
            item = Issue(ISSUE_KINDS[kind], ref, heading, depth, int(sum(by_kind.values())),
                         int(counts.get((kind, ref), 0)))  # fmt: skip
            stances = int(sum(n for k, n in by_kind.items() if k in STANCES))
            for vkind, n in sorted(by_kind.items(), key=_view_order):
                if n <= 0:
                    continue
                view = make_view(self.rule, vkind, int(n), stances, refname)
                if CommentKind(vkind).amendment:
                    view.amendments = amendments.get((kind, ref), [])
                else:
                    self._quote(view, groups.get((kind, ref, vkind), []))
                if kind == DOC and vkind == CommentKind.GENERAL:  # quoted in part 1 (preparation and quality)
                    self.general_quotes.setdefault(doc["id"], []).append(view)
                    view = _copy_without_quotes(view, t("report.view.see_part1"))
                item.views.append(view)
            return item

        if (DOC, doc["id"]) in present:
            issues.append(issue(DOC, doc["id"], t("report.heading.whole"), 1, t("report.ref.document")))
        for tid, topic in self.ctx.topics.items():
            if topic["document_id"] == doc["id"] and (TOPIC, tid) in present:
                heading = t("report.heading.topic", order=topic["order"], title=topic["title"])
                issues.append(issue(TOPIC, tid, heading, 1, t("report.ref.topic", title=topic["title"])))
        sections = [s for s in self.ctx.sections.values() if s.document_id == doc["id"]]
        wanted = self._with_ancestors({ref for kind, ref in present if kind == SECTION})
        for sec in sorted(sections, key=lambda s: s.order):
            if sec.id not in wanted:
                continue
            refname = section_ref(sec.label, sec.title, "ref", self.labels.get(sec.id))
            issues.append(issue(SECTION, sec.id, capitalised(refname), sec.depth, refname))
        return DocumentPart(doc["code"], doc["title"], int(rows["represents"].sum()), len(rows), issues)

    def _with_ancestors(self, ids: set[int]) -> set[int]:
        out: set[int] = set()
        for sid in ids:
            while sid is not None and sid not in out and sid in self.ctx.sections:
                out.add(sid)
                sid = self.ctx.sections[sid].parent_id  # type: ignore[assignment]
        return out

    def _groups(self, rows: pd.DataFrame) -> dict[tuple[int, int, str], list[Quote]]:
        """Near-duplicate groups per (issue, kind), each with its verbatim text and counts."""
        quotable = rows[~rows["kind"].isin(AMENDMENTS)]
        if quotable.empty:
            return {}
        agg = (
            quotable.groupby(["issue_type", "issue_ref", "kind", "para", "key"], observed=True, sort=False)
            .agg(opinions=("represents", "sum"), comments=("id", "size"), first=("id", "min"))
            .reset_index()
        )
        agg["text"] = self.texts.loc[agg["first"].to_numpy()].to_numpy()
        out: dict[tuple[int, int, str], list[Quote]] = defaultdict(list)
        limit = self.options.argued_min_chars
        for itype, iref, kind, para, _key, opinions, comments, _first, text in agg.itertuples(index=False):
            body = self.options.quoted(text)
            if not body.strip():
                continue
            argued = CommentKind(kind).argued and len(body) >= limit
            quote = Quote(body, int(opinions), int(comments), None if para < 0 else int(para), argued)
            out[(int(itype), int(iref), str(kind))].append(quote)
        return out

    def _quote(self, view: View, quotes: list[Quote]) -> None:
        """All argued quotes, plus the weightiest others up to the cap; the rest are counted."""
        argued = [q for q in quotes if q.argued]
        rest = sorted((q for q in quotes if not q.argued), key=lambda q: -q.opinions)
        shown = rest[: self.options.max_quotes_per_view]
        view.more_groups = len(rest) - len(shown)
        view.more_opinions = sum(q.opinions for q in rest[len(shown) :])
        order = {id(q): i for i, q in enumerate(quotes)}
        view.quotes = sorted(argued + shown, key=lambda q: (q.paragraph_no or -1, order[id(q)]))

    def _amendments(self, doc: dict[str, Any], rows: pd.DataFrame) -> dict[tuple[int, int], list[Amendment]]:
        """Identical amendments (same place, same wording up to near-duplicates) once, with their count."""
        found: dict[tuple[Any, ...], Amendment] = {}
        places: dict[tuple[Any, ...], tuple[int, int, int, int, int]] = {}
        reasons: dict[tuple[Any, ...], set[str]] = defaultdict(set)  # the reasons' keys as typed (before masking)
        cols = ["issue_type", "issue_ref", "para", "page", "line", "quoted_original", "quote_found", "proposed_text",
                "reason", "text", "represents"]  # fmt: skip
        for itype, iref, para, page, line, orig, found_, prop, reason, text, rep in rows[cols].itertuples(index=False):
            page = None if pd.isna(page) else int(page)
            line = None if pd.isna(line) else int(line)
            orig = None if _missing(orig) else self.options.quoted(orig)
            prop = None if _missing(prop) else self.options.quoted(prop)
            # the reason is in `reason` alone (migration 0002)
            text = "" if _missing(text) else self.options.quoted(text)
            # Kept as typed, not found in the paragraph: the report must not pass it off as the draft's words.
            unverified = orig is not None and not _missing(found_) and not found_
            key: tuple[Any, ...] = (itype, iref, para, page, line, near_key(orig), unverified, prop is None,
                                    near_key(prop))  # fmt: skip
            if orig is None and prop is None:  # only the free text (or, without it, the reason) says what to change
                key += (near_key(text) or near_key(None if _missing(reason) else reason),)
            item = found.get(key)
            if item is None:
                location = self._location(doc, int(itype), int(iref), None if para < 0 else int(para), page, line)
                wording = _wording(orig, prop, text) + (t("report.amend.unverified") if unverified else "")
                item = found[key] = Amendment(location, wording, orig, prop, [], 0, 0)
                places[key] = (int(itype), int(iref), int(para), page or 0, line or 0)
            item.opinions += int(rep)
            item.comments += 1
            # one reason once, however many merged amendments give it, and never what the wording already quotes
            said = near_key(None if _missing(reason) else reason)
            if said and said not in reasons[key] and said != near_key(item.wording.strip("“”")):
                reasons[key].add(said)
                item.reasons.append(self.options.quoted(reason))
        out: dict[tuple[int, int], list[Amendment]] = defaultdict(list)
        for key in sorted(found, key=lambda k: places[k][2:]):
            out[places[key][:2]].append(found[key])
        self.amendment_count += len(found)
        return out

    def _location(self, doc: dict[str, Any], itype: int, iref: int, para: int | None, page: Any, line: Any) -> str:
        parts = []
        if itype == SECTION and iref in self.ctx.sections:
            sec = self.ctx.sections[iref]
            parts.append(section_ref(sec.label, sec.title, "loc", self.labels.get(sec.id)))
        elif itype == TOPIC and iref in self.ctx.topics:
            parts.append(t("report.loc.topic", order=self.ctx.topics[iref]["order"]))
        else:
            parts.append(t("report.loc.document", title=in_sentence(doc["title"])))
        for key, value in (("paragraph", para), ("page", page), ("line", line)):
            if value is not None:
                parts.append(t(f"report.loc.{key}", n=value))
        return ", ".join(parts)

    # --- part 3 ---------------------------------------------------------------------------------------

    def proposals(self, doc: dict[str, Any], rows: pd.DataFrame) -> Proposals:
        total = int(rows["represents"].sum())
        if not total:
            return Proposals(doc["title"], 0, [])
        agg = (
            rows.groupby(["kind", "key"], sort=False, observed=True)
            .agg(opinions=("represents", "sum"), comments=("id", "size"), first=("id", "min"))
            .reset_index()
            .sort_values(["opinions", "first"], ascending=[False, True])
        )
        shown = agg.iloc[: self.options.max_proposals]
        views = []
        for kind, opinions, comments, first in shown[["kind", "opinions", "comments", "first"]].itertuples(index=False):
            view = make_view(self.rule, str(kind), int(opinions), total, "")
            view.quotes = [Quote(self.options.quoted(self.texts.loc[first]), int(opinions), int(comments))]
            views.append(view)
        rest = agg.iloc[self.options.max_proposals :]
        return Proposals(doc["title"], total, views, len(rest), int(rest["opinions"].sum()))


def section_ref(label: str, title: str, prefix: str, shown: str | None = None) -> str:
    """ "mục 2.1 “Title”", or "Phần thứ nhất “Title”" when the label is already a word phrase; without a label,
    "phần “Title”"; without a title, "mục 2.1" (never an empty "“”"). `shown`: the label as printed when the
    draft's own label is ambiguous ("II.2.2", see `qualified_labels`)."""
    label, title = label.strip(), title.strip()
    if not label:
        return t(f"report.{prefix}.untitled", title=title)
    key = "part" if " " in label else "section"
    if not title:
        key += "_bare"
    return t(f"report.{prefix}.{key}", label=(shown or label).strip(), title=title)


def capitalised(text: str) -> str:
    """ "mục 2.1 “…”" → "Mục 2.1 “…”" (a reference standing as a heading)."""
    return text[:1].upper() + text[1:]


def qualified_labels(sections: dict[int, Any]) -> dict[int, str]:
    """For a label the draft uses more than once (two "2.2", under II and under III), the label with as many of its
    parents' labels as make it unique in its draft: "II.2.2" (or "2.2, Phần thứ hai" when a parent's label is a
    word phrase). Unambiguous labels are not in the result."""

    def norm(label: str) -> str:
        return label.strip().rstrip(".").casefold()

    def chain(sid: int) -> list[str]:
        labels, seen, parent = [], {sid}, sections[sid].parent_id
        while parent is not None and parent in sections and parent not in seen:
            seen.add(parent)
            if sections[parent].label.strip():
                labels.append(sections[parent].label.strip())
            parent = sections[parent].parent_id
        return labels  # nearest parent first

    groups: dict[tuple[int, str], list[int]] = defaultdict(list)
    for sid, sec in sections.items():
        if sec.label.strip():
            groups[(sec.document_id, norm(sec.label))].append(sid)
    out: dict[int, str] = {}
    for ids in groups.values():
        if len(ids) < 2:
            continue
        chains = {sid: chain(sid) for sid in ids}
        depth = k = max(len(c) for c in chains.values())
        for k in range(1, depth + 1):  # the k that makes them unique is used below
            keys = {sid: tuple(norm(x) for x in chains[sid][:k]) for sid in ids}
            if len(set(keys.values())) == len(ids):
                break
        for sid in ids:
            parents = list(reversed(chains[sid][:k]))
            own = sections[sid].label.strip()
            if not parents:
                continue
            if any(" " in x for x in parents):
                out[sid] = ", ".join([own, *reversed(parents)])
            else:
                out[sid] = ".".join([*(x.rstrip(".") for x in parents), own])
    return out


def section_heading(label: str, title: str) -> str:
    """ "2.1. Title"; the label or the title alone when the other is empty."""
    label, title = label.strip(), title.strip()
    if label and title:
        return t("report.heading.section", label=label.rstrip("."), title=title)
    return label or title


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA


def _wording(orig: str | None, prop: str | None, text: str) -> str:
    if orig and prop:
        return t("report.amend.replace", original=orig, proposed=prop)
    if orig and prop == "":
        return t("report.amend.delete", original=orig)
    if prop:
        return t("report.amend.add", proposed=prop)
    if orig:
        return t("report.amend.change", original=orig, text=text) if text else t("report.amend.original", original=orig)
    return t("report.amend.text", text=text) if text else t("report.amend.unspecified")


def _view_order(item: tuple[str, int]) -> tuple[int, int, int]:
    """General remarks first, amendments last, stances by weight between; ties in the table's order."""
    kind = CommentKind(item[0])
    return kind.band, -item[1], kind.order


def _copy_without_quotes(view: View, note: str) -> View:
    return View(view.kind, view.opinions, view.total, view.level, view.sentence, note=note)


def _chart(ctx: Context, body: pd.DataFrame) -> list[ChartRow]:
    """Counts per top-level part of each draft (the whole draft and topics as their own row), by stance, with
    general remarks as their own category. Labels are the parts' headings; with several drafts, each is prefixed
    by the draft's number in part 2 ("Dự thảo 2 – I. …"), never by its internal code."""
    top: dict[int, int] = {}
    for sid in ctx.sections:
        root = sid
        while ctx.sections[root].parent_id is not None and ctx.sections[root].parent_id in ctx.sections:
            root = ctx.sections[root].parent_id  # type: ignore[assignment]
        top[sid] = root
    stance = body["kind"].astype(str)
    roots = np.where(
        body["issue_type"].to_numpy() == SECTION, body["issue_ref"].map(top).fillna(-1).to_numpy(), -1
    ).astype("int64")
    table = (
        pd.DataFrame(
            {"doc": body["document_id"].to_numpy(), "root": roots, "stance": stance.to_numpy(), "n": body["represents"]}
        )
        .groupby(["doc", "root", "stance"])["n"]
        .sum()
    )
    rows = []
    many = len(ctx.documents) > 1
    for n, doc in enumerate(ctx.documents, start=1):
        prefix = t("report.chart.document", n=n) if many else ""
        entries = [(-1, t("report.chart.whole"))] + [
            (s.id, section_heading(s.label, s.title))
            for s in sorted(ctx.sections.values(), key=lambda s: s.order)
            if s.document_id == doc["id"] and top[s.id] == s.id
        ]
        for root_id, label in entries:
            counts = {k.value: int(table.get((doc["id"], root_id, k.value), 0)) for k in CHART_KINDS}
            if any(counts.values()):
                rows.append(ChartRow(prefix + label, counts))
    return rows
