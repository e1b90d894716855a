"""Capacity: a whole workshop's browser sessions at once, on one server or behind HAProxy, as ratios.

Run: python -m benchmarks.sessions_load [--sessions 60] [--seconds 20] [--think 2.0] [--poll 3]
     python -m benchmarks.sessions_load --workers 2 --sessions 60 200 [--think 5] [--url POSTGRES_URL]

One real server (`streamlit run` on loopback, SQLite) and one fully answered workbook per person,
each a participant of one live workshop (with a step and a countdown set, so the banner draws it).
Each session is a websocket client, as a browser tab is, on one of the exercise pages; it reruns the
page after a pause drawn around `--think` seconds, as a person clicking and typing does, and — as
the browser does with pushed updates on — reruns the page's live fragments (the workshop banner)
every `--poll` seconds (0: off). Measured for 1 session and then for N at once: reruns served per
second, the median and p95 wait per page rerun (request to end of run) and per fragment poll, and
the server's CPU use as a share of one core (Python runs one script at a time per process, so one
core is what a server has).

With `--workers N` the room is served as `python -m ioi_core serve --workers N` serves it: N servers
on a fresh PostgreSQL database (made on `--url`'s server, dropped afterwards) behind HAProxy with
sticky sessions, every session connecting through the balancer. Each person then *answers* instead
of only rerunning: at each pause they type a new text into one of their page's answer boxes and
leave it (the websocket message the browser sends), and the page's run saves it. Measured for 1
session and for each count in `--sessions`: the wait per answer (request to end of the run that
saved it), the live polls, failures (a session that could not connect or broke off, an error drawn,
a "Not saved" message), lost answers (at the end, every box's last text is read back from the
database and compared), and CPU: the servers and HAProxy as a share of the machine's cores, beside
PostgreSQL's and the load generator's own (which share the machine).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import statistics
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from benchmarks.page_reruns import CpuCounter, RerunClient, warm

# The pages a workshop works on; session i views PAGES[i % len(PAGES)].
PAGES = ["exercise1", "exercise2", "theory_of_change", "stakeholders", "evaluation", "indicator_bank"]
# Behind the balancer people answer: the workshop pages whose answer boxes show without a click.
ANSWER_PAGES = ["exercise1", "exercise2", "theory_of_change"]
ANSWER_MARK = "-answer:"  # Streamlit's widget id ends with the app's key, "answer:<path>"
FILLER = " because the newcomers we work with told us so at the drop-in, and the council agrees."


class LiveClient(RerunClient):
    """A tab with pushed updates on: remembers the fragments the server asked to rerun on a timer
    (`auto_rerun`), and reruns them as the browser does."""

    def __init__(self, *args: object) -> None:
        super().__init__(*args)  # type: ignore[arg-type]
        self.fragments: set[str] = set()
        self.answer_ids: dict[str, str] = {}  # "exercise1.facilitator_why" -> the text box's widget id
        self.not_saved = 0  # "Not saved" messages drawn
        self.errors = 0  # error boxes or exceptions drawn
        cookie = self.ws.response.headers.get("set-cookie", "") if self.ws.response else ""
        self.server = cookie.split(";")[0].split("=", 1)[-1] if cookie.startswith("IOI_SERVER=") else ""

    def _until_finished(self, message: BackMsg) -> float:
        start = time.perf_counter()
        self.ws.send(message.SerializeToString())
        while True:
            reply = ForwardMsg()
            reply.ParseFromString(self.ws.recv(timeout=60))
            kind = reply.WhichOneof("type")
            if kind == "auto_rerun":
                self.fragments.add(reply.auto_rerun.fragment_id)
            elif kind == "delta" and reply.delta.WhichOneof("type") == "new_element":
                self._look_at(reply.delta.new_element)
            elif kind == "script_finished":
                if reply.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # the app asked for another run (st.rerun): the person waits for that too
                return time.perf_counter() - start

    def _look_at(self, element) -> None:  # noqa: ANN001 - a protobuf Element
        kind = element.WhichOneof("type")
        if kind in ("text_area", "text_input"):
            widget_id = getattr(element, kind).id
            if ANSWER_MARK in widget_id:
                self.answer_ids[widget_id.split(ANSWER_MARK, 1)[1]] = widget_id
        elif kind == "exception":
            self.errors += 1
        elif kind == "alert" and element.alert.format == element.alert.ERROR:
            if "Not saved" in element.alert.body:
                self.not_saved += 1
            else:
                self.errors += 1

    def answer(self, path: str, text: str) -> float:
        """Type `text` into the answer box at `path` and leave it: seconds until the run that saved it ended."""
        message = BackMsg()
        message.rerun_script.query_string = self.query_string
        message.rerun_script.page_name = self.page_name
        state = message.rerun_script.widget_states.widgets.add()
        state.id, state.string_value = self.answer_ids[path], text
        return self._until_finished(message)

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


def workshop_workbooks(folder: Path, count: int, database_url: str | None = None) -> tuple[str, list[str]]:
    """A private database (SQLite in `folder` unless `database_url` is given; also set as
    IOI_DATABASE_URL) with one live workshop (a step with a countdown set) and `count` fully answered
    participant workbooks in it; their keys."""
    from ioi_core.store.db import make_engine
    from ioi_core.store.migrate import upgrade
    from ioi_core.store.workbooks import WorkbookStore
    from ioi_core.store.workshops import WorkshopStore
    from tests.fixtures.sample_workbook import full_workbook

    database_url = database_url or f"sqlite:///{folder / 'bench.db'}"
    os.environ["IOI_DATABASE_URL"] = database_url
    engine = make_engine(database_url)
    upgrade(engine)
    store = WorkbookStore(engine)
    workshops = WorkshopStore(store)
    workshop, trainer_key = workshops.create(
        "Load", ["exercise1", "exercise2", "theory_of_change", "stakeholders"]
    )
    workshops.set_step(trainer_key, "exercise2_part1", 60)
    keys = []
    for i in range(count):
        workbook = full_workbook()
        workbook.meta.workshop_code, workbook.meta.participant_name = workshop.code, f"P{i}"
        keys.append(store.create(workbook, workshop_id=workshop.id)[0])
    engine.dispose()
    return database_url, keys


def lost_answers(database_url: str, last: dict[tuple[str, str], str]) -> int:
    """How many answer boxes' last typed text the database does not hold: (key, path) -> text."""
    from ioi_core.model.paths import read_path
    from ioi_core.store.db import make_engine
    from ioi_core.store.workbooks import WorkbookStore

    engine = make_engine(database_url)
    store = WorkbookStore(engine)
    lost = 0
    try:
        workbooks: dict[str, object] = {}
        for (key, path), text in last.items():
            if key not in workbooks:
                workbooks[key] = store.get(key).workbook
            lost += read_path(workbooks[key], tuple(path.split("."))) != text
    finally:
        engine.dispose()
    return lost


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
    lost: int = 0
    samples: int = 0
    others: dict[str, float] = field(default_factory=dict)  # other CPU shares, e.g. PostgreSQL's
    servers: dict[str, int] = field(default_factory=dict)  # sessions per server behind the balancer


class ProcCpu:
    """CPU seconds of every process of one name (e.g. all of PostgreSQL's), from /proc in clock ticks."""

    def __init__(self, name: str) -> None:
        self.name = name

    def seconds(self) -> float:
        ticks = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                text = stat.read_text()
            except OSError:
                continue
            if text[text.index("(") + 1 : text.rindex(")")] == self.name:
                fields = text.rsplit(")", 1)[1].split()
                ticks += int(fields[11]) + int(fields[12])
        return ticks / os.sysconf("SC_CLK_TCK")


class MachineCpu:
    """Busy CPU seconds of the whole machine (every core, every process: other work too), /proc/stat."""

    def seconds(self) -> float:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
        return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _generator_seconds() -> float:
    """This process's CPU (the load generator: every session's client thread)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run(
    server_url: str,
    cpu: CpuCounter | list[CpuCounter],
    keys: list[str],
    seconds: float,
    think: float,
    poll: float = 0.0,
    *,
    answering: bool = False,
    database_url: str | None = None,
    others: dict[str, object] | None = None,
) -> Load:
    """Every session reruns its page (or, `answering`, saves a new answer) after think-time pauses
    for `seconds` and, with `poll`, its live fragments every `poll` seconds; waits are collected."""
    counters = cpu if isinstance(cpu, list) else [cpu]
    others = others or {}
    pages = ANSWER_PAGES if answering else PAGES
    waits: list[float] = []
    poll_waits: list[float] = []
    failures: list[BaseException] = []
    drawn_failures = [0]
    last: dict[tuple[str, str], str] = {}
    servers: dict[str, int] = {}
    lock = threading.Lock()
    connected = threading.Barrier(len(keys) + 1)
    stop = threading.Event()

    def person(index: int, key: str) -> None:
        rng = random.Random(index)
        client = None
        try:
            client = LiveClient(server_url, f"wb={key}", pages[index % len(pages)])
            warm(client)  # the page is open (and its first-visit reruns are over) before the clock starts
            if answering:
                if not client.answer_ids:
                    raise RuntimeError(f"no answer box on {client.page_name}")
                path = sorted(client.answer_ids)[-1]  # a first save warms the save path, as warm() the page
                last[(key, path)] = f"P{index} warming up{FILLER}"
                client.answer(path, last[(key, path)])
            client.not_saved = client.errors = 0
            with lock:
                servers[client.server or "-"] = servers.get(client.server or "-", 0) + 1
        except Exception as exc:  # noqa: BLE001 - a session that cannot open is reported, not fatal
            with lock:
                failures.append(exc)
            client = None
        connected.wait()
        answered = 0
        try:
            now = time.monotonic()
            next_click = now + rng.uniform(0, think)  # people do not all click in the same instant
            next_poll = now + rng.uniform(0, poll) if poll else float("inf")  # timers start at page load
            while client is not None and not stop.is_set():
                stop.wait(max(0.0, min(next_click, next_poll) - time.monotonic()))
                if stop.is_set():
                    break
                if next_click <= next_poll:
                    if answering:
                        paths = sorted(client.answer_ids)
                        path = paths[answered % len(paths)]
                        answered += 1
                        text = f"P{index} answer {answered}{FILLER}"
                        with lock:
                            last[(key, path)] = text
                        wait = client.answer(path, text)
                    else:
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
                with lock:
                    drawn_failures[0] += client.not_saved + client.errors
                client.close()

    threads = [threading.Thread(target=person, args=(i, key)) for i, key in enumerate(keys)]
    for thread in threads:
        thread.start()
    connected.wait()
    before = [c.seconds() for c in counters]
    others_before = {name: c.seconds() for name, c in others.items()}  # type: ignore[attr-defined]
    generator_before, start = _generator_seconds(), time.perf_counter()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join(timeout=120)
    elapsed = time.perf_counter() - start
    used = sum(c.seconds() - b for c, b in zip(counters, before, strict=True))
    shares = {name: (c.seconds() - others_before[name]) / elapsed for name, c in others.items()}  # type: ignore[attr-defined]
    if others:
        shares = {"load generator": (_generator_seconds() - generator_before) / elapsed, **shares}
    for reason in sorted({f"{type(exc).__name__}: {exc}" for exc in failures})[:5]:
        print(f"  failure ({len(keys)} session(s)): {reason}", file=sys.stderr)
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
        failed=len(failures) + drawn_failures[0],
        samples=len(waits),
        lost=lost_answers(database_url, last) if answering and database_url else 0,
        others=shares,
        servers=servers,
    )


def _one_server(args: argparse.Namespace) -> None:
    """One `streamlit run` on SQLite, sessions straight to it, rerunning (the README's first rows)."""
    from tests.browser.servers import start_server

    tmp = Path(tempfile.mkdtemp())
    database_url, keys = workshop_workbooks(tmp, max(args.sessions))
    process, server = start_server(database_url, tmp / "app.log")
    cpu = CpuCounter(process.pid)
    try:
        print(
            f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
            f"one server; think time ~{args.think:g} s; live fragments every {args.poll:g} s; "
            f"{args.seconds:g} s per load; CPU from {cpu.source}"
        )
        results = [run(server.url, cpu, keys[:1], args.seconds, args.think, args.poll)]
        results += [
            run(server.url, cpu, keys[:n], args.seconds, args.think, args.poll) for n in args.sessions
        ]
        for load in results:
            print(
                f"{load.sessions:3d} session(s): {load.reruns_per_s:6.1f} reruns/s, wait median "
                f"{load.median_ms:6.1f} ms, p95 {load.p95_ms:6.1f} ms; {load.polls_per_s:6.1f} fragment polls/s, "
                f"p95 {load.poll_p95_ms:6.1f} ms; server CPU {load.cpu_share:4.0%} of a core, {load.failed} failed"
            )
        one = results[0]
        for many in results[1:]:
            print(
                f"ratio {many.sessions}/1: reruns/s x{many.reruns_per_s / one.reruns_per_s:.1f}, "
                f"p95 wait x{many.p95_ms / one.p95_ms:.1f}, CPU x{many.cpu_share / one.cpu_share:.1f}"
                + (f", poll p95 x{many.poll_p95_ms / one.poll_p95_ms:.1f}" if one.poll_p95_ms else "")
            )
    finally:
        process.terminate()
        process.wait(timeout=10)
        cpu.close()


def fresh_postgres(admin_url: str) -> tuple[str, object]:
    """A new database on `admin_url`'s server; its URL and a function that drops it."""
    from sqlalchemy import create_engine, text

    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"ioi_bench_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return admin_url.rsplit("/", 1)[0] + f"/{name}", drop


GOAL = 10.0  # 200 participants' p95 wait within x10 of one participant's, 0 failed, 0 lost


def _behind_balancer(args: argparse.Namespace) -> None:
    """`serve --workers N` on a fresh PostgreSQL database; every session through HAProxy, answering."""
    from ioi_core.cli.serve import start_room

    database_url, drop = fresh_postgres(args.url)
    tmp = Path(tempfile.mkdtemp())
    room = None
    counters: list[CpuCounter] = []
    try:
        _, keys = workshop_workbooks(tmp, max(args.sessions), database_url)
        room = start_room(database_url, args.workers, port=0, log_dir=tmp)
        counters = [CpuCounter(pid) for pid in room.pids]
        cores = os.cpu_count() or 1
        print(
            f"machine: {platform.machine()}, {cores} cores, Python {platform.python_version()}; "
            f"{args.workers} server(s) behind HAProxy (sticky cookie, leastconn), PostgreSQL; each person "
            f"saves an answer every ~{args.think:g} s (between {0.5 * args.think:g} and {1.5 * args.think:g}); "
            f"live fragments every {args.poll:g} s; {args.seconds:g} s per load (one participant: until "
            f"~{args.min_answers} answers); CPU from {counters[0].source}"
        )
        others = {"PostgreSQL": ProcCpu("postgres"), "whole machine": MachineCpu()}
        results = []
        for count in [1, *args.sessions]:
            # Long enough for 30 answers: one person alone makes few, and p95 needs enough of them.
            seconds = max(args.seconds, args.min_answers * args.think / count)
            load = run(
                room.url,
                counters,
                keys[:count],
                seconds,
                args.think,
                args.poll,
                answering=True,
                database_url=database_url,
                others=others,
            )
            results.append(load)
            spread = ", ".join(f"{name} {n}" for name, n in sorted(load.servers.items()))
            print(
                f"{load.sessions:3d} participant(s): {load.reruns_per_s:6.1f} answers/s ({load.samples}), wait median "
                f"{load.median_ms:6.1f} ms, p95 {load.p95_ms:6.1f} ms; {load.polls_per_s:5.1f} polls/s, p95 "
                f"{load.poll_p95_ms:6.1f} ms; servers+HAProxy CPU {load.cpu_share / cores:4.0%} of {cores} cores, "
                + ", ".join(f"{name} {share / cores:.0%}" for name, share in load.others.items())
                + f"; sessions per server {spread}; {load.failed} failed, {load.lost} lost"
            )
            room.check()
        one = results[0]
        for many in results[1:]:
            print(
                f"ratio {many.sessions}/1: answers/s x{many.reruns_per_s / one.reruns_per_s:.1f}, "
                f"p95 wait x{many.p95_ms / one.p95_ms:.1f}, median wait x{many.median_ms / one.median_ms:.1f}, "
                f"server CPU x{many.cpu_share / one.cpu_share:.1f}; {many.failed} failed, {many.lost} lost"
            )
        biggest = results[-1]
        met = biggest.p95_ms <= GOAL * one.p95_ms and biggest.failed == 0 and biggest.lost == 0
        print(
            f"goal ({biggest.sessions} participants: p95 wait <= x{GOAL:g} one participant's, 0 failed, 0 lost): "
            + ("met" if met else "NOT met")
        )
    finally:
        if room is not None:
            room.stop()
        for counter in counters:
            counter.close()
        drop()  # type: ignore[operator]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, nargs="+", default=None, help="counts measured after 1")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument(
        "--think",
        type=float,
        default=None,
        help="mean pause between a person's actions (2 s; 5 s behind the balancer)",
    )
    parser.add_argument("--poll", type=float, default=3.0, help="live fragments' interval in s (0: off)")
    parser.add_argument(
        "--min-answers",
        type=int,
        default=30,
        help="a load lasts until about this many answers (one person alone)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=0,
        help="N servers behind HAProxy on PostgreSQL (0: one server, SQLite)",
    )
    parser.add_argument(
        "--url",
        default=os.environ.get("IOI_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"),
        help="a PostgreSQL server (any database on it) where a fresh database is made for --workers",
    )
    args = parser.parse_args()
    if args.workers:
        args.sessions = args.sessions or [60, 200]
        args.think = 5.0 if args.think is None else args.think
        _behind_balancer(args)
    else:
        args.sessions = args.sessions or [60]
        args.think = 2.0 if args.think is None else args.think
        _one_server(args)


if __name__ == "__main__":
    main()
