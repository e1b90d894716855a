"""Joining a workshop, and getting back into it without making a second, blank participant.

The join link carries only the workshop's code (it is printed on a projector), so it cannot say who
someone is. Two honest ways back in:

- **This device remembers.** After joining, the browser's own storage (`localStorage`, never sent to
  the server by itself, no cookie) keeps the workbook's key under the workshop's code. Scanning the
  QR code again on the same browser offers "Continue with my workbook"; the key is checked against
  the workshop before it opens anything. Another device or a private window does not know it.
- **A personal resume code.** On joining, each participant is shown a short code of their own once
  ("write this down"); with the workshop's code it opens their workbook from any device (and gives
  it a new link: the lost one stops working). Only its hash is stored. The trainer can also re-issue
  someone's link from the control view.
- **Tables.** When the trainer has set up tables (small groups), a participant chooses one: everyone at
  a table shares its workbook. Getting back in is joining again and choosing the same table.
- **Same name, asked.** Joining under a name someone in the workshop already uses asks first: if it
  is you, open your workbook with your link (a name alone never opens a workbook: anyone could type
  it); if not, join as a new participant.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from ioi_core.store.workshops import Table, WorkshopError, normalise_code, show_resume_code
from ioi_core.text.markdown_safety import literal
from ioi_ui.storage_errors import reported
from ioi_ui.workbook_session import open_workbook
from ioi_ui.workshop_state import client_address, limiter, workshops

_TO_REMEMBER = "join:remember"  # session state: {code, key, name} to write into this browser's storage
_SAME_NAME = "join:same-name"  # session state: (code, name) waiting for "join as a new participant"
RESUME_TO_SHOW = "join:resume-code"  # session state: the resume code, shown until written down
TABLE_JOINED = "join:table"  # session state: the table just joined, named until acknowledged
_TABLES_OF = "join:tables-of"  # session state: (code, tables) checked for the join link's code
_ON_MY_OWN = "own"
_CHOOSE_TABLE = "join:choose-table"  # session state: a typed code has tables; ask which one first

_JS = """
export default function(component) {
  const { data, setStateValue } = component;
  if (!data || !data.code) { return; }
  const slot = "ioi-workshop-" + data.code;
  try {
    if (data.remember) {
      window.localStorage.setItem(slot, JSON.stringify(data.remember));
      return;
    }
    const found = JSON.parse(window.localStorage.getItem(slot) || "null");
    if (found && found.key) { setStateValue("remembered", found); }
  } catch (e) { /* storage off (private mode): nothing remembered */ }
}
"""
_device = st.components.v2.component("ioi_workshop_device", js=_JS)


def remember_join_here() -> None:
    """Write the workbook just joined into this browser's storage (once, on the run after joining)."""
    remember = st.session_state.pop(_TO_REMEMBER, None)
    if remember:
        _device(data={"code": remember["code"], "remember": remember}, key=f"ioi-remember-{remember['code']}")


def _joined(code: str, key: str, name: str, resume: str | None = None, table: str | None = None) -> None:
    st.query_params.pop("join", None)
    st.session_state.pop(_CHOOSE_TABLE, None)
    open_workbook(key)
    st.session_state[_TO_REMEMBER] = {"code": code, "key": key, "name": name}
    st.session_state["just_created"] = True
    if resume:
        st.session_state[RESUME_TO_SHOW] = resume
    if table:
        st.session_state[TABLE_JOINED] = table
    st.rerun()


def show_table_joined_once() -> None:
    """Right after sitting at a table: whose workbook this is and how to get back in."""
    table = st.session_state.get(TABLE_JOINED)
    if not table:
        return
    with st.container(border=True, key="table-joined"):
        st.info(
            f"**You are at {literal(table)}.** Everyone at this table works in this one workbook: each answer "
            "saves on its own, so you can all type at once. If two of you change the same answer, the second "
            "is asked which to keep. To get back in later, join again with the workshop's code and choose "
            "this table.",
            icon=":material/groups:",
        )
        st.button(
            "Got it", key="table-joined-done", on_click=lambda: st.session_state.pop(TABLE_JOINED, None)
        )


def _tables(code: str) -> list[Table]:
    """The tables of the workshop with this code ([] for none or a wrong code). Checked through the
    guessing limiter like a typed code (a link's code could be a guess), once per code per session."""
    code = normalise_code(code)
    if not code:
        return []
    known = st.session_state.get(_TABLES_OF)
    if known and known[0] == code:
        return known[1]  # type: ignore[no-any-return]
    try:
        workshop = limiter().attempt(client_address(), lambda: workshops().by_code(code))
        tables = workshops().tables(workshop.id)
    except WorkshopError:
        tables = []
    st.session_state[_TABLES_OF] = (code, tables)
    return tables


def show_resume_code_once() -> None:
    """Right after joining: the participant's resume code, until they say they wrote it down."""
    resume = st.session_state.get(RESUME_TO_SHOW)
    if not resume:
        return
    with st.container(border=True, key="resume-code"):
        st.warning(
            "**Write this down: your resume code.** If you lose this page, go to Start → *Join a workshop* "
            "→ *Lost your link?* and type the workshop's code and this code to get back to your answers. "
            "It is shown only now.",
            icon=":material/key:",
        )
        st.code(show_resume_code(resume), language=None)
        st.button(
            "I have written it down",
            key="resume-code-done",
            on_click=lambda: st.session_state.pop(RESUME_TO_SHOW, None),
        )


def _remembered(code: str) -> None:
    """If this browser joined this workshop before, offer to continue with that workbook."""
    found: Any = _device(data={"code": code}, key=f"ioi-device-{code}", on_remembered_change=lambda: None)
    remembered = getattr(found, "remembered", None)
    if not isinstance(remembered, dict) or not remembered.get("key"):
        return
    try:
        workshops().rejoin(code, str(remembered["key"]))
    except WorkshopError:
        return  # deleted, or not this workshop's: just join afresh
    who = str(remembered.get("name") or "").strip()
    with st.container(border=True):
        st.markdown(
            "**You joined this workshop on this device before**"
            + (" as " + literal(who) if who else "")
            + ". Continue with your workbook, or join below as a new participant."
        )
        if st.button("Continue with my workbook", type="primary", key="rejoin"):
            open_workbook(str(remembered["key"]))
            st.query_params.pop("join", None)
            st.rerun()


def join_tab(join_code: str) -> None:
    """The "Join a workshop" tab of the Start page."""
    code_from_link = "".join(ch for ch in join_code.upper() if ch.isalnum())
    if code_from_link:
        _remembered(code_from_link)
    asked = st.session_state.get(_CHOOSE_TABLE, "")  # a typed code whose workshop has tables
    seat_code = code_from_link or asked
    tables = _tables(seat_code)
    if tables and asked and not code_from_link:
        st.info("This workshop has tables. Choose where you are working, then press **Join workshop** again.")
    with st.form("join"):
        code = st.text_input("Workshop code", value=join_code, max_chars=12, placeholder="e.g. K7M2QX")
        name = st.text_input("Your name (optional — leave blank to stay anonymous)", max_chars=300)
        seat = _ON_MY_OWN
        if tables:
            names = {t.workbook_id: t.name for t in tables}
            seat = st.radio(
                "Where are you working?",
                [*names, _ON_MY_OWN],
                format_func=lambda v: "On my own" if v == _ON_MY_OWN else f"At {names[v]}",
                help="Your trainer set up tables: everyone at a table shares one workbook.",
                key="join-seat",
            )
        joined = st.form_submit_button("Join workshop", type="primary")
    pending = st.session_state.get(_SAME_NAME)
    if joined:
        st.session_state.pop(_SAME_NAME, None)
        with reported("Joining the workshop"):
            try:
                with st.spinner("Checking the code…"):
                    workshop = limiter().attempt(client_address(), lambda: workshops().by_code(code))
                if not tables and workshops().tables(workshop.id):
                    # A typed code of a workshop with tables: ask where they sit before joining.
                    st.session_state[_TABLES_OF] = (workshop.code, workshops().tables(workshop.id))
                    st.session_state[_CHOOSE_TABLE] = workshop.code
                    st.rerun()
                if seat != _ON_MY_OWN and normalise_code(code) == seat_code:
                    table_name = next(t.name for t in tables if t.workbook_id == seat)
                    key, _ = workshops().join_table(code, seat, name)
                    _joined(workshop.code, key, name, table=table_name)
                if workshops().named(code, name):
                    st.session_state[_SAME_NAME] = (code, name)
                    st.rerun()
                key, _, resume = workshops().join_with_resume(code, name)
            except WorkshopError as exc:
                st.error(str(exc))
                return
            _joined(workshop.code, key, name, resume)
    elif pending:
        code, name = pending
        st.warning(
            f"Someone called “{literal(name)}” has already joined this workshop. If that is you, open your own "
            "workbook with your link (the **Reopen a workbook** tab), with your resume code (below), or on the "
            "device you joined from: a name alone never opens a workbook. If it is not you, join as a new "
            "participant."
        )
        if st.button("Join as a new participant", key="join-same-name"):
            st.session_state.pop(_SAME_NAME, None)
            with reported("Joining the workshop"):
                try:
                    key, _, resume = workshops().join_with_resume(code, name)
                except WorkshopError as exc:
                    st.error(str(exc))
                    return
                _joined(workshops().by_code(code).code, key, name, resume)
    _resume_form(join_code)


def _resume_form(join_code: str) -> None:
    """Lost the link: the workshop's code and the personal resume code open the workbook again."""
    with st.expander("Lost your link? Get back in with your resume code"), st.form("resume"):
        code = st.text_input("The workshop's code", value=join_code, max_chars=12, key="resume-workshop-code")
        resume = st.text_input("Your resume code", max_chars=12, placeholder="e.g. ABCD-EFGH")
        if not st.form_submit_button("Open my workbook"):
            return
        with reported("Opening your workbook"):
            try:
                with st.spinner("Checking the codes…"):
                    key, stored = limiter().attempt(
                        client_address(), lambda: workshops().resume(code, resume)
                    )
            except WorkshopError as exc:
                st.error(str(exc))
                return
            _joined(workshops().by_code(code).code, key, stored.workbook.meta.participant_name)
