"""The workbook open in this browser tab: carried in `?wb=` so a refresh or a link reopens it."""

from __future__ import annotations

import logging
from urllib.parse import parse_qs, urlparse

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError
from streamlit.errors import StreamlitAPIException

from ioi_core.store.workbooks import StoredWorkbook, StoreError, WorkbookNotFound
from ioi_ui import save_queue
from ioi_ui.resources import store
from ioi_ui.shell import run_number

log = logging.getLogger(__name__)
_KEY = "wb_key"
_READ_THIS_RUN = "wb_read_this_run"
_READ_FAILED = "wb_read_failed"
_UNREADABLE = (
    "Your workbook could not be read just now: the database is not answering (it has been logged). "
    "Nothing is lost — reload the page in a moment."
)


def sync_query_params() -> None:
    """Keep `?wb=` in the URL on every run: navigation menus drop query parameters (streamlit#7982)."""
    from_url = st.query_params.get("wb")
    if from_url:
        st.session_state[_KEY] = from_url
    elif st.session_state.get(_KEY):
        st.query_params["wb"] = st.session_state[_KEY]


def open_key() -> str | None:
    return st.session_state.get(_KEY) or st.query_params.get("wb")


def open_workbook(key: str) -> None:
    st.session_state[_KEY] = key
    st.query_params["wb"] = key


def close_workbook() -> None:
    st.session_state.pop(_KEY, None)
    st.query_params.pop("wb", None)


def key_from_user_text(text: str) -> str:
    """Accept either a bare key or a whole link containing `?wb=`."""
    text = text.strip()
    if "wb=" in text:
        values = parse_qs(urlparse(text).query).get("wb") or parse_qs(text.split("?")[-1]).get("wb")
        if values:
            return values[0].strip()
    return text


def app_base_url() -> str:
    """The app's root address as the browser sees it, e.g. `https://host/ioi/` (or `/` if unknown)."""
    try:
        parts = urlparse(st.context.url or "")
    except Exception:  # st.context is unavailable outside a browser session (e.g. AppTest)
        return "/"
    base_path = "/" + str(st.get_option("server.baseUrlPath") or "").strip("/")
    base_path = base_path.rstrip("/") + "/"
    return f"{parts.scheme}://{parts.netloc}{base_path}" if parts.netloc else base_path


def link_for(key: str) -> str:
    """The shareable link that reopens this workbook."""
    return f"{app_base_url()}?wb={key}"


def current() -> StoredWorkbook | None:
    """The open workbook as it was at the start of this run, or None (with a message if its key
    no longer works). The sidebar and the page share one read; every run reads afresh."""
    key = open_key()
    if not key:
        return None
    save_queue.apply_queued(key)  # what the person just entered is saved before anything reads
    run = run_number()
    read = st.session_state.get(_READ_THIS_RUN)
    if run is not None and read is not None and read[0] == run and read[1] == key:
        return read[2]  # type: ignore[no-any-return]
    try:
        stored = store().get(key)
    except WorkbookNotFound as exc:
        close_workbook()
        st.error(str(exc))
        return None
    except (StoreError, SQLAlchemyError, OSError) as exc:
        # The key is right but the workbook cannot be read now: keep it open; the page says why.
        log.exception("Reading the open workbook failed")
        st.session_state[_READ_FAILED] = str(exc) if isinstance(exc, StoreError) else _UNREADABLE
        st.session_state[_READ_THIS_RUN] = (run, key, None)
        return None
    st.session_state.pop(_READ_FAILED, None)
    st.session_state[_READ_THIS_RUN] = (run, key, stored)
    return stored


def require_workbook() -> StoredWorkbook | None:
    """The open workbook; if none, say what to do next and return None so the page can stop."""
    stored = current()
    if stored is None and open_key() and st.session_state.get(_READ_FAILED):
        st.error(st.session_state[_READ_FAILED], icon=":material/error:")
    elif stored is None:
        st.info(
            "No workbook is open. Create one or reopen yours on the **Start** page — your answers "
            "are saved to a workbook so you can come back to them."
        )
        try:
            st.page_link("pages/start.py", label="Go to Start", icon=":material/home:")
        except StreamlitAPIException:  # the page was run on its own, without the navigation
            pass
    return stored
