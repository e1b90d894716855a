"""What the exercise pages need to decide, without Streamlit: what is missing, what changed,
and whether the guide's sample answers may be shown yet."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ioi_core.content.models import BarrierArea, BarriersContent, DataAvailability, Indicator, Provenance
from ioi_core.content.pack import ContentPack
from ioi_core.model.workbook import (
    BarrierNote,
    Exercise1,
    Exercise2,
    Exercise2Part1,
    Exercise2Part2,
    Level,
    Workbook,
)


def _blank(text: str) -> bool:
    return not text.strip()


RIGHTS_DOMAIN = 14  # Rights and Responsibilities: the foundation, chosen in Step 2 through its indicators


def exercise1_step_one(answers: Exercise1) -> list[int]:
    """The Step 1 domains chosen, in the guide's order (Facilitators, Social Connections, Markers and Means)."""
    return [n for n in (answers.facilitator, answers.social_connection, answers.markers_and_means) if n]


def exercise1_path(answers: Exercise1) -> list[int]:
    """The red line: the Step 1 domains in the guide's order, then Rights and Responsibilities (domain 14)
    once Step 2 has chosen or written a rights indicator. A line through the ring, not a ranking."""
    rights = bool(answers.rights_indicators) or not _blank(answers.rights_custom)
    return exercise1_step_one(answers) + ([RIGHTS_DOMAIN] if rights else [])


def exercise1_missing(answers: Exercise1) -> list[str]:
    """Plain-English list of what is still to do in Exercise 1."""
    missing = []
    if answers.intervention is None:
        missing.append("Choose an intervention: the Friendship Club or your own.")
    elif answers.intervention == "own" and _blank(answers.intervention_description):
        missing.append("Describe your intervention in a sentence or two.")
    if answers.facilitator is None:
        missing.append("Step 1: choose one Facilitators domain.")
    if answers.social_connection is None:
        missing.append("Step 1: choose one Social Connections domain.")
    if answers.markers_and_means is None:
        missing.append("Step 1: choose one Markers and Means domain.")
    if not answers.rights_indicators and _blank(answers.rights_custom):
        missing.append(
            "Step 2: choose the primary Rights and Responsibilities indicator(s), or write your own."
        )
    return missing


def exercise1_example_visible(answers: Exercise1, revealed_by_trainer: bool = False) -> bool:
    """The worked example shows once the user has made their Step 1 choices, or on demand."""
    return answers.example_revealed or revealed_by_trainer or len(exercise1_step_one(answers)) == 3


def part1_missing(part: Exercise2Part1) -> list[str]:
    checks = [
        (part.problem, "the integration problem"),
        (part.domain, "the most relevant domain"),
        (part.initiative, "the initiative"),
        (part.output_1 + part.output_2, "two key outputs"),
        (part.outcome, "the outcome"),
        (part.indicator, "an indicator"),
        (part.long_term, "the long-term difference"),
    ]
    return [label for value, label in checks if value is None or (isinstance(value, str) and _blank(value))]


def part2_missing(part: Exercise2Part2) -> list[str]:
    checks = [
        (part.long_term, "the long-term difference"),
        (part.domain_still_relevant, "whether the domain is still the most relevant"),
        (part.outcome, "the outcome"),
        (part.indicator, "an indicator"),
        (part.output_1 + part.output_2, "two key outputs"),
        (part.initiative, "the initiative"),
        (part.differs, "how the initiative differs from Part 1"),
    ]
    missing = [
        label for value, label in checks if value is None or (isinstance(value, str) and _blank(value))
    ]
    if part.domain_still_relevant is False and part.domain is None:
        missing.append("the domain you now think is most relevant")
    return missing


@dataclass(frozen=True)
class ComparisonRow:
    question: str
    part1: str
    part2: str
    changed: bool


def resolve_indicator(pack: ContentPack, workbook: Workbook | None, ref: str | None) -> Indicator | None:
    """The indicator a reference names: the bank's, or the workbook's own or imported copy."""
    if not ref:
        return None
    if ref in pack.indicators_by_id:
        return pack.indicators_by_id[ref]
    if workbook is not None:
        for custom in workbook.custom_indicators:
            if custom.id == ref:
                return Indicator(id=ref, domain=custom.domain, text=custom.text, provenance=Provenance.CUSTOM)
        for copy in workbook.imported_indicators:
            if copy.id == ref:
                known = {a.value: a for a in DataAvailability}
                return Indicator(
                    id=ref,
                    domain=copy.domain,
                    text=copy.text,
                    provenance=Provenance.IMPORTED,
                    source=copy.source or None,
                    data_availability=known.get(copy.data_availability or ""),
                    link=copy.link,
                )
    return None


_IMPORTED_FROM = "Imported from "  # how an import without a source column names its file


def provenance_label(pack: ContentPack, indicator: Indicator) -> str:
    """Where an indicator comes from, in the few words shown beside it everywhere
    ("written for this app, not from the framework"); an imported one names its file where it is known."""
    label = pack.indicators.provenance_labels[indicator.provenance]
    source = indicator.source or ""
    if indicator.provenance == Provenance.IMPORTED and source.startswith(_IMPORTED_FROM):
        # An import with no source column records its file; a source column names the data's source instead,
        # which the tables show as Source.
        return f"{label}: {source.removeprefix(_IMPORTED_FROM)}"
    return label


def indicator_with_provenance(pack: ContentPack, indicator: Indicator) -> str:
    """An indicator as every output shows it: its words, then where it comes from in brackets."""
    return f"{indicator.text} ({provenance_label(pack, indicator)})"


def indicator_text(pack: ContentPack, workbook: Workbook | None, ref: str | None) -> str:
    """The words of an indicator reference with where it comes from, whether from the bank or the user's own:
    the one rendering the report, Excel, the workshop export and the pages share."""
    if not ref:
        return ""
    indicator = resolve_indicator(pack, workbook, ref)
    if indicator is None:
        return f"(indicator {ref} is no longer available)"
    return indicator_with_provenance(pack, indicator)


def exercise2_samples_hidden(exercise2: Exercise2, revealed_by_trainer: bool = False) -> tuple[bool, bool]:
    """Whether the guide's Part 1 and Part 2 sample answers are still hidden: each shows once that
    part is answered, or for both on demand or when the trainer reveals them."""
    shown = revealed_by_trainer or exercise2.samples_revealed
    return (
        bool(part1_missing(exercise2.part1)) and not shown,
        bool(part2_missing(exercise2.part2)) and not shown,
    )


def compare_parts(pack: ContentPack, workbook: Workbook) -> list[ComparisonRow]:
    """Part 1 and Part 2 side by side, question by question, marking what changed."""
    p1, p2 = workbook.exercise2.part1, workbook.exercise2.part2

    def domain_name(number: int | None) -> str:
        return f"{number}. {pack.domain(number).name}" if number else ""

    part2_domain = p1.domain if p2.domain_still_relevant else p2.domain
    rows = [
        ("Long-term difference (impact)", p1.long_term, p2.long_term),
        ("Most relevant domain", domain_name(p1.domain), domain_name(part2_domain)),
        ("Outcome", p1.outcome, p2.outcome),
        (
            "Indicator",
            indicator_text(pack, workbook, p1.indicator),
            indicator_text(pack, workbook, p2.indicator),
        ),
        ("Key outputs", _outputs(p1.output_1, p1.output_2), _outputs(p2.output_1, p2.output_2)),
        ("Initiative", p1.initiative, p2.initiative),
    ]
    return [
        ComparisonRow(q, a, b, bool(a.strip() and b.strip()) and " ".join(a.split()) != " ".join(b.split()))
        for q, a, b in rows
    ]


def _outputs(first: str, second: str) -> str:
    return "\n".join(f"{i}. {o.strip()}" for i, o in enumerate([first, second], 1) if o.strip())


def toc_unlinked_targets(workbook: Workbook) -> int:
    """Targets not yet linked to an activity (the guide asks that each is)."""
    return sum(1 for t in workbook.theory_of_change.targets if _blank(t.activity))


def numbered_lines(text: str) -> str:
    """A guide's answer written as "1. … 2. …" in one line, one numbered line each (a real Markdown
    list); any other text is returned as it is."""
    if not re.match(r"\s*1\.\s", text):
        return text
    parts = re.split(r"(?:^|\s)(\d+)\.\s+", text.strip())
    numbers, items = parts[1::2], [p.strip() for p in parts[2::2]]
    if numbers != [str(n) for n in range(1, len(numbers) + 1)] or len(items) < 2:
        return text
    return "\n".join(f"{n}. {item}" for n, item in zip(numbers, items, strict=True))


_PRIORITY_ORDER = [Level.HIGH, Level.MEDIUM, Level.LOW]


def top_barriers(guide: BarriersContent, workbook: Workbook) -> list[tuple[BarrierArea, BarrierNote]]:
    """The barrier areas the person gave a priority, highest first (the guide's order within one)."""
    notes = workbook.barriers
    rated = [(area, notes[area.id]) for area in guide.areas if area.id in notes and notes[area.id].priority]
    return sorted(rated, key=lambda pair: _PRIORITY_ORDER.index(pair[1].priority))
