"""Benchmark: each page's rerun with a full workbook open vs an empty Streamlit script's, as ratios.

Run: python -m benchmarks.page_reruns [--runs 80] [--pages PAGE ...] [--profile PAGE]

Two real servers (`streamlit run` on loopback, as a user gets them) are measured in one run: the app,
with a fully answered workbook in a private SQLite database, and a one-line script. A websocket client
asks each page to rerun, as the browser does, and waits for the run to finish. Per rerun it reports:
- server CPU: the server process's CPU time — what limits how many people one server holds. Read in
  nanoseconds from a cgroup of its own where the machine allows, else from /proc in clock ticks;
- wait: from the rerun request to "script finished", each after a short pause as a person's clicks
  come — what a person waits for before the browser draws.
The page and the empty script rerun in alternating blocks of ten; the CPU ratio is the median of the
blocks' ratios, with their range, so the machine's changing speed and a burst of noise in one block
move it little. `--profile PAGE` instead samples the app server with py-spy while that page reruns
and prints where its busy time goes (pip install -r benchmarks/requirements.txt).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import socket
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import ClientConnection, connect

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
    "trainer",
    "framework",
    "integration_star",
    "regional_context",
    "about",
]
TARGET = 5.0
WAIT_SAMPLES, PAUSE_S = 15, 0.1  # reruns timed for the wait, each after a pause
IDLE_FRAMES = ("Condition.wait ", "EpollSelector.select ", "select ", "Queue.get ")
EMPTY_SCRIPT = "import streamlit as st\n\nst.write('hello')\n"


class CpuCounter:
    """CPU seconds one server process has used so far, as precisely as the machine allows.

    /proc/<pid>/stat counts in clock ticks (10 ms), which is coarse beside an empty script's ~2 ms
    rerun, so where cgroup v1 cpuacct is writable the server gets its own group and is read in ns.
    """

    CGROUP_ROOT = Path("/sys/fs/cgroup/cpuacct")

    def __init__(self, pid: int) -> None:
        self.pid, self.group = pid, None
        group = self.CGROUP_ROOT / f"ioi-bench-{pid}"
        try:
            group.mkdir()
            (group / "cgroup.procs").write_text(str(pid))
            self.group = group
        except OSError:
            if group.exists():
                group.rmdir()

    @property
    def source(self) -> str:
        return "cgroup cpuacct (ns)" if self.group else "/proc/<pid>/stat (clock ticks)"

    def seconds(self) -> float:
        if self.group:
            return int((self.group / "cpuacct.usage").read_text()) / 1e9
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def close(self) -> None:
        """Remove the group once its process has exited."""
        if self.group:
            self.group.rmdir()


class RerunClient:
    """Speaks Streamlit's websocket protocol just enough to ask for reruns of one page."""

    def __init__(self, base_url: str, query_string: str, page_name: str) -> None:
        self._stack = contextlib.ExitStack()
        self.ws: ClientConnection = self._stack.enter_context(
            connect(
                base_url.replace("http", "ws", 1) + "/_stcore/stream",
                subprotocols=["streamlit"],
                max_size=None,
            )
        )
        self.ws.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.query_string, self.page_name = query_string, page_name

    def rerun(self) -> tuple[float, int]:
        """Seconds until the run finished, and how many elements (deltas) it sent."""
        message = BackMsg()
        message.rerun_script.query_string = self.query_string
        message.rerun_script.page_name = self.page_name
        start = time.perf_counter()
        self.ws.send(message.SerializeToString())
        deltas = 0
        while True:
            reply = ForwardMsg()
            reply.ParseFromString(self.ws.recv(timeout=60))
            kind = reply.WhichOneof("type")
            deltas += kind == "delta"
            if kind == "script_finished":
                return time.perf_counter() - start, deltas

    def close(self) -> None:
        self._stack.close()


def warm(client: RerunClient) -> None:
    """Run the page until caches are built, then let any run still under way finish unread.

    A session's first visit reruns itself once (the app settles the page address), so until the
    leftovers are read, each "script finished" read would belong to the run before.
    """
    for _ in range(5):
        client.rerun()
    time.sleep(0.5)
    try:
        while True:
            client.ws.recv(timeout=0.2)
    except TimeoutError:
        pass


@dataclass
class Figures:
    """One side of a comparison: median wall seconds and median server CPU seconds per rerun."""

    wall: float
    cpu: float
    elements: int


@dataclass
class Comparison:
    page: Figures
    empty: Figures
    cpu_ratios: list[float]  # one per pair of neighbouring blocks

    @property
    def cpu_ratio(self) -> float:
        """The median of the blocks' ratios: a burst of noise in one block does not move it."""
        return statistics.median(self.cpu_ratios)


def measure_beside(
    page: RerunClient,
    page_cpu: CpuCounter,
    empty: RerunClient,
    empty_cpu: CpuCounter,
    runs: int,
    block: int = 10,
) -> Comparison:
    """Rerun the page and the empty script in alternating blocks, so both share the machine's mood.

    CPU is measured with reruns back to back. The wait is measured apart, each rerun after a pause as
    a person's next click comes: a rerun asked for while the last run's thread is still winding down
    waits ~40 ms for it, which says nothing about the page.
    """
    warm(page)
    warm(empty)
    sides = [(page, page_cpu, [], []), (empty, empty_cpu, [], [])]
    for _ in range(0, runs, block):
        for client, counter, samples, block_cpu in sides:
            before = counter.seconds()
            samples.extend(client.rerun() for _ in range(block))
            block_cpu.append((counter.seconds() - before) / block)
    for _ in range(WAIT_SAMPLES):
        for client, _, samples, _ in sides:
            time.sleep(PAUSE_S)
            samples.append(client.rerun())
    page_figures, empty_figures = (
        Figures(
            statistics.median(s[0] for s in samples[-WAIT_SAMPLES:]), statistics.median(cpu), samples[-1][1]
        )
        for _, _, samples, cpu in sides
    )
    ratios = [mine / base for mine, base in zip(sides[0][3], sides[1][3], strict=True)]
    return Comparison(page_figures, empty_figures, ratios)


def profile(server_url: str, pid: int, query_string: str, page: str, seconds: float) -> None:
    """Sample the live server with py-spy while one page reruns, and print where its time goes."""
    from collections import Counter

    out = Path(os.environ.get("IOI_PROFILE_OUT") or Path(tempfile.mkdtemp()) / "profile.txt")
    client = RerunClient(server_url, query_string, page)
    warm(client)
    spy = subprocess.Popen(
        [
            "py-spy",
            "record",
            "-p",
            str(pid),
            "-o",
            str(out),
            "-f",
            "raw",
            "--nonblocking",
            "-r",
            "1000",
            "-d",
            str(seconds),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(0.5)  # let py-spy attach
    reruns, deadline = 0, time.monotonic() + seconds - 1
    while time.monotonic() < deadline:
        client.rerun()
        reruns += 1
    spy.wait()
    client.close()
    inclusive: Counter[str] = Counter()
    total = 0
    for line in out.read_text().splitlines():
        stack, count = line.rsplit(" ", 1)
        frames = stack.split(";")
        if frames[-1].startswith(IDLE_FRAMES):
            continue  # a thread waiting for work is not using the CPU
        total += int(count)
        for frame in {f.split(" (")[0] + " " + f.rsplit("/", 1)[-1].split(":")[0] for f in frames}:
            inclusive[frame] += int(count)
    print(f"{reruns} reruns of {page!r}; share of busy samples per function (inclusive), top 60:")
    for frame, count in inclusive.most_common(60):
        print(f"{count / total * 100:5.1f}%  {frame}")


def full_workbooks(folder: Path, count: int) -> tuple[str, list[str]]:
    """A private SQLite database (also set as IOI_DATABASE_URL) holding `count` fully answered
    workbooks; returns its URL and their keys."""
    from ioi_core.store.db import make_engine
    from ioi_core.store.migrate import upgrade
    from ioi_core.store.workbooks import WorkbookStore
    from tests.fixtures.sample_workbook import full_workbook

    database_url = f"sqlite:///{folder / 'bench.db'}"
    os.environ["IOI_DATABASE_URL"] = database_url
    engine = make_engine(database_url)
    upgrade(engine)
    store = WorkbookStore(engine)
    return database_url, [store.create(full_workbook())[0] for _ in range(count)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=80)
    parser.add_argument("--profile", metavar="PAGE", help="profile one page with py-spy instead")
    parser.add_argument("--pages", nargs="+", choices=PAGES, default=PAGES, help="measure only these")
    args = parser.parse_args()

    from tests.browser.servers import start_server

    tmp = Path(tempfile.mkdtemp())
    database_url, [key] = full_workbooks(tmp, 1)
    empty_script = tmp / "empty_app.py"
    empty_script.write_text(EMPTY_SCRIPT)
    servers = [
        start_server(database_url, tmp / "app.log"),
        start_server(database_url, tmp / "empty.log", script=str(empty_script)),
    ]
    (app, app_server), (empty, empty_server) = servers
    counters = [CpuCounter(app.pid), CpuCounter(empty.pid)]
    app_cpu, empty_cpu = counters
    try:
        if args.profile:
            profile(app_server.url, app.pid, f"wb={key}", args.profile, seconds=8)
            return
        print(
            f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
            f"{args.runs} reruns per page, alternating with the empty script in blocks of 10 "
            "(ratio = median over the blocks); "
            f"CPU from {app_cpu.source}"
        )
        over = []
        empty_client = RerunClient(empty_server.url, "", "")
        for page in args.pages:
            page_client = RerunClient(app_server.url, f"wb={key}", page)
            result = measure_beside(page_client, app_cpu, empty_client, empty_cpu, args.runs)
            page_client.close()
            mine, base = result.page, result.empty
            if result.cpu_ratio > TARGET:
                over.append(page)
            print(
                f"{page:18s} cpu {mine.cpu * 1000:5.2f} ms vs {base.cpu * 1000:4.2f} ms "
                f"x{result.cpu_ratio:4.1f} (blocks x{min(result.cpu_ratios):.1f}-x{max(result.cpu_ratios):.1f})   "
                f"wait {mine.wall * 1000:5.1f} ms vs {base.wall * 1000:4.1f} ms x{mine.wall / base.wall:4.1f}   "
                f"{mine.elements} elements"
            )
        empty_client.close()
        print(
            f"target x{TARGET:g} (server CPU): "
            + ("every page within it" if not over else "over: " + ", ".join(over))
        )
    finally:
        for process, _ in servers:
            process.terminate()
            process.wait(timeout=10)
        for counter in counters:
            counter.close()


if __name__ == "__main__":
    main()
