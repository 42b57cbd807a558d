"""The ``numbers`` check: digit-written numbers compared by value, in each locale's notation.

How a number is read:

* Any Unicode decimal digit is a digit (``٢١``, ``۲۱``, ``２１``); ``٫`` is a decimal and
  ``٬`` a group separator in every locale.
* Separators follow the locale's Babel symbols: ``700,000`` (en) = ``700 000`` (ru, with a
  space, NBSP or narrow NBSP) = ``700.000`` (de) = ``7,00,000`` (Indian grouping);
  ``3.5`` (en) = ``3,5`` (de). A separator that is not the locale's decimal symbol and is
  followed by groups of three digits groups; ``1.2.3`` and ``08.05.2008`` are read as
  separate numbers. ``700,000`` in a locale whose decimal symbol is ``,`` is ambiguous and
  may be read either way (being noisy about notation is not this check's job).
* A magnitude word after a number also gives the scaled value: ``700 тысяч``, ``70万``,
  ``1,5 Mio.``, ``700 ألف`` match ``700,000``.
* Signs, percent signs and ordinal suffixes are ignored: ``98%`` = ``%98`` = ``98 %``,
  ``21st`` = ``21-й`` = ``21.`` = ``21-ci`` = ``第21``.
* URLs, e-mail addresses and phone numbers are left to their own checks.

Numbers are compared as sets of values: a source number is *missing* when no target
number can have its value, a target number is *added* when no source number can have its
value. Repetitions are not counted ("613 … these 613" may become "613 … these victims").
A number written as digits on one side and as words or a month name on the other
("Twenty one" → "21", "8 May" → "5月8日") is excused through :mod:`.numwords`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from transflow.checks import numwords
from transflow.checks.base import CheckContext, CheckItem, register_check
from transflow.checks.textutil import plain, without_targets
from transflow.core.records import Severity
from transflow.lang.numbers import CJK_MAGNITUDE, CJK_MAGNITUDES, MAGNITUDES
from transflow.lang.scripts import babel_locale

_SPACE_SEPS = " \u00a0\u202f\u2009\u2007"
# "(?<!\d)\d+…" written with the look-behind after the first digit: the same matches, and
# the pattern starts with a digit, so the regex engine skips to the digits of the text
_TOKEN = re.compile(r"\d(?<!\d\d)\d*(?:(?:[.,'’٫٬]|[" + _SPACE_SEPS + r"](?=\d{3}(?!\d)))\d+)*")
_DIGIT = re.compile(r"\d")
_TIME_HINT = re.compile(r"\d[:hH]")  # what every _TIME match holds
_SEP = re.compile(r"[.,'’٫٬" + _SPACE_SEPS + "]")
_MAGNITUDE_AFTER = re.compile(r"[\s\u00a0\u202f]?(?:多|余|餘)?([^\W\d_]+)")


_TIME = re.compile(
    r"(?<![\d.,:])([01]?\d|2[0-4])[:hH]([0-5]\d)(?![\d:])(\s?(?:p\.\s?m\.?|pm|PM)(?!\w))?"
)
_PM = re.compile(r"\s?(?:p\.\s?m\.?|pm|PM)(?!\w)")


@dataclass(frozen=True, slots=True)
class Number:
    """A number as written (``text``) and the values it may have."""

    text: str
    values: frozenset[Decimal]


def prepare(language: str) -> None:
    """What the check reads of Babel's data for ``language`` (its number symbols and
    month names, a few milliseconds a language), read now: a command that forks workers
    reads it once, before they fork, instead of once in each."""
    _symbols(language)
    numwords.prepare(language)


@lru_cache(maxsize=64)
def _symbols(language: str) -> tuple[str, str]:
    """(decimal, group) symbols of a locale; spaces of every kind count as one group."""
    loc = babel_locale(language)
    if loc is None:
        return ".", ","
    from babel.numbers import get_decimal_symbol, get_group_symbol

    decimal, group = get_decimal_symbol(loc), get_group_symbol(loc)
    if group in _SPACE_SEPS:
        group = " "
    return decimal, group


def _ascii_digits(text: str) -> str:
    if text.isascii():  # ASCII digits are their own value
        return text
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in text)


@lru_cache(maxsize=8192)
def _read(token: str, decimal: str, group: str) -> tuple[frozenset[Decimal], ...]:
    """The value(s) of one token; a token that is several numbers gives several entries.
    Cached: years, small counts and amounts recur from unit to unit."""
    return tuple(_read_uncached(token, decimal, group))


def _read_uncached(token: str, decimal: str, group: str) -> list[frozenset[Decimal]]:
    raw = _ascii_digits(token)
    seps = [" " if s in _SPACE_SEPS else s for s in _SEP.findall(raw)]
    groups = _SEP.split(raw)
    if not seps:
        return [frozenset({Decimal(raw)})]
    kinds = set(seps)
    first, rest = groups[0], groups[1:]
    threes = len(first) <= 3 and first != "0" and all(len(g) == 3 for g in rest)
    indian = (
        len(rest) >= 2
        and len(first) <= 2
        and all(len(g) == 2 for g in rest[:-1])
        and len(rest[-1]) == 3
    )
    grouped = Decimal("".join(groups))
    if len(kinds) == 1:
        sep = seps[0]
        if sep in " ٬'’":
            return [frozenset({grouped})] if threes else _separate(groups)
        if sep == "٫" and len(rest) == 1:
            return [frozenset({Decimal(f"{first}.{rest[0]}")})]
        if len(rest) >= 2:
            return [frozenset({grouped})] if threes or indian else _separate(groups)
        as_decimal = Decimal(f"{first}.{rest[0]}")
        if not threes:
            return [frozenset({as_decimal})]
        if sep == group and sep != decimal:
            return [frozenset({grouped})]
        return [frozenset({grouped, as_decimal})]
    # mixed separators: the last one is the decimal mark when it differs from the others
    last = seps[-1]
    if last not in seps[:-1] and last not in " ٬'’":
        int_groups = groups[:-1]
        ok = len(int_groups[0]) <= 3 and all(len(g) == 3 for g in int_groups[1:])
        if ok:
            return [frozenset({Decimal("".join(int_groups) + "." + groups[-1])})]
    return _separate(groups)


def _separate(groups: list[str]) -> list[frozenset[Decimal]]:
    return [frozenset({Decimal(g)}) for g in groups if g]


def _magnitude(text: str, end: int) -> int | None:
    m = CJK_MAGNITUDE.match(text, end)
    if m:
        return CJK_MAGNITUDES[m.group(1)]
    m = _MAGNITUDE_AFTER.match(text, end)
    return _magnitude_word(m.group(1).lower()) if m else None


@lru_cache(maxsize=8192)
def _magnitude_word(word: str) -> int | None:
    """The power of a word after a number ("million", "тысяч", "ألف"), or None."""
    if word in MAGNITUDES:
        return MAGNITUDES[word]
    for key, value in MAGNITUDES.items():  # inflected: "700 mindən", "1,5 миллиона"
        if len(key) >= 3 and word.startswith(key):
            return value
    return None


def _times(text: str) -> tuple[str, list[Number]]:
    """Clock times (``10:30``, ``10h30``) as one number each (10.30, which ``10.30`` and
    ``10`` for ``10:00`` also read as), blanked out of ``text``."""
    found: list[Number] = []
    if _TIME_HINT.search(text) is None:
        return text, found

    def repl(m: re.Match[str]) -> str:
        hour, minute = int(_ascii_digits(m.group(1))), _ascii_digits(m.group(2))
        values = {Decimal(f"{hour}.{minute}")}
        if m.group(3) and hour < 12:  # "2:30 p.m." = 14:30
            values.add(Decimal(f"{hour + 12}.{minute}"))
        found.append(Number(m.group(0).strip(), frozenset(values)))
        return " " * len(m.group(0))

    return _TIME.sub(repl, text), found


def extract_numbers(markup: str, language: str) -> list[Number]:
    """Digit-written numbers in the visible text of ``markup``, read in ``language``'s
    notation (URLs, e-mail addresses and phone numbers excluded)."""
    return list(_extract_numbers(markup, language))


@lru_cache(maxsize=8192)
def _extract_numbers(markup: str, language: str) -> tuple[Number, ...]:
    """Cached: a msgid is read in the source notation once for all its languages."""
    return tuple(_extract_uncached(markup, language))


def _extract_uncached(markup: str, language: str) -> list[Number]:
    text = without_targets(plain(markup))
    if _DIGIT.search(text) is None:  # every number and clock time has a digit
        return []
    text, out = _times(text)
    decimal, group = _symbols(language)
    for m in _TOKEN.finditer(text):
        token = m.group()
        readings: tuple[frozenset[Decimal], ...] = _read(token, decimal, group)
        scale = _magnitude(text, m.end())
        if scale is None and _PM.match(text, m.end()) and len(readings) == 1:
            readings = (readings[0] | {v + 12 for v in readings[0] if v < 12},)
        if scale is not None and len(readings) == 1:
            readings = (readings[0] | {v * scale for v in readings[0]},)
        if len(readings) == 1:
            out.append(Number(token, readings[0]))
        else:  # "08.05.2008": one Number per part
            parts = [p for p in _SEP.split(token) if p]
            out.extend(Number(p, v) for p, v in zip(parts, readings, strict=False))
    return out


def _describe(numbers: list[Number]) -> str:
    seen: list[str] = []
    for n in numbers:
        if n.text not in seen:
            seen.append(n.text)
    return ", ".join(seen)


def compare_numbers(
    msgid: str, msgstr: str, source_language: str, language: str
) -> tuple[list[Number], list[Number]]:
    """(numbers of the source missing in the translation, numbers the translation adds)."""
    src = extract_numbers(msgid, source_language)
    tgt = extract_numbers(msgstr, language)
    if not src and not tgt:
        return [], []
    src_values = frozenset().union(*(n.values for n in src)) if src else frozenset()
    tgt_values = frozenset().union(*(n.values for n in tgt)) if tgt else frozenset()
    missing = [n for n in src if not n.values & tgt_values]
    added = [n for n in tgt if not n.values & src_values]
    if missing:
        spelled = numwords.word_values(plain(msgstr), language)
        missing = [n for n in missing if not n.values & spelled]
    if added:
        spelled = numwords.word_values(plain(msgid), source_language)
        added = [n for n in added if not n.values & spelled]
    return missing, added


@register_check(
    "numbers",
    Severity.ERROR,
    "numbers compared by value in each locale's notation: missing, changed or added",
)
def check_numbers(item: CheckItem, ctx: CheckContext) -> Iterator[str]:
    missing, added = compare_numbers(item.msgid, item.msgstr, ctx.source_language, ctx.language)
    # pair a missing number with an added one, in order, as a change
    pairs = min(len(missing), len(added))
    for old, new in zip(missing[:pairs], added[:pairs], strict=True):
        yield f"number {old.text} changed to {new.text}"
    if len(missing) > pairs:
        yield f"number missing in the translation: {_describe(missing[pairs:])}"
    if len(added) > pairs:
        yield f"number not in the source: {_describe(added[pairs:])}"
