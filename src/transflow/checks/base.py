"""The check registry and runner (re-exported by :mod:`transflow.checks`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from transflow.checks.textutil import BIDI_CONTROLS, strip_bidi
from transflow.core.records import Issue, Severity

if TYPE_CHECKING:
    from transflow.checks.glossary import Glossary


_BIDI = re.compile("[" + re.escape(BIDI_CONTROLS) + "]")


@dataclass(frozen=True, slots=True)
class CheckItem:
    """One catalog entry to check.

    ``location`` is ``path:line`` of the entry (``locales/ru/a.po:42``); ``comments`` are the
    entry's extracted comments (the unit's role: ``headline``, ``quote``, ``contact``…).
    """

    msgid: str
    msgstr: str
    fuzzy: bool = False
    location: str = ""
    article: str = ""
    comments: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CheckContext:
    """What every check may know: the language pair (gettext form) and the glossary."""

    source_language: str
    language: str
    glossary: Glossary | None = None


class Finding(str):
    """What a check function yields when it overrides its registered severity: a message.

    The seam: check functions yield *messages* (plain ``str``, or ``Finding`` when their
    findings differ in severity, like the glossary: forbidden terms are errors, preferred
    terms warnings); :func:`run_checks` turns every message into the one result type,
    :class:`transflow.core.records.Issue`, which is what every caller, report and JSON
    output sees. A ``Finding`` never leaves this package.
    """

    severity: Severity

    def __new__(cls, message: str, severity: Severity) -> Finding:
        obj = super().__new__(cls, message)
        obj.severity = severity
        return obj


CheckFn = Callable[[CheckItem, CheckContext], Iterator[str]]


@dataclass(frozen=True, slots=True)
class CheckSpec:
    """A registered check: stable ``name``, default ``severity``, one-line ``description``."""

    name: str
    severity: Severity
    description: str
    fn: CheckFn


CHECKS: dict[str, CheckSpec] = {}


def register_check(name: str, severity: Severity, description: str) -> Callable[[CheckFn], CheckFn]:
    """Register ``fn(item, ctx) -> Iterator[str]`` under a stable name (decorator)."""

    def deco(fn: CheckFn) -> CheckFn:
        if name in CHECKS and CHECKS[name].fn is not fn:
            raise ValueError(f"check {name!r} is already registered")
        CHECKS[name] = CheckSpec(name, Severity(severity), description, fn)
        return fn

    return deco


def run_checks(
    items: Iterable[CheckItem],
    ctx: CheckContext,
    only: Collection[str] | None = None,
) -> list[Issue]:
    """Run the registered checks (or ``only`` those named) on every translated item.

    Items with an empty ``msgstr`` are skipped; fuzzy items are checked and their issues
    marked ``fuzzy``. Checks see the texts without bidi controls (LRI…PDI, LRM, RLM, ALM:
    what a translator or CAT tool adds so that a phone number reads right in Arabic);
    issues quote the entry as written. Issues come in item order, then in check registration order.
    Raises ``ValueError`` for an unknown check name in ``only``.
    """
    if only is not None:
        unknown = sorted(set(only) - set(CHECKS))
        if unknown:
            raise ValueError(f"unknown check(s): {', '.join(unknown)} (known: {', '.join(CHECKS)})")
        specs = [spec for name, spec in CHECKS.items() if name in set(only)]
    else:
        specs = list(CHECKS.values())
    issues: list[Issue] = []
    for item in items:
        if not item.msgstr:
            continue
        if _BIDI.search(item.msgid) is None and _BIDI.search(item.msgstr) is None:
            seen = item  # what strip_bidi would give back unchanged: the common case
        else:
            msgid, msgstr = strip_bidi(item.msgid), strip_bidi(item.msgstr)
            seen = (
                item
                if msgid is item.msgid and msgstr is item.msgstr
                else replace(item, msgid=msgid, msgstr=msgstr)
            )
        for spec in specs:
            for message in spec.fn(seen, ctx):
                severity = message.severity if isinstance(message, Finding) else spec.severity
                issues.append(
                    Issue(
                        article=item.article,
                        language=ctx.language,
                        check=spec.name,
                        severity=severity,
                        msgid=item.msgid,
                        msgstr=item.msgstr,
                        message=str(message),
                        location=item.location,
                        fuzzy=item.fuzzy,
                    )
                )
    return issues
