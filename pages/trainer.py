"""Trainer: the control view of a workshop. Opens with the trainer key typed once per browser session
(never in the address); the room's own view, without key or controls, is the Projector view page.
Each section is drawn by ioi_ui/trainer_views.py."""

import streamlit as st

from ioi_ui import trainer_views as views
from ioi_ui.page import page_top
from ioi_ui.workshop_state import scrub_trainer_param, trainer_session

pack = page_top(__file__, "Trainer")
scrub_trainer_param()
views.url_key_refused()
session = trainer_session()

if session is None:
    views.create_or_open(pack.pages.exercise_names)  # content/pages.yaml
    st.stop()

workshop, key = session
views.key_to_save(key)
views.heading(workshop)

live_tab, pace_tab, wall_tab, tables_tab, control_tab = st.tabs(
    ["The room, live", "Pacing", "Answer wall", "Tables", "Reveal, export, close"]
)
with live_tab:
    views.live_room(workshop)
with pace_tab:
    views.pacing(workshop, key)
with wall_tab:
    views.wall_moderation(workshop, key)
with tables_tab:
    views.tables(workshop, key)
with control_tab:
    views.reveals(workshop, key)
    views.export(pack, workshop)
    views.close_or_reopen(workshop, key)
    views.lost_link(workshop, key)
    views.next_cohort(key)
