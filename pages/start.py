"""Start: create a workbook, reopen one by its link or key, and see progress through the exercises."""

import streamlit as st
from streamlit.errors import StreamlitAPIException

from ioi_core.checks.principles import check_principles
from ioi_core.checks.progress import Status, progress
from ioi_core.content.models import Nation
from ioi_core.model.workbook import Workbook
from ioi_core.text.markdown_safety import literal
from ioi_ui.answers import choice_answer, show_save_status, text_answer
from ioi_ui.forms import workbook_meta_from_form
from ioi_ui.page import page_top
from ioi_ui.recent_changes import recent_changes
from ioi_ui.resources import content, store
from ioi_ui.storage_errors import reported
from ioi_ui.workbook_session import (
    close_workbook,
    current,
    key_from_user_text,
    link_for,
    open_key,
    open_workbook,
)
from ioi_ui.workshop_join import join_tab as join_tab_contents
from ioi_ui.workshop_live import is_table

page_top(__file__, "IOI Workbook")
st.markdown(
    "Work through the exercises of the IOM *Guide for Practitioners on the Home Office Indicators "
    "of Integration Framework 2019*, and keep your answers in a workbook you can reopen, export "
    "and share."
)
show_save_status()

stored = current()
if stored is None:
    join_code = st.query_params.get("join", "")
    tab_names = ["Create a workbook", "Reopen a workbook", "Join a workshop"]
    if join_code:
        tab_names = [tab_names[2], tab_names[0], tab_names[1]]
    tabs = dict(zip(tab_names, st.tabs(tab_names), strict=True))
    create_tab, reopen_tab, join_tab = (
        tabs["Create a workbook"],
        tabs["Reopen a workbook"],
        tabs["Join a workshop"],
    )
    with join_tab:
        join_tab_contents(join_code)  # ioi_ui/workshop_join.py: joining, and back in without a duplicate
    with create_tab:
        with st.form("create"):
            title = st.text_input("Title", max_chars=200, placeholder="e.g. Friendship café plan")
            organisation = st.text_input("Organisation (optional)", max_chars=300)
            nation = st.selectbox(
                "Nation or region (optional)", list(Nation), index=None, placeholder="Choose…"
            )
            submitted = st.form_submit_button("Create workbook", type="primary")
        if submitted:
            meta, problem = workbook_meta_from_form(title, organisation, nation)
            if problem:
                st.error(problem)
            else:
                with reported("Creating the workbook"):
                    key, _ = store().create(Workbook(meta=meta))
                    open_workbook(key)
                    st.session_state["just_created"] = True
                    st.rerun()
    with reopen_tab:
        with st.form("reopen"):
            typed = st.text_input("Your workbook link or key", type="password")
            reopened = st.form_submit_button("Open workbook")
        if reopened:
            key = key_from_user_text(typed)
            if not key:
                st.error("Paste the link or key you were given when you created the workbook.")
            elif not store().exists(key):
                st.error(
                    "No workbook matches that link or key. Check it was copied in full — "
                    "workbooks can only be opened with their own key."
                )
            else:
                open_workbook(key)
                st.rerun()
    st.stop()

key = open_key() or ""
meta = stored.workbook.meta
if st.session_state.pop("just_created", False):
    st.success("Workbook created. Keep the link below (or bookmark this page): it is the only way back in.")
st.header(literal(meta.title))
details = " · ".join(x for x in [meta.organisation, meta.nation or ""] if x)
if details:
    st.markdown(literal(details))
st.markdown("**Your link** — anyone with it can open and edit this workbook:")
st.code(link_for(key), language=None, wrap_lines=True)

st.subheader("Your progress through the guide")
steps = progress(stored.workbook)
done = sum(step.status == Status.DONE for step in steps)
st.progress(done / len(steps), text=f"{done} of {len(steps)} exercises done")
st.dataframe(
    [{"Exercise": s.name, "Status": s.status.value, "Answered": f"{s.answered} of {s.total}"} for s in steps],
    hide_index=True,
    width="stretch",
)

findings = check_principles(content(), stored.workbook)
st.subheader("Principles check")
if findings:
    st.markdown(
        f"{len(findings)} point(s) where your plan departs from the guide's advice: "
        + "; ".join(f.title.lower() for f in findings)
        + "."
    )
else:
    st.markdown("Your plan follows the guide's advice on every point the check looks at.")
try:
    st.page_link("pages/principles_check.py", label="See the principles check", icon=":material/fact_check:")
except StreamlitAPIException:  # the page was run on its own, without the navigation
    pass

st.subheader("Workbook details")
text_answer(stored, ("meta", "title"))
text_answer(stored, ("meta", "organisation"))
choice_answer(stored, ("meta", "nation"), [n.value for n in Nation], horizontal=True)

recent_changes(key)  # folded by default: reads the history only while open

with st.expander("Close or delete this workbook"):
    if st.button("Close workbook", help="Your answers stay saved; reopen with your link."):
        close_workbook()
        st.rerun()
    shared = is_table(stored)
    if shared:
        st.markdown(
            "This is your table's workbook, shared with everyone at it: it cannot be deleted from here."
        )
    else:
        st.markdown("Deleting removes the workbook and every answer in it **for good**.")
    confirm = st.checkbox("I understand this cannot be undone", disabled=shared)
    if st.button("Delete workbook", type="primary", disabled=shared or not confirm):
        with reported("Deleting the workbook"):
            store().delete(key)
            close_workbook()
            st.rerun()
