"""The trainer's control view of a live workshop, one function per section: signing in (create a
workshop or open one), the new key to save, the heading with the links, and what the tabs hold (the
room live, pacing, the answer wall, tables, reveals, export, closing, lost links, the next cohort).

Layout only: what is decided, counted or worded is in ioi_core (live/room.py, store/workshops.py).
None of this is for the projector; what the room sees is drawn by workshop_views.py.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from ioi_core.content.pack import ContentPack
from ioi_core.live.room import (
    WALL_QUESTIONS,
    WallAnswer,
    control_heading,
    current_wall_question,
    export_file_name,
    export_workshop,
    people_table,
    reissue_choices,
    table_line,
    wall_answers,
    wall_card_heading,
    wall_tally,
)
from ioi_core.model.workbook import EXERCISES
from ioi_core.store.workshops import REVEALS, Workshop, WorkshopError, countdown_minutes, step_choices
from ioi_core.text.markdown_safety import literal
from ioi_ui.workbook_session import link_for
from ioi_ui.workshop_state import (
    KEY_TO_ACKNOWLEDGE,
    URL_KEY_REFUSED,
    client_address,
    limiter,
    room,
    sign_in_trainer,
    sign_out_trainer,
    workshops,
)
from ioi_ui.workshop_views import LIVE_SECONDS, join_link, link_qr, projector_link, room_charts, step_line

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def url_key_refused() -> None:
    """Said once after an old link brought a trainer key in the address (already scrubbed from it)."""
    if st.session_state.pop(URL_KEY_REFUSED, False):
        st.warning(
            "A trainer key in the page address no longer opens the controls, and it has been removed from "
            "the address. Type your key below instead (once per browser session)."
        )


def create_or_open(exercise_names: Mapping[str, str]) -> None:
    """Signed out: create a workshop (its new key is then shown to save), or open one with its key."""
    st.markdown(
        "Run an exercise live with a room: participants join with a short code and answer on their own devices."
    )
    create_tab, open_tab = st.tabs(["Create a workshop", "Open my workshop"])
    with create_tab, st.form("create-workshop"):
        title = st.text_input("Workshop title", max_chars=200)
        organisation = st.text_input("Organisation (optional)", max_chars=300)
        exercises = st.multiselect(
            "Exercises", list(EXERCISES), default=["exercise1", "exercise2"], format_func=exercise_names.get
        )
        if st.form_submit_button("Create workshop", type="primary"):
            try:
                _, key = workshops().create(title, exercises, organisation)
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


def key_to_save(key: str) -> None:
    """A new workshop's trainer key, shown until the trainer says it is saved (then never again)."""
    if st.session_state.get(KEY_TO_ACKNOWLEDGE) != key:
        return
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


def heading(workshop: Workshop) -> None:
    """The workshop's title, its join code and link, the projector view's link and signing out."""
    st.header(control_heading(workshop))
    st.markdown(f"Join code **{workshop.code}** · participants join at `{join_link(workshop)}`")
    with st.container(horizontal=True):
        st.link_button(
            "Open the projector view", projector_link(workshop), icon=":material/cast:", type="primary"
        )
        if st.button("Sign out of these controls"):
            sign_out_trainer()
            st.rerun()


@st.fragment(run_every=LIVE_SECONDS)
def live_room(workshop: Workshop) -> None:
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


def _move_room(key: str) -> None:
    step = st.session_state.get("step-choice")
    minutes = countdown_minutes(st.session_state.get("step-minutes"))
    try:
        workshops().set_step(key, step, minutes)
    except WorkshopError as exc:
        st.session_state["step-error"] = str(exc)


def pacing(workshop: Workshop, key: str) -> None:
    """Move the room to a step of the workshop's exercises, with a countdown if wanted."""
    st.subheader("Move the room to a step")
    st.markdown(
        "Participants see a banner with the step (and the time left) and a **Go there** button; the "
        "projector shows it too. *Who is where* (first tab) shows who is on it."
    )
    choices = step_choices(workshop.settings.exercises)
    if workshop.settings.step in choices:
        st.session_state.setdefault("step-choice", workshop.settings.step)
    st.selectbox("Step", list(choices), format_func=choices.get, key="step-choice")
    st.number_input(
        "Countdown in minutes (0 for none)", min_value=0, max_value=180, value=0, step=1, key="step-minutes"
    )
    with st.container(horizontal=True):
        st.button("Move the room to this step", type="primary", on_click=_move_room, args=(key,))
        st.button("Clear the step", on_click=workshops().set_step, args=(key, None))
    if error := st.session_state.pop("step-error", None):
        st.error(error)


def _wall_question_chosen(key: str) -> None:
    if (path := st.session_state.get("wall-question")) is not None:
        workshops().set_wall_question(key, path)


def _wall_anonymity_set(key: str) -> None:
    if (anonymous := st.session_state.get("wall-anonymous")) is not None:
        workshops().set_wall_anonymous(key, anonymous)


@st.fragment(run_every=LIVE_SECONDS)
def wall_moderation(workshop: Workshop, key: str) -> None:
    """Each answer to the wall's question with its own Show / Hide; new answers appear by themselves.
    Changes are made in callbacks, so the fragment's own redraw already shows them."""
    current = room(workshop.id, workshop.code)
    settings = current.workshop.settings
    st.session_state["wall-question"] = current_wall_question(settings)
    chosen = st.selectbox(
        "Question on the wall",
        list(WALL_QUESTIONS),
        format_func=WALL_QUESTIONS.get,
        placeholder="Choose the question the room sees…",
        key="wall-question",
        on_change=_wall_question_chosen,
        args=(key,),
    )
    st.session_state["wall-anonymous"] = settings.wall_anonymous
    anonymous = st.toggle(
        "Anonymous on the wall",
        key="wall-anonymous",
        on_change=_wall_anonymity_set,
        args=(key,),
    )
    if not chosen:
        return
    found = wall_answers(current.participants, chosen, anonymous, settings.wall_approved)
    st.markdown(wall_tally(found))
    if not found:
        st.markdown("No answers to this question yet.")
    for answer in found:
        _wall_card(answer, chosen, key)


def _wall_card(answer: WallAnswer, question: str, key: str) -> None:
    with st.container(border=True, key=f"wall-card-{answer.workbook_id}"):
        st.markdown(wall_card_heading(answer))
        st.markdown(literal(answer.text))
        if answer.on_wall:
            st.button(
                "Hide from the wall",
                key=f"hide:{answer.workbook_id}:{question}",
                on_click=workshops().hide_answer,
                args=(key, answer.workbook_id, question),
            )
        else:
            # Approves exactly the text shown here: a later edit takes it off the wall again.
            st.button(
                "Show on the wall",
                key=f"show:{answer.workbook_id}:{question}",
                type="primary",
                on_click=workshops().approve_answer,
                args=(key, answer.workbook_id, question, answer.text),
            )


def _add_table(key: str) -> None:
    try:
        workshops().add_table(key, st.session_state.get("new-table", ""))
    except WorkshopError as exc:
        st.session_state["table-error"] = str(exc)
    else:
        st.session_state["new-table"] = ""


def tables(workshop: Workshop, key: str) -> None:
    """Add tables (small groups), and who has joined each."""
    st.subheader("Tables (small groups)")
    st.markdown(
        "The guide's exercises are done in groups. Add a table for each group: people who join choose "
        "their table (or *On my own*), and everyone at a table works in one shared workbook, each answer "
        "saving on its own. The projector then compares the tables side by side."
    )
    with st.container(horizontal=True, vertical_alignment="bottom"):
        st.text_input("Table name", max_chars=60, placeholder="e.g. Table 1", key="new-table")
        st.button("Add table", on_click=_add_table, args=(key,), icon=":material/add:")
    if error := st.session_state.pop("table-error", None):
        st.error(error)
    added = workshops().tables(workshop.id)
    if not added:
        st.markdown("No tables yet: everyone works on their own.")
    for table in added:
        st.markdown(table_line(table))


def reveals(workshop: Workshop, key: str) -> None:
    """Reveal the guide's worked examples to the room, or hold them back again."""
    st.subheader("Reveal the guide's worked examples")
    for reveal in REVEALS:
        shown = reveal.id in workshop.settings.revealed
        if st.toggle(reveal.label, value=shown, key=f"reveal-{reveal.id}") != shown:
            workshops().set_revealed(key, reveal.id, not shown)
            st.rerun()


def export(pack: ContentPack, workshop: Workshop) -> None:
    """Every response as a spreadsheet."""
    st.subheader("Export")
    st.download_button(
        "Export all responses (.xlsx)",
        # Built from the database when clicked, so it holds every answer given up to that moment.
        lambda: export_workshop(pack, workshops(), workshop),
        file_name=export_file_name(workshop),
        mime=XLSX_MIME,
    )


def close_or_reopen(workshop: Workshop, key: str) -> None:
    """Close the workshop (after a tick to confirm), or reopen a closed one."""
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


def lost_link(workshop: Workshop, key: str) -> None:
    """A new link (and its QR code) for a participant who lost theirs; the old one stops working."""
    st.subheader("A participant lost their link")
    st.markdown(
        "Participants can get back in themselves with the resume code they were shown on joining "
        "(Start → Join a workshop → *Lost your link?*). Or make them a new link here: their old link "
        "stops working. Show the QR code to that person only."
    )
    people = reissue_choices(workshops().participants(workshop.id))
    if people:
        who = st.selectbox("Participant", list(people), format_func=people.get, key="reissue-who")
        if st.button("Make a new link for this participant"):
            st.session_state["reissued"] = link_for(workshops().reissue_link(key, who))
    if reissued := st.session_state.get("reissued"):
        with st.container(border=True):
            st.code(reissued, language=None, wrap_lines=True)
            st.image(link_qr(reissued), caption="Their new link", width=220)
            if st.button("Done — hide this link"):
                st.session_state.pop("reissued", None)
                st.rerun()


def next_cohort(key: str) -> None:
    """Duplicate the workshop for the next cohort and switch these controls to the copy."""
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
