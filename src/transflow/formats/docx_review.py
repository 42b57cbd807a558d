"""Review markup in WordprocessingML (pure lxml): tracked changes, reviewer comments and
the fields that span paragraphs (a table of contents).

Policies, the same for reading and writing (both run these functions on the parsed part
before looking at any paragraph, so block keys agree):

- **Tracked changes are accepted.** A source with unresolved revisions is read as if
  every one were accepted: inserted and moved-to text is text, deleted and moved-from
  text is gone, property changes keep their new value; a deleted table row is gone. The
  export carries no revision at all, and the reader tells the publisher (a notice), so
  that nobody ships a translation of a draft believing it is the final text.
- **Reviewer comments are removed** from the localized files (the comment ranges, the
  reference marks and the comments part). A press office never sends its reviewers'
  remarks to the press; they are written in the source language about the source text,
  so in a translation they would be untranslated notes attached to the wrong words. The
  reader says so in a notice; the source keeps its comments.
- **Tables of contents are not units.** A TOC entry duplicates a heading and Word
  regenerates it from the (translated) headings: paragraphs inside a ``TOC`` field (or
  another generated list: ``INDEX``, ``TOA``, ``BIBLIOGRAPHY``), a "Table of Contents"
  content control or a ``TOC n`` style are left verbatim, and the field is marked dirty
  so that Word updates it in the target language on opening. The title of a "Table of
  Contents" content control (style ``TOC Heading``) is written by a person: it is a unit.
  A Markdown export has no table of contents (nothing would update it; the headings it
  lists are all there): the reader notes ``docx:toc`` in the document's meta and the
  Markdown writer warns that it was left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import cast

from lxml import etree

from transflow.formats.docx_xml import local, w, wval

REVISIONS_NOTICE = "the source has unresolved tracked changes; exported as if all were accepted"
COMMENTS_NOTICE = "the source has reviewer comments; they are not in the localized files"

# Revision elements removed with their content, wherever they are.
_REMOVE = frozenset(
    {
        "del",
        "moveFrom",
        "moveFromRangeStart",
        "moveFromRangeEnd",
        "moveToRangeStart",
        "moveToRangeEnd",
        "pPrChange",
        "rPrChange",
        "sectPrChange",
        "tblPrChange",
        "tblPrExChange",
        "trPrChange",
        "tcPrChange",
        "tblGridChange",
        "numberingChange",
        "customXmlDelRangeStart",
        "customXmlDelRangeEnd",
        "customXmlInsRangeStart",
        "customXmlInsRangeEnd",
        "customXmlMoveFromRangeStart",
        "customXmlMoveFromRangeEnd",
        "customXmlMoveToRangeStart",
        "customXmlMoveToRangeEnd",
        "cellIns",
        "cellMerge",
    }
)
# Markers inside properties: the paragraph mark or row was inserted/deleted.
_PROPERTY_PARENTS = frozenset({"rPr", "trPr", "tcPr"})


def accept_revisions(root: etree._Element) -> bool:
    """Accept every tracked change below ``root`` in place; True when there was one."""
    found = False
    for el in list(root.iter(w("ins"), w("moveTo"), w("del"), *(w(t) for t in _REMOVE))):
        parent = el.getparent()
        if parent is None:
            continue  # already removed with an ancestor
        tag = local(el)
        found = True
        if local(parent) in _PROPERTY_PARENTS:
            if tag == "del" and local(parent) == "trPr":
                row = parent.getparent()
                if row is not None and row.getparent() is not None:
                    cast(etree._Element, row.getparent()).remove(row)  # a deleted table row
                    continue
            parent.remove(el)
            continue
        if tag in ("ins", "moveTo"):
            index = parent.index(el)
            for offset, child in enumerate(list(el)):
                parent.insert(index + offset, child)
            parent.remove(el)
        else:
            parent.remove(el)
    for cell_del in list(root.iter(w("cellDel"))):
        found = True
        cell = (
            cast(etree._Element, cell_del.getparent()).getparent()
            if cell_del.getparent() is not None
            else None
        )
        if cell is not None and local(cell) == "tc" and cell.getparent() is not None:
            cast(etree._Element, cell.getparent()).remove(cell)
    return found


def has_comments(root: etree._Element) -> bool:
    return next(root.iter(w("commentReference"), w("commentRangeStart")), None) is not None


def strip_comments(root: etree._Element) -> bool:
    """Remove comment ranges and reference marks (a run left empty goes too)."""
    found = False
    for el in list(root.iter(w("commentRangeStart"), w("commentRangeEnd"), w("commentReference"))):
        found = True
        parent = el.getparent()
        if parent is None:
            continue
        parent.remove(el)
        if local(parent) == "r" and all(local(c) == "rPr" for c in parent):
            grand = parent.getparent()
            if grand is not None:
                grand.remove(parent)
    return found


# ---------------------------------------------------------------- fields across paragraphs


@dataclass
class ParagraphFields:
    """Field state at the start of a paragraph (for fields that span paragraphs)."""

    open: int = 0  # fields begun in an earlier paragraph and not yet ended
    toc: bool = False  # inside a TOC field, a TOC content control or a TOC n style
    open_instr: str = ""  # instruction of the outermost open field


_TOC_STYLE = re.compile(r"toc ?\d", re.IGNORECASE)


def field_map(
    root: etree._Element, style_names: dict[str, str] | None = None
) -> dict[etree._Element, ParagraphFields]:
    """For each paragraph below ``root``: how many fields are open at its start and
    whether it is a table-of-contents entry."""
    result: dict[etree._Element, ParagraphFields] = {}
    stack: list[list[str]] = []  # instruction pieces of each open field
    current: ParagraphFields | None = None
    names = style_names or {}
    for el in root.iter(w("p"), w("fldChar"), w("instrText")):
        tag = local(el)
        if tag == "p":
            current = ParagraphFields(
                len(stack), _in_toc(stack), "".join(stack[0]).strip() if stack else ""
            )
            if _toc_style(el, names) or (_toc_container(el) and not _toc_heading(el, names)):
                current.toc = True
            result[el] = current
        elif tag == "fldChar":
            kind = wval(el, "fldCharType")
            if kind == "begin":
                stack.append([])
            elif kind == "end" and stack:
                stack.pop()
        elif stack:
            stack[-1].append(el.text or "")
            if current is not None and _in_toc(stack):
                current.toc = True
    return result


# Fields whose result Word generates from the rest of the document.
GENERATED = frozenset({"TOC", "INDEX", "TOA", "BIBLIOGRAPHY"})


def _in_toc(stack: list[list[str]]) -> bool:
    return any(_keyword("".join(pieces)) in GENERATED for pieces in stack)


def _keyword(instr: str) -> str:
    parts = instr.split()
    return parts[0].upper() if parts else ""


def _toc_container(p: etree._Element) -> bool:
    for anc in p.iterancestors(w("sdt")):
        gallery = anc.find(f"{w('sdtPr')}/{w('docPartObj')}/{w('docPartGallery')}")
        if gallery is not None and (wval(gallery) or "").lower() == "table of contents":
            return True
    return False


def _toc_heading(p: etree._Element, names: dict[str, str]) -> bool:
    """The title of a table-of-contents content control ("Contents", style TOC Heading):
    written by a person, not generated, so it is a unit."""
    sid = wval(p.find(f"{w('pPr')}/{w('pStyle')}")) or ""
    return names.get(sid, sid).replace(" ", "").lower() == "tocheading"


def _toc_style(p: etree._Element, names: dict[str, str]) -> bool:
    sid = wval(p.find(f"{w('pPr')}/{w('pStyle')}")) or ""
    return bool(_TOC_STYLE.fullmatch(names.get(sid, sid)))


def mark_toc_dirty(roots: Iterable[etree._Element]) -> None:
    """Ask Word to update every TOC field when the document is opened."""
    for root in roots:
        stack: list[tuple[etree._Element, list[str]]] = []
        for el in root.iter(w("fldChar"), w("instrText"), w("fldSimple")):
            tag = local(el)
            if tag == "fldSimple":
                if _keyword(el.get(w("instr")) or "") in GENERATED:
                    el.set(w("dirty"), "true")
            elif tag == "fldChar":
                kind = wval(el, "fldCharType")
                if kind == "begin":
                    stack.append((el, []))
                elif kind in ("separate", "end") and stack:
                    begin, pieces = stack[-1]
                    if _keyword("".join(pieces)) in GENERATED:
                        begin.set(w("dirty"), "true")
                    if kind == "end":
                        stack.pop()
            elif stack:
                stack[-1][1].append(el.text or "")
