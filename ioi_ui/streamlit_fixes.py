"""A fix for one Streamlit race that loses what a person typed (streamlit 1.67, checked in its source).

A text box commits its value when it loses focus. Clicking a menu link while the cursor is still in
the box sends two rerun requests in a row: the box's value (for this page), then the page switch,
which carries only the new page's widgets. When the second arrives before the first has started,
Streamlit merges them keeping the newer request's widgets only
(`streamlit.runtime.scriptrunner_utils.script_requests._coalesce_widget_states`), so the typed value
never reaches the server and its `on_change` never runs: the text is silently lost (seen in
tests/browser/test_answers_never_lost.py under load). The merge below also keeps the older request's
value for every widget the newer one does not mention, so the person's last change is always
delivered; Streamlit's own rules still decide everything else.
"""

from __future__ import annotations

from streamlit.proto.WidgetStates_pb2 import WidgetStates
from streamlit.runtime.scriptrunner_utils import script_requests

_streamlit_merge = script_requests._coalesce_widget_states


def keep_every_change(old: WidgetStates | None, new: WidgetStates | None) -> WidgetStates | None:
    """Streamlit's merge of two queued rerun requests, plus the older values the newer one omits."""
    merged = _streamlit_merge(old, new)
    if not old or not new or merged is None:
        return merged
    present = {state.id for state in merged.widgets}
    merged.widgets.extend(state for state in old.widgets if state.id not in present)
    return merged


def apply() -> None:
    """Install the merge (idempotent; call once per process before sessions run)."""
    if script_requests._coalesce_widget_states is not keep_every_change:
        script_requests._coalesce_widget_states = keep_every_change
