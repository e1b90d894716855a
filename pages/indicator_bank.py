"""Indicator bank: search by words or the guide's index, filter, shortlist into the workbook, add your own."""

import streamlit as st

from ioi_core.bank_import import FIELDS, INSTALLATION, guess_mapping, read_table, validate
from ioi_core.bank_search import Filters
from ioi_core.content_models import DataAvailability, DomainType, Indicator, Provenance
from ioi_core.markdown_safety import literal
from ioi_core.shortlist import add_to_shortlist
from ioi_core.transfer_json import ImportRefused
from ioi_ui.answers import save_value, show_save_status
from ioi_ui.bank_views import bank_index, results_table
from ioi_ui.content_views import provenance_label
from ioi_ui.downloads import table_csv, table_xlsx
from ioi_ui.kept import kept_value, kept_widget_args
from ioi_ui.own_indicator import own_indicator_fields
from ioi_ui.pickers import domain_label, indicator_label
from ioi_ui.resources import bank_store, content, store
from ioi_ui.shell import ensure_shell
from ioi_ui.workbook_session import current, open_key

ensure_shell(__file__)


pack = content()
label = domain_label(pack)

st.title("Indicator bank")
st.markdown(
    "Find indicators by your own words or by the guide's index keywords, then shortlist them: the "
    "exercises offer your shortlist first."
)
sources = st.expander("Where do these indicators come from?", key="bank-sources", on_change="rerun")
if sources.open:  # explanations run only when asked for
    sources.markdown(
        "\n".join(f"- **{p.value}**: {text}" for p, text in pack.indicators.provenance_explained.items())
        + "\n\n**Data availability** is shown only where it is known:\n\n"
        + "\n".join(
            f"- **{a.value}**: {text}" for a, text in pack.indicators.data_availability_explained.items()
        )
    )

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
# The filters run only while their section is open; what they are set to holds when it is folded.
filter_section = st.expander("Filters", key="bank-filters", on_change="rerun")
if filter_section.open:
    with filter_section:
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
            format_func=lambda a: a.value if a else "Not known",
            **kept_widget_args("bank-availability"),
        )
        f2.multiselect(
            "Provenance",
            list(Provenance),
            format_func=lambda p: p.value,
            **kept_widget_args("bank-provenance"),
        )
domains = kept_value("bank-domain", [])
types = kept_value("bank-type", [])
availability = kept_value("bank-availability", [])
provenance = kept_value("bank-provenance", [])
filters = Filters(frozenset(domains), frozenset(types), frozenset(availability), frozenset(provenance))

own = [
    Indicator(id=c.id, domain=c.domain, text=c.text, provenance=Provenance.CUSTOM, source="Your workbook")
    for c in (workbook.custom_indicators if workbook else [])
]
imported = bank_store().list([INSTALLATION, *([stored.id] if stored else [])])
extra = tuple(imported + own)
index = bank_index(extra)
results = index.search(query, filters, keyword)
filtered_by = [
    f"{name}: " + ", ".join(describe(v) for v in values)
    for name, values, describe in [
        ("Domain", domains, label),
        ("Type", types, lambda t: pack.types_by_id[t].name),
        ("Data availability", availability, lambda a: a.value if a else "Not known"),
        ("Provenance", provenance, lambda p: p.value),
    ]
    if values
]
st.markdown(
    f"**{len(results)} indicator(s)**"
    + (f" for “{literal(query.strip())}”" if query.strip() else "")
    + (" — filtered by " + "; ".join(filtered_by) if filtered_by else "")
)
if keyword:
    entry_domains = sorted({d for e in pack.search_index(keyword) for d in e.domains})
    st.markdown(f"Index keyword **{keyword}** leads to: " + ", ".join(label(d) for d in entry_domains))

shortlist = set(workbook.shortlist) if workbook else set()
rows = [  # also what the downloads below contain
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
    results_table(rows),
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
        add_to_shortlist(store(), open_key() or "", [by_id[p] for p in picked])
        st.rerun()

export_columns = ["Indicator", "Domain", "Type", "Provenance", "Data availability", "Source"]
csv_col, xlsx_col = st.columns(2)
csv_col.download_button(
    "Download these results (CSV)",
    table_csv(rows, tuple(export_columns)),
    file_name="indicators.csv",
    mime="text/csv",
    on_click="ignore",
)
xlsx_col.download_button(
    "Download these results (Excel)",
    table_xlsx("Indicators", rows, tuple(export_columns)),
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
        st.markdown(
            "\n".join(
                f"- {literal(c.text)} — *{label(c.domain)}, your own*" for c in workbook.custom_indicators
            )
        )
    # Its fields run only while the section is open (and keep what was typed while it is folded).
    write_own = st.expander("Write a new indicator", key="bank-write-own", on_change="rerun")
    if write_own.open:
        with write_own:
            own_indicator_fields(
                "bank-own",
                workbook,
                text_label="Indicator",
                anyway_label="Save even if it does not read as measurable",
                button="Add indicator",
                with_why=True,
            )

st.header("Import a bank file")
st.markdown(
    "Load indicators from a CSV or Excel file — for example the Home Office toolkit you have downloaded. "
    "Choose which column is which; every row is checked, and nothing is imported until all rows are valid."
)
upload = st.file_uploader("Bank file (.csv or .xlsx)", type=["csv", "xlsx"], key="bank-file")
if upload is not None:
    try:
        frame = read_table(upload.name, upload.getvalue())
    except ImportRefused as exc:
        st.error(f"Nothing was imported. {exc}")
    else:
        st.markdown(f"**Preview** — {len(frame)} row(s), first five:")
        st.dataframe(frame.head(5), hide_index=True, width="stretch")
        guessed = guess_mapping(list(frame.columns))
        columns = [None, *frame.columns]
        mapping = {}
        map_cols = st.columns(len(FIELDS))
        for col, (field, field_label) in zip(map_cols, FIELDS.items(), strict=True):
            mapping[field] = col.selectbox(
                field_label,
                columns,
                index=columns.index(guessed[field]),
                format_func=lambda c: c or "(none)",
                key=f"map-{field}",
            )
        scope_choice = st.radio(
            "Import for",
            ["workbook", "installation"],
            horizontal=True,
            disabled=workbook is None,
            index=0 if workbook is not None else 1,
            format_func={
                "workbook": "This workbook only",
                "installation": "Everyone using this installation",
            }.get,
        )
        scope = stored.id if scope_choice == "workbook" and stored else INSTALLATION
        preview = validate(frame, mapping, scope, upload.name)
        if preview.rejected:
            st.error(
                f"Nothing can be imported yet: {len(preview.rejected)} row(s) need fixing in the file "
                "(or choose other columns):\n\n" + "\n".join(f"- {r}" for r in preview.rejected[:100])
            )
        else:
            st.success(f"All {len(preview.indicators)} indicator(s) are valid.")
            if st.button(f"Import {len(preview.indicators)} indicator(s)", type="primary"):
                added, already = bank_store().add(preview.indicators, scope)
                st.session_state["bank-import-result"] = (
                    f"Imported {added} indicator(s); {already} were already in the bank."
                )
                st.rerun()
if "bank-import-result" in st.session_state:
    st.success(st.session_state.pop("bank-import-result"))
