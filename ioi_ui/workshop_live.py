"""What reaches a participant's page by itself while a workshop runs: reveals, the room's current
step (with its countdown) and "workshop closed".

Why a fragment and not a rerun of the page: every answer widget is handed its value on every full
run (`ioi_ui/answers.py`), so a full run started by a timer would put the stored answer back over
text a participant is still typing (not yet committed by leaving the box). `room_banner` draws a
small fragment near the top of every page that re-runs on its own every few seconds; a fragment run
re-sends only its own elements, so boxes elsewhere on the page (and the text in them) are untouched.
Each check is one indexed read of one row (the workshop's reveals, step and whether it is closed).
The page also reports where the participant is (one small write on a page change and at most every
`PRESENCE_SECONDS`), for the trainer's "who is where"; never shown on the projector.

The revealed sections themselves (Exercise 1's worked example, Exercise 2's sample answers) are
fragments of their own pages that look again on the same beat, so they appear without a click.
Boxes made read-only by closing wait for the participant's own next action; a save made meanwhile
in a closed workshop is refused by the store ("Not saved: … read-only") and the text is kept.
"""

from __future__ import annotations

import time

import streamlit as st

from ioi_core.store.workbooks import StoredWorkbook
from ioi_core.store.workshops import (
    EXERCISES,
    PRESENCE_SECONDS,
    REVEALS,
    RoomState,
    Step,
    format_countdown,
    seconds_left,
    steps,
)
from ioi_ui.shell import page_drawn, run_number
from ioi_ui.workbook_session import current, open_key
from ioi_ui.workshop_join import remember_join_here, show_resume_code_once, show_table_joined_once
from ioi_ui.workshop_state import workshops

POLL_SECONDS = 3
_WORKSHOP_OF = "live:workshop_of"  # session state: workbook id -> workshop id (or None)
_STATE_THIS_RUN = "live:room_state"  # session state: (run, workshop id, RoomState) read this run
_TABLE_OF = "live:table_of"  # session state: workbook id -> whether it is a table's shared workbook
_PRESENCE = "live:presence"  # session state: (page, monotonic time) last reported

CLOSED_MESSAGE = (
    "The trainer has closed this workshop. Your answers are saved and kept, and can no longer be "
    "changed. Ask your trainer if you need it reopened."
)


def _workshop_id(stored: StoredWorkbook) -> str | None:
    known: dict[str, str | None] = st.session_state.setdefault(_WORKSHOP_OF, {})
    if stored.id not in known:
        workshop = workshops().workshop_of(stored.id)
        known[stored.id] = workshop.id if workshop else None
    return known[stored.id]


def is_table(stored: StoredWorkbook) -> bool:
    """Whether the open workbook is a table's, shared by the people at it (asked once per session)."""
    known: dict[str, bool] = st.session_state.setdefault(_TABLE_OF, {})
    if stored.id not in known:
        known[stored.id] = workshops().table_of(stored.id) is not None
    return known[stored.id]


def room_state(stored: StoredWorkbook | None) -> RoomState | None:
    """The open workbook's workshop as it is now (read once per run), or None if it is in none."""
    if stored is None or not stored.workbook.meta.workshop_code:
        return None
    workshop_id = _workshop_id(stored)
    if workshop_id is None:
        return None
    run = run_number()
    read = st.session_state.get(_STATE_THIS_RUN)
    if run is not None and read is not None and read[0] == run and read[1] == workshop_id:
        return read[2]  # type: ignore[no-any-return]
    state = workshops().room_state(workshop_id)
    st.session_state[_STATE_THIS_RUN] = (run, workshop_id, state)
    return state


def editing_closed(stored: StoredWorkbook | None) -> str | None:
    """Why the open workbook's answers cannot be changed now (its workshop is closed), else None.

    For answer widgets: `disabled=bool(reason)` and the reason shown beside them. One cheap read per
    run, shared with the banner."""
    state = room_state(stored)
    return CLOSED_MESSAGE if state is not None and state.closed else None


def _report_presence(workshop_id: str, workbook_id: str, page: str) -> None:
    """One small write on a page change, else at most every PRESENCE_SECONDS."""
    last = st.session_state.get(_PRESENCE)
    if last is not None and last[0] == page and time.monotonic() - last[1] < PRESENCE_SECONDS:
        return
    st.session_state[_PRESENCE] = (page, time.monotonic())
    try:
        workshops().safe_touch(workshop_id, workbook_id, page)
    except Exception:  # noqa: BLE001 - presence is a courtesy; a storage fault never disturbs the page
        pass


def step_of(step_id: str | None) -> Step | None:
    return next((s for s in steps(EXERCISES) if s.id == step_id), None) if step_id else None


def room_banner() -> None:
    """Near the top of every page of a participant in a workshop: what changed in the room, live."""
    remember_join_here()
    show_resume_code_once()
    show_table_joined_once()
    stored = current()
    drawn = room_state(stored)
    if stored is None or drawn is None:
        return
    page = page_drawn()  # for the trainer's "who is where"
    _report_presence(_workshop_id(stored) or "", stored.id, page)
    _live(_workshop_id(stored) or "", drawn, stored.id, page, stored.version if is_table(stored) else None)


def _step_banner(now: RoomState, page: str) -> None:
    """Where the trainer has moved the room, its countdown, and a button to go there."""
    step = step_of(now.step)
    if step is None:
        return
    left = seconds_left(now.step_until)
    timing = ""
    if left is not None:
        timing = " · **time is up**" if left == 0 else f" · **{format_countdown(left)}** left"
    st.info(f"**The room is now on:** {step.title}{timing}", icon=":material/flag:")
    if page != step.page.removeprefix("pages/").removesuffix(".py"):
        key = open_key()
        if st.button("Go there", key=f"room-step-{step.id}", icon=":material/arrow_forward:"):
            st.switch_page(step.page, query_params={"wb": key} if key else None)


def _table_changed(workbook_id: str, drawn_version: int | None) -> None:
    """At a table, others save into the same workbook: say so, and show their answers on a click
    (never by itself — a full run would put stored answers over text still being typed here)."""
    if drawn_version is None or not workbook_id:
        return
    try:
        now = workshops().workbooks.version_of(workbook_id)
    except Exception:  # noqa: BLE001 - a courtesy: a storage fault never disturbs the page
        return
    if now is not None and now > drawn_version:
        st.info("**Someone at your table saved answers.**", icon=":material/groups:")
        if st.button("Show their answers", key="table-refresh"):
            st.rerun(scope="app")  # a click: any box being typed in was left (and saved) first


@st.fragment(run_every=POLL_SECONDS)
def _live(
    workshop_id: str, drawn: RoomState, workbook_id: str = "", page: str = "", version: int | None = None
) -> None:
    now = workshops().room_state(workshop_id) or drawn
    if workbook_id:
        _report_presence(workshop_id, workbook_id, page)
    with st.container(key="room-banner"):
        _table_changed(workbook_id, version)
        if not now.closed:
            _step_banner(now, page)
        if now.closed:
            st.error(f"**Workshop closed.** {CLOSED_MESSAGE}", icon=":material/lock:")
        elif drawn.closed:
            st.success("**The trainer reopened the workshop.** You can change your answers again.")
            if st.button("Continue", key="room-reopened"):
                st.rerun(scope="app")  # a click: any box being typed in was left (and saved) first
        for what in now.revealed:
            reveal = next((r for r in REVEALS if r.id == what), None)
            if what in drawn.revealed or reveal is None:
                continue
            words, page = reveal.words, reveal.page
            st.info(f"**Your trainer has revealed** {words}.", icon=":material/campaign:")
            if st.button("Show it", key=f"room-reveal-{what}"):
                st.switch_page(page)
