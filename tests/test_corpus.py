"""Every file in tests/corpus: good ones import, hostile or broken ones are refused clearly and change nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from ioi_core.store import WorkbookStore
from ioi_core.transfer_json import ImportRefused, import_json
from ioi_core.transfer_xlsx import import_xlsx

CORPUS = Path(__file__).parent / "corpus"

REFUSED = {
    "not-an-xlsx.xlsx": "not an Excel",
    "truncated.xlsx": "not an Excel",
    "zip-bomb.xlsx": "expands to far more data",
    "missing-data-sheet.xlsx": "not exported by IOI Workbook",
    "renamed-data-sheet.xlsx": "not exported by IOI Workbook",
    "invalid.json": "not valid JSON",
    "wrong-shape.json": "meta.title: Input should be a valid string",
    "future-version.json": "newer version of IOI Workbook",
    "deeply-nested.json": "nested too deeply",
    "bad-utf8.json": "not UTF-8",
    "not-a-workbook.json": "not an IOI Workbook export",
}


def load(path: Path):
    data = path.read_bytes()
    return import_xlsx(data) if path.suffix == ".xlsx" else import_json(data)


def test_every_corpus_file_has_an_expectation() -> None:
    names = {p.name for p in CORPUS.iterdir()}
    assert names == set(REFUSED) | {"good.json", "good.xlsx"}


@pytest.mark.parametrize("name", ["good.json", "good.xlsx"])
def test_good_files_import_with_text_kept_as_text(name: str) -> None:
    workbook = load(CORPUS / name)
    assert workbook.meta.title == "Corpus <script>alert(1)</script>"
    assert workbook.exercise2.part1.problem.startswith("=HYPERLINK(")


@pytest.mark.parametrize("name,message", sorted(REFUSED.items()))
def test_bad_files_are_refused_and_change_nothing(name: str, message: str, store: WorkbookStore) -> None:
    before = store.list()
    with pytest.raises(ImportRefused, match=message):
        load(CORPUS / name)
    assert store.list() == before
