"""The app's pages and their menu sections, made once per process and copied for each run.

`st.Page` resolves and checks its file every time it is made (~0.5 ms for fifteen pages on every
rerun). `st.navigation` marks the pages it is given (which one runs, which is the default), so each
run gets its own shallow copies of pages made once.
"""

from __future__ import annotations

import copy

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from ioi_ui.caching import once

# (menu section, [(page file, title, Material icon)]); the first page is the default.
MENU: list[tuple[str, list[tuple[str, str, str]]]] = [
    ("Your workbook", [("pages/start.py", "Start", "home")]),
    ("Indicators", [("pages/indicator_bank.py", "Indicator bank", "search")]),
    (
        "Exercises",
        [
            ("pages/exercise1.py", "Exercise 1 — Thinking with the framework", "route"),
            ("pages/exercise2.py", "Exercise 2 — Part 1 vs Part 2", "compare_arrows"),
            ("pages/theory_of_change.py", "Your Theory of Change", "account_tree"),
            ("pages/stakeholders.py", "Stakeholders", "groups"),
            ("pages/barriers.py", "Barriers", "block"),
            ("pages/evaluation.py", "Evaluation and measuring change", "monitoring"),
            ("pages/principles_check.py", "Principles check", "fact_check"),
        ],
    ),
    ("Take it home", [("pages/report.py", "Report & export", "download")]),
    (
        "Workshops",
        [("pages/trainer.py", "Trainer", "co_present"), ("pages/projector.py", "Projector view", "cast")],
    ),
    (
        "Learn",
        [
            ("pages/framework.py", "The framework", "hub"),
            ("pages/integration_star.py", "Integration Star crosswalk", "star"),
            ("pages/regional_context.py", "Regional context", "map"),
            ("pages/about.py", "About & sources", "info"),
        ],
    ),
]


# A page's name in a link (`?page=exercise1`) -> its file, for the pages of the menu and no others.
PAGE_NAMES = {
    file.removeprefix("pages/").removesuffix(".py"): file for _, pages in MENU for file, _, _ in pages
}


@once
def _made_once() -> tuple[tuple[str, tuple[StreamlitPage, ...]], ...]:
    first = MENU[0][1][0][0]
    return tuple(
        (
            section,
            tuple(
                st.Page(file, title=title, icon=f":material/{icon}:", default=file == first)
                for file, title, icon in pages
            ),
        )
        for section, pages in MENU
    )


def menu() -> dict[str, list[StreamlitPage]]:
    """This run's pages by menu section, for `st.navigation`."""
    return {section: [copy.copy(page) for page in pages] for section, pages in _made_once()}
