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


def test_chart_places_everyone_in_their_own_cell_without_overlap() -> None:
    """Up to 15 people in one cell: each stays inside the cell, and no two share a line."""
    from ioi_core.stakeholder_checks import power_interest_data
    from ioi_core.workbook import StakeholderGroup

    crowd = [Stakeholder(name=f"P{i}", interest="medium", influence="high") for i in range(14)]
    plan = StakeholderPlan(rows=[*crowd, Stakeholder(name="Alone", interest="low", influence="low")])
    data = power_interest_data(plan, {g: g.value for g in StakeholderGroup})
    cell = data[data.name.str.startswith("P")]
    assert cell.interest.between(1.55, 2.45).all() and cell.influence.between(2.55, 3.45).all()
    assert not cell.duplicated(["interest", "influence"]).any()
    same_column = cell.groupby("interest").influence.apply(lambda ys: sorted(ys.round(3)))
    for ys in same_column:  # names are one line apart within a column
        assert all(round(b - a, 3) >= 0.18 for a, b in zip(ys, ys[1:], strict=False))
    alone = data[data.name == "Alone"].iloc[0]
    assert 0.5 < alone.interest < 1.5 and 0.5 < alone.influence < 1.5
