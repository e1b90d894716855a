"""Steps of a live workshop in real browsers: a trainer starts one, participants join it by code."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import expect

from ioi_core.store.db import make_engine
from ioi_core.store.workbooks import WorkbookStore
from tests.browser.helpers import wait_for_app

PROBLEM_LABEL = "What's the integration problem you identify?"
PUSH_SECONDS = 10  # the bound; the live checks run every 3 s


def new_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    return context, page


def trainer_code(trainer) -> str:
    """The join code as the trainer's control view states it ("Join code K7M2QX · …")."""
    line = trainer.get_by_test_id("stMarkdown").filter(has_text="Join code").first.inner_text()
    found = re.search(r"Join code ([A-HJ-NP-Z2-9]{6})", line)
    assert found, line
    return found.group(1)


def join(browser, base_url: str, code: str, name: str):
    context, page = new_page(browser)
    page.goto(f"{base_url}/?join={code}")
    wait_for_app(page)
    expect(page.get_by_label("Workshop code")).to_have_value(code)
    if name:
        page.get_by_label("Your name (optional — leave blank to stay anonymous)").fill(name)
    page.get_by_role("button", name="Join workshop").click()
    expect(page.get_by_text("Workbook created")).to_be_visible()
    wait_for_app(page)
    return context, page


def start_workshop(browser, app_server, title: str):
    """The trainer creates a workshop, acknowledges the key, opens the projector in a second tab."""
    ctx, trainer = new_page(browser)
    trainer.goto(f"{app_server.url}/trainer")
    wait_for_app(trainer)
    trainer.get_by_label("Workshop title").fill(title)
    trainer.get_by_role("button", name="Create workshop").click()
    expect(trainer.get_by_text("Your trainer key")).to_be_visible()
    key_text = trainer.get_by_test_id("stCode").first.inner_text().strip()
    assert len(key_text) >= 32
    trainer.get_by_role("button", name=re.compile("I have saved my key")).click()
    wait_for_app(trainer)
    expect(trainer.get_by_text("Your trainer key")).to_have_count(0)
    assert key_text not in trainer.content() and key_text not in trainer.url
    code = trainer_code(trainer)
    with ctx.expect_page() as opened:
        trainer.get_by_role("link", name="Open the projector view").click()
    projector = opened.value
    projector.set_default_timeout(20_000)
    wait_for_app(projector)
    expect(projector.get_by_label("Join code")).to_have_text(code)
    assert key_text not in projector.content() and "trainer" not in projector.url
    return ctx, trainer, projector, code, key_text


def db(app_server) -> WorkbookStore:
    """The app server's database, opened from the test process."""
    return WorkbookStore(make_engine(app_server.database_url))


def wb_key(page) -> str:
    """The key of the workbook a page has open (its `?wb=`)."""
    return parse_qs(urlparse(page.url).query)["wb"][0]
