"""Field-level edits: change one answer on the latest copy, unless someone else changed it first.

Two people (or two tabs) editing different answers of one workbook both keep their work; editing the
same answer from a stale copy is reported as an EditConflict and nothing is overwritten.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from ioi_core.model.paths import FieldPath, read_path
from ioi_core.model.workbook import Agreement, BarrierNote, Workbook
from ioi_core.store.workbooks import StoredWorkbook, StoreError, WorkbookStore

# Dict fields whose entries are created on first answer, keyed by an id from the content pack.
_KEYED_NOTES: dict[str, type[BaseModel]] = {"barriers": BarrierNote, "agreements": Agreement}

ANY = object()  # pass as `seen_value` when the edit must apply whatever the old value was


class EditConflict(StoreError):
    def __init__(self, current: Any) -> None:
        self.current = current
        super().__init__(
            "Someone else changed this answer since you opened the page (another tab, device or "
            "person). Your change was not saved; the latest answer is shown now."
        )


class InvalidAnswer(StoreError):
    """The new value breaks the workbook's rules (too long, wrong kind); nothing was saved."""

    def __init__(self, message: str, max_length: int | None = None) -> None:
        self.max_length = max_length  # set when the answer was too long: the UI says by how much
        super().__init__(message)


def _assign(parent: Any, name: str, value: Any) -> None:
    if isinstance(parent, dict):
        parent[name] = value
    elif isinstance(parent, list):
        index = int(name)
        if not 0 <= index < len(parent):
            raise EditConflict(None)
        parent[index] = value
    else:
        setattr(parent, name, value)


def plain(value: Any) -> Any:
    """The value as it is stored (models and their lists as plain JSON-like data)."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def same(a: Any, b: Any) -> bool:
    """Equal as stored data; an answer never given (None) equals an empty one."""
    empty = (None, "", [])
    return plain(a) == plain(b) or (a in empty and b in empty)


def _invalid(exc: ValidationError) -> InvalidAnswer:
    first = exc.errors()[0]
    if first["type"] == "string_too_long":
        limit = first.get("ctx", {}).get("max_length")
        return InvalidAnswer(f"That answer is too long (the limit is {limit} characters)", limit)
    if first["type"] == "string_too_short":
        return InvalidAnswer("This answer cannot be empty")
    if first["type"] == "too_long":  # a list with too many items
        return InvalidAnswer(
            f"That is too many items (the limit is {first.get('ctx', {}).get('max_length')})"
        )
    if first["type"] == "control_character":
        return InvalidAnswer(f"it {first['msg']}")  # e.g. "contains a control character (U+0000) …"
    return InvalidAnswer(f"That answer could not be saved: {first['msg']}")


def set_answer(
    store: WorkbookStore, key: str, path: FieldPath, new_value: Any, seen_value: Any
) -> StoredWorkbook:
    """Set the field at `path` to `new_value` if it still holds `seen_value` in the database."""

    def change(workbook: Workbook) -> None:
        current = read_path(workbook, path)
        stale = seen_value is not ANY and not same(current, seen_value)
        if stale and not same(current, new_value):
            raise EditConflict(current)
        parent = read_path(workbook, path[:-1])
        if parent is None and len(path) >= 3 and path[-3] in _KEYED_NOTES:
            # First answer for this area/thing: create its empty entry in the keyed dict.
            parent = _KEYED_NOTES[path[-3]]()
            read_path(workbook, path[:-2])[path[-2]] = parent
        try:
            _assign(parent, path[-1], new_value)
        except ValidationError as exc:
            raise _invalid(exc) from exc

    try:
        return store.modify(key, change)
    except ValidationError as exc:
        raise _invalid(exc) from exc


def append_item(store: WorkbookStore, key: str, path: FieldPath, item: Any) -> StoredWorkbook:
    """Add `item` to the list at `path` on the latest copy (never conflicts with other edits)."""

    def change(workbook: Workbook) -> None:
        items = list(read_path(workbook, path))
        items.append(item)
        try:
            setattr(read_path(workbook, path[:-1]), path[-1], items)
        except ValidationError as exc:
            raise _invalid(exc) from exc

    return store.modify(key, change)


def remove_item(store: WorkbookStore, key: str, path: FieldPath, index: int, expected: Any) -> StoredWorkbook:
    """Remove the item at `index` if it is still `expected` (else EditConflict: nothing removed)."""

    def change(workbook: Workbook) -> None:
        items = list(read_path(workbook, path))
        if index >= len(items) or plain(items[index]) != plain(expected):
            raise EditConflict(items)
        del items[index]
        setattr(read_path(workbook, path[:-1]), path[-1], items)

    return store.modify(key, change)
