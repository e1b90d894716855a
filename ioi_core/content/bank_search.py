"""Search and filter the indicator bank: ranked word search, the guide's index keywords, filters."""

from __future__ import annotations

import bisect
import dataclasses
import re
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from cachetools import LRUCache

from ioi_core.content.models import DataAvailability, DomainType, IndexEntry, Indicator, Provenance
from ioi_core.content.pack import ContentPack

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


_STEMS: dict[str, str] = {}  # word -> stem: a bank of thousands repeats a few thousand words


def terms(text: str) -> list[str]:
    found = []
    for word in _WORD.findall(text.casefold()):
        if word in _STOP:
            continue
        stemmed = _STEMS.get(word)
        if stemmed is None:
            stemmed = stem(word)
            if len(_STEMS) < 200_000:
                _STEMS[word] = stemmed
        found.append(stemmed)
    return found


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


# The filters live in the page address too (?domain=7&type=…), so a reload or a bookmark keeps them.
# A field of Filters -> (the address parameter, a value as text, text back to a value).
NOT_KNOWN = "not-known"
ADDRESS_PARAMS: dict[str, tuple[str, Callable[[Any], str], Callable[[str], Any]]] = {
    "domains": ("domain", str, int),
    "types": ("type", lambda t: t.value, DomainType),
    "availability": (
        "availability",
        lambda a: a.value if a else NOT_KNOWN,
        lambda text: None if text == NOT_KNOWN else DataAvailability(text),
    ),
    "provenance": ("provenance", lambda p: p.value, Provenance),
}


def from_address(field_name: str, texts: Iterable[str]) -> list[Any]:
    """A filter's values from the page address, each once; a value nobody could have chosen (a
    hand-edited address) is ignored."""
    _, _, parse = ADDRESS_PARAMS[field_name]
    values: list[Any] = []
    for text in texts:
        try:
            value = parse(text)
        except ValueError:
            continue
        if value not in values and (field_name != "domains" or 1 <= value <= 14):
            values.append(value)
    return values


def to_address(field_name: str, values: Iterable[Any]) -> list[str]:
    _, show, _ = ADDRESS_PARAMS[field_name]
    return [show(v) for v in values]


def loosening(filters: Filters, found_with: Callable[[Filters], int]) -> list[tuple[str, int]]:
    """When the filters together find nothing: for each filter that is on, how many results there
    would be without it alone, most first, leaving out those that would still find none."""
    counts = [
        (name, found_with(dataclasses.replace(filters, **{name: frozenset()})))
        for name in ADDRESS_PARAMS
        if getattr(filters, name)
    ]
    return sorted(((name, n) for name, n in counts if n), key=lambda pair: -pair[1])


NO_FILTERS = Filters()


@dataclass
class BankIndex:
    """Pre-computed terms per indicator, so a search over thousands is a set lookup, not parsing.

    Words are also kept as postings (term -> positions), so a word search scores only the indicators
    that hold every word, and each search's result is kept (a rerun with the same search costs
    nothing). `part` orders indexes searched together by `search_all`.
    """

    pack: ContentPack
    indicators: list[Indicator]
    # term -> positions of the indicators whose text (or index keywords) hold it
    text_postings: dict[str, set[int]] = field(default_factory=dict)
    keyword_postings: dict[str, set[int]] = field(default_factory=dict)
    part: int = 0
    _results: LRUCache = field(default_factory=lambda: LRUCache(maxsize=32), repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def build(
        cls, pack: ContentPack, extra: Iterable[Indicator] = (), *, with_pack: bool = True, part: int = 0
    ) -> BankIndex:
        indicators = (list(pack.indicators.indicators) if with_pack else []) + list(extra)
        index = cls(pack, indicators, part=part)
        text_postings: defaultdict[str, set[int]] = defaultdict(set)
        keyword_postings: defaultdict[str, set[int]] = defaultdict(set)
        for position, indicator in enumerate(indicators):
            for term in terms(indicator.text):
                text_postings[term].add(position)
            if indicator.keywords:
                for term in terms(" ".join(indicator.keywords)):
                    keyword_postings[term].add(position)
        index.text_postings, index.keyword_postings = dict(text_postings), dict(keyword_postings)
        return index

    def scored(
        self, query: str, filters: Filters = NO_FILTERS, keyword: str | None = None
    ) -> tuple[list[float], list[Indicator]]:
        """(minus scores, indicators), best first (ties in bank order); kept per search."""
        key = (" ".join(query.split()), filters, keyword)
        with self._lock:
            found = self._results.get(key)
        if found is None:
            found = self._score(query, filters, keyword)
            with self._lock:
                self._results[key] = found
        return found

    def _score(
        self, query: str, filters: Filters, keyword: str | None
    ) -> tuple[list[float], list[Indicator]]:
        wanted = terms(query)
        phrase = " ".join(query.casefold().split())
        entry_domains: set[int] = set()
        keyword_names: set[str] = set()
        if keyword:
            # A keyword chosen from the index narrows to its own entry, not to every entry holding its words
            # ("Care" is not "Childcare facilities").
            entries = self.pack.search_index(keyword)
            entries = [e for e in entries if e.keyword.casefold() == keyword.casefold()] or entries
            entry_domains = {d for e in entries for d in e.domains}
            keyword_names = {e.keyword for e in entries}
        if wanted:
            candidates: Iterable[int] = sorted(set.intersection(*(self._holding(t) for t in wanted)))
        else:
            candidates = range(len(self.indicators))
        any_filter = filters != NO_FILTERS
        scored: list[tuple[float, int]] = []
        for position in candidates:
            indicator = self.indicators[position]
            if any_filter and not filters.allows(indicator, self.pack.domain(indicator.domain).type):
                continue
            score = 0.0
            if keyword:
                if indicator.domain not in entry_domains:
                    continue
                score += 5 if keyword_names & set(indicator.keywords) else 0
            if wanted:
                score += sum(
                    (position in self.text_postings.get(t, ())) * 2
                    + (position in self.keyword_postings.get(t, ())) * 3
                    for t in wanted
                )
                if phrase in indicator.text.casefold():
                    score += 4  # the exact phrase
            if indicator.provenance == Provenance.GUIDE:
                score += 0.5
            scored.append((-score, position))
        scored.sort()
        return [s for s, _ in scored], [self.indicators[p] for _, p in scored]

    def _holding(self, term: str) -> set[int]:
        return self.text_postings.get(term, set()) | self.keyword_postings.get(term, set())

    def search(
        self, query: str, filters: Filters = NO_FILTERS, keyword: str | None = None
    ) -> list[Indicator]:
        """Indicators matching every word of `query` (text or keywords), best first; all if no query.

        `keyword` is an index keyword: it narrows to that entry's domains, tagged indicators first.
        """
        return list(self.scored(query, filters, keyword)[1])


def search_all(
    indexes: Sequence[BankIndex], query: str, filters: Filters = NO_FILTERS, keyword: str | None = None
) -> list[Indicator]:
    """One ranked list from several indexes (e.g. the shared bank's and a workbook's own), as if they
    were one: best first, ties in the order of the indexes, then of each bank.

    The first index is usually the large one; each smaller one's results are slotted into it by
    binary search, so the cost is that of copying the large list, not of sorting it again.
    """
    merged_scores: list[float] = []
    merged: list[Indicator] = []
    for number, index in enumerate(indexes):
        scores, found = index.scored(query, filters, keyword)
        if number == 0:
            merged_scores, merged = list(scores), list(found)
            continue
        if not found:
            continue
        out_scores: list[float] = []
        out: list[Indicator] = []
        start = 0
        for score, indicator in zip(scores, found, strict=True):
            at = bisect.bisect_right(merged_scores, score, lo=start)
            out_scores.extend(merged_scores[start:at])
            out.extend(merged[start:at])
            out_scores.append(score)
            out.append(indicator)
            start = at
        out_scores.extend(merged_scores[start:])
        out.extend(merged[start:])
        merged_scores, merged = out_scores, out
    return merged


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


INFERRED = "inferred: the guide's PDF lost this entry's numbers"


def inferred_note(entry: IndexEntry) -> str:
    """Said wherever an index entry is answered: empty for the guide's own numbers, else that they were
    inferred and why."""
    return f"{INFERRED}. {entry.inferred_because}" if entry.numbers_lost else ""
