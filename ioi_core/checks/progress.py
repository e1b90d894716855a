"""How far a workbook has got through the guide's exercises: answered questions of the catalogue.

Each counted question is one unit; questions sharing a `progress` name in content/questions.yaml count
as one (either of two outputs, any field of a target). A question repeated for each of the content
pack's barrier areas or things to agree counts once per area or thing; one under a list the person
grows (targets, stakeholders, outcomes) counts once, answered when any entry answers it.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from enum import StrEnum

from ioi_core.checks.content_pack import get_content
from ioi_core.content.pack import ContentPack
from ioi_core.model.questions import KEY_SOURCES, WILDCARD, Answer, Catalogue, Question, answers, catalogue
from ioi_core.model.workbook import Workbook


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


Unit = tuple[str, tuple[str, ...]]


def _keyed_positions(cat: Catalogue, q: Question) -> list[int]:
    """Where the question's path runs over the content pack's keys (barrier areas, things to agree)."""
    parts = q.parts
    return [
        i
        for i, part in enumerate(parts)
        if part == WILDCARD and (c := cat.collections.get(".".join(parts[:i]))) and c.keys_from
    ]


def _name(q: Question) -> str:
    return q.progress if isinstance(q.progress, str) else q.path


def _units(cat: Catalogue, q: Question, pack: ContentPack) -> list[Unit]:
    keys = [
        [k for k, _ in KEY_SOURCES[cat.collections[".".join(q.parts[:i])].keys_from](pack)]  # type: ignore[index]
        for i in _keyed_positions(cat, q)
    ]
    return [(_name(q), combo) for combo in itertools.product(*keys)]


def _unit_of(cat: Catalogue, answer: Answer) -> Unit:
    parts = answer.path.split(".")
    return (_name(answer.question), tuple(parts[i] for i in _keyed_positions(cat, answer.question)))


def _tally(
    workbook: Workbook, pack: ContentPack
) -> tuple[dict[str, dict[Unit, Question]], dict[str, set[Unit]]]:
    """Per counted section: every unit in the guide's order (with its first question), and those answered."""
    cat = catalogue()
    counted = {s.id: s for s in cat.sections if s.progress}
    totals: dict[str, dict[Unit, Question]] = {s: {} for s in counted}
    for section_id, section in counted.items():
        for q in (c for top in section.questions for c in (top.columns or (top,))):
            if q.progress is not False:
                for unit in _units(cat, q, pack):
                    totals[section_id].setdefault(unit, q)
    done: dict[str, set[Unit]] = {s: set() for s in counted}
    for answer in answers(workbook, pack, cat):
        q = answer.question
        if q.section in counted and q.progress is not False and answer.answered:
            unit = _unit_of(cat, answer)
            if unit in totals[q.section]:  # an area the content pack no longer has does not count
                done[q.section].add(unit)
    return totals, done


def progress(workbook: Workbook, pack: ContentPack | None = None) -> list[StepProgress]:
    """One line per exercise (section of the catalogue counted in progress), in the guide's order."""
    pack = pack or get_content()
    totals, done = _tally(workbook, pack)
    titles = {s.id: s.title for s in catalogue().sections}
    return [
        StepProgress(section_id, titles[section_id], len(done[section_id]), len(units))
        for section_id, units in totals.items()
    ]


def unanswered(
    workbook: Workbook, section_id: str, pack: ContentPack | None = None
) -> list[tuple[str, Question]]:
    """What progress counts as not yet answered in one section, in the guide's order: the unit's
    name and its first question. A page's "still to do" lists exactly these, so it and progress agree."""
    pack = pack or get_content()
    totals, done = _tally(workbook, pack)
    return [(unit[0], q) for unit, q in totals[section_id].items() if unit not in done[section_id]]


# What each step of your own Theory of Change still needs, by its progress unit (content/questions.yaml).
TOC_TO_DO = {
    "theory_of_change.assumptions": "Step 1: state the assumption — the barrier to integration in this case.",
    "evidence": "Step 2: say what evidence supports the assumption and where it comes from.",
    "theory_of_change.stakeholder_commitment": "Step 3: say how stakeholders are involved and committed.",
    "targets": "Step 4: add at least one target based on an indicator.",
    "theory_of_change.staying_on_track": "Step 5: say how each target is linked to an activity, and how you will adjust.",
    "theory_of_change.evaluation_when": "Step 6: plan the evaluation before the intervention begins — when and how often.",
}


def toc_missing(workbook: Workbook, pack: ContentPack | None = None) -> list[str]:
    """What the user's own Theory of Change still lacks, step by step: exactly what progress counts as
    unanswered, so Start's "6 of 6" and the page's "still to do" always agree."""
    return [
        TOC_TO_DO.get(unit, f"{q.step_title}: {q.label}")
        for unit, q in unanswered(workbook, "theory_of_change", pack)
    ]
