"""Trainer: the control view of a workshop. Opens with the trainer key typed once per browser session
(never in the address); the room's own view, without key or controls, is the Projector view page."""

import streamlit as st

from ioi_core.markdown_safety import literal
from ioi_core.workshop_aggregates import WALL_QUESTIONS, people_table, responses_xlsx, wall_answers
from ioi_core.workshops import EXERCISES, WorkshopError
from ioi_ui.resources import content
from ioi_ui.shell import ensure_shell
from ioi_ui.workshop_state import (
    KEY_TO_ACKNOWLEDGE,
    URL_KEY_REFUSED,
    room,
    scrub_trainer_param,
    sign_in_trainer,
    sign_out_trainer,
    throttle,
    trainer_session,
    workshops,
)
from ioi_ui.workshop_views import LIVE_SECONDS, join_link, projector_link, room_charts

ensure_shell(__file__)
scrub_trainer_param()

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
if st.session_state.pop(URL_KEY_REFUSED, False):
    st.warning(
        "A trainer key in the page address no longer opens the controls, and it has been removed from "
        "the address. Type your key below instead (once per browser session)."
    )
session = trainer_session()

if session is None:
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
                sign_in_trainer(key, new=True)
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
                    sign_in_trainer(typed.strip())
                    st.rerun()
    st.stop()

workshop, key = session
if st.session_state.get(KEY_TO_ACKNOWLEDGE) == key:
    with st.container(border=True):
        st.warning(
            "**Your trainer key** — copy it somewhere safe now (a password manager). It is the only way "
            "back into these controls, and it is shown only until you confirm you have saved it. Do not "
            "put this page on the projector: use the Projector view."
        )
        st.code(key, language=None)
        if st.button("I have saved my key — hide it", type="primary"):
            st.session_state.pop(KEY_TO_ACKNOWLEDGE, None)
            st.rerun()

st.header(literal(workshop.title) + (" (closed)" if workshop.closed else ""))
st.markdown(f"Join code **{workshop.code}** · participants join at `{join_link(workshop)}`")
with st.container(horizontal=True):
    st.link_button("Open the projector view", projector_link(workshop), icon=":material/cast:", type="primary")
    if st.button("Sign out of these controls"):
        sign_out_trainer()
        st.rerun()


@st.fragment(run_every=LIVE_SECONDS)
def live_view() -> None:
    """The room, redrawn by itself; who is where is for the trainer only (not on the projector)."""
    current = room(workshop.id, workshop.code)
    with st.expander("Who is where (only on this view)", expanded=True):
        people = people_table(current.participants, current.workshop.settings.exercises)
        if people.empty:
            st.markdown("People appear here as they join.")
        else:
            st.dataframe(
                people,
                hide_index=True,
                width="stretch",
                column_config={"Last saved": st.column_config.DatetimeColumn(format="HH:mm:ss")},
            )
    room_charts(current)


def _set_wall(field: str, widget_key: str) -> None:
    value = st.session_state.get(widget_key)
    if value is not None:
        workshops().update_settings(key, lambda s: setattr(s, field, value))


@st.fragment(run_every=LIVE_SECONDS)
def moderation() -> None:
    """Each answer to the wall's question with its own Show / Hide; new answers appear by themselves.
    Changes are made in callbacks, so the fragment's own redraw already shows them."""
    current = room(workshop.id, workshop.code)
    settings = current.workshop.settings
    options = list(WALL_QUESTIONS)
    st.session_state["wall-question"] = settings.wall_question if settings.wall_question in options else None
    chosen = st.selectbox(
        "Question on the wall",
        options,
        format_func=WALL_QUESTIONS.get,
        placeholder="Choose the question the room sees…",
        key="wall-question",
        on_change=_set_wall,
        args=("wall_question", "wall-question"),
    )
    st.session_state["wall-anonymous"] = settings.wall_anonymous
    anonymous = st.toggle(
        "Anonymous on the wall", key="wall-anonymous", on_change=_set_wall, args=("wall_anonymous", "wall-anonymous")
    )
    if not chosen:
        return
    found = wall_answers(current.participants, chosen, anonymous, settings.wall_approved)
    on_wall = sum(a.on_wall for a in found)
    st.markdown(f"{len(found)} answer(s), {on_wall} on the wall.")
    if not found:
        st.markdown("No answers to this question yet.")
    for answer in found:
        with st.container(border=True, key=f"wall-card-{answer.workbook_id}"):
            st.markdown(f"**{literal(answer.author)}** · *{answer.status.value}*")
            st.markdown(literal(answer.text))
            if answer.on_wall:
                st.button(
                    "Hide from the wall",
                    key=f"hide:{answer.workbook_id}:{chosen}",
                    on_click=workshops().hide_answer,
                    args=(key, answer.workbook_id, chosen),
                )
            else:
                # Approves exactly the text shown here: a later edit takes it off the wall again.
                st.button(
                    "Show on the wall",
                    key=f"show:{answer.workbook_id}:{chosen}",
                    type="primary",
                    on_click=workshops().approve_answer,
                    args=(key, answer.workbook_id, chosen, answer.text),
                )


live_tab, wall_tab, control_tab = st.tabs(["The room, live", "Answer wall", "Reveal, export, close"])
with live_tab:
    live_view()
with wall_tab:
    moderation()
with control_tab:
    st.subheader("Reveal the guide's worked examples")
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

    st.subheader("Export")
    st.download_button(
        "Export all responses (.xlsx)",
        # Built from the database when clicked, so it holds every answer given up to that moment.
        lambda: responses_xlsx(pack, workshops().participants(workshop.id)),
        file_name=f"workshop-{workshop.code}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )

    st.subheader("Close or reopen")
    if workshop.closed:
        st.markdown("This workshop is **closed**: nobody can join, and participants' answers are read-only.")
        if st.button("Reopen workshop"):
            workshops().reopen(key)
            st.rerun()
    else:
        confirm = st.checkbox("Close this workshop: no new joins; answers are kept, read-only")
        if st.button("Close workshop", disabled=not confirm):
            workshops().close(key)
            st.rerun()
