"""Where one answer sits in a workbook: a path of attribute names, dict keys and list indexes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ioi_core.model.workbook import Workbook

FieldPath = Sequence[str]


def read_path(workbook: Workbook, path: FieldPath) -> Any:
    """The value at `path`: attribute names, dict keys (missing -> None) or list indexes."""
    node: Any = workbook
    for name in path:
        if node is None:
            return None
        if isinstance(node, dict):
            node = node.get(name)
        elif isinstance(node, list):
            index = int(name)
            node = node[index] if 0 <= index < len(node) else None
        else:
            node = getattr(node, name)
    return node
