"""About & sources: what the app is, every source it draws on, and their licences."""

import streamlit as st

from ioi_ui.content_views import page_intro, passage, section
from ioi_ui.page import page_top

pack = page_top(__file__, "About & sources")

page_intro(pack, "about")
st.info(pack.sources.own_words_note, icon=":material/info:")

st.header("Sources and licences")
for source in pack.sources.sources:
    with st.container(border=True):
        st.subheader(source.title)
        st.markdown(f"**Publisher:** {source.publisher} ({source.year})")
        st.markdown(f"**Rights:** {source.rights}")
        if source.licence_url:
            st.markdown(f"**Licence:** [{source.licence_url}]({source.licence_url})")
        st.markdown(f"**Used for:** {source.used_for}")

st.header("The six framework documents")
st.markdown(passage(pack.context.documents_intro))
for document in pack.context.documents:
    st.markdown(f"**{document.number}. {document.title}** — {document.what_it_is}")

st.header("About the guide")
section(pack.context.guide_purpose)
section(pack.context.why_integration)
