"""Diagrams: the domain ring draws no hierarchy, the red line is more than colour, DOT escapes text."""

from __future__ import annotations

import math

from ioi_core.content import load_content
from ioi_core.diagrams import domain_positions, domain_ring, path_sentence, results_chain_dot


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
    from ioi_core.diagrams import domain_ring_svg

    svg = domain_ring_svg(load_content(), [9, 7, 5], 'Your "red" line')
    assert svg.count("<circle") == 14 + 4  # domains + legend
    assert svg.count("<rect") == 3 and "<polyline" in svg
    assert 'aria-label="Your &quot;red&quot; line"' in svg
