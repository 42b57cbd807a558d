"""catalog/pofile: polib as an independent reader of every good catalog we have, and the
scripting API (load → edit → save) written msgcat-exact, without diff noise."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest

from transflow.catalog import pofile
from transflow.catalog.entries import Entry, parse_header
from transflow.catalog.poparse import parse_po
from transflow.catalog.powrite import serialize_po
from transflow.core.errors import CatalogSyntaxError, ConcurrentEdit, InputError

REPO = Path(__file__).resolve().parents[2]
GOOD = REPO / "tests" / "fixtures" / "good"
BAD = REPO / "tests" / "fixtures" / "bad"
GOLDEN = Path(__file__).resolve().parent / "golden"


def _good_catalogs() -> list[Path]:
    found = [p for p in sorted(GOOD.iterdir()) if p.suffix in (".po", ".pot")]
    found += sorted(p for p in GOLDEN.glob("*") if p.suffix in (".po", ".pot"))
    found += sorted((REPO / "tests" / "golden").glob("**/*.po*"))
    found += sorted((REPO / "locales").glob("**/*.po*"))
    return found


GOOD_CATALOGS = _good_catalogs()


def _ids(paths: list[Path]) -> list[str]:
    return [str(p.relative_to(REPO)) for p in paths]


def _ours(e: Entry) -> tuple:
    forms = e.msgstr_plural if e.msgid_plural is not None else (e.msgstr,)
    return (
        e.msgctxt,
        e.msgid,
        e.msgid_plural,
        forms,
        tuple(e.flags),
        e.obsolete,
        e.previous_msgctxt,
        e.previous_msgid,
        e.previous_msgid_plural,
        "\n".join(e.translator_comments),
        "\n".join(e.extracted_comments),
        tuple(e.references),
    )


def _polib(e: polib.POEntry) -> tuple:
    if e.msgid_plural:
        forms = tuple(v for _, v in sorted(e.msgstr_plural.items(), key=lambda kv: int(kv[0])))
    else:
        forms = (e.msgstr,)
    return (
        e.msgctxt,
        e.msgid,
        e.msgid_plural or None,
        forms,
        tuple(e.flags),
        bool(e.obsolete),
        e.previous_msgctxt,
        e.previous_msgid,
        e.previous_msgid_plural,
        e.tcomment,
        e.comment,
        tuple(f"{name}:{line}" if line else name for name, line in e.occurrences),
    )


def test_the_differential_runs_on_enough_catalogs() -> None:
    # the good fixtures, the msgcat goldens, the extract/merge goldens and the sample
    assert len(GOOD_CATALOGS) >= 40
    assert any(p.parent == GOOD for p in GOOD_CATALOGS)


def _without_obsolete_previous(record: tuple) -> tuple:
    """polib 1.2 drops the previous msgid of an obsolete entry (``#~| msgid``): gettext keeps
    it (msgcat writes it back), and so do we. The one known disagreement, taken out here."""
    if not record[5]:
        return record
    return (*record[:6], None, None, None, *record[9:])


@pytest.mark.parametrize("path", GOOD_CATALOGS, ids=_ids(GOOD_CATALOGS))
def test_polib_reads_the_same_entries_as_our_strict_reader(path: Path) -> None:
    data = path.read_bytes()
    ours = parse_po(data, str(path))
    theirs = polib.pofile(str(path))
    mine = [_ours(e) for e in ours.entries]
    other = [_polib(e) for e in theirs]
    if b"#~|" in data:
        assert mine != other  # the disagreement is real: it must not go unnoticed
        mine = [_without_obsolete_previous(r) for r in mine]
        other = [_without_obsolete_previous(r) for r in other]
    assert mine == other
    # polib takes the header out of the list; we keep it apart too
    header = ours.header
    assert dict(parse_header(header.msgstr if header else "")) == dict(theirs.metadata)
    if header is not None:
        assert list(header.flags) == list(theirs.metadata_is_fuzzy or [])
        assert pofile.load(path).metadata_is_fuzzy == header.fuzzy
        assert "\n".join(header.translator_comments) == theirs.header


@pytest.mark.parametrize("path", GOOD_CATALOGS, ids=_ids(GOOD_CATALOGS))
def test_load_gives_every_entry_our_reader_reads(path: Path) -> None:
    ours = parse_po(path.read_bytes(), str(path))
    loaded = pofile.load(path)
    assert [_polib(e) for e in loaded] == [_ours(e) for e in ours.entries]
    assert [e.linenum for e in loaded] == [e.lineno for e in ours.entries]
    assert dict(loaded.metadata) == dict(parse_header(ours.header.msgstr if ours.header else ""))


@pytest.mark.parametrize("path", GOOD_CATALOGS, ids=_ids(GOOD_CATALOGS))
def test_load_save_round_trip_is_our_writer_byte_for_byte(path: Path, tmp_path: Path) -> None:
    data = path.read_bytes()
    canonical = serialize_po(parse_po(data, str(path)))
    out = tmp_path / path.name
    pofile.save(pofile.load(path), out)
    assert out.read_bytes() == canonical
    if canonical == data:  # a canonical catalog: load → save changes no byte
        work = tmp_path / ("same-" + path.name)
        shutil.copyfile(path, work)
        before = work.stat().st_mtime_ns
        assert pofile.save(pofile.load(work)) is False
        assert work.read_bytes() == data
        assert work.stat().st_mtime_ns == before


def test_the_sample_catalogs_are_canonical() -> None:
    # so the round trip above is byte-identical on real catalogs, not only re-serialized
    sample = [p for p in GOOD_CATALOGS if REPO / "locales" in p.parents]
    assert sample
    for path in sample:
        assert serialize_po(parse_po(path.read_bytes(), str(path))) == path.read_bytes()


@pytest.mark.parametrize("path", sorted(BAD.iterdir()), ids=lambda p: p.name)
def test_load_refuses_what_the_strict_reader_refuses_with_file_and_line(path: Path) -> None:
    with pytest.raises(CatalogSyntaxError) as err:
        pofile.load(path)
    assert isinstance(err.value, InputError)
    assert err.value.path == str(path)
    assert err.value.line is not None and err.value.line >= 1
    assert str(err.value).startswith(f"{path}:{err.value.line}: ")


def test_an_edit_changes_only_its_own_lines(tmp_path: Path) -> None:
    src = REPO / "locales" / "de" / "city-bike-share-expansion.po"
    work = tmp_path / "de.po"
    shutil.copyfile(src, work)
    po = pofile.load(work)
    todo = po.untranslated_entries()
    assert todo
    target = todo[0]
    target.msgstr = "Eine neue Übersetzung"
    assert pofile.save(po) is True
    before = src.read_text(encoding="utf-8").splitlines()
    after = work.read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=False) if a != b]
    assert len(after) == len(before)
    assert changed == [('msgstr ""', 'msgstr "Eine neue Übersetzung"')]
    # and it reads back through the strict reader
    again = parse_po(work.read_bytes(), "de.po")
    assert [e.msgstr for e in again.entries if e.msgid == target.msgid] == ["Eine neue Übersetzung"]


def test_header_edits_keep_field_order_and_comments(tmp_path: Path) -> None:
    src = REPO / "locales" / "ru" / "city-bike-share-expansion.po"
    work = tmp_path / "ru.po"
    shutil.copyfile(src, work)
    po = pofile.load(work)
    fields = list(po.metadata)
    po.metadata["Last-Translator"] = "A Script <script@example.org>"
    pofile.save(po)
    header = parse_po(work.read_bytes(), "ru.po").header
    assert header is not None
    assert [k for k, _ in parse_header(header.msgstr)] == fields
    assert dict(parse_header(header.msgstr))["Last-Translator"] == "A Script <script@example.org>"
    original = parse_po(src.read_bytes(), "x").header
    assert original is not None
    assert header.translator_comments == original.translator_comments


def test_a_fuzzy_header_stays_fuzzy_until_a_script_clears_it(tmp_path: Path) -> None:
    src = tmp_path / "h.po"
    src.write_bytes(
        b'#, fuzzy\nmsgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        b'msgid "a"\nmsgstr "b"\n'
    )
    po = pofile.load(src)
    assert po.metadata_is_fuzzy is True
    pofile.save(po)  # laid out as msgcat does
    assert src.read_bytes().startswith(b'#, fuzzy\nmsgid ""')
    assert pofile.save(pofile.load(src)) is False
    po = pofile.load(src)
    po.metadata_is_fuzzy = False
    assert pofile.save(po) is True
    assert not src.read_bytes().startswith(b"#, fuzzy")
    theirs = polib.pofile(str(src))
    theirs.metadata_is_fuzzy = ["fuzzy"]  # polib's own reader keeps the flag list
    pofile.save(theirs, src)
    assert src.read_bytes().startswith(b'#, fuzzy\nmsgid ""')


def test_a_new_catalog_built_in_a_script(tmp_path: Path) -> None:
    po = polib.POFile()
    po.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Language": "de",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    po.append(polib.POEntry(msgid="Hello", msgstr="Hallo", occurrences=[("a.md", "")]))
    po.append(
        polib.POEntry(msgid="one", msgid_plural="many", msgstr_plural={0: "eins", 1: "viele"})
    )
    out = tmp_path / "new.po"
    with pytest.raises(ValueError):
        pofile.save(po)  # built in memory: no path to default to
    assert pofile.save(po, out) is True
    cat = parse_po(out.read_bytes(), "new.po")
    assert [(e.msgid, e.msgstr, e.msgstr_plural, e.references) for e in cat.entries] == [
        ("Hello", "Hallo", (), ("a.md",)),
        ("one", "", ("eins", "viele"), ()),
    ]
    po[0].msgstr = "Guten Tag"
    assert pofile.save(po) is True  # saved once: that path is now its default
    assert b'msgstr "Guten Tag"' in out.read_bytes()


def test_save_never_overwrites_a_file_changed_since_load(tmp_path: Path) -> None:
    work = tmp_path / "de.po"
    shutil.copyfile(REPO / "locales" / "de" / "city-bike-share-expansion.po", work)
    po = pofile.load(work)
    po.untranslated_entries()[0].msgstr = "Skript"
    translator = work.read_bytes().replace(b'msgstr ""\n\n', b'msgstr "Mensch"\n\n', 1)
    work.write_bytes(translator)
    with pytest.raises(ConcurrentEdit):
        pofile.save(po)
    assert work.read_bytes() == translator
    assert not [p for p in tmp_path.iterdir() if p.name != "de.po"]  # no temporary left


def test_legacy_charset_is_saved_as_utf8(tmp_path: Path) -> None:
    out = tmp_path / "cp1251.po"
    pofile.save(pofile.load(GOOD / "cp1251.po"), out)
    text = out.read_bytes().decode("utf-8")
    assert "charset=UTF-8" in text
    assert [e.msgstr for e in parse_po(out.read_bytes(), "x").entries] == [
        e.msgstr for e in parse_po((GOOD / "cp1251.po").read_bytes(), "y").entries
    ]
