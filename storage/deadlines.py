"""Deadlines from the plan's rules (III.2.3): when each cell's summary of comments is due.

A cell that holds its congress during the consultation sends its summary at most N days after it (plan: 2).
A cell whose congress came before the plan was issued, or has no date, holds a cell conference instead and
sends its summary M days before the ward congress (plan: 7).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class CellDeadline:
    due_on: date
    after_own_congress: bool


def cell_summary_due(
    congress_date: date | None,
    *,
    issued_on: date | None,
    ward_congress_date: date | None,
    days_after_congress: int = 2,
    days_before_ward_congress: int = 7,
) -> CellDeadline | None:
    """None when the plan gives neither the cell's congress nor the ward's congress date."""
    holds_congress_now = congress_date is not None and (issued_on is None or congress_date >= issued_on)
    if holds_congress_now:
        assert congress_date is not None
        return CellDeadline(congress_date + timedelta(days=days_after_congress), True)
    if ward_congress_date is None:
        return None
    return CellDeadline(ward_congress_date - timedelta(days=days_before_ward_congress), False)
