"""Footnotes and endnotes for a DOCX built from blocks: real Word notes
(``word/footnotes.xml`` / ``word/endnotes.xml``), written with lxml because python-docx
has no notes API.

A note is the run of ``NOTE`` blocks that share a :class:`~transflow.core.model.Note`
(its ``kind``, ``footnote`` or ``endnote``, and ``label``); a ``{name}`` placeholder whose
:class:`~transflow.core.model.Code` is of kind ``NOTE`` refers to it by ``ref`` (a note
block's key, or its label). The first reference
puts a note reference mark in the text and the note's paragraphs into the notes part; a
note nobody refers to is written at the end of the body instead (nothing is dropped).
A reference document's own notes belonged to its (cleared) body and are dropped.
Only :mod:`.docx_build` uses this module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml.parser import parse_xml
from lxml import etree

from transflow.core.model import Block, BlockKind, Code
from transflow.formats.docx_xml import PPR_ORDER, RPR_ORDER, W_NS, get_or_add, ppr_of, w

_KINDS = {
    "footnote": (
        RT.FOOTNOTES,
        "/word/footnotes.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
    ),
    "endnote": (
        RT.ENDNOTES,
        "/word/endnotes.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml",
    ),
}
# (styleId, name, type, the style's own XML)
_STYLES = {
    "footnote": (
        ("FootnoteText", "footnote text", "paragraph", '<w:pPr><w:spacing w:after="0" '
         'w:line="240" w:lineRule="auto"/></w:pPr><w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr>'),
        ("FootnoteReference", "footnote reference", "character",
         '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'),
    ),
    "endnote": (
        ("EndnoteText", "endnote text", "paragraph", '<w:pPr><w:spacing w:after="0" '
         'w:line="240" w:lineRule="auto"/></w:pPr><w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr>'),
        ("EndnoteReference", "endnote reference", "character",
         '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'),
    ),
}  # fmt: skip

Fill = Callable[[etree._Element, Block, Any], None]  # (paragraph, block, part)


@dataclass
class _Note:
    kind: str  # footnote | endnote
    blocks: list[Block]
    number: int = 0  # the w:id once referenced


@dataclass
class Notes:
    """The document's notes, referenced while the body is built, written by :meth:`finish`."""

    doc: Any
    notes: list[_Note] = field(default_factory=list)
    by_ref: dict[str, _Note] = field(default_factory=dict)
    used: dict[str, list[_Note]] = field(default_factory=dict)

    @classmethod
    def collect(cls, doc: Any, blocks: tuple[Block, ...]) -> Notes:
        self = cls(doc)
        by_id: dict[tuple[str, str], _Note] = {}
        for b in blocks:
            if b.kind is not BlockKind.NOTE:
                continue
            kind = "endnote" if b.note is not None and b.note.kind == "endnote" else "footnote"
            ident = (b.note.label if b.note is not None else "") or b.key
            note = by_id.get((kind, ident))
            if note is None:
                note = by_id[(kind, ident)] = _Note(kind, [])
                self.notes.append(note)
                self.by_ref.setdefault(ident, note)
            note.blocks.append(b)
            if b.key:
                self.by_ref.setdefault(b.key, note)
        return self

    def reference(self, code: Code) -> etree._Element | None:
        """A run holding the note reference mark for ``code``, or None (no such note)."""
        note = self.by_ref.get(code.ref) or self.by_ref.get(code.name)
        if note is None:
            return None
        used = self.used.setdefault(note.kind, [])
        if not note.number:
            used.append(note)
            note.number = len(used)
        ref_style, _ = _style_ids(self.doc, note.kind)
        run = etree.Element(w("r"))
        rpr = etree.SubElement(run, w("rPr"))
        etree.SubElement(rpr, w("rStyle")).set(w("val"), ref_style)
        etree.SubElement(run, w(f"{note.kind}Reference")).set(w("id"), str(note.number))
        return run

    def unreferenced(self) -> list[Block]:
        return [b for note in self.notes if not note.number for b in note.blocks]

    def finish(self, fill: Fill) -> None:
        """Write every referenced note into its part (a reference document's notes go)."""
        for kind, (reltype, partname, content_type) in _KINDS.items():
            for rid, rel in list(self.doc.part.rels.items()):
                if rel.reltype == reltype:
                    self.doc.part.rels.pop(rid)
            notes = self.used.get(kind)
            if not notes:
                continue
            root = parse_xml(
                f'<w:{kind}s xmlns:w="{W_NS}" xmlns:r="http://schemas.openxmlformats.org/'
                f'officeDocument/2006/relationships">'
                f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" '
                f'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:{kind}>'
                f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing '
                f'w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/>'
                f"</w:r></w:p></w:{kind}></w:{kind}s>"
            )
            part = XmlPart(PackURI(partname), content_type, root, self.doc.part.package)
            self.doc.part.relate_to(part, reltype)
            ref_style, text_style = _style_ids(self.doc, kind)
            for note in notes:
                el = etree.SubElement(root, w(kind))
                el.set(w("id"), str(note.number))
                for i, block in enumerate(note.blocks):
                    p = etree.SubElement(el, w("p"))
                    get_or_add(ppr_of(p), "pStyle", PPR_ORDER).set(w("val"), text_style)
                    if i == 0:
                        mark = etree.SubElement(p, w("r"))
                        rpr = etree.SubElement(mark, w("rPr"))
                        get_or_add(rpr, "rStyle", RPR_ORDER).set(w("val"), ref_style)
                        etree.SubElement(mark, w(f"{kind}Ref"))
                        space = etree.SubElement(etree.SubElement(p, w("r")), w("t"))
                        space.text = " "
                        space.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                    fill(p, block, part)


def _style_ids(doc: Any, kind: str) -> tuple[str, str]:
    """styleIds of the note reference (character) and note text (paragraph) styles, added
    to the document when it lacks them."""
    root = doc.styles.element
    found: dict[str, str] = {}
    for style in root.findall(w("style")):
        name = style.find(w("name"))
        if name is not None:
            found[(name.get(w("val")) or "").lower()] = style.get(w("styleId")) or ""
    ids = []
    for style_id, name, style_type, body in _STYLES[kind]:
        if name not in found:
            root.append(
                parse_xml(
                    f'<w:style xmlns:w="{W_NS}" w:type="{style_type}" w:styleId="{style_id}">'
                    f'<w:name w:val="{name}"/><w:basedOn w:val="'
                    f'{"Normal" if style_type == "paragraph" else "DefaultParagraphFont"}"/>'
                    f'<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>{body}</w:style>'
                )
            )
            found[name] = style_id
        ids.append(found[name])
    return ids[1], ids[0]
