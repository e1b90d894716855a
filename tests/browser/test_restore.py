"""Restore from Start's "Recent changes" in a real browser: an accidental wipe is one click to undo.
Asserted on the DATABASE (read through the app server's own store with the key from `?wb=`)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from ioi_core.model.questions import question
from tests.browser.db_helpers import answers, page_key, wait_for_db
from tests.browser.helpers import (
    choose_radio,
    click_option,
    create_workbook,
    fill,
    go_to,
    open_section,
    screenshot,
    wait_for_app,
)

pytestmark = pytest.mark.browser

EX1 = "Exercise 1 — Thinking with the framework"
# The pages label their answers from the catalogue of questions.
INTERVENTION = question("exercise1.intervention").label
DESCRIBE = question("exercise1.intervention_description").label
FACILITATOR = question("exercise1.facilitator").label
WHY = question("exercise1.facilitator_why").label


def recent_changes(page: Page) -> None:
    go_to(page, "Start")
    open_section(page, "Recent changes")


def test_wipe_an_answer_then_restore_it_and_then_the_whole_workbook(page: Page, app_server) -> None:
    create_workbook(page, app_server.url, "Restore journey")
    key = page_key(page)
    go_to(page, EX1)
    choose_radio(page, INTERVENTION, "My own intervention")
    fill(page, DESCRIBE, "A weekly conversation café, *every* Tuesday")
    choose_radio(page, FACILITATOR, "9. Language and communication")
    fill(page, WHY, "Confidence in English opens every other door")
    wait_for_db(
        app_server, key, ("exercise1", "facilitator_why"), "Confidence in English opens every other door"
    )
    before = answers(app_server, key)

    # The accidental wipe: the box cleared and left.
    box = page.get_by_label(DESCRIBE, exact=True).filter(visible=True).first
    box.fill("")
    box.press("Tab")
    wait_for_app(page)
    wait_for_db(app_server, key, ("exercise1", "intervention_description"), "")

    recent_changes(page)
    newest = page.locator('[class*="st-key-change-"]').first
    expect(newest).to_contain_text("Describe your intervention")
    expect(newest).to_contain_text("“A weekly conversation café, *every* Tuesday” → (empty)")  # as typed
    screenshot(page, "restore-recent-changes")
    newest.get_by_role("button", name="Restore this answer").click()
    wait_for_app(page)
    wait_for_db(
        app_server,
        key,
        ("exercise1", "intervention_description"),
        "A weekly conversation café, *every* Tuesday",
    )
    assert answers(app_server, key) == before
    expect(page.get_by_text("Restored: Exercise 1 · Describe your intervention")).to_be_visible()

    # The page shows the restored answer again.
    go_to(page, EX1)
    expect(page.get_by_label(DESCRIBE, exact=True).first).to_have_value(
        "A weekly conversation café, *every* Tuesday"
    )

    # Two more mistakes, then the whole workbook back to before the first of them.
    why = page.get_by_label(WHY, exact=True).filter(visible=True).first
    why.fill("")
    why.press("Tab")
    wait_for_app(page)
    wait_for_db(app_server, key, ("exercise1", "facilitator_why"), "")
    choose_radio(page, FACILITATOR, "10. Culture")
    wait_for_db(app_server, key, ("exercise1", "facilitator"), 10)  # version 9

    recent_changes(page)
    chooser = page.get_by_test_id("stSelectbox").filter(has_text="Change to undo")
    box = chooser.get_by_role("combobox")
    box.scroll_into_view_if_needed()  # inside the folded-out section, below the fold
    chooser.get_by_role("button", name="Open").click()
    expect(box).to_have_attribute("aria-expanded", "true")
    # Newest first, so the first match is the wipe (not the answer being typed earlier).
    click_option(page.get_by_role("option").filter(has_text=WHY).first)
    wait_for_app(page)
    expect(box).to_have_value(re.compile(r"Why this Facilitators domain\? \(change 8\)$"))
    restore = page.get_by_role("button", name="Restore the whole workbook")
    expect(restore).to_be_disabled()
    page.get_by_text("I understand every answer goes back to how it was before that change").click()
    wait_for_app(page)
    restore.click()
    wait_for_app(page)
    wait_for_db(app_server, key, ("exercise1", "facilitator"), 9)
    assert answers(app_server, key) == before
    expect(page.get_by_text("The whole workbook is back as it was before that change")).to_be_visible()
    screenshot(page, "restore-whole-workbook")
