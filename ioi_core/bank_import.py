"""Import an indicator bank file (CSV or .xlsx, e.g. the Home Office toolkit) with a column mapping.

Every row is checked; one bad row means nothing is imported, and every bad row is listed with its
reason. Re-importing the same file adds nothing: an indicator's id is a hash of its scope, domain and
wording.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine, bindparam, select
from sqlalchemy.orm import Session

from ioi_core.content_models import DataAvailability, Indicator, Provenance
from ioi_core.db import BankIndicatorRow, reader
from ioi_core.transfer_json import ImportRefused
from ioi_core.workbook import utcnow

MAX_FILE_BYTES = 5_000_000
MAX_UNZIPPED_BYTES = 50_000_000
MAX_ROWS = 20_000
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

# Names and common spellings of the 14 domains, lower case, "&" written as "and".
_DOMAIN_NAMES = {
    1: ["work", "employment", "work and employment"],
    2: ["education", "education and training"],
    3: ["housing"],
    4: ["health and social care", "health", "health and care", "social care"],
    5: ["leisure"],
    6: ["social bonds", "bonds"],
    7: ["social bridges", "bridges"],
    8: ["social links", "links"],
    9: ["language and communication", "language", "language and communications", "communication"],
    10: ["culture"],
    11: ["digital skills", "digital"],
    12: ["safety"],
    13: ["stability"],
    14: ["rights and responsibilities", "rights", "rights and responsibility", "foundation"],
}
_NAME_TO_DOMAIN = {name: n for n, names in _DOMAIN_NAMES.items() for name in names}


def recognise_domain(value: object) -> int | None:
    """A domain number from '7', '7.0', 'Domain 7', section '7.7' (the framework's 7.1-7.14) or a name."""
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
    return _NAME_TO_DOMAIN.get(text)


def recognise_availability(value: object) -> DataAvailability | None | str:
    """A DataAvailability, None for blank, or the original text when it is not one of the four."""
    text = " ".join(str(value or "").split())
    if not text or text.casefold() == "nan":
        return None
    for option in DataAvailability:
        if text.casefold() in (option.value.casefold(), option.value.casefold().replace(" ", "")):
            return option
    return text


def read_table(filename: str, data: bytes) -> pd.DataFrame:
    """The file's first sheet (or CSV) as text cells; refuses what is not a table it can read."""
    if len(data) > MAX_FILE_BYTES:
        raise ImportRefused(f"The file is larger than {MAX_FILE_BYTES // 1_000_000} MB.")
    try:
        if filename.lower().endswith(".xlsx"):
            try:
                with zipfile.ZipFile(io.BytesIO(data)) as archive:
                    if sum(i.file_size for i in archive.infolist()) > MAX_UNZIPPED_BYTES:
                        raise ImportRefused(
                            "The Excel file expands to far more data than a bank holds, so it was not opened."
                        )
            except zipfile.BadZipFile as exc:
                raise ImportRefused("The file is not an Excel (.xlsx) file, or it is damaged.") from exc
            frame = pd.read_excel(io.BytesIO(data), dtype=str, engine="openpyxl")
        elif filename.lower().endswith(".csv"):
            frame = pd.read_csv(io.BytesIO(data), dtype=str, encoding="utf-8-sig", keep_default_na=False)
        else:
            raise ImportRefused("Choose a .csv or .xlsx file.")
    except ImportRefused:
        raise
    except UnicodeDecodeError as exc:
        raise ImportRefused("The CSV file is not UTF-8 text. In Excel, save it as 'CSV UTF-8'.") from exc
    except Exception as exc:  # pandas/openpyxl raise many kinds for damaged files
        raise ImportRefused(f"The file could not be read as a table ({type(exc).__name__}).") from exc
    if frame.empty:
        raise ImportRefused("The file has no rows under its header.")
    if len(frame) > MAX_ROWS:
        raise ImportRefused(f"The file has {len(frame)} rows; the limit is {MAX_ROWS}.")
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame.fillna("")


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
    if not mapping.get("indicator") or not mapping.get("domain"):
        return ImportPreview([], ["Choose which column holds the indicator and which holds the domain."])
    indicators: dict[str, Indicator] = {}
    rejected = []
    for position, row in enumerate(frame.to_dict("records")):
        number = position + 2  # spreadsheet row, after the header
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
            source=source or f"Imported from {source_name}",
            data_availability=availability,
            link=link or None,
        )
    return ImportPreview(list(indicators.values()), rejected)


_LIST_IN_SCOPES = (
    select(
        BankIndicatorRow.id,
        BankIndicatorRow.domain,
        BankIndicatorRow.text,
        BankIndicatorRow.source,
        BankIndicatorRow.data_availability,
        BankIndicatorRow.link,
    )
    .where(BankIndicatorRow.scope.in_(bindparam("scopes", expanding=True)))
    .order_by(BankIndicatorRow.created_at)
)


class BankStore:
    """Imported indicators in the database, per installation or per workbook."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.reader = reader(engine)  # for transactions that write nothing

    def add(self, indicators: list[Indicator], scope: str) -> tuple[int, int]:
        """Store new indicators in one transaction; returns (added, already there)."""
        with Session(self.engine) as session, session.begin():
            existing = set(
                session.scalars(select(BankIndicatorRow.id).where(BankIndicatorRow.scope == scope))
            )
            new = [i for i in indicators if i.id not in existing]
            now = utcnow()
            session.add_all(
                BankIndicatorRow(
                    id=i.id,
                    scope=scope,
                    domain=i.domain,
                    text=i.text,
                    data_availability=i.data_availability.value if i.data_availability else None,
                    source=(i.source or "")[:300],
                    link=i.link,
                    created_at=now,
                )
                for i in new
            )
        return len(new), len(indicators) - len(new)

    def list(self, scopes: list[str]) -> list[Indicator]:
        # Core with a prepared statement: the bank page asks on every rerun (see WorkbookStore.get).
        with self.reader.begin() as connection:
            rows = connection.execute(_LIST_IN_SCOPES, {"scopes": scopes}).all()
        return [
            Indicator(
                id=r.id,
                domain=r.domain,
                text=r.text,
                provenance=Provenance.IMPORTED,
                source=r.source,
                data_availability=DataAvailability(r.data_availability) if r.data_availability else None,
                link=r.link,
            )
            for r in rows
        ]
