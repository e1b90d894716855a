"""Load the content pack from `content/*.yaml`, validate it, and check references between files."""

from __future__ import annotations

import functools
import os
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from ioi_core.content.models import (
    BarriersContent,
    ContextContent,
    Domain,
    DomainSpellingsContent,
    DomainType,
    EvaluationContent,
    Exercise1Content,
    Exercise2Content,
    FrameworkContent,
    IndexContent,
    IndexEntry,
    Indicator,
    IndicatorContent,
    IntegrationStarContent,
    PagesContent,
    PrinciplesCheckContent,
    Provenance,
    SourcesContent,
    StakeholdersContent,
    TheoryOfChangeContent,
    TypeInfo,
)

CONTENT_DIR = Path(__file__).resolve().parents[2] / "content"

# file name -> model; one file per idea so a trainer knows where to fix a typo.
FILES: dict[str, type[BaseModel]] = {
    "framework.yaml": FrameworkContent,
    "index.yaml": IndexContent,
    "indicators.yaml": IndicatorContent,
    "exercise1.yaml": Exercise1Content,
    "exercise2.yaml": Exercise2Content,
    "theory_of_change.yaml": TheoryOfChangeContent,
    "stakeholders.yaml": StakeholdersContent,
    "barriers.yaml": BarriersContent,
    "evaluation.yaml": EvaluationContent,
    "context.yaml": ContextContent,
    "integration_star.yaml": IntegrationStarContent,
    "sources.yaml": SourcesContent,
    "principles_check.yaml": PrinciplesCheckContent,
    "pages.yaml": PagesContent,
    "domain_spellings.yaml": DomainSpellingsContent,
}

M = TypeVar("M", bound=BaseModel)


class ContentError(Exception):
    """The content pack is invalid; `problems` lists `file: field: message` lines."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _field_path(loc: tuple[Any, ...]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "(top level)"


def _load_file(directory: Path, name: str, model: type[M]) -> tuple[M | None, list[str]]:
    path = directory / name
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, [f"content/{name}: file is missing"]
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        return None, [f"content/{name}: not valid YAML: {exc}"]
    try:
        return model.model_validate(raw), []
    except ValidationError as exc:
        return None, [f"content/{name}: {_field_path(err['loc'])}: {err['msg']}" for err in exc.errors()]


@dataclass(frozen=True)
class ContentPack:
    """Everything the app teaches, validated and cross-checked."""

    framework: FrameworkContent
    index: IndexContent
    indicators: IndicatorContent
    exercise1: Exercise1Content
    exercise2: Exercise2Content
    theory_of_change: TheoryOfChangeContent
    stakeholders: StakeholdersContent
    barriers: BarriersContent
    evaluation: EvaluationContent
    context: ContextContent
    integration_star: IntegrationStarContent
    sources: SourcesContent
    principles_check: PrinciplesCheckContent
    pages: PagesContent
    domain_spellings: DomainSpellingsContent

    @functools.cached_property
    def domains_by_number(self) -> dict[int, Domain]:
        return {d.number: d for d in self.framework.domains}

    @functools.cached_property
    def types_by_id(self) -> dict[DomainType, TypeInfo]:
        return {t.id: t for t in self.framework.types}

    @functools.cached_property
    def indicators_by_id(self) -> dict[str, Indicator]:
        return {i.id: i for i in self.indicators.indicators}

    def domain(self, number: int) -> Domain:
        return self.domains_by_number[number]

    def domains_of_type(self, domain_type: DomainType) -> list[Domain]:
        return [d for d in self.framework.domains if d.type == domain_type]

    def indicators_in_domain(self, number: int) -> list[Indicator]:
        return [i for i in self.indicators.indicators if i.domain == number]

    def index_entries_for_domain(self, number: int) -> list[IndexEntry]:
        return [e for e in self.index.entries if number in e.domains]

    def search_index(self, text: str) -> list[IndexEntry]:
        """The entry whose keyword is `text` first, then every other entry holding each of its words
        (case and punctuation ignored): "crime" finds Crime, Hate crime and Reporting crime."""
        words = _index_words(text)
        if not words:
            return []
        keyed = [(e, _index_words(e.keyword)) for e in self.index.entries]
        exact = [e for e, kw in keyed if kw == words]
        joined = [(e, " ".join(kw)) for e, kw in keyed if kw != words]
        return exact + [e for e, kw in joined if all(w in kw for w in words)]

    def counts(self) -> dict[str, int]:
        by_provenance = Counter(i.provenance for i in self.indicators.indicators)
        counts = {
            "domains": len(self.framework.domains),
            "types": len(self.framework.types),
            "principles": len(self.framework.principles),
            "index entries": len(self.index.entries),
            "index entries with lost numbers": sum(e.numbers_lost for e in self.index.entries),
            "indicators": len(self.indicators.indicators),
        }
        for provenance in Provenance:
            counts[f"indicators ({provenance.value})"] = by_provenance.get(provenance, 0)
        return counts


def _index_words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _cross_check(pack: ContentPack) -> list[str]:
    """References between files: ids unique, keywords exist, types agree with the framework."""
    problems: list[str] = []
    fw = pack.framework
    for i, domain in enumerate(fw.domains):
        expected = _TYPE_OF_DOMAIN[domain.number]
        if domain.type != expected:
            problems.append(
                f"content/framework.yaml: domains[{i}].type: domain {domain.number} is "
                f"{expected.value} in the framework, not {domain.type.value}"
            )
    for i, sc in enumerate(fw.social_connections):
        if _TYPE_OF_DOMAIN[sc.domain] != DomainType.SOCIAL_CONNECTIONS:
            problems.append(
                f"content/framework.yaml: social_connections[{i}].domain: {sc.domain} "
                "is not a Social Connections domain"
            )

    keywords = Counter(e.keyword.casefold() for e in pack.index.entries)
    for i, entry in enumerate(pack.index.entries):
        if keywords[entry.keyword.casefold()] > 1:
            problems.append(f"content/index.yaml: entries[{i}].keyword: '{entry.keyword}' repeats")

    ids = Counter(ind.id for ind in pack.indicators.indicators)
    for i, ind in enumerate(pack.indicators.indicators):
        if ids[ind.id] > 1:
            problems.append(f"content/indicators.yaml: indicators[{i}].id: '{ind.id}' repeats")
        if ind.provenance in (Provenance.IMPORTED, Provenance.CUSTOM):
            problems.append(
                f"content/indicators.yaml: indicators[{i}].provenance: '{ind.provenance.value}' "
                "indicators come from users, not the content pack"
            )
        for keyword in ind.keywords:
            if keyword.casefold() not in keywords:
                problems.append(
                    f"content/indicators.yaml: indicators[{i}].keywords: '{keyword}' "
                    "is not an index keyword (dangling reference)"
                )

    ex1 = pack.exercise1
    if ex1.type_order[-1] != DomainType.MARKERS_AND_MEANS or DomainType.FOUNDATION in ex1.type_order:
        problems.append(
            "content/exercise1.yaml: type_order: the guide starts with Facilitators and Social "
            "Connections and ends with Markers and Means"
        )
    example_checks = {
        "facilitator": (ex1.example.facilitator, DomainType.FACILITATORS),
        "considered_facilitator": (ex1.example.considered_facilitator, DomainType.FACILITATORS),
        "social_connection": (ex1.example.social_connection, DomainType.SOCIAL_CONNECTIONS),
    }
    for field, (number, domain_type) in example_checks.items():
        if _TYPE_OF_DOMAIN[number] != domain_type:
            problems.append(
                f"content/exercise1.yaml: example.{field}: domain {number} is not {domain_type.value}"
            )

    for part_name in ("part1", "part2"):
        part = getattr(pack.exercise2, part_name)
        question_ids = {q.id for q in part.questions}
        samples = getattr(pack.exercise2, f"sample_{part_name}")
        for i, sample in enumerate(samples):
            if sample.question_id not in question_ids:
                problems.append(
                    f"content/exercise2.yaml: sample_{part_name}[{i}].question_id: "
                    f"'{sample.question_id}' is not a {part_name} question"
                )
    return problems + _app_words_problems(pack)


def _app_words_problems(pack: ContentPack) -> list[str]:
    """The app's own words in content/: every page introduced exists, no repeats. (That every exercise
    is named is checked against the workbook model, in ioi_core/checks/content_pack.py.)"""
    problems = []
    pages_dir = CONTENT_DIR.parent / "pages"
    for page in pack.pages.intros:
        if not (pages_dir / f"{page}.py").exists():
            problems.append(f"content/pages.yaml: intros.{page}: there is no page pages/{page}.py")
    for name, values in (
        ("stakeholders.yaml: inclusion", pack.stakeholders.inclusion),
        ("evaluation.yaml: sample_options", [o.label for o in pack.evaluation.sample_options]),
    ):
        repeated = sorted(v for v, n in Counter(v.casefold() for v in values).items() if n > 1)
        if repeated:
            problems.append(f"content/{name}: {', '.join(repeated)} repeats")
    return problems


_TYPE_OF_DOMAIN: dict[int, DomainType] = {
    **{n: DomainType.MARKERS_AND_MEANS for n in range(1, 6)},
    **{n: DomainType.SOCIAL_CONNECTIONS for n in range(6, 9)},
    **{n: DomainType.FACILITATORS for n in range(9, 14)},
    14: DomainType.FOUNDATION,
}


def load_content(
    directory: Path | None = None, more_checks: Sequence[Callable[[Path, ContentPack], list[str]]] = ()
) -> ContentPack:
    """Read and validate every content file; raise ContentError listing every problem found.

    This checks the content files against each other. `more_checks(directory, pack)` add problems found
    by the layers above, reported together with these: ioi_core/checks/content_pack.py checks the pack
    against the workbook model, and its `checked_content` / `get_content` are what the app and
    `python -m ioi_core content check` use.
    """
    directory = Path(directory or os.environ.get("IOI_CONTENT_DIR") or CONTENT_DIR)
    loaded: dict[str, BaseModel] = {}
    problems: list[str] = []
    for name, model in FILES.items():
        value, file_problems = _load_file(directory, name, model)
        problems += file_problems
        if value is not None:
            loaded[name.removesuffix(".yaml")] = value
    if problems:
        raise ContentError(problems)
    pack = ContentPack(**loaded)  # type: ignore[arg-type]
    problems = _cross_check(pack)
    for check in more_checks:
        problems += check(directory, pack)
    if problems:
        raise ContentError(problems)
    return pack
