"""Tabs and fold-out sections whose content runs only while they are open.

Streamlit runs the content of every tab and fold-out on every rerun, shown or not. Made with
`on_change="rerun"`, a tab or expander knows whether it is open, so a closed one's content can be
skipped: a rerun draws one tab, not all of them (six barrier areas drawn at once cost a rerun four
times as much as one). A section keeps its open state as long as its label and key stay the same;
for a label that changes with an answer, pass `kept.section_args(key)` instead of `key`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st


def tabs(labels: Sequence[str], key: str, draw: Sequence[Callable[[], None]]) -> None:
    """Tabs with `draw[i]` run inside tab i only while that tab is the one open."""
    for tab, body in zip(st.tabs(list(labels), key=key, on_change="rerun"), draw, strict=True):
        if tab.open:
            with tab:
                body()


def section(label: str, draw: Callable[[], None], key: str | None = None, **expander: Any) -> None:
    """A fold-out whose `draw` runs inside it only while it is open. `expander` holds any other
    `st.expander` arguments, e.g. `kept.section_args(key)` for a label that changes."""
    if key is not None:
        expander = {"key": key, "on_change": "rerun", **expander}
    box = st.expander(label, **expander)
    if box.open:
        with box:
            draw()
