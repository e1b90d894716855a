"""Capacity: one app server with a whole workshop's browser sessions at once, as ratios in one run.

Run: python -m benchmarks.sessions_load [--sessions 60] [--seconds 20] [--think 2.0] [--poll 3]

One real server (`streamlit run` on loopback, SQLite) and one fully answered workbook per person,
each a participant of one live workshop (with a step and a countdown set, so the banner draws it).
Each session is a websocket client, as a browser tab is, on one of the exercise pages; it reruns the
page after a pause drawn around `--think` seconds, as a person clicking and typing does, and — as
the browser does with pushed updates on — reruns the page's live fragments (the workshop banner)
every `--poll` seconds (0: off). Measured for 1 session and then for N at once: reruns served per
second, the median and p95 wait per page rerun (request to end of run) and per fragment poll, and
the server's CPU use as a share of one core (Python runs one script at a time per process, so one
core is what a server has).
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

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from benchmarks.page_reruns import CpuCounter, RerunClient, warm

# The pages a workshop works on; session i views PAGES[i % len(PAGES)].
PAGES = ["exercise1", "exercise2", "theory_of_change", "stakeholders", "evaluation", "indicator_bank"]


class LiveClient(RerunClient):
    """A tab with pushed updates on: remembers the fragments the server asked to rerun on a timer
    (`auto_rerun`), and reruns them as the browser does."""

    def __init__(self, *args: object) -> None:
        super().__init__(*args)  # type: ignore[arg-type]
        self.fragments: set[str] = set()

    def _until_finished(self, message: BackMsg) -> float:
        start = time.perf_counter()
        self.ws.send(message.SerializeToString())
        while True:
            reply = ForwardMsg()
            reply.ParseFromString(self.ws.recv(timeout=60))
            kind = reply.WhichOneof("type")
            if kind == "auto_rerun":
                self.fragments.add(reply.auto_rerun.fragment_id)
            if kind == "script_finished":
                return time.perf_counter() - start

    def rerun(self) -> tuple[float, int]:
        message = BackMsg()
        message.rerun_script.query_string = self.query_string
        message.rerun_script.page_name = self.page_name
        return self._until_finished(message), 0

    def poll(self) -> list[float]:
        """Every timed fragment once, as the browser's timers fire: seconds per fragment run."""
        waits = []
        for fragment in sorted(self.fragments):
            message = BackMsg()
            message.rerun_script.query_string = self.query_string
            message.rerun_script.page_name = self.page_name
            message.rerun_script.fragment_id = fragment
            message.rerun_script.is_auto_rerun = True
            waits.append(self._until_finished(message))
        return waits


def workshop_workbooks(folder: Path, count: int) -> tuple[str, list[str]]:
    """A private SQLite database (also IOI_DATABASE_URL) with one live workshop (a step with a
    countdown set) and `count` fully answered participant workbooks in it; their keys."""
    from ioi_core.db import make_engine
    from ioi_core.migrate import upgrade
    from ioi_core.sample_workbook import full_workbook
    from ioi_core.store import WorkbookStore
    from ioi_core.workshops import WorkshopStore

    database_url = f"sqlite:///{folder / 'bench.db'}"
    os.environ["IOI_DATABASE_URL"] = database_url
    engine = make_engine(database_url)
    upgrade(engine)
    store = WorkbookStore(engine)
    workshops = WorkshopStore(store)
    workshop, trainer_key = workshops.create("Load", ["exercise1", "exercise2", "theory_of_change", "stakeholders"])
    workshops.set_step(trainer_key, "exercise2_part1", 60)
    keys = []
    for i in range(count):
        workbook = full_workbook()
        workbook.meta.workshop_code, workbook.meta.participant_name = workshop.code, f"P{i}"
        keys.append(store.create(workbook, workshop_id=workshop.id)[0])
    return database_url, keys


@dataclass
class Load:
    sessions: int
    reruns_per_s: float
    median_ms: float
    p95_ms: float
    cpu_share: float  # of one core
    failed: int
    polls_per_s: float = 0.0
    poll_p95_ms: float = 0.0


def run(
    server_url: str, cpu: CpuCounter, keys: list[str], seconds: float, think: float, poll: float = 0.0
) -> Load:
    """Every session reruns its page after think-time pauses for `seconds` and, with `poll`, its live
    fragments every `poll` seconds; waits are collected."""
    waits: list[float] = []
    poll_waits: list[float] = []
    failures: list[BaseException] = []
    lock = threading.Lock()
    connected = threading.Barrier(len(keys) + 1)
    stop = threading.Event()

    def person(index: int, key: str) -> None:
        rng = random.Random(index)
        client = None
        try:
            client = LiveClient(server_url, f"wb={key}", PAGES[index % len(PAGES)])
            warm(client)  # the page is open (and its first-visit reruns are over) before the clock starts
        except Exception as exc:  # noqa: BLE001 - a session that cannot open is reported, not fatal
            with lock:
                failures.append(exc)
        connected.wait()
        try:
            now = time.monotonic()
            next_click = now + rng.uniform(0, think)  # people do not all click in the same instant
            next_poll = now + rng.uniform(0, poll) if poll else float("inf")  # timers start at page load
            while client is not None and not stop.is_set():
                stop.wait(max(0.0, min(next_click, next_poll) - time.monotonic()))
                if stop.is_set():
                    break
                if next_click <= next_poll:
                    wait, _ = client.rerun()
                    with lock:
                        waits.append(wait)
                    next_click = time.monotonic() + rng.uniform(0.5 * think, 1.5 * think)
                else:
                    polled = client.poll()
                    with lock:
                        poll_waits.extend(polled)
                    next_poll += poll
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
    polled = sorted(poll_waits) or [0.0]
    return Load(
        polls_per_s=len(poll_waits) / elapsed,
        poll_p95_ms=polled[min(len(polled) - 1, int(len(polled) * 0.95))] * 1000,
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
    parser.add_argument("--poll", type=float, default=3.0, help="live fragments' interval in s (0: off)")
    args = parser.parse_args()

    from tests.browser.conftest import start_server

    tmp = Path(tempfile.mkdtemp())
    database_url, keys = workshop_workbooks(tmp, args.sessions)
    process, server = start_server(database_url, tmp / "app.log")
    cpu = CpuCounter(process.pid)
    try:
        print(
            f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
            f"one server; think time ~{args.think:g} s; live fragments every {args.poll:g} s; "
            f"{args.seconds:g} s per load; CPU from {cpu.source}"
        )
        results = [run(server.url, cpu, keys[:1], args.seconds, args.think, args.poll)]
        results.append(run(server.url, cpu, keys, args.seconds, args.think, args.poll))
        for load in results:
            print(
                f"{load.sessions:3d} session(s): {load.reruns_per_s:6.1f} reruns/s, wait median "
                f"{load.median_ms:6.1f} ms, p95 {load.p95_ms:6.1f} ms; {load.polls_per_s:6.1f} fragment polls/s, "
                f"p95 {load.poll_p95_ms:6.1f} ms; server CPU {load.cpu_share:4.0%} of a core, {load.failed} failed"
            )
        one, many = results
        print(
            f"ratio {many.sessions}/1: reruns/s x{many.reruns_per_s / one.reruns_per_s:.1f}, "
            f"p95 wait x{many.p95_ms / one.p95_ms:.1f}, CPU x{many.cpu_share / one.cpu_share:.1f}"
            + (f", poll p95 x{many.poll_p95_ms / one.poll_p95_ms:.1f}" if one.poll_p95_ms else "")
        )
    finally:
        process.terminate()
        process.wait(timeout=10)
        cpu.close()


if __name__ == "__main__":
    main()
