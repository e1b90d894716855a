"""A button's action that cannot reach the database says "Not saved" in plain words; the page stays.

Answers have their own save path (`ioi_ui.save_queue`); this is for actions such as creating,
joining, importing or deleting, whose typed values stay in their form when the action fails, and
`not_saved` words every other failed change to a workbook (an added item, a shortlist, a restore).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from ioi_core.store.workbooks import StoreError

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


UNAVAILABLE = "the database could not be reached just now (it has been logged). Press Try again in a moment"


def not_saved(exc: Exception) -> str:
    """Why a change was not saved, in plain words: the store's own reason (someone else changed it
    first, too long…), or that storage failed, which is logged and never shown in detail."""
    if isinstance(exc, StoreError):
        return f"Not saved: {exc}"
    log.exception("A change to a workbook failed")
    # No Try again button beside an action: the person repeats the click.
    return (
        "Not saved: the database could not be reached just now (it has been logged). Try again in a moment."
    )
