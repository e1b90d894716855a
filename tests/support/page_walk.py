"""Walk a page under AppTest the way a thorough reader would: every lazy tab, every fold-out opened.

Used by the tests generated from the catalogue and by the test that people's text is shown as typed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from streamlit.testing.v1 import AppTest

from ioi_core.model.workbook import Workbook
from ioi_core.store.workbooks import WorkbookStore

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))

# Pages whose tabs draw only the open one (st.tabs with on_change="rerun"), by their tabs' keys.
LAZY_TABS = {
    "pages/exercise2.py": "exercise2-tab",
    "pages/framework.py": "framework-tab",
    "pages/evaluation.py": "evaluation-tab",
    "pages/theory_of_change.py": "toc-tab",
    "pages/stakeholders.py": "stakeholders-tab",
}
# Fold-outs whose content runs only while open, by their keys' beginnings.
FOLD_OUTS = ("barrier-area-", "agree-item-", "toc-guide-", "bank-", "ex2-own-", "stakeholder-example")
KEPT_FOLD_OUTS = ("eval-outcome-",)  # drawn with ioi_ui.kept.section_args


def _open_everything(at: AppTest, workbook: Workbook) -> None:
    for key in [k for k in at.session_state if str(k).startswith(FOLD_OUTS)]:
        if isinstance(at.session_state[key], bool):
            at.session_state[key] = True
    for index in range(len(workbook.evaluation)):
        at.session_state[f"kept:{KEPT_FOLD_OUTS[0]}{index}"] = True


def walk(
    page: str, store: WorkbookStore, workbook: Workbook, check: Callable[[AppTest], None]
) -> Iterator[AppTest]:
    """Open `page` in the app with `workbook`, then yield it once per tab with every fold-out open."""
    key, _ = store.create(workbook)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["wb"] = key
    at.run()
    at.switch_page(page).run()
    tab_key = LAZY_TABS.get(page)
    tab_names = [t.label for t in at.tabs] if tab_key else [None]
    for name in tab_names:
        if name is not None:
            at.session_state[tab_key] = name
        at.run()
        for _ in range(2):  # fold-outs appear once their tab has run
            _open_everything(at, workbook)
            at.run()
            check(at)
            yield at
