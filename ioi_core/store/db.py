"""Database engine and schema: one engine per process, SQLite made safe for concurrent writers."""

from __future__ import annotations

import os
import re
from datetime import datetime
from pathlib import Path

from sqlalchemy import (
    Boolean,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    create_engine,
    event,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
DEFAULT_URL = f"sqlite:///{DATA_DIR / 'ioi.db'}"


def database_url() -> str:
    """`IOI_DATABASE_URL` if set, else the embedded SQLite file in `data/`."""
    return os.environ.get("IOI_DATABASE_URL") or DEFAULT_URL


class Base(DeclarativeBase):
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


class WorkbookRow(Base):
    __tablename__ = "workbooks"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    # Only a hash of the access key is stored: a leaked database does not open workbooks.
    key_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    title: Mapped[str] = mapped_column(String(200))
    data: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    workshop_id: Mapped[str | None] = mapped_column(String(32), index=True, nullable=True)


class WorkshopRow(Base):
    __tablename__ = "workshops"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True, index=True)
    trainer_key_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    title: Mapped[str] = mapped_column(String(200))
    settings: Mapped[str] = mapped_column(Text)  # JSON: exercises, organisation, reveals, answer wall
    closed: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class BankIndicatorRow(Base):
    __tablename__ = "bank_indicators"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    scope: Mapped[str] = mapped_column(String(32), index=True)  # "installation" or a workbook id
    domain: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(500))
    data_availability: Mapped[str | None] = mapped_column(String(40), nullable=True)
    source: Mapped[str] = mapped_column(String(300))
    link: Mapped[str | None] = mapped_column(String(500), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class WorkbookVersionRow(Base):
    """One change to a workbook: the whole workbook as it was *before* the change that made
    `version`, so undoing that change never needs another row (see ioi_core/store/history.py)."""

    __tablename__ = "workbook_versions"

    # The key (workbook_id, version) is also the index every history query and the pruning walk.
    workbook_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("workbooks.id", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[int] = mapped_column(Integer, primary_key=True)  # the version this change made
    saved_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    data: Mapped[str] = mapped_column(Text)  # the workbook JSON at version - 1
    changed: Mapped[str] = mapped_column(Text)  # JSON list of the dotted answer paths it touched
    # JSON [was, now] as short display strings when one answer changed, so listing needs no `data`.
    preview: Mapped[str | None] = mapped_column(Text, nullable=True)
    note: Mapped[str | None] = mapped_column(String(200), nullable=True)  # e.g. "Restored version 7"


READ_ONLY = "ioi_read_only"
_STORAGE_TROUBLE = re.compile(
    r"readonly database|disk I/O error|unable to open database|database or disk is full"
)


def reader(engine: Engine) -> Engine:
    """The same engine for transactions that only read: on SQLite they skip the write lock."""
    return engine.execution_options(**{READ_ONLY: True})


def make_engine(url: str | None = None) -> Engine:
    """Create an engine; for SQLite, WAL + busy timeout + BEGIN IMMEDIATE so no update is lost."""
    url = url or database_url()
    # hide_parameters: the SQL parameters are people's answers, and must never reach a log.
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True, hide_parameters=True)
    if url.startswith("sqlite:///") and ":memory:" not in url:
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 30}, hide_parameters=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        # Let SQLAlchemy, not pysqlite, decide when transactions begin (see "begin" below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        # FULL: a save the app has confirmed survives an operating-system crash or power cut, not
        # only a crash of the app (NORMAL may lose the last few; benchmarks/workshop_load.py measures it).
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "handle_error")
    def _on_error(context):  # type: ignore[no-untyped-def]
        # A connection opened while the file could not be written stays read-only for its whole life;
        # treating the error as a lost connection makes the pool open fresh ones, so saving works
        # again by itself once the file is writable (no restart).
        if _STORAGE_TROUBLE.search(str(context.original_exception)):
            context.is_disconnect = True

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # type: ignore[no-untyped-def]
        # A deferred BEGIN takes a read lock that cannot upgrade under contention
        # ("database is locked"); IMMEDIATE takes the write lock up front. Reads (see `reader`)
        # take a plain BEGIN: in WAL mode they see a snapshot and never wait for a writer.
        read_only = conn.get_execution_options().get(READ_ONLY, False)
        conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine
