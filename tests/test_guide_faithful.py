"""Faithful to the guide (issue 17, items 3-9): what is stored is shown, quotes are the guide's own words
(cuts marked with "…"), the app's reconstructions and glosses say so, and the app's advice follows the
guide's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook
from pydantic import BaseModel
from streamlit.testing.v1 import AppTest

from ioi_core.checks.content_pack import checked_content
from ioi_core.checks.principles import check_principles
from ioi_core.checks.stakeholders import power_interest_in_words
from ioi_core.content.crosswalk import domains_for_area
from ioi_core.content.models import Nation, Passage, Section
from ioi_core.content.pack import FILES, ContentError, ContentPack, load_content
from ioi_core.formats.report_html import blank_worksheets_html, report_html
from ioi_core.formats.workbook_xlsx import export_xlsx
from ioi_core.model.workbook import (
    EvaluationRow,
    Reading,
    Stakeholder,
    StakeholderPlan,
    Workbook,
    WorkbookMeta,
)
from tests.fixtures.sample_workbook import full_workbook
from tests.support.page_walk import PAGES, walk

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
GUIDE = SEEDS / "000_9f990c6c33521a09.txt"
STAR = SEEDS / "004_a3cc178adc7981c5.txt"


@pytest.fixture(scope="module")
def pack() -> ContentPack:
    return load_content()


def _seed(path: Path) -> str:
    if not path.exists():
        pytest.skip(f"the source document is not beside the repository ({path})")
    return path.read_text(encoding="utf-8")


def words(text: str) -> str:
    """Text as its words only: whitespace, punctuation, quote styles and case do not count."""
    return " ".join(re.findall(r"[a-z0-9%]+", text.casefold()))


# Letters and words the PDF extraction lost or ran together, put back as the printed guide has them.
# Each is a correction of the extraction, never of the guide's wording.
EXTRACTION_FIXES = {
    "vhich": "which",
    "tate 2 key outputs": "state 2 key outputs",
    "dayto day": "day to day",
    "where is it is helpful": "where it is helpful",
    "longterm": "long term",
}


@pytest.fixture(scope="module")
def guide_words() -> str:
    text = words(re.sub(r"<sup>.*?</sup>", " ", _seed(GUIDE)))
    for lost, printed in EXTRACTION_FIXES.items():
        text = text.replace(lost, printed)
    return text


# ------------------------------------------------------------------ walking the content


def leaves(value: object, path: str) -> Iterator[tuple[str, object]]:
    """Every value in a content object, with its dotted path."""
    yield path, value
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from leaves(getattr(value, name), f"{path}.{name}")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, f"{path}[{key}]")
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from leaves(item, f"{path}[{i}]")


def from_the_guide(source: str) -> bool:
    return source.startswith("IOM Guide")


def quoted_passages(pack: ContentPack) -> Iterator[tuple[str, str]]:
    """(path, text) of everything the app presents as the guide's own words."""
    for name in FILES:
        part = name.removesuffix(".yaml")
        for path, value in leaves(getattr(pack, part), part):
            if isinstance(value, Passage) and from_the_guide(value.source):
                yield path, value.text
            elif isinstance(value, Section) and from_the_guide(value.source):
                for i, text in enumerate([*value.paragraphs, *value.bullets]):
                    yield f"{path}[{i}]", text
    fw = pack.framework
    for t in fw.types:
        yield f"framework.types.{t.id}", t.guide_meaning
    for p in fw.principles:
        yield f"framework.principles.{p.id}", p.guide_text
    for sc in fw.social_connections:
        yield f"framework.social_connections.{sc.id}", sc.guide_text
    for step in pack.theory_of_change.steps:
        for i, text in enumerate(step.guide_text):
            yield f"theory_of_change.steps.{step.id}[{i}]", text
    ex2 = pack.exercise2
    for part in ("part1", "part2"):
        for i, text in enumerate(getattr(ex2, part).introduction):
            yield f"exercise2.{part}.introduction[{i}]", text
        for q in getattr(ex2, part).questions:
            yield f"exercise2.{part}.{q.id}", q.text
        for sample in getattr(ex2, f"sample_{part}"):
            yield f"exercise2.sample_{part}.{sample.question_id}", sample.answer
            if sample.why:
                yield f"exercise2.sample_{part}.{sample.question_id}.why", sample.why
    for i, text in enumerate(ex2.key_questions):
        yield f"exercise2.key_questions[{i}]", text
    for area in pack.barriers.areas:
        for i, text in enumerate([*area.challenges, *area.suggestions]):
            yield f"barriers.{area.id}[{i}]", text
    yield "barriers.instruction", pack.barriers.instruction
    for example in pack.stakeholders.examples:
        yield "stakeholders.examples", example.name
    for thing in pack.stakeholders.things_to_agree:
        yield f"stakeholders.things_to_agree.{thing.id}", thing.text
    yield "stakeholders.check_question", pack.stakeholders.check_question
    for practice in pack.context.best_practices:
        for i, text in enumerate([practice.title, *practice.text, *practice.steps]):
            yield f"context.best_practices.{practice.id}[{i}]", text
    for i, text in enumerate(pack.context.impressions):
        yield f"context.impressions[{i}]", text


# ------------------------------------------------------------------ item 4: quotes are the guide's words


def test_every_quoted_passage_is_the_guides_own_words(pack: ContentPack, guide_words: str) -> None:
    """Each quotation is found word for word in the guide; a cut is allowed only where "…" marks it."""
    wrong = []
    for path, text in quoted_passages(pack):
        for piece in text.split("…"):
            if words(piece) and words(piece) not in guide_words:
                wrong.append(f"{path}: {piece.strip()[:120]!r}")
    assert not wrong, "not in the guide as quoted (quote whole, or mark the cut with '…'):\n" + "\n".join(
        wrong
    )


@pytest.mark.parametrize(
    "cut_passage",
    [
        "Co-production of data is also a chance for receiving communities to tell their story of participation",
        "At the design stage, stakeholders may select measures appropriate to their circumstance.",
        "Discussing available and/or collectible data with partners is important at the design stage.",
        "Stakeholder engagement is helpful to ensure that integration aims are shared by all parties",
    ],
)
def test_evaluation_passages_keep_the_sentences_the_issue_found_dropped(
    pack: ContentPack, cut_passage: str
) -> None:
    shown = " ".join(text for path, text in quoted_passages(pack) if path.startswith("evaluation"))
    assert words(cut_passage) in words(shown)


# ------------------------------------------------------------------ item 3: every stored section is shown


def page_texts(at: object) -> list[str]:
    """Every piece of text the page shows: Markdown, labels, help, options, table cells."""
    found: list[str] = []

    def visit(node: object) -> None:
        for attr in ("value", "label", "body", "help", "placeholder"):
            value = getattr(node, attr, None)
            if isinstance(value, str):
                found.append(value)
        options = getattr(node, "options", None)
        if isinstance(options, list | tuple):
            found.extend(str(o) for o in options)
        if type(node).__name__ in ("Dataframe", "Table"):
            found.extend(str(x) for x in node.value.astype(str).to_numpy().ravel())  # type: ignore[attr-defined]
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            for child in children.values():
                visit(child)

    visit(getattr(at, "_tree", at))  # a whole app, or one part of it (a tab)
    return found


def shown(text: str) -> str:
    """What a reader sees, for comparing with content: Markdown marks and escapes dropped."""
    text = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)
    return " ".join(re.sub(r"[*_`]", "", text).split()).casefold()


@pytest.fixture(scope="module")
def every_page_text(tmp_path_factory) -> str:
    """The text of every page, tab and fold-out: with a full workbook, and with an empty one (which
    the principles check has most to say about)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('faithful') / 'ioi.db'}"
    texts: list[str] = []
    with pytest.MonkeyPatch.context() as env:
        env.setenv("IOI_DATABASE_URL", url)
        from ioi_ui.resources import store

        for page in PAGES:
            for at in walk(page, store(), full_workbook(), lambda at: None):
                texts += page_texts(at)
        for at in walk(
            "pages/principles_check.py", store(), Workbook(meta=WorkbookMeta(title="New")), lambda at: None
        ):
            texts += page_texts(at)
    return "\n".join(shown(t) for t in texts)


# Plumbing, not prose: ids, enum values, cross-references and citations read by code.
NOT_PROSE = (
    "id",
    "type",
    "kind",
    "question_id",
    "nation",
    "fix_page",
    "source",
    "year",
    "licence_url",
    "group",
)


def prose(value: object, path: str) -> list[str]:
    """The readable text of a content value (a Section's title aside: pages give sections their own headings)."""
    if isinstance(value, Section):
        value = [*value.paragraphs, *value.bullets]
    found = []
    for leaf_path, leaf in leaves(value, path):
        name = re.sub(r"\[.*?\]", "", leaf_path).rsplit(".", 1)[-1]
        if isinstance(leaf, str) and name not in NOT_PROSE and len(leaf) >= 12 and "{" not in leaf:
            found.append(leaf)
    return found


def test_every_stored_section_is_shown_on_a_page(pack: ContentPack, every_page_text: str) -> None:
    """Each section of every content file (each top-level key) shows on some page: its passages whole,
    and at least one entry of a list or table."""
    missing = []
    for name in FILES:
        part = name.removesuffix(".yaml")
        for key in type(getattr(pack, part)).model_fields:
            value = getattr(getattr(pack, part), key)
            texts = prose(value, f"{part}.{key}")
            if not texts:
                continue
            if isinstance(value, Passage | Section):
                absent = [t for t in texts if shown(t) not in every_page_text]
                if absent:
                    missing.append(f"{part}.{key}: {absent[0][:80]!r}")
            elif not any(shown(t) in every_page_text for t in texts):
                missing.append(f"{part}.{key}: none of it, e.g. {texts[0][:80]!r}")
    assert not missing, "stored but never shown:\n" + "\n".join(missing)


# ------------------------------------------------------------------ item 5: reconstructions say so


def test_reconstructions_are_labelled_in_the_content(pack: ContentPack) -> None:
    notes = [
        pack.evaluation.annex1_reconstruction,
        pack.exercise1.example.social_connection_note,
        pack.exercise2.part2.reconstruction_note,
    ]
    assert all(note and "reconstruct" in note.casefold() for note in notes)
    assert pack.exercise2.part1.reconstruction_note is None  # Part 1's table survived whole


def test_reconstructions_are_labelled_where_shown(pack: ContentPack, every_page_text: str) -> None:
    for note in (
        pack.evaluation.annex1_reconstruction,
        pack.exercise1.example.social_connection_note,
        pack.exercise2.part2.reconstruction_note or "",
    ):
        assert shown(note) in every_page_text


def test_reconstructions_are_labelled_where_printed_and_exported(pack: ContentPack) -> None:
    wb = full_workbook()
    report = report_html(pack, wb)
    assert pack.evaluation.annex1_reconstruction in report.replace("&#x27;", "'")
    blank = blank_worksheets_html(pack).replace("&#x27;", "'")
    assert pack.evaluation.annex1_reconstruction in blank
    assert (pack.exercise2.part2.reconstruction_note or "") in blank
    book = load_workbook(BytesIO(export_xlsx(pack, wb)))
    cover = dict(row[:2] for row in book["Cover"].iter_rows(values_only=True))
    assert cover["Evaluation plan fields"] == pack.evaluation.annex1_reconstruction


# ------------------------------------------------------------------ item 6: regional context


def test_regional_context_quotes_the_guide_and_labels_the_apps_words(
    pack: ContentPack, guide_words: str
) -> None:
    for region in pack.context.regions:
        assert region.guide_says, region.nation
        for strategy in region.strategies:
            for passage in strategy.guide_says:
                assert from_the_guide(passage.source)


def test_the_englands_20_indicators_belong_to_the_2019_strategy_not_the_2018_green_paper(
    pack: ContentPack,
) -> None:
    england = next(r for r in pack.context.regions if r.nation == Nation.ENGLAND)
    holders = [s for s in england.strategies if any("20 indicators" in p.text for p in s.guide_says)]
    assert holders and all("2018" not in (s.year or "") for s in holders)


def test_london_says_the_guide_gives_18_and_30_indicators(pack: ContentPack) -> None:
    london = next(r for r in pack.context.regions if r.nation == Nation.LONDON)
    everything = " ".join([p.text for p in london.guide_says] + [london.app_note or ""])
    assert "18 indicators" in everything and "30 indicators" in everything
    assert london.app_note and "18" in london.app_note and "30" in london.app_note


def test_scottish_esol_strategies_are_titled_as_the_guide_titles_them(pack: ContentPack) -> None:
    scotland = next(r for r in pack.context.regions if r.nation == Nation.SCOTLAND)
    for strategy in scotland.strategies:
        if "Welcoming Our Learners" in strategy.name:
            assert "2007" not in (strategy.year or ""), "the 2007 strategy had another title"


@pytest.mark.parametrize("nation", list(Nation))
def test_regional_page_shows_the_guides_words_and_labels_the_apps(pack: ContentPack, nation: Nation) -> None:
    at = AppTest.from_file(str(ROOT / "pages" / "regional_context.py"), default_timeout=60).run()
    at.selectbox[0].select(nation).run()
    text = "\n".join(shown(t) for t in page_texts(at))
    region = next(r for r in pack.context.regions if r.nation == nation)
    for passage in region.guide_says + [p for s in region.strategies for p in s.guide_says]:
        assert shown(passage.text) in text
    notes = [region.app_note] + [s.app_note for s in region.strategies]
    for note in filter(None, notes):
        assert shown(f"{pack.context.app_words_label} {note}") in text


# ------------------------------------------------------------------ item 7: Integration Star crosswalk


def test_reverse_view_keeps_the_documents_combined_row_whole(pack: ContentPack) -> None:
    community = next(c for c in domains_for_area(pack) if c.area == "Family and children")
    assert [row.domains for row in community.rows] == [[6, 7, 8], [12]]
    at = AppTest.from_file(str(ROOT / "pages" / "integration_star.py"), default_timeout=60).run()
    text = "\n".join(shown(t) for t in page_texts(at.tabs[1]))  # the reverse view
    assert shown("Bonds, bridges and links") in text
    assert "6. social bonds" not in text


def test_every_star_area_the_document_names_is_there_and_none_else(pack: ContentPack) -> None:
    star = _seed(STAR)
    assert "Money" in pack.integration_star.star_areas
    for area in pack.integration_star.star_areas:
        assert area.casefold() in star.casefold(), area


def test_no_year_the_star_document_does_not_give(pack: ContentPack) -> None:
    """The document is undated: 2019 is when the Refugee Council approached Triangle, not its date."""
    _seed(STAR)
    source = next(s for s in pack.sources.sources if s.id == "integration-star")
    assert not re.search(r"\b(?:19|20)\d\d\b", source.year), source.year


# ------------------------------------------------------------------ item 8: the app's advice follows the guide's


def test_target_newcomers_are_never_only_kept_informed(pack: ContentPack) -> None:
    plan = StakeholderPlan(
        rows=[
            Stakeholder(name="Women learning English", group="newcomers", interest="high", influence="low"),
            Stakeholder(name="Residents", group="receiving_community", interest="high", influence="low"),
        ]
    )
    words_ = power_interest_in_words(plan, pack.stakeholders)
    informed = words_.split("**Keep informed**", 1)[1] if "**Keep informed**" in words_ else ""
    assert "Women learning English" not in informed.split("**")[0]
    assert "Women learning English" in words_.split("**Involve closely**", 1)[1].split("**")[0]


def _phrase(keyword: str) -> str:
    """The words of an index entry a description would use: 'Interpreting services' -> 'interpreting'.
    Entries with a qualifier ('Services, health') are left out: their head word alone says too little."""
    if "," in keyword:
        return ""
    phrase = keyword.strip().casefold()
    single = re.fullmatch(r"(\w+) services?", phrase)
    return single.group(1) if single else phrase


# A word of the index shown in a domain's description outside the domains the index gives, and why
# that is not a contradiction.
NOT_A_CONTRADICTION = {
    (
        11,
        "rights",
    ): "the framework defines Digital skills as confidence with ICT to 'access rights and services'",
}


def test_domain_descriptions_agree_with_the_index(pack: ContentPack) -> None:
    wrong = []
    for domain in pack.framework.domains:
        for entry in pack.index.entries:
            head = _phrase(entry.keyword)
            if len(head) < 4 or (domain.number, head) in NOT_A_CONTRADICTION:
                continue
            if (
                re.search(rf"\b{re.escape(head)}\b", domain.description.casefold())
                and domain.number not in entry.domains
            ):
                wrong.append(
                    f"{domain.number}. {domain.name} mentions '{head}'; the index: {entry.keyword} {entry.domains}"
                )
    assert not wrong, "\n".join(wrong)


def test_principles_check_asks_that_the_receiving_community_is_measured(pack: ContentPack) -> None:
    wb = Workbook(meta=WorkbookMeta(title="Café"))
    wb.evaluation = [
        EvaluationRow(
            outcome="Women speak English with neighbours",
            samples=["Participants"],
            readings=[Reading(group="Newcomers", when="Q1", value=10)],
        )
    ]
    found = {f.rule_id: f for f in check_principles(pack, wb)}
    assert "receiving_community_not_measured" in found
    assert (
        "receiving communities as well as that of newcomers"
        in found["receiving_community_not_measured"].guide_reason.text
    )
    wb.evaluation[0].samples.append("Wider local community")
    assert "receiving_community_not_measured" not in {f.rule_id for f in check_principles(pack, wb)}
    wb.evaluation[0].samples = ["Participants"]
    wb.evaluation[0].readings.append(Reading(group="Settled residents", when="Q1", value=30))
    assert "receiving_community_not_measured" not in {f.rule_id for f in check_principles(pack, wb)}


# ------------------------------------------------------------------ item 9: content, not code


def test_words_the_app_uses_are_content(pack: ContentPack) -> None:
    import ioi_core.checks.stakeholders as stakeholder_checks
    import ioi_core.formats.bank_file as bank_import

    assert not hasattr(stakeholder_checks, "INCLUSION")
    assert not hasattr(bank_import, "_DOMAIN_NAMES")
    assert pack.stakeholders.inclusion == ["gender", "age", "disability", "sexuality", "income"]
    assert {o.label for o in pack.evaluation.sample_options} >= {"Participants", "Wider local community"}
    from ioi_core.model.workbook import EXERCISES

    assert set(pack.pages.exercise_names) == set(EXERCISES)
    assert pack.domain_spellings.spellings[9][0] == "language and communication"


def test_a_trainers_change_to_the_domain_spellings_is_used(tmp_path: Path) -> None:
    import shutil

    from ioi_core.formats.bank_file import recognise_domain

    shutil.copytree(ROOT / "content", tmp_path / "content")
    path = tmp_path / "content" / "domain_spellings.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["spellings"][1].append("jobs and careers")
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert recognise_domain("Jobs and careers", load_content(tmp_path / "content")) == 1
    assert recognise_domain("Jobs and careers", load_content()) is None


@pytest.mark.parametrize(
    ("file", "change", "message"),
    [
        ("pages.yaml", lambda d: d["exercise_names"].pop("barriers"), "exercise_names"),
        ("domain_spellings.yaml", lambda d: d["spellings"][2].append("work"), "spellings"),
        ("stakeholders.yaml", lambda d: d.update(inclusion=[]), "inclusion"),
    ],
)
def test_content_check_refuses_broken_app_words(tmp_path: Path, file: str, change, message: str) -> None:
    import shutil

    shutil.copytree(ROOT / "content", tmp_path / "content")
    path = tmp_path / "content" / file
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        checked_content(tmp_path / "content")
    assert any(file in p and message in p for p in raised.value.problems), raised.value.problems


def test_my_pages_take_their_introductions_from_content(pack: ContentPack) -> None:
    assert pack.pages.intros
    for page, intro in pack.pages.intros.items():
        source = (ROOT / "pages" / f"{page}.py").read_text(encoding="utf-8")
        assert f'page_intro(pack, "{page}")' in source, page
        assert intro[:40] not in source, page


# ------------------------------------------------------------------ say what is ours: the page beside the words


def passages_once_shown_uncited(pack: ContentPack) -> list[tuple[str, list[str], str]]:
    """(path, paragraphs, source) of the guide's words a read-through found shown without their page."""
    ex1, ex2, toc, ev = pack.exercise1, pack.exercise2, pack.theory_of_change, pack.evaluation
    return [
        ("exercise1.how_many_domains", ex1.how_many_domains.paragraphs, ex1.how_many_domains.source),
        ("exercise2.part1.introduction", ex2.part1.introduction, ex2.part1.introduction_source),
        ("exercise2.part2.introduction", ex2.part2.introduction, ex2.part2.introduction_source),
        *((f"theory_of_change.steps.{s.id}", s.guide_text, s.source) for s in toc.steps),
        (
            "theory_of_change.why_it_works",
            [*toc.why_it_works.paragraphs, *toc.why_it_works.bullets],
            toc.why_it_works.source,
        ),
        ("evaluation.analysis_cautions", ev.analysis_cautions.bullets, ev.analysis_cautions.source),
    ]


CITATION = re.compile(r"IOM Guide \(2020\), .+, pp?\. \d+(?:[-–]\d+)?")


def test_passages_once_shown_uncited_cite_a_page_and_are_the_guides_words(
    pack: ContentPack, guide_words: str
) -> None:
    wrong = []
    for path, texts, source in passages_once_shown_uncited(pack):
        if not CITATION.fullmatch(source):
            wrong.append(f"{path}: cites {source!r}, not 'IOM Guide (2020), <section>, p. N'")
        for text in texts:
            for piece in text.split("…"):
                if words(piece) and words(piece) not in guide_words:
                    wrong.append(f"{path}: not the guide's words: {piece.strip()[:80]!r}")
    assert texts and not wrong, "\n".join(wrong)


def test_passages_once_shown_uncited_show_their_page_beside_them(
    pack: ContentPack, every_page_text: str
) -> None:
    """Each passage is on a page, followed straight away by "— IOM Guide (2020), …, p. N"."""
    missing = [
        path
        for path, texts, source in passages_once_shown_uncited(pack)
        if shown(f"{texts[-1]} — {source}") not in every_page_text
    ]
    assert not missing, "shown without their citation: " + ", ".join(missing)
