"""Process-wide resources, created once: the database engine (migrated) and the content pack.

Plain functools caches, not `st.cache_resource`: these are looked up several times on every rerun,
and Streamlit's cache hashes its arguments and tracks its entries on each call.
"""

from __future__ import annotations

import functools
import threading

from ioi_core.content.pack import ContentPack, get_content
from ioi_core.store.bank import BankStore
from ioi_core.store.db import database_url, make_engine
from ioi_core.store.migrate import upgrade
from ioi_core.store.workbooks import WorkbookStore


@functools.lru_cache(maxsize=8)
def _store_for(url: str) -> WorkbookStore:
    engine = make_engine(url)
    upgrade(engine)  # an older database upgrades in place on start
    return WorkbookStore(engine)


_FIRST_USE = threading.Lock()  # sessions arriving together make one engine, not one each


def store() -> WorkbookStore:
    """The workbook store for `IOI_DATABASE_URL` (one engine per process, new Session per call)."""
    url = database_url()
    with _FIRST_USE:
        return _store_for(url)


def content() -> ContentPack:
    return get_content()


def bank_store() -> BankStore:
    """Imported indicator banks, in the same database as the workbooks."""
    return BankStore(store().engine)
