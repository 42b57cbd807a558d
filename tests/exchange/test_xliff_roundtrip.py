"""XLIFF round trip on the whole sample: export -> CAT tool fills targets -> import gives
the catalogs that filling the .po directly gives, inline codes included; every file
produced validates against the OASIS schema of its version."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from transflow.catalog.poparse import parse_po
from transflow.workspace import store

from .conftest import ARTICLES, LANGUAGES, fill_xliff, pseudo_markup, run

KIND = {"2.1": "xliff2", "2.0": "xliff2", "2.2": "xliff2", "1.2": "xliff12"}


def _fill_po_directly(root: Path, language: str) -> None:
    for slug in ARTICLES:
        path = root / "locales" / language / f"{slug}.po"
        catalog, _ = store.load(path, str(path))
        entries = tuple(
            e
            if e.obsolete
            else replace(
                e,
                msgstr=pseudo_markup(e.msgid),
                flags=tuple(f for f in e.flags if f != "fuzzy"),
                previous_msgid=None,
            )
            for e in catalog.entries
        )
        path.write_bytes(store.serialize(replace(catalog, entries=entries)))


def _entries(root: Path, language: str) -> dict[str, list[tuple]]:
    out = {}
    for slug in ARTICLES:
        path = root / "locales" / language / f"{slug}.po"
        catalog = parse_po(path.read_bytes(), str(path))
        out[slug] = [
            (e.msgid, e.msgstr, e.flags, e.previous_msgid, e.obsolete) for e in catalog.entries
        ]
    return out


@pytest.mark.parametrize("version", ["2.1", "1.2"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_round_trip_equals_filling_the_po(
    sample: Path, tmp_path: Path, language: str, version: str, validate
) -> None:
    direct = tmp_path / "direct"
    shutil.copytree(sample, direct)
    _fill_po_directly(direct, language)

    out = tmp_path / f"{language}.xlf"
    result = run(
        sample, "xliff", "export", "-l", language, "--xliff-version", version, "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    validate(out, KIND[version])
    filled = tmp_path / f"{language}.filled.xlf"
    filled.write_bytes(fill_xliff(out.read_bytes()))
    validate(filled, KIND[version])

    result = run(sample, "xliff", "import", str(filled))
    assert result.exit_code == 0, result.output
    assert "0 conflict(s), 0 refused, 0 gone" in result.output
    assert _entries(sample, language) == _entries(direct, language)
    # codes really were there (links, bold, placeholders) and came back
    harbour = "\n".join(e[1] for e in _entries(sample, language)["harbour-festival-2026"])
    assert "{PAGE}" in harbour and "](https://www.portellenfestival.org/programme)" in harbour
    assert "**" in harbour and "Ƥȧɠḗ" in harbour
    for path in (sample / "locales" / language).glob("*.po"):
        parse_po(path.read_bytes(), str(path))  # strictly valid PO


@pytest.mark.parametrize("version", ["2.0", "2.2"])
def test_other_2x_versions_validate_and_import(
    sample: Path, tmp_path: Path, version: str, validate
) -> None:
    out = tmp_path / "de.xlf"
    assert (
        run(
            sample, "xliff", "export", "-l", "de", "--xliff-version", version, "-o", str(out)
        ).exit_code
        == 0
    )
    validate(out, "xliff2")
    out.write_bytes(fill_xliff(out.read_bytes()))
    result = run(sample, "xliff", "import", str(out))
    assert result.exit_code == 0 and "0 refused" in result.output


def test_todo_exports_only_untranslated_and_fuzzy(sample: Path, tmp_path: Path, validate) -> None:
    out = tmp_path / "de.xlf"
    result = run(sample, "xliff", "export", "-l", "de", "--units", "todo", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "0 translated, 3 fuzzy, 41 untranslated" in result.output
    validate(out, "xliff2")
    text = out.read_text()
    assert text.count("<unit ") == 44 and 'subState="transflow:fuzzy"' in text


def test_export_notes_roles_states_previous(sample: Path, tmp_path: Path) -> None:
    # make a changed unit: edit the source, re-extract (the unit comes back fuzzy with #|)
    src = sample / "sources" / "city-bike-share-expansion.md"
    src.write_text(src.read_text().replace("600 bicycles", "650 bicycles"))
    assert run(sample, "extract").exit_code == 0
    out = tmp_path / "ru.xlf"
    assert run(sample, "xliff", "export", "-l", "ru", "-o", str(out)).exit_code == 0
    text = out.read_text()
    assert '<note category="role">lead</note>' in text
    assert '<note category="previous-source">' in text and "600 bicycles" in text
    assert 'state="initial" subState="transflow:fuzzy"' in text
    assert 'type="fmt" subType="xlf:b"' in text and 'type="link"' in text
    assert 'dataRefStart="d1s"' in text and '<data id="d1e">](https://www.riverride' in text


@pytest.mark.parametrize("version", ["2.1", "1.2"])
def test_a_unit_that_is_one_inline_code_round_trips(tmp_path: Path, version: str, validate) -> None:
    """A source holding only an inline code (a bold dateline) gets no indentation inside
    <source>/<target>: it would become text and the unit would no longer match."""
    root = tmp_path / "ws"
    (root / "sources").mkdir(parents=True)
    (root / "transflow.toml").write_text('source_language = "en"\nlanguages = ["de"]\n')
    (root / "sources" / "a.md").write_text(
        "# Title\n\n**RIVERTON, May 1, 2026 —** The city opened.\n"
    )
    assert run(root, "extract").exit_code == 0
    out = tmp_path / "a.xlf"
    assert (
        run(
            root, "xliff", "export", "-l", "de", "--xliff-version", version, "-o", str(out)
        ).exit_code
        == 0
    )
    assert b'<source xml:space="preserve">\n' not in out.read_bytes()
    filled = tmp_path / "filled.xlf"
    filled.write_bytes(fill_xliff(out.read_bytes()))
    validate(filled, KIND[version])
    result = run(root, "xliff", "import", str(filled))
    assert result.exit_code == 0, result.output
    assert " 0 gone" in result.output
    po = (root / "locales" / "de" / "a.po").read_text()
    assert f'msgstr "{pseudo_markup("**RIVERTON, May 1, 2026 —**")}"' in po
