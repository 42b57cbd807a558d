"""``status``: per article and language, how far translation has come."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from operator import add, attrgetter
from pathlib import Path
from typing import IO, TYPE_CHECKING

from transflow.core.digest import source_digest
from transflow.core.records import SourceFile, State, Stats
from transflow.lang import codes as langs
from transflow.workspace import letterhead
from transflow.workspace.config import Config
from transflow.workspace.paths import Workspace
from transflow.workspace.statcache import FileCache, key_of, stat_key

if TYPE_CHECKING:
    from transflow.catalog.entries import Catalog


@dataclass(frozen=True, slots=True)
class StatusReport:
    catalogs: tuple[Stats, ...]
    totals: tuple[Stats, ...]  # one per language, article "*"

    def below(self, percent: float) -> list[Stats]:
        return [s for s in self.totals if s.percent < percent or (percent >= 100 and s.unextracted)]


_FIELDS = tuple(f.name for f in fields(Stats))


def as_fields(stats: Stats) -> list:
    """Stats as a flat list (``dataclasses.astuple`` deep-copies: 10x slower)."""
    return [getattr(stats, name) for name in _FIELDS]


def state_of(total: int, translated: int, unextracted: int = 0) -> State:
    if total and translated == 0:
        return State.UNTRANSLATED
    if translated < total or unextracted:
        return State.IN_PROGRESS
    return State.COMPLETE


@dataclass(frozen=True, slots=True)
class ReadJob:
    """A catalog whose stats are not in the cache: read it (:mod:`.statusread`)."""

    path: str
    rel: str
    article: str
    language: str
    key: list
    wanted: str | None  # the X-Transflow-Source it should have (None: any)


def run(
    config: Config,
    languages: list[str] | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    issue_counts: Callable[[str, str, Catalog], tuple[int, int]] | None = None,
    articles: list[str] | None = None,
    each: Callable[[Stats], None] | None = None,
) -> StatusReport:
    """Stats for every article × language, then for the letterhead catalog (article
    ``_template``, see :mod:`.letterhead`). ``issue_counts`` (optional) adds check results;
    ``articles`` (slugs) limits the report, and its totals, to those articles (and to the
    letterhead catalog only when it names ``_template``). ``each`` (optional) is given
    each catalog's stats as they are made, in the report's order, and the report keeps
    none (its ``catalogs`` are empty): the memory held stays flat, whatever the number
    of catalogs (issue 15).

    Unchanged catalogs come from the stat cache; the others are read."""
    if issue_counts is not None or not gc.isenabled():
        return _run(config, languages, progress, issue_counts, articles, each)
    # counting makes no garbage the cycle collector would find: everything it makes is
    # freed as it goes or kept to the end (the records, the cache), and a collection
    # every few hundred of them would walk all that is kept (5 % of a cold run's CPU)
    gc.disable()
    try:
        return _run(config, languages, progress, issue_counts, articles, each)
    finally:
        gc.enable()


def _run(
    config: Config,
    languages: list[str] | None,
    progress: Callable[[int, int, str], None] | None,
    issue_counts: Callable[[str, str, Catalog], tuple[int, int]] | None,
    articles: list[str] | None,
    each: Callable[[Stats], None] | None,
) -> StatusReport:
    ws = Workspace(config)
    targets = langs.select(config.languages, languages)
    every = ws.sources()
    sources = [s for s in every if s.slug in set(articles)] if articles else every
    plan = _Plan(ws, FileCache(config.state_dir / "cache", "status"), issue_counts, each)
    for start in range(0, len(sources), _GROUP):
        group = sources[start : start + _GROUP]
        found = [[plan.ws.catalog_stat(language, s.slug) for language in targets] for s in group]
        # the cache's entries of a few articles in one query: their sources' and catalogs'
        names = [
            (s.rel, *(plan.rel(path) for path, _ in f)) for s, f in zip(group, found, strict=True)
        ]
        plan.cache.prefetch(name for article in names for name in article)
        for n, (source, catalogs) in enumerate(zip(group, found, strict=True), start + 1):
            if progress:
                progress(n, len(sources), source.rel)
            digest = plan.digest_of(source.path, source.rel)
            wanted = f"{source.rel} {digest}"
            for language, (path, st) in zip(targets, catalogs, strict=True):
                plan.add_found(source.slug, language, wanted, path, st)
    if not articles or letterhead.TEMPLATE_SLUG in articles:
        _add_letterhead(plan, every, targets)
    plan.cache.save()
    return StatusReport(tuple(plan.records), tuple(plan.totals(targets)))


# the articles whose cache entries are read in one query (10 languages: 176 entries; a
# query an article cost 60 % more time in SQLite at 3,000 articles)
_GROUP = 16


def _add_letterhead(plan: _Plan, sources: list[SourceFile], targets: tuple[str, ...]) -> None:
    """The letterhead's catalog (issue 12): listed after the articles as ``_template``,
    stale when the template's words or the reference document changed since extract."""
    ws, config = plan.ws, plan.ws.config
    uses_letterhead = letterhead.wanted(config, (s.path for s in sources))
    if uses_letterhead and ws.template_path(letterhead.TEMPLATE_SLUG).exists():
        letterhead_origin = letterhead.origin(config, plan.digest_of)
        for language in targets:
            plan.add(letterhead.TEMPLATE_SLUG, language, letterhead_origin)
    elif not uses_letterhead:  # no longer used (md only, no text source): listed while it is there
        for language in targets:
            plan.add(letterhead.TEMPLATE_SLUG, language, None, required=False)


class _Plan:
    """One status run: the stats of each catalog as it is added, from the cache or read
    there and then, given to ``each`` (or kept, without it) and added to its language's
    totals. Nothing else is kept of a catalog: no list of work to do, and the cache is
    read a few articles at a time."""

    def __init__(
        self,
        ws: Workspace,
        cache: FileCache,
        issue_counts: Callable[[str, str, Catalog], tuple[int, int]] | None,
        each: Callable[[Stats], None] | None = None,
    ) -> None:
        self.ws, self.cache, self.issue_counts = ws, cache, issue_counts
        self.root = f"{ws.root}/"  # a path below it, relative (Workspace.rel)
        self.records: list[Stats] = []
        self.each = self.records.append if each is None else each
        # per language: the sums of _SUMMED, and the states seen
        self.sums: dict[str, tuple[list[int], set[State]]] = {}

    def emit(self, stats: Stats) -> None:
        """A catalog's stats, made: to ``each``, and into its language's totals."""
        self.each(stats)
        sums = self.sums.get(stats.language)
        if sums is None:
            sums = self.sums[stats.language] = ([0] * len(_SUMMED), set())
        sums[0][:] = map(add, sums[0], _COUNTS(stats))  # (each step in C)
        sums[1].add(stats.state)

    def totals(self, targets: tuple[str, ...]) -> list[Stats]:
        """A row per language (article ``*``): the sums of its catalogs; its state the
        worst of theirs (missing, then stale), else the one the sums give."""
        out = []
        for language in targets:
            counts, states = self.sums.get(language, ([0] * len(_SUMMED), set()))
            total = dict(zip(_SUMMED, counts, strict=True))
            state = state_of(total["total"], total["translated"], total["unextracted"])
            for worst in (State.MISSING, State.STALE):
                if worst in states:
                    state = worst
                    break
            out.append(Stats(article="*", language=language, state=state, **total))
        return out

    def digest_of(self, path: Path, rel: str) -> str:
        key = stat_key(path)
        digest = self.cache.get(rel, key)
        if not isinstance(digest, str):
            from transflow.workspace import store

            digest = source_digest(store.read_bytes(path, rel))
            self.cache.put(rel, key, digest)
        return digest

    def add(self, article: str, language: str, wanted: str | None, required: bool = True) -> None:
        """The stats of ``article`` in ``language``, stale unless the catalog's
        ``X-Transflow-Source`` is ``wanted`` (None: any); a missing catalog is listed
        as such when it is ``required``."""
        path, st = self.ws.catalog_stat(language, article)
        self.add_found(article, language, wanted, path, st, required)

    def rel(self, path: str) -> str:
        """A path below the workspace, relative to it (as :meth:`.Workspace.rel`)."""
        return path[len(self.root) :] if path.startswith(self.root) else path

    def add_found(
        self,
        article: str,
        language: str,
        wanted: str | None,
        path: str,
        st: os.stat_result | None,
        required: bool = True,
    ) -> None:
        """:meth:`add`, the catalog's path and stat found (:meth:`.Workspace.catalog_stat`)."""
        if st is None:
            if required:
                self.emit(Stats(article=article, language=language, state=State.MISSING))
            return
        key = key_of(st)
        rel = self.rel(path)
        cached = None
        if self.issue_counts is None:
            cached = _cached_stats(self.cache.get(rel, key), article, language, wanted)
        if cached is None:
            cached = self._read(ReadJob(path, rel, article, language, key, wanted))
        self.emit(cached)

    def _read(self, job: ReadJob) -> Stats:
        """The stats of a catalog the cache does not hold (or, with checks, any): read
        here; what was computed goes into the cache."""
        # in this process, the catalogs one after the other (a catalog's counts cost less
        # than sending them back from a forked worker, whose start, copied pages and pipe
        # cost more CPU than the work it takes over: 1000 articles x 10 languages, 1.7 s
        # CPU with two workers, 1.35 s with none); checks need the catalog itself: read
        # it once for both
        import transflow.ops.statusread as statusread  # (imported at the first catalog read)

        issues = None
        if self.issue_counts is None:
            fields_, origin = statusread.counts_job(job)
        else:
            fields_, origin, *issues = statusread.catalog_job(job, self.issue_counts)
        self.cache.put(job.rel, job.key, [*fields_, origin])  # no check results cached
        if issues is not None:
            fields_[_ERRORS_AT], fields_[_WARNINGS_AT] = issues
        if job.wanted is not None and origin != job.wanted:
            fields_[_STATE_AT] = State.STALE
        return Stats(*fields_)


def _cached_stats(value: object, article: str, language: str, wanted: str | None) -> Stats | None:
    """A cache record as the stats of ``article`` in ``language`` (stale unless its origin
    is ``wanted``), or None when it is not one: a damaged or foreign cache is a miss, never
    a crash. The stats hold the caller's strings, not the record's copies of them."""
    if not isinstance(value, list) or len(value) != len(_FIELDS) + 1:
        return None
    origin = value.pop()
    if not isinstance(origin, str) or [type(v) for v in value] != _KINDS:
        return None
    if value[_ARTICLE_AT] != article or value[_LANGUAGE_AT] != language:
        return None
    state = _STATES.get(value[_STATE_AT])
    if state is None:
        return None
    value[_ARTICLE_AT], value[_LANGUAGE_AT] = article, language
    value[_STATE_AT] = state if wanted is None or origin == wanted else State.STALE
    return Stats(*value)


_STATES = {s.value: s for s in State}
_ARTICLE_AT, _LANGUAGE_AT, _STATE_AT, _ERRORS_AT, _WARNINGS_AT = (
    _FIELDS.index(n) for n in ("article", "language", "state", "errors", "warnings")
)
# the type of each field in a cache record (the state as its value)
_KINDS = [str if k is State else k for k in map(type, as_fields(Stats("", "")))]


_SUMMED = (
    "total",
    "translated",
    "fuzzy",
    "untranslated",
    "obsolete",
    "words",
    "translated_words",
    "changed",
    "errors",
    "warnings",
    "unextracted",
)
_COUNTS = attrgetter(*_SUMMED)


def to_json(report: StatusReport) -> str:
    """The JSON document, one record per line (compact records: the C encoder is fast)."""
    import io

    text = io.StringIO()
    writer = JsonWriter(text)
    for row in report.catalogs:
        writer.row(row)
    writer.end(report.totals)
    return text.getvalue()


class JsonWriter:
    """:func:`to_json`'s document written to ``out`` a catalog at a time, as :func:`run`
    gives them to ``each`` (30,000 catalogs are never one string, nor 30,000
    dictionaries), then the totals."""

    def __init__(self, out: IO[str]) -> None:
        import json

        self.out = out
        self.encode = json.JSONEncoder(ensure_ascii=False).encode
        self.rows = 0
        out.write('{"catalogs": [')

    def row(self, stats: Stats) -> None:
        self.out.write(("\n" if self.rows == 0 else ",\n") + self.encode(_record(stats)))
        self.rows += 1

    def end(self, totals: Sequence[Stats]) -> None:
        self.out.write("\n]" if self.rows else "\n\n]")  # (none: an empty line, as join gave)
        self.out.write(',\n"totals": [\n')
        self.out.write(",\n".join(self.encode(_record(s)) for s in totals))
        self.out.write("\n]}\n")


def as_json(report: StatusReport) -> dict:
    return {
        "catalogs": [_record(s) for s in report.catalogs],
        "totals": [_record(s) for s in report.totals],
    }


def _record(s: Stats) -> dict:
    """A catalog's (or a total's) JSON record."""
    return {
        "article": s.article,
        "language": s.language,
        "total": s.total,
        "translated": s.translated,
        "fuzzy": s.fuzzy,
        "untranslated": s.untranslated,
        "obsolete": s.obsolete,
        "changed": s.changed,
        "words": s.words,
        "translated_words": s.translated_words,
        "percent": s.percent,
        "state": s.state.value,
        "errors": s.errors,
        "warnings": s.warnings,
        "unextracted": s.unextracted,
    }


__all__ = ["JsonWriter", "StatusReport", "as_json", "run", "to_json"]


def __getattr__(name: str) -> object:
    """:func:`.statusread.catalog_stats`, still found here (it moved with the readers)."""
    if name == "catalog_stats":
        from transflow.ops import statusread

        return statusread.catalog_stats
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
