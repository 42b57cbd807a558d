"""``export``: catalogs + sources -> localized Markdown and DOCX in ``exports/<lang>/``.

Only translated, non-fuzzy entries are used. An article below its language's threshold
is not exported, and an export left from an earlier run is removed (unless ``keep``),
so nothing stale looks current. With a lower threshold, missing units fall back to the
source text.

An export whose inputs have not changed since the last run, and whose output is still
the file that run left, is not done again: its outcome is replayed from the stat cache
(``.transflow/cache/export.sqlite``, :mod:`transflow.workspace.statcache`, one entry per
article). The key is everything the export reads: transflow's and its writers' versions,
the settings, the threshold and ``keep``, and the stat of the source, the catalog, the
letterhead catalog, the reference document, the logo and the output. An export whose
writer looked for a file beside the source (a picture: :attr:`.Rendered.external`), or
wrote pictures beside it, is always done again.

This module plans (what the cache replays, article by article, in this process) and
reports; the exports to do are made by :mod:`transflow.ops.exportdoc`, in forked workers
when there are many.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import json
import os
import stat
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from transflow import __version__
from transflow.core.errors import TransflowError
from transflow.core.records import SourceFile
from transflow.core.versions import installed_versions
from transflow.formats import Writer, check_writer, reader_for, writer_for
from transflow.lang import codes as langs
from transflow.ops import parallel
from transflow.workspace import store
from transflow.workspace.config import Config
from transflow.workspace.paths import Workspace
from transflow.workspace.statcache import (
    ENCODE,
    FileCache,
    key_of,
    settled,
    stat_key,
    written_key,
    written_key_of,
)


class Action(StrEnum):
    """What export did with one document."""

    WRITTEN = "written"
    UNCHANGED = "unchanged"  # already up to date: not rewritten
    REFUSED = "refused"  # below the threshold (or blocked): not exported
    REMOVED = "removed"  # refused, and the earlier export was removed (no --keep)


NOT_EXPORTED = frozenset({Action.REFUSED, Action.REMOVED})


@dataclass(frozen=True, slots=True)
class Outcome:
    article: str
    language: str
    format: str
    path: str
    action: Action
    translated: int
    total: int
    need: float
    notes: tuple[str, ...] = ()  # what the publisher should know: text not extracted…

    def __reduce__(self) -> tuple[object, tuple]:
        """Sent from a worker as a plain tuple of its fields (a slotted dataclass pickles
        through its state: twice the time)."""
        return _outcome, (
            self.article,
            self.language,
            self.format,
            self.path,
            self.action.value,
            self.translated,
            self.total,
            self.need,
            self.notes,
        )

    @property
    def percent(self) -> float:
        return _percent(self.translated, self.total)

    @property
    def message(self) -> str:
        return _message(self.action, self.translated, self.total, self.need, self.notes)


def _percent(translated: int, total: int) -> float:
    return round(translated * 100.0 / total, 1) if total else 100.0


# (the report's line of each document: a big workspace's 30,000 share a few hundred)
@functools.lru_cache(maxsize=1024)
def _message(
    action: Action, translated: int, total: int, need: float, notes: tuple[str, ...]
) -> str:
    """:attr:`Outcome.message`: what a document's line says after its path."""
    percent = _percent(translated, total)
    counts = f"{translated} of {total} units translated, {percent:g} %"
    tail = "".join(f"; {note}" for note in notes)
    if action in NOT_EXPORTED:
        need_text = f", need {need:g} %" if percent < need else ""
        removed = "; removed the earlier export" if action is Action.REMOVED else ""
        return f"{counts}{need_text}{tail}{removed}"
    return counts + tail


def _outcome(
    article: str,
    language: str,
    fmt: str,
    path: str,
    action: str,
    translated: int,
    total: int,
    need: float,
    notes: tuple[str, ...],
) -> Outcome:
    """An :class:`Outcome` as a worker sent it (its action by value: an enum member
    pickles through a lookup by name, slower than the value is looked up here)."""
    return Outcome(article, language, fmt, path, Action(action), translated, total, need, notes)


@dataclass
class ExportReport:
    outcomes: list[Outcome] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # what the user should know

    @property
    def refused(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.action in NOT_EXPORTED]


@dataclass(frozen=True, slots=True)
class _Run:
    """One export run, resolved: what every article's export needs (sent to workers)."""

    ws: Workspace
    targets: tuple[str, ...]
    formats: tuple[str, ...]
    threshold: float | None
    keep: bool
    # export folders checked and made in this process (see store.Transaction.folders)
    folders: dict[str, tuple[tuple[str, int, int], ...]] = field(default_factory=dict)
    # format -> its writer, imported by load_writers once something is to be exported (a
    # run with nothing to do imports none)
    writers: dict[str, Writer] = field(default_factory=dict)
    # the export folders this run makes (exports/, exports/<language>/ on a first
    # export): written whole into staging folders, placed at the commit
    new: store.NewFolders | None = None

    def load_writers(self) -> None:
        for fmt in self.formats:
            if fmt not in self.writers:
                self.writers[fmt] = writer_for(fmt)

    def need(self, language: str) -> float:
        """The percentage of units ``language`` needs to be exported."""
        config = self.ws.config
        return self.threshold if self.threshold is not None else config.threshold_for(language)


def run(
    config: Config,
    selected: list[Path] | None = None,
    languages: list[str] | None = None,
    formats: list[str] | None = None,
    threshold: float | None = None,
    keep: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
    each: Callable[[Outcome], None] | None = None,
) -> ExportReport:
    """Export every article in every language; articles are independent, so a big
    workspace is exported on every core. All-or-nothing, like extract. ``each``
    (optional) is given each document's outcome as it is known, in the report's order,
    and the report keeps none (its ``outcomes`` are empty): the memory held stays flat,
    whatever the number of documents (issue 15). It hears of them before the exports are
    in place: a run that then fails has told it of some."""
    ws = Workspace(config)
    targets = langs.select(config.languages, languages)
    fmts = tuple(formats) if formats else config.formats
    for fmt in fmts:
        check_writer(fmt)
    sources = ws.sources(selected)
    report = ExportReport()
    with _fewer_collections(), store.workspace_lock(config.state_dir) as lock:
        if lock.notice:
            report.notices.append(lock.notice)
        store.clean_temp_files(config.exports_dir)
        new = store.NewFolders.make(ws.root, [config.exports_dir / t for t in targets])
        # the cache entries of articles exported in this run, complete once the exports
        # are in place (their outputs' stat)
        entries: list[_Entry] = []
        try:
            plan_run = _Run(ws, tuple(targets), tuple(fmts), threshold, keep, new=new)
            cache = FileCache(config.state_dir / "cache", "export")
            keys = _Keys(plan_run)
            # the plans are made here, article by article (the cache is read in this
            # process alone); only the exports to do go to the workers, forked once
            # there are a few (a run with nothing to do never forks, nor imports a writer)
            workers = parallel.Workers(
                _export_job,
                plan_run,
                parallel.forks(len(sources)),
                before_fork=functools.partial(_warm, plan_run, sources),
                batch=_BATCH,
            )
            # articles planned, in order, with their exports handed over (or None)
            ahead: deque[tuple[_Plan, parallel.Answer[_Done] | None]] = deque()
            with store.Transaction(new=new, places_new=True) as tx, workers:
                n = 0

                def settle(plan: _Plan, job: parallel.Answer[_Done] | None) -> None:
                    nonlocal n
                    fresh: dict[str, list[Outcome]] = {}
                    if job is not None:
                        done = job.result()
                        tx.staged.extend(done.staged)
                        tx.removals.extend(done.removals)
                        fresh = dict(done.fresh)
                        entries.append(_Entry.of(plan, fresh, done.kept, plan_run))
                    for language in plan_run.targets:
                        replayed = language in plan.replayed
                        outcomes = plan.replayed[language] if replayed else fresh[language]
                        if each is None:
                            report.outcomes.extend(outcomes)
                        else:
                            for outcome in outcomes:
                                each(outcome)
                    n += 1
                    if progress:
                        progress(n, len(sources), plan.source.rel)

                for planned in _planned(cache, keys, sources, workers):
                    ahead.append(planned)
                    while ahead and (
                        len(ahead) > _AHEAD or ahead[0][1] is None or ahead[0][1].done()
                    ):
                        settle(*ahead.popleft())
                while ahead:
                    settle(*ahead.popleft())
        except BaseException:
            new.discard()  # (already, once the transaction took them)
            store.clean_temp_files(config.exports_dir)
            raise
        # the exports as placed: the next run can replay them
        entries.reverse()  # taken from the end, in the order they came, each let go of
        while entries:  # once it is written (3,000 of them, on a big workspace)
            entries.pop().put(cache, plan_run)
        cache.save()
    return report


def _planned(
    cache: FileCache,
    keys: _Keys,
    sources: list[SourceFile],
    workers: parallel.Workers[_Run, _Todo, _Done],
) -> Iterator[tuple[_Plan, parallel.Answer[_Done] | None]]:
    """Each article planned, in order, with its exports to do handed to ``workers`` (None:
    the cache replays them all). A plan that fails (a catalog's path leading out of the
    workspace…) comes as the last, a failed answer: raised in its turn, after the
    articles before it, as when the plans were made in the workers. The workers' jobs
    go in batches (:data:`_BATCH`), and none waits long for its batch to fill: what is
    handed over is sent at every group of :data:`_GROUP` articles planned (an export
    where few articles changed), and the last articles one by one (the workers finish
    together)."""
    run = keys.plan
    tail = len(sources) - _BATCH * parallel.workers()
    for i, source in enumerate(sources):
        if i % _GROUP == 0:  # the entries of a few articles in one query
            cache.prefetch([s.rel for s in sources[i : i + _GROUP]])
            workers.flush()
        try:
            plan = _plan(cache, keys, source, run.targets, run.formats)
        except Exception as error:
            yield _Plan(source, []), parallel.Answered(None, error)
            return
        answer = workers.submit(plan.job()) if plan.todo else None
        if i >= tail:
            workers.flush()
        yield plan, answer


# articles planned ahead of the first whose exports are not done yet (their replayed
# outcomes held meanwhile)
_AHEAD = 64
_GROUP = 16  # articles whose entries are read in one query (see status._GROUP)
_BATCH = 8  # articles handed to a worker at a time (parallel.Workers)


@dataclass(frozen=True, slots=True)
class _Todo:
    """The exports of one article the cache could not replay (sent to a worker): its
    languages, with their paths as the plan found them."""

    source: SourceFile
    languages: tuple[str, ...]
    # language -> (catalog, the exports in the order of the run's formats)
    paths: dict[str, tuple[str, tuple[str, ...]]]

    def __reduce__(self) -> tuple[object, tuple]:
        return _Todo, (self.source, self.languages, self.paths)


@dataclass(frozen=True, slots=True)
class _Done:
    """One article's exports done: what they stage, their outcomes by language, and
    those the cache may keep: (language, format, the output's written key when it is
    known already, else None: it is taken once the output is in place)."""

    staged: list[store._Staged]
    removals: list[tuple[Path, str]]
    fresh: list[tuple[str, list[Outcome]]]
    kept: list[tuple[str, str, str | None]]

    def __reduce__(self) -> tuple[object, tuple]:
        return _Done, (self.staged, self.removals, self.fresh, self.kept)


def _export_job(run: _Run, todo: _Todo) -> _Done:
    """One article's exports in the languages its plan could not replay (in a worker on
    big workspaces), and which of them the cache may keep."""
    from transflow.ops.exportdoc import export_article

    run.load_writers()  # once per process
    staged, removals, results = export_article(run, todo)
    kept: list[tuple[str, str, str | None]] = []
    for language, written in results:
        outs = todo.paths[language][1]
        for outcome, cacheable in written:
            if cacheable:
                fmt = outcome.format
                # written in a new folder: the stat it keeps once placed
                st = run.new.written(outs[run.formats.index(fmt)]) if run.new else None
                kept.append((language, fmt, None if st is None else written_key_of(st)))
    if run.new:
        run.new.forget_written()  # files the cache does not keep (assets…)
    fresh = [(language, [o for o, _ in written]) for language, written in results]
    return _Done(staged, removals, fresh, kept)


def _warm(plan: _Run, sources: list[SourceFile]) -> None:
    """What every forked worker would otherwise compute for itself, once, before they
    fork (they inherit it): the writers, the verdicts on the catalogs' ``Plural-Forms``
    (1,001 values of each expression, :func:`.poformat.plural_problem`) and charset
    (:mod:`.catalog.scan`), from the first article's catalog in each language (a
    workspace has a handful of each), and the languages' facts (:func:`.codes.info`:
    Babel's English names and likely scripts, the same data for every language; not a
    language's own locale data, 2 MB each, which no Markdown export needs). A catalog
    that cannot be read here is left for its worker, which reports it. The readers of
    the sources' formats are imported too (a Markdown source's, with its parser)."""
    from transflow.catalog import scan

    plan.load_writers()
    if not sources:
        return
    for path in {source.path.suffix.lower(): source.path for source in sources}.values():
        with contextlib.suppress(TransflowError):
            reader_for(path)
    for language in plan.targets:
        langs.info(language)
        with contextlib.suppress(TransflowError, OSError):
            path, st = plan.ws.catalog_stat(language, sources[0].slug)
            if st is None or not stat.S_ISREG(st.st_mode):
                continue
            data = store.read_unless_link(path, path, store.MAX_CATALOG_BYTES)
            if isinstance(data, bytes):
                scan.usable_po(data, path)


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """The cycle collector run less often while exports are made (in this process and in
    the workers it forks, which inherit the setting): an export makes thousands of
    short-lived objects per article, freed by their reference counts, and hardly a
    cycle, yet each 700 allocations started a collection (a tenth of a second of CPU
    per process at 1,000 articles). The previous thresholds come back afterwards."""
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], _GC_FIRST), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


_GC_FIRST = 20_000


@dataclass
class _Plan:
    """One article: the outcomes replayed from the cache (by language), the languages to
    export, each language's paths: (catalog, the exports in the order of the run's
    formats), as the plan built and checked them, so they are checked once per command
    (text, which holds less memory than a Path), and what the article's next cache entry
    is made of: its key, each language's inputs, the parts of the entry still true."""

    source: SourceFile
    head: list  # the entry's key: [settings, the source's stat key] (read before it)
    replayed: dict[str, list[Outcome]] = field(default_factory=dict)
    todo: list[str] = field(default_factory=list)
    paths: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    inputs: dict[str, list] = field(default_factory=dict)  # language -> _Keys.inputs
    # the entry's parts as recorded, where its key was the same: language -> part, and
    # when (its recorded_at)
    recorded: dict[str, list] = field(default_factory=dict)
    recorded_at: int = 0

    def job(self) -> _Todo:
        """The exports to do, with the paths the plan found for them."""
        todo = tuple(self.todo)
        return _Todo(self.source, todo, {language: self.paths[language] for language in todo})


class _Keys:
    """The parts of the cache entries' keys shared by many exports, read once per run."""

    def __init__(self, plan: _Run) -> None:
        from transflow.workspace.letterhead import TEMPLATE_SLUG

        ws, threshold, keep = plan.ws, plan.threshold, plan.keep
        config = ws.config
        self.plan = plan
        settings = (
            f"{__version__}|{_writer_versions()}|{config!r}|"
            f"{None if threshold is None else float(threshold)}|{keep}|"
            f"{stat_key(config.reference_docx) if config.reference_docx else None}|"
            f"{stat_key(config.logo) if config.logo else None}"
        )
        self.settings = hashlib.sha256(settings.encode("utf-8")).hexdigest()[:32]
        self.letterheads = {  # every language exported, configured or not (-l xx)
            lang: stat_key(ws.catalog_path(lang, TEMPLATE_SLUG)) for lang in plan.targets
        }
        self.needs = {lang: plan.need(lang) for lang in plan.targets}

    def inputs(self, language: str, catalog: list[int] | None) -> list:
        """What a language's exports of an article read besides the source: the
        percentage needed, the catalog (its :func:`.stat_key`), the letterhead catalog."""
        return [self.needs[language], catalog, self.letterheads[language]]


_WRITER_LIBRARIES = ("python-docx", "lxml", "babel", "pyyaml")


def _writer_versions() -> str:
    """The versions of the libraries whose output an export's bytes depend on."""
    found = installed_versions(_WRITER_LIBRARIES)
    return ",".join(f"{name} {found.get(name) or '?'}" for name in _WRITER_LIBRARIES)


def _record(outcome: Outcome) -> list:
    """What a later run replays: the outcome as a rerun would report it."""
    action = Action.REFUSED if outcome.action in NOT_EXPORTED else Action.UNCHANGED
    return [action, outcome.translated, outcome.total, outcome.need, list(outcome.notes)]


def _replay(value: object, source: SourceFile, language: str, fmt: str, rel: str) -> Outcome | None:
    """A record (:func:`_record`) as the outcome it replays, or None when it is not one
    (a damaged or foreign cache is a miss, never a crash)."""
    if type(value) is not list or len(value) != 5:
        return None
    action, translated, total, need, notes = value
    replayed = _REPLAYED.get(action) if type(action) is str else None
    if replayed is None or type(translated) is not int or type(total) is not int:
        return None
    if type(need) not in (int, float) or type(notes) is not list:
        return None
    if notes and not all(type(note) is str for note in notes):
        return None
    return Outcome(source.slug, language, fmt, rel, replayed, translated, total, need, tuple(notes))


_REPLAYED = {action.value: action for action in (Action.REFUSED, Action.UNCHANGED)}


# The cache holds one entry per article, named by its source (``rel``), with the key
# ``[settings, the source's stat key]`` and the value ``{language: part}``, a part being
# ``[need, catalog key, letterhead key, {format: [output's written key, record]}]``:
# an export is replayed when its part's inputs and its output are as recorded.


def _plan(
    cache: FileCache,
    keys: _Keys,
    source: SourceFile,
    targets: tuple[str, ...],
    fmts: tuple[str, ...],
) -> _Plan:
    plan = _Plan(source, [keys.settings, stat_key(source.path)])
    ws = keys.plan.ws
    slug = source.slug
    recorded, plan.recorded_at = _recorded(cache.entry(source.rel), plan.head)
    plan.recorded = recorded
    for language in targets:
        # the catalog's path, checked, and its stat_key, in one lstat (not a link)
        catalog, st = ws.catalog_stat(language, slug)
        inputs = keys.inputs(language, None if st is None else key_of(st))
        plan.inputs[language] = inputs
        part = recorded.get(language)
        done = part[3] if part and part[:3] == inputs and settled(inputs, plan.recorded_at) else {}
        outcomes: list[Outcome] = []
        outs: list[str] = []
        for fmt in fmts:
            # the output's folders checked; the file itself by the lstat below, or (not
            # recorded: most likely not there) by the one its write makes
            out = ws.export_text(language, slug, fmt)
            outs.append(out)
            found = done.get(fmt)
            if (
                type(found) is list
                and len(found) == 2
                and found[0] == _output_key(ws, out, language, slug, fmt)
            ):
                replayed = _replay(found[1], source, language, fmt, ws.text_rel(out))
                if replayed is not None:
                    outcomes.append(replayed)
        plan.paths[language] = (catalog, tuple(outs))
        if len(outcomes) == len(fmts):
            plan.replayed[language] = outcomes
        else:
            plan.todo.append(language)
    return plan


def _recorded(entry: list | None, head: list) -> tuple[dict[str, list], int]:
    """An article's entry's parts (language -> part, the well-formed ones) and when they
    were recorded, if its key is ``head`` and was not racy (else none); whether a part's
    own inputs were is for the caller to check."""
    if entry is None or entry[0] != head or type(entry[1]) is not int:
        return {}, 0
    key, at, value = entry
    if not settled(key, at) or type(value) is not dict:
        return {}, 0
    parts = {
        language: part
        for language, part in value.items()
        if type(part) is list and len(part) == 4 and type(part[3]) is dict
    }
    return parts, at


@dataclass(frozen=True, slots=True)
class _Entry:
    """An article's next cache entry: its key and its value as compact JSON (a fifth of
    the memory their lists take, held for every article exported until the exports are in
    place), complete but for the written keys of the outputs of ``pending`` (languages)
    written in an existing folder: None until they are placed, then taken (:meth:`put`).
    With none pending (every output in a new folder, whose key its writer knew), the
    text goes to the cache as it is."""

    source: SourceFile
    head: str  # the key, as compact JSON too
    text: str
    pending: tuple[str, ...]

    @classmethod
    def of(
        cls,
        plan: _Plan,
        fresh: dict[str, list[Outcome]],
        kept: list[tuple[str, str, str | None]],
        run: _Run,
    ) -> _Entry:
        """The entry once ``fresh`` (outcomes by language) is exported, of which the
        cache may keep ``kept`` (see :class:`_Done`): the parts recorded of the languages
        not exported again (replayed, or not asked for), and for each exported language
        its inputs, the formats kept, and those recorded of the formats not asked for."""
        at = plan.recorded_at
        value = {  # kept as they are, under a later recorded_at: only those settled
            k: v for k, v in plan.recorded.items() if k not in fresh and settled(v[:3], at)
        }
        records = {(o.language, o.format): _record(o) for os_ in fresh.values() for o in os_}
        for language in fresh:
            inputs = plan.inputs[language]
            part = plan.recorded.get(language)
            formats: dict[str, list] = {}
            if part and part[:3] == inputs and settled(inputs, at):
                formats = {k: v for k, v in part[3].items() if k not in run.formats}
            value[language] = [*inputs, formats]
        pending: dict[str, None] = {}
        for language, fmt, key in kept:
            value[language][3][fmt] = [key, records[(language, fmt)]]
            if key is None:
                pending[language] = None
        return cls(plan.source, ENCODE(plan.head), ENCODE(value), tuple(pending))

    def put(self, cache: FileCache, run: _Run) -> None:
        """Put in ``cache``, with the written keys of the outputs now in place."""
        if not self.pending:
            cache.put_encoded(self.source.rel, self.head, self.text)
            return
        head = json.loads(self.head)
        value = json.loads(self.text)
        slug = self.source.slug
        for language in self.pending:
            formats = value[language][3]
            for fmt in run.formats:
                if fmt in formats and formats[fmt][0] is None:
                    formats[fmt][0] = written_key(run.ws.export_text(language, slug, fmt))
        cache.put(self.source.rel, head, value)


def _output_key(ws: Workspace, out: str, language: str, slug: str, fmt: str) -> str | None:
    """The :func:`.written_key` of an export (``out``: :meth:`.Workspace.export_text`), in
    one ``lstat`` when it is no link; a link is checked (refused when it leads out of
    ``exports/``) before it is followed."""
    try:
        st = os.lstat(out)
    except OSError:
        return None
    if stat.S_ISLNK(st.st_mode):
        return written_key(ws.export_path(language, slug, fmt))
    return written_key_of(st)
