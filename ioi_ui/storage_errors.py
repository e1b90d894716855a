"""A button's action that cannot reach the database says "Not saved" in plain words; the page stays.

Answers have their own save path (`ioi_ui.save_queue`); this is for actions such as creating,
joining, importing or deleting, whose typed values stay in their form when the action fails.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

log = logging.getLogger(__name__)


@contextmanager
def reported(action: str) -> Iterator[None]:
    """Run the action's steps; if storage fails, say so beside it instead of replacing the page."""
    try:
        yield
    except (SQLAlchemyError, OSError):
        log.exception("%s failed", action)
        st.error(
            f"**Not saved:** {action} could not be done — the database could not be reached just now "
            "(it has been logged). What you typed is still here: try again in a moment.",
            icon=":material/error:",
        )
