"""Widget values that outlive their widget, for controls inside a section that runs only when open.

Streamlit forgets a widget's value on any run that does not draw it, so a filter inside a folded
(lazy) section would silently switch off. Each change is copied to a plain session key, which is read
while the widget is hidden and handed back to the widget when it is drawn again.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

_PREFIX = "kept:"


def _remember(key: str) -> None:
    st.session_state[_PREFIX + key] = st.session_state[key]


def kept_widget_args(key: str, initial: Any = None) -> dict[str, Any]:
    """Arguments for the widget: call just before drawing it (restores its last value).

    `initial` (e.g. the saved answer) is shown until the person changes the value.
    """
    if key not in st.session_state:
        if _PREFIX + key in st.session_state:
            st.session_state[key] = st.session_state[_PREFIX + key]
        elif initial is not None:
            st.session_state[key] = initial
    return {"key": key, "on_change": _remember, "args": (key,)}


def forget_kept(*keys: str) -> None:
    """Drop what was typed (call from a callback once it is saved): the widgets show `initial` again."""
    for key in keys:
        st.session_state.pop(key, None)
        st.session_state.pop(_PREFIX + key, None)


def kept_value(key: str, default: Any) -> Any:
    """The widget's value whether or not it was drawn this run."""
    if key in st.session_state:
        return st.session_state[key]
    return st.session_state.get(_PREFIX + key, default)


def reset_kept(key: str, value: Any) -> None:
    """Empty a kept widget (call from a callback, before the widget is drawn again)."""
    st.session_state[key] = value
    st.session_state[_PREFIX + key] = value


def section_args(key: str) -> dict[str, Any]:
    """Arguments for a fold-out whose title changes with an answer: it stays open as the title changes.

    A new title is a new element to Streamlit, which would fold it shut; so the open state is kept
    here and handed back on every run.
    """
    st.session_state[key] = bool(st.session_state.get(_PREFIX + key, False))
    return {"key": key, "on_change": _remember, "args": (key,)}


def open_section(key: str) -> None:
    """Open a fold-out drawn with `section_args` (call from a callback)."""
    reset_kept(key, True)
