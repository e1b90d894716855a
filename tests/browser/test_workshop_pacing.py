"""Pacing and exports in real browsers: a step change reaches a participant who does not click; the
export taken without any trainer click holds every answer typed by every participant."""

from __future__ import annotations

import re
import time

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from ioi_core.store.workshops import WorkshopStore
from tests.browser.helpers import go_to, screenshot, wait_for_app
from tests.browser.workshop_steps import PROBLEM_LABEL, PUSH_SECONDS, db, join, start_workshop, wb_key

pytestmark = pytest.mark.browser


def test_a_step_change_reaches_a_participant_who_does_not_click(browser, app_server) -> None:
    ctx, trainer, projector, code, _ = start_workshop(browser, app_server, "Paced room")
    p_ctx, amina = join(browser, app_server.url, code, "Amina")
    key = wb_key(amina)
    expect(amina.get_by_text("Write this down: your resume code")).to_be_visible()
    amina.get_by_role("button", name="I have written it down").click()
    wait_for_app(amina)
    expect(amina.get_by_text("The room is now on")).to_have_count(0)

    trainer.get_by_role("tab", name="Pacing").click()
    trainer.get_by_role("combobox", name="Step").click()
    trainer.get_by_role("option", name="Exercise 2 — Part 1 (your usual process)").click()
    trainer.get_by_label("Countdown in minutes (0 for none)").fill("5")
    trainer.get_by_label("Countdown in minutes (0 for none)").press("Tab")
    wait_for_app(trainer)
    started = time.monotonic()
    trainer.get_by_role("button", name="Move the room to this step").click()
    banner = amina.get_by_text("The room is now on:")
    expect(banner).to_be_visible(timeout=PUSH_SECONDS * 1000)
    waited = time.monotonic() - started
    assert waited < PUSH_SECONDS, waited
    print(f"step change reached the participant after {waited:.1f} s")
    expect(
        amina.get_by_text(re.compile(r"Exercise 2 — Part 1 \(your usual process\) · [45]:\d\d left"))
    ).to_be_visible()
    expect(projector.get_by_test_id("room-step")).to_contain_text(
        "Exercise 2 — Part 1", timeout=PUSH_SECONDS * 1000
    )
    assert "Amina" not in projector.get_by_test_id("room-step").inner_text()
    screenshot(amina, "participant-step-banner")

    amina.get_by_role("button", name="Go there").click()
    wait_for_app(amina)
    expect(amina.get_by_role("heading", name=re.compile("Exercise 2")).first).to_be_visible()
    assert "/exercise2" in amina.url and wb_key(amina) == key  # the workbook stays open
    expect(amina.get_by_role("button", name="Go there")).to_have_count(0)
    amina.reload()  # a refresh keeps the workbook
    wait_for_app(amina)
    assert wb_key(amina) == key

    # The trainer's "who is where" shows her on Exercise 2 (never on the projector).
    trainer.get_by_role("tab", name="The room, live").click()
    people = trainer.get_by_test_id("stDataFrame").first
    expect(people).to_be_visible()
    deadline = time.monotonic() + PUSH_SECONDS
    store = db(app_server)
    workshop = WorkshopStore(store).by_code(code)
    while time.monotonic() < deadline:
        members = WorkshopStore(store).members(workshop.id)
        if any(m.page == "exercise2" for m in members.values()):
            break
        time.sleep(0.3)
    else:
        raise AssertionError(WorkshopStore(store).members(workshop.id))
    for c in (ctx, p_ctx):
        c.close()


def test_export_without_any_trainer_click_holds_every_answer(browser, app_server, tmp_path) -> None:
    ctx, trainer, projector, code, _ = start_workshop(browser, app_server, "Export room")
    trainer.get_by_role("tab", name="Reveal, export, close").click()  # client-side only: no rerun
    typed = {"Amina": "Few chances to practise English", "Ben": "Isolation after arrival", "": "No childcare"}
    contexts, keys = [], {}
    for name, text in typed.items():
        p_ctx, page = join(browser, app_server.url, code, name)
        contexts.append(p_ctx)
        go_to(page, "Exercise 2 — Part 1 vs Part 2")
        box = page.get_by_label(PROBLEM_LABEL, exact=True).filter(visible=True).first
        box.fill(text)
        box.press("Tab")
        wait_for_app(page)
        keys[name] = wb_key(page)
    for name, text in typed.items():  # saved, before the export is taken
        assert db(app_server).get(keys[name]).workbook.exercise2.part1.problem == text

    with trainer.expect_download() as download:
        trainer.get_by_role("button", name="Export all responses (.xlsx)").click()
    path = tmp_path / "export.xlsx"
    download.value.save_as(path)
    book = load_workbook(path)
    head, *rows = list(book["Responses"].iter_rows(values_only=True))
    assert head[:2] == ("Participant number", "Display name")
    found = {(r[0], r[1] or "", r[-1]) for r in rows}
    for number, (name, text) in enumerate(typed.items(), 1):
        assert (number, name, text) in found, (number, name, text, found)
    summary = list(book["Summary"].iter_rows(values_only=True))
    assert ("Participants", "Joined", 3) in summary
    for c in (ctx, *contexts):
        c.close()
