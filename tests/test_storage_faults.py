"""Storage faults: a database that cannot be written is reported, keeps no one's answers in its error
text, and works again by itself once it can be written (no restart)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from sqlalchemy.exc import DBAPIError, OperationalError

from ioi_core.model.workbook import Workbook, WorkbookMeta
from ioi_core.store.db import make_engine
from ioi_core.store.edits import ANY, set_answer
from ioi_core.store.migrate import upgrade
from ioi_core.store.workbooks import WorkbookStore

PATH = ("exercise1", "facilitator_why")


def _immutable(path: Path, on: bool) -> bool:
    """Make a file unwritable even for root (chattr +i); False where the file system cannot."""
    result = subprocess.run(["chattr", "+i" if on else "-i", str(path)], capture_output=True)
    return result.returncode == 0


@pytest.fixture
def file_store(tmp_path: Path):
    engine = make_engine(f"sqlite:///{tmp_path / 'ioi.db'}")
    upgrade(engine)
    yield WorkbookStore(engine), tmp_path / "ioi.db"
    _immutable(tmp_path / "ioi.db", False)
    engine.dispose()


def test_saving_works_again_once_the_file_is_writable_again(file_store) -> None:
    store, path = file_store
    key, _ = store.create(Workbook(meta=WorkbookMeta(title="Faults")))
    set_answer(store, key, PATH, "before", ANY)
    store.engine.dispose()  # the next connection opens while the file is read-only
    if not _immutable(path, True):
        pytest.skip("this file system cannot make a file read-only for root (chattr +i)")
    with pytest.raises(OperationalError, match="readonly"):
        set_answer(store, key, PATH, "while read-only", ANY)
    assert _immutable(path, False)
    set_answer(store, key, PATH, "after", ANY)  # no restart: the read-only connection was dropped
    assert store.get(key).workbook.exercise1.facilitator_why == "after"


def test_a_failed_write_never_carries_the_answer_into_its_error(file_store) -> None:
    """SQL parameters are people's answers: errors (and so logs) show the statement, not the values."""
    store, _ = file_store
    key, _ = store.create(Workbook(meta=WorkbookMeta(title="Faults")))
    with store.engine.begin() as connection:
        connection.exec_driver_sql(
            "CREATE TRIGGER refuse BEFORE UPDATE ON workbooks BEGIN SELECT RAISE(ABORT, 'disk full'); END"
        )
    with pytest.raises(DBAPIError) as failure:
        set_answer(store, key, PATH, "A private answer about my neighbour", ANY)
    assert "private answer" not in str(failure.value)
    assert "parameters hidden" in str(failure.value)


def test_sqlite_confirms_a_save_only_once_it_survives_a_power_cut(file_store) -> None:
    store, _ = file_store
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
