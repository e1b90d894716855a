"""Apply the Alembic migrations in `ioi_core/store/migrations` to a database, safely from many servers."""

from __future__ import annotations

import threading
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, inspect, text

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Any fixed number: all app servers sharing one PostgreSQL take the same advisory lock.
_PG_LOCK_ID = 7_340_2019
# Alembic keeps the running migration's context in module globals, so two threads of one server
# (two first page views at once) must not upgrade at the same time; other processes are kept apart
# by the database: PostgreSQL's advisory lock, SQLite's write lock (BEGIN IMMEDIATE).
_IN_PROCESS = threading.Lock()


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def upgrade(engine: Engine, revision: str = "head") -> str | None:
    """Create or upgrade the schema to `revision`; concurrent callers wait their turn.

    Returns the revision the database was at when this caller's turn came (None if empty).
    """
    config = _config()
    with _IN_PROCESS, engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_lock(:id)"), {"id": _PG_LOCK_ID})
            connection.commit()
        try:
            found: list[str | None] = []
            config.attributes["connection"] = connection
            config.attributes["found_revision"] = found
            command.upgrade(config, revision)
            connection.commit()
        finally:
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_unlock(:id)"), {"id": _PG_LOCK_ID})
                connection.commit()
    return found[0] if found else None


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None for an empty database."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
