"""Keyboard only: Exercise 1 completed and saved without touching the mouse."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from ioi_core.model.workbook import Workbook, WorkbookMeta
from ioi_core.store.db import make_engine
from ioi_core.store.migrate import upgrade
from ioi_core.store.workbooks import WorkbookStore
from tests.browser.helpers import wait_for_app

pytestmark = pytest.mark.browser


def tab_to(page, label: str, limit: int = 120) -> None:
    """Press Tab until the focused control is the one named `label` (as a screen reader would name it)."""
    script = """(label) => {
        const el = document.activeElement;
        if (!el) return false;
        const named = el.getAttribute('aria-label') || (el.labels && el.labels[0] && el.labels[0].innerText) || '';
        return named.trim().startsWith(label);
    }"""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(script, label):
            return
    raise AssertionError(f"could not reach '{label}' with the Tab key")


def test_exercise1_by_keyboard_alone(page, app_server) -> None:
    engine = make_engine(app_server.database_url)
    upgrade(engine)
    store = WorkbookStore(engine)
    key, _ = store.create(Workbook(meta=WorkbookMeta(title="Keyboard only")))
    page.goto(f"{app_server.url}/exercise1?wb={key}")
    wait_for_app(page)

    tab_to(page, "The guide's Friendship Club")
    page.keyboard.press("Space")
    wait_for_app(page)
    tab_to(page, "9. Language and communication")
    page.keyboard.press("Space")
    wait_for_app(page)
    tab_to(page, "Why this Facilitators domain?")
    page.keyboard.type("Language is what the club practises")
    page.keyboard.press("Tab")  # leaving the box saves it
    wait_for_app(page)
    tab_to(page, "6. Social bonds")
    page.keyboard.press("ArrowDown")  # arrow keys move the choice within a group
    wait_for_app(page)
    tab_to(page, "1. Work")
    page.keyboard.press("ArrowDown")
    wait_for_app(page)

    expect(page.get_by_text("Your red line links 3 domains")).to_be_visible()
    answers = store.get(key).workbook.exercise1
    assert answers.intervention == "friendship_club"
    assert answers.facilitator == 9 and answers.facilitator_why == "Language is what the club practises"
    assert answers.social_connection == 7 and answers.markers_and_means == 2
