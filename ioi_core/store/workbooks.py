"""The workbook store: create, get, modify and delete workbooks by their access key.

A workbook is reachable only through its key (192 random bits, shown to the user as a link); the
database keeps a SHA-256 of the key. Every change is a read-modify-write of the latest copy in one
locked transaction (`modify`; field-level edits refuse a change made from a stale copy, see
ioi_core/store/edits.py), bumps a version number, and keeps the workbook as it was before in
`workbook_versions` in the same transaction (see ioi_core/store/history.py).
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from pydantic import ValidationError
from sqlalchemy import Engine, Row, bindparam, delete, select, text
from sqlalchemy.orm import Session

from ioi_core.model.workbook import Workbook, utcnow
from ioi_core.store.db import BankIndicatorRow, WorkbookRow, WorkbookVersionRow, reader

KEY_BYTES = 24  # 192 bits of randomness; the issue asks for at least 128


class StoreError(Exception):
    """Base class for store errors a user can understand."""


class WorkbookNotFound(StoreError):
    def __init__(self) -> None:
        super().__init__(
            "No workbook matches that link or key. Check it was copied in full; "
            "workbooks can only be opened with their own key."
        )


class WorkbookDataInvalid(StoreError):
    """The stored row no longer validates (e.g. written before a rule existed); an admin repairs it."""

    def __init__(self, workbook_id: str, problems: str = "") -> None:
        self.workbook_id = workbook_id
        self.problems = problems
        super().__init__(
            "This workbook has data that no longer validates; an administrator can repair it with "
            "`python -m ioi_core db check --repair`."
        )


def load_stored(workbook_id: str, data: str) -> Workbook:
    """The stored JSON as a Workbook, or WorkbookDataInvalid (never a pydantic traceback)."""
    try:
        return Workbook.model_validate_json(data)
    except ValidationError as exc:
        from ioi_core.formats.workbook_json import validation_problems

        raise WorkbookDataInvalid(workbook_id, validation_problems(exc)) from exc


class WorkbookReadOnly(StoreError):
    def __init__(self) -> None:
        super().__init__(
            "This workshop has been closed, so its workbooks are read-only. Your answers are kept."
        )


def _refuse_if_closed(session: Session, row: WorkbookRow) -> None:
    if row.workshop_id is None:
        return
    from ioi_core.store.db import WorkshopRow

    if session.scalar(select(WorkshopRow.closed).where(WorkshopRow.id == row.workshop_id)):
        raise WorkbookReadOnly()


@dataclass(frozen=True)
class StoredWorkbook:
    id: str
    version: int
    workbook: Workbook


def new_key() -> str:
    """A fresh, unguessable, URL-safe access key that never starts with '-'.

    One key in 64 would otherwise start with '-', which command lines read as an option
    (`workbook export -abc…`); such a key loses nothing by being drawn again.
    """
    while (key := secrets.token_urlsafe(KEY_BYTES)).startswith("-"):
        pass
    return key


def hash_key(key: str) -> str:
    return hashlib.sha256(key.strip().encode("utf-8")).hexdigest()


def _to_json(workbook: Workbook) -> str:
    """The row's `data`: the Workbook model itself, not the export's envelope (ioi_core/formats/
    workbook_json.py). The envelope says what a file is and which app wrote it, when; in the database
    the table says what the row is, the columns hold its id, version and dates, and the workbook
    carries its own `schema_version` field, so each row says which schema it was written in."""
    return workbook.model_dump_json()


_GET_BY_KEY_HASH = select(WorkbookRow.id, WorkbookRow.version, WorkbookRow.data).where(
    WorkbookRow.key_hash == bindparam("key_hash")
)


def _from_row(row: WorkbookRow | Row[tuple[str, int, str]]) -> StoredWorkbook:
    """A stored workbook from a row holding its id, version and data (ORM or Core)."""
    return StoredWorkbook(row.id, row.version, load_stored(row.id, row.data))


class WorkbookStore:
    """SQLAlchemy implementation of the workbook store; one Session per unit of work."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.reader = reader(engine)  # for transactions that write nothing

    def create(self, workbook: Workbook, workshop_id: str | None = None) -> tuple[str, StoredWorkbook]:
        """Store a new workbook and return its access key (shown once) with the stored copy."""
        key = new_key()
        now = utcnow()
        workbook = workbook.model_copy(deep=True)
        workbook.meta.created = workbook.meta.updated = now
        workbook_id = uuid.uuid4().hex
        row = WorkbookRow(
            id=workbook_id,
            key_hash=hash_key(key),
            title=workbook.meta.title,
            data=_to_json(workbook),
            version=1,
            created_at=now,
            updated_at=now,
            workshop_id=workshop_id,
        )
        with Session(self.engine) as session, session.begin():
            session.add(row)
        return key, StoredWorkbook(workbook_id, 1, workbook)

    def get(self, key: str) -> StoredWorkbook:
        # Core with a prepared statement, not an ORM Session: this runs on every page view, and
        # the Session cost twice what the query does (benchmarks/page_reruns.py --profile).
        with self.reader.begin() as connection:
            row = connection.execute(_GET_BY_KEY_HASH, {"key_hash": hash_key(key)}).first()
        if row is None:
            raise WorkbookNotFound()
        return _from_row(row)

    def exists(self, key: str) -> bool:
        try:
            self.get(key)
        except WorkbookNotFound:
            return False
        return True

    def _locked_row(self, session: Session, key: str) -> WorkbookRow:
        query = select(WorkbookRow).where(WorkbookRow.key_hash == hash_key(key))
        if self.engine.dialect.name == "postgresql":
            query = query.with_for_update()  # SQLite: BEGIN IMMEDIATE already holds the write lock
        row = session.scalar(query)
        if row is None:
            raise WorkbookNotFound()
        _refuse_if_closed(session, row)
        return row

    def _write(
        self, session: Session, row: WorkbookRow, old: dict[str, object], workbook: Workbook, note: str | None
    ) -> StoredWorkbook:
        """Store `workbook` as the next version and keep the one it replaces (same transaction)."""
        from ioi_core.store.history import record_change  # history builds on this module

        workbook.meta.updated = utcnow()
        old_data = row.data
        row.data = _to_json(workbook)
        row.title = workbook.meta.title
        row.version += 1
        row.updated_at = workbook.meta.updated
        session.flush()
        new = workbook.model_dump(mode="json")
        record_change(session, row.id, row.version, old_data, old, new, workbook.meta.updated, note)
        return StoredWorkbook(row.id, row.version, workbook)

    def modify(self, key: str, change: Callable[[Workbook], None], note: str | None = None) -> StoredWorkbook:
        """Apply `change` to the latest copy inside one locked transaction (read-modify-write).

        `change` may raise to abandon the edit (e.g. an edit conflict); nothing is written then.
        `note` says what made the change in the workbook's history when it was not an answer.
        """
        with Session(self.engine) as session, session.begin():
            row = self._locked_row(session, key)
            workbook = load_stored(row.id, row.data)
            old = workbook.model_dump(mode="json")
            change(workbook)
            workbook = Workbook.model_validate(workbook.model_dump())  # re-check the whole model
            return self._write(session, row, old, workbook, note)

    def version_of(self, workbook_id: str) -> int | None:
        """The workbook's current version number (one indexed read): for "someone else saved"."""
        with Session(self.reader) as session:
            return session.scalar(select(WorkbookRow.version).where(WorkbookRow.id == workbook_id))

    def delete(self, key: str) -> None:
        """Remove the workbook and its history for good."""
        with Session(self.engine) as session, session.begin():
            workbook_id = session.scalar(select(WorkbookRow.id).where(WorkbookRow.key_hash == hash_key(key)))
            if workbook_id is None:
                raise WorkbookNotFound()
            # Its history goes too (the foreign key cascades as well; this does not rely on it).
            session.execute(delete(WorkbookVersionRow).where(WorkbookVersionRow.workbook_id == workbook_id))
            # So do the indicator banks imported into it alone (their scope is the workbook's id).
            session.execute(delete(BankIndicatorRow).where(BankIndicatorRow.scope == workbook_id))
            session.execute(text("DELETE FROM bank_imports WHERE scope = :scope"), {"scope": workbook_id})
            session.execute(delete(WorkbookRow).where(WorkbookRow.id == workbook_id))
