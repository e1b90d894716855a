"""IOI Workbook: the entry point. Navigation, the open workbook, and the shared sidebar."""

import logging

import streamlit as st

from ioi_ui import streamlit_fixes
from ioi_ui.navigation import PAGE_NAMES, menu
from ioi_ui.shell import mark_shell, requested_page, shell_run
from ioi_ui.sidebar import draw_sidebar
from ioi_ui.workbook_session import sync_query_params
from ioi_ui.workshop_live import room_banner
from ioi_ui.workshop_state import scrub_trainer_param

streamlit_fixes.apply()  # a menu click while typing must not lose the text (see the module)
st.set_page_config(page_title="IOI Workbook", page_icon=":material/menu_book:", layout="wide")
mark_shell()
sync_query_params()
scrub_trainer_param()  # a trainer key never rides in the address (old links put it there)

log = logging.getLogger("ioi_workbook")
APOLOGY = (
    "Sorry — something went wrong on this page. Your saved answers are safe. Reload the page; "
    "if it happens again, tell your trainer or administrator (the problem has been logged)."
)

navigation = st.navigation(menu(), expanded=True)
deep_link = requested_page()
if deep_link in PAGE_NAMES:  # only a page of the menu: the name is never joined to a path
    st.switch_page(PAGE_NAMES[deep_link], query_params=st.query_params.to_dict())  # e.g. ?code= kept
try:
    with shell_run(navigation.url_path or "start"):  # before anything reads the open workbook
        draw_sidebar()
        room_banner()  # a participant in a workshop: reveals and "closed" arrive by themselves
        navigation.run()
except Exception:  # Streamlit's own rerun/stop signals are BaseException and pass through
    log.exception("Page %r failed", navigation.title)
    st.error(APOLOGY, icon=":material/error:")
