"""Indicator bank: search, shortlist, and the shortlisted indicator is offered first in Exercise 2."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import wait_for_app
from tests.browser.helpers import create_workbook, go_to

pytestmark = pytest.mark.browser


def test_shortlisted_indicator_appears_in_exercise2_picker(page, app_server) -> None:
    create_workbook(page, app_server.url, "Bank journey")
    go_to(page, "Indicator bank")
    page.get_by_label("Search words").fill("supper club")  # nothing matches: a clear zero
    page.get_by_label("Search words").press("Enter")
    wait_for_app(page)
    expect(page.get_by_text("0 indicator(s)")).to_be_visible()
    page.get_by_label("Search words").fill("youth club")
    page.get_by_label("Search words").press("Enter")
    wait_for_app(page)
    expect(page.get_by_text("1 indicator(s)")).to_be_visible()
    box = page.get_by_label("Indicators to shortlist (from the results above)")
    box.click()
    page.get_by_role("option").first.click()
    page.keyboard.press("Escape")
    wait_for_app(page)
    page.get_by_role("button", name="Shortlist 1 selected").click()
    wait_for_app(page)
    expect(page.get_by_text("% of young people who attend a youth club", exact=False).last).to_be_visible()

    go_to(page, "Exercise 2 — Part 1 vs Part 2")
    box = page.get_by_label(
        "Use the Bank of Indicators of Integration (Annex 2) to find an appropriate Indicator to reflect this outcome. Which one have you chosen and why?",
        exact=True,
    )
    box.click()
    expect(page.get_by_role("option").first).to_contain_text("★ % of young people who attend a youth club")
