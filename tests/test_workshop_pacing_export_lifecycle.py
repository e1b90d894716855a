"""Issue 15, items 3, 4 and 7: pacing (the room's step and countdown), complete exports (button and
CLI), and the lifecycle (duplicate, resume codes, re-issued links, guessing slowed per address)."""

from __future__ import annotations

import io
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ioi_core.cli.commands import main as cli
from ioi_core.content.pack import load_content
from ioi_core.live.room import (
    export_file_name,
    export_workshop,
    people_table,
    reissue_choices,
    responses_xlsx,
)
from ioi_core.live.throttle import GuessLimiter
from ioi_core.model.workbook import utcnow
from ioi_core.store.edits import set_answer
from ioi_core.store.workbooks import StoreError, WorkbookStore
from ioi_core.store.workshops import (
    WorkshopError,
    WorkshopMemberRow,
    WorkshopStore,
    countdown_minutes,
    resume_hash,
    seconds_left,
    show_resume_code,
    step_choices,
    steps,
)

ROOT = Path(__file__).resolve().parents[1]
PROBLEM = ("exercise2", "part1", "problem")


@pytest.fixture
def workshops(store: WorkbookStore) -> WorkshopStore:
    return WorkshopStore(store)


# --- Pacing ---


def test_steps_follow_the_workshops_exercises_in_the_guides_order() -> None:
    titles = [s.title for s in steps(["exercise2", "exercise1"])]
    assert titles[0] == "Exercise 1 — Thinking with the framework"
    assert titles[1:3] == [
        "Exercise 2 — Part 1 (your usual process)",
        "Exercise 2 — Part 2 (Theory of Change)",
    ]
    assert {s.page for s in steps(["exercise2"])} == {"pages/exercise2.py"}


def test_trainer_moves_the_room_with_a_countdown(workshops: WorkshopStore) -> None:
    workshop, key = workshops.create("Leeds pilot", ["exercise1", "exercise2"])
    workshops.set_step(key, "exercise2_part1", 5)
    state = workshops.room_state(workshop.id)
    assert state is not None and state.step == "exercise2_part1"
    assert 295 <= seconds_left(state.step_until) <= 300
    assert seconds_left(state.step_until, utcnow() + timedelta(minutes=6)) == 0  # time is up, not negative
    workshops.set_step(key, "exercise1")  # no countdown
    assert workshops.room_state(workshop.id).step_until is None
    with pytest.raises(WorkshopError, match="not part of this workshop"):
        workshops.set_step(key, "stakeholders")
    with pytest.raises(WorkshopError, match="countdown"):
        workshops.set_step(key, "exercise1", 500)
    workshops.set_step(key, None)
    assert workshops.room_state(workshop.id).step is None


def test_people_table_shows_page_last_active_and_done(workshops: WorkshopStore, store: WorkbookStore) -> None:
    workshop, _ = workshops.create("Leeds pilot", ["exercise1", "exercise2"])
    key_a, a = workshops.join(workshop.code, "Amina")
    workshops.join(workshop.code, "Ben")
    workshops.touch(workshop.id, a.id, "exercise2")
    set_answer(store, key_a, PROBLEM, "Isolation", "")
    table = people_table(
        workshops.participants(workshop.id),
        ["exercise1", "exercise2"],
        workshops.members(workshop.id),
        now=utcnow() + timedelta(minutes=3),
    )
    amina, ben = table.to_dict("records")
    assert amina["On page"] == "Exercise 2" and amina["Last active"] == "3 min ago"
    assert amina["Working on"].startswith("Exercise 2 — Part 1") and amina["Done"] == "0 of 3"
    assert ben["On page"] == "—"  # joined, page never reported yet: last active is when they joined
    assert ben["Last active"] == "3 min ago"


# --- Exports ---


def _sheets(data: bytes) -> dict[str, list[tuple]]:
    book = load_workbook(io.BytesIO(data))
    return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in book.worksheets}


def test_export_has_number_name_table_every_answer_and_a_summary(
    workshops: WorkshopStore, store: WorkbookStore
) -> None:
    pack = load_content()
    workshop, _ = workshops.create("Leeds pilot", ["exercise1"])  # answers of other exercises still exported
    key_a, a = workshops.join(workshop.code, "  Amina  =SUM(A1)")
    key_b, _ = workshops.join(workshop.code, "")
    set_answer(store, key_a, PROBLEM, "Isolation", "")
    set_answer(store, key_a, ("exercise1", "facilitator"), 13, None)
    set_answer(store, key_b, ("exercise1", "facilitator"), 13, None)
    set_answer(store, key_b, ("theory_of_change", "intervention"), "Loneliness", "")
    sheets = _sheets(export_workshop(pack, workshops, workshop))
    head, *rows = sheets["Responses"]
    assert head[:3] == ("Participant number", "Display name", "Section") and "Table" not in head
    assert (1, "Amina =SUM(A1)", "Isolation") in {(r[0], r[1], r[-1]) for r in rows}
    assert (2, None, "Loneliness") in {(r[0], r[1], r[-1]) for r in rows}  # anonymous: the number only
    summary = sheets["Summary"]
    assert ("Participants", "Joined", 2) in summary
    assert ("Exercise 1 domains chosen: Facilitators", "13. Stability", 2) in summary
    # With tables, a Table column.
    with_tables = _sheets(responses_xlsx(pack, workshops.participants(workshop.id), None, {a.id: "Table 1"}))
    head, *rows = with_tables["Responses"]
    assert head[2] == "Table" and ("Table 1", "Isolation") in {(r[2], r[-1]) for r in rows}


def test_cli_export_needs_the_right_trainer_key(
    db: WorkbookStore, tmp_path: Path, monkeypatch, capsys
) -> None:
    workshops = WorkshopStore(db)
    workshop, key = workshops.create("Leeds pilot")
    other, other_key = workshops.create("Other room")
    key_a, _ = workshops.join(workshop.code, "Amina")
    set_answer(db, key_a, PROBLEM, "Isolation", "")
    out = tmp_path / "room.xlsx"
    monkeypatch.delenv("IOI_TRAINER_KEY", raising=False)
    assert cli(["workshop", "export", workshop.code, "--output", str(out)]) == 2  # no key
    assert cli(["workshop", "export", workshop.code, "--output", str(out), "--trainer-key", other_key]) == 1
    assert cli(["workshop", "export", workshop.code, "--output", str(out), "--trainer-key", "guess"]) == 1
    assert "does not open" in capsys.readouterr().err and not out.exists()
    assert (
        cli(["workshop", "export", "--output", str(out), "--trainer-key", key, "--", workshop.code.lower()])
        == 0
    )
    assert "Isolation" in {r[-1] for r in _sheets(out.read_bytes())["Responses"]}
    out.unlink()
    monkeypatch.setenv("IOI_TRAINER_KEY", key)
    assert cli(["workshop", "export", workshop.code, "--output", str(out)]) == 0
    assert "Summary" in _sheets(out.read_bytes())


# --- Lifecycle ---


def test_duplicate_keeps_settings_with_a_new_code_key_and_nobody(workshops: WorkshopStore) -> None:
    workshop, key = workshops.create("Leeds pilot", ["exercise2", "stakeholders"], "Leeds CC")
    workshops.join(workshop.code, "Amina")
    workshops.update_settings(
        key, lambda s: (setattr(s, "wall_anonymous", False), s.revealed.append("exercise2_samples"))
    )
    workshops.close(key)
    copy, copy_key = workshops.duplicate(key)
    assert copy.code != workshop.code and copy_key != key and copy.id != workshop.id
    assert (copy.title, copy.settings.exercises, copy.settings.organisation) == (
        "Leeds pilot",
        ["exercise2", "stakeholders"],
        "Leeds CC",
    )
    assert copy.settings.wall_anonymous is False and copy.settings.revealed == [] and not copy.closed
    assert workshops.participants(copy.id) == []
    assert (
        workshops.by_trainer_key(copy_key).id == copy.id and workshops.by_trainer_key(key).id == workshop.id
    )


def test_resume_code_reopens_ones_own_workbook_with_a_new_link(
    workshops: WorkshopStore, store: WorkbookStore
) -> None:
    workshop, _ = workshops.create("Leeds pilot")
    key, stored, resume = workshops.join_with_resume(workshop.code, "Amina")
    workshops.join_with_resume(workshop.code, "Ben")
    set_answer(store, key, PROBLEM, "Isolation", "")
    assert len(resume) == 8 and show_resume_code(resume) == f"{resume[:4]}-{resume[4:]}"
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    with Session(store.engine) as session:
        kept = session.scalar(
            select(WorkshopMemberRow.resume_hash).where(WorkshopMemberRow.workbook_id == stored.id)
        )
    assert kept == resume_hash(workshop.id, resume) and resume not in kept  # only the hash is stored
    new_key, again = workshops.resume(workshop.code.lower(), show_resume_code(resume).lower())
    assert again.id == stored.id and again.workbook.exercise2.part1.problem == "Isolation"
    assert new_key != key
    with pytest.raises(StoreError):
        store.get(key)  # the lost link no longer opens it
    for wrong in ("ABCDEFGH", "", resume[:7]):
        with pytest.raises(WorkshopError, match="resume code does not match"):
            workshops.resume(workshop.code, wrong)
    other, _ = workshops.create("Other room")
    with pytest.raises(WorkshopError):
        workshops.resume(other.code, resume)  # a code works only in its own workshop


def test_trainer_reissues_a_link_only_for_their_own_participants(
    workshops: WorkshopStore, store: WorkbookStore
) -> None:
    workshop, key = workshops.create("Leeds pilot")
    other, other_key = workshops.create("Other room")
    old, stored = workshops.join(workshop.code, "Amina")
    with pytest.raises(WorkshopError, match="not in this workshop"):
        workshops.reissue_link(other_key, stored.id)
    new = workshops.reissue_link(key, stored.id)
    assert store.get(new).id == stored.id
    with pytest.raises(StoreError):
        store.get(old)


def test_guessing_is_slowed_per_address_and_overall_and_a_right_code_never_refused() -> None:
    now = [0.0]
    slept: list[float] = []
    limiter = GuessLimiter(
        free_failures=3,
        base_seconds=1,
        max_seconds=8,
        overall_free=5,
        overall_seconds=4,
        clock=lambda: now[0],
        sleep=slept.append,
    )

    def wrong() -> None:
        raise WorkshopError("No workshop has that code.")

    for _ in range(5):
        with pytest.raises(WorkshopError):
            limiter.attempt("10.0.0.1", wrong)
    assert slept == [1, 2]  # three free, then doubling
    assert limiter.attempt("10.0.0.1", lambda: "opened") == "opened"  # the right code, at once
    assert limiter.penalty("10.0.0.1") == 4  # a success does not wipe the count
    with pytest.raises(WorkshopError):
        limiter.attempt("10.0.0.2", wrong)  # another address, but the room-wide budget is spent
    assert slept[-1] == 4
    now[0] += 601  # forgotten after the window
    assert limiter.penalty("10.0.0.1") == 0 and limiter.penalty("10.0.0.2") == 0


def test_an_address_takes_turns_across_tabs() -> None:
    """Two tabs from one address guessing at once: the second waits for the first's penalty."""
    order: list[str] = []
    gate = threading.Event()
    limiter = GuessLimiter(
        free_failures=0, base_seconds=0.3, sleep=lambda s: (order.append("penalty"), gate.wait(s))
    )

    def wrong() -> None:
        order.append("check")
        raise WorkshopError("wrong")

    threads = [
        threading.Thread(target=lambda: pytest.raises(WorkshopError, limiter.attempt, "a", wrong))
        for _ in range(2)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert order == ["check", "penalty", "check", "penalty"]


# --- AppTests: participant banner, trainer controls, resume code ---


def _app():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    return at


def _text(at) -> str:
    parts = [m.value for m in at.markdown] + [i.value for i in at.info] + [c.value for c in at.code]
    parts += [w.value for w in at.warning] + [h.proto.body for h in at.get("html")]
    return "\n".join(str(p) for p in parts)


def test_participant_sees_the_step_with_time_left_and_a_button_to_go_there(db: WorkbookStore) -> None:
    """(AppTest runs only the first run through app.py, where the banner lives: the button's page
    change is checked in the browser, tests/browser/test_workshop_pacing.py.)"""
    workshops = WorkshopStore(db)
    workshop, trainer_key = workshops.create("Leeds pilot")
    key, stored = workshops.join(workshop.code, "Amina")
    workshops.set_step(trainer_key, "exercise2_part2", 10)
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["wb"] = key
    at.run()
    assert not at.exception
    banner = [i.value for i in at.info if "The room is now on" in i.value]
    assert banner == ["**The room is now on:** Exercise 2 — Part 2 (Theory of Change) · **10:00** left"]
    assert "Go there" in [b.label for b in at.button]
    assert workshops.members(workshop.id)[stored.id].page == "start"  # where they are, for the trainer


def test_no_step_no_banner(db: WorkbookStore) -> None:
    workshops = WorkshopStore(db)
    workshop, _ = workshops.create("Leeds pilot")
    key, _ = workshops.join(workshop.code, "Amina")
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["wb"] = key
    at.run()
    assert (
        not at.exception
        and "The room is now on" not in _text(at)
        and "Go there" not in [b.label for b in at.button]
    )


def test_trainer_paces_the_room_and_the_projector_shows_it(db: WorkbookStore) -> None:
    workshops = WorkshopStore(db)
    workshop, trainer_key = workshops.create("Leeds pilot")
    workshops.join(workshop.code, "Amina")
    at = _app()
    at.session_state["trainer_key"] = trainer_key
    at.switch_page("pages/trainer.py").run()
    at.selectbox(key="step-choice").set_value("exercise2_part1")
    at.number_input(key="step-minutes").set_value(7)
    [b for b in at.button if b.label == "Move the room to this step"][0].click().run()
    assert not at.exception
    settings = workshops.by_code(workshop.code).settings
    assert settings.step == "exercise2_part1" and 415 <= seconds_left(settings.step_until) <= 420
    people = [df.value for df in at.dataframe][0]
    assert list(people.columns) == ["#", "Name", "Table", "On page", "Working on", "Done", "Last active"]
    projector = _app()
    projector.query_params["code"] = workshop.code
    projector.switch_page("pages/projector.py").run()
    text = _text(projector)
    assert "Now: Exercise 2 — Part 1 (your usual process) — 7:00 left" in text or "6:5" in text
    assert "Amina" not in text  # who is where stays on the control view
    [b for b in at.button if b.label == "Clear the step"][0].click().run()
    assert workshops.by_code(workshop.code).settings.step is None


def test_trainer_duplicates_and_reissues_from_the_controls(db: WorkbookStore) -> None:
    workshops = WorkshopStore(db)
    workshop, trainer_key = workshops.create("Leeds pilot", ["exercise1"])
    old, stored = workshops.join(workshop.code, "Amina")
    at = _app()
    at.session_state["trainer_key"] = trainer_key
    at.switch_page("pages/trainer.py").run()
    [b for b in at.button if b.label == "Make a new link for this participant"][0].click().run()
    assert not at.exception
    link = [c.value for c in at.code if "?wb=" in c.value][0]
    new_key = link.split("?wb=")[1]
    assert db.get(new_key).id == stored.id
    [b for b in at.button if b.label == "Duplicate this workshop for the next cohort"][0].click().run()
    assert not at.exception
    new_trainer_key = at.session_state["trainer_key"]
    copy = workshops.by_trainer_key(new_trainer_key)
    assert copy.id != workshop.id and copy.settings.exercises == ["exercise1"]
    assert new_trainer_key in _text(at)  # shown until acknowledged, as for any new workshop


def test_joining_shows_the_resume_code_once_and_it_opens_the_workbook(db: WorkbookStore) -> None:
    from streamlit.testing.v1 import AppTest

    from ioi_ui.workshop_join import RESUME_TO_SHOW

    workshops = WorkshopStore(db)
    workshop, _ = workshops.create("Leeds pilot")
    at = _app()
    at.switch_page("pages/start.py").run()
    [t for t in at.text_input if t.label == "Workshop code"][0].input(workshop.code)
    [b for b in at.button if b.label == "Join workshop"][0].click().run()
    assert not at.exception
    resume = at.session_state[RESUME_TO_SHOW]
    (participant,) = workshops.participants(workshop.id)
    key = at.query_params["wb"]
    key = key[0] if isinstance(key, list) else key
    # Shown (by the banner every page draws) until written down, then never again.
    shown = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    shown.query_params["wb"] = key
    shown.session_state[RESUME_TO_SHOW] = resume
    shown.run()
    assert show_resume_code(resume) in [c.value for c in shown.code] and "Write this down" in _text(shown)
    [b for b in shown.button if b.label == "I have written it down"][0].click().run()
    assert RESUME_TO_SHOW not in shown.session_state
    # Lost the link: a fresh browser opens the same workbook with the two codes.
    fresh = _app()
    fresh.switch_page("pages/start.py").run()
    [t for t in fresh.text_input if t.label == "The workshop's code"][0].input(workshop.code)
    [t for t in fresh.text_input if t.label == "Your resume code"][0].input(show_resume_code(resume))
    [b for b in fresh.button if b.label == "Open my workbook"][0].click().run()
    assert not fresh.exception
    key = fresh.query_params["wb"]
    key = key[0] if isinstance(key, list) else key
    assert db.get(key).id == participant.workbook_id


# --- What the trainer's control view decides, without Streamlit ---


def test_step_choices_are_the_workshops_steps_by_id_in_order() -> None:
    choices = step_choices(["exercise2"])
    assert list(choices) == [s.id for s in steps(["exercise2"])]
    assert choices["exercise2_part1"] == "Exercise 2 — Part 1 (your usual process)"
    assert step_choices([]) == {}


def test_a_countdown_of_zero_minutes_is_no_countdown(workshops: WorkshopStore) -> None:
    assert countdown_minutes(0) is None and countdown_minutes(None) is None
    assert countdown_minutes(7) == 7
    workshop, key = workshops.create("Leeds pilot")
    workshops.set_step(key, "exercise1", countdown_minutes(0))  # what "0 for none" sends: accepted
    assert workshops.room_state(workshop.id).step_until is None


def test_reissue_choices_number_people_in_order_of_joining_and_leave_out_tables(
    workshops: WorkshopStore,
) -> None:
    workshop, trainer = workshops.create("Leeds pilot")
    _, amina = workshops.join(workshop.code, "Amina")
    table = workshops.add_table(trainer, "Blue")
    _, anonymous = workshops.join(workshop.code, "")
    choices = reissue_choices(workshops.participants(workshop.id))
    assert choices == {amina.id: "1. Amina", anonymous.id: "2. (anonymous)"}
    assert table.workbook_id not in choices
    assert reissue_choices([]) == {}


def test_export_file_name_carries_the_join_code(workshops: WorkshopStore) -> None:
    workshop, _ = workshops.create("Leeds pilot")
    assert export_file_name(workshop) == f"workshop-{workshop.code}.xlsx"
