"""A live workshop: a trainer and two participants in three browser contexts."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import choose_radio, go_to, screenshot, wait_for_app
from tests.browser.workshop_steps import join, new_page, trainer_code

pytestmark = pytest.mark.browser


def test_trainer_sees_the_room_and_reveals_the_example(browser, app_server) -> None:
    """Participants' choices reach the trainer's live view; the trainer's reveal reaches participants."""
    trainer_ctx, trainer = new_page(browser)
    trainer.goto(f"{app_server.url}/trainer")
    wait_for_app(trainer)
    trainer.get_by_label("Workshop title").fill("Browser workshop")
    trainer.get_by_role("button", name="Create workshop").click()
    expect(trainer.get_by_text("Your trainer key")).to_be_visible()
    code = trainer_code(trainer)
    expect(trainer.get_by_text("Nobody has joined yet.")).to_be_visible()

    a_ctx, amina = join(browser, app_server.url, code, "Amina")
    b_ctx, anon = join(browser, app_server.url, code, "")
    for page, domain in ((amina, "13. Stability"), (anon, "9. Language and communication")):
        go_to(page, "Exercise 1 — Thinking with the framework")
        choose_radio(page, "The one most important Facilitators domain", domain)

    # The live view refreshes itself every few seconds.
    expect(trainer.get_by_test_id("room-count")).to_have_text("2", timeout=30_000)
    screenshot(trainer, "trainer-live")

    expect(
        anon.get_by_text("The worked example appears once you have made your three Step 1 choices")
    ).to_be_visible()
    trainer.get_by_role("tab", name="Reveal, export, close").click()
    trainer.get_by_text("Exercise 1: the Friendship Club example").click()
    wait_for_app(trainer)
    anon.reload()
    wait_for_app(anon)
    expect(
        anon.get_by_text("is the group teaching newcomers about local cultural norms", exact=False)
    ).to_be_visible()
    for ctx in (trainer_ctx, a_ctx, b_ctx):
        ctx.close()


def test_wrong_code_is_refused(page, app_server) -> None:
    """A wrong join code gets a clear message and creates nothing."""
    page.goto(f"{app_server.url}/?join=ZZZZZZ")
    wait_for_app(page)
    page.get_by_role("button", name="Join workshop").click()
    expect(page.get_by_text("No workshop has that code")).to_be_visible()
    assert "wb=" not in page.url
