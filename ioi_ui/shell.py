"""Make every page run inside the app shell (`app.py`), even when it is the first request.

Until `st.navigation` has run once in a server process, Streamlit resolves a deep link such as
`/exercise1?wb=…` against the `pages/` folder and runs that file alone, without the shared sidebar or
the workbook key handling. A page that finds itself running without the shell hands over to `app.py`,
which then opens the requested page.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import streamlit as st
from streamlit.errors import StreamlitAPIException

SHELL_FLAG = "_shell_ran"
TARGET_PARAM = "page"
_RUN = "_run_number"
_PAGE = "_page_drawn"
_IN_SHELL = "_in_shell_run"  # set while app.py runs a page


def ensure_shell(page_file: str) -> None:
    """Call first in every page: if `app.py` did not run this session, restart through it."""
    if st.session_state.get(SHELL_FLAG):
        if not st.session_state.get(_IN_SHELL):  # the page runs without app.py (AppTest.switch_page)
            start_run(Path(page_file).stem)
        return
    params = {k: st.query_params.get(k) for k in st.query_params}
    params[TARGET_PARAM] = Path(page_file).stem
    try:
        st.switch_page("app.py", query_params=params)
    except StreamlitAPIException:
        # Run on its own on purpose (e.g. AppTest.from_file on the page): render it alone.
        start_run(Path(page_file).stem)


def mark_shell() -> None:
    st.session_state[SHELL_FLAG] = True


def start_run(page: str) -> None:
    """Called once at the top of every full run (by `app.py`, or by a page run on its own), before
    anything reads the workbook: the run's number changes, so reads shared within a run are made
    afresh in the next; and the page being drawn is noted for the trainer's "who is where"."""
    st.session_state[_RUN] = st.session_state.get(_RUN, 0) + 1
    st.session_state[_PAGE] = page


@contextmanager
def shell_run(page: str) -> Iterator[None]:
    """`app.py` runs the page inside this: the run is started once, before anything reads."""
    start_run(page)
    st.session_state[_IN_SHELL] = True
    try:
        yield
    finally:
        st.session_state[_IN_SHELL] = False


def run_number() -> int | None:
    """This full run's number (None before the first). Callbacks run before `start_run`, and a
    fragment's run is not a full run: neither reads the open workbook through it."""
    return st.session_state.get(_RUN)


def page_drawn() -> str:
    """The page this run draws ("exercise2", "start", …), or "" if unknown."""
    return str(st.session_state.get(_PAGE, ""))


def requested_page() -> str | None:
    """The page a deep link asked for before the shell took over, if any (consumed once)."""
    target = st.query_params.get(TARGET_PARAM)
    if target:
        del st.query_params[TARGET_PARAM]
    return target
