"""Numbers written as words, and month names, for the ``numbers`` check.

The check compares digit-written numbers only. A number written in words on one side
("Twenty one years ago", "seven U.S. states", "الحادية والعشرين") may legitimately be digits
on the other, and "8 May 2008" becomes "2008年5月8日". :func:`word_values` gives the values
a text spells out (cardinals, ordinals, month names) so the check can *excuse* such
numbers; it never reports them. A false reading only costs recall, never precision, so the
lexicons (:mod:`transflow.lang.numbers`) are small and greedy. Covered: en, de, fr, es,
ru, tr, az, ar, fa, zh/yue/ja/ko (Chinese numerals); month names for every language Babel knows.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache

from transflow.checks.textutil import casefold
from transflow.lang import numbers as N
from transflow.lang.lexicon import AR_PREFIXES
from transflow.lang.scripts import babel_locale, base_language, cjk

_WORD = re.compile(r"[^\W\d_]+")
_GAP = re.compile(r"[\s\-‐‑–]*")


Hit = tuple[int, str] | None


def _de(word: str) -> Hit:
    m = N.DE_COMPOUND.fullmatch(word)
    if m:
        return ((N.DE[m.group(1)][0] if m.group(1) else 0) + N.DE[m.group(2)][0], "n")
    for cand in (word, *(word[: -len(s)] for s in N.DE_SUFFIXES if word.endswith(s))):
        if cand in N.DE:
            return N.DE[cand]
    return None


def _fr(word: str) -> Hit:
    if word in N.FR:
        return N.FR[word]
    for suffix in ("ièmes", "ième"):
        if word.endswith(suffix):
            stem = word[: -len(suffix)]
            return N.FR.get(stem) or N.FR.get(stem + "e")
    return None


def _ru(word: str) -> Hit:
    if word in N.RU_EXACT:
        return N.RU_EXACT[word]
    for stem in N.RU_STEM_ORDER:
        if word.startswith(stem):
            return N.RU_STEMS[stem]
    return None


def _turkic(lex: N.Lexicon) -> Callable[[str], Hit]:
    stems = sorted(lex, key=len, reverse=True)

    def lookup(word: str) -> Hit:
        if word in lex:
            return lex[word]
        for stem in stems:
            if word.startswith(stem) and N.TURKIC_ORDINAL.match(word, len(stem)):
                return lex[stem]
        return None

    return lookup


def _ar(word: str) -> Hit:
    for prefix in AR_PREFIXES:
        if word.startswith(prefix) and word[len(prefix) :] in N.AR:
            return N.AR[word[len(prefix) :]]
    for hundred in ("مائة", "مئة"):
        head = word[: -len(hundred)]
        if word.endswith(hundred) and head in N.AR and N.AR[head][0] < 10:
            return (N.AR[head][0] * 100, "n")
    return None


# how each language reads one word: its lexicon, and its inflection or compounding
_LOOKUPS: dict[str, Callable[[str], Hit]] = {
    "en": N.EN.get,
    "de": _de,
    "fr": _fr,
    "es": N.ES.get,
    "ru": _ru,
    "uk": _ru,
    "be": _ru,
    "tr": _turkic(N.TR),
    "az": _turkic(N.AZ),
    "ar": _ar,
    "fa": N.FA.get,
}


def _lookup(word: str, lang: str) -> Hit:
    found = _LOOKUPS.get(lang)
    return found(word) if found is not None else None


def _chinese(run: str) -> set[int]:
    if all(ch in N.CN_DIGITS for ch in run):
        values = {N.CN_DIGITS[ch] for ch in run}
        if len(run) > 1:  # 二〇〇八 = 2008
            values.add(int("".join(str(N.CN_DIGITS[ch]) for ch in run)))
        return values
    total = section = num = 0
    for ch in run:
        if ch in N.CN_DIGITS:
            num = N.CN_DIGITS[ch]
        elif ch in N.CN_UNITS:
            section += (num or 1) * N.CN_UNITS[ch]
            num = 0
        else:
            total += (section + num or 1) * N.CN_BIG[ch]
            section = num = 0
    return {total + section + num}


def prepare(language: str) -> None:
    """Babel's month names for ``language``, read now (see :func:`.numbers.prepare`)."""
    _months(language)


@lru_cache(maxsize=64)
def _months(lang: str) -> tuple[dict[str, int], tuple[tuple[str, int], ...]]:
    """Month names from Babel: exact forms, and prefixes for inflected long names."""
    exact: dict[str, int] = {}
    prefixes: dict[str, int] = {}
    loc = babel_locale(lang)
    names: list[tuple[int, str]] = []
    if loc is not None:
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                names += list(loc.months[context][width].items())
    for month, name in names:
        key = casefold(name).rstrip(".")
        if key and not any(ch.isdigit() for ch in key):
            exact[key] = month
            if len(key) >= 5:
                prefixes[key[:-1]] = month
    return exact, tuple(prefixes.items())


def _strip_marks(text: str) -> str:
    return "".join(ch for ch in text if unicodedata.category(ch) != "Mn")


def _add_run(run: list[tuple[int, str]], values: set[int]) -> None:
    """The values of a run of number words ("twenty one thousand"): each word's, and the
    whole run's ("n" adds, "h" multiplies the group, "m" closes a group)."""
    total = current = 0
    for value, kind in run:
        if kind == "n":
            current += value
        elif kind == "h":
            current = (current or 1) * value
        else:
            total += (current or 1) * value
            current = 0
        values.add(value)
    if run:
        values.add(total + current)


def _month_by_prefix(word: str, prefixes: tuple[tuple[str, int], ...]) -> int | None:
    """An inflected long month name: the month of its first matching prefix."""
    for prefix, month in prefixes:
        if word.startswith(prefix):
            return month
    return None


@lru_cache(maxsize=2048)
def word_values(text: str, language: str) -> frozenset[Decimal]:
    """Values of the numbers and month names ``text`` spells out in ``language``."""
    lang = base_language(language)
    text = casefold(_strip_marks(text))
    values: set[int] = set()
    if cjk(language):
        for m in N.CN_RUN.finditer(text):
            values |= _chinese(m.group())
    if lang == "fr":
        text = text.replace("quatre-vingt", "quatrevingt")
    exact, prefixes = _months(language)
    connectors = N.CONNECTORS.get(lang, set())
    run: list[tuple[int, str]] = []
    last_end = -1

    def close_run() -> None:
        _add_run(run, values)
        run.clear()

    for m in _WORD.finditer(text):
        word = m.group()
        adjacent = last_end >= 0 and _GAP.fullmatch(text, last_end, m.start()) is not None
        if not adjacent:
            close_run()
        month = exact.get(word) or _month_by_prefix(word, prefixes)
        if month:
            values.add(month)
        hit = _lookup(word, lang)
        if hit is not None:
            run.append(hit)
            last_end = m.end()
        elif word in connectors and run:
            last_end = m.end()
        else:
            close_run()
            last_end = -1
    close_run()
    return frozenset(Decimal(v) for v in values)
