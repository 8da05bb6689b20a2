"""The stance chart: opinions per top-level part of the draft, stacked by stance, general remarks as their own
category (never as a stance) (PNG bytes, matplotlib Agg)."""

from __future__ import annotations

import io
import textwrap

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from aggregation.model import ChartRow
from core.kinds import CHART_KINDS
from core.messages import t
from core.text import clean


def series(rows: list[ChartRow]) -> list[tuple[str, str, str, list[int]]]:
    """(kind, legend label, colour, values per row) for each category drawn; a category absent everywhere is left
    out of the legend."""
    out = []
    for kind in CHART_KINDS:
        values = [r.counts.get(kind, 0) for r in rows]
        if any(values):
            out.append((kind.value, t(f"report.kind.{kind}"), str(kind.chart_colour), values))
    return out


def stance_chart(rows: list[ChartRow], max_rows: int = 25) -> bytes | None:
    """A horizontal stacked bar per part; None when there is nothing to draw."""
    rows = [r for r in rows if any(r.counts.values())][:max_rows]
    if not rows:
        return None
    # Two short lines rather than one long one: the bars keep most of the width.
    labels = [textwrap.fill(textwrap.shorten(clean(r.label), 64, placeholder="…"), 34) for r in rows]
    # A bare Figure, not pyplot: no global state, safe in the worker threads that build /baocao.
    fig = Figure(figsize=(7.5, 0.6 * len(rows) + 1.4), dpi=150)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    font = {"family": "DejaVu Sans"}  # has every Vietnamese glyph on a stock Debian
    left = [0] * len(rows)
    for _kind, legend, colour, values in series(rows):
        ax.barh(labels, values, left=left, color=colour, label=legend)
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.invert_yaxis()
    ax.set_xlabel(t("report.chart.xlabel"), fontdict=font)
    for tick in ax.get_yticklabels() + ax.get_xticklabels():
        tick.set_fontfamily(font["family"])
        tick.set_fontsize(8)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=3, frameon=False, prop={**font, "size": 8})
    fig.tight_layout()
    out = io.BytesIO()
    fig.savefig(out, format="png", bbox_inches="tight", pad_inches=0.1)  # long labels must not clip the legend
    return out.getvalue()
