"""A source holding text transflow could not extract is never called complete."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from transflow.formats import READERS, reader_for

from .conftest import msgfmt_check, run
from .test_commands import fill


@pytest.fixture
def unextracted_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    """The text reader, as if it had met a chart whose labels it cannot extract."""
    spec = reader_for(Path("a.txt"))

    def parse(data, source):  # type: ignore[no-untyped-def]
        chart = ("chart text in word/charts/chart1.xml",)
        return replace(spec.parse(data, source), unextracted=chart)

    monkeypatch.setitem(READERS, spec.name, replace(spec, parse=parse))


def test_status_and_export_never_call_it_complete(ws: Path, unextracted_reader: None) -> None:
    assert run(ws, "extract").exit_code == 0
    pot = ws / "locales" / "templates" / "library.pot"
    assert "X-Transflow-Unextracted: 1; chart text in word/charts/chart1.xml" in pot.read_text()
    msgfmt_check(ws / "locales" / "ru" / "library.po")
    fill(ws, "ru")
    status = run(ws, "status", "-l", "ru", "--format", "json")
    record = json.loads(status.stdout)["catalogs"][0]
    assert record["percent"] == 100 and record["unextracted"] == 1
    assert record["state"] == "in_progress"
    assert run(ws, "status", "-l", "ru", "--fail-under", "100").exit_code == 1
    export = run(ws, "export", "-l", "ru", "-f", "md")
    assert export.exit_code == 1
    assert "text not extracted: chart text in word/charts/chart1.xml" in export.output
    assert not (ws / "exports" / "ru" / "library.md").exists()
    lower = run(ws, "export", "-l", "ru", "-f", "md", "--threshold", "90")
    assert lower.exit_code == 0
    assert "text not extracted" in lower.output


def test_the_field_goes_when_the_text_is_extracted(
    ws: Path, unextracted_reader: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(ws, "extract").exit_code == 0
    assert "X-Transflow-Unextracted" in (ws / "locales" / "ru" / "library.po").read_text()
    monkeypatch.undo()  # the real reader again
    assert run(ws, "extract").exit_code == 0
    assert "X-Transflow-Unextracted" not in (ws / "locales" / "ru" / "library.po").read_text()
