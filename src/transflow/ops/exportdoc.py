"""One article's exports in the languages asked: its source read and segmented once,
each language's catalog read, the document translated and written by its format's
writer, staged in the run's transaction (the work :mod:`transflow.ops.export` hands to
its workers, imported only when there is some: a run the cache replays whole never
loads a reader, a writer or a catalog parser). Also the translation of a document that
other commands share (:func:`translate_document`, the review's and the letterhead's)."""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, cast

from transflow.catalog.entries import parse_header
from transflow.catalog.poparse import parse_po
from transflow.catalog.scan import usable_po
from transflow.catalog.template import header_value
from transflow.core.inline import parse, render
from transflow.core.model import Block, BlockKind, Document
from transflow.core.records import LanguageInfo, SourceFile
from transflow.formats import ExportContext, reader_for
from transflow.lang import codes as langs
from transflow.lang.localize import localize_numbers
from transflow.ops.export import Action, ExportReport, Outcome, _Run, _Todo
from transflow.segment.sentences import block_units, is_noise
from transflow.workspace import store
from transflow.workspace.paths import Workspace
from transflow.workspace.statcache import stat_key

if TYPE_CHECKING:
    from transflow.formats.markdown_write import Skeleton


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


def export_article(
    plan: _Run, todo: _Todo
) -> tuple[list, list, list[tuple[str, list[tuple[Outcome, bool]]]]]:
    """Stage one article's exports in the languages asked (runs in a worker on big
    workspaces); returns, by language, each outcome and whether the cache may keep it."""
    source = todo.source
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
        for language in todo.languages:
            report = ExportReport()
            article = _Article(
                source, document, pairs, pieces, tx, report, data, distinct, skeleton, fills
            )
            planned = todo.paths.get(language)
            uncached = _export_one(plan, article, language, plan.need(language), planned)
            results.append((language, [(o, o.format not in uncached) for o in report.outcomes]))
    except BaseException:
        tx.rollback()
        raise
    return tx.staged, tx.removals, results


def _export_one(
    plan: _Run,
    article: _Article,
    language: str,
    need: float,
    planned: tuple[str, tuple[str, ...]] | None,
) -> set[str]:
    """Stage one article's exports in one language (``planned``: its paths as the plan
    checked them); returns the formats the cache must not keep: they wrote assets beside
    the export, or read a file beside the source."""
    ws, config, keep = plan.ws, plan.ws.config, plan.keep
    source, document, pairs = article.source, article.document, article.pairs
    tx, report = article.tx, article.report
    with_assets: set[str] = set()
    data: bytes | store.Link | None = store.LINK
    if planned:  # no link (read without following one), or a link since the plan
        rel = ws.text_rel(planned[0])
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
        rel = ws.text_rel(out)
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
