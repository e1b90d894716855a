"""Indicator bank: search, shortlist, and the shortlisted indicator is offered first in Exercise 2."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import create_workbook, go_to, wait_for_app

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
    # The page opens with the guide's advice above the results: a click while scrolling opens nothing.
    box.scroll_into_view_if_needed()
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
    box.fill("youth club")
    expect(page.get_by_role("option").first).to_contain_text("★ % of young people who attend a youth club")


def test_import_a_toolkit_file_then_shortlist_from_it(page, app_server, tmp_path) -> None:
    """A toolkit-like .xlsx is previewed, mapped, imported for the workbook, found and shortlisted."""
    from tests.support.bank_files import toolkit_xlsx

    path = tmp_path / "toolkit.xlsx"
    path.write_bytes(toolkit_xlsx())
    create_workbook(page, app_server.url, "Import journey")
    go_to(page, "Indicator bank")
    page.get_by_test_id("stFileUploaderDropzoneInput").last.set_input_files(str(path))
    wait_for_app(page)
    expect(page.get_by_text("All 4 indicator(s) are valid.")).to_be_visible()
    page.get_by_role("button", name="Import 4 indicator(s)").click()
    wait_for_app(page)
    expect(page.get_by_text("Imported 4 indicator(s); 0 were already in the bank.")).to_be_visible()
    page.get_by_label("Search words").fill("registered GP")
    page.get_by_label("Search words").press("Enter")
    wait_for_app(page)
    expect(page.get_by_text("2 indicator(s)")).to_be_visible()  # the imported one and a starter one
    shortlist_box = page.get_by_label("Indicators to shortlist (from the results above)")
    shortlist_box.scroll_into_view_if_needed()
    shortlist_box.click()
    page.get_by_role("option", name="% registered with a GP (imported from a bank file)").click()
    page.keyboard.press("Escape")
    wait_for_app(page)
    page.get_by_role("button", name="Shortlist 1 selected").click()
    wait_for_app(page)
    go_to(page, "Exercise 2 — Part 1 vs Part 2")
    picker = page.get_by_label(
        "Use the Bank of Indicators of Integration (Annex 2) to find an appropriate Indicator to reflect this outcome. Which one have you chosen and why?",
        exact=True,
    )
    picker.click()
    picker.fill("registered with a GP")
    expect(page.get_by_role("option").first).to_contain_text(
        "% registered with a GP (imported from a bank file) — domain 4"
    )
