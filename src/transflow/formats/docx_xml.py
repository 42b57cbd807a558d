"""Pure-lxml helpers for WordprocessingML: locating paragraphs, reading runs as spans,
replacing a paragraph's text runs, and element ordering. No python-docx here.

Block keys (the locators the DOCX writer uses) are paths of per-tag indices below a
container: ``body/p:12``, ``body/tbl:0/r:1/c:2/p:0``, ``body/sdt:0/p:3``, ``hdr:0/p:1``,
``ftr:1/tbl:0/r:0/c:0/p:0``, ``fn:3/p:0`` (footnote 3; ``en:`` for endnotes),
``body/p:4/tb:0/p:1`` (the second paragraph of the first text box anchored in
``body/p:4``). ``p:i`` is the i-th ``w:p`` child of its container (only ``w:p`` are
counted), likewise ``tbl:i`` and ``sdt:i``; ``r:i``/``c:i`` are the row and cell indices
of a table (rows and cells wrapped in content controls included). Header and footer parts are numbered in order of first reference
by the document's sections (``hdr:0``, ``hdr:1``…, ``ftr:0``…), each part once.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import TypeGuard

from lxml import etree

from transflow.core.inline import Span
from transflow.core.model import TableCell

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_NS = "http://www.w3.org/XML/1998/namespace"

LinkTarget = Callable[[str], tuple[str | None, str | None]]  # url -> (relationship id, anchor)


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def wval(el: etree._Element | None, attr: str = "val") -> str | None:
    return None if el is None else el.get(w(attr))


def local(el: etree._Element) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


# ---------------------------------------------------------------- locating paragraphs


@dataclass(frozen=True)
class Cell:
    """Where a table cell's paragraph is: the table's shape facts a writer needs to
    rebuild the table (see :class:`~transflow.core.model.Block`)."""

    where: TableCell
    first: bool  # the cell's first paragraph
    empty: bool  # the cell holds no text at all
    merged: bool  # a continuation of a vertically merged cell


def _wrapped(parent: etree._Element, tag: str) -> Iterator[etree._Element]:
    """``w:tag`` children of ``parent``, also those wrapped in content controls or
    custom XML (rows in a repeating section, cells in a content control)."""
    for child in parent:
        name = local(child)
        if name == tag:
            yield child
        elif name == "sdt":
            content = child.find(w("sdtContent"))
            if content is not None:
                yield from _wrapped(content, tag)
        elif name == "customXml":
            yield from _wrapped(child, tag)


_ON = ("1", "true", "on")


def _table_cells(
    tbl: etree._Element, index: int, outer: TableCell | None
) -> list[tuple[int, int, etree._Element, Cell]]:
    """(row index, cell index, w:tc, Cell) for every cell of a table."""
    look = tbl.find(f"{w('tblPr')}/{w('tblLook')}")
    first_row = False
    if look is not None:
        first = look.get(w("firstRow"))
        if first is not None:
            first_row = first.lower() in _ON
        else:
            try:
                first_row = bool(int(look.get(w("val")) or "0", 16) & 0x0020)
            except ValueError:
                first_row = False
    grid: list[list[tuple[int, int, etree._Element, str | None]]] = []
    for tr in _wrapped(tbl, "tr"):
        before = wval(tr.find(f"{w('trPr')}/{w('gridBefore')}"))
        col = int(before) if _digits(before) else 0
        row: list[tuple[int, int, etree._Element, str | None]] = []
        for tc in _wrapped(tr, "tc"):
            tcpr = tc.find(w("tcPr"))
            span_val = wval(tcpr.find(w("gridSpan"))) if tcpr is not None else None
            span = int(span_val) if _digits(span_val) and int(span_val or 1) > 0 else 1
            vmerge = tcpr.find(w("vMerge")) if tcpr is not None else None
            state = None if vmerge is None else (wval(vmerge) or "continue")
            row.append((col, span, tc, state))
            col += span
        grid.append(row)
    out: list[tuple[int, int, etree._Element, Cell]] = []
    for r_i, (tr, row) in enumerate(zip(_wrapped(tbl, "tr"), grid, strict=False)):
        header = _on_flag(tr.find(f"{w('trPr')}/{w('tblHeader')}")) or (r_i == 0 and first_row)
        for c_i, (col, span, tc, state) in enumerate(row):
            rowspan = 1
            if state == "restart":
                for below in grid[r_i + 1 :]:
                    if any(c == col and st == "continue" for c, _, _, st in below):
                        rowspan += 1
                    else:
                        break
            jc = tc.find(f"{w('p')}/{w('pPr')}/{w('jc')}")
            align = {"left": "left", "start": "left", "center": "center"}.get(
                wval(jc) or "", "right" if wval(jc) in ("right", "end") else ""
            )
            merged = state == "continue"
            where = TableCell(index, r_i, col, header, span, rowspan, align, merged, outer=outer)
            empty = not any((t.text or "").strip() for t in tc.iter(w("t")))
            out.append((r_i, c_i, tc, Cell(where, True, empty, merged)))
    return out


def _digits(value: str | None) -> TypeGuard[str]:
    return bool(value) and value.isdigit()  # type: ignore[union-attr]


def _on_flag(el: etree._Element | None) -> bool:
    return el is not None and (wval(el) or "true").lower() in _ON


class TableCounter:
    """Numbers tables in document order across containers."""

    def __init__(self) -> None:
        self.n = 0

    def next(self) -> int:
        self.n += 1
        return self.n - 1


def iter_paragraphs(
    container: etree._Element,
    prefix: str,
    cell: Cell | None = None,
    tables: TableCounter | None = None,
) -> Iterator[tuple[str, etree._Element, Cell | None]]:
    """Yield ``(key, w:p, cell)`` for every paragraph below ``container`` in order;
    ``cell`` is None outside tables."""
    tables = tables or TableCounter()
    counts: dict[str, int] = {}
    first_in_cell = cell is not None
    for child in container:
        tag = local(child)
        if tag not in ("p", "tbl", "sdt", "customXml"):
            continue
        i = counts.get(tag, 0)
        counts[tag] = i + 1
        key = f"{prefix}/{tag}:{i}"
        if tag == "p":
            here = cell
            if cell is not None and not first_in_cell:
                here = Cell(cell.where, False, cell.empty, cell.merged)
            first_in_cell = False
            yield key, child, here
        elif tag == "tbl":
            index = tables.next()
            outer = cell.where if cell is not None else None
            for r_i, c_i, tc, info in _table_cells(child, index, outer):
                yield from iter_paragraphs(tc, f"{key}/r:{r_i}/c:{c_i}", info, tables)
        elif tag == "sdt":
            content = child.find(w("sdtContent"))
            if content is not None:
                yield from iter_paragraphs(content, key, cell, tables)
        else:
            yield from iter_paragraphs(child, key, cell, tables)


def header_footer_ids(body: etree._Element) -> tuple[list[str], list[str]]:
    """Relationship ids of header and footer parts, in section order, each once."""
    headers: list[str] = []
    footers: list[str] = []
    for sect in body.iter(w("sectPr")):
        for ref in sect:
            rid = ref.get(f"{{{R_NS}}}id")
            if not rid:
                continue
            if local(ref) == "headerReference" and rid not in headers:
                headers.append(rid)
            elif local(ref) == "footerReference" and rid not in footers:
                footers.append(rid)
    return headers, footers


# ---------------------------------------------------------------- writing runs


def words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


RPR_ORDER = words(
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint "
    "noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u "
    "effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath"
)
PPR_ORDER = words(
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers "
    "pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE "
    "autoSpaceDN bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents "
    "suppressOverlap jc textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle "
    "rPr sectPr pPrChange"
)
TBLPR_ORDER = words(
    "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
    "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription"
)


def get_or_add(
    parent: etree._Element, tag: str, order: list[str] | tuple[str, ...]
) -> etree._Element:
    """The child ``w:tag`` of ``parent``, inserted at its schema position if missing."""
    found = parent.find(w(tag))
    if found is not None:
        return found
    new = etree.Element(w(tag))
    rank = order.index(tag) if tag in order else len(order)
    for i, child in enumerate(parent):
        name = local(child)
        if name in order and order.index(name) > rank:
            parent.insert(i, new)
            return new
    parent.append(new)
    return new


def ppr_of(p: etree._Element) -> etree._Element:
    ppr = p.find(w("pPr"))
    if ppr is None:
        ppr = etree.Element(w("pPr"))
        p.insert(0, ppr)
    return ppr


@dataclass(frozen=True)
class RunStyle:
    """How runs written into one paragraph look and which language they carry."""

    base_rpr: etree._Element | None = None  # formatting of the paragraph's first text run
    hyperlink_style: str | None = None  # styleId of the "Hyperlink" character style
    lang: Mapping[str, str] = field(default_factory=dict)  # w:lang attributes (val/eastAsia/bidi)
    rtl: bool = False
    cjk: bool = False


_FORMAT_TAGS = frozenset(
    {"b", "bCs", "i", "iCs", "u", "strike", "dstrike", "rtl", "lang", "rPrChange"}
)


def clean_base_rpr(
    rpr: etree._Element | None, hyperlink_style: str | None
) -> etree._Element | None:
    """A copy of ``rpr`` without the formatting the markup decides (bold, italic, underline)."""
    if rpr is None:
        return None
    base = etree.fromstring(etree.tostring(rpr))
    for child in list(base):
        if local(child) in _FORMAT_TAGS or (
            local(child) == "rStyle" and wval(child) == hyperlink_style
        ):
            base.remove(child)
    return base


def _rpr_for(span: Span, style: RunStyle, ltr: bool = False) -> etree._Element:
    rpr = (
        etree.fromstring(etree.tostring(style.base_rpr))
        if style.base_rpr is not None
        else etree.Element(w("rPr"))
    )
    if span.link is not None and style.hyperlink_style:
        get_or_add(rpr, "rStyle", RPR_ORDER).set(w("val"), style.hyperlink_style)
    for flag, tags in ((span.bold, ("b", "bCs")), (span.italic, ("i", "iCs"))):
        if flag:
            for tag in tags:
                get_or_add(rpr, tag, RPR_ORDER)
    if span.underline:
        get_or_add(rpr, "u", RPR_ORDER).set(w("val"), "single")
    if span.strike:
        get_or_add(rpr, "strike", RPR_ORDER)
    if style.cjk:
        get_or_add(rpr, "rFonts", RPR_ORDER).set(w("hint"), "eastAsia")
    if style.rtl and not ltr:
        get_or_add(rpr, "rtl", RPR_ORDER)
    if style.lang:
        lang = get_or_add(rpr, "lang", RPR_ORDER)
        for attr, value in style.lang.items():
            lang.set(w(attr), value)
    return rpr


_SPECIAL = re.compile("([\n\t\u2011\u00ad])")
_SPECIAL_TAGS = {"\n": "br", "\t": "tab", "\u2011": "noBreakHyphen", "\u00ad": "softHyphen"}


LRM = "\u200e"  # LEFT-TO-RIGHT MARK
# characters that may sit inside a left-to-right span between its letters or digits
_LTR_JOINERS = frozenset(".-_/@:'\u2019&+#?=%~")
_SPACES = frozenset(" \u00a0")  # a single one joins two words of a left-to-right piece
_PHONE_JOINERS = frozenset(" \u00a0.-/")


def _bidi(ch: str) -> str:
    return unicodedata.bidirectional(ch)


def ltr_pieces(text: str) -> list[tuple[str, bool]]:
    """``text`` cut into ``(piece, ltr)``: the pieces that must read left to right inside
    right-to-left text, i.e. e-mail addresses, URLs, codes, Latin-script (or Cyrillic…)
    names (a stretch that starts and ends with a left-to-right letter or digit, holds a
    letter, and no right-to-left letter or sentence punctuation), and phone-like digit
    groups ("+44 1496 300 123", "2026-03-14": digits joined by spaces, dots, hyphens or
    slashes, seven digits or more, or led by "+").

    A lone number, a decimal or a grouped number ("40", "3.5", "1,380") stays in the
    right-to-left text: digits are weak, the bidi algorithm draws them right; only their
    joiners between groups make the groups swap places."""
    n = len(text)
    out: list[tuple[str, bool]] = []
    plain_from = 0
    i = 0
    while i < n:
        if _bidi(text[i]) not in ("L", "EN"):
            i += 1
            continue
        start = end = i
        j = i
        has_letter = False
        while j < n:
            kind = _bidi(text[j])
            if kind in ("L", "EN") and text[j].strip():
                has_letter = has_letter or kind == "L"
                end = j + 1
                j += 1
            elif text[j] in _LTR_JOINERS or (
                text[j] in _SPACES and j + 1 < n and text[j + 1] not in _SPACES
            ):
                j += 1
            else:
                break
        piece = text[start:end]
        if not has_letter:
            digits = sum(c.isdigit() for c in piece)
            joined = all(c.isdigit() or c in _PHONE_JOINERS for c in piece)
            lead_plus = start > 0 and text[start - 1] == "+"
            if joined and lead_plus:
                start -= 1
            if not (joined and (lead_plus or (digits >= 7 and digits < len(piece)))):
                i = end
                continue
        if start > plain_from:
            out.append((text[plain_from:start], False))
        out.append((text[start:end], True))
        plain_from = i = end
    if plain_from < n:
        out.append((text[plain_from:], False))
    return out


def make_text_runs(span: Span, style: RunStyle) -> list[etree._Element]:
    """The runs for ``span``: one run, except in right-to-left text, where each
    left-to-right piece (:func:`ltr_pieces`) gets a run of its own without ``w:rtl``
    with a LEFT-TO-RIGHT MARK at each end, so Word (which draws digits in an ``w:rtl``
    run right to left) and LibreOffice (the plain bidi algorithm, in which the groups of
    "+44 1496 300 123" swap places after Arabic letters) both draw it in order."""
    if not style.rtl or not span.text:
        return [make_run(span, style)]
    runs: list[etree._Element] = []
    for piece, ltr in ltr_pieces(span.text):
        if ltr:
            runs.append(make_run(replace(span, text=LRM + piece + LRM), style, ltr=True))
        else:
            runs.append(make_run(replace(span, text=piece), style))
    return runs


def make_run(span: Span, style: RunStyle, ltr: bool = False) -> etree._Element:
    """One run for ``span`` (``ltr``: a left-to-right piece in right-to-left text, so
    no ``w:rtl``)."""
    run = etree.Element(w("r"))
    run.append(_rpr_for(span, style, ltr))
    for piece in _SPECIAL.split(span.text):
        if not piece:
            continue
        if piece in _SPECIAL_TAGS:
            etree.SubElement(run, w(_SPECIAL_TAGS[piece]))
        else:
            t = etree.SubElement(run, w("t"))
            t.text = piece
            if piece != piece.strip(" "):
                t.set(f"{{{XML_NS}}}space", "preserve")
    return run


def make_runs(
    spans: list[Span],
    style: RunStyle,
    link_target: LinkTarget,
    codes: Callable[[str], list[etree._Element] | None] | None = None,
) -> list[etree._Element]:
    """Paragraph children for ``spans``: runs, with links grouped into ``w:hyperlink``.

    ``codes(name)`` gives the elements a placeholder stands for (None: no such
    placeholder, written as the text ``{name}``); without it placeholders are skipped."""
    out: list[etree._Element] = []
    current_link: str | None = None
    holder: etree._Element | None = None
    for span in spans:
        elements: list[etree._Element] = []
        if span.placeholder is not None:
            if codes is None:
                continue
            found = codes(span.placeholder)
            if found is None:
                span = replace(span, text="{" + span.placeholder + "}", placeholder=None)
            elif not found:
                continue
            else:
                elements = found
        if not elements and (span.image is not None or not span.text):
            continue
        made = elements or make_text_runs(span, style)
        if span.link is None:
            holder = None
            current_link = None
            out.extend(made)
            continue
        if holder is None or span.link != current_link:
            holder = etree.Element(w("hyperlink"))
            rid, anchor = link_target(span.link)
            if rid:
                holder.set(f"{{{R_NS}}}id", rid)
            if anchor:
                holder.set(w("anchor"), anchor)
            if span.title:
                holder.set(w("tooltip"), span.title)
            holder.set(w("history"), "1")
            current_link = span.link
            out.append(holder)
        holder.extend(made)
    return out
