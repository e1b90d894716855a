"""What synchronous=FULL costs on SQLite against NORMAL, in one run: saves per second and p95 save.

FULL (the app's setting) syncs the write-ahead log at every commit, so a save the app confirmed
survives an operating-system crash or power cut; NORMAL syncs only at checkpoints and may lose the
last few confirmed saves then. Both run the same workload (`benchmarks.workshop_load.run`: 1, then N
participants saving at once) on fresh files, alternating, and the ratios FULL/NORMAL are printed.
Run: python -m benchmarks.sqlite_durability [--participants 60] [--saves 10] [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from sqlalchemy import event

from benchmarks.workshop_load import run
from ioi_core.store.db import make_engine
from ioi_core.store.migrate import upgrade
from ioi_core.store.workbooks import WorkbookStore


def store_with(synchronous: str, folder: Path) -> WorkbookStore:
    engine = make_engine(f"sqlite:///{folder / f'{synchronous.lower()}.db'}")

    @event.listens_for(engine, "connect")
    def _set(dbapi_connection, _record):  # type: ignore[no-untyped-def]  # after the app's own PRAGMAs
        dbapi_connection.execute(f"PRAGMA synchronous={synchronous}")

    upgrade(engine)
    return WorkbookStore(engine)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=60)
    parser.add_argument("--saves", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    results: dict[str, list[tuple[float, float, float, float]]] = {"NORMAL": [], "FULL": []}
    for _ in range(args.rounds):
        for mode in results:  # alternating, so a noisy moment hits both
            store = store_with(mode, Path(tempfile.mkdtemp()))
            one = run(store, 1, args.saves)
            many = run(store, args.participants, args.saves)
            assert one[2] == many[2] == 0, "a save was lost"
            results[mode].append((one[0], one[1], many[0], many[1]))
    median = {
        mode: [statistics.median(r[i] for r in rows) for i in range(4)] for mode, rows in results.items()
    }
    for mode, (rate1, p95_1, rate_n, p95_n) in median.items():
        print(
            f"{mode:6}: 1 participant {rate1:6.0f} saves/s (p95 {p95_1:5.1f} ms); "
            f"{args.participants} at once {rate_n:6.0f} saves/s (p95 {p95_n:6.1f} ms); 0 lost"
        )
    full, normal = median["FULL"], median["NORMAL"]
    print(
        f"FULL / NORMAL: throughput x{full[0] / normal[0]:.2f} (1), x{full[2] / normal[2]:.2f} "
        f"({args.participants}); p95 save x{full[1] / normal[1]:.2f} (1), x{full[3] / normal[3]:.2f} "
        f"({args.participants})  [medians of {args.rounds} alternating rounds]"
    )


if __name__ == "__main__":
    main()
