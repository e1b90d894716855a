"""Tables as the editor reports them: edits, added and deleted rows become answers; nothing reads as 'nan'."""

from __future__ import annotations

import math

from ioi_core.content.models import StakeholderGroup
from ioi_core.content.pack import load_content
from ioi_core.model.tables import (
    apply_table_edits,
    reading_rows,
    readings_from_rows,
    stakeholder_rows,
    stakeholders_from_rows,
)
from ioi_core.model.workbook import Level, Reading, Stakeholder

LABELS = load_content().stakeholders.group_labels


def test_edits_deletions_and_additions_apply_to_the_rows_shown() -> None:
    rows = [{"a": "one"}, {"a": "two"}, {"a": "three"}]
    edits = {
        "edited_rows": {0: {"a": "ONE"}, 2: {"a": "THREE"}},
        "deleted_rows": [1],
        "added_rows": [{"a": "four"}],
    }
    assert apply_table_edits(rows, edits) == [{"a": "ONE"}, {"a": "THREE"}, {"a": "four"}]
    assert rows[0] == {"a": "one"}, "the rows shown are not changed in place"


def test_a_row_added_with_blank_cells_stores_empty_text_not_nan() -> None:
    people = [Stakeholder(name="Council", group=StakeholderGroup.INSTITUTIONS, role="funder")]
    rows = apply_table_edits(
        stakeholder_rows(people, LABELS),
        {"added_rows": [{"name": "Women's group", "role": None, "notes": math.nan, "at_design": None}]},
    )
    saved = stakeholders_from_rows(rows, LABELS)
    assert [s.name for s in saved] == ["Council", "Women's group"]
    assert saved[1].role == "" and saved[1].notes == "" and saved[1].at_design is False
    assert saved[1].influence == Level.MEDIUM and saved[1].group == StakeholderGroup.OTHER
    assert saved[0] == people[0], "an untouched row comes back as it was"


def test_a_row_with_nothing_typed_yet_is_not_an_answer() -> None:
    rows = apply_table_edits([], {"added_rows": [{}, {"name": None, "at_design": False}]})
    assert stakeholders_from_rows(rows, LABELS) == []
    assert readings_from_rows([{"group": None, "when": "", "value": math.nan}]) == []


def test_a_reading_still_being_typed_is_kept_with_what_it_has() -> None:
    rows = apply_table_edits(
        reading_rows([Reading(group="Newcomers", when="Q1", value=20.0)]),
        {"added_rows": [{"group": "Residents"}], "edited_rows": {0: {"value": 25}}},
    )
    assert readings_from_rows(rows) == [
        Reading(group="Newcomers", when="Q1", value=25.0),
        Reading(group="Residents", when="", value=None),
    ]
