"""Generated from the catalogue: every question is asked on a page, under the catalogue's own label.

Each page runs under AppTest with a fully answered workbook, every lazy tab and fold-out opened in
turn; every answer widget found (keys `answer:<path>`) must carry its question's label, and every
question of the catalogue must be found on some page (or be named below with why it is not).
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from ioi_core.model.questions import catalogue, question
from ioi_core.store.workbooks import WorkbookStore
from tests.fixtures.sample_workbook import full_workbook
from tests.support.apptest import assert_healthy
from tests.support.page_walk import PAGES, walk

# Answers given through an action rather than a bound widget, and where.
ASKED_BY_ACTION = {
    "meta.participant_name": "typed when joining a workshop (Start)",
    "theory_of_change.targets.*.indicator": "chosen when adding a target (Theory of Change)",
    "shortlist": "built by the Shortlist buttons of the indicator bank",
    "custom_indicators": "typed in 'Write a new indicator' (bank, Exercise 2) and added with its button",
}

WIDGET_KINDS = ("text_area", "text_input", "radio", "multiselect", "selectbox", "number_input", "checkbox")


def _labels(at: AppTest) -> dict[str, str]:
    found = {}
    for kind in WIDGET_KINDS:
        for widget in getattr(at, kind):
            key = str(getattr(widget, "key", "") or "")
            if key.startswith("answer:") and not key.startswith("answer:tick."):
                path, _, option = key.removeprefix("answer:").partition(":")
                # One tick per option (ticks_answer): the boxes carry the options, the question heads them.
                found[path] = "(ticks)" if option else widget.label
    for frame in at.dataframe:  # table answers are keyed by their path's last part
        if str(frame.key).startswith(("stakeholder-editor-", "readings-")):
            found["stakeholders.rows" if "stakeholder" in str(frame.key) else "evaluation.0.readings"] = (
                "(table)"
            )
    return found


def asked_on(page: str, store: WorkbookStore) -> dict[str, str]:
    """Every answer widget the page draws, with its label, across its tabs and fold-outs."""
    found: dict[str, str] = {}
    for at in walk(page, store, full_workbook(), assert_healthy):
        found |= _labels(at)
    return found


@pytest.fixture(scope="module")
def every_page(tmp_path_factory) -> dict[str, dict[str, str]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('questions') / 'ioi.db'}"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("IOI_DATABASE_URL", url)  # the app under AppTest opens the same database
        from ioi_ui.resources import store

        return {page: asked_on(page, store()) for page in PAGES}


def test_every_answer_widget_shows_its_questions_label(every_page) -> None:
    wrong = [
        f"{page}: {path} shows {label!r}, the catalogue says {question(path).label!r}"
        for page, found in every_page.items()
        for path, label in found.items()
        if label not in ("(table)", "(ticks)") and label != question(path).label
    ]
    assert not wrong, "\n".join(wrong)


def test_every_question_in_the_catalogue_is_asked_on_a_page(every_page) -> None:
    asked = {question(path).path for found in every_page.values() for path in found}
    missing = []
    for q in catalogue().questions:  # tables count once, as the table
        if q.path in ASKED_BY_ACTION:
            continue
        if q.path not in asked:
            missing.append(q.path)
    assert not missing, f"never asked on any page: {missing}"
