"""Exercise logic: what is missing, when the worked example shows, what changed between the parts."""

from __future__ import annotations

from ioi_core.checks.progress import toc_missing
from ioi_core.content.pack import load_content
from ioi_core.model.exercises import (
    compare_parts,
    exercise1_example_visible,
    exercise1_missing,
    exercise1_path,
    part1_missing,
    part2_missing,
)
from ioi_core.model.workbook import Exercise1, Target, Workbook, WorkbookMeta


def test_exercise1_missing_in_plain_words_and_path_in_the_guides_order() -> None:
    answers = Exercise1()
    assert len(exercise1_missing(answers)) == 5
    answers.intervention = "own"
    assert "Describe your intervention in a sentence or two." in exercise1_missing(answers)
    answers.markers_and_means, answers.facilitator, answers.social_connection = 5, 13, 7
    assert exercise1_path(answers) == [13, 7, 5]
    # Step 2's Rights and Responsibilities indicators put domain 14 on the red line.
    answers.rights_indicators = ["g-rights-01"]
    assert exercise1_path(answers) == [13, 7, 5, 14]
    answers.rights_indicators, answers.rights_custom = [], "Knows where to get free legal advice"
    assert exercise1_path(answers) == [13, 7, 5, 14]
    assert exercise1_path(Exercise1(rights_custom="  ")) == []


def test_worked_example_waits_for_the_users_own_choices() -> None:
    answers = Exercise1(facilitator=13, social_connection=7, rights_custom="Legal advice")
    assert not exercise1_example_visible(answers)  # three domains on the line, but Step 1 unfinished
    assert exercise1_example_visible(answers, revealed_by_trainer=True)
    answers.markers_and_means = 1
    assert exercise1_example_visible(answers)
    assert exercise1_example_visible(Exercise1(example_revealed=True))


def filled_part1(wb: Workbook) -> None:
    p1 = wb.exercise2.part1
    p1.problem, p1.domain, p1.initiative = "Isolation", 9, "Childcare at ESOL"
    p1.output_1, p1.outcome, p1.indicator, p1.long_term = (
        "Attendance",
        "More practice",
        "x",
        "Stronger English",
    )


def test_sample_answers_wait_for_every_part1_answer() -> None:
    wb = Workbook(meta=WorkbookMeta(title="T"))
    assert len(part1_missing(wb.exercise2.part1)) == 7
    filled_part1(wb)
    assert part1_missing(wb.exercise2.part1) == []
    wb.exercise2.part1.long_term = "   "
    assert part1_missing(wb.exercise2.part1) == ["the long-term difference"]


def test_part2_asks_for_the_new_domain_when_the_old_one_no_longer_fits() -> None:
    wb = Workbook(meta=WorkbookMeta(title="T"))
    wb.exercise2.part2.domain_still_relevant = False
    assert "the domain you now think is most relevant" in part2_missing(wb.exercise2.part2)


def test_compare_marks_what_changed() -> None:
    pack = load_content()
    wb = Workbook(meta=WorkbookMeta(title="T"))
    filled_part1(wb)
    indicator_ids = [i.id for i in pack.indicators_in_domain(9)]
    wb.exercise2.part1.indicator = indicator_ids[0]
    p2 = wb.exercise2.part2
    p2.long_term, p2.domain_still_relevant = "Stronger English", True
    p2.indicator, p2.initiative = indicator_ids[1], "Language café"
    rows = {r.question: r for r in compare_parts(pack, wb)}
    assert not rows["Long-term difference (impact)"].changed  # same words
    assert not rows["Most relevant domain"].changed  # still relevant: the Part 1 domain carries over
    assert rows["Indicator"].changed and rows["Initiative"].changed
    assert not rows["Outcome"].changed  # unanswered in Part 2: nothing to compare yet


def test_theory_of_change_missing_steps() -> None:
    wb = Workbook(meta=WorkbookMeta(title="T"))
    assert len(toc_missing(wb)) == 6
    wb.theory_of_change.targets = [Target(indicator="x")]
    assert not any(m.startswith("Step 4") for m in toc_missing(wb))
    assert any(m.startswith("Step 5") for m in toc_missing(wb))


def test_theory_of_change_still_to_do_agrees_with_progress() -> None:
    """Start said "Done (6 of 6)" while the page listed a step to do: both now count the same."""
    from ioi_core.checks.content_pack import get_content
    from ioi_core.checks.progress import progress

    def toc_line(wb: Workbook):  # noqa: ANN202
        return next(s for s in progress(wb, get_content()) if s.id == "theory_of_change")

    wb = Workbook(meta=WorkbookMeta(title="T"))
    toc = wb.theory_of_change
    steps = [
        lambda: setattr(toc, "assumptions", "Childcare"),
        lambda: setattr(toc, "evidence_source", "Council survey"),
        lambda: setattr(toc, "stakeholder_commitment", "Co-designed"),
        lambda: toc.targets.append(Target(indicator="x", baseline="5")),  # no activity linked yet
        lambda: setattr(toc, "staying_on_track", "Monthly review"),
        lambda: setattr(toc, "evaluation_when", "Start and end"),
    ]
    for step in steps:
        line = toc_line(wb)
        assert len(toc_missing(wb)) == line.total - line.answered
        step()
    assert toc_line(wb).status.value == "Done" and toc_missing(wb) == []


def test_top_barriers_are_the_rated_areas_highest_first_in_the_guides_order_within_a_level() -> None:
    from ioi_core.model.exercises import top_barriers
    from ioi_core.model.workbook import BarrierNote, Level

    guide = load_content().barriers
    first, second, third, fourth = (area.id for area in guide.areas[:4])
    wb = Workbook(meta=WorkbookMeta(title="Barriers"))
    wb.barriers = {
        first: BarrierNote(priority=Level.LOW),
        second: BarrierNote(priority=Level.HIGH),
        third: BarrierNote(plan="not rated"),
        fourth: BarrierNote(priority=Level.HIGH),
    }
    assert [area.id for area, _ in top_barriers(guide, wb)] == [second, fourth, first]


def test_exercise2_samples_show_per_answered_part_or_for_both_on_demand_or_when_revealed() -> None:
    from ioi_core.model.exercises import exercise2_samples_hidden
    from ioi_core.model.workbook import Exercise2
    from tests.fixtures.sample_workbook import full_workbook

    assert exercise2_samples_hidden(Exercise2()) == (True, True)
    assert exercise2_samples_hidden(Exercise2(), revealed_by_trainer=True) == (False, False)
    assert exercise2_samples_hidden(Exercise2(samples_revealed=True)) == (False, False)
    answered = full_workbook().exercise2
    assert exercise2_samples_hidden(Exercise2(part1=answered.part1)) == (False, True)
    assert exercise2_samples_hidden(Exercise2(part2=answered.part2)) == (True, False)
