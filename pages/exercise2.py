"""Exercise 2 — Part 1 (your usual process) vs Part 2 (Theory of Change), then the comparison."""

import streamlit as st

from ioi_core.model.exercises import (
    compare_parts,
    exercise2_samples_hidden,
    numbered_lines,
    part1_missing,
    part2_missing,
)
from ioi_core.text.markdown_safety import literal
from ioi_ui import lazy
from ioi_ui.answers import (
    choice_answer,
    select_answer,
    set_flag,
    text_answer,
    ticks_answer,
)
from ioi_ui.content_views import passage, quote_paragraphs, reconstruction
from ioi_ui.own_indicator import own_indicator_fields
from ioi_ui.page import page_top, workbook_or_stop
from ioi_ui.pickers import domain_label, indicator_label, indicator_options
from ioi_ui.workshop_live import POLL_SECONDS
from ioi_ui.workshop_state import revealed

pack = page_top(__file__)
ex2 = pack.exercise2

st.title(ex2.title)
st.markdown(passage(ex2.purpose))
stored = workbook_or_stop()
workbook = stored.workbook
label = domain_label(pack)
indicators = indicator_options(pack, workbook)
indicator_words = indicator_label(pack, workbook)

with st.container(border=True):
    st.markdown("**The case study**\n\n" + passage(ex2.case_study))

COLUMN_FIELDS = {4: "activities", 3: "outputs", 2: "intermediate_outcomes", 1: "goal"}


def planning_table(part_name: str, columns) -> None:
    """The four-column table, in the order given (Part 2 runs from the Goal backwards)."""
    for column in columns:
        with st.container(border=True):
            # One markdown element for heading and description: every element costs each rerun.
            st.markdown(
                f"**{column.number} · {column.heading}**"
                + (f" — *{column.row_label}*" if column.row_label else "")
                + f"\n\n{column.description}"
            )
            text_answer(
                stored,
                ("exercise2", part_name, "table", COLUMN_FIELDS[column.number]),
                placeholder="Your notes for this column",
            )


def question(part_name: str, q) -> None:
    path = ("exercise2", part_name)
    if q.kind == "domain":
        select_answer(stored, (*path, "domain"), list(range(1, 15)), label)
    elif q.kind == "domain_still_relevant":
        still = choice_answer(
            stored,
            (*path, "domain_still_relevant"),
            horizontal=True,
        )
        if still is False:
            select_answer(stored, (*path, "domain"), list(range(1, 15)), label)
    elif q.kind == "outputs":
        st.markdown(f"**{q.text}**")
        text_answer(stored, (*path, "output_1"))
        text_answer(stored, (*path, "output_2"))
    elif q.kind == "indicator":
        select_answer(
            stored,
            (*path, "indicator"),
            indicators,
            indicator_words,
            placeholder="Type to search the bank, e.g. ESOL, neighbours, volunteering…",
            help="Your shortlisted indicators (★) and your own come first.",
        )
        own_indicator_form(part_name)
        text_answer(stored, (*path, "indicator_why"))
    else:
        text_answer(stored, (*path, q.id))


def own_indicator_form(part_name: str) -> None:
    """None in the bank fits: write one, with a gentle check that it is measurable, and pick it."""
    lazy.section(
        "None fits? Write your own indicator",
        lambda: own_indicator_fields(
            f"ex2-own-{part_name}-new",
            workbook,
            text_label="Your indicator",
            anyway_label="Use it even if it does not read as measurable",
            button="Add and choose this indicator",
            then=lambda custom: set_flag(("exercise2", part_name, "indicator"), custom.id),
        ),
        key=f"ex2-own-{part_name}",
    )


def sample_answers() -> None:
    """The guide's sample answers for each part, once that part is answered, on request, or when the
    trainer reveals them."""
    questions1 = {q.id: q.text for q in ex2.part1.questions}
    questions2 = {q.id: q.text for q in ex2.part2.questions}
    hidden1, hidden2 = exercise2_samples_hidden(workbook.exercise2, revealed(stored, "exercise2_samples"))
    if hidden1:
        st.info("The guide's Part 1 sample answers appear once you have answered all of Part 1.")
    else:
        with st.expander("Part 1 — the guide's sample answers", expanded=True):
            for sample in ex2.sample_part1:
                st.markdown(f"**{questions1[sample.question_id]}**\n\n{numbered_lines(sample.answer)}")
    if hidden2:
        st.info("The guide's Part 2 sample answers appear once you have answered all of Part 2.")
    else:
        with st.expander("Part 2 — the guide's sample answers", expanded=True):
            st.markdown(passage(ex2.sample_part2_intro))
            for sample in ex2.sample_part2:
                st.markdown(f"**{questions2[sample.question_id]}**\n\n{numbered_lines(sample.answer)}")
                if sample.why:
                    st.markdown(f"*Why the indicator changed:* {sample.why}")
            for example in ex2.other_examples:
                st.markdown(passage(example))
    if hidden1 or hidden2:
        st.markdown("Try them yourself first — or see the guide's answers now.")
        if st.button("Show the guide's sample answers now", key="ex2-show-samples"):
            set_flag(("exercise2", "samples_revealed"), True)
            st.rerun()


def draw_part(part_name: str, part, columns, missing: list[str], lead: str | None, done: str) -> None:
    """One part's introduction, planning table and questions, and what is still to answer."""
    st.markdown(quote_paragraphs(part.introduction, part.introduction_source))
    st.subheader(part.table_title)
    if part.reconstruction_note:
        reconstruction(part.reconstruction_note)
    if lead:
        st.markdown(lead)
    planning_table(part_name, columns)
    st.subheader("Questions")
    for q in part.questions:
        question(part_name, q)
    number = part_name[-1]
    if missing:
        st.markdown(f"**Still to answer in Part {number}:** " + "; ".join(missing) + ".")
    else:
        st.success(done)


def part1() -> None:
    draw_part(
        "part1",
        ex2.part1,
        ex2.part1.columns,
        part1_missing(workbook.exercise2.part1),
        None,
        "Part 1 is complete. Now try Part 2, working backwards from the goal.",
    )


def part2() -> None:
    draw_part(
        "part2",
        ex2.part2,
        sorted(ex2.part2.columns, key=lambda c: c.number),  # from the goal backwards
        part2_missing(workbook.exercise2.part2),
        "Work **backwards**: start with the goal, then what leads to it, one column at a time.",
        "Part 2 is complete. Open **Compare** to see what changed.",
    )


def compare() -> None:
    rows = compare_parts(pack, workbook)
    st.subheader("Your Part 1 and Part 2 side by side")
    # A static table, not a data grid: whole answers wrap and all four columns fit the page.
    st.table(
        [
            {
                "Question": r.question,
                "Part 1": literal(r.part1),  # st.table renders Markdown: show answers as typed
                "Part 2": literal(r.part2),
                "Changed": "Changed" if r.changed else "",
            }
            for r in rows
        ],
        hide_index=True,
        alt="Your Part 1 and Part 2 answers side by side, one row per question, marking those that changed",
    )
    changed = [r.question.lower() for r in rows if r.changed]
    st.markdown(
        ("**What changed:** " + ", ".join(changed) + ".")
        if changed
        else "No answers differ yet between the parts."
    )
    st.subheader("The guide's sample answers")
    st.markdown(passage(ex2.sample_intro))
    # In a workshop the samples look again every few seconds, so a trainer's reveal arrives
    # without a click; only this part redraws, never a box someone is typing in.
    live = bool(workbook.meta.workshop_code)
    (st.fragment(sample_answers, run_every=POLL_SECONDS) if live else sample_answers)()
    st.subheader("Key Theory of Change questions")
    st.markdown(ex2.key_questions_intro)
    ticks_answer(
        stored,
        ("exercise2", "key_questions_done"),
        list(range(len(ex2.key_questions))),
        lambda i: ex2.key_questions[i],
    )


lazy.tabs(
    ["Part 1 — your usual process", "Part 2 — Theory of Change", "Compare"],
    key="exercise2-tab",
    draw=[part1, part2, compare],
)
