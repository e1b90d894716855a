"""Barriers: the guide's six areas, its example challenges and suggestions, beside your own."""

import streamlit as st

from ioi_core.model.workbook import Level
from ioi_core.text.markdown_safety import literal
from ioi_ui.answers import choice_answer, text_answer
from ioi_ui.content_views import passage
from ioi_ui.page import page_top, workbook_or_stop

pack = page_top(__file__, "Barriers to using the framework")
guide = pack.barriers

st.markdown(passage(guide.intro))
stored = workbook_or_stop()
notes = stored.workbook.barriers
st.markdown(f"**{guide.instruction}**")

LEVELS = [Level.HIGH, Level.MEDIUM, Level.LOW]
st.markdown("Open an area to see the guide's examples beside your own notes.")
for area in guide.areas:
    # Only the open area's widgets run: six areas at once cost a rerun four times as much. The label
    # stays the same so the area stays open while its answers change.
    section = st.expander(f"**{area.name}**", key=f"barrier-area-{area.id}", on_change="rerun")
    if not section.open:
        continue
    with section:
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
            choice_answer(
                stored,
                ("barriers", area.id, "priority"),
                horizontal=True,
            )

st.header("Your top barriers")
ranked = sorted(
    ((area, notes[area.id]) for area in guide.areas if area.id in notes and notes[area.id].priority),
    key=lambda pair: LEVELS.index(pair[1].priority),
)
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
