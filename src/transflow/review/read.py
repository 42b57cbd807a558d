"""Reading a review document back: its review data and, per table row, what the reviewer
left (the translation as markup, the comment column, Word comments anchored in the row).

Tracked changes are accepted first (:func:`transflow.formats.docx_review.accept_revisions`):
inserted text is text, deleted text is gone; the result says whether there were any.
Everything that makes the file unusable as a whole is an :class:`InputError` (exit 3):
not a DOCX, no review data, the review table missing, rows added, deleted, reordered,
merged or split. A problem in one row's translation is that row's ``problem``.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from transflow.core import inline
from transflow.core.errors import InputError
from transflow.formats.docx_review import accept_revisions
from transflow.formats.docx_xml import w
from transflow.review import manifest as mf
from transflow.review.build import COLUMNS
from transflow.review.runs import LRM, Styles, Unmappable, read_cell

MAX_BYTES = 64 * 1024 * 1024
_DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_LINK_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
_PKG_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


@dataclass(frozen=True, slots=True)
class Row:
    n: int
    data: mf.RowData
    translation: str | None  # markup, None when ``problem``
    problem: str | None
    comments: tuple[str, ...]  # the comment column's paragraphs, then Word comments
    source_edited: bool


@dataclass(frozen=True, slots=True)
class ReviewDoc:
    manifest: mf.Manifest
    rows: tuple[Row, ...]
    tracked: bool  # the document had tracked changes (accepted)


def _parse(data: bytes, rel: str, part: str) -> etree._Element:
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    if b"<!DOCTYPE" in data[:2048] or b"<!ENTITY" in data:
        raise InputError(rel, f"{part} declares a document type; not a review document")
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(
            rel, f"{part} is not well-formed XML ({exc.msg}); the file is damaged"
        ) from None


def _text(el: etree._Element) -> str:
    return "".join(t.text or "" for t in el.iter(w("t")))


def read(path: Path, rel: str) -> ReviewDoc:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(rel, "no such file") from None
    if path.is_dir():
        raise InputError(rel, "is a folder, not a review document")
    if size > MAX_BYTES:
        raise InputError(rel, "too large for a review document")
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            parts = {n: z.read(n) for n in names if n.endswith((".xml", ".rels"))}
    except zipfile.BadZipFile:
        raise InputError(rel, "is not a DOCX file (not a ZIP archive, or a damaged one)") from None
    except (OSError, zipfile.LargeZipFile, RuntimeError, EOFError) as exc:
        raise InputError(rel, f"cannot be read as a DOCX file: {exc}") from None
    manifest = _manifest(parts, rel)
    main = _main_part(parts, rel)
    root = _parse(parts[main], rel, main)
    tracked = accept_revisions(root)
    folder = main.rsplit("/", 1)[0]
    rels_name = f"{folder}/_rels/{main.rsplit('/', 1)[1]}.rels"
    links: dict[str, str] = {}
    if rels_name in parts:
        for r in _parse(parts[rels_name], rel, rels_name):
            if r.get("Type") == _LINK_REL:
                links[r.get("Id") or ""] = r.get("Target") or ""
    styles_root = (
        _parse(parts[f"{folder}/styles.xml"], rel, "styles.xml")
        if f"{folder}/styles.xml" in parts
        else None
    )
    comments = _comments(parts.get(f"{folder}/comments.xml"), rel)
    rows = _rows(root, manifest, rel, Styles.of(styles_root), links, comments)
    return ReviewDoc(manifest, rows, tracked)


def _manifest(parts: dict[str, bytes], rel: str) -> mf.Manifest:
    for name in sorted(parts):
        if not re.fullmatch(r"customXml/item\d+\.xml", name):
            continue
        try:
            root = _parse(parts[name], rel, name)
        except InputError:
            continue
        if mf.is_manifest(root):
            try:
                return mf.from_xml(root)
            except mf.ManifestError as exc:
                raise InputError(rel, f"the review data is damaged: {exc}") from None
    if "word/document.xml" not in parts and not any(n.endswith("document.xml") for n in parts):
        raise InputError(rel, "is not a DOCX file (no document part)")
    raise InputError(
        rel,
        "is not a transflow review document (it carries no review data; make one with "
        "'transflow review export')",
    )


def _main_part(parts: dict[str, bytes], rel: str) -> str:
    if "_rels/.rels" in parts:
        for r in _parse(parts["_rels/.rels"], rel, "_rels/.rels"):
            if r.get("Type") == _DOC_REL:
                target = (r.get("Target") or "").lstrip("/")
                if target in parts:
                    return target
    if "word/document.xml" in parts:
        return "word/document.xml"
    raise InputError(rel, "is not a DOCX file (no document part)")


def _comments(data: bytes | None, rel: str) -> dict[str, str]:
    if data is None:
        return {}
    root = _parse(data, rel, "comments.xml")
    accept_revisions(root)
    found: dict[str, str] = {}
    for c in root.findall(w("comment")):
        text = " / ".join(t for t in (_text(p).strip() for p in c.iter(w("p"))) if t)
        author = (c.get(w("author")) or "").strip()
        if text:
            found[c.get(w("id")) or ""] = f"({author}) {text}" if author else text
    return found


def _table(root: etree._Element, rel: str) -> etree._Element:
    body = root.find(w("body"))
    for tbl in (body if body is not None else root).iter(w("tbl")):
        first = tbl.find(w("tr"))
        if first is None:
            continue
        cells = first.findall(w("tc"))
        if cells and _text(cells[0]).strip() == COLUMNS[0]:
            return tbl
    raise InputError(rel, "the review table is missing (was it deleted or replaced?)")


def _cells(tr: etree._Element) -> list[etree._Element]:
    """A row's cells, also those inside a content control around cells."""
    out: list[etree._Element] = []
    for el in tr:
        if el.tag == w("tc"):
            out.append(el)
        elif el.tag in (w("sdt"), w("customXml")):
            content = el.find(w("sdtContent")) if el.tag == w("sdt") else el
            if content is not None:
                out.extend(_cells(content))
    return out


def _rows(
    root: etree._Element,
    manifest: mf.Manifest,
    rel: str,
    styles: Styles,
    links: dict[str, str],
    comments: dict[str, str],
) -> tuple[Row, ...]:
    tbl = _table(root, rel)
    trs = tbl.findall(w("tr"))[1:]
    expected = len(manifest.rows)
    by_source = {_plain_source(r.msgid): r.n for r in manifest.rows}
    rows: list[Row] = []
    for k, tr in enumerate(trs, 1):
        cells = _cells(tr)
        if any(_merged(tc) for tc in cells):
            raise InputError(
                rel, f"table row {k}: merged cells; the review table needs one cell per column"
            )
        if len(cells) != len(COLUMNS):
            raise InputError(
                rel,
                f"table row {k}: {len(cells)} cells instead of {len(COLUMNS)} (cells were merged, split, added or deleted)",
            )
        number = _text(cells[0]).strip()
        if k > expected:
            raise InputError(
                rel,
                f"the table has {len(trs)} rows, the document was made with {expected}: rows were added",
            )
        data = manifest.rows[k - 1]
        source_plain = _plain_text(cells[2])
        if number != str(k):
            other = by_source.get(source_plain)
            what = f"unit {number}" if number else "a row without its number"
            if other and str(other) != number and other != k:
                what += f" with the source of unit {other}"
            raise InputError(
                rel,
                f"table row {k} holds {what}: rows were reordered or deleted; "
                "export a fresh review document",
            )
        source_edited = source_plain != _plain_source(data.msgid)
        if source_edited and by_source.get(source_plain, k) != k:
            raise InputError(
                rel,
                f"table row {k} holds the source of unit {by_source[source_plain]}: rows were reordered",
            )
        images = [sp for sp in inline.parse(data.msgstr or data.msgid) if sp.image is not None]
        names = set(inline.placeholders(data.msgid)) | set(inline.placeholders(data.msgstr))
        translation: str | None
        problem: str | None = None
        try:
            translation = read_cell(
                cells[3].findall(w("p")), styles, links, names, images, LRM not in data.msgstr
            )
        except Unmappable as exc:
            translation, problem = None, str(exc)
        notes = [t for t in (_text(p).strip() for p in cells[5].findall(w("p"))) if t]
        ids: list[str] = []
        for mark in tr.iter(w("commentRangeStart"), w("commentReference")):
            cid = mark.get(w("id")) or ""
            if cid not in ids:
                ids.append(cid)
        notes.extend(comments[c] for c in ids if c in comments)
        rows.append(Row(k, data, translation, problem, tuple(notes), source_edited))
    if len(rows) < expected:
        raise InputError(
            rel,
            f"the table has {len(rows)} rows, the document was made with {expected}: rows were deleted",
        )
    return tuple(rows)


def _merged(tc: etree._Element) -> bool:
    tcpr = tc.find(w("tcPr"))
    if tcpr is None:
        return False
    span = tcpr.find(w("gridSpan"))
    return tcpr.find(w("vMerge")) is not None or (
        span is not None and (span.get(w("val")) or "1") != "1"
    )


def _plain_text(tc: etree._Element) -> str:
    """A cell's text, whitespace (line breaks, tabs, paragraphs) collapsed."""
    out: list[str] = []
    for el in tc.iter(w("t"), w("br"), w("cr"), w("tab"), w("p")):
        out.append(el.text or "" if el.tag == w("t") else " ")
    return " ".join("".join(out).split())


def _plain_source(msgid: str) -> str:
    out = []
    images = 0
    for sp in inline.parse(msgid):
        if sp.placeholder is not None:
            out.append("{" + sp.placeholder + "}")
        elif sp.image is not None:
            images += 1
            out.append(f"⟦image {images}: {sp.text}⟧")
        else:
            out.append(sp.text)
    return " ".join("".join(out).split())
