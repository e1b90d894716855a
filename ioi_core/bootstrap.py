"""The composition root: what a process builds once, for the app (through ioi_ui/resources.py) and the
command line (`python -m ioi_core`) alike.

- `content()`: the content pack, read and checked (also against the workbook model) on first use.
- `store(url)`: the workbook store for a database URL (default `IOI_DATABASE_URL`); its engine is made
  and the schema upgraded once per URL and process, however many sessions arrive together.
- `bank_store(url)`, `workshop_store(url)`: the indicator bank and the workshops, on the same engine.

Plain functools caches, not `st.cache_resource`: these are looked up several times on every rerun,
and Streamlit's cache hashes its arguments and tracks its entries on each call. The database side is
imported when first built, so a command that needs only the content pack (`content check`) starts
without SQLAlchemy, Alembic and pandas.
"""

from __future__ import annotations

import functools
import threading
from typing import TYPE_CHECKING

from ioi_core.checks.content_pack import get_content
from ioi_core.content.pack import ContentPack

if TYPE_CHECKING:
    from ioi_core.store.bank import BankStore
    from ioi_core.store.workbooks import WorkbookStore
    from ioi_core.store.workshops import WorkshopStore


def content() -> ContentPack:
    """The checked content pack, loaded once per process (ContentError, uncached, when it is invalid)."""
    return get_content()


@functools.lru_cache(maxsize=8)
def _store_for(url: str) -> WorkbookStore:
    from ioi_core.store.db import make_engine
    from ioi_core.store.migrate import upgrade
    from ioi_core.store.workbooks import WorkbookStore

    engine = make_engine(url)
    upgrade(engine)  # an older database upgrades in place on start
    return WorkbookStore(engine)


def _database_url() -> str:
    from ioi_core.store.db import database_url

    return database_url()


_FIRST_USE = threading.Lock()  # sessions arriving together make one engine, not one each


def store(url: str | None = None) -> WorkbookStore:
    """The workbook store for `url` (default `IOI_DATABASE_URL`): one engine per process and URL, a
    new Session per unit of work."""
    url = url or _database_url()
    with _FIRST_USE:
        return _store_for(url)


@functools.lru_cache(maxsize=8)
def _bank_for(url: str) -> BankStore:
    from ioi_core.store.bank import BankStore

    return BankStore(store(url).engine)


def bank_store(url: str | None = None) -> BankStore:
    """Imported indicator banks, in the same database as the workbooks."""
    return _bank_for(url or _database_url())


@functools.lru_cache(maxsize=8)
def _workshops_for(url: str) -> WorkshopStore:
    from ioi_core.store.workshops import WorkshopStore

    return WorkshopStore(store(url))


def workshop_store(url: str | None = None) -> WorkshopStore:
    """Workshops and their participants' workbooks, through the workbook store."""
    return _workshops_for(url or _database_url())
