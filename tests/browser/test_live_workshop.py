"""A live workshop in real browsers: the trainer's controls in one context, the projector in a second
tab of it, participants in their own contexts. Nobody clicks to receive an update."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import go_to, screenshot, wait_for_app
from tests.browser.workshop_steps import PROBLEM_LABEL, PUSH_SECONDS, db, join, start_workshop, wb_key

pytestmark = pytest.mark.browser


def test_projector_and_participants_update_without_a_click(browser, app_server) -> None:
    """Answers reach the projector's wall once approved, per answer; an edit takes one off again;
    a reveal reaches a participant who does not click; charts and counts update by themselves."""
    ctx, trainer, projector, code, trainer_key = start_workshop(browser, app_server, "Live room")
    a_ctx, amina = join(browser, app_server.url, code, "Amina")
    b_ctx, ben = join(browser, app_server.url, code, "Ben")
    expect(projector.get_by_test_id("room-count")).to_have_text("2", timeout=PUSH_SECONDS * 1000)

    for page, text in ((amina, "Few chances to practise English"), (ben, "Isolation after arrival")):
        go_to(page, "Exercise 2 — Part 1 vs Part 2")
        box = page.get_by_label(PROBLEM_LABEL, exact=True).filter(visible=True).first
        box.fill(text)
        box.press("Tab")
        wait_for_app(page)

    # The trainer picks the wall's question; both answers arrive there without a click, unreviewed.
    trainer.get_by_role("tab", name="Answer wall").click()
    trainer.get_by_label("Question on the wall").click()
    trainer.get_by_role("option", name=re.compile("integration problem you identify")).first.click()
    expect(trainer.get_by_text("Few chances to practise English")).to_be_visible(timeout=PUSH_SECONDS * 1000)
    expect(trainer.get_by_text("Isolation after arrival")).to_be_visible()
    expect(projector.get_by_text("No answers on the wall yet.")).to_be_visible(timeout=PUSH_SECONDS * 1000)

    # Show one answer: only that one reaches the projector.
    amina_card = trainer.locator("[class*='st-key-wall-card-']").filter(
        has_text="Few chances to practise English"
    )
    amina_card.get_by_role("button", name="Show on the wall").click()
    expect(projector.get_by_text("Few chances to practise English")).to_be_visible(
        timeout=PUSH_SECONDS * 1000
    )
    expect(projector.get_by_text("Isolation after arrival")).to_have_count(0)
    screenshot(projector, "projector-wall")

    # Amina edits her approved answer: it leaves the wall until approved again.
    box = amina.get_by_label(PROBLEM_LABEL, exact=True).filter(visible=True).first
    box.fill("Few chances to practise English outside class")
    box.press("Tab")
    wait_for_app(amina)
    expect(projector.get_by_text("Few chances to practise English")).to_have_count(
        0, timeout=PUSH_SECONDS * 1000
    )
    expect(trainer.get_by_text("Edited since you approved it")).to_be_visible(timeout=PUSH_SECONDS * 1000)

    # A reveal reaches a participant who does nothing.
    go_to(ben, "Exercise 1 — Thinking with the framework")
    trainer.get_by_role("tab", name="Reveal, export, close").click()
    started = time.monotonic()
    trainer.get_by_text("Exercise 1: the Friendship Club example").click()
    expect(ben.get_by_text("Your trainer has revealed")).to_be_visible(timeout=PUSH_SECONDS * 1000)
    waited = time.monotonic() - started
    assert waited < PUSH_SECONDS, waited
    print(f"reveal reached the participant after {waited:.1f} s")
    ben.get_by_role("button", name="Show it").click()
    wait_for_app(ben)
    expect(
        ben.get_by_text("is the group teaching newcomers about local cultural norms", exact=False)
    ).to_be_visible()

    # Exercise 1 choices arrive on the projector's chart by themselves.
    from ioi_core.store.edits import set_answer

    store = db(app_server)
    for page, choices in ((amina, (13, 7, 1)), (ben, (9, 7, 2))):
        for field, value in zip(
            ("facilitator", "social_connection", "markers_and_means"), choices, strict=True
        ):
            set_answer(store, wb_key(page), ("exercise1", field), value, None)
    chart_title = projector.get_by_role("heading", name="Exercise 1: domains the room chose")
    for width, height in ((1280, 720), (1920, 1080)):
        projector.set_viewport_size({"width": width, "height": height})
        projector.wait_for_timeout(4000)  # a live refresh or more
        shot = screenshot(projector, f"projector-{width}x{height}")
        chart_title.scroll_into_view_if_needed()
        projector.wait_for_timeout(500)
        projector.screenshot(path=str(shot.with_name(f"projector-{width}x{height}-charts.png")))
        projector.get_by_test_id("stVegaLiteChart").nth(2).scroll_into_view_if_needed()
        projector.wait_for_timeout(500)
        projector.screenshot(path=str(shot.with_name(f"projector-{width}x{height}-charts-2.png")))
    for c in (ctx, a_ctx, b_ctx):
        c.close()


def test_typing_while_a_reveal_arrives_loses_nothing(browser, app_server) -> None:
    """A participant is mid-sentence (cursor in the box, nothing committed) when the reveal arrives:
    the text stays in the box, the cursor stays there, and leaving the box saves it."""
    ctx, trainer, projector, code, _ = start_workshop(browser, app_server, "Typing room")
    p_ctx, amina = join(browser, app_server.url, code, "Amina")
    key = wb_key(amina)
    go_to(amina, "Exercise 2 — Part 1 vs Part 2")
    box = amina.get_by_label(PROBLEM_LABEL, exact=True).filter(visible=True).first
    box.click()
    box.press_sequentially("Women cannot attend ESOL", delay=20)

    trainer.get_by_role("tab", name="Reveal, export, close").click()
    trainer.get_by_text("Exercise 2: the sample answers").click()
    expect(amina.get_by_text("Your trainer has revealed")).to_be_visible(timeout=PUSH_SECONDS * 1000)
    amina.wait_for_timeout(3500)  # another live check or two while still typing
    box.press_sequentially(" regularly", delay=20)  # the cursor never left the box
    expect(box).to_be_focused()
    expect(box).to_have_value("Women cannot attend ESOL regularly")
    assert db(app_server).get(key).workbook.exercise2.part1.problem == ""  # not committed yet
    screenshot(amina, "typing-while-reveal")

    box.press("Tab")  # leaving the box saves it
    wait_for_app(amina)
    deadline = time.monotonic() + 10
    while db(app_server).get(key).workbook.exercise2.part1.problem != "Women cannot attend ESOL regularly":
        assert time.monotonic() < deadline, db(app_server).get(key).workbook.exercise2.part1.problem
        time.sleep(0.2)
    expect(box).to_have_value("Women cannot attend ESOL regularly")
    for c in (ctx, p_ctx):
        c.close()


def test_closing_tells_participants_and_reopening_works(browser, app_server) -> None:
    """Closing reaches a participant without a click and edits are refused with the reason; reopening
    lets them edit again. Re-scanning the join link on the same device offers their own workbook."""
    ctx, trainer, projector, code, _ = start_workshop(browser, app_server, "Closing room")
    p_ctx, amina = join(browser, app_server.url, code, "Amina")
    key = wb_key(amina)
    go_to(amina, "Exercise 2 — Part 1 vs Part 2")

    trainer.get_by_role("tab", name="Reveal, export, close").click()
    trainer.get_by_text("Close this workshop").click()
    wait_for_app(trainer)
    trainer.get_by_role("button", name="Close workshop").click()
    wait_for_app(trainer)
    expect(amina.get_by_text("Workshop closed.")).to_be_visible(timeout=PUSH_SECONDS * 1000)
    screenshot(amina, "participant-workshop-closed")

    box = amina.get_by_label(PROBLEM_LABEL, exact=True).filter(visible=True).first
    box.fill("Typed after closing")
    box.press("Tab")
    wait_for_app(amina)
    expect(amina.get_by_text("read-only").first).to_be_visible()
    expect(box).to_have_value("Typed after closing")  # kept in the box, not saved
    assert db(app_server).get(key).workbook.exercise2.part1.problem == ""

    trainer.get_by_role("tab", name="Reveal, export, close").click()
    trainer.get_by_role("button", name="Reopen workshop").click()
    wait_for_app(trainer)
    expect(amina.get_by_text("The trainer reopened the workshop")).to_be_visible(timeout=PUSH_SECONDS * 1000)
    amina.get_by_role("button", name="Try again").first.click()
    wait_for_app(amina)
    assert db(app_server).get(key).workbook.exercise2.part1.problem == "Typed after closing"

    # The participant closes the tab and scans the QR code again on the same phone.
    amina.close()
    again = p_ctx.new_page()
    again.set_default_timeout(20_000)
    again.goto(f"{app_server.url}/?join={code}")
    wait_for_app(again)
    expect(again.get_by_text("You joined this workshop on this device before")).to_be_visible()
    again.get_by_role("button", name="Continue with my workbook").click()
    wait_for_app(again)
    assert wb_key(again) == key
    from ioi_core.store.workshops import WorkshopStore

    store = db(app_server)
    workshop = WorkshopStore(store).by_code(code)
    assert [p.name for p in WorkshopStore(store).participants(workshop.id)] == ["Amina"]
    for c in (ctx, p_ctx):
        c.close()
