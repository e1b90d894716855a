"""Workshops: a trainer creates one, participants join with a short code and get their own workbook.

The join code is short and easy to read aloud (no 0/O or 1/I); it only ever gives a participant a new
workbook (or, with the workbook's own key, back into theirs: `rejoin`). The trainer key is long and
secret; only its hash is stored.

The answer wall is moderated per answer: the trainer approves one participant's answer to one
question, and what is stored is a hash of the text approved. An answer shows on the wall only while
its text still has that hash, so an approved answer edited later goes back to "not yet reviewed".
"""

from __future__ import annotations

import hashlib
import json
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import DateTime, String, Text, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from ioi_core.model.workbook import EXERCISES, Workbook, WorkbookMeta, utcnow
from ioi_core.store.db import Base, WorkbookRow, WorkshopRow
from ioi_core.store.workbooks import StoredWorkbook, StoreError, WorkbookStore, _from_row, hash_key, new_key

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, no 1/I
CODE_LENGTH = 6
RESUME_LENGTH = 8  # 32**8 (about 10**12) per workshop, behind the per-address throttle
PRESENCE_SECONDS = 30  # a participant's page reports where it is at most this often (and on a page change)
MAX_COUNTDOWN_MINUTES = 180
MAX_TABLES = 40
TABLE_NAME_LENGTH = 60


@dataclass(frozen=True)
class Reveal:
    """A part of the guide the trainer can hold back and then reveal to the room."""

    id: str
    label: str  # on the trainer's control view
    words: str  # in the participants' banner: "Your trainer has revealed …"
    page: str  # the page it is on


REVEALS = (
    Reveal(
        "exercise1_example",
        "Exercise 1: the Friendship Club example",
        "the guide's worked example for Exercise 1 (the Friendship Club)",
        "pages/exercise1.py",
    ),
    Reveal(
        "exercise2_samples",
        "Exercise 2: the sample answers",
        "the guide's sample answers for Exercise 2",
        "pages/exercise2.py",
    ),
)


class WorkshopMemberRow(Base):
    """One participant of a workshop: their resume code's hash, where they are, their table."""

    __tablename__ = "workshop_members"

    workbook_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    workshop_id: Mapped[str] = mapped_column(String(32), index=True)
    resume_hash: Mapped[str | None] = mapped_column(String(64), index=True, nullable=True)
    page: Mapped[str | None] = mapped_column(String(60), nullable=True)
    seen_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    table_name: Mapped[str | None] = mapped_column(String(60), nullable=True)


class WorkshopTableRow(Base):
    """A table (small group) of a workshop: one workbook its members edit together.

    `share_key` is the workbook's key, kept as it is (not only its hash) because everyone who joins
    the table is handed it: the workshop's join code already lets anyone in the room join a table, so
    keeping it adds nothing a join could not give. Answers save one at a time (`edits.set_answer`),
    so two people at a table editing different answers never overwrite each other."""

    __tablename__ = "workshop_tables"

    workbook_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    workshop_id: Mapped[str] = mapped_column(String(32), index=True)
    name: Mapped[str] = mapped_column(String(TABLE_NAME_LENGTH))
    share_key: Mapped[str] = mapped_column(String(64))
    members: Mapped[str] = mapped_column(Text, default="[]")  # JSON: the names people joined under
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


@dataclass(frozen=True)
class Table:
    """A table of a workshop as the trainer and the room see it (never its key)."""

    workbook_id: str
    name: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class Step:
    """A step the trainer can move the room to: a catalogue section of the workshop's exercises."""

    id: str
    title: str
    page: str  # the page file it is on, e.g. "pages/exercise2.py"


def steps(exercises: list[str] | tuple[str, ...]) -> list[Step]:
    """The workshop's steps in the guide's order ("Exercise 1 — …", "Exercise 2 — Part 1 …", …)."""
    from ioi_core.model.questions import catalogue

    return [
        Step(s.id, s.title, f"pages/{s.exercise}.py") for s in catalogue().sections if s.exercise in exercises
    ]


def step_choices(exercises: list[str] | tuple[str, ...]) -> dict[str, str]:
    """The steps the trainer can move the room to, for a select box: step id -> title, in order."""
    return {s.id: s.title for s in steps(exercises)}


def countdown_minutes(typed: float | None) -> float | None:
    """The countdown the trainer asked for in minutes: 0 (or nothing) means no countdown."""
    return typed or None


class WorkshopError(StoreError):
    """A wrong code or key, or a closed workshop: a message the user can act on."""


class WorkshopSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    exercises: list[str] = Field(default_factory=lambda: ["exercise1", "exercise2"])
    organisation: str = Field(default="", max_length=300)
    revealed: list[str] = Field(default_factory=list)
    wall_question: str | None = None  # a dotted answer path, e.g. "exercise2.part1.problem"
    # Superseded by `wall_approved` (it approved all of one person's answers at once); kept so stored
    # settings still load, and ignored: such answers wait for the trainer's review again.
    wall_shown: list[str] = Field(default_factory=list)
    # "workbook id|answer path" -> hash of the text the trainer approved for the wall (`answer_hash`).
    wall_approved: dict[str, str] = Field(default_factory=dict)
    wall_anonymous: bool = True  # names on the wall (and the projector) only when turned off
    step: str | None = None  # the room's current step (a `Step.id`), set by the trainer
    step_until: datetime | None = None  # when the step's countdown ends (UTC), if the trainer set one


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
    """One workbook of the workshop: a person's own, or a table's shared one (`table` is its name;
    `name` then lists who joined it)."""

    workbook_id: str
    name: str
    workbook: Workbook
    table: str | None = None
    members: tuple[str, ...] = ()  # at a table: the names people joined it under

    @property
    def people(self) -> int:
        """How many people this workbook stands for (a table: those who joined it by name)."""
        return len(self.members) if self.table else 1


@dataclass(frozen=True)
class RoomState:
    """What a participant's page polls for: cheap to read (one row, no workbooks)."""

    revealed: tuple[str, ...]
    closed: bool
    step: str | None = None
    step_until: datetime | None = None


@dataclass(frozen=True)
class Member:
    """Where a participant is, for the trainer's control view only."""

    page: str | None
    seen_at: datetime | None
    table: str | None


def seconds_left(until: datetime | None, now: datetime | None = None) -> int | None:
    """Whole seconds until a countdown ends (0 once it has), or None when there is no countdown."""
    if until is None:
        return None
    if until.tzinfo is None:  # SQLite hands back naive datetimes; they are stored in UTC
        until = until.replace(tzinfo=(now or utcnow()).tzinfo)
    return max(0, int(((until - (now or utcnow())).total_seconds()) + 0.999))


def format_countdown(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


def new_resume_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(RESUME_LENGTH))


def show_resume_code(code: str) -> str:
    """`ABCD-EFGH`: easier to write down and read back."""
    return f"{code[:4]}-{code[4:]}"


def resume_hash(workshop_id: str, code: str) -> str:
    return hashlib.sha256(f"{workshop_id}:{normalise_code(code)}".encode()).hexdigest()


def answer_hash(text: str) -> str:
    """The hash stored when the trainer approves an answer for the wall (surrounding spaces ignored)."""
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()


def wall_key(workbook_id: str, path: str) -> str:
    return f"{workbook_id}|{path}"


def same_name(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


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
        key, stored, _ = self.join_with_resume(code, name)
        return key, stored

    def join_with_resume(self, code: str, name: str = "") -> tuple[str, StoredWorkbook, str]:
        """`join`, plus the participant's personal resume code (shown once; only its hash is kept)."""
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
        key, stored = self.workbooks.create(Workbook(meta=meta), workshop_id=workshop.id)
        resume = new_resume_code()
        with Session(self.engine) as session, session.begin():
            session.add(
                WorkshopMemberRow(
                    workbook_id=stored.id,
                    workshop_id=workshop.id,
                    resume_hash=resume_hash(workshop.id, resume),
                    seen_at=utcnow(),
                )
            )
        return key, stored, resume

    def _rotate_key(self, session: Session, workbook_id: str) -> str:
        """A new key for a workbook: the old link stops opening it (it may be on a lost phone)."""
        key = new_key()
        session.execute(
            update(WorkbookRow).where(WorkbookRow.id == workbook_id).values(key_hash=hash_key(key))
        )
        return key

    def resume(self, code: str, resume_code: str) -> tuple[str, StoredWorkbook]:
        """Back into one's own workbook with the workshop's code and one's resume code. The workbook
        gets a new link (returned); the lost one stops working."""
        workshop = self.by_code(code)
        wrong = WorkshopError(
            "That resume code does not match anyone in this workshop. Check it and try again."
        )
        if len(normalise_code(resume_code)) != RESUME_LENGTH:
            raise wrong
        with Session(self.engine) as session, session.begin():
            workbook_id = session.scalar(
                select(WorkshopMemberRow.workbook_id).where(
                    WorkshopMemberRow.workshop_id == workshop.id,
                    WorkshopMemberRow.resume_hash == resume_hash(workshop.id, resume_code),
                )
            )
            if workbook_id is None:
                raise wrong
            key = self._rotate_key(session, workbook_id)
        return key, self.workbooks.get(key)

    def reissue_link(self, trainer_key: str, workbook_id: str) -> str:
        """The trainer gives a participant a new link to their workbook (the old one stops working)."""
        workshop = self.by_trainer_key(trainer_key)
        with Session(self.engine) as session, session.begin():
            owner = session.scalar(select(WorkbookRow.workshop_id).where(WorkbookRow.id == workbook_id))
            if owner != workshop.id:
                raise WorkshopError("That participant is not in this workshop.")
            if session.get(WorkshopTableRow, workbook_id) is not None:
                raise WorkshopError(
                    "That is a table: everyone at it gets back in by joining again and choosing the table."
                )
            return self._rotate_key(session, workbook_id)

    def touch(self, workshop_id: str, workbook_id: str, page: str | None) -> None:
        """Record that a participant's page is open (and which page): for "last active" on the
        trainer's control view."""
        now = utcnow()
        page = (page or "")[:60] or None
        with Session(self.engine) as session, session.begin():
            done = session.execute(
                update(WorkshopMemberRow)
                .where(WorkshopMemberRow.workbook_id == workbook_id)
                .values(page=page, seen_at=now)
            ).rowcount
            if not done:
                session.add(
                    WorkshopMemberRow(
                        workbook_id=workbook_id, workshop_id=workshop_id, page=page, seen_at=now
                    )
                )
        # (two first reports at once: the second insert fails on the key and is simply dropped)

    def safe_touch(self, workshop_id: str, workbook_id: str, page: str | None) -> None:
        try:
            self.touch(workshop_id, workbook_id, page)
        except IntegrityError:
            pass

    def members(self, workshop_id: str) -> dict[str, Member]:
        with Session(self.workbooks.reader) as session:
            rows = session.execute(
                select(
                    WorkshopMemberRow.workbook_id,
                    WorkshopMemberRow.page,
                    WorkshopMemberRow.seen_at,
                    WorkshopMemberRow.table_name,
                ).where(WorkshopMemberRow.workshop_id == workshop_id)
            ).all()
        return {r[0]: Member(r[1], r[2], r[3]) for r in rows}

    def add_table(self, trainer_key: str, name: str) -> Table:
        """A new table (small group) with its own empty workbook, which people who join it share."""
        workshop = self.by_trainer_key(trainer_key)
        name = " ".join(name.split())
        if not name or len(name) > TABLE_NAME_LENGTH:
            raise WorkshopError(
                f"Give the table a name of up to {TABLE_NAME_LENGTH} characters, e.g. “Table 1”."
            )
        existing = self.tables(workshop.id)
        if any(same_name(t.name, name) for t in existing):
            raise WorkshopError(f"There is already a table called “{name}”.")
        if len(existing) >= MAX_TABLES:
            raise WorkshopError(f"A workshop has at most {MAX_TABLES} tables.")
        meta = WorkbookMeta(title=f"{workshop.title} — {name}"[:200], workshop_code=workshop.code)
        key, stored = self.workbooks.create(Workbook(meta=meta), workshop_id=workshop.id)
        with Session(self.engine) as session, session.begin():
            session.add(
                WorkshopTableRow(
                    workbook_id=stored.id,
                    workshop_id=workshop.id,
                    name=name,
                    share_key=key,
                    members="[]",
                    created_at=utcnow(),
                )
            )
        return Table(stored.id, name, ())

    def tables(self, workshop_id: str) -> list[Table]:
        """The workshop's tables in the order they were added."""
        with Session(self.workbooks.reader) as session:
            rows = session.execute(
                select(WorkshopTableRow.workbook_id, WorkshopTableRow.name, WorkshopTableRow.members)
                .where(WorkshopTableRow.workshop_id == workshop_id)
                .order_by(WorkshopTableRow.created_at, WorkshopTableRow.name)
            ).all()
        return [Table(r[0], r[1], tuple(json.loads(r[2] or "[]"))) for r in rows]

    def join_table(self, code: str, table_workbook_id: str, name: str = "") -> tuple[str, StoredWorkbook]:
        """Sit at a table: its shared workbook's key (the same for everyone at it). Joining again
        under the same name (a lost link, another device) adds nobody."""
        workshop = self.by_code(code)
        if workshop.closed:
            raise WorkshopError(
                "This workshop is closed to new participants. Ask your trainer for a new code."
            )
        name = " ".join(name.split())[:300]
        with Session(self.engine) as session, session.begin():
            row = session.get(WorkshopTableRow, table_workbook_id)
            if row is None or row.workshop_id != workshop.id:
                raise WorkshopError("That table is not in this workshop any more. Choose another.")
            members = json.loads(row.members or "[]")
            if name and not any(same_name(m, name) for m in members):
                row.members = json.dumps([*members, name], ensure_ascii=False)
            key = row.share_key
        return key, self.workbooks.get(key)

    def table_of(self, workbook_id: str) -> Table | None:
        """The table whose shared workbook this is, or None for a person's own workbook."""
        with Session(self.workbooks.reader) as session:
            row = session.get(WorkshopTableRow, workbook_id)
            return Table(row.workbook_id, row.name, tuple(json.loads(row.members or "[]"))) if row else None

    def set_step(self, trainer_key: str, step: str | None, minutes: float | None = None) -> Workshop:
        """Move the room to a step of the workshop's exercises (None: no step), with an optional
        countdown of `minutes`."""
        if minutes is not None and not 0 < minutes <= MAX_COUNTDOWN_MINUTES:
            raise WorkshopError(f"A countdown is between 1 second and {MAX_COUNTDOWN_MINUTES} minutes.")

        def change(s: WorkshopSettings) -> None:
            if step is not None and step not in {x.id for x in steps(s.exercises)}:
                raise WorkshopError("That step is not part of this workshop's exercises.")
            s.step = step
            s.step_until = utcnow() + timedelta(minutes=minutes) if step and minutes else None

        return self.update_settings(trainer_key, change)

    def duplicate(self, trainer_key: str) -> tuple[Workshop, str]:
        """A new workshop for the next cohort: same title, exercises, organisation and wall anonymity;
        a new code and trainer key; the same tables, empty; no participants, nothing revealed, no step."""
        old = self.by_trainer_key(trainer_key)
        workshop, key = self.create(old.title, old.settings.exercises, old.settings.organisation)
        if not old.settings.wall_anonymous:
            workshop = self.update_settings(key, lambda s: setattr(s, "wall_anonymous", False))
        for table in self.tables(old.id):  # the same tables, empty, for the next cohort
            self.add_table(key, table.name)
        return workshop, key

    def for_trainer(self, code: str, trainer_key: str) -> Workshop:
        """The workshop with this code, only if `trainer_key` is its key (for exports)."""
        workshop = self.by_trainer_key(trainer_key)
        if workshop.code != normalise_code(code):
            raise WorkshopError("That trainer key does not open the workshop with that code.")
        return workshop

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

    def _set_closed(self, trainer_key: str, closed: bool) -> Workshop:
        with Session(self.engine) as session, session.begin():
            row = session.scalar(
                select(WorkshopRow).where(WorkshopRow.trainer_key_hash == hash_key(trainer_key))
            )
            if row is None:
                raise WorkshopError("That trainer key does not open any workshop.")
            row.closed = closed
            session.flush()
            return _workshop(row)

    def close(self, trainer_key: str) -> Workshop:
        """No new joins; every participant's workbook becomes read-only (answers kept)."""
        return self._set_closed(trainer_key, True)

    def reopen(self, trainer_key: str) -> Workshop:
        """Joins and edits work again, with every answer as it was."""
        return self._set_closed(trainer_key, False)

    def approve_answer(self, trainer_key: str, workbook_id: str, path: str, text: str) -> Workshop:
        """Put one answer on the wall: exactly the text the trainer saw (a later edit hides it again)."""
        return self.update_settings(
            trainer_key, lambda s: s.wall_approved.__setitem__(wall_key(workbook_id, path), answer_hash(text))
        )

    def hide_answer(self, trainer_key: str, workbook_id: str, path: str) -> Workshop:
        return self.update_settings(
            trainer_key, lambda s: s.wall_approved.pop(wall_key(workbook_id, path), None)
        )

    def set_revealed(self, trainer_key: str, what: str, shown: bool) -> Workshop:
        """Reveal a part of the guide (a `Reveal.id`) to the room, or hold it back again."""

        def change(s: WorkshopSettings) -> None:
            if shown and what not in s.revealed:
                s.revealed.append(what)
            elif not shown and what in s.revealed:
                s.revealed.remove(what)

        return self.update_settings(trainer_key, change)

    def set_wall_question(self, trainer_key: str, path: str) -> Workshop:
        """The question whose approved answers the wall shows (a dotted answer path)."""
        return self.update_settings(trainer_key, lambda s: setattr(s, "wall_question", path))

    def set_wall_anonymous(self, trainer_key: str, anonymous: bool) -> Workshop:
        """Names on the wall (and the projector) only when `anonymous` is off."""
        return self.update_settings(trainer_key, lambda s: setattr(s, "wall_anonymous", anonymous))

    def room_state(self, workshop_id: str) -> RoomState | None:
        """What participants' pages poll every few seconds: the reveals and whether it is closed."""
        with Session(self.workbooks.reader) as session:
            row = session.execute(
                select(WorkshopRow.settings, WorkshopRow.closed).where(WorkshopRow.id == workshop_id)
            ).first()
        if row is None:
            return None
        settings = WorkshopSettings.model_validate_json(row.settings)
        return RoomState(tuple(settings.revealed), bool(row.closed), settings.step, settings.step_until)

    def activity(self, workshop_id: str) -> tuple[int, datetime | None, str, bool]:
        """A cheap signature of the room (participants, last save, settings, closed): the live views
        rebuild their aggregates only when it changes."""
        with Session(self.workbooks.reader) as session:
            count, last = session.execute(
                select(func.count(WorkbookRow.id), func.max(WorkbookRow.updated_at)).where(
                    WorkbookRow.workshop_id == workshop_id
                )
            ).one()
            settings, closed = session.execute(
                select(WorkshopRow.settings, WorkshopRow.closed).where(WorkshopRow.id == workshop_id)
            ).one()
        return int(count), last, settings, bool(closed)

    def named(self, code: str, name: str) -> bool:
        """True if someone of that name (ignoring case and spacing) already joined this workshop."""
        if not name.strip():
            return False
        workshop = self.by_code(code)
        return any(same_name(p.name, name) for p in self.participants(workshop.id))

    def rejoin(self, code: str, workbook_key: str) -> StoredWorkbook:
        """The participant's own workbook, if `workbook_key` opens one that joined this workshop."""
        workshop = self.by_code(code)
        try:
            stored = self.workbooks.get(workbook_key)
        except StoreError as exc:
            raise WorkshopError("That link does not open a workbook of this workshop.") from exc
        joined = self.workshop_of(stored.id)
        if joined is None or joined.id != workshop.id:
            raise WorkshopError("That link does not open a workbook of this workshop.")
        return stored

    def participants(self, workshop_id: str) -> list[Participant]:
        with Session(self.workbooks.reader) as session:
            rows = session.scalars(
                select(WorkbookRow)
                .where(WorkbookRow.workshop_id == workshop_id)
                .order_by(WorkbookRow.created_at)
            ).all()
            stored = [_from_row(r) for r in rows]
        tables = {t.workbook_id: t for t in self.tables(workshop_id)}
        return [
            Participant(
                s.id, ", ".join(tables[s.id].members), s.workbook, tables[s.id].name, tables[s.id].members
            )
            if s.id in tables
            else Participant(s.id, s.workbook.meta.participant_name, s.workbook)
            for s in stored
        ]

    def workshop_of(self, workbook_id: str) -> Workshop | None:
        with Session(self.workbooks.reader) as session:
            row = session.scalar(
                select(WorkshopRow)
                .join(WorkbookRow, WorkbookRow.workshop_id == WorkshopRow.id)
                .where(WorkbookRow.id == workbook_id)
            )
            return _workshop(row) if row else None
