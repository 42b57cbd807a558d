"""Checks on the text as a whole: untranslated units, doubled words, whitespace, length."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from transflow.checks.base import CheckContext, CheckItem, register_check
from transflow.checks.textutil import casefold, plain, without_targets
from transflow.core.records import Severity
from transflow.lang.lexicon import ALLOWED_DOUBLES, DENSITY, NAME_PARTICLES, REDUPLICATING
from transflow.lang.scripts import base_language

_base_language = lru_cache(maxsize=256)(base_language)
_WORD = re.compile(r"[^\W\d_]+(?:[-'’.][^\W\d_]+)*\.?")


def only_names_or_codes(markup: str) -> bool:
    """True for a unit that may stay untranslated: made only of names (capitalised words),
    numbers, codes (``AZ1000``, ``ISO-9001``), URLs, e-mail addresses and punctuation."""
    text = without_targets(plain(markup))
    for m in _WORD.finditer(text):
        word = m.group().rstrip(".")
        if word.lower() in NAME_PARTICLES:
            continue
        if not (word[:1].isupper() or word.isupper()):
            return False
    return True


@register_check(
    "untranslated",
    Severity.WARNING,
    "the translation is the source text (units of only names, numbers, codes or URLs excepted)",
)
def check_untranslated(item: CheckItem, ctx: CheckContext) -> Iterator[str]:
    if item.msgstr.strip() != item.msgid.strip():
        return
    if base_language(ctx.language) == base_language(ctx.source_language):
        return  # en_GB from en: many units are rightly identical
    if only_names_or_codes(item.msgid):
        return
    yield "the translation is identical to the source text"


# possessive: a word given back letter by letter, or spaces given back, never end in a match
# (what follows the word is a space, what follows the spaces the word again: a letter)
_DOUBLED = re.compile(r"(?<![\w-])([^\W\d_]++)\s++(\1)(?![\w-])", re.IGNORECASE)


@lru_cache(maxsize=4096)
def _doubles(markup: str) -> frozenset[str]:
    """The doubled words of a source (cached: a msgid is checked in every language)."""
    return frozenset(casefold(m.group(1)) for m in _DOUBLED.finditer(plain(markup)))


@register_check("doubled-words", Severity.WARNING, "a word repeated twice in a row")
def check_doubled_words(item: CheckItem, ctx: CheckContext) -> Iterator[str]:
    lang = _base_language(ctx.language)
    target = plain(item.msgstr)
    source_doubles = _doubles(item.msgid)
    reported: set[str] = set()
    for m in _DOUBLED.finditer(target):
        word = casefold(m.group(1))
        if word in reported or word in source_doubles:
            continue
        if lang in REDUPLICATING and word not in REDUPLICATING[lang]:
            continue
        if word in ALLOWED_DOUBLES.get(lang, set()):
            continue
        reported.add(word)
        yield f"doubled word: {m.group(1)} {m.group(2)}"


def _edges(text: str) -> tuple[str, str]:
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return lead, trail


def _shape(ws: str) -> str:
    """Whitespace reduced to what matters: line breaks, or a space."""
    if not ws:
        return ""
    return "\n" * ws.count("\n") if "\n" in ws else " "


@register_check(
    "whitespace", Severity.WARNING, "leading or trailing whitespace differs from the source"
)
def check_whitespace(item: CheckItem, ctx: CheckContext) -> Iterator[str]:
    src_lead, src_trail = _edges(item.msgid)
    tgt_lead, tgt_trail = _edges(item.msgstr)
    if _shape(src_lead) != _shape(tgt_lead):
        yield f"leading whitespace differs: source {src_lead!r}, translation {tgt_lead!r}"
    if _shape(src_trail) != _shape(tgt_trail):
        yield f"trailing whitespace differs: source {src_trail!r}, translation {tgt_trail!r}"


MIN_LENGTH = 20
_DIGITS = re.compile(r"\d+")


def _letters(markup: str) -> str:
    """What the length check measures: the visible text without URLs, e-mail addresses,
    phone numbers and digits, its whitespace runs as one space."""
    return " ".join(_DIGITS.sub("", without_targets(plain(markup))).split())


_source_letters = lru_cache(maxsize=4096)(_letters)  # a msgid is checked in every language


@lru_cache(maxsize=256)
def expected_ratio(source_language: str, language: str) -> float:
    """The usual length of a translation relative to its source, in characters."""
    src = DENSITY.get(base_language(source_language), 1.1)
    tgt = DENSITY.get(base_language(language), 1.1)
    return tgt / src


@register_check(
    "length",
    Severity.WARNING,
    f"translation length far outside the usual ratio for the language pair "
    f"(units of {MIN_LENGTH}+ characters)",
)
def check_length(item: CheckItem, ctx: CheckContext) -> Iterator[str]:
    # URLs, e-mails, phone numbers and digits are the same length in every language
    source = _source_letters(item.msgid)
    target = _letters(item.msgstr)
    if len(source) < MIN_LENGTH or not target:
        return
    expected = expected_ratio(ctx.source_language, ctx.language)
    ratio = len(target) / len(source)
    factor = 3.0 if len(source) < 60 else 2.5
    if ratio > expected * factor:
        yield (
            f"the translation is {ratio:.1f}× as long as the source "
            f"(about {expected:.1f}× is usual)"
        )
    elif ratio < expected / factor:
        yield (
            f"the translation is only {ratio:.2f}× as long as the source "
            f"(about {expected:.1f}× is usual)"
        )
