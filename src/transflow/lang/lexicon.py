"""Word lists and ratios per language, for the checks: doubled words that are grammatical,
the usual length of a translation, Arabic prefixes, particles inside names. Keyed by base language (``pt`` for
``pt_BR``); a language missing from a table gets the check's default."""

from __future__ import annotations

# doublings that are grammatical (en "had had", de "die die", fr "nous nous")
ALLOWED_DOUBLES = {
    "en": {"had", "that", "is"},
    "de": {"die", "der", "das", "den", "dem", "des", "sie"},
    "fr": {"nous", "vous"},
    "es": {"que"},
    "it": {"che"},
    "ru": {"что"},
}
# languages where reduplication is grammatical: only function words count as doubled
REDUPLICATING = {
    "tr": {"ve", "ile", "için", "bu", "da", "de", "ki", "veya"},
    "az": {"və", "ilə", "üçün", "bu", "da", "də", "ki", "və ya"},
    "ar": {"في", "من", "على", "إلى", "عن", "أن", "التي", "الذي", "مع", "هذا", "هذه"},
    "id": {"dan", "yang", "di", "ke", "dari"},
    "ms": {"dan", "yang", "di", "ke", "dari"},
}

# characters of a language per character of English, roughly (press-release prose)
DENSITY = {
    "zh": 0.3, "ja": 0.4, "ko": 0.45, "yue": 0.3,
    "de": 1.2, "fr": 1.15, "es": 1.15, "it": 1.12, "pt": 1.12, "nl": 1.15,
    "ru": 1.1, "uk": 1.1, "be": 1.1, "bg": 1.1, "pl": 1.1, "cs": 1.0,
    "az": 1.05, "tr": 1.0, "kk": 1.1, "uz": 1.1, "ka": 1.1, "hy": 1.15,
    "ar": 0.95, "fa": 0.95, "ur": 1.0, "he": 0.85, "hi": 1.05,
    "el": 1.15, "fi": 1.05, "hu": 1.1, "sv": 1.0, "en": 1.0,
}  # fmt: skip

# Arabic proclitics written joined to a word: conjunction (و ف), then preposition or
# article (بال لل ال ب ل ك): "والمؤتمر", "بالمؤتمر", "للمؤتمر"
AR_PREFIX_PATTERN = r"(?:[وف]?(?:بال|لل|ال|ب|ل|ك)?)"
# the same, as the whole prefixes a number word may carry, tried in order
AR_PREFIXES = ("", "و", "ال", "وال", "بال", "لل", "ب", "ل", "ف", "فال", "ك")

# small words that may sit inside a name ("Bosnia and Herzegovina", "Ibn al-Athir")
NAME_PARTICLES = {
    "of", "and", "the", "for", "de", "da", "do", "du", "des", "la", "le", "del", "van",
    "von", "der", "den", "al", "el", "bin", "ibn", "y", "e", "et", "und", "&", "oglu",
}  # fmt: skip
