"""Regional context: the strategies the guide names for the workbook's nation, and IOM's global best practices."""

import streamlit as st

from ioi_core.content.models import Nation
from ioi_ui.answers import show_save_status, text_answer, tick_practice
from ioi_ui.content_views import passage
from ioi_ui.page import page_top
from ioi_ui.workbook_session import current

pack = page_top(__file__, "Regional context and best practice")
context = pack.context

st.markdown(passage(context.regional_intro))
stored = current()
show_save_status()
nations = list(Nation)
default = nations.index(stored.workbook.meta.nation) if stored and stored.workbook.meta.nation else 0
nation = st.selectbox(
    "Nation or region", nations, index=default, help="Set your workbook's nation on the Start page."
)
region = next(r for r in context.regions if r.nation == nation)


def guide_and_app(guide_says, app_note) -> str:
    """The guide's own words (quoted, with their page), then the app's own note, labelled as the app's."""
    parts = [passage(p) for p in guide_says]
    if app_note:
        parts.append(f"**{context.app_words_label}** {app_note}")
    return "\n\n".join(parts)


st.markdown(guide_and_app(region.guide_says, region.app_note))
for strategy in region.strategies:
    with st.container(border=True):
        st.subheader(strategy.name + (f" ({strategy.year})" if strategy.year else ""))
        body = guide_and_app(strategy.guide_says, strategy.app_note)
        if strategy.reference:
            body += f"\n\n*Reference given in the guide:* {strategy.reference}"
        st.markdown(body)

st.header("Global best practices")
st.markdown(passage(context.global_intro))
if stored is None:
    st.info("Open a workbook on the Start page to tick these off and note how they apply to you.")
for practice in context.best_practices:
    with st.container(border=True):
        st.subheader(practice.title)
        for paragraph in practice.text:
            st.markdown(paragraph)
        if practice.steps:
            st.markdown("\n".join(f"{i}. {step}" for i, step in enumerate(practice.steps, 1)))
        if stored is not None:
            ticked = practice.id in stored.workbook.best_practices_ticked
            tick_practice(stored, practice.id)
            if ticked:
                text_answer(
                    stored,
                    ("best_practices_ticked", practice.id),
                    placeholder="What you do already, or will do, and who leads it",
                )
st.markdown(passage(context.global_more))
