"""Benchmark: what a person waits for in a real browser, per page, beside an empty Streamlit app.

Run: python -m benchmarks.browser_clicks [--rounds 10] [--pages PAGE ...]

Two real servers on loopback, measured in one run and one browser (Debian's Chromium, headless,
through Playwright): the app with a fully answered workbook (private SQLite database), and a minimal
Streamlit app: two pages with one radio and one text box each, and a third with one table editor.
For each page of the app, in rounds: a click on its menu link (from the page before it), then each
kind of answer the page shows without a click — a radio (a click on another option), a text (typed,
then Tab) and a table cell (typed, then Enter). The empty app does the same: menu clicks between its
two small pages, and each kind of answer.

Each action is timed in the page itself, on the browser's clock: from the input event (the pointer
press or the key) to the page being idle again — the last run has ended (`data-test-script-state`
back to `notRunning`) and nothing on the page has changed for `--quiet` seconds (charts and tables
drawn, stale elements gone); the time taken is that of the last change. It is split into:
- input: from the input to the browser's first message to the server (the widget's own handling);
- answer: from that message to the last message from the server being handled by the page — the
  server's run (15-20 ms for these pages: `benchmarks.page_reruns`) plus the page drawing the
  elements as they arrive, which holds back the handling of the next messages;
- draw: from that last message to idle (the browser drawing the rest: charts, tables);
beside the main thread's busy time for the action (Chrome's `TaskDuration`) and the page's size
(DOM nodes, Streamlit elements, charts, tables). Reported per page and kind: median and p95, and the
ratios to the empty app's median and p95 for the same kind (goal: within x3).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.page_reruns import full_workbooks

GOAL = 3.0
KINDS = ("menu", "radio", "text", "table")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]

# What counts as an answer widget: the app keys every answer "answer:<path>" (Streamlit puts the key in a
# class, `st-key-answer-...`), and its table editors "stakeholder-editor-..." / "readings-...". The empty
# app uses the same keys so the same selectors find its widgets.
RADIO = '[data-testid="stMain"] [class*="st-key-answer-"] [data-testid="stRadioOption"]:not([data-selected="true"])'
TEXT = (
    '[data-testid="stMain"] [class*="st-key-answer-"] textarea:not([disabled]), '
    '[data-testid="stMain"] [class*="st-key-answer-"] input[type="text"]:not([disabled]):not([role="combobox"])'
)
TABLE = (
    '[data-testid="stMain"] [class*="st-key-stakeholder-editor"] [data-testid="stDataFrame"], '
    '[data-testid="stMain"] [class*="st-key-readings-"] [data-testid="stDataFrame"]'
)

EMPTY_APP = """import pandas as pd
import streamlit as st


def page_a():
    st.radio("Choice", ["One", "Two", "Three"], key="answer-radio-a")
    st.text_area("Text", key="answer-text-a")


def page_b():
    st.radio("Choice", ["One", "Two", "Three"], key="answer-radio-b")
    st.text_area("Text", key="answer-text-b")


def table():
    st.data_editor(
        pd.DataFrame({"name": ["Ann", "Bo"], "role": ["a", "b"]}),
        key="stakeholder-editor", num_rows="dynamic", hide_index=True,
    )


st.navigation([
    st.Page(page_a, title="Page A", default=True), st.Page(page_b, title="Page B"), st.Page(table, title="Table"),
]).run()
"""

# Timing inside the page: the WebSocket is wrapped to see messages go and come; `__ioiArm(keys)` starts
# one measurement at the next pointer press (or one of `keys` pressed); `__ioiDone(quietMs)` returns it
# once the page has been idle that long, else null.
TIMING_JS = """
(() => {
  const T = {armed: null};
  const Native = window.WebSocket;
  class TimedWebSocket extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', () => {
        const a = T.armed;
        if (a && a.firstSend !== null) { a.msgs++; a.lastRecv = performance.now(); }
      });
    }
    send(data) {
      const a = T.armed;
      if (a && a.t0 !== null && a.firstSend === null) a.firstSend = performance.now();
      return super.send(data);
    }
  }
  window.WebSocket = TimedWebSocket;
  window.__ioiArm = (keys) => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (T.armed) T.armed.stop();
    const a = {t0: null, firstSend: null, lastRecv: null, msgs: 0, runs: 0, idleAt: null, lastChange: 0};
    const onInput = (e) => {
      if (a.t0 !== null) return;
      if (e.type === 'keydown' && !keys.includes(e.key)) return;
      a.t0 = e.timeStamp;
    };
    const observer = new MutationObserver((records) => {
      const now = performance.now();
      let drawn = false;
      for (const r of records) {
        if (r.target === app && r.attributeName === 'data-test-script-state') {
          const state = app.getAttribute('data-test-script-state');
          if (state === 'running' && a.t0 !== null) a.runs++;
          if (state === 'notRunning' && a.runs) a.idleAt = now;
        }
        // Content inside a <canvas> is never drawn (the table grid keeps an accessible copy there,
        // updated ~0.3 s later): not a change a person waits for. The canvas itself counts.
        const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
        if (r.type !== 'attributes' && el && el.closest('canvas')) continue;
        drawn = true;
      }
      if (a.t0 !== null && drawn) a.lastChange = now;
    });
    observer.observe(app, {attributes: true, childList: true, subtree: true, characterData: true});
    document.addEventListener('pointerdown', onInput, true);
    document.addEventListener('keydown', onInput, true);
    a.stop = () => {
      observer.disconnect();
      document.removeEventListener('pointerdown', onInput, true);
      document.removeEventListener('keydown', onInput, true);
    };
    T.armed = a;
  };
  window.__ioiState = () => {
    const a = T.armed;
    return a && {t0: a.t0, runs: a.runs, idleAt: a.idleAt, firstSend: a.firstSend, msgs: a.msgs,
      state: document.querySelector('[data-testid="stApp"]').getAttribute('data-test-script-state')};
  };
  window.__ioiDone = (quietMs, force) => {
    const a = T.armed;
    const app = document.querySelector('[data-testid="stApp"]');
    // Done: the server has answered (a run too quick for the page to show "running" still sends
    // messages), the app reads notRunning, and neither a message nor a change came for quietMs.
    if (!a || a.t0 === null || a.firstSend === null || a.lastRecv === null) return null;
    if (app.getAttribute('data-test-script-state') !== 'notRunning') return null;
    if (document.querySelector('[data-testid="stStatusWidget"]')) return null;
    const settled = Math.max(a.lastRecv, a.lastChange, a.idleAt || 0);
    if (!force && performance.now() - settled < quietMs) return null;
    a.stop();
    T.armed = null;
    const main = document.querySelector('[data-testid="stMain"]') || document;
    return {
      total: settled - a.t0,
      toSend: a.firstSend === null ? null : a.firstSend - a.t0,
      server: a.lastRecv - a.firstSend,
      tail: settled - a.lastRecv,
      runs: a.runs,
      msgs: a.msgs,
      nodes: document.getElementsByTagName('*').length,
      elements: main.querySelectorAll('[data-testid="stElementContainer"]').length,
      charts: main.querySelectorAll('[data-testid="stVegaLiteChart"], [data-testid="stGraphVizChart"], .stPlotlyChart').length,
      tables: main.querySelectorAll('[data-testid="stDataFrame"], [data-testid="stTable"]').length,
      iframes: main.querySelectorAll('iframe').length,
      forced: !!force,
    };
  };
})();
"""


@dataclass
class Sample:
    total: float
    to_send: float | None
    server: float | None
    tail: float
    runs: int
    busy: float  # main-thread busy ms (Chrome TaskDuration)
    nodes: int
    elements: int
    charts: int
    tables: int
    iframes: int
    forced: bool


@dataclass
class Series:
    samples: list[Sample] = field(default_factory=list)

    def pick(self, attr: str) -> list[float]:
        return sorted(v for s in self.samples if (v := getattr(s, attr)) is not None)

    def median(self, attr: str = "total") -> float:
        values = self.pick(attr)
        return statistics.median(values) if values else float("nan")

    def p95(self, attr: str = "total") -> float:
        values = self.pick(attr)
        return values[min(len(values) - 1, int(len(values) * 0.95))] if values else float("nan")


class NoEffect(Exception):
    """An action that reached no server (e.g. a click that did not open a cell's editor)."""


class Tab:
    """One browser tab on one server, timing each action to idle."""

    def __init__(self, browser, url: str, quiet: float) -> None:  # noqa: ANN001 - a Playwright Browser
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.context.add_init_script(TIMING_JS)
        self.page = self.context.new_page()
        self.page.set_default_timeout(30_000)
        self.cdp = self.context.new_cdp_session(self.page)
        self.cdp.send("Performance.enable")
        self.quiet_ms = quiet * 1000
        self.count = 0
        self.page.goto(url)
        self.settle()

    def settle(self) -> None:
        from tests.browser.helpers import wait_for_app

        wait_for_app(self.page)
        self.page.wait_for_timeout(self.quiet_ms)

    def _busy(self) -> float:
        metrics = {m["name"]: m["value"] for m in self.cdp.send("Performance.getMetrics")["metrics"]}
        return metrics["TaskDuration"] * 1000

    def timed(self, action, keys: tuple[str, ...] = ()) -> Sample:  # noqa: ANN001 - a callable
        """Arm the in-page timer, do `action`, wait until the page is idle; the sample."""
        before = self._busy()
        self.page.evaluate("keys => window.__ioiArm(keys)", list(keys))
        action()
        started = time.monotonic()
        deadline = started + 30
        result = None
        while result is None:
            if (
                time.monotonic() > started + 5
                and self.page.evaluate("() => window.__ioiState().firstSend") is None
            ):
                self.page.evaluate("() => window.__ioiState() && window.__ioiArm([])")  # disarm
                raise NoEffect("the action sent nothing to the server")
            force = time.monotonic() > deadline  # a page that never stops changing: take the last run's end
            if time.monotonic() > deadline + 30:
                state = self.page.evaluate("() => window.__ioiState && window.__ioiState()")
                raise TimeoutError(f"the page never became idle after the action: {state}")
            result = self.page.evaluate("([q, f]) => window.__ioiDone(q, f)", [self.quiet_ms, force])
            if result is None:
                self.page.wait_for_timeout(50)
        return Sample(
            total=result["total"],
            to_send=result["toSend"],
            server=result["server"],
            tail=result["tail"],
            runs=result["runs"],
            busy=self._busy() - before,
            nodes=result["nodes"],
            elements=result["elements"],
            charts=result["charts"],
            tables=result["tables"],
            iframes=result["iframes"],
            forced=result["forced"],
        )

    def kinds(self) -> list[str]:
        """The kinds of answer this page shows without a click."""
        found = []
        for kind, selector in (("radio", RADIO), ("text", TEXT), ("table", TABLE)):
            if self.page.locator(selector).filter(visible=True).count():
                found.append(kind)
        return found

    def menu(self, title: str) -> Sample:
        link = self.page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True)
        link.scroll_into_view_if_needed()
        return self.timed(link.click)

    def radio(self) -> Sample:
        option = self.page.locator(RADIO).filter(visible=True).first
        option.scroll_into_view_if_needed()
        return self.timed(option.click)

    def text(self) -> Sample:
        self.count += 1
        box = self.page.locator(TEXT).filter(visible=True).first
        box.scroll_into_view_if_needed()
        box.fill(f"Typed in the benchmark, time {self.count}: what we plan and why.")
        return self.timed(lambda: box.press("Tab"), ("Tab",))

    def table(self) -> Sample:
        from tests.browser.helpers import GRID_HEADER, GRID_MARKER, GRID_ROW

        self.count += 1
        grid = self.page.locator(TABLE).filter(visible=True).first
        grid.scroll_into_view_if_needed()
        box = grid.bounding_box()
        assert box is not None
        editor = self.page.locator("#portal textarea, #portal input").first
        for attempt in range(3):  # the cell's editor opens on Enter once the grid has the focus
            self.page.mouse.click(box["x"] + GRID_MARKER + 40, box["y"] + GRID_HEADER + GRID_ROW / 2)
            self.page.wait_for_timeout(150)
            self.page.keyboard.press("Enter")
            try:
                editor.wait_for(state="visible", timeout=3_000)
                break
            except Exception:  # noqa: BLE001 - Playwright's timeout: try again
                if attempt == 2:
                    raise
                self.page.keyboard.press("Escape")
                self.settle()
        editor.press("Control+a")
        editor.press_sequentially(f"Benchmark row {self.count}", delay=5)
        return self.timed(lambda: editor.press("Enter"), ("Enter",))

    def do(self, kind: str, title: str = "") -> Sample:
        """One action of `kind` (a menu click to `title`); tried again (uncounted) if it had no effect,
        as a grid cell clicked while it redraws can be."""
        for attempt in range(3):
            try:
                return self.menu(title) if kind == "menu" else getattr(self, kind)()
            except NoEffect:
                if attempt == 2:
                    raise
                self.page.keyboard.press("Escape")
                self.settle()
        raise AssertionError("unreachable")

    def close(self) -> None:
        self.context.close()


def start_servers(database_url: str, tmp: Path) -> list[tuple[subprocess.Popen[bytes], object]]:
    """The app and the empty app, started side by side (each takes seconds to import)."""
    from tests.browser.servers import start_server

    script = tmp / "empty_app.py"
    script.write_text(EMPTY_APP)
    started: list[object] = [None, None]
    errors: list[BaseException] = []

    def start(i: int, log: str, app: str) -> None:
        try:
            started[i] = start_server(database_url, tmp / log, script=app)
        except BaseException as exc:  # noqa: BLE001 - re-raised below
            errors.append(exc)

    threads = [
        threading.Thread(target=start, args=(0, "app.log", "app.py")),
        threading.Thread(target=start, args=(1, "empty.log", str(script))),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        for pair in started:
            if pair is not None:
                pair[0].kill()  # type: ignore[index]
        raise errors[0]
    return started  # type: ignore[return-value]


def page_titles() -> dict[str, str]:
    """Each menu page's short name (its file) -> its menu title; not the projector (no menu there)."""
    from ioi_ui.navigation import MENU

    return {
        file.removeprefix("pages/").removesuffix(".py"): title
        for _, pages in MENU
        for file, title, _ in pages
        if not file.endswith("projector.py")
    }


def _fmt(ms: float) -> str:
    return f"{ms:6.0f}" if ms == ms else "     -"


def main() -> None:
    titles = page_titles()
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=10, help="samples per page and kind")
    parser.add_argument("--pages", nargs="+", choices=list(titles), default=list(titles))
    parser.add_argument(
        "--quiet", type=float, default=0.3, help="seconds without a change that count as idle"
    )
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from tests.support.services import CHROMIUM

    tmp = Path(tempfile.mkdtemp())
    database_url, [key] = full_workbooks(tmp, 1)
    servers = start_servers(database_url, tmp)
    (_, app_server), (_, empty_server) = servers
    results: dict[tuple[str, str], Series] = {}
    empty: dict[str, Series] = {kind: Series() for kind in KINDS}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            version = browser.version
            order = list(dict.fromkeys(args.pages))
            # Open the app on a page other than the first to click to (the default page's path is "/").
            first = order[-1] if len(order) > 1 else ("about" if order[0] != "about" else "start")
            app = Tab(browser, f"{app_server.url}/{'' if first == 'start' else first}?wb={key}", args.quiet)  # type: ignore[attr-defined]
            base = Tab(browser, empty_server.url, args.quiet)  # type: ignore[attr-defined]
            kinds: dict[str, list[str]] = {}
            base_page = "Page A"
            for _ in range(args.rounds):
                for name in order:
                    results.setdefault((name, "menu"), Series()).samples.append(app.menu(titles[name]))
                    kinds.setdefault(name, app.kinds())
                    for kind in kinds[name]:
                        results.setdefault((name, kind), Series()).samples.append(app.do(kind))
                for kind in KINDS:  # the empty app, in the same round: the same machine's mood
                    if kind == "table":
                        base.do("menu", "Table")  # not counted: its page switch draws a grid
                    for _ in range(2):
                        if kind == "menu":
                            base_page = "Page B" if base_page == "Page A" else "Page A"
                        empty[kind].samples.append(base.do(kind, base_page))
                    if kind == "table":
                        base.do("menu", base_page)
            app.close()
            base.close()
            browser.close()
    finally:
        for process, _ in servers:
            process.terminate()
            process.wait(timeout=10)

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"Chromium {version} headless; {args.rounds} samples per page and kind, the empty app's in the same "
        f"rounds; idle = last run ended and no change for {args.quiet:g} s; times in ms"
    )
    print(
        f"{'':18s} {'kind':5s} {'median':>6s} {'p95':>6s}   {'empty':>6s} {'p95':>6s}   {'ratio':>6s} {'p95':>6s}   "
        f"{'input':>5s} {'answer':>6s} {'draw':>5s} {'busy':>5s} runs   {'nodes':>5s} {'elems':>5s} charts tables"
    )
    over = []
    for kind in KINDS:
        series = empty[kind]
        print(
            f"{'(empty app)':18s} {kind:5s} {_fmt(series.median())} {_fmt(series.p95())}   {'':6s} {'':6s}   "
            f"{'':6s} {'':6s}   {series.median('to_send'):5.0f} {series.median('server'):6.0f} "
            f"{series.median('tail'):5.0f} {series.median('busy'):5.0f} {series.median('runs'):4.0f}   {series.samples[-1].nodes:5d} "
            f"{series.samples[-1].elements:5d} {series.samples[-1].charts:6d} {series.samples[-1].tables:6d}"
        )
    for name in order:
        for kind in KINDS:
            series = results.get((name, kind))
            if series is None:
                continue
            base_series = empty[kind]
            ratio = series.median() / base_series.median()
            ratio95 = series.p95() / base_series.p95()
            if ratio > GOAL:
                over.append(f"{name} {kind}")
            last = series.samples[-1]
            print(
                f"{name:18s} {kind:5s} {_fmt(series.median())} {_fmt(series.p95())}   {_fmt(base_series.median())} "
                f"{_fmt(base_series.p95())}   x{ratio:5.1f} x{ratio95:5.1f}   {series.median('to_send'):5.0f} "
                f"{series.median('server'):6.0f} {series.median('tail'):5.0f} {series.median('busy'):5.0f} {series.median('runs'):4.0f}   "
                f"{last.nodes:5d} {last.elements:5d} {last.charts:6d} {last.tables:6d}"
                + ("  (never idle: last run's end)" if any(s.forced for s in series.samples) else "")
            )
    print(
        f"goal x{GOAL:g} (median, vs the empty app): "
        + ("every page and kind within it" if not over else "over: " + ", ".join(over))
    )


if __name__ == "__main__":
    main()
