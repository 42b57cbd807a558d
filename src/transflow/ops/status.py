"""``status``: per article and language, how far translation has come."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from operator import add, attrgetter
from pathlib import Path
from typing import IO

from transflow.catalog.entries import Catalog, parse_header
from transflow.catalog.scan import Summary, Tally, summary_of, tally_of, tally_po
from transflow.catalog.template import SOURCE_FIELD, UNEXTRACTED_FIELD, header_value
from transflow.core.digest import source_digest
from transflow.core.model import SourceFile, State, Stats
from transflow.lang import codes as langs
from transflow.segment.words import count_words
from transflow.workspace import letterhead, store
from transflow.workspace.config import Config
from transflow.workspace.paths import Workspace
from transflow.workspace.statcache import FileCache, key_of, stat_key


@dataclass(frozen=True, slots=True)
class StatusReport:
    catalogs: tuple[Stats, ...]
    totals: tuple[Stats, ...]  # one per language, article "*"

    def below(self, percent: float) -> list[Stats]:
        return [s for s in self.totals if s.percent < percent or (percent >= 100 and s.unextracted)]


def catalog_stats(catalog: Catalog, article: str, language: str) -> Stats:
    return summary_stats(summary_of(catalog), article, language)


def summary_stats(
    summary: Summary, article: str, language: str, header: dict[str, str] | None = None
) -> Stats:
    """Stats of a catalog from its summary (:mod:`.catalog.scan`: the lean reader);
    ``header``: its header fields, when the caller has them already."""
    return tally_stats(tally_of(summary, count_words), article, language, header)


def tally_stats(
    tally: Tally, article: str, language: str, header: dict[str, str] | None = None
) -> Stats:
    """Stats of a catalog from its counts (:func:`.catalog.scan.tally_po`); ``header``:
    its header fields, when the caller has them already."""
    if header is None:
        header = _header_fields(tally.header)
    unextracted = _unextracted(header.get(UNEXTRACTED_FIELD, ""))
    total, translated, fuzzy = tally.total, tally.translated, tally.fuzzy
    return Stats(
        article=article,
        language=language,
        total=total,
        translated=translated,
        fuzzy=fuzzy,
        untranslated=total - translated - fuzzy,
        obsolete=tally.obsolete,
        words=tally.words,
        translated_words=tally.translated_words,
        changed=tally.changed,
        state=_state(total, translated, unextracted),
        unextracted=unextracted,
    )


def _header_fields(msgstr: str) -> dict[str, str]:
    """Header fields by name; the first of a repeated name wins, as in :func:`header_value`."""
    fields: dict[str, str] = {}
    for name, value in parse_header(msgstr):
        fields.setdefault(name, value)
    return fields


def _unextracted(value: str) -> int:
    """As :func:`.template.unextracted_count`, from the header field's value."""
    head = value.split(";", 1)[0].strip()
    return int(head) if head.isdigit() else 0


_FIELDS = tuple(f.name for f in fields(Stats))


def _fields(stats: Stats) -> list:
    """Stats as a flat list (``dataclasses.astuple`` deep-copies: 10x slower)."""
    return [getattr(stats, name) for name in _FIELDS]


def _state(total: int, translated: int, unextracted: int = 0) -> State:
    if total and translated == 0:
        return State.UNTRANSLATED
    if translated < total or unextracted:
        return State.IN_PROGRESS
    return State.COMPLETE


@dataclass(frozen=True, slots=True)
class _Job:
    """A catalog whose stats are not in the cache: read it."""

    path: str
    rel: str
    article: str
    language: str
    key: list
    wanted: str | None  # the X-Transflow-Source it should have (None: any)


def _catalog_job(
    job: _Job, issue_counts: Callable[[str, str, Catalog], tuple[int, int]]
) -> tuple[list, str, int, int]:
    """(the catalog's stats as a flat list, without check results; its
    ``X-Transflow-Source``; check errors; check warnings)."""
    catalog, _ = store.load(Path(job.path), job.rel)
    stats = catalog_stats(catalog, job.article, job.language)
    errors, warnings = issue_counts(job.article, job.language, catalog)
    return _fields(stats), header_value(catalog, SOURCE_FIELD), errors, warnings


def _counts_job(job: _Job) -> tuple[list, str]:
    """(the catalog's stats as a flat list; its ``X-Transflow-Source``) from the lean
    reader (it refuses what load refuses)."""
    data = store.read_optional(job.path, job.rel, store.MAX_CATALOG_BYTES)
    if data is None:  # gone since it was listed: read_bytes says so, as it did
        data = store.read_bytes(Path(job.path), job.rel, store.MAX_CATALOG_BYTES)
    tally = tally_po(data, job.rel, count_words)
    origin, unextracted = _marks(tally.header)
    return _tally_fields(tally, job.article, job.language, unextracted), origin


def _marks(header: str) -> tuple[str, int]:
    """(``X-Transflow-Source``, the count ``X-Transflow-Unextracted`` gives) of a header's
    msgstr, as :func:`_header_fields` finds them (the first of a repeated name wins), with
    a look only at the lines that can hold them."""
    origin = unextracted = None
    at = header.find("X-Transflow-")
    while at >= 0:  # each line that holds the prefix, once, in order
        start = header.rfind("\n", 0, at) + 1
        end = header.find("\n", at)
        if end < 0:
            end = len(header)
        line = header[start:end]
        at = header.find("X-Transflow-", end)
        name, sep, value = line.partition(":")
        name = name.strip()
        if not sep:
            continue
        if name == SOURCE_FIELD and origin is None:
            origin = value.strip()
        elif name == UNEXTRACTED_FIELD and unextracted is None:
            unextracted = value.strip()
    return origin or "", _unextracted(unextracted or "")


def _tally_fields(tally: Tally, article: str, language: str, unextracted: int) -> list:
    """``_fields(tally_stats(...))`` without building the Stats."""
    total, translated, fuzzy = tally.total, tally.translated, tally.fuzzy
    return [
        article,
        language,
        total,
        translated,
        fuzzy,
        total - translated - fuzzy,
        tally.obsolete,
        tally.words,
        tally.translated_words,
        tally.changed,
        _state(total, translated, unextracted),
        0,
        0,
        unextracted,
    ]


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
            state = _state(total["total"], total["translated"], total["unextracted"])
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
            cached = self._read(_Job(path, rel, article, language, key, wanted))
        self.emit(cached)

    def _read(self, job: _Job) -> Stats:
        """The stats of a catalog the cache does not hold (or, with checks, any): read
        here; what was computed goes into the cache."""
        # in this process, the catalogs one after the other (a catalog's counts cost less
        # than sending them back from a forked worker, whose start, copied pages and pipe
        # cost more CPU than the work it takes over: 1000 articles x 10 languages, 1.7 s
        # CPU with two workers, 1.35 s with none); checks need the catalog itself: read
        # it once for both
        issues = None
        if self.issue_counts is None:
            fields_, origin = _counts_job(job)
        else:
            fields_, origin, *issues = _catalog_job(job, self.issue_counts)
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
_KINDS = [str if k is State else k for k in map(type, _fields(Stats("", "")))]


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


__all__ = ["JsonWriter", "StatusReport", "as_json", "catalog_stats", "run", "to_json"]
