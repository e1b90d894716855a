"""The workbook: one user's (or team's) answers to every exercise, as a pydantic model.

Every text field has a length limit so a pasted novel or a hostile file cannot bloat the store, and
holds no control characters but tab, newline and carriage return (PostgreSQL cannot store NUL, and
none of the others can be typed or shown); unknown fields, NaN and infinities are refused so an
import of the wrong shape fails loudly.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

from ioi_core.content.models import DomainNumber, Nation, StakeholderGroup

SCHEMA_VERSION = 1

# Unicode category Cc (C0, DEL, C1) except tab, newline and carriage return.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def no_control_characters(value: str) -> str:
    """Refuse text holding a control character, naming it (e.g. U+0000) in plain words."""
    found = CONTROL_CHARACTERS.search(value)
    if found:
        raise PydanticCustomError(
            "control_character",
            "contains a control character ({character}) that cannot be stored; remove it and try again",
            {"character": f"U+{ord(found.group()):04X}"},
        )
    return value


def strip_control_characters(value: str) -> str:
    return CONTROL_CHARACTERS.sub("", value)


Clean = AfterValidator(no_control_characters)  # on every text field of the workbook

ShortText = Annotated[str, StringConstraints(max_length=300), Clean]
LongText = Annotated[str, StringConstraints(max_length=5000), Clean]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), Clean]
IndicatorRef = Annotated[str, StringConstraints(min_length=1, max_length=100), Clean]


def utcnow() -> datetime:
    return datetime.now(UTC)


# The workbook's exercises in the guide's order: what a workshop can hold and progress counts.
EXERCISES = ("exercise1", "exercise2", "theory_of_change", "stakeholders", "barriers", "evaluation")


class StrictModel(BaseModel):
    """The base of every model in a workbook: no unknown fields, every assignment checked."""

    # NaN and infinities would be written as null and break the workbook on its next read.
    model_config = ConfigDict(extra="forbid", validate_assignment=True, allow_inf_nan=False)


class WorkbookMeta(StrictModel):
    title: Title
    organisation: ShortText = ""
    nation: Nation | None = None
    created: datetime = Field(default_factory=utcnow)
    updated: datetime = Field(default_factory=utcnow)
    workshop_code: ShortText | None = None
    participant_name: ShortText = ""


class Exercise1(StrictModel):
    """Thinking with the framework: one domain per type, then the primary rights indicators."""

    intervention: Literal["friendship_club", "own"] | None = None
    intervention_description: LongText = ""
    facilitator: DomainNumber | None = None
    facilitator_why: LongText = ""
    social_connection: DomainNumber | None = None
    social_connection_why: LongText = ""
    markers_and_means: DomainNumber | None = None
    markers_and_means_why: LongText = ""
    rights_indicators: list[IndicatorRef] = Field(default_factory=list, max_length=20)
    rights_custom: LongText = ""
    example_revealed: bool = False


class PlanningTable(StrictModel):
    """The four columns of Exercise 2's planning tables, numbered as in the guide (4 -> 1)."""

    activities: LongText = ""
    outputs: LongText = ""
    intermediate_outcomes: LongText = ""
    goal: LongText = ""


class Exercise2Part1(StrictModel):
    table: PlanningTable = Field(default_factory=PlanningTable)
    problem: LongText = ""
    domain: DomainNumber | None = None
    initiative: LongText = ""
    output_1: LongText = ""
    output_2: LongText = ""
    outcome: LongText = ""
    indicator: IndicatorRef | None = None
    indicator_why: LongText = ""
    long_term: LongText = ""


class Exercise2Part2(StrictModel):
    table: PlanningTable = Field(default_factory=PlanningTable)
    long_term: LongText = ""
    domain_still_relevant: bool | None = None
    domain: DomainNumber | None = None
    outcome: LongText = ""
    indicator: IndicatorRef | None = None
    indicator_why: LongText = ""
    output_1: LongText = ""
    output_2: LongText = ""
    initiative: LongText = ""
    differs: LongText = ""


class Exercise2(StrictModel):
    part1: Exercise2Part1 = Field(default_factory=Exercise2Part1)
    part2: Exercise2Part2 = Field(default_factory=Exercise2Part2)
    key_questions_done: list[Annotated[int, Field(ge=0, le=20)]] = Field(default_factory=list, max_length=20)
    samples_revealed: bool = False  # "show the guide's sample answers now", before answering


class Target(StrictModel):
    indicator: IndicatorRef
    baseline: ShortText = ""
    target: ShortText = ""
    activity: ShortText = ""  # "staying on track": each target linked to an activity


class LinkAssumptions(StrictModel):
    """What must hold for each link of the results chain to work (the guide's key question)."""

    activities_to_outputs: LongText = ""
    outputs_to_outcomes: LongText = ""
    outcomes_to_goal: LongText = ""


class TheoryOfChange(StrictModel):
    """The six steps of the guide for the user's own intervention, plus its results chain."""

    intervention: LongText = ""
    assumptions: LongText = ""
    evidence_kind: LongText = ""
    evidence_source: LongText = ""
    evidence_supports: LongText = ""
    stakeholder_commitment: LongText = ""
    targets: list[Target] = Field(default_factory=list, max_length=50)
    staying_on_track: LongText = ""
    evaluation_when: LongText = ""
    evaluation_frequency: ShortText = ""
    chain: PlanningTable = Field(default_factory=PlanningTable)
    link_assumptions: LinkAssumptions = Field(default_factory=LinkAssumptions)


class Level(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Stakeholder(StrictModel):
    name: ShortText
    group: StakeholderGroup = StakeholderGroup.OTHER
    role: ShortText = ""
    influence: Level = Level.MEDIUM
    interest: Level = Level.MEDIUM
    at_design: bool = False
    at_delivery: bool = False
    at_evaluation: bool = False
    notes: LongText = ""


class Agreement(StrictModel):
    """One of the guide's five things to agree with stakeholders (keyed by its id)."""

    agreed: LongText = ""
    who: ShortText = ""
    when: ShortText = ""


class StakeholderPlan(StrictModel):
    rows: list[Stakeholder] = Field(default_factory=list, max_length=200)
    interpreter_needed: bool | None = None
    inclusion_considered: list[ShortText] = Field(default_factory=list, max_length=10)
    agreements: dict[ShortText, Agreement] = Field(default_factory=dict, max_length=10)


class BarrierNote(StrictModel):
    """The user's notes on one of the guide's six barrier areas (keyed by the area's id)."""

    challenges: LongText = ""
    plan: LongText = ""
    priority: Level | None = None


class Reading(StrictModel):
    """One measurement; a row still being typed in the table is kept with what it has so far."""

    group: ShortText = ""
    when: ShortText = ""  # a date or a label such as "Q1 2026"
    value: float | None = None


class EvaluationRow(StrictModel):
    """Part B Annex 1 planning fields for one outcome, with its measurements."""

    outcome: LongText = ""
    indicators: list[IndicatorRef] = Field(default_factory=list, max_length=20)
    methods: list[ShortText] = Field(default_factory=list, max_length=20)
    samples: list[ShortText] = Field(default_factory=list, max_length=20)
    frequency: ShortText = ""
    analysis: LongText = ""
    responsible: ShortText = ""
    baseline: float | None = None
    target: float | None = None
    readings: list[Reading] = Field(default_factory=list, max_length=1000)


class CustomIndicator(StrictModel):
    id: IndicatorRef
    domain: DomainNumber
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=500), Clean]
    why: LongText = ""


class ImportedIndicator(StrictModel):
    """A copy of an imported bank indicator this workbook uses, so the workbook stands on its own."""

    id: IndicatorRef
    domain: DomainNumber
    text: Annotated[str, StringConstraints(min_length=1, max_length=500), Clean]
    source: ShortText = ""
    data_availability: ShortText | None = None
    link: Annotated[str, StringConstraints(max_length=500), Clean] | None = None


class Workbook(StrictModel):
    """Everything one workbook holds; `schema_version` lets older exports upgrade."""

    schema_version: Literal[1] = SCHEMA_VERSION
    meta: WorkbookMeta
    exercise1: Exercise1 = Field(default_factory=Exercise1)
    exercise2: Exercise2 = Field(default_factory=Exercise2)
    theory_of_change: TheoryOfChange = Field(default_factory=TheoryOfChange)
    stakeholders: StakeholderPlan = Field(default_factory=StakeholderPlan)
    barriers: dict[ShortText, BarrierNote] = Field(default_factory=dict, max_length=20)
    evaluation: list[EvaluationRow] = Field(default_factory=list, max_length=50)
    shortlist: list[IndicatorRef] = Field(default_factory=list, max_length=500)
    custom_indicators: list[CustomIndicator] = Field(default_factory=list, max_length=200)
    imported_indicators: list[ImportedIndicator] = Field(default_factory=list, max_length=500)
    best_practices_ticked: dict[ShortText, LongText] = Field(default_factory=dict)


def new_custom_indicator(workbook: Workbook, domain: int, text: str, why: str = "") -> CustomIndicator:
    """A user's own indicator with the first free `custom-N` id in this workbook."""
    ids = {c.id for c in workbook.custom_indicators}
    number = len(ids) + 1
    while f"custom-{number}" in ids:
        number += 1
    return CustomIndicator(id=f"custom-{number}", domain=domain, text=text.strip(), why=why)
