"""``check``: run the registered quality checks over a workspace's catalogs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from json.encoder import encode_basestring
from pathlib import Path
from typing import IO, TYPE_CHECKING

from transflow.catalog.entries import Catalog
from transflow.core.records import Issue, Severity
from transflow.lang import codes as langs
from transflow.ops import parallel
from transflow.workspace import store
from transflow.workspace.config import Config
from transflow.workspace.paths import Workspace

if TYPE_CHECKING:
    from transflow.checks import CheckContext


def _items(catalog: Catalog, rel: str, article: str) -> list:
    from transflow.checks import CheckItem

    return [
        CheckItem(
            msgid=e.msgid,
            msgstr=e.msgstr,
            fuzzy=e.fuzzy,
            location=f"{rel}:{e.lineno}",
            article=article,
            comments=e.extracted_comments,
        )
        for e in catalog.live
        if e.msgstr and e.msgid_plural is None
    ]


def check_catalog(
    catalog: Catalog, rel: str, article: str, ctx: CheckContext, only: list[str] | None = None
) -> list[Issue]:
    from transflow.checks import run_checks

    return run_checks(_items(catalog, rel, article), ctx, only)


class _Contexts(dict):
    """Check contexts by language for one run: each glossary is read once."""

    def __init__(self, config: Config) -> None:
        super().__init__()
        self.config = config

    def __missing__(self, language: str) -> CheckContext:
        from transflow.checks import CheckContext
        from transflow.checks.glossary import load_glossary

        c = self.config
        ctx = CheckContext(
            c.source_language, language, load_glossary(c.root, c.source_language, language)
        )
        self[language] = ctx
        return ctx


def run(
    config: Config,
    languages: list[str] | None = None,
    only: list[str] | None = None,
    articles: list[str] | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> list[Issue]:
    """Every finding for every article × language catalog that exists, then for the
    letterhead catalogs (article ``_template``, unless ``articles`` names others only)."""
    return [i for found in findings(config, languages, only, articles, progress) for i in found]


def findings(
    config: Config,
    languages: list[str] | None = None,
    only: list[str] | None = None,
    articles: list[str] | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> Iterator[list[Issue]]:
    """:func:`run`'s findings catalog by catalog, as they come (a big workspace's findings
    need not be held at once). Bad arguments are refused here, before any catalog is read."""
    if only:
        from transflow.checks import CHECKS
        from transflow.core.errors import ConfigError

        unknown = sorted(set(only) - set(CHECKS))
        if unknown:
            raise ConfigError(
                None, f"unknown check(s): {', '.join(unknown)} (known: {', '.join(sorted(CHECKS))})"
            )
    ws = Workspace(config)
    targets = langs.select(config.languages, languages)
    contexts = _Contexts(config)
    for language in targets:
        contexts[language]
    jobs = [
        (str(path), rel, source.slug, language)
        for source, language, path, rel in ws.existing_catalogs(targets, articles)
    ]
    from transflow.workspace.letterhead import (
        TEMPLATE_SLUG,  # the letterhead's words: checked like an article
    )

    if not articles or TEMPLATE_SLUG in articles:
        jobs += [
            (str(path), rel, TEMPLATE_SLUG, language)
            for language, path, rel in ws.template_catalogs(targets)
        ]
    if parallel.forks(len(jobs)):
        _warm(config.source_language, targets, only)
    return _each(parallel.map_with(_check_job, (contexts, only), jobs), jobs, progress)


def _warm(source_language: str, targets: tuple[str, ...], only: list[str] | None) -> None:
    """What every forked worker would otherwise import and read for itself, once, before
    they fork (they inherit it): the catalog readers, and the Babel data the numbers
    check reads for each language (80 ms for ten languages and the source's, which each
    worker used to spend)."""
    from transflow.catalog import poparse, scan  # noqa: F401

    if only is None or "numbers" in only:
        from transflow.checks import numbers

        for language in (source_language, *targets):
            numbers.prepare(language)


def _each(
    results: Iterator[list[tuple]],
    jobs: list[tuple[str, str, str, str]],
    progress: Callable[[int, int, str], None] | None,
) -> Iterator[list[Issue]]:
    for n, found in enumerate(results, 1):
        yield [_issue(*row) for row in found]
        if progress:
            progress(n, len(jobs), jobs[n - 1][1])


def _issue(
    article: str,
    language: str,
    check: str,
    severity: str,
    msgid: str,
    msgstr: str,
    message: str,
    location: str,
    fuzzy: bool,
) -> Issue:
    return Issue(
        article, language, check, _SEVERITIES[severity], msgid, msgstr, message, location, fuzzy
    )


_SEVERITIES = {s.value: s for s in Severity}


def _check_job(
    shared: tuple[_Contexts, list[str] | None], job: tuple[str, str, str, str]
) -> list[tuple]:
    """Check one catalog (in a worker process on big workspaces): its findings as tuples
    (they cross a pipe: a tuple of strings pickles 10x faster than a dataclass)."""
    return [
        (
            i.article,
            i.language,
            i.check,
            i.severity.value,
            i.msgid,
            i.msgstr,
            i.message,
            i.location,
            i.fuzzy,
        )
        for i in _check_catalog_at(shared, job)
    ]


def _check_catalog_at(
    shared: tuple[_Contexts, list[str] | None], job: tuple[str, str, str, str]
) -> list[Issue]:
    from transflow.catalog.poparse import parse_po
    from transflow.catalog.scan import translated_po
    from transflow.checks import CheckItem, run_checks

    contexts, only = shared
    path, rel, article, language = job
    data = store.read_bytes(Path(path), rel, store.MAX_CATALOG_BYTES)
    translated = translated_po(data, rel)  # the lean reader; None: the strict reader decides
    if translated is None:
        return check_catalog(parse_po(data, rel), rel, article, contexts[language], only)
    items = [
        CheckItem(
            msgid=t.msgid,
            msgstr=t.msgstr,
            fuzzy=t.fuzzy,
            location=f"{rel}:{t.lineno}",
            article=article,
            comments=t.comments,
        )
        for t in translated
    ]
    return run_checks(items, contexts[language], only)


def counter(config: Config) -> Callable[[str, str, Catalog], tuple[int, int]]:
    """For ``status --checks``: (errors, warnings) of one catalog."""
    ws = Workspace(config)
    contexts = _Contexts(config)

    def count(article: str, language: str, catalog: Catalog) -> tuple[int, int]:
        rel = ws.rel(ws.catalog_path(language, article))
        found = check_catalog(catalog, rel, article, contexts[language])
        errors = sum(1 for i in found if i.severity == Severity.ERROR)
        return errors, len(found) - errors

    return count


def as_json(issues: list[Issue]) -> dict:
    return {
        "issues": [
            {
                "article": i.article,
                "language": i.language,
                "check": i.check,
                "severity": i.severity.value,
                "msgid": i.msgid,
                "msgstr": i.msgstr,
                "message": i.message,
                "location": i.location,
                "fuzzy": i.fuzzy,
            }
            for i in issues
        ],
        "errors": sum(1 for i in issues if i.severity == Severity.ERROR),
        "warnings": sum(1 for i in issues if i.severity != Severity.ERROR),
    }


class JsonWriter:
    """The JSON document of :func:`as_json`, byte for byte as ``json.dumps(as_json(issues),
    ensure_ascii=False, indent=2)`` writes it, written to ``out`` finding by finding (the
    findings of a big workspace are never all held, nor their dicts, nor the document).
    ``errors`` and ``warnings``: the counts so far."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.errors = self.warnings = 0
        out.write('{\n  "issues": [')

    def add(self, found: list[Issue]) -> None:
        write = self.out.write
        for i in found:
            if i.severity == Severity.ERROR:
                self.errors += 1
            else:
                self.warnings += 1
            write(",\n    {\n" if self.errors + self.warnings > 1 else "\n    {\n")
            write(
                _RECORD
                % (
                    _value(i.article),
                    _value(i.language),
                    _value(i.check),
                    _value(i.severity.value),
                    _value(i.msgid),
                    _value(i.msgstr),
                    _value(i.message),
                    _value(i.location),
                    _value(i.fuzzy),
                )
            )

    def close(self) -> None:
        """The end of the document (without the final line feed, as ``json.dumps``)."""
        end = "\n  ]" if self.errors + self.warnings else "]"
        self.out.write(f'{end},\n  "errors": {self.errors},\n  "warnings": {self.warnings}\n}}')


_RECORD = (
    '      "article": %s,\n'
    '      "language": %s,\n'
    '      "check": %s,\n'
    '      "severity": %s,\n'
    '      "msgid": %s,\n'
    '      "msgstr": %s,\n'
    '      "message": %s,\n'
    '      "location": %s,\n'
    '      "fuzzy": %s\n'
    "    }"
)


def _value(value: object) -> str:
    """A JSON value as ``json.dumps(..., ensure_ascii=False)`` writes it (the same
    function for strings)."""
    if type(value) is str:
        return encode_basestring(value)
    if value is True:
        return "true"
    if value is False:
        return "false"
    import json

    return json.dumps(value, ensure_ascii=False)
