"""Indicator bank search: ranked, forgiving of plurals and case, filters, index keywords."""

from __future__ import annotations

import pytest

from ioi_core.content.bank_search import BankIndex, Filters, measurability_hint, search_all, stem
from ioi_core.content.models import DomainType, Indicator, Provenance
from ioi_core.content.pack import ContentPack, load_content


@pytest.fixture(scope="module")
def pack() -> ContentPack:
    return load_content()


@pytest.fixture(scope="module")
def index(pack) -> BankIndex:
    return BankIndex.build(pack)


def test_stemming_is_forgiving_of_plurals() -> None:
    assert stem("neighbours") == stem("neighbour") == "neighbour"
    assert stem("classes") == "class" and stem("activities") == "activity"
    assert stem("class") == "class" and stem("bus") == "bus"


def test_search_is_case_and_plural_insensitive(index: BankIndex) -> None:
    upper = [i.id for i in index.search("NEIGHBOUR")]
    plural = [i.id for i in index.search("neighbours")]
    assert upper and sorted(upper) == sorted(plural)


def test_guide_indicator_ranks_first_for_its_own_words(index: BankIndex) -> None:
    results = index.search("regularly attending ESOL classes")
    assert results[0].provenance == Provenance.GUIDE
    assert "regularly attending ESOL" in results[0].text


def test_every_word_must_match(index: BankIndex) -> None:
    assert index.search("ESOL zebra") == []


def test_filters_narrow_by_domain_type_and_provenance(index: BankIndex) -> None:
    by_domain = index.search("", Filters(domains=frozenset({7})))
    assert by_domain and {i.domain for i in by_domain} == {7}
    by_type = index.search("", Filters(types=frozenset({DomainType.FOUNDATION})))
    assert {i.domain for i in by_type} == {14}
    guide_only = index.search("", Filters(provenance=frozenset({Provenance.GUIDE})))
    assert guide_only and all(i.provenance == Provenance.GUIDE for i in guide_only)


def test_index_keyword_leads_to_its_domains(pack: ContentPack, index: BankIndex) -> None:
    results = index.search("", keyword="Hate crime")
    assert results and {i.domain for i in results} <= {12}
    assert "Hate crime" in results[0].keywords


def test_custom_indicators_are_searchable(pack: ContentPack) -> None:
    own = Indicator(
        id="custom-1", domain=6, text="% attending the Friday supper club", provenance=Provenance.CUSTOM
    )
    results = BankIndex.build(pack, [own]).search("supper")
    assert [i.id for i in results] == ["custom-1"]


def test_measurability_hint() -> None:
    assert measurability_hint("% of participants who speak to a neighbour weekly") is None
    assert measurability_hint("Number of volunteers trained") is None
    assert measurability_hint("People feel welcome") is not None


def test_a_workbook_index_merges_as_if_it_were_one_bank(pack: ContentPack) -> None:
    """The page searches the shared bank and a workbook's own separately; the ranking is the same."""
    shared = [
        Indicator(id=f"s-{n}", domain=n % 14 + 1, text=t, provenance=Provenance.IMPORTED, source="x")
        for n, t in enumerate(
            ["% of neighbours who trust", "% in ESOL classes", "% who feel safe", "% who vote"]
        )
    ]
    own = [
        Indicator(
            id="custom-1", domain=9, text="% attending ESOL classes weekly", provenance=Provenance.CUSTOM
        ),
        Indicator(id="custom-2", domain=6, text="% who trust neighbours", provenance=Provenance.CUSTOM),
    ]
    one = BankIndex.build(pack, shared + own)
    parts = [BankIndex.build(pack, shared), BankIndex.build(pack, own, with_pack=False, part=1)]
    for query, filters in [
        ("", Filters()),
        ("neighbours trust", Filters()),
        ("ESOL classes", Filters()),
        ("", Filters(domains=frozenset({6, 9}))),
        ("weekly", Filters()),
    ]:
        assert [i.id for i in search_all(parts, query, filters)] == [i.id for i in one.search(query, filters)]


def test_a_search_is_kept_and_not_shared_between_filters(index: BankIndex) -> None:
    first = index.search("", Filters(domains=frozenset({7})))
    assert index.scored("", Filters(domains=frozenset({7}))) is index.scored(
        "", Filters(domains=frozenset({7}))
    )
    assert {i.domain for i in first} == {7}
    assert {i.domain for i in index.search("", Filters(domains=frozenset({3})))} == {3}


def test_filters_from_the_page_address_ignore_what_nobody_could_choose_and_read_back_the_same() -> None:
    from ioi_core.content.bank_search import from_address, to_address

    assert from_address("domains", ["7", "7", "0", "15", "seven", "14"]) == [7, 14]
    assert from_address("availability", ["not-known", "bogus"]) == [None]
    for name, texts in [("types", ["markers_and_means"]), ("provenance", ["guide", "starter"])]:
        values = from_address(name, texts)
        assert values and to_address(name, values) == texts
    assert to_address("availability", [None]) == ["not-known"]


def test_loosening_names_each_filter_on_by_how_many_it_alone_hides_most_first() -> None:
    from ioi_core.content.bank_search import Filters, loosening
    from ioi_core.content.models import Provenance

    filters = Filters(domains=frozenset({1}), provenance=frozenset({Provenance.CUSTOM}), types=frozenset())
    counts = {"domains": 5, "provenance": 0}

    def found_with(looser: Filters) -> int:
        dropped = "domains" if not looser.domains else "provenance"
        return counts[dropped]

    assert loosening(filters, found_with) == [("domains", 5)]
    counts["provenance"] = 9
    assert loosening(filters, found_with) == [("provenance", 9), ("domains", 5)]
    assert loosening(Filters(), found_with) == []
