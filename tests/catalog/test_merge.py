"""Catalog updates: nothing a translator entered is ever lost."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from transflow.catalog.entries import Catalog, Entry
from transflow.catalog.merge import merge
from transflow.catalog.template import build_template, catalog_header
from transflow.catalog.tm import THRESHOLD, Memory

REL = "sources/a.txt"


def template(*texts: str) -> Catalog:
    return build_template(
        "a", REL, ((t, "body") for t in texts), "sha256:0", "2026-01-01 00:00+0000"
    )


def update(tpl: Catalog, old: Catalog | None, memory: Memory | None = None) -> Catalog:
    header = catalog_header(tpl, old, "ru", "Russian", "nplurals=3; plural=0;")
    return merge(tpl, old, header, memory, origin="locales/ru/a.po").catalog


def translated(catalog: Catalog, **tr: str) -> Catalog:
    entries = tuple(replace(e, msgstr=tr.get(e.msgid, e.msgstr)) for e in catalog.entries)
    return replace(catalog, entries=entries)


def by_id(catalog: Catalog) -> dict[str, Entry]:
    return {e.msgid: e for e in catalog.entries}


S1 = "The festival opens on Friday with a parade through the old town."
S2 = "Tickets cost 12 euros and are on sale from Monday."
S2_EDITED = "Tickets cost 15 euros and are on sale from Monday."


def test_unchanged_unit_keeps_translation_flags_and_comments() -> None:
    old = update(template(S1, S2), None)
    old = replace(
        old,
        entries=tuple(
            replace(
                e, msgstr="Фестиваль…", translator_comments=("checked by Olga",), flags=("no-wrap",)
            )
            if e.msgid == S1
            else e
            for e in old.entries
        ),
    )
    new = by_id(update(template(S1, S2), old))
    assert new[S1].msgstr == "Фестиваль…"
    assert new[S1].translator_comments == ("checked by Olga",)
    assert new[S1].flags == ("no-wrap",)


def test_changed_unit_comes_back_fuzzy_with_previous_and_old_is_obsolete() -> None:
    old = translated(update(template(S1, S2), None), **{S2: "Билеты стоят 12 евро."})
    new = by_id(update(template(S1, S2_EDITED), old))
    assert new[S2_EDITED].fuzzy
    assert new[S2_EDITED].msgstr == "Билеты стоят 12 евро."
    assert new[S2_EDITED].previous_msgid == S2
    assert new[S2].obsolete and new[S2].msgstr == "Билеты стоят 12 евро."


def test_removed_unit_becomes_obsolete_untranslated_one_is_dropped() -> None:
    old = translated(update(template(S1, S2), None), **{S1: "Фестиваль открывается."})
    new = by_id(update(template(S2), old))
    assert new[S1].obsolete
    assert S2 in new and not new[S2].obsolete
    assert len(new) == 2


def test_unrelated_new_sentence_does_not_take_a_deleted_translation() -> None:
    """msgmerge reuses 'Removed sentence.' for 'Brand new sentence.'; we keep it obsolete."""
    old = translated(
        update(template(S1, "Removed sentence."), None), **{"Removed sentence.": "Удалено."}
    )
    new = by_id(update(template(S1, "Brand new sentence."), old))
    assert new["Brand new sentence."].msgstr == ""
    assert new["Removed sentence."].obsolete


def test_obsolete_unit_is_resurrected_when_it_returns() -> None:
    old = translated(update(template(S1, S2), None), **{S2: "Билеты."})
    middle = update(template(S1), old)
    back = by_id(update(template(S1, S2), middle))
    assert back[S2].msgstr == "Билеты." and not back[S2].obsolete and not back[S2].fuzzy
    assert sum(1 for e in back.values() if e.msgid == S2) == 1


def test_translation_memory_exact_and_close() -> None:
    boiler = "About the Riverton Arts Council: it supports local artists since 1988."
    memory = Memory()
    memory.add(boiler, "О совете по искусству Ривертона.", "locales/ru/other.po")
    memory.add(S2, "Билеты стоят 12 евро.", "locales/ru/other.po")
    new = by_id(update(template(boiler, S2_EDITED), None, memory))
    assert new[boiler].msgstr == "О совете по искусству Ривертона." and not new[boiler].fuzzy
    assert new[S2_EDITED].fuzzy and new[S2_EDITED].previous_msgid == S2


def test_memory_never_suggests_a_catalog_to_itself() -> None:
    memory = Memory()
    memory.add(S2, "Билеты.", "locales/ru/a.po")
    assert memory.lookup(S2, exclude_origin="locales/ru/a.po") is None
    assert memory.lookup(S2).score == 100.0


def test_threshold_is_documented_value() -> None:
    assert THRESHOLD == 75.0


WORDS = [
    "alpha",
    "bravo",
    "charlie",
    "delta",
    "echo",
    "foxtrot",
    "golf",
    "hotel",
    "india",
    "juliet",
]
sentences = st.lists(st.sampled_from(WORDS), min_size=3, max_size=8).map(
    lambda w: " ".join(w).capitalize() + "."
)


class EditingSession(RuleBasedStateMachine):
    """Any sequence of source edits: every translation ever entered survives somewhere."""

    def __init__(self) -> None:
        super().__init__()
        self.units: list[str] = []
        self.catalog: Catalog | None = None
        self.entered: set[str] = set()
        self.counter = 0

    def _extract_and_translate(self) -> None:
        self.catalog = update(template(*self.units), self.catalog)
        entries = []
        for e in self.catalog.entries:
            if not e.obsolete and not e.msgstr:
                self.counter += 1
                e = replace(e, msgstr=f"T{self.counter}")
                self.entered.add(e.msgstr)
            entries.append(e)
        self.catalog = replace(self.catalog, entries=tuple(entries))

    @rule(text=sentences)
    def add(self, text: str) -> None:
        if text not in self.units:
            self.units.append(text)
        self._extract_and_translate()

    @rule(data=st.data(), text=sentences)
    def edit(self, data: st.DataObject, text: str) -> None:
        if self.units and text not in self.units:
            i = data.draw(st.integers(0, len(self.units) - 1))
            self.units[i] = text
        self._extract_and_translate()

    @rule(data=st.data())
    def delete(self, data: st.DataObject) -> None:
        if self.units:
            self.units.pop(data.draw(st.integers(0, len(self.units) - 1)))
        self._extract_and_translate()

    @rule(data=st.data())
    def reorder(self, data: st.DataObject) -> None:
        self.units = data.draw(st.permutations(self.units))
        self._extract_and_translate()

    @invariant()
    def nothing_lost(self) -> None:
        if self.catalog is None:
            return
        present = {e.msgstr for e in self.catalog.entries}
        assert self.entered <= present
        for e in self.catalog.entries:
            if e.fuzzy and not e.obsolete:
                assert e.previous_msgid is not None
        keys = [e.key for e in self.catalog.entries]
        assert len(keys) == len(set(keys)), "duplicate entries (msgfmt would reject)"


TestEditingSession = EditingSession.TestCase
TestEditingSession.settings = settings(max_examples=60, stateful_step_count=25, deadline=None)


def test_a_plural_entry_is_never_wiped() -> None:
    """Issue 13, case 2: a translator's msgid_plural entry on a unit keeps its work."""
    old = update(template(S1, S2), None)
    entries = tuple(
        replace(e, msgid_plural="Tickets", msgstr_plural=("Билет", "Билета", "Билетов"))
        if e.msgid == S2
        else e
        for e in old.entries
    )
    new = update(template(S1, S2), replace(old, entries=entries))
    entry = by_id(new)[S2]
    assert entry.msgid_plural is None and entry.fuzzy and entry.msgstr == "Билет"
    assert "Билета | Билетов" in entry.translator_comments[-1]
