"""Issue 15, item 6: tables (small groups). A trainer adds tables; people who join choose one; a table
shares one workbook whose answers save one at a time, so two people at a table never overwrite each
other; the room's views, the wall and the export name the table; the projector compares tables."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from ioi_core.content.pack import load_content
from ioi_core.live.room import (
    export_workshop,
    people_table,
    table_line,
    tables_compared,
    wall_answers,
)
from ioi_core.model.exercises import indicator_text
from ioi_core.model.paths import read_path
from ioi_core.store.edits import EditConflict, set_answer
from ioi_core.store.workbooks import WorkbookStore
from ioi_core.store.workshops import MAX_TABLES, WorkshopError, WorkshopStore

PROBLEM = ("exercise2", "part1", "problem")
CHANGE = ("exercise2", "part2", "long_term")


@pytest.fixture
def workshops(store: WorkbookStore) -> WorkshopStore:
    return WorkshopStore(store)


def test_a_table_is_one_shared_workbook_of_the_workshop(workshops: WorkshopStore) -> None:
    workshop, trainer = workshops.create("Leeds pilot")
    blue = workshops.add_table(trainer, "  Blue   table ")
    green = workshops.add_table(trainer, "Green")
    assert [t.name for t in workshops.tables(workshop.id)] == ["Blue table", "Green"]

    key_a, first = workshops.join_table(workshop.code, blue.workbook_id, "Amina")
    key_b, second = workshops.join_table(workshop.code.lower(), blue.workbook_id, "Ben")
    assert key_a == key_b and first.id == second.id == blue.workbook_id  # one workbook for the table
    _, other = workshops.join_table(workshop.code, green.workbook_id, "")
    assert other.id == green.workbook_id != blue.workbook_id
    # Joining again under the same name (another device, a lost link) adds nobody.
    workshops.join_table(workshop.code, blue.workbook_id, " amina ")
    assert workshops.tables(workshop.id)[0].members == ("Amina", "Ben")
    assert workshops.table_of(blue.workbook_id).name == "Blue table"
    assert workshops.table_of(workshops.join(workshop.code, "Cara")[1].id) is None


def test_two_people_at_a_table_editing_different_answers_both_survive(workshops: WorkshopStore) -> None:
    workshop, trainer = workshops.create("Leeds pilot")
    table = workshops.add_table(trainer, "Table 1")
    key, seen_by_both = workshops.join_table(workshop.code, table.workbook_id, "Amina")
    # Both opened the page at the same moment (the same version), then each saves a different answer.
    set_answer(
        workshops.workbooks,
        key,
        PROBLEM,
        "Isolation of new arrivals",
        read_path(seen_by_both.workbook, PROBLEM),
    )
    set_answer(
        workshops.workbooks,
        key,
        CHANGE,
        "Friendships across groups",
        read_path(seen_by_both.workbook, CHANGE),
    )
    now = workshops.workbooks.get(key).workbook
    assert read_path(now, PROBLEM) == "Isolation of new arrivals"
    assert read_path(now, CHANGE) == "Friendships across groups"
    # The same answer changed by both: the second is refused with the first one's text, not overwritten.
    set_answer(workshops.workbooks, key, PROBLEM, "Amina's version", "Isolation of new arrivals")
    with pytest.raises(EditConflict) as conflict:
        set_answer(workshops.workbooks, key, PROBLEM, "Ben's version", "Isolation of new arrivals")
    assert conflict.value.current == "Amina's version"
    assert read_path(workshops.workbooks.get(key).workbook, PROBLEM) == "Amina's version"


def test_table_names_are_checked_and_joins_refused_plainly(workshops: WorkshopStore) -> None:
    workshop, trainer = workshops.create("Leeds pilot")
    other, other_trainer = workshops.create("Bradford")
    table = workshops.add_table(trainer, "Table 1")
    for bad, words in (("", "name of up to"), ("x" * 61, "name of up to"), ("TABLE 1", "already a table")):
        with pytest.raises(WorkshopError, match=words):
            workshops.add_table(trainer, bad)
    with pytest.raises(WorkshopError, match="not in this workshop"):
        workshops.join_table(other.code, table.workbook_id, "Amina")
    with pytest.raises(WorkshopError, match="trainer key"):
        workshops.add_table("not-a-key", "Table 2")
    with pytest.raises(WorkshopError, match="can|table"):
        workshops.reissue_link(trainer, table.workbook_id)  # a table's link is everyone's: not re-issued
    workshops.close(trainer)
    with pytest.raises(WorkshopError, match="closed"):
        workshops.join_table(workshop.code, table.workbook_id, "Ben")
    for n in range(MAX_TABLES):
        workshops.add_table(other_trainer, f"T{n}")
    with pytest.raises(WorkshopError, match=f"at most {MAX_TABLES}"):
        workshops.add_table(other_trainer, "One too many")


def test_the_room_names_tables_in_every_view_and_in_the_export(workshops: WorkshopStore) -> None:
    pack = load_content()
    workshop, trainer = workshops.create("Leeds pilot", ["exercise1", "exercise2"])
    workshops.update_settings(trainer, lambda s: setattr(s, "wall_anonymous", False))
    blue = workshops.add_table(trainer, "Blue")
    green = workshops.add_table(trainer, "Green")
    key_blue, _ = workshops.join_table(workshop.code, blue.workbook_id, "Amina")
    workshops.join_table(workshop.code, blue.workbook_id, "Ben")
    key_green, _ = workshops.join_table(workshop.code, green.workbook_id, "Cara")
    solo_key, _ = workshops.join(workshop.code, "Dev")
    bank = pack.indicators.indicators
    for key, domain, first, second, text in (
        (key_blue, 3, bank[0].id, bank[1].id, "Blue's problem"),
        (key_green, 9, bank[2].id, bank[3].id, "Green's problem"),
    ):
        set_answer(workshops.workbooks, key, ("exercise1", "social_connection"), domain, None)
        set_answer(workshops.workbooks, key, ("exercise2", "part1", "indicator"), first, None)
        set_answer(workshops.workbooks, key, ("exercise2", "part2", "indicator"), second, None)
        set_answer(workshops.workbooks, key, PROBLEM, text, "")
    set_answer(workshops.workbooks, solo_key, PROBLEM, "Dev's problem", "")

    participants = workshops.participants(workshop.id)
    assert [(p.table, p.name, p.people) for p in participants] == [
        ("Blue", "Amina, Ben", 2),
        ("Green", "Cara", 1),
        (None, "Dev", 1),
    ]
    compared = tables_compared(pack, participants)
    assert list(compared.columns) == ["Blue", "Green"]
    domains = {d.number: d.name for d in pack.framework.domains}
    row = compared.loc["Social Connections domain (Exercise 1)"]
    assert list(row) == [f"3. {domains[3]}", f"9. {domains[9]}"]
    blue_workbook = workshops.workbooks.get(key_blue).workbook
    assert compared.loc["Part 1 indicator (Exercise 2)", "Blue"] == indicator_text(
        pack, blue_workbook, bank[0].id
    )
    assert (
        compared.loc["Part 2 indicator (Exercise 2)", "Green"]
        != compared.loc["Part 1 indicator (Exercise 2)", "Green"]
    )
    assert compared.loc["Facilitators domain (Exercise 1)", "Blue"] == "—"

    # The wall names a table by its table name (never a member's), a person as before.
    authors = {a.author for a in wall_answers(participants, ".".join(PROBLEM), anonymous=False)}
    assert authors == {"Blue", "Green", "Dev"}
    people = people_table(participants, workshop.settings.exercises, workshops.members(workshop.id))
    assert list(people["Table"]) == ["Blue", "Green", ""]
    assert people["Name"][0] == "Blue (shared: Amina, Ben)"

    sheet = load_workbook(io.BytesIO(export_workshop(pack, workshops, workshop)))["Responses"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, [c.value for c in r], strict=True)) for r in sheet.iter_rows(min_row=2)]
    answers = {(r["Table"], r["Answer"]) for r in rows}
    assert ("Blue", "Blue's problem") in answers and ("Green", "Green's problem") in answers
    assert (None, "Dev's problem") in answers or ("", "Dev's problem") in answers
    assert {r["Display name"] for r in rows if r["Table"] == "Blue"} == {"Amina, Ben"}
    summary = [
        [c.value for c in r]
        for r in load_workbook(io.BytesIO(export_workshop(pack, workshops, workshop)))["Summary"].iter_rows()
    ]
    assert ["Tables", "Blue", "Amina, Ben"] in summary


def test_duplicating_a_workshop_keeps_its_tables_empty(workshops: WorkshopStore) -> None:
    workshop, trainer = workshops.create("Leeds pilot")
    table = workshops.add_table(trainer, "Blue")
    key, _ = workshops.join_table(workshop.code, table.workbook_id, "Amina")
    set_answer(workshops.workbooks, key, PROBLEM, "kept in the first cohort", "")
    copy, _ = workshops.duplicate(trainer)
    (new_table,) = workshops.tables(copy.id)
    assert new_table.name == "Blue" and new_table.members == ()
    assert new_table.workbook_id != table.workbook_id
    _, fresh = workshops.join_table(copy.code, new_table.workbook_id, "Ben")
    assert read_path(fresh.workbook, PROBLEM) == ""
    assert read_path(workshops.workbooks.get(key).workbook, PROBLEM) == "kept in the first cohort"


def test_table_line_names_the_table_and_who_joined_exactly_as_typed(workshops: WorkshopStore) -> None:
    workshop, trainer = workshops.create("Leeds pilot")
    table = workshops.add_table(trainer, "Table #1")
    assert table_line(table) == r"- **Table \#1** — nobody has joined by name yet"
    workshops.join_table(workshop.code, table.workbook_id, "Amina")
    workshops.join_table(workshop.code, table.workbook_id, "*Ben*")
    (joined,) = workshops.tables(workshop.id)
    assert table_line(joined) == r"- **Table \#1** — Amina\, \*Ben\*"
