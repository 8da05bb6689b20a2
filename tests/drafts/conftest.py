from __future__ import annotations

import pytest

from drafts import Outline, Section, parse_text
from tests.drafts.seed_docs import draft_text

# Warnings about where pages and lines come from, not about the draft's text.
LAYOUT_NOTICES = {"drafts.warn.text_no_pages", "drafts.warn.no_layout", "drafts.warn.layout_timeout",
                  "drafts.warn.layout_failed"}  # fmt: skip


def text_warnings(outline: Outline) -> list[str]:
    """The warnings about the draft's text itself (numbering slips), the same whatever its format."""
    return [warning for warning in outline.warnings if warning not in LAYOUT_NOTICES]


@pytest.fixture(scope="session")
def seed_outline() -> Outline:
    return parse_text(draft_text())


def find(outline: Outline, *path: str) -> Section:
    """The section reached by labels from the top ("Phần thứ hai", "III", "2"); the first match wins."""
    nodes = outline.sections
    found: Section | None = None
    for label in path:
        found = next(section for section in nodes if section.label == label)
        nodes = found.children
    assert found is not None
    return found
