"""The three-way merge by entry key, rule by rule (no git)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from transflow.catalog.entries import Catalog, Entry, format_header
from transflow.catalog.merge3 import CONFLICT_NOTE, lost_translations, merge3


def cat(
    *entries: Entry,
    revision: str = "2026-03-01 10:00+0000",
    pot: str = "2026-03-01 09:00+0000",
    **fields: str,
) -> Catalog:
    head = [("POT-Creation-Date", pot), ("PO-Revision-Date", revision), ("Language", "ru")]
    head += list(fields.items())
    return Catalog(header=Entry(msgid="", msgstr=format_header(head)), entries=entries)


A = Entry("Alpha.", references=("sources/a.txt",), extracted_comments=("body",))
B = Entry("Beta.", references=("sources/a.txt",), extracted_comments=("body",))
C = Entry("Gamma.", references=("sources/a.txt",), extracted_comments=("body",))


def entries(c: Catalog) -> dict[str, Entry]:
    return {e.msgid: e for e in c.entries}


def test_one_sided_changes_win_field_by_field() -> None:
    base = cat(A, B)
    ours = cat(replace(A, msgstr="Альфа."), B)
    theirs = cat(replace(A, translator_comments=("check the name",)), replace(B, msgstr="Бета."))
    r = merge3(base, ours, theirs)
    got = entries(r.catalog)
    assert got["Alpha."].msgstr == "Альфа." and got["Alpha."].translator_comments == (
        "check the name",
    )
    assert got["Beta."].msgstr == "Бета."
    assert r.conflicts == ()


@pytest.mark.parametrize(
    "ours_rev, theirs_rev, kept, other",
    [
        pytest.param(
            "2026-03-02 10:00+0000", "2026-03-01 10:00+0000", "Один.", "Два.", id="ours-newer"
        ),
        pytest.param(
            "2026-03-01 10:00+0000", "2026-03-02 10:00+0000", "Два.", "Один.", id="theirs-newer"
        ),
        pytest.param(
            "2026-03-02 12:00+0300", "2026-03-02 10:00+0000", "Два.", "Один.", id="time-zones"
        ),
        pytest.param(
            "2026-03-02 10:00+0000", "2026-03-02 10:00+0000", "Один.", "Два.", id="tie-ours"
        ),
    ],
)
def test_conflict_keeps_later_revision_fuzzy_other_in_comment(
    ours_rev, theirs_rev, kept, other
) -> None:
    base = cat(A)
    r = merge3(
        base,
        cat(replace(A, msgstr="Один."), revision=ours_rev),
        cat(replace(A, msgstr="Два."), revision=theirs_rev),
    )
    e = entries(r.catalog)["Alpha."]
    assert (e.msgstr, e.fuzzy) == (kept, True)
    assert e.translator_comments == (CONFLICT_NOTE, other)
    assert len(r.conflicts) == 1 and r.conflicts[0].kept == kept


def test_conflict_multiline_translation_kept_line_by_line() -> None:
    r = merge3(
        cat(A),
        cat(replace(A, msgstr="a\nb")),
        cat(replace(A, msgstr="c\nd"), revision="2026-03-05 10:00+0000"),
    )
    e = entries(r.catalog)["Alpha."]
    assert e.msgstr == "c\nd" and e.translator_comments == (CONFLICT_NOTE, "a", "b")


def test_an_empty_translation_never_wins_a_conflict() -> None:
    base = cat(replace(A, msgstr="Старое."))
    r = merge3(
        base,
        cat(replace(A, msgstr="Новое.")),
        cat(replace(A, msgstr=""), revision="2026-03-05 10:00+0000"),
    )
    e = entries(r.catalog)["Alpha."]
    assert e.msgstr == "Новое." and e.fuzzy


def test_removed_on_one_side_unchanged_translated_becomes_obsolete() -> None:
    base = cat(replace(A, msgstr="Альфа."), B)
    r = merge3(base, cat(B), base)
    e = entries(r.catalog)["Alpha."]
    assert e.obsolete and e.msgstr == "Альфа." and e.references == ()
    assert r.kept_as_obsolete == 1
    assert [x.msgid for x in r.catalog.entries] == ["Beta.", "Alpha."]  # obsolete last


def test_removed_untranslated_is_removed_and_obsolete_purge_is_honoured() -> None:
    gone = replace(C, msgstr="Гамма.", obsolete=True, references=(), extracted_comments=())
    base = cat(A, B, gone)
    r = merge3(base, cat(B), base)
    assert set(entries(r.catalog)) == {"Beta."}


def test_removed_on_one_side_translated_on_the_other_is_kept_obsolete() -> None:
    base = cat(A, B)
    r = merge3(base, cat(B), cat(replace(A, msgstr="Альфа."), B))
    e = entries(r.catalog)["Alpha."]
    assert e.obsolete and e.msgstr == "Альфа."


def test_obsoleted_on_one_side_retranslated_on_the_other_stays_obsolete_with_new_text() -> None:
    base = cat(replace(A, msgstr="Альфа."), B)
    ours = cat(B, replace(A, msgstr="Альфа.", obsolete=True, references=(), extracted_comments=()))
    theirs = cat(replace(A, msgstr="Альфа!"), B)
    e = entries(merge3(base, ours, theirs).catalog)["Alpha."]
    assert e.obsolete and e.msgstr == "Альфа!" and not e.fuzzy


def test_added_on_both_sides_keeps_both_in_template_order() -> None:
    base = cat(A)
    ours = cat(A, B, pot="2026-03-02 09:00+0000")
    theirs = cat(C, A)
    r = merge3(base, ours, theirs)
    assert [e.msgid for e in r.catalog.entries] == ["Gamma.", "Alpha.", "Beta."]


def test_fuzzy_follows_the_text() -> None:
    base = cat(replace(A, msgstr="X", flags=("fuzzy",), previous_msgid="Alfa."))
    approved = cat(replace(A, msgstr="X"))  # fuzzy and #| cleared: approved
    commented = cat(
        replace(
            A, msgstr="X", flags=("fuzzy",), previous_msgid="Alfa.", translator_comments=("ok?",)
        )
    )
    e = entries(merge3(base, approved, commented).catalog)["Alpha."]
    assert not e.fuzzy and e.previous_msgid is None and e.translator_comments == ("ok?",)
    redrafted = cat(replace(A, msgstr="Y", flags=("fuzzy",), previous_msgid="Alfa."))
    e = entries(merge3(base, approved, redrafted).catalog)["Alpha."]
    assert e.msgstr == "Y" and e.fuzzy


def test_flags_and_comments_merge_as_sets() -> None:
    base = cat(replace(A, flags=("no-wrap",), translator_comments=("a",)))
    ours = cat(replace(A, flags=("no-wrap", "python-format"), translator_comments=("a", "b")))
    theirs = cat(replace(A, flags=(), translator_comments=("a", "c")))
    e = entries(merge3(base, ours, theirs).catalog)["Alpha."]
    assert e.flags == ("python-format",)
    assert e.translator_comments == ("a", "b", "c")


def test_plural_entries_conflict_by_all_forms() -> None:
    P = Entry("One file", msgid_plural="%d files", msgstr_plural=("", "", ""))
    ours = cat(replace(P, msgstr_plural=("файл", "файла", "файлов")))
    theirs = cat(
        replace(P, msgstr_plural=("файл", "файла", "файлы")), revision="2026-03-09 10:00+0000"
    )
    e = entries(merge3(cat(P), ours, theirs).catalog)["One file"]
    assert e.msgstr_plural == ("файл", "файла", "файлы") and e.fuzzy
    assert "файлов" in e.translator_comments


def test_header_fields() -> None:
    base = cat(
        A, **{"X-Transflow-Source": "sources/a.txt sha256:1", "Last-Translator": "x", "X-Old": "1"}
    )
    ours = cat(
        A,
        revision="2026-03-05 10:00+0000",
        **{
            "X-Transflow-Source": "sources/a.txt sha256:2",
            "Last-Translator": "Boris",
            "X-Old": "1",
            "X-Ours": "o",
        },
    )
    theirs = cat(
        A,
        pot="2026-03-04 09:00+0000",
        revision="2026-03-03 10:00+0000",
        **{"X-Transflow-Source": "sources/a.txt sha256:3", "Last-Translator": "Anna"},
    )
    fields = dict(merge3(base, ours, theirs).catalog.header_fields())
    assert fields["PO-Revision-Date"] == "2026-03-05 10:00+0000"
    assert fields["Last-Translator"] == "Boris"
    assert fields["POT-Creation-Date"] == "2026-03-04 09:00+0000"
    assert fields["X-Transflow-Source"] == "sources/a.txt sha256:3"  # the template side
    assert "X-Old" not in fields and fields["X-Ours"] == "o"


def test_lost_translations_sees_a_dropped_translation() -> None:
    base = cat(A)
    ours = cat(replace(A, msgstr="Альфа."))
    assert lost_translations(base, ours, base, base) == ["Alpha."]
    assert lost_translations(base, ours, base, merge3(base, ours, base).catalog) == []


def test_added_live_on_one_side_obsolete_on_the_other_stays_live() -> None:
    ours = cat(A, replace(B, msgstr="Бета."))
    theirs = cat(A, replace(B, msgstr="Бета!", obsolete=True, references=(), extracted_comments=()))
    e = entries(merge3(cat(A), ours, theirs).catalog)["Beta."]
    assert not e.obsolete and e.fuzzy
