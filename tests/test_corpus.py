"""Every file in tests/corpus, on SQLite and PostgreSQL: good ones import and then export and back up
cleanly; hostile or broken ones are refused with one clear message, no traceback, nothing written,
in bounded time and memory.

The hostile files derived from good.json / good.xlsx are written by `python -m tests.corpus_make`.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ioi_core.cli.commands import main
from ioi_core.formats.workbook_json import MAX_BYTES, ImportRefused, import_json
from ioi_core.formats.workbook_xlsx import MAX_XLSX_BYTES, import_file, import_xlsx
from ioi_core.model.workbook import Workbook, WorkbookMeta
from ioi_core.store.db import WorkbookRow
from ioi_core.store.workbooks import WorkbookStore

CORPUS = Path(__file__).parent / "corpus"
ROOT = Path(__file__).resolve().parents[1]
SECONDS = 5.0  # each refusal, database included
PEAK_BYTES = 100_000_000  # Python allocations while one file is imported

ACCEPTED = {"good.json", "good.xlsx", "good-tab-newline-cr.json"}
NOT_EXCEL = "not an Excel"
DAMAGED = "The Excel file is damaged"
CONTROL = "contains a control character ({}) that cannot be stored"
NOT_A_NUMBER = "which is not a number a workbook can hold"
INFINITE = "too large to be held (it would be infinity)"

REFUSED = {
    # broken or foreign files
    "not-an-xlsx.xlsx": NOT_EXCEL,
    "truncated.xlsx": NOT_EXCEL,
    "zip-bomb.xlsx": "expands to far more data",
    "missing-data-sheet.xlsx": "not exported by IOI Workbook",
    "renamed-data-sheet.xlsx": "not exported by IOI Workbook",
    "invalid.json": "not valid JSON",
    "wrong-shape.json": "meta.title: Input should be a valid string",
    "future-version.json": "newer version of IOI Workbook",
    "deeply-nested.json": "nested too deeply",
    "bad-utf8.json": "not UTF-8",
    "not-a-workbook.json": "not an IOI Workbook export",
    # numbers that are not numbers
    "nan.json": f"the number NaN, {NOT_A_NUMBER}",
    "infinity.json": f"the number Infinity, {NOT_A_NUMBER}",
    "minus-infinity.json": f"the number -Infinity, {NOT_A_NUMBER}",
    "1e999.json": f"the number 1e999, {INFINITE}",
    "minus-1e999.json": f"the number -1e999, {INFINITE}",
    "huge-integer.json": "a number 5,000 characters long",
    # the same key twice
    "duplicate-keys.json": "the key 'title' twice in the same object",
    "duplicate-keys-top.json": "the key 'schema_version' twice in the same object",
    # control characters and text that cannot be stored
    "nul-in-title.json": "meta.title: " + CONTROL.format("U+0000"),
    "raw-nul-in-title.json": "Invalid control character",
    "control-char-escape.json": "meta.organisation: " + CONTROL.format("U+001B"),
    "control-char-bell-in-key.json": "barriers.area<U+0007> (the name of an entry): "
    + CONTROL.format("U+0007"),
    "control-char-c1.json": "meta.organisation: " + CONTROL.format("U+0085"),
    "control-char-del.json": "meta.organisation: " + CONTROL.format("U+007F"),
    "lone-surrogate.json": "meta.organisation: Input should be a valid string, unable to parse",
    # too big: refused from the size alone
    "huge.json": "the limit for a workbook is 2 MB (2,000,000 bytes)",
    "huge.xlsx": "the limit for an Excel workbook is 5 MB (5,000,000 bytes)",
    # damaged Excel files: damage found while the rows are read
    "xlsx-truncated-sheet-xml.xlsx": DAMAGED,
    "xlsx-shared-string-out-of-range.xlsx": DAMAGED,
    "xlsx-bad-xml-in-sheet.xlsx": DAMAGED,
    "xlsx-entity-bomb.xlsx": DAMAGED,
    "xlsx-damaged-workbook-xml.xlsx": "could not be read; it may be damaged",
    "xlsx-number-in-data-sheet.xlsx": "hidden data sheet holds a number in row 1",
    # limits enforced while streaming
    "xlsx-too-many-rows.xlsx": "hidden data sheet has more than 68 rows",
    "xlsx-row-far-down.xlsx": "hidden data sheet has more than 68 rows",
    "xlsx-too-much-text.xlsx": "larger than 2 MB, the limit for a workbook",
    # the hidden JSON goes through the same checks as a .json file
    "xlsx-nan-in-json.xlsx": f"the number NaN, {NOT_A_NUMBER}",
    "xlsx-nul-in-json.xlsx": "meta.title: " + CONTROL.format("U+0000"),
}


def load(path: Path):
    data = path.read_bytes()
    return import_xlsx(data) if path.suffix == ".xlsx" else import_json(data)


def count(store: WorkbookStore) -> int:
    with store.engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(WorkbookRow))


def cli(monkeypatch, capsys, store: WorkbookStore, *args: str) -> tuple[int, str, str]:
    """`python -m ioi_core ARGS` in this process, on the test's database."""
    monkeypatch.setenv("IOI_DATABASE_URL", store.engine.url.render_as_string(hide_password=False))
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_every_corpus_file_has_an_expectation() -> None:
    names = {p.name for p in CORPUS.iterdir()}
    assert names == set(REFUSED) | ACCEPTED


@pytest.mark.parametrize("name", ["good.json", "good.xlsx"])
def test_good_files_import_with_text_kept_as_text(name: str) -> None:
    workbook = load(CORPUS / name)
    assert workbook.meta.title == "Corpus <script>alert(1)</script>"
    assert workbook.exercise2.part1.problem.startswith("=HYPERLINK(")


def test_tab_newline_and_carriage_return_are_kept() -> None:
    workbook = load(CORPUS / "good-tab-newline-cr.json")
    assert workbook.meta.organisation == "Line one\nLine two\tafter a tab\r\nand CR LF"


@pytest.mark.parametrize("name,message", sorted(REFUSED.items()))
def test_bad_files_are_refused_and_change_nothing(
    name: str, message: str, store: WorkbookStore, monkeypatch, capsys
) -> None:
    store.create(Workbook(meta=WorkbookMeta(title="Already here")))
    before = count(store)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        code, out, err = cli(monkeypatch, capsys, store, "workbook", "import", str(CORPUS / name))
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert code == 1 and out == ""
    assert err.startswith("Nothing was imported. ") and err.count("\n") == 1, err  # one message
    assert message in err, err
    assert "Traceback" not in err and "Error" not in err
    assert count(store) == before
    assert seconds < SECONDS, f"{name}: {seconds:.2f} s"
    assert peak < PEAK_BYTES, f"{name}: {peak / 1e6:.0f} MB"


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_the_library_refuses_with_import_refused(name: str) -> None:
    """The same refusal for the app's upload (bytes) and for an open file."""
    with pytest.raises(ImportRefused) as from_bytes:
        import_file(name, (CORPUS / name).read_bytes())
    with (CORPUS / name).open("rb") as handle, pytest.raises(ImportRefused) as from_file:
        import_file(name, handle)
    assert str(from_bytes.value) == str(from_file.value)


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_accepted_files_then_export_and_back_up_cleanly(
    name: str, store: WorkbookStore, monkeypatch, capsys, tmp_path
) -> None:
    code, out, err = cli(monkeypatch, capsys, store, "workbook", "import", str(CORPUS / name))
    assert code == 0, err
    key = out.strip()
    imported = store.get(key).workbook
    for fmt in ("json", "xlsx", "html"):
        target = tmp_path / f"out.{fmt}"
        code, _, err = cli(
            monkeypatch, capsys, store, "workbook", "export", key, "--format", fmt, "--output", str(target)
        )
        assert code == 0 and err == "", err
        if fmt != "html":
            assert import_file(target.name, target.read_bytes()) == imported  # the export imports back
    code, out, err = cli(monkeypatch, capsys, store, "backup", "--output", str(tmp_path / "all.json"))
    assert code == 0 and err == "", err
    backup = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))
    assert [w["workbook"]["meta"]["title"] for w in backup["workbooks"]] == [imported.meta.title]
    assert import_json(json.dumps(backup["workbooks"][0]).encode()) == imported  # each entry is an export


@pytest.mark.parametrize("name", ["nan.json", "xlsx-shared-string-out-of-range.xlsx", "huge.xlsx"])
def test_the_command_line_prints_no_traceback(name: str, tmp_path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ioi_core", "workbook", "import", str(CORPUS / name)],
        cwd=ROOT,
        env={"IOI_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("Nothing was imported.") and "Traceback" not in result.stderr


class Counting(io.RawIOBase):
    """A stream of `size` bytes (or endless) that counts what was read from it."""

    def __init__(self, size: int | None, seekable: bool) -> None:
        self.size, self.position, self.read_bytes, self._seekable = size, 0, 0, seekable

    def seekable(self) -> bool:
        return self._seekable

    def tell(self) -> int:
        return self.position

    def seek(self, offset: int, whence: int = 0) -> int:
        if not self._seekable:
            raise io.UnsupportedOperation("seek")
        self.position = {0: offset, 1: self.position + offset, 2: (self.size or 0) + offset}[whence]
        return self.position

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        left = len(buffer) if self.size is None else max(0, min(len(buffer), self.size - self.position))
        buffer[:left] = b" " * left
        self.position += left
        self.read_bytes += left
        return left


@pytest.mark.parametrize("name,limit", [("big.json", MAX_BYTES), ("big.xlsx", MAX_XLSX_BYTES)])
def test_a_huge_upload_is_refused_before_it_is_read(name: str, limit: int) -> None:
    sized = Counting(200_000_000, seekable=True)  # an upload or a file: its size is known
    with pytest.raises(ImportRefused, match="200,000,000 bytes; the limit"):
        import_file(name, sized)
    assert sized.read_bytes == 0
    endless = Counting(None, seekable=False)  # a pipe: read no more than limit + 1 bytes
    with pytest.raises(ImportRefused, match="the limit"):
        import_file(name, endless)
    assert endless.read_bytes == limit + 1
