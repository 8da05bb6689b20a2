from __future__ import annotations

from collections.abc import Iterator

import pytest

from handlers.context import EngineConfig
from handlers.engine import Engine
from handlers.ports import ReportBuilder
from storage.db import Database
from tests.factories import Built, build_consultation


@pytest.fixture
def built(db: Database) -> Built:
    with db.unit() as session:
        return build_consultation(session, with_topics=True)


@pytest.fixture
def engine(db: Database, built: Built) -> Iterator[Engine]:
    # Strict: a move or a button the routers do not declare fails the test (the README's listing stays true).
    eng = Engine(db, EngineConfig(rate_limit_per_minute=1000, strict_flow=True))
    yield eng
    eng.close()


def reporting(engine: Engine, builder: ReportBuilder) -> Engine:
    """The same engine with `builder` answering /baocao (the composition root gives aggregation's)."""
    return Engine(engine.db, engine.config, report_builder=builder)
