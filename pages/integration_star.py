"""Integration Star crosswalk: which Star outcome areas cover a framework domain, and the reverse."""

import streamlit as st

from ioi_core.content.crosswalk import domains_for_area, rows_for_domain
from ioi_ui.content_views import page_intro
from ioi_ui.page import page_top
from ioi_ui.pickers import domain_label

pack = page_top(__file__, "Integration Star crosswalk")
star = pack.integration_star
label = domain_label(pack)

page_intro(pack, "integration_star")
with st.expander("Background, from Triangle's document"):
    for paragraph in star.background:
        st.markdown(paragraph)

by_domain, by_area = st.tabs(["From a domain", "From a Star outcome area"])
with by_domain:
    number = st.selectbox("Framework domain", list(range(1, 15)), format_func=label)
    for row in rows_for_domain(pack, number):
        st.markdown(f"**The framework (as the document words it):** {row.framework_wording}")
        if row.no_separate_area:
            st.info(
                "The Star has no separate outcome area for this domain. What it does instead: "
                + " ".join(row.star_text),
                icon=":material/info:",
            )
        else:
            st.markdown("**Star outcome areas that cover it:**")
            st.markdown("\n".join(f"- {text}" for text in row.star_text))
with by_area:
    # The document's rows as it gives them: a row for several domains at once stays one row.
    for coverage in domains_for_area(pack):
        with st.container(border=True):
            st.subheader(coverage.area)
            lines = [coverage.covers or f"*{star.not_described}*"]
            if coverage.rows:
                lines.append(
                    "**The document maps it to:**\n"
                    + "\n".join(f"- {row.framework_wording}" for row in coverage.rows)
                )
            if coverage.mentioned_in:
                lines.append(
                    "**Named in the row for:**\n"
                    + "\n".join(
                        f"- {row.framework_wording} — “{' '.join(row.star_text)}”"
                        for row in coverage.mentioned_in
                    )
                )
            st.markdown("\n\n".join(lines))
st.markdown(f"*{star.attribution}* Source: {star.source}.")
