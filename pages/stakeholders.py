"""Stakeholders: who is involved, a power-interest chart, the guide's checks and the five things to agree."""

import pandas as pd
import streamlit as st

from ioi_core.content_models import StakeholderGroup
from ioi_core.stakeholder_checks import (
    INCLUSION,
    power_interest_in_words,
    stakeholder_checks,
)
from ioi_core.workbook import Agreement, Level, Stakeholder
from ioi_ui.answers import choice_answer, multi_answer, save_value, show_save_status
from ioi_ui.charts import power_interest
from ioi_ui.content_views import passage, section
from ioi_ui.kept import forget_kept, kept_value, kept_widget_args
from ioi_ui.resources import content
from ioi_ui.shell import ensure_shell
from ioi_ui.workbook_session import require_workbook

ensure_shell(__file__)

pack = content()
guide = pack.stakeholders
labels = guide.group_labels

st.title("Stakeholders")
st.markdown(passage(guide.intro))
stored = require_workbook()
if stored is None:
    st.stop()
show_save_status()
plan = stored.workbook.stakeholders

GROUPS = list(StakeholderGroup)
LEVELS = [lv.value for lv in Level]

# The table is always drawn: unsaved edits in it would be lost on any run that does not draw it.
st.header("Who is involved")
st.markdown(passage(guide.widest_range))
if not plan.rows:
    st.markdown(
        "Start from the guide's six example stakeholders (for its ESOL case study) and edit them, or type your own."
    )
    if st.button("Add the guide's six examples"):
        rows = [Stakeholder(name=e.name, group=e.group) for e in guide.examples]
        save_value(("stakeholders", "rows"), rows, plan.rows)
        st.rerun()

frame = pd.DataFrame(
    [
        {
            "Name": r.name,
            "Group": labels[r.group],
            "Role": r.role,
            "Influence": r.influence.value,
            "Interest": r.interest.value,
            "Design": r.at_design,
            "Delivery": r.at_delivery,
            "Evaluation": r.at_evaluation,
            "Notes": r.notes,
        }
        for r in plan.rows
    ],
    columns=[
        "Name",
        "Group",
        "Role",
        "Influence",
        "Interest",
        "Design",
        "Delivery",
        "Evaluation",
        "Notes",
    ],
)
edited = st.data_editor(
    frame,
    num_rows="dynamic",
    width="stretch",
    hide_index=True,
    key=f"stakeholder-editor-{stored.version}",
    column_config={
        "Name": st.column_config.TextColumn(required=True, max_chars=300),
        "Group": st.column_config.SelectboxColumn(options=[labels[g] for g in GROUPS], required=True),
        "Role": st.column_config.TextColumn(max_chars=300),
        "Influence": st.column_config.SelectboxColumn(options=LEVELS, required=True),
        "Interest": st.column_config.SelectboxColumn(options=LEVELS, required=True),
        "Design": st.column_config.CheckboxColumn("Involved at design"),
        "Delivery": st.column_config.CheckboxColumn("Involved at delivery"),
        "Evaluation": st.column_config.CheckboxColumn("Involved at evaluation"),
        "Notes": st.column_config.TextColumn(max_chars=5000),
    },
)
if st.button("Save stakeholders", type="primary"):
    by_label = {labels[g]: g for g in GROUPS}
    new_rows, problems = [], []
    for number, row in enumerate(edited.to_dict("records"), 1):
        name = str(row.get("Name") or "").strip()
        if not name:
            problems.append(f"Row {number}: give the stakeholder a name (or delete the row).")
            continue
        new_rows.append(
            Stakeholder(
                name=name[:300],
                group=by_label.get(row.get("Group"), StakeholderGroup.OTHER),
                role=str(row.get("Role") or "")[:300],
                influence=row.get("Influence") or "medium",
                interest=row.get("Interest") or "medium",
                at_design=bool(row.get("Design")),
                at_delivery=bool(row.get("Delivery")),
                at_evaluation=bool(row.get("Evaluation")),
                notes=str(row.get("Notes") or "")[:5000],
            )
        )
    if problems:
        st.error("Nothing was saved. " + " ".join(problems))
    else:
        save_value(("stakeholders", "rows"), new_rows, plan.rows)
        st.rerun()

if plan.rows:
    st.subheader("Power and interest")
    power_interest(plan)
    st.markdown("In words: " + power_interest_in_words(plan))


def save_agreement(thing_id: str, fields: dict[str, str], current: Agreement | None) -> None:
    agreement = Agreement(**{name: kept_value(key, "") for name, key in fields.items()})
    if save_value(("stakeholders", "agreements", thing_id), agreement, current):
        forget_kept(*fields.values())  # the fields show the saved agreement from now on


# The guide's checks and the five things to agree, one tab each: only the open tab runs.
checks_tab, agree_tab = st.tabs(
    ["The guide's checks", "The five things to agree"], key="stakeholders-tab", on_change="rerun"
)

if checks_tab.open:
    with checks_tab:
        st.markdown(passage(guide.design_stage))
        choice_answer(
            stored,
            ("stakeholders", "interpreter_needed"),
            "Is an interpreter needed?",
            [True, False],
            {True: "Yes", False: "No"}.get,
            horizontal=True,
        )
        multi_answer(
            stored,
            ("stakeholders", "inclusion_considered"),
            "Which of these have you considered in engaging stakeholders?",
            INCLUSION,
            str.capitalize,
        )
        icons = {True: ":material/check_circle:", False: ":material/cancel:", None: ":material/help:"}
        verdicts = {True: "Yes", False: "No", None: "Not answered"}
        st.markdown(  # one element for all the checks
            "\n\n".join(
                f"{icons[c.ok]} **{c.question}** {verdicts[c.ok]}. {c.detail}"
                for c in stakeholder_checks(plan, labels)
            )
        )
        st.markdown(passage(guide.not_involved_at_design))

if agree_tab.open:
    with agree_tab:
        section(guide.shared_responsibility)
        agreed_so_far = [
            t.text for t in guide.things_to_agree if (a := plan.agreements.get(t.id)) and a.agreed.strip()
        ]
        st.markdown(
            f"**Agreed so far: {len(agreed_so_far)} of {len(guide.things_to_agree)}.** Open each to record it."
        )
        for thing in guide.things_to_agree:
            current = plan.agreements.get(thing.id)
            # Only the open item's form runs (five forms at once doubled the page's rerun cost).
            item = st.expander(f"**{thing.text}**", key=f"agree-item-{thing.id}", on_change="rerun")
            if not item.open:
                continue
            # Not a form: what is typed here survives folding the section or opening the other tab.
            with item:
                fields = {name: f"agree-{name}-{thing.id}" for name in ("agreed", "who", "when")}
                st.text_area(
                    "What was agreed",
                    max_chars=5000,
                    **kept_widget_args(fields["agreed"], current.agreed if current else ""),
                )
                c1, c2 = st.columns(2)
                c1.text_input(
                    "Who agreed",
                    max_chars=300,
                    **kept_widget_args(fields["who"], current.who if current else ""),
                )
                c2.text_input(
                    "When", max_chars=300, **kept_widget_args(fields["when"], current.when if current else "")
                )
                st.button(
                    "Save",
                    key=f"agree-save-{thing.id}",
                    on_click=save_agreement,
                    args=(thing.id, fields, current),
                )

        example = st.expander(
            "The guide's worked example: ICT skills and hiring managers",
            key="stakeholder-example",
            on_change="rerun",
        )
        if example.open:  # runs only when asked for
            with example:
                section(guide.worked_example, heading=False)
