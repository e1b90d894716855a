"""Tables in real browsers: the trainer adds tables, people join one (from the link, or by typing the
code), two people at one table type different answers at the same time and both are in the database;
each sees the other's answer on a click; the projector compares the tables side by side."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.db_helpers import page_key, wait_for_db
from tests.browser.helpers import go_to, screenshot, wait_for_app
from tests.browser.workshop_steps import PUSH_SECONDS, new_page, start_workshop

pytestmark = pytest.mark.browser

PROBLEM = ("exercise2", "part1", "problem")
INITIATIVE = ("exercise2", "part1", "initiative")
PROBLEM_LABEL = "What's the integration problem you identify?"
INITIATIVE_LABEL = "What initiative would you suggest to address this problem?"


def add_table(trainer, name: str) -> None:
    trainer.get_by_label("Table name").fill(name)
    trainer.get_by_role("button", name="Add table").click()
    wait_for_app(trainer)
    expect(trainer.get_by_role("tabpanel", name="Tables").get_by_text(name, exact=True)).to_be_visible()


def join_table(browser, base_url: str, code: str, name: str, table: str, *, from_link: bool = True):
    context, page = new_page(browser)
    page.goto(f"{base_url}/?join={code}" if from_link else base_url)
    wait_for_app(page)
    if not from_link:
        page.get_by_role("tab", name="Join a workshop").click()
        page.get_by_label("Workshop code").fill(code)
    page.get_by_label("Your name (optional — leave blank to stay anonymous)").fill(name)
    if not from_link:
        # A typed code of a workshop with tables asks where they sit first; the name typed stays.
        page.get_by_role("button", name="Join workshop").click()
        expect(page.get_by_text("This workshop has tables")).to_be_visible()
        expect(page.get_by_label("Your name (optional — leave blank to stay anonymous)")).to_have_value(name)
    page.get_by_text(f"At {table}", exact=True).click()
    page.get_by_role("button", name="Join workshop").click()
    expect(page.get_by_text(f"You are at {table}.")).to_be_visible()
    wait_for_app(page)
    return context, page


def box(page, label: str):
    return page.get_by_label(label, exact=True).filter(visible=True).first


def test_two_people_at_a_table_type_at_once_and_both_answers_are_saved(browser, app_server) -> None:
    ctx, trainer, projector, code, trainer_key = start_workshop(browser, app_server, "Tables room")
    trainer.get_by_role("tab", name="Tables").click()
    add_table(trainer, "Blue")
    add_table(trainer, "Green")

    a_ctx, amina = join_table(browser, app_server.url, code, "Amina", "Blue")
    b_ctx, ben = join_table(browser, app_server.url, code, "Ben", "Blue")
    c_ctx, cara = join_table(browser, app_server.url, code, "Cara", "Green", from_link=False)
    key = page_key(amina)
    assert page_key(ben) == key != page_key(cara)  # one workbook per table

    for page in (amina, ben):
        go_to(page, "Exercise 2 — Part 1 vs Part 2")
    # Both type at the same time (neither box committed yet), then both leave their box.
    box(amina, PROBLEM_LABEL).fill("Few chances to practise English")
    box(ben, INITIATIVE_LABEL).fill("A weekly conversation café")
    box(amina, PROBLEM_LABEL).press("Tab")
    box(ben, INITIATIVE_LABEL).press("Tab")
    wait_for_db(app_server, key, PROBLEM, "Few chances to practise English")
    wait_for_db(app_server, key, INITIATIVE, "A weekly conversation café")

    # Amina did not click: her page says the table saved answers; one click shows Ben's.
    expect(amina.get_by_text("Someone at your table saved answers.")).to_be_visible(
        timeout=PUSH_SECONDS * 1000
    )
    amina.get_by_role("button", name="Show their answers").click()
    wait_for_app(amina)
    expect(box(amina, INITIATIVE_LABEL)).to_have_value("A weekly conversation café")
    expect(box(amina, PROBLEM_LABEL)).to_have_value("Few chances to practise English")

    # Cara's table answers; the projector compares the tables without anyone clicking there.
    go_to(cara, "Exercise 2 — Part 1 vs Part 2")
    box(cara, PROBLEM_LABEL).fill("Isolation after arrival")
    box(cara, PROBLEM_LABEL).press("Tab")
    wait_for_db(app_server, page_key(cara), PROBLEM, "Isolation after arrival")
    compared = projector.locator(".st-key-room-tables")
    expect(
        compared.get_by_text("Tables side by side").or_(projector.get_by_text("Tables side by side"))
    ).to_be_visible(timeout=PUSH_SECONDS * 1000)
    expect(compared.locator("th", has_text="Blue")).to_be_visible(timeout=PUSH_SECONDS * 1000)
    expect(compared.locator("th", has_text="Green")).to_be_visible()
    expect(projector.get_by_test_id("room-count")).to_have_text("3", timeout=PUSH_SECONDS * 1000)
    assert trainer_key not in projector.content()

    # The trainer's people table names each table and who sits at it.
    trainer.get_by_role("tab", name="The room, live").click()
    # (the data grid draws on a canvas; its cells are in the page for screen readers)
    expect(trainer.get_by_text(re.compile(r"Blue \(shared: Amina, Ben\)"))).to_be_attached(
        timeout=PUSH_SECONDS * 1000
    )
    screenshot(projector, "projector-tables")
    # The room's title sits below Streamlit's header bar, not under it (it was clipped at the top).
    title = projector.get_by_role("heading", level=1).first.bounding_box()
    header = projector.get_by_test_id("stHeader").bounding_box()
    assert title and header and title["y"] >= header["y"] + header["height"] - 1, (title, header)
    for context in (a_ctx, b_ctx, c_ctx, ctx):
        context.close()
