"""Names and stray files (issue 13, case 12; fault catalogue P5, P8): a source name no
catalog can hold is refused before anything is written; files under a language folder
that are not catalogs of a current article never block `extract`."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import ARTICLE, cli, msgfmt, one_line_error, tree


@pytest.mark.parametrize("char", ["\n", "\r", "\t", "\x7f", "\u2028"])
def test_P5_control_character_in_a_source_name_is_refused(ws: Path, char: str) -> None:
    """before: a newline in the name wrote catalogs neither transflow nor msgfmt could
    read back, wedging the workspace."""
    (ws / "sources" / f"bad{char}name.txt").write_text(ARTICLE)
    before = tree(ws)
    result = cli(ws, "extract")
    assert result.exit_code == 3, result.output
    line = one_line_error(result)
    assert "sources/bad\\x" in line and "control character" in line and "rename" in line
    assert tree(ws) == before


def test_P5_unusual_but_printable_names_are_written_safely(ws: Path) -> None:
    name = "-leading dash #1 — Ünïcode.txt"
    (ws / "sources" / name).write_text(ARTICLE)
    assert cli(ws, "extract").exit_code == 0
    tool = msgfmt()
    import subprocess

    po = ws / "locales" / "ru" / "-leading dash #1 — Ünïcode.po"
    proc = subprocess.run([tool, "-c", "-o", "/dev/null", "--", str(po)], capture_output=True)
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize(
    ("where", "content"),
    [
        ("old/library.po", "garbage line\n"),  # a backup folder
        ("removed-article.po", 'msgid "x"\n'),  # a catalog of no current article
        ("old/copy.po", '<<<<<<< HEAD\nmsgid "a"\nmsgstr "b"\n'),
    ],
)
def test_I13_12_broken_file_that_is_no_current_catalog_is_reported_not_fatal(
    ws: Path, where: str, content: str
) -> None:
    assert cli(ws, "extract").exit_code == 0
    broken = ws / "locales" / "ru" / where
    broken.parent.mkdir(parents=True, exist_ok=True)
    broken.write_text(content)
    (ws / "sources" / "second.txt").write_text("A second article\n\nIt has a sentence.\n")
    result = cli(ws, "extract")
    assert result.exit_code == 0, result.output
    assert f"locales/ru/{where}" in result.stderr and "translation memory" in result.stderr
    assert (ws / "locales" / "ru" / "second.po").is_file()
    assert broken.read_text() == content  # reported, never rewritten


def test_I13_12_a_current_articles_broken_catalog_still_stops_extract(ws: Path) -> None:
    assert cli(ws, "extract").exit_code == 0
    (ws / "locales" / "ru" / "library.po").write_text("garbage line\n")
    result = cli(ws, "extract")
    assert result.exit_code == 3
    assert "locales/ru/library.po:1" in one_line_error(result)


@pytest.mark.parametrize(
    "stray", [".tmp-x", "library.po~", "library.po.orig", ".~lock.library.po#", "library.po.bak"]
)
def test_P8_stray_files_in_a_language_folder_are_ignored(ws: Path, stray: str) -> None:
    assert cli(ws, "extract").exit_code == 0
    (ws / "locales" / "ru" / stray).write_text("garbage line\n")
    assert cli(ws, "extract").exit_code == 0
    assert cli(ws, "status").exit_code == 0
    assert (ws / "locales" / "ru" / stray).read_text() == "garbage line\n"
