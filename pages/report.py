"""Report & export: the whole workbook printable, as Excel or JSON; import a file as a new workbook."""

import streamlit as st

from ioi_core.formats.refusals import ImportRefused
from ioi_core.formats.report_html import blank_worksheets_html, download_slug
from ioi_core.formats.workbook_xlsx import read_file
from ioi_core.text.markdown_safety import literal
from ioi_ui.downloads import workbook_files
from ioi_ui.page import page_top
from ioi_ui.resources import store
from ioi_ui.storage_errors import reported
from ioi_ui.workbook_session import current, link_for, open_workbook

pack = page_top(__file__, "Report & export")

st.markdown("Take your work back to the office: print it, open it in Excel, or keep a JSON backup.")

stored = current()
if stored is not None:
    workbook = stored.workbook
    slug = download_slug(workbook.meta.title)
    xlsx_bytes, html, json_bytes = workbook_files(workbook)
    c1, c2, c3 = st.columns(3)
    c1.download_button(
        "Excel (.xlsx)",
        xlsx_bytes,
        file_name=f"{slug}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        type="primary",
    )
    c2.download_button(
        "Printable report (.html)",
        html.encode("utf-8"),
        file_name=f"{slug}.html",
        mime="text/html",
        help="Open it in your browser and print, or save as PDF: each section starts on a new page.",
    )
    c3.download_button("Backup (.json)", json_bytes, file_name=f"{slug}.json", mime="application/json")
    st.subheader("Preview")
    # The report escapes every user answer (tests/test_report_html.py), so it is safe to embed.
    st.iframe(html, height=700, alt="Preview of the printable report")
else:
    st.info(
        "Open a workbook on the Start page to export it. You can still download blank worksheets or import a file below."
    )

st.header("Blank worksheets")
st.markdown("For rooms without devices: print these and fill them in by hand.")
st.download_button(
    "Blank worksheets (.html)",
    blank_worksheets_html(pack).encode("utf-8"),
    file_name="ioi-blank-worksheets.html",
    mime="text/html",
)

st.header("Import a workbook file")
st.markdown(
    "A `.json` or `.xlsx` exported by IOI Workbook becomes a **new** workbook — it never overwrites one."
)


def _short(text: str) -> str:
    return text if len(text) <= 200 else text[:200] + "…"


upload = st.file_uploader("Workbook file", type=["json", "xlsx"], key="import-file")
if upload is not None:
    upload.seek(0)
    try:  # its size is checked before it is read; every refusal is one plain message
        result = read_file(upload.name, upload)
    except ImportRefused as exc:
        st.error(literal(f"Nothing was imported. {exc}"))  # it may quote the file (a key, a number)
    else:
        imported = result.workbook
        meta = imported.meta
        st.markdown(
            f"**Preview:** “{literal(meta.title)}”"
            + (f" — {literal(meta.organisation)}" if meta.organisation else "")
        )
        st.markdown(
            f"{len(imported.stakeholders.rows)} stakeholder(s), {len(imported.evaluation)} evaluation outcome(s), "
            f"{len(imported.theory_of_change.targets)} target(s), {len(imported.shortlist)} shortlisted indicator(s)."
        )
        keep_excel = [e.path for e in result.applied]
        if result.applied:
            st.warning(
                f"**{len(result.applied)} answer(s) were changed in Excel.** Ticked ones are imported as "
                "changed in Excel; untick one to keep the answer as it was exported.",
                icon=":material/edit_note:",
            )
            keep_excel = [
                e.path
                for e in result.applied
                if st.checkbox(
                    f"**{literal(e.label)}**: “{literal(_short(e.was)) or '(empty)'}” → “{literal(_short(e.now)) or '(empty)'}”",
                    value=True,
                    key=f"import-keep-{e.path}",
                )
            ]
        if result.not_applied:
            st.error(
                f"**{len(result.not_applied)} answer(s) changed in Excel cannot be imported** and keep their "
                "exported value — change them in the app after importing:\n\n"
                + "\n".join(
                    f"- **{literal(e.label)}**: “{literal(_short(e.now))}” — {e.reason}"
                    for e in result.not_applied
                ),
            )
        if st.button("Import as a new workbook", type="primary"):
            with reported("Importing the workbook"):
                key, _ = store().create(result.keeping(keep_excel))
                open_workbook(key)
                st.session_state["imported_link"] = link_for(key)
                st.rerun()
if "imported_link" in st.session_state and stored is not None:
    st.success("Imported. This is the new workbook's link — keep it:")
    st.code(st.session_state.pop("imported_link"), language=None, wrap_lines=True)
