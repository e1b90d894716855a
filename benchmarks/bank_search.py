"""Benchmark: the indicator bank with large imported banks vs the shipped one, as ratios in one run.

Run: python -m benchmarks.bank_search [--sizes 20000 120000] [--reruns 15]

1. Search alone: a bank of 5,000 generated indicators vs the shipped bank (median per search).
2. The bank page's work, through the real page (Streamlit's AppTest, no workbook open): the shipped
   (starter) bank alone vs the same with each of `--sizes` indicators imported for the installation,
   each in its own SQLite database. Per size:
   - first view: the first rerun after the shared bank changed (it is read and indexed once);
   - rerun: the page rerun again as it is (what every click on the page costs every user);
   - new search: a rerun with a search word not searched before.
   The ratios are to the starter bank's figures measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from ioi_core.content.bank_search import BankIndex, Filters
from ioi_core.content.models import Indicator, Provenance
from ioi_core.content.pack import load_content

ROOT = Path(__file__).resolve().parents[1]
WORDS = "people neighbours language classes work housing safety friends digital skills health school trust volunteering".split()
SEARCHES = ["neighbours", "language classes", "trust school", "digital", "housing safety", "friends"]


def generated(n: int) -> list[Indicator]:
    rng = random.Random(7)
    return [
        Indicator(
            id=f"gen-{i}",
            domain=rng.randint(1, 14),
            text="% of " + " ".join(rng.choice(WORDS) for _ in range(8)) + f" {i}",
            provenance=Provenance.IMPORTED,
            source="benchmark",
        )
        for i in range(n)
    ]


def timed(index: BankIndex, runs: int = 30) -> float:
    """Median time of one fresh search (the index's kept results are cleared before each run)."""
    queries = ["neighbours", "language classes", "trust", "", "digital skills school"]
    samples = []
    for _ in range(runs):
        index._results.clear()
        start = time.perf_counter()
        for q in queries:
            index.search(q, Filters())
        samples.append((time.perf_counter() - start) / len(queries))
    return statistics.median(samples)


def search_alone() -> None:
    pack = load_content()
    small = BankIndex.build(pack)
    start = time.perf_counter()
    big = BankIndex.build(pack, generated(5000))
    build = time.perf_counter() - start
    t_small, t_big = timed(small), timed(big)
    print(f"shipped bank: {len(small.indicators)} indicators, median search {t_small * 1000:.2f} ms")
    print(
        f"large bank:   {len(big.indicators)} indicators, median search {t_big * 1000:.2f} ms (index built in {build * 1000:.0f} ms)"
    )
    print(
        f"ratio large/shipped: {t_big / t_small:.1f}x for {len(big.indicators) / len(small.indicators):.1f}x the indicators"
    )


def page_figures(size: int, folder: str, reruns: int) -> tuple[float, float, float]:
    """(first view, median rerun, median new search) in seconds, for the bank page with `size`
    installation indicators."""
    from streamlit.testing.v1 import AppTest

    from ioi_core.formats.bank_file import INSTALLATION
    from ioi_core.store.bank import BankStore
    from ioi_core.store.db import make_engine
    from ioi_core.store.migrate import upgrade

    url = f"sqlite:///{folder}/bank-{size}.db"
    engine = make_engine(url)
    upgrade(engine)
    if size:
        BankStore(engine).add(generated(size), INSTALLATION, f"benchmark-{size}.csv")
    engine.dispose()
    os.environ["IOI_DATABASE_URL"] = url
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    app.run()
    start = time.perf_counter()
    app.switch_page("pages/indicator_bank.py").run()
    first = time.perf_counter() - start
    assert not app.exception, [e.value for e in app.exception]
    samples = []
    for _ in range(reruns):
        start = time.perf_counter()
        app.run()
        samples.append(time.perf_counter() - start)
    searches = []
    for word in SEARCHES:
        app.text_input[0].input(word)
        start = time.perf_counter()
        app.run()
        searches.append(time.perf_counter() - start)
    assert not app.exception, [e.value for e in app.exception]
    return first, statistics.median(samples), statistics.median(searches)


def page_work(sizes: list[int], reruns: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        page_figures(0, folder, 2)  # warm-up: imports, the content pack, Streamlit itself
        figures = {size: page_figures(size, folder, reruns) for size in [0, *sizes]}
    base = figures[0]
    print("bank page (AppTest, no workbook open): first view / rerun / new search, median ms")
    for size, (first, rerun, search) in figures.items():
        name = "starter bank only" if size == 0 else f"+{size:,} installation"
        print(f"  {name:>22}: {first * 1000:8.1f} / {rerun * 1000:7.1f} / {search * 1000:7.1f}")
    for size in sizes:
        first, rerun, search = figures[size]
        print(
            f"ratio {size:,}/starter: first view x{first / base[0]:.2f}, rerun x{rerun / base[1]:.2f}, "
            f"new search x{search / base[2]:.2f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[20_000, 120_000])
    parser.add_argument("--reruns", type=int, default=15)
    args = parser.parse_args()
    search_alone()
    if args.sizes:
        page_work(args.sizes, args.reruns)


if __name__ == "__main__":
    main()
