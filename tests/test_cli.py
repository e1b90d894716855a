"""`python -m ioi_core`: content check, index look-up, database upgrade."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.support.cli import run

ROOT = Path(__file__).resolve().parents[1]


def test_content_check_prints_counts() -> None:
    result = run("content", "check")
    assert result.returncode == 0, result.stderr
    assert "domains: 14" in result.stdout
    assert "types: 4" in result.stdout
    assert "indicators (guide): " in result.stdout and "indicators (starter): " in result.stdout


def test_content_check_names_file_and_field_on_error(tmp_path: Path) -> None:
    broken = tmp_path / "content"
    shutil.copytree(ROOT / "content", broken)
    framework = yaml.safe_load((broken / "framework.yaml").read_text(encoding="utf-8"))
    framework["domains"][0]["number"] = 15
    (broken / "framework.yaml").write_text(yaml.safe_dump(framework, allow_unicode=True), encoding="utf-8")
    result = run("content", "check", IOI_CONTENT_DIR=str(broken))
    assert result.returncode == 1
    assert (
        "content/framework.yaml: domains[0].number: Input should be less than or equal to 14" in result.stderr
    )


def test_index_prints_number_tab_domain() -> None:
    result = run("index", "esol")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["9\tLanguage and communication"]


def test_index_exact_match_with_several_domains_then_entries_holding_the_word() -> None:
    result = run("index", "Housing")
    assert result.returncode == 0
    assert result.stdout.splitlines()[:4] == [
        "# Housing",
        "3\tHousing",
        "13\tStability",
        "14\tRights and responsibilities",
    ]
    assert "# Insecurity, housing" in result.stdout and "# Satisfaction, housing" in result.stdout


def test_index_falls_back_to_entries_containing_the_text() -> None:
    result = run("index", "cultural")
    assert result.returncode == 0
    assert "# Cultural exchange" in result.stdout and "10\tCulture" in result.stdout


def test_index_with_no_match_fails_clearly() -> None:
    result = run("index", "quantum entanglement")
    assert result.returncode == 1
    assert "No index entry matches 'quantum entanglement'" in result.stderr


def test_db_upgrade_creates_the_schema(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.db'}"
    result = run("db", "upgrade", IOI_DATABASE_URL=url)
    assert result.returncode == 0, result.stderr
    assert "schema empty -> 0007" in result.stdout
    again = run("db", "upgrade", IOI_DATABASE_URL=url)
    assert "schema 0007 -> 0007" in again.stdout


def test_workbook_export_import_and_backup(tmp_path: Path) -> None:
    from ioi_core.model.workbook import Workbook, WorkbookMeta
    from ioi_core.store.db import make_engine
    from ioi_core.store.migrate import upgrade
    from ioi_core.store.workbooks import WorkbookStore

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    engine = make_engine(url)
    upgrade(engine)
    key, _ = WorkbookStore(engine).create(Workbook(meta=WorkbookMeta(title="CLI <b>café</b>")))
    for fmt in ("json", "xlsx", "html"):
        out = tmp_path / f"wb.{fmt}"
        result = run("workbook", "export", key, "--format", fmt, "--output", str(out), IOI_DATABASE_URL=url)
        assert result.returncode == 0, result.stderr
        assert out.stat().st_size > 0
    assert "CLI &lt;b&gt;café&lt;/b&gt;" in (tmp_path / "wb.html").read_text(encoding="utf-8")
    imported = run("workbook", "import", str(tmp_path / "wb.xlsx"), IOI_DATABASE_URL=url)
    assert imported.returncode == 0, imported.stderr
    new_key = imported.stdout.strip()
    assert new_key != key and WorkbookStore(engine).get(new_key).workbook.meta.title == "CLI <b>café</b>"
    backup = run("backup", "--output", str(tmp_path / "all.json"), IOI_DATABASE_URL=url)
    assert "Backed up 2 workbook(s)" in backup.stdout
    wrong = run(
        "workbook",
        "export",
        "nope",
        "--format",
        "json",
        "--output",
        str(tmp_path / "x"),
        IOI_DATABASE_URL=url,
    )
    assert wrong.returncode == 1 and "No workbook matches" in wrong.stderr
    (tmp_path / "bad.json").write_text("{oops", encoding="utf-8")
    bad = run("workbook", "import", str(tmp_path / "bad.json"), IOI_DATABASE_URL=url)
    assert bad.returncode == 1 and "not valid JSON" in bad.stderr


def test_workshop_create_prints_code_and_key(tmp_path: Path) -> None:
    import re

    url = f"sqlite:///{tmp_path / 'ws.db'}"
    result = run(
        "workshop", "create", "--title", "Leeds pilot", "--exercises", "exercise1", IOI_DATABASE_URL=url
    )
    assert result.returncode == 0, result.stderr
    code = re.search(r"Join code: ([A-Z2-9]{6})", result.stdout)
    key = re.search(r"Trainer key \(keep it secret; shown once\): (\S+)", result.stdout)
    assert code and key
    from ioi_core.store.db import make_engine
    from ioi_core.store.workbooks import WorkbookStore
    from ioi_core.store.workshops import WorkshopStore

    workshops = WorkshopStore(WorkbookStore(make_engine(url)))
    assert workshops.by_trainer_key(key.group(1)).code == code.group(1)
    assert workshops.by_code(code.group(1)).settings.exercises == ["exercise1"]
    empty = run("workshop", "create", "--title", "  ", IOI_DATABASE_URL=url)
    assert empty.returncode == 1 and "Give the workshop a title" in empty.stderr


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_upgrades_started_together_in_separate_processes_all_succeed(backend: str, request, tmp_path) -> None:
    """The admin command and servers starting at once on an empty database: one builds the schema,
    the others wait their turn and find it built."""
    url = (
        f"sqlite:///{tmp_path / 'together.db'}"
        if backend == "sqlite"
        else request.getfixturevalue("postgresql_url")
    )
    command = [sys.executable, "-m", "ioi_core", "db", "upgrade"]
    env = {**os.environ, "IOI_DATABASE_URL": url}
    started = [
        subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(6)
    ]
    outputs = [process.communicate(timeout=120) for process in started]
    assert [p.returncode for p in started] == [0] * 6, [err[-1500:] for _, err in outputs]
    built = [out for out, _ in outputs if "schema empty -> 0007" in out]
    assert len(built) == 1, outputs
    assert all("-> 0007" in out for out, _ in outputs)
