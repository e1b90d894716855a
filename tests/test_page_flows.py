"""Page logic under AppTest: answers typed on each page reach the workbook; bad input changes nothing."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from ioi_core.content.pack import load_content
from ioi_core.model.workbook import EvaluationRow, Workbook, WorkbookMeta
from ioi_core.store.workbooks import WorkbookStore
from ioi_core.text.markdown_safety import literal
from tests.fixtures.sample_workbook import full_workbook
from tests.support.apptest import ROOT, assert_healthy, open_page, open_tab, texts


def test_exercise1_choices_save_and_reveal_the_example(db: WorkbookStore) -> None:
    at, key = open_page(db, "pages/exercise1.py")
    pack = load_content()
    assert pack.exercise1.example.description.text not in texts(at)
    at.radio(key="answer:exercise1.intervention").set_value("friendship_club").run()
    at.radio(key="answer:exercise1.facilitator").set_value(13).run()
    at.radio(key="answer:exercise1.social_connection").set_value(7).run()
    at.radio(key="answer:exercise1.markers_and_means").set_value(5).run()
    assert_healthy(at)
    answers = db.get(key).workbook.exercise1
    assert (
        answers.intervention,
        answers.facilitator,
        answers.social_connection,
        answers.markers_and_means,
    ) == ("friendship_club", 13, 7, 5)
    assert "Your red line links 3 domains" in texts(at)
    assert pack.exercise1.example.reflection.text in texts(at)


def test_exercise1_show_example_on_demand(db: WorkbookStore) -> None:
    at, key = open_page(db, "pages/exercise1.py")
    [b for b in at.button if b.label == "Show the worked example now"][0].click().run()
    assert db.get(key).workbook.exercise1.example_revealed
    assert load_content().exercise1.example.reflection.text in texts(at)


def test_exercise2_samples_hidden_until_part1_answered(db: WorkbookStore) -> None:
    pack = load_content()
    sample = pack.exercise2.sample_part1[0].answer
    at, key = open_page(db, "pages/exercise2.py")
    open_tab(at, "exercise2-tab", "Compare")
    assert "The guide's sample answers" in texts(at)
    assert sample not in texts(at)

    def answer_part1(wb: Workbook) -> None:
        p1 = wb.exercise2.part1
        p1.problem, p1.domain, p1.initiative, p1.output_1 = "Isolation", 9, "Childcare", "Attendance"
        p1.outcome, p1.long_term = "More practice", "Stronger English"
        p1.indicator = pack.indicators_in_domain(9)[0].id

    db.modify(key, answer_part1)
    at.run()
    assert sample in texts(at)
    open_tab(at, "exercise2-tab", "Part 1 — your usual process")
    assert "Part 1 is complete" in texts(at)


def test_exercise2_text_answer_saves(db: WorkbookStore) -> None:
    at, key = open_page(db, "pages/exercise2.py")
    open_tab(at, "exercise2-tab", "Part 2 — Theory of Change")
    at.text_area(key="answer:exercise2.part2.table.goal").input("Confidence to use English").run()
    assert db.get(key).workbook.exercise2.part2.table.goal == "Confidence to use English"


def test_theory_of_change_target_needs_an_indicator(db: WorkbookStore) -> None:
    at, key = open_page(db, "pages/theory_of_change.py")
    at.text_area(key="answer:theory_of_change.assumptions").input("Childcare keeps women from class").run()
    assert db.get(key).workbook.theory_of_change.assumptions == "Childcare keeps women from class"
    open_tab(at, "toc-tab", "4. Targets")
    [b for b in at.button if b.label == "Add target"][0].click().run()
    assert "Choose an indicator for the target first." in texts(at)
    assert db.get(key).workbook.theory_of_change.targets == []


def test_theory_of_change_target_is_added_then_edited_in_place(db: WorkbookStore) -> None:
    """A target is added from its indicator; its baseline and target save as typed and can be changed."""
    pack = load_content()
    indicator = pack.indicators_in_domain(9)[0]
    at, key = open_page(db, "pages/theory_of_change.py")
    open_tab(at, "toc-tab", "4. Targets")
    [s for s in at.selectbox if s.label == "Indicator for a new target"][0].set_value(indicator.id).run()
    [b for b in at.button if b.label == "Add target"][0].click().run()
    assert_healthy(at)
    assert [s for s in at.selectbox if s.label == "Indicator for a new target"][0].value is None
    at.text_input(key="answer:theory_of_change.targets.0.baseline").input("12 learners").run()
    at.text_input(key="answer:theory_of_change.targets.0.target").input("30 learners").run()
    open_tab(at, "toc-tab", "1. Assumptions")
    open_tab(at, "toc-tab", "4. Targets")
    at.text_input(key="answer:theory_of_change.targets.0.target").input("35 learners").run()
    assert_healthy(at)
    [saved] = db.get(key).workbook.theory_of_change.targets
    assert (saved.indicator, saved.baseline, saved.target) == (indicator.id, "12 learners", "35 learners")


def test_theory_of_change_walks_the_steps_in_order(db: WorkbookStore) -> None:
    """Each step's "Next" button opens the following step; an answer typed on the way is kept."""
    at, key = open_page(db, "pages/theory_of_change.py")
    names = [f"{s.number}. {s.name}" for s in load_content().theory_of_change.steps] + ["Results chain"]
    assert [t.label for t in at.tabs] == names
    for following in names[1:]:
        [b for b in at.button if b.label == f"Next: {following}"][0].click().run()
        assert_healthy(at)
        assert at.session_state["toc-tab"] == following
        drawn = [t.label for t in at.tabs if len(t.children)]
        assert drawn == [following]
        if following == "2. Evidence":
            at.text_area(key="answer:theory_of_change.evidence_kind").input("Attendance registers").run()
    assert at.text_area(key="answer:theory_of_change.chain.goal")  # the chain tab is open at the end
    assert db.get(key).workbook.theory_of_change.evidence_kind == "Attendance registers"


def test_stakeholders_start_from_the_guides_examples(db: WorkbookStore) -> None:
    at, key = open_page(db, "pages/stakeholders.py")
    [b for b in at.button if b.label == "Add the guide's six examples"][0].click().run()
    assert_healthy(at)
    rows = db.get(key).workbook.stakeholders.rows
    assert [r.name for r in rows] == [e.name for e in load_content().stakeholders.examples]
    assert "Power and interest" in texts(at)


def test_stakeholder_checks_answer_the_guides_questions(db: WorkbookStore) -> None:
    wb = full_workbook()
    wb.stakeholders.interpreter_needed = None
    at, key = open_page(db, "pages/stakeholders.py", wb)
    open_tab(at, "stakeholders-tab", "The guide's checks")
    assert "Is an interpreter needed?" in [r.label for r in at.radio]
    at.radio(key="answer:stakeholders.interpreter_needed").set_value(True).run()
    assert_healthy(at)
    assert db.get(key).workbook.stakeholders.interpreter_needed is True
    assert at.session_state["stakeholders-tab"] == "The guide's checks", "the tab stays open"


def test_stakeholder_table_is_drawn_whichever_tab_is_open(db: WorkbookStore) -> None:
    """The table saves each edit as made, so there is no Save button, and it is drawn on every tab."""
    at, _ = open_page(db, "pages/stakeholders.py", full_workbook())
    for tab in ("The guide's checks", "The five things to agree"):
        open_tab(at, "stakeholders-tab", tab)
        assert_healthy(at)
        assert [d for d in at.dataframe if str(d.key).startswith("stakeholder-editor-")]
        assert not [b for b in at.button if b.label.startswith("Save")]


def test_barriers_notes_save_per_area(db: WorkbookStore) -> None:
    at, key = open_page(db, "pages/barriers.py")
    area = load_content().barriers.areas[0].id
    assert not at.text_area, "areas start closed; only an open area draws its boxes"
    at.session_state[f"barrier-area-{area}"] = True  # open the area, as a click would
    at.run()
    at.text_area(key=f"answer:barriers.{area}.challenges").input("No joined-up team").run()
    at.radio(key=f"answer:barriers.{area}.priority").set_value("high").run()
    assert_healthy(at)
    note = db.get(key).workbook.barriers[area]
    assert note.challenges == "No joined-up team" and note.priority is not None
    assert "Your top barriers" in texts(at)
    assert len(at.text_area) == 2, "the area stays open while its answers change"


def test_stakeholder_agreement_saves_as_it_is_typed(db: WorkbookStore) -> None:
    """Each field of an agreement saves when the person leaves it; folded and reopened, it is there."""
    at, key = open_page(db, "pages/stakeholders.py")
    thing = load_content().stakeholders.things_to_agree[0]
    open_tab(at, "stakeholders-tab", "The five things to agree")
    at.session_state[f"agree-item-{thing.id}"] = True
    at.run()
    path = f"stakeholders.agreements.{thing.id}"
    at.text_area(key=f"answer:{path}.agreed").input("Weekly café, women-only sessions").run()
    assert db.get(key).workbook.stakeholders.agreements[thing.id].agreed == "Weekly café, women-only sessions"
    at.text_input(key=f"answer:{path}.who").input("All partners").run()
    at.session_state[f"agree-item-{thing.id}"] = False  # fold it away, as a click would
    at.run()
    open_tab(at, "stakeholders-tab", "The guide's checks")
    open_tab(at, "stakeholders-tab", "The five things to agree")
    at.session_state[f"agree-item-{thing.id}"] = True
    at.run()
    assert_healthy(at)
    assert at.text_area(key=f"answer:{path}.agreed").value == "Weekly café, women-only sessions"
    assert at.text_input(key=f"answer:{path}.who").value == "All partners"
    agreement = db.get(key).workbook.stakeholders.agreements[thing.id]
    assert (agreement.agreed, agreement.who, agreement.when) == (
        "Weekly café, women-only sessions",
        "All partners",
        "",
    )
    assert not [b for b in at.button if b.label == "Save"]


def test_evaluation_csv_with_a_bad_row_adds_nothing(db: WorkbookStore) -> None:
    wb = Workbook(meta=WorkbookMeta(title="Eval"), evaluation=[EvaluationRow(outcome="More conversations")])
    at, key = open_page(db, "pages/evaluation.py", wb)
    open_tab(at, "evaluation-tab", "Measuring change")
    at.text_area[-1].input("group,when,value\nNewcomers,Q1,abc\n")
    [b for b in at.button if b.label == "Add these readings"][0].click().run()
    assert "Row 2: value 'abc' is not a number." in texts(at)
    assert db.get(key).workbook.evaluation[0].readings == []
    at.text_area[-1].input("group,when,value\nNewcomers,Q1,20\nSettled,Q1,60\n")
    [b for b in at.button if b.label == "Add these readings"][0].click().run()
    assert_healthy(at)
    assert len(db.get(key).workbook.evaluation[0].readings) == 2
    assert "Gap between groups" in texts(at)


def test_principles_check_page_lists_findings(db: WorkbookStore) -> None:
    at, _ = open_page(db, "pages/principles_check.py")
    assert "No stakeholders listed yet" in texts(at)


def test_exercise2_own_indicator_checks_measurability_then_is_chosen(db: WorkbookStore) -> None:
    at, key = open_page(db, "pages/exercise2.py")
    assert not [t for t in at.text_input if t.label == "Your indicator"], "the form runs only when opened"
    at.session_state["ex2-own-part1"] = True
    at.run()
    domain_box = [s for s in at.selectbox if s.label == "Domain"][0]
    text_box = [t for t in at.text_input if t.label == "Your indicator"][0]
    domain_box.set_value(9)
    text_box.input("Women feel more confident")
    [b for b in at.button if b.label == "Add and choose this indicator"][0].click().run()
    assert "This may be hard to measure" in texts(at)
    assert db.get(key).workbook.custom_indicators == []
    [s for s in at.selectbox if s.label == "Domain"][0].set_value(9)
    [t for t in at.text_input if t.label == "Your indicator"][0].input(
        "% of women who speak English with a neighbour weekly"
    )
    [b for b in at.button if b.label == "Add and choose this indicator"][0].click().run()
    assert_healthy(at)
    workbook = db.get(key).workbook
    assert [c.text for c in workbook.custom_indicators] == [
        "% of women who speak English with a neighbour weekly"
    ]
    assert workbook.exercise2.part1.indicator == workbook.custom_indicators[0].id


def test_best_practices_can_be_ticked_and_annotated(db: WorkbookStore) -> None:
    at, key = open_page(db, "pages/regional_context.py")
    first = load_content().context.best_practices[0].id
    at.checkbox(key=f"answer:tick.{first}").check().run()
    assert db.get(key).workbook.best_practices_ticked == {first: ""}
    at.text_area(key=f"answer:best_practices_ticked.{first}").input("Our ESOL hub serves everyone").run()
    assert db.get(key).workbook.best_practices_ticked == {first: "Our ESOL hub serves everyone"}
    at.checkbox(key=f"answer:tick.{first}").uncheck().run()
    assert db.get(key).workbook.best_practices_ticked == {}


def test_bank_shortlist_lists_and_removes_chosen_indicators(db: WorkbookStore) -> None:
    pack = load_content()
    first, second = pack.indicators_in_domain(7)[:2]
    wb = Workbook(meta=WorkbookMeta(title="Bank"), shortlist=[first.id, second.id])
    at, key = open_page(db, "pages/indicator_bank.py", wb)
    numbered = [line for line in texts(at).split("\n") if line[:3] in ("1. ", "2. ")]
    assert first.text in numbered[0] and second.text in numbered[1]
    remove = [m for m in at.multiselect if m.label == "Indicators to remove from your shortlist"][0]
    remove.set_value([first.id]).run()
    [b for b in at.button if b.label == "Remove 1 from the shortlist"][0].click().run()
    assert_healthy(at)
    assert db.get(key).workbook.shortlist == [second.id]
    numbered = [line for line in texts(at).split("\n") if line[:3] in ("1. ", "2. ")]
    assert len(numbered) == 1 and second.text in numbered[0]


def test_bank_filters_hold_while_their_section_is_folded(db: WorkbookStore) -> None:
    pack = load_content()
    at, _ = open_page(db, "pages/indicator_bank.py")
    everything = len(pack.indicators.indicators)
    assert f"**{everything} indicator(s)**" in texts(at)
    assert not [m for m in at.multiselect if m.label == "Domain"], "the filters run only when opened"
    at.session_state["bank-filters"] = True
    at.run()
    [m for m in at.multiselect if m.label == "Domain"][0].set_value([7]).run()
    in_domain = len(pack.indicators_in_domain(7))
    assert in_domain < everything
    assert f"**{in_domain} indicator(s)** — filtered by Domain: 7. Social bridges" in texts(at)
    at.session_state["bank-filters"] = False
    at.run()
    assert_healthy(at)
    assert not [m for m in at.multiselect if m.label == "Domain"]
    assert f"**{in_domain} indicator(s)** — filtered by Domain: 7. Social bridges" in texts(at)
    at.session_state["bank-filters"] = True
    at.run()
    assert [m for m in at.multiselect if m.label == "Domain"][0].value == [7]
    [m for m in at.multiselect if m.label == "Domain"][0].set_value([]).run()
    assert f"**{everything} indicator(s)**" in texts(at) and "filtered by" not in texts(at)


def test_bank_shows_each_workbook_its_own_indicators_only(db: WorkbookStore) -> None:
    """Own indicators are numbered custom-1… in every workbook; nobody sees another's."""
    from ioi_core.model.workbook import CustomIndicator

    def with_own(text: str) -> Workbook:
        return Workbook(
            meta=WorkbookMeta(title=text),
            custom_indicators=[CustomIndicator(id="custom-1", domain=7, text=text)],
        )

    for mine, theirs in [
        ("% who join the allotment rota", "% who use the tool shed"),
        ("% who use the tool shed", "% who join the allotment rota"),
    ]:
        at, _ = open_page(db, "pages/indicator_bank.py", with_own(mine))
        [t for t in at.text_input if t.label == "Search words"][0].input("who").run()
        assert_healthy(at)
        table = at.dataframe[0].value
        assert mine in list(table["Indicator"]) and theirs not in list(table["Indicator"])


def test_theory_of_change_lists_targets_and_removes_the_chosen_one(db: WorkbookStore) -> None:
    wb = full_workbook()
    kept = wb.theory_of_change.targets[1:]
    at, key = open_page(db, "pages/theory_of_change.py", wb)
    open_tab(at, "toc-tab", "4. Targets")
    assert "**Target 3: " in texts(at)
    at.button(key="toc-remove-0").click().run()
    assert_healthy(at)
    assert db.get(key).workbook.theory_of_change.targets == kept
    assert "**Target 3: " not in texts(at) and "**Target 2: " in texts(at)


def test_bank_own_indicator_is_checked_then_added(db: WorkbookStore) -> None:
    at, key = open_page(db, "pages/indicator_bank.py")
    assert not [f for f in at.text_input if f.label == "Indicator"], "the form runs only when opened"
    at.session_state["bank-write-own"] = True
    at.run()
    [s for s in at.selectbox if s.label == "Domain"][0].set_value(7)
    [t for t in at.text_input if t.label == "Indicator"][0].input("Friendship")
    [b for b in at.button if b.label == "Add indicator"][0].click().run()
    assert db.get(key).workbook.custom_indicators == []  # does not read as measurable: nothing saved
    assert "Save even if" in texts(at)
    [t for t in at.text_input if t.label == "Indicator"][0].input("% of café visitors who meet a neighbour")
    [t for t in at.text_area if t.label == "Why this indicator? (optional)"][0].input(
        "Counts real contact"
    ).run()
    at.session_state["bank-write-own"] = False  # folded away before adding: what was typed is kept
    at.run()
    assert not [t for t in at.text_input if t.label == "Indicator"]
    at.session_state["bank-write-own"] = True
    at.run()
    assert [t for t in at.text_input if t.label == "Indicator"][
        0
    ].value == "% of café visitors who meet a neighbour"
    assert [s for s in at.selectbox if s.label == "Domain"][0].value == 7
    [b for b in at.button if b.label == "Add indicator"][0].click().run()
    assert_healthy(at)
    own = db.get(key).workbook.custom_indicators
    assert [(c.domain, c.text, c.why) for c in own] == [
        (7, "% of café visitors who meet a neighbour", "Counts real contact")
    ]
    mine = "% of café visitors who meet a neighbour — *7. Social bridges, your own, not from the framework*"
    assert mine in texts(at)
    assert [t for t in at.text_input if t.label == "Indicator"][0].value == "", "emptied for the next one"


def test_new_custom_indicator_takes_the_first_free_number() -> None:
    from ioi_core.model.workbook import CustomIndicator, new_custom_indicator

    wb = Workbook(meta=WorkbookMeta(title="Ids"))
    wb.custom_indicators = [CustomIndicator(id="custom-2", domain=7, text="An own indicator")]
    made = new_custom_indicator(wb, 9, "  % who practise English  ", "why")
    assert (made.id, made.domain, made.text, made.why) == ("custom-3", 9, "% who practise English", "why")


def test_answer_wall_shows_answers_as_typed_not_as_markdown(db: WorkbookStore) -> None:
    """On the trainer's projector, an answer cannot become a heading, a link or someone's image."""
    from ioi_core.store.edits import set_answer
    from ioi_core.store.workshops import WorkshopStore

    workshops = WorkshopStore(db)
    workshop, trainer_key = workshops.create("Leeds pilot")
    key, _ = workshops.join(workshop.code, "Amina")
    answer = "# Look! ![cat](https://example.com/cat.png) [win](https://example.com) *now*"
    set_answer(db, key, ("exercise2", "part1", "problem"), answer, "")
    workshops.approve_answer(trainer_key, db.get(key).id, "exercise2.part1.problem", answer)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.session_state["trainer_key"] = trainer_key  # typed once per browser session, never in the URL
    at.switch_page("pages/trainer.py").run()
    [q for q in at.selectbox if q.label == "Question on the wall"][0].set_value(
        "exercise2.part1.problem"
    ).run()
    assert_healthy(at)
    [shown] = [m.value for m in at.markdown if "Look" in m.value]
    assert shown == literal(answer)
    assert "![" not in shown and "](" not in shown and not shown.startswith("#")


def test_evaluation_outcome_is_added_then_each_field_saves_as_typed(db: WorkbookStore) -> None:
    """'Add an outcome' adds and opens one; its Annex 1 fields save one by one, no Save button."""
    at, key = open_page(db, "pages/evaluation.py")
    [b for b in at.button if b.label == "Add an outcome"][0].click().run()
    assert_healthy(at)
    assert len(db.get(key).workbook.evaluation) == 1
    at.text_area(key="answer:evaluation.0.outcome").input("Regular conversations with local speakers").run()
    at.text_input(key="answer:evaluation.0.frequency").input("Every term").run()
    at.number_input(key="answer:evaluation.0.baseline").set_value(20).run()
    assert_healthy(at)
    row = db.get(key).workbook.evaluation[0]
    assert (row.outcome, row.frequency, row.baseline) == (
        "Regular conversations with local speakers",
        "Every term",
        20,
    )
    assert not [b for b in at.button if b.label.startswith("Save")]
    assert "Outcome 1: Regular conversations with local speakers" in [e.label for e in at.expander]


def test_exercise2_samples_shown_on_demand_with_numbered_outputs_as_a_list(db: WorkbookStore) -> None:
    pack = load_content()
    numbered = next(s.answer for s in pack.exercise2.sample_part2 if s.answer.startswith("1. "))
    at, key = open_page(db, "pages/exercise2.py")
    open_tab(at, "exercise2-tab", "Compare")
    assert pack.exercise2.sample_part1[0].answer not in texts(at)
    [b for b in at.button if b.label == "Show the guide's sample answers now"][0].click().run()
    assert db.get(key).workbook.exercise2.samples_revealed
    assert not [b for b in at.button if b.label == "Show the guide's sample answers now"]
    # "1. … 2. …" is two lines of a Markdown list, not one item holding both.
    first, second = numbered.split(" 2. ")
    assert any(f"{first}\n2. {second}" in m.value for m in at.markdown), numbered


def test_exercise2_key_questions_are_one_tick_each(db: WorkbookStore) -> None:
    pack = load_content()
    at, key = open_page(db, "pages/exercise2.py")
    open_tab(at, "exercise2-tab", "Compare")
    boxes = {c.label: c for c in at.checkbox}
    assert [q for q in pack.exercise2.key_questions if q in boxes] == pack.exercise2.key_questions
    assert not [m for m in at.multiselect if "questions your plan" in m.label]
    boxes[pack.exercise2.key_questions[1]].check().run()
    assert db.get(key).workbook.exercise2.key_questions_done == [1]
    {c.label: c for c in at.checkbox}[pack.exercise2.key_questions[0]].check().run()
    assert db.get(key).workbook.exercise2.key_questions_done == [0, 1]
    {c.label: c for c in at.checkbox}[pack.exercise2.key_questions[1]].uncheck().run()
    assert db.get(key).workbook.exercise2.key_questions_done == [0]
    assert {c.label: c.value for c in at.checkbox}[pack.exercise2.key_questions[0]] is True


def _bank_with_filters_open(db: WorkbookStore, **params: str | list[str]) -> AppTest:
    key, _ = db.create(Workbook(meta=WorkbookMeta(title="Bank filters")))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["wb"] = key
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    at.switch_page("pages/indicator_bank.py").run()
    at.session_state["bank-filters"] = True
    at.run()
    assert_healthy(at)
    return at


def test_bank_filters_that_find_nothing_say_which_to_loosen(db: WorkbookStore) -> None:
    from ioi_core.content.models import Provenance

    pack = load_content()
    guide = [i for i in pack.indicators.indicators if i.provenance == Provenance.GUIDE]
    domain = next(n for n in range(1, 15) if not any(i.domain == n for i in guide))
    at = _bank_with_filters_open(db)
    [m for m in at.multiselect if m.label == "Domain"][0].set_value([domain]).run()
    [m for m in at.multiselect if m.label == "Provenance"][0].set_value([Provenance.GUIDE]).run()
    assert "**0 indicator(s)**" in texts(at)
    warning = " ".join(w.value for w in at.warning)
    assert "No results with all these filters." in warning
    in_domain = len(pack.indicators_in_domain(domain))
    assert f"Without “Provenance: Quoted in the IOM guide” there would be {in_domain}." in warning
    assert f"Without “Domain: {domain}. {pack.domain(domain).name}” there would be {len(guide)}." in warning


def test_bank_filters_live_in_the_address_so_a_reload_keeps_them(db: WorkbookStore) -> None:
    from ioi_core.content.models import DomainType

    pack = load_content()
    at = _bank_with_filters_open(db)
    [m for m in at.multiselect if m.label == "Domain"][0].set_value([7, 9]).run()
    [m for m in at.multiselect if m.label == "Type"][0].set_value([DomainType.SOCIAL_CONNECTIONS]).run()
    assert at.query_params["domain"] == ["7", "9"]
    assert at.query_params["type"] in ("social_connections", ["social_connections"])
    assert at.query_params["wb"]
    # A reload is a new session with the same address: the filters come back from it.
    reloaded = _bank_with_filters_open(db, domain=["7", "9"], type="social_connections", provenance="bogus")
    assert [m for m in reloaded.multiselect if m.label == "Domain"][0].value == [7, 9]
    assert "filtered by Domain: 7. Social bridges, 9. " in texts(reloaded)
    assert "Type: " + pack.types_by_id[DomainType.SOCIAL_CONNECTIONS].name in texts(reloaded)
    # Clearing a filter takes it out of the address.
    [m for m in reloaded.multiselect if m.label == "Domain"][0].set_value([]).run()
    assert "domain" not in reloaded.query_params
