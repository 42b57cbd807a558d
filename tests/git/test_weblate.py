"""Weblate works on the workspace unchanged: Translate Toolkit (Weblate's PO backend) reads and
writes every sample catalog without a semantic change, and `extract` after a Weblate-style
save changes nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from transflow.catalog.poparse import parse_po
from transflow.ops import extract
from transflow.workspace.config import discover
from transflow.workspace.store import serialize

tt_po = pytest.importorskip("translate.storage.po")

REPO = Path(__file__).resolve().parents[2]
SAMPLES = sorted((REPO / "locales").rglob("*.po"))


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.relative_to(REPO / "locales").as_posix())
def test_translate_toolkit_round_trip_keeps_every_entry(path: Path) -> None:
    data = path.read_bytes()
    store = tt_po.pofile.parsestring(data)
    written = bytes(store)
    before, after = parse_po(data, "before"), parse_po(written, "after")
    assert after.header == before.header
    # entries compare msgctxt, msgid, msgstr, flags, every kind of comment, #| and #~
    assert after.entries == before.entries
    # and Translate Toolkit itself sees the same units again
    again = tt_po.pofile.parsestring(written)
    assert [(u.source, u.target, u.isfuzzy(), u.isobsolete()) for u in again.units] == [
        (u.source, u.target, u.isfuzzy(), u.isobsolete()) for u in store.units
    ]


def test_sample_catalogs_found() -> None:
    assert len(SAMPLES) >= 15


def weblate_save(path: Path) -> bytes:
    """What Weblate does when a translator saves: fill units (here: untranslated ones get a
    draft), update the header, write through Translate Toolkit (its own wrapping)."""
    store = tt_po.pofile.parsestring(path.read_bytes())
    for unit in store.units:
        if not unit.isheader() and not unit.isobsolete() and not unit.target:
            unit.target = f"[{unit.source}]"
            unit.markfuzzy(True)
    store.updateheader(
        add=True,
        PO_Revision_Date="2026-03-20 10:00+0000",
        Last_Translator="Anna Example <anna@example.org>",
        X_Generator="Weblate 5.9",
    )
    data = bytes(store)
    path.write_bytes(data)
    return data


def test_extract_after_weblate_saves_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "ws"
    root.mkdir()
    for name in ("sources", "locales", "glossary"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "transflow.toml", root / "transflow.toml")
    config = discover(workspace=root)
    extract.run(config)  # up to date with this version first (the sample may lag behind)
    saved = {p: weblate_save(p) for p in sorted((root / "locales").rglob("*.po"))}
    # Weblate wraps some lines differently from msgcat (URLs, the header): bytes differ
    # from what transflow would write, entries do not
    assert any(b"Weblate 5.9" in data for data in saved.values())
    assert any(serialize(parse_po(data, "x")) != data for data in saved.values())
    result = extract.run(config)
    assert result.catalogs_written == []
    assert result.templates_written == []
    for path, data in saved.items():
        assert path.read_bytes() == data, path
