"""Workshops: codes, keys, joining, closing, aggregates, and many participants saving at once."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from ioi_core.content.pack import load_content
from ioi_core.live.room import (
    WALL_QUESTIONS,
    WallAnswer,
    WallStatus,
    control_heading,
    current_wall_question,
    exercise1_choices,
    indicator_shift,
    people_table,
    progress_table,
    responses_rows,
    room_wall,
    wall_answers,
    wall_card_heading,
    wall_tally,
)
from ioi_core.model.questions import question
from ioi_core.model.workbook import Workbook, WorkbookMeta
from ioi_core.store.edits import set_answer
from ioi_core.store.workbooks import WorkbookReadOnly, WorkbookStore
from ioi_core.store.workshops import CODE_ALPHABET, WorkshopError, WorkshopStore, answer_hash

ROOT = Path(__file__).resolve().parents[1]


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
    # The guide's order of types (Markers and Means, Social Connections, Facilitators) and of domains.
    assert list(dict.fromkeys(choices["type"])) == ["Markers and Means", "Social Connections", "Facilitators"]
    assert list(choices["domain"])[:2] == ["1. Work", "2. Education"]
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


PROBLEM = "exercise2.part1.problem"


def test_wall_is_moderated_per_answer_and_an_edit_after_approval_hides_it(
    workshops: WorkshopStore, store: WorkbookStore
) -> None:
    workshop, trainer_key = workshops.create("Leeds pilot")
    key_a, a = workshops.join(workshop.code, "Amina")
    key_b, _ = workshops.join(workshop.code, "Ben")
    set_answer(store, key_a, ("exercise2", "part1", "problem"), "Few chances to practise", "")
    set_answer(store, key_a, ("exercise2", "part1", "initiative"), "Weekly café", "")
    set_answer(store, key_b, ("exercise2", "part1", "problem"), "Isolation", "")

    def statuses() -> dict[str, WallStatus]:
        ws = workshops.by_code(workshop.code)
        return {
            w.text: w.status
            for w in wall_answers(
                workshops.participants(workshop.id), PROBLEM, approved=ws.settings.wall_approved
            )
        }

    assert set(statuses().values()) == {WallStatus.NOT_REVIEWED}
    workshops.approve_answer(trainer_key, a.id, PROBLEM, "Few chances to practise")
    assert statuses() == {"Few chances to practise": WallStatus.ON_WALL, "Isolation": WallStatus.NOT_REVIEWED}
    # Approving one answer approves only that answer: not Amina's other answers, not Ben's.
    settings = workshops.by_code(workshop.code).settings
    assert settings.wall_approved == {f"{a.id}|{PROBLEM}": answer_hash("Few chances to practise")}
    output = wall_answers(
        workshops.participants(workshop.id), "exercise2.part1.initiative", approved=settings.wall_approved
    )
    assert [w.status for w in output] == [WallStatus.NOT_REVIEWED]
    settings.wall_question = PROBLEM
    assert [w.text for w in room_wall(workshops.participants(workshop.id), settings)] == [
        "Few chances to practise"
    ]
    # Edited after approval: back to the queue, off the projector, until approved again.
    set_answer(
        store,
        key_a,
        ("exercise2", "part1", "problem"),
        "Few chances to practise English",
        "Few chances to practise",
    )
    assert statuses()["Few chances to practise English"] == WallStatus.EDITED
    settings = workshops.by_code(workshop.code).settings
    settings.wall_question = PROBLEM
    assert room_wall(workshops.participants(workshop.id), settings) == []
    workshops.approve_answer(trainer_key, a.id, PROBLEM, "Few chances to practise English")
    assert statuses()["Few chances to practise English"] == WallStatus.ON_WALL
    workshops.hide_answer(trainer_key, a.id, PROBLEM)
    assert statuses()["Few chances to practise English"] == WallStatus.NOT_REVIEWED
    with pytest.raises(WorkshopError):
        workshops.approve_answer("not-the-key", a.id, PROBLEM, "x")


def test_a_closed_workshop_can_be_reopened_with_every_answer(
    workshops: WorkshopStore, store: WorkbookStore
) -> None:
    workshop, trainer_key = workshops.create("Leeds pilot")
    key, stored = workshops.join(workshop.code, "Amina")
    set_answer(store, key, ("exercise2", "part1", "problem"), "Isolation", "")
    workshops.close(trainer_key)
    assert workshops.room_state(workshop.id).closed
    with pytest.raises(WorkbookReadOnly):
        set_answer(store, key, ("exercise2", "part1", "problem"), "Changed", "Isolation")
    reopened = workshops.reopen(trainer_key)
    assert not reopened.closed and not workshops.room_state(workshop.id).closed
    set_answer(store, key, ("exercise2", "part1", "problem"), "Changed", "Isolation")
    assert store.get(key).workbook.exercise2.part1.problem == "Changed"
    workshops.join(workshop.code, "Late")  # joins work again
    with pytest.raises(WorkshopError):
        workshops.reopen("guess")


def test_rejoining_finds_your_own_workbook_and_names_are_checked_not_trusted(
    workshops: WorkshopStore, store: WorkbookStore
) -> None:
    workshop, _ = workshops.create("Leeds pilot")
    other, _ = workshops.create("Another room")
    key, stored = workshops.join(workshop.code, "Amina  Khan")
    assert workshops.rejoin(workshop.code.lower(), key).id == stored.id
    # A key of another workshop's workbook, or of no workbook, opens nothing here.
    other_key, _ = workshops.join(other.code, "Amina Khan")
    for wrong in (other_key, "not-a-key"):
        with pytest.raises(WorkshopError, match="does not open a workbook of this workshop"):
            workshops.rejoin(workshop.code, wrong)
    own_key, _ = store.create(Workbook(meta=WorkbookMeta(title="Mine")))
    with pytest.raises(WorkshopError):
        workshops.rejoin(workshop.code, own_key)
    # Same name (any case or spacing) is noticed, so the page can ask; blank names never match.
    assert workshops.named(workshop.code, "amina khan")
    assert not workshops.named(workshop.code, "Ben")
    workshops.join(workshop.code, "")
    assert not workshops.named(workshop.code, "")
    assert len(workshops.participants(workshop.id)) == 2


def test_progress_lists_only_the_workshops_exercises(workshops: WorkshopStore, store: WorkbookStore) -> None:
    workshop, _ = workshops.create("Leeds pilot", ["exercise1"])
    key, _ = workshops.join(workshop.code, "Amina")
    set_answer(store, key, ("exercise1", "facilitator"), 13, None)
    participants = workshops.participants(workshop.id)
    assert list(progress_table(participants, ["exercise1"])["Exercise"]) == [
        "Exercise 1 — Thinking with the framework"
    ]
    assert len(progress_table(participants)) > 1  # without the filter: every exercise
    people = people_table(participants, ["exercise1"])
    assert people.to_dict("records")[0]["Working on"] == "Exercise 1 — Thinking with the framework"
    assert people.to_dict("records")[0]["Done"] == "0 of 1"


def test_activity_signature_changes_when_the_room_does(
    workshops: WorkshopStore, store: WorkbookStore
) -> None:
    workshop, trainer_key = workshops.create("Leeds pilot")
    before = workshops.activity(workshop.id)
    key, _ = workshops.join(workshop.code, "Amina")
    joined = workshops.activity(workshop.id)
    assert joined != before and joined[0] == 1
    set_answer(store, key, ("exercise2", "part1", "problem"), "Isolation", "")
    saved = workshops.activity(workshop.id)
    assert saved != joined
    workshops.update_settings(trainer_key, lambda s: s.revealed.append("exercise1_example"))
    assert workshops.activity(workshop.id) != saved
    assert workshops.room_state(workshop.id).revealed == ("exercise1_example",)


# --- AppTests: the projector shows no key and no control; the controls need the key, typed. ---


def _app(db_store: WorkbookStore):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    return at


def _page_text(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.code] + [e.value for e in at.error]
    parts += [w.value for w in at.warning] + [t.value for t in at.title] + [h.value for h in at.header]
    parts += [h.proto.body for h in at.get("html")]
    return "\n".join(str(p) for p in parts)


def _controls(at) -> list[str]:
    return [
        w.label
        for kind in ("button", "toggle", "checkbox", "selectbox", "text_input")
        for w in getattr(at, kind)
    ]


def test_projector_view_has_no_key_and_no_controls(db: WorkbookStore) -> None:
    workshops = WorkshopStore(db)
    workshop, trainer_key = workshops.create("Leeds pilot")
    key, stored = workshops.join(workshop.code, "Amina")
    set_answer(db, key, ("exercise2", "part1", "problem"), "Few chances to practise", "")
    workshops.update_settings(trainer_key, lambda s: setattr(s, "wall_question", PROBLEM))
    at = _app(db)
    at.query_params["code"] = workshop.code
    at.switch_page("pages/projector.py").run()
    assert not at.exception
    text = _page_text(at)
    assert workshop.code in text and "1</strong> person has joined" in text
    assert trainer_key not in text and trainer_key not in str(dict(at.query_params))
    assert "Few chances to practise" not in text  # not approved yet
    assert _controls(at) == [] and not at.get("download_button")
    workshops.approve_answer(trainer_key, stored.id, PROBLEM, "Few chances to practise")
    at.run()
    assert "**Participant 1:** Few chances to practise" in [m.value for m in at.markdown]
    assert _controls(at) == []


def test_trainer_controls_need_the_key_typed_and_a_key_in_the_url_opens_nothing(db: WorkbookStore) -> None:
    workshops = WorkshopStore(db)
    workshop, trainer_key = workshops.create("Leeds pilot")
    at = _app(db)
    at.query_params["trainer"] = trainer_key  # an old link
    at.switch_page("pages/trainer.py").run()
    assert not at.exception
    labels = _controls(at)
    assert "Close workshop" not in labels and "Reopen workshop" not in labels
    assert "Trainer key" in labels  # it asks for the key instead
    assert "trainer" not in at.query_params  # scrubbed from the address
    assert trainer_key not in _page_text(at)
    assert "no longer opens the controls" in _page_text(at)
    # Typed once: the controls open, and the key is neither shown nor put in the address.
    [t for t in at.text_input if t.label == "Trainer key"][0].input(trainer_key)
    [b for b in at.button if b.label == "Open"][0].click().run()
    assert not at.exception
    assert "Close workshop" in _controls(at)
    assert trainer_key not in _page_text(at) and trainer_key not in str(dict(at.query_params))
    at.switch_page("pages/start.py").run()
    at.switch_page("pages/trainer.py").run()  # once per browser session: not asked again
    assert "Close workshop" in _controls(at)


def test_a_new_trainer_key_is_shown_until_acknowledged_then_never_again(db: WorkbookStore) -> None:
    at = _app(db)
    at.switch_page("pages/trainer.py").run()
    [t for t in at.text_input if t.label == "Workshop title"][0].input("Leeds pilot")
    [b for b in at.button if b.label == "Create workshop"][0].click().run()
    assert not at.exception
    shown = [c.value for c in at.code if len(c.value) >= 32 and "?" not in c.value]
    assert len(shown) == 1
    trainer_key = shown[0]
    assert WorkshopStore(db).by_trainer_key(trainer_key).title == "Leeds pilot"
    at.run()
    assert trainer_key in _page_text(at)  # still there until the trainer says it is saved
    [b for b in at.button if b.label.startswith("I have saved my key")][0].click().run()
    assert trainer_key not in _page_text(at)
    assert "Close workshop" in _controls(at)
    at.run()
    assert trainer_key not in _page_text(at)


def test_trainer_closes_and_reopens_from_the_controls(db: WorkbookStore) -> None:
    workshops = WorkshopStore(db)
    workshop, trainer_key = workshops.create("Leeds pilot")
    at = _app(db)
    at.session_state["trainer_key"] = trainer_key
    at.switch_page("pages/trainer.py").run()
    [c for c in at.checkbox if c.label.startswith("Close this workshop")][0].check().run()
    [b for b in at.button if b.label == "Close workshop"][0].click().run()
    assert workshops.by_code(workshop.code).closed
    [b for b in at.button if b.label == "Reopen workshop"][0].click().run()
    assert not workshops.by_code(workshop.code).closed


# --- What the trainer's control view decides and says, without Streamlit ---


def test_trainer_reveals_and_hides_again_and_twice_changes_nothing(workshops: WorkshopStore) -> None:
    workshop, trainer_key = workshops.create("Leeds pilot")
    workshops.set_revealed(trainer_key, "exercise1_example", True)
    workshops.set_revealed(trainer_key, "exercise1_example", True)  # a second click from a stale view
    workshops.set_revealed(trainer_key, "exercise2_samples", True)
    assert workshops.room_state(workshop.id).revealed == ("exercise1_example", "exercise2_samples")
    workshops.set_revealed(trainer_key, "exercise1_example", False)
    workshops.set_revealed(trainer_key, "exercise1_example", False)
    assert workshops.by_code(workshop.code).settings.revealed == ["exercise2_samples"]
    with pytest.raises(WorkshopError):
        workshops.set_revealed("not the key", "exercise1_example", True)


def test_trainer_chooses_the_wall_question_and_whether_names_show(workshops: WorkshopStore) -> None:
    workshop, trainer_key = workshops.create("Leeds pilot")
    settings = workshops.by_code(workshop.code).settings
    assert settings.wall_anonymous and current_wall_question(settings) is None
    workshops.set_wall_question(trainer_key, PROBLEM)
    workshops.set_wall_anonymous(trainer_key, False)
    settings = workshops.by_code(workshop.code).settings
    assert settings.wall_question == PROBLEM and not settings.wall_anonymous
    assert current_wall_question(settings) == PROBLEM and PROBLEM in WALL_QUESTIONS
    settings.wall_question = "exercise9.gone"  # stored once, no longer a wall question
    assert current_wall_question(settings) is None


def test_wall_tally_and_card_heading_say_what_the_trainer_moderates() -> None:
    found = [
        WallAnswer("a", PROBLEM, "Participant 1", "Isolation", WallStatus.ON_WALL),
        WallAnswer("b", PROBLEM, "*Ben* [x](y)", "Cost", WallStatus.EDITED),
    ]
    assert wall_tally(found) == "2 answer(s), 1 on the wall."
    assert wall_tally([]) == "0 answer(s), 0 on the wall."
    assert wall_card_heading(found[0]) == "**Participant 1** · *On the wall*"
    assert wall_card_heading(found[1]).startswith(r"**\*Ben\* \[x\]\(y\)** · *Edited since you approved")


def test_control_heading_is_the_title_as_typed_and_says_when_closed(workshops: WorkshopStore) -> None:
    workshop, trainer_key = workshops.create("Leeds *pilot*")
    assert control_heading(workshop) == r"Leeds \*pilot\*"
    assert control_heading(workshops.close(trainer_key)) == r"Leeds \*pilot\* (closed)"
