"""Search and filter the indicator bank: ranked word search, the guide's index keywords, filters."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ioi_core.content import ContentPack
from ioi_core.content_models import DataAvailability, DomainType, Indicator, Provenance

_WORD = re.compile(r"[a-z0-9%]+")
_STOP = {
    "the",
    "of",
    "and",
    "a",
    "an",
    "to",
    "in",
    "for",
    "with",
    "who",
    "or",
    "on",
    "by",
    "at",
    "as",
    "is",
    "are",
}


def stem(word: str) -> str:
    """A deliberately small stemmer: enough that 'neighbours' finds 'neighbour', 'classes' 'class'."""
    for suffix, keep in (
        ("ies", "y"),
        ("sses", "ss"),
        ("shes", "sh"),
        ("ches", "ch"),
        ("xes", "x"),
        ("s", ""),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            return word[: -len(suffix)] + keep
    return word


def terms(text: str) -> list[str]:
    return [stem(w) for w in _WORD.findall(text.casefold()) if w not in _STOP]


@dataclass(frozen=True)
class Filters:
    domains: frozenset[int] = frozenset()
    types: frozenset[DomainType] = frozenset()
    availability: frozenset[DataAvailability | None] = frozenset()
    provenance: frozenset[Provenance] = frozenset()

    def allows(self, indicator: Indicator, domain_type: DomainType) -> bool:
        return (
            (not self.domains or indicator.domain in self.domains)
            and (not self.types or domain_type in self.types)
            and (not self.availability or indicator.data_availability in self.availability)
            and (not self.provenance or indicator.provenance in self.provenance)
        )


NO_FILTERS = Filters()


@dataclass
class BankIndex:
    """Pre-computed terms per indicator, so a search over thousands is a set lookup, not parsing."""

    pack: ContentPack
    indicators: list[Indicator]
    text_terms: list[set[str]] = field(default_factory=list)
    keyword_terms: list[set[str]] = field(default_factory=list)

    @classmethod
    def build(cls, pack: ContentPack, extra: Iterable[Indicator] = ()) -> BankIndex:
        indicators = list(pack.indicators.indicators) + list(extra)
        index = cls(pack, indicators)
        index.text_terms = [set(terms(i.text)) for i in indicators]
        index.keyword_terms = [set(terms(" ".join(i.keywords))) for i in indicators]
        return index

    def search(
        self, query: str, filters: Filters = NO_FILTERS, keyword: str | None = None
    ) -> list[Indicator]:
        """Indicators matching every word of `query` (text or keywords), best first; all if no query.

        `keyword` is an index keyword: it narrows to that entry's domains, tagged indicators first.
        """
        wanted = terms(query)
        entry_domains: set[int] = set()
        if keyword:
            entries = self.pack.search_index(keyword)
            entry_domains = {d for e in entries for d in e.domains}
            keyword_names = {e.keyword for e in entries}
        scored: list[tuple[float, int, Indicator]] = []
        for position, indicator in enumerate(self.indicators):
            if not filters.allows(indicator, self.pack.domain(indicator.domain).type):
                continue
            score = 0.0
            if keyword:
                if indicator.domain not in entry_domains:
                    continue
                score += 5 if keyword_names & set(indicator.keywords) else 0
            text_terms, keyword_terms = self.text_terms[position], self.keyword_terms[position]
            if wanted:
                hits = [(t in text_terms) * 2 + (t in keyword_terms) * 3 for t in wanted]
                if not all(hits):
                    continue
                score += sum(hits)
                if " ".join(query.casefold().split()) in indicator.text.casefold():
                    score += 4  # the exact phrase
            if indicator.provenance == Provenance.GUIDE:
                score += 0.5
            scored.append((-score, position, indicator))
        scored.sort(key=lambda item: (item[0], item[1]))
        return [indicator for _, _, indicator in scored]


_MEASURABLE = re.compile(
    r"%|^\s*(percentage|proportion|number|no\.|rate|share|ratio|level|count|average|mean|how many)\b"
    r"|\b(per cent|percent|number of|proportion of|rate of|how many)\b",
    re.IGNORECASE,
)


def measurability_hint(text: str) -> str | None:
    """None when the indicator reads as measurable; else a gentle suggestion."""
    if _MEASURABLE.search(text):
        return None
    return (
        "This may be hard to measure. Indicators usually say what is counted, for example "
        "'% of participants who…', 'Number of…' or 'Proportion of residents who…'."
    )


def domain_names(pack: ContentPack, numbers: Sequence[int]) -> str:
    return ", ".join(f"{n}. {pack.domain(n).name}" for n in numbers)
