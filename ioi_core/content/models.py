"""Pydantic models for the content pack in `content/`: the schema a trainer's YAML must follow.

Every model forbids unknown fields, so a misspelt key is an error naming the file and the field
rather than text that silently never shows.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

DomainNumber = Annotated[int, Field(ge=1, le=14)]
Text = Annotated[str, Field(min_length=1)]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=80)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DomainType(StrEnum):
    MARKERS_AND_MEANS = "markers_and_means"
    SOCIAL_CONNECTIONS = "social_connections"
    FACILITATORS = "facilitators"
    FOUNDATION = "foundation"


class Provenance(StrEnum):
    GUIDE = "guide"  # quoted in the guide; `source` says where
    STARTER = "starter"  # written for this app, not the official wording
    IMPORTED = "imported"  # loaded by a user or admin from a bank file
    CUSTOM = "custom"  # typed by a user into their workbook


class DataAvailability(StrEnum):
    OFFICIAL_STATISTICS = "Official Statistics"
    NATIONAL_SURVEY = "National Survey"
    OTHER_DATA = "Other Data"
    NO_DATA_LOCATED = "No Data Located"


class Passage(Strict):
    """A short passage quoted from a source, with where it comes from."""

    text: Text
    source: Text


class Section(Strict):
    """A titled block of guidance: paragraphs and/or bullet points, with its source."""

    title: Text
    paragraphs: list[Text] = []
    bullets: list[Text] = []
    source: Text


# ---------------------------------------------------------------- framework.yaml


class TypeInfo(Strict):
    id: DomainType
    name: Text
    guide_meaning: Text  # the guide's own explanation of the type
    plain_summary: Text  # one line in the project's own words
    source: Text


class Domain(Strict):
    number: DomainNumber
    name: Text
    type: DomainType
    description: Text  # the project's own words
    guide_notes: list[Passage] = []


class Principle(Strict):
    id: Slug
    name: Text
    guide_text: Text
    plain_summary: Text
    source: Text


class SocialConnection(Strict):
    id: Literal["bonds", "bridges", "links"]
    domain: DomainNumber
    name: Text
    plain_words: Text  # "People like us" etc.
    guide_text: Text
    source: Text


class FrameworkContent(Strict):
    types: list[TypeInfo] = Field(min_length=4, max_length=4)
    domains: list[Domain] = Field(min_length=14, max_length=14)
    principles: list[Principle] = Field(min_length=4, max_length=4)
    social_connections: list[SocialConnection] = Field(min_length=3, max_length=3)
    no_hierarchy: Passage
    interconnections: Passage
    social_connections_intro: Passage
    finding_the_right_domain: Passage

    @model_validator(mode="after")
    def _numbers_are_one_to_fourteen(self) -> FrameworkContent:
        numbers = sorted(d.number for d in self.domains)
        if numbers != list(range(1, 15)):
            raise ValueError(f"domains must be numbered 1 to 14 exactly once each, got {numbers}")
        return self


# ---------------------------------------------------------------- index.yaml


class IndexEntry(Strict):
    keyword: Text
    domains: list[DomainNumber] = Field(min_length=1)
    # The PDF extraction dropped the numbers of some entries; those carry the inferred domain
    # and the reason, so nothing is silently guessed.
    numbers_lost: bool = False
    inferred_because: str | None = None

    @model_validator(mode="after")
    def _inference_is_explained(self) -> IndexEntry:
        if self.numbers_lost and not self.inferred_because:
            raise ValueError("an entry whose numbers were lost needs `inferred_because`")
        if not self.numbers_lost and self.inferred_because:
            raise ValueError("`inferred_because` is only for entries with `numbers_lost: true`")
        return self


class IndexChange(Strict):
    """An entry of the guide's index that this transcription dropped, merged or rebuilt, said openly."""

    kind: Literal["dropped", "merged", "rebuilt"]
    extracted_text: Text  # what the PDF extraction shows, as printed
    keyword: str | None = None  # the entry it became (merged, rebuilt); none when dropped
    why: Text


class IndexContent(Strict):
    intro: Passage
    entries: list[IndexEntry] = Field(min_length=1)
    changes: list[IndexChange] = []  # what the transcription dropped, merged or rebuilt

    @model_validator(mode="after")
    def _changes_name_entries(self) -> IndexContent:
        keywords = {e.keyword for e in self.entries}
        for change in self.changes:
            if change.kind == "dropped" and change.keyword:
                raise ValueError(f"a dropped entry has no keyword in the index: '{change.keyword}'")
            if change.kind != "dropped" and change.keyword not in keywords:
                raise ValueError(f"changes: '{change.keyword}' is not an entry of the index")
        return self


# ---------------------------------------------------------------- indicators.yaml


class Indicator(Strict):
    id: Slug
    domain: DomainNumber
    text: Text
    provenance: Provenance
    source: str | None = None  # required for `guide` (page/section) and `imported`
    keywords: list[Text] = []  # index keywords this indicator answers
    data_availability: DataAvailability | None = None  # only where known, never invented
    note: str | None = None
    link: str | None = None  # where the data can be found (imported banks)

    @model_validator(mode="after")
    def _guide_indicators_cite(self) -> Indicator:
        if self.provenance == Provenance.GUIDE and not self.source:
            raise ValueError("an indicator quoted from the guide needs `source`")
        return self


class IndicatorContent(Strict):
    provenance_explained: dict[Provenance, Text]
    # The short words shown beside every indicator, wherever it is shown (pickers, bank, report, Excel,
    # workshop export): "written for this app, not from the framework" and the like.
    provenance_labels: dict[Provenance, Text]
    get_familiar: Section  # the guide's "Get familiar with the indicators" (p. 16), word for word
    framework_pages: Passage  # where the framework itself lists the indicators (the index's pointer)
    official_bank_first: Text  # the app's own words: import the official toolkit before relying on the bank
    data_availability_explained: dict[DataAvailability, Text]
    indicators: list[Indicator] = Field(min_length=1)

    @model_validator(mode="after")
    def _every_provenance_has_words(self) -> IndicatorContent:
        for field in ("provenance_explained", "provenance_labels"):
            missing = [p.value for p in Provenance if p not in getattr(self, field)]
            if missing:
                raise ValueError(f"{field}: add words for {', '.join(missing)}")
        return self


# ---------------------------------------------------------------- exercise1.yaml


class FriendshipClubExample(Strict):
    title: Text
    description: Passage
    reflection: Passage  # culture versus stability
    facilitator: DomainNumber
    considered_facilitator: DomainNumber  # culture, shown but not chosen
    social_connection: DomainNumber
    rights_note: Passage
    markers_and_means: DomainNumber | None = None  # None: the diagram was lost in extraction
    markers_and_means_note: Text
    social_connection_note: Text  # the Social Connections step is the app's reading of the text


class Exercise1Content(Strict):
    title: Text
    introduction: Passage
    step_one: Section
    type_order: list[DomainType] = Field(min_length=3, max_length=3)
    how_many_domains: Section
    step_two: Section
    example: FriendshipClubExample


# ---------------------------------------------------------------- exercise2.yaml


class TableColumn(Strict):
    number: int = Field(ge=1, le=4)
    heading: Text
    description: Text
    row_label: str | None = None  # Part 2's bottom row: "Identify barriers" etc.


class Question(Strict):
    id: Slug
    text: Text
    kind: Literal["text", "domain", "indicator", "outputs", "domain_still_relevant"]


class SampleAnswer(Strict):
    question_id: Slug
    answer: Text
    why: str | None = None  # the guide's explanation, e.g. why the indicator changed


class Exercise2Part(Strict):
    title: Text
    introduction: list[Text]  # the guide's words, word for word
    introduction_source: Text  # where the introduction is in the guide, with its page
    table_title: Text
    columns: list[TableColumn] = Field(min_length=4, max_length=4)
    questions: list[Question] = Field(min_length=1)
    source: Text
    reconstruction_note: str | None = None  # set where the table's wording is the app's reconstruction


class Exercise2Content(Strict):
    title: Text
    purpose: Passage
    case_study: Passage
    part1: Exercise2Part
    part2: Exercise2Part
    sample_intro: Passage
    sample_part1: list[SampleAnswer]
    sample_part2_intro: Passage
    sample_part2: list[SampleAnswer]
    other_examples: list[Passage]
    key_questions_intro: Text
    key_questions: list[Text] = Field(min_length=5)


# ---------------------------------------------------------------- theory_of_change.yaml


class ToCStep(Strict):
    number: int = Field(ge=1, le=6)
    id: Literal[
        "assumptions", "evidence", "stakeholder_commitment", "targets", "staying_on_track", "evaluation"
    ]
    name: Text
    guide_text: list[Text]  # the guide's words, word for word
    source: Text  # where guide_text is in the guide, with its page
    prompt: Text  # what the form asks the user
    example: Passage | None = None


class TheoryOfChangeContent(Strict):
    definition: Passage
    planning_for_success: Section
    whole_community: Passage
    steps: list[ToCStep] = Field(min_length=6, max_length=6)
    why_it_works: Section  # the guide's "This approach works because:" list
    example_approach: Passage
    example_picture_note: Text  # the guide's worked example is a picture not in its text
    additional_tools: Section


# ---------------------------------------------------------------- stakeholders.yaml


class StakeholderGroup(StrEnum):
    NEWCOMERS = "newcomers"
    RECEIVING_COMMUNITY = "receiving_community"
    INSTITUTIONS = "institutions"
    CIVIL_SOCIETY = "civil_society"
    OTHER = "other"


class ExampleStakeholder(Strict):
    name: Text
    group: StakeholderGroup


class ThingToAgree(Strict):
    id: Slug
    text: Text


class StakeholdersContent(Strict):
    intro: Passage
    examples: list[ExampleStakeholder] = Field(min_length=6, max_length=6)
    group_labels: dict[StakeholderGroup, Text]
    widest_range: Passage
    design_stage: Passage
    check_question: Text
    not_involved_at_design: Passage
    worked_example: Section
    shared_responsibility: Section
    things_to_agree: list[ThingToAgree] = Field(min_length=5, max_length=5)
    # What the guide asks to keep in mind when engaging stakeholders ("gender and age ... disability,
    # sexuality or income"), one word each: the check ticks them off.
    inclusion: list[Text] = Field(min_length=1)
    # Said under the power-interest summary: target newcomers are involved from design whatever their
    # influence, so the summary never files them under "keep informed" or "monitor".
    newcomers_from_design: Text


# ---------------------------------------------------------------- barriers.yaml


class BarrierArea(Strict):
    id: Slug
    name: Text
    challenges: list[Text] = Field(min_length=1)
    suggestions: list[Text] = Field(min_length=1)


class BarriersContent(Strict):
    intro: Passage
    instruction: Text
    areas: list[BarrierArea] = Field(min_length=6, max_length=6)


# ---------------------------------------------------------------- evaluation.yaml


class AnnexField(Strict):
    id: Slug
    label: Text
    help: Text


class SampleOption(Strict):
    label: Text
    receiving_community: bool = False  # a sample that measures the receiving community's adaptation


class EvaluationContent(Strict):
    intro: Section
    suggestions: Section  # "Data helps improve our assumptions"
    suggestions_note: Text  # the app's note on the point that breaks off
    data_sources: Section
    measuring_change: Section
    which_measures: Section
    data_collection: Section
    data_collection_example: Passage
    collection_methods: list[Text] = Field(min_length=3)
    data_analysis: Section
    analysis_cautions: Section  # the guide's two lists of what good data analysis takes account of
    annex1: Section
    annex1_reconstruction: Text  # the fields are the app's reconstruction of a template not in the text
    annex1_fields: list[AnnexField] = Field(min_length=5)
    samples_advice: Passage
    sample_options: list[SampleOption] = Field(min_length=1)


# ---------------------------------------------------------------- context.yaml


class Nation(StrEnum):
    ENGLAND = "England"
    LONDON = "London"
    SCOTLAND = "Scotland"
    WALES = "Wales"
    NORTHERN_IRELAND = "Northern Ireland"


class Strategy(Strict):
    name: Text  # as the guide (or its footnote) titles it
    year: str | None = None
    guide_says: list[Passage] = []  # the guide's own words about it, each with its page
    app_note: str | None = None  # the app's own words, shown labelled as such
    reference: str | None = None  # the guide's footnote, as it gives it


class RegionalContext(Strict):
    nation: Nation
    guide_says: list[Passage] = Field(min_length=1)  # the guide's own words, each with its page
    app_note: str | None = None  # the app's own words, shown labelled as such
    strategies: list[Strategy] = Field(min_length=1)


class BestPractice(Strict):
    id: Slug
    title: Text
    text: list[Text]
    steps: list[Text] = []


class FrameworkDocument(Strict):
    number: int = Field(ge=1, le=6)
    title: Text
    what_it_is: Text


class ContextContent(Strict):
    regional_intro: Passage
    app_words_label: Text  # put before the app's own notes, e.g. "The app's note, not the guide's:"
    regions: list[RegionalContext] = Field(min_length=5, max_length=5)
    global_intro: Passage
    best_practices: list[BestPractice] = Field(min_length=6, max_length=6)
    global_more: Passage
    documents_intro: Passage
    documents: list[FrameworkDocument] = Field(min_length=6, max_length=6)
    toolkit: Section
    impressions_intro: Passage
    impressions: list[Text] = Field(min_length=5)
    guide_purpose: Section
    why_integration: Section
    ongoing_interventions: Section


# ---------------------------------------------------------------- integration_star.yaml


class StarRow(Strict):
    domains: list[DomainNumber] = Field(min_length=1)
    framework_wording: Text  # the left column as the document words it
    star_areas: list[Text]  # names of Star outcome areas covering it; empty where none
    star_text: list[Text]  # the right column, one item per area
    no_separate_area: bool = False  # digital skills, stability, rights


class IntegrationStarContent(Strict):
    background: list[Text]
    star_areas: dict[Text, str | None]  # area name -> what it covers; None where the document names it only
    not_described: Text  # said of an area the document names without describing it
    rows: list[StarRow] = Field(min_length=1)
    attribution: Text
    source: Text


# ---------------------------------------------------------------- sources.yaml


class SourceDoc(Strict):
    id: Slug
    title: Text
    publisher: Text
    year: str
    rights: Text  # copyright line and licence
    licence_url: str | None = None
    used_for: Text


class SourcesContent(Strict):
    sources: list[SourceDoc] = Field(min_length=3)
    own_words_note: Text


# ---------------------------------------------------------------- principles_check.yaml


class PrincipleRule(Strict):
    id: Literal[
        "one_domain",
        "one_type",
        "no_social_connections",
        "no_stakeholders",
        "no_receiving_community",
        "no_institution",
        "newcomers_not_at_design",
        "no_evaluation",
        "no_baseline",
        "targets_not_linked",
        "planning_forwards",
        "receiving_community_not_measured",
    ]
    title: Text
    finding: Text  # may hold {domain}, {type} or {detail}
    guide_reason: Passage
    fix_page: Text
    fix_hint: Text


class PrinciplesCheckContent(Strict):
    intro: Text
    principles_intro: Passage  # the guide: the principles let us check strategies for effectiveness
    rules: list[PrincipleRule] = Field(min_length=12, max_length=12)
    # Words in an evaluation sample or a readings group that name the receiving community (lower case),
    # for the multi-directional rule: is the receiving community's adaptation measured too?
    receiving_community_words: list[Text] = Field(min_length=1)


# ---------------------------------------------------------------- pages.yaml


class PagesContent(Strict):
    """The app's own words that pages show: introductions, and the exercises' names."""

    intros: dict[Slug, Text]  # page file name (without .py) -> its introduction
    exercise_names: dict[Slug, Text]  # a workshop's exercises, as a trainer picks them


# ---------------------------------------------------------------- domain_spellings.yaml


class DomainSpellingsContent(Strict):
    """How imported bank files may name each domain (lower case, "&" written as "and")."""

    spellings: dict[DomainNumber, list[Text]]

    @model_validator(mode="after")
    def _every_domain_once(self) -> DomainSpellingsContent:
        if sorted(self.spellings) != list(range(1, 15)):
            raise ValueError("spellings: give the names of all 14 domains, numbered 1 to 14")
        seen: dict[str, int] = {}
        for number, names in self.spellings.items():
            for name in names:
                if name != name.casefold() or "&" in name:
                    raise ValueError(f"spellings: '{name}' must be lower case, with 'and' for '&'")
                if name in seen and seen[name] != number:
                    raise ValueError(f"spellings: '{name}' is given for domains {seen[name]} and {number}")
                seen[name] = number
        return self
