"""``export``: catalogs + sources -> localized Markdown and DOCX in ``exports/<lang>/``.

Only translated, non-fuzzy entries are used. An article below its language's threshold
is not exported, and an export left from an earlier run is removed (unless ``keep``),
so nothing stale looks current. With a lower threshold, missing units fall back to the
source text.

An export whose inputs have not changed since the last run, and whose output is still
the file that run left, is not done again: its outcome is replayed from the stat cache
(``.transflow/cache/export.sqlite``, :mod:`transflow.workspace.statcache`). The key is
everything the export reads: transflow's and its writers' versions, the settings, the
threshold and ``keep``, and the stat of the source, the catalog, the letterhead catalog,
the reference document, the logo and the output. An export whose writer looked for a
file beside the source (a picture: :attr:`.Rendered.external`), or wrote pictures beside
it, is always done again.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import hashlib
import os
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, cast

from transflow import __version__
from transflow.catalog.entries import parse_header
from transflow.catalog.poparse import parse_po
from transflow.catalog.scan import usable_po
from transflow.catalog.template import header_value
from transflow.core.errors import TransflowError
from transflow.core.inline import parse, render
from transflow.core.model import Block, BlockKind, Document, LanguageInfo, SourceFile
from transflow.core.versions import installed_versions
from transflow.formats import ExportContext, Writer, check_writer, reader_for, writer_for
from transflow.lang import codes as langs
from transflow.lang.localize import localize_numbers
from transflow.ops import parallel
from transflow.segment.sentences import block_units, is_noise
from transflow.workspace import store
from transflow.workspace.config import Config
from transflow.workspace.paths import Workspace
from transflow.workspace.statcache import (
    FileCache,
    Pending,
    key_of,
    stat_key,
    value_of,
    written_key,
    written_key_of,
)

if TYPE_CHECKING:
    from transflow.formats.markdown_write import Skeleton


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
        return round(self.translated * 100.0 / self.total, 1) if self.total else 100.0

    @property
    def message(self) -> str:
        counts = f"{self.translated} of {self.total} units translated, {self.percent:g} %"
        notes = "".join(f"; {note}" for note in self.notes)
        if self.action in NOT_EXPORTED:
            tail = "; removed the earlier export" if self.action is Action.REMOVED else ""
            need = f", need {self.need:g} %" if self.percent < self.need else ""
            return f"{counts}{need}{notes}{tail}"
        return counts + notes


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
    # (slug, language) -> (catalog, the exports in the order of ``formats``) as the plan
    # built and checked them (in the parent, before the workers fork: they inherit it),
    # so they are checked once per command; text, which holds less memory than a Path
    paths: dict[tuple[str, str], tuple[str, tuple[str, ...]]] = field(default_factory=dict)
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
        puts: list[_Put] = []
        try:
            plan_run = _Run(ws, tuple(targets), tuple(fmts), threshold, keep, new=new)
            cache = FileCache(config.state_dir / "cache", "export")
            article = _Planned(plan_run, cache, _Keys(plan_run))
            if parallel.forks(len(sources)):
                # before the workers fork (they inherit what is set up here)
                if not _all_recorded(cache, sources, plan_run):  # else likely nothing to do
                    plan_run.load_writers()
                _warm(plan_run, sources)
            with store.Transaction(new=new, places_new=True) as tx:
                jobs = parallel.map_with(_plan_and_export, article, sources)
                for n, (source, done) in enumerate(zip(sources, jobs, strict=True), 1):
                    tx.staged.extend(done.staged)
                    tx.removals.extend(done.removals)
                    if each is None:
                        report.outcomes.extend(done.outcomes)
                    else:
                        for outcome in done.outcomes:
                            each(outcome)
                    puts.extend(done.puts)
                    for name, line in done.lines:
                        cache.put_line(name, line)
                    if progress:
                        progress(n, len(sources), source.rel)
        except BaseException:
            new.discard()  # (already, once the transaction took them)
            store.clean_temp_files(config.exports_dir)
            raise
        # the exports as written: the next run can skip them
        puts.reverse()  # taken from the end, in the order they came, each let go of once
        while puts:  # its entry is made (30,000 of them, on a big workspace)
            pending, out = puts.pop()
            cache.put_pending(pending, written_key(out))
        cache.save()
    return report


@dataclass(frozen=True, slots=True)
class _Planned:
    """What each article's plan and export needs (the context of :func:`_plan_and_export`,
    inherited by the workers)."""

    run: _Run
    cache: FileCache
    keys: _Keys


# an export the cache may keep once written: its entry, complete but for the output's
# key, and the output
_Put = tuple[Pending, str]


@dataclass(frozen=True, slots=True)
class _Done:
    """One article planned and (where the cache could not replay it) exported: what it
    stages, its outcomes in the report's order, and what the cache may keep."""

    staged: list[store._Staged]
    removals: list[tuple[Path, str]]
    outcomes: list[Outcome]
    puts: list[_Put]
    # the cache's entries of exports written in a new folder, complete: their files keep
    # the stat they were written with once placed (store.NewFolders.written)
    lines: list[tuple[str, str]]

    def __reduce__(self) -> tuple[object, tuple]:
        return _Done, (self.staged, self.removals, self.outcomes, self.puts, self.lines)


def _plan_and_export(planned: _Planned, source: SourceFile) -> _Done:
    """One article: its plan (:func:`_plan`: what the cache replays), then the export of
    the languages it does not (in a worker on big workspaces: the plan's ``lstat`` s
    and key comparisons are spread over the cores too)."""
    run = planned.run
    plan = _plan(planned.cache, planned.keys, source, run.targets, run.formats)
    staged: list[store._Staged] = []
    removals: list[tuple[Path, str]] = []
    fresh: dict[str, list[tuple[Outcome, bool]]] = {}
    puts: list[_Put] = []
    lines: list[tuple[str, str]] = []
    if plan.todo:
        run.load_writers()  # imported by the parent, unless it expected nothing to do
        staged, removals, results = _export_article(run, (source, tuple(plan.todo)))
        fresh = dict(results)
        fmts = run.formats
        for language, written in results:
            outs = run.paths[(source.slug, language)][1]
            for outcome, cacheable in written:
                if cacheable:
                    fmt = outcome.format
                    key = plan.keys[(language, fmt)]
                    out = outs[fmts.index(fmt)]
                    name = _name(source, language, fmt)
                    head = key[:-1]  # the output's key goes last, once it is written
                    pending = planned.cache.pending(name, head, _record(outcome))
                    st = run.new.written(out) if run.new else None
                    if st is None:
                        puts.append((pending, out))
                    else:
                        lines.append((name, pending.line(written_key_of(st))))
        if run.new:
            run.new.forget_written()  # files the cache does not keep (assets…)
    outcomes: list[Outcome] = []
    for language in run.targets:
        if language in plan.replayed:
            outcomes.extend(plan.replayed[language])
        else:
            outcomes.extend(o for o, _ in fresh[language])
    return _Done(staged, removals, outcomes, puts, lines)


def _all_recorded(cache: FileCache, sources: list[SourceFile], run: _Run) -> bool:
    """Whether the cache holds an entry for every export of the run (a run that may have
    nothing to do: its writers are not imported, unless a worker needs one)."""
    for start in range(0, len(sources), _GROUP):
        names = [
            _name(source, language, fmt)
            for source in sources[start : start + _GROUP]
            for language in run.targets
            for fmt in run.formats
        ]
        cache.prefetch(names)  # the entries of a few articles in one query
        if not all(map(cache.has, names)):
            return False
    return True


_GROUP = 16  # articles (see status._GROUP)


def _warm(plan: _Run, sources: list[SourceFile]) -> None:
    """What every forked worker would otherwise compute for itself, once, before they
    fork (they inherit it): the verdicts on the catalogs' ``Plural-Forms`` (1,001 values
    of each expression, :func:`.poformat.plural_problem`) and charset (:mod:`.catalog.scan`),
    from the first article's catalog in each language (a workspace has a handful of
    each), and the languages' facts (:func:`.codes.info`: Babel's English names and
    likely scripts, the same data for every language; not a language's own locale data,
    2 MB each, which no Markdown export needs). A catalog that cannot be read here is
    left for its worker, which reports it. The readers of the sources' formats are
    imported too (a Markdown source's, with its parser)."""
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
                usable_po(data, path)


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


@dataclass(frozen=True, slots=True)
class _Article:
    """One source article, read and segmented, and where its exports are staged."""

    source: SourceFile
    document: Document
    pairs: list[tuple[int, str]]
    pieces: Pieces  # the document's pieces (document_pieces), the same in every language
    tx: store.Transaction
    report: ExportReport
    data: bytes  # the source's bytes, read once (a DOCX writer merges into them)
    distinct: frozenset[str]  # the units' distinct texts (what the percentage counts)
    # the document's Markdown skeleton (markdown_write.skeleton_of), when the md export
    # may be written from the translated texts alone; else None
    skeleton: Skeleton | None = None
    fills: Fills = ()  # the skeleton's blocks as block_texts fills them (document_fills)


@dataclass
class _Plan:
    """One article: the outcomes replayed from the cache (by language), the languages to
    export, and the cache key (read before any input was) of each (language, format)."""

    source: SourceFile
    replayed: dict[str, list[Outcome]] = field(default_factory=dict)
    todo: list[str] = field(default_factory=list)
    keys: dict[tuple[str, str], list] = field(default_factory=dict)


class _Keys:
    """The parts of the cache keys shared by many exports, read once per run."""

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

    def key(
        self, source_key: object, catalog: object, language: str, fmt: str, out: str | None
    ) -> list:
        """``catalog``: the catalog's :func:`.stat_key`; ``out``: the output's
        :func:`.written_key` (None when the cache holds no entry for this export: the key
        is then only put, with the output's key after the write, never compared)."""
        return [
            self.settings,
            language,
            fmt,
            self.plan.need(language),
            source_key,
            catalog,
            self.letterheads.get(language),
            out,  # the output (ours: no race check), last
        ]


_WRITER_LIBRARIES = ("python-docx", "lxml", "babel", "pyyaml")


def _writer_versions() -> str:
    """The versions of the libraries whose output an export's bytes depend on."""
    found = installed_versions(_WRITER_LIBRARIES)
    return ",".join(f"{name} {found.get(name) or '?'}" for name in _WRITER_LIBRARIES)


def _name(source: SourceFile, language: str, fmt: str) -> str:
    return f"{source.rel}|{language}|{fmt}"


def _record(outcome: Outcome) -> list:
    """What a later run replays: the outcome as a rerun would report it."""
    action = Action.REFUSED if outcome.action in NOT_EXPORTED else Action.UNCHANGED
    return [action, outcome.translated, outcome.total, outcome.need, list(outcome.notes)]


def _replay(value: object, source: SourceFile, language: str, fmt: str, rel: str) -> Outcome | None:
    if not (isinstance(value, list) and len(value) == 5):
        return None
    action, translated, total, need, notes = value
    if action not in (Action.REFUSED, Action.UNCHANGED) or not isinstance(notes, list):
        return None
    if not (isinstance(translated, int) and isinstance(total, int)):
        return None
    if not (isinstance(need, int | float) and all(isinstance(n, str) for n in notes)):
        return None
    return Outcome(
        source.slug, language, fmt, rel, Action(action), translated, total, need, tuple(notes)
    )


def _plan(
    cache: FileCache,
    keys: _Keys,
    source: SourceFile,
    targets: tuple[str, ...],
    fmts: tuple[str, ...],
) -> _Plan:
    plan = _Plan(source)
    source_key = stat_key(source.path)
    ws = keys.plan.ws
    paths = keys.plan.paths
    slug = source.slug
    # the article's entries in one query
    cache.prefetch([_name(source, language, fmt) for language in targets for fmt in fmts])
    for language in targets:
        # the catalog's path, checked, and its stat_key, in one lstat (not a link)
        catalog, st = ws.catalog_stat(language, slug)
        catalog_key = None if st is None else key_of(st)
        outcomes: list[Outcome] = []
        outs: list[str] = []
        for fmt in fmts:
            # the output's folders checked; the file itself by the lstat below, or (not
            # recorded: most likely not there) by the one its write makes
            out = ws.export_text(language, slug, fmt)
            outs.append(out)
            name = _name(source, language, fmt)
            line = cache.line(name)  # none: nothing to compare the key with
            recorded = line is not None
            key = keys.key(
                source_key,
                catalog_key,
                language,
                fmt,
                _output_key(ws, out, language, slug, fmt) if recorded else None,
            )
            plan.keys[(language, fmt)] = key
            found = value_of(line, key)
            replayed = _replay(found, source, language, fmt, _rel(ws, out)) if found else None
            if replayed is not None:
                outcomes.append(replayed)
        paths[(slug, language)] = (catalog, tuple(outs))
        if len(outcomes) == len(fmts):
            plan.replayed[language] = outcomes
        else:
            plan.todo.append(language)
    return plan


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


def _export_article(
    plan: _Run, job: tuple[SourceFile, tuple[str, ...]]
) -> tuple[list, list, list[tuple[str, list[tuple[Outcome, bool]]]]]:
    """Stage one article's exports in the languages asked (runs in a worker on big
    workspaces); returns, by language, each outcome and whether the cache may keep it."""
    source, languages = job
    config = plan.ws.config
    tx = store.Transaction(root=plan.ws.root, folders=plan.folders, new=plan.new)
    results: list[tuple[str, list[tuple[Outcome, bool]]]] = []
    try:
        reader = reader_for(source.path)
        data = reader.load(source)  # read once: the reader parses and a writer reuses them
        document = reader.read(source, data)
        pieces = document_pieces(document, config.segmentation, config.source_language)
        pairs = pieces_units(pieces)
        distinct = frozenset(text for _, text in pairs)
        skeleton = None
        if "md" in plan.writers:  # imported: the md writer is
            from transflow.formats.markdown_write import skeleton_of, write_markdown

            if plan.writers["md"] is write_markdown:
                skeleton = skeleton_of(document)
        fills = document_fills(document, pieces) if skeleton is not None else ()
        for language in languages:
            report = ExportReport()
            article = _Article(
                source, document, pairs, pieces, tx, report, data, distinct, skeleton, fills
            )
            uncached = _export_one(plan, article, language, plan.need(language))
            results.append((language, [(o, o.format not in uncached) for o in report.outcomes]))
    except BaseException:
        tx.rollback()
        raise
    return tx.staged, tx.removals, results


def _export_one(plan: _Run, article: _Article, language: str, need: float) -> set[str]:
    """Stage one article's exports in one language; returns the formats the cache must
    not keep: they wrote assets beside the export, or read a file beside the source."""
    ws, config, keep = plan.ws, plan.ws.config, plan.keep
    source, document, pairs = article.source, article.document, article.pairs
    tx, report = article.tx, article.report
    with_assets: set[str] = set()
    planned = plan.paths.get((source.slug, language))  # checked by _plan in this command
    data: bytes | store.Link | None = store.LINK
    if planned:  # no link (read without following one), or a link since the plan
        rel = _rel(ws, planned[0])
        data = store.read_unless_link(planned[0], rel, store.MAX_CATALOG_BYTES)
    if data is store.LINK:  # checked (again)
        path = ws.catalog_path(language, source.slug)
        rel = ws.rel(path)
        data = store.read_optional(path, rel, store.MAX_CATALOG_BYTES)
    translations: dict[str, str] = {}
    emptied = False  # a catalog cut down to its header: never a reason to delete exports
    unusable: tuple[str, ...] = ()
    revised = ""
    if isinstance(data, bytes):
        plain = usable_po(data, rel)  # the lean reader; None: the strict reader decides
        if plain is not None:  # no plural entry, no context, nothing no document can carry
            emptied = not plain.live and bool(pairs)
            translations = plain.translations
            revised = _header_field(plain.header, _REVISED)[:10]
        else:
            catalog = parse_po(data, rel)
            emptied = not catalog.entries and bool(pairs)
            translations = usable_translations(catalog)
            unusable = _unwritable(catalog, rel, translations) + _plural_notes(catalog, rel)
            revised = header_value(catalog, _REVISED)[:10]
    distinct = article.distinct
    done = len(distinct.intersection(translations)) if translations else 0
    total = len(distinct)
    percent = done * 100.0 / total if total else 100.0
    info = langs.info(language)
    blockers = tuple(f"text not extracted: {what}" for what in document.unextracted)
    blockers += unusable
    if emptied:
        keep = True
        blockers += (
            f"{rel} has no entries left (cut or damaged?): restore it or run "
            "extract; earlier exports are kept",
        )
    complete = percent >= need and not (blockers and need >= 100)
    for n, fmt in enumerate(plan.formats):
        skeleton = article.skeleton if fmt == "md" else None
        out, recheck = _export_out(
            ws, planned, n, language, source.slug, fmt, complete and skeleton is not None
        )
        rel = _rel(ws, out)
        if not complete:
            action = Action.REFUSED
            if os.path.exists(out) and not keep:
                tx.remove(Path(out), rel)
                action = Action.REMOVED
            report.outcomes.append(
                Outcome(source.slug, language, fmt, rel, action, done, total, need, blockers)
            )
            continue
        translated = document
        texts: list[str] = []
        if skeleton is not None:  # the blocks' texts only, no document rebuilt
            texts = block_texts(article.fills, translations, info, config.source_language)
        else:
            translated = translate_document(
                document,
                config.segmentation,
                config.source_language,
                translations,
                info,
                article.pieces,
            )
        strings: tuple[tuple[str, str], ...] = ()
        letterhead_pairs: tuple[tuple[str, str], ...] = ()
        letterhead_notes: tuple[str, ...] = ()
        if fmt == "docx" and document.format != "docx":  # built on a template document
            strings = _template_strings(ws, language)
            letterhead_pairs, letterhead_notes = _letterhead(ws, language, info, strings)
        context = ExportContext(
            source=source,
            source_document=document,
            language=info,
            source_language=config.source_language,
            date_display=format_date(document.meta_value("date"), language),
            description=(
                f"Translated from {source.rel} ({config.source_language}) into {language}: "
                f"{done} of {total} units ({percent:.0f} %), transflow"
            )[:255],  # a DOCX core property holds at most 255 characters
            reference_docx=config.reference_docx,
            organisation=config.organisation,
            logo=config.logo,
            paper=config.paper_for(language),
            fonts=config.fonts_for(language),
            template_strings=strings,
            letterhead=letterhead_pairs,
            revision_date=revised if _ISO_DAY.fullmatch(revised) else "",
            source_data=article.data,
        )
        if skeleton is not None:
            from transflow.formats.markdown_write import write_skeleton

            rendered = write_skeleton(skeleton, texts, context)
        else:
            rendered = plan.writers[fmt](translated, Path(out), context)
        changed = tx.write(out, rendered.data, rel, on_link=recheck)
        if rendered.assets or rendered.external:  # not for the cache: it watches neither
            with_assets.add(fmt)
        for name, data in rendered.assets:
            asset = ws.export_asset_path(Path(out), name)
            changed = tx.write(asset, data, ws.rel(asset)) or changed
        notes = (*document.notices, *rendered.warnings, *letterhead_notes, *blockers)
        action = Action.WRITTEN if changed else Action.UNCHANGED
        report.outcomes.append(
            Outcome(source.slug, language, fmt, rel, action, done, total, need, notes)
        )
    return with_assets


def _export_out(
    ws: Workspace,
    planned: tuple[str, tuple[str, ...]] | None,
    n: int,
    language: str,
    slug: str,
    fmt: str,
    at_write: bool,
) -> tuple[str, Callable[[], object] | None]:
    """Where the export of ``fmt`` goes (as text), as the plan found it (its folders
    checked, see :meth:`.Workspace.export_text`), and what ``tx.write`` calls if it finds
    a link there. A link is checked (refused when it leads out of ``exports/``): here,
    or, when ``at_write`` (a Markdown export written from its skeleton, which cannot
    fail before it is written), by the write's own ``lstat`` (one less)."""
    if not planned:
        return str(ws.export_path(language, slug, fmt)), None
    out = planned[1][n]
    if at_write:
        return out, functools.partial(ws.export_path, language, slug, fmt)
    if os.path.islink(out):
        out = str(ws.export_path(language, slug, fmt))
    return out, None


_REVISED = "PO-Revision-Date"


def _header_field(header: str, name: str) -> str:
    """``next((v for k, v in parse_header(header) if k == name), "")``, without splitting
    the header when the field's first mention opens a line and is followed by its colon
    (then no line before names it; tests/ops/test_export_fast.py)."""
    at = header.find(name)
    end = at + len(name)
    if at < 0 or (at and header[at - 1] != "\n") or header[end : end + 1] != ":":
        return next((v for k, v in parse_header(header) if k == name), "")
    stop = header.find("\n", end)
    return header[end + 1 : stop if stop >= 0 else len(header)].strip()


def _rel(ws: Workspace, text: str) -> str:
    """``ws.rel(Path(text))`` without the Path."""
    root = str(ws.root)
    return text[len(root) + 1 :] if text.startswith(root + "/") else text


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

# characters no XML document (DOCX) can hold; msgfmt accepts them in a catalog
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _unwritable(catalog, rel: str, translations: dict[str, str]) -> tuple[str, ...]:
    """Translations holding a character no document can carry (U+FFFE, U+FFFF, C0
    controls) are not used (the unit counts as untranslated) and are named, with their
    line, instead of aborting the whole export."""
    notes = []
    for e in catalog.live:
        bad = _UNWRITABLE.search(e.msgstr) if e.msgid in translations else None
        if bad:
            del translations[e.msgid]
            notes.append(
                f"{rel}:{e.lineno}: the translation holds U+{ord(bad.group()):04X}, which no "
                "document can carry; remove it (the unit was not used)"
            )
    return tuple(notes)


def usable_translations(catalog) -> dict[str, str]:
    """msgid → msgstr of the entries an export may use: translated, not fuzzy, without
    context and without plural forms (a unit has one form; a translator's plural entry
    comes back from ``extract`` as a fuzzy singular, see :mod:`.catalog.merge`)."""
    return {
        e.msgid: e.msgstr
        for e in catalog.live
        if e.is_translated and not e.msgctxt and e.msgid_plural is None
    }


def _plural_notes(catalog, rel: str) -> tuple[str, ...]:
    return tuple(
        f"{rel}:{e.lineno}: a plural entry is not used (run extract: it comes back fuzzy "
        "with its forms kept)"
        for e in catalog.live
        if e.msgid_plural is not None and e.is_translated
    )


def _template_strings(ws: Workspace, language: str) -> tuple[tuple[str, str], ...]:
    """Translations of the letterhead's words (``locales/<lang>/_template.po``, see
    :mod:`.letterhead`), for a DOCX built from a text or Markdown source."""
    from transflow.workspace.letterhead import TEMPLATE_SLUG

    path = ws.catalog_path(language, TEMPLATE_SLUG)
    if not path.exists():
        return ()
    catalog, _ = store.load(path, ws.rel(path))
    return tuple(usable_translations(catalog).items())


_LETTERHEADS: dict[tuple, tuple] = {}  # (reference stat, catalog stat, language) -> result


def _letterhead(
    ws: Workspace, language: str, info: LanguageInfo, strings: tuple[tuple[str, str], ...]
) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """A ``reference_docx``'s header and footer paragraphs in ``language`` as (source
    markup, translated markup), and notes on the units left untranslated; read once per
    process and language."""
    from transflow.workspace import letterhead
    from transflow.workspace.statcache import stat_key

    config = ws.config
    if config.reference_docx is None:
        return (), ()
    catalog = ws.catalog_path(language, letterhead.TEMPLATE_SLUG)
    key = (str(config.reference_docx), str(stat_key(config.reference_docx)), language)
    key += (str(stat_key(catalog)), config.segmentation, strings)
    found = _LETTERHEADS.get(key)
    if found is None:
        if len(_LETTERHEADS) > 64:
            _LETTERHEADS.clear()
        head = letterhead.load(config)
        found = letterhead.translate(head, config, dict(strings), info)
        _LETTERHEADS[key] = found
    return found


Pieces = tuple[list[tuple[str, str]] | None, ...]


def document_pieces(document: Document, mode: str, source_language: str) -> Pieces:
    """Each block's pieces (:func:`.block_units`) as :func:`translate_document` uses them,
    None for a block it keeps as it is; the same in every language, so an export of many
    languages computes them once."""
    out: list[list[tuple[str, str]] | None] = []
    for block in document.blocks:
        pieces = block_units(block, mode, source_language)
        out.append(pieces if pieces and block.kind is not BlockKind.RAW else None)
    return tuple(out)


def pieces_units(pieces: Pieces) -> list[tuple[int, str]]:
    """:func:`.units_of` of a document, from its :func:`document_pieces` (each block's
    pieces segmented once, each piece's noise decided once: the cache below)."""
    return [
        (i, text)
        for i, units in enumerate(pieces)
        if units
        for text, _ in units
        if not _is_noise(text)
    ]


_BLOCK_FIELDS = tuple(f.name for f in fields(Block))


def _with_text(block: Block, text: str) -> Block:
    """``replace(block, text=text)`` without its per-call cost (Block has no
    ``__post_init__``; tests/ops/test_export_fast.py compares the two); the block itself
    when its text stays (frozen: equal and interchangeable)."""
    if text == block.text:
        return block
    b = block
    if _BLOCK_FIELDS != _BLOCK_ORDER:  # pragma: no cover (Block changed: the slow path)
        return replace(block, text=text)
    return Block(
        b.kind, text, b.level, b.role, b.key, b.codes, b.cell, b.item, b.nest, b.note,
        b.field, b.style, b.tail, b.picture,
    )  # fmt: skip


_BLOCK_ORDER = (
    "kind", "text", "level", "role", "key", "codes", "cell", "item", "nest", "note",
    "field", "style", "tail", "picture",
)  # fmt: skip


def translate_document(
    document: Document,
    mode: str,
    source_language: str,
    translations: dict[str, str],
    language: LanguageInfo,
    pieces: Pieces | None = None,
) -> Document:
    """The document with each block's units replaced by their translations (or sources).

    Pieces are joined with the whitespace the source had between them when it holds a
    line break or more than one space, otherwise with the target language's separator;
    noise pieces (numbers, bare URLs…) are kept, their quantities written in the target
    locale's notation (:mod:`transflow.lang.localize`). ``pieces``: the document's
    :func:`document_pieces`, when the caller has them already."""
    if pieces is None:
        pieces = document_pieces(document, mode, source_language)
    separator = language.word_separator
    code = language.code
    blocks: list[Block] = []
    for block, units in zip(document.blocks, pieces, strict=True):
        if units is None:
            blocks.append(block)
            continue
        text = translated_text(block.text, units, translations, separator, source_language, code)
        blocks.append(_with_text(block, text))
    return replace(document, blocks=tuple(blocks))


# how block_texts fills each block: its text, kept (a 1-tuple); one piece that is not
# noise (the piece, and the whitespace before and after the block's text); or any other
# pieces (the block's text and its pieces, for translated_text). When every block is one
# piece that is not noise, without whitespace around the block's text (most documents),
# each block's fill is that piece itself (a str): then every fill is one, else none is.
Fill = str | tuple[str] | tuple[str, str, str] | tuple[str, list[tuple[str, str]]]
Fills = tuple[Fill, ...]


def document_fills(document: Document, pieces: Pieces) -> Fills:
    """How :func:`block_texts` fills each block of ``document`` (its ``pieces``); the same
    in every language."""
    out: list[Fill] = []
    plain: list[str] = []  # the fills as pieces, while every block is a plain piece
    for block, units in zip(document.blocks, pieces, strict=True):
        text = block.text
        if units is None:
            out.append((text,))
        elif len(units) == 1 and not units[0][1] and not _is_noise(units[0][0]):
            lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
            out.append((units[0][0], lead, trail))
            if not (lead or trail):
                plain.append(units[0][0])
        else:
            out.append((text, units))
    return tuple(plain) if len(plain) == len(out) else tuple(out)


def block_texts(
    fills: Fills, translations: dict[str, str], language: LanguageInfo, source_language: str
) -> list[str]:
    """The texts of the blocks :func:`translate_document` gives (``fills``: its document's
    :func:`document_fills`), without building the blocks (tests/ops/test_export_fast.py)."""
    get = translations.get
    if fills and type(fills[0]) is str:  # every fill is a piece (document_fills)
        pieces = cast(tuple[str, ...], fills)
        return list(map(str.strip, map(get, pieces, pieces)))
    separator, code = language.word_separator, language.code
    out: list[str] = []
    for fill in fills:
        if isinstance(fill, str):
            out.append(get(fill, fill).strip())
        elif len(fill) == 3:
            piece, lead, trail = fill
            out.append(lead + get(piece, piece).strip() + trail)
        elif len(fill) == 1:
            out.append(fill[0])
        else:
            text, units = fill
            out.append(translated_text(text, units, translations, separator, source_language, code))
    return out


def translated_text(
    text: str,
    units: list[tuple[str, str]],
    translations: dict[str, str],
    separator: str,
    source_language: str,
    target: str,
) -> str:
    """A block's text (``text``) with its units (its :func:`document_pieces`, not None)
    replaced by their translations, as :func:`translate_document` writes it; ``separator``:
    the target language's word separator, ``target`` its code."""
    if len(units) == 1 and not units[0][1]:  # one piece (a paragraph's): no gaps
        piece = units[0][0]
        if _is_noise(piece):
            piece = _localized(piece, source_language, target)
        else:
            piece = translations.get(piece, piece)
        if text and not (text[0].isspace() or text[-1].isspace()):
            return piece.strip()
        lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
        return lead + piece.strip() + trail
    out: list[str] = []
    last = len(units) - 1
    for n, (unit, gap) in enumerate(units):
        noise = _is_noise(unit)
        fallback = not noise and unit not in translations
        if noise:
            out.append(_localized(unit, source_language, target))
        else:
            out.append(translations.get(unit, unit))
        if gap:
            # source-language text falling back into a spaceless language keeps the
            # source's space ("First sentence. Second sentence.", not "….Second…")
            nxt = units[n + 1][0] if n < last else ""
            spaced = fallback or (nxt and nxt not in translations and not _is_noise(nxt))
            out.append(_gap(gap, separator or (" " if spaced else "")))
    # whitespace around the units (a leading &nbsp;) is kept
    lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
    return lead + "".join(out).strip() + trail


# a unit's text is looked at in every language and format: decided once per process
_is_noise = functools.lru_cache(maxsize=8192)(is_noise)


def _localized(markup: str, source: str, target: str) -> str:
    """Noise with its quantities in the target's notation, in its text only: never in a
    link's or image's destination, a code span or a placeholder."""
    spans = parse(markup)
    out = [
        replace(sp, text=localize_numbers(sp.text, source, target))
        if sp.link is None and sp.image is None and not sp.code and sp.placeholder is None
        else sp
        for sp in spans
    ]
    return markup if out == spans else render(out)


def _gap(source_gap: str, separator: str) -> str:
    """What goes between two translated sentences: the source's line breaks, its double
    spaces in languages that put spaces between sentences, else the language's separator."""
    if "\n" in source_gap:
        return "\n" * source_gap.count("\n")
    return source_gap if separator and len(source_gap) > 1 else separator


def format_date(iso: str, language: str) -> str:
    """A source date (ISO) written for the target locale by Babel, e.g. ``14 марта 2026 г.``."""
    if not iso:
        return ""
    try:
        day = dt.date.fromisoformat(iso[:10])
    except ValueError:
        return ""
    from babel.dates import format_date as babel_format

    return babel_format(day, format="long", locale=language)
