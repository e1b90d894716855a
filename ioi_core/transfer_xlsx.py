"""Excel export (one sheet per exercise, a cover sheet, the indicators) and import of such a file.

Every text cell is written as text, never a formula, whatever it starts with. The complete workbook
also travels as JSON in a hidden sheet, so an exported file imports back without loss.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Sequence

from openpyxl import Workbook as XlsxBook
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ioi_core.content import ContentPack
from ioi_core.exercises import indicator_text
from ioi_core.principles import check_principles
from ioi_core.progress import progress
from ioi_core.transfer_json import APP_VERSION, ImportRefused, export_json, import_json
from ioi_core.workbook import Workbook

DATA_SHEET = "_workbook_json"
CHUNK = 30_000  # Excel cells hold at most 32,767 characters
MAX_XLSX_BYTES = 5_000_000
MAX_UNZIPPED_BYTES = 50_000_000  # a zip bomb expands far beyond this; refuse before parsing
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = Font(bold=True, color="FFFFFF")
WRAPPED_TOP = Alignment(wrap_text=True, vertical="top")  # one shared style object, not one per cell


def _write(cell, value) -> None:  # type: ignore[no-untyped-def]
    if isinstance(value, str):
        # Excel cannot store control characters; the hidden JSON sheet keeps the exact text.
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell.value = value
    if isinstance(value, str):
        # Assign first, then force text: openpyxl treats a leading "=" as a formula otherwise.
        cell.data_type = "s"
        if value[:1] in ("=", "+", "-", "@"):
            cell.quotePrefix = True
        cell.alignment = WRAPPED_TOP


def _sheet(
    book: XlsxBook,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    widths: Sequence[int],
) -> Worksheet:
    sheet = book.create_sheet(title)
    for col, header in enumerate(headers, 1):
        cell = sheet.cell(row=1, column=col)
        _write(cell, header)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    for r, row in enumerate(rows, 2):
        for c, value in enumerate(row, 1):
            _write(sheet.cell(row=r, column=c), value)
    for col, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.freeze_panes = "A2"
    return sheet


def export_xlsx(pack: ContentPack, workbook: Workbook) -> bytes:
    book = XlsxBook()
    book.remove(book.active)
    meta = workbook.meta
    domain = lambda n: f"{n}. {pack.domain(n).name}" if n else ""  # noqa: E731
    ind = lambda ref: indicator_text(pack, workbook, ref)  # noqa: E731

    _sheet(
        book,
        "Cover",
        ["Field", "Value"],
        [
            ("Title", meta.title),
            ("Organisation", meta.organisation),
            ("Nation or region", meta.nation or ""),
            ("Created", meta.created.strftime("%Y-%m-%d %H:%M UTC")),
            ("Last updated", meta.updated.strftime("%Y-%m-%d %H:%M UTC")),
            ("Exported by", f"IOI Workbook {APP_VERSION}"),
            (
                "Source",
                "Exercises from the IOM Guide for Practitioners on the Home Office Indicators of Integration Framework 2019 (© IOM 2020).",
            ),
            *[(s.name, f"{s.status.value} ({s.answered} of {s.total})") for s in progress(workbook)],
        ],
        [28, 90],
    )

    e1 = workbook.exercise1
    _sheet(
        book,
        "Exercise 1",
        ["Question", "Answer", "Why"],
        [
            (
                "Intervention",
                {"friendship_club": "The guide's Friendship Club", "own": "Own intervention", None: ""}[
                    e1.intervention
                ],
                e1.intervention_description,
            ),
            ("Facilitators domain", domain(e1.facilitator), e1.facilitator_why),
            ("Social Connections domain", domain(e1.social_connection), e1.social_connection_why),
            ("Markers and Means domain", domain(e1.markers_and_means), e1.markers_and_means_why),
            *[("Rights and Responsibilities indicator", ind(r), "") for r in e1.rights_indicators],
            ("Own rights indicator", e1.rights_custom, ""),
        ],
        [30, 60, 60],
    )

    p1, p2 = workbook.exercise2.part1, workbook.exercise2.part2
    q1 = {q.id: q.text for q in pack.exercise2.part1.questions}
    q2 = {q.id: q.text for q in pack.exercise2.part2.questions}
    _sheet(
        book,
        "Exercise 2",
        ["Part", "Question", "Answer"],
        [
            ("Part 1", "Programme activities", p1.table.activities),
            ("Part 1", "Outputs", p1.table.outputs),
            ("Part 1", "Intermediate outcomes", p1.table.intermediate_outcomes),
            ("Part 1", "Goal", p1.table.goal),
            ("Part 1", q1.get("problem", "Problem"), p1.problem),
            ("Part 1", q1.get("domain", "Domain"), domain(p1.domain)),
            ("Part 1", q1.get("initiative", "Initiative"), p1.initiative),
            ("Part 1", q1.get("outputs", "Outputs"), "\n".join(x for x in (p1.output_1, p1.output_2) if x)),
            ("Part 1", q1.get("outcome", "Outcome"), p1.outcome),
            ("Part 1", q1.get("indicator", "Indicator"), ind(p1.indicator)),
            ("Part 1", "Why this indicator", p1.indicator_why),
            ("Part 1", q1.get("long_term", "Long term"), p1.long_term),
            ("Part 2", "Goal", p2.table.goal),
            ("Part 2", "Intermediate outcomes", p2.table.intermediate_outcomes),
            ("Part 2", "Outputs", p2.table.outputs),
            ("Part 2", "Inputs / activities", p2.table.activities),
            ("Part 2", q2.get("long_term", "Long term"), p2.long_term),
            (
                "Part 2",
                q2.get("domain_still_relevant", "Domain still relevant?"),
                {True: "Yes", False: f"No — now {domain(p2.domain)}", None: ""}[p2.domain_still_relevant],
            ),
            ("Part 2", q2.get("outcome", "Outcome"), p2.outcome),
            ("Part 2", q2.get("indicator", "Indicator"), ind(p2.indicator)),
            ("Part 2", "Why this indicator", p2.indicator_why),
            ("Part 2", q2.get("outputs", "Outputs"), "\n".join(x for x in (p2.output_1, p2.output_2) if x)),
            ("Part 2", q2.get("initiative", "Initiative"), p2.initiative),
            ("Part 2", q2.get("differs", "How it differs"), p2.differs),
        ],
        [10, 60, 70],
    )

    toc = workbook.theory_of_change
    _sheet(
        book,
        "Theory of Change",
        ["Step", "Answer"],
        [
            ("Intervention", toc.intervention),
            ("1 Assumptions", toc.assumptions),
            ("2 Evidence: kind", toc.evidence_kind),
            ("2 Evidence: source", toc.evidence_source),
            ("2 Evidence: does it support the assumption?", toc.evidence_supports),
            ("3 Stakeholder commitment", toc.stakeholder_commitment),
            *[
                (
                    f"4 Target: {ind(t.indicator)}",
                    f"Baseline {t.baseline or '—'}; target {t.target or '—'}; activity: {t.activity or '—'}",
                )
                for t in toc.targets
            ],
            ("5 Staying on track", toc.staying_on_track),
            ("6 Evaluation: when", toc.evaluation_when),
            ("6 Evaluation: how often", toc.evaluation_frequency),
            ("Chain: activities", toc.chain.activities),
            ("Chain: outputs", toc.chain.outputs),
            ("Chain: intermediate outcomes", toc.chain.intermediate_outcomes),
            ("Chain: goal", toc.chain.goal),
        ],
        [45, 90],
    )

    labels = pack.stakeholders.group_labels
    _sheet(
        book,
        "Stakeholders",
        ["Name", "Group", "Role", "Influence", "Interest", "Design", "Delivery", "Evaluation", "Notes"],
        [
            (
                s.name,
                labels[s.group],
                s.role,
                s.influence.value,
                s.interest.value,
                "Yes" if s.at_design else "No",
                "Yes" if s.at_delivery else "No",
                "Yes" if s.at_evaluation else "No",
                s.notes,
            )
            for s in workbook.stakeholders.rows
        ],
        [28, 22, 28, 11, 11, 9, 9, 11, 40],
    )

    _sheet(
        book,
        "Barriers",
        ["Area", "Your challenges", "Your plan", "Priority"],
        [
            (
                a.name,
                workbook.barriers[a.id].challenges,
                workbook.barriers[a.id].plan,
                (workbook.barriers[a.id].priority or "").__str__(),
            )
            for a in pack.barriers.areas
            if a.id in workbook.barriers
        ],
        [34, 55, 55, 10],
    )

    _sheet(
        book,
        "Evaluation",
        [
            "Outcome",
            "Indicators",
            "Methods",
            "Samples",
            "Frequency",
            "Analysis",
            "Responsible",
            "Baseline",
            "Target",
        ],
        [
            (
                r.outcome,
                "\n".join(ind(x) for x in r.indicators),
                "\n".join(r.methods),
                "\n".join(r.samples),
                r.frequency,
                r.analysis,
                r.responsible,
                r.baseline,
                r.target,
            )
            for r in workbook.evaluation
        ],
        [40, 50, 30, 25, 15, 40, 20, 10, 10],
    )
    _sheet(
        book,
        "Readings",
        ["Outcome", "Group", "When", "Value"],
        [(r.outcome, x.group, x.when, x.value) for r in workbook.evaluation for x in r.readings],
        [40, 25, 15, 10],
    )

    indicator_rows = []
    copies = {c.id: c for c in workbook.imported_indicators}
    for ref in workbook.shortlist:
        i = pack.indicators_by_id.get(ref)
        if ref in copies:
            c = copies[ref]
            indicator_rows.append(
                (c.text, domain(c.domain), "imported", c.data_availability or "Not known", c.source)
            )
        if i:
            indicator_rows.append(
                (
                    i.text,
                    domain(i.domain),
                    i.provenance.value,
                    i.data_availability.value if i.data_availability else "Not known",
                    i.source or "",
                )
            )
    for c in workbook.custom_indicators:
        indicator_rows.append((c.text, domain(c.domain), "custom", "Not known", "Your workbook"))
    _sheet(
        book,
        "Indicators",
        ["Indicator", "Domain", "Provenance", "Data availability", "Source"],
        indicator_rows,
        [70, 28, 12, 18, 40],
    )

    _sheet(
        book,
        "Principles check",
        ["Finding", "Detail", "The guide's reason", "Where to fix"],
        [
            (f.title, f.message, f"{f.guide_reason.text} ({f.guide_reason.source})", f.fix_hint)
            for f in check_principles(pack, workbook)
        ],
        [35, 50, 70, 45],
    )

    data = book.create_sheet(DATA_SHEET)
    payload = export_json(workbook).decode("utf-8")
    for i in range(0, len(payload), CHUNK):
        _write(data.cell(row=i // CHUNK + 1, column=1), payload[i : i + CHUNK])
    data.sheet_state = "hidden"

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def import_xlsx(data: bytes) -> Workbook:
    """A workbook from an .xlsx exported by this app; anything else is refused with a reason."""
    if len(data) > MAX_XLSX_BYTES:
        raise ImportRefused(
            f"The file is {len(data) // 1000} kB; the limit for an Excel workbook is {MAX_XLSX_BYTES // 1_000_000} MB."
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
            if unzipped > MAX_UNZIPPED_BYTES:
                raise ImportRefused(
                    "The Excel file expands to far more data than a workbook holds, so it was not opened."
                )
            if "xl/workbook.xml" not in archive.namelist():
                raise ImportRefused("The file is a zip archive but not an Excel (.xlsx) workbook.")
    except zipfile.BadZipFile as exc:
        raise ImportRefused("The file is not an Excel (.xlsx) file, or it is damaged or cut short.") from exc
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        raise ImportRefused("The Excel file could not be read; it may be damaged.") from exc
    try:
        if DATA_SHEET not in book.sheetnames:
            raise ImportRefused(
                "This Excel file was not exported by IOI Workbook (or its hidden data sheet was removed or "
                "renamed), so it cannot be imported. Import the .json export instead, or export again."
            )
        chunks = [row[0] for row in book[DATA_SHEET].iter_rows(min_col=1, max_col=1, values_only=True)]
    finally:
        book.close()
    payload = "".join(c for c in chunks if isinstance(c, str))
    return import_json(payload.encode("utf-8"))
