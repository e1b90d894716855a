"""Stakeholders: who is involved, a power-interest chart, the guide's checks and the five things to agree."""

from functools import partial

import streamlit as st

from ioi_core.checks.stakeholders import agreed_so_far, power_interest_in_words, stakeholder_checks
from ioi_core.content.models import StakeholderGroup
from ioi_core.model.tables import STAKEHOLDER_COLUMNS, stakeholder_rows, stakeholders_from_rows
from ioi_core.model.workbook import Level, Stakeholder
from ioi_ui import lazy
from ioi_ui.answers import (
    choice_answer,
    multi_answer,
    save_value,
    table_answer,
    text_answer,
)
from ioi_ui.charts import power_interest
from ioi_ui.content_views import passage, section
from ioi_ui.page import page_top, workbook_or_stop

pack = page_top(__file__, "Stakeholders")
guide = pack.stakeholders
labels = guide.group_labels

st.markdown(
    guide.intro.text
    + "\n\n"
    + "\n".join(f"- {e.name}" for e in guide.examples)
    + f"\n\n— *{guide.intro.source}*"
)
stored = workbook_or_stop()
plan = stored.workbook.stakeholders

GROUPS = list(StakeholderGroup)
LEVELS = [lv.value for lv in Level]

st.header("Who is involved")
st.markdown(passage(guide.widest_range))
if not plan.rows:
    st.markdown(
        "Start from the guide's six example stakeholders (for its ESOL case study) and edit them, or type your own."
    )
    if st.button("Add the guide's six examples"):
        rows = [Stakeholder(name=e.name, group=e.group) for e in guide.examples]
        save_value(("stakeholders", "rows"), rows, plan.rows, "Who is involved")
        st.rerun()

table_answer(
    stored,
    ("stakeholders", "rows"),
    to_rows=lambda people: stakeholder_rows(people, labels),
    from_rows=lambda rows: stakeholders_from_rows(rows, labels),
    columns=STAKEHOLDER_COLUMNS,
    key="stakeholder-editor",
    num_rows="dynamic",
    width="stretch",
    hide_index=True,
    column_config={
        "group": st.column_config.SelectboxColumn(options=[labels[g] for g in GROUPS]),
        "influence": st.column_config.SelectboxColumn(options=LEVELS),
        "interest": st.column_config.SelectboxColumn(options=LEVELS),
        "at_design": st.column_config.CheckboxColumn(),
        "at_delivery": st.column_config.CheckboxColumn(),
        "at_evaluation": st.column_config.CheckboxColumn(),
    },
)
st.markdown(
    "Each change to the table is saved as you make it. To remove a row, tick the box at its left and "
    "press the bin above the table."
)
unnamed = [str(n) for n, r in enumerate(plan.rows, 1) if not r.name.strip()]
if unnamed:
    st.warning(f"Row {', '.join(unnamed)}: no name yet.", icon=":material/edit:")

if plan.rows:
    st.subheader("Power and interest")
    power_interest(plan)
    st.markdown("In words: " + power_interest_in_words(plan, guide))


def the_guides_checks() -> None:
    st.subheader(guide.check_question)
    st.markdown(passage(guide.design_stage))
    choice_answer(stored, ("stakeholders", "interpreter_needed"), horizontal=True)
    multi_answer(stored, ("stakeholders", "inclusion_considered"), guide.inclusion, str.capitalize)
    icons = {True: ":material/check_circle:", False: ":material/cancel:", None: ":material/help:"}
    st.markdown(  # one element for all the checks
        "\n\n".join(
            f"{icons[c.ok]} **{c.question}** {c.in_words()}"
            for c in stakeholder_checks(plan, labels, guide.inclusion)
        )
    )
    st.markdown(passage(guide.not_involved_at_design))


def agreement(thing_id: str) -> None:
    """One of the five things to agree: what, who and when, each saved as the person leaves the box."""
    path = ("stakeholders", "agreements", thing_id)
    text_answer(stored, (*path, "agreed"))
    who, when = st.columns(2)
    with who:
        text_answer(stored, (*path, "who"))
    with when:
        text_answer(stored, (*path, "when"))


def things_to_agree() -> None:
    section(guide.shared_responsibility)
    agreed = agreed_so_far(plan, guide)
    st.markdown(f"**Agreed so far: {agreed} of {len(guide.things_to_agree)}.** Open each to record it.")
    for thing in guide.things_to_agree:
        lazy.section(f"**{thing.text}**", partial(agreement, thing.id), key=f"agree-item-{thing.id}")
    lazy.section(
        "The guide's worked example: ICT skills and hiring managers",
        lambda: section(guide.worked_example, heading=False),
        key="stakeholder-example",
    )


lazy.tabs(
    ["The guide's checks", "The five things to agree"],
    key="stakeholders-tab",
    draw=[the_guides_checks, things_to_agree],
)
