"""The registry and the runner."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from transflow.checks import (
    CHECKS,
    CheckContext,
    CheckItem,
    Finding,
    register_check,
    run_checks,
)
from transflow.core.records import Issue, Severity

EXPECTED = {
    "numbers": Severity.ERROR,
    "urls": Severity.ERROR,
    "emails": Severity.ERROR,
    "phones": Severity.WARNING,
    "formatting": Severity.ERROR,
    "end-punctuation": Severity.WARNING,
    "brackets": Severity.WARNING,
    "quotes": Severity.WARNING,
    "untranslated": Severity.WARNING,
    "doubled-words": Severity.WARNING,
    "whitespace": Severity.WARNING,
    "length": Severity.WARNING,
    "glossary": Severity.WARNING,
    "placeholders": Severity.ERROR,
    "html": Severity.ERROR,
}


def test_registered_checks_have_name_severity_description() -> None:
    assert {name: spec.severity for name, spec in CHECKS.items()} == EXPECTED
    for name, spec in CHECKS.items():
        assert spec.name == name
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", name)
        assert isinstance(spec.severity, Severity)
        assert spec.description and "\n" not in spec.description
        assert len(spec.description) < 120
        assert callable(spec.fn)


CTX = CheckContext(source_language="en", language="ru")


def test_runner_builds_issues() -> None:
    item = CheckItem(
        msgid="More than 700,000 signatures.",
        msgstr="Более 70 000 подписей",
        fuzzy=True,
        location="locales/ru/a.po:42",
        article="a",
        comments=("body",),
    )
    issues = run_checks([item], CTX)
    assert {i.check for i in issues} == {"numbers", "end-punctuation"}
    numbers = next(i for i in issues if i.check == "numbers")
    assert numbers == Issue(
        article="a",
        language="ru",
        check="numbers",
        severity=Severity.ERROR,
        msgid=item.msgid,
        msgstr=item.msgstr,
        message="number 700,000 changed to 70 000",
        location="locales/ru/a.po:42",
        fuzzy=True,
    )


def test_empty_msgstr_is_skipped() -> None:
    assert run_checks([CheckItem("Twenty", "")], CTX) == []


def test_only_and_unknown() -> None:
    item = CheckItem("More than 700,000 signatures.", "Более 70 000 подписей")
    assert {i.check for i in run_checks([item], CTX, only=["numbers"])} == {"numbers"}
    assert run_checks([item], CTX, only=[]) == []
    with pytest.raises(ValueError, match="unknown check"):
        run_checks([item], CTX, only=["nombers"])


def test_findings_never_stop_at_the_first() -> None:
    item = CheckItem("1, 2 and www.a.org, b@c.org", "3, 4 и www.b.org, c@c.org")
    issues = run_checks([item], CTX)
    assert [i.check for i in issues].count("numbers") == 2
    assert [i.check for i in issues].count("urls") == 2
    assert [i.check for i in issues].count("emails") == 2


def test_finding_overrides_severity() -> None:
    name = "test-finding-severity"

    @register_check(name, Severity.WARNING, "test only")
    def fn(item: CheckItem, ctx: CheckContext) -> Iterator[str]:
        yield "plain"
        yield Finding("severe", Severity.ERROR)

    try:
        issues = run_checks([CheckItem("a", "b")], CTX, only=[name])
        assert [(i.message, i.severity) for i in issues] == [
            ("plain", Severity.WARNING),
            ("severe", Severity.ERROR),
        ]
        with pytest.raises(ValueError, match="already registered"):
            register_check(name, Severity.ERROR, "again")(lambda item, ctx: iter(()))
    finally:
        del CHECKS[name]
