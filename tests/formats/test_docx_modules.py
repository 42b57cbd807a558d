"""Module boundaries of the DOCX code: python-docx is imported by ``formats/docx.py`` and
``formats/docx_build.py`` (with its ``docx_build_*.py`` helpers) and ``review/build.py``
(the review document) only, and importing ``transflow.formats.docx`` registers both the
"docx" reader and the "docx" writer."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import transflow

PACKAGE = Path(transflow.__file__).resolve().parent
ALLOWED = {
    "formats/docx.py",
    "formats/docx_build.py",
    "formats/docx_template.py",
    "review/build.py",  # the review document of `transflow review export` (issue 17)
}


def _imports_python_docx(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        if any(name == "docx" or name.startswith("docx.") for name in names):
            return True
    return False


def test_only_docx_and_docx_build_import_python_docx() -> None:
    importers = {
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if _imports_python_docx(path)
    }
    helpers = {p for p in importers if re.fullmatch(r"formats/docx_build_\w+\.py", p)}
    assert importers - helpers == ALLOWED


def test_importing_docx_module_registers_reader_and_writer() -> None:
    code = (
        "import transflow.formats.docx\n"
        "from transflow.formats import READERS, WRITERS\n"
        "assert 'docx' in WRITERS, WRITERS\n"
        "assert '.docx' in READERS['docx'].extensions, READERS\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
