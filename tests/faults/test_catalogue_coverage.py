"""Every case of the fault catalogue has a test named for it in tests/faults/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CATALOGUE = Path("/work/shared/reference/faults.md")
HERE = Path(__file__).resolve().parent


def catalogue_ids(text: str) -> set[str]:
    section = text.split("## Fault catalogue", 1)[-1]
    return set(re.findall(r"^\|\s*([A-Z][0-9]+)\s*\|", section, flags=re.MULTILINE))


def test_every_catalogue_case_has_a_named_test_in_tests_faults() -> None:
    if not CATALOGUE.is_file():
        pytest.skip(f"{CATALOGUE} not present")
    ids = catalogue_ids(CATALOGUE.read_text(encoding="utf-8"))
    assert len(ids) >= 50, sorted(ids)
    names = {
        m.group(1)
        for path in HERE.glob("test_*.py")
        for m in re.finditer(r"^def test_([A-Z][0-9]+)_", path.read_text(), flags=re.MULTILINE)
    }
    assert sorted(ids - names) == []
