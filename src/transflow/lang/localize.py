"""Numbers in text nobody translates (a table cell holding ``1,380`` or ``€59.00``),
rewritten in the target locale's notation by Babel: ``1 380`` and ``59,00 €`` in Russian.

Only numbers whose notation says they are quantities are touched: grouped (``1,380``) or
with a decimal part (``3.5``). Bare integers (``52``, the year ``2026``, a phone number's
digits) are left as they are. A currency symbol written before or after a number moves
where the target locale puts it.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.numbers import format_currency, format_decimal, get_decimal_symbol, get_group_symbol

from transflow.lang.scripts import base_language

_CURRENCIES = {"€": "EUR", "£": "GBP", "$": "USD", "¥": "JPY", "₼": "AZN", "₽": "RUB"}


@lru_cache(maxsize=64)
def _pattern(language: str) -> re.Pattern[str] | None:
    try:
        Locale.parse(language)
    except (UnknownLocaleError, ValueError):
        return None
    group = re.escape(get_group_symbol(locale=language))
    decimal = re.escape(get_decimal_symbol(locale=language))
    symbols = "".join(re.escape(s) for s in _CURRENCIES)
    return re.compile(
        rf"(?<![\w{group}{decimal}])(?P<pre>[{symbols}]\s?)?"
        rf"(?P<int>\d{{1,3}}(?:{group}\d{{3}})+|\d+)(?:{decimal}(?P<frac>\d+))?"
        rf"(?P<post>\s?[{symbols}])?(?![\w{group}{decimal}]\d)"
    )


def localize_numbers(text: str, source: str, target: str) -> str:
    """``text`` with its quantities written for ``target`` (gettext locale codes)."""
    pattern = _pattern(source)
    if pattern is None or base_language(source) == base_language(target):
        return text
    group = get_group_symbol(locale=source)

    def convert(m: re.Match[str]) -> str:
        digits, frac = m.group("int"), m.group("frac")
        grouped = group in digits
        if not grouped and frac is None:
            return m.group(0)
        try:
            value = Decimal(digits.replace(group, "") + ("." + frac if frac else ""))
        except InvalidOperation:  # pragma: no cover - the pattern only matches digits
            return m.group(0)
        places = "." + "0" * len(frac) if frac else ""
        fmt = ("#,##0" if grouped or len(digits) > 4 else "0") + places
        symbol = (m.group("pre") or m.group("post") or "").strip()
        if symbol:
            return (
                format_currency(
                    value, _CURRENCIES[symbol], format=None, locale=target, currency_digits=False
                )
                if frac
                else m.group(0)
            )
        return format_decimal(value, format=fmt, locale=target)

    pieces = re.split(r"(\s+)", text)  # words and the white space between them
    return "".join(piece if _protected(piece) else pattern.sub(convert, piece) for piece in pieces)


_DOTTED = re.compile(r"(?<!\d)\d++(?:\.\d++){2,}")


def _protected(word: str) -> bool:
    """A word whose digits are not a quantity: a URL, an e-mail address, a domain with
    its path, a tag, or a dotted sequence (an IP address, a version, 2026.03.14).
    Decided per word, so the cost stays linear in the text."""
    if "://" in word or word.startswith(("www.", "<")) or ("@" in word and "." in word):
        return True
    if "." in word and any(c.isalpha() for c in word):
        return True  # example.com/1,500, v2.10.3
    return bool(_DOTTED.search(word))
