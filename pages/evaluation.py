"""Evaluation plan (Part B Annex 1 fields per outcome) and measuring change towards parity between groups."""

from functools import partial

import streamlit as st

from ioi_core.formats.readings import gaps, latest_gap_words, readings_from_file
from ioi_core.model.exercises import indicator_text
from ioi_core.model.tables import READING_COLUMNS, reading_rows, readings_from_rows
from ioi_core.model.workbook import EvaluationRow
from ioi_core.text.markdown_safety import literal
from ioi_ui import lazy
from ioi_ui.answers import (
    add_to_list,
    multi_answer,
    number_answer,
    save_value,
    table_answer,
    text_answer,
)
from ioi_ui.charts import readings_progress
from ioi_ui.content_views import passage, reconstruction, section
from ioi_ui.kept import open_section, section_args
from ioi_ui.page import page_top, workbook_or_stop
from ioi_ui.pickers import indicator_label, indicator_options

pack = page_top(__file__, "Evaluation plan and measuring change")
guide = pack.evaluation

section(guide.intro, heading=False)
stored = workbook_or_stop()
workbook = stored.workbook
fields = {f.id: f for f in guide.annex1_fields}


def helptext(field_id: str) -> str | None:
    return fields[field_id].help if field_id in fields else None


def outcome_fields(index: int) -> None:
    """The Annex 1 fields for one outcome; each saves when the person leaves it."""
    path = ("evaluation", str(index))
    text_answer(stored, (*path, "outcome"), help=helptext("stated_outcome"))
    multi_answer(
        stored,
        (*path, "indicators"),
        indicator_options(pack, workbook),
        indicator_label(pack, workbook),
        help=helptext("indicators"),
    )
    multi_answer(
        stored,
        (*path, "methods"),
        guide.collection_methods,
        help=helptext("data_collection_methods"),
        accept_new_options=True,
    )
    multi_answer(
        stored,
        (*path, "samples"),
        [option.label for option in guide.sample_options],
        help=helptext("samples"),
        accept_new_options=True,
    )
    c1, c2 = st.columns(2)
    with c1:
        text_answer(stored, (*path, "frequency"), help=helptext("frequency"))
    with c2:
        text_answer(stored, (*path, "responsible"), help=helptext("responsible"))
    text_answer(stored, (*path, "analysis"), help=helptext("analysis"))
    c3, c4 = st.columns(2)
    with c3:
        number_answer(stored, (*path, "baseline"))
    with c4:
        number_answer(stored, (*path, "target"))


def add_outcome() -> None:
    saved = add_to_list(("evaluation",), EvaluationRow())
    if saved:
        open_section(f"eval-outcome-{len(saved.workbook.evaluation) - 1}")  # open the new one


def evaluation_plan() -> None:
    section(guide.annex1, heading=False)
    reconstruction(guide.annex1_reconstruction)
    st.markdown(passage(guide.samples_advice))
    for i, row in enumerate(workbook.evaluation):
        title = literal(row.outcome[:80]) if row.outcome.strip() else "(not written yet)"
        lazy.section(
            f"Outcome {i + 1}: {title}", partial(outcome_fields, i), **section_args(f"eval-outcome-{i}")
        )
    st.button("Add an outcome", icon=":material/add:", on_click=add_outcome)


def measuring_change() -> None:
    section(guide.measuring_change, heading=False)
    if not workbook.evaluation:
        st.info("Add an outcome to your evaluation plan first; then record readings for each group here.")
        return
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
                st.markdown(latest_gap_words(gap_table))
        else:
            st.markdown("No readings yet. Add them below or upload a CSV.")
    with right:
        section(guide.analysis_cautions)
    st.subheader("Readings")
    table_answer(
        stored,
        ("evaluation", str(choice), "readings"),
        to_rows=reading_rows,
        from_rows=readings_from_rows,
        columns=READING_COLUMNS,
        key=f"readings-{choice}",
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        column_config={
            "when": st.column_config.TextColumn(help="A date or a label such as Q1 2026."),
            "value": st.column_config.NumberColumn(),
        },
    )
    st.markdown("Each change to the table is saved as you make it.")
    with st.form(f"csv-{choice}", clear_on_submit=True):
        st.markdown(
            "**Add readings from a spreadsheet**: upload or paste CSV with the headings `group,when,value`."
        )
        upload = st.file_uploader("CSV file", type=["csv"])
        pasted = st.text_area("…or paste CSV here", max_chars=200_000)
        if st.form_submit_button("Add these readings"):
            readings, errors = readings_from_file(upload.getvalue() if upload else None, pasted)
            if errors:
                st.error(
                    "Nothing was added. Fix these rows and try again:\n\n"
                    + "\n".join(f"- {e}" for e in errors[:50])
                )
            elif save_value(
                ("evaluation", str(choice)), row.model_copy(update={"readings": row.readings + readings}), row
            ):
                st.rerun()


def the_guides_advice() -> None:
    for part in (
        guide.suggestions,
        guide.data_sources,
        pack.context.toolkit,
        guide.which_measures,
        guide.data_collection,
    ):
        st.subheader(part.title)
        section(part, heading=False)
        if part is guide.suggestions:
            st.markdown(f"*{guide.suggestions_note}*")
    st.markdown(passage(guide.data_collection_example))
    st.subheader(guide.data_analysis.title)
    section(guide.data_analysis, heading=False)


lazy.tabs(
    ["Evaluation plan (Annex 1)", "Measuring change", "The guide's advice"],
    key="evaluation-tab",
    draw=[evaluation_plan, measuring_change, the_guides_advice],
)
