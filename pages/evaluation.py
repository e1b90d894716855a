"""Evaluation plan (Part B Annex 1 fields per outcome) and measuring change towards parity between groups."""

import pandas as pd
import streamlit as st

from ioi_core.exercises import indicator_text
from ioi_core.markdown_safety import literal
from ioi_core.readings import gaps, parse_readings_csv
from ioi_core.workbook import EvaluationRow, Reading
from ioi_ui.answers import add_to_list, save_value, show_save_status
from ioi_ui.charts import readings_progress
from ioi_ui.content_views import passage, section
from ioi_ui.pickers import indicator_label, indicator_options
from ioi_ui.resources import content
from ioi_ui.shell import ensure_shell
from ioi_ui.workbook_session import require_workbook

ensure_shell(__file__)

pack = content()
guide = pack.evaluation

st.title("Evaluation plan and measuring change")
section(guide.intro, heading=False)
stored = require_workbook()
if stored is None:
    st.stop()
show_save_status()
workbook = stored.workbook
fields = {f.id: f for f in guide.annex1_fields}


def label(field_id: str, fallback: str) -> str:
    return fields[field_id].label if field_id in fields else fallback


def helptext(field_id: str) -> str | None:
    return fields[field_id].help if field_id in fields else None


def row_form(index: int | None, row: EvaluationRow) -> None:
    """The Annex 1 fields for one outcome; saving checks nobody changed the row meanwhile."""
    form_key = f"eval-{index if index is not None else 'new'}-{stored.version}"
    with st.form(form_key, clear_on_submit=index is None):
        outcome = st.text_area(
            label("stated_outcome", "Stated outcome"),
            value=row.outcome,
            max_chars=5000,
            help=helptext("stated_outcome"),
        )
        options = indicator_options(pack, workbook)
        chosen = st.multiselect(
            label("indicators", "Selected indicator(s)"),
            options,
            default=[r for r in row.indicators if r in options],
            format_func=indicator_label(pack, workbook),
            help=helptext("indicators"),
        )
        methods = st.multiselect(
            label("data_collection_methods", "Data collection methods"),
            list(dict.fromkeys(guide.collection_methods + row.methods)),
            default=row.methods,
            accept_new_options=True,
            help=helptext("data_collection_methods"),
        )
        samples = st.multiselect(
            label("samples", "Sample(s)"),
            list(
                dict.fromkeys(["Participants", "Wider local community", "Volunteers", "Staff"] + row.samples)
            ),
            default=row.samples,
            accept_new_options=True,
            help=helptext("samples"),
        )
        c1, c2 = st.columns(2)
        frequency = c1.text_input(
            label("frequency", "Frequency"), value=row.frequency, max_chars=300, help=helptext("frequency")
        )
        responsible = c2.text_input(
            label("responsible", "Who is responsible"),
            value=row.responsible,
            max_chars=300,
            help=helptext("responsible"),
        )
        analysis = st.text_area(
            label("analysis", "Analysis"), value=row.analysis, max_chars=5000, help=helptext("analysis")
        )
        c3, c4 = st.columns(2)
        baseline = c3.number_input("Baseline (the reading before you start)", value=row.baseline, format="%g")
        target = c4.number_input("Target", value=row.target, format="%g")
        if st.form_submit_button("Save this outcome" if index is not None else "Add outcome", type="primary"):
            if not outcome.strip():
                st.error(
                    "Write the stated outcome first — the guide asks for a clear outcome before planning data."
                )
                return
            updated = row.model_copy(
                update={
                    "outcome": outcome,
                    "indicators": chosen,
                    "methods": [m[:300] for m in methods],
                    "samples": [s[:300] for s in samples],
                    "frequency": frequency,
                    "responsible": responsible,
                    "analysis": analysis,
                    "baseline": baseline,
                    "target": target,
                }
            )
            saved = (
                add_to_list(("evaluation",), updated)
                if index is None
                else save_value(("evaluation", str(index)), updated, row)
            )
            if saved:
                st.rerun()


# Only the open tab's content runs (a rerun draws one tab, not all of them).
plan_tab, change_tab, advice_tab = st.tabs(
    ["Evaluation plan (Annex 1)", "Measuring change", "The guide's advice"],
    key="evaluation-tab",
    on_change="rerun",
)

if plan_tab.open:
    with plan_tab:
        section(guide.annex1, heading=False)
        st.markdown(passage(guide.samples_advice))
        for i, row in enumerate(workbook.evaluation):
            # An outcome's form runs only while its section is open.
            outcome_section = st.expander(
                f"Outcome {i + 1}: {literal(row.outcome[:80])}", key=f"eval-outcome-{i}", on_change="rerun"
            )
            if outcome_section.open:
                with outcome_section:
                    row_form(i, row)
        st.subheader("Add an outcome")
        row_form(None, EvaluationRow())

if change_tab.open:
    with change_tab:
        section(guide.measuring_change, heading=False)
        if not workbook.evaluation:
            st.info("Add an outcome to your evaluation plan first; then record readings for each group here.")
        else:
            choice = st.selectbox(
                "Outcome",
                range(len(workbook.evaluation)),
                format_func=lambda i: f"{i + 1}. {workbook.evaluation[i].outcome[:90]}",
            )
            row = workbook.evaluation[choice]
            if row.indicators:
                st.markdown(
                    "**Indicator(s):** "
                    + "; ".join(literal(indicator_text(pack, workbook, r)) for r in row.indicators)
                )
            left, right = st.columns([3, 2])
            with left:
                if row.readings:
                    readings_progress(row)
                    gap_table = gaps(row)
                    if not gap_table.empty:
                        st.markdown(
                            "**Gap between groups** (integration is achieved where there is reasonable parity):"
                        )
                        st.dataframe(gap_table, hide_index=True, width="stretch")
                        latest = gap_table.iloc[-1]
                        st.markdown(
                            f"At **{literal(str(latest['when']))}**, {literal(str(latest['highest']))} read {latest['gap']:g} "
                            f"above {literal(str(latest['lowest']))}."
                        )
                else:
                    st.markdown("No readings yet. Add them below or upload a CSV.")
            with right:
                st.markdown("**Cautions when you analyse change**")
                st.markdown("\n".join(f"- {c}" for c in guide.analysis_cautions))
            st.subheader("Readings")
            frame = pd.DataFrame([r.model_dump() for r in row.readings], columns=["group", "when", "value"])
            edited = st.data_editor(
                frame,
                num_rows="dynamic",
                hide_index=True,
                width="stretch",
                key=f"readings-{choice}-{stored.version}",
                column_config={
                    "group": st.column_config.TextColumn("Group", required=True, max_chars=300),
                    "when": st.column_config.TextColumn("When", required=True, max_chars=300),
                    "value": st.column_config.NumberColumn("Value", required=True),
                },
            )
            if st.button("Save readings", type="primary"):
                rows = edited.dropna(how="all").to_dict("records")
                bad = [
                    n
                    for n, r in enumerate(rows, 1)
                    if not str(r.get("group") or "").strip()
                    or not str(r.get("when") or "").strip()
                    or pd.isna(r.get("value"))
                ]
                if bad:
                    st.error(
                        f"Nothing was saved: row(s) {', '.join(map(str, bad))} need a group, a 'when' and a number."
                    )
                else:
                    readings = [
                        Reading(
                            group=str(r["group"]).strip(),
                            when=str(r["when"]).strip(),
                            value=float(r["value"]),
                        )
                        for r in rows
                    ]
                    if save_value(
                        ("evaluation", str(choice)), row.model_copy(update={"readings": readings}), row
                    ):
                        st.rerun()
            with st.form(f"csv-{choice}", clear_on_submit=True):
                st.markdown(
                    "**Add readings from a spreadsheet**: upload or paste CSV with the headings `group,when,value`."
                )
                upload = st.file_uploader("CSV file", type=["csv"])
                pasted = st.text_area("…or paste CSV here", max_chars=200_000)
                if st.form_submit_button("Add these readings"):
                    try:
                        raw = upload.getvalue().decode("utf-8-sig") if upload else pasted
                    except UnicodeDecodeError:
                        raw, errors = "", ["The file is not UTF-8 text. In Excel, save it as 'CSV UTF-8'."]
                        readings = []
                    else:
                        readings, errors = parse_readings_csv(raw)
                    if errors:
                        st.error(
                            "Nothing was added. Fix these rows and try again:\n\n"
                            + "\n".join(f"- {e}" for e in errors[:50])
                        )
                    elif save_value(
                        ("evaluation", str(choice)),
                        row.model_copy(update={"readings": row.readings + readings}),
                        row,
                    ):
                        st.rerun()

if advice_tab.open:
    with advice_tab:
        for part in (guide.suggestions, guide.data_sources, guide.which_measures, guide.data_collection):
            st.subheader(part.title)
            section(part, heading=False)
        st.markdown(passage(guide.data_collection_example))
        st.subheader(guide.data_analysis.title)
        section(guide.data_analysis, heading=False)
