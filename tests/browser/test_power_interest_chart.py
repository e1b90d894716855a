"""The power-interest grid drawn in a real browser: every cell the same size whatever the levels,
names beside their points, crowded cells counted — with 1, 6 and 40 stakeholders, at two widths."""

from __future__ import annotations

import io
import itertools

import pytest
from playwright.sync_api import expect

from ioi_core.content.models import StakeholderGroup
from ioi_core.model.workbook import Level, Stakeholder, Workbook, WorkbookMeta
from ioi_core.store.db import make_engine
from ioi_core.store.migrate import upgrade
from tests.browser.db_helpers import store_for
from tests.browser.helpers import screenshot, wait_for_app

pytestmark = pytest.mark.browser

LEVELS = [Level.LOW, Level.MEDIUM, Level.HIGH]
GROUPS = list(StakeholderGroup)


def _rows(case: str) -> list[Stakeholder]:
    if case == "one":
        return [Stakeholder(name="Local council", group=StakeholderGroup.INSTITUTIONS)]
    if case == "newcomers":  # newcomers low in influence: involve closely all the same, on the grid too
        return [
            Stakeholder(
                name="Amina", group=StakeholderGroup.NEWCOMERS, interest=Level.HIGH, influence=Level.LOW
            ),
            Stakeholder(
                name="Ben", group=StakeholderGroup.NEWCOMERS, interest=Level.LOW, influence=Level.LOW
            ),
            Stakeholder(
                name="Council", group=StakeholderGroup.INSTITUTIONS, interest=Level.HIGH, influence=Level.LOW
            ),
        ]
    if case == "six-medium":  # the case that collapsed: every row at medium
        return [Stakeholder(name=f"Partner {n}", group=GROUPS[n % len(GROUPS)]) for n in range(1, 7)]
    if case == "every-level":  # one in each of the nine cells
        return [
            Stakeholder(
                name=f"{i.value} interest, {p.value} influence",
                group=GROUPS[n % len(GROUPS)],
                interest=i,
                influence=p,
            )
            for n, (i, p) in enumerate(itertools.product(LEVELS, LEVELS))
        ]
    # forty in one cell, a few elsewhere
    return [
        Stakeholder(
            name=f"Resident {n}",
            group=StakeholderGroup.RECEIVING_COMMUNITY,
            interest=Level.HIGH,
            influence=Level.LOW,
        )
        for n in range(40)
    ] + [
        Stakeholder(
            name="Mayor", group=StakeholderGroup.INSTITUTIONS, interest=Level.LOW, influence=Level.HIGH
        )
    ]


def _pixels(png: bytes) -> tuple[int, list[int], list[int]]:
    """The chart's width, and the x of its dark pixels (axis words, names) and of its coloured
    ones (the markers; the pale cell shading is neither)."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    width, height = image.size
    dark, coloured = [], []
    for x in range(0, width, 2):
        for y in range(0, height, 2):
            r, g, b = image.getpixel((x, y))
            if r + g + b < 300:
                dark.append(x)
            elif max(r, g, b) - min(r, g, b) > 90:
                coloured.append(x)
    return width, dark, coloured


@pytest.mark.parametrize("case", ["one", "six-medium", "every-level", "forty-in-a-cell", "newcomers"])
@pytest.mark.parametrize("width", [1280, 800])
def test_the_power_interest_grid_reads_well(page, app_server, case: str, width: int) -> None:
    wb = Workbook(meta=WorkbookMeta(title=f"Chart {case}"))
    wb.stakeholders.rows = _rows(case)
    upgrade(make_engine(app_server.database_url))  # the server may not have served a page yet
    key, _ = store_for(app_server).create(wb)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{app_server.url}/stakeholders?wb={key}")
    wait_for_app(page)
    chart = page.get_by_test_id("stVegaLiteChart").first
    expect(chart).to_be_visible()
    chart.scroll_into_view_if_needed()
    page.wait_for_timeout(800)  # the chart draws after the run ends
    box = chart.bounding_box()
    assert box and box["width"] > 0.5 * min(width, 1000) * 0.6 and box["height"] >= 500
    png = chart.screenshot(
        path=str(screenshot(page, f"power-interest-{case}-{width}").with_suffix(".chart.png"))
    )
    screenshot(page, f"power-interest-{case}-{width}")
    w, dark, coloured = _pixels(png)
    # The Interest axis spans the chart (Low, Medium and High apart), not collapsed at its left edge.
    assert dark and max(dark) - min(dark) > 0.7 * w, (min(dark), max(dark), w)
    if case == "every-level":  # markers in all three Interest columns
        assert min(coloured) < 0.35 * w and max(coloured) > 0.7 * w, (min(coloured), max(coloured), w)
    # The text alternative is still written beside it.
    expect(page.get_by_text("In words:", exact=False)).to_be_visible()
