"""Every per-language fact, in one place: codes, scripts, direction, numbers, word lists.

* :mod:`~transflow.lang.codes`: language codes validated and normalised with Babel;
* :mod:`~transflow.lang.bidi`: left-to-right runs in right-to-left text;
* :mod:`~transflow.lang.localize`: numbers nobody translates, in the target locale's notation;
* :mod:`~transflow.lang.scripts`: script (CLDR likely subtags), direction, spacing, italics,
  derived from one table of scripts — spaceless, CJK, right-to-left, base language;
* :mod:`~transflow.lang.numbers`: number words, magnitudes and Chinese numerals;
* :mod:`~transflow.lang.abbreviations`: abbreviations a sentence does not end after;
* :mod:`~transflow.lang.lexicon`: doubled words, length densities, Arabic prefixes.

Adding a language is a data change in this folder; every consumer imports from here.
"""

# the public modules (imported on use: importing the package stays cheap)
__all__ = [
    "abbreviations",
    "bidi",
    "codes",
    "lexicon",
    "localize",
    "numbers",
    "scripts",
]
