"""Diagrams: the domain ring draws no hierarchy, the red line is more than colour, DOT escapes text."""

from __future__ import annotations

import math

from ioi_core.charts.diagrams import domain_positions, domain_ring, path_sentence, results_chain_dot
from ioi_core.content.pack import load_content


def test_every_domain_sits_on_the_same_ring() -> None:
    positions = domain_positions(load_content())
    radii = {round(math.hypot(x, y), 6) for x, y in zip(positions["x"], positions["y"], strict=False)}
    assert radii == {1.0}  # no type is drawn above or inside another
    assert sorted(positions["number"]) == list(range(1, 15))


def test_red_line_has_a_line_and_distinct_markers() -> None:
    pack = load_content()
    plain = domain_ring(pack).to_dict()
    chosen = domain_ring(pack, [13, 7, 5]).to_dict()
    assert len(chosen["layer"]) == len(plain["layer"]) + 2
    marks = [layer["mark"] for layer in chosen["layer"]]
    assert any(m.get("type") == "line" and m.get("strokeWidth", 0) >= 4 for m in marks if isinstance(m, dict))
    assert any(m.get("shape") == "diamond" for m in marks if isinstance(m, dict))


def test_path_sentence_names_the_domains_in_order() -> None:
    sentence = path_sentence(load_content(), [13, 7])
    assert "2 domains" in sentence
    assert sentence.index("13. Stability") < sentence.index("7. Social bridges")


def test_results_chain_escapes_user_text() -> None:
    dot = results_chain_dot('Say "hi" } digraph x {', "Out\\puts", "", "Goal", ["If people come", "", ""])
    assert 'Say \\"hi\\" } digraph\\nx {' in dot  # escaped, and wrapped to a narrow box
    assert "Out\\\\puts" in dot
    assert "(not written yet)" in dot
    assert 'activities -> outputs [label="If people come"]' in dot
    assert dot.count("->") == 3


def test_report_svg_ring_marks_the_path_and_escapes_names() -> None:
    from ioi_core.charts.diagrams import domain_ring_svg

    svg = domain_ring_svg(load_content(), [9, 7, 5], 'Your "red" line')
    assert svg.count("<circle") == 14 + 4  # domains + legend
    assert svg.count("<rect") == 3 and "<polyline" in svg
    assert 'aria-label="Your &quot;red&quot; line"' in svg


def test_power_interest_layout_keeps_every_point_inside_its_own_cell() -> None:
    import itertools

    from ioi_core.charts.diagrams import LEVELS, power_interest_grid, power_interest_layout

    for count in (1, 6, 40):
        people = [
            (f"P{n} {i}{p}", "Other", i, p)
            for i, p in itertools.product(LEVELS, LEVELS)
            for n in range(count)
        ]
        points, cells = power_interest_layout(people)
        assert len(points) == 9 * count and len(cells) == 9
        assert set(zip(cells.x2 - cells.x, cells.y2 - cells.y, strict=True)) == {(1, 1)}  # nine equal cells
        for (name, _, interest, influence), (_, p) in zip(people, points.iterrows(), strict=True):
            i, j = LEVELS.index(interest), LEVELS.index(influence)
            assert i < p.x < i + 1 and j < p.y < j + 1, (name, p.x, p.y)
        assert not points.duplicated(["x", "y"]).any()  # no two points on one spot
        # Names are written beside up to seven points a cell; a fuller cell says how many it holds.
        assert (points.label != "").all() == (count <= 7)
        assert (cells.caption == f"{count} people").all() == (count > 7)
    spec = power_interest_grid([("A", "Other", "medium", "medium")], ["Other"]).to_dict()
    assert spec["layer"][0]["encoding"]["x"]["scale"]["domain"] == [0, 3]


def test_newcomers_are_involve_closely_on_the_grid_wherever_they_sit_as_its_words_say() -> None:
    from ioi_core.charts.diagrams import NEWCOMERS_NOTE, power_interest_grid, power_interest_layout

    people = [
        ("Amina", "Newcomers", "high", "low"),  # a "Keep informed" cell
        ("Ben", "Newcomers", "high", "high"),  # already "Involve closely"
        ("Council", "Institutions", "high", "low"),
    ]
    points, cells = power_interest_layout(people, involve_closely="Newcomers")
    by_name = points.set_index("name")
    assert by_name.loc["Amina", "quadrant"] == "Involve closely" and by_name.loc["Amina", "moved"]
    assert not by_name.loc["Ben", "moved"]  # the shading already says it
    assert by_name.loc["Council", "quadrant"] == "Keep informed"
    assert "Keep informed" in set(cells.quadrant)  # the cells keep the grid's own meaning
    plain, _ = power_interest_layout(people)
    assert plain.set_index("name").loc["Amina", "quadrant"] == "Keep informed"
    grid = power_interest_grid(people, ["Newcomers", "Institutions"], involve_closely="Newcomers").to_dict()
    assert grid["title"]["text"] == NEWCOMERS_NOTE
    only_ben = power_interest_grid(people[1:2], ["Newcomers"], involve_closely="Newcomers").to_dict()
    assert "title" not in only_ben
