"""The check helpers of transflow.checks.textutil as they were before their prefilters
(a verbatim copy): test_fast.py compares the fast helpers with these."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from transflow.core import inline
from transflow.lang.bidi import BIDI_CONTROLS, strip_bidi  # noqa: F401  (re-exported for the checks)

# A bare URL: a scheme or "www."; ends before whitespace, quotes, brackets and final punctuation.
_URL_RE = re.compile(
    r"(?<![A-Za-z0-9@.])(?:(?:https?|ftp)://|www\.)[A-Za-z0-9\-._~:/?#@!$&*+,;=%]+",
    re.IGNORECASE,
)
# a bare domain with a well-known top-level domain: "justiceforkhojaly.org", "hafa.az/en"
_DOMAIN_RE = re.compile(
    r"(?<![A-Za-z0-9@.\-])(?:[A-Za-z0-9-]+\.)+(?:com|org|net|gov|edu|int|info|eu|az|ru|de|fr|"
    r"tr|cn|uk|us|ua|ge|kz|uz|by|ae|sa|eg|pk|in|jp|kr|it|es|pl|nl|ch|at|be|se|io|news)"
    r"(?:/[A-Za-z0-9\-._~:/?#@!$&*+,;=%]*)?(?![A-Za-z0-9@\-])"
)
# ASCII addresses: in CJK text the address runs straight into the next word
_EMAIL_RE = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
    r"(?![A-Za-z0-9-])"
)
# A phone number: "+" and a country code, or a parenthesised area code, then 6+ more digits.
_PHONE_RE = re.compile(
    r"(?<![\w+])(?:\+\s?\d{1,3}|\(\d{2,5}\))(?:[\s\u00a0\u202f./-]?\(?\d{1,5}\)?){2,7}(?!\w)"
)
_TRAILING_PUNCT = ".,;:!?…。，、؛،)]}>'\"»”’"
_SPACES = " \t\n\r\u00a0\u202f\u2009\u2007\u3000"


@lru_cache(maxsize=4096)
def plain(markup: str) -> str:
    """What a reader sees of ``markup``: no formatting markers, no link or image targets."""
    return inline.plain(markup)


def _strip_url(url: str) -> str:
    while url and url[-1] in _TRAILING_PUNCT:
        url = url[:-1]
    return url


def bare_urls(text: str) -> list[str]:
    """URLs written out in ``text``: with a scheme, ``www.``, or a bare domain with a
    well-known top-level domain (not e-mail addresses)."""
    found = [m for m in _URL_RE.finditer(text)]
    taken = [(m.start(), m.end()) for m in found]
    for m in _DOMAIN_RE.finditer(text):
        if not any(a <= m.start() < b for a, b in taken):
            found.append(m)
    found.sort(key=lambda m: m.start())
    return [u for u in (_strip_url(m.group()) for m in found) if u]


def all_urls(markup: str) -> list[str]:
    """Link and image targets plus the URLs written in the visible text."""
    found = [u for u in inline.urls(markup) if not u.lower().startswith("mailto:")]
    found += bare_urls(plain(markup))
    return found


def emails(markup: str) -> list[str]:
    """E-mail addresses in the visible text and in ``mailto:`` links."""
    found = [m.group() for m in _EMAIL_RE.finditer(plain(markup))]
    for url in inline.urls(markup):
        if url.lower().startswith("mailto:"):
            found.append(url[7:].split("?", 1)[0])
    return found


def phones(text: str) -> list[str]:
    """Phone numbers (international ``+994 12 505 55 05`` or ``(012) 505-55-05`` style)."""
    out = []
    for m in _PHONE_RE.finditer(text):
        if sum(ch.isdigit() for ch in m.group()) >= 7:
            out.append(m.group().strip())
    return out


def phone_digits(phone: str) -> str:
    """A phone number reduced to its ASCII digits, for comparison."""
    return "".join(str(unicodedata.decimal(ch)) for ch in phone if ch.isdecimal())


@lru_cache(maxsize=8192)
def without_targets(text: str) -> str:
    """``text`` (plain) with URLs, e-mail addresses and phone numbers blanked out.
    Cached: several checks ask for the same string."""
    for rx in (_EMAIL_RE, _URL_RE, _DOMAIN_RE):
        text = rx.sub(" ", text)
    for phone in phones(text):
        text = text.replace(phone, " ")
    return text


def is_space(ch: str) -> bool:
    return ch in _SPACES or ch.isspace()


def casefold(text: str) -> str:
    """Case-fold with Turkic dotted capital I read as ``i``."""
    return text.replace("İ", "i").casefold()
