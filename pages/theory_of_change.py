"""Your own Theory of Change: the guide's six steps for a real intervention, and its results chain."""

from functools import partial

import streamlit as st

from ioi_core.charts.diagrams import results_chain_dot
from ioi_core.checks.progress import toc_missing
from ioi_core.model.exercises import indicator_text, toc_unlinked_targets
from ioi_core.model.questions import question
from ioi_core.model.workbook import Target
from ioi_core.text.markdown_safety import literal
from ioi_ui import lazy
from ioi_ui.answers import add_to_list, remove_from_list, text_answer
from ioi_ui.content_views import passage, quote_paragraphs, section
from ioi_ui.kept import kept_value, kept_widget_args, reset_kept
from ioi_ui.page import page_top, workbook_or_stop
from ioi_ui.pickers import indicator_label, indicator_options

pack = page_top(__file__, "Your own Theory of Change")
toc = pack.theory_of_change

st.markdown(passage(toc.definition))
st.info(passage(toc.whole_community), icon=":material/groups:")
with st.expander(toc.planning_for_success.title):
    section(toc.planning_for_success, heading=False)
stored = workbook_or_stop()
workbook = stored.workbook
answers = workbook.theory_of_change

text_answer(
    stored,
    ("theory_of_change", "intervention"),
    placeholder="The real intervention or strategy you are planning or re-engineering",
)

# Which answers each step asks for; their labels are the catalogue's (content/questions.yaml).
STEP_FIELDS = {
    "assumptions": ["assumptions"],
    "evidence": ["evidence_kind", "evidence_source", "evidence_supports"],
    "stakeholder_commitment": ["stakeholder_commitment"],
    "staying_on_track": ["staying_on_track"],
    "evaluation": ["evaluation_when", "evaluation_frequency"],
}

CHAIN_TAB = "Results chain"
TAB_KEY = "toc-tab"
tab_labels = [f"{step.number}. {step.name}" for step in toc.steps] + [CHAIN_TAB]


def go_to_tab(label: str) -> None:
    st.session_state[TAB_KEY] = label


def next_step_button(position: int) -> None:
    """Walk the steps in order, as the guide does, without reaching for the tab bar."""
    following = tab_labels[position + 1]
    st.button(
        f"Next: {following}",
        icon=":material/arrow_forward:",
        on_click=go_to_tab,
        args=(following,),
        key=f"toc-next-{position}",
    )


def draw_targets(step) -> None:
    st.markdown(f"**{step.prompt}**")
    targets = ("theory_of_change", "targets")
    # Each target's fields save as typed, like every other answer; a target is added from its indicator.
    for i, target in enumerate(answers.targets):
        with st.container(border=True):
            st.markdown(f"**Target {i + 1}: {literal(indicator_text(pack, workbook, target.indicator))}**")
            c1, c2 = st.columns(2)
            with c1:
                text_answer(stored, (*targets, str(i), "baseline"))
            with c2:
                text_answer(stored, (*targets, str(i), "target"))
            text_answer(stored, (*targets, str(i), "activity"))
            st.button(
                "Remove this target",
                key=f"toc-remove-{i}",
                on_click=remove_from_list,
                args=(targets, i, target),
            )
    with st.container(border=True):
        st.selectbox(
            "Indicator for a new target",
            indicator_options(pack, workbook),
            index=None,
            format_func=indicator_label(pack, workbook),
            placeholder="Type to search the bank…",
            **kept_widget_args("toc-new-indicator"),
        )
        st.button("Add target", on_click=add_target)
        problem = st.session_state.pop(NEW_TARGET_PROBLEM, None)
        if problem:
            st.error(problem)


NEW_TARGET_PROBLEM = "toc-new-problem"


def add_target() -> None:
    indicator = kept_value("toc-new-indicator", None)
    if indicator is None:
        st.session_state[NEW_TARGET_PROBLEM] = "Choose an indicator for the target first."
        return
    if add_to_list(("theory_of_change", "targets"), Target(indicator=indicator)):
        reset_kept("toc-new-indicator", None)


def what_the_guide_says(step) -> None:
    st.markdown(quote_paragraphs(step.guide_text, step.source))
    if step.example:
        st.markdown(passage(step.example))


def draw_step(step) -> None:
    lazy.section("What the guide says", partial(what_the_guide_says, step), key=f"toc-guide-{step.id}")
    if step.id == "targets":
        draw_targets(step)
        return
    for field in STEP_FIELDS[step.id]:
        text_answer(stored, ("theory_of_change", field))
    if step.id == "staying_on_track":
        unlinked = toc_unlinked_targets(workbook)
        if unlinked:
            st.warning(
                f"{unlinked} target(s) are not linked to an activity yet — the guide asks that "
                "targets are planned with and linked to key activities."
            )


def draw_results_chain() -> None:
    st.markdown("Fill the chain from the goal backwards; what must hold for each link is its assumption.")
    st.markdown(passage(toc.example_approach) + "\n\n" + toc.example_picture_note)
    chain_fields = ["goal", "intermediate_outcomes", "outputs", "activities"]
    link_fields = ["outcomes_to_goal", "outputs_to_outcomes", "activities_to_outputs"]
    for group, fields in (("chain", chain_fields), ("link_assumptions", link_fields)):
        for col, field in zip(st.columns(len(fields)), fields, strict=True):
            with col:
                text_answer(stored, ("theory_of_change", group, field))
    chain, links = answers.chain, answers.link_assumptions
    st.graphviz_chart(
        results_chain_dot(
            chain.activities,
            chain.outputs,
            chain.intermediate_outcomes,
            chain.goal,
            [links.activities_to_outputs, links.outputs_to_outcomes, links.outcomes_to_goal],
        ),
        width="stretch",
    )
    st.markdown(
        "In words: "
        + " → ".join(
            f"**{question(('theory_of_change', 'chain', f)).label.split('· ')[-1]}**: "
            f"{literal(getattr(chain, f)) or 'not written yet'}"
            for f in reversed(chain_fields)
        )
    )


def step_tab(position: int, step) -> None:
    st.subheader(f"Step {step.number}: {step.name}")
    draw_step(step)
    next_step_button(position)


# One tab per step, then the chain; answers save as they are typed.
lazy.tabs(
    tab_labels,
    key=TAB_KEY,
    draw=[
        *(partial(step_tab, position, step) for position, step in enumerate(toc.steps)),
        draw_results_chain,
    ],
)

missing = toc_missing(workbook, pack)
if missing:
    st.markdown("**Still to do:**\n" + "\n".join(f"- {m}" for m in missing))
else:
    st.success("All six steps have an answer.")
st.header(toc.why_it_works.title)
section(toc.why_it_works, heading=False)
st.header(toc.additional_tools.title)
section(toc.additional_tools, heading=False)
