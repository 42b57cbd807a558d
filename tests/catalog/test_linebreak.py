"""The simple-text fast path of the line breaker gives what the general path gives, and
the writer's list of cuts (``width_cuts``) is where the general path puts its breaks."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from transflow.catalog import linebreak
from transflow.catalog.linebreak import (
    _general_width_linebreaks,
    _simple,
    _simple_width_linebreaks,
    width_cuts,
    width_linebreaks,
)

# ASCII, typographic quotes, dashes, currency, the boundary characters around the simple
# set (NBSP, zero-width space and joiner, soft hyphen, combining marks, Hebrew letters,
# regional indicators, wide CJK) and a few letters of other scripts
_BOUNDARY = (
    " -/.,;:!?()[]{}'\"%$€£¥+#&*@\\"
    "\u2018\u2019\u201c\u201d\u00ab\u00bb\u2013\u2014\u2026\u00a0\u200b\u200d\u00ad"
    "\u0301\u05d0\u05d1\U0001f1e6\u4e00\u3002\u2060\u00b4\u20ac\u0410\u03b1\u0660\n\t"
)
_chars = st.one_of(
    st.sampled_from(list(_BOUNDARY)),
    st.sampled_from(list("abcdefXYZ0123456789")),
    st.characters(codec="utf-8", exclude_categories=("Cs",)),
)
_texts = st.text(_chars, min_size=0, max_size=120)


def _case(text: str, data: st.DataObject) -> tuple[int, int, int, list[bool]]:
    width = data.draw(st.integers(1, 80))
    start = data.draw(st.integers(0, 30))
    at_end = data.draw(st.integers(0, 3))
    prohibited = data.draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
    return width, start, at_end, prohibited


@settings(max_examples=400, deadline=None)
@given(_texts, st.data())
def test_fast_path_equals_general_path(text: str, data: st.DataObject) -> None:
    width, start, at_end, prohibited = _case(text, data)
    expected = _general_width_linebreaks(text, width, start, at_end, list(prohibited))
    assert width_linebreaks(text, width, start, at_end, list(prohibited)) == expected
    if _simple(text):
        assert _simple_width_linebreaks(text, width, start, at_end, list(prohibited)) == expected
    assert width_cuts(text, width, start, at_end, _banned(prohibited)) == _cuts(expected)


def _banned(prohibited: list[bool]) -> set[int]:
    return {i for i, no in enumerate(prohibited) if no}


def _cuts(breaks: list[int]) -> list[int]:
    return [i for i, b in enumerate(breaks) if b == linebreak.POSSIBLE]


_simple_texts = st.text(
    st.sampled_from(
        list("abc XY09-/.,;:!?()'\"%$€£\u2018\u2019\u201c\u201d\u00ab\u00bb\u2013\u2014\u2026")
    ),
    max_size=300,
)


@settings(max_examples=400, deadline=None)
@given(_simple_texts, st.data())
def test_long_simple_strings(text: str, data: st.DataObject) -> None:
    width, start, at_end, prohibited = _case(text, data)
    assert _simple(text)
    expected = _general_width_linebreaks(text, width, start, at_end, list(prohibited))
    assert _simple_width_linebreaks(text, width, start, at_end, list(prohibited)) == expected
    assert width_cuts(text, width, start, at_end, _banned(prohibited)) == _cuts(expected)


def test_what_is_not_simple() -> None:
    for ch in "\u200b\u200d\u0301\u05d0\U0001f1e6\u4e00\n\t":
        assert not _simple(f"abc{ch}def"), repr(ch)
    assert _simple("“Prices rose 5 % — to €12.50,” she said.")
    assert linebreak._simple_chars  # classified characters are remembered


def _class_representatives() -> list[str]:
    """One simple character of every class the fast path meets (from the Latin, general
    punctuation, CJK and currency blocks)."""
    found: dict[str, str] = {}
    for cp in [*range(0x20, 0x250), *range(0x2000, 0x2070), *range(0x3000, 0x3040), 0x4E00]:
        ch = chr(cp)
        if _simple(ch):
            found.setdefault(linebreak._simple_chars[ch], ch)
    return sorted(found.values())


def test_every_pair_of_classes() -> None:
    """Every pair of simple classes, with no space, one and two spaces between them (the
    fast path's patterns are built from the pair table: each cell is visited)."""
    reps = _class_representatives()
    assert len(reps) >= 15
    for a in reps:
        for b in reps:
            for gap in ("", " ", "  "):
                text = f"x{a}{gap}{b}y"
                expected = _general_width_linebreaks(text, 2, 0, 0, [False] * len(text))
                got = _simple_width_linebreaks(text, 2, 0, 0, [False] * len(text))
                assert got == expected, (a, b, gap)
