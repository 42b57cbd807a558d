"""The placeholders check: each placeholder of the source exactly once in the translation."""

from __future__ import annotations

import pytest

from transflow.checks import CheckContext, CheckItem, run_checks

CTX = CheckContext("en", "ru")


def findings(msgid: str, msgstr: str) -> list[tuple[str, str]]:
    issues = run_checks([CheckItem(msgid, msgstr)], CTX, only=["placeholders"])
    return [(str(i.severity), i.message) for i in issues]


def test_moved_placeholder_is_fine() -> None:
    assert findings("Look for the {picture1} logo.", "Ищите логотип {picture1}.") == []


@pytest.mark.parametrize(
    ("msgstr", "severity", "words"),
    [
        ("Страница из {NUMPAGES}", "error", "{PAGE} missing"),
        ("Страница {PAGE} {PAGE} из {NUMPAGES}", "error", "{PAGE} duplicated"),
        ("Страница {PAGE} из {NUMPAGES} {picture1}", "error", "{picture1} is not in the source"),
        ("{NUMPAGES} страниц, страница {PAGE}", "warning", "another order"),
    ],
)
def test_placeholder_findings(msgstr: str, severity: str, words: str) -> None:
    found = findings("Page {PAGE} of {NUMPAGES}", msgstr)
    assert len(found) == 1
    assert found[0][0] == severity and words in found[0][1]


def test_escaped_braces_are_text() -> None:
    assert findings("Use \\{name} here", "Используйте \\{name}") == []
