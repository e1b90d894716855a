"""The sidebar every page shares: which workbook is open and how to get back to it."""

from __future__ import annotations

import streamlit as st

from ioi_core.text.markdown_safety import literal
from ioi_ui.workbook_session import current, link_for, open_key


def draw_sidebar() -> None:
    with st.sidebar:
        stored = current()
        if stored is None:
            st.markdown("**No workbook open.** Start one on the Start page.")
            return
        st.markdown(f"**Open workbook:** {literal(stored.workbook.meta.title)}")
        # Its contents run only while it is open: the sidebar is drawn on every rerun of every page.
        link = st.popover(
            "Link to come back",
            icon=":material/link:",
            width="stretch",
            key="sidebar-link",
            on_change="rerun",
        )
        if link.open:
            with link:
                st.markdown(
                    "Bookmark this page or keep this link: it is the only way back into the workbook."
                )
                st.code(link_for(open_key() or ""), language=None, wrap_lines=True)
