"""transflow.checks.text as it was before its fast paths, verbatim but for the
registration of its checks (the decorators are gone) and its imports of the other
copies: test_fast.py compares the checks with these."""

from __future__ import annotations

import re
from collections.abc import Iterator

from tests.checks.slow_textutil import casefold, plain, without_targets

from transflow.checks.base import CheckContext, CheckItem
from transflow.lang.lexicon import ALLOWED_DOUBLES, DENSITY, NAME_PARTICLES, REDUPLICATING
from transflow.lang.scripts import base_language

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


def check_untranslated(item: CheckItem, ctx: CheckContext) -> Iterator[str]:
    if item.msgstr.strip() != item.msgid.strip():
        return
    if base_language(ctx.language) == base_language(ctx.source_language):
        return  # en_GB from en: many units are rightly identical
    if only_names_or_codes(item.msgid):
        return
    yield "the translation is identical to the source text"


_DOUBLED = re.compile(r"(?<![\w-])([^\W\d_]+)(?:\s+)(\1)(?![\w-])", re.IGNORECASE)


def check_doubled_words(item: CheckItem, ctx: CheckContext) -> Iterator[str]:
    lang = base_language(ctx.language)
    target = plain(item.msgstr)
    source_doubles = {casefold(m.group(1)) for m in _DOUBLED.finditer(plain(item.msgid))}
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


def check_whitespace(item: CheckItem, ctx: CheckContext) -> Iterator[str]:
    src_lead, src_trail = _edges(item.msgid)
    tgt_lead, tgt_trail = _edges(item.msgstr)
    if _shape(src_lead) != _shape(tgt_lead):
        yield f"leading whitespace differs: source {src_lead!r}, translation {tgt_lead!r}"
    if _shape(src_trail) != _shape(tgt_trail):
        yield f"trailing whitespace differs: source {src_trail!r}, translation {tgt_trail!r}"


MIN_LENGTH = 20
_DIGITS = re.compile(r"\d+")


def expected_ratio(source_language: str, language: str) -> float:
    """The usual length of a translation relative to its source, in characters."""
    src = DENSITY.get(base_language(source_language), 1.1)
    tgt = DENSITY.get(base_language(language), 1.1)
    return tgt / src


def check_length(item: CheckItem, ctx: CheckContext) -> Iterator[str]:
    # URLs, e-mails, phone numbers and digits are the same length in every language
    source = " ".join(_DIGITS.sub("", without_targets(plain(item.msgid))).split())
    target = " ".join(_DIGITS.sub("", without_targets(plain(item.msgstr))).split())
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
