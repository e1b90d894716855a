"""Projector view: the join code, the room's live charts and the moderated answer wall. No key, no
controls: safe to put on a screen. It updates itself; open it from the Trainer page or by its code."""

import streamlit as st

from ioi_core.store.workshops import WorkshopError
from ioi_core.text.markdown_safety import literal
from ioi_ui.page import page_top
from ioi_ui.workshop_state import room, workshops
from ioi_ui.workshop_views import LIVE_SECONDS, ROOM_CSS, join_banner, room_charts, room_wall_view, step_line

page_top(__file__)
st.set_page_config(initial_sidebar_state="collapsed")  # the screen is for the room; the menu folds away

code = st.query_params.get("code") or st.session_state.get("projector_code", "")
workshop = None
if code:
    try:
        workshop = workshops().by_code(code)
    except WorkshopError as exc:
        st.error(str(exc))
if workshop is None:
    st.title("Projector view")
    st.markdown(
        "The room's view of a workshop: the join code, live charts and the answers the trainer puts on "
        "the wall. It shows no key and has no controls."
    )
    with st.form("projector-code"):
        typed = st.text_input("Workshop code", max_chars=12, placeholder="e.g. K7M2QX")
        if st.form_submit_button("Show", type="primary"):
            st.query_params["code"] = typed.strip().upper()
            st.rerun()
    st.stop()

st.session_state["projector_code"] = workshop.code
st.query_params["code"] = workshop.code  # kept through a refresh (the menu drops it)
st.html(ROOM_CSS)


@st.fragment(run_every=LIVE_SECONDS)
def live() -> None:
    """Redraws by itself; rebuilt from the database only when the room changed."""
    current = room(workshop.id, workshop.code)
    with st.container(key="room"):
        st.title(literal(current.workshop.title))
        step_line(current.workshop)
        if current.workshop.closed:
            st.markdown("**This workshop is closed.** Answers are kept.")
        else:
            join_banner(current.workshop)
        charts, wall = st.columns([3, 2], gap="large")
        with charts:
            room_charts(current)
        with wall:
            st.header("Answer wall")
            room_wall_view(current)


live()
