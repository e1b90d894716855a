"""Writes the hostile files of tests/corpus/ that are derived from good.json and good.xlsx.

Run `python -m tests.corpus_make` after changing a case; the files are committed, one per case, so
the corpus test reads exactly what is in the repository.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

CORPUS = Path(__file__).parent / "corpus"
DATA_SHEET_XML = "xl/worksheets/sheet11.xml"  # the hidden _workbook_json sheet of good.xlsx


def good_text() -> str:
    return (CORPUS / "good.json").read_text(encoding="utf-8")


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) >= 1, old
    return text.replace(old, new, 1)


def json_cases() -> dict[str, bytes]:
    good = good_text()
    title = '"title": "Corpus <script>alert(1)</script>"'
    evaluation = '"evaluation": []'
    one_outcome = '"evaluation": [{"outcome": "Jobs", "baseline": %s, "readings": []}]'
    cases = {
        "nan.json": replace_once(good, evaluation, one_outcome % "NaN"),
        "infinity.json": replace_once(
            good,
            evaluation,
            '"evaluation": [{"outcome": "Jobs", "readings": [{"group": "a", "when": "Q1", "value": Infinity}]}]',
        ),
        "minus-infinity.json": replace_once(good, evaluation, one_outcome % "-Infinity"),
        "1e999.json": replace_once(good, evaluation, one_outcome % "1e999"),
        "minus-1e999.json": replace_once(good, evaluation, one_outcome % "-1e999"),
        "huge-integer.json": replace_once(good, '"facilitator": null', '"facilitator": ' + "9" * 5000),
        "duplicate-keys.json": replace_once(good, title, title + ', "title": "Second title"'),
        "duplicate-keys-top.json": replace_once(
            good, '"schema_version": 1,', '"schema_version": 1, "schema_version": 1,'
        ),
        "nul-in-title.json": replace_once(good, title, '"title": "Corpus\\u0000title"'),
        "raw-nul-in-title.json": replace_once(good, title, '"title": "Corpus\x00title"'),
        "control-char-escape.json": replace_once(
            good, '"organisation": ""', '"organisation": "Council \\u001b[31mred"'
        ),
        "control-char-bell-in-key.json": replace_once(
            good, '"barriers": {}', '"barriers": {"area\\u0007": {"plan": "x"}}'
        ),
        "control-char-c1.json": replace_once(
            good, '"organisation": ""', '"organisation": "Council\\u0085next"'
        ),
        "control-char-del.json": replace_once(good, '"organisation": ""', '"organisation": "Council\\u007f"'),
        "lone-surrogate.json": replace_once(good, '"organisation": ""', '"organisation": "\\ud800"'),
        "good-tab-newline-cr.json": replace_once(
            good, '"organisation": ""', '"organisation": "Line one\\nLine two\\tafter a tab\\r\\nand CR LF"'
        ),
        "huge.json": good.rstrip()[:-1] + " " * 2_000_001 + "}",
    }
    return {name: text.encode("utf-8") for name, text in cases.items()}


def with_sheet(
    change: Callable[[bytes], bytes],
    name: str = DATA_SHEET_XML,
    extra: dict[str, bytes] | None = None,
    stored: bool = False,
) -> bytes:
    """good.xlsx with one part changed (and any parts added), re-zipped."""
    source = zipfile.ZipFile(CORPUS / "good.xlsx")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            archive.writestr(info.filename, change(data) if info.filename == name else data)
        for extra_name, data in (extra or {}).items():
            archive.writestr(extra_name, data)
    return buffer.getvalue()


def rows_xml(data: bytes, rows: bytes, last_row: int = 1) -> bytes:
    """The sheet with its <sheetData> replaced, and its dimension saying it reaches `last_row` (openpyxl
    reads no further than the dimension says, so a hostile file claims all the rows it has)."""
    data = re.sub(rb'<dimension ref="[^"]*" />', b'<dimension ref="A1:A%d" />' % last_row, data)
    return re.sub(
        rb"<sheetData>.*</sheetData>", lambda _: b"<sheetData>" + rows + b"</sheetData>", data, flags=re.S
    )


def json_in_xlsx(text: str) -> Callable[[bytes], bytes]:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").encode("utf-8")
    cell = b'<row r="1"><c r="A1" t="inlineStr"><is><t>' + escaped + b"</t></is></c></row>"
    return lambda data: rows_xml(data, cell)


def xlsx_cases() -> dict[str, bytes]:
    good = good_text()
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lollollollollollollollollollol">'
        + b"".join(
            b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
            for i in range(1, 10)
        )
        + b"]>"
    )
    return {
        "xlsx-truncated-sheet-xml.xlsx": with_sheet(lambda data: data[: len(data) // 2]),
        "xlsx-shared-string-out-of-range.xlsx": with_sheet(
            lambda data: rows_xml(data, b'<row r="1"><c r="A1" t="s"><v>999999</v></c></row>')
        ),
        "xlsx-bad-xml-in-sheet.xlsx": with_sheet(
            lambda data: data.replace(b"<sheetData>", b"<sheetData><row r=<<", 1)
        ),
        "xlsx-too-many-rows.xlsx": with_sheet(
            lambda data: rows_xml(
                data,
                b'<row><c t="inlineStr"><is><t>{</t></is></c></row>' * 1_000_000,  # rows may omit r=
                1_000_000,
            )
        ),
        "xlsx-row-far-down.xlsx": with_sheet(
            lambda data: rows_xml(
                data, b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>{}</t></is></c></row>', 1048576
            )
        ),
        "xlsx-too-much-text.xlsx": with_sheet(
            lambda data: rows_xml(
                data,
                b"".join(
                    b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>%s</t></is></c></row>'
                    % (i, i, b"x" * 30_000)
                    for i in range(1, 68)
                ),
                67,
            )
        ),
        "xlsx-entity-bomb.xlsx": with_sheet(
            lambda data: bomb
            + rows_xml(data, b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>')
        ),
        "xlsx-nan-in-json.xlsx": with_sheet(
            json_in_xlsx(
                replace_once(good, '"evaluation": []', '"evaluation": [{"outcome": "x", "target": NaN}]')
            )
        ),
        "xlsx-nul-in-json.xlsx": with_sheet(
            json_in_xlsx(
                replace_once(good, '"title": "Corpus <script>alert(1)</script>"', '"title": "A\\u0000B"')
            )
        ),
        "xlsx-damaged-workbook-xml.xlsx": with_sheet(lambda data: data[:200], name="xl/workbook.xml"),
        "xlsx-number-in-data-sheet.xlsx": with_sheet(
            lambda data: rows_xml(data, b'<row r="1"><c r="A1"><v>1e999</v></c></row>')
        ),
        "huge.xlsx": with_sheet(
            lambda data: data, extra={"xl/media/padding.bin": b"\0" * 5_000_001}, stored=True
        ),
    }


def main() -> None:
    for name, data in {**json_cases(), **xlsx_cases()}.items():
        (CORPUS / name).write_bytes(data)
        print(f"{name}: {len(data):,} bytes")


if __name__ == "__main__":
    main()
