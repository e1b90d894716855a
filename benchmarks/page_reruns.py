"""Benchmark: each page's server-side rerun with a full workbook open vs an empty script's, as ratios.

Run: python -m benchmarks.page_reruns [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
PAGES = [
    "start",
    "indicator_bank",
    "exercise1",
    "exercise2",
    "theory_of_change",
    "stakeholders",
    "barriers",
    "evaluation",
    "principles_check",
    "report",
    "framework",
    "integration_star",
    "regional_context",
    "about",
]


def median_rerun(at: AppTest, runs: int) -> float:
    at.run()  # warm caches
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        at.run()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    os.environ["IOI_DATABASE_URL"] = f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    from ioi_core.db import make_engine
    from ioi_core.migrate import upgrade
    from ioi_core.store import WorkbookStore
    from tests.browser.test_accessibility import full_workbook

    engine = make_engine()
    upgrade(engine)
    key, _ = WorkbookStore(engine).create(full_workbook())

    empty = median_rerun(AppTest.from_string("import streamlit as st\nst.write('hello')"), args.runs)
    print(f"empty script: {empty * 1000:.1f} ms per rerun")
    for page in PAGES:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.query_params["wb"] = key
        at.run()
        at.switch_page(f"pages/{page}.py")
        t = median_rerun(at, args.runs)
        print(f"{page:18s} {t * 1000:7.1f} ms  x{t / empty:5.1f}")


if __name__ == "__main__":
    main()
