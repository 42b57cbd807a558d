"""`transflow git-setup` and the git chores of `init`."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from transflow.cli.app import app

from .conftest import git_env


def run(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    for k, v in git_env(tmp_path).items():
        monkeypatch.setenv(k, v)
    root = tmp_path / "repo"
    root.mkdir()
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root


def git_config(root: Path, key: str) -> str:
    return subprocess.run(
        ["git", "config", "--local", "--get", key], cwd=root, capture_output=True, text=True
    ).stdout.strip()


def test_init_in_a_repository_writes_gitignore_and_hints(repo: Path) -> None:
    ws = repo / "news"
    result = run("init", str(ws), "-l", "ru")
    assert result.exit_code == 0, result.output
    assert (ws / ".gitignore").read_text() == ".transflow/\n"
    assert "transflow git-setup" in result.output
    again = run("init", str(ws), "-l", "ru")
    assert (ws / ".gitignore").read_text() == ".transflow/\n"
    assert ".gitignore" not in again.output.replace("git-setup", "")


def test_init_outside_a_repository_gives_no_hint(tmp_path: Path) -> None:
    result = run("init", str(tmp_path / "ws"))
    assert result.exit_code == 0
    assert "git-setup" not in result.output
    assert (tmp_path / "ws" / ".gitignore").read_text() == ".transflow/\n"


def test_git_setup_is_idempotent_and_keeps_user_lines(repo: Path) -> None:
    assert run("init", str(repo), "-l", "ru").exit_code == 0
    (repo / ".gitattributes").write_text("*.docx binary\n*.md text eol=lf")
    result = run("-w", str(repo), "git-setup")
    assert result.exit_code == 0, result.output
    text = (repo / ".gitattributes").read_text()
    assert text.startswith("*.docx binary\n*.md text eol=lf\n")
    assert "/locales/**/*.po merge=transflow\n" in text
    assert "/locales/**/*.pot merge=transflow\n" in text
    driver = git_config(repo, "merge.transflow.driver")
    assert "-m transflow merge-driver" in driver and driver.endswith("%O %A %B %P")
    assert git_config(repo, "merge.transflow.name")
    assert "merge.transflow.driver" in result.output
    result = run("-w", str(repo), "git-setup")
    assert result.exit_code == 0
    assert (repo / ".gitattributes").read_text() == text
    strict = run("-w", str(repo), "git-setup", "--strict")
    assert strict.exit_code == 0
    assert "--strict" in git_config(repo, "merge.transflow.driver")
    # git itself routes a catalog to the driver
    check = subprocess.run(
        ["git", "check-attr", "merge", "locales/ru/a.po", "locales/templates/a.pot", "a.txt"],
        cwd=repo,
        capture_output=True,
        text=True,
    ).stdout
    assert "locales/ru/a.po: merge: transflow" in check
    assert "locales/templates/a.pot: merge: transflow" in check
    assert "a.txt: merge: unspecified" in check


def test_git_setup_outside_a_repository_is_bad_input(tmp_path: Path) -> None:
    assert run("init", str(tmp_path / "ws")).exit_code == 0
    result = run("-w", str(tmp_path / "ws"), "git-setup")
    assert result.exit_code == 3
    assert "not inside a git repository" in result.output
