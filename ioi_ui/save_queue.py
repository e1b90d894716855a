"""The one path from an answer widget to the database, and what is not saved yet.

Why a queue: Streamlit runs every changed widget's `on_change` at the start of the *next* run (which
may be a run of another page), one after another. Widgets only record what the person did here;
`apply_queued` then writes the whole batch before anything reads the workbook, so it can hold the
invariant *one user action changes at most the answer it was made in*: a batch that would empty
several answers at once is not the person (nobody clears two boxes in one click) and is refused.

A save that fails (too long, changed elsewhere, database unavailable) is kept here as "unsaved" with
what was typed; the widget goes on showing the typed value until it is saved or discarded.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from ioi_core.model.paths import read_path
from ioi_core.store.edits import ANY, EditConflict, InvalidAnswer, same, set_answer
from ioi_core.store.workbooks import StoreError
from ioi_core.text.markdown_safety import literal
from ioi_ui.resources import store
from ioi_ui.storage_errors import UNAVAILABLE

log = logging.getLogger(__name__)

_QUEUE = "answers:queue"
_UNSAVED = "answers:unsaved"
_LAST_SAVED = "answers:last-saved"


@dataclass
class Intent:
    """One answer the person changed: what the page showed (`seen`) and what they entered."""

    path: tuple[str, ...]
    value: Any
    seen: Any
    label: str
    workbook_key: str | None = None  # the workbook open when the change was made


@dataclass
class Unsaved:
    """An answer whose save failed: the typed value is kept and shown until saved or discarded."""

    path: tuple[str, ...]
    value: Any
    seen: Any
    label: str
    message: str
    retryable: bool = True  # False when only a change by the person can fix it (e.g. too long)


def dotted(path: Sequence[str]) -> str:
    return ".".join(path)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or (isinstance(value, float) and math.isnan(value))


def queue(path: Sequence[str], value: Any, seen: Any, label: str, workbook_key: str | None) -> None:
    """Record a change (call from a widget's on_change); `apply_queued` saves it to that workbook."""
    st.session_state.setdefault(_QUEUE, []).append(Intent(tuple(path), value, seen, label, workbook_key))


def unsaved() -> dict[str, Unsaved]:
    """Answers whose last save failed, by dotted path."""
    return st.session_state.setdefault(_UNSAVED, {})  # type: ignore[no-any-return]


def last_saved() -> datetime | None:
    return st.session_state.get(_LAST_SAVED)  # type: ignore[no-any-return]


def _too_long(value: Any, limit: int) -> str:
    over = len(value) - limit
    return (
        f"it is {len(value):,} characters, {over:,} over the limit of {limit:,}. "
        "Shorten it and leave the box to save"
    )


def _fail(intent: Intent, message: str, seen: Any | None = None, retryable: bool = True) -> None:
    unsaved()[dotted(intent.path)] = Unsaved(
        intent.path, intent.value, intent.seen if seen is None else seen, intent.label, message, retryable
    )


def save_one(key: str, intent: Intent) -> bool:
    """Save one answer; on failure keep it as unsaved with a plain reason. True if saved."""
    try:
        stored = set_answer(store(), key, intent.path, intent.value, intent.seen)
    except EditConflict as exc:
        theirs = exc.current if exc.current not in (None, "") else "(empty)"
        _fail(
            intent,
            f"it was changed in another tab or by another person to “{literal(str(theirs)[:200])}”. "
            "Try again keeps yours; Discard my change takes theirs",
            seen=exc.current,  # Try again then replaces theirs on purpose
        )
    except InvalidAnswer as exc:
        limit = exc.max_length
        message = _too_long(intent.value, limit) if limit and isinstance(intent.value, str) else str(exc)
        _fail(intent, message, retryable=False)
    except StoreError as exc:
        _fail(intent, str(exc).rstrip("."))
    except (SQLAlchemyError, OSError):
        log.exception("Saving %s failed", dotted(intent.path))
        _fail(intent, UNAVAILABLE)
    else:
        unsaved().pop(dotted(intent.path), None)
        st.session_state[_LAST_SAVED] = stored.workbook.meta.updated
        return True
    return False


def apply_queued(key: str | None) -> None:
    """Save every change recorded since the last run, holding the one-action invariant."""
    batch: list[Intent] = st.session_state.pop(_QUEUE, [])
    if not batch or not key:
        return
    # The last change to each answer wins (a box can be committed twice before a run starts).
    latest = {dotted(i.path): i for i in batch}
    intents = []
    for intent in latest.values():
        if same(intent.value, intent.seen):
            unsaved().pop(dotted(intent.path), None)  # back to what is stored: nothing to save
        else:
            intents.append(intent)
    if len(intents) > 1 and any(_empty(i.value) for i in intents):
        try:
            workbook = store().get(key).workbook
        except (StoreError, SQLAlchemyError, OSError):
            workbook = None
        emptied = [
            i
            for i in intents
            if _empty(i.value) and workbook is not None and not _empty(read_path(workbook, i.path))
        ]
        if len(emptied) > 1:
            # Several answers emptied by one action is a stale page, not a person: keep the stored
            # answers and let the person confirm any clear they really meant.
            log.warning(
                "Refused to empty %d answers in one action: %s",
                len(emptied),
                [dotted(i.path) for i in emptied],
            )
            for intent in emptied:
                intents.remove(intent)
                _fail(
                    intent,
                    "several answers were emptied at once, so none was. "
                    "If you meant to empty this one, press Try again",
                )
    for intent in intents:
        save_one(intent.workbook_key or key, intent)


def retry(key: str | None, path_key: str) -> None:
    """Try an unsaved answer again; after a conflict this replaces the other version on purpose."""
    item = unsaved().get(path_key)
    if item is None or not key:
        return
    save_one(key, Intent(item.path, item.value, ANY if item.seen is ANY else item.seen, item.label))


def discard(path_key: str) -> None:
    """Forget an unsaved answer: the box shows the stored answer again."""
    unsaved().pop(path_key, None)
