"""Each exercise end to end in a real browser, as a workshop participant would do it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import (
    choose_option,
    choose_radio,
    create_workbook,
    fill,
    go_to,
    open_tab,
    screenshot,
    wait_for_app,
)

pytestmark = pytest.mark.browser


def test_exercise1_choices_draw_the_red_line_reveal_the_example_and_survive_reload(page, app_server) -> None:
    """Choosing one domain per type shows the red line and the Friendship Club, and a reload keeps it."""
    create_workbook(page, app_server.url, "Exercise 1 journey")
    go_to(page, "Exercise 1 — Thinking with the framework")
    expect(
        page.get_by_text("The worked example appears once you have made your three Step 1 choices")
    ).to_be_visible()
    choose_radio(page, "Which intervention will you think through?", "My own intervention")
    fill(page, "Describe your intervention (a sentence or two is enough)", "A weekly conversation café")
    choose_radio(page, "The one most important Facilitators domain", "9. Language and communication")
    choose_radio(page, "The one most important Social Connections domain", "7. Social bridges")
    choose_radio(page, "The one most important Markers and Means domain", "5. Leisure")
    expect(page.get_by_text("Your red line links 3 domains")).to_be_visible()
    expect(page.get_by_text("The facilitator is simply friendship", exact=False).first).to_be_visible()
    screenshot(page, "exercise1-laptop")

    page.reload()
    wait_for_app(page)
    expect(page.get_by_text("Your red line links 3 domains")).to_be_visible()
    expect(page.get_by_label("Describe your intervention (a sentence or two is enough)")).to_have_value(
        "A weekly conversation café"
    )


def test_exercise1_on_a_phone(browser, app_server) -> None:
    """The exercise is usable on a phone-size screen (screenshot for a person to check)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    create_workbook(page, app_server.url, "Phone check")
    page.goto(page.url.replace("/?", "/exercise1?"))
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Step One").first).to_be_visible()
    screenshot(page, "exercise1-phone")
    context.close()


def test_exercise2_part1_reveals_samples_and_part2_compares(page, app_server) -> None:
    """Answering Part 1 reveals the guide's sample answers; Part 2 answers show up as changes in Compare."""
    create_workbook(page, app_server.url, "Exercise 2 journey")
    go_to(page, "Exercise 2 — Part 1 vs Part 2")
    open_tab(page, "Compare")
    expect(page.get_by_text("appear once you have answered all of Part 1")).to_be_visible()

    open_tab(page, "Part 1 — your usual process")
    fill(page, "What's the integration problem you identify?", "Women cannot attend ESOL regularly")
    choose_option(page, "Which domain is most relevant to this problem?", "Language")
    fill(page, "What initiative would you suggest to address this problem?", "Childcare at ESOL classes")
    fill(page, "Key output 1", "More consistent attendance")
    fill(page, "Key output 2", "More social connections")
    fill(
        page,
        "What is the Outcome (measurable impact on integration) of your strategy?",
        "More English practice",
    )
    choose_option(
        page,
        "Use the Bank of Indicators of Integration (Annex 2) to find an appropriate Indicator to reflect this outcome. Which one have you chosen and why?",
        "regularly attending ESOL",
    )
    fill(
        page,
        "What's the long-term difference (impact) that your intervention will make?",
        "Stronger language skills",
    )
    expect(page.get_by_text("Part 1 is complete")).to_be_visible()

    open_tab(page, "Compare")
    expect(page.get_by_text("Part 1 — the guide's sample answers")).to_be_visible()
    expect(page.get_by_text("appear once you have answered all of Part 2")).to_be_visible()

    open_tab(page, "Part 2 — Theory of Change")
    fill(
        page,
        "What's the long-term difference (impact) that your intervention will make?",
        "Confidence to use English every day",
    )
    choose_radio(
        page,
        "Are you happy that the domain you have identified is still the most important/relevant to your purpose? If not, what is it now?",
        "Yes, it is still the most relevant",
    )
    fill(
        page,
        "What is the Outcome (measurable impact on integration) of your strategy?",
        "Regular conversations with local speakers",
    )
    choose_option(
        page,
        "Use the Bank of Indicators of Integration to find an appropriate Indicator to reflect this outcome. Which one have you chosen and why?",
        "language practice outside of classes",
    )
    fill(page, "Key output 1", "Regular interactions with local English speakers")
    fill(page, "Key output 2", "Supported informal practice")
    fill(page, "What initiative would you suggest to address this problem?", "A friendship and language café")
    fill(
        page,
        "How does this initiative differ from the one you suggested in Part 1?",
        "It builds social bridges",
    )

    open_tab(page, "Compare")
    expect(page.get_by_text("Part 2 — the guide's sample answers")).to_be_visible()
    expect(page.get_by_text("What changed:")).to_be_visible()
    expect(page.get_by_text("indicator", exact=False).first).to_be_visible()
    screenshot(page, "exercise2-compare")
