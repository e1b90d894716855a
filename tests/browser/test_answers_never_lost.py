"""Issue 13, "How it is checked": one real-browser test per way answers were lost, each asserting on
the DATABASE (read from the test process through the app server's own store), not only on the screen.

The contract these tests hold the app to:
- after any sequence of clicks every answer widget shows the stored value, and one user action changes
  at most the answer it was made in; an empty value is stored only when the person cleared the box;
- a status line near the top of every workbook page (`st-key-save-status`) says "All changes saved"
  or "Not saved: <reason> — your text is still in the box." with "Try again" / "Discard my change";
- over-long input keeps the text, says how much is over, and changes nothing stored;
- a searchable drop-down keeps its saved choice on Escape;
- a failed save never replaces the page and never loses what was typed;
- every answer (table cells, agreements, evaluation fields and readings included) saves as it is
  entered, without a Save button.
"""

from __future__ import annotations

import re
import subprocess
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from ioi_core.content.pack import load_content
from tests.browser.db_helpers import (
    answers,
    changed_paths,
    db_value,
    page_key,
    seed,
    wait_for_db,
)
from tests.browser.helpers import (
    add_table_row,
    answer_box,
    choose_option,
    choose_radio,
    create_workbook,
    edit_cell,
    fast_menu_click,
    fill,
    go_to,
    grid,
    open_section,
    open_tab,
    save_status,
    screenshot,
    wait_for_app,
)
from tests.browser.servers import start_server

pytestmark = pytest.mark.browser

PACK = load_content()
EX1 = "Exercise 1 — Thinking with the framework"
EX2 = "Exercise 2 — Part 1 vs Part 2"
WHY = "Why this one?"
TYPE_LABELS = [f"The one most important {PACK.types_by_id[t].name} domain" for t in PACK.exercise1.type_order]
WHY_FIELDS = ["facilitator_why", "social_connection_why", "markers_and_means_why"]
CHOICE_FIELDS = ["facilitator", "social_connection", "markers_and_means"]
RIGHTS_LABEL = "Primary Rights and Responsibilities indicators (domain 14)"
RIGHTS_CUSTOM = "None fits? Write your own rights or responsibilities indicator"
DESCRIBE = "Describe your intervention (a sentence or two is enough)"
DOMAIN_Q = "Which domain is most relevant to this problem?"
INDICATOR_Q1 = (
    "Use the Bank of Indicators of Integration (Annex 2) to find an appropriate Indicator to reflect this "
    "outcome. Which one have you chosen and why?"
)


def why_box(page: Page, n: int):
    """The n-th "Why …?" box of Exercise 1 (Facilitators, Social Connections, Markers and Means)."""
    return answer_box(page, ("exercise1", WHY_FIELDS[n]), WHY, n)


def domain_label(number: int) -> str:
    return f"{number}. {PACK.domain(number).name}"


def indicator_text(ref: str) -> str:
    return PACK.indicators_by_id[ref].text


FULL_EXERCISE1: dict[str, Any] = {
    "intervention": "own",
    "intervention_description": "A weekly conversation café in the library",
    "facilitator": 9,
    "facilitator_why": "Language opens every other door",
    "social_connection": 7,
    "social_connection_why": "Neighbours of all backgrounds meet there",
    "markers_and_means": 5,
    "markers_and_means_why": "Leisure is where people relax together",
    "rights_indicators": ["s-rig-01", "s-rig-03"],
    "rights_custom": "% of newcomers who know where to get free legal advice",
    "example_revealed": False,
}


def seed_exercise1(app_server, key: str, values: dict[str, Any] = FULL_EXERCISE1) -> None:
    def change(wb) -> None:
        for field, value in values.items():
            setattr(wb.exercise1, field, value)

    seed(app_server, key, change)


# --- what the screen shows -------------------------------------------------------------------------


def checked_option(page: Page, group_label: str) -> str | None:
    """The text of the checked option in a radio group (None when nothing is checked)."""
    group = page.get_by_role("radiogroup", name=group_label).filter(visible=True).first
    checked = group.locator("label").filter(has=page.locator("input:checked"))
    return checked.first.inner_text().strip() if checked.count() else None


def multiselect_chips(page: Page, label: str) -> list[str]:
    widget = page.get_by_test_id("stMultiSelect").filter(has_text=label).first
    tags = widget.locator(".react-aria-ComboBox [data-tag]")
    return [(tags.nth(i).get_attribute("aria-label") or "").strip() for i in range(tags.count())]


def selectbox_shows(page: Page, label: str) -> str:
    """The text a drop-down shows as its value (its placeholder when nothing is chosen)."""
    widget = page.get_by_test_id("stSelectbox").filter(has_text=label).first
    return widget.locator('[data-baseweb="select"]').inner_text().strip()


def shown_exercise1(page: Page) -> dict[str, Any]:
    """Exercise 1's answers as the browser draws them, in the workbook's own terms."""
    shown: dict[str, Any] = {}
    own = checked_option(page, "Which intervention will you think through?")
    shown["intervention"] = {
        "My own intervention": "own",
        "The guide's Friendship Club": "friendship_club",
    }.get(own or "", None)
    describe = page.get_by_label(DESCRIBE, exact=True)
    shown["intervention_description"] = describe.input_value() if describe.count() else None
    for label, field in zip(TYPE_LABELS, CHOICE_FIELDS, strict=True):
        text = checked_option(page, label)
        shown[field] = int(text.split(".")[0]) if text else None
    for n, field in enumerate(WHY_FIELDS):
        shown[field] = why_box(page, n).input_value()
    chips = multiselect_chips(page, RIGHTS_LABEL)
    bank14 = [i for i in PACK.indicators.indicators if i.domain == 14]
    shown["rights_indicators"] = [
        next((i.id for i in bank14 if chip.startswith(i.text[:40])), f"?{chip}") for chip in chips
    ]
    shown["rights_custom"] = page.get_by_label(RIGHTS_CUSTOM, exact=True).input_value()
    return shown


def exercise1_answers(app_server, key: str) -> dict[str, Any]:
    stored = answers(app_server, key)["exercise1"]
    return {k: v for k, v in stored.items() if k != "example_revealed"}


def without_flag(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if k != "example_revealed"}


def type_into(page: Page, box, text: str) -> None:
    """Click into a box, select what is there and type over it (the cursor stays in the box)."""
    box.click()
    box.press("Control+a")
    page.keyboard.type(text, delay=5)


# --- 1. menu click while a box has the cursor -------------------------------------------------------


def test_menu_click_while_a_box_has_the_cursor_loses_nothing(page, app_server) -> None:
    """A fast menu click while a "Why this one?" box has the cursor, then back and another action,
    leaves every widget showing the stored value and changes only the answers the person changed."""
    create_workbook(page, app_server.url, "Menu while focused")
    key = page_key(page)
    seed_exercise1(app_server, key)
    model = without_flag(FULL_EXERCISE1)
    go_to(page, EX1)
    assert shown_exercise1(page) == model

    elsewhere = ["Barriers", "Your Theory of Change", EX2, "Stakeholders", "Start"]
    problems: list[str] = []
    for round_ in range(5):
        # Type in a "Why this one?" box and, with the cursor still in it, click the menu fast.
        field = WHY_FIELDS[round_ % 3]
        typed = f"Round {round_}: why {field} matters"
        type_into(page, why_box(page, round_ % 3), typed)
        model[field] = typed
        fast_menu_click(page, elsewhere[round_ % len(elsewhere)])
        go_to(page, EX1)

        shown = shown_exercise1(page)
        stored = exercise1_answers(app_server, key)
        if shown != stored:
            screenshot(page, f"menu-while-focused-round{round_}-screen-differs")
            problems.append(
                f"round {round_}: the page shows {sorted((k, v) for k, v in shown.items() if stored.get(k) != v)}"
                f" but the database holds {sorted((k, v) for k, v in stored.items() if shown.get(k) != v)}"
            )

        # The next action: alternately a radio and a text box left with Tab.
        if round_ % 2 == 0:
            number = [9, 10][round_ // 2 % 2]
            choose_radio(page, TYPE_LABELS[0], domain_label(number))
            model["facilitator"] = number
        else:
            text = f"Round {round_}: my own rights indicator"
            fill(page, RIGHTS_CUSTOM, text)
            model["rights_custom"] = text
        stored = exercise1_answers(app_server, key)
        if stored != model:
            screenshot(page, f"menu-while-focused-round{round_}-database-differs")
            lost = {k: (model[k], stored.get(k)) for k in model if stored.get(k) != model[k]}
            problems.append(
                f"round {round_}: after the next action the database differs: {lost} (wanted, stored)"
            )
            pytest.fail("Answers lost:\n" + "\n".join(problems))
    screenshot(page, "menu-while-focused-after")
    assert not problems, "\n".join(problems)
    assert shown_exercise1(page) == exercise1_answers(app_server, key) == model


# --- 2. Escape in a searchable drop-down ------------------------------------------------------------


def escape_in_dropdown(page: Page, label: str, typed: str) -> None:
    """Open a searchable drop-down, type a search, press Escape and move on (click off it)."""
    box = page.get_by_label(label, exact=True).filter(visible=True).first
    box.click()
    if typed:
        page.keyboard.type(typed, delay=5)
    page.keyboard.press("Escape")
    page.get_by_role("heading", level=1).first.click()  # leave the drop-down as a person does
    wait_for_app(page)


def dropdown_value(page: Page, label: str) -> str:
    return page.get_by_label(label, exact=True).filter(visible=True).first.input_value()


def test_escape_in_a_searchable_dropdown_keeps_the_saved_choice(page, app_server) -> None:
    """Escape in a searchable drop-down (with or without a search typed) never clears the saved choice."""
    create_workbook(page, app_server.url, "Escape in a drop-down")
    key = page_key(page)
    go_to(page, EX2)
    choose_option(page, DOMAIN_Q, "Language")
    wait_for_db(app_server, key, ("exercise2", "part1", "domain"), 9)
    choose_option(page, INDICATOR_Q1, "regularly attending ESOL")
    wait_for_db(app_server, key, ("exercise2", "part1", "indicator"), "g-lang-esol-attendance")
    before = answers(app_server, key)

    for typed in ("", "Hea", "zzz"):
        escape_in_dropdown(page, DOMAIN_Q, typed)
        escape_in_dropdown(page, INDICATOR_Q1, typed)
        screenshot(page, f"escape-dropdown-{typed or 'empty'}")
        assert changed_paths(before, answers(app_server, key)) == {}, f"Escape after typing {typed!r}"
        assert dropdown_value(page, DOMAIN_Q) == domain_label(9)
        assert dropdown_value(page, INDICATOR_Q1).startswith(indicator_text("g-lang-esol-attendance"))

    # The next action saves that answer and nothing else (a blank kept in the widget would go now).
    fill(page, "What's the integration problem you identify?", "Women cannot attend ESOL regularly")
    changed = changed_paths(before, answers(app_server, key))
    assert changed == {("exercise2", "part1", "problem"): ("", "Women cannot attend ESOL regularly")}, changed
    page.reload()
    wait_for_app(page)
    assert dropdown_value(page, DOMAIN_Q) == domain_label(9)


# --- 3. the stakeholder table -----------------------------------------------------------------------


def seed_stakeholders(app_server, key: str) -> None:
    from ioi_core.model.workbook import Stakeholder

    def change(wb) -> None:
        wb.stakeholders.rows = [
            Stakeholder(name="Women attending ESOL", group="newcomers"),
            Stakeholder(name="Local residents", group="receiving_community"),
        ]

    seed(app_server, key, change)


def test_stakeholder_table_edits_survive_another_save_and_a_blank_role_is_not_nan(page, app_server) -> None:
    """Table cells save as they are edited, another answer saving does not drop them, and a row added
    with "+" and its Role left blank stores Role as "" (never the text "nan")."""
    create_workbook(page, app_server.url, "Stakeholder table")
    key = page_key(page)
    seed_stakeholders(app_server, key)
    go_to(page, "Stakeholders")
    table = grid(page)

    edit_cell(page, table, 0, 2, "Learners and mothers")  # Role of the first row
    # Straight away, another answer on the page saves.
    choose_radio(page, "Is an interpreter needed?", "Yes")
    wait_for_db(app_server, key, ("stakeholders", "interpreter_needed"), True)
    screenshot(page, "stakeholders-after-other-save")
    wait_for_db(app_server, key, ("stakeholders", "rows", "0", "role"), "Learners and mothers")

    edit_cell(page, grid(page), 1, 2, "Hosts the café")
    wait_for_db(app_server, key, ("stakeholders", "rows", "1", "role"), "Hosts the café")
    assert db_value(app_server, key, ("stakeholders", "rows", "0", "role")) == "Learners and mothers"

    add_table_row(page, grid(page))
    edit_cell(page, grid(page), 2, 0, "Local library")  # a name only: Role left blank
    wait_for_db(app_server, key, ("stakeholders", "rows", "2", "name"), "Local library")
    rows = db_value(app_server, key, ("stakeholders", "rows"))
    assert [r["role"] for r in rows] == ["Learners and mothers", "Hosts the café", ""], rows
    assert "nan" not in repr(rows).lower()
    assert db_value(app_server, key, ("stakeholders", "interpreter_needed")) is True

    page.reload()
    wait_for_app(page)
    cells = grid(page).locator("table")
    expect(cells).to_contain_text("Learners and mothers")
    expect(cells).to_contain_text("Local library")
    assert "nan" not in cells.inner_text().lower()
    screenshot(page, "stakeholders-after-reload")


# --- 4. over-long paste -----------------------------------------------------------------------------


def paste(page: Page, box, text: str) -> None:
    """Put the cursor in a box, replace its text with a paste, and leave it with Tab."""
    box.click()
    box.press("Control+a")
    page.keyboard.insert_text(text)
    box.press("Tab")
    wait_for_app(page)


def test_an_over_long_paste_is_kept_and_says_how_much_is_over(page, app_server) -> None:
    """A paste of 5,100 characters into a 5,000-character box stays in the box, the status says it is
    100 over, the database is unchanged; shortened and left with Tab, it saves."""
    create_workbook(page, app_server.url, "Over-long paste")
    key = page_key(page)
    seed_exercise1(app_server, key)
    go_to(page, EX1)
    before = answers(app_server, key)
    long_text = ("Because language opens doors. " * 200)[:5100]
    box = why_box(page, 0)
    paste(page, box, long_text)

    screenshot(page, "over-long-paste")
    assert box.input_value() == long_text, f"the box holds {len(box.input_value())} characters, not 5,100"
    status = save_status(page)
    expect(status).to_contain_text("Not saved")
    expect(status).to_contain_text(re.compile(r"5,100 characters, 100 over the limit of 5,000"))
    expect(status).to_contain_text("your text is still in the box")
    assert changed_paths(before, answers(app_server, key)) == {}

    shorter = long_text[:4990]
    box.fill(shorter)
    box.press("Tab")
    wait_for_app(page)
    wait_for_db(app_server, key, ("exercise1", "facilitator_why"), shorter)
    expect(save_status(page)).to_contain_text("All changes saved")
    assert set(changed_paths(before, answers(app_server, key))) == {("exercise1", "facilitator_why")}


# --- 5. reload after each kind of answer ------------------------------------------------------------


def edit_cell_until_saved(page, app_server, key, row, column, text, path, expected) -> None:
    """Type into a cell until the database holds `expected`, as a person retypes a cell the grid
    visibly did not keep (a redraw under load can close its editor). If the grid shows the text but
    the database never gets it, that is a silent loss: fail."""
    from tests.browser.helpers import _cell_text

    for attempt in range(3):
        edit_cell(page, grid(page), row, column, text)
        try:
            wait_for_db(app_server, key, path, expected, timeout=6.0)
            return
        except AssertionError:
            shown = _cell_text(grid(page), row, column)
            if (shown is not None and shown.strip() == text) or attempt == 2:
                raise


def reload(page: Page) -> None:
    page.reload()
    wait_for_app(page)


def test_every_kind_of_answer_is_in_the_database_and_on_the_page_after_a_reload(page, app_server) -> None:
    """Text, radio, multi-select, drop-down, table cell, agreement and evaluation field: each is in the
    database as soon as it is entered, and a reload shows it."""
    create_workbook(page, app_server.url, "Reload after each kind")
    key = page_key(page)

    go_to(page, EX1)
    choose_radio(page, "Which intervention will you think through?", "My own intervention")
    wait_for_db(app_server, key, ("exercise1", "intervention"), "own")
    fill(page, DESCRIBE, "A weekly conversation café")  # text
    wait_for_db(app_server, key, ("exercise1", "intervention_description"), "A weekly conversation café")
    choose_radio(page, TYPE_LABELS[0], domain_label(9))  # radio
    wait_for_db(app_server, key, ("exercise1", "facilitator"), 9)
    choose_option(page, RIGHTS_LABEL, "free advice on rights")  # multi-select
    wait_for_db(app_server, key, ("exercise1", "rights_indicators"), ["s-rig-01"])
    reload(page)
    expect(page.get_by_label(DESCRIBE, exact=True)).to_have_value("A weekly conversation café")
    assert checked_option(page, TYPE_LABELS[0]) == domain_label(9)
    assert multiselect_chips(page, RIGHTS_LABEL)[0].startswith(indicator_text("s-rig-01"))

    go_to(page, EX2)
    choose_option(page, DOMAIN_Q, "Language")  # drop-down
    wait_for_db(app_server, key, ("exercise2", "part1", "domain"), 9)
    reload(page)
    assert dropdown_value(page, DOMAIN_Q) == domain_label(9)

    go_to(page, "Stakeholders")
    seed_stakeholders(app_server, key)
    reload(page)
    edit_cell(page, grid(page), 0, 2, "Learners")  # table cell
    wait_for_db(app_server, key, ("stakeholders", "rows", "0", "role"), "Learners")
    reload(page)
    expect(grid(page).locator("table")).to_contain_text("Learners")

    open_tab(page, "The five things to agree")  # agreement, no Save button
    open_section(page, "Desired integration outcomes")
    fill(page, "What was agreed", "Women practise English outside class")
    fill(page, "Who agreed", "ESOL providers")
    fill(page, "When", "March")
    wait_for_db(
        app_server,
        key,
        ("stakeholders", "agreements", "desired_outcomes"),
        {"agreed": "Women practise English outside class", "who": "ESOL providers", "when": "March"},
    )
    reload(page)
    open_tab(page, "The five things to agree")
    if not page.get_by_label("What was agreed", exact=True).filter(visible=True).count():
        open_section(page, "Desired integration outcomes")
    expect(page.get_by_label("What was agreed", exact=True).filter(visible=True).first).to_have_value(
        "Women practise English outside class"
    )
    expect(page.get_by_label("Who agreed", exact=True).filter(visible=True).first).to_have_value(
        "ESOL providers"
    )

    go_to(page, "Evaluation and measuring change")  # evaluation fields and readings, no Save button
    page.get_by_role("button", name="Add an outcome").click()
    wait_for_app(page)
    assert len(db_value(app_server, key, ("evaluation",))) == 1
    fill(page, "Stated outcome", "Regular conversations with local speakers")
    fill(page, "Frequency", "Every term")
    wait_for_db(app_server, key, ("evaluation", "0", "outcome"), "Regular conversations with local speakers")
    wait_for_db(app_server, key, ("evaluation", "0", "frequency"), "Every term")
    open_tab(page, "Measuring change")
    table = grid(page)
    add_table_row(page, table)
    # Each cell is in the database before the next is typed (what is checked here is that every
    # kind of answer saves; typing ahead of a save is the random walk's and the table tests' part).
    readings = ("evaluation", "0", "readings")
    edit_cell_until_saved(
        page,
        app_server,
        key,
        0,
        0,
        "Newcomers",
        readings,
        [{"group": "Newcomers", "when": "", "value": None}],
    )
    edit_cell_until_saved(
        page, app_server, key, 0, 1, "Q1", readings, [{"group": "Newcomers", "when": "Q1", "value": None}]
    )
    edit_cell(page, grid(page), 0, 2, "20")
    wait_for_db(
        app_server,
        key,
        ("evaluation", "0", "readings"),
        [{"group": "Newcomers", "when": "Q1", "value": 20.0}],
    )
    reload(page)
    if not page.get_by_label("Stated outcome", exact=True).filter(visible=True).count():
        open_tab(page, "Evaluation plan (Annex 1)")
        if not page.get_by_label("Stated outcome", exact=True).filter(visible=True).count():
            open_section(page, "Outcome 1")
    expect(page.get_by_label("Stated outcome", exact=True).filter(visible=True).first).to_have_value(
        "Regular conversations with local speakers"
    )
    expect(page.get_by_label("Frequency", exact=True).filter(visible=True).first).to_have_value("Every term")
    open_tab(page, "Measuring change")
    expect(grid(page).locator("table")).to_contain_text("Newcomers")
    screenshot(page, "reload-evaluation")


# --- 6. the database fails --------------------------------------------------------------------------


@pytest.fixture
def pg_app_server(tmp_path) -> Iterator[tuple[Any, str, Any]]:
    """An app server of its own on a fresh PostgreSQL database (so the test can make it fail)."""
    from sqlalchemy import create_engine, text

    from tests.support.services import PG_ADMIN_URL, require

    try:
        admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 - any failure means "no PostgreSQL here"
        require("IOI_REQUIRE_POSTGRES", f"PostgreSQL not reachable at {PG_ADMIN_URL}: {exc}")
    name = f"ioi_fail_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    process, server = start_server(url, tmp_path / "streamlit.log")
    try:
        yield server, name, admin
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def set_read_only(admin, name: str, on: bool) -> None:
    """Make every new session of the database read-only (or not), and end the current ones."""
    from sqlalchemy import text

    with admin.connect() as conn:
        conn.execute(
            text(f'ALTER DATABASE "{name}" SET default_transaction_read_only = {"on" if on else "off"}')
        )
        conn.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :d AND pid <> pg_backend_pid()"
            ),
            {"d": name},
        )


def test_a_failed_save_keeps_the_text_and_try_again_saves_it(page, pg_app_server) -> None:
    """With the database refusing writes, leaving a box shows "Not saved" with the text still in it and
    the page still there; once the database is back, "Try again" saves it."""
    server, name, admin = pg_app_server
    create_workbook(page, server.url, "Database fails")
    key = page_key(page)
    go_to(page, EX1)
    choose_radio(page, TYPE_LABELS[0], domain_label(9))
    wait_for_db(server, key, ("exercise1", "facilitator"), 9)
    before = answers(server, key)

    set_read_only(admin, name, True)
    typed = "Typed while the database refuses writes"
    box = why_box(page, 0)
    box.fill(typed)
    box.press("Tab")
    wait_for_app(page)
    screenshot(page, "database-fails-not-saved")
    expect(save_status(page)).to_contain_text("Not saved")
    expect(save_status(page)).to_contain_text("your text is still in the box")
    expect(page.get_by_text("Sorry — something went wrong")).to_have_count(0)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_role("heading", name=EX1).first).to_be_visible()
    assert why_box(page, 0).input_value() == typed
    assert changed_paths(before, answers(server, key)) == {}

    set_read_only(admin, name, False)
    save_status(page).get_by_role("button", name="Try again").click()
    wait_for_app(page)
    wait_for_db(server, key, ("exercise1", "facilitator_why"), typed)
    expect(save_status(page)).to_contain_text("All changes saved")
    assert set(changed_paths(before, answers(server, key))) == {("exercise1", "facilitator_why")}
    assert why_box(page, 0).input_value() == typed
    screenshot(page, "database-back-saved")


# --- 7. two tabs ------------------------------------------------------------------------------------


def test_two_tabs_keep_both_answers_and_report_a_stale_edit_without_losing_it(browser, app_server) -> None:
    """Two tabs on one workbook: different answers both survive; the same answer edited from the stale
    tab is reported and what was typed there is not lost."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        first = context.new_page()
        first.set_default_timeout(20_000)
        create_workbook(first, app_server.url, "Two tabs")
        key = page_key(first)
        go_to(first, EX1)
        second = context.new_page()
        second.set_default_timeout(20_000)
        second.goto(first.url)
        wait_for_app(second)
        expect(second.get_by_role("heading", name=EX1).first).to_be_visible()

        def first_box_nth(n: int):
            return why_box(first, n)

        def second_box_nth(n: int):
            return why_box(second, n)

        first_box_nth(0).fill("From the first tab")
        first_box_nth(0).press("Tab")
        wait_for_app(first)
        second_box_nth(1).fill("From the second tab")  # the second tab has not seen the first's save
        second_box_nth(1).press("Tab")
        wait_for_app(second)
        wait_for_db(app_server, key, ("exercise1", "facilitator_why"), "From the first tab")
        wait_for_db(app_server, key, ("exercise1", "social_connection_why"), "From the second tab")

        # The same answer from both; the second tab's copy is stale.
        first_box_nth(2).fill("First tab's version")
        first_box_nth(2).press("Tab")
        wait_for_app(first)
        wait_for_db(app_server, key, ("exercise1", "markers_and_means_why"), "First tab's version")
        second_box_nth(2).fill("Second tab's version")
        second_box_nth(2).press("Tab")
        wait_for_app(second)
        screenshot(second, "two-tabs-stale-edit")
        assert db_value(app_server, key, ("exercise1", "markers_and_means_why")) == "First tab's version"
        assert db_value(app_server, key, ("exercise1", "facilitator_why")) == "From the first tab"
        assert db_value(app_server, key, ("exercise1", "social_connection_why")) == "From the second tab"
        main = second.get_by_test_id("stMain")
        expect(main).to_contain_text(re.compile(r"changed (in another tab|elsewhere)|Someone else changed"))
        kept_in_box = second_box_nth(2).input_value() == "Second tab's version"
        offered = "Second tab's version" in main.inner_text()
        assert kept_in_box or offered, "the text typed in the stale tab is gone from the page"
    finally:
        context.close()
