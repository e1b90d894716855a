"""Workshops: codes, keys, joining, closing, aggregates, and many participants saving at once."""

from __future__ import annotations

import threading

import pytest

from ioi_core.content import load_content
from ioi_core.edits import set_answer
from ioi_core.questions import question
from ioi_core.store import WorkbookReadOnly, WorkbookStore
from ioi_core.throttle import GuessThrottle
from ioi_core.workshop_aggregates import (
    exercise1_choices,
    indicator_shift,
    progress_table,
    responses_rows,
    wall_answers,
)
from ioi_core.workshops import CODE_ALPHABET, WorkshopError, WorkshopStore


@pytest.fixture
def workshops(store: WorkbookStore) -> WorkshopStore:
    return WorkshopStore(store)


def test_codes_are_easy_to_read_aloud(workshops: WorkshopStore) -> None:
    workshop, trainer_key = workshops.create("Leeds pilot")
    assert len(workshop.code) == 6 and set(workshop.code) <= set(CODE_ALPHABET)
    assert not set("0O1I") & set(CODE_ALPHABET)
    assert len(trainer_key) >= 32
    assert workshops.by_code(workshop.code.lower()).id == workshop.id  # typed in lower case still works
    assert workshops.by_trainer_key(trainer_key).id == workshop.id


def test_wrong_code_and_key_get_clear_messages(workshops: WorkshopStore) -> None:
    workshops.create("Leeds pilot")
    with pytest.raises(WorkshopError, match="No workshop has that code"):
        workshops.by_code("ZZZZZZ")
    with pytest.raises(WorkshopError, match="does not open any workshop"):
        workshops.by_trainer_key("guess")


def test_join_gives_a_private_workbook_linked_to_the_workshop(
    workshops: WorkshopStore, store: WorkbookStore
) -> None:
    workshop, _ = workshops.create("Leeds pilot")
    key_a, a = workshops.join(workshop.code, "Amina")
    key_b, _ = workshops.join(workshop.code, "")
    assert key_a != key_b
    assert store.get(key_a).workbook.meta.participant_name == "Amina"
    assert [p.name for p in workshops.participants(workshop.id)] == ["Amina", ""]
    assert workshops.workshop_of(a.id).code == workshop.code


def test_closed_workshop_takes_no_joins_and_its_workbooks_are_read_only(
    workshops: WorkshopStore, store: WorkbookStore
) -> None:
    workshop, trainer_key = workshops.create("Leeds pilot")
    key, _ = workshops.join(workshop.code, "Amina")
    set_answer(store, key, ("exercise2", "part1", "problem"), "Isolation", "")
    workshops.close(trainer_key)
    with pytest.raises(WorkshopError, match="closed"):
        workshops.join(workshop.code, "Late")
    with pytest.raises(WorkbookReadOnly):
        set_answer(store, key, ("exercise2", "part1", "problem"), "Changed", "Isolation")
    assert store.get(key).workbook.exercise2.part1.problem == "Isolation"


def test_reveal_and_wall_settings(workshops: WorkshopStore) -> None:
    workshop, trainer_key = workshops.create("Leeds pilot")
    updated = workshops.update_settings(trainer_key, lambda s: s.revealed.append("exercise1_example"))
    assert updated.settings.revealed == ["exercise1_example"]
    assert workshops.by_code(workshop.code).settings.revealed == ["exercise1_example"]


def test_aggregates_follow_the_room(workshops: WorkshopStore, store: WorkbookStore) -> None:
    pack = load_content()
    workshop, _ = workshops.create("Leeds pilot")
    keys = [workshops.join(workshop.code, name)[0] for name in ("Amina", "Ben", "Chen")]
    for key, domain in zip(keys, (13, 13, 9), strict=True):
        set_answer(store, key, ("exercise1", "facilitator"), domain, None)
    guide_p1 = pack.indicators_in_domain(9)[0].id
    set_answer(store, keys[0], ("exercise2", "part1", "indicator"), guide_p1, None)
    set_answer(store, keys[0], ("exercise2", "part1", "problem"), "Few chances to practise", "")
    participants = workshops.participants(workshop.id)
    choices = exercise1_choices(pack, participants)
    counts = dict(zip(choices["domain"], choices["count"], strict=True))
    assert counts["13. Stability"] == 2 and counts["9. Language and communication"] == 1
    assert indicator_shift(pack, participants).to_dict("records")[0]["part"] == "Part 1"
    assert progress_table(participants)["In progress"].sum() >= 3
    wall = wall_answers(participants, "exercise2.part1.problem")
    assert [(w.author, w.text) for w in wall] == [("Participant 1", "Few chances to practise")]
    assert wall_answers(participants, "exercise2.part1.problem", anonymous=False)[0].author == "Amina"
    rows = responses_rows(pack, participants)
    facilitator = [
        r
        for r in rows
        if r["Participant"] == "Amina" and r["Label"] == question("exercise1.facilitator").label
    ]
    assert [(r["Section"], r["Answer"]) for r in facilitator] == [
        ("Exercise 1 — Thinking with the framework", "13. Stability")
    ]
    assert {r["Participant"] for r in rows if r["Answer"] == "Few chances to practise"} == {"Amina"}
    # Only the exercises asked for; unanswered questions are left out.
    only_ex2 = responses_rows(pack, participants, exercises={"exercise2"})
    assert {r["Section"] for r in only_ex2} == {"Exercise 2 — Part 1 (your usual process)"}
    assert all(r["Answer"] for r in rows)


def test_sixty_participants_saving_at_once_lose_nothing(
    workshops: WorkshopStore, store: WorkbookStore
) -> None:
    workshop, _ = workshops.create("Big room")
    keys = [workshops.join(workshop.code, f"P{i}")[0] for i in range(60)]
    errors: list[Exception] = []

    def participant(key: str, i: int) -> None:
        try:
            set_answer(store, key, ("exercise2", "part1", "problem"), f"Answer {i}", "")
            set_answer(store, key, ("exercise1", "facilitator"), 9 + i % 5, None)
        except Exception as exc:  # noqa: BLE001 - collected and asserted
            errors.append(exc)

    threads = [threading.Thread(target=participant, args=(k, i)) for i, k in enumerate(keys)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    saved = {p.workbook.exercise2.part1.problem for p in workshops.participants(workshop.id)}
    assert saved == {f"Answer {i}" for i in range(60)}


def test_guessing_is_slowed_down() -> None:
    now = [100.0]
    throttle = GuessThrottle(clock=lambda: now[0])
    for _ in range(2):
        throttle.failed()
    assert throttle.wait_seconds() == 0
    throttle.failed()
    assert throttle.wait_seconds() == 2.0
    throttle.failed()
    assert throttle.wait_seconds() == 4.0
    now[0] += 10
    assert throttle.wait_seconds() == 0
    throttle.succeeded()
    assert throttle.failures == 0
