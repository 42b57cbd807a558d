"""The quotation count of unit_roles, by regular expression, gives what a scan of every
character gives."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from transflow.segment.roles import _CLOSE_Q, _OPEN_MARK, _OPEN_Q, _quote_depth

_text = st.text(st.sampled_from(list(_OPEN_Q + _CLOSE_Q + "ab .\\-]^[")), max_size=30)


def _slow_depth(text: str, depth: int) -> int:
    for ch in text:
        if ch in _OPEN_Q and not (ch in _CLOSE_Q and depth):
            depth += 1
        elif ch in _CLOSE_Q and depth:
            depth -= 1
    return depth


@settings(max_examples=500)
@given(text=_text, depth=st.integers(0, 2))
@example(text='“a” "b" «c„d»‘e’', depth=0)
def test_quote_depth_as_every_character_counts(text: str, depth: int) -> None:
    assert _quote_depth(text, depth) == _slow_depth(text, depth)
    assert (_OPEN_MARK.search(text) is not None) == any(c in _OPEN_Q for c in text)


def test_quote_depth_examples() -> None:
    assert _quote_depth("«He said", 0) == 1
    assert _quote_depth("“a “b", 0) == 0  # “ closes what “ opened
    assert _quote_depth("a” b", 1) == 0
    assert _quote_depth("plain", 2) == 2
