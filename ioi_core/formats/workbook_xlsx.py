"""Excel export (one sheet per exercise, a cover sheet, the indicators) and import of such a file.

The exercise sheets hold every answer of the catalogue of questions (ioi_core/model/questions.py), under the
same labels as the printable report, in the guide's order.

Every text cell is written as text, never a formula, whatever it starts with. The complete workbook
also travels as JSON in a hidden sheet, so an exported file imports back without loss.
"""

from __future__ import annotations

import io
import textwrap
import zipfile
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import IO, Any

from openpyxl import Workbook as XlsxBook
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import ValidationError

from ioi_core.checks.content_pack import get_content
from ioi_core.checks.principles import check_principles
from ioi_core.checks.progress import progress
from ioi_core.content.models import Provenance
from ioi_core.content.pack import ContentPack
from ioi_core.formats.refusals import ImportRefused
from ioi_core.formats.workbook_json import (
    APP_VERSION,
    MAX_BYTES,
    export_json,
    import_json,
    read_limited,
    too_large,
)
from ioi_core.model.exercises import provenance_label, resolve_indicator
from ioi_core.model.paths import read_path
from ioi_core.model.questions import Answer, answer_text, answers, catalogue, exercises_of
from ioi_core.model.workbook import Workbook

DATA_SHEET = "_workbook_json"
CHUNK = 30_000  # Excel cells hold at most 32,767 characters
MAX_XLSX_BYTES = 5_000_000
MAX_UNZIPPED_BYTES = 50_000_000  # a zip bomb expands far beyond this; refuse before parsing
# The hidden sheet holds the JSON in cells of CHUNK characters, one per row: a JSON export of at most
# MAX_BYTES needs no more rows than this, so reading stops there whatever the sheet claims.
MAX_DATA_ROWS = MAX_BYTES // CHUNK + 2
DAMAGED = (
    "The Excel file is damaged (its hidden data sheet could not be read to the end), so nothing was "
    "imported. Export it again from IOI Workbook, or import the .json export instead."
)
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


LINE_POINTS = 14.0  # one line of 11-point Calibri (Excel gives 15 to a single-line row)
MAX_ROW_POINTS = 409.0  # Excel's tallest row
PRINTABLE_WIDTH = 150  # characters across a landscape A4 page at 100%


def _lines(text: str, width: int) -> int:
    """How many lines `text` wraps to in a column `width` characters wide (erring on more)."""
    per_line = max(4, int(width * 1.1))
    return sum(max(1, len(textwrap.wrap(p, per_line))) for p in text.split("\n"))


def _fit_rows(sheet: Worksheet, widths: Sequence[int], rows: int) -> None:
    """Give every row the height its wrapped text needs: LibreOffice and Excel print the stored
    height, so a row left at the default overprints the next one."""
    for r in range(1, rows + 1):
        lines = 1
        for c, width in enumerate(widths, 1):
            value = sheet.cell(row=r, column=c).value
            if isinstance(value, str) and value:
                lines = max(lines, _lines(value, width))
        sheet.row_dimensions[r].height = min(MAX_ROW_POINTS, lines * LINE_POINTS + 4)


def _print_setup(sheet: Worksheet, widths: Sequence[int]) -> None:
    """A4, as wide as one page (landscape when the columns need it), the header row on every page."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if sum(widths) > 95 else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as it takes
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.print_options.gridLines = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.7
    sheet.page_margins.footer = 0.3
    sheet.oddFooter.center.text = "&A — page &P of &N"


def _sheet(
    book: XlsxBook,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    widths: Sequence[int],
    *,
    break_on: int | None = None,
    paths: Sequence[str | None] | None = None,
) -> Worksheet:
    """A sheet that prints: every row tall enough for its text, and a new page where the value in
    column `break_on` (the section) changes. With `paths`, a hidden last column holds each row's
    answer path, so an answer edited in Excel is found again on import."""
    sheet = book.create_sheet(title)
    if paths is not None:
        rows = list(rows)
        padded = [*paths, *[None] * (len(rows) - len(paths))]  # rows after the answers hold none
        rows = [(*row, path) for row, path in zip(rows, padded, strict=True)]
        path_column = len(headers) + 1
        _write(sheet.cell(row=1, column=path_column), PATH_HEADER)
        sheet.column_dimensions[get_column_letter(path_column)].hidden = True
    for col, header in enumerate(headers, 1):
        cell = sheet.cell(row=1, column=col)
        _write(cell, header)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    last = 1
    previous: object = None
    for r, row in enumerate(rows, 2):
        if break_on is not None:
            if r > 2 and row[break_on] != previous:
                sheet.row_breaks.append(Break(id=r - 1))
            previous = row[break_on]
        for c, value in enumerate(row, 1):
            _write(sheet.cell(row=r, column=c), value)
        last = r
    for col, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.freeze_panes = "A2"
    _fit_rows(sheet, widths, last)
    _print_setup(sheet, widths)
    return sheet


ANSWER_HEADERS = ("Section", "Step", "Item", "Question", "Answer")
PATH_HEADER = "Answer path (IOI Workbook reads it on import)"
MAX_VISIBLE_ROWS = 20_000  # an export's answer sheet has far fewer; reading stops there
ANSWER_WIDTHS = (22, 18, 14, 40, 56)  # 150: one landscape A4 page at about 100%


def export_xlsx(pack: ContentPack, workbook: Workbook) -> bytes:
    """Cover, one sheet per exercise holding every answer under the catalogue's label (in the guide's
    order), the indicators with their provenance, the principles check, and the hidden JSON."""
    book = XlsxBook()
    book.remove(book.active)
    meta = workbook.meta
    domain = lambda n: f"{n}. {pack.domain(n).name}" if n else ""  # noqa: E731
    cat = catalogue()
    by_exercise = exercises_of(list(answers(workbook, pack, cat)), cat)
    text = lambda a: answer_text(a, pack, workbook, cat)  # noqa: E731

    details = next((found for e, _, found in by_exercise if e == "details"), [])
    _sheet(
        book,
        "Cover",
        ["Field", "Value"],
        [
            *[(a.question.label, text(a)) for a in details],
            ("Created", meta.created.strftime("%Y-%m-%d %H:%M UTC")),
            ("Last updated", meta.updated.strftime("%Y-%m-%d %H:%M UTC")),
            ("Exported by", f"IOI Workbook {APP_VERSION}"),
            (
                "Editing in Excel",
                "Change a written answer in its Answer cell and import the file into IOI Workbook: the import "
                "lists every answer you changed and keeps your version. Choices (domains, indicators, options) "
                "are changed in the app.",
            ),
            (
                "Source",
                "Exercises from the IOM Guide for Practitioners on the Home Office Indicators of Integration Framework 2019 (© IOM 2020).",
            ),
            *[(s.name, f"{s.status.value} ({s.answered} of {s.total})") for s in progress(workbook, pack)],
            ("Evaluation plan fields", pack.evaluation.annex1_reconstruction),  # not the guide's template
        ],
        [26, 64],
        paths=[a.path for a in details],
    )
    titles = {s.id: s.title for s in cat.sections}
    found_by_exercise = {e: found for e, _, found in by_exercise}
    for exercise, title in cat.exercises.items():  # every exercise's sheet, even before any answer
        if exercise == "details":
            continue
        found = found_by_exercise.get(exercise, [])
        _sheet(
            book,
            title,
            ANSWER_HEADERS,
            [
                (titles[a.question.section], a.question.step_title, a.item, a.question.label, text(a))
                for a in found
            ],
            ANSWER_WIDTHS,
            break_on=0,
            paths=[a.path for a in found],
        )
    _sheet(
        book,
        "Readings",
        ["Outcome", "Group", "When", "Value"],
        [(r.outcome, x.group, x.when, x.value) for r in workbook.evaluation for x in r.readings],
        [40, 25, 15, 10],
    )

    indicator_rows = []
    for ref in dict.fromkeys([*workbook.shortlist, *(c.id for c in workbook.custom_indicators)]):
        found = resolve_indicator(pack, workbook, ref)
        if found is None:
            continue
        indicator_rows.append(
            (
                found.text,
                domain(found.domain),
                provenance_label(pack, found),
                found.data_availability.value if found.data_availability else "Not known",
                found.source or ("Your workbook" if found.provenance == Provenance.CUSTOM else ""),
            )
        )
    _sheet(
        book,
        "Indicators",
        ["Indicator", "Domain", "Where it comes from", "Data availability", "Source"],
        indicator_rows,
        [56, 26, 30, 16, 40],
    )

    _sheet(
        book,
        "Principles check",
        ["Finding", "Detail", "The guide's reason", "Where to fix"],
        [
            (f.title, f.message, f"{f.guide_reason.text} ({f.guide_reason.source})", f.fix_hint)
            for f in check_principles(pack, workbook)
        ],
        [28, 40, 52, 30],
    )

    data = book.create_sheet(DATA_SHEET)
    payload = export_json(workbook).decode("utf-8")
    for i in range(0, len(payload), CHUNK):
        _write(data.cell(row=i // CHUNK + 1, column=1), payload[i : i + CHUNK])
    data.sheet_state = "hidden"

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _data_sheet_text(book) -> str:  # type: ignore[no-untyped-def]
    """The JSON held in the hidden sheet, read row by row and stopped at the limits (rows and size)."""
    chunks: list[str] = []
    size = 0
    rows = book[DATA_SHEET].iter_rows(min_col=1, max_col=1, values_only=True)
    for count, row in enumerate(rows, 1):
        if count > MAX_DATA_ROWS:
            raise ImportRefused(
                f"The Excel file's hidden data sheet has more than {MAX_DATA_ROWS} rows; an IOI Workbook "
                f"export has at most {MAX_DATA_ROWS}, so it was not read further and nothing was imported."
            )
        value = row[0] if row else None
        if value is not None and not isinstance(value, str):
            raise ImportRefused(
                f"The Excel file's hidden data sheet holds "
                f"{'a number' if isinstance(value, int | float) else 'something other than text'} in row "
                f"{count} where an IOI Workbook export holds text, so it was changed after export; nothing "
                "was imported."
            )
        if isinstance(value, str):
            size += len(value)
            if size > MAX_BYTES:
                raise ImportRefused(
                    f"The workbook in the Excel file is larger than {MAX_BYTES / 1_000_000:g} MB, the limit "
                    "for a workbook, so it was not read further and nothing was imported."
                )
            chunks.append(value)
    if not chunks:
        raise ImportRefused("The Excel file's hidden data sheet is empty, so it holds no workbook to import.")
    return "".join(chunks)


@dataclass(frozen=True)
class ExcelEdit:
    """An answer whose visible cell in the Excel file differs from the workbook in its data sheet."""

    path: str
    label: str
    was: str
    now: str
    applied: bool
    reason: str = ""  # why it could not be imported, when not applied
    original: Any = None  # the answer as the data sheet holds it, for keeping it instead


@dataclass(frozen=True)
class Imported:
    workbook: Workbook
    edits: tuple[ExcelEdit, ...] = ()

    @property
    def applied(self) -> list[ExcelEdit]:
        return [e for e in self.edits if e.applied]

    @property
    def not_applied(self) -> list[ExcelEdit]:
        return [e for e in self.edits if not e.applied]

    def keeping(self, excel_paths: Collection[str]) -> Workbook:
        """The workbook with Excel's version of the answers at `excel_paths`, and the data sheet's
        (as exported) for every other edited answer: the person chooses which to keep."""
        workbook = self.workbook.model_copy(deep=True)
        for edit in self.applied:
            if edit.path not in excel_paths:
                parts = edit.path.split(".")
                setattr(read_path(workbook, parts[:-1]), parts[-1], edit.original)
        return workbook


def _cell_text(value: object) -> str:
    """A visible cell as text: a number typed over an answer reads as it shows (5, not 5.0)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return f"{value:g}"
    return str(value)


def _same_text(a: str, b: str) -> bool:
    """Equal but for spacing: a cell's line endings and spaces may change on their way through Excel."""
    return a.split() == b.split()


def _visible_answers(book) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(path, visible answer text) of every row of the answer sheets that carries a path."""
    found: list[tuple[str, str]] = []
    for name in book.sheetnames:
        if name == DATA_SHEET:
            continue
        rows = book[name].iter_rows(values_only=True)
        header = next(rows, None)
        if not header or PATH_HEADER not in header:
            continue
        path_col = header.index(PATH_HEADER)
        answer_col = path_col - 1
        for count, row in enumerate(rows, 1):
            if count > MAX_VISIBLE_ROWS:
                break
            if len(row) <= path_col or not isinstance(row[path_col], str):
                continue
            found.append((row[path_col], _cell_text(row[answer_col])))
    return found


def _apply_edit(workbook: Workbook, path: str, text: str) -> str:
    """Put the visible text into the workbook; '' when done, else why it could not be."""
    q = catalogue().question(path)
    parts = path.split(".")
    parent = read_path(workbook, parts[:-1])
    if parent is None or isinstance(parent, dict | list):
        return "only answers already in the workbook can be changed in Excel"
    if q.kind in ("text", "long_text"):
        value: object = text
    elif q.kind == "number":
        try:
            value = float(text) if text.strip() else None
        except ValueError:
            return "it is not a number"
    else:
        return "a choice, domain or indicator can only be changed in the app"
    try:
        setattr(parent, parts[-1], value)
    except ValidationError as exc:
        error = exc.errors()[0]
        if error["type"] == "string_too_long":
            return f"it is longer than the limit of {error.get('ctx', {}).get('max_length')} characters"
        return f"it could not be read ({error['msg']})"
    return ""


def _visible_edits(book, workbook: Workbook) -> tuple[ExcelEdit, ...]:  # type: ignore[no-untyped-def]
    """Answers changed in the visible sheets, applied to `workbook` where they can be (the visible
    one wins), each listed with what it was and what it is now."""
    pack = get_content()
    cat = catalogue()
    edits: list[ExcelEdit] = []
    seen: set[str] = set()
    for path, visible in _visible_answers(book):
        if path in seen:
            continue
        seen.add(path)
        try:
            q = cat.question(path)
            value = read_path(workbook, path.split("."))
        except (KeyError, ValueError, AttributeError, IndexError):
            continue  # a path that is no answer of this workbook: ignored
        was = ILLEGAL_CHARACTERS_RE.sub("", answer_text(Answer(q, path, value), pack, workbook, cat))
        if _same_text(was, visible):
            continue
        reason = _apply_edit(workbook, path, visible)
        edits.append(ExcelEdit(path, q.label, was, visible, not reason, reason, original=value))
    return tuple(edits)


def read_xlsx(data: bytes) -> Imported:
    """A workbook from an .xlsx exported by this app, with the answers edited in its visible sheets
    (the visible answer wins, and each is listed); anything else is refused with a reason.

    openpyxl in read-only mode parses a sheet only while its rows are iterated, so a damaged sheet
    (cut short, a shared-string index out of range, bad XML) fails there, not in `load_workbook`:
    both are guarded, and reading stops at the row and size limits."""
    if len(data) > MAX_XLSX_BYTES:
        raise too_large(len(data), MAX_XLSX_BYTES, "an Excel workbook")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
            if unzipped > MAX_UNZIPPED_BYTES:
                raise ImportRefused(
                    "The Excel file expands to far more data than a workbook holds, so it was not opened."
                )
            if "xl/workbook.xml" not in archive.namelist():
                raise ImportRefused("The file is a zip archive but not an Excel (.xlsx) workbook.")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, ValueError) as exc:
        raise ImportRefused("The file is not an Excel (.xlsx) file, or it is damaged or cut short.") from exc
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for damaged files
        raise ImportRefused("The Excel file could not be read; it may be damaged.") from exc
    try:
        if DATA_SHEET not in book.sheetnames:
            raise ImportRefused(
                "This Excel file was not exported by IOI Workbook (or its hidden data sheet was removed or "
                "renamed), so it cannot be imported. Import the .json export instead, or export again."
            )
        workbook = import_json(_data_sheet_text(book).encode("utf-8"))
        edits = _visible_edits(book, workbook)
    except ImportRefused:
        raise
    except Exception as exc:  # noqa: BLE001 - damage surfaces lazily, as any kind of error
        raise ImportRefused(DAMAGED) from exc
    finally:
        try:
            book.close()
        except Exception:  # noqa: BLE001, S110 - closing a damaged archive must not hide the message
            pass
    return Imported(workbook, edits)


def import_xlsx(data: bytes) -> Workbook:
    """The workbook of an .xlsx export, with the answers edited in its visible sheets."""
    return read_xlsx(data).workbook


def read_file(name: str, source: bytes | IO[bytes]) -> Imported:
    """A workbook from a .json or .xlsx export (by its name), given as bytes or an open file/upload,
    with the answers edited in Excel's visible sheets listed.

    A file's size is checked before it is read, and no more than the limit + 1 bytes are read."""
    is_xlsx = name.lower().endswith(".xlsx")
    limit, what = (MAX_XLSX_BYTES, "an Excel workbook") if is_xlsx else (MAX_BYTES, "a workbook")
    if isinstance(source, bytes | bytearray):
        if len(source) > limit:
            raise too_large(len(source), limit, what)
        data = bytes(source)
    else:
        data = read_limited(source, limit, what)
    return read_xlsx(data) if is_xlsx else Imported(import_json(data))


def import_file(name: str, source: bytes | IO[bytes]) -> Workbook:
    """A workbook from a .json or .xlsx export (edits made in Excel's visible sheets included)."""
    return read_file(name, source).workbook
