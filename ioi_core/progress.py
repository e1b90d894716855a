"""How far a workbook has got through the guide's exercises, in the guide's order."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ioi_core.workbook import Workbook


class Status(StrEnum):
    NOT_STARTED = "Not started"
    IN_PROGRESS = "In progress"
    DONE = "Done"


@dataclass(frozen=True)
class StepProgress:
    id: str
    name: str
    answered: int
    total: int

    @property
    def status(self) -> Status:
        if self.answered == 0:
            return Status.NOT_STARTED
        return Status.DONE if self.answered >= self.total else Status.IN_PROGRESS


def _filled(*values: object) -> int:
    return sum(
        1 for v in values if v not in (None, "", [], {}) and not (isinstance(v, str) and not v.strip())
    )


def progress(workbook: Workbook) -> list[StepProgress]:
    """One line per exercise: how many of its answers are filled in."""
    e1, p1, p2, toc = (
        workbook.exercise1,
        workbook.exercise2.part1,
        workbook.exercise2.part2,
        workbook.theory_of_change,
    )
    rights = e1.rights_indicators or ([e1.rights_custom] if e1.rights_custom.strip() else [])
    return [
        StepProgress(
            "exercise1",
            "Exercise 1 — Thinking with the framework",
            _filled(e1.intervention, e1.facilitator, e1.social_connection, e1.markers_and_means, rights),
            5,
        ),
        StepProgress(
            "exercise2_part1",
            "Exercise 2 — Part 1 (your usual process)",
            _filled(
                p1.problem,
                p1.domain,
                p1.initiative,
                p1.output_1 or p1.output_2,
                p1.outcome,
                p1.indicator,
                p1.long_term,
            ),
            7,
        ),
        StepProgress(
            "exercise2_part2",
            "Exercise 2 — Part 2 (Theory of Change)",
            _filled(
                p2.long_term,
                p2.domain_still_relevant,
                p2.outcome,
                p2.indicator,
                p2.output_1 or p2.output_2,
                p2.initiative,
                p2.differs,
            ),
            7,
        ),
        StepProgress(
            "theory_of_change",
            "Your own Theory of Change",
            _filled(
                toc.assumptions,
                toc.evidence_kind or toc.evidence_source,
                toc.stakeholder_commitment,
                toc.targets,
                toc.staying_on_track,
                toc.evaluation_when,
            ),
            6,
        ),
        StepProgress("stakeholders", "Stakeholders", min(len(workbook.stakeholders.rows), 3), 3),
        StepProgress(
            "barriers",
            "Barriers",
            sum(1 for b in workbook.barriers.values() if b.challenges.strip() or b.plan.strip()),
            6,
        ),
        StepProgress(
            "evaluation",
            "Evaluation plan",
            min(len([r for r in workbook.evaluation if r.outcome.strip()]), 1),
            1,
        ),
    ]
