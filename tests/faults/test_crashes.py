"""A failure of transflow itself or of the machine (issue 13, case 10; fault catalogue
K3): one line naming the file and what to do, exit code 4 ("transflow itself failed"),
never a traceback and never 1 (which means "the answer is no")."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest
from tests import cachefile
from typer.testing import CliRunner

from transflow.cli.app import app

from .conftest import EXIT_INTERNAL, cli, one_line_error, tf, tree


def _translate_all(root: Path, language: str = "ru", text: str = "Перевод") -> None:
    po = root / "locales" / language / "library.po"
    po.write_text(po.read_text().replace('msgstr ""\n\n', f'msgstr "{text}"\n\n'))
    body = po.read_text()
    if body.endswith('msgstr ""\n'):
        po.write_text(body[: -len('""\n')] + f'"{text}"\n')


def test_K3_disk_full_during_extract(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = tree(ws)

    def full(fd: int, data: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    result = cli(ws, "extract")
    monkeypatch.undo()
    assert result.exit_code == EXIT_INTERNAL, result.output
    line = one_line_error(result)
    assert "locales/" in line and "disk is full" in line
    assert tree(ws) == before
    assert not [p for p in ws.rglob("*") if ".tmp-transflow-" in p.name]


@pytest.mark.parametrize(("area", "command"), [("locales", "extract"), ("exports", "export")])
def test_I13_10_read_only_folder(
    ws: Path, monkeypatch: pytest.MonkeyPatch, area: str, command: str
) -> None:
    """(The tests run as root, for whom chmod changes nothing: the file system's answer
    is simulated.)"""
    assert cli(ws, "extract").exit_code == 0
    _translate_all(ws)
    real_open = os.open

    def read_only(path, flags, *args, **kwargs):  # type: ignore[no-untyped-def]
        if flags & os.O_CREAT and f"/{area}/" in os.fspath(path):
            raise OSError(errno.EROFS, "Read-only file system", os.fspath(path))
        return real_open(path, flags, *args, **kwargs)

    real_mkdir = os.mkdir

    def no_folder(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        # what a read-only disk answers first (a name in a folder's descriptor too)
        if kwargs.get("dir_fd") is not None or os.fspath(path).startswith(f"{ws}/"):
            raise OSError(errno.EROFS, "Read-only file system", os.fspath(path))
        return real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only)
    monkeypatch.setattr(os, "mkdir", no_folder)
    result = cli(ws, command, "-l", "ru") if command == "export" else cli(ws, command)
    if command == "extract":  # nothing to write: touch the source so that it must write
        assert result.exit_code == 0
        (ws / "sources" / "library.txt").write_text(
            (ws / "sources" / "library.txt").read_text() + "\nOne more sentence here.\n"
        )
        result = cli(ws, command)
    monkeypatch.undo()
    assert result.exit_code == EXIT_INTERNAL, result.output
    line = one_line_error(result)
    assert f"{area}/" in line and "read-only" in line


@pytest.mark.parametrize("columns", ["", "abc", "0", "-5"])
def test_I13_10_broken_COLUMNS_is_ignored(ws: Path, columns: str) -> None:
    result = tf(ws, "status", env={"COLUMNS": columns})
    assert result.exit_code == 0, result.stderr
    assert "library" in result.stdout


def test_I13_10_formats_of_the_wrong_shape_is_a_config_error(ws: Path) -> None:
    (ws / "transflow.toml").write_text('languages = ["ru"]\n[export]\nformats = [["md"]]\n')
    result = cli(ws, "export")
    assert result.exit_code == 3
    assert "transflow.toml" in one_line_error(result) and "export.formats" in result.stderr


@pytest.mark.parametrize(
    "lines",
    [
        {"sources/library.txt": "[1, 2]", "locales/ru/library.po": "null"},
        {"sources/library.txt": '["sources/library.txt", 5]', "x": '["locales/ru/library.po"'},
        {"locales/ru/library.po": '["locales/ru/library.po",[1],"x",[1,2]]'},
        {"sources/library.txt": '["sources/library.txt",[],1,2] x'},
        {"locales/ru/library.po": '["\\ud800",1,2,3]', "sources/library.txt": '["unterm'},
        {"locales/ru/library.po": '["locales/ru/library.po",[1,2,3,4],1,{"a":[]}]'},
        None,  # not a database at all
    ],
)
def test_I13_10_cache_of_the_wrong_shape_is_discarded(ws: Path, lines: dict | None) -> None:
    assert cli(ws, "extract").exit_code == 0
    assert cli(ws, "status").exit_code == 0
    cache = ws / ".transflow" / "cache"
    for name in ("status.sqlite", "extract.sqlite"):
        if lines is None:
            (cache / name).write_text("not a database {")
        else:
            cachefile.set_lines(cache / name, lines)
    assert cli(ws, "status").exit_code == 0
    assert cli(ws, "extract").exit_code == 0
    found = cachefile.rows(cache / "status.sqlite")  # what status asked for, made again
    for name in ("sources/library.txt", "locales/ru/library.po"):
        assert json.loads(found[name])[0] == name and len(json.loads(found[name])) == 4


def test_I13_10_state_folder_being_a_file(ws: Path) -> None:
    (ws / ".transflow").write_text("not a folder")
    result = cli(ws, "extract")
    assert result.exit_code == EXIT_INTERNAL, result.output
    line = one_line_error(result)
    assert ".transflow" in line and "move the file away" in line
    assert cli(ws, "status").exit_code == 0  # reading needs no state folder


def test_I13_10_U_FFFE_in_a_translation_is_named_and_does_not_abort_export(ws: Path) -> None:
    assert cli(ws, "extract").exit_code == 0
    _translate_all(ws, text="Перевод\ufffe")
    result = cli(ws, "export", "-l", "ru", "--threshold", "0")
    assert result.exit_code == 0, result.output
    assert "locales/ru/library.po:" in result.output and "U+FFFE" in result.output
    assert (ws / "exports" / "ru" / "library.docx").is_file()
    result = cli(ws, "export", "-l", "ru")  # at 100 %: refused, and says why
    assert result.exit_code == 1 and "U+FFFE" in result.output


def test_I13_10_source_name_of_240_characters(ws: Path) -> None:
    name = "n" * 236 + ".txt"
    (ws / "sources" / "library.txt").rename(ws / "sources" / name)
    assert cli(ws, "extract").exit_code == 0
    result = cli(ws, "export", "-l", "ru", "--threshold", "0")
    assert result.exit_code == 0, result.output
    assert (ws / "exports" / "ru" / ("n" * 236 + ".docx")).is_file()


def test_I13_10_unexpected_exception_is_one_line_and_exit_4(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from transflow.ops import status

    def bug(*args: object, **kwargs: object) -> None:
        raise KeyError("a bug")

    monkeypatch.setattr(status, "run", bug)
    result = cli(ws, "status")
    assert result.exit_code == EXIT_INTERNAL != 1
    line = one_line_error(result)
    assert "KeyError" in line and "--debug" in line
    debug = CliRunner().invoke(app, ["-w", str(ws), "--debug", "status"])
    assert isinstance(debug.exception, KeyError)  # --debug: the traceback, as before
