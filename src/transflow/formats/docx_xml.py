"""Pure-lxml helpers for WordprocessingML: locating paragraphs, reading runs as spans,
replacing a paragraph's text runs, and element ordering. No python-docx here.

Block keys (the locators the DOCX writer uses) are paths of per-tag indices below a
container: ``body/p:12``, ``body/tbl:0/r:1/c:2/p:0``, ``body/sdt:0/p:3``, ``hdr:0/p:1``,
``ftr:1/tbl:0/r:0/c:0/p:0``. ``p:i`` is the i-th ``w:p`` child of its container (only
``w:p`` are counted), likewise ``tbl:i`` and ``sdt:i``; ``r:i``/``c:i`` are the row and
cell indices of a table. Header and footer parts are numbered in order of first reference
by the document's sections (``hdr:0``, ``hdr:1``…, ``ftr:0``…), each part once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

from lxml import etree

from ..inline import Span

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


def iter_paragraphs(
    container: etree._Element, prefix: str, in_table: bool = False
) -> Iterator[tuple[str, etree._Element, bool]]:
    """Yield ``(key, w:p, in_table)`` for every paragraph below ``container`` in order."""
    counts: dict[str, int] = {}
    for child in container:
        tag = local(child)
        if tag not in ("p", "tbl", "sdt", "customXml"):
            continue
        i = counts.get(tag, 0)
        counts[tag] = i + 1
        key = f"{prefix}/{tag}:{i}"
        if tag == "p":
            yield key, child, in_table
        elif tag == "tbl":
            for r_i, row in enumerate(child.findall(w("tr"))):
                for c_i, cell in enumerate(row.findall(w("tc"))):
                    yield from iter_paragraphs(cell, f"{key}/r:{r_i}/c:{c_i}", True)
        elif tag == "sdt":
            content = child.find(w("sdtContent"))
            if content is not None:
                yield from iter_paragraphs(content, key, in_table)
        else:
            yield from iter_paragraphs(child, key, in_table)


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


# ---------------------------------------------------------------- reading runs

_TEXT_TAGS = frozenset({"t", "tab", "br", "cr", "noBreakHyphen", "softHyphen"})
_WRAPPERS = frozenset({"ins", "smartTag", "customXml", "moveTo", "dir", "bdo"})
_OFF = frozenset({"0", "false", "off", "none"})


def _on(el: etree._Element | None) -> bool:
    return el is not None and (wval(el) or "true").lower() not in _OFF


def _is_text_child(child: etree._Element) -> bool:
    tag = local(child)
    if tag == "br":
        return wval(child, "type") in (None, "textWrapping")
    return tag in _TEXT_TAGS or tag == "lastRenderedPageBreak"


def _child_text(child: etree._Element) -> str:
    tag = local(child)
    if tag == "t":
        return child.text or ""
    return {
        "tab": "\t",
        "br": "\n",
        "cr": "\n",
        "noBreakHyphen": "\u2011",
        "softHyphen": "\u00ad",
    }.get(tag, "")


@dataclass
class ParagraphScan:
    """What a paragraph holds: its text as spans and the runs that carry that text."""

    spans: list[Span] = field(default_factory=list)
    runs: list[etree._Element] = field(default_factory=list)  # runs with text children


def scan_paragraph(p: etree._Element, links: Mapping[str, str]) -> ParagraphScan:
    """Read a paragraph's translatable text.

    Runs inside a field (``w:fldSimple``, or between ``fldChar`` begin and end) are field
    results and stay untranslated; deleted text, drawings, footnote references, symbols,
    page breaks and bookmarks are not text. ``links`` maps relationship ids to URLs.
    """
    scan = ParagraphScan()
    depth = 0
    gap = False  # a non-text element (field, drawing…) since the last text

    def walk(parent: etree._Element, link: str | None) -> None:
        nonlocal depth, gap
        for el in parent:
            tag = local(el)
            if tag == "r":
                chars = [c for c in el if local(c) == "fldChar"]
                if chars or depth > 0:
                    gap = True
                    for c in chars:
                        kind = wval(c, "fldCharType")
                        depth += 1 if kind == "begin" else -1 if kind == "end" else 0
                        depth = max(depth, 0)
                    continue
                text = "".join(_child_text(c) for c in el if _is_text_child(c))
                if gap and scan.spans and scan.spans[-1].text.endswith(" "):
                    text = text.lstrip(" ")  # "on " + field + " by": one space, not two
                gap = False
                if any(local(c) not in _TEXT_TAGS | {"rPr", "lastRenderedPageBreak"} for c in el):
                    gap = True  # a drawing or reference inside the run
                if not text:
                    continue
                rpr = el.find(w("rPr"))
                scan.runs.append(el)
                scan.spans.append(
                    Span(
                        text,
                        bold=_on(rpr.find(w("b")) if rpr is not None else None),
                        italic=_on(rpr.find(w("i")) if rpr is not None else None),
                        underline=_on(rpr.find(w("u")) if rpr is not None else None),
                        link=link,
                    )
                )
            elif tag == "hyperlink":
                rid = el.get(f"{{{R_NS}}}id")
                anchor = el.get(w("anchor"))
                url = links.get(rid, "") if rid else ""
                if anchor:
                    url = f"{url}#{anchor}"
                walk(el, url or link)
            elif tag in _WRAPPERS:
                walk(el, link)
            elif tag == "fldSimple":
                gap = True
            elif tag == "sdt":
                content = el.find(w("sdtContent"))
                if content is not None:
                    walk(content, link)

    walk(p, None)
    return scan


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


_FORMAT_TAGS = frozenset({"b", "bCs", "i", "iCs", "u", "rtl", "lang", "rPrChange"})


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


def _rpr_for(span: Span, style: RunStyle) -> etree._Element:
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
    if style.cjk:
        get_or_add(rpr, "rFonts", RPR_ORDER).set(w("hint"), "eastAsia")
    if style.rtl:
        get_or_add(rpr, "rtl", RPR_ORDER)
    if style.lang:
        lang = get_or_add(rpr, "lang", RPR_ORDER)
        for attr, value in style.lang.items():
            lang.set(w(attr), value)
    return rpr


_SPECIAL = re.compile("([\n\t\u2011\u00ad])")
_SPECIAL_TAGS = {"\n": "br", "\t": "tab", "\u2011": "noBreakHyphen", "\u00ad": "softHyphen"}


def make_run(span: Span, style: RunStyle) -> etree._Element:
    run = etree.Element(w("r"))
    run.append(_rpr_for(span, style))
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


def make_runs(spans: list[Span], style: RunStyle, link_target: LinkTarget) -> list[etree._Element]:
    """Paragraph children for ``spans``: runs, with links grouped into ``w:hyperlink``."""
    out: list[etree._Element] = []
    current_link: str | None = None
    holder: etree._Element | None = None
    for span in spans:
        if span.image is not None or not span.text:
            continue
        if span.link is None:
            holder = None
            current_link = None
            out.append(make_run(span, style))
            continue
        if holder is None or span.link != current_link:
            holder = etree.Element(w("hyperlink"))
            rid, anchor = link_target(span.link)
            if rid:
                holder.set(f"{{{R_NS}}}id", rid)
            if anchor:
                holder.set(w("anchor"), anchor)
            holder.set(w("history"), "1")
            current_link = span.link
            out.append(holder)
        holder.append(make_run(span, style))
    return out


def replace_text(p: etree._Element, scan: ParagraphScan, new: list[etree._Element]) -> None:
    """Swap the paragraph's text for ``new`` children, keeping every non-text element.

    Text children are removed from the runs found by :func:`scan_paragraph`; runs left with
    nothing but properties are removed, and so are hyperlinks and wrappers left empty. The
    new runs go where the first text run was; anything that sat between text runs (a
    drawing, a footnote reference, a field) keeps its place and so follows the new text.
    """
    for err in list(p.iter(w("proofErr"))):
        err.getparent().remove(err)
    if not scan.runs:
        p.extend(new)
        return
    first = scan.runs[0]
    top = first
    while top.getparent() is not p:
        top = top.getparent()
    marker = etree.Element(w("transflowMarker"))
    p.insert(p.index(top), marker)
    for run in scan.runs:
        for child in list(run):
            if _is_text_child(child):
                run.remove(child)
        if all(local(c) == "rPr" for c in run):
            parent = run.getparent()
            parent.remove(run)
            while (
                parent is not p
                and local(parent) in _WRAPPERS | {"hyperlink"}
                and all(local(c) == "rPr" for c in parent)
            ):
                grand = parent.getparent()
                grand.remove(parent)
                parent = grand
    index = p.index(marker)
    p.remove(marker)
    for offset, el in enumerate(new):
        p.insert(index + offset, el)
