"""The one save path under AppTest: one action changes at most its own answer; a failed save keeps
what was typed, says why, and saves on Try again; over-long text is kept with how much is over."""

from __future__ import annotations

import sqlalchemy as sa

from ioi_core.content.pack import load_content
from ioi_core.store.workbooks import WorkbookStore
from ioi_core.text.markdown_safety import literal
from tests.fixtures.sample_workbook import full_workbook
from tests.support.apptest import assert_healthy, open_page, texts

WHY = "answer:exercise1.facilitator_why"
OTHER_WHY = "answer:exercise1.social_connection_why"


def test_one_answer_cleared_on_purpose_is_saved_empty(db: WorkbookStore) -> None:
    at, key = open_page(db, "pages/exercise1.py", full_workbook())
    at.text_area(key=WHY).input("").run()
    assert_healthy(at)
    assert db.get(key).workbook.exercise1.facilitator_why == ""
    assert "All changes saved" in texts(at)


def test_several_answers_emptied_by_one_action_are_refused(db: WorkbookStore) -> None:
    """What a stale page would send: blanks for every box at once. None is stored; each can be confirmed."""
    before = full_workbook().exercise1
    at, key = open_page(db, "pages/exercise1.py", full_workbook())
    at.text_area(key=WHY).set_value("")
    at.text_area(key=OTHER_WHY).set_value("")
    at.run()
    assert_healthy(at)
    stored = db.get(key).workbook.exercise1
    assert (stored.facilitator_why, stored.social_connection_why) == (
        before.facilitator_why,
        before.social_connection_why,
    )
    assert "several answers were emptied at once" in texts(at)
    at.button(key="retry:exercise1.facilitator_why").click().run()
    assert db.get(key).workbook.exercise1.facilitator_why == ""
    assert db.get(key).workbook.exercise1.social_connection_why == before.social_connection_why


def test_escape_in_a_drop_down_never_clears_the_saved_choice(db: WorkbookStore) -> None:
    at, key = open_page(db, "pages/exercise2.py", full_workbook())
    chosen = db.get(key).workbook.exercise2.part1.domain
    drop_down = at.selectbox(key="answer:exercise2.part1.domain")
    drop_down.set_value(None).run()  # what Escape sends
    assert db.get(key).workbook.exercise2.part1.domain == chosen
    assert at.selectbox(key="answer:exercise2.part1.domain").value == chosen, "the page shows it again"
    at.selectbox(key="answer:exercise2.part1.domain").set_value("__not_chosen__").run()
    assert db.get(key).workbook.exercise2.part1.domain is None, "clearing on purpose works"


def test_over_long_text_stays_in_the_box_and_says_how_much_is_over(db: WorkbookStore) -> None:
    at, key = open_page(db, "pages/exercise1.py", full_workbook())
    before = db.get(key).workbook.exercise1.facilitator_why
    at.text_area(key=WHY).input("x" * 5100).run()
    assert_healthy(at)
    assert db.get(key).workbook.exercise1.facilitator_why == before
    assert at.text_area(key=WHY).value == "x" * 5100
    assert "5,100 characters, 100 over the limit of 5,000" in texts(at)
    at.run()  # another run (e.g. another click) still shows what was typed
    assert at.text_area(key=WHY).value == "x" * 5100
    at.text_area(key=WHY).input("x" * 5000).run()
    assert db.get(key).workbook.exercise1.facilitator_why == "x" * 5000
    assert "Not saved" not in texts(at)


def test_a_failed_save_keeps_the_text_and_try_again_saves_it(db: WorkbookStore) -> None:
    """The database refuses writes (a trigger stands in for a full disk); reads still work."""
    at, key = open_page(db, "pages/exercise1.py", full_workbook())
    with db.engine.begin() as connection:
        connection.exec_driver_sql(
            "CREATE TRIGGER refuse BEFORE UPDATE ON workbooks BEGIN SELECT RAISE(ABORT, 'disk full'); END"
        )
    at.text_area(key=WHY).input("Typed while the disk was full").run()
    assert_healthy(at)
    assert "could not be reached" in texts(at) and "your text is still in the box" in texts(at)
    assert at.text_area(key=WHY).value == "Typed while the disk was full"
    assert db.get(key).workbook.exercise1.facilitator_why != "Typed while the disk was full"
    with db.engine.begin() as connection:
        connection.execute(sa.text("DROP TRIGGER refuse"))
    at.button(key="retry:exercise1.facilitator_why").click().run()
    assert db.get(key).workbook.exercise1.facilitator_why == "Typed while the disk was full"
    assert "Not saved" not in texts(at)


def test_an_answer_changed_in_another_tab_is_reported_and_mine_is_kept(db: WorkbookStore) -> None:
    at, key = open_page(db, "pages/exercise1.py", full_workbook())
    from ioi_core.store.edits import ANY, set_answer

    set_answer(db, key, ("exercise1", "facilitator_why"), "Theirs, *from* another tab", ANY)
    at.text_area(key=WHY).input("Mine").run()
    assert db.get(key).workbook.exercise1.facilitator_why == "Theirs, *from* another tab"
    assert "Theirs, *from* another tab" in texts(at) and at.text_area(key=WHY).value == "Mine"
    shown = "".join(e.value for e in at.error)
    assert (
        literal("Theirs, *from* another tab") in shown and "*from*" not in shown
    ), "their text shown as typed"
    at.button(key="retry:exercise1.facilitator_why").click().run()
    assert db.get(key).workbook.exercise1.facilitator_why == "Mine"


def test_creating_a_workbook_when_the_database_refuses_says_not_saved_and_keeps_the_form(
    db: WorkbookStore,
) -> None:
    from streamlit.testing.v1 import AppTest

    from tests.support.apptest import ROOT

    with db.engine.begin() as connection:
        connection.exec_driver_sql(
            "CREATE TRIGGER refuse BEFORE INSERT ON workbooks BEGIN SELECT RAISE(ABORT, 'disk full'); END"
        )
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    [t for t in at.text_input if t.label == "Title"][0].input("Friendship café plan")
    [b for b in at.button if b.label == "Create workbook"][0].click().run()
    assert_healthy(at)
    assert "Not saved:** Creating the workbook could not be done" in texts(at)
    assert [t for t in at.text_input if t.label == "Title"][0].value == "Friendship café plan"


def test_a_workbook_that_cannot_be_read_says_so_and_stays_open(db: WorkbookStore) -> None:
    at, key = open_page(db, "pages/exercise1.py", full_workbook())
    with db.engine.begin() as connection:  # a row that no longer validates (written before a rule)
        connection.execute(
            sa.text("UPDATE workbooks SET data = replace(data, :old, :new)"),
            {"old": '"facilitator":9', "new": '"facilitator":99'},
        )
    at.run()
    assert_healthy(at)
    assert "no longer validates" in texts(at)
    assert "No workbook is open" not in texts(at)
    assert at.query_params["wb"] == [key] or at.query_params["wb"] == key


def test_shortlisting_when_the_database_refuses_says_not_saved_and_changes_nothing(db: WorkbookStore) -> None:
    """The bank's Shortlist button goes through the same path as every change: no error page."""
    at, key = open_page(db, "pages/indicator_bank.py")
    first = load_content().indicators.indicators[0].id
    pick = next(m for m in at.multiselect if m.label.startswith("Indicators to shortlist"))
    pick.select(first).run()
    with db.engine.begin() as connection:
        connection.execute(
            sa.text(
                "CREATE TRIGGER refuse BEFORE UPDATE ON workbooks BEGIN SELECT RAISE(ABORT, 'disk full'); END"
            )
        )
    next(b for b in at.button if b.label == "Shortlist 1 selected").click().run()
    assert_healthy(at)
    assert "Not saved: the database could not be reached just now" in texts(at)
    assert db.get(key).workbook.shortlist == []
    with db.engine.begin() as connection:
        connection.execute(sa.text("DROP TRIGGER refuse"))
    pick = next(m for m in at.multiselect if m.label.startswith("Indicators to shortlist"))
    pick.select(first).run()
    next(b for b in at.button if b.label == "Shortlist 1 selected").click().run()
    assert db.get(key).workbook.shortlist == [first]
