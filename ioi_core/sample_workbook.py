"""A realistic, fully answered workbook: what accessibility checks and benchmarks open on every page.

Sized like a committed participant's workbook after a full workshop day: every exercise answered,
a dozen stakeholders, three evaluation outcomes with a year of quarterly readings for three groups.
"""

from __future__ import annotations

from ioi_core.workbook import (
    Agreement,
    BarrierNote,
    CustomIndicator,
    EvaluationRow,
    LinkAssumptions,
    PlanningTable,
    Reading,
    Stakeholder,
    Target,
    Workbook,
    WorkbookMeta,
)

_GROUPS = ("Newcomers", "Settled residents", "Local average")
_QUARTERS = ("Q1 2026", "Q2 2026", "Q3 2026", "Q4 2026")


def _readings(start: tuple[float, float, float], step: tuple[float, float, float]) -> list[Reading]:
    return [
        Reading(group=group, when=when, value=round(first + n * delta, 1))
        for group, first, delta in zip(_GROUPS, start, step, strict=True)
        for n, when in enumerate(_QUARTERS)
    ]


def full_workbook(title: str = "Anytown conversation café") -> Workbook:
    """Every exercise answered, as a participant would leave it at the end of a workshop."""
    wb = Workbook(meta=WorkbookMeta(title=title, organisation="Anytown Council", nation="Wales"))
    e1 = wb.exercise1
    e1.intervention, e1.intervention_description = "own", "A weekly conversation café in the library"
    e1.facilitator, e1.facilitator_why = 9, "Practising English is what the café is for."
    e1.social_connection, e1.social_connection_why = 7, "It brings newcomers and settled residents together."
    e1.markers_and_means, e1.markers_and_means_why = 5, "The café is a leisure activity in itself."
    e1.rights_indicators = ["s-rig-01", "s-rig-02"]
    e1.rights_custom = "Participants know where to get free advice on their rights."

    p1 = wb.exercise2.part1
    p1.table = PlanningTable(
        activities="Childcare during ESOL classes",
        outputs="Sessions held; attendance",
        intermediate_outcomes="Women practise English",
        goal="Confident English speakers",
    )
    p1.problem, p1.domain, p1.initiative = "Women miss ESOL classes for lack of childcare", 9, "Crèche"
    p1.output_1, p1.output_2, p1.outcome = "Crèche places used", "Classes attended", "More practice"
    p1.indicator, p1.indicator_why = "g-lang-esol-attendance", "Attendance is what we can count."
    p1.long_term = "Women use English in daily life"
    p2 = wb.exercise2.part2
    p2.table = PlanningTable(
        activities="Conversation café with volunteers",
        outputs="Conversations held",
        intermediate_outcomes="Newcomers talk with neighbours",
        goal="Women feel part of the community",
    )
    p2.long_term, p2.domain_still_relevant, p2.domain = "Women feel part of the community", False, 7
    p2.outcome, p2.indicator = "Regular conversations outside class", "g-bridges-conversation"
    p2.indicator_why, p2.output_1, p2.output_2 = "It measures the change we want.", "Cafés run", "Volunteers"
    p2.initiative, p2.differs = "Conversation café", "We start from the goal, so the activity changed."
    wb.exercise2.key_questions_done = [0, 1, 2, 3]

    toc = wb.theory_of_change
    toc.intervention = "A weekly conversation café"
    toc.assumptions = "Women can attend if childcare is offered; settled residents will volunteer."
    toc.evidence_kind, toc.evidence_source = "Evaluation of a similar café", "Neighbouring council, 2024"
    toc.evidence_supports = "Participants reported more conversations with neighbours."
    toc.stakeholder_commitment = "Library gives the room; ESOL provider refers learners."
    toc.targets = [
        Target(indicator="s-bri-02", baseline="20%", target="40%", activity="Café"),
        Target(indicator="g-bridges-conversation", baseline="15%", target="35%", activity="Café"),
        Target(indicator="s-lan-01", baseline="30%", target="50%", activity="Volunteer training"),
    ]
    toc.staying_on_track, toc.evaluation_when = "Monthly review with partners", "At six and twelve months"
    toc.evaluation_frequency = "Quarterly"
    toc.chain = p2.table.model_copy()
    toc.link_assumptions = LinkAssumptions(
        activities_to_outputs="Volunteers turn up",
        outputs_to_outcomes="Talks continue outside the café",
        outcomes_to_goal="Friendships last",
    )

    groups = ["newcomers", "receiving_community", "institutions", "civil_society", "other"]
    wb.stakeholders.rows = [
        Stakeholder(
            name=f"Stakeholder {n + 1}",
            group=groups[n % len(groups)],
            role="Partner",
            influence=("low", "medium", "high")[n % 3],
            interest=("high", "medium", "low")[n % 3],
            at_design=n % 2 == 0,
            at_delivery=True,
            at_evaluation=n % 3 == 0,
        )
        for n in range(12)
    ]
    wb.stakeholders.interpreter_needed = True
    wb.stakeholders.inclusion_considered = ["gender", "age", "disability"]
    wb.stakeholders.agreements = {
        "desired_outcomes": Agreement(agreed="Conversations outside class", who="All partners", when="May"),
        "responsibility": Agreement(agreed="Library hosts, council evaluates", who="Leads", when="May"),
    }
    wb.barriers = {
        area: BarrierNote(challenges="Short funding cycles", plan="Share the data early", priority="high")
        for area in ("leadership_coordination", "resources", "monitoring_data")
    }
    wb.evaluation = [
        EvaluationRow(
            outcome=outcome,
            indicators=[indicator],
            methods=["Survey", "Attendance records"],
            samples=["Participants"],
            frequency="Quarterly",
            analysis="Compare groups each quarter",
            responsible="Council research team",
            baseline=start[0],
            target=start[1] - 5,
            readings=_readings(start, (5, 1, 0)),
        )
        for outcome, indicator, start in (
            ("Newcomers talk with neighbours", "g-bridges-conversation", (20, 55, 50)),
            ("Newcomers practise English outside class", "g-lang-practice-outside-class", (30, 70, 65)),
            ("Newcomers feel they belong", "s-bri-02", (25, 60, 58)),
        )
    ]
    wb.shortlist = ["s-bri-01", "s-bri-02", "g-bridges-conversation", "s-lan-01", "s-bon-01", "s-rig-01"]
    wb.custom_indicators = [
        CustomIndicator(id="custom-1", domain=7, text="% of café visitors who meet a neighbour there"),
    ]
    wb.best_practices_ticked = {"local-strategy": "Our council integration plan names the café"}
    return wb
