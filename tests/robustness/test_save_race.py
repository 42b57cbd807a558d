"""Issue 13, case 1: a translator's save landing in the last moment before extract
replaces the catalog (after the identity check) is never lost. The race is driven
deterministically through ``store._before_swap``, the instant before each swap."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_crash_and_concurrency import make_workspace

from transflow import config, extract
from transflow.catalog import store
from transflow.errors import ConcurrentEdit


def editor_save(po: Path, text: str) -> None:
    """What Poedit does: write a temporary file, rename it over the catalog."""
    tmp = po.with_name("poedit-save.tmp")
    tmp.write_text(text)
    os.replace(tmp, po)


@pytest.mark.parametrize("which", [0, 1])
def test_save_between_check_and_replace_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, which: int
) -> None:
    if not store._exchange_supported([]):
        pytest.skip("no renameat2 on this system")
    make_workspace(tmp_path, 1, ("ru", "de"))
    cfg = config.load(tmp_path)
    extract.run(cfg)
    src = tmp_path / "sources" / "article-000.txt"
    src.write_text(src.read_text().replace("Monday", "Tuesday"))
    catalogs = [tmp_path / "locales" / lang / "article-000.po" for lang in ("de", "ru")]
    po = catalogs[which]
    saved = po.read_text().replace(
        'msgid "Headline number 0"\nmsgstr ""', 'msgid "Headline number 0"\nmsgstr "Saved"'
    )
    before = {p: p.read_bytes() for p in catalogs}
    pot = tmp_path / "locales" / "templates" / "article-000.pot"
    pot_before = pot.read_bytes()

    def save_now(target: Path) -> None:
        if target == po:
            editor_save(po, saved)

    monkeypatch.setattr(store, "_before_swap", save_now)
    with pytest.raises(ConcurrentEdit, match="changed on disk"):
        extract.run(cfg)
    assert po.read_text() == saved  # the translator's work is intact
    for other in catalogs:
        if other != po:
            assert other.read_bytes() == before[other]  # all or nothing
    assert pot.read_bytes() == pot_before
    leftovers = [p for p in tmp_path.rglob("*") if store.TEMP_MARK in p.name]
    assert leftovers == []
    monkeypatch.setattr(store, "_before_swap", lambda target: None)
    extract.run(cfg)  # run again: merges on top of the save
    assert 'msgstr "Saved"' in po.read_text()


def test_exchange_is_used_here() -> None:
    """On Linux with glibc (CI), the race-free path is the one taken."""
    assert store._exchange_supported([]) or os.uname().sysname != "Linux"
