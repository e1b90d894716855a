"""An indicator bank file shaped like the IOM toolkit's spreadsheet, for import tests."""

from __future__ import annotations

import io

from openpyxl import Workbook as XlsxBook

HEADERS = ["Domain", "Indicator type", "Indicator", "Data source", "Link"]
ROWS = [
    [
        "7.1 Work",
        "Official Statistics",
        "% of working-age adults in employment",
        "Labour Force Survey",
        "https://example.org/lfs",
    ],
    [
        "Social Bridges",
        "National Survey",
        "% who mix socially with people from different backgrounds",
        "Community Life Survey",
        "",
    ],
    ["9", "No Data Located", "% of adults with conversational English", "", ""],
    ["Health & Social Care", "Other Data", "% registered with a GP", "NHS Digital", "https://example.org/gp"],
]


def toolkit_xlsx(rows=ROWS) -> bytes:
    book = XlsxBook()
    sheet = book.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
