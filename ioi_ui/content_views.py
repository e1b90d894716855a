"""Small renderers for content objects, so pages show quotes and indicators the same way."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from ioi_core.content.models import Indicator, Passage, Section
from ioi_core.content.pack import ContentPack
from ioi_core.model.exercises import provenance_label as core_provenance_label


def citation(source: str) -> str:
    """Markdown for where quoted words come from: "— *IOM Guide (2020), …, p. N*"."""
    return f"— *{source}*"


def quote(text: str, source: str) -> str:
    """Markdown for a quotation with its source, in full-contrast text.

    Not a Markdown blockquote: Streamlit greys those out to 3.88:1 contrast, below WCAG AA's 4.5:1.
    """
    return f":material/format_quote: {text}\n\n{citation(source)}"


def quote_paragraphs(paragraphs: Sequence[str], source: str) -> str:
    """Markdown for quoted paragraphs with their one source."""
    return quote("\n\n".join(paragraphs), source)


def passage(p: Passage) -> str:
    """Markdown for a quoted passage with its source."""
    return quote(p.text, p.source)


def page_intro(pack: ContentPack, page: str) -> None:
    """The page's introduction in the app's own words (content/pages.yaml)."""
    st.markdown(pack.pages.intros[page])


def reconstruction(note: str) -> None:
    """A note that what is shown is the app's reconstruction, not the guide's own wording."""
    st.markdown(f":material/construction: *{note}*")


def section(s: Section, heading: bool = True) -> None:
    # One markdown element, not one per paragraph: each element costs on every rerun.
    parts = [f"**{s.title}**"] if heading else []
    parts += s.paragraphs
    if s.bullets:
        parts.append("\n".join(f"- {b}" for b in s.bullets))
    parts.append(citation(s.source))
    st.markdown("\n\n".join(parts))


def provenance_label(pack: ContentPack, indicator: Indicator) -> str:
    """Where the indicator comes from, as a table cell: "Written for this app, not from the framework"."""
    label = core_provenance_label(pack, indicator)
    return label[:1].upper() + label[1:]


def indicator_table(pack: ContentPack, indicators: Sequence[Indicator]) -> None:
    if not indicators:
        st.info("No indicators in this domain yet.")
        return
    st.dataframe(
        [
            {
                "Indicator": i.text,
                "Where it comes from": provenance_label(pack, i),
                "Data availability": i.data_availability.value if i.data_availability else "Not known",
                "Source": i.source or "",
            }
            for i in indicators
        ],
        hide_index=True,
        width="stretch",
        column_config={"Indicator": st.column_config.TextColumn(width="large")},
    )
    with st.expander("Where do these indicators come from?"):
        st.markdown(provenance_key(pack))


def provenance_key(pack: ContentPack) -> str:
    """Markdown: each provenance label as shown beside indicators, and what it means."""
    labels, meanings = pack.indicators.provenance_labels, pack.indicators.provenance_explained
    return "\n".join(f"- **{labels[p][:1].upper()}{labels[p][1:]}**: {meanings[p]}" for p in labels)
