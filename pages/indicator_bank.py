"""Indicator bank: search by words or the guide's index, filter, shortlist into the workbook, add your own."""

import dataclasses
from datetime import UTC
from zoneinfo import ZoneInfo

import streamlit as st

from ioi_core.content.bank_search import Filters, inferred_note
from ioi_core.content.models import DataAvailability, DomainType, Indicator, Provenance
from ioi_core.formats.bank_file import (
    FIELDS,
    INSTALLATION,
    WORKBOOK_IMPORT_LIMIT,
    WORKBOOK_TOTAL_LIMIT,
    admin_key_configured,
    check_size,
    guess_mapping,
    import_row_limit,
    import_scopes,
    is_admin_key,
    problems_markdown,
    read_table,
    validate,
)
from ioi_core.formats.refusals import ImportRefused
from ioi_core.model.exercises import provenance_label as comes_from
from ioi_core.store.bank import ImportBatch
from ioi_core.store.shortlist import add_to_shortlist
from ioi_core.text.csv_safety import to_safe_csv
from ioi_core.text.markdown_safety import literal
from ioi_ui.answers import save_value, show_save_status
from ioi_ui.bank_views import bank_search, get_familiar, results_table, shared_index
from ioi_ui.content_views import provenance_key, provenance_label
from ioi_ui.kept import kept_value, kept_widget_args, reset_kept
from ioi_ui.own_indicator import own_indicator_fields
from ioi_ui.page import page_top
from ioi_ui.pickers import domain_label, indicator_label
from ioi_ui.resources import bank_store, store
from ioi_ui.workbook_session import current, open_key
from ioi_ui.xlsx import rows_to_xlsx

SHOWN = 1_000  # rows drawn in the results table; the downloads hold every result
LONDON = ZoneInfo("Europe/London")
ADMIN = "bank-admin-key"  # the admin key as typed, for this browser session only (never in the URL)


pack = page_top(__file__)
label = domain_label(pack)


def shortened(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def provenance_words(p: Provenance) -> str:
    words = pack.indicators.provenance_labels[p]
    return words[:1].upper() + words[1:]


st.title("Indicator bank")
st.markdown(
    "Find indicators by your own words or by the guide's index keywords, then shortlist them: the "
    "exercises offer your shortlist first."
)
sources = st.expander("Where do these indicators come from?", key="bank-sources", on_change="rerun")
if sources.open:  # explanations run only when asked for
    sources.markdown(
        provenance_key(pack)
        + "\n\n**Data availability** is shown only where it is known:\n\n"
        + "\n".join(
            f"- **{a.value}**: {text}" for a, text in pack.indicators.data_availability_explained.items()
        )
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
# The filters live in the page address too (?domain=7&type=…), so a reload or a bookmark keeps them;
# each is read from the address only when this browser session has no value of its own for it yet.
NOT_KNOWN = "not-known"
URL_FILTERS = {  # widget key -> (address parameter, value -> text, text -> value)
    "bank-domain": ("domain", str, int),
    "bank-type": ("type", lambda t: t.value, DomainType),
    "bank-availability": (
        "availability",
        lambda a: a.value if a else NOT_KNOWN,
        lambda text: None if text == NOT_KNOWN else DataAvailability(text),
    ),
    "bank-provenance": ("provenance", lambda p: p.value, Provenance),
}
for widget_key, (param, _, parse) in URL_FILTERS.items():
    if kept_value(widget_key, None) is None and param in st.query_params:
        values = []
        for text in st.query_params.get_all(param):
            try:
                value = parse(text)
            except ValueError:
                continue  # a hand-edited address: an unknown value is ignored
            if value not in values and (param != "domain" or 1 <= value <= 14):
                values.append(value)
        reset_kept(widget_key, values)

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
            format_func=provenance_words,
            **kept_widget_args("bank-provenance"),
        )
domains = kept_value("bank-domain", [])
types = kept_value("bank-type", [])
availability = kept_value("bank-availability", [])
provenance = kept_value("bank-provenance", [])
filters = Filters(frozenset(domains), frozenset(types), frozenset(availability), frozenset(provenance))
for widget_key, (param, show, _) in URL_FILTERS.items():
    chosen = [show(v) for v in kept_value(widget_key, [])]
    if chosen and st.query_params.get_all(param) != chosen:
        st.query_params[param] = chosen
    elif not chosen and param in st.query_params:
        del st.query_params[param]

own = [
    Indicator(id=c.id, domain=c.domain, text=c.text, provenance=Provenance.CUSTOM, source="Your workbook")
    for c in (workbook.custom_indicators if workbook else [])
]
results = bank_search(listings[0], listings[1] if stored else None, tuple(own), query, filters, keyword)
filtered_by = [
    f"{name}: " + ", ".join(describe(v) for v in values)
    for name, values, describe in [
        ("Domain", domains, label),
        ("Type", types, lambda t: pack.types_by_id[t].name),
        ("Data availability", availability, lambda a: a.value if a else "Not known"),
        ("Provenance", provenance, provenance_words),
    ]
    if values
]
st.markdown(
    f"**{len(results)} indicator(s)**"
    + (f" for “{literal(query.strip())}”" if query.strip() else "")
    + (" — filtered by " + "; ".join(filtered_by) if filtered_by else "")
)
if not results and filtered_by:
    # Which filter to loosen: how many each would give if it alone were dropped.
    loosened = []
    for name, field in [
        ("Domain", "domains"),
        ("Type", "types"),
        ("Data availability", "availability"),
        ("Provenance", "provenance"),
    ]:
        if getattr(filters, field):
            looser = dataclasses.replace(filters, **{field: frozenset()})
            count = len(
                bank_search(listings[0], listings[1] if stored else None, tuple(own), query, looser, keyword)
            )
            described = next(f for f in filtered_by if f.startswith(f"{name}: "))
            loosened.append((count, described))
    loosened.sort(key=lambda pair: -pair[0])
    helpful = [f"Without “{d}” there would be {n}." for n, d in loosened if n]
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
        add_to_shortlist(store(), open_key() or "", [by_id[p] for p in picked])
        st.rerun()

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


def _unlock() -> None:
    typed = st.session_state.get("bank-admin-typed", "")
    st.session_state["bank-admin-typed"] = ""  # the box does not keep the key
    if is_admin_key(typed):
        st.session_state[ADMIN] = typed
    else:
        st.session_state["bank-admin-wrong"] = True


def _reindex(scope: str) -> None:
    """After a change to the shared bank, read and index it now (this person waits, not the next)."""
    if scope == INSTALLATION:
        with st.spinner("Indexing the shared bank…"):
            shared_index(bank_store().listings([INSTALLATION])[0])


def _when(batch: ImportBatch) -> str:
    moment = batch.created_at if batch.created_at.tzinfo else batch.created_at.replace(tzinfo=UTC)
    return moment.astimezone(LONDON).strftime("%d %b %Y %H:%M")


def _batch_label(batch: ImportBatch) -> str:
    return f"{batch.file_name} — {batch.added:,} indicator(s), {_when(batch)} (import {batch.id})"


def removal_section(scope: str, where: str, batches: list[ImportBatch]) -> None:
    """Earlier imports into `scope`, and a way to remove one with everything it added."""
    st.dataframe(
        [{"When": _when(b), "File": b.file_name, "Indicators": b.added, "Import": b.id} for b in batches],
        hide_index=True,
        width="stretch",
        key=f"bank-imports-{where}",
    )
    by_id = {b.id: b for b in batches}
    chosen = st.selectbox(
        "Import to remove",
        list(by_id),
        index=None,
        format_func=lambda ref: _batch_label(by_id[ref]),
        placeholder="Choose an import",
        key=f"bank-remove-choice-{where}",
    )
    if st.button(
        "Remove this import and its indicators", disabled=chosen is None, key=f"bank-remove-{where}"
    ):
        removed = bank_store().remove_import(chosen, scope)
        _reindex(scope)
        st.session_state["bank-import-result"] = (
            f"Removed the import of {literal(removed.file_name)} ({removed.added:,} indicator(s)). Workbooks that "
            "shortlisted any of them keep their own copies."
            if removed
            else "That import had already been removed."
        )
        st.rerun()


typed_admin = st.session_state.get(ADMIN)
admin = is_admin_key(typed_admin)
scopes = import_scopes(stored.id if stored else None, typed_admin)
scope_names = {INSTALLATION: "Everyone using this installation"}
if stored:
    scope_names[stored.id] = "This workbook only"

st.header("Import a bank file")
st.markdown(
    "**Trainers and administrators, start here:** import the Home Office toolkit you have downloaded (an Excel "
    "file listing the framework's own indicators), so that people pick from the framework's wording, not only "
    "from the starter indicators written for this app. Any other bank in a CSV or Excel file works too. Choose "
    "which column is which; every row is checked, and nothing is imported until all rows are valid."
)
if not scopes:
    st.info(
        "Open a workbook on the Start page to import a bank file into it. "
        + (
            "An administrator can import for everyone using this installation with the admin key (below)."
            if admin_key_configured()
            else "Indicators for everyone using this installation are imported by its administrator, "
            "on the server: `python -m ioi_core bank import FILE --scope installation`."
        )
    )
else:
    if INSTALLATION in scopes:  # only with the admin key: said out loud, never the default
        scope = st.radio("Import for", scopes, horizontal=True, format_func=scope_names.get, key="bank-scope")
    else:
        scope = scopes[0]
    if scope != INSTALLATION:
        st.markdown(
            f"Imported indicators are for this workbook only: at most {WORKBOOK_IMPORT_LIMIT:,} from one file "
            f"and {WORKBOOK_TOTAL_LIMIT:,} in all."
        )
    upload = st.file_uploader("Bank file (.csv or .xlsx)", type=["csv", "xlsx"], key="bank-file")
    if upload is not None:
        # Read once per upload (and row limit), not on every rerun; refused by size before reading.
        limit = import_row_limit(scope)
        read_key = (upload.file_id, limit)
        kept = st.session_state.get("bank-file-read")
        if kept is None or kept[0] != read_key:
            try:
                check_size(upload.size)
                kept = (read_key, read_table(upload.name, upload.getvalue(), max_rows=limit), None)
            except ImportRefused as exc:
                kept = (read_key, None, str(exc))
            st.session_state["bank-file-read"] = kept
        _, frame, refused = kept
        if frame is None:
            st.error(f"Nothing was imported. {literal(refused)}")
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
            preview = validate(frame, mapping, scope, upload.name)
            if preview.rejected:
                st.error(
                    f"Nothing can be imported yet: {len(preview.rejected)} row(s) need fixing in the file "
                    "(or choose other columns):\n\n" + problems_markdown(preview.rejected)
                )
            else:
                st.success(f"All {len(preview.indicators)} indicator(s) are valid.")
                if st.button(f"Import {len(preview.indicators)} indicator(s)", type="primary"):
                    try:
                        result = bank_store().add(preview.indicators, scope, upload.name)
                        _reindex(scope)
                    except ImportRefused as exc:
                        st.error(f"Nothing was imported. {literal(str(exc))}")
                    else:
                        st.session_state["bank-import-result"] = (
                            f"Imported {result.added} indicator(s); {result.already} were already in the bank."
                        )
                        st.rerun()
    if stored and (own_imports := bank_store().imports(stored.id)):
        st.subheader("This workbook's imports")
        removal_section(stored.id, "workbook", own_imports)
if "bank-import-result" in st.session_state:
    st.success(st.session_state.pop("bank-import-result"))

if admin_key_configured():
    st.header("Shared bank (administrators)")
    if not admin:
        st.markdown(
            "With this installation's admin key you can import indicators for everyone using it, and "
            "list and remove earlier imports."
        )
        st.text_input("Admin key", type="password", key="bank-admin-typed")
        st.button("Unlock administration", on_click=_unlock, key="bank-admin-unlock")
        if st.session_state.pop("bank-admin-wrong", False):
            st.error("That is not the admin key.")
    else:
        shared_imports = bank_store().imports(INSTALLATION)
        st.markdown(
            f"The shared bank holds {len(listings[0].indicators):,} imported indicator(s) from "
            f"{len(shared_imports)} import(s). Importing for everyone is offered above."
        )
        if shared_imports:
            removal_section(INSTALLATION, "installation", shared_imports)
        if st.button("Lock administration", key="bank-admin-lock"):
            st.session_state.pop(ADMIN, None)
            st.rerun()
