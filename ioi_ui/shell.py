"""Make every page run inside the app shell (`app.py`), even when it is the first request.

Until `st.navigation` has run once in a server process, Streamlit resolves a deep link such as
`/exercise1?wb=…` against the `pages/` folder and runs that file alone, without the shared sidebar or
the workbook key handling. A page that finds itself running without the shell hands over to `app.py`,
which then opens the requested page.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.errors import StreamlitAPIException

SHELL_FLAG = "_shell_ran"
TARGET_PARAM = "page"


def ensure_shell(page_file: str) -> None:
    """Call first in every page: if `app.py` did not run this session, restart through it."""
    if st.session_state.get(SHELL_FLAG):
        return
    params = {k: st.query_params.get(k) for k in st.query_params}
    params[TARGET_PARAM] = Path(page_file).stem
    try:
        st.switch_page("app.py", query_params=params)
    except StreamlitAPIException:
        pass  # run on its own on purpose (e.g. AppTest.from_file on the page): render it alone


def mark_shell() -> None:
    st.session_state[SHELL_FLAG] = True


def requested_page() -> str | None:
    """The page a deep link asked for before the shell took over, if any (consumed once)."""
    target = st.query_params.get(TARGET_PARAM)
    if target:
        del st.query_params[TARGET_PARAM]
    return target
