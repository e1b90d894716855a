"""Every indicator says where it comes from, in every place it is shown: the bank's starter indicators
are written for this app and not from the framework, the guide's own say they are quoted in the guide,
imported ones name their file (issue 17, item 1). Generated from the bank, so a new indicator is covered."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from ioi_core.content.models import Provenance
from ioi_core.content.pack import ContentPack, load_content
from ioi_core.formats.report_html import report_html
from ioi_core.formats.workbook_xlsx import DATA_SHEET, export_xlsx
from ioi_core.live.room import responses_xlsx
from ioi_core.model.exercises import indicator_text, provenance_label
from ioi_core.model.workbook import CustomIndicator, ImportedIndicator, Workbook, WorkbookMeta
from ioi_core.store.workbooks import WorkbookStore
from ioi_core.store.workshops import Participant
from ioi_ui.pickers import indicator_label
from tests.support.apptest import assert_healthy, texts

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT.parent / "shared" / "seeds" / "000_9f990c6c33521a09.txt"


@pytest.fixture(scope="module")
def pack() -> ContentPack:
    return load_content()


def words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9%]+", text.casefold()))


def everything(pack: ContentPack) -> Workbook:
    """A workbook that uses every indicator of the bank, one of its own and one imported from the toolkit."""
    workbook = Workbook(meta=WorkbookMeta(title="Every indicator"))
    workbook.custom_indicators = [
        CustomIndicator(id="custom-1", domain=6, text="% at the Friday supper club")
    ]
    workbook.imported_indicators = [
        ImportedIndicator(
            id="imp-1",
            domain=7,
            text="% who mix socially with people of different backgrounds",
            source="Imported from indicators-of-integration-toolkit.xlsx",
        )
    ]
    workbook.shortlist = [i.id for i in pack.indicators.indicators] + ["imp-1"]
    workbook.exercise2.part1.indicator = "custom-1"
    return workbook


def xlsx_text(data: bytes) -> str:
    book = load_workbook(io.BytesIO(data))
    return "\n".join(
        str(cell)
        for sheet in book
        if sheet.sheet_state == "visible" and sheet.title != DATA_SHEET
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    )


def test_the_labels_say_plainly_which_indicators_are_not_the_frameworks(pack: ContentPack) -> None:
    labels = pack.indicators.provenance_labels
    assert labels[Provenance.STARTER] == "written for this app, not from the framework"
    assert "not from the framework" in labels[Provenance.CUSTOM]
    assert "guide" in labels[Provenance.GUIDE]
    assert "imported" in labels[Provenance.IMPORTED]
    starter = next(i for i in pack.indicators.indicators if i.provenance == Provenance.STARTER)
    assert (
        indicator_text(pack, None, starter.id)
        == f"{starter.text} (written for this app, not from the framework)"
    )


def test_an_imported_indicator_names_its_file(pack: ContentPack) -> None:
    workbook = everything(pack)
    assert indicator_text(pack, workbook, "imp-1") == (
        "% who mix socially with people of different backgrounds "
        "(imported from a bank file: indicators-of-integration-toolkit.xlsx)"
    )


@pytest.mark.parametrize("output", ["report", "excel", "workshop export"])
def test_every_indicator_is_shown_with_its_provenance_in_every_output(pack: ContentPack, output: str) -> None:
    workbook = everything(pack)
    made = {
        "report": lambda: html.unescape(report_html(pack, workbook)),
        "excel": lambda: xlsx_text(export_xlsx(pack, workbook)),
        "workshop export": lambda: xlsx_text(responses_xlsx(pack, [Participant("wb1", "Amina", workbook)])),
    }[output]()
    refs = [*workbook.shortlist, "custom-1"]
    missing = [ref for ref in refs if indicator_text(pack, workbook, ref) not in made]
    assert missing == [], f"shown without their provenance in the {output}: {missing[:5]}"


def test_the_excel_indicator_sheet_says_where_each_comes_from(pack: ContentPack) -> None:
    workbook = everything(pack)
    sheet = load_workbook(io.BytesIO(export_xlsx(pack, workbook)))["Indicators"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Indicator", "Domain", "Where it comes from")
    where = {row[0]: row[2] for row in rows[1:]}
    for indicator in pack.indicators.indicators:
        assert where[indicator.text] == provenance_label(pack, indicator)
    assert where["% at the Friday supper club"] == "your own, not from the framework"
    assert where["% who mix socially with people of different backgrounds"].startswith(
        "imported from a bank file"
    )


def test_every_picker_option_carries_its_provenance(pack: ContentPack) -> None:
    workbook = everything(pack)
    label = indicator_label(pack, workbook)
    for ref in [*workbook.shortlist, "custom-1"]:
        assert indicator_text(pack, workbook, ref) in label(ref)


def test_get_familiar_is_the_guides_own_words(pack: ContentPack) -> None:
    if not GUIDE.exists():
        pytest.skip(f"the guide's extracted text is not beside the repository ({GUIDE})")
    guide = words(GUIDE.read_text(encoding="utf-8"))
    familiar = pack.indicators.get_familiar
    assert words(familiar.title) in guide
    for paragraph in familiar.paragraphs:
        assert words(paragraph) in guide, paragraph
    assert "Annex 2" in " ".join(familiar.paragraphs)
    assert words(pack.indicators.framework_pages.text) in guide


def test_the_bank_page_says_where_every_indicator_comes_from(db: WorkbookStore, pack: ContentPack) -> None:
    key, _ = db.create(Workbook(meta=WorkbookMeta(title="Bank")))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["wb"] = key
    at.run()
    at.switch_page("pages/indicator_bank.py").run()
    assert_healthy(at)
    shown = texts(at)
    # The guide's section where people pick, the pointer to the framework's pages, and the toolkit first.
    assert pack.indicators.get_familiar.paragraphs[0] in shown
    assert pack.indicators.framework_pages.text in shown
    assert pack.indicators.official_bank_first in shown
    assert "(#import-a-bank-file)" in shown
    table = at.dataframe[0].value
    assert list(table.columns)[:5] == ["Shortlisted", "Indicator", "Domain", "Type", "Where it comes from"]
    where = dict(zip(table["Indicator"], table["Where it comes from"], strict=True))
    for indicator in pack.indicators.indicators:
        expected = provenance_label(pack, indicator)
        assert where[indicator.text] == expected[:1].upper() + expected[1:]
    options = [m for m in at.multiselect if m.label.startswith("Indicators to shortlist")][0].options
    assert all(re.search(r"\((written for this app|quoted in the IOM guide)", o) for o in options)


def test_readme_makes_importing_the_toolkit_the_first_step() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The indicator bank", 1)[1].split("\n## ", 1)[0]
    assert "first step" in section and "import the Home Office toolkit" in section
    assert "python -m ioi_core bank import toolkit.xlsx" in section
