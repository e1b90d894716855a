"""Workbook JSON: a complete, versioned export for backup and transfer, and a guarded import.

One envelope around a workbook, `envelope()`, in every JSON file the app writes:

    {"format": "ioi-workbook", "schema_version": 1, "app_version": "0.1.0",
     "exported_at": "2026-…+00:00", "workbook": {…the Workbook model…}}

`export_json` writes one (the download, the command line's `workbook export`, the Excel file's hidden
data sheet); `backup_json` writes a list of them, each with the stored row's `id` and `version`:

    {"format": "ioi-workbook-backup", "app_version": "0.1.0", "exported_at": "…",
     "workbooks": [{"id": "…", "version": 3, "format": "ioi-workbook", "schema_version": 1, …}, …]}

so any entry of a backup, written to a file of its own, is an export that `import_json` reads. (Backups
before this one had entries of `id`, `version` and `workbook` only.) The database stores the Workbook
model itself, without an envelope: see ioi_core/store/workbooks.py.

Import refuses, with a specific message, anything that is not a workbook this version understands:
too large (checked before the file is read), not UTF-8, not JSON, NaN or infinite numbers, the same
key twice, too deeply nested, control characters in text, the wrong shape, or from a newer schema.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import IO, Any

from pydantic import ValidationError

from ioi_core.formats.refusals import ImportRefused
from ioi_core.model.workbook import CONTROL_CHARACTERS, SCHEMA_VERSION, Workbook

FORMAT = "ioi-workbook"
BACKUP_FORMAT = "ioi-workbook-backup"
APP_VERSION = "0.1.0"
MAX_BYTES = 2_000_000
MAX_DEPTH = 20
MAX_NUMBER_CHARS = 100  # no number in a workbook needs more digits; Python refuses ints past 4,300

# schema_version -> function upgrading a v(N) workbook dict to v(N+1); add one per schema change.
UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


def envelope(workbook: Workbook, exported_at: datetime | None = None) -> dict[str, Any]:
    """The workbook in its envelope: what it is, which schema and app wrote it, and when."""
    return {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "app_version": APP_VERSION,
        "exported_at": (exported_at or datetime.now(UTC)).isoformat(),
        "workbook": workbook.model_dump(mode="json"),
    }


def _dumps(document: dict[str, Any]) -> bytes:
    # allow_nan=False changes nothing a Workbook can hold (it refuses NaN and infinities)
    return json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False).encode("utf-8")


def export_json(workbook: Workbook) -> bytes:
    return _dumps(envelope(workbook))


def backup_json(stored: Iterable[tuple[str, int, Workbook]]) -> bytes:
    """Every (id, version, workbook) given, each in the export's envelope, in one file."""
    now = datetime.now(UTC)
    entries = [
        {"id": id_, "version": version, **envelope(workbook, now)} for id_, version, workbook in stored
    ]
    return _dumps(
        {
            "format": BACKUP_FORMAT,
            "app_version": APP_VERSION,
            "exported_at": now.isoformat(),
            "workbooks": entries,
        }
    )


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


def _printable(part: Any) -> str:
    """A path part as it can be shown: control characters in a hostile key become U+XXXX."""
    return CONTROL_CHARACTERS.sub(lambda m: f"<U+{ord(m.group()):04X}>", str(part))


def _field(loc: tuple[Any, ...]) -> str:
    return ".".join(_printable(p) for p in loc if p != "[key]") or "(top level)"


def validation_problems(exc: ValidationError, limit: int = 5) -> str:
    """The first few problems of a ValidationError as `field: message; …` in plain words."""
    problems = []
    for error in exc.errors()[:limit]:
        where = _field(error["loc"])
        if error["loc"] and error["loc"][-1] == "[key]":
            where += " (the name of an entry)"
        problems.append(f"{where}: {error['msg']}")
    more = f" (and {exc.error_count() - limit} more)" if exc.error_count() > limit else ""
    return "; ".join(problems) + more


def _refuse_constant(name: str) -> Any:
    raise ImportRefused(
        f"The file holds the number {name}, which is not a number a workbook can hold "
        "(NaN and infinities are refused)."
    )


def _parse_float(text: str) -> float:
    if len(text) > MAX_NUMBER_CHARS:
        raise ImportRefused(f"The file holds a number {len(text):,} characters long; no workbook answer is.")
    value = float(text)
    if not math.isfinite(value):
        raise ImportRefused(
            f"The file holds the number {text[:40]}, too large to be held (it would be infinity)."
        )
    return value


def _parse_int(text: str) -> int:
    if len(text) > MAX_NUMBER_CHARS:
        raise ImportRefused(f"The file holds a number {len(text):,} characters long; no workbook answer is.")
    return int(text)


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    document: dict[str, Any] = {}
    for name, value in pairs:
        if name in document:
            raise ImportRefused(
                f"The file has the key '{_printable(name)[:80]}' twice in the same object, so it is "
                "not clear which value is meant."
            )
        document[name] = value
    return document


def parse_json(text: str) -> Any:
    """json.loads that refuses NaN, infinities (also 1e999), over-long numbers and duplicate keys."""
    return json.loads(
        text,
        parse_constant=_refuse_constant,
        parse_float=_parse_float,
        parse_int=_parse_int,
        object_pairs_hook=_unique_keys,
    )


def too_large(size: int, limit: int, what: str) -> ImportRefused:
    return ImportRefused(
        f"The file is {size:,} bytes; the limit for {what} is {limit / 1_000_000:g} MB ({limit:,} bytes)."
    )


def read_limited(source: IO[bytes], limit: int, what: str) -> bytes:
    """At most `limit` bytes of a file or stream: its size is checked first where it is known, and no
    more than limit + 1 bytes are ever read, so a huge upload is refused without being read whole."""
    size = None
    try:
        size = os.fstat(source.fileno()).st_size
    except (AttributeError, OSError, ValueError):
        try:
            here = source.tell()
            size = source.seek(0, os.SEEK_END) - here
            source.seek(here)
        except (AttributeError, OSError, ValueError):
            size = None
    if size is not None and size > limit:
        raise too_large(size, limit, what)
    parts, total = [], 0
    while total <= limit:  # a raw stream (a pipe) may return less than asked for: read until the end
        part = source.read(limit + 1 - total)
        if not part:
            break
        parts.append(part)
        total += len(part)
    if total > limit:
        raise too_large(total, limit, what)
    return b"".join(parts)


def import_json(data: bytes) -> Workbook:
    """A validated Workbook from exported JSON bytes, upgraded from older schema versions."""
    if len(data) > MAX_BYTES:
        raise too_large(len(data), MAX_BYTES, "a workbook")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRefused(f"The file is not UTF-8 text (bad byte at position {exc.start}).") from exc
    try:
        document = parse_json(text)
    except RecursionError as exc:
        raise ImportRefused("The file is nested too deeply to be a workbook.") from exc
    except json.JSONDecodeError as exc:
        raise ImportRefused(
            f"The file is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})."
        ) from exc
    if _depth(document, MAX_DEPTH) > MAX_DEPTH:
        raise ImportRefused("The file is nested too deeply to be a workbook.")
    return from_envelope(document)


def from_envelope(document: Any) -> Workbook:
    """The validated Workbook in a parsed envelope (see `envelope`), upgraded from older schema versions."""
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
        raise ImportRefused(f"The workbook in the file is not valid: {validation_problems(exc)}.") from exc
