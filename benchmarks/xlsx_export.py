"""Benchmark: the Excel export vs openpyxl writing the very same cells raw, as ratios in one run.

Run: python -m benchmarks.xlsx_export [--runs 20]

"Raw" reads back every sheet the export wrote and times openpyxl writing those values with nothing
else: no styles, no widths, no formula guard. The ratio is what the export's care costs. A second
workbook with 1,000 readings per outcome shows how the export grows with the data.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from collections.abc import Callable

from openpyxl import Workbook as Spreadsheet
from openpyxl import load_workbook

from ioi_core.checks.content_pack import get_content
from ioi_core.formats.workbook_xlsx import export_xlsx
from ioi_core.model.workbook import Reading, Workbook
from tests.fixtures.sample_workbook import full_workbook


def median_seconds(task: Callable[[], object], runs: int) -> float:
    task()  # warm
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        task()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def cells_of(data: bytes) -> dict[str, list[tuple[object, ...]]]:
    """Every sheet's values, as the export wrote them."""
    book = load_workbook(io.BytesIO(data))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def write_raw(cells: dict[str, list[tuple[object, ...]]]) -> bytes:
    book = Spreadsheet()
    book.remove(book.active)
    for title, rows in cells.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def big_workbook() -> Workbook:
    workbook = full_workbook("Many readings")
    for row in workbook.evaluation:
        row.readings = [
            Reading(group=f"Group {g}", when=f"Week {w}", value=float(g * w))
            for g in range(10)
            for w in range(100)
        ]
    return workbook


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    pack = get_content()
    for name, workbook in (("full workbook", full_workbook()), ("3,000 readings", big_workbook())):
        exported = export_xlsx(pack, workbook)
        cells = cells_of(exported)
        count = sum(len(row) for rows in cells.values() for row in rows)
        ours = median_seconds(lambda workbook=workbook: export_xlsx(pack, workbook), args.runs)
        raw = median_seconds(lambda cells=cells: write_raw(cells), args.runs)
        print(
            f"{name:15s} {len(cells)} sheets, {count:,} cells: export {ours * 1000:6.1f} ms, "
            f"raw openpyxl {raw * 1000:6.1f} ms, x{ours / raw:.2f}"
        )


if __name__ == "__main__":
    main()
