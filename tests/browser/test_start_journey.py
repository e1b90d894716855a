"""The first journey: create a workbook, type an answer, reload, and the answer is still there."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot, wait_for_app
from tests.browser.helpers import create_workbook, go_to

pytestmark = pytest.mark.browser


def test_created_workbook_survives_reload(page, app_server) -> None:
    """An answer typed into a new workbook is still there after a browser refresh."""
    url = create_workbook(page, app_server.url, "Friendship café")
    organisation = page.get_by_label("Organisation")
    organisation.fill("Anytown Council")
    organisation.press("Tab")  # leaving the box saves it
    expect(page.get_by_text("Saved")).to_be_visible()
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


def test_wrong_key_gets_a_clear_message(page, app_server) -> None:
    """Opening a link with a wrong key says so and opens nothing."""
    page.goto(f"{app_server.url}/?wb=not-a-real-key")
    wait_for_app(page)
    expect(page.get_by_text("No workbook matches that link or key").first).to_be_visible()
