"""Building a DOCX body from blocks (a Markdown or text source): real Word styles, either
python-docx's default template's or a reference document's. Also the run styling and link
targets that the skeleton merge in :mod:`.docx` shares.

- The first ``TITLE`` block is in the Title style (a later one in Heading 1), a heading
  whose role is *subheadline* (the deck) in Subtitle, other headings in Heading 1..9 as
  written.
- Tables keep their shape (:mod:`.docx_build_table`); pictures are embedded from the
  sources folder, remote ones become links (:mod:`.docx_build_media`); notes become real
  Word footnotes and endnotes (:mod:`.docx_build_notes`).
- Runs: bold, italic, underline, links as in :func:`.docx_xml.make_run`, plus
  strikethrough (``w:strike``), code spans (the "HTML Code" character style, or Courier
  New), link titles (``w:hyperlink w:tooltip``) and placeholders (a note reference, a
  simple PAGE/NUMPAGES field, or the code's text).
- :func:`build` returns warnings for whatever could not be kept.

Only this module (with its ``docx_build_*`` helpers) and :mod:`.docx` import python-docx;
the writer's entry point and its registration stay in :mod:`.docx`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any, cast

from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import RGBColor
from docx.styles import BabelFish
from lxml import etree

from transflow.core.inline import Span, link_runs, parse, plain, render
from transflow.core.model import Block, BlockKind, CodeKind, Document, Role, TableCell
from transflow.core.unsafe import script_scheme
from transflow.formats import ExportContext
from transflow.formats.docx_build_media import (
    MAX_TOTAL_IMAGE_BYTES,
    ImageRefused,
    fit,
    is_remote,
    load_picture,
    new_inline,
    text_area,
)
from transflow.formats.docx_build_notes import Notes
from transflow.formats.docx_build_raw import HtmlTable, raw_pieces
from transflow.formats.docx_build_runs import CODE_STYLES, code_style, finish_rpr, hyperlink
from transflow.formats.docx_build_table import build_table, keep_with_next, space_before, table_id
from transflow.formats.docx_lang import lang_attrs, word_lang
from transflow.formats.docx_xml import (
    PPR_ORDER,
    RPR_ORDER,
    LinkTarget,
    RunStyle,
    get_or_add,
    local,
    make_run,
    make_text_runs,
    ppr_of,
    w,
    wval,
)
from transflow.segment.roles import block_roles

_SKIP_RAW = re.compile(r"^(<!--.*-->|[-*_ ]{3,})$", re.S)
_RAW_IMAGE = re.compile(r"^!\[.*\]\(.*\)$", re.S)
_EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# the end mark of a press release: ###, -30-, "– ENDS –", "END"
_END_MARK = re.compile(r"^\s*(?:#{3}|-\s*30\s*-|[-–—]*\s*ENDS?\s*[-–—]*)\s*$", re.I)
# a source paragraph that opens with a dateline: "RIVERTON, March 14, 2026 —"
_DATELINE = re.compile(
    r"^[A-ZÀ-Ý][A-ZÀ-Ý .'\-]{1,40},?\s*(?:[A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{4}"
    r"|\d{1,2}\s+[A-Z][a-z]+\.?\s+\d{4})\s*[-–—:]"
)
# where a translated dateline ends: the first dash in the paragraph's opening
_DATELINE_END = re.compile(r"——|[—–―]|\s-\s")


# ---------------------------------------------------------------- shared with the merge


def _hyperlink_style(doc: Any, create: bool) -> str | None:
    table = _style_table(doc)
    if table.hyperlink is not None:
        return table.hyperlink[0]
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
    wants_links = any(
        sp.link or (sp.image and is_remote(sp.image))  # a remote picture becomes a link
        for b in document.blocks
        for sp in parse(b.text)
    ) or (
        context.source_document.format != "docx"  # e-mail addresses become mailto: links
        and any(_EMAIL.search(b.text) for b in document.blocks)
    )
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
        if script_scheme(url):  # never a link that runs code (transflow.core.unsafe)
            return None, None
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
    known = _style_table(doc).names
    for name in names:
        if name.lower() in known:
            return known[name.lower()]
    return None


@dataclass(frozen=True, slots=True)
class _StyleTable:
    """A styles part's names, read once per build instead of once per paragraph."""

    element: Any  # the styles part's root (held: the cache compares it by identity)
    count: int  # its number of children when read (a style added since: read again)
    names: dict[str, str]  # lower-cased UI name -> UI name, as ``{s.name.lower(): s.name}``
    ids: dict[str, tuple[str, str | None, bool]]  # internal name -> (type, id, default)
    hyperlink: tuple[str | None] | None  # (id,) of the first character style "hyperlink"
    code: tuple[str | None] | None  # (id,) of the first code character style (HTML Code…)


_TABLE: list[_StyleTable] = []


def _style_table(doc: Any) -> _StyleTable:
    """The table of ``doc``'s styles part. Remembered for the part; styles appended to
    it since are read on their own (styles are only ever appended during an export),
    unless one of them is a default paragraph style, which changes the others' entry."""
    element = doc.styles.element
    known = _TABLE[0] if _TABLE and _TABLE[0].element is element else None
    if known is not None and known.count == len(element):
        return known
    table = None
    if known is not None and known.count < len(element):
        table = _read_styles(element, list(element)[known.count :], known)
    if table is None:  # read whole, a table is always made
        table = cast(_StyleTable, _read_styles(element, list(element), None))
    _TABLE[:] = [table]
    return table


def remember_style_table(table: _StyleTable) -> None:
    """Use ``table`` for its styles part (read before, while the part was as it is)."""
    _TABLE[:] = [table]


def style_table(doc: Any) -> _StyleTable:
    """The table of ``doc``'s styles, for :func:`remember_style_table`."""
    return _style_table(doc)


_STYLE = w("style")


def _read_styles(element: Any, children: list[Any], base: _StyleTable | None) -> _StyleTable | None:
    """The table of ``element``'s styles: all of them (``base`` None), or ``base`` and
    the styles among ``children`` appended after it (None if one of them is a default
    paragraph style: then everything is read again)."""
    styles = [c for c in children if c.tag == _STYLE]
    defaults = [  # python-docx's ``styles.default``: the last paragraph style marked so
        s
        for s in styles
        if s.get(w("type")) == "paragraph" and s.get(w("default")) in ("1", "true", "on")
    ]
    if base is not None and defaults:
        return None
    names: dict[str, str] = dict(base.names) if base is not None else {}
    ids: dict[str, tuple[str, str | None, bool]] = dict(base.ids) if base is not None else {}
    hyperlink = base.hyperlink if base is not None else None
    code = base.code if base is not None else None
    for style in styles:
        internal = wval(style.find(w("name")))
        lower = (internal or "").lower()
        kind = style.get(w("type"))
        if hyperlink is None and lower == "hyperlink" and kind == "character":
            hyperlink = (style.get(w("styleId")),)
        if code is None and kind == "character" and lower in CODE_STYLES:
            code = (style.get(w("styleId")),)
        if internal is None:
            continue
        ui = BabelFish.internal2ui(internal)
        if ui:
            names[ui.lower()] = ui
        if internal not in ids:  # python-docx finds the first of a name
            is_default = bool(defaults) and style is defaults[-1]
            ids[internal] = (kind or "", style.get(w("styleId")), is_default)
    return _StyleTable(element, len(element), names, ids, hyperlink, code)


def forget_style_table() -> None:
    """Drop the remembered style table: its styles part is about to lose styles (the
    table is remembered by the part's root and its number of children, which a style
    added again would make equal)."""
    _TABLE.clear()


def add_paragraph(doc: Any, style: str | None = None) -> Any:
    """``doc.add_paragraph(style=style)`` with the style id looked up in the build's
    style table rather than by python-docx's scan of every style for each paragraph."""
    para = doc.add_paragraph()
    if style is not None:
        set_paragraph_style(doc, para, style)
    return para


def set_paragraph_style(doc: Any, para: Any, style: str) -> None:
    """``para.style = style`` (a python-docx paragraph of ``doc``, a UI style name), the
    id looked up in the style table."""
    found = _style_table(doc).ids.get(BabelFish.ui2internal(style))
    if found is None or found[0] != "paragraph":
        para.style = style  # python-docx's own lookup, and its error
    else:
        para._p.style = None if found[2] else found[1]


def _paragraph_style(
    doc: Any, block: Block, role: Role | None, title_done: bool, section_heading: bool = False
) -> str | None:
    if block.kind in (BlockKind.PARAGRAPH, BlockKind.RAW) and _END_MARK.match(plain(block.text)):
        return _pick(doc, "End Mark")
    if section_heading:  # "About …", "Media contact": the smaller style of their section
        found = _pick(doc, "Boilerplate Heading")
        if found:
            return found
    if block.kind is BlockKind.PARAGRAPH and role in (Role.BOILERPLATE, Role.CONTACT):
        return _pick(doc, "Boilerplate")
    if block.kind is BlockKind.TITLE and not title_done:
        return _pick(doc, "Title", "Heading 1")
    if block.kind is BlockKind.TITLE:  # a second headline: a top-level heading
        return _pick(doc, "Heading 1")
    if block.kind is BlockKind.HEADING:
        if block.style == "Subtitle" or role is Role.SUBHEADLINE:
            return _pick(doc, "Subtitle", "Heading 2")
        level = min(max(block.level, 1), 9)
        return _pick(doc, f"Heading {level}", "Heading 6", "Heading 1")
    if block.kind is BlockKind.QUOTE:
        return _pick(doc, "Quote", "Intense Quote")
    if block.kind is BlockKind.LIST_ITEM:
        kind = "Number" if block.item is not None and block.item.ordered else "Bullet"
        level = min(max(block.level, 1), 3)
        names = [f"List {kind} {level}" if level > 1 else f"List {kind}", f"List {kind}"]
        return _pick(doc, *names, "List Paragraph")
    if block.kind is BlockKind.NOTE:
        return _pick(doc, "Footnote Text", "footnote text")
    if block.kind is BlockKind.RAW:
        return _pick(doc, "macro", "No Spacing")
    return None


def _image_only(spans: list[Span]) -> bool:
    return any(sp.image is not None for sp in spans) and all(
        sp.image is not None or not sp.text.strip() for sp in spans
    )


_SIMPLE_FIELDS = frozenset({"PAGE", "NUMPAGES", "SECTIONPAGES"})


@dataclass
class _Builder:
    """One build: the document, how its runs look, and what could not be kept."""

    doc: Any
    document: Document
    context: ExportContext
    style: RunStyle
    notes: Notes
    warnings: list[str] = field(default_factory=list)
    budget: int = MAX_TOTAL_IMAGE_BYTES
    code_style: str | None = None
    template: bool = False  # built on the press-release template (not a reference_docx)
    external: bool = False  # a picture file was looked for beside the source (Rendered)

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    # ------------------------------------------------------------ paragraphs

    def fill(
        self,
        p: etree._Element,
        block: Block,
        part: Any,
        bold: bool = False,
        dateline: bool = False,
    ) -> None:
        """Write ``block``'s text into paragraph ``p`` (on ``part``); ``dateline``: the
        block opens with a dateline, set in bold."""
        if block.kind is BlockKind.RAW:
            spans = (
                parse(block.text) if _RAW_IMAGE.match(block.text.strip()) else [Span(block.text)]
            )
        else:
            spans = _link_emails(parse(block.text))
            if dateline:
                spans = _bold_dateline(spans)
        if block.kind in (BlockKind.PARAGRAPH, BlockKind.RAW) and _image_only(spans):
            get_or_add(ppr_of(p), "jc", PPR_ORDER).set(w("val"), "center")
        if self.style.rtl and part is not self.doc.part:  # notes: the body is localized later
            get_or_add(ppr_of(p), "bidi", PPR_ORDER)
        p.extend(self.runs(spans, block, part, bold))

    def runs(
        self, spans: list[Span], block: Block, part: Any, bold: bool = False
    ) -> list[etree._Element]:
        """Paragraph children for ``spans``: runs, pictures, notes; links grouped into
        ``w:hyperlink`` (with the link's title as its tooltip)."""
        target = link_target(part)
        out: list[etree._Element] = []
        for link, group in link_runs([self._defused(sp) for sp in spans]):
            children: list[etree._Element] = []
            for sp in group:
                children.extend(self._span(sp, block, part, link, bold))
            if link is None or not children:
                out.extend(children)
                continue
            title = next((sp.title for sp in group if sp.image is None), None)
            out.append(hyperlink(target, link, title, children))
        return out

    def _defused(self, sp: Span) -> Span:
        """A link or image whose URL runs code (:mod:`transflow.core.unsafe`): its text."""
        if sp.image is not None and script_scheme(sp.image, image=True):
            self.warn(f"picture from a {script_scheme(sp.image, True)}: URL written as its text")
            sp = replace(sp, image=None, title=None)
        if sp.link is not None and script_scheme(sp.link):
            self.warn(f"link to a {script_scheme(sp.link)}: URL written as its text")
            sp = replace(sp, link=None, title=None)
        return sp

    def _span(
        self, sp: Span, block: Block, part: Any, link: str | None, bold: bool
    ) -> list[etree._Element]:
        if sp.placeholder is not None:
            return self._placeholder(sp, block, part, link, bold)
        if sp.image is not None:
            return self._image(sp, part, link, bold)
        if not sp.text:
            return []
        return self._text_runs(replace(sp, link=link), bold)

    def _text_runs(self, sp: Span, bold: bool = False) -> list[etree._Element]:
        """The runs of a text span: one, or several in right-to-left text where
        left-to-right pieces (phone numbers, addresses, names) get runs of their own."""
        runs = make_text_runs(sp, self.style)
        for run in runs:
            finish_rpr(cast(etree._Element, run.find(w("rPr"))), sp, bold, self.code_style)
        return runs

    def _text_run(self, sp: Span, bold: bool = False) -> etree._Element:
        run = make_run(sp, self.style)
        finish_rpr(cast(etree._Element, run.find(w("rPr"))), sp, bold, self.code_style)
        return run

    # ------------------------------------------------------------ pictures

    def _image(self, sp: Span, part: Any, link: str | None, bold: bool) -> list[etree._Element]:
        src, alt = sp.image or "", sp.text
        if is_remote(src):
            self.warn(
                f"picture {src} is on the web and was not downloaded "
                "(a link to it was written in its place)"
            )
            run = self._text_run(Span(alt or src, link=link or src), bold)
            if link is not None:  # already inside the outer link
                return [run]
            return [hyperlink(link_target(part), src, sp.title, [run])]
        if part is not self.doc.part:
            self.warn(f"picture {src} is in a note and was not embedded ({_instead(alt)})")
            return self._text_runs(Span(alt, link=link), bold) if alt else []
        self.external = True  # found or not, the build depends on that file
        try:
            picture = load_picture(src, self.context.source, self.budget)
        except ImageRefused as why:
            self.warn(f"picture {src} {why} ({_instead(alt)})")
            return self._text_runs(Span(alt, link=link), bold) if alt else []
        self.budget -= len(picture.data)
        link_rid = link_target(part)(link)[0] if link else None
        inline = new_inline(
            part, picture, fit(picture, text_area(self.doc)), alt, sp.title, link_rid
        )
        run = make_run(Span(""), self.style)
        etree.SubElement(run, w("drawing")).append(inline)
        return [run]

    # ------------------------------------------------------------ placeholders

    def _placeholder(
        self, sp: Span, block: Block, part: Any, link: str | None, bold: bool
    ) -> list[etree._Element]:
        name = sp.placeholder or ""
        code = block.code(name)
        as_text = replace(sp, placeholder=None, link=link)
        if code is None:  # not one of the block's codes: keep what the translator wrote
            return self._text_runs(replace(as_text, text="{" + name + "}"), bold)
        if code.kind is CodeKind.NOTE:
            ref = self.notes.reference(code) if part is self.doc.part else None
            if ref is not None:
                return [ref]
            self.warn(f"note {name} was not found (its mark was written as plain text)")
            mark = replace(as_text, text=code.text or name)
            run = self._text_run(mark, bold)
            get_or_add(cast(etree._Element, run.find(w("rPr"))), "vertAlign", RPR_ORDER).set(
                w("val"), "superscript"
            )
            return [run]
        if code.kind is CodeKind.FIELD and name.rstrip("0123456789").upper() in _SIMPLE_FIELDS:
            fld = etree.Element(w("fldSimple"))
            fld.set(w("instr"), f" {name.rstrip('0123456789').upper()} ")
            fld.append(self._text_run(replace(as_text, text=code.text or "1", link=None), bold))
            return [fld]
        if code.ref == "html":  # raw inline HTML of a Markdown source: Word shows its text
            if re.fullmatch(r"<br\s*/?>", code.text.strip(), re.IGNORECASE):
                return [self._text_run(replace(as_text, text="\n"), bold)]
            return []
        if code.kind is CodeKind.PICTURE:
            self.warn(f"picture {code.ref or name} was not carried over ({_instead(code.text)})")
        if not code.text:
            return []
        return self._text_runs(replace(as_text, text=code.text), bold)

    # ------------------------------------------------------------ the body

    def _roles(self) -> tuple[list[Role], list[bool]]:
        """Roles of the blocks, read from the source (the translation's words do not say
        "About" or "Media contact"), and whether each block is the heading of an About or
        contact section."""
        source = self.context.source_document.blocks
        blocks = source if len(source) == len(self.document.blocks) else self.document.blocks
        roles = block_roles(blocks)
        section_heading = [False] * len(blocks)
        for i, block in enumerate(blocks):
            if block.kind is not BlockKind.HEADING:
                continue
            after = next(
                (
                    r
                    for b, r in zip(blocks[i + 1 :], roles[i + 1 :], strict=True)
                    if b.kind not in _NOT_IN_BODY
                ),
                None,
            )
            section_heading[i] = after in (Role.BOILERPLATE, Role.CONTACT)
        return roles, section_heading

    def _opens_with_dateline(self, index: int, role: Role | None) -> bool:
        source = self.context.source_document.blocks
        if len(source) != len(self.document.blocks):
            source = self.document.blocks
        if role is Role.DATELINE:
            return True
        return role is Role.LEAD and bool(_DATELINE.match(plain(source[index].text)))

    def body(self) -> None:
        doc = self.doc
        blocks = list(self.document.blocks)
        roles, section_heading = self._roles()
        title_done = False
        if self.template:
            table_style = _pick(doc, "Light List", "Table Grid")
        else:
            table_style = _pick(doc, "Light List Accent 1", "Table Grid")
        after_table = False
        i = 0
        while i < len(blocks):
            block = blocks[i]
            tid = table_id(block)
            if tid is not None:
                cells: list[Block] = []
                while i < len(blocks) and table_id(blocks[i]) == tid:
                    cells.append(blocks[i])
                    i += 1

                def fill(p: etree._Element, b: Block, bold: bool) -> None:
                    self.fill(p, b, doc.part, bold)

                keep_with_next(doc.element.body)
                for message in build_table(doc, cells, table_style, fill):
                    self.warn(message)
                after_table = True
                continue
            i += 1
            if block.kind in _NOT_IN_BODY:
                continue
            if self._markdown_raw(block):
                # consecutive verbatim blocks: one HTML fragment, as a browser reads it
                group = [block]
                while (
                    i < len(blocks)
                    and self._markdown_raw(blocks[i])
                    and blocks[i].nest == block.nest
                ):
                    group.append(blocks[i])
                    i += 1
                after_table = self.raw(group, table_style, after_table)
                continue
            if block.kind is BlockKind.RAW and _SKIP_RAW.match(block.text.strip()):
                continue
            role = roles[i - 1]
            para = add_paragraph(
                doc, _paragraph_style(doc, block, role, title_done, section_heading[i - 1])
            )
            title_done = title_done or block.kind is BlockKind.TITLE
            if after_table:
                space_before(para._p)
                after_table = False
            dateline = block.kind is BlockKind.PARAGRAPH and self._opens_with_dateline(i - 1, role)
            self.fill(para._p, block, doc.part, dateline=dateline)
            if all(local(c) == "pPr" for c in para._p) and "![" in block.text:
                para._p.getparent().remove(para._p)  # its pictures were refused (and warned)
        for block in self.notes.unreferenced():
            para = add_paragraph(doc, _paragraph_style(doc, block, None, True))
            self.fill(para._p, block, doc.part)
        self.notes.finish(lambda p, b, part: self.fill(p, b, part))

    # ------------------------------------------------------------ verbatim blocks

    def _markdown_raw(self, block: Block) -> bool:
        """A verbatim block of a Markdown source that is not an end mark (``###``) or a
        picture: written as what a renderer shows (:mod:`.docx_build_raw`)."""
        return (
            block.kind is BlockKind.RAW
            and self.document.format == "markdown"
            and not _END_MARK.match(block.text)
            and not _RAW_IMAGE.match(block.text.strip())
        )

    def raw(self, group: list[Block], table_style: str | None, after_table: bool) -> bool:
        """Write consecutive Markdown RAW blocks as what a renderer shows; returns whether
        they ended with a table."""
        doc, block = self.doc, group[0]
        for piece in raw_pieces("\n\n".join(b.text for b in group)):
            if piece.kind == "table" and piece.table is not None:
                keep_with_next(doc.element.body)
                self._html_table(piece.table, table_style)
                if any(spans for row in piece.table.rows for spans, _ in row):
                    self.warn(_HTML_WARNING)
                after_table = True
                continue
            if piece.kind == "heading":
                style = _pick(doc, f"Heading {min(max(piece.level, 1), 9)}", "Heading 1")
                para = add_paragraph(doc, style)
            elif piece.kind == "html":
                para = doc.add_paragraph()
                para._p.extend(self.runs(list(piece.spans), block, doc.part))
                self.warn(_HTML_WARNING)
            else:  # code, or source text that was not recognized
                para = add_paragraph(doc, _paragraph_style(doc, block, None, True))
                para._p.extend(self.runs([Span(piece.text)], block, doc.part))
            if after_table:
                space_before(para._p)
                after_table = False
        return after_table

    def _html_table(self, table: HtmlTable, table_style: str | None) -> None:
        cells = [
            Block(
                BlockKind.TABLE_CELL,
                render(spans),
                cell=TableCell(0, r, c, header),
            )
            for r, row in enumerate(table.rows)
            for c, (spans, header) in enumerate(row)
        ]
        if not cells:
            return

        def fill(p: etree._Element, b: Block, bold: bool) -> None:
            self.fill(p, b, self.doc.part, bold)

        for message in build_table(self.doc, cells, table_style, fill):
            self.warn(message)


_HTML_WARNING = "raw HTML of the source was written as its text (its tags left out)"

_NOT_IN_BODY = frozenset(
    {BlockKind.META, BlockKind.IMAGE_ALT, BlockKind.HEADER, BlockKind.FOOTER, BlockKind.NOTE}
)


def _link_emails(spans: list[Span]) -> list[Span]:
    """E-mail addresses in plain text become ``mailto:`` links."""
    out: list[Span] = []
    for sp in spans:
        if sp.link or sp.code or sp.image is not None or sp.placeholder is not None:
            out.append(sp)
            continue
        at = 0
        for m in _EMAIL.finditer(sp.text):
            if m.start() > at:
                out.append(replace(sp, text=sp.text[at : m.start()]))
            out.append(replace(sp, text=m.group(0), link=f"mailto:{m.group(0)}"))
            at = m.end()
        if at < len(sp.text) or not sp.text:
            out.append(replace(sp, text=sp.text[at:]))
    return out


def _bold_dateline(spans: list[Span]) -> list[Span]:
    """The dateline at the start of a (translated) paragraph in bold: everything up to
    and including the first dash in its first 120 characters."""
    text = "".join(sp.text for sp in spans if sp.placeholder is None)
    m = _DATELINE_END.search(text[:120])
    if m is None or any(sp.bold for sp in spans[:1]):
        return spans
    left = m.end()
    out: list[Span] = []
    for sp in spans:
        if left <= 0 or sp.placeholder is not None:
            out.append(sp)
            continue
        head, tail = sp.text[:left], sp.text[left:]
        out.append(replace(sp, text=head, bold=True))
        if tail:
            out.append(replace(sp, text=tail))
        left -= len(head)
    return out


def _instead(alt: str) -> str:
    if alt:
        return "its description was written in its place"
    return "it has no description, so nothing was written in its place"


def build(
    doc: Any, document: Document, context: ExportContext, template: bool = False
) -> list[str]:
    """:func:`build_body`'s warnings."""
    return build_body(doc, document, context, template)[0]


def build_body(
    doc: Any, document: Document, context: ExportContext, template: bool = False
) -> tuple[list[str], bool]:
    """A new body from blocks: real Word styles, tables with their shape, pictures, notes
    (``template``: ``doc`` is the built-in press-release template). Returns warnings:
    what could not be kept (a remote or missing picture…), and whether a picture file was
    looked for beside the source (:attr:`.Rendered.external`)."""
    builder = _Builder(
        doc,
        document,
        context,
        run_style(doc, document, context),
        Notes.collect(doc, document.blocks),
        code_style=code_style(doc, document, _style_table(doc).code),
        template=template,
    )
    builder.body()
    return builder.warnings, builder.external
