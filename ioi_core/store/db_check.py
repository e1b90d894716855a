"""`python -m ioi_core db check [--repair]`: find stored workbooks that no longer validate, and repair them.

A row can stop validating when a rule is added after it was written (no NaN, no control characters,
a length limit) or when it was written by hand. Such a row cannot be opened, exported or backed up.
`check` reports each one; `repair` changes the least it can to make it valid, and says exactly what
it changed:

- control characters are removed from text (and from the names of entries);
- text over its limit is cut to the limit (the report shows what was cut);
- a number that is NaN or infinite, or any other value the field cannot hold, becomes empty where
  the field may be empty, else returns to the field's default, else its list item is removed;
- a missing or unusable title becomes "Untitled workbook".

Each repair is a new version written through the same history as every save, so the workbook as it
was before the repair is kept in `workbook_versions` and can be restored.
"""

from __future__ import annotations

import copy
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from ioi_core.formats.workbook_json import validation_problems
from ioi_core.model.workbook import CONTROL_CHARACTERS, Workbook, strip_control_characters, utcnow
from ioi_core.store.db import WorkbookRow, reader

MAX_STEPS = 500  # one problem is fixed per step; a row needing more is left for a person
SHOWN = 200  # characters of cut text shown in the report
REPAIR_NOTE = "Repaired by db check"
UNTITLED = "Untitled workbook"


class Unrepairable(Exception):
    """The row cannot be made valid automatically; the message says why."""


@dataclass
class RowReport:
    id: str
    title: str
    version: int
    problems: str  # what does not validate, in plain words
    changes: list[str] = field(default_factory=list)  # what a repair changes (or changed)
    unrepairable: str | None = None
    repaired_version: int | None = None


@dataclass(frozen=True)
class StoredRow:
    id: str
    title: str
    version: int
    data: str


def stored_rows(engine: Engine, batch: int = 100) -> Iterator[StoredRow]:
    """Every workbook row as stored (not validated), oldest first, read in batches."""
    last: tuple[Any, str] | None = None
    while True:
        query = select(
            WorkbookRow.id, WorkbookRow.title, WorkbookRow.version, WorkbookRow.data, WorkbookRow.created_at
        ).order_by(WorkbookRow.created_at, WorkbookRow.id)
        if last is not None:
            query = query.where(
                (WorkbookRow.created_at > last[0])
                | ((WorkbookRow.created_at == last[0]) & (WorkbookRow.id > last[1]))
            )
        with reader(engine).begin() as connection:
            rows = connection.execute(query.limit(batch)).all()
        for row in rows:
            yield StoredRow(row.id, row.title, row.version, row.data)
        if len(rows) < batch:
            return
        last = (rows[-1].created_at, rows[-1].id)


def shown(value: Any, limit: int = 60) -> str:
    """A value for the report, on one line, control characters written as <U+XXXX>."""
    if isinstance(value, float) and not math.isfinite(value):
        text = str(value).replace("inf", "Infinity").replace("nan", "NaN")
    elif isinstance(value, str):
        text = f'"{value}"'
    else:
        text = json.dumps(value, ensure_ascii=False, allow_nan=True, default=str)
    text = CONTROL_CHARACTERS.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _path(loc: tuple[Any, ...]) -> str:
    return ".".join(shown(p, 80).strip('"') if not isinstance(p, int) else str(p) for p in loc) or "(top)"


def _node(data: Any, loc: tuple[Any, ...]) -> Any:
    for part in loc:
        data = data[part]
    return data


def _count(data: Any) -> int:
    try:
        Workbook.model_validate(data)
    except ValidationError as exc:
        return exc.error_count()
    return 0


def _fix_one(data: dict[str, Any], error: dict[str, Any], fallback_title: str) -> str | None:
    """Change `data` in place to remove one validation error; what was done, or None if nothing could."""
    loc, kind = tuple(error["loc"]), error["type"]
    if loc and loc[-1] == "[key]":  # the name of a dict entry is bad
        container, name = _node(data, loc[:-2]), loc[-2]
        new_name = strip_control_characters(name)
        limit = error.get("ctx", {}).get("max_length")
        if limit:
            new_name = new_name[:limit]
        value = container.pop(name)
        if kind in ("control_character", "string_too_long") and new_name and new_name not in container:
            container[new_name] = value
            return f"{_path(loc[:-2])}: the entry {shown(name)} renamed {shown(new_name)}"
        return f"{_path(loc[:-2])}: removed the entry {shown(name)} ({error['msg']})"
    try:
        container, name = _node(data, loc[:-1]), loc[-1]
        value = container[name]
    except (KeyError, IndexError, TypeError):
        container, name, value = None, None, None
    where = _path(loc)
    if kind == "control_character" and isinstance(value, str):
        found = sorted({f"U+{ord(c):04X}" for c in CONTROL_CHARACTERS.findall(value)})
        container[name] = strip_control_characters(value)
        return f"{where}: removed {len(CONTROL_CHARACTERS.findall(value))} control character(s) ({', '.join(found)})"
    if kind == "string_too_long" and isinstance(value, str):
        limit = error["ctx"]["max_length"]
        cut = value[limit:]
        container[name] = value[:limit]
        tail = shown(cut, SHOWN)
        return f"{where}: cut from {len(value):,} to {limit:,} characters; removed {len(cut):,}: {tail}"
    if kind == "too_long" and isinstance(value, list | dict):
        limit = error["ctx"]["max_length"]
        if isinstance(value, list):
            container[name] = value[:limit]
        else:
            container[name] = dict(list(value.items())[:limit])
        return f"{where}: kept the first {limit} of {len(value)} items; removed {len(value) - limit}"
    if loc in (("meta", "title"), ("meta",)):
        title = strip_control_characters(fallback_title or "").strip()[:200] or UNTITLED
        if loc == ("meta",):
            data["meta"] = {"title": title}
            return f"meta: was {shown(value)}, now a title only ({shown(title)})"
        data["meta"]["title"] = title
        return f"meta.title: was {shown(value)}, now {shown(title)}"
    before = _count(data)
    candidates = []
    if container is not None and value is not None and kind != "extra_forbidden":
        candidates.append(("set", f"{where}: was {shown(value)}, now empty"))
    if isinstance(container, dict):
        text = "removed (not part of a workbook)" if kind == "extra_forbidden" else "back to its default"
        candidates.append(("delete", f"{where}: was {shown(value)}, now {text}"))
    for depth in range(len(loc) - 1, 0, -1):  # the nearest list item holding the bad value
        if isinstance(loc[depth], int) and isinstance(_node(data, loc[:depth]), list):
            candidates.append(
                (depth, f"{_path(loc[: depth + 1])}: removed this item ({where}: {error['msg']})")
            )
            break
    for action, description in candidates:
        trial = copy.deepcopy(data)
        if action == "set":
            _node(trial, loc[:-1])[name] = None
        elif action == "delete":
            del _node(trial, loc[:-1])[name]
        else:
            del _node(trial, loc[:action])[loc[action]]
        if _count(trial) < before:
            data.clear()
            data.update(trial)
            return description
    return None


def repair_data(raw: str, fallback_title: str = "") -> tuple[Workbook, list[str]]:
    """The stored JSON made valid with the smallest changes, and what was changed (Unrepairable if not)."""
    try:
        data = json.loads(raw)  # accepts NaN and Infinity, so they can be found and replaced
    except (ValueError, RecursionError) as exc:
        raise Unrepairable(f"the stored data is not JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise Unrepairable("the stored data is not a workbook (not a JSON object)")
    changes: list[str] = []
    for _ in range(MAX_STEPS):
        try:
            workbook = Workbook.model_validate(data)
        except ValidationError as exc:
            done = _fix_one(data, exc.errors()[0], fallback_title)
            if done is None:
                raise Unrepairable(f"no automatic repair for {validation_problems(exc, 1)}") from exc
            changes.append(done)
            continue
        # The stored JSON must itself read back (the store reads with model_validate_json).
        Workbook.model_validate_json(workbook.model_dump_json())
        return workbook, changes
    raise Unrepairable(f"more than {MAX_STEPS} problems")


def problems_of(row: StoredRow) -> str | None:
    """What is wrong with a stored row, or None when it validates and its title column matches."""
    try:
        workbook = Workbook.model_validate_json(row.data)
    except ValidationError as exc:
        return validation_problems(exc)
    if row.title != workbook.meta.title:
        return f"the title column {shown(row.title)} differs from the workbook's title {shown(workbook.meta.title)}"
    return None


def check(engine: Engine, repair: bool = False) -> tuple[int, list[RowReport]]:
    """How many rows were checked, and a report for each one that does not validate (repaired if asked)."""
    checked = 0
    reports = []
    for row in stored_rows(engine):
        checked += 1
        problems = problems_of(row)
        if problems is None:
            continue
        report = RowReport(row.id, row.title, row.version, problems)
        try:
            _, report.changes = repair_data(row.data, row.title)
        except Unrepairable as exc:
            report.unrepairable = str(exc)
        if repair and report.unrepairable is None:
            try:
                report.repaired_version, report.changes = _repair_row(engine, row.id)
            except Unrepairable as exc:
                report.unrepairable = str(exc)
        reports.append(report)
    return checked, reports


def _repair_row(engine: Engine, workbook_id: str) -> tuple[int, list[str]]:
    """Repair one row in its own write transaction (re-read under the lock); the old copy goes to history."""
    from ioi_core.store.history import record_change

    with Session(engine) as session, session.begin():
        query = select(WorkbookRow).where(WorkbookRow.id == workbook_id)
        if engine.dialect.name == "postgresql":
            query = query.with_for_update()
        row = session.scalar(query)
        if row is None:
            raise Unrepairable("the workbook was deleted while it was being checked")
        workbook, changes = repair_data(row.data, row.title)
        now = utcnow()
        workbook.meta.updated = now
        old_data = row.data
        try:
            old = json.loads(old_data)
        except ValueError:
            old = {}
        if row.title != workbook.meta.title:
            changes.append(f"title column: was {shown(row.title)}, now {shown(workbook.meta.title)}")
        row.data = workbook.model_dump_json()
        row.title = workbook.meta.title
        row.version += 1
        row.updated_at = now
        session.flush()
        note = f"{REPAIR_NOTE}: " + "; ".join(changes)
        record_change(
            session,
            row.id,
            row.version,
            old_data,
            old if isinstance(old, dict) else {},
            workbook.model_dump(mode="json"),
            now,
            note,
        )
        return row.version, changes
