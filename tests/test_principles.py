"""The principles check: each rule fires on a workbook that breaks it and not on one that follows it."""

from __future__ import annotations

import pytest

from ioi_core.checks.principles import check_principles
from ioi_core.content.pack import ContentPack, load_content
from ioi_core.model.workbook import (
    CustomIndicator,
    EvaluationRow,
    Stakeholder,
    Target,
    Workbook,
    WorkbookMeta,
)


@pytest.fixture(scope="module")
def pack() -> ContentPack:
    return load_content()


def first_indicator(pack: ContentPack, domain: int) -> str:
    return pack.indicators_in_domain(domain)[0].id


def good_workbook(pack: ContentPack) -> Workbook:
    """A plan that follows the guide on every point the check looks at."""
    wb = Workbook(meta=WorkbookMeta(title="Good plan"))
    wb.exercise2.part2.long_term = "Confidence to use English every day"
    wb.exercise2.part2.table.goal = "Confidence to use English every day"
    wb.exercise2.part2.table.activities = "Language café"
    wb.exercise2.part2.indicator = first_indicator(pack, 9)
    wb.theory_of_change.targets = [
        Target(
            indicator=first_indicator(pack, 7), baseline="20%", target="40%", activity="Volunteer pairing"
        ),
        Target(indicator=first_indicator(pack, 1), baseline="10%", target="15%", activity="Job club"),
    ]
    wb.theory_of_change.evaluation_when = "Every quarter and at the end"
    wb.stakeholders.rows = [
        Stakeholder(name="Women attending ESOL", group="newcomers", at_design=True),
        Stakeholder(name="Local residents", group="receiving_community", at_design=True),
        Stakeholder(name="ESOL provider", group="institutions"),
    ]
    return wb


def fired(pack: ContentPack, wb: Workbook) -> set[str]:
    return {f.rule_id for f in check_principles(pack, wb)}


def test_a_plan_that_follows_the_guide_has_no_findings(pack: ContentPack) -> None:
    assert fired(pack, good_workbook(pack)) == set()


def test_all_indicators_from_one_domain(pack: ContentPack) -> None:
    wb = good_workbook(pack)
    ids = [i.id for i in pack.indicators_in_domain(3)]
    wb.exercise2.part2.indicator = ids[0]
    wb.theory_of_change.targets = [Target(indicator=ids[1], baseline="1", activity="a")]
    findings = {f.rule_id: f for f in check_principles(pack, wb)}
    assert "one_domain" in findings and "3. Housing" in findings["one_domain"].message
    assert "service provision" in findings["one_domain"].guide_reason.text


def test_all_indicators_from_one_type(pack: ContentPack) -> None:
    wb = good_workbook(pack)
    wb.exercise2.part2.indicator = first_indicator(pack, 1)
    wb.theory_of_change.targets = [Target(indicator=first_indicator(pack, 3), baseline="1", activity="a")]
    assert {"one_type", "no_social_connections"} <= fired(pack, wb)
    assert "one_domain" not in fired(pack, wb)


def test_no_social_connections_indicator(pack: ContentPack) -> None:
    wb = good_workbook(pack)
    wb.theory_of_change.targets[0].indicator = first_indicator(pack, 12)
    assert "no_social_connections" in fired(pack, wb)


def test_a_custom_indicator_counts_in_its_domain(pack: ContentPack) -> None:
    wb = good_workbook(pack)
    wb.custom_indicators.append(CustomIndicator(id="custom-1", domain=6, text="% who meet friends weekly"))
    wb.theory_of_change.targets[0].indicator = "custom-1"
    assert "no_social_connections" not in fired(pack, wb)


def test_no_stakeholders(pack: ContentPack) -> None:
    wb = good_workbook(pack)
    wb.stakeholders.rows = []
    assert "no_stakeholders" in fired(pack, wb)


def test_no_receiving_community_or_institution(pack: ContentPack) -> None:
    wb = good_workbook(pack)
    wb.stakeholders.rows = [Stakeholder(name="Newcomer women", group="newcomers", at_design=True)]
    assert {"no_receiving_community", "no_institution"} <= fired(pack, wb)


def test_newcomers_not_involved_at_design(pack: ContentPack) -> None:
    wb = good_workbook(pack)
    wb.stakeholders.rows[0].at_design = False
    findings = {f.rule_id: f for f in check_principles(pack, wb)}
    assert "none is involved at the design stage" in findings["newcomers_not_at_design"].message


def test_no_evaluation_planned(pack: ContentPack) -> None:
    wb = good_workbook(pack)
    wb.theory_of_change.evaluation_when = ""
    assert "no_evaluation" in fired(pack, wb)
    wb.evaluation = [EvaluationRow(outcome="More conversations", baseline=12.0)]
    assert "no_evaluation" not in fired(pack, wb)


def test_evaluation_without_a_baseline(pack: ContentPack) -> None:
    wb = good_workbook(pack)
    wb.theory_of_change.targets[0].baseline = ""
    assert "no_baseline" in fired(pack, wb)


def test_targets_not_linked_to_activities(pack: ContentPack) -> None:
    wb = good_workbook(pack)
    wb.theory_of_change.targets[1].activity = " "
    findings = {f.rule_id: f for f in check_principles(pack, wb)}
    assert findings["targets_not_linked"].message.startswith("1 of 2 target(s)")


def test_planning_forwards(pack: ContentPack) -> None:
    wb = good_workbook(pack)
    wb.exercise2.part2.long_term = ""
    wb.exercise2.part2.table.goal = ""
    assert "planning_forwards" in fired(pack, wb)


def test_every_finding_cites_the_guide_and_a_page(pack: ContentPack) -> None:
    wb = Workbook(meta=WorkbookMeta(title="Empty"))
    wb.exercise2.part2.table.activities = "Something"
    findings = check_principles(pack, wb)
    assert {f.rule_id for f in findings} == {"no_stakeholders", "no_evaluation", "planning_forwards"}
    for finding in findings:
        assert finding.guide_reason.source.startswith("IOM Guide")
        assert finding.fix_page.startswith("pages/")
