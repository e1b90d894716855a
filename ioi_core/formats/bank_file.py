"""Import an indicator bank file (CSV or .xlsx, e.g. the Home Office toolkit) with a column mapping.

Every row is checked; one bad row means nothing is imported, and every bad row is listed with its
reason. Re-importing the same file adds nothing: an indicator's id is a hash of its scope, domain and
wording. Each import is recorded as a batch (scope, file name, when, how many), so it can be listed
and removed again.

Who may import where: into one's own open workbook, anyone, within WORKBOOK_IMPORT_LIMIT per file and
WORKBOOK_TOTAL_LIMIT per workbook; into the installation's shared bank (what everyone sees) only
someone holding the admin key (`IOI_ADMIN_KEY`), or the command line.

Files are refused early and in bounded time: the size before anything is read, the rows while they
are streamed (reading stops at the limit + 1), a damaged file with one message and no traceback.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import os
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd

from ioi_core.checks.content_pack import get_content
from ioi_core.content.models import DataAvailability, Indicator, Provenance
from ioi_core.content.pack import ContentPack
from ioi_core.formats.refusals import ImportRefused
from ioi_core.text.markdown_safety import literal

MAX_FILE_BYTES = 5_000_000
MAX_UNZIPPED_BYTES = 50_000_000
MAX_ROWS = 20_000  # per file imported for the installation (by the admin)
# A workbook's own bank: the Home Office toolkit and the guide's Annex 2 are a few hundred indicators
# each, so 2,000 per file is several whole banks; 5,000 in all keeps a workbook's own index quick to
# build (about 50 ms) and bounds what one anonymous person can add per workbook.
WORKBOOK_IMPORT_LIMIT = 2_000
WORKBOOK_TOTAL_LIMIT = 5_000
INSTALLATION = "installation"
FIELDS = {
    "indicator": "Indicator (required)",
    "domain": "Domain (required)",
    "availability": "Data availability",
    "source": "Data source",
    "link": "Link",
}
_GUESSES = {
    "indicator": ("indicator", "measure", "description"),
    "domain": ("domain", "section"),
    "availability": ("availability", "data type", "symbol", "indicator type"),
    "source": ("source", "survey", "dataset"),
    "link": ("link", "url", "web"),
}


def recognise_domain(value: object, pack: ContentPack | None = None) -> int | None:
    """A domain number from '7', '7.0', 'Domain 7', section '7.7' (the framework's 7.1-7.14) or a name
    (the spellings in content/domain_spellings.yaml)."""
    text = " ".join(str(value or "").replace("&", " and ").casefold().split())
    if not text or text == "nan":
        return None
    section = re.match(r"7\.(\d{1,2})(?:\s|$)", text)  # the framework's sections 7.1-7.14, maybe with a name
    if section and 1 <= int(section.group(1)) <= 14:
        return int(section.group(1))
    number = re.fullmatch(r"(?:domain\s*)?(\d{1,2})(?:\.0)?", text)
    if number and 1 <= int(number.group(1)) <= 14:
        return int(number.group(1))
    text = re.sub(r"^(?:domain\s*\d{1,2}\s*[:.\-–]?\s*|\d{1,2}\s*[:.\-–]\s*)", "", text)
    spellings = (pack or get_content()).domain_spellings.spellings
    return next((n for n, names in spellings.items() if text in names), None)


def recognise_availability(value: object) -> DataAvailability | None | str:
    """A DataAvailability, None for blank, or the original text when it is not one of the four."""
    text = " ".join(str(value or "").split())
    if not text or text.casefold() == "nan":
        return None
    for option in DataAvailability:
        if text.casefold() in (option.value.casefold(), option.value.casefold().replace(" ", "")):
            return option
    return text


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # tab, newline and carriage return are fine


def _control_character(text: str) -> str | None:
    """'U+0000' for the first control character in `text` that cannot be stored, else None."""
    found = _CONTROL.search(text)
    return f"U+{ord(found.group()):04X}" if found else None


# --- who may import where ------------------------------------------------------------------------


def admin_key_configured() -> bool:
    return bool(os.environ.get("IOI_ADMIN_KEY"))


def is_admin_key(typed: str | None) -> bool:
    """True when `typed` is the installation's admin key (`IOI_ADMIN_KEY`), compared in constant time."""
    expected = os.environ.get("IOI_ADMIN_KEY", "")
    if not expected or not typed:
        return False
    return hmac.compare_digest(typed.encode("utf-8"), expected.encode("utf-8"))


def import_scopes(workbook_id: str | None, typed_admin_key: str | None) -> list[str]:
    """Where this person may import a bank file: their open workbook, and the installation's shared
    bank only with the admin key (with no IOI_ADMIN_KEY set, only the command line imports there)."""
    scopes = [workbook_id] if workbook_id else []
    if is_admin_key(typed_admin_key):
        scopes.append(INSTALLATION)
    return scopes


def import_row_limit(scope: str) -> int:
    return MAX_ROWS if scope == INSTALLATION else WORKBOOK_IMPORT_LIMIT


# --- reading a file, bounded -----------------------------------------------------------------------


def check_size(size: int) -> None:
    """Refuse a file by its size, before any of it is read."""
    if size > MAX_FILE_BYTES:
        raise ImportRefused(
            f"The file is {size / 1_000_000:.1f} MB; the limit is {MAX_FILE_BYTES // 1_000_000} MB."
        )


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _csv_rows(data: bytes) -> Iterator[list[str]]:
    text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")
    yield from csv.reader(text)


def _xlsx_rows(data: bytes) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(i.file_size for i in archive.infolist()) > MAX_UNZIPPED_BYTES:
                raise ImportRefused(
                    "The Excel file expands to far more data than a bank holds, so it was not opened."
                )
    except zipfile.BadZipFile as exc:
        raise ImportRefused("The file is not an Excel (.xlsx) file, or it is damaged.") from exc
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        if not book.worksheets:
            raise ImportRefused("The Excel file has no sheet of cells to read.")
        # read_only: rows are parsed as they are asked for, so a damaged sheet raises here, in the loop.
        for row in book.worksheets[0].iter_rows(values_only=True):
            yield [_cell(v) for v in row]
    finally:
        book.close()


def read_table(filename: str, data: bytes, max_rows: int = MAX_ROWS) -> pd.DataFrame:
    """The file's first sheet (or CSV) as text cells, indexed by spreadsheet row number.

    Refuses, with one plain message: a file over MAX_FILE_BYTES (before reading it), more than
    `max_rows` rows with something in them (reading stops at the first row over), a header with a
    control character, and anything that is not a table it can read.
    """
    check_size(len(data))
    name = filename.lower()
    if name.endswith(".xlsx"):
        rows, kind = _xlsx_rows(data), "Excel"
    elif name.endswith(".csv"):
        rows, kind = _csv_rows(data), "CSV"
    else:
        raise ImportRefused("Choose a .csv or .xlsx file.")
    # Empty rows cost little but are not free in a sheet: past this many rows in all, stop too.
    scan_limit = max(5 * max_rows, 50_000)
    header: list[str] | None = None
    header_row = 0
    body: list[list[str]] = []
    numbers: list[int] = []
    try:
        for number, cells in enumerate(rows, start=1):
            if number > scan_limit:
                raise ImportRefused(
                    f"The file has more than {scan_limit:,} rows (counting empty ones); "
                    f"the limit is {max_rows:,} rows of indicators."
                )
            if not any(c.strip() for c in cells):
                continue
            if header is None:
                header, header_row = cells, number
                continue
            if len(body) == max_rows:
                raise ImportRefused(f"The file has more than {max_rows:,} rows; the limit is {max_rows:,}.")
            body.append(cells)
            numbers.append(number)
    except ImportRefused:
        raise
    except UnicodeDecodeError as exc:
        raise ImportRefused("The CSV file is not UTF-8 text. In Excel, save it as 'CSV UTF-8'.") from exc
    except Exception as exc:  # noqa: BLE001 - csv/openpyxl/zip/XML raise many kinds for damaged files
        raise ImportRefused(
            f"The {kind} file is damaged or is not a table this app can read, so nothing in it was used. "
            "Open it in a spreadsheet program and save it again as .xlsx or 'CSV UTF-8'."
        ) from exc
    if header is None or not body:
        raise ImportRefused("The file has no rows under its header.")
    width = max(len(header), *(len(r) for r in body))
    columns: list[str] = []
    for position in range(width):
        heading = " ".join(header[position].split()) if position < len(header) else ""
        if character := _control_character(heading):
            raise ImportRefused(
                f"Row {header_row}, column {position + 1}: the heading contains a control character "
                f"({character}) that cannot be stored; remove it from the file."
            )
        heading = heading[:100] or f"Column {position + 1}"
        while heading in columns:
            heading += " (again)"
        columns.append(heading)
    frame = pd.DataFrame(
        [r + [""] * (width - len(r)) for r in body], columns=columns, index=numbers, dtype=str
    )
    return frame


def guess_mapping(columns: list[str]) -> dict[str, str | None]:
    """Which column holds which field, guessed from the headings (the user can change it)."""
    mapping: dict[str, str | None] = dict.fromkeys(_GUESSES)
    used: set[str] = set()
    for exact in (True, False):  # exact headings first, so "Indicator" beats "Indicator type"
        for field, words in _GUESSES.items():
            if mapping[field]:
                continue
            match = next(
                (
                    c
                    for c in columns
                    if c not in used
                    and any((c.casefold() == w) if exact else (w in c.casefold()) for w in words)
                ),
                None,
            )
            if match:
                mapping[field] = match
                used.add(match)
    return mapping


def stable_id(scope: str, domain: int, text: str) -> str:
    digest = hashlib.sha256(f"{scope}|{domain}|{' '.join(text.casefold().split())}".encode()).hexdigest()
    return f"imp-{digest[:24]}"


@dataclass(frozen=True)
class ImportPreview:
    indicators: list[Indicator]
    rejected: list[str]  # "Row 7: …" for each row that cannot be imported


def validate(
    frame: pd.DataFrame, mapping: dict[str, str | None], scope: str, source_name: str
) -> ImportPreview:
    """Each row checked; `rejected` says, per row, what is wrong (as typed: show it with `literal`)."""
    if not mapping.get("indicator") or not mapping.get("domain"):
        return ImportPreview([], ["Choose which column holds the indicator and which holds the domain."])
    indicators: dict[str, Indicator] = {}
    rejected = []
    used = [(field, column) for field, column in mapping.items() if column]
    for number, row in zip(frame.index, frame.to_dict("records"), strict=True):
        bad = next(
            (
                (column, character)
                for _, column in used
                if (character := _control_character(str(row.get(column, ""))))
            ),
            None,
        )
        if bad:
            rejected.append(
                f"Row {number}, column '{bad[0]}': contains a control character ({bad[1]}) that cannot "
                "be stored; remove it from the file."
            )
            continue
        text = " ".join(str(row.get(mapping["indicator"], "")).split())
        domain_raw = row.get(mapping["domain"], "")
        domain = recognise_domain(domain_raw)
        if not text:
            rejected.append(f"Row {number}: the indicator is empty.")
            continue
        if len(text) > 500:
            rejected.append(f"Row {number}: the indicator is longer than 500 characters.")
            continue
        if domain is None:
            rejected.append(
                f"Row {number}: '{str(domain_raw)[:40]}' is not a domain (use 1–14 or a domain name)."
            )
            continue
        availability = (
            recognise_availability(row.get(mapping["availability"], ""))
            if mapping.get("availability")
            else None
        )
        if isinstance(availability, str) and not isinstance(availability, DataAvailability):
            rejected.append(
                f"Row {number}: data availability '{availability[:40]}' is not one of Official Statistics, "
                "National Survey, Other Data, No Data Located."
            )
            continue
        source = str(row.get(mapping["source"], "")).strip()[:300] if mapping.get("source") else ""
        link = str(row.get(mapping["link"], "")).strip()[:500] if mapping.get("link") else ""
        indicator_id = stable_id(scope, domain, text)
        indicators[indicator_id] = Indicator(
            id=indicator_id,
            domain=domain,
            text=text,
            provenance=Provenance.IMPORTED,
            source=source or f"Imported from {source_name}"[:300],
            data_availability=availability,
            link=link or None,
        )
    if not rejected and scope != INSTALLATION and len(indicators) > WORKBOOK_IMPORT_LIMIT:
        rejected.append(
            f"The file has {len(indicators):,} indicators; an import into a workbook is limited to "
            f"{WORKBOOK_IMPORT_LIMIT:,}."
        )
    return ImportPreview(list(indicators.values()), rejected)


def problems_markdown(rejected: list[str], shown: int = 100) -> str:
    """The rejected rows as a Markdown list, each shown as typed (a cell may hold `**`, `[x](…)`…)."""
    return "\n".join(f"- {literal(r)}" for r in rejected[:shown])
