"""Imported indicator banks in the database, per installation or per workbook, each import recorded as
a batch (scope, file name, when, how many) so it can be listed and removed again."""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass
from datetime import datetime

from cachetools import LRUCache
from pydantic import TypeAdapter
from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    bindparam,
    delete,
    func,
    insert,
    select,
)

from ioi_core.content.models import Indicator, Provenance
from ioi_core.formats.bank_file import INSTALLATION, WORKBOOK_IMPORT_LIMIT, WORKBOOK_TOTAL_LIMIT
from ioi_core.formats.refusals import ImportRefused
from ioi_core.model.workbook import utcnow
from ioi_core.store.db import reader

# Core tables (the ORM class in ioi_core/store/db.py predates batches): the bank page reads them on every
# rerun, so they are read with prepared Core statements.
_META = MetaData()
bank_indicators = Table(
    "bank_indicators",
    _META,
    Column("id", String(40), primary_key=True),
    Column("scope", String(32)),
    Column("domain", Integer),
    Column("text", String(500)),
    Column("data_availability", String(40)),
    Column("source", String(300)),
    Column("link", String(500)),
    Column("created_at", DateTime(timezone=True)),
    Column("batch_id", String(32)),
)
bank_imports = Table(
    "bank_imports",
    _META,
    Column("id", String(32), primary_key=True),
    Column("scope", String(32)),
    Column("file_name", String(200)),
    Column("created_at", DateTime(timezone=True)),
    Column("added", Integer),
)

_LIST_SCOPE = (
    select(
        bank_indicators.c.id,
        bank_indicators.c.domain,
        bank_indicators.c.text,
        bank_indicators.c.source,
        bank_indicators.c.data_availability,
        bank_indicators.c.link,
    )
    .where(bank_indicators.c.scope == bindparam("scope"))
    .order_by(bank_indicators.c.created_at, bank_indicators.c.id)
)
# The version stamp of a scope's bank: any import or removal changes it, and it is read from the
# small batches table (one row per import), never from the indicators.
_STAMPS = (
    select(
        bank_imports.c.scope,
        func.count(),
        func.coalesce(func.sum(bank_imports.c.added), 0),
        func.max(bank_imports.c.created_at),
        func.max(bank_imports.c.id),
    )
    .where(bank_imports.c.scope.in_(bindparam("scopes", expanding=True)))
    .group_by(bank_imports.c.scope)
)


@dataclass(frozen=True)
class ImportBatch:
    id: str
    scope: str
    file_name: str
    created_at: datetime
    added: int


@dataclass(frozen=True)
class ImportResult:
    batch: ImportBatch | None  # None when every indicator was already in the bank
    added: int
    already: int


@dataclass(frozen=True)
class Listing:
    """One scope's imported indicators, and a key that changes whenever they do."""

    key: tuple[object, ...]
    indicators: tuple[Indicator, ...]


# Shared by every session of this server: the installation's bank is read once per change, not per rerun.
_INDICATORS = TypeAdapter(list[Indicator])
_LISTINGS: LRUCache[tuple[object, ...], Listing] = LRUCache(maxsize=64)
_LISTINGS_LOCK = threading.Lock()


class BankStore:
    """Imported indicators in the database, per installation or per workbook, recorded by batch."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.reader = reader(engine)  # for transactions that write nothing

    def add(self, indicators: list[Indicator], scope: str, file_name: str = "") -> ImportResult:
        """Store the new indicators as one batch, in one transaction; a workbook's limits are kept."""
        if scope != INSTALLATION and len(indicators) > WORKBOOK_IMPORT_LIMIT:
            raise ImportRefused(
                f"An import into a workbook is limited to {WORKBOOK_IMPORT_LIMIT:,} indicators; "
                f"this one has {len(indicators):,}."
            )
        with self.engine.begin() as connection:
            existing = set(
                connection.scalars(select(bank_indicators.c.id).where(bank_indicators.c.scope == scope))
            )
            new = [i for i in indicators if i.id not in existing]
            if scope != INSTALLATION and len(existing) + len(new) > WORKBOOK_TOTAL_LIMIT:
                raise ImportRefused(
                    f"This workbook has {len(existing):,} imported indicators; {len(new):,} more would pass "
                    f"the limit of {WORKBOOK_TOTAL_LIMIT:,} per workbook. Remove an earlier import first."
                )
            if not new:
                return ImportResult(None, 0, len(indicators))
            batch = ImportBatch(
                id=uuid.uuid4().hex[:12],
                scope=scope,
                file_name=(file_name or "(no file name)")[:200],
                created_at=utcnow(),
                added=len(new),
            )
            connection.execute(insert(bank_imports), [batch.__dict__])
            connection.execute(
                insert(bank_indicators),
                [
                    {
                        "id": i.id,
                        "scope": scope,
                        "domain": i.domain,
                        "text": i.text,
                        "data_availability": i.data_availability.value if i.data_availability else None,
                        "source": (i.source or "")[:300],
                        "link": i.link,
                        "created_at": batch.created_at,
                        "batch_id": batch.id,
                    }
                    for i in new
                ],
            )
        return ImportResult(batch, len(new), len(indicators) - len(new))

    def imports(self, scope: str | None = None) -> list[ImportBatch]:
        """The recorded imports, newest first (all scopes, or one)."""
        query = select(bank_imports).order_by(bank_imports.c.created_at.desc(), bank_imports.c.id)
        if scope is not None:
            query = query.where(bank_imports.c.scope == scope)
        with self.reader.begin() as connection:
            return [ImportBatch(**row._mapping) for row in connection.execute(query)]

    def remove_import(self, batch_id: str, scope: str | None = None) -> ImportBatch | None:
        """Remove one import and every indicator it added; None if there is no such import (in `scope`).

        Workbooks that shortlisted any of them keep their own copies (`imported_indicators`)."""
        with self.engine.begin() as connection:
            query = select(bank_imports).where(bank_imports.c.id == batch_id)
            if scope is not None:
                query = query.where(bank_imports.c.scope == scope)
            row = connection.execute(query).first()
            if row is None:
                return None
            connection.execute(delete(bank_indicators).where(bank_indicators.c.batch_id == batch_id))
            connection.execute(delete(bank_imports).where(bank_imports.c.id == batch_id))
        return ImportBatch(**row._mapping)

    def count(self, scope: str) -> int:
        with self.reader.begin() as connection:
            return connection.scalar(
                select(func.count()).select_from(bank_indicators).where(bank_indicators.c.scope == scope)
            )

    def listings(self, scopes: list[str]) -> list[Listing]:
        """Each scope's indicators, read from the database only when its stamp has changed."""
        with self.reader.begin() as connection:
            stamps = {row[0]: tuple(row[1:]) for row in connection.execute(_STAMPS, {"scopes": scopes})}
        result = []
        for scope in scopes:
            key = (str(self.engine.url), scope, stamps.get(scope))
            with _LISTINGS_LOCK:
                listing = _LISTINGS.get(key)
            if listing is None:
                listing = Listing(key, self._read(scope) if scope in stamps else ())
                with _LISTINGS_LOCK:
                    _LISTINGS[key] = listing
            result.append(listing)
        return result

    def list(self, scopes: list[str]) -> list[Indicator]:
        return [i for listing in self.listings(scopes) for i in listing.indicators]

    def _read(self, scope: str) -> tuple[Indicator, ...]:
        with self.reader.begin() as connection:
            rows = connection.execute(_LIST_SCOPE, {"scope": scope}).all()
        # One validation call for the whole list (in pydantic's core): quicker than one model each.
        return tuple(
            _INDICATORS.validate_python(
                [
                    {
                        "id": r.id,
                        "domain": r.domain,
                        "text": r.text,
                        "provenance": Provenance.IMPORTED,
                        "source": r.source,
                        "data_availability": r.data_availability,
                        "link": r.link,
                    }
                    for r in rows
                ]
            )
        )
