"""Shared fixtures. `db` is a migrated SQLite database per test; `any_db` runs a test on SQLite and PostgreSQL.

PostgreSQL: the machine's server (127.0.0.1:5432, trust auth). Each test session creates its own database,
migrates it once and truncates every table between tests, so parallel runs never see each other's rows.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import cast

import pytest
import sqlalchemy as sa

from core import clock
from storage.db import Database
from storage.migrate import upgrade
from storage.models import Base

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "fixtures" / "seed"  # a copy of the shared seed (a public draft and plan)
PG_ADMIN_URL = os.environ.get("GOPY_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture(autouse=True)
def _default_clock() -> Iterator[None]:
    """Every test starts and ends in the default zone, whatever a test configured."""
    clock.configure(clock.DEFAULT_ZONE)
    yield
    clock.configure(clock.DEFAULT_ZONE)


@pytest.fixture(scope="session")
def seed_dir() -> Path:
    return SEED


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite-template") / "template.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture
def db(_sqlite_template: Path, tmp_path: Path) -> Iterator[Database]:
    """A migrated SQLite database of its own for this test."""
    path = tmp_path / "gopy.db"
    shutil.copy(_sqlite_template, path)
    database = Database(f"sqlite:///{path}")
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def _pg_url() -> Iterator[str]:
    name = f"gopy_test_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as exc:  # the brief says PostgreSQL is up; say so loudly if not
        pytest.fail(f"PostgreSQL is not reachable at {PG_ADMIN_URL}: {exc}")
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    upgrade(url)
    yield url
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def pg_db(_pg_url: str) -> Iterator[Database]:
    database = Database(_pg_url)
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with database.engine.begin() as conn:
        conn.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    yield database
    database.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_db(request: pytest.FixtureRequest) -> Database:
    """The same test on SQLite and on PostgreSQL."""
    fixture = "db" if request.param == "sqlite" else "pg_db"
    return cast(Database, request.getfixturevalue(fixture))
