"""ioi_core is built in floors: a module imports from its own floor or the floors below, never above.

Low to high: text and content (the guide's words, knowing nothing of workbooks); model (the workbook
and its questions); checks and charts (judgements and drawings over a workbook); formats (files in and
out); store (the database); live (a workshop's room); bootstrap (the composition root, building the
store and the content pack once per process); cli (the admin commands, which use bootstrap); and
`__main__` on top. Every import counts, also one inside a function or under TYPE_CHECKING.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORE = ROOT / "ioi_core"

FLOORS: dict[str, int] = {
    "text": 0,
    "content": 0,
    "model": 1,
    "checks": 2,
    "charts": 2,
    "formats": 3,
    "store": 4,
    "live": 5,
    "bootstrap": 6,
    "cli": 7,
    "__main__": 8,
}
OUTSIDE = ("ioi_ui", "pages", "app", "streamlit", "tests", "benchmarks")  # the core imports none of them


def _module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _floor_name(module: str) -> str | None:
    """`ioi_core.store.db` -> "store"; None for the package itself."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def _imports(path: Path, root: Path = ROOT) -> list[tuple[int, str]]:
    """(line, absolute module) for every import in the file, relative ones resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = _module_name(path, root).split(".")
    if path.name != "__init__.py":
        package.pop()
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            # `from ioi_core import bootstrap` imports the module ioi_core.bootstrap
            if module == "ioi_core":
                found += [(node.lineno, f"ioi_core.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, module))
    return sorted(found)


MODULES = sorted(p for p in CORE.rglob("*.py") if "__pycache__" not in p.parts)


def test_every_part_of_ioi_core_has_a_floor() -> None:
    unplaced = {
        _floor_name(_module_name(p))
        for p in MODULES
        if _floor_name(_module_name(p)) is not None and _floor_name(_module_name(p)) not in FLOORS
    }
    assert not unplaced, f"give these a floor in FLOORS: {sorted(unplaced)}"


def violations(path: Path, root: Path = ROOT) -> list[str]:
    here = _floor_name(_module_name(path, root))
    found = []
    for line, module in _imports(path, root):
        top = module.split(".")[0]
        where = f"{path.relative_to(root)}:{line}"
        if top in OUTSIDE:
            found.append(f"{where}: imports {module}, outside the Streamlit-free core")
            continue
        if top != "ioi_core" or here is None:
            continue
        there = _floor_name(module)
        if there is None or there not in FLOORS:
            continue  # the package itself, or reported by the test above
        if FLOORS[there] > FLOORS[here]:
            found.append(f"{where}: {here} (floor {FLOORS[here]}) imports {module} (floor {FLOORS[there]})")
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(CORE)))
def test_no_module_imports_from_a_floor_above(path: Path) -> None:
    assert violations(path) == []


def test_the_checker_sees_an_import_upwards(tmp_path: Path) -> None:
    module = tmp_path / "ioi_core" / "content" / "pack.py"
    module.parent.mkdir(parents=True)
    module.write_text(
        "import streamlit\n"
        "from . import models\n"  # the same floor: fine
        "def f():\n"
        "    from ioi_core.model.workbook import EXERCISES\n"
        "    from ..store import db\n"
        "    from ioi_core import bootstrap\n",
        encoding="utf-8",
    )
    found = violations(module, tmp_path)
    assert len(found) == 4, found
    assert "imports streamlit, outside the Streamlit-free core" in found[0]
    assert "content (floor 0) imports ioi_core.model.workbook (floor 1)" in found[1]
    assert "imports ioi_core.store (floor 4)" in found[2]
    assert "imports ioi_core.bootstrap (floor 6)" in found[3]


def test_reading_the_content_pack_loads_nothing_above_it() -> None:
    """Also at run time: content/ loads the pack without importing the workbook model or anything above."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from ioi_core.content.pack import load_content\n"
        "load_content()\n"
        "print(sorted(m for m in sys.modules if m.startswith('ioi_core.')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    loaded = ast.literal_eval(done.stdout.strip())
    assert loaded and all(_floor_name(m) in ("content", "text") for m in loaded), loaded
