"""`python -m ioi_core`: admin commands over the same services the app uses."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ioi_core.content import ContentError, load_content


def _content_check(_args: argparse.Namespace) -> int:
    try:
        pack = load_content()
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
        pack = load_content()
    except ContentError as exc:
        print(f"Content pack is invalid; run `python -m ioi_core content check`.\n{exc}", file=sys.stderr)
        return 1
    keyword = " ".join(args.keyword)
    entries = pack.search_index(keyword)
    if not entries:
        print(f"No index entry matches '{keyword}'.", file=sys.stderr)
        return 1
    for entry in entries:
        if len(entries) > 1:
            print(f"# {entry.keyword}")
        for number in entry.domains:
            print(f"{number}\t{pack.domain(number).name}")
    return 0


def _db_upgrade(_args: argparse.Namespace) -> int:
    from ioi_core.db import make_engine
    from ioi_core.migrate import current_revision, upgrade

    engine = make_engine()
    before = current_revision(engine)
    upgrade(engine)
    after = current_revision(engine)
    safe_url = engine.url.render_as_string(hide_password=True)
    print(f"Database {safe_url}: schema {before or 'empty'} -> {after}.")
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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))
