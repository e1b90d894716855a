"""JSON export/import: a faithful round trip, and every bad file refused with a clear message."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ioi_core.formats.refusals import ImportRefused
from ioi_core.formats.workbook_json import MAX_BYTES, backup_json, envelope, export_json, import_json
from ioi_core.model.workbook import CustomIndicator, Stakeholder, Target, Workbook, WorkbookMeta

# Any text a workbook can hold: emoji, RTL, tab, newline and CR, but no other control character (Cc).
storable = st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\t\n\r")
text = st.text(alphabet=storable, max_size=300)


@st.composite
def workbooks(draw) -> Workbook:
    wb = Workbook(
        meta=WorkbookMeta(
            title=draw(st.text(alphabet=storable, min_size=1, max_size=200).filter(str.strip)).strip()
        )
    )
    wb.meta.organisation = draw(text)
    wb.exercise1.facilitator = draw(st.none() | st.integers(9, 13))
    wb.exercise1.facilitator_why = draw(st.text(alphabet=storable, max_size=5000))
    wb.exercise2.part1.problem = draw(text)
    wb.exercise2.part2.domain_still_relevant = draw(st.none() | st.booleans())
    wb.theory_of_change.targets = draw(
        st.lists(
            st.builds(
                Target,
                indicator=st.text(alphabet=storable, min_size=1, max_size=100),
                baseline=text,
                activity=text,
            ),
            max_size=3,
        )
    )
    wb.stakeholders.rows = draw(st.lists(st.builds(Stakeholder, name=text, role=text), max_size=3))
    wb.custom_indicators = draw(
        st.lists(
            st.builds(
                CustomIndicator,
                id=st.just("custom-1"),
                domain=st.integers(1, 14),
                text=st.just("% of people"),
            ),
            max_size=1,
        )
    )
    return wb


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(workbooks())
def test_export_import_export_is_stable(workbook: Workbook) -> None:
    first = import_json(export_json(workbook))
    assert first == workbook
    again = json.loads(export_json(first))["workbook"]
    assert again == json.loads(export_json(workbook))["workbook"]


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(workbooks())
def test_excel_round_trip_is_stable(workbook: Workbook) -> None:
    from ioi_core.checks.content_pack import get_content
    from ioi_core.formats.workbook_xlsx import export_xlsx, import_xlsx

    assert import_xlsx(export_xlsx(get_content(), workbook)) == workbook


def sample() -> bytes:
    return export_json(Workbook(meta=WorkbookMeta(title="Café <script>alert(1)</script> =SUM(A1)")))


@pytest.mark.parametrize(
    "data,message",
    [
        (b"\xff\xfe\x00bad", "not UTF-8"),
        (b"{not json", "not valid JSON"),
        (b"[1, 2, 3]", "not an IOI Workbook export"),
        (json.dumps({"format": "something-else"}).encode(), "not an IOI Workbook export"),
        (json.dumps({"format": "ioi-workbook", "schema_version": "1"}).encode(), "no valid 'schema_version'"),
        (
            json.dumps({"format": "ioi-workbook", "schema_version": 99, "workbook": {}}).encode(),
            "newer version",
        ),
        (json.dumps({"format": "ioi-workbook", "schema_version": 1}).encode(), "no 'workbook' section"),
        (
            json.dumps({"format": "ioi-workbook", "schema_version": 1, "workbook": {"meta": {}}}).encode(),
            "meta.title: Field required",
        ),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (
            b'{"format":"ioi-workbook","schema_version":1,"workbook":'
            + b'{"a":' * 30
            + b"1"
            + b"}" * 30
            + b"}",
            "nested too deeply",
        ),
        (b" " * (MAX_BYTES + 1), "the limit for a workbook"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message(data: bytes, message: str) -> None:
    with pytest.raises(ImportRefused, match=message):
        import_json(data)


def test_hostile_text_survives_as_text() -> None:
    workbook = import_json(sample())
    assert workbook.meta.title == "Café <script>alert(1)</script> =SUM(A1)"


def test_too_long_an_answer_in_a_file_is_refused() -> None:
    document = json.loads(sample())
    document["workbook"]["exercise2"]["part1"]["problem"] = "x" * 6000
    with pytest.raises(ImportRefused, match="exercise2.part1.problem"):
        import_json(json.dumps(document).encode())


# ---------------------------------------------------------------- one envelope: export and backup


def test_the_export_is_the_envelope() -> None:
    workbook = Workbook(meta=WorkbookMeta(title="One envelope"))
    document = json.loads(export_json(workbook))
    assert set(document) == {"format", "schema_version", "app_version", "exported_at", "workbook"}
    assert {k: v for k, v in document.items() if k != "exported_at"} == {
        k: v for k, v in envelope(workbook).items() if k != "exported_at"
    }


def test_every_entry_of_a_backup_is_an_export_that_imports() -> None:
    first, second = (
        Workbook(meta=WorkbookMeta(title="First")),
        Workbook(meta=WorkbookMeta(title="Second «ب»")),
    )
    second.exercise1.facilitator = 13
    backup = json.loads(backup_json([("id-1", 3, first), ("id-2", 1, second)]))
    assert backup["format"] == "ioi-workbook-backup" and backup["app_version"] and backup["exported_at"]
    assert [(w["id"], w["version"]) for w in backup["workbooks"]] == [("id-1", 3), ("id-2", 1)]
    for entry, workbook in zip(backup["workbooks"], (first, second), strict=True):
        assert set(entry) == {"id", "version", *json.loads(export_json(workbook))}
        assert entry["workbook"]["meta"]["title"] == workbook.meta.title  # where older backups had it
        assert import_json(json.dumps(entry, ensure_ascii=False).encode("utf-8")) == workbook


def test_an_older_export_without_app_version_or_date_still_imports() -> None:
    """The importer reads format, schema_version and workbook; nothing else is required."""
    workbook = Workbook(meta=WorkbookMeta(title="Written long ago"))
    old = {"format": "ioi-workbook", "schema_version": 1, "workbook": workbook.model_dump(mode="json")}
    assert import_json(json.dumps(old).encode()) == workbook
