"""`python -m ioi_core`: admin commands over the same services the app uses."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ioi_core import bootstrap
from ioi_core.checks.content_pack import checked_content
from ioi_core.content.pack import ContentError


def _content_check(_args: argparse.Namespace) -> int:
    try:
        pack = checked_content()  # read now (not the process's cached pack), and checked against the model
    except ContentError as exc:
        print(f"Content pack has {len(exc.problems)} problem(s):", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print("Content pack is valid.")
    for name, count in pack.counts().items():
        print(f"  {name}: {count}")
    return 0


def _index(args: argparse.Namespace) -> int:
    try:
        pack = bootstrap.content()
    except ContentError as exc:
        print(f"Content pack is invalid; run `python -m ioi_core content check`.\n{exc}", file=sys.stderr)
        return 1
    keyword = " ".join(args.keyword)
    entries = pack.search_index(keyword)
    if not entries:
        print(f"No index entry matches '{keyword}'.", file=sys.stderr)
        return 1
    from ioi_core.content.bank_search import inferred_note

    for entry in entries:
        if len(entries) > 1 or entry.numbers_lost:
            print(f"# {entry.keyword}" + (f" ({inferred_note(entry)})" if entry.numbers_lost else ""))
        for number in entry.domains:  # an inferred number says so in a third column
            print(f"{number}\t{pack.domain(number).name}" + ("\tinferred" if entry.numbers_lost else ""))
    return 0


def _db_upgrade(_args: argparse.Namespace) -> int:
    from ioi_core.store.db import make_engine
    from ioi_core.store.migrate import current_revision, upgrade

    engine = make_engine()  # its own engine, not bootstrap's (which upgrades on first use): to say from what
    before = upgrade(engine)
    after = current_revision(engine)
    safe_url = engine.url.render_as_string(hide_password=True)
    print(f"Database {safe_url}: schema {before or 'empty'} -> {after}.")
    return 0


def _workbook_export(args: argparse.Namespace) -> int:
    from ioi_core.formats.report_html import report_html
    from ioi_core.formats.workbook_json import export_json
    from ioi_core.formats.workbook_xlsx import export_xlsx
    from ioi_core.store.workbooks import WorkbookNotFound

    try:
        workbook = bootstrap.store().get(args.key).workbook
    except WorkbookNotFound as exc:
        print(str(exc), file=sys.stderr)
        return 1
    if args.format == "json":
        data = export_json(workbook)
    elif args.format == "xlsx":
        data = export_xlsx(bootstrap.content(), workbook)
    else:
        data = report_html(bootstrap.content(), workbook).encode("utf-8")
    with open(args.output, "wb") as handle:
        handle.write(data)
    print(f"Wrote {args.output} ({len(data):,} bytes).")
    return 0


def _not_imported(file: str, exc: Exception) -> int:
    """Say why a file was not taken in (unreadable, or refused) in one line; exit status 1."""
    if isinstance(exc, OSError):
        print(f"Cannot read {file}: {exc.strerror}.", file=sys.stderr)
    else:
        print(f"Nothing was imported. {exc}", file=sys.stderr)
    return 1


def _workbook_import(args: argparse.Namespace) -> int:
    from ioi_core.formats.refusals import ImportRefused
    from ioi_core.formats.workbook_xlsx import import_file

    try:
        with open(args.file, "rb") as handle:
            workbook = import_file(args.file, handle)  # size checked before reading; never read whole
    except (OSError, ImportRefused) as exc:
        return _not_imported(args.file, exc)
    key, _ = bootstrap.store().create(workbook)
    print(key)
    return 0


def _change_text(entry) -> str:  # type: ignore[no-untyped-def]
    """What one history entry changed, on one line."""
    from ioi_core.store.history import display

    what = ", ".join(entry.changed[:6]) + (
        f" and {len(entry.changed) - 6} more" if len(entry.changed) > 6 else ""
    )
    if entry.was is not None:
        what += f": {display(entry.was, 60)!r} -> {display(entry.now, 60)!r}"
    return f"{entry.note}: {what}" if entry.note else what


def _when(moment) -> str:  # type: ignore[no-untyped-def]
    from zoneinfo import ZoneInfo

    return moment.astimezone(ZoneInfo("Europe/London")).strftime("%Y-%m-%d %H:%M:%S %Z")


def _workbook_history(args: argparse.Namespace) -> int:
    from ioi_core.store.history import list_history
    from ioi_core.store.workbooks import WorkbookNotFound

    try:
        history = list_history(bootstrap.store(), args.key, limit=args.limit)
    except WorkbookNotFound as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(
        f"Version {history.current_version} is the current one. Each line is a version and the change that made it."
    )
    for entry in history.entries:
        print(f"{entry.version}\t{_when(entry.saved_at)}\t{_change_text(entry)}")
    if not history.entries or history.entries[-1].version - 1 == history.oldest_version:
        first = "as created" if history.oldest_version == 1 else "before the oldest change kept"
        if history.oldest_version != history.current_version:
            print(f"{history.oldest_version}\t\t({first})")
    print(
        "Restore one with: python -m ioi_core workbook restore --version N -- KEY "
        "(to undo a line's change, restore the version before it)."
    )
    return 0


def _workbook_restore(args: argparse.Namespace) -> int:
    from ioi_core.store.history import restore_answer, restore_workbook
    from ioi_core.store.workbooks import StoreError

    store = bootstrap.store()
    try:
        before = store.get(args.key).version
        if args.path:
            stored = restore_answer(store, args.key, args.version, args.path)
        else:
            stored = restore_workbook(store, args.key, args.version)
    except StoreError as exc:
        print(f"Nothing was restored. {exc}", file=sys.stderr)
        return 1
    from ioi_core.store.history import list_history

    latest = list_history(store, args.key, limit=1).entries
    changed = latest[0].changed if latest and latest[0].version == stored.version else []
    what = f"{args.path}" if args.path else "the whole workbook"
    print(
        f"Restored {what} to version {args.version}: the workbook was version {before}, now {stored.version}."
    )
    if changed:
        print(f"Changed back ({len(changed)}): " + ", ".join(changed))
    else:
        print("Nothing differed from that version.")
    print(f"To undo this restore: python -m ioi_core workbook restore --version {before} -- KEY")
    return 0


def _backup(args: argparse.Namespace) -> int:
    """Every workbook that validates, each in the export's envelope; one that does not is reported (id,
    reason) and skipped."""
    from ioi_core.formats.workbook_json import backup_json
    from ioi_core.store.db_check import stored_rows
    from ioi_core.store.workbooks import WorkbookDataInvalid, load_stored

    engine = bootstrap.store().engine
    kept, skipped = [], 0
    for row in stored_rows(engine):
        try:
            workbook = load_stored(row.id, row.data)
        except WorkbookDataInvalid as exc:
            skipped += 1
            print(f"Skipped workbook {row.id}: its data does not validate: {exc.problems}", file=sys.stderr)
            continue
        kept.append((row.id, row.version, workbook))
    with open(args.output, "wb") as handle:
        handle.write(backup_json(kept))
    print(f"Backed up {len(kept)} workbook(s) to {args.output}.")
    if skipped:
        print(
            f"Skipped {skipped} workbook(s) whose data no longer validates (listed above); "
            "repair them with `python -m ioi_core db check --repair`, then back up again.",
            file=sys.stderr,
        )
        return 1
    return 0


def _db_check(args: argparse.Namespace) -> int:
    """Report (and with --repair, repair) stored workbooks that no longer validate."""
    from ioi_core.store.db_check import check, shown

    checked, reports = check(bootstrap.store().engine, repair=args.repair)
    if not reports:
        print(f"Checked {checked} workbook(s): all valid.")
        return 0
    print(f"Checked {checked} workbook(s): {len(reports)} do not validate.")
    failed = 0
    for report in reports:
        print(f"Workbook {report.id} ({shown(report.title)}, version {report.version}): {report.problems}")
        if report.unrepairable:
            failed += 1
            print(f"  cannot be repaired automatically: {report.unrepairable}")
            continue
        if report.repaired_version is not None:
            print(
                f"  repaired: now version {report.repaired_version}; the version before the repair is kept "
                f"in its history (restore it with `workbook restore --version {report.repaired_version - 1}`)"
            )
        else:
            failed += 1
            print("  a repair (--repair) would change:")
        for change in report.changes:
            print(f"    {change}")
    if failed and not args.repair:
        print("Nothing was changed. Run `python -m ioi_core db check --repair` to repair them.")
    return 1 if failed else 0


def _workshop_create(args: argparse.Namespace) -> int:
    from ioi_core.store.workshops import WorkshopError

    try:
        workshop, trainer_key = bootstrap.workshop_store().create(
            args.title, args.exercises, args.organisation
        )
    except WorkshopError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(f"Workshop: {workshop.title}")
    print(f"Join code: {workshop.code}")
    print(f"Trainer key (keep it secret; shown once): {trainer_key}")
    return 0


def _workshop_export(args: argparse.Namespace) -> int:
    """Every answer of every participant, as the trainer's Export button gives it, built now."""
    import os
    from pathlib import Path

    from ioi_core.live.room import export_workshop
    from ioi_core.store.workshops import WorkshopError

    trainer_key = (args.trainer_key or os.environ.get("IOI_TRAINER_KEY") or "").strip()
    if not trainer_key:
        print("Give the workshop's trainer key with --trainer-key or IOI_TRAINER_KEY.", file=sys.stderr)
        return 2
    workshops = bootstrap.workshop_store()
    try:
        workshop = workshops.for_trainer(args.code, trainer_key)
    except WorkshopError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    try:
        pack = bootstrap.content()
    except ContentError as exc:
        print(f"Content pack is invalid; run `python -m ioi_core content check`.\n{exc}", file=sys.stderr)
        return 1
    data = export_workshop(pack, workshops, workshop)
    Path(args.output).write_bytes(data)
    count = len(workshops.participants(workshop.id))
    print(f"Wrote {args.output}: workshop {workshop.code}, {count} participant(s).")
    return 0


def _bank_import(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ioi_core.formats.bank_file import INSTALLATION, check_size, guess_mapping, read_table, validate
    from ioi_core.formats.refusals import ImportRefused

    path = Path(args.file)
    try:
        check_size(path.stat().st_size)  # before reading it
        frame = read_table(path.name, path.read_bytes())
    except (OSError, ImportRefused) as exc:
        return _not_imported(args.file, exc)
    mapping = guess_mapping(list(frame.columns))
    for field in ("indicator", "domain", "availability", "source", "link"):
        chosen = getattr(args, f"{field}_column")
        if chosen:
            if chosen not in frame.columns:
                print(f"Nothing was imported. The file has no column '{chosen}'.", file=sys.stderr)
                return 1
            mapping[field] = chosen
    print("Columns: " + ", ".join(f"{field}={column or '-'}" for field, column in mapping.items()))
    preview = validate(frame, mapping, INSTALLATION, path.name)
    if preview.rejected:
        print(f"Nothing was imported: {len(preview.rejected)} row(s) need fixing.", file=sys.stderr)
        for problem in preview.rejected[:100]:
            print(f"  {problem}", file=sys.stderr)
        return 1
    result = bootstrap.bank_store().add(preview.indicators, INSTALLATION, path.name)
    print(f"Imported {result.added} indicator(s); {result.already} were already in the bank.")
    if result.batch:
        print(
            f"Import {result.batch.id} (remove it with: python -m ioi_core bank remove-import {result.batch.id})"
        )
    return 0


def _bank_list_imports(args: argparse.Namespace) -> int:
    from ioi_core.formats.bank_file import INSTALLATION

    scope = None if args.all else INSTALLATION
    batches = bootstrap.bank_store().imports(scope)
    if not batches:
        print(
            "No imports recorded"
            + ("." if args.all else " for the installation (--all lists workbooks' too).")
        )
        return 0
    print("import\twhen\tscope\tindicators\tfile")
    for batch in batches:
        where = "installation" if batch.scope == INSTALLATION else f"workbook {batch.scope}"
        print(f"{batch.id}\t{_when(batch.created_at)}\t{where}\t{batch.added}\t{batch.file_name}")
    return 0


def _bank_remove_import(args: argparse.Namespace) -> int:
    removed = bootstrap.bank_store().remove_import(args.id)
    if removed is None:
        print(
            f"No import {args.id!r}; `python -m ioi_core bank list-imports --all` lists them.",
            file=sys.stderr,
        )
        return 1
    print(
        f"Removed import {removed.id} ({removed.file_name}): {removed.added} indicator(s). "
        "Workbooks that shortlisted any of them keep their own copies."
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m ioi_core", description="IOI Workbook admin commands.")
    commands = parser.add_subparsers(dest="command", required=True)

    content = commands.add_parser("content", help="the content pack in content/")
    content_cmds = content.add_subparsers(dest="action", required=True)
    content_cmds.add_parser("check", help="validate the pack and print counts").set_defaults(
        func=_content_check
    )

    index = commands.add_parser("index", help="look up the guide's index: KEYWORD -> domains")
    index.add_argument("keyword", nargs="+")
    index.set_defaults(func=_index)

    db = commands.add_parser("db", help="the workbook database (IOI_DATABASE_URL)")
    db_cmds = db.add_subparsers(dest="action", required=True)
    db_cmds.add_parser("upgrade", help="create or upgrade the schema").set_defaults(func=_db_upgrade)
    db_check = db_cmds.add_parser(
        "check", help="find workbooks whose stored data no longer validates (exit 1 if any)"
    )
    db_check.add_argument(
        "--repair",
        action="store_true",
        help="repair them, saying exactly what changed (history keeps the old copy)",
    )
    db_check.set_defaults(func=_db_check)

    workbook = commands.add_parser(
        "workbook", help="export, import, list the history of or restore a workbook"
    )
    workbook_cmds = workbook.add_subparsers(dest="action", required=True)
    export = workbook_cmds.add_parser("export", help="write a workbook to a file")
    export.add_argument("key")
    export.add_argument("--format", choices=["xlsx", "json", "html"], required=True)
    export.add_argument("--output", required=True)
    export.set_defaults(func=_workbook_export)
    imported = workbook_cmds.add_parser("import", help="create a new workbook from a .json or .xlsx export")
    imported.add_argument("file")
    imported.set_defaults(func=_workbook_import)
    key_help = "the workbook's key (put -- before a key that starts with '-')"
    history = workbook_cmds.add_parser("history", help="one line per version: number, time, what changed")
    history.add_argument("key", help=key_help)
    history.add_argument("--limit", type=int, default=None, help="only the newest N changes")
    history.set_defaults(func=_workbook_history)
    restore = workbook_cmds.add_parser(
        "restore", help="put a workbook (or one answer) back as it was at a version, as a new change"
    )
    restore.add_argument("key", help=key_help)
    restore.add_argument("--version", type=int, required=True, help="a version listed by `workbook history`")
    restore.add_argument("--path", default=None, help="one answer only, e.g. exercise1.facilitator_why")
    restore.set_defaults(func=_workbook_restore)

    workshop = commands.add_parser("workshop", help="workshops for trainers")
    workshop_cmds = workshop.add_subparsers(dest="action", required=True)
    create = workshop_cmds.add_parser(
        "create", help="create a workshop; prints its join code and trainer key"
    )
    create.add_argument("--title", required=True)
    create.add_argument("--exercises", nargs="*", default=None, help="e.g. exercise1 exercise2 stakeholders")
    create.add_argument("--organisation", default="")
    create.set_defaults(func=_workshop_create)
    ws_export = workshop_cmds.add_parser(
        "export",
        help="every participant's answers and the room's summary as .xlsx (needs the trainer key)",
    )
    ws_export.add_argument("code", help="the workshop's join code (put `--` before it if it starts with -)")
    ws_export.add_argument("--output", required=True)
    ws_export.add_argument(
        "--trainer-key",
        default=None,
        help="the trainer key (or set IOI_TRAINER_KEY, kept out of shell history)",
    )
    ws_export.set_defaults(func=_workshop_export)

    bank = commands.add_parser("bank", help="the indicator bank")
    bank_cmds = bank.add_subparsers(dest="action", required=True)
    bank_import = bank_cmds.add_parser(
        "import", help="import a bank file (.csv or .xlsx) for the whole installation, as one import"
    )
    bank_import.add_argument("file")
    bank_import.add_argument(
        "--scope",
        choices=["installation"],
        default="installation",
        help="where the indicators go: the shared bank everyone sees (the only choice here)",
    )
    for field in ("indicator", "domain", "availability", "source", "link"):
        bank_import.add_argument(
            f"--{field}-column", default=None, help=f"the column holding the {field} (guessed if omitted)"
        )
    bank_import.set_defaults(func=_bank_import)
    list_imports = bank_cmds.add_parser("list-imports", help="the imports into the shared bank, newest first")
    list_imports.add_argument("--all", action="store_true", help="workbooks' own imports too")
    list_imports.set_defaults(func=_bank_list_imports)
    remove_import = bank_cmds.add_parser(
        "remove-import", help="remove one import (an id from list-imports) and every indicator it added"
    )
    remove_import.add_argument("id")
    remove_import.set_defaults(func=_bank_remove_import)

    backup = commands.add_parser(
        "backup",
        help="every workbook's answers in one JSON file (a workbook that does not validate is skipped and listed)",
    )
    backup.add_argument("--output", required=True)
    backup.set_defaults(func=_backup)

    from ioi_core.cli import serve

    served = commands.add_parser(
        "serve", help="several app servers behind HAProxy (sticky sessions), one command"
    )
    serve.add_arguments(served)
    served.set_defaults(func=serve.serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))
