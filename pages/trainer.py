"""Trainer: create a workshop, show the join code, watch the room live, reveal examples, export answers."""

import html
import io

import altair as alt
import segno
import streamlit as st

from ioi_core.markdown_safety import literal
from ioi_core.workshop_aggregates import (
    WALL_QUESTIONS,
    barriers_rated_high,
    exercise1_choices,
    indicator_shift,
    progress_table,
    responses_xlsx,
    stakeholder_groups,
    wall_answers,
)
from ioi_core.workshops import EXERCISES, WorkshopError
from ioi_ui.resources import content
from ioi_ui.shell import ensure_shell
from ioi_ui.workbook_session import app_base_url
from ioi_ui.workshop_state import throttle, workshops

ensure_shell(__file__)

pack = content()
EXERCISE_NAMES = {
    "exercise1": "Exercise 1",
    "exercise2": "Exercise 2",
    "theory_of_change": "Your Theory of Change",
    "stakeholders": "Stakeholders",
    "barriers": "Barriers",
    "evaluation": "Evaluation",
}

st.title("Trainer")
trainer_key = st.session_state.get("trainer_key") or st.query_params.get("trainer")
workshop = None
if trainer_key:
    try:
        workshop = workshops().by_trainer_key(trainer_key)
        st.session_state["trainer_key"] = trainer_key
        st.query_params["trainer"] = trainer_key
    except WorkshopError as exc:
        st.error(str(exc))
        st.session_state.pop("trainer_key", None)
        st.query_params.pop("trainer", None)

if workshop is None:
    st.markdown(
        "Run an exercise live with a room: participants join with a short code and answer on their own devices."
    )
    create_tab, open_tab = st.tabs(["Create a workshop", "Open my workshop"])
    with create_tab, st.form("create-workshop"):
        title = st.text_input("Workshop title", max_chars=200)
        organisation = st.text_input("Organisation (optional)", max_chars=300)
        exercises = st.multiselect(
            "Exercises", list(EXERCISES), default=["exercise1", "exercise2"], format_func=EXERCISE_NAMES.get
        )
        if st.form_submit_button("Create workshop", type="primary"):
            try:
                created, key = workshops().create(title, exercises, organisation)
            except WorkshopError as exc:
                st.error(str(exc))
            else:
                st.session_state["trainer_key"] = key
                st.session_state["new_trainer_key"] = key
                st.rerun()
    with open_tab, st.form("open-workshop"):
        typed = st.text_input("Trainer key", type="password")
        if st.form_submit_button("Open"):
            guard = throttle()
            if guard.wait_seconds() > 0:
                st.error(f"Too many wrong keys. Wait {guard.wait_seconds():.0f} seconds, then try again.")
            else:
                try:
                    workshops().by_trainer_key(typed.strip())
                except WorkshopError as exc:
                    guard.failed()
                    st.error(str(exc))
                else:
                    guard.succeeded()
                    st.session_state["trainer_key"] = typed.strip()
                    st.rerun()
    st.stop()

key = st.session_state["trainer_key"]
if st.session_state.pop("new_trainer_key", None):
    st.warning(
        "**Your trainer key** — keep it secret and safe: it is shown once and is the only way back into this view."
    )
    st.code(key, language=None)

join_link = f"{app_base_url()}?join={workshop.code}"
st.header(literal(workshop.title) + (" (closed)" if workshop.closed else ""))
code_col, qr_col = st.columns([3, 1])
with code_col:
    st.markdown("Join at the link below or on the Start page, with the code:")
    st.markdown(
        f"<p style='font-size:5rem;font-weight:700;letter-spacing:.5rem;margin:0' aria-label='Join code'>{html.escape(workshop.code)}</p>",
        unsafe_allow_html=True,
    )
    st.code(join_link, language=None, wrap_lines=True)
with qr_col:
    buffer = io.BytesIO()
    segno.make(join_link, error="m").save(buffer, kind="png", scale=6, border=2)
    st.image(buffer.getvalue(), caption="Scan to join", width=200)


@st.fragment(run_every=5)
def live_view() -> None:
    """Redraws every few seconds on its own, without redrawing the rest of the page."""
    participants = workshops().participants(workshop.id)
    st.metric("Participants joined", len(participants))
    if not participants:
        st.markdown("Nobody has joined yet.")
        return
    st.dataframe(progress_table(participants), hide_index=True, width="stretch")
    if "exercise1" in workshop.settings.exercises:
        st.subheader("Exercise 1: domains the room chose, per type")
        choices = exercise1_choices(pack, participants)
        st.altair_chart(
            alt.Chart(choices)
            .mark_bar()
            .encode(
                x=alt.X("count:Q", title="Participants", axis=alt.Axis(tickMinStep=1)),
                y=alt.Y("domain:N", title=None, sort=None),
                row=alt.Row(
                    "type:N", title=None, header=alt.Header(labelAngle=0, labelAlign="left", labelFontSize=14)
                ),
                tooltip=["domain", "count"],
            )
            .resolve_scale(y="independent"),
            width="stretch",
        )
    if "exercise2" in workshop.settings.exercises:
        st.subheader("Exercise 2: indicators picked in Part 1 and Part 2")
        shift = indicator_shift(pack, participants)
        if shift.empty:
            st.markdown("No indicators picked yet.")
        else:
            st.dataframe(shift, hide_index=True, width="stretch")
    if "stakeholders" in workshop.settings.exercises:
        st.subheader("Stakeholder groups present across the room")
        st.dataframe(stakeholder_groups(pack, participants), hide_index=True, width="stretch")
    if "barriers" in workshop.settings.exercises:
        st.subheader("Barrier areas rated high")
        st.dataframe(barriers_rated_high(pack, participants), hide_index=True, width="stretch")


live_view()

st.header("Reveal the guide's worked examples")
for what, label_text in (
    ("exercise1_example", "Exercise 1: the Friendship Club example"),
    ("exercise2_samples", "Exercise 2: the sample answers"),
):
    shown = what in workshop.settings.revealed
    if st.toggle(label_text, value=shown, key=f"reveal-{what}") != shown:
        workshops().update_settings(
            key, lambda s, w=what, on=not shown: s.revealed.append(w) if on else s.revealed.remove(w)
        )
        st.rerun()

st.header("Answer wall")
question = st.selectbox("Question", list(WALL_QUESTIONS), format_func=WALL_QUESTIONS.get)
anonymous = st.toggle("Anonymous", value=True)
answers = wall_answers(workshops().participants(workshop.id), question, anonymous)
if not answers:
    st.markdown("No answers to this question yet.")
for answer in answers:
    on_wall = answer.workbook_id in workshop.settings.wall_shown
    with st.container(border=True):
        st.markdown(
            f"**{literal(answer.author)}:** " + literal(answer.text)
            if on_wall
            else f"*{answer.author}: hidden from the wall*"
        )
        if st.button("Hide" if on_wall else "Show", key=f"wall-{answer.workbook_id}"):
            workshops().update_settings(
                key,
                lambda s, i=answer.workbook_id, on=on_wall: (
                    s.wall_shown.remove(i) if on else s.wall_shown.append(i)
                ),
            )
            st.rerun()

st.header("Export and close")
st.download_button(
    "Export all responses (.xlsx)",
    # Built from the database when clicked, so it holds every answer given up to that moment.
    lambda: responses_xlsx(pack, workshops().participants(workshop.id)),
    file_name=f"workshop-{workshop.code}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
if not workshop.closed:
    confirm = st.checkbox("Close this workshop: no new joins; answers are kept, read-only")
    if st.button("Close workshop", disabled=not confirm):
        workshops().close(key)
        st.rerun()
