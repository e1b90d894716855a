"""The Integration Star crosswalk both ways: domain -> Star outcome areas, and area -> domains."""

from __future__ import annotations

from dataclasses import dataclass

from ioi_core.content import ContentPack
from ioi_core.content_models import StarRow


@dataclass(frozen=True)
class AreaCoverage:
    area: str
    covers: str
    domains: list[int]


def rows_for_domain(pack: ContentPack, number: int) -> list[StarRow]:
    return [row for row in pack.integration_star.rows if number in row.domains]


def domains_for_area(pack: ContentPack) -> list[AreaCoverage]:
    """Each Star outcome area with the framework domains whose row names it."""
    result = []
    for area, covers in pack.integration_star.star_areas.items():
        numbers = sorted(
            {d for row in pack.integration_star.rows if area in row.star_areas for d in row.domains}
        )
        result.append(AreaCoverage(area, covers, numbers))
    return result
