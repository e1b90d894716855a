"""Slow down guessing of join codes, resume codes and trainer keys: each failure doubles the wait, up
to a cap, per client address and overall, shared by the whole server process (not per tab).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

T = TypeVar("T")


@dataclass
class GuessLimiter:
    """Slows guessing of join and resume codes per address and overall, for the whole server process
    (every tab and session of one address shares it), while a correct code is never refused.

    A code is always checked. After a wrong one, the attempt waits before its answer while holding
    its address's turn, so the next attempt from that address (any tab) waits too: each address gets
    `free_failures` wrong codes per `window_seconds` at full speed, then each further wrong one waits
    twice as long as the last (up to `max_seconds`). Beyond `overall_free` wrong codes per window
    from all addresses together, every wrong code waits at least `overall_seconds` more. Wrong
    attempts are forgotten after the window, not on a success (a guesser cannot reset their count by
    typing a code they know). A correct code from an address that is not waiting is answered at once.
    """

    free_failures: int = 10
    base_seconds: float = 1.0
    max_seconds: float = 30.0
    window_seconds: float = 600.0
    overall_free: int = 100
    overall_seconds: float = 5.0
    clock: object = field(default=time.monotonic, repr=False)
    sleep: object = field(default=time.sleep, repr=False)
    _failures: dict[str, list[float]] = field(default_factory=dict, repr=False)
    _overall: list[float] = field(default_factory=list, repr=False)
    _turns: dict[str, threading.Lock] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def _recent(self, times: list[float]) -> list[float]:
        since = self.clock() - self.window_seconds  # type: ignore[operator]
        return [t for t in times if t > since]

    def penalty(self, address: str) -> float:
        """How long a wrong code from `address` waits now (0 while within the free attempts)."""
        with self._lock:
            mine = self._failures[address] = self._recent(self._failures.get(address, []))
            self._overall[:] = self._recent(self._overall)
            wait = 0.0
            if len(mine) >= self.free_failures:
                wait = min(self.max_seconds, self.base_seconds * 2 ** (len(mine) - self.free_failures))
            if len(self._overall) >= self.overall_free:
                wait = max(wait, self.overall_seconds)
            return wait

    def _turn(self, address: str) -> threading.Lock:
        with self._lock:
            return self._turns.setdefault(address, threading.Lock())

    def attempt(self, address: str, check: Callable[[], T]) -> T:
        """Run `check` (which raises on a wrong code) in `address`'s turn; a wrong code waits its
        penalty before the exception is passed on, still holding the turn."""
        turn = self._turn(address)
        mine = turn.acquire(timeout=self.max_seconds * 2)  # a stuck turn never stops a correct code for long
        try:
            try:
                return check()
            except Exception:
                wait = self.penalty(address)
                with self._lock:
                    self._failures.setdefault(address, []).append(self.clock())  # type: ignore[arg-type]
                    self._overall.append(self.clock())  # type: ignore[arg-type]
                if wait:
                    self.sleep(wait)  # type: ignore[operator]
                raise
        finally:
            if mine:
                turn.release()
