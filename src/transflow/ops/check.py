"""``check``: run the registered quality checks over a workspace's catalogs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from transflow.catalog.entries import Catalog
from transflow.core.model import Issue, Severity
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
    issues: list[Issue] = []
    for n, found in enumerate(parallel.map_with(_check_job, (contexts, only), jobs), 1):
        issues.extend(found)
        if progress:
            progress(n, len(jobs), jobs[n - 1][1])
    return issues


def _check_job(
    shared: tuple[_Contexts, list[str] | None], job: tuple[str, str, str, str]
) -> list[Issue]:
    """Check one catalog (in a worker process on big workspaces)."""
    contexts, only = shared
    path, rel, article, language = job
    catalog, _ = store.load(Path(path), rel)
    return check_catalog(catalog, rel, article, contexts[language], only)


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
