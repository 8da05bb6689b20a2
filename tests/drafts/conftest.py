from __future__ import annotations

import pytest

from drafts import Outline, Section, parse_text
from tests.drafts.seed_docs import draft_text


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
