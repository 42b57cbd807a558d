"""Fault catalogue P1, P2, P3, P7: language codes, slugs and folders never lead a write
astray (P4, P5, P8: test_links.py and test_names_and_stray_files.py)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import cli, one_line_error, tree

HOSTILE_CODES = ["../x", "/etc", "ru/../../sources", "", "ru\n", "ru\x00", "ru/..", "."]


@pytest.mark.parametrize("code", HOSTILE_CODES, ids=repr)
@pytest.mark.parametrize("command", ["extract", "status", "export"])
def test_P1_hostile_language_option_is_unknown_and_creates_nothing(
    ws: Path, code: str, command: str
) -> None:
    before = tree(ws)
    folders = sorted(p for p in ws.parent.rglob("*") if p.is_dir())
    result = cli(ws, command, "-l", code)
    assert result.exit_code == 3, result.output
    assert "unknown language" in one_line_error(result)
    assert tree(ws) == before
    assert sorted(p for p in ws.parent.rglob("*") if p.is_dir()) == folders


@pytest.mark.parametrize("code", HOSTILE_CODES, ids=repr)
def test_P1_hostile_language_in_the_config_is_refused_before_any_write(ws: Path, code: str) -> None:
    (ws / "transflow.toml").write_text(f"languages = [{code!r}]\n".replace("'", '"'))
    if "\n" in code or "\x00" in code:
        escaped = code.replace("\n", "\\n").replace("\x00", "\\u0000")
        (ws / "transflow.toml").write_text(f'languages = ["{escaped}"]\n')
    before = tree(ws)
    result = cli(ws, "extract")
    assert result.exit_code == 3, result.output
    assert "transflow.toml" in one_line_error(result)
    assert tree(ws) == before and not (ws / "locales").exists()


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(code=st.text(max_size=12))
def test_P1_any_language_text_is_a_known_locale_or_refused_and_writes_stay_inside(
    ws: Path, code: str
) -> None:
    result = cli(ws, "extract", "-l", code)
    assert result.exit_code in (0, 3), result.output
    if result.exit_code == 3:
        assert "unknown language" in one_line_error(result) or "not configured" in result.output
    locales = (ws / "locales").resolve()
    for p in ws.parent.rglob("*"):
        if p.is_file() and p.suffix in (".po", ".pot"):
            assert p.resolve().is_relative_to(locales), p


@pytest.mark.parametrize("code", ["xx_INVALID", "xx", "und", "C", "iw", "en_US_POSIX_x"])
def test_P2_unknown_and_silently_rewritten_codes_are_refused(ws: Path, code: str) -> None:
    (ws / "transflow.toml").write_text(f'languages = ["{code}"]\n')
    result = cli(ws, "extract")
    assert result.exit_code == 3, result.output
    assert "unknown language" in one_line_error(result)
    assert not (ws / "locales").exists()


def test_P2_each_language_has_one_canonical_folder(ws: Path) -> None:
    (ws / "transflow.toml").write_text('languages = ["pt-BR", "he", "DE"]\n')
    assert cli(ws, "extract").exit_code == 0
    folders = sorted(p.name for p in (ws / "locales").iterdir())
    assert folders == ["de", "he", "pt_BR", "templates"]
    before = tree(ws)
    for spelling in ("pt-BR", "pt_BR", "he", "de"):
        result = cli(ws, "extract", "-l", spelling)
        assert result.exit_code == 0, (spelling, result.output)
    assert tree(ws) == before
    assert sorted(p.name for p in (ws / "locales").iterdir()) == folders
    result = cli(ws, "status", "-l", "iw")
    assert result.exit_code == 3 and "he" in one_line_error(result)


NFC = unicodedata.normalize("NFC", "café")
NFD = unicodedata.normalize("NFD", "café")
COLLISIONS = {
    "same_stem": (("a.md", "# A\n\nOne sentence.\n"), ("a.docx", None)),
    "case": (("News.md", "# N\n\nOne sentence.\n"), ("news.md", "# n\n\nTwo sentence.\n")),
    "nfc_nfd": ((f"{NFC}.md", "# C\n\nOne sentence.\n"), (f"{NFD}.md", "# D\n\nTwo.\n")),
}


@pytest.mark.parametrize("case", sorted(COLLISIONS))
def test_P3_slug_collision_is_refused_naming_both_sources(ws: Path, case: str) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "docx_fixtures", Path(__file__).parents[1] / "fixtures/docx/make_fixtures.py"
    )
    assert spec and spec.loader
    fx = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fx)
    names = []
    for name, text in COLLISIONS[case]:
        path = ws / "sources" / name
        if text is None:
            fx.sample(path)
        else:
            path.write_text(text)
        names.append(name)
    before = tree(ws)
    result = cli(ws, "extract")
    assert result.exit_code == 3, result.output
    line = unicodedata.normalize("NFC", one_line_error(result))
    for name in names:
        assert unicodedata.normalize("NFC", f"sources/{name}") in line, line
    assert tree(ws) == before


@pytest.mark.parametrize(
    "setting",
    ['exports = "sources"', 'exports_dir = "sources"', '[export]\ndir = "sources"'],
)
def test_P7_exports_folder_cannot_be_pointed_at_sources(ws: Path, setting: str) -> None:
    """The areas are fixed (sources/, locales/, exports/): a setting that tries to move
    exports is refused before anything is written, never silently ignored."""
    config = ws / "transflow.toml"
    config.write_text(config.read_text() + setting + "\n")
    before = tree(ws)
    result = cli(ws, "export", "--threshold", "0")
    assert result.exit_code == 3, result.output
    assert "transflow.toml" in one_line_error(result)
    assert tree(ws) == before
    assert not (ws / "exports").exists() and not (ws / "locales").exists()
