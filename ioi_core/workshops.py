"""Workshops: a trainer creates one, participants join with a short code and get their own workbook.

The join code is short and easy to read aloud (no 0/O or 1/I); it only ever gives a participant a new
workbook. The trainer key is long and secret; only its hash is stored.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from ioi_core.db import WorkbookRow, WorkshopRow
from ioi_core.store import StoredWorkbook, StoreError, WorkbookStore, _from_row, hash_key, new_key
from ioi_core.workbook import Workbook, WorkbookMeta, utcnow

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, no 1/I
CODE_LENGTH = 6
EXERCISES = ("exercise1", "exercise2", "theory_of_change", "stakeholders", "barriers", "evaluation")
REVEALS = ("exercise1_example", "exercise2_samples")


class WorkshopError(StoreError):
    """A wrong code or key, or a closed workshop: a message the user can act on."""


class WorkshopSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    exercises: list[str] = Field(default_factory=lambda: ["exercise1", "exercise2"])
    organisation: str = Field(default="", max_length=300)
    revealed: list[str] = Field(default_factory=list)
    wall_question: str | None = None  # a dotted answer path, e.g. "exercise2.part1.problem"
    wall_shown: list[str] = Field(default_factory=list)  # workbook ids the trainer put on the wall


@dataclass(frozen=True)
class Workshop:
    id: str
    code: str
    title: str
    settings: WorkshopSettings
    closed: bool
    created_at: datetime


@dataclass(frozen=True)
class Participant:
    workbook_id: str
    name: str
    workbook: Workbook


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch.isalnum())


def _workshop(row: WorkshopRow) -> Workshop:
    return Workshop(
        row.id,
        row.code,
        row.title,
        WorkshopSettings.model_validate_json(row.settings),
        row.closed,
        row.created_at,
    )


class WorkshopStore:
    def __init__(self, workbooks: WorkbookStore) -> None:
        self.workbooks = workbooks
        self.engine = workbooks.engine

    def create(
        self, title: str, exercises: list[str] | None = None, organisation: str = ""
    ) -> tuple[Workshop, str]:
        """A new workshop and its trainer key (shown once)."""
        title = " ".join(title.split())
        if not title or len(title) > 200:
            raise WorkshopError("Give the workshop a title of up to 200 characters.")
        chosen = [e for e in (exercises or ["exercise1", "exercise2"]) if e in EXERCISES]
        settings = WorkshopSettings(exercises=chosen, organisation=organisation.strip()[:300])
        trainer_key = new_key()
        for _ in range(20):  # a clash among 32**6 codes is rare; retry rather than fail
            code = new_code()
            with Session(self.engine) as session, session.begin():
                if session.scalar(select(WorkshopRow.id).where(WorkshopRow.code == code)):
                    continue
                row = WorkshopRow(
                    id=uuid.uuid4().hex,
                    code=code,
                    trainer_key_hash=hash_key(trainer_key),
                    title=title,
                    settings=settings.model_dump_json(),
                    closed=False,
                    created_at=utcnow(),
                )
                session.add(row)
                workshop = Workshop(row.id, code, title, settings, False, row.created_at)
            return workshop, trainer_key
        raise WorkshopError("Could not find a free join code; try again.")

    def by_code(self, code: str) -> Workshop:
        with Session(self.workbooks.reader) as session:
            row = session.scalar(select(WorkshopRow).where(WorkshopRow.code == normalise_code(code)))
            if row is None:
                raise WorkshopError(
                    "No workshop has that code. Check it with your trainer (codes never use 0, O, 1 or I)."
                )
            return _workshop(row)

    def by_trainer_key(self, key: str) -> Workshop:
        with Session(self.workbooks.reader) as session:
            row = session.scalar(select(WorkshopRow).where(WorkshopRow.trainer_key_hash == hash_key(key)))
            if row is None:
                raise WorkshopError("That trainer key does not open any workshop.")
            return _workshop(row)

    def join(self, code: str, name: str = "") -> tuple[str, StoredWorkbook]:
        """A new workbook for a participant, linked to the workshop; returns its personal key."""
        workshop = self.by_code(code)
        if workshop.closed:
            raise WorkshopError(
                "This workshop is closed to new participants. Ask your trainer for a new code."
            )
        name = " ".join(name.split())[:300]
        meta = WorkbookMeta(
            title=f"{workshop.title} — {name or 'participant'}"[:200],
            workshop_code=workshop.code,
            participant_name=name,
        )
        return self.workbooks.create(Workbook(meta=meta), workshop_id=workshop.id)

    def update_settings(self, trainer_key: str, change: Callable[[WorkshopSettings], None]) -> Workshop:
        with Session(self.engine) as session, session.begin():
            row = session.scalar(
                select(WorkshopRow).where(WorkshopRow.trainer_key_hash == hash_key(trainer_key))
            )
            if row is None:
                raise WorkshopError("That trainer key does not open any workshop.")
            settings = WorkshopSettings.model_validate_json(row.settings)
            change(settings)
            row.settings = WorkshopSettings.model_validate(settings.model_dump()).model_dump_json()
            session.flush()
            return _workshop(row)

    def close(self, trainer_key: str) -> Workshop:
        with Session(self.engine) as session, session.begin():
            row = session.scalar(
                select(WorkshopRow).where(WorkshopRow.trainer_key_hash == hash_key(trainer_key))
            )
            if row is None:
                raise WorkshopError("That trainer key does not open any workshop.")
            row.closed = True
            session.flush()
            return _workshop(row)

    def participants(self, workshop_id: str) -> list[Participant]:
        with Session(self.workbooks.reader) as session:
            rows = session.scalars(
                select(WorkbookRow)
                .where(WorkbookRow.workshop_id == workshop_id)
                .order_by(WorkbookRow.created_at)
            ).all()
            stored = [_from_row(r) for r in rows]
        return [Participant(s.id, s.workbook.meta.participant_name, s.workbook) for s in stored]

    def workshop_of(self, workbook_id: str) -> Workshop | None:
        with Session(self.workbooks.reader) as session:
            row = session.scalar(
                select(WorkshopRow)
                .join(WorkbookRow, WorkbookRow.workshop_id == WorkshopRow.id)
                .where(WorkbookRow.id == workbook_id)
            )
            return _workshop(row) if row else None
