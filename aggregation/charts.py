"""The stance chart: opinions per top-level part of the draft, stacked by stance, general remarks as their own
category (never as a stance) (PNG bytes, matplotlib Agg).

Made to survive a photocopy: each category has a hatch pattern as well as its colour (the legend shows both), bars
are outlined in black, and each segment wide enough to hold it carries its count. The count axis has whole numbers
only (no "0.25" on small counts). Labels are wrapped on up to three lines, never cut to a few words; a label longer
than that is shortened with "…", and the part's full heading stands in part II of the report.
"""

from __future__ import annotations

import io
import textwrap

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from aggregation.model import ChartRow
from core.kinds import CHART_KINDS
from core.messages import t
from core.text import clean

HATCHES = ("", "////", "xxxx", "....", "\\\\\\\\", "++++", "oo")  # one per category, in CHART_KINDS order
LABEL_WIDTH = 36  # characters a label line
LABEL_LINES = 3
FONT = "DejaVu Sans"  # has every Vietnamese glyph on a stock Debian


def series(rows: list[ChartRow]) -> list[tuple[str, str, str, str, list[int]]]:
    """(kind, legend label, colour, hatch, values per row) for each category drawn; a category absent everywhere
    is left out of the legend. A category keeps its hatch whichever others are drawn."""
    out = []
    for i, kind in enumerate(CHART_KINDS):
        values = [r.counts.get(kind, 0) for r in rows]
        if any(values):
            out.append((kind.value, t(f"report.kind.{kind}"), str(kind.chart_colour), HATCHES[i % len(HATCHES)],
                        values))  # fmt: skip
    return out


def wrap_label(label: str) -> str:
    """Up to three lines of about 36 characters; longer, shortened with "…" at a word."""
    lines = textwrap.wrap(" ".join(clean(label).split()), LABEL_WIDTH) or [""]
    if len(lines) > LABEL_LINES:
        lines = lines[:LABEL_LINES]
        lines[-1] = textwrap.shorten(lines[-1] + " …", LABEL_WIDTH, placeholder="…")
        if not lines[-1].endswith("…"):
            lines[-1] += "…"
    return "\n".join(lines)


def stance_chart(rows: list[ChartRow], max_rows: int = 25) -> bytes | None:
    """A horizontal stacked bar per part (PNG); None when there is nothing to draw."""
    fig = figure(rows, max_rows)
    if fig is None:
        return None
    out = io.BytesIO()
    fig.savefig(out, format="png", bbox_inches="tight", pad_inches=0.1)  # long labels must not clip the legend
    return out.getvalue()


def figure(rows: list[ChartRow], max_rows: int = 25) -> Figure | None:
    """The chart as a matplotlib Figure (the tests read its axes, bars and labels); None when there is nothing."""
    rows = [r for r in rows if any(r.counts.values())][:max_rows]
    if not rows:
        return None
    labels = [wrap_label(r.label) for r in rows]
    lines = sum(label.count("\n") + 1 for label in labels)
    # A bare Figure, not pyplot: no global state, safe in the worker threads that build /baocao.
    fig = Figure(figsize=(8.0, 0.32 * lines + 0.35 * len(rows) + 1.6), dpi=150)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    positions = list(range(len(rows)))
    left = [0] * len(rows)
    total = max(sum(r.counts.values()) for r in rows)
    for _kind, legend, colour, hatch, values in series(rows):
        bars = ax.barh(positions, values, left=left, color=colour, hatch=hatch, edgecolor="black", linewidth=0.6,
                       label=legend)  # fmt: skip
        # the count on each segment wide enough to carry it (in black on a white box: readable in any print)
        shown = [str(v) if v and v >= 0.04 * total else "" for v in values]
        ax.bar_label(bars, labels=shown, label_type="center", fontsize=8, fontfamily=FONT,
                     bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"})  # fmt: skip
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.set_yticks(positions, labels)
    ax.invert_yaxis()
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # whole numbers of opinions only
    ax.set_xlim(0, max(left) * 1.02 or 1)
    ax.set_xlabel(t("report.chart.xlabel"), fontfamily=FONT, fontsize=9)
    for tick in ax.get_yticklabels() + ax.get_xticklabels():
        tick.set_fontfamily(FONT)
        tick.set_fontsize(9)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=3, frameon=False, prop={"family": FONT, "size": 9},
              handleheight=1.4, handlelength=2.4)  # fmt: skip
    fig.tight_layout()
    return fig
