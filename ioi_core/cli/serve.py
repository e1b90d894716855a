"""`python -m ioi_core serve --workers N`: N app servers on one machine behind HAProxy, one command.

Each worker is a `streamlit run app.py` on a loopback port of its own; HAProxy (Debian's
`haproxy`, config in `deploy/haproxy.cfg`) listens on the public address and keeps each browser on
one worker by a cookie (sticky sessions), with the WebSocket passed through. All workers share the
database at IOI_DATABASE_URL (PostgreSQL for more than one machine; the schema is upgraded once
here, before any worker starts). A worker that exits is started again on its port; Ctrl+C or
SIGTERM stops them all.

The same start-up is used by the browser test (`tests/browser/test_balancer.py`) and the room
benchmark (`python -m benchmarks.sessions_load --workers 2`), through `start_room`.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HAPROXY_CONFIG = ROOT / "deploy" / "haproxy.cfg"


class ServeError(RuntimeError):
    """The room could not be started (a missing balancer, a worker that would not start)."""


def haproxy_binary() -> str | None:
    """Debian installs HAProxy in /usr/sbin, which is not on every user's PATH."""
    explicit = os.environ.get("IOI_HAPROXY")
    if explicit:
        return explicit if Path(explicit).exists() else None
    return shutil.which("haproxy") or next(
        (p for p in ("/usr/sbin/haproxy", "/usr/local/sbin/haproxy") if Path(p).exists()), None
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def haproxy_config(address: str, port: int, worker_ports: list[int], template: Path = HAPROXY_CONFIG) -> str:
    """deploy/haproxy.cfg with its `bind` line and its `server` lines set for these ports."""
    lines, servers_at = [], None
    for line in template.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if stripped.startswith("bind "):
            line = f"    bind {address}:{port}"
        elif re.match(r"server web\d+ ", stripped):
            servers_at = len(lines) if servers_at is None else servers_at
            continue
        lines.append(line)
    if servers_at is None:
        raise ServeError(f"{template} has no `server webN ...` lines to replace")
    lines[servers_at:servers_at] = [
        f"    server web{i} 127.0.0.1:{p} cookie web{i}" for i, p in enumerate(worker_ports, start=1)
    ]
    return "\n".join(lines) + "\n"


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@dataclass
class Worker:
    port: int
    log_path: Path
    env: dict[str, str]
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        log = open(self.log_path, "ab")  # noqa: SIM115 - the process keeps it
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.headless=true",
                "--server.address=127.0.0.1",  # only the balancer is reachable from outside
                f"--server.port={self.port}",
                "--browser.gatherUsageStats=false",
                "--server.fileWatcherType=none",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()


@dataclass
class Room:
    """Workers behind the balancer; `url` is the one address people use."""

    url: str
    workers: list[Worker]
    balancer: subprocess.Popen[bytes]
    log_dir: Path
    restarts: int = 0
    _stopped: bool = field(default=False, repr=False)

    @property
    def pids(self) -> list[int]:
        return [w.process.pid for w in self.workers if w.process] + [self.balancer.pid]

    def check(self) -> None:
        """Start again any worker that has exited (HAProxy sends no one to it meanwhile)."""
        if self.balancer.poll() is not None:
            raise ServeError(
                f"HAProxy exited ({self.balancer.returncode}); see {self.log_dir / 'haproxy.log'}"
            )
        for worker in self.workers:
            if worker.process is not None and worker.process.poll() is not None:
                print(
                    f"worker on :{worker.port} exited ({worker.process.returncode}); starting it again",
                    file=sys.stderr,
                )
                self.restarts += 1
                worker.start()

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        processes = [self.balancer] + [w.process for w in self.workers if w.process]
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def __enter__(self) -> Room:
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()


def start_room(
    database_url: str,
    workers: int = 2,
    *,
    address: str = "127.0.0.1",
    port: int = 8500,
    worker_ports: list[int] | None = None,
    log_dir: Path | None = None,
    timeout: float = 90.0,
) -> Room:
    """Upgrade the schema once, start `workers` servers and HAProxy in front; return when the
    balancer answers. `port=0` picks free ports (tests); otherwise workers take port+1, port+2, …"""
    binary = haproxy_binary()
    if binary is None:
        raise ServeError("HAProxy not found (apt-get install haproxy, or set IOI_HAPROXY to its path)")
    if workers < 1:
        raise ServeError("--workers must be at least 1")
    if port == 0:
        port = free_port()
        worker_ports = worker_ports or [free_port() for _ in range(workers)]
    worker_ports = worker_ports or [port + i for i in range(1, workers + 1)]
    log_dir = Path(log_dir or tempfile.mkdtemp(prefix="ioi-serve-"))
    log_dir.mkdir(parents=True, exist_ok=True)

    from ioi_core.store.db import make_engine
    from ioi_core.store.migrate import upgrade

    engine = make_engine(database_url)
    try:
        upgrade(engine)  # once, here: the workers then find the schema current
    finally:
        engine.dispose()

    env = {
        **os.environ,
        "IOI_DATABASE_URL": database_url,
        "PYTHONUNBUFFERED": "1",
        # One secret for all workers, as Streamlit asks of replicas (signed cookies).
        "STREAMLIT_SERVER_COOKIE_SECRET": os.environ.get("STREAMLIT_SERVER_COOKIE_SECRET")
        or secrets.token_hex(32),
    }
    started = [Worker(p, log_dir / f"web{i}.log", env) for i, p in enumerate(worker_ports, start=1)]
    config = log_dir / "haproxy.cfg"
    config.write_text(haproxy_config(address, port, worker_ports), encoding="utf-8")
    balancer_log = open(log_dir / "haproxy.log", "ab")  # noqa: SIM115
    room: Room | None = None
    try:
        for worker in started:
            worker.start()
        balancer = subprocess.Popen(
            [binary, "-f", str(config), "-db"], stdout=balancer_log, stderr=subprocess.STDOUT, cwd=log_dir
        )
        host = "127.0.0.1" if address in ("0.0.0.0", "::", "") else address
        room = Room(f"http://{host}:{port}", started, balancer, log_dir)
        deadline = time.monotonic() + timeout
        pending = list(started)
        while pending:
            if time.monotonic() > deadline:
                raise ServeError(f"worker(s) not healthy in {timeout:g} s; logs in {log_dir}")
            for worker in list(pending):
                if worker.process is not None and worker.process.poll() is not None:
                    raise ServeError(
                        f"worker on :{worker.port} exited:\n{worker.log_path.read_text()[-3000:]}"
                    )
                if _healthy(worker.url):
                    pending.remove(worker)
            if balancer.poll() is not None:
                raise ServeError(f"HAProxy exited:\n{(log_dir / 'haproxy.log').read_text()[-3000:]}")
            time.sleep(0.2)
        while not _healthy(room.url):  # HAProxy's own checks have seen a worker up
            if time.monotonic() > deadline or balancer.poll() is not None:
                raise ServeError(f"HAProxy does not answer on {room.url}; logs in {log_dir}")
            time.sleep(0.2)
        return room
    except BaseException:
        if room is not None:
            room.stop()
        else:
            for worker in started:
                if worker.process is not None:
                    worker.process.kill()
        raise
    finally:
        balancer_log.close()


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--workers", type=int, default=2, help="app server processes (about one per core)")
    parser.add_argument(
        "--address", default="127.0.0.1", help="where HAProxy listens (0.0.0.0: every interface)"
    )
    parser.add_argument(
        "--port", type=int, default=8500, help="HAProxy's port; workers take the next N ports"
    )
    parser.add_argument(
        "--log-dir", default=None, help="workers' and HAProxy's logs (default: a new temp folder)"
    )


def serve(args: argparse.Namespace) -> int:
    from ioi_core.store.db import database_url

    url = database_url()
    if url.startswith("sqlite") and args.workers > 1:
        print(
            "note: IOI_DATABASE_URL is SQLite; several workers on one machine share it safely, but a big room "
            "should use PostgreSQL (README: Running for a big room).",
            file=sys.stderr,
        )
    stop = {"now": False}

    def _stop(*_: object) -> None:
        stop["now"] = True

    try:
        room = start_room(url, args.workers, address=args.address, port=args.port, log_dir=args.log_dir)
    except ServeError as exc:
        print(f"serve: {exc}", file=sys.stderr)
        return 1
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    ports = ", ".join(str(w.port) for w in room.workers)
    print(
        f"IOI Workbook on {room.url}  ({args.workers} server(s) on 127.0.0.1:{ports} behind HAProxy; "
        f"logs in {room.log_dir}). Ctrl+C stops it.",
        flush=True,
    )
    try:
        while not stop["now"]:
            room.check()
            time.sleep(1)
    except ServeError as exc:
        print(f"serve: {exc}", file=sys.stderr)
        return 1
    finally:
        room.stop()
    return 0
