"""The benchmark scripts still run and report what they claim (not timed: they are run by hand).

The tests that run a script (and the servers it starts) are marked `benchmark`: they run by default,
and `-m "not benchmark"` leaves them out of a quick local run."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run_benchmark(*args: str, timeout: int = 240) -> str:
    done = subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_cpu_counter_sees_a_busy_process_and_not_an_idle_one() -> None:
    from benchmarks.page_reruns import CpuCounter

    busy = subprocess.Popen(
        [sys.executable, "-c", "import time\nend = time.time() + 1.5\nwhile time.time() < end: pass"]
    )
    idle = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(1.5)"])
    counters = [CpuCounter(busy.pid), CpuCounter(idle.pid)]
    try:
        before = [c.seconds() for c in counters]
        time.sleep(1.0)
        used = [c.seconds() - b for c, b in zip(counters, before, strict=True)]
    finally:
        busy.wait()
        idle.wait()
        for counter in counters:
            counter.close()
    assert used[0] > 0.5, f"a spinning process used only {used[0]:.3f} s of CPU in 1 s ({counters[0].source})"
    assert used[1] < 0.1


@pytest.mark.benchmark
def test_page_rerun_benchmark_reports_a_ratio_per_page() -> None:
    out = run_benchmark("benchmarks.page_reruns", "--runs", "20", "--pages", "principles_check", "barriers")
    lines = {line.split()[0]: line for line in out.splitlines() if " cpu " in line}
    assert set(lines) == {"principles_check", "barriers"}
    for line in lines.values():
        ratio = float(re.search(r"ms x\s*([\d.]+) \(blocks", line).group(1))
        assert 1.0 < ratio < 50, line  # a page does more than `st.write('hello')`
        assert int(re.search(r"(\d+) elements", line).group(1)) >= 5
    assert out.splitlines()[-1].startswith("target x5 (server CPU):")


@pytest.mark.benchmark
@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_workshop_load_benchmark_loses_no_saves(backend: str, request) -> None:
    args = ["benchmarks.workshop_load", "--participants", "8", "--saves", "3"]
    if backend == "postgresql":
        args += ["--url", request.getfixturevalue("postgresql_url")]
    out = run_benchmark(*args)
    assert re.search(r"^1 participant: .* lost 0$", out, re.M), out
    assert re.search(r"^8 participants: .* lost 0$", out, re.M), out
    assert "ratio 8/1: throughput x" in out


@pytest.mark.benchmark
def test_export_and_search_benchmarks_print_their_ratios() -> None:
    assert re.search(r"full workbook .* x\d+\.\d+", run_benchmark("benchmarks.xlsx_export", "--runs", "2"))
    assert "ratio large/shipped:" in run_benchmark("benchmarks.bank_search", "--sizes")


@pytest.mark.benchmark
def test_bank_benchmark_measures_the_page_with_installation_banks() -> None:
    out = run_benchmark("benchmarks.bank_search", "--sizes", "300", "2000", "--reruns", "3")
    assert re.search(r"^\s+starter bank only: +[\d.]+ / +[\d.]+ / +[\d.]+$", out, re.M), out
    for size in ("300", "2,000"):
        line = re.search(
            rf"^ratio {size}/starter: first view x([\d.]+), rerun x([\d.]+), new search x([\d.]+)$", out, re.M
        )
        assert line, out
        assert all(float(v) > 0 for v in line.groups())


@pytest.mark.benchmark
def test_sessions_benchmark_through_the_balancer_loses_nothing(postgresql_url) -> None:
    """`sessions_load --workers 2`: two servers behind HAProxy on PostgreSQL, people answering."""
    from ioi_core.cli.serve import haproxy_binary
    from tests.support.services import PG_ADMIN_URL, require

    if haproxy_binary() is None:
        require("IOI_REQUIRE_BROWSER", "HAProxy not found (apt-get install haproxy)")
    out = run_benchmark(
        "benchmarks.sessions_load",
        "--workers",
        "2",
        "--sessions",
        "4",
        "--seconds",
        "1.5",
        "--think",
        "0.3",
        "--min-answers",
        "4",
        "--url",
        PG_ADMIN_URL,
    )
    for sessions in (1, 4):
        line = re.search(
            rf"^\s*{sessions} participant\(s\): +([\d.]+) answers/s.* (\d+) failed, (\d+) lost$", out, re.M
        )
        assert line, out
        assert float(line.group(1)) > 0 and line.group(2) == "0" and line.group(3) == "0", line.group(0)
    assert re.search(r"sessions per server web1 \d, web2 \d;", out), out  # the balancer spreads the room
    assert "ratio 4/1: answers/s x" in out


@pytest.mark.benchmark
def test_durability_benchmark_compares_full_with_normal() -> None:
    out = run_benchmark(
        "benchmarks.sqlite_durability", "--participants", "4", "--saves", "2", "--rounds", "1"
    )
    assert re.search(r"^FULL  : .* 0 lost$", out, re.M) and re.search(r"^NORMAL: .* 0 lost$", out, re.M), out
    assert re.search(r"FULL / NORMAL: throughput x\d+\.\d+", out), out


@pytest.mark.benchmark
def test_browser_benchmark_times_clicks_beside_the_empty_app() -> None:
    """`browser_clicks`: one menu click in the app and each kind of answer in the empty app, to idle."""
    import shutil

    from tests.support.services import CHROMIUM, require

    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        require("IOI_REQUIRE_BROWSER", f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    out = run_benchmark(
        "benchmarks.browser_clicks", "--rounds", "1", "--pages", "principles_check", "--quiet", "0.15"
    )
    for kind in ("menu", "radio", "text", "table"):
        line = re.search(rf"^\(empty app\) +{kind} +(\d+) +(\d+) ", out, re.M)
        assert line and 0 < int(line.group(1)) < 10_000, out
    line = re.search(r"^principles_check +menu +(\d+) +(\d+) +\d+ +\d+ +x +([\d.]+) x +([\d.]+) ", out, re.M)
    assert line and float(line.group(3)) > 0, out
    assert out.splitlines()[-1].startswith("goal x3 (median, vs the empty app):"), out


def test_serve_writes_a_valid_haproxy_config_for_any_number_of_servers(tmp_path) -> None:
    """deploy/haproxy.cfg with its bind and server lines rewritten, as `serve --workers 3` does."""
    from ioi_core.cli.serve import haproxy_binary, haproxy_config
    from tests.support.services import require

    config = haproxy_config("0.0.0.0", 8080, [9001, 9002, 9003])
    assert "    bind 0.0.0.0:8080" in config
    servers = [line.strip() for line in config.splitlines() if line.strip().startswith("server ")]
    assert servers == [f"server web{i} 127.0.0.1:900{i} cookie web{i}" for i in (1, 2, 3)]
    assert "cookie IOI_SERVER insert" in config and "timeout tunnel" in config
    binary = haproxy_binary()
    if binary is None:
        require("IOI_REQUIRE_BROWSER", "HAProxy not found (apt-get install haproxy)")
    (tmp_path / "haproxy.cfg").write_text(config)
    checked = subprocess.run(
        [binary, "-c", "-f", str(tmp_path / "haproxy.cfg")], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
