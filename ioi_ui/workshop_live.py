"""What reaches a participant's page by itself while a workshop runs: reveals and "workshop closed".

Why a fragment and not a rerun of the page: every answer widget is handed its value on every full
run (`ioi_ui/answers.py`), so a full run started by a timer would put the stored answer back over
text a participant is still typing (not yet committed by leaving the box). `room_banner` draws a
small fragment near the top of every page that re-runs on its own every few seconds; a fragment run
re-sends only its own elements, so boxes elsewhere on the page (and the text in them) are untouched.
Each check is one indexed read of one row (the workshop's reveals and whether it is closed).

The revealed sections themselves (Exercise 1's worked example, Exercise 2's sample answers) are
fragments of their own pages that look again on the same beat, so they appear without a click.
Boxes made read-only by closing wait for the participant's own next action; a save made meanwhile
in a closed workshop is refused by the store ("Not saved: … read-only") and the text is kept.
"""

from __future__ import annotations

import streamlit as st

from ioi_core.store import StoredWorkbook
from ioi_core.workshops import RoomState
from ioi_ui.workbook_session import _this_run, current
from ioi_ui.workshop_join import remember_join_here
from ioi_ui.workshop_state import workshops

POLL_SECONDS = 3
_WORKSHOP_OF = "live:workshop_of"  # session state: workbook id -> workshop id (or None)
_STATE_THIS_RUN = "live:room_state"  # session state: (run, workshop id, RoomState) read this run

# What the trainer can reveal: the words for the banner and the page it is on.
REVEALS = {
    "exercise1_example": ("the guide's worked example for Exercise 1 (the Friendship Club)", "pages/exercise1.py"),
    "exercise2_samples": ("the guide's sample answers for Exercise 2", "pages/exercise2.py"),
}
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


def room_state(stored: StoredWorkbook | None) -> RoomState | None:
    """The open workbook's workshop as it is now (read once per run), or None if it is in none."""
    if stored is None or not stored.workbook.meta.workshop_code:
        return None
    workshop_id = _workshop_id(stored)
    if workshop_id is None:
        return None
    run = _this_run()
    read = st.session_state.get(_STATE_THIS_RUN)
    if run is not None and read is not None and read[0] is run and read[1] == workshop_id:
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


def room_banner() -> None:
    """Near the top of every page of a participant in a workshop: what changed in the room, live."""
    remember_join_here()
    stored = current()
    drawn = room_state(stored)
    if stored is None or drawn is None:
        return
    _live(_workshop_id(stored) or "", drawn)


@st.fragment(run_every=POLL_SECONDS)
def _live(workshop_id: str, drawn: RoomState) -> None:
    now = workshops().room_state(workshop_id) or drawn
    with st.container(key="room-banner"):
        if now.closed:
            st.error(f"**Workshop closed.** {CLOSED_MESSAGE}", icon=":material/lock:")
        elif drawn.closed:
            st.success("**The trainer reopened the workshop.** You can change your answers again.")
            if st.button("Continue", key="room-reopened"):
                st.rerun(scope="app")  # a click: any box being typed in was left (and saved) first
        for what in now.revealed:
            if what in drawn.revealed or what not in REVEALS:
                continue
            words, page = REVEALS[what]
            st.info(f"**Your trainer has revealed** {words}.", icon=":material/campaign:")
            if st.button("Show it", key=f"room-reveal-{what}"):
                st.switch_page(page)
