"""The workbook store, against SQLite and PostgreSQL through the same interface."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from ioi_core.model.workbook import CustomIndicator, Workbook, WorkbookMeta
from ioi_core.store.db import WorkbookRow, make_engine
from ioi_core.store.db_check import stored_rows
from ioi_core.store.edits import EditConflict, set_answer
from ioi_core.store.migrate import current_revision, upgrade
from ioi_core.store.workbooks import WorkbookNotFound, WorkbookStore, hash_key


def new_workbook(title: str = "Language café") -> Workbook:
    return Workbook(meta=WorkbookMeta(title=title, organisation="Anytown Council"))


def test_round_trip_keeps_every_answer(store: WorkbookStore) -> None:
    workbook = new_workbook("Café «مرحبا» 😀")
    workbook.exercise1.facilitator = 13
    workbook.exercise2.part1.problem = "Few social connections\noutside the family"
    key, created = store.create(workbook)
    loaded = store.get(key)
    assert loaded.id == created.id and loaded.version == 1
    assert loaded.workbook.meta.title == "Café «مرحبا» 😀"
    assert loaded.workbook.exercise1.facilitator == 13
    assert loaded.workbook.exercise2.part1.problem == "Few social connections\noutside the family"


def test_a_change_bumps_the_version(store: WorkbookStore) -> None:
    key, _ = store.create(new_workbook())

    def change(workbook: Workbook) -> None:
        workbook.exercise1.intervention_description = "A weekly friendship club"

    changed = store.modify(key, change)
    assert changed.version == 2
    assert store.get(key).workbook.exercise1.intervention_description == "A weekly friendship club"


def test_a_change_from_a_stale_copy_is_refused_and_changes_nothing(store: WorkbookStore) -> None:
    key, _ = store.create(new_workbook())
    path = ("exercise1", "facilitator")
    set_answer(store, key, path, 9, seen_value=None)
    with pytest.raises(EditConflict) as raised:
        set_answer(store, key, path, 10, seen_value=None)  # still seeing the copy before the first
    assert raised.value.current == 9
    assert "changed this answer" in str(raised.value)
    stored = store.get(key)
    assert stored.workbook.exercise1.facilitator == 9 and stored.version == 2


def test_threads_saving_concurrently_lose_nothing(store: WorkbookStore) -> None:
    key, _ = store.create(new_workbook())
    threads_count, per_thread = 12, 8
    errors: list[Exception] = []

    def worker(t: int) -> None:
        for i in range(per_thread):

            def add(workbook: Workbook, t: int = t, i: int = i) -> None:
                workbook.custom_indicators.append(
                    CustomIndicator(id=f"t{t}-{i}", domain=7, text=f"% answer {t}-{i}")
                )

            try:
                store.modify(key, add)
            except Exception as exc:  # noqa: BLE001 - collected and asserted below
                errors.append(exc)

    threads = [threading.Thread(target=worker, args=(t,)) for t in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    stored = store.get(key)
    ids = {c.id for c in stored.workbook.custom_indicators}
    assert len(ids) == threads_count * per_thread
    assert stored.version == 1 + threads_count * per_thread


def test_no_key_no_access(store: WorkbookStore) -> None:
    key, _ = store.create(new_workbook())
    with pytest.raises(WorkbookNotFound):
        store.get(key[:-1] + ("A" if key[-1] != "A" else "B"))
    with pytest.raises(WorkbookNotFound):
        store.get("")
    assert len(key) >= 32  # 24 random bytes, URL-safe base64


def test_only_a_hash_of_the_key_is_stored(store: WorkbookStore) -> None:
    key, created = store.create(new_workbook())
    with Session(store.engine) as session:
        row = session.scalar(select(WorkbookRow).where(WorkbookRow.id == created.id))
    assert row is not None
    assert row.key_hash == hash_key(key) and key not in row.key_hash and key not in row.data


def test_delete_removes_for_good(store: WorkbookStore) -> None:
    key, _ = store.create(new_workbook())
    store.delete(key)
    with pytest.raises(WorkbookNotFound):
        store.get(key)
    with pytest.raises(WorkbookNotFound):
        store.delete(key)
    assert list(stored_rows(store.engine)) == []


def test_migration_from_an_empty_database(db_url: str) -> None:
    engine = make_engine(db_url)
    assert current_revision(engine) is None
    upgrade(engine)
    assert current_revision(engine) == "0007"
    upgrade(engine)  # running again is harmless
    assert "workbooks" in inspect(engine).get_table_names()
    engine.dispose()


def test_modify_that_raises_writes_nothing(store: WorkbookStore) -> None:
    key, _ = store.create(new_workbook())

    def fail(workbook: Workbook) -> None:
        workbook.exercise1.facilitator = 11
        raise RuntimeError("abandon")

    with pytest.raises(RuntimeError):
        store.modify(key, fail)
    stored = store.get(key)
    assert stored.version == 1 and stored.workbook.exercise1.facilitator is None


def test_an_older_database_upgrades_in_place(db_url: str) -> None:
    engine = make_engine(db_url)
    upgrade(engine, "0001")
    store = WorkbookStore.__new__(WorkbookStore)
    store.engine = engine
    with engine.begin() as conn:  # a workbook saved by the 0001 schema
        conn.exec_driver_sql(
            "INSERT INTO workbooks (id, key_hash, title, data, version, created_at, updated_at) "
            f"VALUES ('old', '{hash_key('old-key')}', 'Old', '{new_workbook('Old').model_dump_json()}', 1, "
            "'2026-01-01 00:00:00', '2026-01-01 00:00:00')"
        )
    upgrade(engine)
    assert current_revision(engine) == "0007"
    assert WorkbookStore(engine).get("old-key").workbook.meta.title == "Old"
    engine.dispose()


def test_servers_starting_together_upgrade_the_database_once(db_url: str) -> None:
    """Four threads of one server (first page views at once) on an empty database: each upgrade
    succeeds, the schema is built once, and the result works. Alembic keeps global state, so they take
    turns in-process; separate processes are tested in test_cli.py."""
    import threading

    from ioi_core.store.migrate import MIGRATIONS_DIR

    servers = 4
    start = threading.Barrier(servers)
    errors: list[BaseException] = []
    engines = [make_engine(db_url) for _ in range(servers)]

    def server_start(engine) -> None:  # type: ignore[no-untyped-def]
        start.wait()
        try:
            upgrade(engine)
        except BaseException as exc:  # noqa: BLE001 - collected and reported below
            errors.append(exc)

    threads = [threading.Thread(target=server_start, args=(e,)) for e in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    head = sorted(p.name for p in (MIGRATIONS_DIR / "versions").glob("0*.py"))[-1][:4]
    assert current_revision(engines[0]) == head
    with engines[0].connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM alembic_version").scalar() == 1
    key, _ = WorkbookStore(engines[1]).create(new_workbook("After a crowded start"))
    assert WorkbookStore(engines[2]).get(key).workbook.meta.title == "After a crowded start"
    for engine in engines:
        engine.dispose()


def test_keys_never_start_with_a_dash(monkeypatch) -> None:
    """A key starting with '-' reads as an option on a command line; such draws are drawn again."""
    import secrets

    from ioi_core.store.workbooks import new_key

    draws = iter(["-starts-with-a-dash", "-again", "fine-key"])
    monkeypatch.setattr(secrets, "token_urlsafe", lambda _n: next(draws))
    assert new_key() == "fine-key"
