"""The framework: domains by type, the key principles, social connections, a domain in detail, the index."""

import streamlit as st

from ioi_core.charts.diagrams import TYPE_ORDER
from ioi_core.content.bank_search import INFERRED, inferred_note
from ioi_ui import lazy
from ioi_ui.charts import ring
from ioi_ui.content_views import indicator_table, passage, quote
from ioi_ui.page import page_top
from ioi_ui.pickers import domain_label

pack = page_top(__file__, "The framework")
fw = pack.framework

st.markdown(passage(fw.no_hierarchy))


def domains_by_type() -> None:
    ring()
    st.markdown(
        "The 14 domains drawn as a ring of four types: each type is one arc, and no type sits above another."
    )
    st.markdown(passage(fw.interconnections))
    for type_id in TYPE_ORDER:
        info = pack.types_by_id[type_id]
        with st.container(border=True):
            st.subheader(info.name)
            st.markdown(f"**In short:** {info.plain_summary}")
            st.markdown(
                "Domains: " + ", ".join(f"{d.number} {d.name}" for d in pack.domains_of_type(type_id))
            )
            with st.expander("What the guide says"):
                st.markdown(quote(info.guide_meaning, info.source))


def key_principles() -> None:
    for principle in fw.principles:
        with st.container(border=True):
            st.subheader(principle.name)
            st.markdown(principle.plain_summary)
            with st.expander("What the guide says"):
                st.markdown(quote(principle.guide_text, principle.source))


def social_connections() -> None:
    st.markdown(passage(fw.social_connections_intro))
    for connection in fw.social_connections:
        with st.container(border=True):
            st.subheader(f"{connection.name} (domain {connection.domain})")
            st.markdown(f"**{connection.plain_words}**")
            st.markdown(quote(connection.guide_text, connection.source))


def domain_in_detail() -> None:
    number = st.selectbox(
        "Domain",
        [d.number for d in fw.domains],
        format_func=domain_label(pack),
    )
    domain = pack.domain(number)
    st.subheader(f"{domain.number}. {domain.name}")
    st.markdown(f"**Type:** {pack.types_by_id[domain.type].name}")
    st.markdown(domain.description)
    for note in domain.guide_notes:
        st.markdown(passage(note))
    st.markdown("**Indicators in this domain**")
    indicator_table(pack, pack.indicators_in_domain(number))
    entries = pack.index_entries_for_domain(number)
    keywords = [e.keyword + (" (inferred)" if e.numbers_lost else "") for e in entries]
    st.markdown(
        f"**Index keywords that lead here ({len(keywords)}):** "
        + "; ".join(keywords)
        + (
            f"\n\n*(inferred) {INFERRED} (Search the index says why).*"
            if any(e.numbers_lost for e in entries)
            else ""
        )
    )


def search_the_index() -> None:
    st.markdown(passage(pack.index.intro))
    query = st.text_input(
        "Keyword from your workplace", placeholder="e.g. ESOL, hate crime, volunteering", max_chars=100
    )
    entries = pack.search_index(query) if query.strip() else pack.index.entries
    if query.strip() and not entries:
        st.warning(f"No index entry contains “{query.strip()}”. Try a shorter or different word.")
    st.dataframe(
        [
            {
                "Keyword": e.keyword,
                "Domains": ", ".join(f"{n} {pack.domain(n).name}" for n in e.domains),
                "Note": inferred_note(e),
            }
            for e in entries
        ],
        hide_index=True,
        width="stretch",
    )
    changes = st.expander("What this transcription of the index dropped, merged or rebuilt")
    changes.markdown(
        "\n".join(
            f"- **{c.kind}**: “{c.extracted_text}”" + (f" → {c.keyword}" if c.keyword else "") + f". {c.why}"
            for c in pack.index.changes
        )
    )


lazy.tabs(
    ["Domains by type", "Key principles", "Social connections", "A domain in detail", "Search the index"],
    key="framework-tab",
    draw=[domains_by_type, key_principles, social_connections, domain_in_detail, search_the_index],
)
