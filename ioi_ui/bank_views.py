"""The indicator bank's search index and results table, cached across reruns and sessions.

They live in a module, not in the page: a page's own module-level objects are made afresh on every
rerun. Keyed by what the indicators say (see caching.py for how the app caches).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pyarrow as pa
import streamlit as st

from ioi_core.content.bank_search import BankIndex, Filters, search_all
from ioi_core.content.models import DataAvailability, Indicator, Provenance
from ioi_core.content.pack import ContentPack
from ioi_core.store.bank import Listing
from ioi_ui.caching import memo
from ioi_ui.content_views import passage, quote
from ioi_ui.pickers import domain_label
from ioi_ui.resources import content


def _contents(extra: tuple[Indicator, ...]) -> tuple[tuple[object, ...], ...]:
    # Keyed by what the indicators say, not their ids: a workbook's own indicators are numbered
    # custom-1, custom-2… in every workbook, so ids alone would hand one person another's index.
    return tuple(
        (i.id, i.domain, i.text, tuple(i.keywords), i.provenance, i.source, i.data_availability, i.link)
        for i in extra
    )


@memo(20, key=_contents)
def bank_index(extra: tuple[Indicator, ...]) -> BankIndex:
    """Built once per set of extra (imported and own) indicators, not on every rerun."""
    return BankIndex.build(content(), extra)


# The guide's bank with the installation's: one per version of the shared bank (a large one is
# tens of MB, so only the current one and the one before it are kept).
@memo(2, key=lambda listing: listing.key)
def shared_index(listing: Listing) -> BankIndex:
    return BankIndex.build(content(), listing.indicators)


# A workbook's own imports and indicators: small (at most a few thousand), one index per workbook.
@memo(200, key=lambda listing, own: (listing.key, _contents(own)))
def workbook_index(listing: Listing, own: tuple[Indicator, ...]) -> BankIndex:
    return BankIndex.build(content(), listing.indicators + own, with_pack=False, part=1)


def bank_search(
    shared: Listing,
    workbook: Listing | None,
    own: tuple[Indicator, ...],
    query: str,
    filters: Filters,
    keyword: str | None,
) -> list[Indicator]:
    """The bank page's search: the guide's and the installation's bank, then the workbook's own.

    Nothing here grows with the shared bank on a rerun with the same search: its index and each
    search's result are kept until the shared bank changes (its stamp, read from the imports table).
    """
    indexes = [shared_index(shared)]
    if workbook is not None and (workbook.indicators or own):
        indexes.append(workbook_index(workbook, own))
    return search_all(indexes, query, filters, keyword)


@memo(50, key=lambda rows: tuple(tuple(row.values()) for row in rows))
def results_table(rows: list[dict[str, str]]) -> pa.Table:
    """The results as an Arrow table, made once per distinct table rather than on every rerun."""
    return pa.Table.from_pylist(rows)


def get_familiar(pack: ContentPack, official_imported: bool) -> None:
    """Where a reader picks indicators: the guide's "Get familiar with the indicators" with its pointers to
    the framework's pages and Annex 2 and, until the framework's own bank is imported, that the bank here
    is mostly the app's own."""
    bank = pack.indicators
    counts = Counter(i.provenance for i in bank.indicators)
    if not official_imported:
        st.info(
            f"**{counts[Provenance.STARTER]} of the {len(bank.indicators)} indicators here are "
            f"{bank.provenance_labels[Provenance.STARTER]}** "
            f"({counts[Provenance.GUIDE]} are quoted in the guide). "
            + bank.official_bank_first
            + " [Import a bank file](#import-a-bank-file)",
            icon=":material/info:",
        )
    familiar = bank.get_familiar
    st.markdown(
        f"**{familiar.title}**\n\n"
        + quote("\n\n".join(familiar.paragraphs), familiar.source)
        + "\n\n"
        + passage(bank.framework_pages)
    )


def provenance_words(p: Provenance) -> str:
    words = content().indicators.provenance_labels[p]
    return words[:1].upper() + words[1:]


def availability_words(a: DataAvailability | None) -> str:
    return a.value if a else "Not known"


def filter_words(pack: ContentPack, chosen: dict[str, list[Any]]) -> dict[str, str]:
    """Each filter that is on, in words, in the order of the filters: {"domains": "Domain: 7. Social
    Bridges"}. `chosen` maps a field of Filters to the values chosen for it."""
    describe: dict[str, tuple[str, Callable[[Any], str]]] = {
        "domains": ("Domain", domain_label(pack)),
        "types": ("Type", lambda t: pack.types_by_id[t].name),
        "availability": ("Data availability", availability_words),
        "provenance": ("Provenance", provenance_words),
    }
    return {
        name: f"{title}: " + ", ".join(words(v) for v in chosen[name])
        for name, (title, words) in describe.items()
        if chosen.get(name)
    }
