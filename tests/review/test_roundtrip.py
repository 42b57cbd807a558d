"""Round trip: export a review document, edit it as a reviewer would (python-docx, then
also LibreOffice's open-and-save), import, and compare the catalogs with the edits."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from .conftest import BIKE, HARBOUR, entries, export, open_doc, run, set_text, soffice_resave, tree

NEW_HEADING = "Что меняется для пользователей"


def review_edits(path: Path) -> None:
    """What a reviewer does in Word: retype a translation, embolden a word, remove a bold,
    write in the comment column, add a Word comment. Nothing reordered."""
    doc = open_doc(path)
    rows = doc.tables[0].rows
    set_text(rows[12].cells[3], (NEW_HEADING, {}))
    set_text(
        rows[1].cells[3],
        ("Ривертон ", {}),
        ("удваивает", {"bold": True}),
        (" сеть велопроката за счёт 40 новых станций", {}),
    )
    for r in rows[4].cells[3].paragraphs[0].runs:
        r.bold = False
    rows[5].cells[5].paragraphs[0].add_run("Please check the figure.")
    doc.add_comment(
        rows[7].cells[3].paragraphs[0].runs[0], text="Tone is fine.", author="Anna Reviewer"
    )
    doc.save(str(path))


def expected(before: dict, name: str) -> dict:
    """The catalog after importing review_edits (by msgid)."""
    out = dict(before)
    by_row = list(before.values())

    def edit(k: int, msgstr: str) -> None:
        e = by_row[k - 1]
        out[e.msgid] = replace(
            e,
            msgstr=msgstr,
            flags=tuple(f for f in e.flags if f != "fuzzy"),
            translator_comments=(*e.translator_comments, f"before review ({name}): {e.msgstr}"),
        )

    edit(12, NEW_HEADING)
    edit(1, "Ривертон **удваивает** сеть велопроката за счёт 40 новых станций")
    edit(4, by_row[3].msgstr.replace("**", ""))
    for k, text in ((5, "Please check the figure."), (7, "(Anna Reviewer) Tone is fine.")):
        e = by_row[k - 1]
        out[e.msgid] = replace(
            e, translator_comments=(*e.translator_comments, f"review ({name}): {text}")
        )
    return out


def _comparable(catalog: dict) -> dict:
    return {
        k: (e.msgstr, e.flags, e.translator_comments, e.previous_msgid) for k, e in catalog.items()
    }


def test_untouched_document_imports_as_unchanged(sample: Path) -> None:
    for lang, slug in (("ru", BIKE), ("ar", HARBOUR), ("zh_Hans", HARBOUR), ("de", BIKE)):
        doc = export(sample, lang, slug)
        before = tree(sample)
        r = run(sample, "review", "import", str(doc))
        assert r.exit_code == 0, r.output
        assert "0 changed, 0 commented, 0 conflict(s)" in r.output
        assert "notice" not in r.output and "refused" not in r.output
        assert tree(sample) == before


def test_python_docx_edits_round_trip(sample: Path) -> None:
    doc = export(sample, "ru", BIKE)
    before = entries(sample, "ru", BIKE)
    review_edits(doc)
    r = run(sample, "review", "import", str(doc))
    assert r.exit_code == 0, r.output
    assert "3 changed, 2 commented, 0 conflict(s), 25 unchanged" in r.output
    after = entries(sample, "ru", BIKE)
    assert _comparable(after) == _comparable(expected(before, doc.name))
    # importing the same document again changes nothing
    again = tree(sample)
    r = run(sample, "review", "import", str(doc))
    assert r.exit_code == 0, r.output
    assert "0 changed, 0 commented, 0 conflict(s), 30 unchanged" in r.output
    assert tree(sample) == again


def test_libreoffice_resave_round_trip(sample: Path, tmp_path: Path) -> None:
    doc = export(sample, "ru", BIKE)
    before = entries(sample, "ru", BIKE)
    review_edits(doc)
    saved = soffice_resave(doc, tmp_path / "lo")
    r = run(sample, "review", "import", str(saved))
    assert r.exit_code == 0, r.output
    assert "3 changed, 2 commented, 0 conflict(s), 25 unchanged" in r.output
    assert _comparable(entries(sample, "ru", BIKE)) == _comparable(expected(before, saved.name))


@pytest.mark.parametrize(("lang", "slug"), [("ru", BIKE), ("ar", HARBOUR), ("zh_Hans", HARBOUR)])
def test_libreoffice_keeps_review_data_and_markup(
    sample: Path, tmp_path: Path, lang: str, slug: str
) -> None:
    """LibreOffice keeps the custom XML part, links, bold, line breaks and placeholders:
    an untouched document saved by it imports as unchanged."""
    doc = export(sample, lang, slug)
    saved = soffice_resave(doc, tmp_path / "lo")
    before = tree(sample)
    r = run(sample, "review", "import", str(saved))
    assert r.exit_code == 0, r.output
    assert "0 changed, 0 commented, 0 conflict(s)" in r.output
    assert "notice" not in r.output and "refused" not in r.output
    assert tree(sample) == before


def test_fuzzy_unit_edited_in_review_becomes_translated(sample: Path) -> None:
    slug = "khojaly-commemoration-moscow"
    doc = export(sample, "de", slug)
    before = entries(sample, "de", slug)
    rows = open_doc(doc).tables[0].rows
    n = next(k for k in range(1, len(rows)) if rows[k].cells[4].paragraphs[0].text == "fuzzy")
    fuzzy = list(before.values())[n - 1]
    assert fuzzy.fuzzy
    d = open_doc(doc)
    set_text(d.tables[0].rows[n].cells[3], ("Geprüfte Übersetzung.", {}))
    d.save(str(doc))
    r = run(sample, "review", "import", str(doc))
    assert r.exit_code == 0, r.output
    e = entries(sample, "de", slug)[fuzzy.msgid]
    assert e.msgstr == "Geprüfte Übersetzung."
    assert not e.fuzzy and e.previous_msgid is None
    assert f"before review ({doc.name}): {fuzzy.msgstr}" in e.translator_comments


def test_untranslated_unit_filled_in_review(sample: Path) -> None:
    doc = export(sample, "de", BIKE)
    before = entries(sample, "de", BIKE)
    d = open_doc(doc)
    rows = d.tables[0].rows
    n = next(
        k for k in range(1, len(rows)) if rows[k].cells[4].paragraphs[0].text == "untranslated"
    )
    set_text(rows[n].cells[3], ("Neu ", {}), ("übersetzt", {"italic": True}), (".", {}))
    d.save(str(doc))
    r = run(sample, "review", "import", str(doc))
    assert r.exit_code == 0, r.output
    e = entries(sample, "de", BIKE)[list(before.values())[n - 1].msgid]
    assert e.msgstr == "Neu *übersetzt*."
    assert e.is_translated
    assert not any(c.startswith("before review") for c in e.translator_comments)
