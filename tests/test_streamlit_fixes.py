"""Two rerun requests queued back to back (a box's commit, then a page switch) lose no typed value."""

from __future__ import annotations

from streamlit.proto.WidgetStates_pb2 import WidgetStates
from streamlit.runtime.scriptrunner_utils import script_requests

from ioi_ui import streamlit_fixes


def _states(**values: str) -> WidgetStates:
    states = WidgetStates()
    for widget_id, text in values.items():
        state = states.widgets.add()
        state.id = widget_id
        state.string_value = text
    return states


def test_the_box_committed_before_a_page_switch_is_kept() -> None:
    box_commit = _states(why="typed just before the menu click", other="unchanged")
    page_switch = _states(menu_filter="")  # the new page's widgets only
    assert "why" not in {
        s.id for s in streamlit_fixes._streamlit_merge(box_commit, page_switch).widgets
    }, "Streamlit alone drops it (if this fails, Streamlit fixed the race and the patch can go)"
    merged = streamlit_fixes.keep_every_change(box_commit, page_switch)
    values = {s.id: s.string_value for s in merged.widgets}
    assert values == {"menu_filter": "", "why": "typed just before the menu click", "other": "unchanged"}


def test_the_newer_value_still_wins_and_the_fix_is_installed_by_the_app() -> None:
    merged = streamlit_fixes.keep_every_change(_states(why="older"), _states(why="newer"))
    assert [s.string_value for s in merged.widgets] == ["newer"]
    streamlit_fixes.apply()
    assert script_requests._coalesce_widget_states is streamlit_fixes.keep_every_change
