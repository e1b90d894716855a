"""Answers kept as tables (stakeholders, readings): rows as a table editor shows them, and back.

A table editor reports what the person changed as edits to the rows it was given (edited cells,
added rows, deleted rows). `apply_table_edits` turns that into the whole table; the `*_from_rows`
functions turn rows into answers, skipping rows the person has not typed anything into yet and
reading an untouched cell as empty (never as the text "nan").
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from ioi_core.content.models import StakeholderGroup
from ioi_core.model.workbook import Level, Reading, Stakeholder

# Columns are the model's field names; what the person sees as headings comes from the catalogue.
STAKEHOLDER_COLUMNS = [
    "name",
    "group",
    "role",
    "influence",
    "interest",
    "at_design",
    "at_delivery",
    "at_evaluation",
    "notes",
]
READING_COLUMNS = ["group", "when", "value"]


def apply_table_edits(rows: Sequence[Mapping[str, Any]], edits: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The whole table after the editor's changes (cells edited, rows deleted, rows added at the end)."""
    result = [dict(row) for row in rows]
    for index, changes in (edits.get("edited_rows") or {}).items():
        position = int(index)
        if 0 <= position < len(result):
            result[position].update(changes)
    deleted = {int(i) for i in edits.get("deleted_rows") or []}
    kept = [row for position, row in enumerate(result) if position not in deleted]
    return kept + [dict(row) for row in edits.get("added_rows") or []]


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def cell_text(value: Any) -> str:
    """A text cell as typed; an untouched cell is empty."""
    return "" if _missing(value) else str(value).strip()


def _blank(row: Mapping[str, Any]) -> bool:
    return all(_missing(v) or v is False or (isinstance(v, str) and not v.strip()) for v in row.values())


def stakeholder_rows(
    stakeholders: Sequence[Stakeholder], labels: Mapping[StakeholderGroup, str]
) -> list[dict[str, Any]]:
    """The table the page shows: one row per stakeholder, groups by their plain label."""
    return [
        {
            "name": s.name,
            "group": labels[s.group],
            "role": s.role,
            "influence": s.influence.value,
            "interest": s.interest.value,
            "at_design": s.at_design,
            "at_delivery": s.at_delivery,
            "at_evaluation": s.at_evaluation,
            "notes": s.notes,
        }
        for s in stakeholders
    ]


def stakeholders_from_rows(
    rows: Sequence[Mapping[str, Any]], labels: Mapping[StakeholderGroup, str]
) -> list[Stakeholder]:
    """Stakeholders from the table; rows with nothing typed in them yet are left out."""
    by_label = {label: group for group, label in labels.items()}
    levels = {level.value for level in Level}
    people = []
    for row in rows:
        if _blank(row):
            continue
        people.append(
            Stakeholder(
                name=cell_text(row.get("name")),
                group=by_label.get(cell_text(row.get("group")), StakeholderGroup.OTHER),
                role=cell_text(row.get("role")),
                influence=cell_text(row.get("influence"))
                if cell_text(row.get("influence")) in levels
                else "medium",
                interest=cell_text(row.get("interest"))
                if cell_text(row.get("interest")) in levels
                else "medium",
                at_design=bool(row.get("at_design")) and not _missing(row.get("at_design")),
                at_delivery=bool(row.get("at_delivery")) and not _missing(row.get("at_delivery")),
                at_evaluation=bool(row.get("at_evaluation")) and not _missing(row.get("at_evaluation")),
                notes=cell_text(row.get("notes")),
            )
        )
    return people


def reading_rows(readings: Sequence[Reading]) -> list[dict[str, Any]]:
    return [{"group": r.group, "when": r.when, "value": r.value} for r in readings]


def readings_from_rows(rows: Sequence[Mapping[str, Any]]) -> list[Reading]:
    """Readings from the table; a row still being typed is kept with what it has so far."""
    readings = []
    for row in rows:
        if _blank(row):
            continue
        value = row.get("value")
        readings.append(
            Reading(
                group=cell_text(row.get("group")),
                when=cell_text(row.get("when")),
                value=None if _missing(value) else float(value),
            )
        )
    return readings
