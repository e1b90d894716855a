"""The top of every page: run inside the app's shell, the title, and the open workbook if it needs one."""

from __future__ import annotations

import streamlit as st

from ioi_core.content.pack import ContentPack
from ioi_core.store.workbooks import StoredWorkbook
from ioi_ui.answers import show_save_status
from ioi_ui.resources import content
from ioi_ui.shell import ensure_shell
from ioi_ui.workbook_session import require_workbook


def page_top(page_file: str, title: str | None = None) -> ContentPack:
    """Call first in every page with `__file__`: the shell (menu, sidebar), the title if given, and
    the content pack."""
    ensure_shell(page_file)
    if title:
        st.title(title)
    return content()


def workbook_or_stop(save_status: bool = True) -> StoredWorkbook:
    """The open workbook. Without one, the page says how to open one and stops here; with one, the
    line saying whether every change is saved comes first (pages whose answers save)."""
    stored = require_workbook()
    if stored is None:
        st.stop()
    if save_status:
        show_save_status()
    return stored  # type: ignore[return-value]  # st.stop() does not return
