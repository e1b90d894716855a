"""IOI Workbook: the entry point. Navigation, the open workbook, and the shared sidebar."""

import logging
from pathlib import Path

import streamlit as st

from ioi_ui.shell import mark_shell, requested_page
from ioi_ui.sidebar import draw_sidebar
from ioi_ui.workbook_session import sync_query_params

st.set_page_config(page_title="IOI Workbook", page_icon=":material/menu_book:", layout="wide")
mark_shell()
sync_query_params()

PAGES = {
    "Your workbook": [
        st.Page("pages/start.py", title="Start", icon=":material/home:", default=True),
    ],
    "Indicators": [
        st.Page("pages/indicator_bank.py", title="Indicator bank", icon=":material/search:"),
    ],
    "Exercises": [
        st.Page(
            "pages/exercise1.py", title="Exercise 1 — Thinking with the framework", icon=":material/route:"
        ),
        st.Page(
            "pages/exercise2.py", title="Exercise 2 — Part 1 vs Part 2", icon=":material/compare_arrows:"
        ),
        st.Page("pages/theory_of_change.py", title="Your Theory of Change", icon=":material/account_tree:"),
        st.Page("pages/stakeholders.py", title="Stakeholders", icon=":material/groups:"),
        st.Page("pages/barriers.py", title="Barriers", icon=":material/block:"),
        st.Page("pages/evaluation.py", title="Evaluation and measuring change", icon=":material/monitoring:"),
        st.Page("pages/principles_check.py", title="Principles check", icon=":material/fact_check:"),
    ],
    "Take it home": [
        st.Page("pages/report.py", title="Report & export", icon=":material/download:"),
    ],
    "Workshops": [
        st.Page("pages/trainer.py", title="Trainer", icon=":material/co_present:"),
    ],
    "Learn": [
        st.Page("pages/framework.py", title="The framework", icon=":material/hub:"),
        st.Page("pages/integration_star.py", title="Integration Star crosswalk", icon=":material/star:"),
        st.Page("pages/regional_context.py", title="Regional context", icon=":material/map:"),
        st.Page("pages/about.py", title="About & sources", icon=":material/info:"),
    ],
}

log = logging.getLogger("ioi_workbook")
ROOT = Path(__file__).resolve().parent
APOLOGY = (
    "Sorry — something went wrong on this page. Your saved answers are safe. Reload the page; "
    "if it happens again, tell your trainer or administrator (the problem has been logged)."
)

navigation = st.navigation(PAGES, expanded=True)
deep_link = requested_page()
if deep_link and (ROOT / "pages" / f"{deep_link}.py").exists():
    st.switch_page(f"pages/{deep_link}.py")
try:
    draw_sidebar()
    navigation.run()
except Exception:  # Streamlit's own rerun/stop signals are BaseException and pass through
    log.exception("Page %r failed", navigation.title)
    st.error(APOLOGY, icon=":material/error:")
