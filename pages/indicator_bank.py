"""Indicator bank: search by words or the guide's index, filter, shortlist into the workbook, add your own."""

import streamlit as st

from ioi_core.content.bank_search import (
    ADDRESS_PARAMS,
    Filters,
    from_address,
    inferred_note,
    loosening,
    to_address,
)
from ioi_core.content.models import DataAvailability, DomainType, Indicator, Provenance
from ioi_core.formats.bank_file import (
    INSTALLATION,
)
from ioi_core.model.exercises import provenance_label as comes_from
from ioi_core.store.shortlist import add_to_shortlist
from ioi_core.text.csv_safety import to_safe_csv
from ioi_core.text.markdown_safety import literal
from ioi_ui import lazy
from ioi_ui.answers import change_workbook, save_value, show_save_status
from ioi_ui.bank_imports import bank_imports
from ioi_ui.bank_views import (
    availability_words,
    bank_search,
    filter_words,
    get_familiar,
    provenance_words,
    results_table,
)
from ioi_ui.content_views import provenance_key, provenance_label
from ioi_ui.kept import kept_value, kept_widget_args, reset_kept
from ioi_ui.own_indicator import own_indicator_fields
from ioi_ui.page import page_top
from ioi_ui.pickers import domain_label, indicator_label
from ioi_ui.resources import bank_store
from ioi_ui.workbook_session import current
from ioi_ui.xlsx import rows_to_xlsx

SHOWN = 1_000  # rows drawn in the results table; the downloads hold every result


pack = page_top(__file__)
label = domain_label(pack)


def shortened(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


FILTER_WIDGETS = {  # a field of Filters -> its widget's key
    "domains": "bank-domain",
    "types": "bank-type",
    "availability": "bank-availability",
    "provenance": "bank-provenance",
}


st.title("Indicator bank")
st.markdown(
    "Find indicators by your own words or by the guide's index keywords, then shortlist them: the "
    "exercises offer your shortlist first."
)
lazy.section(
    "Where do these indicators come from?",
    lambda: st.markdown(
        provenance_key(pack)
        + "\n\n**Data availability** is shown only where it is known:\n\n"
        + "\n".join(
            f"- **{a.value}**: {text}" for a, text in pack.indicators.data_availability_explained.items()
        )
    ),
    key="bank-sources",
)

stored = current()
show_save_status()
workbook = stored.workbook if stored else None
# The shared bank is read from the database only when an import or removal has changed it (a stamp
# from the imports table), and its index and each search's results are kept between reruns.
listings = bank_store().listings([INSTALLATION, *([stored.id] if stored else [])])
# Before anyone picks: the guide's advice to get to know the indicators, and, while nobody has imported
# the framework's own (the toolkit), that this bank is the app's.
get_familiar(pack, official_imported=bool(listings[0].indicators or (stored and listings[1].indicators)))

search_col, keyword_col = st.columns(2)
query = search_col.text_input("Search words", placeholder="e.g. neighbours, ESOL, hate crime", max_chars=200)
keyword = keyword_col.selectbox(
    "…or a keyword from the guide's index",
    [e.keyword for e in pack.index.entries],
    index=None,
    placeholder="Choose an index keyword",
)
# Each filter is read from the page address only when this browser session has no value of its own yet.
for name, widget_key in FILTER_WIDGETS.items():
    param = ADDRESS_PARAMS[name][0]
    if kept_value(widget_key, None) is None and param in st.query_params:
        reset_kept(widget_key, from_address(name, st.query_params.get_all(param)))


def filter_fields() -> None:
    f1, f2 = st.columns(2)
    f1.multiselect("Domain", list(range(1, 15)), format_func=label, **kept_widget_args("bank-domain"))
    f2.multiselect(
        "Type",
        list(DomainType),
        format_func=lambda t: pack.types_by_id[t].name,
        **kept_widget_args("bank-type"),
    )
    f1.multiselect(
        "Data availability",
        [*DataAvailability, None],
        format_func=availability_words,
        **kept_widget_args("bank-availability"),
    )
    f2.multiselect(
        "Provenance", list(Provenance), format_func=provenance_words, **kept_widget_args("bank-provenance")
    )


# What the filters are set to holds while their section is folded.
lazy.section("Filters", filter_fields, key="bank-filters")
filters = Filters(**{name: frozenset(kept_value(key, [])) for name, key in FILTER_WIDGETS.items()})
for name, widget_key in FILTER_WIDGETS.items():
    param, chosen = ADDRESS_PARAMS[name][0], to_address(name, kept_value(widget_key, []))
    if chosen and st.query_params.get_all(param) != chosen:
        st.query_params[param] = chosen
    elif not chosen and param in st.query_params:
        del st.query_params[param]

own = [
    Indicator(id=c.id, domain=c.domain, text=c.text, provenance=Provenance.CUSTOM, source="Your workbook")
    for c in (workbook.custom_indicators if workbook else [])
]


def found_with(chosen: Filters) -> list[Indicator]:
    return bank_search(listings[0], listings[1] if stored else None, tuple(own), query, chosen, keyword)


results = found_with(filters)
filtered_by = filter_words(pack, {name: kept_value(key, []) for name, key in FILTER_WIDGETS.items()})
st.markdown(
    f"**{len(results)} indicator(s)**"
    + (f" for “{literal(query.strip())}”" if query.strip() else "")
    + (" — filtered by " + "; ".join(filtered_by.values()) if filtered_by else "")
)
if not results and filtered_by:
    helpful = [
        f"Without “{filtered_by[name]}” there would be {n}."
        for name, n in loosening(filters, lambda looser: len(found_with(looser)))
    ]
    st.warning(
        "No results with all these filters. "
        + (
            " ".join(helpful)
            if helpful
            else "Dropping any one filter alone still finds none: clear the search words or several filters."
        ),
        icon=":material/filter_alt_off:",
    )
if len(results) > SHOWN:
    st.markdown(
        f"The table shows the best {SHOWN:,}; search or filter to narrow them. "
        f"The downloads hold all {len(results):,}."
    )
if keyword:
    entries = [e for e in pack.index.entries if e.keyword == keyword]
    entry_domains = sorted({d for e in entries for d in e.domains})
    st.markdown(
        f"Index keyword **{keyword}** leads to: "
        + ", ".join(label(d) for d in entry_domains)
        + "".join(f" — *{inferred_note(e)}*" for e in entries if e.numbers_lost)
    )

shortlist = set(workbook.shortlist) if workbook else set()


def result_rows(found: list[Indicator]) -> list[dict[str, str]]:
    """The table's rows (and the downloads')."""
    return [
        {
            "Shortlisted": "★" if i.id in shortlist else "",
            "Indicator": i.text,
            "Domain": label(i.domain),
            "Type": pack.types_by_id[pack.domain(i.domain).type].name,
            "Where it comes from": provenance_label(pack, i),
            "Data availability": i.data_availability.value if i.data_availability else "Not known",
            "Source": i.source or "",
        }
        for i in found
    ]


st.dataframe(
    results_table(result_rows(results[:SHOWN])),
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
    by_id = {i.id: i for i in results[:300]}
    picked = st.multiselect(
        "Indicators to shortlist (from the results above)",
        choices,
        # Short: a chosen option wider than the box pushes the box's input onto a second line, and the
        # button below then moves as the box loses focus, so a click on it lands on nothing.
        format_func=lambda ref: f"{shortened(by_id[ref].text)} ({comes_from(pack, by_id[ref])})",
        placeholder="Choose one or more",
    )
    if st.button(f"Shortlist {len(picked)} selected", disabled=not picked, type="primary"):
        change_workbook(lambda workbooks, key: add_to_shortlist(workbooks, key, [by_id[p] for p in picked]))
        st.rerun()  # shortlisted, or "Not saved: why" at the top

export_columns = ["Indicator", "Domain", "Type", "Where it comes from", "Data availability", "Source"]
csv_col, xlsx_col = st.columns(2)
# Made only when clicked, from every result (not only those drawn in the table).
csv_col.download_button(
    "Download these results (CSV)",
    lambda: to_safe_csv(result_rows(results), export_columns),
    file_name="indicators.csv",
    mime="text/csv",
    on_click="ignore",
)
xlsx_col.download_button(
    "Download these results (Excel)",
    lambda: rows_to_xlsx(
        "Indicators", export_columns, [[r[c] for c in export_columns] for r in result_rows(results)]
    ),
    file_name="indicators.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    on_click="ignore",
)

if workbook is not None:
    st.header("Your shortlist")
    listed = indicator_label(pack, workbook)
    if not workbook.shortlist:
        st.markdown("Nothing shortlisted yet: choose indicators above and press **Shortlist**.")
    else:
        st.markdown("\n".join(f"{n}. {literal(listed(ref))}" for n, ref in enumerate(workbook.shortlist, 1)))
        unwanted = st.multiselect(
            "Indicators to remove from your shortlist",
            workbook.shortlist,
            format_func=listed,
            placeholder="Choose one or more",
        )
        if st.button(f"Remove {len(unwanted)} from the shortlist", disabled=not unwanted):
            kept = [ref for ref in workbook.shortlist if ref not in unwanted]
            save_value(("shortlist",), kept, workbook.shortlist)
            st.rerun()

    st.header("Add your own indicator")
    if workbook.custom_indicators:
        own_words = pack.indicators.provenance_labels[Provenance.CUSTOM]
        st.markdown(
            "\n".join(
                f"- {literal(c.text)} — *{label(c.domain)}, {own_words}*" for c in workbook.custom_indicators
            )
        )
    lazy.section(
        "Write a new indicator",
        lambda: own_indicator_fields(
            "bank-own",
            workbook,
            text_label="Indicator",
            anyway_label="Save even if it does not read as measurable",
            button="Add indicator",
            with_why=True,
        ),
        key="bank-write-own",
    )


bank_imports(stored, listings[0])
