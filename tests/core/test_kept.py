"""core.kept.Kept: a cache bounded in entries and in characters."""

from __future__ import annotations

from transflow.catalog import poparse, powrite
from transflow.catalog.entries import Catalog, Entry
from transflow.core.kept import Kept


def test_it_is_emptied_before_one_entry_too_many() -> None:
    kept: Kept[int, str] = Kept(entries=3, chars=100)
    for k in range(3):
        assert kept.keep(k, str(k), 1) == str(k)
    assert dict(kept) == {0: "0", 1: "1", 2: "2"} and kept.held == 3
    kept.keep(3, "3", 1)
    assert dict(kept) == {3: "3"} and kept.held == 1


def test_it_is_emptied_before_too_many_characters_and_keeps_nothing_bigger() -> None:
    kept: Kept[str, str] = Kept(entries=100, chars=10)
    kept.keep("a", "a", 6)
    kept.keep("b", "b", 4)
    assert set(kept) == {"a", "b"} and kept.held == 10
    kept.keep("c", "c", 1)
    assert set(kept) == {"c"} and kept.held == 1
    assert kept.keep("huge", "h", 11) == "h"  # handed back, never held
    assert "huge" not in kept and kept.held == 0
    kept.clear()
    assert kept.held == 0 and not kept


def test_the_writer_and_the_reader_hold_a_bounded_amount_of_text() -> None:
    """Entries far longer than a press release's: what the caches hold after writing
    and reading them stays within their character budgets."""
    long = "word " * 40_000  # 200,000 characters an entry
    catalog = Catalog(
        header=Entry(msgid="", msgstr="Content-Type: text/plain; charset=UTF-8\\n"),
        entries=tuple(
            Entry(msgid=f"{n} {long}", msgstr="x", extracted_comments=(f"{n} {long}",))
            for n in range(40)
        ),
    )
    text = powrite.serialize_po(catalog)
    assert 0 < powrite._HEADS.held <= powrite._HEADS.chars
    assert sum(2 * len(h) for h, _, _ in powrite._HEADS.values()) <= powrite._HEADS.chars
    assert poparse.parse_po(text, "x.po").entries == catalog.entries
    assert 0 < poparse._GROUPS.held <= poparse._GROUPS.chars
    assert sum(2 * len(lines) for lines in poparse._GROUPS) <= poparse._GROUPS.chars
