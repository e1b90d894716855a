"""ioi_core/bootstrap.py, the composition root: the app and the command line get the same objects,
built once per process (per database URL for the stores)."""

from __future__ import annotations

import threading

from ioi_core import bootstrap
from ioi_core.checks.content_pack import get_content
from ioi_core.cli.commands import main
from ioi_core.store.migrate import current_revision
from ioi_ui import resources


def test_the_ui_uses_the_composition_root() -> None:
    assert resources.store is bootstrap.store
    assert resources.content is bootstrap.content
    assert resources.bank_store is bootstrap.bank_store
    assert resources.workshop_store is bootstrap.workshop_store


def test_the_content_pack_is_built_once_and_checked() -> None:
    assert bootstrap.content() is bootstrap.content() is get_content()
    assert bootstrap.content().pages.exercise_names  # checked against the workbook's exercises


def test_one_store_per_url_and_upgraded(tmp_path, monkeypatch) -> None:
    first, second = f"sqlite:///{tmp_path / 'a.db'}", f"sqlite:///{tmp_path / 'b.db'}"
    monkeypatch.setenv("IOI_DATABASE_URL", first)
    store = bootstrap.store()
    assert bootstrap.store(first) is store and bootstrap.store(second) is not store
    assert current_revision(store.engine) is not None and current_revision(bootstrap.store(second).engine)
    assert bootstrap.bank_store() is bootstrap.bank_store(first)
    assert bootstrap.bank_store().engine is store.engine
    assert bootstrap.workshop_store().workbooks is store
    assert bootstrap.workshop_store(second).workbooks is bootstrap.store(second)


def test_sessions_arriving_together_share_one_store(tmp_path, monkeypatch) -> None:
    """The first page views of a new server, at once: one engine and one upgrade, not one each."""
    monkeypatch.setenv("IOI_DATABASE_URL", f"sqlite:///{tmp_path / 'first.db'}")
    start, got = threading.Barrier(8), []

    def first_view() -> None:
        start.wait()
        got.append(resources.store())

    threads = [threading.Thread(target=first_view) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(got) == 8 and len({id(s) for s in got}) == 1
    assert current_revision(got[0].engine) is not None


def test_the_command_line_uses_the_same_store(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("IOI_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    assert main(["workshop", "create", "--title", "Made by the command line"]) == 0
    code = capsys.readouterr().out.split("Join code: ")[1].split()[0]
    assert resources.workshop_store().by_code(code).title == "Made by the command line"
