"""CLI conventions (issue 14): completion, --debug anywhere, choices, check --list, export
--to (and the deprecated --format md|docx), init --source-language, one way to name
articles, diff --format json/--exit-code, JSON reports, exit code 5, the one error handler."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from transflow.cli import app as cli
from transflow.cli.app import app
from transflow.core.errors import (
    ConcurrentEdit,
    ConfigError,
    InputError,
    SystemFailure,
    WorkspaceLocked,
    WriteFailed,
)

from .conftest import run
from .test_commands import fill


def _bug(*args: object, **kwargs: object) -> None:
    raise RuntimeError("boom")


# --- shell completion, --debug ------------------------------------------------------------


def test_completion_options_are_offered() -> None:
    result = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "120"})
    assert result.exit_code == 0
    assert "--install-completion" in result.stdout and "--show-completion" in result.stdout


def test_show_completion_prints_a_script(monkeypatch: pytest.MonkeyPatch) -> None:
    # the shell named, not detected from the processes above the test (a test run with no
    # shell above it, started in the background, made typer print "Shell  not supported");
    # set before the command is built, which is when typer reads it
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")
    result = CliRunner().invoke(app, ["--show-completion", "bash"], prog_name="transflow")
    assert result.exit_code == 0, result.output
    assert "complete" in result.stdout and "transflow" in result.stdout


@pytest.mark.parametrize("where", ["before", "after"])
def test_debug_before_or_after_the_command_shows_the_traceback(
    ws: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    from transflow.ops import status

    monkeypatch.setattr(status, "run", _bug)
    quiet = run(ws, "status")
    assert quiet.exit_code == cli.EXIT_INTERNAL and "RuntimeError: boom" in quiet.stderr
    args = ["--debug", "status"] if where == "before" else ["status", "--debug"]
    loud = run(ws, *args)
    assert isinstance(loud.exception, RuntimeError)  # raised, not turned into one line


def test_debug_after_a_subcommand(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from transflow.ops import tm

    monkeypatch.setattr(tm, "export_tmx", _bug)
    assert run(ws, "tm", "export").exit_code == cli.EXIT_INTERNAL
    assert isinstance(run(ws, "tm", "export", "--debug").exception, RuntimeError)


def test_debug_after_double_dash_is_an_argument(ws: Path) -> None:
    result = run(ws, "extract", "--", "--debug")
    assert result.exit_code == 3 and "--debug" in result.stderr  # a source named --debug


def test_transflow_debug_env(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from transflow.ops import status

    monkeypatch.setattr(status, "run", _bug)
    result = CliRunner().invoke(app, ["-w", str(ws), "status"], env={"TRANSFLOW_DEBUG": "1"})
    assert isinstance(result.exception, RuntimeError)


# --- choices -----------------------------------------------------------------------------


def test_segmentation_choices_shown_and_a_typo_is_usage(tmp_path: Path) -> None:
    help_text = CliRunner().invoke(app, ["init", "--help"], env={"COLUMNS": "200"}).stdout
    assert "sentence|paragraph" in help_text
    result = CliRunner().invoke(app, ["init", str(tmp_path / "w"), "--segmentation", "sentense"])
    assert result.exit_code == 2
    assert not (tmp_path / "w").exists()


def test_only_choices_are_the_registered_checks(ws: Path) -> None:
    from transflow.checks import CHECKS

    assert tuple(CHECKS) == cli.CHECK_NAMES  # the CLI's list is the registry's
    help_text = CliRunner().invoke(app, ["check", "--help"], env={"COLUMNS": "400"}).stdout
    assert "|".join(CHECKS) in help_text
    assert run(ws, "extract").exit_code == 0
    assert run(ws, "check", "--only", "numbrs").exit_code == 2
    assert run(ws, "check", "--only", "numbers", "--only", "urls").exit_code == 0


def test_check_list(tmp_path: Path) -> None:
    from transflow.checks import CHECKS

    result = CliRunner().invoke(app, ["-w", str(tmp_path), "check", "--list"])
    assert result.exit_code == 0, result.output  # no workspace needed
    lines = result.stdout.splitlines()
    assert len(lines) == len(CHECKS)
    for line, spec in zip(lines, CHECKS.values(), strict=True):
        name, severity, description = line.split(maxsplit=2)
        assert (name, severity, description) == (spec.name, spec.severity, spec.description)


# --- renamed options -----------------------------------------------------------------------


def test_init_source_language_long_and_short(tmp_path: Path) -> None:
    for option, folder in (("--source-language", "a"), ("-s", "b")):
        target = tmp_path / folder
        result = CliRunner().invoke(app, ["init", str(target), option, "de", "-l", "fr"])
        assert result.exit_code == 0, result.output
        config = tomllib.loads((target / "transflow.toml").read_text())
        assert config["source_language"] == "de"


def test_export_to_writes_only_that_type(ws: Path) -> None:
    assert run(ws, "extract").exit_code == 0
    result = run(ws, "export", "-l", "ru", "-t", "0", "--to", "md")
    assert result.exit_code == 0, result.output
    assert (ws / "exports" / "ru" / "library.md").is_file()
    assert not (ws / "exports" / "ru" / "library.docx").exists()
    assert "deprecated" not in result.stderr


def test_export_format_md_is_a_deprecated_alias_of_to(ws: Path) -> None:
    assert run(ws, "extract").exit_code == 0
    result = run(ws, "export", "-l", "ru", "-t", "0", "--format", "docx")
    assert result.exit_code == 0, result.output
    assert (ws / "exports" / "ru" / "library.docx").is_file()
    assert not (ws / "exports" / "ru" / "library.md").exists()
    assert "--format docx is deprecated: use --to docx" in result.stderr
    assert "deprecated" not in result.stdout
    assert run(ws, "export", "--format", "pdf").exit_code == 2


def test_export_format_md_is_hidden_from_help() -> None:
    help_text = CliRunner().invoke(app, ["export", "--help"], env={"COLUMNS": "200"}).stdout
    assert "<md|docx>" in help_text  # --to
    assert "[text|json]" in help_text and "text|json|md" not in help_text


# --- articles ------------------------------------------------------------------------------


@pytest.fixture
def two(ws: Path) -> Path:
    (ws / "sources" / "news").mkdir()
    text = (ws / "sources" / "library.txt").read_text()
    (ws / "sources" / "news" / "park.txt").write_text(text.replace("library", "park"))
    return ws


@pytest.mark.parametrize("name", ["news/park", "sources/news/park.txt"])
def test_extract_takes_a_slug_or_a_source_file(
    two: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.chdir(two)
    result = run(two, "extract", name)
    assert result.exit_code == 0, result.output
    assert (two / "locales" / "ru" / "news" / "park.po").is_file()
    assert not (two / "locales" / "ru" / "library.po").exists()


@pytest.mark.parametrize("command", ["extract", "export", "check", "diff"])
def test_unknown_article_is_bad_input(two: Path, command: str) -> None:
    assert run(two, "extract").exit_code == 0
    result = run(two, command, "nope")
    assert result.exit_code == 3, result.output
    assert "nope: no such article" in result.stderr


def test_check_and_export_select_articles(two: Path) -> None:
    assert run(two, "extract").exit_code == 0
    fill(two, "ru")
    po = two / "locales" / "ru" / "library.po"
    po.write_text(po.read_text().replace("[ru] The building cost 12.5", "[ru] The cost 99"))
    everything = json.loads(run(two, "check", "-l", "ru", "-f", "json").stdout)["issues"]
    assert "library" in {i["article"] for i in everything}
    park = run(two, "check", "-l", "ru", "-f", "json", "news/park")
    assert park.exit_code == 0 and json.loads(park.stdout)["issues"] == []
    library = json.loads(run(two, "check", "-l", "ru", "-f", "json", "library").stdout)
    assert {i["article"] for i in library["issues"]} == {"library"}  # not the letterhead's
    result = run(two, "export", "-l", "de", "-t", "0", "--to", "md", "news/park")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (two / "exports" / "de").rglob("*.md")) == ["park.md"]


# --- reports: stdout, JSON -----------------------------------------------------------------


def test_extract_report_on_stdout_and_json(ws: Path) -> None:
    text = run(ws, "extract")
    assert "created locales/ru/library.po" in text.stdout
    assert "catalog(s) written" in text.stdout and "catalog(s) written" not in text.stderr
    (ws / "sources" / "library.txt").write_text("A new title\n\nOne sentence.\n")
    data = json.loads(run(ws, "extract", "--format", "json").stdout)
    assert set(data) == {"articles", "units", "unchanged", "templates", "catalogs", "notices"}
    assert data["articles"] == 1 and data["templates"] == ["locales/templates/library.pot"]
    ru = next(c for c in data["catalogs"] if c["path"] == "locales/ru/library.po")
    assert ru["created"] is False and ru["untranslated"] >= 1
    assert {"kept", "fuzzy", "from_memory", "obsoleted"} <= set(ru)


def test_export_json_report(ws: Path) -> None:
    assert run(ws, "extract").exit_code == 0
    fill(ws, "ru")
    result = run(ws, "export", "--to", "md", "-f", "json")
    assert result.exit_code == 1  # de is refused
    data = json.loads(result.stdout)
    assert data["refused"] == 1
    docs = {(d["language"], d["action"]) for d in data["documents"]}
    assert docs == {("ru", "written"), ("de", "refused")}
    ru = next(d for d in data["documents"] if d["language"] == "ru")
    assert ru["path"] == "exports/ru/library.md" and ru["percent"] == 100.0
    assert set(ru) == {
        "article", "language", "format", "path", "action", "translated", "total",
        "percent", "need", "notes",
    }  # fmt: skip


def test_export_text_report_on_stdout(ws: Path) -> None:
    assert run(ws, "extract").exit_code == 0
    result = run(ws, "export", "-l", "ru", "-t", "0", "--to", "md")
    assert "written exports/ru/library.md" in result.stdout
    assert "exports/ru/library.md" not in result.stderr


# --- diff ----------------------------------------------------------------------------------


def test_diff_json_and_exit_code(ws: Path) -> None:
    assert run(ws, "extract").exit_code == 0
    fill(ws, "ru")
    assert run(ws, "diff", "--exit-code").exit_code == 0  # nothing changed
    assert json.loads(run(ws, "diff", "-f", "json").stdout) == {"changes": []}
    src = ws / "sources" / "library.txt"
    src.write_text(src.read_text().replace("80,000 books", "90,000 books"))
    assert run(ws, "extract").exit_code == 0
    assert run(ws, "diff").exit_code == 0  # git's convention: 0 unless --exit-code
    assert run(ws, "diff", "--exit-code").exit_code == 1
    data = json.loads(run(ws, "diff", "-l", "ru", "--format", "json").stdout)
    [change] = data["changes"]
    assert change["article"] == "library" and change["language"] == "ru"
    assert "80,000" in change["previous"] and "90,000" in change["current"]
    assert ["delete", "80,000"] in change["ops"] and ["insert", "90,000"] in change["ops"]


# --- exit codes and the one error handler --------------------------------------------------


@pytest.mark.parametrize(
    ("exc", "code"),
    [
        (WorkspaceLocked("workspace locked by pid 1"), 5),
        (ConcurrentEdit("locales/ru/a.po: changed on disk"), 5),
        (InputError("a.po", "bad"), 3),
        (ConfigError(None, "bad"), 3),
        (WriteFailed("a.po", "cannot be written"), 4),
        (SystemFailure("disk full"), 4),
        (RuntimeError("bug"), 4),
    ],
)
def test_exit_code_mapping(exc: Exception, code: int) -> None:
    assert cli.exit_code(exc) == code


@pytest.mark.parametrize(
    ("command", "target", "exc"),
    [
        (["extract"], "transflow.ops.extract.run", WorkspaceLocked("workspace locked by pid 7")),
        (["export"], "transflow.ops.export.run", ConcurrentEdit("locales/ru/x.po: changed")),
        (["xliff", "import", "x.xlf"], "transflow.ops.xliff.import_xliff", WorkspaceLocked("l")),
        (["review", "import", "x.docx"], "transflow.ops.review.import_review", ConcurrentEdit("c")),
    ],
)
def test_busy_is_exit_5_one_line(
    ws: Path, monkeypatch: pytest.MonkeyPatch, command: list[str], target: str, exc: Exception
) -> None:
    def busy(*args: object, **kwargs: object) -> None:
        raise exc

    monkeypatch.setattr(target, busy)
    result = run(ws, *command)
    assert result.exit_code == cli.EXIT_BUSY == 5, result.output
    lines = [x for x in result.stderr.splitlines() if x.strip()]
    assert lines == [f"error: {exc}"]


@pytest.mark.parametrize(
    "command",
    [["status"], ["tm", "export"], ["glossary", "export"], ["review", "export", "-l", "ru"]],
)
def test_every_command_reports_input_errors_the_same_way(
    tmp_path: Path, command: list[str]
) -> None:
    result = CliRunner().invoke(app, ["-w", str(tmp_path / "none"), *command])
    assert result.exit_code == 3, result.output
    assert len([x for x in result.stderr.splitlines() if x.strip()]) == 1
    assert "Traceback" not in result.output
