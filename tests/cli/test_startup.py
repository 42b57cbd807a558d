"""main() builds only the command asked for (issue 15, start-up): the same command as the
whole app's, and the whole app wherever help, suggestions or completion need every one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.core import TyperGroup
from typer.testing import CliRunner

from transflow.cli.app import _command_name, app, app_for

from .conftest import ws  # noqa: F401  (fixture)

WHOLE = typer.main.get_command(app)
assert isinstance(WHOLE, TyperGroup)
NAMES = sorted(WHOLE.commands)


def _helps(the_app: typer.Typer, name: str) -> dict[tuple[str, ...], str]:
    """``--help`` of the command, and of each of its subcommands: what a user sees of it."""
    command = WHOLE.commands[name]
    lines = [(name,)]
    if isinstance(command, TyperGroup):
        lines += [(name, sub) for sub in command.commands]
    runner = CliRunner()
    return {
        line: runner.invoke(the_app, [*line, "--help"], env={"COLUMNS": "100"}).output
        for line in lines
    }


def _params(command: object) -> list[tuple[object, ...]]:
    return [
        (
            p.name,
            p.opts,
            p.secondary_opts,
            p.type.name,
            p.required,
            p.default,
            p.multiple,
            p.nargs,
            p.hidden if hasattr(p, "hidden") else None,
            p.envvar,
        )
        for p in getattr(command, "params", [])
    ]


@pytest.mark.parametrize(
    ("argv", "name"),
    [
        (["status"], "status"),
        (["--debug", "status", "--all"], "status"),
        (["-w", "ws", "export", "--to", "md"], "export"),
        (["--workspace", "ws", "xliff", "export"], "xliff"),
        (["--workspace=ws", "check"], "check"),
        (["-wws", "check"], "check"),
        (["status", "--debug"], "status"),
        ([], None),
        (["--help"], None),
        (["--help", "status"], None),  # the main help: every command
        (["-w", "ws", "--help", "export"], None),
        (["-w", "status", "status"], "status"),
        (["-w", "--debug", "status", "extract"], "extract"),  # (as _Group reads it)
        (["--version"], None),
        (["-w"], None),
        (["--bogus", "status"], None),
        (["--", "status"], None),
    ],
)
def test_the_command_named_on_the_line(argv: list[str], name: str | None) -> None:
    assert _command_name(argv) == name


@pytest.mark.parametrize("name", NAMES)
def test_each_command_alone_is_the_whole_apps(name: str) -> None:
    alone = typer.main.get_command(app_for([name]))
    assert isinstance(alone, TyperGroup)
    assert list(alone.commands) == [name]
    assert _params(alone.commands[name]) == _params(WHOLE.commands[name])
    assert _helps(app_for([name]), name) == _helps(app, name)
    # The main callback's options (-w, --debug, --version, completion) are all there.
    assert [p.name for p in alone.params] == [p.name for p in WHOLE.params]


@pytest.mark.parametrize(
    "argv",
    [[], ["--help"], ["--help", "status"], ["stauts"], ["--bogus", "status"], ["--", "x"]],
)
def test_anything_else_gets_the_whole_app(argv: list[str]) -> None:
    assert app_for(argv) is app


def test_shell_completion_gets_the_whole_app(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_TRANSFLOW_COMPLETE", "bash_complete")
    assert app_for(["status"]) is app


def test_a_typo_is_still_told_the_commands() -> None:
    result = CliRunner().invoke(app_for(["stauts"]), ["stauts"])
    assert result.exit_code == 2
    assert "Did you mean 'status'?" in result.output


def test_the_main_help_lists_every_command_even_with_one_after_it() -> None:
    result = CliRunner().invoke(app_for(["--help", "status"]), ["--help", "status"])
    assert result.exit_code == 0
    assert all(name in result.output for name in ("extract", "export", "xliff", "merge-driver"))


def test_main_runs_the_command_alone(
    ws: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import transflow.cli.app as cli

    ran: list[int] = []

    def counted(argv: list[str]) -> typer.Typer:
        chosen = app_for(argv)
        ran.append(len(chosen.registered_commands) + len(chosen.registered_groups))
        return chosen

    monkeypatch.setattr(cli, "app_for", counted)
    monkeypatch.setattr(sys, "argv", ["transflow", "-w", str(ws), "status"])
    with pytest.raises(SystemExit) as done:
        cli.main()
    assert done.value.code == 0 and ran == [1]
    assert "library" in capsys.readouterr().out


def test_the_installed_command_runs_the_command_alone(ws: Path) -> None:  # noqa: F811
    """Through main() in a real process, as the console script runs it: the same output
    and exit code as the whole app's."""
    argv = ["-w", str(ws), "status", "--format", "json"]
    proc = subprocess.run(
        [sys.executable, "-m", "transflow", *argv], capture_output=True, text=True
    )
    whole = CliRunner().invoke(app, argv)
    assert (proc.returncode, proc.stdout) == (whole.exit_code, whole.stdout)
    assert proc.returncode == 0 and '"catalogs"' in proc.stdout
