"""Indicator bank: search by words or the guide's index, filter, shortlist into the workbook, add your own."""

import streamlit as st

from ioi_core.bank_search import BankIndex, Filters, measurability_hint
from ioi_core.content_models import DataAvailability, DomainType, Indicator, Provenance
from ioi_core.csv_safety import to_safe_csv
from ioi_core.workbook import CustomIndicator
from ioi_ui.answers import add_to_list, save_value, show_save_status
from ioi_ui.content_views import provenance_label
from ioi_ui.pickers import domain_label
from ioi_ui.resources import content
from ioi_ui.shell import ensure_shell
from ioi_ui.workbook_session import current

ensure_shell(__file__)


@st.cache_resource(show_spinner=False)
def bank_index() -> BankIndex:
    return BankIndex.build(content())


pack = content()
label = domain_label(pack)

st.title("Indicator bank")
st.markdown(
    "Find indicators by your own words or by the guide's index keywords, then shortlist them: the "
    "exercises offer your shortlist first."
)
with st.expander("Where do these indicators come from?"):
    for provenance, text in pack.indicators.provenance_explained.items():
        st.markdown(f"- **{provenance.value}**: {text}")
    st.markdown("**Data availability** is shown only where it is known:")
    for availability, text in pack.indicators.data_availability_explained.items():
        st.markdown(f"- **{availability.value}**: {text}")

stored = current()
show_save_status()
workbook = stored.workbook if stored else None

search_col, keyword_col = st.columns(2)
query = search_col.text_input("Search words", placeholder="e.g. neighbours, ESOL, hate crime", max_chars=200)
keyword = keyword_col.selectbox(
    "…or a keyword from the guide's index",
    [e.keyword for e in pack.index.entries],
    index=None,
    placeholder="Choose an index keyword",
)
with st.expander("Filters"):
    f1, f2 = st.columns(2)
    domains = f1.multiselect("Domain", list(range(1, 15)), format_func=label)
    types = f2.multiselect("Type", list(DomainType), format_func=lambda t: pack.types_by_id[t].name)
    availability = f1.multiselect(
        "Data availability", [*DataAvailability, None], format_func=lambda a: a.value if a else "Not known"
    )
    provenance = f2.multiselect("Provenance", list(Provenance), format_func=lambda p: p.value)
filters = Filters(frozenset(domains), frozenset(types), frozenset(availability), frozenset(provenance))

own = [
    Indicator(id=c.id, domain=c.domain, text=c.text, provenance=Provenance.CUSTOM, source="Your workbook")
    for c in (workbook.custom_indicators if workbook else [])
]
index = BankIndex.build(pack, own) if own else bank_index()
results = index.search(query, filters, keyword)
st.markdown(f"**{len(results)} indicator(s)**" + (f" for “{query.strip()}”" if query.strip() else ""))
if keyword:
    entry_domains = sorted({d for e in pack.search_index(keyword) for d in e.domains})
    st.markdown(f"Index keyword **{keyword}** leads to: " + ", ".join(label(d) for d in entry_domains))

shortlist = set(workbook.shortlist) if workbook else set()
rows = [
    {
        "Shortlisted": "★" if i.id in shortlist else "",
        "Indicator": i.text,
        "Domain": label(i.domain),
        "Type": pack.types_by_id[pack.domain(i.domain).type].name,
        "Provenance": provenance_label(i),
        "Data availability": i.data_availability.value if i.data_availability else "Not known",
        "Source": i.source or "",
    }
    for i in results
]
st.dataframe(
    rows,
    hide_index=True,
    width="stretch",
    key="bank-table",
    column_config={"Indicator": st.column_config.TextColumn(width="large")},
)
if workbook is None:
    st.info("Open a workbook on the Start page to shortlist indicators and add your own.")
else:
    # A list box rather than table row selection, so keyboard and screen-reader users can shortlist too.
    choices = [i.id for i in results[:300] if i.id not in shortlist and i.provenance != Provenance.CUSTOM]
    by_id = {i.id: i for i in results}
    picked = st.multiselect(
        "Indicators to shortlist (from the results above)",
        choices,
        format_func=lambda ref: f"{by_id[ref].text} — {label(by_id[ref].domain)}",
        placeholder="Choose one or more",
    )
    if st.button(f"Shortlist {len(picked)} selected", disabled=not picked, type="primary"):
        new = list(dict.fromkeys(workbook.shortlist + [p for p in picked if p in pack.indicators_by_id]))
        save_value(("shortlist",), new, workbook.shortlist)
        st.rerun()

st.download_button(
    "Download these results (CSV)",
    to_safe_csv(rows, ["Indicator", "Domain", "Type", "Provenance", "Data availability", "Source"]),
    file_name="indicators.csv",
    mime="text/csv",
)

if workbook is not None:
    st.header("Your shortlist")
    if not workbook.shortlist:
        st.markdown("Nothing shortlisted yet: select rows above and press **Shortlist**.")
    for ref in workbook.shortlist:
        indicator = pack.indicators_by_id.get(ref)
        cols = st.columns([6, 1])
        cols[0].markdown(
            f"{indicator.text if indicator else ref} — *{label(indicator.domain) if indicator else ''}*"
        )
        if cols[1].button("Remove", key=f"unshortlist-{ref}"):
            save_value(("shortlist",), [r for r in workbook.shortlist if r != ref], workbook.shortlist)
            st.rerun()

    st.header("Add your own indicator")
    with st.form("custom-indicator"):
        domain = st.selectbox(
            "Domain", list(range(1, 15)), format_func=label, index=None, placeholder="Choose…"
        )
        text = st.text_input("Indicator", max_chars=500, placeholder="e.g. % of participants who …")
        why = st.text_area("Why this indicator? (optional)", max_chars=5000)
        anyway = st.checkbox("Save even if it does not read as measurable")
        if st.form_submit_button("Add indicator"):
            hint = measurability_hint(text)
            if domain is None or len(text.strip()) < 3:
                st.error("Choose a domain and write the indicator (at least a few words).")
            elif hint and not anyway:
                st.warning(hint + " Tick “Save even if…” to keep it as it is.")
            else:
                number = len(workbook.custom_indicators) + 1
                ids = {c.id for c in workbook.custom_indicators}
                while f"custom-{number}" in ids:
                    number += 1
                custom = CustomIndicator(id=f"custom-{number}", domain=domain, text=text.strip(), why=why)
                if add_to_list(("custom_indicators",), custom):
                    st.rerun()
    for custom in workbook.custom_indicators:
        st.markdown(f"- {custom.text} — *{label(custom.domain)}, your own*")
