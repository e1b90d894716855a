"""Download files made only when asked for (or cached by their inputs), so a rerun does not rebuild
an Excel file nobody asked for."""

from __future__ import annotations

from collections.abc import Callable

from ioi_core.formats.report_html import report_html
from ioi_core.formats.workbook_json import export_json
from ioi_core.formats.workbook_xlsx import export_xlsx
from ioi_core.model.workbook import Workbook
from ioi_core.text.csv_safety import to_safe_csv
from ioi_ui.caching import memo
from ioi_ui.resources import content
from ioi_ui.xlsx import rows_to_xlsx


def table_csv(rows: list[dict[str, str]], columns: tuple[str, ...]) -> Callable[[], bytes]:
    """The table as CSV, made only when someone clicks download (hand it to `st.download_button`)."""
    return lambda: to_safe_csv(rows, columns)


def table_xlsx(title: str, rows: list[dict[str, str]], columns: tuple[str, ...]) -> Callable[[], bytes]:
    """The table as an Excel file, made only when someone clicks download."""
    return lambda: rows_to_xlsx(title, columns, [[r[c] for c in columns] for r in rows])


@memo(50)
def _workbook_files(workbook_json: str) -> tuple[bytes, str, bytes]:
    workbook = Workbook.model_validate_json(workbook_json)
    return export_xlsx(content(), workbook), report_html(content(), workbook), export_json(workbook)


def workbook_files(workbook: Workbook) -> tuple[bytes, str, bytes]:
    """(xlsx, printable html, json) for this exact version of the workbook."""
    return _workbook_files(workbook.model_dump_json())
