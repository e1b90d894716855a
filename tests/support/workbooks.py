"""Workbooks built for tests: one with a marker in every answer, to follow each answer everywhere."""

from __future__ import annotations

from typing import Any, get_args, get_origin

from ioi_core.content.pack import ContentPack
from ioi_core.model.questions import KEY_SOURCES, WILDCARD, catalogue, model_leaves
from ioi_core.model.workbook import ImportedIndicator, Workbook


def _choice_values(tp: Any) -> list[Any]:
    if get_origin(tp) is not None and get_args(tp) and isinstance(get_args(tp)[0], str):
        return list(get_args(tp))  # Literal
    return [m.value for m in tp]  # Enum


def _put(tree: dict, parts: list[str], value: Any, pack: ContentPack) -> None:
    """Set `value` at a pattern path, taking entry 0 of each list and the pack's first key of each set."""
    _, containers = model_leaves()
    cat = catalogue()
    node: Any = tree
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if part == WILDCARD:
            prefix = ".".join(parts[:i])
            if containers[prefix].kind == "list":
                if not node:
                    node.append({})
                node = node[0]
                continue
            key = KEY_SOURCES[cat.collections[prefix].keys_from](pack)[0][0]
            if last:
                node[key] = value
                return
            node = node.setdefault(key, {})
            continue
        if last:
            node[part] = value
            return
        below = ".".join(parts[: i + 1])
        is_list = i + 1 < len(parts) and parts[i + 1] == WILDCARD and containers[below].kind == "list"
        node = node.setdefault(part, [] if is_list else {})


def marked_workbook(pack: ContentPack) -> tuple[Workbook, dict[str, list[str]]]:
    """Every question-holding leaf of the model set to a value unique to it (where the kind allows),
    and for each pattern path the words every export must show for it."""
    leaves, _ = model_leaves()
    cat = catalogue()
    bank = [i for i in pack.indicators.indicators]
    tree: dict = {}
    expected: dict[str, list[str]] = {}
    domains = iter(range(1, 15))
    for n, (path, leaf) in enumerate(leaves.items()):
        if path not in cat.by_path:
            continue  # not a question (the coverage test checks that each such field says why)
        q = cat.by_path[path]
        marker = f"mk{n:03d}<&>*x*"  # HTML and Markdown characters: must come back literally
        tp = leaf.type
        if q.kind in ("text", "long_text", "ticked_note"):
            value, words = marker, [marker]
        elif q.kind == "indicator":
            value, words = bank[n].id, [bank[n].text]
        elif q.kind == "indicators":
            value, words = [bank[n].id], [bank[n].text]
        elif q.kind == "domain":
            number = next(domains)
            value, words = number, [f"{number}. {pack.domain(number).name}"]
        elif q.kind == "number":
            value = 1000.5 + n
            words = [f"{value:g}"]
        elif q.kind == "bool":
            value = True
            words = [(q.options or {}).get(True, cat.bool_labels[True])]
        elif q.kind == "choice":
            value = _choice_values(tp)[-1]
            labels = (
                {g.value: t for g, t in pack.stakeholders.group_labels.items()}
                if q.options_from == "stakeholder_groups"
                else q.options or {}
            )
            words = [labels.get(value, str(value))]
        elif q.kind == "multi":
            item_type = get_args(tp)[0]
            if item_type is int or get_origin(item_type) is not None and get_args(item_type)[0] is int:
                value, words = [n % len(pack.exercise2.key_questions)], [pack.exercise2.key_questions[n % 5]]
            else:
                value, words = [marker], [(q.options or {}).get(marker, marker)]
        else:
            raise AssertionError(f"{path}: no marker for kind {q.kind}")
        _put(tree, path.split("."), value, pack)
        expected[path] = words
    tree["custom_indicators"][0]["id"] = "custom-1"
    workbook = Workbook.model_validate(tree)
    # Indicators of every provenance: the exports must say which are the app's own.
    workbook.imported_indicators.append(ImportedIndicator(id="imp-1", domain=3, text="Imported words mk-imp"))
    workbook.shortlist += ["custom-1", "imp-1"]
    return workbook, expected
