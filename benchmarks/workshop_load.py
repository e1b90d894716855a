"""Load: 1 vs 60 workshop participants saving answers at once on one store, as ratios in one run.

Bounded: a fixed number of saves per participant, a time limit, loopback/local database only.
Run: python -m benchmarks.workshop_load [--participants 60] [--saves 10] [--url sqlite:///...]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
from pathlib import Path

from ioi_core.store.db import make_engine
from ioi_core.store.edits import set_answer
from ioi_core.store.migrate import upgrade
from ioi_core.store.workbooks import WorkbookStore
from ioi_core.store.workshops import WorkshopStore

TIME_LIMIT_S = 120


def run(store: WorkbookStore, participants: int, saves: int) -> tuple[float, float, int]:
    """Returns saves per second, p95 save latency in ms, and how many saves were lost."""
    workshops = WorkshopStore(store)
    workshop, _ = workshops.create(f"Load {participants}")
    keys = [workshops.join(workshop.code, f"P{i}")[0] for i in range(participants)]
    latencies: list[float] = []
    lock = threading.Lock()
    deadline = time.monotonic() + TIME_LIMIT_S

    def participant(key: str) -> None:
        seen = ""
        for n in range(saves):
            if time.monotonic() > deadline:
                return
            text = f"answer {n}"
            start = time.perf_counter()
            set_answer(store, key, ("exercise2", "part1", "problem"), text, seen)
            elapsed = time.perf_counter() - start
            seen = text
            with lock:
                latencies.append(elapsed)

    threads = [threading.Thread(target=participant, args=(k,)) for k in keys]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    final = {p.workbook.exercise2.part1.problem for p in workshops.participants(workshop.id)}
    lost = sum(1 for answer in final if answer != f"answer {saves - 1}")
    p95 = statistics.quantiles(latencies, n=20)[-1] * 1000 if len(latencies) >= 20 else max(latencies) * 1000
    return len(latencies) / wall, p95, lost


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=60)
    parser.add_argument("--saves", type=int, default=10)
    parser.add_argument("--url", default=None, help="SQLAlchemy URL (default: a temporary SQLite file)")
    args = parser.parse_args()
    url = args.url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'load.db'}"
    engine = make_engine(url)
    upgrade(engine)
    store = WorkbookStore(engine)
    one = run(store, 1, args.saves)
    many = run(store, args.participants, args.saves)
    print(f"database: {engine.url.render_as_string(hide_password=True)}")
    print(f"1 participant:   {one[0]:7.1f} saves/s, p95 save {one[1]:6.1f} ms, lost {one[2]}")
    print(
        f"{args.participants} participants: {many[0]:7.1f} saves/s, p95 save {many[1]:6.1f} ms, lost {many[2]}"
    )
    print(
        f"ratio {args.participants}/1: throughput x{many[0] / one[0]:.2f}, p95 latency x{many[1] / one[1]:.1f}"
    )


if __name__ == "__main__":
    main()
