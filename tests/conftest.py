"""Shared fixtures: a private database per test (SQLite file, and PostgreSQL when reachable).

Locally, PostgreSQL and browser tests skip with a reason when the service or browser is missing;
CI sets IOI_REQUIRE_POSTGRES=1 / IOI_REQUIRE_BROWSER=1 so a missing one fails instead.

Only fixtures live here: helpers the tests share are in tests/support/, where test modules import them from.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text

from ioi_core.store.db import make_engine
from ioi_core.store.migrate import upgrade
from ioi_core.store.workbooks import WorkbookStore
from tests.support.services import PG_ADMIN_URL, require


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'ioi.db'}"


@pytest.fixture
def postgresql_url() -> Iterator[str]:
    """A fresh PostgreSQL database for one test, dropped afterwards."""
    try:
        admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 - any failure means "no PostgreSQL here"
        require("IOI_REQUIRE_POSTGRES", f"PostgreSQL not reachable at {PG_ADMIN_URL}: {exc}")
    name = f"ioi_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request) -> str:
    """Run a test once against SQLite and once against PostgreSQL."""
    return request.getfixturevalue(f"{request.param}_url")


@pytest.fixture
def store(db_url) -> Iterator[WorkbookStore]:
    engine = make_engine(db_url)
    upgrade(engine)
    yield WorkbookStore(engine)
    engine.dispose()


@pytest.fixture
def db(tmp_path, monkeypatch) -> WorkbookStore:
    """A private SQLite store that pages under AppTest also use (via IOI_DATABASE_URL)."""
    url = f"sqlite:///{tmp_path / 'ioi.db'}"
    monkeypatch.setenv("IOI_DATABASE_URL", url)
    engine = make_engine(url)
    upgrade(engine)
    return WorkbookStore(engine)
