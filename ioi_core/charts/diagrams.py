"""Diagrams of the framework as Altair charts: the 14 domains on a ring, grouped by type.

A ring, not a stack: the guide warns that drawings of the domains are read as a hierarchy, and there
is none. A chosen path (Exercise 1's "red line") is drawn as a thick line through numbered markers,
so it reads without relying on colour.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import altair as alt
import pandas as pd

from ioi_core.checks.stakeholders import quadrant
from ioi_core.content.models import DomainType
from ioi_core.content.pack import ContentPack
from ioi_core.model.workbook import Level

TYPE_ORDER = [
    DomainType.FACILITATORS,
    DomainType.SOCIAL_CONNECTIONS,
    DomainType.MARKERS_AND_MEANS,
    DomainType.FOUNDATION,
]
# Colour-blind-safe (Okabe-Ito) so types stay distinguishable; type names are also in the legend.
TYPE_COLOURS = ["#0072B2", "#009E73", "#E69F00", "#CC79A7"]
PATH_COLOUR = "#D55E00"


def _wrap(text: str, width: int) -> str:
    """Break a label onto short lines so it fits beside the ring on a phone."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "\n".join(lines)


def domain_positions(pack: ContentPack) -> pd.DataFrame:
    """One row per domain with x/y on a ring, ordered by type so each type is one arc."""
    ordered = [d for t in TYPE_ORDER for d in pack.domains_of_type(t)]
    rows = []
    for i, domain in enumerate(ordered):
        angle = math.pi / 2 - 2 * math.pi * i / len(ordered)
        rows.append(
            {
                "number": domain.number,
                "domain": f"{domain.number}. {domain.name}",
                "type": pack.types_by_id[domain.type].name,
                "x": math.cos(angle),
                "y": math.sin(angle),
                "label_x": 1.25 * math.cos(angle),
                "label_y": 1.25 * math.sin(angle)
                + (
                    0.1 * _wrap(f"{domain.number}. {domain.name}", 14).count("\n")
                    if math.sin(angle) > 0.9
                    else 0
                ),
                "label": _wrap(f"{domain.number}. {domain.name}", 14),
                # Labels at the top and bottom grow away from the ring so they never cover a marker.
                "baseline": "bottom"
                if math.sin(angle) > 0.9
                else ("top" if math.sin(angle) < -0.9 else "middle"),
                "align": "left"
                if math.cos(angle) > 0.2
                else ("right" if math.cos(angle) < -0.2 else "center"),
            }
        )
    return pd.DataFrame(rows)


def domain_ring(pack: ContentPack, path: Sequence[int] = (), height: int = 460) -> alt.LayerChart:
    """The ring of domains; `path` (domain numbers in order) is drawn as the highlighted red line."""
    positions = domain_positions(pack)
    type_names = [pack.types_by_id[t].name for t in TYPE_ORDER]
    scale = alt.Scale(domain=[-2.6, 2.6])
    base = alt.Chart(positions).encode(
        x=alt.X("x:Q", scale=scale, axis=None), y=alt.Y("y:Q", scale=alt.Scale(domain=[-1.6, 1.6]), axis=None)
    )
    points = base.mark_circle(size=420, opacity=0.9).encode(
        color=alt.Color(
            "type:N",
            scale=alt.Scale(domain=type_names, range=TYPE_COLOURS),
            legend=alt.Legend(title="Type of domain", orient="bottom", columns=2, labelLimit=240),
        ),
        tooltip=["domain:N", "type:N"],
    )
    numbers = base.mark_text(fontSize=13, fontWeight="bold", color="white").encode(text="number:N")
    layers: list[alt.Chart] = [points, numbers]
    for (align, baseline), group in positions.groupby(["align", "baseline"]):
        layers.append(
            alt.Chart(group)
            .mark_text(fontSize=12, align=align, color="#222222", lineBreak="\n", baseline=baseline)
            .encode(
                x=alt.X("label_x:Q", scale=scale, axis=None),
                y=alt.Y("label_y:Q", scale=alt.Scale(domain=[-1.6, 1.6]), axis=None),
                text="label:N",
            )
        )
    chosen = [n for n in path if n is not None]
    if chosen:
        by_number = positions.set_index("number")
        line = pd.DataFrame(
            [
                {
                    "step": i + 1,
                    "x": by_number.loc[n, "x"],
                    "y": by_number.loc[n, "y"],
                    "domain": by_number.loc[n, "domain"],
                }
                for i, n in enumerate(chosen)
            ]
        )
        path_base = alt.Chart(line).encode(
            x=alt.X("x:Q", scale=scale, axis=None),
            y=alt.Y("y:Q", scale=alt.Scale(domain=[-1.6, 1.6]), axis=None),
        )
        layers.insert(0, path_base.mark_line(color=PATH_COLOUR, strokeWidth=6).encode(order="step:O"))
        layers.append(
            path_base.mark_point(
                shape="diamond", size=900, filled=False, strokeWidth=4, color=PATH_COLOUR
            ).encode(tooltip=["step:O", "domain:N"])
        )
    return alt.layer(*layers).properties(height=height).configure_view(strokeWidth=0)


def path_sentence(pack: ContentPack, path: Sequence[int], whose: str = "Your") -> str:
    """The text alternative to the red line, so the chart never carries meaning on its own."""
    if not path:
        return f"{whose} red line is empty: no domains chosen yet."
    steps = " → ".join(
        f"**{n}. {pack.domain(n).name}** ({pack.types_by_id[pack.domain(n).type].name})" for n in path
    )
    return f"{whose} red line links {len(path)} domain{'s' if len(path) != 1 else ''}: {steps}."


def _dot_text(text: str, width: int = 28, limit: int = 160) -> str:
    """Escape and wrap user text for a Graphviz label (it is data, never DOT syntax)."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    escaped = [ln.replace("\\", "\\\\").replace('"', '\\"') for ln in lines]
    return "\\n".join(escaped)


def results_chain_dot(
    activities: str, outputs: str, outcomes: str, goal: str, assumptions: Sequence[str]
) -> str:
    """Graphviz DOT for activities → outputs → intermediate outcomes → goal, assumptions on links."""
    boxes = [
        ("activities", "4 · Activities", activities),
        ("outputs", "3 · Outputs", outputs),
        ("outcomes", "2 · Intermediate\\noutcomes", outcomes),
        ("goal", "1 · Goal", goal),
    ]
    lines = [
        "digraph results_chain {",
        # Narrow boxes and short label lines: the chart is scaled to the page's width, so the less
        # wide the drawing, the larger its text reads (on a projector too).
        '  rankdir=LR; bgcolor="transparent"; ranksep=0.35; nodesep=0.3;',
        '  node [shape=box, style="rounded,filled", fillcolor="#E8F1FA", color="#0072B2", '
        'fontname="Helvetica", fontsize=16, margin="0.12,0.08"];',
        '  edge [color="#333333", fontname="Helvetica", fontsize=13, penwidth=1.6];',
    ]
    for node_id, heading, text in boxes:
        body = _dot_text(text, 18) if text.strip() else "(not written yet)"
        lines.append(f'  {node_id} [label="{heading}\\n\\n{body}"];')
    for (a, _, _), (b, _, _), assumption in zip(
        boxes, boxes[1:], list(assumptions) + ["", "", ""], strict=False
    ):
        label = (
            f'  {a} -> {b} [label="{_dot_text(assumption, 14, 90)}"];'
            if assumption.strip()
            else f"  {a} -> {b};"
        )
        lines.append(label)
    lines.append("}")
    return "\n".join(lines)


def domain_ring_svg(pack: ContentPack, path: Sequence[int] = (), title: str = "The 14 domains") -> str:
    """The domain ring as standalone SVG (for the printable report, where no JavaScript runs)."""
    from html import escape

    positions = domain_positions(pack)
    colours = dict(zip([pack.types_by_id[t].name for t in TYPE_ORDER], TYPE_COLOURS, strict=True))
    cx, cy, r = 360, 230, 150

    def xy(x: float, y: float, scale: float = 1.0) -> tuple[float, float]:
        return cx + x * r * scale, cy - y * r * scale

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 720 470" role="img" aria-label="{escape(title)}" '
        'style="max-width:100%;height:auto;font-family:Arial,sans-serif">'
    ]
    by_number = positions.set_index("number")
    if path:
        points = " ".join(
            "{:.1f},{:.1f}".format(*xy(by_number.loc[n, "x"], by_number.loc[n, "y"])) for n in path
        )
        parts.append(f'<polyline points="{points}" fill="none" stroke="{PATH_COLOUR}" stroke-width="6"/>')
    for row in positions.itertuples():
        x, y = xy(row.x, row.y)
        lx, ly = xy(row.x, row.y, 1.3)
        anchor = {"left": "start", "right": "end", "center": "middle"}[row.align]
        if row.number in path:
            parts.append(
                f'<rect x="{x - 16:.1f}" y="{y - 16:.1f}" width="32" height="32" transform="rotate(45 {x:.1f} {y:.1f})" '
                f'fill="none" stroke="{PATH_COLOUR}" stroke-width="4"/>'
            )
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="13" fill="{colours[row.type]}"/>')
        parts.append(
            f'<text x="{x:.1f}" y="{y + 4:.1f}" font-size="12" font-weight="bold" fill="#fff" text-anchor="middle">{row.number}</text>'
        )
        parts.append(
            f'<text x="{lx:.1f}" y="{ly + 4:.1f}" font-size="13" fill="#222" text-anchor="{anchor}">{escape(row.domain)}</text>'
        )
    for i, (name, colour) in enumerate(colours.items()):
        parts.append(f'<circle cx="{30 + i * 160}" cy="455" r="7" fill="{colour}"/>')
        parts.append(f'<text x="{42 + i * 160}" y="460" font-size="12" fill="#222">{escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


# ---------------------------------------------------------------- the power-interest grid

LEVELS = ("low", "medium", "high")
LEVEL_WORDS = {"low": "Low", "medium": "Medium", "high": "High"}
LABELLED_PER_CELL = 7  # up to this many names are written beside their points; more are counted
GROUP_COLOURS = ["#0072B2", "#009E73", "#E69F00", "#CC79A7", "#555555"]
NEWCOMERS_QUADRANT = "Involve closely"
NEWCOMERS_NOTE = "Newcomers: involve closely, wherever they sit on the grid"
QUADRANT_FILLS = {
    "Involve closely": "#E3EEF8",
    "Keep satisfied": "#F3EBF6",
    "Keep informed": "#E6F4EC",
    "Monitor": "#F2F2F2",
}


def _quadrant(interest: str, influence: str) -> str:
    return quadrant(Level(interest), Level(influence))  # the same words as the chart's text alternative


def power_interest_layout(
    people: Sequence[tuple[str, str, str, str]], involve_closely: str | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Where each stakeholder (name, group, interest, influence) sits on a 3×3 grid whose cells span
    [i, i+1] for low, medium, high. In a cell of up to LABELLED_PER_CELL people each is on its own line
    with its name beside it; a fuller cell packs its points in rows and says how many there are.
    Returns the points and the cells (with the quadrant and any count caption).

    People of the group `involve_closely` (the target newcomers) are "Involve closely" wherever they sit,
    as the chart's words beside it say: the guide asks for their input from the design stage. Their
    point's tooltip says so, and the grid (`power_interest_grid`) says it in a line above."""
    by_cell: dict[tuple[int, int], list[tuple[str, str]]] = {}
    for name, group, interest, influence in people:
        cell = (LEVELS.index(interest), LEVELS.index(influence))
        by_cell.setdefault(cell, []).append((name, group))
    points, cells = [], []
    for i, interest in enumerate(LEVELS):
        for j, influence in enumerate(LEVELS):
            members = by_cell.get((i, j), [])
            n = len(members)
            labelled = n <= LABELLED_PER_CELL
            caption_y = j + 0.5
            if labelled:  # one name a line, from the top of the cell
                step = 0.8 / max(n, 4)
                spots = [(i + 0.07, j + 0.9 - k * step) for k in range(n)]
            else:  # packed in rows from the top, the count written under them
                columns = math.ceil(math.sqrt(n * 2))
                rows = math.ceil(n / columns)
                dx, dy = 0.86 / columns, min(0.12, 0.66 / rows)
                spots = [(i + 0.07 + (k % columns) * dx, j + 0.9 - (k // columns) * dy) for k in range(n)]
                caption_y = j + 0.9 - rows * dy - 0.04
            cells.append(
                {
                    "x": i,
                    "x2": i + 1,
                    "y": j,
                    "y2": j + 1,
                    "quadrant": _quadrant(interest, influence),
                    "caption": "" if labelled else f"{n} people",
                    "caption_y": caption_y,
                }
            )
            for (name, group), (x, y) in zip(members, spots, strict=True):
                where = _quadrant(interest, influence)
                moved = group == involve_closely and where != NEWCOMERS_QUADRANT
                points.append(
                    {
                        "name": name or "(no name)",
                        "label": (name or "(no name)") if labelled else "",
                        "group": group,
                        "x": x,
                        "y": y,
                        "quadrant": NEWCOMERS_QUADRANT if moved else where,
                        "moved": moved,  # a newcomer in a cell shaded otherwise
                    }
                )
    return (
        pd.DataFrame(points, columns=["name", "label", "group", "x", "y", "quadrant", "moved"]),
        pd.DataFrame(cells),
    )


def power_interest_grid(
    people: Sequence[tuple[str, str, str, str]],
    group_names: list[str],
    height: int = 540,
    involve_closely: str | None = None,
) -> alt.LayerChart:
    """The power-interest grid: Interest across, Influence up, each Low / Medium / High, every cell
    the same size however the stakeholders fall; shaded by the guide's quadrant."""
    points, cells = power_interest_layout(people, involve_closely)
    centres = [0.5, 1.5, 2.5]
    words = "datum.value < 1 ? 'Low' : datum.value < 2 ? 'Medium' : 'High'"
    scale = dict(domain=[0, 3], nice=False, zero=False)
    axis = dict(
        values=centres,
        labelExpr=words,
        grid=False,
        ticks=False,
        labelFontSize=13,
        titleFontSize=14,
        labelColor="#222222",
        titleColor="#222222",
    )
    x_axis, y_axis = alt.Axis(**axis), alt.Axis(**axis)
    backdrop = (
        alt.Chart(cells)
        .mark_rect(stroke="#888888", strokeWidth=1)
        .encode(
            x=alt.X("x:Q", title="Interest", scale=alt.Scale(**scale), axis=x_axis),
            x2="x2:Q",
            y=alt.Y("y:Q", title="Influence", scale=alt.Scale(**scale), axis=y_axis),
            y2="y2:Q",
            fill=alt.Fill(
                "quadrant:N",
                scale=alt.Scale(domain=list(QUADRANT_FILLS), range=list(QUADRANT_FILLS.values())),
                legend=None,  # each cell names its quadrant
            ),
        )
    )
    captions = (
        alt.Chart(cells)
        .transform_calculate(cx="datum.x + 0.05")
        .mark_text(fontSize=12, color="#222222", align="left", baseline="middle", fontWeight="bold")
        .encode(x="cx:Q", y="caption_y:Q", text="caption:N")
    )
    quadrants = (
        alt.Chart(cells)
        .transform_calculate(qx="datum.x2 - 0.03", qy="datum.y + 0.03")
        .mark_text(fontSize=11, color="#444444", align="right", baseline="bottom", fontStyle="italic")
        .encode(x="qx:Q", y="qy:Q", text="quadrant:N")
    )
    base = alt.Chart(points).encode(x="x:Q", y="y:Q")
    dots = base.mark_point(size=90, filled=True, opacity=1).encode(
        shape=alt.Shape(
            "group:N",
            scale=alt.Scale(domain=group_names),
            legend=alt.Legend(title="Group", orient="bottom", columns=2),
        ),
        color=alt.Color(
            "group:N",
            scale=alt.Scale(domain=group_names, range=GROUP_COLOURS),
            legend=alt.Legend(title="Group", orient="bottom", columns=2),
        ),
        tooltip=[
            alt.Tooltip("name:N", title="Who"),
            alt.Tooltip("group:N", title="Group"),
            alt.Tooltip("quadrant:N", title="Quadrant"),
        ],
    )
    labels = base.mark_text(
        align="left", baseline="middle", dx=9, fontSize=12, color="#222222", limit=alt.expr("width / 3 - 28")
    ).encode(text="label:N")
    return (
        alt.layer(backdrop, quadrants, captions, dots, labels)
        .resolve_scale(color="independent", shape="independent")
        .properties(height=height, **_newcomers_title(points))
    )


def _newcomers_title(points: pd.DataFrame) -> dict[str, alt.TitleParams]:
    """A line above the grid when a newcomer sits in a cell shaded otherwise (see power_interest_layout)."""
    if not points.moved.any():
        return {}
    note = alt.TitleParams(NEWCOMERS_NOTE, anchor="start", fontSize=13, fontWeight="normal", color="#222222")
    return {"title": note}
