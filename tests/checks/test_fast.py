"""The checks' fast paths (prefilters, regexes that skip to their first character, caches)
give exactly the findings of the unfiltered code they replace.

The unfiltered code: slow_textutil.py and slow_numbers.py (verbatim copies of the helpers
as they were) and the small functions below. Compared on hypothesis texts built from the
pieces the checks look for (digits of many scripts, number words, clock times, URLs,
domains, e-mail addresses, phone numbers, HTML tags, inline markup, brackets, quotes,
doubled words, bidi controls) and on every seed fixture.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.checks import (
    slow_markup,
    slow_numbers,
    slow_punctuation,
    slow_text,
    slow_textutil,
)

from transflow.checks import (
    CHECKS,
    CheckContext,
    CheckItem,
    base,
    markup,
    numbers,
    punctuation,
    run_checks,
    text,
    textutil,
)
from transflow.checks.textutil import casefold
from transflow.core import inline

from .seed_fixtures import FIXTURES

PIECES = [
    # digits in many scripts, separators, signs, ordinals
    "0", "1", "7", "21", "700", "000", "2008", "3", "5", "٢١", "۲۱", "२१", "２１", "٫", "٬",
    ".", ",", "'", "’", " ", "\u00a0", "\u202f", "\u2009", "\u2007", "%", "-", "+", "st",
    "-й", "第",
    # number and magnitude words, month names
    " twenty one ", " million", " тысяч", "万", "多", " ألف", " Mio.", " May ", " mai ",
    "二〇〇八", " seven ",
    # clock times
    "10:30", "10h30", "2:30 p.m.", " pm", "H", "h", ":",
    # URLs, domains, e-mail addresses, phone numbers
    "http://", "https://", "HTTPS://", "ftp://", "www.", "WWW.", "wWw.", "example", ".org",
    ".com", ".az", ".news", "/en/", "a.b", "@", "info@example.org", "mailto:", "+994 12 505 55 05",
    "(012) 505-55-05", "(", ")",
    # inline markup and HTML
    "**", "*", "~~", "<u>", "</u>", "`", "\\", "[link](https://a.org/en/)",
    "![img](b.png)", "[x](mailto:x@y.org)", "{PAGE}", "{", "}", "<b>", "</i>", "<br/>",
    "<!--", "<?", "<!D", "<", ">", "[javascript](javascript:alert)",
    # brackets, quotes
    "[", "]", "（", "）", "【", "】", "〔", "〕", "［", "］", "｛", "｝", "〈", "〉", "《", "》",
    "a)", " 1)", " iv)", "«", "»", "“", "”", "„", '"', "「", "」",
    # words, doubled words, cases, scripts, line breaks, bidi controls
    "the", " the the ", "The", "THE", " word", "Word ", "mot", "слово", "كلمة", "词", "\n",
    "\t", "\u2066", "\u2069", "\u200f", "İ",
]  # fmt: skip

texts = st.lists(st.sampled_from(PIECES), max_size=14).map("".join)
LANGUAGES = ["en", "de", "ru", "fr", "ar", "fa", "hi", "zh_Hans", "tr", "az"]


_ALWAYS = re.compile("")  # matches every text: strip_bidi is always called, as before


_SLOW_MODULES = (slow_markup, slow_numbers, slow_punctuation, slow_text)
# every check whose code changed, as it was (the others, glossary, are unchanged)
_SLOW_CHECKS = {
    name: replace(spec, fn=getattr(module, spec.fn.__name__))
    for name, spec in CHECKS.items()
    for module in _SLOW_MODULES
    if spec.fn.__module__ == "transflow.checks." + module.__name__.rsplit("_", 1)[1]
}


@contextmanager
def _unfiltered() -> Iterator[None]:
    """run_checks with every check as it was, and strip_bidi called on every text."""
    with mock.patch.dict(CHECKS, _SLOW_CHECKS), mock.patch.multiple(base, _BIDI=_ALWAYS):
        yield


def _run(msgid: str, msgstr: str, source: str, language: str) -> list[tuple[str, str, str]]:
    ctx = CheckContext(source_language=source, language=language)
    item = CheckItem(msgid=msgid, msgstr=msgstr, location="locales/x/a.po:1")
    return [(i.check, i.severity.value, i.message) for i in run_checks([item], ctx)]


def _same_findings(msgid: str, msgstr: str, source: str, language: str) -> None:
    fast = _run(msgid, msgstr, source, language)
    with _unfiltered():
        slow = _run(msgid, msgstr, source, language)
    assert fast == slow


@settings(max_examples=400, deadline=None)
@given(texts, texts, st.sampled_from(LANGUAGES), st.sampled_from(LANGUAGES))
def test_every_check_finds_what_the_unfiltered_checks_find(
    msgid: str, msgstr: str, source: str, language: str
) -> None:
    _same_findings(msgid, msgstr, source, language)


def test_the_seed_fixtures_find_what_the_unfiltered_checks_find() -> None:
    compared = 0
    for language, msgid, msgstr in FIXTURES:
        for target in (msgstr, msgid, msgstr + " " + msgid, msgstr.replace("1", "2")):
            _same_findings(msgid, target, "en", language)
            compared += 1
    assert compared == 4 * len(FIXTURES) > 0


@settings(max_examples=600, deadline=None)
@given(texts, st.sampled_from(LANGUAGES))
def test_the_helpers_give_what_the_unfiltered_helpers_give(text_: str, language: str) -> None:
    plain = textutil.plain(text_)
    assert textutil.bare_urls(plain) == slow_textutil.bare_urls(plain)
    assert textutil.all_urls(text_) == slow_textutil.all_urls(text_)
    assert textutil.emails(text_) == slow_textutil.emails(text_)
    assert textutil.phones(plain) == slow_textutil.phones(plain)
    assert textutil.without_targets(plain) == slow_textutil.without_targets.__wrapped__(plain)
    fast = [(n.text, n.values) for n in numbers._extract_uncached(text_, language)]
    slow = [(n.text, n.values) for n in slow_numbers._extract_uncached(text_, language)]
    assert fast == slow
    assert punctuation.bracket_problems(plain) == slow_punctuation.bracket_problems(plain)
    assert markup._text_tags(text_) == slow_markup._text_tags(text_)
    assert textutil.link_targets(text_) == tuple(inline.urls(text_))
    assert text._letters(text_) == " ".join(
        slow_text._DIGITS.sub("", slow_textutil.without_targets(slow_textutil.plain(text_))).split()
    )
    assert punctuation.open_quotes(text_) == slow_punctuation.open_quotes(text_)
    assert text._doubles(text_) == frozenset(
        casefold(m.group(1)) for m in slow_text._DOUBLED.finditer(slow_textutil.plain(text_))
    )


_OLD_TOKEN = re.compile(
    r"(?<![\d])\d+(?:(?:[.,'’٫٬]|[" + numbers._SPACE_SEPS + r"](?=\d{3}(?!\d)))\d+)*"
)


@settings(max_examples=600, deadline=None)
@given(texts)
def test_the_number_pattern_matches_where_it_did(text_: str) -> None:
    new = [(m.span(), m.group()) for m in numbers._TOKEN.finditer(text_)]
    old = [(m.span(), m.group()) for m in _OLD_TOKEN.finditer(text_)]
    assert new == old


@settings(max_examples=600, deadline=None)
@given(texts)
def test_the_doubled_word_pattern_matches_where_it_did(text_: str) -> None:
    new = [(m.span(), m.groups()) for m in text._DOUBLED.finditer(text_)]
    old = [(m.span(), m.groups()) for m in slow_text._DOUBLED.finditer(text_)]
    assert new == old


def test_every_changed_check_has_its_unfiltered_copy() -> None:
    changed = {"numbers", "urls", "emails", "phones", "formatting", "html", "brackets"}
    changed |= {"quotes", "doubled-words", "length", "untranslated", "end-punctuation"}
    assert changed <= set(_SLOW_CHECKS)
    assert all(spec.fn is not CHECKS[name].fn for name, spec in _SLOW_CHECKS.items())


def test_the_pieces_reach_every_fast_path() -> None:
    """The texts above do meet what the prefilters look for (else they prove nothing)."""
    sample = "".join(PIECES)
    assert slow_textutil.bare_urls(sample) and slow_textutil.emails(sample)
    assert slow_textutil.phones(sample) and slow_markup._text_tags(sample)
    assert slow_numbers._extract_uncached("at 10:30 and 2:30 p.m.", "en")
    assert slow_punctuation.bracket_problems("(a]") and slow_text._DOUBLED.search("the the")
