"""Every command's exit codes, output and JSON fields, through typer's CliRunner."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from transflow.workspace import store

from .conftest import msgfmt_check, run, tree


def fill(root: Path, lang: str, fraction: float = 1.0, fuzzy: bool = False) -> None:
    """Translate a share of a catalog's units (a pseudo-translation that keeps numbers),
    in the article's catalog and in the letterhead's (``_template.po``, listed by status)."""
    from dataclasses import replace

    for name in ("library", "_template"):
        path = root / "locales" / lang / f"{name}.po"
        if not path.exists():
            continue
        catalog, _ = store.load(path, "x.po")
        live = [e for e in catalog.entries if not e.obsolete]
        n = round(len(live) * fraction)
        entries = []
        for e in catalog.entries:
            if e in live[:n]:
                e = replace(e, msgstr=f"[{lang}] {e.msgid}", flags=("fuzzy",) if fuzzy else ())
            entries.append(e)
        path.write_bytes(store.serialize(replace(catalog, entries=tuple(entries))))


def test_init_creates_and_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "news"
    result = run(tmp_path, "init", str(target), "-s", "en", "-l", "ru", "-l", "pt-BR")
    assert result.exit_code == 0, result.output
    config = (target / "transflow.toml").read_text()
    assert 'languages = ["ru", "pt_BR"]' in config
    assert (target / "sources").is_dir() and (target / "locales" / "templates").is_dir()
    (target / "transflow.toml").write_text("# mine\n" + config)
    again = run(tmp_path, "init", str(target), "-l", "ar")
    assert again.exit_code == 0
    assert (target / "transflow.toml").read_text().startswith("# mine")


def test_init_refuses_unknown_language(tmp_path: Path) -> None:
    result = run(tmp_path, "init", str(tmp_path / "x"), "-l", "und")
    assert result.exit_code == 3
    assert "unknown language 'und'" in result.output
    assert not (tmp_path / "x").exists()


def test_extract_writes_valid_catalogs_and_is_idempotent(ws: Path) -> None:
    result = run(ws, "extract")
    assert result.exit_code == 0, result.output
    pot = ws / "locales" / "templates" / "library.pot"
    for path in (pot, ws / "locales" / "ru" / "library.po", ws / "locales" / "de" / "library.po"):
        msgfmt_check(path)
    text = (ws / "locales" / "ru" / "library.po").read_text()
    assert '"Language: ru\\n"' in text and "Plural-Forms: nplurals=3;" in text
    assert "#: sources/library.txt\n" in text and "#. headline\n" in text and "#. quote\n" in text
    before = tree(ws)
    again = run(ws, "extract")
    assert again.exit_code == 0
    assert tree(ws) == before


def test_unchanged_articles_keep_their_dates_hours_later(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the cache and with the clock an hour later, nothing unchanged is rewritten."""
    (ws / "sources" / "other.txt").write_text("Other title\nA second article.\n")
    assert run(ws, "extract").exit_code == 0
    before = tree(ws)
    shutil.rmtree(ws / ".transflow")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1773450000")
    src = ws / "sources" / "other.txt"
    src.write_text("Other title\nA changed second article.\n")
    assert run(ws, "extract").exit_code == 0
    after = tree(ws)
    changed = {k for k in after if after[k] != before.get(k)}
    assert changed == {
        "sources/other.txt",
        "locales/templates/other.pot",
        "locales/ru/other.po",
        "locales/de/other.po",
    }


def test_status_json_fields_and_states(ws: Path) -> None:
    run(ws, "extract")
    fill(ws, "ru")
    fill(ws, "de", 0.5)
    result = run(ws, "status", "--format", "json", "-l", "ru", "-l", "de", "-l", "ar")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    records = {r["language"]: r for r in data["catalogs"] if r["article"] == "library"}
    for field in (
        "article",
        "language",
        "total",
        "translated",
        "fuzzy",
        "untranslated",
        "words",
        "translated_words",
        "percent",
        "state",
    ):
        assert field in records["ru"]
    assert records["ru"]["state"] == "complete" and records["ru"]["percent"] == 100.0
    assert records["de"]["state"] == "in_progress" and 0 < records["de"]["percent"] < 100
    assert records["ar"]["state"] == "missing"
    assert records["ru"]["words"] == records["ru"]["translated_words"] > 30


def test_status_fail_under(ws: Path) -> None:
    run(ws, "extract")
    fill(ws, "ru")
    assert run(ws, "status", "-l", "ru", "--fail-under", "100").exit_code == 0
    result = run(ws, "status", "--fail-under", "90")
    assert result.exit_code == 1
    assert "de 0 %" in result.output


def test_status_stale_after_source_edit(ws: Path) -> None:
    run(ws, "extract")
    src = ws / "sources" / "library.txt"
    src.write_text(src.read_text().replace("80,000", "90,000"))
    data = json.loads(run(ws, "status", "-f", "json").stdout)
    assert {r["state"] for r in data["catalogs"] if r["article"] == "library"} == {"stale"}
    # the letterhead's catalog does not depend on the article
    assert {r["state"] for r in data["catalogs"] if r["article"] == "_template"} == {"untranslated"}


def test_changed_source_gives_fuzzy_with_previous_and_diff(ws: Path) -> None:
    run(ws, "extract")
    fill(ws, "ru")
    src = ws / "sources" / "library.txt"
    src.write_text(src.read_text().replace("80,000 books", "90,000 books"))
    assert run(ws, "extract").exit_code == 0
    text = (ws / "locales" / "ru" / "library.po").read_text()
    assert "#, fuzzy" in text and "#| msgid" in text and "#~ msgid" in text
    msgfmt_check(ws / "locales" / "ru" / "library.po")
    data = json.loads(run(ws, "status", "-f", "json", "-l", "ru").stdout)
    assert data["catalogs"][0]["changed"] == 1 and data["catalogs"][0]["obsolete"] == 1
    diff = run(ws, "diff", "-l", "ru")
    assert diff.exit_code == 0
    assert "[-80,000-]" in diff.stdout and "{+90,000+}" in diff.stdout


def test_export_refused_below_threshold(ws: Path) -> None:
    run(ws, "extract")
    fill(ws, "de", 0.5)
    result = run(ws, "export", "-l", "de", "-f", "md")
    assert result.exit_code == 1
    assert "not exported" in result.output and "need 100 %" in result.output
    assert not (ws / "exports" / "de" / "library.md").exists()


def test_export_md_and_threshold_fallback(ws: Path) -> None:
    run(ws, "extract")
    fill(ws, "ru")
    fill(ws, "de", 0.5)
    assert run(ws, "export", "-l", "ru", "-f", "md").exit_code == 0
    md = (ws / "exports" / "ru" / "library.md").read_text()
    assert md.startswith("---\n") and "lang: ru" in md and "[ru] Riverton opens new library" in md
    result = run(ws, "export", "-l", "de", "-f", "md", "--threshold", "40")
    assert result.exit_code == 0, result.output
    de = (ws / "exports" / "de" / "library.md").read_text()
    assert "[de]" in de and "About Riverton" in de  # missing units fall back to the source


def test_export_never_uses_fuzzy_and_removes_stale_export(ws: Path) -> None:
    run(ws, "extract")
    fill(ws, "ru")
    assert run(ws, "export", "-l", "ru", "-f", "md").exit_code == 0
    out = ws / "exports" / "ru" / "library.md"
    assert out.exists()
    fill(ws, "ru", 1.0, fuzzy=True)
    result = run(ws, "export", "-l", "ru", "-f", "md", "--keep")
    assert result.exit_code == 1 and out.exists()
    result = run(ws, "export", "-l", "ru", "-f", "md")
    assert result.exit_code == 1 and "removed the earlier export" in result.output
    assert not out.exists()


def test_bad_catalog_exit_3_one_line_nothing_changed(ws: Path) -> None:
    run(ws, "extract")
    po = ws / "locales" / "ru" / "library.po"
    po.write_bytes(po.read_bytes() + b'\nmsgid "broken\nmsgstr ""\n')
    before = tree(ws)
    for command in (["extract"], ["status"], ["check"], ["export"]):
        result = run(ws, *command)
        assert result.exit_code == 3, (command, result.output)
        lines = [x for x in result.output.splitlines() if x.strip()]
        assert len(lines) == 1 and "locales/ru/library.po:" in lines[0], result.output
        assert "Traceback" not in result.output
    assert tree(ws) == before


def test_unknown_language_option_exit_3(ws: Path) -> None:
    for command in ("extract", "status", "export", "check"):
        result = run(ws, command, "-l", "../etc")
        assert result.exit_code == 3
        assert "unknown language" in result.output
    assert not (ws / "locales").exists()


def test_workspace_found_by_walking_up(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from transflow.cli.app import app

    monkeypatch.chdir(ws / "sources")
    result = CliRunner().invoke(app, ["extract"])
    assert result.exit_code == 0, result.output
    assert (ws / "locales" / "templates" / "library.pot").exists()


def test_no_workspace_is_exit_3(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from transflow.cli.app import app

    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["status"])
    assert result.exit_code == 3 and "transflow init" in result.output


def test_bad_usage_is_exit_2(ws: Path) -> None:
    assert run(ws, "status", "--format", "xml").exit_code == 2
    assert run(ws, "export", "--threshold", "150").exit_code == 2


def test_every_command_has_help() -> None:
    from typer.main import get_command

    from transflow.cli.app import app

    group = get_command(app)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert command.help and "Example:" in command.help, name


def test_library_never_imports_cli_toolkits() -> None:
    code = (
        "import sys, transflow.ops.extract, transflow.ops.status, transflow.ops.export, transflow.ops.check, "
        "transflow.ops.diff\n"
        "bad = [m for m in ('typer', 'rich', 'click') if m in sys.modules]\n"
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_source_with_same_slug_refused(ws: Path) -> None:
    (ws / "sources" / "library.md").write_text("# Other\n")
    result = run(ws, "extract")
    assert result.exit_code == 3 and "same slug" in result.output


@pytest.mark.parametrize(
    "tool",
    [
        pytest.param(
            ["msgmerge", "--quiet", "--previous", "-o", "{out}", "{po}", "{pot}"], id="msgmerge"
        ),
        pytest.param(["msgcat", "--no-wrap", "-o", "{out}", "{po}"], id="msgcat-no-wrap"),
    ],
)
def test_catalog_rewritten_by_another_tool_is_left_alone(ws: Path, tool: list[str]) -> None:
    """R3: after Poedit/msgmerge/Weblate normalised a catalog, a no-op extract makes no diff."""
    if shutil.which(tool[0]) is None:
        pytest.skip(f"{tool[0]} not installed")
    run(ws, "extract")
    fill(ws, "ru", 0.5)
    po = ws / "locales" / "ru" / "library.po"
    pot = ws / "locales" / "templates" / "library.pot"
    out = ws / "normalised.tmp"
    args = [a.format(out=out, po=po, pot=pot) for a in tool]
    subprocess.run(args, check=True)
    os.replace(out, po)
    shutil.rmtree(ws / ".transflow")
    before = po.read_bytes()
    assert run(ws, "extract").exit_code == 0
    assert po.read_bytes() == before


def test_version(tmp_path: Path) -> None:
    from transflow import __version__

    result = run(tmp_path, "--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"transflow {__version__}"
