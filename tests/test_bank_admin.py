"""The shared indicator bank is administered: who may import where, limits, imports recorded as
batches that can be listed and removed (workbooks keep their copies), and the bank page's admin key."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from streamlit.testing.v1 import AppTest

from ioi_core.content.models import Indicator, Provenance
from ioi_core.content.pack import load_content
from ioi_core.formats.bank_file import (
    INSTALLATION,
    WORKBOOK_IMPORT_LIMIT,
    WORKBOOK_TOTAL_LIMIT,
    import_scopes,
    is_admin_key,
    validate,
)
from ioi_core.formats.refusals import ImportRefused
from ioi_core.model.workbook import Workbook, WorkbookMeta
from ioi_core.store.bank import BankStore
from ioi_core.store.db import make_engine
from ioi_core.store.migrate import upgrade
from ioi_core.store.shortlist import add_to_shortlist
from ioi_core.store.workbooks import WorkbookStore
from ioi_ui.pickers import indicator_label
from tests.support.apptest import ROOT, assert_healthy, texts
from tests.support.bank_files import ROWS, toolkit_xlsx
from tests.support.cli import run

KEY = "correct horse battery staple"


def made(n: int, prefix: str = "gen") -> list[Indicator]:
    return [
        Indicator(
            id=f"{prefix}-{i}",
            domain=i % 14 + 1,
            text=f"% of people in {prefix} group {i}",
            provenance=Provenance.IMPORTED,
            source="test",
        )
        for i in range(n)
    ]


# --- who may import where ------------------------------------------------------------------------


def test_installation_scope_needs_the_admin_key(monkeypatch) -> None:
    monkeypatch.delenv("IOI_ADMIN_KEY", raising=False)
    assert import_scopes("wb1", KEY) == ["wb1"]  # no key set: the installation only from the CLI
    assert import_scopes(None, "") == []
    monkeypatch.setenv("IOI_ADMIN_KEY", KEY)
    assert import_scopes("wb1", None) == ["wb1"]
    assert import_scopes("wb1", KEY[:-1]) == ["wb1"]
    assert import_scopes("wb1", KEY + " ") == ["wb1"]
    assert import_scopes("wb1", KEY) == ["wb1", INSTALLATION]
    assert import_scopes(None, KEY) == [INSTALLATION]
    assert is_admin_key(KEY) and not is_admin_key("") and not is_admin_key("cörrect")


def test_a_workbook_import_is_limited_per_file(store: WorkbookStore) -> None:
    bank = BankStore(store.engine)
    with pytest.raises(ImportRefused, match="limited to 2,000 indicators; this one has 2,001"):
        bank.add(made(WORKBOOK_IMPORT_LIMIT + 1), "wb1", "big.csv")
    assert bank.count("wb1") == 0 and bank.imports() == []
    # the installation (admin or CLI) is not limited to a workbook's 2,000
    assert bank.add(made(WORKBOOK_IMPORT_LIMIT + 1), INSTALLATION, "big.csv").added == 2_001


def test_a_workbook_holds_at_most_its_total(store: WorkbookStore) -> None:
    bank = BankStore(store.engine)
    assert bank.add(made(2_000, "a"), "wb1", "a.csv").added == 2_000
    assert bank.add(made(2_000, "b"), "wb1", "b.csv").added == 2_000
    with pytest.raises(
        ImportRefused, match="has 4,000 imported indicators; 1,001 more would pass the limit of 5,000"
    ):
        bank.add(made(1_001, "c"), "wb1", "c.csv")
    assert bank.count("wb1") == 4_000 and len(bank.imports("wb1")) == 2
    assert bank.add(made(1_000, "c"), "wb1", "c.csv").added == 1_000
    assert bank.count("wb1") == WORKBOOK_TOTAL_LIMIT
    assert bank.add(made(5, "d"), "wb2", "d.csv").added == 5  # another workbook has its own total


def test_validate_reports_a_file_over_the_workbook_limit() -> None:
    import pandas as pd

    frame = pd.DataFrame(
        {"Domain": ["1"] * 2_001, "Indicator": [f"% of people {i}" for i in range(2_001)]},
        index=range(2, 2_003),
    )
    mapping = {"indicator": "Indicator", "domain": "Domain"}
    assert validate(frame, mapping, "wb1", "f.csv").rejected == [
        "The file has 2,001 indicators; an import into a workbook is limited to 2,000."
    ]
    assert validate(frame, mapping, INSTALLATION, "f.csv").rejected == []


# --- batches ------------------------------------------------------------------------------------------


def test_imports_are_listed_and_removed_by_batch(store: WorkbookStore) -> None:
    bank = BankStore(store.engine)
    first = bank.add(made(3, "a"), INSTALLATION, "toolkit.xlsx").batch
    second = bank.add([*made(3, "a"), *made(2, "b")], INSTALLATION, "local.csv")
    assert (second.added, second.already) == (2, 3)
    assert bank.add(made(1, "w"), "wb1", "mine.csv").batch
    listed = bank.imports(INSTALLATION)
    assert [(b.file_name, b.added) for b in listed] == [("local.csv", 2), ("toolkit.xlsx", 3)]
    assert len(bank.imports()) == 3
    assert len(bank.list([INSTALLATION])) == 5

    assert bank.remove_import(first.id, "wb1") is None  # not in that scope: nothing removed
    removed = bank.remove_import(first.id)
    assert (removed.id, removed.file_name, removed.added) == (first.id, "toolkit.xlsx", 3)
    assert [i.id for i in bank.list([INSTALLATION])] == ["b-0", "b-1"]
    assert [b.file_name for b in bank.imports(INSTALLATION)] == ["local.csv"]
    assert bank.remove_import(first.id) is None
    assert [i.id for i in bank.list(["wb1"])] == ["w-0"]


def test_the_listing_follows_every_import_and_removal(store: WorkbookStore) -> None:
    """The list is kept between reruns by a stamp; each change must still show at once."""
    bank = BankStore(store.engine)
    assert bank.list([INSTALLATION]) == []
    one = bank.add(made(2, "a"), INSTALLATION, "a.csv").batch
    assert len(bank.list([INSTALLATION])) == 2
    kept = bank.listings([INSTALLATION])[0]
    assert bank.listings([INSTALLATION])[0] is kept  # unchanged: not read again
    bank.add(made(2, "b"), INSTALLATION, "b.csv")
    assert len(bank.list([INSTALLATION])) == 4
    bank.remove_import(one.id)
    assert [i.id for i in bank.list([INSTALLATION])] == ["b-0", "b-1"]
    # another server (another BankStore, another engine) sees the same
    other = BankStore(make_engine(str(store.engine.url.render_as_string(hide_password=False))))
    bank.add(made(1, "c"), INSTALLATION, "c.csv")
    assert len(other.list([INSTALLATION])) == 3
    other.engine.dispose()


def test_removing_an_import_leaves_workbooks_that_use_it_whole(store: WorkbookStore) -> None:
    pack = load_content()
    bank = BankStore(store.engine)
    batch = bank.add(made(3), INSTALLATION, "toolkit.xlsx").batch
    key, _ = store.create(Workbook(meta=WorkbookMeta(title="Uses the bank")))
    chosen = bank.list([INSTALLATION])[1]
    add_to_shortlist(store, key, [chosen])
    bank.remove_import(batch.id)
    assert bank.list([INSTALLATION]) == []
    workbook = store.get(key).workbook
    assert workbook.shortlist == [chosen.id]
    assert [(c.id, c.text) for c in workbook.imported_indicators] == [(chosen.id, chosen.text)]
    assert (
        indicator_label(pack, workbook)(chosen.id)
        == f"★ {chosen.text} (imported from a bank file) — domain {chosen.domain}"
    )


def test_indicators_imported_before_batches_become_one_import(db_url: str) -> None:
    engine = make_engine(db_url)
    upgrade(engine, "0004")
    with engine.begin() as connection:
        for n, scope in enumerate([INSTALLATION, INSTALLATION, "wb1"]):
            connection.execute(
                text(
                    "INSERT INTO bank_indicators (id, scope, domain, text, source, created_at) "
                    "VALUES (:id, :scope, 3, :text, 'old', CURRENT_TIMESTAMP)"
                ),
                {"id": f"imp-old{n}", "scope": scope, "text": f"% old {n}"},
            )
    upgrade(engine)
    bank = BankStore(engine)
    [old] = bank.imports(INSTALLATION)
    assert old.added == 2 and "before imports were recorded" in old.file_name
    assert len(bank.list([INSTALLATION])) == 2 and len(bank.list(["wb1"])) == 1
    bank.remove_import(old.id)
    assert bank.list([INSTALLATION]) == [] and len(bank.list(["wb1"])) == 1
    engine.dispose()


# --- the command line -----------------------------------------------------------------------------


def test_cli_lists_and_removes_imports(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'bank.db'}"
    good = tmp_path / "good.xlsx"
    good.write_bytes(toolkit_xlsx())
    imported = run("bank", "import", str(good), "--scope", "installation", IOI_DATABASE_URL=url)
    assert imported.returncode == 0, imported.stderr
    batch_id = imported.stdout.split("Import ", 1)[1].split()[0]
    listed = run("bank", "list-imports", IOI_DATABASE_URL=url)
    assert listed.returncode == 0
    [line] = [row for row in listed.stdout.splitlines() if row.startswith(batch_id)]
    assert line.split("\t")[2:] == ["installation", str(len(ROWS)), "good.xlsx"]
    removed = run("bank", "remove-import", batch_id, IOI_DATABASE_URL=url)
    assert removed.returncode == 0
    assert f"Removed import {batch_id} (good.xlsx): {len(ROWS)} indicator(s)." in removed.stdout
    engine = make_engine(url)
    assert BankStore(engine).list([INSTALLATION]) == []
    engine.dispose()
    assert "No imports recorded" in run("bank", "list-imports", IOI_DATABASE_URL=url).stdout
    again = run("bank", "remove-import", batch_id, IOI_DATABASE_URL=url)
    assert again.returncode == 1 and f"No import '{batch_id}'" in again.stderr


def test_cli_bank_import_refuses_a_big_file_by_its_size(tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    big.write_bytes(b"Domain,Indicator\n" + b"1,% of people\n" * 400_000)  # 5.6 MB
    result = run("bank", "import", str(big), IOI_DATABASE_URL=f"sqlite:///{tmp_path / 'b.db'}")
    assert result.returncode == 1
    assert "Nothing was imported. The file is 5.6 MB; the limit is 5 MB." in result.stderr
    assert "Traceback" not in result.stderr


# --- the bank page ------------------------------------------------------------------------------------


def bank_page(db: WorkbookStore, with_workbook: bool) -> tuple[AppTest, str | None]:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    key = None
    if with_workbook:
        key, _ = db.create(Workbook(meta=WorkbookMeta(title="Bank admin")))
        at.query_params["wb"] = key
    at.run()
    at.switch_page("pages/indicator_bank.py").run()
    assert_healthy(at)
    return at, key


def radio_options(at: AppTest) -> list[str]:
    return [o for r in at.radio if r.label == "Import for" for o in r.options]


def unlock(at: AppTest, typed: str) -> None:
    at.text_input(key="bank-admin-typed").input(typed)
    at.button(key="bank-admin-unlock").click().run()
    assert_healthy(at)


def test_without_an_admin_key_nobody_imports_for_everyone(db: WorkbookStore, monkeypatch) -> None:
    monkeypatch.delenv("IOI_ADMIN_KEY", raising=False)
    at, _ = bank_page(db, with_workbook=False)
    assert radio_options(at) == [] and not [t for t in at.text_input if t.label == "Admin key"]
    assert "python -m ioi_core bank import FILE --scope installation" in texts(at)
    at, _ = bank_page(db, with_workbook=True)
    assert radio_options(at) == []  # only this workbook
    assert "for this workbook only: at most 2,000 from one file and 5,000 in all" in texts(at)
    assert "Shared bank (administrators)" not in texts(at)


def test_the_admin_key_offers_everyone_and_removes_an_import(db: WorkbookStore, monkeypatch) -> None:
    monkeypatch.setenv("IOI_ADMIN_KEY", KEY)
    bank = BankStore(db.engine)
    old = bank.add(made(3, "old"), INSTALLATION, "old-toolkit.csv").batch
    bank.add(made(2, "new"), INSTALLATION, "new-toolkit.csv")
    at, _ = bank_page(db, with_workbook=True)
    assert radio_options(at) == []
    assert "**137 indicator(s)**" in texts(at)  # the 132 shipped and 5 imported
    unlock(at, "not the key")
    assert "That is not the admin key." in texts(at) and radio_options(at) == []
    assert at.session_state["bank-admin-typed"] == ""  # the box does not keep what was typed
    unlock(at, KEY)
    assert radio_options(at) == ["This workbook only", "Everyone using this installation"]
    assert at.radio(key="bank-scope").value != INSTALLATION  # never the default
    assert "holds 5 imported indicator(s) from 2 import(s)" in texts(at)
    assert KEY not in at.query_params.get("wb", "") and "admin" not in str(dict(at.query_params))

    at.selectbox(key="bank-remove-choice-installation").set_value(old.id).run()
    at.button(key="bank-remove-installation").click().run()
    assert_healthy(at)
    assert "Removed the import of old-toolkit.csv (3 indicator(s))" in texts(at)
    assert "old\\-toolkit\\.csv" in at.success[0].value  # the file's name shown as typed
    assert [b.file_name for b in bank.imports(INSTALLATION)] == ["new-toolkit.csv"]
    assert "**134 indicator(s)**" in texts(at)

    at.button(key="bank-admin-lock").click().run()
    assert radio_options(at) == [] and "Admin key" in [t.label for t in at.text_input]


def test_a_workbook_removes_its_own_import_only(db: WorkbookStore, monkeypatch) -> None:
    monkeypatch.delenv("IOI_ADMIN_KEY", raising=False)
    bank = BankStore(db.engine)
    bank.add(made(2, "shared"), INSTALLATION, "shared.csv")
    at, key = bank_page(db, with_workbook=True)
    workbook_id = db.get(key).id
    mine = bank.add(made(2, "mine"), workbook_id, "mine.csv").batch
    at.run()
    assert "This workbook's imports" in texts(at)
    assert list(at.selectbox(key="bank-remove-choice-workbook").options) == [
        f"mine.csv — 2 indicator(s), {at.dataframe[-1].value['When'][0]} (import {mine.id})"
    ]
    at.selectbox(key="bank-remove-choice-workbook").set_value(mine.id).run()
    at.button(key="bank-remove-workbook").click().run()
    assert_healthy(at)
    assert bank.imports(workbook_id) == [] and len(bank.imports(INSTALLATION)) == 1


def test_deleting_a_workbook_deletes_the_banks_imported_into_it_alone(store: WorkbookStore) -> None:
    from ioi_core.model.workbook import Workbook, WorkbookMeta

    bank = BankStore(store.engine)
    key, stored = store.create(Workbook(meta=WorkbookMeta(title="Mine")))
    bank.add(made(2, "w"), stored.id, "mine.csv")
    bank.add(made(1, "a"), INSTALLATION, "toolkit.xlsx")
    store.delete(key)
    assert bank.list([stored.id]) == [] and bank.imports(stored.id) == []
    assert [i.id for i in bank.list([INSTALLATION])] == ["a-0"], "the shared bank stays"
