"""Answer widgets that save to the open workbook as soon as a value is entered.

Each widget remembers the value it was showing ("seen"); the save applies only if the database still
holds that value, so an answer changed elsewhere is reported rather than overwritten.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from ioi_core.edits import ANY, EditConflict, InvalidAnswer, append_item, read_path, remove_item, set_answer
from ioi_core.store import StoredWorkbook, StoreError
from ioi_ui.resources import store
from ioi_ui.workbook_session import open_key

_FLASH = "answer_flash"


def _keys(path: Sequence[str]) -> tuple[str, str]:
    dotted = ".".join(path)
    return f"answer:{dotted}", f"seen:{dotted}"


def _sync(stored: StoredWorkbook, path: Sequence[str], to_widget: Callable[[Any], Any]) -> str:
    """Show the database's value unless the widget is already showing it (keeps edits in flight)."""
    widget_key, seen_key = _keys(path)
    value = read_path(stored.workbook, path)
    if widget_key not in st.session_state or st.session_state.get(seen_key) != value:
        st.session_state[widget_key] = to_widget(value)
        st.session_state[seen_key] = value
    return widget_key


def _save(path: Sequence[str], from_widget: Callable[[Any], Any]) -> None:
    widget_key, seen_key = _keys(path)
    key = open_key()
    if not key:
        return
    new_value = from_widget(st.session_state[widget_key])
    seen = st.session_state.get(seen_key)
    try:
        set_answer(store(), key, path, new_value, seen)
    except EditConflict as exc:
        st.session_state[seen_key] = exc.current
        st.session_state[widget_key] = exc.current
        st.session_state[_FLASH] = ("warning", str(exc))
    except InvalidAnswer as exc:
        st.session_state[_FLASH] = ("error", str(exc))
        st.session_state.pop(seen_key, None)  # next run shows the stored value again
    except StoreError as exc:
        st.session_state[_FLASH] = ("error", str(exc))
    else:
        st.session_state[seen_key] = new_value
        st.session_state[_FLASH] = ("saved", "Saved")


def show_save_status() -> None:
    """Show the outcome of the last save once: a toast when saved, a message when not."""
    flash = st.session_state.pop(_FLASH, None)
    if not flash:
        return
    kind, message = flash
    if kind == "saved":
        st.toast(message, icon=":material/check_circle:")
    elif kind == "warning":
        st.warning(message, icon=":material/sync_problem:")
    else:
        st.error(message, icon=":material/error:")


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def text_answer(
    stored: StoredWorkbook,
    path: Sequence[str],
    label: str,
    *,
    long: bool = True,
    help: str | None = None,
    placeholder: str | None = None,
    max_chars: int | None = None,
) -> str:
    """A text box bound to `path`; saves when the user leaves the box or presses Ctrl+Enter."""
    widget_key = _sync(stored, path, _text)
    widget = st.text_area if long else st.text_input
    return widget(  # type: ignore[no-any-return]
        label,
        key=widget_key,
        on_change=_save,
        args=(path, lambda v: v or ""),
        help=help,
        placeholder=placeholder,
        max_chars=max_chars or (5000 if long else 300),
    )


def choice_answer(
    stored: StoredWorkbook,
    path: Sequence[str],
    label: str,
    options: Sequence[Any],
    format_func: Callable[[Any], str] = str,
    *,
    help: str | None = None,
    horizontal: bool = False,
) -> Any:
    """A radio choice bound to `path` (None means not chosen yet)."""
    widget_key = _sync(stored, path, lambda v: v)
    return st.radio(
        label,
        options,
        key=widget_key,
        index=None,
        format_func=format_func,
        on_change=_save,
        args=(path, lambda v: v),
        help=help,
        horizontal=horizontal,
    )


def multi_answer(
    stored: StoredWorkbook,
    path: Sequence[str],
    label: str,
    options: Sequence[Any],
    format_func: Callable[[Any], str] = str,
    *,
    help: str | None = None,
    max_selections: int | None = None,
) -> list[Any]:
    """A multiselect bound to a list field at `path`."""
    widget_key = _sync(stored, path, lambda v: [x for x in (v or []) if x in options])
    return st.multiselect(  # type: ignore[no-any-return]
        label,
        options,
        key=widget_key,
        format_func=format_func,
        on_change=_save,
        args=(path, lambda v: list(v)),
        help=help,
        max_selections=max_selections,
    )


def set_flag(path: Sequence[str], value: Any) -> None:
    """Save a value the user set with a button (e.g. 'show the example now'), whatever it was."""
    key = open_key()
    if not key:
        return
    try:
        set_answer(store(), key, path, value, ANY)
    except StoreError as exc:
        st.session_state[_FLASH] = ("error", str(exc))


def select_answer(
    stored: StoredWorkbook,
    path: Sequence[str],
    label: str,
    options: Sequence[Any],
    format_func: Callable[[Any], str] = str,
    *,
    help: str | None = None,
    placeholder: str = "Choose…",
) -> Any:
    """A searchable drop-down bound to `path` (None means not chosen yet)."""
    widget_key = _sync(stored, path, lambda v: v if v in options else None)
    return st.selectbox(
        label,
        options,
        key=widget_key,
        index=None,
        format_func=format_func,
        on_change=_save,
        args=(path, lambda v: v),
        help=help,
        placeholder=placeholder,
    )


def add_to_list(path: Sequence[str], item: Any) -> bool:
    """Append an item (e.g. a target) to a list in the open workbook; True if saved."""
    key = open_key()
    if not key:
        return False
    try:
        append_item(store(), key, path, item)
    except StoreError as exc:
        st.session_state[_FLASH] = ("error", str(exc))
        return False
    st.session_state[_FLASH] = ("saved", "Added")
    return True


def remove_from_list(path: Sequence[str], index: int, expected: Any) -> None:
    """Remove one item, unless someone else already changed that list."""
    key = open_key()
    if not key:
        return
    try:
        remove_item(store(), key, path, index, expected)
    except EditConflict:
        st.session_state[_FLASH] = (
            "warning",
            "That list was changed elsewhere; nothing was removed. Check it again.",
        )
    except StoreError as exc:
        st.session_state[_FLASH] = ("error", str(exc))
    else:
        st.session_state[_FLASH] = ("saved", "Removed")


def save_value(path: Sequence[str], value: Any, seen: Any) -> bool:
    """Save a value from a form or table if the stored one is still what the page showed."""
    key = open_key()
    if not key:
        return False
    try:
        set_answer(store(), key, path, value, seen)
    except EditConflict as exc:
        st.session_state[_FLASH] = ("warning", str(exc))
    except StoreError as exc:
        st.session_state[_FLASH] = ("error", str(exc))
    else:
        st.session_state[_FLASH] = ("saved", "Saved")
        return True
    return False
