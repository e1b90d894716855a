"""Trainer: the control view of a workshop. Opens with the trainer key typed once per browser session
(never in the address); the room's own view, without key or controls, is the Projector view page."""

import streamlit as st

from ioi_core.live.room import WALL_QUESTIONS, export_workshop, people_table, wall_answers
from ioi_core.model.workbook import EXERCISES
from ioi_core.store.workshops import REVEALS, WorkshopError, steps
from ioi_core.text.markdown_safety import literal
from ioi_ui.page import page_top
from ioi_ui.workbook_session import link_for
from ioi_ui.workshop_state import (
    KEY_TO_ACKNOWLEDGE,
    URL_KEY_REFUSED,
    client_address,
    limiter,
    room,
    scrub_trainer_param,
    sign_in_trainer,
    sign_out_trainer,
    trainer_session,
    workshops,
)
from ioi_ui.workshop_views import LIVE_SECONDS, join_link, link_qr, projector_link, room_charts, step_line

pack = page_top(__file__, "Trainer")
scrub_trainer_param()
EXERCISE_NAMES = pack.pages.exercise_names  # content/pages.yaml

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
            try:
                # Slowed per network address and across the server, like join codes (not per tab).
                with st.spinner("Checking the key…"):
                    limiter().attempt(client_address(), lambda: workshops().by_trainer_key(typed.strip()))
            except WorkshopError as exc:
                st.error(str(exc))
            else:
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
    st.link_button(
        "Open the projector view", projector_link(workshop), icon=":material/cast:", type="primary"
    )
    if st.button("Sign out of these controls"):
        sign_out_trainer()
        st.rerun()


@st.fragment(run_every=LIVE_SECONDS)
def live_view() -> None:
    """The room, redrawn by itself; who is where is for the trainer only (not on the projector)."""
    current = room(workshop.id, workshop.code)
    step_line(current.workshop)
    with st.expander("Who is where (only on this view)", expanded=True):
        people = people_table(
            current.participants, current.workshop.settings.exercises, workshops().members(workshop.id)
        )
        if people.empty:
            st.markdown("People appear here as they join.")
        else:
            st.dataframe(
                people,
                hide_index=True,
                width="stretch",
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
        "Anonymous on the wall",
        key="wall-anonymous",
        on_change=_set_wall,
        args=("wall_anonymous", "wall-anonymous"),
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


def _move_room() -> None:
    step = st.session_state.get("step-choice")
    minutes = st.session_state.get("step-minutes") or None
    try:
        workshops().set_step(key, step, minutes)
    except WorkshopError as exc:
        st.session_state["step-error"] = str(exc)


def _add_table() -> None:
    try:
        workshops().add_table(key, st.session_state.get("new-table", ""))
    except WorkshopError as exc:
        st.session_state["table-error"] = str(exc)
    else:
        st.session_state["new-table"] = ""


live_tab, pace_tab, wall_tab, tables_tab, control_tab = st.tabs(
    ["The room, live", "Pacing", "Answer wall", "Tables", "Reveal, export, close"]
)
with live_tab:
    live_view()
with pace_tab:
    st.subheader("Move the room to a step")
    st.markdown(
        "Participants see a banner with the step (and the time left) and a **Go there** button; the "
        "projector shows it too. *Who is where* (first tab) shows who is on it."
    )
    choices = {s.id: s.title for s in steps(workshop.settings.exercises)}
    if workshop.settings.step in choices:
        st.session_state.setdefault("step-choice", workshop.settings.step)
    st.selectbox("Step", list(choices), format_func=choices.get, key="step-choice")
    st.number_input(
        "Countdown in minutes (0 for none)", min_value=0, max_value=180, value=0, step=1, key="step-minutes"
    )
    with st.container(horizontal=True):
        st.button("Move the room to this step", type="primary", on_click=_move_room)
        st.button("Clear the step", on_click=workshops().set_step, args=(key, None))
    if error := st.session_state.pop("step-error", None):
        st.error(error)
with wall_tab:
    moderation()
with tables_tab:
    st.subheader("Tables (small groups)")
    st.markdown(
        "The guide's exercises are done in groups. Add a table for each group: people who join choose "
        "their table (or *On my own*), and everyone at a table works in one shared workbook, each answer "
        "saving on its own. The projector then compares the tables side by side."
    )
    with st.container(horizontal=True, vertical_alignment="bottom"):
        st.text_input("Table name", max_chars=60, placeholder="e.g. Table 1", key="new-table")
        st.button("Add table", on_click=_add_table, icon=":material/add:")
    if error := st.session_state.pop("table-error", None):
        st.error(error)
    tables = workshops().tables(workshop.id)
    if not tables:
        st.markdown("No tables yet: everyone works on their own.")
    for table in tables:
        st.markdown(
            f"- **{literal(table.name)}** — "
            + (literal(", ".join(table.members)) if table.members else "nobody has joined by name yet")
        )
with control_tab:
    st.subheader("Reveal the guide's worked examples")
    for what, label_text in ((r.id, r.label) for r in REVEALS):
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
        lambda: export_workshop(pack, workshops(), workshop),
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

    st.subheader("A participant lost their link")
    st.markdown(
        "Participants can get back in themselves with the resume code they were shown on joining "
        "(Start → Join a workshop → *Lost your link?*). Or make them a new link here: their old link "
        "stops working. Show the QR code to that person only."
    )
    people = [p for p in workshops().participants(workshop.id) if not p.table]
    if people:
        who = st.selectbox(
            "Participant",
            [p.workbook_id for p in people],
            format_func=lambda wid: next(
                f"{n}. {p.name or '(anonymous)'}" for n, p in enumerate(people, 1) if p.workbook_id == wid
            ),
            key="reissue-who",
        )
        if st.button("Make a new link for this participant"):
            st.session_state["reissued"] = link_for(workshops().reissue_link(key, who))
    if reissued := st.session_state.get("reissued"):
        with st.container(border=True):
            st.code(reissued, language=None, wrap_lines=True)
            st.image(link_qr(reissued), caption="Their new link", width=220)
            if st.button("Done — hide this link"):
                st.session_state.pop("reissued", None)
                st.rerun()

    st.subheader("Next cohort")
    st.markdown(
        "A new workshop with the same title, exercises and settings, a new join code and a new trainer "
        "key, and no participants. This workshop stays as it is (open it again with its key)."
    )
    if st.button("Duplicate this workshop for the next cohort"):
        _, new_key = workshops().duplicate(key)
        st.session_state.pop("reissued", None)
        sign_in_trainer(new_key, new=True)
        st.rerun()
