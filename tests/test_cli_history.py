"""`python -m ioi_core workbook history KEY` and `workbook restore KEY --version N`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ioi_core.store import workbooks as store_module
from ioi_core.store.db import make_engine
from ioi_core.store.edits import ANY, set_answer
from ioi_core.store.migrate import upgrade
from ioi_core.store.workbooks import WorkbookStore
from tests.fixtures.sample_workbook import full_workbook
from tests.support.cli import run


@pytest.fixture
def cli_db(tmp_path: Path, monkeypatch) -> tuple[str, WorkbookStore, str]:
    """A workbook whose key starts with '-' (keys are URL-safe base64, so some do) and three changes."""
    url = f"sqlite:///{tmp_path / 'history.db'}"
    engine = make_engine(url)
    upgrade(engine)
    store = WorkbookStore(engine)
    monkeypatch.setattr(store_module, "new_key", lambda: "-dash-first-key-0123456789abcdefghij")
    key, _ = store.create(full_workbook())
    set_answer(store, key, ("exercise1", "facilitator_why"), "Language opens doors", ANY)  # v2
    set_answer(store, key, ("barriers", "resources", "plan"), "Ask the council", ANY)  # v3
    set_answer(store, key, ("exercise1", "facilitator_why"), "", ANY)  # v4: wiped
    return url, store, key


def test_history_prints_one_line_per_version(cli_db) -> None:
    url, _, key = cli_db
    result = run("workbook", "history", "--", key, IOI_DATABASE_URL=url)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Version 4 is the current one.")
    versions = [line.split("\t") for line in lines[1:5]]
    assert [v[0] for v in versions] == ["4", "3", "2", "1"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d (GMT|BST)", versions[0][1])
    assert versions[0][2] == "exercise1.facilitator_why: 'Language opens doors' -> ''"
    assert versions[1][2] == "barriers.resources.plan: 'Share the data early' -> 'Ask the council'"
    assert versions[3][2] == "(as created)"
    limited = run("workbook", "history", "--limit", "1", "--", key, IOI_DATABASE_URL=url)
    assert [line.split("\t")[0] for line in limited.stdout.splitlines()[1:-1]] == ["4"]


def test_restore_puts_the_workbook_back_and_says_what_it_did(cli_db) -> None:
    url, store, key = cli_db
    before_wipe = store.get(key).workbook.model_copy(deep=True)
    result = run("workbook", "restore", "--version", "3", "--", key, IOI_DATABASE_URL=url)
    assert result.returncode == 0, result.stderr
    assert "Restored the whole workbook to version 3: the workbook was version 4, now 5." in result.stdout
    assert "Changed back (1): exercise1.facilitator_why" in result.stdout
    assert "restore --version 4 -- KEY" in result.stdout
    now = store.get(key).workbook
    assert now.exercise1.facilitator_why == "Language opens doors"
    assert now.barriers["resources"].plan == "Ask the council"
    assert now.meta.created == before_wipe.meta.created
    listed = run("workbook", "history", "--", key, IOI_DATABASE_URL=url).stdout
    assert "5\t" in listed and "Restored the whole workbook to version 3: exercise1.facilitator_why" in listed
    # One answer only, back to how it was when the workbook was made.
    one = run(
        "workbook",
        "restore",
        "--version",
        "1",
        "--path",
        "barriers.resources.plan",
        "--",
        key,
        IOI_DATABASE_URL=url,
    )
    assert one.returncode == 0, one.stderr
    assert "Restored barriers.resources.plan to version 1" in one.stdout
    assert store.get(key).workbook.barriers["resources"].plan == full_workbook().barriers["resources"].plan
    assert store.get(key).workbook.exercise1.facilitator_why == "Language opens doors"


def test_restore_refusals_change_nothing(cli_db) -> None:
    url, store, key = cli_db
    version = store.get(key).version
    gone = run("workbook", "restore", "--version", "99", "--", key, IOI_DATABASE_URL=url)
    assert gone.returncode == 1 and "Nothing was restored. Version 99" in gone.stderr
    bad_path = run(
        "workbook", "restore", "--version", "2", "--path", "nope.x", "--", key, IOI_DATABASE_URL=url
    )
    assert bad_path.returncode == 1 and "is not an answer" in bad_path.stderr
    unknown = run("workbook", "history", "--", "-not-a-key", IOI_DATABASE_URL=url)
    assert unknown.returncode == 1 and "No workbook matches" in unknown.stderr
    assert store.get(key).version == version
