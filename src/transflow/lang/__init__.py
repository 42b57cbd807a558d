"""Every per-language fact, in one place: codes, scripts, direction, numbers.

* :mod:`~transflow.lang.codes`: language codes validated and normalised with Babel;
* :mod:`~transflow.lang.bidi`: left-to-right runs in right-to-left text;
* :mod:`~transflow.lang.localize`: numbers nobody translates, in the target locale's notation.
"""
