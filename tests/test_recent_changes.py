"""Start's "Recent changes" under AppTest: listed as typed, one click restores an answer or the
whole workbook, and the restore reaches the database."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from ioi_core.model.workbook import Workbook
from ioi_core.store.edits import ANY, set_answer
from ioi_core.store.workbooks import WorkbookStore
from tests.fixtures.sample_workbook import full_workbook
from tests.support.apptest import assert_healthy, texts

ROOT = Path(__file__).resolve().parents[1]


def open_start(key: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["wb"] = key
    at.run()
    assert_healthy(at)
    return at


def open_section(at: AppTest) -> AppTest:
    at.session_state["recent-changes"] = True  # open the section, as a click would
    at.run()
    assert_healthy(at)
    return at


def answers(workbook: Workbook) -> dict:
    data = workbook.model_dump(mode="json")
    del data["meta"]["updated"]
    return data


def restore_buttons(at: AppTest) -> list:
    return [b for b in at.button if str(b.key).startswith("restore-answer-")]


def test_recent_changes_lists_changes_as_typed_and_restores_one_answer(db: WorkbookStore) -> None:
    key, _ = db.create(full_workbook())
    path = ("exercise1", "facilitator_why")
    set_answer(db, key, path, "# Not a heading, *not emphasis* [nor a link](https://example.com)", ANY)
    set_answer(db, key, ("exercise1", "markers_and_means_why"), "Jobs", ANY)
    before_wipe = db.get(key)
    set_answer(db, key, path, "", ANY)  # the accidental wipe, version 4

    at = open_start(key)
    assert "Recent changes" in [e.label for e in at.expander]
    assert not restore_buttons(at), "folded: the history is not even read"
    open_section(at)
    shown = texts(at)
    # Newest first, with which answer (the catalogue's words) and what it was and is now.
    assert "Exercise 1 · Why this Facilitators domain?" in shown
    assert "“# Not a heading, *not emphasis* [nor a link](https://example.com)” → *(empty)*" in shown
    raw = "\n".join(m.value for m in at.markdown)
    assert "“\\# Not a heading" in raw and "\\[nor a link\\]\\(https" in raw  # shown literally
    assert [b.key for b in restore_buttons(at)] == [
        "restore-answer-4",
        "restore-answer-3",
        "restore-answer-2",
    ]

    at.button(key="restore-answer-4").click().run()
    assert_healthy(at)
    assert answers(db.get(key).workbook) == answers(before_wipe.workbook)
    assert "Restored: Exercise 1 · Why this Facilitators domain?" in texts(at)
    # The restore is listed too, and can itself be undone.
    assert restore_buttons(at)[0].key == "restore-answer-5"
    assert "Restored an answer to version 3" in texts(at)
    at.button(key="restore-answer-5").click().run()
    assert db.get(key).workbook.exercise1.facilitator_why == ""


def test_restore_the_whole_workbook_needs_confirming(db: WorkbookStore) -> None:
    key, _ = db.create(full_workbook())
    set_answer(db, key, ("exercise1", "facilitator_why"), "Before the mess", ANY)
    before = db.get(key)

    def wipe(workbook: Workbook) -> None:
        workbook.exercise1.facilitator_why = ""
        workbook.stakeholders.rows = []
        workbook.evaluation = []

    db.modify(key, wipe)
    at = open_section(open_start(key))
    assert at.selectbox(key="recent-changes-choice").value == before.version + 1
    assert "3 answers" in at.selectbox(key="recent-changes-choice").format_func(before.version + 1)
    assert at.button(key="restore-workbook").disabled
    at.checkbox(key="recent-changes-confirm").check().run()
    at.button(key="restore-workbook").click().run()
    assert_healthy(at)
    now = db.get(key)
    assert answers(now.workbook) == answers(before.workbook) and now.version == before.version + 2
    assert "The whole workbook is back as it was before that change" in texts(at)
    assert not at.checkbox(key="recent-changes-confirm").value  # asks again next time


def test_a_new_workbook_has_no_changes_yet(db: WorkbookStore) -> None:
    key, _ = db.create(full_workbook())
    at = open_section(open_start(key))
    assert "No changes yet" in texts(at)
