"""The bidi classes of a whole text at once (``str.translate`` with a memo) are the
classes of its characters one by one: the slow path, :func:`bidi.char_class`, is the
reference."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from transflow.lang import bidi

# the characters that matter: Latin, Arabic, Hebrew, digits of both, spaces, the run
# punctuation, bidi controls, breaks, and anything else
_INTERESTING = st.sampled_from(
    list("aZ09+()/%,.-–:#@ \u00a0\u202f\n\t\r\x00")
    + list("مرحبا١٢٣שלום۴")
    + list(bidi.BIDI_CONTROLS)
)
TEXT = st.text(st.one_of(_INTERESTING, st.characters()), max_size=60)


@given(TEXT)
@settings(max_examples=400)
def test_classes_are_the_classes_of_each_character(text: str) -> None:
    assert bidi.classes(text) == "".join(bidi.char_class(ch) for ch in text)


def _runs_reference(text: str) -> list[tuple[int, int]]:
    """ltr_runs as it was, classing character by character."""
    if any(c in text for c in bidi.BIDI_CONTROLS):
        return []
    kinds = "".join(bidi.char_class(ch) for ch in text)
    runs: list[tuple[int, int]] = []
    for m in bidi._RUN.finditer(kinds):
        start, end = m.span()
        while kinds[start] == "O" and kinds.count("C", start, end) < kinds.count("O", start, end):
            start += 1
        while kinds[end - 1] == "C" and kinds.count("C", start, end) > kinds.count("O", start, end):
            end -= 1
        part = kinds[start:end]
        if "L" in part or "S" in part or "O" in part or part.startswith("P"):
            runs.append((start, end))
    return runs


@given(TEXT)
@settings(max_examples=400)
def test_ltr_runs_match_the_character_by_character_reference(text: str) -> None:
    assert bidi.ltr_runs(text) == _runs_reference(text)


def test_a_phone_number_in_arabic_is_isolated() -> None:
    out = bidi.isolate("اتصل على +44 1496 300 123 الآن")
    assert f"{bidi.LRI}+44 1496 300 123{bidi.PDI}" in out
