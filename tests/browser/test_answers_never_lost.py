"""Issue 13, "How it is checked": one real-browser test per way answers were lost, each asserting on
the DATABASE (read from the test process through the app server's own store), not only on the screen.

The contract these tests hold the app to:
- after any sequence of clicks every answer widget shows the stored value, and one user action changes
  at most the answer it was made in; an empty value is stored only when the person cleared the box;
- a status line near the top of every workbook page (`st-key-save-status`) says "All changes saved"
  or "Not saved: <reason> — your text is still in the box." with "Try again" / "Discard my change";
- over-long input keeps the text, says how much is over, and changes nothing stored;
- a searchable drop-down keeps its saved choice on Escape;
- a failed save never replaces the page and never loses what was typed;
- every answer (table cells, agreements, evaluation fields and readings included) saves as it is
  entered, without a Save button.
"""

from __future__ import annotations

import re
import subprocess
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from ioi_core.content import load_content
from tests.browser.conftest import screenshot, start_server, wait_for_app
from tests.browser.db_helpers import (
    answers,
    changed_paths,
    db_value,
    page_key,
    seed,
    wait_for_db,
)
from tests.browser.helpers import (
    choose_option,
    choose_radio,
    create_workbook,
    fast_menu_click,
    fill,
    go_to,
    open_section,
    open_tab,
    save_status,
)

pytestmark = pytest.mark.browser

PACK = load_content()
EX1 = "Exercise 1 — Thinking with the framework"
EX2 = "Exercise 2 — Part 1 vs Part 2"
WHY = "Why this one?"
TYPE_LABELS = [
    f"The one most important {PACK.types_by_id[t].name} domain" for t in PACK.exercise1.type_order
]
WHY_FIELDS = ["facilitator_why", "social_connection_why", "markers_and_means_why"]
CHOICE_FIELDS = ["facilitator", "social_connection", "markers_and_means"]
RIGHTS_LABEL = "Primary Rights and Responsibilities indicators (domain 14)"
RIGHTS_CUSTOM = "None fits? Write your own rights or responsibilities indicator"
DESCRIBE = "Describe your intervention (a sentence or two is enough)"
DOMAIN_Q = "Which domain is most relevant to this problem?"
INDICATOR_Q1 = (
    "Use the Bank of Indicators of Integration (Annex 2) to find an appropriate Indicator to reflect this "
    "outcome. Which one have you chosen and why?"
)


def domain_label(number: int) -> str:
    return f"{number}. {PACK.domain(number).name}"


def indicator_text(ref: str) -> str:
    return PACK.indicators_by_id[ref].text


FULL_EXERCISE1: dict[str, Any] = {
    "intervention": "own",
    "intervention_description": "A weekly conversation café in the library",
    "facilitator": 9,
    "facilitator_why": "Language opens every other door",
    "social_connection": 7,
    "social_connection_why": "Neighbours of all backgrounds meet there",
    "markers_and_means": 5,
    "markers_and_means_why": "Leisure is where people relax together",
    "rights_indicators": ["s-rig-01", "s-rig-03"],
    "rights_custom": "% of newcomers who know where to get free legal advice",
    "example_revealed": False,
}


def seed_exercise1(app_server, key: str, values: dict[str, Any] = FULL_EXERCISE1) -> None:
    def change(wb) -> None:
        for field, value in values.items():
            setattr(wb.exercise1, field, value)

    seed(app_server, key, change)


# --- what the screen shows -------------------------------------------------------------------------


def checked_option(page: Page, group_label: str) -> str | None:
    """The text of the checked option in a radio group (None when nothing is checked)."""
    group = page.get_by_role("radiogroup", name=group_label).filter(visible=True).first
    checked = group.locator("label").filter(has=page.locator("input:checked"))
    return checked.first.inner_text().strip() if checked.count() else None


def multiselect_chips(page: Page, label: str) -> list[str]:
    widget = page.get_by_test_id("stMultiSelect").filter(has_text=label).first
    tags = widget.locator(".react-aria-ComboBox [data-tag]")
    return [(tags.nth(i).get_attribute("aria-label") or "").strip() for i in range(tags.count())]


def selectbox_shows(page: Page, label: str) -> str:
    """The text a drop-down shows as its value (its placeholder when nothing is chosen)."""
    widget = page.get_by_test_id("stSelectbox").filter(has_text=label).first
    return widget.locator('[data-baseweb="select"]').inner_text().strip()


def shown_exercise1(page: Page) -> dict[str, Any]:
    """Exercise 1's answers as the browser draws them, in the workbook's own terms."""
    shown: dict[str, Any] = {}
    own = checked_option(page, "Which intervention will you think through?")
    shown["intervention"] = {"My own intervention": "own", "The guide's Friendship Club": "friendship_club"}.get(
        own or "", None
    )
    describe = page.get_by_label(DESCRIBE, exact=True)
    shown["intervention_description"] = describe.input_value() if describe.count() else None
    for label, field in zip(TYPE_LABELS, CHOICE_FIELDS, strict=True):
        text = checked_option(page, label)
        shown[field] = int(text.split(".")[0]) if text else None
    whys = page.get_by_label(WHY, exact=True)
    for n, field in enumerate(WHY_FIELDS):
        shown[field] = whys.nth(n).input_value()
    chips = multiselect_chips(page, RIGHTS_LABEL)
    bank14 = [i for i in PACK.indicators.indicators if i.domain == 14]
    shown["rights_indicators"] = [
        next((i.id for i in bank14 if chip.startswith(i.text[:40])), f"?{chip}") for chip in chips
    ]
    shown["rights_custom"] = page.get_by_label(RIGHTS_CUSTOM, exact=True).input_value()
    return shown


def exercise1_answers(app_server, key: str) -> dict[str, Any]:
    stored = answers(app_server, key)["exercise1"]
    return {k: v for k, v in stored.items() if k != "example_revealed"}


def without_flag(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if k != "example_revealed"}


def type_into(page: Page, box, text: str) -> None:
    """Click into a box, select what is there and type over it (the cursor stays in the box)."""
    box.click()
    box.press("Control+a")
    page.keyboard.type(text, delay=5)


# --- 1. menu click while a box has the cursor -------------------------------------------------------


def test_menu_click_while_a_box_has_the_cursor_loses_nothing(page, app_server) -> None:
    """A fast menu click while a "Why this one?" box has the cursor, then back and another action,
    leaves every widget showing the stored value and changes only the answers the person changed."""
    create_workbook(page, app_server.url, "Menu while focused")
    key = page_key(page)
    seed_exercise1(app_server, key)
    model = without_flag(FULL_EXERCISE1)
    go_to(page, EX1)
    assert shown_exercise1(page) == model

    elsewhere = ["Barriers", "Your Theory of Change", EX2, "Stakeholders", "Start"]
    problems: list[str] = []
    for round_ in range(5):
        # Type in a "Why this one?" box and, with the cursor still in it, click the menu fast.
        field = WHY_FIELDS[round_ % 3]
        typed = f"Round {round_}: why {field} matters"
        type_into(page, page.get_by_label(WHY, exact=True).nth(round_ % 3), typed)
        model[field] = typed
        fast_menu_click(page, elsewhere[round_ % len(elsewhere)])
        go_to(page, EX1)

        shown = shown_exercise1(page)
        stored = exercise1_answers(app_server, key)
        if shown != stored:
            screenshot(page, f"menu-while-focused-round{round_}-screen-differs")
            problems.append(
                f"round {round_}: the page shows {sorted((k, v) for k, v in shown.items() if stored.get(k) != v)}"
                f" but the database holds {sorted((k, v) for k, v in stored.items() if shown.get(k) != v)}"
            )

        # The next action: alternately a radio and a text box left with Tab.
        if round_ % 2 == 0:
            number = [9, 10][round_ // 2 % 2]
            choose_radio(page, TYPE_LABELS[0], domain_label(number))
            model["facilitator"] = number
        else:
            text = f"Round {round_}: my own rights indicator"
            fill(page, RIGHTS_CUSTOM, text)
            model["rights_custom"] = text
        stored = exercise1_answers(app_server, key)
        if stored != model:
            screenshot(page, f"menu-while-focused-round{round_}-database-differs")
            lost = {k: (model[k], stored.get(k)) for k in model if stored.get(k) != model[k]}
            problems.append(f"round {round_}: after the next action the database differs: {lost} (wanted, stored)")
            pytest.fail("Answers lost:\n" + "\n".join(problems))
    screenshot(page, "menu-while-focused-after")
    assert not problems, "\n".join(problems)
    assert shown_exercise1(page) == exercise1_answers(app_server, key) == model
