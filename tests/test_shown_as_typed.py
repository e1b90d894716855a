"""People's text never reaches Markdown unescaped, on any page, tab or fold-out.

Every answer of a workbook (walked from the model by `marked_workbook`) holds Markdown and HTML
characters; wherever the app shows it inside Markdown (text, headings, notices, fold-out and tab
titles) it must arrive escaped by `ioi_core.text.markdown_safety.literal`, so the raw marker never appears.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from ioi_core.content.pack import load_content
from tests.support.apptest import assert_healthy
from tests.support.page_walk import PAGES, walk
from tests.support.workbooks import marked_workbook

RAW = "<&>*x*"  # part of every text marker; escaped it reads \<\&\>\*x\*

MARKDOWN_ELEMENTS = (
    "markdown",
    "caption",
    "info",
    "warning",
    "error",
    "success",
    "title",
    "header",
    "subheader",
)


def unescaped(at: AppTest) -> list[str]:
    shown = [str(e.value) for kind in MARKDOWN_ELEMENTS for e in getattr(at, kind)]
    shown += [str(e.label) for e in at.expander] + [str(t.label) for t in at.tabs]
    return [text[:120] for text in shown if RAW in text]


@pytest.mark.parametrize("page", PAGES)
def test_peoples_text_is_shown_as_typed(page: str, db) -> None:
    workbook, _ = marked_workbook(load_content())
    found: list[str] = []
    for at in walk(page, db, workbook, assert_healthy):
        found += unescaped(at)
    assert not found, f"{page} shows people's text as Markdown: {sorted(set(found))}"
