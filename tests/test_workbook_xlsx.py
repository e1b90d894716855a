"""Excel export/import: sheets a council officer can use, text never a formula, bad files refused."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile

import pytest
from openpyxl import load_workbook

from ioi_core.content.pack import load_content
from ioi_core.formats.refusals import ImportRefused
from ioi_core.formats.workbook_xlsx import DATA_SHEET, export_xlsx, import_xlsx
from ioi_core.model.workbook import Stakeholder, Workbook, WorkbookMeta
from tests.support.services import require


def hostile_workbook() -> Workbook:
    wb = Workbook(meta=WorkbookMeta(title='=HYPERLINK("http://x","click")', organisation="+44 council"))
    wb.exercise2.part1.problem = "-1+1"
    wb.exercise2.part1.initiative = "@SUM(A1:A2)"
    wb.stakeholders.rows = [Stakeholder(name="=cmd|' /C calc'!A0", group="newcomers")]
    wb.exercise1.facilitator = 13
    return wb


def test_sheets_headers_and_frozen_rows() -> None:
    data = export_xlsx(load_content(), hostile_workbook())
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames[:4] == ["Cover", "Exercise 1", "Exercise 2", "Theory of Change"]
    assert {"Stakeholders", "Barriers", "Evaluation", "Indicators", "Principles check", DATA_SHEET} <= set(
        book.sheetnames
    )
    assert book[DATA_SHEET].sheet_state == "hidden"
    for name in book.sheetnames[:-1]:
        sheet = book[name]
        assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold


def test_text_that_looks_like_a_formula_stays_text() -> None:
    book = load_workbook(io.BytesIO(export_xlsx(load_content(), hostile_workbook())))
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    risky = [c for c in cells if c.value[:1] in "=+-@"]
    assert len(risky) >= 4
    assert all(c.data_type == "s" for c in risky)
    assert book["Cover"]["B2"].value == '=HYPERLINK("http://x","click")'


def test_round_trip_through_excel() -> None:
    wb = hostile_workbook()
    assert import_xlsx(export_xlsx(load_content(), wb)) == wb


def test_libreoffice_opens_the_export(tmp_path) -> None:
    if shutil.which("libreoffice") is None:
        require(
            "IOI_REQUIRE_LIBREOFFICE", "LibreOffice is not installed (apt-get install libreoffice-calc-nogui)"
        )
    path = tmp_path / "workbook.xlsx"
    path.write_bytes(export_xlsx(load_content(), hostile_workbook()))
    subprocess.run(
        ["libreoffice", "--headless", "--convert-to", "csv", "--outdir", str(tmp_path), str(path)],
        check=True,
        timeout=120,
    )
    assert (tmp_path / "workbook.csv").exists()


def zip_with(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data,message",
    [
        (b"plain text, not a spreadsheet", "not an Excel"),
        (b"PK\x03\x04truncated", "not an Excel"),
        (zip_with({"hello.txt": b"hi"}), "not an Excel"),
        (zip_with({"xl/workbook.xml": b"\0" * 60_000_000}), "expands to far more data"),
    ],
)
def test_broken_and_hostile_files_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(ImportRefused, match=message):
        import_xlsx(data)


def test_truncated_export_is_refused() -> None:
    data = export_xlsx(load_content(), hostile_workbook())
    with pytest.raises(ImportRefused):
        import_xlsx(data[: len(data) // 2])


def test_missing_data_sheet_is_refused() -> None:
    book = load_workbook(io.BytesIO(export_xlsx(load_content(), hostile_workbook())))
    del book[DATA_SHEET]
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(ImportRefused, match="not exported by IOI Workbook"):
        import_xlsx(buffer.getvalue())


def _full_export() -> bytes:
    from tests.fixtures.sample_workbook import full_workbook

    return export_xlsx(load_content(), full_workbook())


def test_every_sheet_prints_one_page_wide_with_its_header_on_each_page() -> None:
    book = load_workbook(io.BytesIO(_full_export()))
    for name in book.sheetnames[:-1]:
        sheet = book[name]
        setup = sheet.page_setup
        assert int(setup.paperSize) == int(sheet.PAPERSIZE_A4), name
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), name
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, name
        assert sheet.print_title_rows == "$1:$1", name
    assert book["Exercise 2"].page_setup.orientation == "landscape"
    # Each section of a sheet starts a new page.
    assert [b.id for b in book["Exercise 2"].row_breaks.brk]


def test_rows_are_tall_enough_for_their_wrapped_text() -> None:
    book = load_workbook(io.BytesIO(_full_export()))
    sheet = book["Exercise 1"]
    long_row = next(r for r in range(2, sheet.max_row + 1) if len(str(sheet.cell(r, 5).value or "")) > 120)
    short_row = next(r for r in range(2, sheet.max_row + 1) if len(str(sheet.cell(r, 5).value or "")) < 20)
    assert sheet.row_dimensions[long_row].height >= 3 * 14
    assert sheet.row_dimensions[short_row].height < sheet.row_dimensions[long_row].height


def _pdf_of(tmp_path, data: bytes) -> bytes:
    if shutil.which("libreoffice") is None:
        require(
            "IOI_REQUIRE_LIBREOFFICE", "LibreOffice is not installed (apt-get install libreoffice-calc-nogui)"
        )
    path = tmp_path / "workbook.xlsx"
    path.write_bytes(data)
    subprocess.run(
        ["libreoffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
        check=True,
        timeout=120,
        capture_output=True,
    )
    return (tmp_path / "workbook.pdf").read_bytes()


def test_the_export_prints_on_few_a4_pages_with_each_question_beside_its_answer(tmp_path) -> None:
    import re

    pdf = _pdf_of(tmp_path, _full_export())
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    # Before the page set-up this workbook printed on 59 pages, Question and Answer on separate ones.
    assert 10 <= pages <= 26, pages
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: the page count was checked, not the columns")
    (tmp_path / "workbook.pdf").write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "workbook.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    headers = [
        next((line.split() for line in page.splitlines() if line.strip()), []) for page in text.split("\f")
    ]
    answer_headers = [h for h in headers if {"Section", "Question", "Answer"} & set(h)]
    assert len(answer_headers) >= 10
    for header in answer_headers:  # the repeated header row: the question's columns all on each page
        assert {"Section", "Step", "Item", "Question", "Answer"} <= set(header), header


def _edited(data: bytes, changes: dict[str, object]) -> bytes:
    """The export with the visible Answer cell of each path changed, as a person would in Excel."""
    book = load_workbook(io.BytesIO(data))
    for sheet in book.worksheets[:-1]:
        header = [c.value for c in sheet[1]]
        if not any(isinstance(h, str) and h.startswith("Answer path") for h in header):
            continue
        path_col = len(header)
        for row in sheet.iter_rows(min_row=2):
            path = row[path_col - 1].value
            if path in changes:
                row[path_col - 2].value = changes[path]
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_answers_edited_in_excel_are_imported_and_listed() -> None:
    from ioi_core.formats.workbook_xlsx import read_xlsx
    from tests.fixtures.sample_workbook import full_workbook

    wb = full_workbook()
    data = _edited(
        export_xlsx(load_content(), wb),
        {
            "exercise2.part1.problem": "Changed in Excel",
            "meta.organisation": "Another council",
            "theory_of_change.targets.0.baseline": 25,  # Excel turns a typed number into a number
            "exercise2.part1.domain": "3. Health",  # a domain: only the app changes it
        },
    )
    imported = read_xlsx(data)
    assert imported.workbook.exercise2.part1.problem == "Changed in Excel"
    assert imported.workbook.meta.organisation == "Another council"
    assert imported.workbook.theory_of_change.targets[0].baseline == "25"
    assert imported.workbook.exercise2.part1.domain == wb.exercise2.part1.domain
    applied = {e.path: e for e in imported.applied}
    assert set(applied) == {
        "exercise2.part1.problem",
        "meta.organisation",
        "theory_of_change.targets.0.baseline",
    }
    assert applied["exercise2.part1.problem"].was == wb.exercise2.part1.problem
    assert [(e.path, e.reason) for e in imported.not_applied] == [
        ("exercise2.part1.domain", "a choice, domain or indicator can only be changed in the app")
    ]
    # The person chooses: keep Excel's problem, but the organisation and baseline as exported.
    kept = imported.keeping({"exercise2.part1.problem"})
    assert kept.exercise2.part1.problem == "Changed in Excel"
    assert kept.meta.organisation == wb.meta.organisation
    assert kept.theory_of_change.targets[0].baseline == wb.theory_of_change.targets[0].baseline
    assert imported.keeping(set(applied)) == imported.workbook
    # An untouched export has no edits, formula-like text included.
    assert read_xlsx(export_xlsx(load_content(), wb)).edits == ()
    assert read_xlsx(export_xlsx(load_content(), hostile_workbook())).edits == ()


def test_an_answer_edited_in_excel_beyond_the_limit_is_not_imported() -> None:
    from ioi_core.formats.workbook_xlsx import read_xlsx

    wb = hostile_workbook()
    data = _edited(export_xlsx(load_content(), wb), {"exercise2.part1.problem": "x" * 6000})
    imported = read_xlsx(data)
    assert imported.workbook.exercise2.part1.problem == "-1+1"
    assert "longer than the limit" in imported.not_applied[0].reason
