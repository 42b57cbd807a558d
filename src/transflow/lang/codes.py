"""Language codes: validated and normalised with Babel, never trusted as path parts."""

from __future__ import annotations

import os
import re
from functools import lru_cache

from transflow.core.errors import ConfigError
from transflow.core.records import LanguageInfo
from transflow.lang import scripts

_SHAPE = re.compile(r"^[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{2,8}){0,3}$")


@lru_cache(maxsize=256)
def normalize(code: str, *, origin: str | None = None) -> str:
    """Return the gettext form of a language code (``pt-BR`` -> ``pt_BR``) or raise ConfigError.

    Codes Babel does not know are refused, and so are codes Babel silently rewrites into
    another language (``und`` -> ``en_US``, ``C`` -> ``en_US_POSIX``, ``iw`` -> ``he_IL``):
    each language has exactly one spelling, hence one folder.
    """
    shown = code.encode("unicode_escape").decode("ascii")
    if not _SHAPE.match(code):
        raise ConfigError(origin, f"unknown language '{shown}'")
    wanted = code.replace("-", "_")
    if wanted in _babel_locales():
        return wanted  # what Babel gives back for it, without importing Babel
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(wanted)
    except (UnknownLocaleError, ValueError):
        raise ConfigError(origin, f"unknown language '{shown}'") from None
    canonical = str(locale)
    if canonical.lower() != wanted.lower():
        raise ConfigError(
            origin,
            f"unknown language '{shown}' (Babel would read it as '{canonical}'; write that instead)",
        )
    return canonical


@lru_cache(maxsize=1)
def _babel_locales() -> frozenset[str]:
    """The locales Babel has data for, by the names of its data files, found as importing
    Babel would find it but without importing it (6 ms of a 0.13 s ``status``, which
    checks the configuration's languages and nothing else of Babel's). ``Locale.parse``
    gives each of those names back unchanged; ``tests/lang/test_codes.py`` checks that
    for every one. Empty when Babel is not where the import system's path finder looks
    (then every code is asked of Babel)."""
    from importlib.machinery import PathFinder

    spec = PathFinder.find_spec("babel")
    for folder in (spec and spec.submodule_search_locations) or ():
        try:
            names = os.listdir(os.path.join(folder, "locale-data"))
        except OSError:
            continue
        return frozenset(name[:-4] for name in names if name.endswith(".dat"))
    return frozenset()


@lru_cache(maxsize=256)
def info(code: str) -> LanguageInfo:
    """Facts about a (normalised) language that writers and checks need."""
    from babel import Locale

    locale = Locale.parse(code)
    return LanguageInfo(
        code=code,
        bcp47=code.replace("_", "-"),
        name=locale.english_name or code,
        rtl=scripts.rtl(code),
        cjk=scripts.cjk(code),
        word_separator=scripts.word_separator(code),
    )


@lru_cache(maxsize=256)
def plural_forms(code: str) -> str:
    """The ``Plural-Forms`` header value for a language, from Babel's CLDR data."""
    from babel.messages.plurals import get_plural

    return str(get_plural(code))


def select(configured: tuple[str, ...], requested: list[str] | None) -> tuple[str, ...]:
    """The languages a command works on: the requested ones (normalised), else the configured."""
    if not requested:
        return configured
    return tuple(dict.fromkeys(normalize(x) for x in requested))
