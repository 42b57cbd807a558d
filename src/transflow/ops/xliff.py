"""``xliff export`` and ``xliff import``: catalogs to XLIFF for agencies, and back as a merge.

Import policy, per unit (matched by its source text in the article named by ``<file
original>``):

* the target's codes must be exactly the source's (none lost, duplicated, unknown or
  broken), else the unit is *refused* with the reason; other units still import;
* the catalog's translation must be what it was at export (a digest in the file), else
  the ``.po`` was edited meanwhile: a *conflict*;
* a unit whose source text changed since the export (the entry is now fuzzy with the
  exported text as its previous source, or obsolete): a *conflict*;
* a conflict leaves the entry as it is and keeps the XLIFF's translation in a translator
  comment (``# xliff <file>: <translation>``), shown by every PO editor;
* a unit whose text is nowhere in the article any more is reported as *gone*; a file none
  of whose units exist is bad input (exit 3).

Nothing is written when any input is bad; ``dry_run`` reports without writing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path

from transflow.catalog.edits import CatalogEdit, open_catalog, short, write_changed
from transflow.catalog.entries import Entry
from transflow.catalog.template import now_stamp
from transflow.core import inline
from transflow.core.errors import InputError
from transflow.exchange import xliff
from transflow.exchange.inline_codes import canonical
from transflow.lang import codes as langs
from transflow.workspace import store
from transflow.workspace.config import Config
from transflow.workspace.paths import Workspace

WHICH = ("all", "todo")


def bcp47(code: str) -> str:
    return code.replace("_", "-")


def base_digest(entry: Entry) -> str:
    """What the catalog held for an entry at export: translation and fuzzy flag."""
    text = ("fuzzy\0" if entry.fuzzy else "\0") + entry.msgstr
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: str
    language: str
    version: str
    articles: int
    units: int
    translated: int
    fuzzy: int
    untranslated: int


def export_xliff(
    config: Config,
    language: str,
    articles: list[str] | None = None,
    version: str = "2.1",
    which: str = "all",
    output: Path | None = None,
) -> ExportResult:
    """Write one XLIFF file of a language's units (``which``: "all" or "todo", the
    untranslated and fuzzy ones), one ``<file>`` per article."""
    ws = Workspace(config)
    language = langs.normalize(language)
    if language not in config.languages:
        raise InputError(None, f"language {language} is not configured in this workspace")
    if which not in WHICH:
        raise InputError(None, f"--units must be one of {', '.join(WHICH)}")
    known = {s.slug for s in ws.sources()}
    for a in articles or []:
        if a not in known:
            raise InputError(a, "no such article (give its slug, as in locales/<lang>/<slug>.po)")
    files: list[xliff.OutFile] = []
    counts = {"translated": 0, "fuzzy": 0, "untranslated": 0}
    for source, _lang, path, rel in ws.existing_catalogs((language,), articles):
        catalog, _ = store.load(path, rel)
        units: list[xliff.OutUnit] = []
        for n, e in enumerate(catalog.live, 1):
            if e.msgid_plural is not None:
                continue
            state = (
                "translated"
                if e.is_translated
                else "fuzzy"
                if e.fuzzy and e.msgstr
                else "untranslated"
            )
            if which == "todo" and state == "translated":
                continue
            counts[state] += 1
            units.append(
                xliff.OutUnit(
                    id=f"u{n}",
                    source=e.msgid,
                    target=e.msgstr if state != "untranslated" else None,
                    state=state,
                    base=base_digest(e),
                    roles=e.extracted_comments,
                    comments=e.translator_comments,
                    previous=e.previous_msgid if e.fuzzy else None,
                    references=e.references,
                )
            )
        if units:
            files.append(xliff.OutFile(source.rel, tuple(units)))
    if not files:
        raise InputError(None, f"nothing to export for {language} (run 'transflow extract' first?)")
    data = xliff.write(files, bcp47(config.source_language), bcp47(language), version)
    target = output or config.root / "exports" / "xliff" / f"{language}.xlf"
    rel = ws.rel(target)
    with store.Transaction() as tx:
        tx.write(target, data, rel)
    return ExportResult(rel, language, version, len(files), sum(counts.values()), **counts)


# --- import --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UnitNote:
    """One unit the import did not apply, and why."""

    where: str  # "file.xlf:123"
    kind: str  # "refused", "conflict", "gone"
    message: str


@dataclass
class CatalogOutcome:
    path: str
    article: str
    language: str
    updated: int = 0
    unchanged: int = 0
    empty: int = 0
    conflicts: int = 0
    refused: int = 0
    gone: int = 0
    written: bool = False


@dataclass
class ImportResult:
    catalogs: list[CatalogOutcome] = field(default_factory=list)
    notes: list[UnitNote] = field(default_factory=list)
    dry_run: bool = False

    @property
    def updated(self) -> int:
        return sum(c.updated for c in self.catalogs)


@dataclass
class _Work(CatalogEdit):
    outcome: CatalogOutcome = field(default_factory=lambda: CatalogOutcome("", "", ""))
    _index: dict[str, int] | None = None

    @property
    def index(self) -> dict[str, int]:
        """Live entries by canonical msgid (msgids never change during an import)."""
        if self._index is None:
            self._index = {
                canonical(e.msgid): i
                for i, e in enumerate(self.entries)
                if not e.obsolete and e.msgid
            }
        return self._index


def import_xliff(config: Config, paths: list[Path], dry_run: bool = False) -> ImportResult:
    """Merge translations from XLIFF files into the catalogs (see the module docstring)."""
    ws = Workspace(config)
    docs = [(p, _shown(p), _read(p)) for p in paths]
    if dry_run:
        return _import(ws, docs, dry_run=True)
    with store.workspace_lock(config.state_dir):
        return _import(ws, docs, dry_run=False)


def _shown(path: Path) -> str:
    return str(path)


def _read(path: Path) -> xliff.InDoc:
    rel = _shown(path)
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise InputError(rel, "is a folder, not an XLIFF file") from None
    except OSError as exc:
        raise InputError(rel, f"cannot be read: {exc.strerror}") from None
    return xliff.read(data, rel)


def _import(
    ws: Workspace, docs: list[tuple[Path, str, xliff.InDoc]], dry_run: bool
) -> ImportResult:
    config = ws.config
    result = ImportResult(dry_run=dry_run)
    sources = {s.rel: s for s in ws.sources()}
    work: dict[tuple[str, str], _Work] = {}
    stamp = now_stamp()
    for path, rel, doc in docs:
        src = _language(doc.source_language, rel, "source")
        if not _same_language(src, config.source_language):
            raise InputError(
                rel,
                f"source language is {doc.source_language}, this workspace translates from "
                f"{bcp47(config.source_language)}",
                2,
            )
        if not doc.target_language:
            raise InputError(rel, "no target language (trgLang / target-language)", 2)
        language = _language(doc.target_language, rel, "target")
        if language not in config.languages:
            raise InputError(
                rel, f"target language {language} is not configured in this workspace", 2
            )
        for f in doc.files:
            source = _article(f.original, sources, config.languages)
            if source is None:
                raise InputError(rel, f"article {f.original} is not in this workspace", f.line)
            key = (language, source.slug)
            if key not in work:
                cpath, crel, catalog, identity = open_catalog(
                    ws, language, source.slug, rel, f.line
                )
                work[key] = _Work(
                    cpath,
                    crel,
                    catalog,
                    identity,
                    list(catalog.entries),
                    CatalogOutcome(crel, source.slug, language),
                )
            w = work[key]
            found = sum(_apply(w, u, rel, path.name, result) for u in f.units)
            if f.units and not found:
                raise InputError(
                    rel,
                    f"none of the {len(f.units)} units of {f.original} exists in {w.rel} "
                    "(an XLIFF from another version of the article?)",
                    f.line,
                )
    result.catalogs.extend(w.outcome for w in work.values())
    changed = [w for w in work.values() if w.changed]
    if not dry_run:
        for w, written in zip(changed, write_changed(changed, stamp), strict=True):
            w.outcome.written = written
    return result


def _same_language(found: str, wanted: str) -> bool:
    """``en_US`` in a file for an ``en`` workspace is the same source language."""
    return found == wanted or ("_" not in wanted and found.split("_")[0] == wanted)


def _article(original: str, sources: dict, languages: tuple[str, ...]):
    """The article a ``<file original>`` names: its source path, or (a file made from a
    catalog by another tool) ``…/locales/<lang>/<slug>.po``."""
    if original in sources:
        return sources[original]
    if original.endswith((".po", ".pot")):
        path = original.replace("\\", "/")
        slug = None
        for lang in (*languages, "templates"):
            marker = f"locales/{lang}/"
            if marker in path:
                slug = path.rsplit(marker, 1)[1].rsplit(".", 1)[0]
        slug = slug or path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        return next((s for s in sources.values() if s.slug == slug), None)
    return None


def _language(code: str, rel: str, what: str) -> str:
    try:
        return langs.normalize(code)
    except InputError:
        raise InputError(rel, f"unknown {what} language {code!r}", 2) from None


def _apply(w: _Work, u: xliff.InUnit, rel: str, name: str, result: ImportResult) -> bool:
    """Apply one unit to the work catalog; True when its source exists in some form."""
    where = f"{rel}:{u.line}"
    out = w.outcome
    index = w.index
    target = u.target
    i = index.get(u.source)
    if i is None and u.problem is None and _is_raw(u.source):
        # a tool wrote our markup as plain text (Translate Toolkit's po2xliff): read it as markup
        raw_source = _unescape_plain(u.source)
        i = index.get(canonical(raw_source))
        if i is not None and target is not None:
            raw = _unescape_plain(target)
            bad = inline.problems(raw)
            if bad or inline.formatting_signature(raw) != inline.formatting_signature(raw_source):
                u = replace(
                    u, problem="the markup (formatting, links, codes) was changed or broken"
                )
                target = None
            else:
                target = canonical(raw)
    if i is None:
        return _elsewhere(w, u, target, where, name, result)
    entry = w.entries[i]
    if u.problem is not None:
        out.refused += 1
        result.notes.append(UnitNote(where, "refused", f"{w.outcome.article}: {u.problem}"))
        return True
    if target is None:
        out.empty += 1
        return True
    fuzzy = u.fuzzy
    if target == entry.msgstr and fuzzy == entry.fuzzy:
        out.unchanged += 1
        return True
    edited = (
        u.base != base_digest(entry)
        if u.base is not None
        else entry.is_translated and entry.msgstr != target
    )
    if edited:
        _conflict(
            w,
            i,
            target,
            name,
            where,
            "the translation in the catalog changed since the export",
            result,
        )
        return True
    flags = tuple(f for f in entry.flags if f != "fuzzy")
    if fuzzy:
        flags = ("fuzzy", *flags)
    new = replace(entry, msgstr=target, flags=flags, lineno=0)
    if not fuzzy:
        new = replace(new, previous_msgid=None, previous_msgctxt=None, previous_msgid_plural=None)
    w.entries[i] = new
    out.updated += 1
    return True


def _is_raw(source: str) -> bool:
    return "\\" in source


def _unescape_plain(markup: str) -> str:
    """The plain text of markup without codes (what a tool that knows no codes wrote)."""
    return "".join(sp.text for sp in inline.parse(markup))


def _elsewhere(
    w: _Work, u: xliff.InUnit, target: str | None, where: str, name: str, result: ImportResult
) -> bool:
    """A unit whose source is not a live entry: changed since the export, or gone."""
    for i, e in enumerate(w.entries):
        previous = e.previous_msgid if not e.obsolete else e.msgid
        if previous is not None and canonical(previous) == u.source:
            if target is not None and u.problem is None:
                why = (
                    "the source text changed since the export"
                    if not e.obsolete
                    else (
                        "the unit was removed from the article since the export (kept as obsolete)"
                    )
                )
                _conflict(w, i, target, name, where, why, result)
            else:
                w.outcome.conflicts += 1
                result.notes.append(
                    UnitNote(
                        where,
                        "conflict",
                        f"{w.outcome.article}: the source text changed since the export",
                    )
                )
            return True
    w.outcome.gone += 1
    result.notes.append(
        UnitNote(
            where,
            "gone",
            f"{w.outcome.article}: the unit is no longer in the article: {short(u.source)}",
        )
    )
    return False


def _conflict(
    w: _Work, i: int, target: str, name: str, where: str, why: str, result: ImportResult
) -> None:
    entry = w.entries[i]
    comment = f"xliff {name}: " + target.replace("\\", "\\\\").replace("\n", "\\n")
    if comment not in entry.translator_comments:
        w.entries[i] = replace(
            entry, translator_comments=(*entry.translator_comments, comment), lineno=0
        )
    w.outcome.conflicts += 1
    result.notes.append(
        UnitNote(
            where,
            "conflict",
            f"{w.outcome.article}: {why}; catalog left as it is, the XLIFF translation kept as a comment",
        )
    )
