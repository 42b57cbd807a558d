"""Interop judged by Translate Toolkit (a test extra): it reads our XLIFF and TMX, and we
read the XLIFF and TMX its po2xliff and po2tmx write."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from transflow.catalog.poparse import parse_po
from transflow.core import inline

from .conftest import run

pytest.importorskip("translate")

from translate.storage import tmx as tt_tmx
from translate.storage import xliff as tt_xliff
from translate.storage import xliff2 as tt_xliff2

BIKE = "city-bike-share-expansion"


def _live(root: Path, language: str, slug: str):
    path = root / "locales" / language / f"{slug}.po"
    return parse_po(path.read_bytes(), str(path)).live


def _tool(name: str, *args: str) -> None:
    exe = Path(sys.executable).parent / name
    proc = subprocess.run([str(exe), *args], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr


def test_translate_toolkit_reads_our_xliff_12(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "ru.xlf"
    assert (
        run(
            sample, "xliff", "export", "-l", "ru", "--xliff-version", "1.2", "-o", str(out)
        ).exit_code
        == 0
    )
    store = tt_xliff.xlifffile.parsefile(str(out))
    units = [u for u in store.units if not u.isheader()]
    assert len(units) == 97
    assert all(u.istranslated() and not u.isfuzzy() for u in units)
    plain = {inline.plain(e.msgid).replace("\ufffc", "") for e in _live(sample, "ru", BIKE)}
    assert len(plain & {u.source for u in units}) > 20  # text with bold/italic reads as text
    # and xliff2po makes a PO of it
    po = tmp_path / "ru.po"
    _tool("xliff2po", str(out), str(po))
    assert po.read_text().count("msgid") > 90


def test_translate_toolkit_reads_our_xliff_21(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "de.xlf"
    assert run(sample, "xliff", "export", "-l", "de", "-o", str(out)).exit_code == 0
    store = tt_xliff2.Xliff2File.parsefile(str(out))
    units = list(store.units)
    assert len(units) == 97
    assert (store.sourcelanguage, store.targetlanguage) == ("en", "de")
    assert sum(1 for u in units if u.istranslated()) >= 52


def test_we_import_what_po2xliff_writes(sample: Path, tmp_path: Path) -> None:
    """po2xliff writes our markup as plain text: we read it as markup, codes checked."""
    original = {e.msgid: e.msgstr for e in _live(sample, "ru", BIKE)}
    xlf = tmp_path / "tt.xlf"
    po = sample / "locales" / "ru" / f"{BIKE}.po"
    _tool("po2xliff", str(po), str(xlf))
    # empty the catalog's translations, then import the Translate Toolkit file
    text = po.read_text()
    blank = parse_po(po.read_bytes(), str(po))
    from dataclasses import replace

    from transflow.workspace import store

    po.write_bytes(
        store.serialize(
            replace(
                blank, entries=tuple(replace(e, msgstr="") for e in blank.entries if not e.obsolete)
            )
        )
    )
    result = run(sample, "xliff", "import", str(xlf))
    assert result.exit_code == 0, result.output
    assert {e.msgid: e.msgstr for e in _live(sample, "ru", BIKE)} == original
    assert text  # the original file, for the record


def test_translate_toolkit_reads_our_tmx_and_we_read_po2tmx(
    sample: Path, tmp_path: Path, validate
) -> None:
    ours = tmp_path / "ours.tmx"
    assert run(sample, "tm", "export", "-l", "ru", "-o", str(ours)).exit_code == 0
    store = tt_tmx.tmxfile.parsefile(str(ours))
    assert len(store.units) == 96
    headline = "Riverton doubles its bike-share network with 40 new stations"
    assert any(u.source == headline and u.target for u in store.units)

    theirs = tmp_path / "theirs.tmx"
    _tool("po2tmx", "-l", "ru", str(sample / "locales" / "ru" / f"{BIKE}.po"), str(theirs))
    validate(theirs, "tmx")
    result = run(sample, "tm", "import", str(theirs))
    assert result.exit_code == 0, result.output
    assert "added tm/theirs.tmx: 30 unit(s); ru 30, az 0" in result.output, result.output
