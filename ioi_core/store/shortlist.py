"""Shortlisting indicators into a workbook; imported ones are copied in so the workbook stands alone."""

from __future__ import annotations

from collections.abc import Sequence

from ioi_core.content.models import Indicator, Provenance
from ioi_core.model.workbook import ImportedIndicator, Workbook
from ioi_core.store.workbooks import StoredWorkbook, WorkbookStore


def add_to_shortlist(store: WorkbookStore, key: str, indicators: Sequence[Indicator]) -> StoredWorkbook:
    def change(workbook: Workbook) -> None:
        known = {i.id for i in workbook.imported_indicators}
        for indicator in indicators:
            if indicator.provenance == Provenance.IMPORTED and indicator.id not in known:
                workbook.imported_indicators.append(
                    ImportedIndicator(
                        id=indicator.id,
                        domain=indicator.domain,
                        text=indicator.text,
                        source=(indicator.source or "")[:300],
                        data_availability=indicator.data_availability.value
                        if indicator.data_availability
                        else None,
                        link=indicator.link,
                    )
                )
            if indicator.id not in workbook.shortlist:
                workbook.shortlist.append(indicator.id)

    return store.modify(key, change)
