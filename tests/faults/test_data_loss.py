"""Data loss (issue 13, cases 1–3): a translator's save landing in the last moment before
extract replaces the catalog is never lost (the race is driven deterministically through
``store._before_swap``, the instant before each swap); a plural entry is never wiped; a
catalog cut down to its header deletes no export."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from transflow.core.errors import ConcurrentEdit
from transflow.ops import extract
from transflow.workspace import config, store

from .conftest import cli

PARAGRAPHS = [
    "The council approved a budget of {n} million euros for new schools on Monday.",
    "Construction of {n} classrooms starts in May and ends before the next school year.",
]


def make_workspace(root: Path, articles: int, languages: tuple[str, ...]) -> None:
    (root / "sources").mkdir(parents=True)
    langs = ", ".join(f'"{x}"' for x in languages)
    (root / "transflow.toml").write_text(f"languages = [{langs}]\n")
    for i in range(articles):
        body = "\n".join(p.format(n=i * 7 + k) for k, p in enumerate(PARAGRAPHS))
        (root / "sources" / f"article-{i:03d}.txt").write_text(f"Headline number {i}\n{body}\n")


def editor_save(po: Path, text: str) -> None:
    """What Poedit does: write a temporary file, rename it over the catalog."""
    tmp = po.with_name("poedit-save.tmp")
    tmp.write_text(text)
    os.replace(tmp, po)


@pytest.mark.parametrize("which", [0, 1])
def test_I13_1_save_between_check_and_replace_is_kept(
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

    def save_now(target: str) -> None:
        if Path(target) == po:
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


def test_I13_1_exchange_is_used_here() -> None:
    """On Linux with glibc (CI), the race-free path is the one taken."""
    assert store._exchange_supported([]) or os.uname().sysname != "Linux"


def test_I13_2_a_plural_entry_is_never_wiped(ws: Path) -> None:
    """A translator turned a unit into a plural entry (msgfmt accepts it): the next extract
    keeps every form, fuzzy, and export does not publish it as if translated."""
    assert cli(ws, "extract").exit_code == 0
    po = ws / "locales" / "ru" / "library.po"
    text = po.read_text()
    text = text.replace(
        'msgid "Riverton opens new library"\nmsgstr ""',
        'msgid "Riverton opens new library"\nmsgid_plural "Riverton opens new libraries"\n'
        'msgstr[0] "Ривертон открывает библиотеку"\nmsgstr[1] "Ривертон открывает библиотеки"\n'
        'msgstr[2] "Ривертон открывает библиотек"',
    )
    po.write_text(text)
    assert cli(ws, "extract").exit_code == 0
    after = po.read_text()
    assert (
        '#, fuzzy\nmsgid "Riverton opens new library"\nmsgstr "Ривертон открывает библиотеку"'
        in after
    )
    assert "Ривертон открывает библиотеки | Ривертон открывает библиотек" in after
    assert cli(ws, "export", "-l", "ru").exit_code == 1  # fuzzy: not complete


def test_I13_3_a_catalog_cut_to_its_header_deletes_no_export(ws: Path) -> None:
    assert cli(ws, "extract").exit_code == 0
    po = ws / "locales" / "ru" / "library.po"
    text = po.read_text()
    po.write_text(
        text.replace('msgstr ""\n\n#', 'msgstr "Перевод"\n\n#')
        .replace('msgstr ""\n', 'msgstr "Перевод"\n')
        .replace('msgid ""\nmsgstr "Перевод"', 'msgid ""\nmsgstr ""', 1)
    )
    assert cli(ws, "export", "-l", "ru", "-f", "md").exit_code == 0, "fully translated"
    out = ws / "exports" / "ru" / "library.md"
    before = out.read_bytes()
    text = po.read_text()
    po.write_text(text[: text.index("\n\n") + 1])  # the header entry only
    result = cli(ws, "export", "-l", "ru", "-f", "md")
    assert result.exit_code == 1
    assert "has no entries left" in result.output
    assert out.read_bytes() == before


def test_I13_1_save_displaced_by_a_run_killed_mid_swap_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run killed right after swapping a catalog in, before it looked at what it
    displaced (an editor's save of that instant), leaves the save at a temporary name:
    the next run keeps it beside the catalog and says so; it never deletes it."""
    if not store._exchange_supported([]):
        pytest.skip("no renameat2 on this system")
    make_workspace(tmp_path, 1, ("de",))
    cfg = config.load(tmp_path)
    extract.run(cfg)
    src = tmp_path / "sources" / "article-000.txt"
    src.write_text(src.read_text().replace("Monday", "Tuesday"))
    po = tmp_path / "locales" / "de" / "article-000.po"
    saved = po.read_text().replace(
        'msgid "Headline number 0"\nmsgstr ""', 'msgid "Headline number 0"\nmsgstr "Gerettet"'
    )

    class Killed(BaseException):
        pass

    real = store._renameat2

    def swap_then_die(a: str, b: str, flags: int) -> int:
        rc = real(a, b, flags)
        if Path(b) == po:
            raise Killed  # as if kill -9 struck here: no undo, no clean-up
        return rc

    def save_now(target: str) -> None:
        if Path(target) == po:
            editor_save(po, saved)

    monkeypatch.setattr(store, "_before_swap", save_now)
    monkeypatch.setattr(store, "_renameat2", swap_then_die)
    monkeypatch.setattr(store.Transaction, "rollback", lambda self: None)  # killed: none
    monkeypatch.setattr(store, "clean_temp_files", lambda *a, **k: 0)  # …and no clean-up
    with pytest.raises(Killed):
        extract.run(cfg)
    monkeypatch.undo()
    leftovers = [p for p in po.parent.iterdir() if store.TEMP_MARK in p.name]
    assert leftovers and leftovers[0].read_text() == saved  # the save, at a temp name
    result = extract.run(cfg)
    kept = [p for p in po.parent.iterdir() if ".conflict-" in p.name]
    assert [p.read_text() for p in kept] == [saved]
    assert any("was kept here" in n for n in result.notices)
    assert not [p for p in po.parent.iterdir() if store.TEMP_MARK in p.name]


def test_I13_1_a_save_is_kept_when_the_swap_back_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If undoing a swap fails (the editor renamed the catalog away meanwhile), what the
    swap displaced — the translator's save — is kept beside the catalog, not deleted
    with transflow's temporary files."""
    if not store._exchange_supported([]):
        pytest.skip("no renameat2 on this system")
    a, b = tmp_path / "a.po", tmp_path / "b.po"
    a.write_text("A-old")
    b.write_text("B-old")
    ident_a = store.FileIdentity.of_bytes(a, a.read_bytes())
    ident_b = store.FileIdentity.of_bytes(b, b.read_bytes())
    store._exchange_supported([])  # probe once, before counting exchanges
    real = store._renameat2
    calls = []

    def flaky(x: str, y: str, flags: int) -> int:
        calls.append(Path(y))
        if Path(y) == b and calls.count(b) == 2:  # the exchange that would undo b's swap
            return -1
        return real(x, y, flags)

    monkeypatch.setattr(store, "_renameat2", flaky)
    monkeypatch.setattr(
        store, "_before_swap", lambda t: editor_save(b, "B-editor-save") if Path(t) == b else None
    )
    tx = store.Transaction()
    tx.write(a, b"A-new", "a.po", ident_a)
    tx.write(b, b"B-new", "b.po", ident_b)
    with pytest.raises(ConcurrentEdit, match="also kept"):
        tx.commit()
    kept = [p for p in tmp_path.iterdir() if ".conflict-" in p.name]
    assert [p.read_text() for p in kept] == ["B-editor-save"]
    assert a.read_text() == "A-old"
    assert not [p for p in tmp_path.iterdir() if store.TEMP_MARK in p.name]
