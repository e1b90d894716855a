"""Every page under Streamlit's AppTest: alone with no workbook, and inside the app with one open."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ioi_core.model.workbook import Workbook, WorkbookMeta
from ioi_core.store.db_check import stored_rows
from ioi_core.store.workbooks import WorkbookStore
from tests.fixtures.sample_workbook import full_workbook
from tests.support.apptest import assert_healthy, open_tab, texts
from tests.support.page_walk import LAZY_TABS

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))
TIMEOUT = 60


@pytest.mark.parametrize("page", PAGES)
def test_page_alone_renders_and_says_what_to_do(page: str, db: WorkbookStore) -> None:
    at = AppTest.from_file(str(ROOT / page), default_timeout=TIMEOUT).run()
    assert_healthy(at)
    assert at.title, f"{page} has no title"


@pytest.mark.parametrize("page", PAGES)
def test_page_in_app_with_a_workbook_open(page: str, db: WorkbookStore) -> None:
    key, _ = db.create(Workbook(meta=WorkbookMeta(title="Language café")))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.query_params["wb"] = key
    at.run()
    assert "**Open workbook:** Language café" in texts(at)  # the shared sidebar
    at.switch_page(page).run()
    assert_healthy(at)
    assert "No workbook is open" not in texts(at)


def test_start_creates_a_workbook_and_shows_its_link(db: WorkbookStore) -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT).run()
    at.text_input[0].input("Friendship café")
    at.button[0].click().run()
    assert_healthy(at)
    assert "Workbook created" in texts(at)
    key = at.query_params["wb"]
    key = key[0] if isinstance(key, list) else key
    assert db.get(key).workbook.meta.title == "Friendship café"
    assert any(f"?wb={key}" in c.value for c in at.code)


def test_start_refuses_an_empty_title(db: WorkbookStore) -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT).run()
    at.text_input[0].input("   ")
    at.button[0].click().run()
    assert "Give the workbook a title" in texts(at)
    assert list(stored_rows(db.engine)) == []


def test_start_reopens_by_link_and_refuses_a_wrong_key(db: WorkbookStore) -> None:
    key, _ = db.create(Workbook(meta=WorkbookMeta(title="Reopen me")))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT).run()
    reopen_box = [t for t in at.text_input if t.label == "Your workbook link or key"][0]
    reopen_box.input("http://example.org/?wb=wrong")
    at.button[1].click().run()
    assert "No workbook matches" in texts(at)
    [t for t in at.text_input if t.label == "Your workbook link or key"][0].input(
        f"http://localhost:8501/?wb={key}"
    )
    at.button[1].click().run()
    assert_healthy(at)
    assert "Reopen me" in texts(at)


def test_start_shows_progress_and_saves_title_edits(db: WorkbookStore) -> None:
    key, _ = db.create(Workbook(meta=WorkbookMeta(title="Old title")))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.query_params["wb"] = key
    at.run()
    assert "0 of 7 exercises done" in at.get("progress")[0].proto.text
    at.text_input(key="answer:meta.title").input("New title").run()
    assert db.get(key).workbook.meta.title == "New title"


def test_delete_needs_confirmation_and_removes_the_workbook(db: WorkbookStore) -> None:
    key, _ = db.create(Workbook(meta=WorkbookMeta(title="Delete me")))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.query_params["wb"] = key
    at.run()
    delete = [b for b in at.button if b.label == "Delete workbook"][0]
    assert delete.disabled
    at.checkbox[0].check().run()
    [b for b in at.button if b.label == "Delete workbook"][0].click().run()
    assert list(stored_rows(db.engine)) == []


@pytest.mark.parametrize("page", sorted(LAZY_TABS))
def test_each_tab_draws_alone_and_works_with_a_full_workbook(page: str, db: WorkbookStore) -> None:
    key, _ = db.create(full_workbook())
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.query_params["wb"] = key
    at.run()
    at.switch_page(page).run()
    labels = [tab.label for tab in at.tabs]
    assert len(labels) >= 2
    for label in labels:
        open_tab(at, LAZY_TABS[page], label)
        assert_healthy(at)
        drawn = {tab.label: len(tab.children) for tab in at.tabs}
        assert drawn[label] > 0, f"{label!r} drew nothing"
        assert [name for name, count in drawn.items() if count and name != label] == []


def test_every_page_file_is_in_the_menu_once(db: WorkbookStore) -> None:
    from ioi_ui.navigation import MENU

    in_menu = [file for _, pages in MENU for file, _, _ in pages]
    assert sorted(in_menu) == PAGES


def test_pages_made_once_serve_several_sessions_and_reruns(db: WorkbookStore) -> None:
    """The menu's pages are made once per process; each session's runs get copies that work."""
    sessions = [AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT) for _ in range(2)]
    for _ in range(2):
        for at in sessions:
            at.run()
            assert_healthy(at)
            assert at.title[0].value == "IOI Workbook"


def test_sidebar_link_to_come_back_runs_only_when_opened(db: WorkbookStore) -> None:
    """Its contents (checked opened in the browser journey) are not drawn on every rerun."""
    key, _ = db.create(Workbook(meta=WorkbookMeta(title="Language café")))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.query_params["wb"] = key
    at.run()
    assert "**Open workbook:** Language café" in texts(at)
    assert "Bookmark this page or keep this link" not in texts(at)
    assert at.session_state["sidebar-link"] is False


@pytest.mark.parametrize("asked", ["exercise1", "../app", "sample_workbook", "../ioi_core/cli", "nope"])
def test_a_page_named_in_the_link_opens_only_if_it_is_in_the_menu(asked: str, db: WorkbookStore) -> None:
    """`?page=` is looked up in the menu's list, never joined to a file path."""
    key, _ = db.create(Workbook(meta=WorkbookMeta(title="Deep link")))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.query_params["wb"] = key
    at.query_params["page"] = asked
    at.run()
    assert_healthy(at)
    title = at.title[0].value if at.title else ""
    assert (title.startswith("Exercise 1")) == (asked == "exercise1"), title
