"""Read (and seed) the workbook a browser page has open straight from the app server's DATABASE.

The browser tests of issue 13 assert on what is stored, not only on what the screen shows: a page can
look right while the database holds blanks, and the other way round.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import parse_qs, urlparse

from ioi_core.model.paths import read_path
from ioi_core.model.workbook import Workbook
from ioi_core.store.db import make_engine
from ioi_core.store.workbooks import StoredWorkbook, WorkbookStore


@functools.cache
def _store(database_url: str) -> WorkbookStore:
    return WorkbookStore(make_engine(database_url))


def store_for(app_server: Any) -> WorkbookStore:
    """The app server's own store (same database URL), opened from the test process."""
    return _store(app_server.database_url)


def key_from_url(url: str) -> str:
    """The workbook key from a page address (`?wb=…`)."""
    values = parse_qs(urlparse(url).query).get("wb")
    assert values, f"no ?wb= in {url}"
    return values[0]


def page_key(page: Any) -> str:
    return key_from_url(page.url)


def stored(app_server: Any, key: str) -> StoredWorkbook:
    return store_for(app_server).get(key)


def workbook(app_server: Any, key: str) -> Workbook:
    return stored(app_server, key).workbook


def db_value(app_server: Any, key: str, path: Sequence[str]) -> Any:
    """The stored value at `path` (e.g. ("exercise1", "facilitator_why")), as plain data."""
    value = read_path(workbook(app_server, key), path)
    return plain(value)


def plain(value: Any) -> Any:
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if hasattr(value, "value") and not isinstance(value, (str, int, float, bool)):
        return value.value
    return value


def answers(app_server: Any, key: str) -> dict[str, Any]:
    """Every answer in the workbook as plain data (the meta timestamps left out)."""
    data = workbook(app_server, key).model_dump(mode="json")
    data["meta"] = {k: v for k, v in data["meta"].items() if k not in ("created", "updated")}
    return data


def flatten(data: Any, prefix: tuple[str, ...] = ()) -> dict[tuple[str, ...], Any]:
    """Nested answers as {path: leaf value} (lists are leaves), for comparing one answer at a time."""
    if isinstance(data, dict) and data:
        out: dict[tuple[str, ...], Any] = {}
        for k, v in data.items():
            out.update(flatten(v, (*prefix, str(k))))
        return out
    return {prefix: data}


def changed_paths(before: dict[str, Any], after: dict[str, Any]) -> dict[tuple[str, ...], tuple[Any, Any]]:
    """Which answers differ between two `answers()` snapshots: {path: (before, after)}."""
    a, b = flatten(before), flatten(after)
    empty = (None, "", [], {})
    return {
        p: (a.get(p), b.get(p))
        for p in set(a) | set(b)
        if a.get(p) != b.get(p) and not (a.get(p) in empty and b.get(p) in empty)
    }


def seed(app_server: Any, key: str, change: Callable[[Workbook], None]) -> StoredWorkbook:
    """Write answers directly (test set-up only: e.g. a fully answered Exercise 1 to start from)."""
    return store_for(app_server).modify(key, change)


def wait_for_db(app_server: Any, key: str, path: Sequence[str], expected: Any, timeout: float = 10.0) -> Any:
    """Poll the database until the answer at `path` equals `expected`; fail with what it holds."""
    deadline = time.monotonic() + timeout
    value = db_value(app_server, key, path)
    while value != expected and time.monotonic() < deadline:
        time.sleep(0.1)
        value = db_value(app_server, key, path)
    assert value == expected, f"database holds {value!r} at {'.'.join(path)}, expected {expected!r}"
    return value
