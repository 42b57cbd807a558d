"""Mutation test: correct translations give no finding at all; changing one number, URL,
e-mail, phone number or formatting marker at a time is caught by the right check."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

import pytest

from transflow.checks import CheckContext, CheckItem, run_checks
from transflow.checks.textutil import bare_urls, emails, phones
from transflow.core import inline

from .seed_fixtures import FIXTURES


def _issues(language: str, msgid: str, msgstr: str) -> list[tuple[str, str]]:
    ctx = CheckContext(source_language="en", language=language)
    item = CheckItem(msgid=msgid, msgstr=msgstr, location=f"locales/{language}/seed.po:1")
    return [(i.check, i.message) for i in run_checks([item], ctx)]


@pytest.mark.parametrize(
    ("language", "msgid", "msgstr"),
    [pytest.param(*f, id=f"{f[0]}-{i}") for i, f in enumerate(FIXTURES)],
)
def test_correct_translations_give_no_finding(language: str, msgid: str, msgstr: str) -> None:
    assert _issues(language, msgid, msgstr) == []


def _spans(text: str, needles: list[str]) -> list[tuple[int, int]]:
    spans = []
    for needle in needles:
        start = text.find(needle)
        while needle and start >= 0:
            spans.append((start, start + len(needle)))
            start = text.find(needle, start + 1)
    return spans


def _bump_digits(run: str, delta: int) -> str:
    """Add ``delta`` to the last digit, in the run's own script (٧ → ٨, 7 → 8)."""
    last = run[-1]
    value = unicodedata.decimal(last)
    zero = ord(last) - value
    return run[:-1] + chr(zero + (value + delta) % 10)


def _ascii(text: str) -> str:
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)


def mutations(msgid: str, msgstr: str) -> Iterator[tuple[str, str, str]]:
    """(description, mutated msgstr, the check that must catch it)."""
    link_targets = inline.urls(msgstr)
    url_spans = _spans(msgstr, link_targets + bare_urls(msgstr))
    email_spans = _spans(msgstr, emails(msgstr))
    phone_spans = _spans(msgstr, phones(msgstr))
    digit_runs = set(re.findall(r"\d+", _ascii(msgid + " " + msgstr)))
    for m in re.finditer(r"\d+", msgstr):

        def inside(spans: list[tuple[int, int]], m: re.Match[str] = m) -> bool:
            return any(a <= m.start() and m.end() <= b for a, b in spans)

        if inside(url_spans) or inside(email_spans):
            continue  # URLs and e-mails are mutated below
        check = "phones" if inside(phone_spans) else "numbers"
        for delta in range(1, 10):
            new = _bump_digits(m.group(), delta)
            if _ascii(new) not in digit_runs:
                break
        mutated = msgstr[: m.start()] + new + msgstr[m.end() :]
        yield f"number {m.group()}→{new}", mutated, check
    for url in dict.fromkeys(link_targets + bare_urls(msgstr)):
        host_dot = url.find(".")
        changed = url[:host_dot] + "x" + url[host_dot:]
        yield f"url {url}", msgstr.replace(url, changed), "urls"
    for email in dict.fromkeys(emails(msgstr)):
        yield f"email {email}", msgstr.replace(email, "x" + email), "emails"
    for marker in ("**", "*", "<u>", "</u>", "`"):
        pattern = re.escape(marker) if marker != "*" else r"(?<!\*)\*(?!\*)"
        for m in re.finditer(pattern, msgstr):
            broken = msgstr[: m.start()] + msgstr[m.end() :]
            yield f"marker {marker} removed at {m.start()}", broken, "formatting"
    for m in re.finditer(r"\[([^\]]*)\]\(([^)]*)\)", msgstr):
        unlinked = msgstr[: m.start()] + m.group(1) + msgstr[m.end() :]
        yield f"link {m.group(2)} dropped", unlinked, "formatting"
    for m in re.finditer(r"\*\*([^*]+)\*\*", msgstr):
        unbolded = msgstr[: m.start()] + m.group(1) + msgstr[m.end() :]
        yield "bold dropped", unbolded, "formatting"


MUTANTS = [
    pytest.param(language, msgid, mutated, check, id=f"{language}-{i}-{what}")
    for i, (language, msgid, msgstr) in enumerate(FIXTURES)
    for what, mutated, check in mutations(msgid, msgstr)
]


def test_there_are_many_mutants() -> None:
    checks = {p.values[3] for p in MUTANTS}
    assert checks == {"numbers", "phones", "urls", "emails", "formatting"}
    assert len(MUTANTS) > 150


@pytest.mark.parametrize(("language", "msgid", "mutated", "check"), MUTANTS)
def test_each_mutation_is_caught(language: str, msgid: str, mutated: str, check: str) -> None:
    found = _issues(language, msgid, mutated)
    assert check in {c for c, _ in found}, found
