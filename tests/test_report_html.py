"""The printable report and blank worksheets: complete, escaped, print-ready."""

from ioi_core.content.pack import load_content
from ioi_core.formats.report_html import blank_worksheets_html, report_html
from ioi_core.model.workbook import Stakeholder, Workbook, WorkbookMeta


def test_report_escapes_user_text_and_has_every_section() -> None:
    wb = Workbook(meta=WorkbookMeta(title="<script>alert('x')</script>"))
    wb.exercise1.facilitator, wb.exercise1.social_connection = 13, 7
    wb.stakeholders.rows = [Stakeholder(name="<img src=x onerror=alert(1)>", group="newcomers")]
    html = report_html(load_content(), wb)
    assert "<script>alert" not in html and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "<img src=x" not in html
    for heading in (
        "Exercise 1",
        "Part 1",
        "Part 2",
        "Your own Theory of Change",
        "Stakeholders",
        "Barriers",
        "Evaluation plan",
        "Principles check",
        "Sources",
    ):
        assert heading in html
    assert "break-before: page" in html and "<svg" in html


def test_blank_worksheets_hold_the_guides_questions() -> None:
    pack = load_content()
    html = blank_worksheets_html(pack)
    assert "Which domain is most relevant to this problem?" in html
    assert "How does this initiative differ from the one you suggested in Part 1?" in html
    assert "Step 1: Assumptions — The barrier to integration in this case is…" in html
    assert "Desired integration outcomes" in html and "Stated outcome" in html
    assert html.count("class='blank'") >= 40


def test_right_to_left_answers_keep_their_own_direction() -> None:
    wb = Workbook(meta=WorkbookMeta(title="خطة المقهى"))
    wb.exercise2.part1.problem = "النساء لا يحضرن دروس اللغة (ESOL) بسبب رعاية الأطفال."
    html = report_html(load_content(), wb)
    assert "<td class='answer' dir='auto'>النساء لا يحضرن" in html
    assert "<h1 dir='auto'>خطة المقهى</h1>" in html


def test_download_names_are_clean_slugs() -> None:
    from ioi_core.formats.report_html import download_slug

    assert download_slug("Friendship Café plan — self-study") == "friendship-cafe-plan-self-study"
    assert download_slug("Plan: 5/50 % (draft)") == "plan-5-50-draft"
    assert download_slug("خطة المقهى 2026") == "خطة-المقهى-2026"
    assert download_slug(" — ") == "workbook"
    long = download_slug("word " * 30)
    assert len(long) <= 50 and not long.endswith("-") and "--" not in long
