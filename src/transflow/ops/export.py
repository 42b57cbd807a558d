"""``export``: catalogs + sources -> localized Markdown and DOCX in ``exports/<lang>/``.

Only translated, non-fuzzy entries are used. An article below its language's threshold
is not exported, and an export left from an earlier run is removed (unless ``keep``),
so nothing stale looks current. With a lower threshold, missing units fall back to the
source text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path

from transflow.catalog.entries import parse_header
from transflow.catalog.poparse import parse_po
from transflow.catalog.scan import scan_plain
from transflow.catalog.template import header_value
from transflow.core.inline import parse, render
from transflow.core.model import Block, BlockKind, Document, LanguageInfo, SourceFile
from transflow.formats import ExportContext, read_source, writer_for
from transflow.lang import codes as langs
from transflow.lang.localize import localize_numbers
from transflow.ops import parallel
from transflow.segment.sentences import block_units, is_noise, units_of
from transflow.workspace import store
from transflow.workspace.config import Config
from transflow.workspace.paths import Workspace


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
    writers: dict
    threshold: float | None
    keep: bool


def run(
    config: Config,
    selected: list[Path] | None = None,
    languages: list[str] | None = None,
    formats: list[str] | None = None,
    threshold: float | None = None,
    keep: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
) -> ExportReport:
    """Export every article in every language; articles are independent, so a big
    workspace is exported on every core. All-or-nothing, like extract."""
    global _STATE
    ws = Workspace(config)
    targets = langs.select(config.languages, languages)
    fmts = tuple(formats) if formats else config.formats
    writers = {f: writer_for(f) for f in fmts}
    sources = ws.sources(selected)
    report = ExportReport()
    _STATE = _Run(ws, tuple(targets), tuple(fmts), writers, threshold, keep)
    with store.workspace_lock(config.state_dir) as lock:
        if lock.notice:
            report.notices.append(lock.notice)
        store.clean_temp_files(config.exports_dir)
        try:
            with store.Transaction() as tx:
                jobs = parallel.map_ordered(_export_article, sources)
                for n, (source, (staged, removals, outcomes)) in enumerate(
                    zip(sources, jobs, strict=True), 1
                ):
                    if progress:
                        progress(n, len(sources), source.rel)
                    tx.staged.extend(staged)
                    tx.removals.extend(removals)
                    report.outcomes.extend(outcomes)
        except BaseException:
            store.clean_temp_files(config.exports_dir)
            raise
        finally:
            _STATE = None
    return report


_STATE: _Run | None = None


@dataclass(frozen=True, slots=True)
class _Article:
    """One source article, read and segmented, and where its exports are staged."""

    source: SourceFile
    document: Document
    pairs: list[tuple[int, str]]
    tx: store.Transaction
    report: ExportReport


def _export_article(source: SourceFile) -> tuple[list, list, list[Outcome]]:
    """Stage one article's exports in every language (runs in a worker on big workspaces)."""
    assert _STATE is not None
    plan = _STATE
    config = plan.ws.config
    tx = store.Transaction(root=plan.ws.root)
    report = ExportReport()
    try:
        document = read_source(source)
        pairs = units_of(document.blocks, config.segmentation, config.source_language)
        article = _Article(source, document, pairs, tx, report)
        for language in plan.targets:
            need = plan.threshold if plan.threshold is not None else config.threshold_for(language)
            _export_one(plan, article, language, need)
    except BaseException:
        tx.rollback()
        raise
    return tx.staged, tx.removals, report.outcomes


def _export_one(plan: _Run, article: _Article, language: str, need: float) -> None:
    ws, config, keep = plan.ws, plan.ws.config, plan.keep
    source, document, pairs = article.source, article.document, article.pairs
    tx, report = article.tx, article.report
    path = ws.catalog_path(language, source.slug)
    translations: dict[str, str] = {}
    emptied = False  # a catalog cut down to its header: never a reason to delete exports
    unusable: tuple[str, ...] = ()
    revised = ""
    if path.exists():
        rel = ws.rel(path)
        data = store.read_bytes(path, rel, store.MAX_CATALOG_BYTES)
        plain = scan_plain(data, rel)  # the lean reader; None: the strict reader decides
        if plain is not None:  # no plural entry, no context, nothing no document can carry
            emptied = not plain.live and bool(pairs)
            translations = {e.msgid: e.msgstr for e in plain.live if e.translated}
            revised = next((v for k, v in parse_header(plain.header) if k == _REVISED), "")
            revised = revised[:10]
        else:
            catalog = parse_po(data, rel)
            emptied = not catalog.entries and bool(pairs)
            translations = usable_translations(catalog)
            unusable = _unwritable(catalog, rel, translations) + _plural_notes(catalog, rel)
            revised = header_value(catalog, _REVISED)[:10]
    distinct = {text for _, text in pairs}
    done = sum(1 for text in distinct if text in translations)
    total = len(distinct)
    percent = done * 100.0 / total if total else 100.0
    info = langs.info(language)
    blockers = tuple(f"text not extracted: {what}" for what in document.unextracted)
    blockers += unusable
    if emptied:
        keep = True
        blockers += (
            f"{ws.rel(path)} has no entries left (cut or damaged?): restore it or run "
            "extract; earlier exports are kept",
        )
    complete = percent >= need and not (blockers and need >= 100)
    for fmt in plan.formats:
        out = ws.export_path(language, source.slug, fmt)
        rel = ws.rel(out)
        if not complete:
            action = Action.REFUSED
            if out.exists() and not keep:
                tx.remove(out, rel)
                action = Action.REMOVED
            report.outcomes.append(
                Outcome(source.slug, language, fmt, rel, action, done, total, need, blockers)
            )
            continue
        translated = translate_document(
            document, config.segmentation, config.source_language, translations, info
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
            revision_date=revised if re.fullmatch(r"\d{4}-\d{2}-\d{2}", revised) else "",
        )
        rendered = plan.writers[fmt](translated, out, context)
        changed = tx.write(out, rendered.data, rel)
        for name, data in rendered.assets:
            asset = ws.export_asset_path(out, name)
            changed = tx.write(asset, data, ws.rel(asset)) or changed
        notes = (*document.notices, *rendered.warnings, *letterhead_notes, *blockers)
        action = Action.WRITTEN if changed else Action.UNCHANGED
        report.outcomes.append(
            Outcome(source.slug, language, fmt, rel, action, done, total, need, notes)
        )


_REVISED = "PO-Revision-Date"

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


def translate_document(
    document: Document,
    mode: str,
    source_language: str,
    translations: dict[str, str],
    language: LanguageInfo,
) -> Document:
    """The document with each block's units replaced by their translations (or sources).

    Pieces are joined with the whitespace the source had between them when it holds a
    line break or more than one space, otherwise with the target language's separator;
    noise pieces (numbers, bare URLs…) are kept, their quantities written in the target
    locale's notation (:mod:`transflow.lang.localize`)."""
    blocks: list[Block] = []
    for block in document.blocks:
        pieces = block_units(block, mode, source_language)
        if not pieces or block.kind is BlockKind.RAW:
            blocks.append(block)
            continue
        out: list[str] = []
        for n, (text, gap) in enumerate(pieces):
            fallback = not is_noise(text) and text not in translations
            if is_noise(text):
                out.append(_localized(text, source_language, language.code))
            else:
                out.append(translations.get(text, text))
            if gap:
                # source-language text falling back into a spaceless language keeps the
                # source's space ("First sentence. Second sentence.", not "….Second…")
                nxt = pieces[n + 1][0] if n + 1 < len(pieces) else ""
                spaced = fallback or (nxt and nxt not in translations and not is_noise(nxt))
                out.append(_gap(gap, language.word_separator or (" " if spaced else "")))
        text = block.text  # whitespace around the units (a leading &nbsp;) is kept
        lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
        blocks.append(replace(block, text=lead + "".join(out).strip() + trail))
    return replace(document, blocks=tuple(blocks))


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
