"""Building a DOCX body from blocks (a Markdown or text source): real Word styles, either
python-docx's default template's or a reference document's, and tables rebuilt from their
keys. Also the run styling and link targets that the skeleton merge in :mod:`.docx` shares.

Only this module and :mod:`.docx` import python-docx; the writer's entry point and its
registration stay in :mod:`.docx`.
"""

from __future__ import annotations

import re
from typing import Any

from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import RGBColor

from ..inline import Span, parse
from ..model import Block, BlockKind, Document
from . import ExportContext
from .docx_lang import lang_attrs, word_lang
from .docx_xml import LinkTarget, RunStyle, local, make_runs, w, wval

_TABLE_KEY = re.compile(r"table:(\d+):row:(\d+):col:(\d+)")
_SKIP_RAW = re.compile(r"^(!\[.*\]\(.*\)|<!--.*-->|[-*_ ]{3,})$", re.S)


# ---------------------------------------------------------------- shared with the merge


def _hyperlink_style(doc: Any, create: bool) -> str | None:
    for style in doc.styles.element.findall(w("style")):
        name = (wval(style.find(w("name"))) or "").lower()
        if style.get(w("type")) == "character" and name == "hyperlink":
            return style.get(w("styleId"))
    if not create:
        return None
    style = doc.styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    style.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
    style.font.underline = True
    style.priority = 99
    style.unhide_when_used = True
    return style.style_id


def run_style(doc: Any, document: Document, context: ExportContext) -> RunStyle:
    """Language, direction and hyperlink style for the runs written into ``doc`` (a
    "Hyperlink" character style is added when a block has a link and ``doc`` lacks one)."""
    lang = context.language
    wants_links = any(sp.link for b in document.blocks for sp in parse(b.text))
    return RunStyle(
        None,
        _hyperlink_style(doc, create=wants_links),
        lang_attrs(word_lang(lang.bcp47), lang.rtl, lang.cjk),
        lang.rtl,
        lang.cjk,
    )


def link_target(part: Any) -> LinkTarget:
    """URL → (relationship id on ``part``, anchor) for ``w:hyperlink`` elements."""

    def target(url: str) -> tuple[str | None, str | None]:
        if url.startswith("#"):
            return None, url[1:]
        return part.relate_to(url, RT.HYPERLINK, is_external=True), None

    return target


# ---------------------------------------------------------------- building


def clear_body(doc: Any) -> None:
    """Remove a reference document's body content, keeping its final section properties."""
    body = doc.element.body
    for child in list(body):
        if local(child) != "sectPr":
            body.remove(child)


def _pick(doc: Any, *names: str) -> str | None:
    """The first of ``names`` the document has as a style (python-docx UI names)."""
    known = {s.name.lower(): s.name for s in doc.styles if s.name}
    for name in names:
        if name.lower() in known:
            return known[name.lower()]
    return None


def _paragraph_style(doc: Any, block: Block) -> str | None:
    if block.kind is BlockKind.TITLE:
        return _pick(doc, "Title", "Heading 1")
    if block.kind is BlockKind.HEADING:
        if block.attr("style") == "Subtitle":
            return _pick(doc, "Subtitle", "Heading 2")
        level = min(max(block.level, 1), 9)
        return _pick(doc, f"Heading {level}", "Heading 6", "Heading 1")
    if block.kind is BlockKind.QUOTE:
        return _pick(doc, "Quote", "Intense Quote")
    if block.kind is BlockKind.LIST_ITEM:
        kind = "Number" if block.attr("ordered") not in ("", "0", "false") else "Bullet"
        level = min(max(block.level, 1), 3)
        names = [f"List {kind} {level}" if level > 1 else f"List {kind}", f"List {kind}"]
        return _pick(doc, *names, "List Paragraph")
    if block.kind is BlockKind.RAW:
        return _pick(doc, "macro", "No Spacing")
    return None


def build(doc: Any, document: Document, context: ExportContext) -> None:
    """A new body from blocks: real Word styles, tables rebuilt from their keys."""
    style = run_style(doc, document, context)
    target = link_target(doc.part)
    blocks = list(document.blocks)
    i = 0
    while i < len(blocks):
        block = blocks[i]
        m = _TABLE_KEY.search(block.key)
        if block.kind is BlockKind.TABLE_CELL and m:
            cells: dict[tuple[int, int], Block] = {}
            while i < len(blocks) and blocks[i].kind is BlockKind.TABLE_CELL:
                mm = _TABLE_KEY.search(blocks[i].key)
                if not mm or mm.group(1) != m.group(1):
                    break
                cells[(int(mm.group(2)), int(mm.group(3)))] = blocks[i]
                i += 1
            rows = 1 + max(r for r, _ in cells)
            cols = 1 + max(c for _, c in cells)
            table = doc.add_table(rows=rows, cols=cols)
            table.style = _pick(doc, "Light List Accent 1", "Table Grid")
            for (r, c), cell_block in cells.items():
                p = table.cell(r, c).paragraphs[0]._p
                p.extend(make_runs(parse(cell_block.text), style, target))
            continue
        i += 1
        if block.kind in (BlockKind.META, BlockKind.IMAGE_ALT, BlockKind.HEADER, BlockKind.FOOTER):
            continue
        if block.kind is BlockKind.RAW:
            if _SKIP_RAW.match(block.text.strip()):
                continue
            para = doc.add_paragraph(style=_paragraph_style(doc, block))
            para._p.extend(make_runs([Span(block.text)], style, target))
            continue
        para = doc.add_paragraph(style=_paragraph_style(doc, block))
        para._p.extend(make_runs(parse(block.text), style, target))
