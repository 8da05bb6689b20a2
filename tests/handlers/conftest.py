from __future__ import annotations

from collections.abc import Iterator

import pytest

from handlers.context import EngineConfig
from handlers.engine import Engine
from storage.db import Database
from tests.factories import Built, build_consultation


@pytest.fixture
def built(db: Database) -> Built:
    with db.unit() as session:
        return build_consultation(session, with_topics=True)


@pytest.fixture
def engine(db: Database, built: Built) -> Iterator[Engine]:
    eng = Engine(db, EngineConfig(rate_limit_per_minute=1000))
    yield eng
    eng.close()
