"""Importing an indicator bank: a toolkit-like spreadsheet, column guessing, per-row errors, no duplicates."""

from __future__ import annotations

import io
import re
import time
import zipfile
from pathlib import Path

import pytest

from ioi_core.content.models import DataAvailability
from ioi_core.formats.bank_file import (
    INSTALLATION,
    WORKBOOK_IMPORT_LIMIT,
    check_size,
    guess_mapping,
    problems_markdown,
    read_table,
    recognise_availability,
    recognise_domain,
    validate,
)
from ioi_core.formats.refusals import ImportRefused
from ioi_core.store.bank import BankStore
from ioi_core.store.workbooks import WorkbookStore
from tests.support.bank_files import HEADERS, ROWS, toolkit_xlsx
from tests.support.cli import run


@pytest.mark.parametrize(
    "value,expected",
    [
        ("7", 7),
        ("7.0", 7),
        ("Domain 12", 12),
        ("7.14", 14),
        ("Health & social care", 4),
        ("language", 9),
        ("1. Work", 1),
        ("Rights and Responsibilities", 14),
        ("15", None),
        ("Sport", None),
        ("", None),
    ],
)
def test_domains_in_their_common_spellings(value: str, expected: int | None) -> None:
    assert recognise_domain(value) == expected


def test_availability_is_one_of_the_four_or_reported() -> None:
    assert recognise_availability("official statistics") == DataAvailability.OFFICIAL_STATISTICS
    assert recognise_availability("") is None
    assert recognise_availability("Maybe") == "Maybe"


def test_toolkit_like_file_maps_and_validates() -> None:
    frame = read_table("toolkit.xlsx", toolkit_xlsx())
    mapping = guess_mapping(list(frame.columns))
    assert mapping == {
        "indicator": "Indicator",
        "domain": "Domain",
        "availability": "Indicator type",
        "source": "Data source",
        "link": "Link",
    }
    preview = validate(frame, mapping, INSTALLATION, "toolkit.xlsx")
    assert preview.rejected == []
    assert [i.domain for i in preview.indicators] == [1, 7, 9, 4]
    assert preview.indicators[0].data_availability == DataAvailability.OFFICIAL_STATISTICS
    assert preview.indicators[0].link == "https://example.org/lfs"
    assert preview.indicators[2].source == "Imported from toolkit.xlsx"


def test_every_bad_row_is_listed() -> None:
    rows = [
        *ROWS,
        ["Sport", "", "% who swim", "", ""],
        ["3", "Maybe", "% who rent", "", ""],
        ["2", "", "", "", ""],
    ]
    preview = validate(
        read_table("t.xlsx", toolkit_xlsx(rows)), guess_mapping(HEADERS), INSTALLATION, "t.xlsx"
    )
    assert preview.rejected == [
        "Row 6: 'Sport' is not a domain (use 1–14 or a domain name).",
        "Row 7: data availability 'Maybe' is not one of Official Statistics, National Survey, Other Data, No Data Located.",
        "Row 8: the indicator is empty.",
    ]


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("bank.pdf", b"%PDF", "Choose a .csv or .xlsx file"),
        ("bank.xlsx", b"not a zip", "not an Excel"),
        ("bank.csv", b"\xff\xfe\x00\x00bad", "not UTF-8"),
        ("bank.csv", b"Domain,Indicator\n", "no rows"),
    ],
)
def test_broken_files_are_refused(name: str, data: bytes, message: str) -> None:
    with pytest.raises(ImportRefused, match=message):
        read_table(name, data)


def test_reimport_adds_nothing_new(store: WorkbookStore) -> None:
    bank = BankStore(store.engine)
    preview = validate(read_table("t.xlsx", toolkit_xlsx()), guess_mapping(HEADERS), INSTALLATION, "t.xlsx")
    first = bank.add(preview.indicators, INSTALLATION, "t.xlsx")
    assert (first.added, first.already) == (4, 0) and first.batch is not None
    again = bank.add(preview.indicators, INSTALLATION, "t.xlsx")
    assert (again.added, again.already, again.batch) == (0, 4, None)
    assert len(bank.list([INSTALLATION])) == 4
    assert bank.list(["some-workbook"]) == []


def test_cli_bank_import_is_all_or_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'bank.db'}"
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(toolkit_xlsx([*ROWS, ["Sport", "", "% who swim", "", ""]]))
    result = run("bank", "import", str(bad), IOI_DATABASE_URL=url)
    assert result.returncode == 1 and "Row 6: 'Sport' is not a domain" in result.stderr
    good = tmp_path / "good.xlsx"
    good.write_bytes(toolkit_xlsx())
    first = run("bank", "import", str(good), IOI_DATABASE_URL=url)
    assert first.returncode == 0 and "Imported 4 indicator(s); 0 were already in the bank." in first.stdout
    again = run("bank", "import", str(good), IOI_DATABASE_URL=url)
    assert "Imported 0 indicator(s); 4 were already in the bank." in again.stdout


# --- hostile and damaged bank files: one clear message, bounded time, nothing stored --------------


def test_a_million_row_csv_is_refused_at_the_limit_quickly(tmp_path: Path) -> None:
    path = tmp_path / "million.csv"  # made here, never committed: 4 MB, under the size limit
    with path.open("wb") as handle:
        handle.write(b"Domain,Indicator\n")
        handle.write(b"1,x\n" * 1_000_000)
    data = path.read_bytes()
    start = time.perf_counter()
    with pytest.raises(ImportRefused) as refused:
        read_table("million.csv", data)
    assert str(refused.value) == "The file has more than 20,000 rows; the limit is 20,000."
    with pytest.raises(ImportRefused, match=r"^The file has more than 2,000 rows; the limit is 2,000\.$"):
        read_table("million.csv", data, max_rows=WORKBOOK_IMPORT_LIMIT)
    assert time.perf_counter() - start < 2.0


def test_a_large_sheet_is_read_only_up_to_the_limit(tmp_path: Path) -> None:
    from openpyxl import Workbook as XlsxBook

    book = XlsxBook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADERS)
    for n in range(60_000):
        sheet.append(["7", "", f"% of people {n}", "", ""])
    path = tmp_path / "big.xlsx"
    book.save(path)
    data = path.read_bytes()
    start = time.perf_counter()
    with pytest.raises(ImportRefused, match=r"^The file has more than 2,000 rows; the limit is 2,000\.$"):
        read_table("big.xlsx", data, max_rows=WORKBOOK_IMPORT_LIMIT)
    refused = time.perf_counter() - start
    start = time.perf_counter()
    assert len(read_table("big.xlsx", data, max_rows=100_000)) == 60_000
    whole = time.perf_counter() - start
    assert refused < whole / 2, (refused, whole)  # it stopped reading, it did not read all and count


def damaged_xlsx(change) -> bytes:  # type: ignore[no-untyped-def]
    """The toolkit file with its first sheet's XML (or shared strings) changed by `change`."""
    source = zipfile.ZipFile(io.BytesIO(toolkit_xlsx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, change(item.filename, source.read(item.filename)))
    return out.getvalue()


def _truncated_sheet(name: str, data: bytes) -> bytes:
    return data[: len(data) // 2] if name == "xl/worksheets/sheet1.xml" else data


def _string_out_of_range(name: str, data: bytes) -> bytes:
    if name != "xl/worksheets/sheet1.xml":
        return data
    # the cell refers to shared string 9,999 of a file that has none
    return re.sub(
        rb'<c r="C3" t="inlineStr"><is><t>[^<]*</t></is></c>', rb'<c r="C3" t="s"><v>9999</v></c>', data
    )


@pytest.mark.parametrize("change", [_truncated_sheet, _string_out_of_range])
def test_a_damaged_sheet_is_one_clear_message(change) -> None:  # type: ignore[no-untyped-def]
    data = damaged_xlsx(change)
    assert data != toolkit_xlsx()
    with pytest.raises(ImportRefused) as refused:
        read_table("damaged.xlsx", data)
    assert str(refused.value).startswith("The Excel file is damaged or is not a table this app can read")


def test_a_damaged_csv_is_one_clear_message() -> None:
    with pytest.raises(ImportRefused, match="not UTF-8"):
        read_table("b.csv", b"Domain,Indicator\n1,% ok\n" + b"2,\xff\xfe broken\n")
    with pytest.raises(ImportRefused, match="^The CSV file is damaged"):
        read_table("b.csv", b'Domain,Indicator\n1,"' + b"x" * 200_000 + b'"\n')  # a field past csv's limit


@pytest.mark.parametrize("character", ["\x00", "\x07", "\x1b", "\x7f"])
def test_control_characters_are_refused_with_row_and_column(character: str) -> None:
    data = f"Domain,Indicator,Data source\n1,% fine,\n2,% bad{character}here,\n3,% fine too,S{character}\n"
    frame = read_table("c.csv", data.encode())
    preview = validate(frame, guess_mapping(list(frame.columns)), "wb1", "c.csv")
    code = f"U+{ord(character):04X}"
    assert preview.rejected == [
        f"Row 3, column 'Indicator': contains a control character ({code}) that cannot be stored; "
        "remove it from the file.",
        f"Row 4, column 'Data source': contains a control character ({code}) that cannot be stored; "
        "remove it from the file.",
    ]
    heading = f"Row 1, column 2: the heading contains a control character ({code})"
    with pytest.raises(ImportRefused, match=re.escape(heading)):
        read_table("h.csv", f"Domain,Indic{character}ator\n1,% x\n".encode())


def test_tab_and_newline_in_a_cell_are_fine() -> None:
    frame = read_table("t.csv", b'Domain,Indicator\n1,"% of people\twho\nvolunteer"\n')
    preview = validate(frame, guess_mapping(list(frame.columns)), "wb1", "t.csv")
    assert preview.rejected == [] and preview.indicators[0].text == "% of people who volunteer"


def test_row_numbers_are_the_spreadsheets_even_after_blank_rows() -> None:
    frame = read_table("r.csv", b"Domain,Indicator\n1,% a\n\n,,\nSport,% b\n")
    preview = validate(frame, guess_mapping(list(frame.columns)), "wb1", "r.csv")
    assert preview.rejected == ["Row 5: 'Sport' is not a domain (use 1–14 or a domain name)."]


def test_markdown_in_a_domain_cell_is_shown_as_typed() -> None:
    hostile = "**Work** [click](https://evil.example) ![x](https://evil.example/p.png) # h"
    rows = [*ROWS, [hostile, "", "% of adults who vote", "", ""]]
    preview = validate(read_table("t.xlsx", toolkit_xlsx(rows)), guess_mapping(HEADERS), "wb1", "t.xlsx")
    assert preview.rejected == [f"Row 6: '{hostile[:40]}' is not a domain (use 1–14 or a domain name)."]
    shown = problems_markdown(preview.rejected)
    assert shown.startswith("- Row 6") and "**Work**" not in shown and "](" not in shown and "![" not in shown
    assert re.sub(r"\\(.)", r"\1", shown) == f"- {preview.rejected[0]}"  # every character still there


def test_a_file_over_the_size_limit_is_refused_before_it_is_read() -> None:
    with pytest.raises(ImportRefused, match=r"^The file is 5\.0 MB; the limit is 5 MB\.$"):
        check_size(5_000_001)
    check_size(5_000_000)
