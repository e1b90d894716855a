"""The first journey: create a workbook, type an answer, reload, and the answer is still there."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import create_workbook, go_to, screenshot, wait_for_app

pytestmark = pytest.mark.browser


def test_created_workbook_survives_reload(page, app_server) -> None:
    """An answer typed into a new workbook is still there after a browser refresh."""
    url = create_workbook(page, app_server.url, "Friendship café")
    organisation = page.get_by_label("Organisation")
    organisation.fill("Anytown Council")
    organisation.press("Tab")  # leaving the box saves it
    expect(page.locator(".st-key-save-status")).to_contain_text("All changes saved")
    wait_for_app(page)
    screenshot(page, "start-with-workbook")

    page.reload()
    wait_for_app(page)
    expect(page.get_by_label("Organisation")).to_have_value("Anytown Council")
    assert page.url == url


def test_refresh_after_navigation_keeps_the_workbook(page, app_server) -> None:
    """Changing page through the menu and then refreshing does not lose the open workbook."""
    create_workbook(page, app_server.url, "Navigation check")
    go_to(page, "The framework")
    expect(page.get_by_role("heading", name="The framework")).to_be_visible()
    expect(page).to_have_url(re.compile(r"wb="))
    page.reload()
    wait_for_app(page)
    expect(page.get_by_text("Open workbook: Navigation check")).to_be_visible()
    # The sidebar's "Link to come back" gives the same link from any page.
    key = re.search(r"wb=([^&]+)", page.url).group(1)
    page.get_by_role("button", name="Link to come back").click()
    wait_for_app(page)
    link = page.get_by_test_id("stPopoverBody").get_by_text(re.compile(rf"\?wb={re.escape(key)}$"))
    expect(link).to_be_visible()
    screenshot(page, "link-to-come-back")


def test_wrong_key_gets_a_clear_message(page, app_server) -> None:
    """Opening a link with a wrong key says so and opens nothing."""
    page.goto(f"{app_server.url}/?wb=not-a-real-key")
    wait_for_app(page)
    expect(page.get_by_text("No workbook matches that link or key").first).to_be_visible()


def test_a_deep_link_as_the_first_request_opens_inside_the_app(browser, tmp_path) -> None:
    """A bookmarked page link, first thing after the server starts, still gets the app's sidebar."""
    from ioi_core.model.workbook import Workbook, WorkbookMeta
    from ioi_core.store.db import make_engine
    from ioi_core.store.migrate import upgrade
    from ioi_core.store.workbooks import WorkbookStore
    from tests.browser.servers import start_server

    url = f"sqlite:///{tmp_path / 'deep.db'}"
    engine = make_engine(url)
    upgrade(engine)
    key, _ = WorkbookStore(engine).create(Workbook(meta=WorkbookMeta(title="Deep link")))
    process, server = start_server(url, tmp_path / "deep.log")
    try:
        context = browser.new_context()
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.goto(f"{server.url}/exercise1?wb={key}")
        wait_for_app(page)
        expect(page.get_by_role("heading", name="Exercise 1 — Thinking with the framework")).to_be_visible()
        expect(page.get_by_text("Open workbook: Deep link")).to_be_visible()
        assert "page=" not in page.url and f"wb={key}" in page.url
        context.close()
    finally:
        process.terminate()
        process.wait(timeout=10)
