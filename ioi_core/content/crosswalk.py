"""The Integration Star crosswalk both ways: domain -> Star outcome areas, and area -> the document's rows.

The reverse view keeps the document's rows whole: where one row covers several domains (bonds, bridges and
links), it is shown as that one row, never split into a mapping per domain the document does not make.
"""

from __future__ import annotations

from dataclasses import dataclass

from ioi_core.content.models import StarRow
from ioi_core.content.pack import ContentPack


@dataclass(frozen=True)
class AreaCoverage:
    area: str
    covers: str | None  # None where the document names the area without describing it
    rows: list[StarRow]  # the document's rows that list this area
    mentioned_in: list[StarRow]  # rows that only name it in their text ("incorporated into ... Money")


def rows_for_domain(pack: ContentPack, number: int) -> list[StarRow]:
    return [row for row in pack.integration_star.rows if number in row.domains]


def domains_for_area(pack: ContentPack) -> list[AreaCoverage]:
    """Each Star outcome area with the document's rows that list it, and those that only mention it."""
    rows = pack.integration_star.rows
    result = []
    for area, covers in pack.integration_star.star_areas.items():
        listed = [row for row in rows if area in row.star_areas]
        mentioned = [
            row
            for row in rows
            if row not in listed and any(area.casefold() in text.casefold() for text in row.star_text)
        ]
        result.append(AreaCoverage(area, covers, listed, mentioned))
    return result
