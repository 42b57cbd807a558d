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
# texts made of the characters classed by bytes (bidi._COMMON), with now and then another
COMMON_TEXT = st.text(
    st.one_of(st.sampled_from(bidi._COMMON), st.sampled_from(bidi._COMMON), _INTERESTING),
    max_size=80,
)


@given(st.one_of(TEXT, COMMON_TEXT))
@settings(max_examples=800)
def test_classes_are_the_classes_of_each_character(text: str) -> None:
    assert bidi.classes(text) == "".join(bidi.char_class(ch) for ch in text)


def test_the_common_characters_are_one_byte_each_and_no_bidi_control() -> None:
    assert len(set(bidi._COMMON)) == len(bidi._COMMON) == 256
    assert not set(bidi._COMMON) & set(bidi.BIDI_CONTROLS)
    text = "".join(bidi._COMMON)
    assert bidi._common_classes(text) == "".join(map(bidi.char_class, text))
    assert bidi._common_classes(text + "\u05ea\u0671") is None  # ת is in, ٱ is not


@given(st.text(st.sampled_from("LDPOCESNRB"), max_size=40))
@settings(max_examples=3000)
def test_the_possessive_run_pattern_finds_the_runs_of_the_plain_one(kinds: str) -> None:
    fast = [m.span() for m in bidi._FAST_RUN.finditer(kinds)]
    assert fast == [m.span() for m in bidi._RUN.finditer(kinds)]


def test_the_possessive_run_pattern_on_every_short_class_string() -> None:
    import itertools

    for n in range(7):
        for letters in itertools.product("LDPOCESNR", repeat=n):  # B is as R
            kinds = "".join(letters)
            fast = [m.span() for m in bidi._FAST_RUN.finditer(kinds)]
            assert fast == [m.span() for m in bidi._RUN.finditer(kinds)], kinds


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


def _isolate_reference(text: str) -> str:
    """isolate as it was: each reference run between LRI and PDI."""
    out: list[str] = []
    last = 0
    for start, end in _runs_reference(text):
        out += [text[last:start], bidi.LRI, text[start:end], bidi.PDI]
        last = end
    out.append(text[last:])
    return "".join(out)


@given(st.one_of(TEXT, COMMON_TEXT))
@settings(max_examples=800)
def test_ltr_runs_match_the_character_by_character_reference(text: str) -> None:
    assert bidi.ltr_runs(text) == _runs_reference(text)
    assert bidi.isolate(text) == _isolate_reference(text)


def test_a_phone_number_in_arabic_is_isolated() -> None:
    out = bidi.isolate("اتصل على +44 1496 300 123 الآن")
    assert f"{bidi.LRI}+44 1496 300 123{bidi.PDI}" in out
