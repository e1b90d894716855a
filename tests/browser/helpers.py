"""Small steps a user takes, written once for every journey (and waiting for the app, screenshots)."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.browser.servers import ROOT

SCREENSHOTS = ROOT / "tests" / "screenshots"


def wait_for_app(page) -> None:
    """Wait until Streamlit has finished the current run."""
    page.wait_for_selector('[data-testid="stApp"]')
    # Right after a click the app can still read "notRunning" before the rerun starts: let it begin.
    page.wait_for_timeout(300)
    expect(page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]')).to_have_count(1)
    expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(0, timeout=20_000)


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def create_workbook(page: Page, base_url: str, title: str) -> str:
    page.goto(base_url)
    wait_for_app(page)
    page.get_by_label("Title").first.fill(title)
    page.get_by_role("button", name="Create workbook").click()
    expect(page.get_by_text("Workbook created")).to_be_visible()
    wait_for_app(page)
    assert "wb=" in page.url
    return page.url


def go_to(page: Page, menu_text: str) -> None:
    link = page.get_by_test_id("stSidebarNav").get_by_role("link", name=menu_text, exact=True)
    target = (link.get_attribute("href") or "").split("?")[0]
    link.click()
    page.wait_for_url(lambda url: url.split("?")[0] == target)
    wait_for_app(page)


def fill(page: Page, label: str, text: str) -> None:
    """Type an answer and leave the box, which saves it."""
    box = page.get_by_label(label, exact=True).filter(visible=True).first
    box.fill(text)
    box.press("Tab")
    wait_for_app(page)


def choose_radio(page: Page, group_label: str, option: str) -> None:
    group = page.get_by_role("radiogroup", name=group_label).filter(visible=True).first
    group.get_by_text(option, exact=True).click()
    wait_for_app(page)


def choose_option(page: Page, select_label: str, typed: str) -> None:
    """Open a drop-down, type to search, and pick the first match."""
    box = page.get_by_label(select_label, exact=True).filter(visible=True).first
    box.click()
    box.fill(typed)
    page.get_by_role("option").first.click()
    wait_for_app(page)


def open_tab(page: Page, name: str) -> None:
    page.get_by_role("tab", name=name).click()
    wait_for_app(page)


def open_section(page: Page, title: str) -> None:
    """Open a collapsed section (an expander whose content runs only when open) by its title."""
    page.locator('[data-testid="stExpander"] summary').filter(has_text=title).first.click()
    wait_for_app(page)


def fast_menu_click(page: Page, menu_text: str) -> bool:
    """Click a menu link the way a fast person does (press and release within a few ms), without first
    leaving the box that has the cursor; True if the other page opened."""
    link = page.get_by_test_id("stSidebarNav").get_by_role("link", name=menu_text, exact=True)
    target = (link.get_attribute("href") or "").split("?")[0]
    link.scroll_into_view_if_needed()
    box = link.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.up()
    # A click this fast sometimes does not change page at all (Streamlit merges it with the rerun the
    # box's blur started): that is what a person sees too, so the caller goes on from wherever it is.
    try:
        page.wait_for_url(lambda url: url.split("?")[0] == target, timeout=2_000)
    except PlaywrightTimeoutError:
        return False
    finally:
        wait_for_app(page)
    return True


def save_status(page: Page):
    """The status line near the top of a workbook page ("All changes saved · HH:MM" / "Not saved: …")."""
    return page.locator(".st-key-save-status").first


# Streamlit's table editor draws on a canvas: cells are reached by position, then by keyboard.
GRID_HEADER = 35
GRID_ROW = 35
GRID_MARKER = 33  # the row-selection column an editable table with added rows has at its left


def grid(page: Page, index: int = 0):
    return page.get_by_test_id("stDataFrame").filter(visible=True).nth(index)


def _settled_box(page: Page, table) -> dict:
    """The table's place once it stops moving: a chart above it redraws (and changes height) after
    each save, so a click aimed at a row before the page settles lands on another row."""
    table.scroll_into_view_if_needed()
    box = table.bounding_box()
    for _ in range(30):
        page.wait_for_timeout(100)
        table.scroll_into_view_if_needed()
        again = table.bounding_box()
        if again == box:
            break
        box = again
    assert box is not None
    return box


def _open_and_type(page: Page, table, row: int, column: int, text: str) -> None:
    """Select a table cell (0-based row and column), type over it and commit it."""
    editor = page.locator("#portal textarea, #portal input").first
    for attempt in range(3):
        box = _settled_box(page, table)
        page.mouse.click(box["x"] + GRID_MARKER + 40, box["y"] + GRID_HEADER + GRID_ROW * row + GRID_ROW / 2)
        page.wait_for_timeout(150)
        for _ in range(column):
            page.keyboard.press("ArrowRight")
        page.keyboard.press("Enter")  # open the cell's editor, then type into it once it is there
        try:
            editor.wait_for(state="visible", timeout=3_000)
            break
        except PlaywrightTimeoutError:
            if attempt == 2:
                raise
            page.keyboard.press("Escape")
            wait_for_app(page)
    editor.press("Control+a")
    editor.press_sequentially(text, delay=5)
    # Tab commits the cell and moves right; Enter would move down, and on a table's last row that
    # can start a new blank row that later clicks then land in.
    editor.press("Tab")
    wait_for_app(page)


def _cell_text(table, row: int, column: int) -> str | None:
    """What the grid shows in a cell, from its accessible table (None when that is not drawn)."""
    cell = table.locator(f"td#glide-cell-{column + 1}-{row}")
    return cell.first.text_content() if cell.count() else None


def edit_cell(page: Page, table, row: int, column: int, text: str) -> None:
    """Type into a table cell and commit it, checking the grid then shows it.

    A grid redrawn while its cell editor is open (the page's previous run arriving late) closes the
    editor without keeping its text, visibly: the cell stays as it was. A person sees that and types
    again; so does this helper, at most twice more. Whether what the grid shows reached the database
    is what the tests then check (`wait_for_db`)."""
    for _ in range(3):
        _open_and_type(page, table, row, column, text)
        shown = _cell_text(grid(page), row, column)
        if shown is None or shown.strip() == text.strip():
            return
        table = grid(page)


def add_table_row(page: Page, table) -> None:
    """The table's "+" (Add row) button in its toolbar."""
    table.hover()
    table.get_by_role("button", name="Add row").click()
    wait_for_app(page)


def label_for(path, fallback: str) -> str:
    """The label a page shows for the answer at `path`: from the catalogue of questions
    (content/questions.yaml, `*` matching any key) when there is one, else `fallback`."""
    import fnmatch
    from functools import cache

    @cache
    def catalogue() -> dict[str, str]:
        file = ROOT / "content" / "questions.yaml"
        if not file.exists():
            return {}
        import yaml

        found: dict[str, str] = {}

        def walk(node) -> None:
            if isinstance(node, dict):
                if isinstance(node.get("path"), str) and isinstance(node.get("label"), str):
                    found.setdefault(node["path"], node["label"])
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)

        walk(yaml.safe_load(file.read_text(encoding="utf-8")))
        return found

    dotted = ".".join(path)
    for pattern, label in catalogue().items():
        if "." in pattern and fnmatch.fnmatchcase(dotted, pattern):
            return label
    return fallback


def answer_box(page: Page, path, fallback: str, nth: int = 0):
    """The visible box for the answer at `path`; `nth` picks among boxes that share a fallback label."""
    label = label_for(path, fallback)
    boxes = page.get_by_label(label, exact=True).filter(visible=True)
    return boxes.nth(nth) if label == fallback else boxes.first


def click_option(option, attempts: int = 4) -> None:
    """Click an option of an open drop-down list. The list re-renders while it opens and filters
    (under load an option can be detached between being found and being clicked), so try again."""
    from playwright.sync_api import Error as PlaywrightError

    for attempt in range(attempts):
        try:
            option.click(timeout=5_000)
            return
        except PlaywrightError:
            if attempt == attempts - 1:
                raise
            option.page.wait_for_timeout(250)
