"""Text the database cannot hold is refused by the model (every field, every path), and stored
workbooks that no longer validate are found, reported and repaired (`db check`), never break `get`,
and never stop `backup` for the others. Run on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import ValidationError
from sqlalchemy import select, text

from ioi_core.cli.commands import main
from ioi_core.content.pack import load_content
from ioi_core.model.workbook import ImportedIndicator, Workbook, WorkbookMeta
from ioi_core.store.db import WorkbookRow, WorkbookVersionRow
from ioi_core.store.edits import ANY, InvalidAnswer, set_answer
from ioi_core.store.history import list_history
from ioi_core.store.workbooks import StoreError, WorkbookDataInvalid, WorkbookStore
from tests.support.workbooks import marked_workbook

# Refused for a reason of their own before the text is looked at: a choice, a date, a fixed value.
NOT_FREE_TEXT = {"enum", "literal_error", "datetime_from_date_parsing", "datetime_parsing"}


def string_leaves(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], bool]]:
    """Every string in the JSON data: (path, is it a dict key?)."""
    found: list[tuple[tuple[Any, ...], bool]] = []
    if isinstance(node, dict):
        for name, value in node.items():
            found.append(((*path, name), True))
            found += string_leaves(value, (*path, name))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += string_leaves(value, (*path, index))
    elif isinstance(node, str):
        found.append((path, False))
    return found


def test_every_text_field_of_the_model_refuses_control_characters() -> None:
    workbook, _ = marked_workbook(load_content())
    workbook.meta.workshop_code = "ABC234"
    workbook.imported_indicators.append(
        ImportedIndicator(id="imp-2", domain=4, text="t", source="s", data_availability="d", link="https://x")
    )
    data = workbook.model_dump(mode="json")
    checked = 0
    for path, is_key in string_leaves(data):
        trial = json.loads(json.dumps(data))
        node = trial
        for part in path[:-1]:
            node = node[part]
        if is_key:
            if not _is_free_dict(path):
                continue  # a field's name, not data
            node[path[-1] + "\x00"] = node.pop(path[-1])
            where = (*path[:-1], path[-1] + "\x00", "[key]")
        else:
            node[path[-1]] = node[path[-1]] + "\x00"
            where = path
        with pytest.raises(ValidationError) as refused:
            Workbook.model_validate(trial)
        error = refused.value.errors()[0]
        assert error["loc"] == where, (path, refused.value.errors())
        if error["type"] in NOT_FREE_TEXT:
            continue
        assert error["type"] == "control_character", (path, error)
        assert (
            error["msg"]
            == "contains a control character (U+0000) that cannot be stored; remove it and try again"
        )
        checked += 1
    assert checked > 80  # every answer of the catalogue, the details, the keys of the keyed notes


def _is_free_dict(path: tuple[Any, ...]) -> bool:
    """Dicts keyed by data (not a model's fields): barriers, agreements, best practices."""
    return path[-2:-1] in (("barriers",), ("agreements",), ("best_practices_ticked",))


@pytest.mark.parametrize(
    "character", ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x85", "\x9f"]
)
def test_each_control_character_is_refused_and_named(character: str) -> None:
    with pytest.raises(ValidationError, match=f"U\\+{ord(character):04X}"):
        WorkbookMeta(title=f"a{character}b")


def test_tab_newline_and_carriage_return_are_kept() -> None:
    workbook = Workbook(meta=WorkbookMeta(title="Plan", organisation="a\tb"))
    workbook.exercise1.facilitator_why = "line 1\r\nline 2\n\tindented"
    assert Workbook.model_validate_json(workbook.model_dump_json()) == workbook


# ---------------------------------------------------------------- typing in the app: ioi_core.store.edits


@pytest.mark.parametrize(
    "path", [("meta", "title"), ("exercise1", "facilitator_why"), ("barriers", "b1", "plan")]
)
def test_set_answer_refuses_a_control_character_and_saves_nothing(store: WorkbookStore, path) -> None:
    key, created = store.create(Workbook(meta=WorkbookMeta(title="Plan")))
    with pytest.raises(InvalidAnswer) as refused:
        set_answer(store, key, path, "Council\x00 notes", ANY)
    assert "contains a control character (U+0000) that cannot be stored" in str(refused.value)
    assert store.get(key).version == created.version  # nothing written
    assert list_history(store, key).entries == []
    stored = set_answer(store, key, path, "Council\tnotes\r\nnext line", ANY)  # what is allowed still saves
    assert stored.version == created.version + 1


# ---------------------------------------------------------------- rows that no longer validate


def put_raw(store: WorkbookStore, workbook_id: str, data: str) -> None:
    with store.engine.begin() as connection:
        connection.execute(
            text("UPDATE workbooks SET data = :data WHERE id = :id"), {"data": data, "id": workbook_id}
        )


def raw(store: WorkbookStore, workbook_id: str) -> str:
    with store.engine.connect() as connection:
        return connection.scalar(select(WorkbookRow.data).where(WorkbookRow.id == workbook_id))


def bad_data(workbook: Workbook) -> str:
    """What old code or a hand edit could have stored: NaN, infinity, NUL, too long, a null in a list,
    an unknown field (json.dumps writes NaN and Infinity as bare words)."""
    data = workbook.model_dump(mode="json")
    data["meta"]["title"] = "Bad\x00title"
    data["exercise1"]["facilitator_why"] = "y" * 5003
    data["exercise2"]["key_questions_done"] = [1, None, 2]
    data["evaluation"] = [
        {"outcome": "Jobs\x1b", "baseline": float("nan"), "readings": [{"group": "g", "value": float("inf")}]}
    ]
    data["barriers"] = {"b1\x07": {"plan": "keep me"}}
    data["retired_field"] = 1
    return json.dumps(data)


@pytest.fixture
def bad_store(store: WorkbookStore, monkeypatch) -> tuple[WorkbookStore, dict[str, str]]:
    """Two good workbooks and one bad row (written with SQL), with the CLI pointed at the database."""
    monkeypatch.setenv("IOI_DATABASE_URL", store.engine.url.render_as_string(hide_password=False))
    keys = {}
    for title in ("First good", "Bad", "Second good"):
        keys[title], stored = store.create(Workbook(meta=WorkbookMeta(title=title)))
        keys[title + " id"] = stored.id
        if title == "Bad":
            put_raw(store, stored.id, bad_data(stored.workbook))
    return store, keys


def test_a_bad_row_gives_a_clear_error_not_a_traceback(bad_store) -> None:
    store, keys = bad_store
    with pytest.raises(WorkbookDataInvalid) as refused:
        store.get(keys["Bad"])
    assert str(refused.value) == (
        "This workbook has data that no longer validates; an administrator can repair it with "
        "`python -m ioi_core db check --repair`."
    )
    assert "meta.title: contains a control character (U+0000)" in refused.value.problems
    with pytest.raises(StoreError):  # an answer typed into it is refused the same way, nothing written
        set_answer(store, keys["Bad"], ("exercise1", "facilitator_why"), "new", ANY)
    assert store.get(keys["First good"]).workbook.meta.title == "First good"


def test_backup_skips_and_reports_a_bad_row_and_keeps_the_rest(bad_store, capsys, tmp_path) -> None:
    store, keys = bad_store
    code = main(["backup", "--output", str(tmp_path / "all.json")])
    out, err = capsys.readouterr()
    assert code == 1
    assert (
        f"Skipped workbook {keys['Bad id']}: its data does not validate: meta.title: contains a control"
        in err
    )
    assert "Backed up 2 workbook(s)" in out
    backup = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))
    assert [w["workbook"]["meta"]["title"] for w in backup["workbooks"]] == ["First good", "Second good"]


def test_db_check_reports_without_changing_anything(bad_store, capsys) -> None:
    store, keys = bad_store
    before = raw(store, keys["Bad id"])
    code = main(["db", "check"])
    out, _ = capsys.readouterr()
    assert code == 1
    assert "Checked 3 workbook(s): 1 do not validate." in out
    assert f"Workbook {keys['Bad id']} (" in out and "a repair (--repair) would change:" in out
    assert "evaluation.0.baseline: was NaN, now empty" in out
    assert raw(store, keys["Bad id"]) == before


def test_db_check_repair_makes_the_row_valid_says_what_changed_and_keeps_the_old_copy(
    bad_store, capsys
) -> None:
    store, keys = bad_store
    before = raw(store, keys["Bad id"])
    code = main(["db", "check", "--repair"])
    out, _ = capsys.readouterr()
    assert code == 0, out
    changes = [line.strip() for line in out.splitlines() if line.startswith("    ")]
    assert changes == [
        "meta.title: removed 1 control character(s) (U+0000)",
        'exercise1.facilitator_why: cut from 5,003 to 5,000 characters; removed 3: "yyy"',
        "exercise2.key_questions_done.1: removed this item (exercise2.key_questions_done.1: Input should be a "
        "valid integer)",
        'barriers: the entry "b1<U+0007>" renamed "b1"',
        "evaluation.0.outcome: removed 1 control character(s) (U+001B)",
        "evaluation.0.baseline: was NaN, now empty",
        "evaluation.0.readings.0.value: was Infinity, now empty",
        "retired_field: was 1, now removed (not part of a workbook)",
        'title column: was "Bad", now "Badtitle"',
    ]
    repaired = store.get(keys["Bad"])
    assert repaired.version == 2
    workbook = repaired.workbook
    assert workbook.meta.title == "Badtitle"
    assert workbook.exercise1.facilitator_why == "y" * 5000
    assert workbook.exercise2.key_questions_done == [1, 2]
    assert workbook.barriers["b1"].plan == "keep me"
    assert workbook.evaluation[0].outcome == "Jobs"
    assert workbook.evaluation[0].baseline is None and workbook.evaluation[0].readings[0].value is None
    with store.engine.connect() as connection:  # the row as it was is kept in history, byte for byte
        kept = connection.execute(
            select(WorkbookVersionRow.data, WorkbookVersionRow.note).where(
                WorkbookVersionRow.workbook_id == keys["Bad id"]
            )
        ).one()
    assert kept.data == before and kept.note.startswith("Repaired by db check: meta.title")
    assert main(["db", "check"]) == 0  # nothing left to do
    assert "all valid" in capsys.readouterr().out
    assert main(["backup", "--output", "/dev/null"]) == 0


def test_a_row_that_cannot_be_repaired_is_reported_and_the_rest_repaired(bad_store, capsys) -> None:
    store, keys = bad_store
    put_raw(store, keys["Second good id"], "this is not JSON")
    code = main(["db", "check", "--repair"])
    out, _ = capsys.readouterr()
    assert code == 1
    assert "Checked 3 workbook(s): 2 do not validate." in out
    assert (
        f"Workbook {keys['Second good id']}" in out
        and "cannot be repaired automatically: the stored data is not JSON" in out
    )
    assert store.get(keys["Bad"]).workbook.meta.title == "Badtitle"
    assert raw(store, keys["Second good id"]) == "this is not JSON"
