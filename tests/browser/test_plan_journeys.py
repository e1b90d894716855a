"""Theory of Change, stakeholders, barriers and evaluation, each end to end in a real browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import (
    choose_radio,
    create_workbook,
    fill,
    go_to,
    open_section,
    open_tab,
    screenshot,
    wait_for_app,
)

pytestmark = pytest.mark.browser


def test_theory_of_change_builds_a_results_chain(page, app_server) -> None:
    """The six steps save, a target needs an indicator, and the chain diagram shows the answers."""
    create_workbook(page, app_server.url, "ToC journey")
    go_to(page, "Your Theory of Change")
    fill(page, "The barrier to integration in this case is…", "Caring duties keep women from class")
    page.get_by_role("button", name="Next: 2. Evidence").click()
    wait_for_app(page)
    fill(page, "What kind of evidence?", "Attendance registers")
    open_tab(page, "4. Targets")
    page.get_by_role("button", name="Add target").click()
    expect(page.get_by_text("Choose an indicator for the target first.")).to_be_visible()
    open_tab(page, "Results chain")
    fill(page, "1 · Goal", "Confidence to use English every day")
    fill(page, "4 · Activities", "Weekly language café")
    expect(page.get_by_text("Goal: Confidence to use English every day", exact=False)).to_be_visible()
    expect(page.get_by_test_id("stGraphVizChart")).to_be_visible()
    page.reload()
    wait_for_app(page)
    expect(page.get_by_label("The barrier to integration in this case is…")).to_have_value(
        "Caring duties keep women from class"
    )
    open_tab(page, "2. Evidence")
    expect(page.get_by_label("What kind of evidence?")).to_have_value("Attendance registers")
    screenshot(page, "theory-of-change")


def test_stakeholders_barriers_and_principles(page, app_server) -> None:
    """Starting rows draw the power-interest chart; a barrier note saves; the principles check reacts."""
    create_workbook(page, app_server.url, "Plan journey")
    go_to(page, "Principles check")
    expect(page.get_by_text("No stakeholders listed yet")).to_be_visible()
    go_to(page, "Stakeholders")
    page.get_by_role("button", name="Add the guide's six examples").click()
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Power and interest")).to_be_visible()
    expect(page.get_by_text("In words:", exact=False)).to_be_visible()
    open_tab(page, "The five things to agree")
    open_section(page, "Desired integration outcomes")
    fill(page, "What was agreed", "Women practise English outside class")  # saved on leaving the box
    expect(page.get_by_text("Agreed so far: 1 of 5.")).to_be_visible()
    go_to(page, "Barriers")
    open_section(page, "Resources (inc. Time)")
    fill(page, "What challenges are there in your organisation?", "Nobody owns integration")
    choose_radio(page, "How much of a barrier is this for you?", "High")
    expect(page.get_by_text("high priority", exact=False)).to_be_visible()
    go_to(page, "Principles check")
    expect(page.get_by_text("No stakeholders listed yet")).to_have_count(0)
    expect(page.get_by_text("Newcomers are not involved at design")).to_be_visible()


def test_evaluation_readings_from_pasted_csv(page, app_server) -> None:
    """An outcome is planned; pasted readings with a bad row change nothing; good ones draw the gap."""
    create_workbook(page, app_server.url, "Evaluation journey")
    go_to(page, "Evaluation and measuring change")
    page.get_by_role("button", name="Add an outcome").click()
    wait_for_app(page)
    fill(page, "Stated outcome", "Regular conversations with local speakers")
    open_tab(page, "Measuring change")
    paste = page.get_by_label("…or paste CSV here")
    paste.fill("group,when,value\nNewcomers,Q1,lots\n")
    page.get_by_role("button", name="Add these readings").click()
    wait_for_app(page)
    expect(page.get_by_text("Row 2: value 'lots' is not a number.")).to_be_visible()
    page.get_by_label("…or paste CSV here").fill(
        "group,when,value\nNewcomers,Q1,20\nSettled residents,Q1,55\nNewcomers,Q2,40\nSettled residents,Q2,57\n"
    )
    page.get_by_role("button", name="Add these readings").click()
    wait_for_app(page)
    open_tab(page, "Measuring change")
    expect(page.get_by_text("Gap between groups", exact=False)).to_be_visible()
    expect(page.get_by_text("At Q2, Settled residents read 17 above Newcomers.", exact=False)).to_be_visible()
    screenshot(page, "evaluation")
