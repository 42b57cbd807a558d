"""Settings that would silently change what is published (issue 13, case 11): unknown
configuration keys are refused with the key, the line and a suggestion (exit 3, bad
input); non-finite percentages on the command line are bad usage (exit 2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import cli, one_line_error, tree


@pytest.mark.parametrize(
    ("toml", "where", "hint"),
    [
        ('languages = ["ru"]\nsegmentaton = "paragraph"\n', ":2:", "'segmentation'"),
        ('languages = ["ru"]\n\n[export]\nthreshhold = 50\n', ":4:", "'threshold'"),
        ('languages = ["ru"]\nexport.frmats = ["md"]\n', ":2:", "'formats'"),
        ('language = ["ru"]\n', ":1:", "'languages'"),
    ],
)
def test_I13_11_misspelled_config_key_is_refused_with_its_line(
    ws: Path, toml: str, where: str, hint: str
) -> None:
    (ws / "transflow.toml").write_text(toml)
    before = tree(ws)
    result = cli(ws, "extract")
    assert result.exit_code == 3
    line = one_line_error(result)
    assert f"transflow.toml{where}" in line and "unknown key" in line and hint in line
    assert tree(ws) == before


def test_I13_11_misspelled_key_in_pyproject_is_refused(ws: Path) -> None:
    (ws / "transflow.toml").unlink()
    (ws / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.transflow]\nlanguages = ["ru"]\n'
        "[tool.transflow.export]\nthreshold = 90\ntresholds = {}\n"
    )
    line = one_line_error(cli(ws, "status"))
    assert "pyproject.toml [tool.transflow]:8" in line and "'thresholds'" in line


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-inf", "101", "-1"])
def test_I13_11_non_finite_threshold_is_bad_usage(ws: Path, value: str) -> None:
    """before: `--threshold nan` exported untranslated articles."""
    assert cli(ws, "extract").exit_code == 0
    result = cli(ws, "export", "--threshold", value)
    assert result.exit_code == 2, result.output
    assert not (ws / "exports").exists()


@pytest.mark.parametrize("value", ["nan", "inf", "-inf"])
def test_I13_11_non_finite_fail_under_is_bad_usage(ws: Path, value: str) -> None:
    """before: `--fail-under nan` passed on an untranslated workspace."""
    assert cli(ws, "extract").exit_code == 0
    assert cli(ws, "status", "--fail-under", value).exit_code == 2
    assert cli(ws, "status", "--fail-under", "50").exit_code == 1


@pytest.mark.parametrize("value", ["nan", "inf"])
def test_I13_11_non_finite_threshold_in_the_config_is_refused(ws: Path, value: str) -> None:
    (ws / "transflow.toml").write_text(f'languages = ["ru"]\n[export]\nthreshold = {value}\n')
    result = cli(ws, "export")
    assert result.exit_code == 3 and "export.threshold" in one_line_error(result)
