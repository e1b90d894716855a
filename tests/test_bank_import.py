"""Importing an indicator bank: a toolkit-like spreadsheet, column guessing, per-row errors, no duplicates."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import Workbook as XlsxBook

from ioi_core.bank_import import (
    INSTALLATION,
    BankStore,
    guess_mapping,
    read_table,
    recognise_availability,
    recognise_domain,
    validate,
)
from ioi_core.content_models import DataAvailability
from ioi_core.store import WorkbookStore
from ioi_core.transfer_json import ImportRefused
from tests.test_cli import run

HEADERS = ["Domain", "Indicator type", "Indicator", "Data source", "Link"]
ROWS = [
    [
        "7.1 Work",
        "Official Statistics",
        "% of working-age adults in employment",
        "Labour Force Survey",
        "https://example.org/lfs",
    ],
    [
        "Social Bridges",
        "National Survey",
        "% who mix socially with people from different backgrounds",
        "Community Life Survey",
        "",
    ],
    ["9", "No Data Located", "% of adults with conversational English", "", ""],
    ["Health & Social Care", "Other Data", "% registered with a GP", "NHS Digital", "https://example.org/gp"],
]


def toolkit_xlsx(rows=ROWS) -> bytes:
    book = XlsxBook()
    sheet = book.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


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
