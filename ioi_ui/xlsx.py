"""A one-sheet Excel file from rows, using the same text-never-formula writer as the workbook export."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook as XlsxBook

from ioi_core.formats.workbook_xlsx import _sheet


def rows_to_xlsx(title: str, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    book = XlsxBook()
    book.remove(book.active)
    widths = [70 if h == "Indicator" else 80 if h == "Answer" else 28 for h in headers]
    _sheet(book, title, headers, rows, widths)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
