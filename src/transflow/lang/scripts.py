"""Script, direction and spacing facts of a language, derived from one table of scripts.

A language's script is its own script subtag (``zh_Hant``, ``pa_Arab``) or CLDR's likely
one, from Babel (``ar`` → ``Arab``, ``yue`` → ``Hant``, ``ja`` → ``Jpan``). Everything
else — written without spaces between words, East Asian (``w:eastAsia``), joining letters,
no italics, sentences without a full stop — is a property of the script, listed once
below. Adding a language Babel knows needs no change here; adding a script is one row.

Every module that asks such a question (the checks, the sentence splitter, the DOCX
writer, export) asks it here, so they cannot disagree (issue 14: Cantonese was spaceless
for the glossary but not for export).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

# Scripts written without spaces between words: no word boundaries, no inflection,
# sentences (and words) joined with "" (Chinese, Cantonese, Japanese, Thai, Lao, Khmer,
# Burmese, Tibetan/Dzongkha).
SPACELESS_SCRIPTS = frozenset(
    {"Hans", "Hant", "Hani", "Jpan", "Hira", "Kana", "Thai", "Laoo", "Khmr", "Mymr", "Tibt"}
)
# Ideographic and kana text, counted one word per character (as CAT tools count Chinese
# and Japanese): the scripts, and their Unicode blocks for the word counter.
PER_CHARACTER_SCRIPTS = frozenset({"Hans", "Hant", "Hani", "Jpan", "Hira", "Kana"})
PER_CHARACTER_RANGES = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# East Asian scripts: ``w:eastAsia`` language and fonts in DOCX, CJK numerals.
CJK_SCRIPTS = frozenset({"Hans", "Hant", "Hani", "Jpan", "Kore", "Hira", "Kana", "Hang"})
# Joining scripts: letter spacing (w:spacing) or a character scale (w:w) in a run
# breaks the joins between letters.
CURSIVE_SCRIPTS = frozenset(
    {"Arab", "Aran", "Syrc", "Nkoo", "Mong", "Adlm", "Rohg", "Mand", "Mani", "Sogd", "Phag"}
)
# Scripts whose typography has no italics: the DOCX writer sets no slanted font (it
# would only be a synthetic oblique).
NO_ITALIC_SCRIPTS = CURSIVE_SCRIPTS | CJK_SCRIPTS | {"Hebr", "Thaa"}
# The scripts among them where a translator is expected to drop ``*italic*`` (the
# formatting check then warns instead of erring): East Asian and Arabic script. Hebrew
# keeps the error: its press releases do emphasise with italics.
ITALICS_DROPPED_SCRIPTS = CJK_SCRIPTS | {"Arab"}
# Scripts written right to left: Arabic, Hebrew, Thaana, Syriac, N'Ko, Adlam, Hanifi
# Rohingya (see rtl).
RTL_SCRIPTS = frozenset({"Arab", "Hebr", "Thaa", "Syrc", "Nkoo", "Adlm", "Rohg"})
# Scripts whose sentences end without punctuation (Thai, Lao, Khmer).
NO_FULL_STOP_SCRIPTS = frozenset({"Thai", "Laoo", "Khmr"})


def base_language(lang: str) -> str:
    """``pt_BR`` → ``pt``, ``zh-Hans`` → ``zh``."""
    return re.split(r"[_\-@.]", lang, maxsplit=1)[0].lower()


@lru_cache(maxsize=64)
def babel_locale(lang: str) -> Any | None:
    """Babel's :class:`~babel.Locale` for a gettext language code, or None if unknown."""
    from babel import Locale, UnknownLocaleError  # lazily: only callers pay for Babel's data

    for candidate in (lang.replace("-", "_"), base_language(lang)):
        try:
            return Locale.parse(candidate)
        except (ValueError, TypeError, LookupError, UnknownLocaleError):
            continue
    return None


@lru_cache(maxsize=256)
def script(lang: str) -> str:
    """The ISO 15924 script of a language code: written in it (``zh_Hans``, ``pa_Arab``)
    or CLDR's likely one, by the code, its language and territory, then its language
    (``zh_TW`` → ``Hant``, ``ar`` → ``Arab``); "" if Babel does not know the language."""
    loc = babel_locale(lang)
    if loc is None:
        return ""
    if loc.script:
        return str(loc.script)
    from babel.core import get_global

    likely = get_global("likely_subtags")
    keys = (lang.replace("-", "_"), f"{loc.language}_{loc.territory}", loc.language)
    for key in keys:
        parts = str(likely.get(key, "")).split("_")
        if len(parts) > 1 and len(parts[1]) == 4:
            return parts[1]
    return ""


def spaceless(lang: str) -> bool:
    """Written without spaces between words (and sentences): Chinese, Japanese, Thai…"""
    return script(lang) in SPACELESS_SCRIPTS


def word_separator(lang: str) -> str:
    """What goes between two words or sentences: ``""`` in a spaceless language, else ``" "``."""
    return "" if spaceless(lang) else " "


def cjk(lang: str) -> bool:
    """Chinese (Cantonese too), Japanese or Korean."""
    return script(lang) in CJK_SCRIPTS


def rtl(lang: str) -> bool:
    """Written right to left (CLDR's character order), told by the script: CLDR's order
    is right-to-left for exactly the locales written in :data:`RTL_SCRIPTS` (every Babel
    locale is checked in tests/lang/test_facts.py), and the script needs no locale's own
    data (the order does: ~4 ms a language, in every process that exports)."""
    return script(lang) in RTL_SCRIPTS


def uses_italics(lang: str) -> bool:
    """False for languages whose translators drop italics for emphasis (CJK, Arabic)."""
    return script(lang) not in ITALICS_DROPPED_SCRIPTS


def ends_without_full_stop(lang: str) -> bool:
    """Sentences may end without punctuation (Thai, Lao, Khmer)."""
    return script(lang) in NO_FULL_STOP_SCRIPTS
