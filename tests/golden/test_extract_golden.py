"""Golden extract: sources -> .pot, byte for byte.

Regenerate deliberately with ``scripts/test --update-golden`` and review the diff.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from transflow.ops import extract
from transflow.workspace import config

ROOT = Path(__file__).parents[2]
GOLDEN = Path(__file__).parent / "extract"
SOURCES = [
    ROOT / "sources" / "khojaly-commemoration-moscow.txt",
    ROOT / "sources" / "city-bike-share-expansion.md",
    ROOT / "sources" / "harbour-festival-2026.docx",
    ROOT / "tests" / "fixtures" / "markdown" / "solar-cooperative.md",
]


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
@pytest.mark.parametrize("mode", ["sentence", "paragraph"])
def test_extract_golden(
    source: Path, mode: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, update_golden: bool
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1773446400")  # 2026-03-14
    (tmp_path / "sources").mkdir()
    shutil.copy2(source, tmp_path / "sources" / source.name)
    (tmp_path / "transflow.toml").write_text(f'languages = ["ru"]\nsegmentation = "{mode}"\n')
    extract.run(config.load(tmp_path))
    produced = (tmp_path / "locales" / "templates" / f"{source.stem}.pot").read_bytes()
    golden = GOLDEN / f"{source.stem}.{mode}.pot"
    if update_golden or not golden.exists():
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(produced)
        if not update_golden:
            pytest.fail(f"golden file {golden.name} was missing; created it, review and commit it")
    assert produced == golden.read_bytes()
