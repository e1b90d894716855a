"""The guide's index where the PDF lost numbers: each inference re-checked against what the guide says
elsewhere, said to be inferred wherever it is answered, and a word search that lists every entry holding
the word (issue 17, item 2)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ioi_core.content.bank_search import INFERRED, inferred_note
from ioi_core.content.pack import ContentPack, load_content
from ioi_core.model.workbook import Workbook, WorkbookMeta
from ioi_core.store.workbooks import WorkbookStore
from tests.support.apptest import assert_healthy, open_tab, texts

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT.parent / "shared" / "seeds" / "000_9f990c6c33521a09.txt"

# Each entry whose numbers the PDF lost: the domains inferred, and the guide's own words they rest on
# (another index entry, or a passage elsewhere in the guide). A new inference must be added here.
RECHECKED: dict[str, tuple[list[int], str]] = {
    "Access to services": ([8], "Connections between people and society, through access to services"),
    # The guide's sample answer places the conversation indicator under Social Bridges (7), not 9.
    "Conversation in English": (
        [7],
        "ability to hold simple conversation with a local language speaker (e.g. a neighbour)'; or even "
        "'% confident to ask their neighbours of all backgrounds for help' (both of these are found under "
        "Social Bridges)",
    ),
    "Family, communication": ([11], "Social bonds, 6, 11"),
    "Friends, communication": ([11], "Social bridges, 7, 11"),
    "Government information": ([8], "Connections between people and society, through access to services"),
    "Independence, economic": ([1], "Self-employment, 1"),
    "Language and communication": ([9], "Language and"),
    "Laws, anti-discrimination": ([14], "Legal advice, 14"),
    "Recognition – of skills": ([1], "Qualifications, 1, 2"),
    "Services, domestic abuse": ([4], "Domestic abuse, 4"),
    "Services, interpretation": ([14], "Interpreting services, 14"),
}


@pytest.fixture(scope="module")
def pack() -> ContentPack:
    return load_content()


@pytest.fixture(scope="module")
def guide_text() -> str:
    if not GUIDE.exists():
        pytest.skip(f"the guide's extracted text is not beside the repository ({GUIDE})")
    return GUIDE.read_text(encoding="utf-8")


def words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9%]+", text.casefold()))


def test_every_inferred_entry_is_rechecked(pack: ContentPack) -> None:
    inferred = {e.keyword for e in pack.index.entries if e.numbers_lost}
    assert inferred == set(
        RECHECKED
    ), "add each new inference to RECHECKED with the guide's words it rests on"
    assert len(inferred) == 11


@pytest.mark.parametrize("keyword", sorted(RECHECKED))
def test_each_inference_agrees_with_the_guides_own_words(
    pack: ContentPack, guide_text: str, keyword: str
) -> None:
    domains, evidence = RECHECKED[keyword]
    assert words(evidence) in words(guide_text), f"the guide does not say {evidence!r}"
    entry = next(e for e in pack.index.entries if e.keyword == keyword)
    assert entry.domains == domains
    assert entry.inferred_because and words(entry.inferred_because)


def test_conversation_in_english_follows_the_guide_to_social_bridges(pack: ContentPack) -> None:
    entry = next(e for e in pack.index.entries if e.keyword == "Conversation in English")
    assert entry.domains == [7]
    assert "Social Bridges" in (entry.inferred_because or "")
    # and it leads to the guide's own conversation indicator, which the guide lists under Social Bridges
    leads = [i for i in pack.indicators.indicators if "Conversation in English" in i.keywords]
    assert leads and all(i.domain == 7 for i in leads)
    assert any(i.provenance.value == "guide" for i in leads)


def test_indicator_keywords_lie_in_their_entrys_domains(pack: ContentPack) -> None:
    domains = {e.keyword: e.domains for e in pack.index.entries}
    wrong = [(i.id, k) for i in pack.indicators.indicators for k in i.keywords if i.domain not in domains[k]]
    assert wrong == []


def test_the_index_says_what_it_dropped_merged_or_rebuilt(pack: ContentPack, guide_text: str) -> None:
    changes = pack.index.changes
    kinds = {c.kind for c in changes}
    assert {"dropped", "merged"} <= kinds
    keywords = {e.keyword for e in pack.index.entries}
    dropped = [c for c in changes if c.kind == "dropped"]
    assert {c.extracted_text for c in dropped} == {"Awareness of key", "Qualifications,"}
    assert not any(c.keyword for c in dropped)
    merged = {c.keyword for c in changes if c.kind == "merged"}
    assert {"Access to services", "Children", "Crime", "Homelessness"} <= merged <= keywords
    index_words = set(words(guide_text.split("#### **INDEX**", 1)[1].split("GET FAMILIAR", 1)[0]).split())
    for change in changes:
        assert set(words(change.extracted_text).split()) <= index_words, change.extracted_text


def test_searching_a_word_lists_every_entry_holding_it(pack: ContentPack) -> None:
    found = [e.keyword for e in pack.search_index("crime")]
    assert found[0] == "Crime"  # the exact entry first
    assert {"Hate crime", "Reporting crime"} <= set(found)
    assert [e.keyword for e in pack.search_index("services interpretation")] == ["Services, interpretation"]
    assert pack.search_index("quantum") == []


def test_a_chosen_keyword_narrows_the_bank_to_its_own_entry_only(pack: ContentPack) -> None:
    from ioi_core.content.bank_search import BankIndex

    index = BankIndex.build(pack)
    # "Care" (4) must not widen to "Childcare facilities" (7) because the word is inside it
    assert {i.domain for i in index.search("", keyword="Care")} == {4}


def test_the_command_line_says_which_answers_are_inferred() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ioi_core", "index", "conversation in english"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"# Conversation in English ({INFERRED}.")
    assert lines[1] == "7\tSocial bridges\tinferred"
    plain = subprocess.run(
        [sys.executable, "-m", "ioi_core", "index", "esol"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert plain.stdout.splitlines() == ["9\tLanguage and communication"]


def test_the_banks_leads_to_line_says_inferred(db: WorkbookStore, pack: ContentPack) -> None:
    key, _ = db.create(Workbook(meta=WorkbookMeta(title="Index")))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["wb"] = key
    at.run()
    at.switch_page("pages/indicator_bank.py").run()

    def keyword(name: str) -> None:
        [s for s in at.selectbox if s.label.startswith("…or a keyword")][0].set_value(name).run()
        assert_healthy(at)

    keyword("Government information")
    line = next(m for m in texts(at).split("\n") if m.startswith("Index keyword **Government information**"))
    assert INFERRED in line
    keyword("ESOL")
    line = next(m for m in texts(at).split("\n") if m.startswith("Index keyword **ESOL**"))
    assert "inferred" not in line


def test_the_framework_page_search_lists_entries_holding_the_word(
    db: WorkbookStore, pack: ContentPack
) -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/framework.py").run()
    open_tab(at, "framework-tab", "Search the index")
    at.text_input[0].input("crime").run()
    assert_healthy(at)
    table = at.dataframe[0].value
    assert {"Crime", "Hate crime", "Reporting crime"} <= set(table["Keyword"])
    at.text_input[0].input("interpretation").run()
    table = at.dataframe[0].value
    entry = next(e for e in pack.index.entries if e.keyword == "Services, interpretation")
    assert list(table["Note"]) == [inferred_note(entry)]
    assert "Awareness of key" in texts(at) or any(
        "Awareness of key" in str(e.proto) for e in at.get("expandable")
    )
