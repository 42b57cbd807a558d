"""The quotation count of unit_roles, by regular expression, gives what a scan of every
character gives; the contact test with its cheap tests first gives what it gave before;
plain text without markup is the text itself, as its spans say."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from transflow.core.inline import OBJECT, parse, plain
from transflow.segment.roles import (
    _CLOSE_Q,
    _CONTACT_HEADING,
    _EMAIL,
    _OPEN_MARK,
    _OPEN_Q,
    _looks_like_contact,
    _quote_depth,
)

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


# the contact test as it was written before its cheap tests came first (issue 15)
_SLOW_PHONE = re.compile(r"\+?\d[\d ()./-]{6,}\d")


def _slow_contact(text: str) -> bool:
    return bool(_EMAIL.search(text) or (_SLOW_PHONE.search(text) and len(text) < 200)) and bool(
        _CONTACT_HEADING.search(text) or len(text) < 120
    )


_contactish = st.lists(
    st.sampled_from([*"ab@.+-_ ()/0123456789\n", "press ", "Contact: ", "x" * 40]),
    max_size=40,
).map("".join)


@settings(max_examples=1000)
@given(text=_contactish)
@example(text="Call +44 20 7946 0000")
@example(text="+1234567")
@example(text="mail press@example.org" + " word" * 30)
@example(text="1 2 3 4 5 6 7 8 9" + " long" * 40)
def test_contact_test_as_before(text: str) -> None:
    assert _looks_like_contact(text) == _slow_contact(text)


@pytest.mark.parametrize("size", range(100, 221))
@pytest.mark.parametrize("start", ["press 0123456789 ", "a@b.org ", "Tel. +44 20 7946 0000 "])
def test_contact_test_as_before_at_every_length(start: str, size: int) -> None:
    text = start + "x" * (size - len(start))  # both bounds (120, 200) crossed on the way
    assert _looks_like_contact(text) == _slow_contact(text)


@settings(max_examples=500)
@given(text=st.lists(st.sampled_from([*"ab {}[]()*`~!<>\\_x1", "{name}", "**b**"])).map("".join))
def test_plain_as_its_spans(text: str) -> None:
    spans = parse(text)
    assert plain(text) == "".join(OBJECT if s.placeholder is not None else s.text for s in spans)
