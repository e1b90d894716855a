"""Capacity: one app server with a whole workshop's browser sessions at once, as ratios in one run.

Run: python -m benchmarks.sessions_load [--sessions 60] [--seconds 20] [--think 2.0]

One real server (`streamlit run` on loopback, SQLite) and one fully answered workbook per person.
Each session is a websocket client, as a browser tab is, on one of the exercise pages; it reruns the
page after a pause drawn around `--think` seconds, as a person clicking and typing does. Measured
for 1 session and then for N at once: reruns served per second, the median and p95 wait per rerun
(request to end of run), and the server's CPU use as a share of one core (Python runs one script at
a time per process, so one core is what a server has).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.page_reruns import CpuCounter, RerunClient, full_workbooks, warm

# The pages a workshop works on; session i views PAGES[i % len(PAGES)].
PAGES = ["exercise1", "exercise2", "theory_of_change", "stakeholders", "evaluation", "indicator_bank"]


@dataclass
class Load:
    sessions: int
    reruns_per_s: float
    median_ms: float
    p95_ms: float
    cpu_share: float  # of one core
    failed: int


def run(server_url: str, cpu: CpuCounter, keys: list[str], seconds: float, think: float) -> Load:
    """Every session reruns its page after think-time pauses for `seconds`; waits are collected."""
    waits: list[float] = []
    failures: list[BaseException] = []
    lock = threading.Lock()
    connected = threading.Barrier(len(keys) + 1)
    stop = threading.Event()

    def person(index: int, key: str) -> None:
        rng = random.Random(index)
        client = None
        try:
            client = RerunClient(server_url, f"wb={key}", PAGES[index % len(PAGES)])
            warm(client)  # the page is open (and its first-visit reruns are over) before the clock starts
        except Exception as exc:  # noqa: BLE001 - a session that cannot open is reported, not fatal
            with lock:
                failures.append(exc)
        connected.wait()
        try:
            time.sleep(rng.uniform(0, think))  # people do not all click in the same instant
            while client is not None and not stop.is_set():
                wait, _ = client.rerun()
                with lock:
                    waits.append(wait)
                stop.wait(rng.uniform(0.5 * think, 1.5 * think))
        except Exception as exc:  # noqa: BLE001
            with lock:
                failures.append(exc)
        finally:
            if client is not None:
                client.close()

    threads = [threading.Thread(target=person, args=(i, key)) for i, key in enumerate(keys)]
    for thread in threads:
        thread.start()
    connected.wait()
    before, start = cpu.seconds(), time.perf_counter()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join(timeout=120)
    elapsed, used = time.perf_counter() - start, cpu.seconds() - before
    ordered = sorted(waits) or [0.0]
    return Load(
        sessions=len(keys),
        reruns_per_s=len(waits) / elapsed,
        median_ms=statistics.median(ordered) * 1000,
        p95_ms=ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * 1000,
        cpu_share=used / elapsed,
        failed=len(failures),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=60)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--think", type=float, default=2.0, help="mean pause between a person's reruns")
    args = parser.parse_args()

    from tests.browser.conftest import start_server

    tmp = Path(tempfile.mkdtemp())
    database_url, keys = full_workbooks(tmp, args.sessions)
    process, server = start_server(database_url, tmp / "app.log")
    cpu = CpuCounter(process.pid)
    try:
        print(
            f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
            f"one server; think time ~{args.think:g} s; {args.seconds:g} s per load; CPU from {cpu.source}"
        )
        results = [run(server.url, cpu, keys[:1], args.seconds, args.think)]
        results.append(run(server.url, cpu, keys, args.seconds, args.think))
        for load in results:
            print(
                f"{load.sessions:3d} session(s): {load.reruns_per_s:6.1f} reruns/s, wait median "
                f"{load.median_ms:6.1f} ms, p95 {load.p95_ms:6.1f} ms, server CPU {load.cpu_share:4.0%} "
                f"of a core, {load.failed} failed"
            )
        one, many = results
        print(
            f"ratio {many.sessions}/1: reruns/s x{many.reruns_per_s / one.reruns_per_s:.1f}, "
            f"p95 wait x{many.p95_ms / one.p95_ms:.1f}, CPU x{many.cpu_share / one.cpu_share:.1f}"
        )
    finally:
        process.terminate()
        process.wait(timeout=10)
        cpu.close()


if __name__ == "__main__":
    main()
