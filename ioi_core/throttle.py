"""Slow down guessing of join codes and keys: each failure doubles the wait, up to a cap."""

from __future__ import annotations

import time
from dataclasses import dataclass, field


@dataclass
class GuessThrottle:
    free_attempts: int = 3
    base_seconds: float = 2.0
    max_seconds: float = 300.0
    failures: int = 0
    blocked_until: float = 0.0
    clock: object = field(default=time.monotonic, repr=False)

    def wait_seconds(self) -> float:
        """How long until another attempt is allowed (0 when allowed now)."""
        return max(0.0, self.blocked_until - self.clock())  # type: ignore[operator]

    def failed(self) -> None:
        self.failures += 1
        if self.failures >= self.free_attempts:
            delay = min(self.max_seconds, self.base_seconds * 2 ** (self.failures - self.free_attempts))
            self.blocked_until = self.clock() + delay  # type: ignore[operator]

    def succeeded(self) -> None:
        self.failures, self.blocked_until = 0, 0.0
