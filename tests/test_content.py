"""The content pack: valid, complete, cross-referenced, and faithful to the guide's text."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from ioi_core.checks.content_pack import checked_content
from ioi_core.cli.commands import main
from ioi_core.content.models import DomainType, Provenance
from ioi_core.content.pack import ContentError, ContentPack, load_content

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT.parent / "shared" / "seeds" / "000_9f990c6c33521a09.txt"


@pytest.fixture(scope="module")
def pack() -> ContentPack:
    return checked_content()


@pytest.fixture(scope="module")
def guide_text() -> str:
    if not GUIDE.exists():
        pytest.skip(f"the guide's extracted text is not beside the repository ({GUIDE})")
    return GUIDE.read_text(encoding="utf-8")


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.casefold())


def normalise(text: str) -> str:
    return " ".join(words(text))


def test_counts(pack: ContentPack) -> None:
    counts = pack.counts()
    assert counts["domains"] == 14 and counts["types"] == 4 and counts["principles"] == 4
    assert counts["index entries"] >= 180
    assert counts["indicators (guide)"] >= 4


def test_domains_are_numbered_and_typed_as_in_the_framework(pack: ContentPack) -> None:
    names = [pack.domain(n).name for n in range(1, 15)]
    assert names == [
        "Work",
        "Education",
        "Housing",
        "Health and social care",
        "Leisure",
        "Social bonds",
        "Social bridges",
        "Social links",
        "Language and communication",
        "Culture",
        "Digital skills",
        "Safety",
        "Stability",
        "Rights and responsibilities",
    ]
    assert [d.number for d in pack.domains_of_type(DomainType.FACILITATORS)] == [9, 10, 11, 12, 13]
    assert [d.number for d in pack.domains_of_type(DomainType.FOUNDATION)] == [14]


def test_bonds_bridges_links_in_plain_words(pack: ContentPack) -> None:
    plain = {c.id: c.plain_words.casefold() for c in pack.framework.social_connections}
    assert "people like us" in plain["bonds"]
    assert "people different to us" in plain["bridges"]
    assert "connections between people and society" in plain["links"]


# Entries read off the guide's INDEX (p. 15) by hand, including ones the extraction ran together.
SAMPLE_INDEX = {
    "Advice": [14],
    "Advocacy": [4],
    "Amenities": [3],
    "Asking for help": [7],
    "Awareness of rights": [1, 2, 3, 4, 5, 8, 9, 10, 11, 12, 14],
    "Awareness of supports": [1, 2, 3, 4, 5, 8, 9, 10, 11, 12, 14],
    "Barriers to employment": [1],
    "Belonging": [13],
    "Bullying": [12],
    "Citizenship": [13],
    "Community organisation": [6, 8],
    "Eligibility to work": [1, 14],
    "ESOL": [9],
    "Friends": [6, 7, 10],
    "Hate crime": [12],
    "Homelessness": [3, 4],
    "Housing": [3, 13, 14],
    "Museums": [10],
    "Participation in social groups": [6],
    "Pathways to participation": [1, 2, 3, 4, 5, 8, 9],
    "School": [2, 11, 12],
    "Service use": [8, 10],
    "Sports": [5, 7],
    "Training": [1, 2, 11],
    "Trust": [12, 13],
    "Youth clubs": [7],
}


def _entry(pack: ContentPack, keyword: str):
    key = normalise(keyword)
    matches = [e for e in pack.index.entries if normalise(e.keyword) == key]
    assert matches, f"index has no entry '{keyword}'"
    return matches[0]


@pytest.mark.parametrize("keyword,domains", SAMPLE_INDEX.items())
def test_index_sample_matches_the_guide(pack: ContentPack, keyword: str, domains: list[int]) -> None:
    assert sorted(_entry(pack, keyword).domains) == domains


def test_every_index_keyword_comes_from_the_guides_index(pack: ContentPack, guide_text: str) -> None:
    section = guide_text.split("#### **INDEX**", 1)[1].split("GET FAMILIAR WITH THE INDICATORS", 1)[0]
    index_words = set(words(section))
    for entry in pack.index.entries:
        missing = [w for w in words(entry.keyword) if w not in index_words]
        assert not missing, f"'{entry.keyword}' has words not in the guide's index: {missing}"


def test_entries_with_lost_numbers_say_why(pack: ContentPack) -> None:
    lost = [e for e in pack.index.entries if e.numbers_lost]
    assert lost, "the extraction lost some entries' numbers (e.g. 'Conversation in English')"
    assert _entry(pack, "Conversation in English").numbers_lost
    for entry in lost:
        assert entry.inferred_because and len(entry.inferred_because) > 20


def test_every_domain_has_indicators(pack: ContentPack) -> None:
    for number in range(1, 15):
        assert len(pack.indicators_in_domain(number)) >= 5, f"domain {number} has too few indicators"


def test_every_index_keyword_leads_to_an_indicator_in_its_domains(pack: ContentPack) -> None:
    for entry in pack.index.entries:
        leads = [
            i for i in pack.indicators.indicators if i.domain in entry.domains and entry.keyword in i.keywords
        ]
        assert leads, f"index keyword '{entry.keyword}' leads to no indicator in {entry.domains}"


def test_guide_indicators_are_quoted_verbatim(pack: ContentPack, guide_text: str) -> None:
    guide = normalise(guide_text)
    quoted = [i for i in pack.indicators.indicators if i.provenance == Provenance.GUIDE]
    assert len(quoted) >= 4
    for indicator in quoted:
        assert normalise(indicator.text) in guide, indicator.text
        assert indicator.source


def test_no_data_availability_is_invented(pack: ContentPack) -> None:
    # Neither seed document gives an indicator's data availability, so none may be set.
    assert all(i.data_availability is None for i in pack.indicators.indicators)


def test_exercise2_questions_and_case_study_are_the_guides(pack: ContentPack, guide_text: str) -> None:
    guide = normalise(guide_text)
    ex2 = pack.exercise2
    assert normalise(ex2.case_study.text) in guide
    part1 = [q.text for q in ex2.part1.questions]
    assert len(part1) == 7
    assert "Which domain is most relevant to this problem?" in part1
    assert "State 2 key outputs from your project." in part1
    part2_ids = {q.id for q in ex2.part2.questions}
    assert {"domain_still_relevant", "differs"} <= part2_ids
    assert [c.number for c in ex2.part1.columns] == [4, 3, 2, 1]
    assert len(ex2.key_questions) == 5


def test_barriers_six_areas_and_toc_six_steps(pack: ContentPack) -> None:
    assert len(pack.barriers.areas) == 6
    assert [s.number for s in pack.theory_of_change.steps] == [1, 2, 3, 4, 5, 6]
    assert pack.theory_of_change.steps[0].prompt.startswith("The barrier to integration in this case is")
    assert len(pack.stakeholders.things_to_agree) == 5


def test_regions_cover_every_nation(pack: ContentPack) -> None:
    assert {r.nation.value for r in pack.context.regions} == {
        "England",
        "London",
        "Scotland",
        "Wales",
        "Northern Ireland",
    }


def test_sources_carry_licences(pack: ContentPack) -> None:
    rights = " ".join(s.rights for s in pack.sources.sources)
    assert "Open Government Licence" in rights and "International Organization for Migration" in rights
    assert "Triangle" in rights


def _broken_copy(tmp_path: Path, file: str, mutate) -> Path:
    directory = tmp_path / "content"
    shutil.copytree(ROOT / "content", directory)
    data = yaml.safe_load((directory / file).read_text(encoding="utf-8"))
    mutate(data)
    (directory / file).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return directory


def test_a_wrong_field_names_file_and_field(tmp_path: Path) -> None:
    def mutate(data):
        data["entries"][0]["domain"] = data["entries"][0].pop("domains")

    with pytest.raises(ContentError) as raised:
        load_content(_broken_copy(tmp_path, "index.yaml", mutate))
    assert "content/index.yaml: entries[0].domains: Field required" in raised.value.problems
    assert "content/index.yaml: entries[0].domain: Extra inputs are not permitted" in raised.value.problems


def test_a_domain_out_of_range_names_file_and_field(tmp_path: Path) -> None:
    def mutate(data):
        data["indicators"][0]["domain"] = 15

    with pytest.raises(ContentError) as raised:
        load_content(_broken_copy(tmp_path, "indicators.yaml", mutate))
    assert any(p.startswith("content/indicators.yaml: indicators[0].domain:") for p in raised.value.problems)


def test_a_dangling_keyword_is_reported(tmp_path: Path) -> None:
    def mutate(data):
        data["indicators"][0]["keywords"] = ["Not in the index"]

    with pytest.raises(ContentError) as raised:
        load_content(_broken_copy(tmp_path, "indicators.yaml", mutate))
    assert any("'Not in the index' is not an index keyword" in p for p in raised.value.problems)


def test_invalid_yaml_is_reported(tmp_path: Path) -> None:
    directory = tmp_path / "content"
    shutil.copytree(ROOT / "content", directory)
    (directory / "barriers.yaml").write_text("areas: [unclosed", encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        load_content(directory)
    assert raised.value.problems[0].startswith("content/barriers.yaml: not valid YAML")


def _relabel(node, path: str, label: str) -> None:
    """Give the question at `path` in questions.yaml another label, wherever it sits."""
    if isinstance(node, dict):
        if node.get("path") == path:
            node["label"] = label
        for value in node.values():
            _relabel(value, path, label)
    elif isinstance(node, list):
        for value in node:
            _relabel(value, path, label)


def _broken_everywhere(tmp_path: Path) -> Path:
    """A copy with a problem in the files themselves and two only the workbook model shows."""
    directory = _broken_copy(
        tmp_path, "indicators.yaml", lambda d: d["indicators"][0].update(keywords=["Nowhere"])
    )
    for file, mutate in (
        ("pages.yaml", lambda d: d["exercise_names"].pop("barriers")),
        ("questions.yaml", lambda d: _relabel(d, "exercise2.part1.problem", "Problem?")),
    ):
        data = yaml.safe_load((directory / file).read_text(encoding="utf-8"))
        mutate(data)
        (directory / file).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return directory


MODEL_PROBLEMS = ("content/pages.yaml: exercise_names:", "exercise2.part1.problem: label differs")


def test_the_checks_against_the_model_are_reported_with_the_files_own(tmp_path: Path) -> None:
    directory = _broken_everywhere(tmp_path)
    with pytest.raises(ContentError) as raised:
        checked_content(directory)
    problems = "\n".join(raised.value.problems)
    assert "'Nowhere' is not an index keyword" in problems
    assert "content/pages.yaml: exercise_names: name each of" in problems and "missing barriers" in problems
    assert "content/questions.yaml: exercise2.part1.problem: label differs" in problems
    # content/ alone checks the files against each other, knowing nothing of the workbook model
    with pytest.raises(ContentError) as raised:
        load_content(directory)
    assert not [p for p in raised.value.problems if any(m in p for m in MODEL_PROBLEMS)]


def test_content_check_reports_the_checks_against_the_model(tmp_path: Path, monkeypatch, capsys) -> None:
    directory = _broken_everywhere(tmp_path)
    monkeypatch.setenv("IOI_CONTENT_DIR", str(directory))
    assert main(["content", "check"]) == 1
    err = capsys.readouterr().err
    assert "'Nowhere' is not an index keyword" in err
    assert all(m in err for m in MODEL_PROBLEMS), err
