"""Benchmark: search over a bank of 5,000 generated indicators vs the shipped bank, as ratios in one run.

Run: python -m benchmarks.bank_search
"""

from __future__ import annotations

import random
import statistics
import time

from ioi_core.bank_search import BankIndex, Filters
from ioi_core.content import load_content
from ioi_core.content_models import Indicator, Provenance

WORDS = "people neighbours language classes work housing safety friends digital skills health school trust volunteering".split()


def generated(n: int) -> list[Indicator]:
    rng = random.Random(7)
    return [
        Indicator(
            id=f"gen-{i}",
            domain=rng.randint(1, 14),
            text="% of " + " ".join(rng.choice(WORDS) for _ in range(8)),
            provenance=Provenance.IMPORTED,
            source="benchmark",
        )
        for i in range(n)
    ]


def timed(index: BankIndex, runs: int = 30) -> float:
    queries = ["neighbours", "language classes", "trust", "", "digital skills school"]
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        for q in queries:
            index.search(q, Filters())
        samples.append((time.perf_counter() - start) / len(queries))
    return statistics.median(samples)


def main() -> None:
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


if __name__ == "__main__":
    main()
