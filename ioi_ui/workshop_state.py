"""Workshop helpers for pages: the store, what the trainer revealed, and throttled code/key checks."""

from __future__ import annotations

import streamlit as st

from ioi_core.store import StoredWorkbook
from ioi_core.throttle import GuessThrottle
from ioi_core.workshops import Workshop, WorkshopStore
from ioi_ui.resources import store


def workshops() -> WorkshopStore:
    return WorkshopStore(store())


def revealed(stored: StoredWorkbook, what: str) -> bool:
    """True when this workbook belongs to a workshop whose trainer revealed `what`."""
    if not stored.workbook.meta.workshop_code:
        return False
    workshop: Workshop | None = workshops().workshop_of(stored.id)
    return bool(workshop and what in workshop.settings.revealed)


def throttle() -> GuessThrottle:
    """One throttle per browser session for wrong codes and keys."""
    if "guess_throttle" not in st.session_state:
        st.session_state["guess_throttle"] = GuessThrottle()
    return st.session_state["guess_throttle"]
