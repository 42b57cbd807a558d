"""`status ARTICLE…` selects articles as every other command does (issue 14)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import run


def _two_articles(ws: Path) -> None:
    (ws / "sources" / "news").mkdir()
    (ws / "sources" / "news" / "school.md").write_text("# A new school\n\nIt opens in May.\n")
    assert run(ws, "extract").exit_code == 0


def _catalogs(ws: Path, *args: str) -> list[tuple[str, str]]:
    result = run(ws, "status", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return [(c["article"], c["language"]) for c in json.loads(result.stdout)["catalogs"]]


def test_status_of_named_articles_by_slug_or_source_file(ws: Path) -> None:
    _two_articles(ws)
    every = _catalogs(ws)
    assert {a for a, _ in every} >= {"library", "news/school"}
    assert _catalogs(ws, "news/school") == [("news/school", "ru"), ("news/school", "de")]
    assert _catalogs(ws, str(ws / "sources" / "library.txt")) == [
        ("library", "ru"),
        ("library", "de"),
    ]


def test_status_totals_cover_the_named_articles(ws: Path) -> None:
    _two_articles(ws)
    named = json.loads(run(ws, "status", "--format", "json", "news/school").stdout)
    school_ru = next(c for c in named["catalogs"] if c["language"] == "ru")
    totals = {t["language"]: t["total"] for t in named["totals"]}
    assert totals["ru"] == school_ru["total"] > 0
    whole = json.loads(run(ws, "status", "--format", "json").stdout)["totals"]
    assert {t["language"]: t["total"] for t in whole}["ru"] > totals["ru"]


def test_status_of_an_unknown_article_is_bad_input(ws: Path) -> None:
    assert run(ws, "extract").exit_code == 0
    result = run(ws, "status", "no/such-article")
    assert result.exit_code == 3
    assert "no/such-article" in result.output


def test_status_and_check_name_the_letterhead_catalog_as_template(ws: Path) -> None:
    assert run(ws, "extract").exit_code == 0  # a text source: the built-in letterhead
    assert _catalogs(ws, "_template") == [("_template", "ru"), ("_template", "de")]
    assert _catalogs(ws, "library", "_template") == [
        ("library", "ru"),
        ("library", "de"),
        ("_template", "ru"),
        ("_template", "de"),
    ]
    assert ("_template", "ru") not in _catalogs(ws, "library")
    checked = run(ws, "check", "--format", "json", "_template")
    assert checked.exit_code in (0, 1), checked.output
    assert {i["article"] for i in json.loads(checked.stdout)["issues"]} <= {"_template"}
