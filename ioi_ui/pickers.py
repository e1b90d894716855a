"""Choosers for domains and indicators, built from the content pack and the open workbook."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ioi_core.content import ContentPack
from ioi_core.content_models import Provenance
from ioi_core.workbook import Workbook

_TAGS = {
    Provenance.GUIDE: "quoted in the guide",
    Provenance.STARTER: "starter, not official wording",
    Provenance.IMPORTED: "imported",
    Provenance.CUSTOM: "your own",
}


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
    own = {c.id: c for c in workbook.custom_indicators}
    imported = {c.id: c for c in workbook.imported_indicators}
    shortlist = set(workbook.shortlist)

    def label(ref: str) -> str:
        if ref in imported:
            return f"★ {imported[ref].text} — domain {imported[ref].domain}, {_TAGS[Provenance.IMPORTED]}"
        if ref in own:
            return f"{own[ref].text} — domain {own[ref].domain}, {_TAGS[Provenance.CUSTOM]}"
        indicator = pack.indicators_by_id.get(ref)
        if indicator is None:
            return f"(indicator {ref} is no longer available)"
        star = "★ " if ref in shortlist else ""
        return f"{star}{indicator.text} — domain {indicator.domain}, {_TAGS[indicator.provenance]}"

    return label
