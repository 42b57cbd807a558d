"""Helpers for the check tests."""

from __future__ import annotations

from transflow.checks import CheckContext, CheckItem, run_checks
from transflow.checks.glossary import Glossary


def findings(
    check: str,
    msgid: str,
    msgstr: str,
    language: str,
    source_language: str = "en",
    glossary: Glossary | None = None,
) -> list[str]:
    """Messages of one check on one unit."""
    ctx = CheckContext(source_language=source_language, language=language, glossary=glossary)
    item = CheckItem(msgid=msgid, msgstr=msgstr, location=f"locales/{language}/a.po:1")
    return [issue.message for issue in run_checks([item], ctx, only=[check])]
