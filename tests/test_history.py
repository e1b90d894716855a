"""Workbook history: every write keeps what it replaced, bounded, and restores put answers back
(SQLite and PostgreSQL through the same interface)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session

from ioi_core.model.workbook import (
    BarrierNote,
    EvaluationRow,
    PlanningTable,
    Stakeholder,
    Workbook,
    WorkbookMeta,
    utcnow,
)
from ioi_core.store import history
from ioi_core.store.db import WorkbookVersionRow, make_engine
from ioi_core.store.db_check import stored_rows
from ioi_core.store.edits import ANY, append_item, set_answer
from ioi_core.store.history import (
    RestoreRefused,
    VersionNotKept,
    changed_paths,
    list_history,
    readable_path,
    restore_answer,
    restore_workbook,
    workbook_at,
)
from ioi_core.store.migrate import upgrade
from ioi_core.store.workbooks import WorkbookNotFound, WorkbookStore
from tests.fixtures.sample_workbook import full_workbook


def new_workbook(title: str = "Language café") -> Workbook:
    return Workbook(meta=WorkbookMeta(title=title))


def rows(store: WorkbookStore, workbook_id: str) -> list[WorkbookVersionRow]:
    with Session(store.engine) as session:
        return list(
            session.scalars(
                select(WorkbookVersionRow)
                .where(WorkbookVersionRow.workbook_id == workbook_id)
                .order_by(WorkbookVersionRow.version)
            )
        )


def answers(workbook: Workbook) -> dict:
    """Everything a person typed or chose: the whole workbook but the time of its last save."""
    data = workbook.model_dump(mode="json")
    del data["meta"]["updated"]
    return data


# --- what changed ---------------------------------------------------------------------------------


def test_changed_paths_are_leaf_answers() -> None:
    old = new_workbook()
    new = old.model_copy(deep=True)
    new.exercise1.facilitator_why = "Language opens doors"
    new.exercise2.part1.table.goal = "Friendships"
    new.barriers["resources"] = BarrierNote(plan="Ask the council")
    new.meta.updated = utcnow() + timedelta(seconds=5)  # saved later: not an answer
    assert changed_paths(old, new) == [
        "exercise1.facilitator_why",
        "exercise2.part1.table.goal",
        "barriers.resources.plan",
    ]
    assert changed_paths(new, new.model_copy(deep=True)) == []


def test_changed_paths_in_rows_and_lists() -> None:
    old = new_workbook()
    old.evaluation = [EvaluationRow(outcome="More friends"), EvaluationRow(outcome="Confidence")]
    old.stakeholders.rows = [Stakeholder(name="Council")]
    new = old.model_copy(deep=True)
    new.evaluation[1].outcome = "More confidence"
    new.stakeholders.rows.append(Stakeholder(name="Mosque"))
    new.shortlist = ["9-1"]
    new.exercise2.part2.domain_still_relevant = False  # False is an answer, not "empty"
    assert changed_paths(old, new) == [
        "exercise2.part2.domain_still_relevant",
        "stakeholders.rows",
        "evaluation.1.outcome",
        "shortlist",
    ]


def test_readable_path() -> None:
    assert readable_path("exercise1.facilitator_why") == "Exercise 1 · facilitator why"
    assert readable_path("evaluation.0.outcome") == "Evaluation · no. 1 · outcome"
    assert readable_path("exercise2.part1.table.goal") == "Exercise 2 · part 1 · table · goal"


# --- recording ------------------------------------------------------------------------------------


def test_every_write_keeps_the_workbook_it_replaced(store: WorkbookStore) -> None:
    key, created = store.create(new_workbook())
    assert rows(store, created.id) == []  # nothing was replaced yet
    set_answer(store, key, ("exercise1", "facilitator_why"), "Because", ANY)
    append_item(store, key, ("shortlist",), "9-1")

    def two_answers(workbook: Workbook) -> None:  # one write changing two answers at once
        workbook.exercise1.facilitator = 13
        workbook.barriers["resources"] = BarrierNote(challenges="No rooms")

    store.modify(key, two_answers)

    kept = rows(store, created.id)
    assert [r.version for r in kept] == [2, 3, 4]
    assert [json.loads(r.changed) for r in kept] == [
        ["exercise1.facilitator_why"],
        ["shortlist"],
        ["exercise1.facilitator", "barriers.resources.challenges"],
    ]
    # Each row is the workbook as it was before its change: version 1, 2, 3.
    before = [Workbook.model_validate_json(r.data) for r in kept]
    assert before[0].exercise1.facilitator_why == "" and before[1].exercise1.facilitator_why == "Because"
    assert before[1].shortlist == [] and before[2].shortlist == ["9-1"]
    assert before[2].exercise1.facilitator is None

    listed = list_history(store, key)
    assert listed.current_version == 4 and listed.oldest_version == 1
    assert [e.version for e in listed.entries] == [4, 3, 2]
    assert (listed.entries[2].was, listed.entries[2].now) == ("", "Because")
    assert listed.entries[0].was is None  # two answers changed: no single preview


def test_a_save_that_changes_no_answer_is_not_kept(store: WorkbookStore) -> None:
    key, created = store.create(new_workbook())
    set_answer(store, key, ("exercise1", "facilitator_why"), "Same", ANY)
    set_answer(store, key, ("exercise1", "facilitator_why"), "Same", ANY)
    assert store.get(key).version == 3
    assert [r.version for r in rows(store, created.id)] == [2]
    assert workbook_at(store, key, 2).exercise1.facilitator_why == "Same"  # = version 3


def test_an_abandoned_change_keeps_nothing(store: WorkbookStore) -> None:
    key, created = store.create(new_workbook())

    def fail(workbook: Workbook) -> None:
        workbook.exercise1.facilitator_why = "half done"
        raise RuntimeError("abandon")

    with pytest.raises(RuntimeError):
        store.modify(key, fail)
    assert rows(store, created.id) == []


def test_deleting_a_workbook_deletes_its_history(store: WorkbookStore) -> None:
    key, created = store.create(new_workbook())
    other_key, other = store.create(new_workbook("Other"))
    for text_ in ("a", "b", "c"):
        set_answer(store, key, ("exercise1", "facilitator_why"), text_, ANY)
        set_answer(store, other_key, ("exercise1", "facilitator_why"), text_, ANY)
    store.delete(key)
    assert rows(store, created.id) == []
    assert len(rows(store, other.id)) == 3
    with pytest.raises(WorkbookNotFound):
        list_history(store, key)


def _age(store: WorkbookStore, workbook_id: str, days: int, up_to_version: int) -> None:
    with store.engine.begin() as conn:
        conn.execute(
            update(WorkbookVersionRow)
            .where(WorkbookVersionRow.workbook_id == workbook_id)
            .where(WorkbookVersionRow.version <= up_to_version)
            .values(saved_at=utcnow() - timedelta(days=days))
        )


def test_history_keeps_the_last_500_changes_or_90_days_whichever_keeps_more(store: WorkbookStore) -> None:
    key, created = store.create(new_workbook())
    for i in range(504):  # 504 changes: versions 2..505
        set_answer(store, key, ("exercise1", "facilitator_why"), f"answer {i}", ANY)
    # All recent: nothing goes, however many.
    assert len(rows(store, created.id)) == 504
    # The oldest 10 are more than 90 days old; of those, only the ones beyond the newest 500 go.
    _age(store, created.id, days=91, up_to_version=11)
    set_answer(store, key, ("exercise1", "facilitator_why"), "one more", ANY)  # version 506
    kept = [r.version for r in rows(store, created.id)]
    assert len(kept) == 500 and kept[0] == 7 and kept[-1] == 506
    # Old but within the newest 500: kept.
    _age(store, created.id, days=200, up_to_version=400)
    set_answer(store, key, ("exercise1", "facilitator_why"), "and another", ANY)  # version 507
    kept = [r.version for r in rows(store, created.id)]
    assert len(kept) == 500 and kept[0] == 8
    # 89 days old is not old enough.
    with store.engine.begin() as conn:
        conn.execute(update(WorkbookVersionRow).values(saved_at=utcnow() - timedelta(days=89)))
    set_answer(store, key, ("exercise1", "facilitator_why"), "last", ANY)
    assert len(rows(store, created.id)) == 501
    # What was pruned cannot be restored, and says what can.
    listed = list_history(store, key, limit=5)
    assert listed.oldest_version == 7 and len(listed.entries) == 5
    with pytest.raises(VersionNotKept, match="versions 7 to 508"):
        restore_workbook(store, key, 6)
    assert workbook_at(store, key, 7).exercise1.facilitator_why == "answer 5"


def test_pruning_is_per_workbook(store: WorkbookStore, monkeypatch) -> None:
    monkeypatch.setattr(history, "KEEP_CHANGES", 3)
    key, created = store.create(new_workbook())
    other_key, other = store.create(new_workbook("Other"))
    for i in range(6):
        set_answer(store, key, ("exercise1", "facilitator_why"), f"a{i}", ANY)
        set_answer(store, other_key, ("exercise1", "facilitator_why"), f"b{i}", ANY)
    _age(store, created.id, days=100, up_to_version=100)
    _age(store, other.id, days=100, up_to_version=100)
    set_answer(store, key, ("exercise1", "facilitator_why"), "again", ANY)
    assert [r.version for r in rows(store, created.id)] == [6, 7, 8]
    assert len(rows(store, other.id)) == 6  # pruned on its own next write, not on another's


# --- restoring ------------------------------------------------------------------------------------


def test_restore_one_answer_is_a_new_change_that_can_be_undone(store: WorkbookStore) -> None:
    key, created = store.create(new_workbook())
    set_answer(store, key, ("exercise1", "facilitator_why"), "Language opens doors", ANY)  # v2
    set_answer(store, key, ("exercise1", "social_connection_why"), "Bridges", ANY)  # v3
    set_answer(store, key, ("exercise1", "facilitator_why"), "", ANY)  # v4: the wipe
    restored = restore_answer(store, key, 3, "exercise1.facilitator_why")
    assert restored.version == 5 and restored.id == created.id
    now = store.get(key).workbook
    assert now.exercise1.facilitator_why == "Language opens doors"
    assert now.exercise1.social_connection_why == "Bridges"
    entry = list_history(store, key).entries[0]
    assert entry.version == 5 and entry.changed == ["exercise1.facilitator_why"]
    assert (entry.was, entry.now) == ("", "Language opens doors")
    assert entry.note == "Restored an answer to version 3"
    restore_answer(store, key, 4, "exercise1.facilitator_why")  # undo the restore
    assert store.get(key).workbook.exercise1.facilitator_why == ""


def test_restore_an_answer_whose_area_was_new_or_is_gone(store: WorkbookStore) -> None:
    key, _ = store.create(new_workbook())
    set_answer(store, key, ("barriers", "resources", "plan"), "Ask the council", ANY)  # v2
    # Back to version 1, where the area had no notes: the answer is empty again.
    restore_answer(store, key, 1, "barriers.resources.plan")
    assert store.get(key).workbook.barriers["resources"].plan == ""
    # An area that has no entry now gets one back.
    store.modify(key, lambda w: w.barriers.clear())
    restore_answer(store, key, 2, "barriers.resources.plan")
    assert store.get(key).workbook.barriers["resources"].plan == "Ask the council"


def test_restore_refuses_what_cannot_be_restored_and_changes_nothing(store: WorkbookStore) -> None:
    key, created = store.create(new_workbook())
    store.modify(key, lambda w: w.evaluation.append(EvaluationRow(outcome="More friends")))  # v2
    set_answer(store, key, ("evaluation", "0", "outcome"), "Fewer lonely people", ANY)  # v3
    store.modify(key, lambda w: w.evaluation.clear())  # v4: the row is removed
    before = store.get(key)
    with pytest.raises(RestoreRefused, match="row that has since been removed"):
        restore_answer(store, key, 2, "evaluation.0.outcome")
    with pytest.raises(RestoreRefused, match="not an answer"):
        restore_answer(store, key, 2, "meta.updated")
    with pytest.raises(VersionNotKept):
        restore_workbook(store, key, 9)
    with pytest.raises(VersionNotKept):
        restore_workbook(store, key, 0)
    # A kept version that no longer validates (here: tampered with) is refused, not half applied.
    with store.engine.begin() as conn:
        bad = new_workbook().model_dump(mode="json")
        bad["exercise1"]["facilitator_why"] = "x" * 6000
        conn.execute(
            update(WorkbookVersionRow)
            .where(WorkbookVersionRow.workbook_id == created.id, WorkbookVersionRow.version == 3)
            .values(data=json.dumps(bad))
        )
    with pytest.raises(RestoreRefused):
        restore_workbook(store, key, 2)
    with pytest.raises(RestoreRefused):
        restore_answer(store, key, 2, "exercise1.facilitator_why")
    after = store.get(key)
    assert after.version == before.version and answers(after.workbook) == answers(before.workbook)
    assert [r.version for r in rows(store, created.id)] == [2, 3, 4]


def test_wipe_then_restore_the_whole_workbook_is_identical(store: WorkbookStore) -> None:
    key, created = store.create(full_workbook())
    set_answer(store, key, ("exercise1", "facilitator_why"), "Typed today", ANY)
    filled = store.get(key)

    def wipe(workbook: Workbook) -> None:  # what a blanking bug would do to several pages at once
        workbook.exercise1.facilitator_why = ""
        workbook.exercise1.facilitator = None
        workbook.exercise2.part1.table = PlanningTable()
        workbook.stakeholders.rows = []
        workbook.evaluation = []
        workbook.barriers = {}
        workbook.meta.title = "Untitled"

    store.modify(key, wipe)
    set_answer(store, key, ("theory_of_change", "intervention"), "Typed after the wipe", ANY)
    restored = restore_workbook(store, key, filled.version)
    assert restored.id == created.id and restored.version == filled.version + 3
    now = store.get(key)  # same key, same row
    assert answers(now.workbook) == answers(filled.workbook)
    assert now.workbook.meta.created == created.workbook.meta.created
    assert "Untitled" not in [row.title for row in stored_rows(store.engine)]
    # The restore is one change in the history, and undoable back to the wiped state.
    entry = list_history(store, key, limit=1).entries[0]
    assert entry.note == f"Restored the whole workbook to version {filled.version}"
    assert "theory_of_change.intervention" in entry.changed and "stakeholders.rows" in entry.changed
    restore_workbook(store, key, filled.version + 2)
    assert store.get(key).workbook.theory_of_change.intervention == "Typed after the wipe"
    assert store.get(key).workbook.stakeholders.rows == []


def test_an_older_database_keeps_history_from_its_first_change(db_url: str) -> None:
    """A workbook saved before history existed: its first change after the upgrade is undoable."""
    engine = make_engine(db_url)
    upgrade(engine, "0003")
    store = WorkbookStore(engine)
    key, created = store.create(new_workbook("From before"))
    with engine.connect() as conn:
        assert "workbook_versions" not in [
            r[0]
            for r in conn.execute(
                text(
                    "SELECT table_name FROM information_schema.tables"
                    if engine.dialect.name == "postgresql"
                    else "SELECT name FROM sqlite_master"
                )
            )
        ]
    upgrade(engine)
    set_answer(store, key, ("meta", "title"), "Renamed by mistake", ANY)
    restore_workbook(store, key, 1)
    assert store.get(key).workbook.meta.title == "From before"
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(WorkbookVersionRow)) == 2
    engine.dispose()
