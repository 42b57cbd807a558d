"""The repository's own sample workspace, run the way the README's first command runs it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gettext_oracle import msgcat_mismatch

ROOT = Path(__file__).parents[2]
COMPLETE = ("ru", "az", "ar", "zh_Hans")
ARTICLES = ("city-bike-share-expansion", "harbour-festival-2026", "khojaly-commemoration-moscow")


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the sample workspace with its exports removed."""
    root = tmp_path_factory.mktemp("sample") / "ws"
    root.mkdir()
    for name in ("transflow.toml", "sources", "locales", "glossary"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, root / name)
    return root


def tf(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "transflow", *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_readme_main_job_on_a_copy_of_the_sample(sample: Path) -> None:
    extract = tf(sample, "extract")
    assert extract.returncode == 0, extract.stderr
    assert "0 template(s) and 0 catalog(s) written" in extract.stdout  # the sample is up to date

    status = tf(sample, "status", "--format", "json")
    assert status.returncode == 0
    states = {
        (r["article"], r["language"]): r["state"] for r in json.loads(status.stdout)["catalogs"]
    }
    assert all(states[(a, lang)] == "complete" for a in ARTICLES for lang in COMPLETE)
    assert all(states[(a, "de")] == "in_progress" for a in ARTICLES)

    check = tf(sample, "check", "--format", "json")
    assert check.returncode == 0, check.stdout
    assert json.loads(check.stdout)["errors"] == 0

    export = tf(sample, "export")
    assert export.returncode == 1  # German is refused
    for article in ARTICLES:
        for lang in COMPLETE:
            for fmt in ("md", "docx"):
                assert (sample / "exports" / lang / f"{article}.{fmt}").is_file()
        assert f"not exported exports/de/{article}.md" in export.stdout
        assert not (sample / "exports" / "de" / f"{article}.md").exists()
    assert "units translated" in export.stdout and "need 100 %" in export.stdout


def test_committed_exports_are_what_export_makes(sample: Path) -> None:
    """exports/ in the repository is reproducible byte for byte (a golden test of export)."""
    if not (sample / "exports").exists():
        tf(sample, "export")
    made = sorted(
        p.relative_to(sample / "exports") for p in (sample / "exports").rglob("*") if p.is_file()
    )
    committed = sorted(
        p.relative_to(ROOT / "exports") for p in (ROOT / "exports").rglob("*") if p.is_file()
    )
    assert made == committed
    for rel in made:
        assert (sample / "exports" / rel).read_bytes() == (ROOT / "exports" / rel).read_bytes(), rel


def test_every_sample_catalog_passes_msgfmt_and_is_msgcat_canonical(sample: Path) -> None:
    if shutil.which("msgfmt") is None or shutil.which("msgcat") is None:
        pytest.skip("GNU gettext not installed")
    for path in sorted((ROOT / "locales").rglob("*.po*")):
        check = subprocess.run(
            ["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True
        )
        assert check.returncode == 0, (path, check.stderr)
        # msgcat judges only at the version the writer matches (else tests/catalog/golden)
        if msgcat_mismatch() is None:
            cat = subprocess.run(["msgcat", str(path)], capture_output=True)
            assert cat.stdout == path.read_bytes(), path
