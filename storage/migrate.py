"""Alembic, driven from code: `gopy db upgrade` and `make run` call `upgrade(url)`; `pending` tells `gopy serve` and
the calendar whether the database is behind the code (then they say to run `gopy db upgrade`)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

from storage.db import normalise_url

MIGRATIONS = Path(__file__).with_name("migrations")
VERSION_TABLE = "alembic_version"


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", normalise_url(url).replace("%", "%%"))
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def pending(engine: Engine) -> str | None:
    """What the database lacks of this code's migrations: "empty" (never migrated), "behind" (an older revision),
    None when it is at the head (or at a revision this code does not know: a newer gopy's, left alone). Reads the
    version table with SQLAlchemy, not through Alembic's context, which logs at INFO."""
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    heads = set(script.get_heads())
    with engine.connect() as conn:
        if not inspect(conn).has_table(VERSION_TABLE):
            return "empty"
        current = {row[0] for row in conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}"))}
    if not current:
        return "empty"
    if current == heads:
        return None
    known = {revision.revision for revision in script.walk_revisions()}
    return "behind" if current <= known else None
