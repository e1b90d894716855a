"""Helpers for pages under Streamlit's AppTest: what a page says, is it healthy, open a tab or a page."""

from __future__ import annotations

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from ioi_core.model.workbook import Workbook, WorkbookMeta
from ioi_core.store.workbooks import WorkbookStore

ROOT = Path(__file__).resolve().parents[2]


def texts(at: AppTest) -> str:
    """The page's Markdown as written, with backslash escapes (people's own text) resolved."""
    parts = [m.value for m in at.markdown] + [e.value for e in at.error] + [i.value for i in at.info]
    parts += [w.value for w in at.warning] + [s.value for s in at.success]
    parts += [h.value for h in at.title] + [h.value for h in at.header] + [h.value for h in at.subheader]
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", "\n".join(str(p) for p in parts))


def assert_healthy(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert "Sorry — something went wrong" not in texts(at)


def open_tab(at: AppTest, key: str, label: str) -> AppTest:
    """Select a tab as a click would: tabs with a key run only the open tab's content."""
    at.session_state[key] = label
    return at.run()


def open_page(db: WorkbookStore, page: str, workbook: Workbook | None = None) -> tuple[AppTest, str]:
    key, _ = db.create(workbook or Workbook(meta=WorkbookMeta(title="Flow")))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["wb"] = key
    at.run()
    at.switch_page(page).run()
    assert_healthy(at)
    return at, key
