"""Choosers for domains and indicators, built from the content pack and the open workbook."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ioi_core.content.pack import ContentPack
from ioi_core.model.exercises import indicator_text, resolve_indicator
from ioi_core.model.workbook import Workbook


def domain_label(pack: ContentPack) -> Callable[[int], str]:
    return lambda n: f"{n}. {pack.domain(n).name}"


def indicator_options(
    pack: ContentPack, workbook: Workbook, domains: Sequence[int] | None = None
) -> list[str]:
    """Indicator ids: the workbook's shortlist and own indicators first, then the bank."""
    allowed = set(domains) if domains else set(range(1, 15))
    own = [c.id for c in workbook.custom_indicators if c.domain in allowed]
    imported = [c.id for c in workbook.imported_indicators if c.domain in allowed]
    bank = [i.id for i in pack.indicators.indicators if i.domain in allowed]
    shortlisted = [ref for ref in workbook.shortlist if ref in bank or ref in imported]
    rest = [ref for ref in bank if ref not in shortlisted]
    return shortlisted + own + rest


def indicator_label(pack: ContentPack, workbook: Workbook) -> Callable[[str], str]:
    """An option as the person reads it: a star if shortlisted, the words with where they come from
    ("written for this app, not from the framework"), and the domain."""
    shortlist = set(workbook.shortlist) | {c.id for c in workbook.imported_indicators}

    def label(ref: str) -> str:
        indicator = resolve_indicator(pack, workbook, ref)
        if indicator is None:
            return f"(indicator {ref} is no longer available)"
        star = "★ " if ref in shortlist else ""
        return f"{star}{indicator_text(pack, workbook, ref)} — domain {indicator.domain}"

    return label
