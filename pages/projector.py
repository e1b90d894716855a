"""Projector view: the join code, the room's live charts and the moderated answer wall. No key, no
controls: safe to put on a screen. It updates itself; open it from the Trainer page or by its code.
Drawn by ioi_ui/workshop_views.py."""

import streamlit as st

from ioi_ui.page import page_top
from ioi_ui.workshop_views import projector_code_form, projector_room, projector_workshop

page_top(__file__)
st.set_page_config(initial_sidebar_state="collapsed")  # the screen is for the room; the menu folds away

workshop = projector_workshop()
if workshop is None:
    projector_code_form()
    st.stop()
projector_room(workshop)
