"""docs/architecture.md's module map lists exactly the packages and modules of src/transflow."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SRC = REPO / "src"
DOC = REPO / "docs" / "architecture.md"
# a package's row (``transflow/catalog/``) covers its __init__.py and __main__.py
COVERED_BY_PACKAGE = {"__init__.py", "__main__.py"}


def modules_in_tree() -> set[str]:
    """``transflow/`` and ``transflow/catalog/`` for packages, ``transflow/catalog/poparse.py``
    for modules."""
    found: set[str] = set()
    for init in (SRC / "transflow").rglob("__init__.py"):
        found.add(init.parent.relative_to(SRC).as_posix() + "/")
    for py in (SRC / "transflow").rglob("*.py"):
        if py.name not in COVERED_BY_PACKAGE and "__pycache__" not in py.parts:
            found.add(py.relative_to(SRC).as_posix())
    return found


def modules_in_map(text: str) -> list[str]:
    """The first cell of each row between the module-map markers, without its backticks."""
    m = re.search(r"<!-- module-map -->\n(.*?)<!-- /module-map -->", text, re.S)
    assert m, "docs/architecture.md has no <!-- module-map --> … <!-- /module-map --> table"
    rows = []
    for line in m.group(1).splitlines():
        cell = re.match(r"\|\s*`([^`]+)`\s*\|", line)
        if cell:
            rows.append(cell.group(1))
    return rows


def test_the_tree_is_read_as_expected() -> None:
    tree = modules_in_tree()
    assert "transflow/" in tree and "transflow/catalog/" in tree
    assert "transflow/catalog/poparse.py" in tree
    assert not any(name.endswith("__init__.py") for name in tree)


def test_map_parser_reads_rows_and_ignores_the_rest() -> None:
    text = (
        "| `transflow/x.py` | not in the map |\n<!-- module-map -->\n| module | what |\n"
        "|---|---|\n| `transflow/` | the package |\n| `transflow/a.py` | a |\n<!-- /module-map -->\n"
    )
    assert modules_in_map(text) == ["transflow/", "transflow/a.py"]


def test_module_map_matches_src() -> None:
    listed = modules_in_map(DOC.read_text(encoding="utf-8"))
    duplicates = sorted({name for name in listed if listed.count(name) > 1})
    tree = modules_in_tree()
    missing = sorted(tree - set(listed))
    stale = sorted(set(listed) - tree)
    problems = []
    if missing:
        problems.append(
            "add a row to the module map of docs/architecture.md for each of:\n"
            + "\n".join(f"  | `{name}` | <one line: what it does> |" for name in missing)
        )
    if stale:
        problems.append(
            "remove the row of each of these from the module map (not in src/):\n"
            + "\n".join(f"  `{name}`" for name in stale)
        )
    if duplicates:
        problems.append("listed more than once: " + ", ".join(f"`{n}`" for n in duplicates))
    assert not problems, "\n".join(problems)


def test_every_package_all_names_what_it_has() -> None:
    """A package's ``__all__`` is its public API: every name in it can be imported."""
    import importlib
    import pkgutil

    import transflow

    packages = [m.name for m in pkgutil.walk_packages(transflow.__path__, "transflow.") if m.ispkg]
    assert len(packages) >= 10
    for name in packages:
        package = importlib.import_module(name)
        public = getattr(package, "__all__", None)
        assert public, f"{name} has no __all__"
        for item in public:
            if not hasattr(package, item):
                importlib.import_module(f"{name}.{item}")  # a public module
