"""CI formats: `check --format github|sarif` and `status --format markdown`."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from transflow.catalog.poparse import parse_po
from transflow.checks.reports import github, sarif, status_markdown
from transflow.cli.app import app
from transflow.core.records import Issue, Severity, Stats
from transflow.workspace import store

from .conftest import ARTICLE

SCHEMA = Path(__file__).resolve().parent.parent / "schemas" / "sarif-schema-2.1.0.json"


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workspace whose Russian catalog has a wrong number (error) and a doubled word."""
    root = tmp_path / "ws"
    (root / "sources").mkdir(parents=True)
    (root / "transflow.toml").write_text('source_language = "en"\nlanguages = ["ru", "de"]\n')
    (root / "sources" / "library.txt").write_text(ARTICLE)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1773446400")
    assert run(root, "extract").exit_code == 0
    path = root / "locales" / "ru" / "library.po"
    cat = parse_po(path.read_bytes(), "x")
    fixes = {
        "The building cost 12.5 million euros.": "Здание стоило 13,5 миллиона евро.",
        "Entry is free for everyone.": "Вход свободный для для всех.",
    }
    entries = tuple(replace(e, msgstr=fixes.get(e.msgid, e.msgstr)) for e in cat.entries)
    path.write_bytes(store.serialize(replace(cat, entries=entries)))
    return root


def run(root: Path, *args: str):
    return CliRunner().invoke(app, ["-w", str(root), *args])


def test_check_github_annotations(ws: Path) -> None:
    result = run(ws, "check", "--format", "github")
    assert result.exit_code == 1
    lines = [line for line in result.stdout.splitlines() if line.startswith("::")]
    error = next(line for line in lines if "numbers" in line)
    path = "locales/ru/library.po"
    line_no = next(
        e.lineno
        for e in parse_po((ws / path).read_bytes(), path).entries
        if e.msgid.startswith("The building")
    )
    assert error.startswith(f"::error file={path},line={line_no},title=transflow numbers (ru)::")
    assert "12.5" in error
    assert any(line.startswith("::warning ") and "doubled-words" in line for line in lines)


def test_github_escapes_commas_colons_newlines() -> None:
    issue = Issue("a", "ru", "numbers", Severity.ERROR, "x", "y", "100%\nbad", "dir,1/a:b.po:3")
    assert (
        github([issue])
        == "::error file=dir%2C1/a%3Ab.po,line=3,title=transflow numbers (ru)::100%25%0Abad\n"
    )


def test_check_sarif_validates_against_the_2_1_0_schema(ws: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    result = run(ws, "check", "--format", "sarif")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    schema = json.loads(SCHEMA.read_text())
    jsonschema.Draft4Validator.check_schema(schema)
    jsonschema.Draft4Validator(schema).validate(doc)
    (run_,) = doc["runs"]
    rules = run_["tool"]["driver"]["rules"]
    from transflow.checks import CHECKS

    assert [r["id"] for r in rules] == list(CHECKS)
    numbers = next(r for r in run_["results"] if r["ruleId"] == "numbers")
    assert rules[numbers["ruleIndex"]]["id"] == "numbers"
    assert numbers["level"] == "error"
    loc = numbers["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "locales/ru/library.po"
    assert loc["region"]["startLine"] > 1


def test_sarif_schema_rejects_a_broken_log() -> None:
    """The validation can fail: a result without its message is refused."""
    jsonschema = pytest.importorskip("jsonschema")
    issue = Issue("a", "ru", "numbers", Severity.ERROR, "x", "y", "m", "a.po:3")
    doc = sarif([issue])
    del doc["runs"][0]["results"][0]["message"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(json.loads(SCHEMA.read_text())).validate(doc)


def test_sarif_paths_relative_to_the_repository() -> None:
    issue = Issue("a", "ru", "numbers", Severity.WARNING, "x", "y", "m", "locales/ru/a.po:3")
    doc = sarif([issue], prefix="news/")
    result = doc["runs"][0]["results"][0]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "news/locales/ru/a.po"
    )
    assert result["level"] == "warning"


def test_status_markdown(ws: Path) -> None:
    result = run(ws, "status", "--format", "markdown")
    assert result.exit_code == 0
    text = result.stdout
    assert text.startswith("### Translation status\n")
    assert "| language | state | units | % | words | fuzzy | todo |" in text
    assert "| ru | 🟡 in progress | 2/6 |" in text
    assert "| library | de | ⬜ untranslated | 0/6 |" in text
    assert "<details>" in text


def test_status_markdown_escapes_pipes() -> None:
    s = Stats("a|b", "ru", total=1, translated=1, state="complete")
    text = status_markdown([s], [replace(s, article="*")])
    assert "| a\\|b | ru | ✅ complete | 1/1 | 100 |" in text


def test_ci_example_workflow_runs_real_commands() -> None:
    import shlex

    import yaml
    from typer.main import get_command

    workflow = Path(__file__).resolve().parents[2] / "docs" / "ci-example.yml"
    doc = yaml.safe_load(workflow.read_text())
    steps = doc["jobs"]["transflow"]["steps"]
    commands = [
        line.strip()
        for step in steps
        for line in step.get("run", "").splitlines()
        if line.strip().startswith("transflow ")
    ]
    assert len(commands) >= 5
    group = get_command(app)
    for command in commands:
        words = shlex.split(command.split("|")[0].split(">")[0])
        name, args = words[1], words[2:]
        assert name in group.commands, command  # type: ignore[attr-defined]
        ctx = group.commands[name].make_context(name, args, resilient_parsing=False)  # type: ignore[attr-defined]
        assert ctx is not None


def test_sarif_uri_is_percent_encoded() -> None:
    issue = Issue("a b", "ru", "numbers", Severity.ERROR, "x", "y", "m", "locales/ru/a b.po:3")
    loc = sarif([issue])["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "locales/ru/a%20b.po"
