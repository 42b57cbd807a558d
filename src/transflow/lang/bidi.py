"""Left-to-right runs in right-to-left text, and the Unicode controls that isolate them.

In Arabic, Hebrew, Persian or Urdu text, the Unicode bidirectional algorithm lays out a
phone number "+44 1496 300 123" as "123 300 1496 44+": digit groups separated by spaces
are resolved right to left. The same goes for a Latin name after a title and a comma, a
code beside punctuation, a number with group spaces ("700 000"). Wrapping each such run
in LEFT-TO-RIGHT ISOLATE (U+2066) … POP DIRECTIONAL ISOLATE (U+2069) makes it one
neutral unit for the surrounding text and left-to-right inside, whatever the renderer.

:func:`ltr_runs` finds the runs that need it (any run with a Latin-script, or other
left-to-right, letter: names, e-mail addresses, URLs, codes such as ``SC041234``; and
numbers that are more than one number to the algorithm: with spaces, a leading ``+`` or
parentheses); a lone number ("2026", "3,5") is displayed right already and is left
alone, and so is a range ("12–14"), which Arabic reads right to left. A text that
already holds bidi controls (a translator or CAT tool placed them) is left as it is.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
LRM, RLM, ALM = "\u200e", "\u200f", "\u061c"
# isolates, marks, and the older embeddings and overrides (LRE RLE PDF LRO RLO)
BIDI_CONTROLS = f"{LRI}{RLI}{FSI}{PDI}{LRM}{RLM}{ALM}\u202a\u202b\u202c\u202d\u202e"
_BIDI_TABLE = dict.fromkeys(map(ord, BIDI_CONTROLS))
BREAK = "\x00"  # in a text given to ltr_runs: something that is not text (a picture)

# A run over character classes: L letter, D digit, P "+", O "(", C ")", E "/" "%" (may
# end a run), S one space, N other neutral, R right-to-left letter, B a break.
_START = r"(?:P(?=D)|O(?=[PLD]))?[LD](?:[LDNOCPE]*[LDCE])?"
_RUN = re.compile(rf"{_START}(?:N{{0,2}}S{_START})*")
# _RUN without its useless backtracking, its common steps in few operations (the same
# matches, tests/lang/test_bidi_fast.py): a start ends at the last L, D, C or E of its
# word, and only the S after the word continues a run, so giving characters back never
# makes a match; after the first word, a run goes on by words after one space, by the
# rest of a word after neutrals or brackets, or by a word after neutrals and a space.
_PRE = r"(?:P(?=D)|O(?=[PLD]))?"
_FAST_RUN = re.compile(
    rf"{_PRE}[LD][LDCE]*+(?:(?:S[LD][LDCE]*+)++|[NOP]++[LDCE]++|N{{0,2}}S{_PRE}[LD][LDCE]*+)*+"
)
_SPACES = " \u00a0\u202f"


def strip_bidi(text: str) -> str:
    """``text`` without bidi controls (:data:`BIDI_CONTROLS`)."""
    return text.translate(_BIDI_TABLE) if any(c in text for c in BIDI_CONTROLS) else text


def char_class(ch: str) -> str:
    """The class of one character for :data:`_RUN` (a letter of the module comment)."""
    if ch in "+(/%)":
        return {"+": "P", "(": "O", ")": "C"}.get(ch, "E")
    if ch in _SPACES:
        return "S"
    if ch == BREAK or ch in "\n\t\r":
        return "B"
    cls = unicodedata.bidirectional(ch)
    if cls == "L":
        return "L"
    if cls in ("EN", "AN") or ch.isdecimal():
        return "D"
    if cls in ("R", "AL"):
        return "R"
    return "N"


class _Classes(dict[int, str]):
    """Code point → :func:`char_class`, filled as characters are met: ``str.translate``
    with it classes a whole text at C speed (the same string as ``char_class`` on each
    character; tests/lang/test_bidi_fast.py checks it)."""

    def __missing__(self, code: int) -> str:
        cls = self[code] = char_class(chr(code))
        return cls


_CLASSES = _Classes()

# The characters most texts given to ltr_runs are made of (ASCII, typographic
# punctuation and spaces, Arabic, Persian and Hebrew letters and digits, a few accented
# Latin letters; no bidi control), one byte each: a text made only of them is classed by
# encoding it with this map and translating the bytes, at C speed without a lookup per
# character (tests/lang/test_bidi_fast.py compares it with char_class).
_COMMON = (
    "".join(map(chr, range(128)))
    + "\xa0\xab\xbb\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u202f\u2022"
    + "\u060c\u061b\u061f"
    + "".join(map(chr, range(0x621, 0x63B)))
    + "".join(map(chr, range(0x640, 0x653)))
    + "".join(map(chr, range(0x660, 0x66D)))
    + "\u067e\u0686\u0698\u06a9\u06af\u06cc"
    + "".join(map(chr, range(0x6F0, 0x6FA)))
    + "".join(map(chr, range(0x5D0, 0x5EB)))
    + "\xe9\xe8\xe0\xe7\xfc\xf6\xe4\xf1\xe1\xf3\xed\xfa"
)
_COMMON_MAP = codecs.charmap_build(_COMMON)
_COMMON_CLASSES = "".join(map(char_class, _COMMON)).encode("ascii")
_CONTROL = re.compile(f"[{BIDI_CONTROLS}]")


def _common_classes(text: str) -> str | None:
    """:func:`classes` of a text made only of the :data:`_COMMON` characters, else None."""
    if text.isascii():
        data = text.encode("ascii")
    else:
        try:
            data = codecs.charmap_encode(text, "strict", _COMMON_MAP)[0]
        except UnicodeEncodeError:
            return None
    return data.translate(_COMMON_CLASSES).decode("ascii")


def classes(text: str) -> str:
    """The :func:`char_class` of every character of ``text``, as one string."""
    kinds = _common_classes(text)
    return text.translate(_CLASSES) if kinds is None else kinds


def ltr_runs(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every left-to-right run of ``text`` that needs isolating in
    right-to-left text (see the module docstring); none when ``text`` already holds bidi
    controls."""
    kinds = _common_classes(text)  # none of them is a bidi control
    if kinds is None:
        if _CONTROL.search(text) is not None:
            return []
        kinds = text.translate(_CLASSES)
    runs: list[tuple[int, int]] = []
    for m in _FAST_RUN.finditer(kinds):
        start, end = m.span()
        # a bracket that is not closed inside the run belongs to the text around it
        while kinds[start] == "O" and kinds.count("C", start, end) < kinds.count("O", start, end):
            start += 1
        while kinds[end - 1] == "C" and kinds.count("C", start, end) > kinds.count("O", start, end):
            end -= 1
        part = kinds[start:end]
        if "L" in part or "S" in part or "O" in part or part.startswith("P"):
            runs.append((start, end))
    return runs


def isolate(text: str) -> str:
    """``text`` with each of its :func:`ltr_runs` between LRI and PDI."""
    out: list[str] = []
    last = 0
    for start, end in ltr_runs(text):
        out += [text[last:start], LRI, text[start:end], PDI]
        last = end
    out.append(text[last:])
    return "".join(out)
