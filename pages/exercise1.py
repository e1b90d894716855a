"""Exercise 1 — Thinking with the framework: one domain per type, then Rights and Responsibilities."""

import streamlit as st

from ioi_core.charts.diagrams import path_sentence
from ioi_core.model.exercises import exercise1_example_visible, exercise1_missing, exercise1_path
from ioi_ui.answers import choice_answer, multi_answer, set_flag, text_answer
from ioi_ui.charts import ring
from ioi_ui.content_views import citation, passage, reconstruction, section
from ioi_ui.page import page_top, workbook_or_stop
from ioi_ui.pickers import domain_label, indicator_label, indicator_options
from ioi_ui.workshop_live import POLL_SECONDS
from ioi_ui.workshop_state import revealed

pack = page_top(__file__)
ex1 = pack.exercise1

st.title(ex1.title)
st.markdown(passage(ex1.introduction))
stored = workbook_or_stop()
answers = stored.workbook.exercise1
label = domain_label(pack)

st.header("Your intervention")
with st.expander(pack.context.ongoing_interventions.title):
    section(pack.context.ongoing_interventions, heading=False)
choice = choice_answer(
    stored,
    ("exercise1", "intervention"),
    horizontal=True,
)
if choice == "friendship_club":
    st.markdown(passage(ex1.example.description))
elif choice == "own":
    text_answer(
        stored,
        ("exercise1", "intervention_description"),
        placeholder="Who is it for, what happens, where and how often?",
    )

st.header(ex1.step_one.title)
section(ex1.step_one, heading=False)
st.markdown(passage(pack.framework.finding_the_right_domain) + " *(Search the index on The framework page.)*")
st.info(
    f"**{ex1.how_many_domains.title}** "
    + " ".join(ex1.how_many_domains.paragraphs)
    + "\n\n"
    + citation(ex1.how_many_domains.source)
)
fields = {
    "facilitators": ("facilitator", "facilitator_why"),
    "social_connections": ("social_connection", "social_connection_why"),
    "markers_and_means": ("markers_and_means", "markers_and_means_why"),
}
for position, type_id in enumerate(ex1.type_order, 1):
    info = pack.types_by_id[type_id]
    choice_field, why_field = fields[type_id.value]
    with st.container(border=True):
        st.markdown(f"### {position}. {info.name}\n\n{info.plain_summary}")
        choice_answer(
            stored,
            ("exercise1", choice_field),
            [d.number for d in pack.domains_of_type(type_id)],
            label,
        )
        text_answer(stored, ("exercise1", why_field), placeholder="In a sentence")

st.header(ex1.step_two.title)
section(ex1.step_two, heading=False)
multi_answer(
    stored,
    ("exercise1", "rights_indicators"),
    indicator_options(pack, stored.workbook, [14]),
    indicator_label(pack, stored.workbook),
    max_selections=5,
)
text_answer(
    stored,
    ("exercise1", "rights_custom"),
    placeholder="e.g. % of newcomers who know where to get free legal advice",
)

st.header("Your red line")
path = exercise1_path(answers)
ring(path)
st.markdown(path_sentence(pack, path))

missing = exercise1_missing(answers)
if missing:
    st.markdown("**Still to do:**\n" + "\n".join(f"- {m}" for m in missing))
else:
    st.success("Exercise 1 is complete. Compare your choices with the guide's worked example below.")

st.header(ex1.example.title)


def worked_example() -> None:
    """The guide's worked example, once the person has chosen (or asked, or the trainer revealed it)."""
    if exercise1_example_visible(answers, revealed(stored, "exercise1_example")):
        example = ex1.example
        st.markdown(
            "\n\n".join(passage(p) for p in (example.description, example.reflection, example.rights_note))
        )
        example_path = [example.facilitator, example.social_connection] + (
            [example.markers_and_means] if example.markers_and_means else []
        )
        ring(example_path)
        st.markdown(path_sentence(pack, example_path, whose="The workshop group's"))
        reconstruction(example.social_connection_note)
        st.markdown(
            f"The group also considered **{label(example.considered_facilitator)}** as the facilitator, "
            f"but chose **{label(example.facilitator)}**."
        )
        st.warning(example.markers_and_means_note, icon=":material/image_not_supported:")
    else:
        st.markdown(
            "The worked example appears once you have made your three Step 1 choices — try it yourself first."
        )
        if st.button("Show the worked example now"):
            set_flag(("exercise1", "example_revealed"), True)
            st.rerun()


# In a workshop the section looks again every few seconds, so a trainer's reveal arrives without a
# click; only this section redraws, never a box someone is typing in.
live = bool(stored.workbook.meta.workshop_code)
(st.fragment(worked_example, run_every=POLL_SECONDS) if live else worked_example)()
