"""Principles check: where the workbook's plan departs from the guide's advice, and where to fix it."""

import streamlit as st
from streamlit.errors import StreamlitAPIException

from ioi_core.checks.principles import check_principles
from ioi_ui.content_views import passage
from ioi_ui.page import page_top, workbook_or_stop

pack = page_top(__file__, "Principles check")

st.markdown(pack.principles_check.intro)
st.markdown(passage(pack.principles_check.principles_intro))
stored = workbook_or_stop(save_status=False)

findings = check_principles(pack, stored.workbook)
if not findings:
    st.success("Your plan follows the guide's advice on every point this check looks at.")
for finding in findings:
    with st.container(border=True):
        st.subheader(finding.title)
        st.markdown(finding.message)
        st.markdown(passage(finding.guide_reason))
        st.markdown(f"**What to do:** {finding.fix_hint}")
        try:
            st.page_link(finding.fix_page, label="Go and fix it", icon=":material/arrow_forward:")
        except StreamlitAPIException:  # the page was run on its own, without the navigation
            pass
