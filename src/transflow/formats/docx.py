"""DOCX reader and writer (both registered here as "docx"). With :mod:`.docx_build` (the
body built from a Markdown or text source), the only transflow module that imports
python-docx.

Reading: every file first passes :mod:`.docx_safety` (links, folders, legacy Word, zip
bombs, DTDs, Strict Open XML); python-docx then parses the checked bytes. Tracked changes
are accepted and reviewer comments removed before anything is read (:mod:`.docx_review`,
which also says why). Blocks come in reading order: body paragraphs and tables (a text
box's paragraphs right after the paragraph that anchors it, role *text box*), then
footnotes and endnotes (``NOTE`` blocks, in order of first reference), then headers and
footers, then the core title (key ``core:title``). Block keys are described in
:mod:`.docx_xml`; table cells carry the table's shape in their ``cell``.

Policies:

- ``Subtitle`` style → ``HEADING`` level 2 with role *subheadline* (``Block.style`` is
  ``"Subtitle"``, so the writer can tell it from a real level-2 heading).
- A line break (``w:br`` or ``w:cr``) is ``\\n`` in the markup and a tab is ``\\t``; the
  writer turns them back into ``w:br``/``w:tab``. Page and column breaks are not text.
- Whatever sits between the words (fields, pictures, note references, text boxes,
  symbols, objects) is a placeholder (``{PAGE}``, ``{picture1}``, ``{footnote1}``) with a
  :class:`~transflow.core.model.Code`; the writer puts each element back where the
  translation puts its placeholder (:mod:`.docx_inline`). ``HYPERLINK`` fields are link
  text and come back as ``w:hyperlink``. Table-of-contents entries are not units.
- Formatting read from runs: direct bold, italic, underline and strikethrough, and
  hyperlinks (URL from the relationship; ``#name`` for anchors; the tooltip as title).
  Other run differences (revision ids, proofing marks, language, fonts) are noise: such
  runs merge into one span.
- What the reader sees but cannot extract (chart labels, SmartArt, embedded objects) is
  listed in ``Document.unextracted``, so the article is never called complete.
- Core properties written: title (translated), language, subject =
  ``context.date_display`` (the source date for the target locale; no date is added to
  the visible text), author and keywords from front matter (``author``, ``tags``). The
  source's comments, subject and keywords are not units: they are dropped rather than
  shipped in the source language, and no internal path is written. A document built
  from text or Markdown is dated from the source's date, else from the catalog's
  ``PO-Revision-Date`` (``context.revision_date``), so the bytes stay reproducible.
"""

from __future__ import annotations

import copy
import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, cast

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.styles import BabelFish
from lxml import etree

from transflow.core.errors import InputError
from transflow.core.inline import Span, escape, parse, plain, render
from transflow.core.model import Block, BlockKind, Code, CodeKind, Document, ListItem, Note, Role
from transflow.core.records import SourceFile
from transflow.formats import ExportContext, Rendered, register_reader, register_writer
from transflow.formats.docx_build import (
    build_body,
    clear_body,
    forget_style_table,
    link_target,
    remember_style_table,
    run_style,
    style_table,
)
from transflow.formats.docx_inline import (
    ParagraphScan,
    ScanContext,
    description_key,
    scan_paragraph,
    set_description,
    write_paragraph,
)
from transflow.formats.docx_lang import (
    apply_typography,
    lang_attrs,
    localize_added_styles,
    localize_part,
    localize_styles,
    typography,
    word_lang,
)
from transflow.formats.docx_review import (
    COMMENTS_NOTICE,
    REVISIONS_NOTICE,
    ParagraphFields,
    accept_revisions,
    field_map,
    has_comments,
    mark_toc_dirty,
    strip_comments,
)
from transflow.formats.docx_safety import (
    check_docx,
    find_malformed_part,
    invalid,
    read_checked,
    read_regular_file,
    refuse_strict,
)
from transflow.formats.docx_template import new_document
from transflow.formats.docx_xml import (
    R_NS,
    Cell,
    RunStyle,
    TableCounter,
    clean_base_rpr,
    header_footer_ids,
    iter_paragraphs,
    local,
    w,
    wval,
)

_FIXED_DATE = datetime(2000, 1, 1, tzinfo=UTC)
_LETTER = re.compile(r"[^\W\d_]")
TOC_META = "docx:toc"  # meta: how many table-of-contents paragraphs the source has


# ---------------------------------------------------------------- reader


def _load(source: SourceFile) -> bytes:
    return read_regular_file(source.path, source.rel)


@register_reader("docx", (".docx",), _load)
def read_docx(data: bytes, source: SourceFile) -> Document:
    check_docx(data, source.rel)
    refuse_strict(data, source.rel)
    try:
        return _read(data, source)
    except InputError:
        raise
    except Exception as exc:  # python-docx, lxml and zipfile raise many kinds
        reason = _describe(exc)
        if isinstance(exc, etree.XMLSyntaxError):
            part = find_malformed_part(data)
            reason = f"malformed XML in {part} ({exc.msg})" if part else reason
        raise invalid(source.rel, reason) from None


def _describe(exc: Exception) -> str:
    if isinstance(exc, etree.XMLSyntaxError):
        return f"malformed XML ({exc.msg})"
    if isinstance(exc, KeyError):
        return f"missing package part {exc}"
    if isinstance(exc, MemoryError):
        return "document too large to read"
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _open(data: bytes) -> Any:
    return docx.Document(io.BytesIO(_as_document(data)))


WML_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
# a macro-enabled document (.docm) or a template saved as .docx: read, and exported, as a
# plain document (the macros themselves are dropped: :func:`drop_active_content`)
_OTHER_MAINS = (
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
)


def _as_document(data: bytes) -> bytes:
    """The package with a macro-enabled or template main part declared a document."""
    with zipfile.ZipFile(io.BytesIO(data)) as zin:
        types = zin.read("[Content_Types].xml")
        if not any(t.encode() in types for t in _OTHER_MAINS):
            return data
        for t in _OTHER_MAINS:
            types = types.replace(t.encode(), WML_MAIN.encode())
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                body = types if info.filename == "[Content_Types].xml" else zin.read(info)
                zout.writestr(info.filename, body)
    return out.getvalue()


# relationships to macros and their customizations: never in an export
_MACRO_RELS = frozenset(
    [
        "vbaProject",
        "vbaProjectSignature",
        "vbaProjectSignatureAgile",
        "vbaProjectSignatureV3",
        "wordVbaData",
        "keyMapCustomizations",
        "attachedToolbars",
    ]
)
MACROS_NOTICE = "the source holds macros (VBA); the export carries none"


def _alt_chunks(root: etree._Element, targets: dict[str, str]) -> list[tuple[etree._Element, str]]:
    """``w:altChunk`` elements (a document, HTML or RTF file embedded as is) with their
    part names."""
    return [
        (el, targets.get(el.get(f"{{{R_NS}}}id") or "", "an embedded file"))
        for el in root.iter(w("altChunk"))
    ]


def drop_active_content(doc: Any, parts: list[_Part]) -> list[str]:
    """Remove macros (their parts go with their relationships) and embedded chunks
    (``w:altChunk``: their text was never extracted, so it would ship in the source
    language); returns warnings."""
    warnings: list[str] = []
    for part in list(doc.part.package.iter_parts()):
        for rid, rel in list(part.rels.items()):
            if rel.reltype.rsplit("/", 1)[-1] in _MACRO_RELS:
                part.rels.pop(rid)
                if MACROS_NOTICE not in warnings:
                    warnings.append(MACROS_NOTICE)
    for part in parts:
        for el, name in _alt_chunks(part.root, part.targets):
            rid = el.get(f"{{{R_NS}}}id") or ""
            cast(etree._Element, el.getparent()).remove(el)
            if (
                rid
                and rid in part.part.rels
                and next((x for x in part.root.iter() if x.get(f"{{{R_NS}}}id") == rid), None)
                is None
            ):
                part.part.rels.pop(rid)
            warnings.append(f"embedded file {name} (altChunk) left out: its text is not extracted")
    return warnings


@dataclass
class _Part:
    """A part whose paragraphs are read and written: the body, a header or footer, the
    footnotes or endnotes. Notes parts are not parsed by python-docx: their XML is
    parsed here and written back as the part's blob."""

    part: Any
    root: etree._Element
    links: dict[str, str]
    targets: dict[str, str]
    from_blob: bool = False


@dataclass
class _Container:
    prefix: str  # key prefix: "body", "hdr:0", "fn:3"
    part: _Part
    element: etree._Element  # what iter_paragraphs walks
    kind: BlockKind | None = None  # HEADER, FOOTER, NOTE
    role: Role | None = None
    note: Note | None = None


_SAFE_XML = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
)


def _part(part: Any) -> _Part:
    element = getattr(part, "element", None)
    from_blob = element is None
    root = etree.fromstring(part.blob, _SAFE_XML) if element is None else element
    if local(root) == "document":
        root = part.element.body
    links: dict[str, str] = {}
    targets: dict[str, str] = {}
    for rid, rel in part.rels.items():
        if rel.is_external:
            targets[rid] = rel.target_ref
        else:
            targets[rid] = str(rel.target_part.partname).lstrip("/")
        if rel.reltype == RT.HYPERLINK:
            links[rid] = rel.target_ref
    return _Part(part, root, links, targets, from_blob)


def _containers(doc: Any) -> list[_Container]:
    """Body, then footnotes and endnotes (in order of first reference), then headers,
    then footers."""
    body = _part(doc.part)
    found = [_Container("body", body, body.root)]
    for reltype, kind, prefix, role in (
        (RT.FOOTNOTES, "footnote", "fn", Role.FOOTNOTE),
        (RT.ENDNOTES, "endnote", "en", Role.ENDNOTE),
    ):
        rel = next(
            (r for r in doc.part.rels.values() if r.reltype == reltype and not r.is_external),
            None,
        )
        if rel is None:
            continue
        notes = _part(rel.target_part)
        by_id = {
            n.get(w("id")): n
            for n in notes.root.findall(w(kind))
            if (n.get(w("type")) or "normal") == "normal"
        }
        order: list[str] = []
        for ref in body.root.iter(w(f"{kind}Reference")):
            nid = ref.get(w("id")) or ""
            if nid in by_id and nid not in order:
                order.append(nid)
        for nid in order:
            found.append(
                _Container(
                    f"{prefix}:{nid}", notes, by_id[nid], BlockKind.NOTE, role, Note(kind, nid)
                )
            )
    headers, footers = header_footer_ids(doc.element.body)
    seen: set[str] = set()
    for prefix, rids, kind in (
        ("hdr", headers, BlockKind.HEADER),
        ("ftr", footers, BlockKind.FOOTER),
    ):
        n = 0
        for rid in rids:
            part = doc.part.related_parts.get(rid)
            if part is None or str(part.partname) in seen:
                continue
            seen.add(str(part.partname))
            hf = _part(part)
            found.append(_Container(f"{prefix}:{n}", hf, hf.root, kind))
            n += 1
    return found


def _parts(containers: list[_Container]) -> list[_Part]:
    out: list[_Part] = []
    for c in containers:
        if all(c.part is not p for p in out):
            out.append(c.part)
    return out


def _prepare(doc: Any, containers: list[_Container]) -> tuple[bool, bool]:
    """Accept tracked changes and remove reviewer comments everywhere (see
    :mod:`.docx_review`); returns (had revisions, had comments)."""
    revised = commented = False
    for part in _parts(containers):
        revised = accept_revisions(part.root) or revised
        commented = has_comments(part.root) or commented
        strip_comments(part.root)
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype.rsplit("/", 1)[-1] in _COMMENT_PARTS:
            commented = True
            doc.part.rels.pop(rid)
    return revised, commented


_COMMENT_PARTS = frozenset({"comments", "commentsExtended", "commentsIds", "commentsExtensible"})


class _Styles:
    """Paragraph style facts from styles.xml and numbering formats from numbering.xml."""

    def __init__(self, doc: Any) -> None:
        root = doc.styles.element
        self.by_id: dict[str, etree._Element] = {}
        self.names: dict[str, str] = {}
        self.default: str | None = None
        for style in root.findall(w("style")):
            if style.get(w("type")) == "paragraph":
                sid = style.get(w("styleId")) or ""
                self.by_id[sid] = style
                self.names[sid] = wval(style.find(w("name"))) or sid
                if style.get(w("default")) in ("1", "true"):
                    self.default = sid
        self.formats: dict[tuple[str, str], str] = {}
        numbering = doc.part.rels and _numbering_root(doc)
        if numbering is not None:
            abstract = {
                a.get(w("abstractNumId")): {
                    lvl.get(w("ilvl")): wval(lvl.find(w("numFmt"))) or ""
                    for lvl in a.findall(w("lvl"))
                }
                for a in numbering.findall(w("abstractNum"))
            }
            for num in numbering.findall(w("num")):
                levels = abstract.get(wval(num.find(w("abstractNumId"))), {})
                for ilvl, fmt in levels.items():
                    self.formats[(num.get(w("numId")) or "", ilvl or "0")] = fmt

    def chain(self, sid: str | None) -> list[etree._Element]:
        out: list[etree._Element] = []
        while sid and sid in self.by_id and len(out) < 12:
            style = self.by_id[sid]
            if style in out:
                break
            out.append(style)
            sid = wval(style.find(w("basedOn")))
        return out

    def classify(self, p: etree._Element) -> tuple[BlockKind, int, Role, str, ListItem | None]:
        ppr = p.find(w("pPr"))
        sid = wval(ppr.find(w("pStyle"))) if ppr is not None else None
        chain = self.chain(sid or self.default)
        ui_name = BabelFish.internal2ui(wval(chain[0].find(w("name"))) or "") if chain else ""
        numpr = ppr.find(w("numPr")) if ppr is not None else None
        for style in chain:
            name = (wval(style.find(w("name"))) or "").lower()
            if name == "title":
                return BlockKind.TITLE, 1, Role.HEADLINE, ui_name, None
            if name == "subtitle":
                return BlockKind.HEADING, 2, Role.SUBHEADLINE, ui_name, None
            if m := re.fullmatch(r"heading ([1-9])", name):
                return BlockKind.HEADING, int(m.group(1)), Role.HEADING, ui_name, None
            if name in ("quote", "intense quote"):
                return BlockKind.QUOTE, 0, Role.QUOTE, ui_name, None
            if m := re.fullmatch(r"list (bullet|number)(?: ([2-9]))?", name):
                item = ListItem(m.group(1) == "number")
                return BlockKind.LIST_ITEM, int(m.group(2) or 1), Role.LIST_ITEM, ui_name, item
            if numpr is None and style.find(f"{w('pPr')}/{w('numPr')}") is not None:
                numpr = style.find(f"{w('pPr')}/{w('numPr')}")
            outline = style.find(f"{w('pPr')}/{w('outlineLvl')}")
            if (
                outline is not None
                and (wval(outline) or "9").isdigit()
                and int(wval(outline) or 9) < 6
            ):
                return BlockKind.HEADING, int(wval(outline) or 0) + 1, Role.HEADING, ui_name, None
        if numpr is not None and wval(numpr.find(w("numId"))) not in (None, "0"):
            ilvl = wval(numpr.find(w("ilvl"))) or "0"
            fmt = self.formats.get((wval(numpr.find(w("numId"))) or "", ilvl), "bullet")
            item = ListItem(fmt not in ("bullet", "none", ""))
            return BlockKind.LIST_ITEM, int(ilvl) + 1, Role.LIST_ITEM, ui_name, item
        return BlockKind.PARAGRAPH, 0, Role.BODY, ui_name, None


class _Scanner:
    """Reads paragraphs the same way for the reader and the writer: with the fields each
    part's paragraphs sit in (mapped once per part, before any paragraph changes)."""

    def __init__(self, styles: _Styles) -> None:
        self.styles = styles
        self.fields: dict[int, dict[etree._Element, ParagraphFields]] = {}

    def scan(self, p: etree._Element, c: _Container) -> ParagraphScan | None:
        """The paragraph's text and runs; None for a table-of-contents paragraph."""
        if id(c.part) not in self.fields:
            self.fields[id(c.part)] = field_map(c.part.root, self.styles.names)
        info = self.fields[id(c.part)].get(p, ParagraphFields())
        if info.toc:
            return None
        ctx = ScanContext(c.part.links, c.part.targets, info.open, info.open_instr)
        return scan_paragraph(p, ctx=ctx)


def _numbering_root(doc: Any) -> etree._Element | None:
    for rel in doc.part.rels.values():
        if rel.reltype == RT.NUMBERING and not rel.is_external:
            return rel.target_part.element
    return None


def _classify(
    styles: _Styles, p: etree._Element, cell: Cell | None, c: _Container, role: Role | None
) -> tuple[BlockKind, int, Role | None, str, ListItem | None]:
    """A paragraph's block kind, level, role, style and list item: by its style, unless its
    container (a note, a header…), its table cell or its ``role`` (a text box) says."""
    kind, level, block_role, style, item = styles.classify(p)
    if c.kind is not None:
        kind, level, block_role = c.kind, 0, c.role
    elif cell is not None:
        kind, level, block_role = BlockKind.TABLE_CELL, 0, None
    if role is not None:
        block_role = role
        if kind is not BlockKind.HEADER and kind is not BlockKind.FOOTER:
            kind, level = BlockKind.PARAGRAPH, 0
    return kind, level, block_role, style, item


def _descriptions(codes: list[Code], key: str) -> list[Block]:
    """A picture's description is translated like the text: one block each."""
    return [
        Block(
            BlockKind.IMAGE_ALT,
            escape(" ".join(code.text.split())),
            0,
            Role.IMAGE_ALT,
            description_key(key, code.name),
            picture=code.name,
        )
        for code in codes
        if code.kind is CodeKind.PICTURE and _LETTER.search(code.text)
    ]


def _unvisited_textboxes(
    containers: list[_Container], visited: set[etree._Element | None], unextracted: list[str]
) -> None:
    """Text boxes no paragraph led to: named as not extracted."""
    for part in _parts(containers):
        for content in part.root.iter(w("txbxContent")):
            if content not in visited and any((t.text or "").strip() for t in content.iter(w("t"))):
                what = f"a text box in {str(part.part.partname).lstrip('/')}"
                if what not in unextracted:
                    unextracted.append(what)


def _read(data: bytes, source: SourceFile) -> Document:
    doc = _open(data)
    styles = _Styles(doc)
    containers = _containers(doc)
    revised, commented = _prepare(doc, containers)
    blocks: list[Block] = []
    unextracted: list[str] = []
    tables = TableCounter()
    scanner = _Scanner(styles)

    def emit(
        key: str, p: etree._Element, cell: Cell | None, c: _Container, role: Role | None
    ) -> None:
        scan = scanner.scan(p, c)
        if scan is None:
            if any((t.text or "").strip() for t in p.iter(w("t"))):
                generated.append(key)
            return
        unextracted.extend(what for what in scan.unextracted if what not in unextracted)
        text = render(scan.spans).strip()
        empty_cell = cell is not None and cell.first and cell.empty and not cell.merged
        if plain(text).strip() or empty_cell:
            kind, level, block_role, style, item = _classify(styles, p, cell, c, role)
            blocks.append(
                Block(
                    kind,
                    text,
                    level,
                    block_role,
                    key,
                    tuple(scan.codes),
                    cell=cell.where if cell is not None else None,
                    item=item if kind is BlockKind.LIST_ITEM else None,
                    note=c.note,
                    style=style,
                )
            )
        blocks.extend(_descriptions(scan.codes, key))
        for n, box in enumerate(scan.textboxes):
            visited.update((box.content, box.mirror))
            for key2, p2, cell2 in iter_paragraphs(box.content, f"{key}/tb:{n}", None, tables):
                emit(key2, p2, cell2, c, Role.TEXT_BOX)

    visited: set[etree._Element | None] = set()
    generated: list[str] = []  # table-of-contents paragraphs (not units)
    for part in _parts(containers):
        for _, name in _alt_chunks(part.root, part.targets):
            unextracted.append(f"text of the embedded file {name} (altChunk)")
    for c in containers:
        for key, p, cell in iter_paragraphs(c.element, c.prefix, None, tables):
            emit(key, p, cell, c, None)
    _unvisited_textboxes(containers, visited, unextracted)
    core = doc.core_properties
    if core.title and core.title.strip():
        blocks.append(
            Block(
                BlockKind.META,
                escape(core.title.strip()),
                0,
                Role.METADATA,
                "core:title",
                field="title",
            )
        )
    meta: list[tuple[str, str]] = []
    stamp = core.created or core.modified
    if isinstance(stamp, datetime):
        meta.append(("date", stamp.date().isoformat()))
    if generated:  # a Markdown export leaves it out, and says so
        meta.append((TOC_META, str(len(generated))))
    notices = ([REVISIONS_NOTICE] if revised else []) + ([COMMENTS_NOTICE] if commented else [])
    return Document(
        source.rel,
        source.slug,
        "docx",
        tuple(blocks),
        tuple(meta),
        tuple(unextracted),
        tuple(notices),
    )


# ---------------------------------------------------------------- writer


@register_writer("docx")
def write_docx(document: Document, out: Path, context: ExportContext) -> Rendered:
    """The localized DOCX as bytes: a skeleton merge into the source when it is a DOCX,
    otherwise a document built with real Word styles (or the reference document's)."""
    if context.source_document.format == "docx":
        data = context.source_data or read_checked(context.source.path, context.source.rel)
        origin = context.source.rel
    elif context.reference_docx is not None:
        data = read_checked(context.reference_docx, str(context.reference_docx))
        origin = str(context.reference_docx)
    else:
        data, origin = b"", ""
    if data:
        try:  # only a source or reference that does not open is "not a valid DOCX"
            doc = _open(data)
            has_core = "docProps/core.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()
        except Exception as exc:
            raise invalid(origin, _describe(exc)) from None
        return _write(doc, _Copy(doc, []), document, context, data, has_core)
    if context.source_document.format == "docx":  # an empty Word source: merged into
        return _write(*_fresh_template(context), document, context, data, False)
    # the built-in press-release template, already in the target language
    template = _template(context)
    try:
        return _write(template.doc, template, document, context, data, False)
    finally:
        template.give_back()


def _write(
    doc: Any,
    template: _Copy,
    document: Document,
    context: ExportContext,
    data: bytes,
    has_core: bool,
) -> Rendered:
    """:func:`write_docx` once ``doc`` is open (the source, the reference document or
    the built-in ``template``'s copy)."""
    # anything failing from here on is transflow's own failure: it propagates, and the
    # CLI names it (exit 4) instead of blaming the source
    warnings: list[str] = []
    external = False  # a merge into a Word source reads no file beside it
    if context.source_document.format == "docx":
        containers = _containers(doc)
        warnings = _merge(doc, containers, document, context)
    else:
        if data:
            clear_body(doc)
        built, external = build_body(doc, document, context, template=not data)
        warnings = template.warnings + built
        containers = _containers(doc)
        if data and context.letterhead:
            warnings += _localize_letterhead(doc, containers, document, context)
    _drop_thumbnail(doc)
    warnings += drop_active_content(doc, _parts(containers))
    _localize(
        doc,
        context,
        _parts(containers),
        context.source_document.format != "docx",
        template.localized_styles,
    )
    _core_properties(doc, document, context, has_core)
    for part in _parts(containers):
        if part.from_blob:
            part.part._blob = etree.tostring(
                part.root, xml_declaration=True, encoding="UTF-8", standalone=True
            )
    data = package_bytes(doc, template.styles_blob())
    return Rendered(data, warnings=tuple(warnings), external=external)


def _merge(
    doc: Any, containers: list[_Container], document: Document, context: ExportContext
) -> list[str]:
    """Skeleton merge: each block's paragraph keeps everything but its text runs and the
    elements behind its placeholders, which go where the translation puts them.
    Returns warnings for the publisher (placeholders the translation lost)."""
    _prepare(doc, containers)
    mark_toc_dirty(part.root for part in _parts(containers))
    style = run_style(doc, document, context)
    by_key = {b.key: b for b in document.blocks if b.kind is not BlockKind.RAW}
    styles = _Styles(doc)
    warnings: list[str] = []
    scanner = _Scanner(styles)

    def merge(key: str, p: etree._Element, c: _Container) -> None:
        scan = scanner.scan(p, c)
        if scan is None:
            return
        for code in scan.codes:
            described = by_key.get(description_key(key, code.name))
            if code.kind is CodeKind.PICTURE and described is not None:
                set_description(scan.pieces.get(code.name, []), plain(described.text))
        block = by_key.get(key)
        if block is not None and scan.runs:
            warnings.extend(
                _write_translation(p, scan, block.text, style, c, f"the translation of {key}")
            )
        for n, box in enumerate(scan.textboxes):
            for key2, p2, _ in iter_paragraphs(box.content, f"{key}/tb:{n}"):
                merge(key2, p2, c)
            _mirror(box)

    for c in containers:
        for key, p, _ in iter_paragraphs(c.element, c.prefix):
            merge(key, p, c)
    return warnings


def _localize_letterhead(
    doc: Any, containers: list[_Container], document: Document, context: ExportContext
) -> list[str]:
    """A reference document's headers and footers in the target language: each paragraph
    whose text (read as the reader reads it: fields are placeholders) has a translation in
    ``context.letterhead`` is rewritten like a skeleton merge's, its fields and pictures
    put where the translation puts their placeholders. Returns warnings."""
    translated = dict(context.letterhead)
    parts = [c for c in containers if c.kind in (BlockKind.HEADER, BlockKind.FOOTER)]
    _prepare(doc, parts)  # as the reader did: tracked changes accepted, comments gone
    style = run_style(doc, document, context)
    scanner = _Scanner(_Styles(doc))
    warnings: list[str] = []

    def localize(key: str, p: etree._Element, c: _Container) -> None:
        scan = scanner.scan(p, c)
        if scan is None:
            return
        target = translated.get(render(scan.spans).strip())
        if target is not None and scan.runs:
            warnings.extend(
                _write_translation(p, scan, target, style, c, f"the letterhead's {key}")
            )
        for n, box in enumerate(scan.textboxes):
            for key2, p2, _ in iter_paragraphs(box.content, f"{key}/tb:{n}"):
                localize(key2, p2, c)
            _mirror(box)

    for c in parts:
        for key, p, _ in iter_paragraphs(c.element, c.prefix):
            localize(key, p, c)
    return warnings


def _write_translation(
    p: etree._Element, scan: ParagraphScan, text: str, style: Any, c: _Container, where: str
) -> list[str]:
    """Write ``text`` (markup) into paragraph ``p`` in place of its scanned text, in the
    formatting of its first run; warnings for placeholders the translation lost or
    repeated (``where`` names the paragraph in them)."""
    base = clean_base_rpr(scan.runs[0].find(w("rPr")), style.hyperlink_style)
    paragraph_style = RunStyle(base, style.hyperlink_style, style.lang, style.rtl, style.cjk)
    spans = _keep_edges(scan.spans, parse(text))
    warnings = []
    for problem in write_paragraph(p, scan, spans, paragraph_style, link_target(c.part.part)):
        what, _, how = problem.rpartition(" ")
        fix = "put back at the end of the paragraph" if how == "missing" else "kept once"
        warnings.append(f"placeholder {what} {how} in {where}; {fix}")
    return warnings


def _mirror(box: Any) -> None:
    """A text box's other branch (the VML fallback) gets a copy of the written content."""
    if box.mirror is not None:
        for child in list(box.mirror):
            box.mirror.remove(child)
        for child in box.content:
            box.mirror.append(copy.deepcopy(child))


def _keep_edges(source: list[Span], translated: list[Span]) -> list[Span]:
    """Put back the source paragraph's leading/trailing whitespace, which the markup drops
    (it matters before a field: "Page " + PAGE)."""
    lead = trail = ""
    if source and source[0].placeholder is None:
        lead = source[0].text[: len(source[0].text) - len(source[0].text.lstrip())]
    if source and source[-1].placeholder is None:
        trail = source[-1].text[len(source[-1].text.rstrip()) :]
    out = list(translated)
    if lead and out and not out[0].text[:1].isspace():
        out.insert(0, Span(lead))
    if trail and out and not out[-1].text[-1:].isspace():
        out.append(Span(trail))
    return out


def _drop_thumbnail(doc: Any) -> None:
    """A thumbnail is a picture of the source-language first page: stale in any export."""
    rels = doc.part.package.rels
    for rid, rel in list(rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            rels.pop(rid)


def _localize(
    doc: Any,
    context: ExportContext,
    parts: list[_Part],
    built: bool,
    localized_styles: list[etree._Element] | None = None,
) -> None:
    """Language, direction and script-aware typography (:func:`.docx_lang.apply_typography`:
    no letter spacing on cursive scripts, no synthetic italics, fonts per script) in every
    part and in the styles. Fonts are named in a built document, for a script other than
    Latin, Cyrillic or Greek, or when ``[export.fonts]`` names them; otherwise a Word
    source keeps its own.

    ``localized_styles``: the styles part's children when it was last localized for
    this language (the cached template's, see :func:`_template`); if they are still its
    first children, only the styles added after them are localized (the same bytes:
    :func:`.docx_lang.localize_added_styles`)."""
    lang = context.language
    attrs = lang_attrs(word_lang(lang.bcp47), lang.rtl, lang.cjk)
    typo = typography(lang.code, dict(context.fonts))
    fonts = built or not typo.latin_like or bool(context.fonts)
    for part in parts:
        localize_part(part.root, attrs, lang.rtl)
        apply_typography(part.root, typo, fonts)
    styles = doc.styles.element
    children = list(styles) if localized_styles is not None else []
    done = localized_styles or []
    if (
        localized_styles is not None
        and all(a is b for a, b in zip(children, done, strict=False))
        and len(children) >= len(done)
    ):
        added = [el for el in children[len(done) :] if el.tag == w("style")]
        localize_added_styles(added, attrs, lang.rtl, typo, fonts)
    else:
        localize_styles(styles, attrs, lang.rtl, typo.fonts.get("eastAsia") if lang.cjk else None)
        apply_typography(styles, typo, fonts, styles=True)
    settings = doc.settings.element.find(w("themeFontLang"))
    if settings is not None:
        for attr, value in attrs.items():
            settings.set(w(attr), value)


@dataclass
class _Template:
    """The built-in template in one target language, localized (see :func:`_template`)."""

    key: tuple[object, ...]
    doc: Any
    warnings: tuple[str, ...]
    styles: etree._Element  # its styles part's root, shared by every copy
    children: list[etree._Element]  # the styles part's children, all localized
    table: Any  # their style table (docx_build._StyleTable), read once
    # the styles part's bytes by the (serialized) styles a build appended to it
    blobs: dict[tuple[bytes, ...], bytes] = field(default_factory=dict)


@dataclass
class _Copy:
    """The document one export writes: a copy of a cached :class:`_Template` (``template``),
    or a document of its own (``template`` None: a source, a reference document)."""

    doc: Any
    warnings: list[str]
    template: _Template | None = None

    @property
    def localized_styles(self) -> list[etree._Element] | None:
        return self.template.children if self.template is not None else None

    def intact(self) -> bool:
        """The shared styles part still starts with the template's own styles."""
        t = self.template
        if t is None:
            return False
        return len(t.styles) >= len(t.children) and all(
            a is b for a, b in zip(t.styles, t.children, strict=False)
        )

    def styles_blob(self) -> tuple[etree._Element, bytes] | None:
        """The shared styles part and its bytes, remembered by the styles this export
        appended to the template's (their serialization decides the part's bytes)."""
        t = self.template
        if t is None or not self.intact():
            return None
        added = tuple(etree.tostring(el) for el in list(t.styles)[len(t.children) :])
        blob = t.blobs.get(added)
        if blob is None:
            from docx.opc.oxml import serialize_part_xml

            blob = serialize_part_xml(t.styles)
            if len(t.blobs) >= 16:
                t.blobs.clear()
            t.blobs[added] = blob
        return t.styles, blob

    def give_back(self) -> None:
        """Take the styles this export appended off the shared styles part (the template
        is dropped from the cache if anything else changed it)."""
        t = self.template
        if t is None:
            return
        intact = self.intact()
        for el in list(t.styles)[len(t.children) :]:
            t.styles.remove(el)
        forget_style_table()
        if not intact and _TEMPLATES.get(t.key) is t:
            del _TEMPLATES[t.key]


_TEMPLATES: dict[tuple[object, ...], _Template] = {}


def _fresh_template(context: ExportContext) -> tuple[Any, _Copy]:
    """The built-in template made for this export alone (not localized yet)."""
    doc, warnings = new_document(context)
    return doc, _Copy(doc, warnings)


def _template(context: ExportContext) -> _Copy:
    """The built-in template for ``context`` (:func:`.docx_template.new_document`) with
    every part and the styles already localized as :func:`_localize` localizes them.

    Made once per process for each language and template setting, then deep-copied: the
    key holds everything :func:`.docx_template.new_document` and :func:`_localize` read
    from the context (the logo by its bytes); when the logo cannot be read the template
    is made afresh each time (``new_document`` says why).

    The copies share the styles part, the template's biggest (9,000 elements, most of
    the cost of a copy): an export only appends styles to it (a build's Hyperlink, HTML
    Code and note styles; :func:`_localize` localizes just those), and
    :meth:`_Copy.give_back` takes them off again once the document is written."""
    logo: bytes | None = None
    if context.logo is not None:
        try:
            logo = context.logo.read_bytes()
        except OSError:
            logo = None
    key: tuple[object, ...] = (
        context.language,
        context.source_language,
        context.template_strings,
        context.organisation,
        context.paper,
        context.fonts,
        str(context.logo) if context.logo is not None else None,
        logo,
    )
    cached = _TEMPLATES.get(key)
    if cached is None:
        doc, warnings = new_document(context)
        _localize(doc, context, _parts(_containers(doc)), True)
        # deepcopy copies each lxml element it meets with its own subtree: an object
        # holding an element below a part's root would hold a detached copy. The only
        # one, python-docx's cached body, is made again from the document's root.
        doc._Document__body = None
        styles = doc.styles.element
        cached = _Template(key, doc, tuple(warnings), styles, list(styles), style_table(doc))
        if context.logo is None or logo is not None:
            if len(_TEMPLATES) >= 16:
                _TEMPLATES.clear()
            _TEMPLATES[key] = cached
    copied = copy.deepcopy(cached.doc, {id(cached.styles): cached.styles})
    remember_style_table(cached.table)
    return _Copy(copied, list(cached.warnings), cached)


def _core_properties(doc: Any, document: Document, context: ExportContext, has_core: bool) -> None:
    core = doc.core_properties
    title = next(
        (b.text for b in document.blocks if b.kind is BlockKind.META and b.field.endswith("title")),
        "",
    )
    core.title = plain(title or document.title).strip()[:255]
    core.language = context.language.bcp47
    # nothing that goes out names an internal path or stays in the source language: the
    # source's comments, subject and keywords are not units, so they are dropped
    core.comments = ""
    core.keywords = ""
    core.subject = context.date_display[:255]  # metadata only, never visible text
    source = context.source_document
    author = source.meta_value("author") or document.meta_value("author")
    if author.strip():
        core.author = author.strip()[:255]
    tags = _tags(source.meta_value("tags") or source.meta_value("keywords"))
    if tags:
        core.keywords = ", ".join(tags)[:255]
    if context.source_document.format != "docx" or not has_core:
        iso = context.source_document.meta_value("date") or document.meta_value("date")
        iso = iso or context.revision_date  # a text source has no date of its own
        stamp = _FIXED_DATE
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso or ""):
            stamp = datetime.combine(date.fromisoformat(iso), datetime.min.time(), UTC)
        core.created = stamp
        core.modified = stamp
        core.last_modified_by = "transflow"
        core.revision = 1
        if core.author == "python-docx":
            core.author = ""
    for name in _CORE_TEXT:  # a core property holds at most 255 characters (python-docx)
        value = getattr(core, name, None)
        if isinstance(value, str) and len(value) > 255:
            setattr(core, name, value[:255])


_CORE_TEXT = [
    "author",
    "category",
    "comments",
    "content_status",
    "identifier",
    "keywords",
    "language",
    "last_modified_by",
    "subject",
    "title",
    "version",
]


def _tags(value: str) -> list[str]:
    """Front-matter tags (a YAML list, as the Markdown reader keeps it, or a
    comma-separated string) as a list."""
    value = value.strip()
    if not value:
        return []
    if value.startswith("["):
        import yaml

        try:
            loaded = yaml.safe_load(value)
        except yaml.YAMLError:
            loaded = None
        if isinstance(loaded, list):
            return [str(t).strip() for t in loaded if str(t).strip()]
        value = value.strip("[]")
    return [t.strip() for t in value.split(",") if t.strip()]


def package_bytes(doc: Any, known: tuple[etree._Element, bytes] | None = None) -> bytes:
    """The document's package as bytes, each part compressed once: what python-docx's
    ``save`` writes (the same members, as :class:`docx.opc.pkgwriter.PackageWriter`
    makes them), packed as :func:`normalize_zip` packs, without zipping twice.
    ``known``: a part's root and the bytes it serializes to, already known."""
    from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI
    from docx.opc.pkgwriter import _ContentTypesItem

    package = doc.part.package
    parts = list(package.iter_parts())
    for part in parts:
        part.before_marshal()
    members = {
        CONTENT_TYPES_URI.membername: _ContentTypesItem.from_parts(parts).blob,
        PACKAGE_URI.rels_uri.membername: package.rels.xml,
    }
    for part in parts:
        if known is not None and getattr(part, "_element", None) is known[0]:
            members[part.partname.membername] = known[1]
        else:
            members[part.partname.membername] = part.blob
        if len(part.rels):
            members[part.partname.rels_uri.membername] = part.rels.xml
    return _pack(members)


def normalize_zip(data: bytes) -> bytes:
    """Re-pack a zip with fixed timestamps and a stable entry order: same input, same
    bytes (and the bytes the writer's :func:`package_bytes` gives)."""
    with zipfile.ZipFile(io.BytesIO(data)) as zin:
        return _pack({name: zin.read(name) for name in zin.namelist()})


def _pack(members: dict[str, bytes]) -> bytes:
    """A zip of ``members`` (name → content), deterministic: ``[Content_Types].xml``
    and the package relationships first, then by name; every member deflated, dated
    1980-01-01, attributes as :mod:`zipfile` writes them (``-rw-------``, made on MS-DOS).

    The bytes are those ``zipfile.ZipFile.writestr`` writes for the same members
    (``tests/formats/test_docx_package.py`` proves it); the zip is laid out here so that
    a member every export shares (the template's 430 kB ``stylesWithEffects.xml``, a
    language's styles) is compressed once per process, not once per document."""
    out = bytearray()
    central = bytearray()
    names = sorted(members, key=lambda n: (n != "[Content_Types].xml", n != "_rels/.rels", n))
    for name in names:
        data = members[name]
        compressed, crc = _deflated(data)
        try:
            encoded, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            encoded, flags = name.encode("utf-8"), 0x800
        offset = len(out)
        sizes = (crc, len(compressed), len(data), len(encoded))
        out += _LOCAL.pack(b"PK\x03\x04", 20, 0, flags, 8, 0, _DOS_DATE, *sizes, 0)
        out += encoded
        out += compressed
        central += _CENTRAL.pack(
            b"PK\x01\x02",
            20,
            0,
            20,
            0,
            flags,
            8,
            0,
            _DOS_DATE,
            *sizes,
            0,
            0,
            0,
            0,
            0o600 << 16,
            offset,
        )
        central += encoded
    start = len(out)
    out += central
    out += _END.pack(b"PK\x05\x06", 0, 0, len(names), len(names), len(central), start, 0)
    return bytes(out)


_LOCAL = struct.Struct("<4s2B4HL2L2H")  # zip local file header
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")  # central directory entry
_END = struct.Struct("<4s4H2LH")  # end of central directory
_DOS_DATE = (1980 - 1980) << 9 | 1 << 5 | 1  # 1980-01-01, time 00:00:00
_SHARED_AT = 16 * 1024  # members this big are remembered once compressed
_DEFLATED: dict[bytes, tuple[bytes, int]] = {}


def _deflated(data: bytes) -> tuple[bytes, int]:
    """``data`` deflated as :mod:`zipfile` does (raw deflate, default level) and its
    CRC-32; a big member is remembered, since every export of a language repeats it."""
    found = _DEFLATED.get(data) if len(data) >= _SHARED_AT else None
    if found is not None:
        return found
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    done = compressor.compress(data) + compressor.flush(), zlib.crc32(data)
    if len(data) >= _SHARED_AT:
        if len(_DEFLATED) >= 32:
            _DEFLATED.clear()
        _DEFLATED[data] = done
    return done
