"""Run-level pieces of the DOCX builder that :func:`.docx_xml.make_run` does not write:
strikethrough, code spans (a monospace character style), bold for a header cell, and
hyperlinks with a tooltip (a link's title). Only :mod:`.docx_build` uses this module.

These are written here rather than in :mod:`.docx_xml` (shared with the skeleton merge,
owned there): each one is added to the ``w:rPr`` that ``make_run`` made, with
``get_or_add``, so it stays right if ``make_run`` learns to write it too.
"""

from __future__ import annotations

from typing import Any

from docx.enum.style import WD_STYLE_TYPE
from lxml import etree

from transflow.core.inline import Span, parse
from transflow.core.model import Document
from transflow.formats.docx_xml import R_NS, RPR_ORDER, LinkTarget, get_or_add, w

CODE_FONT = "Courier New"
CODE_STYLES = ("html code", "verbatim char")


def finish_rpr(rpr: etree._Element, span: Span, bold: bool, code_style: str | None) -> None:
    """Add to a run's properties what ``make_run`` leaves out."""
    if bold:
        get_or_add(rpr, "b", RPR_ORDER)
        get_or_add(rpr, "bCs", RPR_ORDER)
    if span.strike:
        get_or_add(rpr, "strike", RPR_ORDER)
    if span.code:
        if rpr.find(w("rStyle")) is None and code_style:
            get_or_add(rpr, "rStyle", RPR_ORDER).set(w("val"), code_style)
        else:  # a link's run keeps the Hyperlink style: the font goes on the run itself
            fonts = get_or_add(rpr, "rFonts", RPR_ORDER)
            for attr in ("ascii", "hAnsi", "cs"):
                fonts.set(w(attr), CODE_FONT)


def hyperlink(
    target: LinkTarget, url: str, title: str | None, children: list[etree._Element]
) -> etree._Element:
    """A ``w:hyperlink`` to ``url`` around ``children``; the link's title is its tooltip."""
    holder = etree.Element(w("hyperlink"))
    rid, anchor = target(url)
    if rid:
        holder.set(f"{{{R_NS}}}id", rid)
    if anchor:
        holder.set(w("anchor"), anchor)
    if title:
        holder.set(w("tooltip"), title)
    holder.set(w("history"), "1")
    holder.extend(children)
    return holder


def code_style(doc: Any, document: Document, found: tuple[str | None] | None) -> str | None:
    """styleId of a monospace character style for code spans ("HTML Code", "Verbatim
    Char"), added as "HTML Code" (Courier New) when a block has code and ``doc`` lacks one.
    ``found``: ``(styleId,)`` of ``doc``'s first character style named so, or None (the
    build's style table has read the styles)."""
    if found is not None:
        return found[0]
    if not any(sp.code for b in document.blocks for sp in parse(b.text)):
        return None
    style = doc.styles.add_style("HTML Code", WD_STYLE_TYPE.CHARACTER)
    style.font.name = CODE_FONT
    rfonts = style.element.get_or_add_rPr().find(w("rFonts"))
    if rfonts is not None:
        rfonts.set(w("cs"), CODE_FONT)
    style.priority = 99
    style.unhide_when_used = True
    return style.style_id
