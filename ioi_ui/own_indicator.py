"""Writing your own indicator (in the bank, and in Exercise 2 when none fits), with the guide's gentle
check that it reads as measurable.

Not a form: these fields sit in a section that runs only while open, and a form's typed text would be
lost when the section is folded or another tab opened. `ioi_ui.kept` keeps them until the indicator
is added.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from ioi_core.content.bank_search import measurability_hint
from ioi_core.model.workbook import CustomIndicator, Workbook, new_custom_indicator
from ioi_ui.answers import add_to_list
from ioi_ui.kept import forget_kept, kept_value, kept_widget_args
from ioi_ui.pickers import domain_label
from ioi_ui.resources import content


def own_indicator_fields(
    prefix: str,
    workbook: Workbook,
    *,
    text_label: str,
    anyway_label: str,
    button: str,
    with_why: bool = False,
    then: Callable[[CustomIndicator], None] | None = None,
) -> None:
    """The fields and the add button; `then` runs with the new indicator once it is saved."""
    keys = {field: f"{prefix}-{field}" for field in ("domain", "text", "why", "anyway")}
    st.selectbox(
        "Domain",
        list(range(1, 15)),
        format_func=domain_label(content()),
        index=None,
        placeholder="Choose…",
        **kept_widget_args(keys["domain"]),
    )
    st.text_input(
        text_label,
        max_chars=500,
        placeholder="e.g. % of participants who …",
        **kept_widget_args(keys["text"]),
    )
    if with_why:
        st.text_area("Why this indicator? (optional)", max_chars=5000, **kept_widget_args(keys["why"]))
    st.checkbox(anyway_label, **kept_widget_args(keys["anyway"]))
    st.button(button, key=f"{prefix}-add", on_click=_add, args=(prefix, keys, workbook, anyway_label, then))
    problem = st.session_state.pop(f"{prefix}-problem", None)
    if problem:
        kind, message = problem
        (st.error if kind == "error" else st.warning)(message)


def _add(
    prefix: str,
    keys: dict[str, str],
    workbook: Workbook,
    anyway_label: str,
    then: Callable[[CustomIndicator], None] | None,
) -> None:
    domain, text = kept_value(keys["domain"], None), kept_value(keys["text"], "")
    hint = measurability_hint(text)
    if domain is None or len(text.strip()) < 3:
        st.session_state[f"{prefix}-problem"] = (
            "error",
            "Choose a domain and write the indicator (at least a few words).",
        )
    elif hint and not kept_value(keys["anyway"], False):
        tick = anyway_label.split(" even if")[0] + " even if…"
        st.session_state[f"{prefix}-problem"] = ("warning", f"{hint} Tick “{tick}” to keep it as it is.")
    else:
        custom = new_custom_indicator(workbook, domain, text, kept_value(keys["why"], ""))
        if add_to_list(("custom_indicators",), custom):
            forget_kept(*keys.values())
            if then is not None:
                then(custom)
