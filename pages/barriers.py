"""Barriers: the guide's six areas, its example challenges and suggestions, beside your own."""

from functools import partial

import streamlit as st

from ioi_core.content.models import BarrierArea
from ioi_core.model.exercises import top_barriers
from ioi_core.text.markdown_safety import literal
from ioi_ui import lazy
from ioi_ui.answers import choice_answer, text_answer
from ioi_ui.content_views import passage
from ioi_ui.page import page_top, workbook_or_stop

pack = page_top(__file__, "Barriers to using the framework")
guide = pack.barriers

st.markdown(passage(guide.intro))
stored = workbook_or_stop()
st.markdown(f"**{guide.instruction}**")

st.markdown("Open an area to see the guide's examples beside your own notes.")


def area_notes(area: BarrierArea) -> None:
    guide_side, your_side = st.columns(2)
    guide_side.markdown(
        "**The guide's example challenges**\n\n"
        + "\n".join(f"- {c}" for c in area.challenges)
        + "\n\n**How the guide suggests planning around them**\n\n"
        + "\n".join(f"- {s}" for s in area.suggestions)
    )
    with your_side:
        text_answer(stored, ("barriers", area.id, "challenges"))
        text_answer(stored, ("barriers", area.id, "plan"))
        choice_answer(stored, ("barriers", area.id, "priority"), horizontal=True)


for area in guide.areas:
    lazy.section(f"**{area.name}**", partial(area_notes, area), key=f"barrier-area-{area.id}")

st.header("Your top barriers")
ranked = top_barriers(guide, stored.workbook)
if not ranked:
    st.markdown("Rate each area above to see your top barriers here.")
for area, note in ranked:
    st.markdown(
        f"- **{area.name}** — {note.priority.value} priority. "
        + (f"Your plan: {literal(note.plan)}" if note.plan.strip() else "*No plan written yet.*")
    )

# What workshop participants said they would do next: ideas for getting past the barriers above.
st.header("Impressions from local authorities")
st.markdown(
    passage(pack.context.impressions_intro)
    + "\n\n"
    + "\n".join(f"- {said}" for said in pack.context.impressions)
)
