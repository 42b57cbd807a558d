"""Fast paths of merging and of the translation memory give what the plain code gives."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from transflow.catalog import merge as merge_module
from transflow.catalog.entries import Catalog, Entry
from transflow.catalog.merge import _carry, _merge, merge
from transflow.catalog.poparse import _string_clean, _string_slow, parse_po
from transflow.catalog.tm import _MAX_POSTING, THRESHOLD, Match, Memory, _words
from transflow.core.errors import CatalogSyntaxError

_text = st.text(st.sampled_from(list("abc de\nfg")), max_size=12)
_opt = st.one_of(st.none(), _text)
_tuple = st.lists(_text, max_size=3).map(tuple)
_flags = st.lists(st.sampled_from(["fuzzy", "c-format", "no-wrap", "x"]), max_size=3).map(tuple)


@st.composite
def _entries(draw: st.DrawFn) -> Entry:
    return Entry(
        msgid=draw(_text),
        msgstr=draw(_text),
        msgctxt=draw(_opt),
        msgid_plural=draw(_opt),
        msgstr_plural=draw(_tuple),
        translator_comments=draw(_tuple),
        extracted_comments=draw(_tuple),
        references=draw(_tuple),
        flags=draw(_flags),
        previous_msgctxt=draw(_opt),
        previous_msgid=draw(_opt),
        previous_msgid_plural=draw(_opt),
        obsolete=draw(st.booleans()),
        lineno=draw(st.integers(0, 9)),
    )


def _carry_reference(t: Entry, prev: Entry) -> Entry:
    """What _carry did with dataclasses.replace (before the direct construction)."""
    fuzzy = prev.fuzzy
    return dataclasses.replace(
        t,
        msgstr=prev.msgstr,
        msgstr_plural=prev.msgstr_plural,
        flags=prev.flags,
        translator_comments=prev.translator_comments,
        previous_msgctxt=prev.previous_msgctxt if fuzzy else None,
        previous_msgid=prev.previous_msgid if fuzzy else None,
        previous_msgid_plural=prev.previous_msgid_plural if fuzzy else None,
        lineno=0,
    )


@settings(max_examples=300, deadline=None)
@given(_entries(), _entries())
def test_carry_equals_replace(t: Entry, prev: Entry) -> None:
    if prev.msgid_plural is not None and t.msgid_plural is None:
        prev = dataclasses.replace(prev, msgid_plural=None)  # _singular's case, not _carry's
    got = _carry(t, prev)
    want = _carry_reference(t, prev)
    assert got == want
    # lineno is not compared by ==: the carried entry's is unknown (0), unless the old
    # entry was kept as it is (where it was read)
    assert got.lineno == 0 or got is prev


@settings(max_examples=300, deadline=None)
@given(_entries(), _entries())
def test_carry_of_an_unchanged_unit_equals_replace(t: Entry, prev: Entry) -> None:
    """The old entry as the template has it (same msgid, comments, references): kept."""
    prev = dataclasses.replace(
        prev,
        msgid=t.msgid,
        msgctxt=t.msgctxt,
        msgid_plural=t.msgid_plural,
        extracted_comments=t.extracted_comments,
        references=t.references,
        obsolete=t.obsolete,
    )
    got = _carry(t, prev)
    assert got == _carry_reference(t, prev)
    assert (got is prev) == (got == prev)


@settings(max_examples=300, deadline=None)
@given(_entries(), st.text(max_size=20), st.text(max_size=20))
def test_fuzzy_and_obsolete_equal_replace(e: Entry, previous: str, msgstr: str) -> None:
    """merge builds its fuzzy and obsolete entries directly, as replace would."""
    want = dataclasses.replace(
        e, msgstr=msgstr, flags=("fuzzy",), previous_msgid=previous, lineno=0
    )
    got = merge_module._fuzzy(e, previous, msgstr)
    assert (got, got.lineno) == (want, 0)
    assert [getattr(got, f.name) for f in dataclasses.fields(Entry)] == [
        getattr(want, f.name) for f in dataclasses.fields(Entry)
    ]
    want = dataclasses.replace(e, obsolete=True, references=(), extracted_comments=(), lineno=0)
    got = merge_module._obsolete(e)
    assert [getattr(got, f.name) for f in dataclasses.fields(Entry)] == [
        getattr(want, f.name) for f in dataclasses.fields(Entry)
    ]


_vocabulary = st.sampled_from(["market", "energy", "prices", "rose", "fell", "the", "wind", "a"])
_sentence = st.lists(_vocabulary, min_size=1, max_size=8).map(" ".join)


def test_empty_memory_matches_nothing() -> None:
    memory = Memory()
    assert memory.lookup("market prices rose") is None
    memory.add("market prices rose", "x", "a.po")
    match = memory.lookup("market prices rose")
    assert match is not None and match.score == 100.0


def _outcome(fn: Callable[[str, str, int], str], text: str) -> tuple[str, str]:
    try:
        return ("ok", fn(text, "a.po", 3))
    except CatalogSyntaxError as exc:
        return ("error", str(exc))


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from(list('"\\nta x0#')), max_size=14))
def test_clean_string_reader_equals_slow_reader(inner: str) -> None:
    """The strict reader's fast string path (no control character in the file, only
    ``\\n`` escapes taken without the slow reader) reads what the slow reader reads,
    and refuses what it refuses, with the same message."""
    for text in (f'"{inner}"', f'"{inner}"  ', inner, f'"{inner}'):
        assert _outcome(_string_clean, text) == _outcome(_string_slow, text.strip())


def _lookup_reference(memory: Memory, msgid: str, exclude: str | None) -> Match | None:
    """Memory.lookup as it was: Counter.most_common(50), then the entries sharing enough
    words (the fast path drops those first)."""
    number = memory._number.get(msgid)
    if number is not None:
        text, origin = memory._entry(number)
        if origin != exclude:
            return Match(msgid, text, 100.0, origin)
    words = _words(msgid)
    if not words:
        return None
    counts: Counter[int] = Counter()
    for w in words:
        posting = memory._index.get(w)
        if posting and len(posting) <= _MAX_POSTING:
            counts.update(posting)
    need = max(1, int(len(words) * 0.4))
    candidates = [memory._ids[i] for i, c in counts.most_common(50) if c >= need]
    best = None
    for cand, score, _ in process.extract(
        msgid, candidates, scorer=fuzz.ratio, score_cutoff=THRESHOLD, limit=5
    ):
        text, origin = memory._entry(memory._number[cand])
        if origin == exclude or cand == msgid:
            continue
        if best is None or score > best.score:
            best = Match(cand, text, float(score), origin)
    return best


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(_sentence, st.sampled_from(["a.po", "b.po", "c.po"])), min_size=70, max_size=120
    ),
    st.lists(_sentence, min_size=1, max_size=8),
)
def test_lookup_equals_most_common_reference(
    pairs: list[tuple[str, str]], queries: list[str]
) -> None:
    """Many entries share few words (more than 50 candidates, ties at the cut): the
    top 50 of those sharing enough words is the top 50 most_common gave."""
    memory = Memory()
    for i, (msgid, origin) in enumerate(pairs):
        memory.add(f"{msgid} n{i % 7}", f"t{i}", origin)
    for q in queries:
        for exclude in (None, "a.po"):
            assert memory.lookup(q, exclude) == _lookup_reference(memory, q, exclude)
        words = _words(q)
        counts: Counter[int] = Counter()
        for w in words:
            counts.update(memory._index.get(w, ()))
        need = max(1, int(len(words) * 0.4))
        expected = [memory._ids[i] for i, c in counts.most_common(50) if c >= need]
        assert memory._candidates(words) == expected


@settings(max_examples=80, deadline=None)
@given(
    st.lists(_sentence, min_size=1, max_size=12),
    st.lists(st.lists(st.booleans(), min_size=12, max_size=12), min_size=1, max_size=6),
    st.lists(_sentence, min_size=1, max_size=6),
)
def test_removed_matches_kept_for_an_article_equal_a_fresh_lookup(
    removed: list[str], kept_by_language: list[list[bool]], queries: list[str]
) -> None:
    """The merge's lookups among a catalog's removed units, answered once for an
    article's languages (merge._RemovedMatches), are each language's own lookup: the
    same entry when its removed msgids are those of the language before, a new answer
    when they differ (a unit some language never translated), its own translation."""
    remembered = merge_module._RemovedMatches()
    for language, kept in enumerate(kept_by_language):
        local = Memory()
        # (every third language lists them the other way round: the order is the key's)
        order = list(zip(removed, kept, strict=False))[:: -1 if language % 3 == 2 else 1]
        for msgid, keep in order:
            if keep:
                local.add(msgid, f"{language}:{msgid}", "locales/xx/a.po")
        lookup = remembered.lookup(local)
        for q in queries + removed[:2]:
            assert lookup(q) == _lookup_reference(local, q, None)


def test_words_do_not_depend_on_the_hash_seed() -> None:
    assert _words("Zeta alpha market Alpha beta") == ("alpha", "beta", "market", "zeta")


class _Counted:
    """A memory builder that counts its calls (merge calls it only when a unit needs it)."""

    def __init__(self, memory: Memory) -> None:
        self.memory, self.calls = memory, 0

    def __call__(self) -> Memory:
        self.calls += 1
        return self.memory


def _filled() -> Memory:
    memory = Memory()
    memory.add("ab de", "x", "locales/ru/b.po")
    memory.add("abc", "y", "locales/ru/a.po")
    return memory


_MEMORIES: list[Callable[[], Memory | _Counted | None]] = [
    lambda: None,
    Memory,
    lambda: _Counted(Memory()),
    _filled,
    lambda: _Counted(_filled()),
]


def _check_new_catalog_merge(template: Catalog, header: Entry) -> None:
    """merge() of a catalog that does not exist yet (its fast path when the memory is
    empty) equals the full merge: result, counts, and calls of the memory builder."""
    for make in _MEMORIES:
        fast_memory, full_memory = make(), make()
        fast = merge(template, None, header, fast_memory, origin="locales/ru/a.po")
        full = _merge(template, None, header, full_memory, "locales/ru/a.po")
        assert fast == full
        if isinstance(fast_memory, _Counted) and isinstance(full_memory, _Counted):
            assert fast_memory.calls == full_memory.calls


@settings(max_examples=300, deadline=None)
@given(st.lists(_entries(), max_size=6), _entries())
def test_merge_of_a_new_catalog_equals_the_full_merge(entries: list[Entry], h: Entry) -> None:
    _check_new_catalog_merge(Catalog(header=None, entries=tuple(entries)), h)


_FIXTURE_CATALOGS = sorted(
    p for p in Path(__file__).parents[1].rglob("*") if p.suffix in (".po", ".pot") and p.is_file()
)


@pytest.mark.parametrize("path", _FIXTURE_CATALOGS, ids=lambda p: p.name)
def test_merge_of_a_new_catalog_equals_the_full_merge_on_fixtures(path: Path) -> None:
    try:
        template = parse_po(path.read_bytes(), path.name)
    except CatalogSyntaxError:
        pytest.skip("a catalog the strict reader refuses (a fixture of bad input)")
    header = template.header or Entry(msgid="", msgstr="")
    _check_new_catalog_merge(template, header)
