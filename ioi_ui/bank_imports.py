"""Importing indicator bank files on the bank page: into the open workbook, or (with the admin key) for
everyone using this installation; earlier imports listed and removable."""

from __future__ import annotations

from datetime import UTC
from zoneinfo import ZoneInfo

import streamlit as st

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
from ioi_core.store.bank import ImportBatch, Listing
from ioi_core.store.workbooks import StoredWorkbook
from ioi_core.text.markdown_safety import literal
from ioi_ui.bank_views import shared_index
from ioi_ui.resources import bank_store

LONDON = ZoneInfo("Europe/London")
ADMIN = "bank-admin-key"  # the admin key as typed, for this browser session only (never in the URL)


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


def bank_imports(stored: StoredWorkbook | None, shared: Listing) -> None:
    """Import a bank file, this workbook's imports, and the shared bank's administration."""
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
            scope = st.radio(
                "Import for", scopes, horizontal=True, format_func=scope_names.get, key="bank-scope"
            )
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
                f"The shared bank holds {len(shared.indicators):,} imported indicator(s) from "
                f"{len(shared_imports)} import(s). Importing for everyone is offered above."
            )
            if shared_imports:
                removal_section(INSTALLATION, "installation", shared_imports)
            if st.button("Lock administration", key="bank-admin-lock"):
                st.session_state.pop(ADMIN, None)
                st.rerun()
