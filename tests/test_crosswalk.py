"""Integration Star crosswalk, both directions, faithful to Triangle's table."""

from ioi_core.content.crosswalk import domains_for_area, rows_for_domain
from ioi_core.content.pack import load_content


def test_domain_to_star_areas() -> None:
    pack = load_content()
    assert rows_for_domain(pack, 9)[0].star_areas == ["Practical English"]
    assert set(rows_for_domain(pack, 12)[0].star_areas) == {
        "Community and connections",
        "Laws, systems and services",
        "Family and children",
    }
    for number in (11, 13, 14):
        assert rows_for_domain(pack, number)[0].no_separate_area
    assert all(rows_for_domain(pack, n) for n in range(1, 15))


def test_star_area_to_the_documents_rows() -> None:
    """The reverse view lists the document's rows whole: bonds, bridges and links stay one row."""
    coverage = {c.area: [row.domains for row in c.rows] for c in domains_for_area(load_content())}
    assert coverage["Education and work"] == [[1], [2]]
    assert coverage["Community and connections"] == [[5], [6, 7, 8], [10], [12]]
    assert coverage["Where you live"] == [[3]]
    assert coverage["Money"] == []


def test_an_area_only_named_in_a_rows_text_is_found_there() -> None:
    """Money is named only in the Stability row ("incorporated into all relevant outcome areas")."""
    money = next(c for c in domains_for_area(load_content()) if c.area == "Money")
    assert money.covers is None
    assert [row.domains for row in money.mentioned_in] == [[13]]
