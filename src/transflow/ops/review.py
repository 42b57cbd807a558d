"""``review import``: a reviewer's edits back into the catalogs, with nothing overwritten.

Per row (matched to its entry by the document's review data, :mod:`.manifest`):

* the translation unchanged (same markup as exported) and no comment: *unchanged*;
* a changed translation replaces the entry's, which becomes translated (no fuzzy flag,
  no ``#|`` previous source); the translation it replaces is kept in a translator comment
  ``# before review (<file>): …``;
* a comment (the comment column, or a Word comment anchored in the row) becomes a
  translator comment ``# review (<file>): …``; the same comment is never added twice;
* a *conflict* leaves the entry as it is and keeps the reviewer's translation in
  ``# review suggestion (<file>): …``: the entry's translation (or fuzzy flag) changed
  in the catalog since the export, or its source text changed (the entry is now fuzzy
  with the reviewed text as ``#|`` previous source, or obsolete);
* *refused*: a translation the catalog markup cannot hold (superscript, a colour, a
  picture…), a placeholder or image lost or duplicated, an emptied translation;
* a row whose entry is nowhere in the catalog any more is *gone*.

A file that is not a review document, for another workspace, a language or article
that is not here, with rows added, deleted, reordered or merged, is bad input: nothing
is written for any file. Writes are the catalogs' staged, identity-checked transaction
under the workspace lock.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from transflow.catalog.edits import CatalogEdit, open_catalog, short, write_changed
from transflow.catalog.entries import Entry
from transflow.catalog.template import now_stamp
from transflow.core import inline
from transflow.core.errors import InputError
from transflow.exchange.inline_codes import canonical
from transflow.lang import codes as langs
from transflow.ops.xliff import base_digest
from transflow.review import read as reader
from transflow.workspace import store
from transflow.workspace.config import Config
from transflow.workspace.paths import Workspace


@dataclass(frozen=True, slots=True)
class RowNote:
    where: str  # "review/ru/a.docx: row 4"
    kind: str  # "refused", "conflict", "gone", "notice"
    message: str


@dataclass
class Outcome:
    """What an import did (or would do) to one catalog."""

    path: str
    article: str
    language: str
    changed: int = 0
    commented: int = 0
    conflicts: int = 0
    unchanged: int = 0
    refused: int = 0
    gone: int = 0
    written: bool = False


@dataclass
class ImportResult:
    catalogs: list[Outcome] = field(default_factory=list)
    notes: list[RowNote] = field(default_factory=list)
    tracked: list[str] = field(default_factory=list)  # files whose tracked changes were accepted
    dry_run: bool = False

    @property
    def failed(self) -> bool:
        return any(c.conflicts or c.refused for c in self.catalogs)


@dataclass
class _Work(CatalogEdit):
    outcome: Outcome = field(default_factory=lambda: Outcome("", "", ""))


def import_review(config: Config, paths: list[Path], dry_run: bool = False) -> ImportResult:
    ws = Workspace(config)
    docs = [(str(p), p.name, reader.read(p, str(p))) for p in paths]
    if dry_run:
        return _import(ws, docs, True)
    with store.workspace_lock(config.state_dir):
        return _import(ws, docs, False)


def _import(ws: Workspace, docs: list, dry_run: bool) -> ImportResult:
    config = ws.config
    result = ImportResult(dry_run=dry_run)
    sources = {s.slug: s for s in ws.sources()}
    work: dict[tuple[str, str], _Work] = {}
    planned: list[tuple[str, str, reader.ReviewDoc, _Work]] = []
    for rel, name, doc in docs:
        m = doc.manifest
        if m.source_language != config.source_language:
            raise InputError(
                rel,
                f"made from {m.source_language} sources; this workspace translates from "
                f"{config.source_language} (a review document of another workspace?)",
            )
        try:
            language = langs.normalize(m.language)
        except InputError:
            raise InputError(rel, f"unknown language {m.language!r} in the review data") from None
        if language not in config.languages:
            raise InputError(
                rel,
                f"is for {language}, which this workspace does not translate into "
                f"(made in workspace {m.workspace!r}?)",
            )
        source = sources.get(m.article)
        if source is None or source.rel != m.source:
            raise InputError(
                rel,
                f"is for article {m.article} ({m.source}), which is not in this workspace "
                f"(made in workspace {m.workspace!r}?)",
            )
        key = (language, m.article)
        if key not in work:
            cpath, crel, catalog, identity = open_catalog(ws, language, m.article, rel)
            work[key] = _Work(
                cpath,
                crel,
                catalog,
                identity,
                list(catalog.entries),
                Outcome(crel, m.article, language),
            )
        w = work[key]
        known = {(e.msgctxt, e.msgid) for e in w.catalog.entries} | {
            (e.previous_msgctxt, e.previous_msgid) for e in w.catalog.entries if e.previous_msgid
        }
        if doc.rows and not any((r.data.msgctxt, r.data.msgid) in known for r in doc.rows):
            raise InputError(
                rel,
                f"none of its {len(doc.rows)} units is in {w.rel} (a review document of "
                "another workspace, or of a much older version of the article?)",
            )
        planned.append((rel, name, doc, w))
        if doc.tracked:
            result.tracked.append(rel)
    for rel, name, doc, w in planned:
        for row in doc.rows:
            _apply(w, row, rel, name, result)
    result.catalogs.extend(w.outcome for w in work.values())
    changed = [w for w in work.values() if w.changed]
    if not dry_run:
        for w, written in zip(changed, write_changed(changed, now_stamp()), strict=True):
            w.outcome.written = written
    return result


def _one_line(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n")


def _add_comments(entry: Entry, comments: list[str]) -> Entry:
    new = [c for c in comments if c not in entry.translator_comments]
    if not new:
        return entry
    return replace(entry, translator_comments=(*entry.translator_comments, *new), lineno=0)


def _find(w: _Work, msgctxt: str | None, msgid: str) -> tuple[int | None, str | None]:
    """(index, None) of the live entry; (index, why) of an entry whose source changed
    since the export; (None, None) when it is gone."""
    for i, e in enumerate(w.entries):
        if not e.obsolete and e.msgid == msgid and e.msgctxt == msgctxt:
            return i, None
    for i, e in enumerate(w.entries):
        if not e.obsolete and e.previous_msgid == msgid:
            return i, "the source text changed since the review document was made"
    for i, e in enumerate(w.entries):
        if e.obsolete and e.msgid == msgid and e.msgctxt == msgctxt:
            return i, "the unit was removed from the article since the review document was made"
    return None, None


def _apply(w: _Work, row: reader.Row, rel: str, name: str, result: ImportResult) -> None:
    where = f"{rel}: row {row.n}"
    out = w.outcome
    data = row.data

    def note(kind: str, message: str) -> None:
        result.notes.append(RowNote(where, kind, f"{out.article}: {message}"))

    if row.source_edited:
        note(
            "notice", "the source column was edited; source edits are ignored (change the article)"
        )
    comments = [f"review ({name}): {_one_line(c)}" for c in row.comments]
    row, edited = _edited(row)
    text = row.translation
    i, moved = _find(w, data.msgctxt, data.msgid)
    if i is None:
        if edited or comments or row.problem:
            out.gone += 1
            note("gone", "the unit is no longer in the article: " + short(inline.plain(data.msgid)))
        else:
            out.unchanged += 1
        return
    if row.problem is not None:
        out.refused += 1
        note("refused", f"the translation was not imported: {row.problem}")
        if comments:
            w.entries[i] = _add_comments(w.entries[i], comments)
            out.commented += 1
        return
    if not edited and not comments:
        out.unchanged += 1
        return
    entry = w.entries[i]
    if moved is not None:
        extra = [f"review suggestion ({name}): {_one_line(text or '')}"] if edited else []
        w.entries[i] = _add_comments(entry, extra + comments)
        out.conflicts += 1
        note(
            "conflict",
            f"{moved}; catalog left as it is, the reviewer's {_kept(edited, bool(comments))}",
        )
        return
    if edited:
        assert text is not None
        if canonical(text) == canonical(entry.msgstr) and entry.is_translated:
            edited = False  # the catalog has the reviewer's translation already
    if edited:
        assert text is not None
        if base_digest(entry) != data.base:
            w.entries[i] = _add_comments(
                entry, [f"review suggestion ({name}): {_one_line(text)}", *comments]
            )
            out.conflicts += 1
            note(
                "conflict",
                "the translation in the catalog changed since the review document was made; "
                "catalog left as it is, the reviewer's translation kept as a comment",
            )
            return
        history = [f"before review ({name}): {_one_line(entry.msgstr)}"] if entry.msgstr else []
        new = _add_comments(entry, history + comments)
        w.entries[i] = replace(
            new,
            msgstr=text,
            flags=tuple(f for f in entry.flags if f != "fuzzy"),
            previous_msgid=None,
            previous_msgctxt=None,
            previous_msgid_plural=None,
            lineno=0,
        )
        out.changed += 1
        if comments:
            out.commented += 1
        return
    updated = _add_comments(entry, comments)
    if updated == entry:
        out.unchanged += 1
    else:
        w.entries[i] = updated
        out.commented += 1


def _edited(row: reader.Row) -> tuple[reader.Row, bool]:
    """Whether the reviewer changed the translation; a change with broken markup becomes
    the row's problem (not an edit)."""
    data = row.data
    before = canonical(data.msgstr) if data.msgstr else ""
    text = row.translation
    if row.problem is not None or text is None or canonical(text) == before:
        return row, False
    problem = _markup_problem(text, data.msgid)
    if problem:
        return replace(row, problem=problem), False
    return row, True


def _kept(edited: bool, commented: bool) -> str:
    """What of a review row a conflict keeps as comments."""
    if edited and commented:
        return "translation and comment kept as comments"
    return "translation kept as a comment" if edited else "comment kept"


def _markup_problem(text: str, msgid: str) -> str | None:
    if not text.strip():
        return "the translation was emptied (remove a translation in the catalog, not in review)"
    bad = inline.problems(text)
    if bad:
        return bad[0]
    want = Counter(inline.placeholders(msgid))
    got = Counter(inline.placeholders(text))
    for ph in sorted(want - got):
        return f"placeholder {{{ph}}} was deleted; keep each placeholder exactly once"
    for ph in sorted(got - want):
        return f"placeholder {{{ph}}} appears more often than in the source"
    want_img = sum(1 for sp in inline.parse(msgid) if sp.image is not None)
    got_img = sum(1 for sp in inline.parse(text) if sp.image is not None)
    if want_img != got_img:
        return f"{want_img} image(s) in the source, {got_img} in the reviewed translation"
    return None
