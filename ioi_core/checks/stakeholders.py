"""The guide's stakeholder checks, answered from the stakeholder table, and the power-interest grid."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import pandas as pd

from ioi_core.content.models import StakeholderGroup, StakeholdersContent
from ioi_core.model.workbook import Level, StakeholderPlan
from ioi_core.text.markdown_safety import literal

LEVEL_NUMBER = {Level.LOW: 1, Level.MEDIUM: 2, Level.HIGH: 3}


@dataclass(frozen=True)
class Check:
    question: str
    ok: bool | None  # None: not answered yet
    detail: str
    answer: str = ""  # the answer in a word, where it is not whether the check is met

    @property
    def verdict(self) -> str:
        """What the question is answered with: "Yes", "No" or "Not answered"."""
        return self.answer or {True: "Yes", False: "No", None: "Not answered"}[self.ok]

    def in_words(self) -> str:
        return f"{self.verdict}. {self.detail}".strip()


def stakeholder_checks(
    plan: StakeholderPlan, group_labels: dict[StakeholderGroup, str], inclusion: list[str]
) -> list[Check]:
    """The guide's questions about who is involved, each answered yes/no with a reason; `inclusion` is
    what the guide asks to keep in mind (content/stakeholders.yaml)."""
    rows = plan.rows
    by_group = {g: [r for r in rows if r.group == g] for g in StakeholderGroup}
    checks = []
    for group in (
        StakeholderGroup.NEWCOMERS,
        StakeholderGroup.RECEIVING_COMMUNITY,
        StakeholderGroup.INSTITUTIONS,
    ):
        names = ", ".join(r.name for r in by_group[group])
        checks.append(
            Check(
                f"Are {group_labels[group].lower()} among your stakeholders?",
                bool(by_group[group]),
                names or f"No {group_labels[group].lower()} listed yet.",
            )
        )
    for group in (
        StakeholderGroup.NEWCOMERS,
        StakeholderGroup.RECEIVING_COMMUNITY,
        StakeholderGroup.INSTITUTIONS,
    ):
        involved = [r.name for r in by_group[group] if r.at_design]
        checks.append(
            Check(
                f"Are {group_labels[group].lower()} involved at design?",
                bool(involved) if by_group[group] else False,
                ", ".join(involved) or "Nobody from this group is marked as involved at design.",
            )
        )
    checks.append(
        Check(  # met once answered either way; the answer itself is the verdict
            "Is an interpreter needed?",
            None if plan.interpreter_needed is None else True,
            "Plan and budget for one." if plan.interpreter_needed else "",
            answer={None: "Not answered", True: "Yes", False: "No"}[plan.interpreter_needed],
        )
    )
    missing = [x for x in inclusion if x not in plan.inclusion_considered]
    considered = ", ".join(inclusion[:-1]) + (" and " if len(inclusion) > 1 else "") + inclusion[-1]
    checks.append(
        Check(
            f"Have {considered} been considered?",
            not missing,
            "All considered." if not missing else "Not yet considered: " + ", ".join(missing) + ".",
        )
    )
    return checks


# Stakeholders in the same cell are listed down it, one per line, five to a column; columns sit side
# by side and squeeze closer when a cell is crowded, so everyone stays inside their own cell (beyond
# ten in a cell long names may touch; the sentence under the chart lists everyone). Offsets are in
# axis units: each cell spans one unit.
PER_COLUMN, LINE_STEP, COLUMN_STEP, CELL_SPAN = 5, 0.18, 0.4, 0.8


def power_interest_data(plan: StakeholderPlan, group_labels: dict[StakeholderGroup, str]) -> pd.DataFrame:
    """One row per stakeholder, placed so that people in the same cell do not overlap."""
    cells = [(LEVEL_NUMBER[r.interest], LEVEL_NUMBER[r.influence]) for r in plan.rows]
    crowd = Counter(cells)
    rows, seen = [], Counter[tuple[int, int]]()
    for r, cell in zip(plan.rows, cells, strict=True):
        columns = math.ceil(crowd[cell] / PER_COLUMN)
        per_column = math.ceil(crowd[cell] / columns)
        column, line = divmod(seen[cell], per_column)
        seen[cell] += 1
        column_step = min(COLUMN_STEP, CELL_SPAN / columns)
        line_step = min(LINE_STEP, CELL_SPAN / per_column)
        rows.append(
            {
                "name": r.name,
                "group": group_labels[r.group],
                "interest": cell[0] - CELL_SPAN / 2 + column * column_step,
                "influence": cell[1] + CELL_SPAN / 2 - 0.04 - line * line_step,
                "quadrant": quadrant(r.interest, r.influence),
            }
        )
    return pd.DataFrame(rows, columns=["name", "group", "interest", "influence", "quadrant"])


QUADRANT_ORDER = ["Involve closely", "Keep satisfied", "Keep informed", "Monitor"]


def power_interest_in_words(plan: StakeholderPlan, guide: StakeholdersContent | None = None) -> str:
    """The power-interest chart as a sentence: who falls in each quadrant (its text alternative).

    Target newcomers are never filed under "Keep informed" or "Monitor": the guide asks for their direct
    input from the design stage whatever their influence, so they are listed under "Involve closely"
    (with the guide's reason from `guide`, when given).
    """
    names: dict[str, list[str]] = {}
    moved = False
    for r in plan.rows:
        where = quadrant(r.interest, r.influence)
        if r.group == StakeholderGroup.NEWCOMERS and where != QUADRANT_ORDER[0]:
            where, moved = QUADRANT_ORDER[0], True
        names.setdefault(where, []).append(literal(r.name))
    words = "; ".join(f"**{q}**: {', '.join(names[q])}" for q in QUADRANT_ORDER if q in names) + "."
    return f"{words} {guide.newcomers_from_design}" if moved and guide else words


def quadrant(interest: Level, influence: Level) -> str:
    high_interest = interest != Level.LOW
    high_influence = influence != Level.LOW
    return {
        (True, True): "Involve closely",
        (False, True): "Keep satisfied",
        (True, False): "Keep informed",
        (False, False): "Monitor",
    }[(high_interest, high_influence)]


def agreed_so_far(plan: StakeholderPlan, guide: StakeholdersContent) -> int:
    """How many of the guide's five things to agree have an agreement written down."""
    return sum(1 for t in guide.things_to_agree if (a := plan.agreements.get(t.id)) and a.agreed.strip())
