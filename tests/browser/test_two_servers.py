"""Two app servers sharing one PostgreSQL: the trainer on one, participants on the other."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import choose_radio, go_to, wait_for_app
from tests.browser.servers import start_server
from tests.browser.workshop_steps import join, new_page, trainer_code

pytestmark = pytest.mark.browser


def test_workshop_across_two_servers(browser, postgresql_url, tmp_path) -> None:
    """Nothing that matters lives in one server's memory: sessions need no stickiness."""
    process_a, server_a = start_server(postgresql_url, tmp_path / "a.log")
    process_b, server_b = start_server(postgresql_url, tmp_path / "b.log")
    try:
        trainer_ctx, trainer = new_page(browser)
        trainer.goto(f"{server_a.url}/trainer")
        wait_for_app(trainer)
        trainer.get_by_label("Workshop title").fill("Two servers")
        trainer.get_by_role("button", name="Create workshop").click()
        expect(trainer.get_by_text("Your trainer key")).to_be_visible()
        code = trainer_code(trainer)

        contexts = [trainer_ctx]
        for name, domain in (("Amina", "13. Stability"), ("Ben", "10. Culture")):
            ctx, participant = join(browser, server_b.url, code, name)
            contexts.append(ctx)
            go_to(participant, "Exercise 1 — Thinking with the framework")
            choose_radio(participant, "The one most important Facilitators domain", domain)
        expect(trainer.get_by_test_id("room-count")).to_have_text("2", timeout=30_000)
        for ctx in contexts:
            ctx.close()
    finally:
        for process in (process_a, process_b):
            process.terminate()
            process.wait(timeout=10)
