"""Fixtures for the review tests: the sample workspace, the CLI, a reviewer's edits made
with python-docx, LibreOffice's open-and-save."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from typer.testing import CliRunner

from transflow.cli.app import app_for
from transflow.workspace import store

ROOT = Path(__file__).parents[2]
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
BIKE = "city-bike-share-expansion"
HARBOUR = "harbour-festival-2026"


@pytest.fixture
def sample(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the repository's sample workspace (sources, catalogs, glossary)."""
    root = tmp_path / "ws"
    root.mkdir()
    for name in ("transflow.toml", "sources", "locales", "glossary"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, root / name)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1773446400")
    return root


def run(root: Path, *args: str):
    argv = ["-w", str(root), *args]
    return CliRunner().invoke(app_for(argv), argv)  # (what main() runs for argv)


def tree(root: Path) -> dict[str, str]:
    """sha256 and mtime of every file outside .transflow: equal means nothing changed."""
    return {
        p.relative_to(root).as_posix(): (
            f"{hashlib.sha256(p.read_bytes()).hexdigest()}:{p.stat().st_mtime_ns}"
        )
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".transflow" not in p.parts
    }


def entries(root: Path, lang: str, slug: str):
    """The live entries of a catalog by msgid."""
    path = root / "locales" / lang / f"{slug}.po"
    catalog, _ = store.load(path, str(path))
    return {e.msgid: e for e in catalog.live}


def export(root: Path, lang: str, slug: str) -> Path:
    r = run(root, "review", "export", "-l", lang, slug)
    assert r.exit_code == 0, r.output
    return root / "review" / lang / f"{slug}.docx"


def set_text(cell, *pieces: tuple[str, dict]) -> None:
    """Replace a cell's text by runs (text, {"bold": True, …}), as a reviewer retyping it."""
    p = cell.paragraphs[0]
    for child in list(p._p):
        if child.tag != qn("w:pPr"):
            p._p.remove(child)
    for text, fmt in pieces:
        r = p.add_run(text)
        for k, v in fmt.items():
            setattr(r.font if k in ("superscript", "highlight_color") else r, k, v)


def soffice_resave(path: Path, out: Path) -> Path:
    """Open ``path`` in LibreOffice (headless) and save it as DOCX in ``out``."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed: the LibreOffice round trip needs it")
    out.mkdir(parents=True, exist_ok=True)
    profile = out / "profile"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "docx",
            "--outdir",
            str(out),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env={**os.environ, "HOME": str(out)},
    )
    saved = out / path.name
    assert saved.exists()
    return saved


def open_doc(path: Path):
    return docx.Document(str(path))
