"""The outside services some tests need (PostgreSQL, Chromium): where to find them, and what to do
when one is missing (skip locally, fail in CI)."""

from __future__ import annotations

import os

import pytest

PG_ADMIN_URL = os.environ.get("IOI_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
CHROMIUM = os.environ.get("IOI_CHROMIUM", "/usr/bin/chromium")


def require(flag: str, reason: str) -> None:
    """Skip locally; fail in CI where the flag says the dependency must be there."""
    if os.environ.get(flag) == "1":
        pytest.fail(f"{reason} ({flag}=1, so this must not be skipped)")
    pytest.skip(reason)
