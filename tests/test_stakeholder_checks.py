"""The power-interest chart's text alternative names everyone, by quadrant, in the guide's order."""

from __future__ import annotations

import pytest

from ioi_core.checks.stakeholders import power_interest_in_words, quadrant
from ioi_core.model.workbook import Level, Stakeholder, StakeholderPlan


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


@pytest.mark.parametrize("crowd", [3, 5, 10, 16, 40])
def test_chart_keeps_everyone_in_their_own_cell_apart(crowd: int) -> None:
    """However many share a cell, each stays inside it at a place of their own."""
    from ioi_core.checks.stakeholders import power_interest_data
    from ioi_core.model.workbook import StakeholderGroup

    people = [Stakeholder(name=f"P{i}", interest="medium", influence="high") for i in range(crowd)]
    plan = StakeholderPlan(rows=[*people, Stakeholder(name="Alone", interest="high", influence="low")])
    data = power_interest_data(plan, {g: g.value for g in StakeholderGroup})
    cell = data[data.name.str.startswith("P")]
    assert cell.interest.between(1.55, 2.45).all() and cell.influence.between(2.55, 3.45).all()
    assert not cell.round(3).duplicated(["interest", "influence"]).any()
    if crowd <= 10:  # up to two columns: names a full line apart
        for ys in cell.groupby("interest").influence.apply(lambda ys: sorted(ys.round(3))):
            assert all(round(b - a, 3) >= 0.16 for a, b in zip(ys, ys[1:], strict=False))
    alone = data[data.name == "Alone"].iloc[0]
    assert 2.5 < alone.interest < 3.5 and 0.5 < alone.influence < 1.5


def test_agreed_so_far_counts_things_with_an_agreement_written_not_only_who_or_when() -> None:
    from ioi_core.checks.stakeholders import agreed_so_far
    from ioi_core.content.pack import load_content
    from ioi_core.model.workbook import Agreement

    guide = load_content().stakeholders
    first, second, third = (t.id for t in guide.things_to_agree[:3])
    plan = StakeholderPlan(
        agreements={
            first: Agreement(agreed="Weekly meeting"),
            second: Agreement(agreed="   ", who="Council"),
            third: Agreement(when="May"),
        }
    )
    assert agreed_so_far(plan, guide) == 1
    assert agreed_so_far(StakeholderPlan(), guide) == 0


@pytest.mark.parametrize(
    ("needed", "words", "met"),
    [(None, "Not answered.", None), (True, "Yes. Plan and budget for one.", True), (False, "No.", True)],
)
def test_the_interpreter_check_says_the_answer_once(needed: bool | None, words: str, met: bool | None) -> None:
    """Answered either way, the check is met; what it says is the answer ("No.", never "Yes. No.")."""
    from ioi_core.checks.stakeholders import stakeholder_checks
    from ioi_core.content.pack import load_content

    guide = load_content().stakeholders
    plan = StakeholderPlan(interpreter_needed=needed)
    check = next(
        c for c in stakeholder_checks(plan, guide.group_labels, guide.inclusion) if "interpreter" in c.question
    )
    assert (check.in_words(), check.ok) == (words, met)
