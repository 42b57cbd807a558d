"""``extract``: sources -> templates -> every language's catalog, merged, nothing lost."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import time
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from transflow import __version__
from transflow.catalog.entries import Catalog
from transflow.catalog.merge import merge
from transflow.catalog.scan import Summary, scan_po
from transflow.catalog.template import (
    build_template,
    catalog_header,
    header_value,
    now_stamp,
    same_content,
)
from transflow.catalog.tm import NUMPY_FROM, Memory
from transflow.core.digest import source_digest
from transflow.core.errors import InputError, UnsupportedFormat
from transflow.core.records import SourceFile
from transflow.formats import reader_for
from transflow.lang import codes as langs
from transflow.ops import parallel
from transflow.segment.sentences import segment
from transflow.workspace import store
from transflow.workspace.config import Config
from transflow.workspace.paths import Workspace
from transflow.workspace.statcache import (
    FileCache,
    settled,
    stat_key,
    written_key,
    written_key_of,
)

if TYPE_CHECKING:
    from transflow.catalog.tmdisk import DiskMemory, WrittenPairs

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True, slots=True)
class CatalogChange:
    path: str
    created: bool
    kept: int
    fuzzy: int
    from_memory: int
    obsoleted: int
    untranslated: int


@dataclass
class ExtractResult:
    articles: int = 0
    units: int = 0
    templates_written: list[str] = field(default_factory=list)
    catalogs_written: list[CatalogChange] = field(default_factory=list)
    unchanged: int = 0
    temp_files_removed: int = 0
    notices: list[str] = field(default_factory=list)  # what the user should know


class _Memories:
    """Per-language translation memories, built from disk only when first needed.

    A memory built from the catalogs is saved in ``.transflow/tm/<language>.sqlite``
    (:mod:`.tmdisk`) and looked up there: the next extract reuses it while no catalog
    and no ``tm/*.tmx`` of the language changed (their stat, as the stat cache compares
    them), and no memory is held in RAM, so ten languages cost what one does."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self._by_lang: dict[str, Memory | DiskMemory] = {}
        self._slugs: list[str] | None = None
        self.notices: list[str] = []
        # each msgid's index words and one copy of each msgid (tm.Memory), shared by the
        # languages a process builds: only in the processes forked to build memories
        # (_build_saved), which end with the builds
        self._words: dict[str, tuple[str, ...]] | None = None
        self._msgids: dict[str, str] | None = None

    def take_notices(self) -> list[str]:
        notices, self.notices = self.notices, []
        return notices

    def before_fork(self) -> None:
        """What the workers' lookups need, imported once here (they inherit it):
        rapidfuzz, which scores the candidates (:func:`.tm.best_match`, 30 ms of import
        in each worker otherwise), and for big memories numpy, which counts them
        (:func:`.tm.pick_candidates`, 0.1 s or more)."""
        largest = max((len(memory) for memory in self._by_lang.values()), default=0)
        if largest:
            import rapidfuzz.fuzz
            import rapidfuzz.process  # noqa: F401
        if largest >= NUMPY_FROM:
            import numpy  # noqa: F401

    def get(self, language: str) -> Memory | DiskMemory:
        mem = self._by_lang.get(language)
        if mem is None:
            mem = self._by_lang[language] = self._load(language)
        return mem

    def prepare(self, languages: tuple[str, ...]) -> None:
        """Make every language's memory ready before the workers fork: those saved are
        opened; the others are built and saved by forked processes (one language at a
        time each), so this process never holds one (the workers it forks would inherit
        what its heap grew to)."""
        stale = []
        for language in languages:
            if language in self._by_lang:
                continue
            signature = self._signature(language)
            saved = self._saved(language, signature)
            if saved is not None:
                self._by_lang[language] = saved
            elif signature is not None and signature[1:] != [[], []]:
                stale.append(language)  # (an empty memory, a first extract's, is built here)
        if not parallel.forks(len(stale), min_jobs=2):
            for language in languages:
                self.get(language)
            return
        from transflow.catalog.tmdisk import DiskMemory

        built = parallel.map_with(_build_saved, self, stale, min_jobs=2)
        for language, (notices, size) in zip(stale, built, strict=True):
            if size is not None:  # (else built here, in RAM, notices and all)
                self.notices.extend(notices)
                rebuild = functools.partial(self.build, language)
                self._by_lang[language] = DiskMemory(self._path(language), size, rebuild)
        for language in languages:
            self.get(language)

    def _path(self, language: str) -> Path:
        return self.ws.config.state_dir / "tm" / f"{language}.sqlite"

    def _saved(self, language: str, signature: list | None = None) -> DiskMemory | None:
        """The saved memory of ``language`` if it is still the memory of its catalogs
        (``signature``: :meth:`_signature`, found again if not given)."""
        from transflow.catalog import tmdisk

        signature = signature or self._signature(language)
        if signature is None:
            return None
        path = self._path(language)
        stored = tmdisk.stored_signature(path)
        if stored is not None and stored[0] == signature and settled(signature, stored[1]):
            return tmdisk.DiskMemory(path, stored[2], functools.partial(self.build, language))
        return None

    def _load(self, language: str) -> Memory | DiskMemory:
        """The saved memory when it is still the memory of the catalogs, else the memory
        built from them (then saved: looked up from its file, not held)."""
        import sqlite3  # (not imported by an extract that needs no memory)

        from transflow.catalog import tmdisk

        path = self._path(language)
        rebuild = functools.partial(self.build, language)
        started = time.time_ns()  # before anything is read: see statcache
        signature = self._signature(language)
        saved = self._saved(language, signature)
        if saved is not None:
            return saved
        notices = len(self.notices)
        if signature is None or signature[1:] == [[], []]:
            # a catalog refused (reported again by the next run), or nothing to read
            return self._build(language, None, None)
        try:
            saving: tmdisk.Saving | None = tmdisk.Saving(path)
        except (OSError, sqlite3.Error):
            saving = None  # the cache cannot be written: the memory is used from RAM
        try:
            sink = None if saving is None else saving.catalog
            mem = self._build(language, self._kept(language, signature), sink)
            if saving is None or len(self.notices) > notices:
                return mem  # (a catalog of no article refused: reported again next time)
            try:
                saving.finish(mem, signature, started)
            except (OSError, sqlite3.Error):
                return mem  # the cache cannot be written: the memory is used from RAM
        finally:
            if saving is not None:
                saving.discard()
        return tmdisk.DiskMemory(path, len(mem), rebuild)

    def _signature(self, language: str) -> list | None:
        """What the memory of ``language`` is built from: the stat of each catalog and
        imported memory it reads (None if one is refused: the memory is built as usual)."""
        catalogs = []
        area = self.ws.config.locales_dir
        folders: set[str] = set()  # (in_area checks a folder once, a link every time)
        for rel, path, is_link in self._catalogs(language):
            folder = os.path.dirname(path)
            if is_link or folder not in folders:
                folders.add(folder)
                try:
                    self.ws.in_area(area, Path(path), is_link)
                except InputError:
                    return None
            key = stat_key(path)
            if key is None:
                return None
            catalogs.append([rel, key])
        from transflow.ops.tm import TM_DIR

        tm = self.ws.root / TM_DIR
        imported = []
        for path in sorted(tm.glob("*.tmx")) if tm.is_dir() else []:
            if not path.name.startswith("."):
                key = stat_key(path)
                if key is None:
                    return None
                imported.append([path.name, key])
        c = self.ws.config
        return [f"{__version__}|{c.source_language}|{language}", catalogs, imported]

    def _catalog_files(self, language: str) -> list[Path]:
        """The catalogs a language's memory is read from (and its signature taken of)."""
        return [Path(path) for _, path, _ in self._catalogs(language)]

    def _catalogs(self, language: str) -> list[tuple[str, str, bool]]:
        """(path from the workspace root, path, whether it is a symbolic link) of each
        ``*.po`` below ``locales/<language>/``, hidden names and transflow's temporary
        files left out, in the order ``sorted(rglob("*.po"))`` gives (folder by folder;
        links to folders are not followed), with one ``scandir`` per folder: a newsroom's
        language holds thousands of catalogs, listed by every extract after edits."""
        folder = self.ws.config.locales_dir / language
        if not folder.is_dir():
            return []
        rel_base = self.ws.rel(folder)
        found: list[tuple[list[str], str, str, bool]] = []
        stack: list[tuple[str, list[str]]] = [(str(folder), [])]
        while stack:
            here, parts = stack.pop()
            try:
                entries = list(os.scandir(here))
            except OSError:  # (rglob passes over a folder it cannot read)
                continue
            for entry in entries:
                name = entry.name
                try:
                    is_dir = entry.is_dir(follow_symlinks=False)
                except OSError:
                    is_dir = False
                if is_dir:
                    stack.append((entry.path, [*parts, name]))
                if (
                    name.endswith(".po")
                    and not name.startswith(".")
                    and store.TEMP_MARK not in name
                ):
                    key = [*parts, name]
                    found.append(
                        (key, f"{rel_base}/{'/'.join(key)}", entry.path, entry.is_symlink())
                    )
        found.sort(key=lambda f: f[0])
        return [(rel, path, is_link) for _, rel, path, is_link in found]

    def _kept(self, language: str, signature: list) -> _Kept:
        """Where the pairs known of the catalogs of ``language`` that need not be read
        are (:class:`_Kept`): those the saved memory, stale, keeps of the catalogs that
        have not changed since it was built (their stat then, settled before it was
        recorded, as the stat cache trusts one), and those of the catalogs extract wrote
        that have not changed since (:class:`_Recorder`)."""
        from transflow.catalog import tmdisk

        path = self._path(language)
        stored = tmdisk.stored_signature(path)
        before, recorded_at = (None, 0) if stored is None else stored[:2]
        saved: set[str] = set()
        # (the first part: transflow's version, the source language and the language)
        if isinstance(before, list) and len(before) == 3 and before[0] == signature[0]:
            try:
                keys = {rel: key for rel, key in before[1]}
            except (TypeError, ValueError):  # not the (path, stat) pairs it writes
                keys = {}
            for rel, key in signature[1]:
                if keys.get(rel) == key and settled(key, recorded_at):
                    saved.add(rel)
        return _Kept(path, saved, self._written_path(), {rel: key for rel, key in signature[1]})

    def _written_path(self) -> Path:
        return self.ws.config.state_dir / "tm" / "_written.sqlite"

    def recorder(self) -> _Recorder:
        """Where extract records the pairs of the catalogs it writes."""
        return _Recorder(self.ws, self._written_path())

    def build(self, language: str) -> Memory:
        """The memory of ``language`` read from its catalogs, then ``tm/*.tmx``."""
        return self._build(language, None, None)

    def _current(self, language: str) -> set[Path]:
        """The catalogs of the current articles in ``language`` (the sources are listed
        once, not once a language)."""
        if self._slugs is None:
            self._slugs = [s.slug for s in self.ws.sources()]
        return {self.ws.catalog_path(language, slug) for slug in self._slugs}

    def _build(
        self, language: str, kept: _Kept | None, sink: Callable[[str, str], object] | None
    ) -> Memory:
        """:meth:`build`, taking the pairs of the catalogs ``kept`` knows instead of
        reading them, a batch of catalogs at a time, so that no more than a batch's pairs
        are held; ``sink(rel, pairs)`` gets each catalog's pairs as the saved memory keeps
        them (:func:`.tmdisk.pairs_text`)."""
        from transflow.catalog.tmdisk import pairs_text

        mem = Memory(self._msgids, self._words)
        current: set[Path] | None = None  # the articles' catalogs: found when one is refused
        files = self._catalog_files(language)
        for start in range(0, len(files), _KEPT_BATCH):
            batch = [(path, self.ws.rel(path)) for path in files[start : start + _KEPT_BATCH]]
            texts = {} if kept is None else kept.texts([rel for _, rel in batch])
            for path, rel in batch:
                text = texts.get(rel)
                pairs = None if text is None else _pairs(text)
                if text is None or pairs is None:  # not known, or not as transflow writes it
                    try:
                        self.ws.in_area(self.ws.config.locales_dir, path)
                        # the lean reader: refuses what store.load refuses, builds no entries
                        data = store.read_bytes(path, rel, store.MAX_CATALOG_BYTES)
                        summary = scan_po(data, rel)
                    except InputError as exc:
                        if current is None:
                            current = self._current(language)
                        if path in current:
                            raise  # an article's own catalog must be sound
                        # a backup or a catalog of a removed article: reported, never fatal
                        self.notices.append(
                            f"{exc}; not a catalog of a current article, so it was left out "
                            "of the translation memory (fix or remove it)"
                        )
                        continue
                    pairs = _memory_pairs(summary)
                    text = pairs_text(pairs)
                if sink is not None:
                    sink(rel, text)
                for k in range(0, len(pairs), 2):
                    mem.add(pairs[k], pairs[k + 1], rel)
        from transflow.ops.tm import feed  # imported memories (tm/*.tmx) come after

        feed(mem, self.ws.root, self.ws.config.source_language, language)
        return mem


def _warm(targets: tuple[str, ...], todo: list[SourceFile]) -> None:
    """What every forked worker would otherwise import and compute for itself, once, before
    they fork (they inherit it): the readers of the sources' formats, the catalog reader
    and writer with the line-break tables (7–10 ms to load) and the units' roles, and each
    language's ``Plural-Forms`` and facts (:func:`.codes.info`) from Babel's data (about
    30 ms for ten languages). Without it, each of the two workers of an extract after edits at
    100 articles x 10 languages spent about a twentieth of its CPU on them. A source no
    reader handles (by its extension) is left for its worker, which reports it."""
    from transflow.catalog import linebreak, poparse, powrite  # noqa: F401
    from transflow.segment import roles  # noqa: F401

    for path in {source.path.suffix.lower(): source.path for source in todo}.values():
        with contextlib.suppress(UnsupportedFormat):
            reader_for(path)
    linebreak.ready()
    for language in targets:
        langs.plural_forms(language)
        langs.info(language)


# catalogs whose known pairs a build asks for at once (:meth:`_Memories._build`)
_KEPT_BATCH = 256


@dataclass(frozen=True, slots=True)
class _Kept:
    """Where a build finds the pairs of the catalogs it need not read: ``saved``, the
    catalogs whose pairs the saved memory at ``path`` (stale) keeps and may give; those
    extract wrote, recorded in the file at ``written`` under the stat each then had
    (taken while ``keys``, each catalog's stat now, is still that). Whatever of either
    file is not as transflow writes it is not used (a cache)."""

    path: Path
    saved: set[str]
    written: Path
    keys: dict[str, list]

    def texts(self, rels: list[str]) -> dict[str, str]:
        """The pairs known of the catalogs ``rels`` (:func:`.tmdisk.pairs_text`)."""
        from transflow.catalog import tmdisk

        found = tmdisk.catalog_pairs(self.path, [rel for rel in rels if rel in self.saved])
        missing = [rel for rel in rels if rel not in found and rel in self.keys]
        for rel, (key, text) in tmdisk.written_pairs(self.written, __version__, missing).items():
            # (a written key: the file extract staged, stat'ed once the writes were done,
            # needs no race check, as in the stat cache)
            if key == _as_written(self.keys[rel]):
                found[rel] = text
        return found


class _Recorder:
    """Records the pairs of each catalog an extract stages (:func:`_catalog_pairs` of
    what it writes: :meth:`record`, in the process that merged the catalog, so its text
    never crosses the pipe), then, once the writes are done, the stat of each file that
    is still the one staged (:meth:`add` each catalog staged, then :meth:`settle`): the
    next build of their memories takes them instead of reading those catalogs while they
    stay so (:meth:`_Memories._kept`). A file saved by someone else between the swap and
    the stat (another inode, size or time than the file staged), or written under two
    names (a link) by two merges, is not recorded: it is read.

    The workers record into the file the command makes ready before they fork
    (:meth:`before_fork`), each through its own writer, whose last rows it writes as it
    stops (:meth:`finish`). Sent through the command, the catalogs' pairs made its peak
    memory: 89 against 73 MiB at 3,000 x 10, the same in each worker, from the texts held
    a chunk of jobs at a time and the heap they left fragmented."""

    def __init__(self, ws: Workspace, path: Path) -> None:
        self.ws = ws
        self.path = path
        self.log: WrittenPairs | None = None  # this process's writer (opened at first use)
        self._pid = os.getpid()
        # each catalog staged and the identity of the file staged, three numbers a file
        # in one array (held until the writes are done: a tuple of three ints took
        # 180 bytes a catalog more)
        self._rels: list[str] = []
        self._identities = array("Q")

    def before_fork(self) -> None:
        """Make the file ready for the workers' writers (joined to this one, which they
        inherit)."""
        self._writer().prepare()

    def _writer(self) -> WrittenPairs:
        """This process's writer: the command's own; a worker's adds to the file the
        command made ready (:meth:`before_fork`), and records nothing if it did not."""
        from transflow.catalog.tmdisk import WrittenPairs

        if self._pid != os.getpid():  # a forked worker, at its first catalog
            self._pid = os.getpid()
            # (the command's writer, inherited; none: a writer never made ready, which
            # gives a writer that records nothing)
            self.log = (self.log or WrittenPairs(self.path, __version__)).joined()
        elif self.log is None:
            self.log = WrittenPairs(self.path, __version__)
        return self.log

    def record(self, rel: str, pairs: str) -> None:
        """``pairs`` (:func:`.tmdisk.pairs_text`) of the catalog staged at ``rel``."""
        self._writer().add(rel, pairs)

    def finish(self) -> None:
        """Write what this process recorded (a worker, as it stops)."""
        if self.log is not None and self._pid == os.getpid():
            self.log.flush()

    def add(self, staged: list[_Written]) -> None:
        for rel, identity in staged:
            self._rels.append(rel)
            self._identities.extend(identity)

    def settle(self) -> None:
        if not self._rels:
            return
        keys = []
        root = self.ws.root
        identities = self._identities
        for k, rel in enumerate(self._rels):
            try:
                st = os.stat(root / rel)
            except OSError:
                continue
            if _identity_of(st) == tuple(identities[3 * k : 3 * k + 3]):
                keys.append((written_key_of(st), rel))
        self._writer().settle(keys)


# what a job sends of each catalog it staged and recorded: its path from the workspace
# root; the identity of the file staged (inode, size, modification time, which the rename
# into place keeps)
_Written = tuple[str, tuple[int, int, int]]


# changed articles from which extract forks its workers (fewer are extracted in-process).
# An article's extract is heavier than its export (a catalog merged for each language,
# memory lookups): at 100 x 10, forking cut the wall time of 24 articles from 0.89 to
# 0.76 s and of 43 from 1.33 to 1.00 s, for 0.1 s more CPU; at 16 it gained nothing.
_FORK_AT = 24


def _staged_identity(tx: store.Transaction, target: Path, rel: str) -> tuple[int, int, int] | None:
    """The identity of the file just staged for ``target``: as ``fstat`` said of it when it
    was written in a new folder (:meth:`.NewFolders.written`), else its temporary file's;
    None when nothing was staged for it here (a link's target, written in full)."""
    if tx.new is not None:
        st = tx.new.written(os.fspath(target))
        if st is not None:
            return _identity_of(st)
    if tx.staged and tx.staged[-1].rel == rel:
        return _identity(tx.staged[-1].temp)
    return None


def _identity(path: str) -> tuple[int, int, int] | None:
    try:
        return _identity_of(os.stat(path))
    except OSError:
        return None


def _identity_of(st: os.stat_result) -> tuple[int, int, int]:
    """What :class:`_Recorder` compares of a file (a rename keeps it), as three unsigned
    64-bit numbers (a modification time before 1970 is negative, and an inode number
    may be wider on some systems: taken modulo 2**64)."""
    return st.st_ino & _U64, st.st_size, st.st_mtime_ns & _U64


_U64 = (1 << 64) - 1


def _memory_pairs(summary: Summary) -> list[str]:
    """What a catalog gives its language's memory: the msgid and msgstr of each entry
    translated and without plural forms, in order (msgid, msgstr, msgid, …)."""
    return [
        value
        for e in summary.live
        if e.translated and not e.plural
        for value in (e.msgid, e.msgstr)
    ]


def _catalog_pairs(catalog: Catalog) -> list[str]:
    """:func:`_memory_pairs` of the summary of ``catalog`` (:func:`.scan.summary_of`),
    taken from its entries (half the time: extract takes it of every catalog it writes)."""
    return [
        value
        for e in catalog.entries
        if e.msgid_plural is None and e.is_translated
        for value in (e.msgid, e.msgstr)
    ]


def _as_written(key: object) -> str | None:
    """A stat key (:func:`.statcache.stat_key`) as :func:`.statcache.written_key` gives it."""
    if type(key) is not list or len(key) != 4:
        return None
    return ":".join(map(str, key))


def _pairs(text: str) -> list[str] | None:
    """The pairs a saved memory keeps of a catalog (:func:`.tmdisk.pairs_text`), or None
    when they are not msgid, msgstr, … strings."""
    try:
        pairs = json.loads(text)
    except (ValueError, TypeError, RecursionError):  # (RecursionError: nested too deep)
        return None
    if type(pairs) is not list or len(pairs) % 2 or not all(type(p) is str for p in pairs):
        return None
    return pairs


def _build_saved(memories: _Memories, language: str) -> tuple[list[str], int | None]:
    """In a forked process: the memory of ``language`` built and saved (the notices of
    its catalogs, and its number of entries, None when it was not saved)."""
    if memories._words is None:  # (this process's, which ends with the builds)
        memories._words, memories._msgids = {}, {}
    mem = memories.get(language)
    return memories.take_notices(), None if isinstance(mem, Memory) else len(mem)


def run(
    config: Config,
    selected: list[Path] | None = None,
    languages: list[str] | None = None,
    progress: Progress | None = None,
) -> ExtractResult:
    """Segment sources and write templates and catalogs. All-or-nothing: every output is
    staged first and replaced only when every input has been read without error.
    Articles are independent, so a big workspace is extracted on every core."""
    ws = Workspace(config)
    targets = langs.select(config.languages, languages)
    sources = ws.sources(selected)
    result = ExtractResult(articles=len(sources))
    with store.workspace_lock(config.state_dir) as lock:
        if lock.notice:
            result.notices.append(lock.notice)
        _clean_temp_files(ws, result)
        cache = FileCache(config.state_dir / "cache", "extract")
        todo = _changed_sources(ws, cache, sources, targets, result)
        memories = _Memories(ws)
        recorder = memories.recorder()  # the pairs of each catalog written
        if parallel.forks(len(todo), _FORK_AT):
            # made ready once, before the workers fork (built and saved if need be, in
            # forked processes): each worker then reads the saved memories (each worker
            # used to build every memory again: 41 % of a two-worker extract after edits)
            memories.prepare(targets)
            memories.before_fork()
            recorder.before_fork()
            _warm(targets, todo)
        # the first extract makes locales/ whole in a staging folder beside it, renamed into
        # place at the commit: one rename for thousands of catalogs, none of them checked
        # for links folder by folder (made here, before the workers fork: they inherit the
        # folders' descriptors). Only the first: with catalogs there, a write may be an
        # exchange the commit checks after it places new folders, which a folder placed
        # (a language's first, say) would outlive if that check stopped the command
        area = config.locales_dir
        first = bool(todo) and not os.path.lexists(area)
        new = store.NewFolders.make(ws.root, [area]) if first else None
        context = _Context(ws, targets, memories, recorder, new)
        counts: dict[str, int] = {}
        # (a generator: the workers fork as the transaction asks for the first job; they
        # are stopped before it rolls back, which removes the new folders' staging)
        jobs = parallel.map_with(_extract_job, context, todo, _FORK_AT, finish=_finish_worker)
        try:
            with store.Transaction(new=new, places_new=True) as tx, contextlib.closing(jobs):
                for n, (source, job) in enumerate(zip(todo, jobs, strict=True), 1):
                    if progress:
                        progress(n, len(todo), source.rel)
                    counts[source.rel] = job.units
                    tx.staged.extend(job.staged)
                    result.units += job.units
                    result.unchanged += job.unchanged
                    result.templates_written.extend(job.templates)
                    result.catalogs_written.extend(job.catalogs)
                    recorder.add(job.pairs)
                    for notice in job.notices:  # each worker reports what it skipped
                        if notice not in result.notices:
                            result.notices.append(notice)
                for notice in memories.take_notices():  # the memories built here
                    if notice not in result.notices:
                        result.notices.append(notice)
                template_todo = _uses_docx_template(config, sources) and not isinstance(
                    cache.get(_TEMPLATE_KEY, _template_fingerprint(ws, targets)), int
                )
                if template_todo:
                    pairs: list[_Written] = []
                    _extract_docx_template(ws, targets, tx, result, recorder, pairs)
                    recorder.add(pairs)
        except BaseException:
            # the workers stopped first (the jobs not started cancelled), while the lock is
            # held: none stages a file or records pairs after this
            jobs.close()
            store.clean_temp_files(config.locales_dir)  # what workers staged for later jobs
            raise
        recorder.settle()  # written: the next build of their memories need not read them
        for source in todo:  # the files as written: the next run can skip them
            cache.put(source.rel, _fingerprint(ws, source, targets), counts[source.rel])
        if template_todo:
            cache.put(_TEMPLATE_KEY, _template_fingerprint(ws, targets), 0)
        cache.save()
    return result


def _clean_temp_files(ws: Workspace, result: ExtractResult) -> None:
    """Remove what a killed run left; a displaced translator's save is kept and named."""
    kept: list[Path] = []
    result.temp_files_removed += store.clean_temp_files(ws.config.locales_dir, kept)
    for path in kept:
        result.notices.append(
            f"{ws.rel(path)}: a save that landed while an earlier run was killed was kept "
            "here; compare it with its catalog and merge by hand"
        )


def _changed_sources(
    ws: Workspace,
    cache: FileCache,
    sources: list[SourceFile],
    targets: tuple[str, ...],
    result: ExtractResult,
) -> list[SourceFile]:
    """The sources to extract: those the cache does not know unchanged (the others are
    counted in ``result`` as they are)."""
    todo: list[SourceFile] = []
    for source in sources:
        units = cache.get(source.rel, _fingerprint(ws, source, targets))
        if isinstance(units, int):  # nothing changed since the last extract
            result.units += units
            result.unchanged += len(targets)
        else:
            todo.append(source)
    return todo


@dataclass(frozen=True, slots=True)
class _Job:
    """What one article's extract staged and found (sent back from a worker)."""

    units: int
    unchanged: int
    staged: list
    templates: list[str]
    catalogs: list[CatalogChange]
    notices: list[str] = field(default_factory=list)
    # each catalog staged and recorded (:class:`_Recorder`)
    pairs: list[_Written] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Context:
    """What every article's extract shares (handed to the workers by the fork)."""

    ws: Workspace
    targets: tuple[str, ...]
    memories: _Memories
    recorder: _Recorder
    # the folders this command makes, staged whole (store.NewFolders), or None
    new: store.NewFolders | None = None
    # the folders written to and checked so far (store.Transaction.folders), one memo for
    # every job of a process: an article's folders are those of many other articles
    folders: dict[str, tuple[tuple[str, int, int], ...]] = field(default_factory=dict)


def _finish_worker(context: _Context) -> None:
    """As a worker stops: the pairs it recorded last, written."""
    context.recorder.finish()


def _extract_job(context: _Context, source: SourceFile) -> _Job:
    ws, targets, memories = context.ws, context.targets, context.memories
    tx = store.Transaction(root=ws.root, folders=context.folders, new=context.new)
    part = ExtractResult()
    pairs: list[_Written] = []
    try:
        written = _written_paths(ws, source.slug, targets)  # once for the whole job
        units = _extract_one(
            ws, source, targets, memories, written, tx, part, context.recorder, pairs
        )
    except BaseException:
        tx.rollback()
        raise
    return _Job(
        units,
        part.unchanged,
        tx.staged,
        part.templates_written,
        part.catalogs_written,
        memories.take_notices(),
        pairs,
    )


def _written_paths(ws: Workspace, slug: str, targets: tuple[str, ...]) -> list[Path]:
    """What extract writes for an article: its template, then each target's catalog
    (found once a run: each path is checked against links leading out of locales/)."""
    return [ws.template_path(slug), *(ws.catalog_path(lang, slug) for lang in targets)]


def _fingerprint(ws: Workspace, source: SourceFile, targets: tuple[str, ...]) -> list:
    """Everything an article's extract depends on: settings and the stat of every file
    (the source; what extract writes, its template and each target's catalog, with no
    race check), one ``lstat`` a file (:meth:`.Workspace.catalog_stat`: extract plans
    every article of the workspace)."""
    c = ws.config
    settings = f"{__version__}|{c.source_language}|{c.segmentation}|{','.join(targets)}"
    found = [ws.template_stat(source.slug)[1]]
    found += [ws.catalog_stat(language, source.slug)[1] for language in targets]
    return [
        settings,
        stat_key(source.path),
        *(None if st is None else written_key_of(st) for st in found),
    ]


def _extract_one(
    ws: Workspace,
    source: SourceFile,
    targets: tuple[str, ...],
    memories: _Memories,
    written: list[Path],
    tx: store.Transaction,
    result: ExtractResult,
    recorder: _Recorder,
    pairs: list[_Written],
) -> int:
    """Extract one article; returns its number of units (``recorder``, ``pairs``: see
    _write_catalogs)."""
    config = ws.config
    reader = reader_for(source.path)
    data = reader.load(source)  # read once, with the format's limits: parsed and digested
    document = reader.read(source, data)
    units = segment(document.blocks, config.segmentation, config.source_language)
    digest = source_digest(data)
    template = build_template(
        source.slug,
        source.rel,
        ((u.text, str(u.role)) for u in units),
        digest,
        now_stamp(),
        document.unextracted,
    )
    _write_catalogs(
        ws,
        written,
        template,
        targets,
        lambda language: functools.partial(memories.get, language),
        tx,
        result,
        recorder,
        pairs,
    )
    return len({u.text for u in units})


def _write_catalogs(
    ws: Workspace,
    written: list[Path],
    template: Catalog,
    targets: tuple[str, ...],
    memory: Callable[[str], Any],
    tx: store.Transaction,
    result: ExtractResult,
    recorder: _Recorder,
    pairs: list[_Written],
) -> None:
    """Stage ``template`` (unless only its dates would change) and each language's catalog
    merged with it; ``memory(language)`` is the translation memory for new units.
    ``written``: the template's path, then each target's catalog path (_written_paths).
    What each catalog staged gives its language's memory is recorded (``recorder``:
    :func:`_catalog_pairs` of the catalog as written, the reader reading it back so,
    :func:`.scan.summary_of` being the summary :func:`.scan.scan_po` gives of its
    bytes), and ``pairs`` gets its path from the root and the identity of the file staged."""
    from transflow.catalog.tmdisk import pairs_text

    pot_path = written[0]
    pot_rel = ws.rel(pot_path)
    old_pot, pot_identity = store.load_optional(pot_path, pot_rel)
    if old_pot is not None and same_content(old_pot, template):
        template = old_pot  # keep its dates: nothing changed
    elif tx.write(pot_path, store.serialize(template), pot_rel, pot_identity):
        result.templates_written.append(pot_rel)
    for language, path in zip(targets, written[1:], strict=True):
        rel = ws.rel(path)
        old, identity = store.load_optional(path, rel)
        info = langs.info(language)
        header = catalog_header(template, old, language, info.name, langs.plural_forms(language))
        merged = merge(template, old, header, memory(language), origin=rel)
        if merged.catalog == old:
            # nothing to change: keep the file as the translator's tool wrote it
            result.unchanged += 1
            continue
        if tx.write(path, store.serialize(merged.catalog), rel, identity):
            staged = _staged_identity(tx, path, rel)
            if staged is not None:
                recorder.record(rel, pairs_text(_catalog_pairs(merged.catalog)))
                pairs.append((rel, staged))
            result.catalogs_written.append(
                CatalogChange(
                    path=rel,
                    created=old is None,
                    kept=merged.kept,
                    fuzzy=merged.fuzzy_from_previous + merged.from_memory_fuzzy,
                    from_memory=merged.from_memory_exact + merged.from_memory_fuzzy,
                    obsoleted=merged.obsoleted,
                    untranslated=merged.new_untranslated,
                )
            )
        else:
            result.unchanged += 1
    if tx.new is not None:
        tx.new.forget_written()  # what was not taken above (the template's): not kept


# ---------------------------------------------------------------- the letterhead's words


def _uses_docx_template(config: Config, sources: list[SourceFile]) -> bool:
    """Whether DOCX exports are built on a template document (the built-in press-release
    template or the reference document): DOCX is exported and a text or Markdown source
    is there (:func:`.letterhead.wanted`)."""
    from transflow.workspace.letterhead import wanted

    return wanted(config, (s.path for s in sources))


_TEMPLATE_KEY = "transflow.toml#docx-template"


def _template_fingerprint(ws: Workspace, targets: tuple[str, ...]) -> list:
    from transflow.workspace.letterhead import TEMPLATE_SLUG

    c = ws.config
    settings = f"{__version__}|{c.organisation}|{c.segmentation}|{c.reference_docx}|"
    settings += ",".join(targets)
    written = [ws.template_path(TEMPLATE_SLUG)]  # what extract writes: no race check
    written += [ws.catalog_path(lang, TEMPLATE_SLUG) for lang in targets]
    reference = stat_key(c.reference_docx) if c.reference_docx is not None else None
    return [settings, reference, *(written_key(p) for p in written)]


def _extract_docx_template(
    ws: Workspace,
    targets: tuple[str, ...],
    tx: store.Transaction,
    result: ExtractResult,
    recorder: _Recorder,
    pairs: list[_Written],
) -> None:
    """The letterhead's words (:mod:`.letterhead`: the built-in template's label, footer
    and organisation name, or the reference document's headers and footers) as the units
    of ``locales/templates/_template.pot`` and ``locales/<lang>/_template.po``, merged like
    an article's catalog (no translation memory: a few short strings)."""
    from transflow.workspace import letterhead

    found = letterhead.load(ws.config)
    units = found.units
    if not units and not ws.template_path(letterhead.TEMPLATE_SLUG).exists():
        return  # a letterhead without words: no catalog to translate
    template = build_template(letterhead.TEMPLATE_SLUG, found.rel, units, found.digest, now_stamp())
    _write_catalogs(
        ws,
        _written_paths(ws, letterhead.TEMPLATE_SLUG, targets),
        template,
        targets,
        lambda language: None,
        tx,
        result,
        recorder,
        pairs,
    )


__all__ = ["ExtractResult", "header_value", "run"]
