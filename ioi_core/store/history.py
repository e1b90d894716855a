"""A workbook's history: what each save changed, and restoring an answer or the whole workbook.

Every write through `WorkbookStore` (modify, save, and so every answer widget, import and restore)
adds one row to `workbook_versions` in the same transaction. A row is keyed by the version the change
made and holds the whole workbook as it was *before* that change, so "undo this change" reads one
row, and rows can be pruned oldest first without breaking the ones kept. "Version V" below means the
workbook as it was once version V was saved: the current copy, or the `data` of the first row after V.

Restores are new changes (a new version, with a note), so a restore can itself be undone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Engine, delete, func, insert, select
from sqlalchemy.orm import Session

from ioi_core.model.workbook import Workbook
from ioi_core.store.db import WorkbookRow, WorkbookVersionRow, reader
from ioi_core.store.workbooks import StoredWorkbook, StoreError, WorkbookNotFound, WorkbookStore, hash_key

KEEP_CHANGES = 500  # per workbook: the newest 500 changes are always kept …
KEEP_DAYS = 90  # … and so is every change from the last 90 days, however many
PREVIEW_CHARS = 120
# Saved with every change but not an answer: listing it would make every change look like two.
_IGNORED = {"meta.updated"}
_MISSING = object()


class VersionNotKept(StoreError):
    def __init__(self, version: int, current: int, oldest: int | None) -> None:
        kept = (
            f"versions {oldest} to {current}"
            if oldest is not None and oldest < current
            else f"version {current}"
        )
        super().__init__(f"Version {version} of this workbook is not kept; its history holds {kept}.")


class RestoreRefused(StoreError):
    """The restore would not give a valid workbook; nothing was changed."""


# --- what changed -------------------------------------------------------------------------------


def _empty(value: Any) -> bool:
    return value is _MISSING or value is None or value == "" or value == [] or value == {}


def _diff(old: Any, new: Any, path: str, out: list[str]) -> None:
    if old == new or path in _IGNORED:  # equal subtrees are compared in C, not walked
        return
    if isinstance(old, dict) or isinstance(new, dict):
        if (not isinstance(old, dict) and not _empty(old)) or (not isinstance(new, dict) and not _empty(new)):
            out.append(path)  # a group of answers replaced by a single value: report it whole
            return
        old_d = old if isinstance(old, dict) else {}
        new_d = new if isinstance(new, dict) else {}
        for name in list(old_d) + [n for n in new_d if n not in old_d]:
            _diff(
                old_d.get(name, _MISSING), new_d.get(name, _MISSING), f"{path}.{name}" if path else name, out
            )
        return
    if isinstance(old, list) and isinstance(new, list):
        rows = old and new and all(isinstance(x, dict) for x in old + new)
        if rows and len(old) == len(new):
            for index, (a, b) in enumerate(zip(old, new, strict=True)):
                _diff(a, b, f"{path}.{index}", out)
        elif old != new:
            out.append(path)  # rows added or removed, or a list of choices: the list as a whole
        return
    if old != new and not (_empty(old) and _empty(new)):
        out.append(path)


def diff_data(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Dotted paths of the leaves that differ between two workbooks' JSON data."""
    out: list[str] = []
    _diff(old, new, "", out)
    return out


def changed_paths(old: Workbook, new: Workbook) -> list[str]:
    """Leaf-level dotted paths that differ, e.g. `exercise1.facilitator_why`, `evaluation.0.outcome`;
    a list whose rows were added or removed (or a list of choices) is one path, e.g. `shortlist`."""
    return diff_data(old.model_dump(mode="json"), new.model_dump(mode="json"))


def read_dotted(data: Any, path: str) -> Any:
    """The value at a dotted path in JSON data, or `_MISSING`."""
    node = data
    for name in path.split("."):
        if isinstance(node, dict) and name in node:
            node = node[name]
        elif isinstance(node, list) and name.isdigit() and int(name) < len(node):
            node = node[int(name)]
        else:
            return _MISSING
    return node


def display(value: Any, limit: int = PREVIEW_CHARS) -> str:
    """A short plain-text rendering of an answer for lists of changes."""
    if _empty(value):
        text = ""
    elif isinstance(value, bool):
        text = "yes" if value else "no"
    elif isinstance(value, float):
        text = f"{value:g}"
    elif isinstance(value, list) and all(not isinstance(v, dict | list) for v in value):
        text = ", ".join(str(v) for v in value)
    elif isinstance(value, list):
        text = f"{len(value)} row{'s' if len(value) != 1 else ''}"
    elif isinstance(value, dict):
        text = "; ".join(f"{k}: {display(v, limit)}" for k, v in value.items() if not _empty(v))
    else:
        text = str(value)
    text = " ".join(text.split())  # one line
    return text if len(text) <= limit else text[: limit - 1] + "…"


_SECTIONS = {
    "meta": "Workbook details",
    "exercise1": "Exercise 1",
    "exercise2": "Exercise 2",
    "theory_of_change": "Your Theory of Change",
    "stakeholders": "Stakeholders",
    "barriers": "Barriers",
    "evaluation": "Evaluation",
    "shortlist": "Indicator shortlist",
    "custom_indicators": "Your own indicators",
    "imported_indicators": "Imported indicators",
    "best_practices_ticked": "Best practices",
}


def readable_path(path: str) -> str:
    """A dotted path for people: `exercise1.facilitator_why` -> `Exercise 1 · facilitator why`."""
    parts = path.split(".")
    words = [_SECTIONS.get(parts[0], parts[0].replace("_", " ").capitalize())]
    for part in parts[1:]:
        if part.isdigit():
            words.append(f"no. {int(part) + 1}")
        else:
            words.append(part.replace("_", " ").replace("part1", "part 1").replace("part2", "part 2"))
    return " · ".join(words)


# --- recording (called by WorkbookStore inside its write transaction) ---------------------------


def record_change(
    session: Session,
    workbook_id: str,
    version: int,
    old_data: str,
    old: dict[str, Any],
    new: dict[str, Any],
    saved_at: datetime,
    note: str | None = None,
) -> None:
    """Keep `old_data` (the stored JSON before the change that made `version`), then prune.

    A save that changed no answer is not kept: it would push real changes out of the bound.
    """
    changed = diff_data(old, new)
    if not changed:
        return
    preview = None
    if len(changed) == 1:
        preview = json.dumps([display(read_dotted(old, changed[0])), display(read_dotted(new, changed[0]))])
    session.execute(
        insert(WorkbookVersionRow).values(
            workbook_id=workbook_id,
            version=version,
            saved_at=saved_at,
            data=old_data,
            changed=json.dumps(changed[:200]),
            preview=preview,
            note=note[:200] if note else None,
        )
    )
    _prune(session, workbook_id, version, saved_at)


def _prune(session: Session, workbook_id: str, newest: int, now: datetime) -> None:
    """Delete rows both beyond the newest KEEP_CHANGES and older than KEEP_DAYS.

    Most saves only look at this workbook's oldest row (one index seek): versions are distinct and
    rise with time, so if that row is within KEEP_CHANGES versions of the newest, or recent enough,
    nothing can go. Otherwise one statement walks this workbook's part of the primary-key index.
    """
    of_this = WorkbookVersionRow.workbook_id == workbook_id
    cutoff = now - timedelta(days=KEEP_DAYS)
    oldest = session.execute(
        select(WorkbookVersionRow.version, WorkbookVersionRow.saved_at)
        .where(of_this)
        .order_by(WorkbookVersionRow.version)
        .limit(1)
    ).first()
    if oldest is None or oldest.version > newest - KEEP_CHANGES:
        return
    if _aware(oldest.saved_at) >= cutoff:
        return
    oldest_kept = (
        select(WorkbookVersionRow.version)
        .where(of_this)
        .order_by(WorkbookVersionRow.version.desc())
        .limit(1)
        .offset(KEEP_CHANGES - 1)
        .scalar_subquery()
    )
    session.execute(
        delete(WorkbookVersionRow)
        .where(of_this)
        .where(WorkbookVersionRow.version < oldest_kept)  # NULL (too few rows): nothing goes
        .where(WorkbookVersionRow.saved_at < cutoff)
    )


# --- reading ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryEntry:
    """One change: the save that made `version` (undo it by restoring `version - 1`)."""

    version: int
    saved_at: datetime  # UTC
    changed: list[str]
    was: str | None  # short previews, when exactly one answer changed
    now: str | None
    note: str | None  # what made the change when it was not an answer (e.g. a restore)


@dataclass(frozen=True)
class History:
    current_version: int
    oldest_version: int  # the oldest version that can still be restored
    entries: list[HistoryEntry]  # newest first


def _engine(store_or_engine: WorkbookStore | Engine) -> Engine:
    return store_or_engine.engine if isinstance(store_or_engine, WorkbookStore) else store_or_engine


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # SQLite returns naive UTC


def list_history(store_or_engine: WorkbookStore | Engine, key: str, limit: int | None = 50) -> History:
    """The newest `limit` changes of the workbook opened by `key` (two small indexed queries; the
    stored workbooks themselves are not read)."""
    with reader(_engine(store_or_engine)).begin() as connection:
        row = connection.execute(
            select(WorkbookRow.id, WorkbookRow.version).where(WorkbookRow.key_hash == hash_key(key))
        ).first()
        if row is None:
            raise WorkbookNotFound()
        of_this = WorkbookVersionRow.workbook_id == row.id
        oldest = connection.execute(select(func.min(WorkbookVersionRow.version)).where(of_this)).scalar()
        rows = connection.execute(
            select(
                WorkbookVersionRow.version,
                WorkbookVersionRow.saved_at,
                WorkbookVersionRow.changed,
                WorkbookVersionRow.preview,
                WorkbookVersionRow.note,
            )
            .where(of_this)
            .order_by(WorkbookVersionRow.version.desc())
            .limit(limit)
        ).all()
    entries = []
    for version, saved_at, changed, preview, note in rows:
        was, now = json.loads(preview) if preview else (None, None)
        entries.append(HistoryEntry(version, _aware(saved_at), json.loads(changed), was, now, note))
    return History(row.version, row.version if oldest is None else oldest - 1, entries)


def _data_at(store: WorkbookStore, key: str, version: int) -> tuple[StoredWorkbook, dict[str, Any]]:
    """The current workbook, and the JSON data of `version` (VersionNotKept if it is gone)."""
    with reader(store.engine).begin() as connection:
        row = connection.execute(
            select(WorkbookRow.id, WorkbookRow.version, WorkbookRow.data).where(
                WorkbookRow.key_hash == hash_key(key)
            )
        ).first()
        if row is None:
            raise WorkbookNotFound()
        of_this = WorkbookVersionRow.workbook_id == row.id
        oldest = connection.execute(select(func.min(WorkbookVersionRow.version)).where(of_this)).scalar()
        data = row.data
        if version != row.version:
            # Rows go oldest first, so every version from the oldest row's predecessor on is whole;
            # versions with no row of their own changed nothing, so the next row holds them too.
            if oldest is None or not oldest - 1 <= version < row.version:
                raise VersionNotKept(version, row.version, None if oldest is None else oldest - 1)
            later = connection.execute(
                select(WorkbookVersionRow.data)
                .where(of_this, WorkbookVersionRow.version > version)
                .order_by(WorkbookVersionRow.version)
                .limit(1)
            ).scalar()
            data = row.data if later is None else later  # None: nothing changed since
    current = StoredWorkbook(row.id, row.version, Workbook.model_validate_json(row.data))
    return current, json.loads(data)


def workbook_at(store: WorkbookStore, key: str, version: int) -> Workbook:
    """The whole workbook as it was at `version`."""
    _, data = _data_at(store, key, version)
    try:
        return Workbook.model_validate(data)
    except ValidationError as exc:
        raise RestoreRefused(f"Version {version} no longer fits the workbook's format: {exc}") from exc


# --- restoring ----------------------------------------------------------------------------------


def _replace_all(target: Workbook, source: Workbook) -> None:
    """Make `target` (the copy `modify` will store) hold `source`'s answers; `source` is a throwaway."""
    created = target.meta.created  # when the workbook was made is not an answer to restore
    for name in Workbook.model_fields:
        setattr(target, name, getattr(source, name))
    target.meta.created = created


def restore_workbook(store: WorkbookStore, key: str, version: int) -> StoredWorkbook:
    """Put every answer back as it was at `version`, as a new change (so it can be undone too).
    The key, the workshop link and the creation date stay as they are."""
    old = workbook_at(store, key, version)

    def change(workbook: Workbook) -> None:
        _replace_all(workbook, old)

    return store.modify(key, change, note=f"Restored the whole workbook to version {version}")


def _set_dotted(data: dict[str, Any], path: str, value: Any) -> None:
    """Set (or, for `_MISSING`, remove so the default applies) the value at `path` in JSON data."""
    parts = path.split(".")
    node: Any = data
    for name in parts[:-1]:
        if isinstance(node, dict):
            if not isinstance(node.get(name), dict | list):
                if value is _MISSING:
                    return  # nothing there now either
                node[name] = {}  # e.g. a barrier area answered for the first time since
            node = node[name]
        elif isinstance(node, list) and name.isdigit() and int(name) < len(node):
            node = node[int(name)]
        else:
            raise RestoreRefused(
                "That answer belonged to a row that has since been removed. Restore the whole "
                "workbook to that version instead."
            )
    last = parts[-1]
    if isinstance(node, dict):
        if value is _MISSING:
            node.pop(last, None)
        else:
            node[last] = value
    elif isinstance(node, list) and last.isdigit() and int(last) < len(node):
        if value is _MISSING:
            raise RestoreRefused(
                "That row did not exist in that version. Restore the whole workbook instead."
            )
        node[int(last)] = value
    else:
        raise RestoreRefused(
            "That answer belonged to a row that has since been removed. Restore the whole workbook "
            "to that version instead."
        )


def restore_answer(store: WorkbookStore, key: str, version: int, path: str) -> StoredWorkbook:
    """Set the one answer at dotted `path` back to its value at `version`, as a new change."""
    if not path or path in _IGNORED or path.split(".")[0] not in Workbook.model_fields:
        raise RestoreRefused(f"'{path}' is not an answer in the workbook.")
    _, old_data = _data_at(store, key, version)
    value = read_dotted(old_data, path)

    def change(workbook: Workbook) -> None:
        data = workbook.model_dump(mode="json")
        _set_dotted(data, path, value)
        try:
            restored = Workbook.model_validate(data)
        except ValidationError as exc:
            raise RestoreRefused(f"That answer could not be restored: {exc.errors()[0]['msg']}.") from exc
        _replace_all(workbook, restored)

    return store.modify(key, change, note=f"Restored an answer to version {version}")
