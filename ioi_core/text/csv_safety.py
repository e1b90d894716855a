"""CSV that spreadsheets read as text: cells starting with = + - @ (or tab/CR) cannot run as formulas."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_safe_csv(rows: Iterable[Mapping[str, object]], columns: Sequence[str]) -> bytes:
    """UTF-8 CSV (with BOM, so Excel detects the encoding) of `columns` from `rows`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([safe_cell(row.get(c)) for c in columns])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
