"""The ``glossary`` check: required terms, do-not-translate terms, forbidden terms."""

from __future__ import annotations

from collections.abc import Iterator

from transflow.checks.base import CheckContext, CheckItem, Finding, register_check
from transflow.checks.textutil import plain
from transflow.core.records import Severity


def _note(note: str) -> str:
    return f" ({note})" if note else ""


@register_check(
    "glossary",
    Severity.WARNING,
    "glossary terms: required translation missing (warning), do-not-translate term changed "
    "or forbidden term used (error)",
)
def check_glossary(item: CheckItem, ctx: CheckContext) -> Iterator[str]:
    glossary = ctx.glossary
    if glossary is None:
        return
    source, target = plain(item.msgid), plain(item.msgstr)
    for term in glossary.terms:
        in_source = term.source_re is None or bool(term.source_re.search(source))
        if not in_source:
            continue
        if term.type == "term":
            assert term.target_re is not None
            if not term.target_re.search(target):
                yield Finding(
                    f"glossary: '{term.source}' should be translated as "
                    f"'{term.target}'{_note(term.note)}",
                    term.severity,
                )
        elif term.type == "dnt":
            assert term.source_re is not None
            found = len(term.source_re.findall(target))
            if found == 0:
                yield Finding(
                    f"glossary: '{term.source}' must stay untranslated{_note(term.note)}",
                    term.severity,
                )
        else:
            assert term.target_re is not None
            m = term.target_re.search(target)
            if m:
                hint = f" for '{term.source}'" if term.source else ""
                yield Finding(
                    f"glossary: forbidden term '{m.group()}'{hint}{_note(term.note)}",
                    term.severity,
                )
