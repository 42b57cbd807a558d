"""Quality checks on translations.

Each check is a plain function registered with :func:`register_check` under a stable name,
a default severity and a one-line description; it gets one :class:`CheckItem` (a catalog
entry) and the :class:`CheckContext` (language pair, glossary) and yields one message per
finding. :func:`run_checks` runs them all (or some) and returns :class:`~transflow.core.records.Issue` s.
"""

from __future__ import annotations

# importing the modules registers their checks, in this order
from transflow.checks import markup, numbers, punctuation, terms, text  # noqa: F401
from transflow.checks.base import (
    CHECKS,
    CheckContext,
    CheckFn,
    CheckItem,
    CheckSpec,
    Finding,
    register_check,
    run_checks,
)

__all__ = [
    "CHECKS",
    "CheckContext",
    "CheckFn",
    "CheckItem",
    "CheckSpec",
    "Finding",
    "register_check",
    "run_checks",
]
