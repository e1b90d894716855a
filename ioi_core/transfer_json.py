"""Workbook JSON: a complete, versioned export for backup and transfer, and a guarded import.

Import refuses, with a specific message, anything that is not a workbook this version understands:
too large, not UTF-8, not JSON, too deeply nested, the wrong shape, or from a newer schema.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from ioi_core.workbook import SCHEMA_VERSION, Workbook

FORMAT = "ioi-workbook"
APP_VERSION = "0.1.0"
MAX_BYTES = 2_000_000
MAX_DEPTH = 20

# schema_version -> function upgrading a v(N) workbook dict to v(N+1); add one per schema change.
UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


class ImportRefused(Exception):
    """The file cannot become a workbook; the message says why in plain words."""


def export_json(workbook: Workbook) -> bytes:
    document = {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "app_version": APP_VERSION,
        "exported_at": datetime.now(UTC).isoformat(),
        "workbook": workbook.model_dump(mode="json"),
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def _depth(value: Any, limit: int) -> int:
    stack = [(value, 1)]
    deepest = 0
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > limit:
            return deepest
        if isinstance(node, dict):
            stack.extend((v, depth + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node)
    return deepest


def _field(loc: tuple[Any, ...]) -> str:
    return ".".join(str(p) for p in loc) or "(top level)"


def import_json(data: bytes) -> Workbook:
    """A validated Workbook from exported JSON bytes, upgraded from older schema versions."""
    if len(data) > MAX_BYTES:
        raise ImportRefused(
            f"The file is {len(data) // 1000} kB; the limit for a workbook is {MAX_BYTES // 1_000_000} MB."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRefused(f"The file is not UTF-8 text (bad byte at position {exc.start}).") from exc
    try:
        document = json.loads(text)
    except RecursionError as exc:
        raise ImportRefused("The file is nested too deeply to be a workbook.") from exc
    except json.JSONDecodeError as exc:
        raise ImportRefused(
            f"The file is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})."
        ) from exc
    if _depth(document, MAX_DEPTH) > MAX_DEPTH:
        raise ImportRefused("The file is nested too deeply to be a workbook.")
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ImportRefused(
            "This JSON file is not an IOI Workbook export (its 'format' is not 'ioi-workbook')."
        )
    version = document.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ImportRefused("The file has no valid 'schema_version'.")
    if version > SCHEMA_VERSION:
        raise ImportRefused(
            f"The file was made by a newer version of IOI Workbook (schema {version}; this one reads up to "
            f"{SCHEMA_VERSION}). Update the app, then import it."
        )
    body = document.get("workbook")
    if not isinstance(body, dict):
        raise ImportRefused("The file has no 'workbook' section.")
    for step in range(version, SCHEMA_VERSION):
        body = UPGRADES[step](body)
    body = {**body, "schema_version": SCHEMA_VERSION}
    try:
        return Workbook.model_validate(body)
    except ValidationError as exc:
        problems = "; ".join(f"{_field(e['loc'])}: {e['msg']}" for e in exc.errors()[:5])
        more = f" (and {exc.error_count() - 5} more)" if exc.error_count() > 5 else ""
        raise ImportRefused(f"The workbook in the file is not valid: {problems}{more}.") from exc
