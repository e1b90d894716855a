"""Field-level edits: saved when nobody else changed the answer, reported when they did."""

from __future__ import annotations

import pytest

from ioi_core.model.workbook import Workbook, WorkbookMeta
from ioi_core.store.edits import EditConflict, InvalidAnswer, set_answer
from ioi_core.store.workbooks import WorkbookStore


@pytest.fixture
def key(store: WorkbookStore) -> str:
    key, _ = store.create(Workbook(meta=WorkbookMeta(title="T")))
    return key


def test_an_answer_saves(store: WorkbookStore, key: str) -> None:
    stored = set_answer(store, key, ("exercise2", "part1", "problem"), "Isolation", "")
    assert stored.version == 2
    assert store.get(key).workbook.exercise2.part1.problem == "Isolation"


def test_edits_to_different_answers_from_two_tabs_both_survive(store: WorkbookStore, key: str) -> None:
    set_answer(store, key, ("exercise1", "facilitator_why"), "Friendship", "")
    set_answer(store, key, ("exercise1", "social_connection_why"), "Neighbours", "")
    workbook = store.get(key).workbook
    assert workbook.exercise1.facilitator_why == "Friendship"
    assert workbook.exercise1.social_connection_why == "Neighbours"


def test_a_stale_edit_to_the_same_answer_is_reported_not_applied(store: WorkbookStore, key: str) -> None:
    set_answer(store, key, ("exercise1", "facilitator"), 13, None)
    with pytest.raises(EditConflict) as raised:
        set_answer(store, key, ("exercise1", "facilitator"), 10, None)  # this tab still saw "None"
    assert raised.value.current == 13
    assert store.get(key).workbook.exercise1.facilitator == 13


def test_too_long_an_answer_is_refused_with_a_message(store: WorkbookStore, key: str) -> None:
    with pytest.raises(InvalidAnswer, match="too long .*5000"):
        set_answer(store, key, ("exercise2", "part1", "problem"), "x" * 5001, "")
    assert store.get(key).version == 1


def test_a_domain_out_of_range_is_refused(store: WorkbookStore, key: str) -> None:
    with pytest.raises(InvalidAnswer):
        set_answer(store, key, ("exercise1", "facilitator"), 15, None)
    assert store.get(key).workbook.exercise1.facilitator is None


def test_an_empty_title_is_refused(store: WorkbookStore, key: str) -> None:
    with pytest.raises(InvalidAnswer, match="cannot be empty"):
        set_answer(store, key, ("meta", "title"), "   ", "T")
    assert store.get(key).workbook.meta.title == "T"


def test_first_answer_for_a_barrier_area_creates_its_notes(store: WorkbookStore, key: str) -> None:
    set_answer(store, key, ("barriers", "priority_setting", "plan"), "Agree priorities with families", "")
    set_answer(store, key, ("barriers", "priority_setting", "priority"), "high", None)
    note = store.get(key).workbook.barriers["priority_setting"]
    assert note.plan == "Agree priorities with families" and note.priority == "high"


def test_a_list_item_edit_checks_the_item_it_replaces(store: WorkbookStore, key: str) -> None:
    from ioi_core.model.workbook import EvaluationRow
    from ioi_core.store.edits import append_item

    append_item(store, key, ("evaluation",), EvaluationRow(outcome="First"))
    row = store.get(key).workbook.evaluation[0]
    set_answer(store, key, ("evaluation", "0"), EvaluationRow(outcome="Edited"), row)
    with pytest.raises(EditConflict):
        set_answer(store, key, ("evaluation", "0"), EvaluationRow(outcome="Stale"), row)
    assert store.get(key).workbook.evaluation[0].outcome == "Edited"
