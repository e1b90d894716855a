"""The power-interest chart's text alternative names everyone, by quadrant, in the guide's order."""

from __future__ import annotations

from ioi_core.stakeholder_checks import power_interest_in_words, quadrant
from ioi_core.workbook import Level, Stakeholder, StakeholderPlan


def test_power_interest_in_words_groups_names_by_quadrant_in_order() -> None:
    plan = StakeholderPlan(
        rows=[
            Stakeholder(name="Library", interest="low", influence="low"),
            Stakeholder(name="Council", interest="high", influence="high"),
            Stakeholder(name="Funder", interest="low", influence="high"),
            Stakeholder(name="Learners", interest="high", influence="medium"),
        ]
    )
    assert power_interest_in_words(plan) == (
        "**Involve closely**: Council, Learners; **Keep satisfied**: Funder; **Monitor**: Library."
    )


def test_quadrant_treats_medium_as_high() -> None:
    assert quadrant(Level.MEDIUM, Level.MEDIUM) == "Involve closely"
    assert quadrant(Level.HIGH, Level.LOW) == "Keep informed"
