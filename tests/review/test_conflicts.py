"""Conflicts are never silent: a unit whose source changed since the review document was
made, or whose translation changed in the .po meanwhile, is reported and left as it is,
with the reviewer's text kept as a suggestion comment."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from transflow.workspace import store

from .conftest import BIKE, entries, export, open_doc, run, set_text


def _edit_rows(doc: Path, texts: dict[int, str]) -> None:
    d = open_doc(doc)
    for n, text in texts.items():
        set_text(d.tables[0].rows[n].cells[3], (text, {}))
    d.save(str(doc))


def _save_in_editor(root: Path, lang: str, slug: str, msgid: str, msgstr: str) -> None:
    """A translator saves the catalog with a changed translation (as Poedit would)."""
    path = root / "locales" / lang / f"{slug}.po"
    catalog, _ = store.load(path, str(path))
    new = tuple(replace(e, msgstr=msgstr) if e.msgid == msgid else e for e in catalog.entries)
    path.write_bytes(store.serialize(replace(catalog, entries=new)))


def test_conflict_when_the_po_translation_changed_meanwhile(sample: Path) -> None:
    doc = export(sample, "ru", BIKE)
    rows = list(entries(sample, "ru", BIKE).values())
    heading, other, untouched = rows[11], rows[12], rows[13]
    _save_in_editor(sample, "ru", BIKE, heading.msgid, "Что поменяется для велосипедистов")
    _save_in_editor(sample, "ru", BIKE, untouched.msgid, "Правка переводчика.")
    _edit_rows(doc, {12: "Что меняется для пользователей", 13: "Другая правка рецензента."})
    r = run(sample, "review", "import", str(doc))
    assert r.exit_code == 1, r.output
    assert "row 12" in r.output and "conflict" in r.output
    assert "translation in the catalog changed since the review document was made" in r.output
    assert "1 changed, 0 commented, 1 conflict(s)" in r.output
    after = entries(sample, "ru", BIKE)
    e = after[heading.msgid]
    assert e.msgstr == "Что поменяется для велосипедистов"  # the translator's save wins
    assert f"review suggestion ({doc.name}): Что меняется для пользователей" in (
        e.translator_comments
    )
    assert after[other.msgid].msgstr == "Другая правка рецензента."  # other rows still import
    assert after[untouched.msgid].msgstr == "Правка переводчика."  # not reviewed: not a conflict


def test_conflict_when_the_source_changed_meanwhile(sample: Path) -> None:
    doc = export(sample, "ru", BIKE)
    before = entries(sample, "ru", BIKE)
    lead = next(e for e in before.values() if "600 bicycles**" in e.msgid)
    n = list(before).index(lead.msgid) + 1
    source = sample / "sources" / f"{BIKE}.md"
    source.write_text(source.read_text().replace("600 bicycles**", "650 bicycles**"))
    assert run(sample, "extract").exit_code == 0
    _edit_rows(doc, {n: "РИВЕРТОН — новая редакция рецензента."})
    r = run(sample, "review", "import", str(doc))
    assert r.exit_code == 1, r.output
    assert f"row {n}" in r.output
    assert "the source text changed since the review document was made" in r.output
    changed = next(
        e for e in entries(sample, "ru", BIKE).values() if e.previous_msgid == lead.msgid
    )
    assert changed.fuzzy and changed.msgstr == lead.msgstr  # left as it is
    assert (
        f"review suggestion ({doc.name}): РИВЕРТОН — новая редакция рецензента."
        in changed.translator_comments
    )


def test_same_fix_in_catalog_and_review_is_not_a_conflict(sample: Path) -> None:
    doc = export(sample, "ru", BIKE)
    heading = list(entries(sample, "ru", BIKE).values())[11]
    _save_in_editor(sample, "ru", BIKE, heading.msgid, "Что меняется для пользователей")
    _edit_rows(doc, {12: "Что меняется для пользователей"})
    r = run(sample, "review", "import", str(doc))
    assert r.exit_code == 0, r.output
    assert "0 conflict(s)" in r.output
