"""Start page's "Recent changes": the last changes to the open workbook, each one click to undo.

The section's content runs only while it is open, so a folded section costs the page nothing; open,
it is two small indexed queries (the stored workbooks are not read until something is restored).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from ioi_core.store.history import HistoryEntry, list_history, readable_path, restore_answer, restore_workbook
from ioi_core.store.workbooks import StoreError
from ioi_core.text.markdown_safety import literal
from ioi_ui.resources import content, store
from ioi_ui.storage_errors import not_saved

LONDON = ZoneInfo("Europe/London")
SHOWN = 20
_FLASH = "recent-changes-flash"


def answer_label(path: str) -> str:
    """Which answer a path is, in words: the catalogue's label where it has one."""
    try:
        from ioi_core.model.questions import catalogue, question

        found = question(path)
        exercise = (
            "Workbook details" if found.exercise == "details" else catalogue().exercises[found.exercise]
        )
    except Exception:  # noqa: BLE001 - no catalogue entry (or no catalogue): say it plainly instead
        return readable_path(path)
    # Where the catalogue says "any area" or "any row", say which one.
    which = [
        readable_path(f"x.{part}").removeprefix("x · ")
        for pattern, part in zip(found.path.split("."), path.split("."), strict=False)
        if pattern == "*"
    ]
    return " · ".join([exercise, *which, found.label])


def _when(entry: HistoryEntry) -> str:
    moment = entry.saved_at.astimezone(LONDON)
    return f"{moment.day} {moment:%b, %H:%M}"


def _in_words(path: str, value: str) -> str:
    """A choice as the person saw it (`9` -> `9. Language and communication`), else as stored."""
    try:
        from ioi_core.model.questions import question

        found = question(path)
        if found.kind == "domain" and value.isdigit():
            return f"{value}. {content().domain(int(value)).name}"
        if found.kind == "number" and value:
            return f"{float(value):g}"  # as typed: 5, not 5.0
        labels = {str(k): v for k, v in (found.options or {}).items()}
        return labels.get(value, value)
    except Exception:  # noqa: BLE001 - no catalogue entry: the stored value is still right
        return value


def _quoted(value: str) -> str:
    return f"“{literal(value)}”" if value else "*(empty)*"


def describe(entry: HistoryEntry) -> str:
    """One change as Markdown: when, which answer, and "was → now"; people's text shown literally."""
    if len(entry.changed) == 1:
        what = literal(answer_label(entry.changed[0]))
    else:
        names = [literal(answer_label(p)) for p in entry.changed[:3]]
        more = len(entry.changed) - len(names)
        what = f"{len(entry.changed)} answers: " + "; ".join(names) + (f" and {more} more" if more else "")
    text = f"**{_when(entry)}** · {what}"
    if entry.note:
        text += f" · *{literal(entry.note)}*"
    if entry.was is not None and entry.now is not None:
        path = entry.changed[0]
        text += f"  \n{_quoted(_in_words(path, entry.was))} → {_quoted(_in_words(path, entry.now))}"
    return text


def _short(entry: HistoryEntry) -> str:
    what = answer_label(entry.changed[0]) if len(entry.changed) == 1 else f"{len(entry.changed)} answers"
    return f"{_when(entry)} · {what} (change {entry.version})"  # two changes can read alike


def _restore_answer(key: str, version: int, path: str) -> None:
    try:
        restore_answer(store(), key, version, path)
    except (StoreError, SQLAlchemyError, OSError) as exc:
        st.session_state[_FLASH] = ("error", not_saved(exc))
    else:
        st.session_state[_FLASH] = (
            "success",
            f"Restored: {answer_label(path)}. This can be undone below too.",
        )


def _restore_workbook(key: str, version: int) -> None:
    try:
        restore_workbook(store(), key, version)
    except (StoreError, SQLAlchemyError, OSError) as exc:
        st.session_state[_FLASH] = ("error", not_saved(exc))
    else:
        st.session_state[_FLASH] = (
            "success",
            "The whole workbook is back as it was before that change. This restore is itself a change "
            "you can undo below.",
        )
    st.session_state["recent-changes-confirm"] = False


def recent_changes(key: str) -> None:
    """The "Recent changes" section for the workbook opened by `key`."""
    section = st.expander(
        "Recent changes", key="recent-changes", on_change="rerun", icon=":material/history:"
    )
    if not section.open:
        return
    with section:
        flash = st.session_state.pop(_FLASH, None)
        if flash:
            (st.success if flash[0] == "success" else st.error)(literal(flash[1]))
        history = list_history(store(), key, limit=SHOWN)
        if not history.entries:
            st.markdown("No changes yet. Every answer you save is kept here, so a mistake can be undone.")
            return
        st.caption("Newest first. Restoring is itself a change, so it can be undone here too.")
        for entry in history.entries:
            with st.container(key=f"change-{entry.version}"):
                st.markdown(describe(entry))
                if len(entry.changed) == 1:
                    st.button(
                        "Restore this answer",
                        key=f"restore-answer-{entry.version}",
                        icon=":material/undo:",
                        type="tertiary",
                        help="Put this answer back as it was before this change.",
                        on_click=_restore_answer,
                        args=(key, entry.version - 1, entry.changed[0]),
                    )
        st.markdown("**Restore the whole workbook to before this change**")
        by_version = {e.version: e for e in history.entries}  # options by number: stable as changes arrive
        choice = st.selectbox(
            "Change to undo, with every change after it",
            list(by_version),
            format_func=lambda v: _short(by_version[v]),
            key="recent-changes-choice",
        )
        confirm = st.checkbox(
            "I understand every answer goes back to how it was before that change",
            key="recent-changes-confirm",
        )
        st.button(
            "Restore the whole workbook",
            key="restore-workbook",
            icon=":material/history:",
            disabled=not confirm or choice is None,
            on_click=_restore_workbook,
            args=(key, (choice or 1) - 1),
        )
