"""A paragraph's content as inline markup with placeholders, and a translation written
back into the paragraph (pure lxml; no python-docx here).

Reading (:func:`scan_paragraph`): text runs become spans (bold, italic, underline,
strikethrough, hyperlinks with their tooltip as title; line breaks ``\\n``, tabs
``\\t``). Everything that sits between the words and is not text becomes a placeholder
span with a :class:`~transflow.core.model.Code` saying what it stands for:

============================  ==================  ===========================================
element                       placeholder         Code
============================  ==================  ===========================================
complex field, ``fldSimple``  ``{PAGE}``,         FIELD; text = displayed result; the name is
                              ``{DATE}``…         the instruction's keyword, ``{PAGE2}`` for a
                                                  second one in the paragraph
picture (inline or anchored,  ``{picture1}``      PICTURE; text = ``wp:docPr`` descr (or
DrawingML or VML, the preview                     title); ref = media part or external URL
of an embedded object)
footnote/endnote reference    ``{footnote1}``     NOTE; ref = the note's first block key
text box shape                ``{textbox1}``      OBJECT; its paragraphs are blocks of their own
chart, SmartArt, OLE object,  ``{chart1}``,       OBJECT
symbol, equation, other       ``{object1}``
============================  ==================  ===========================================

A ``HYPERLINK`` field (``HYPERLINK "url"``, ``\\l anchor``, ``\\o tooltip``) is not a
placeholder: its result is link text like ``w:hyperlink``'s, and the writer writes it
back as a ``w:hyperlink``. That is what Word shows and does for both; a rebuilt field
would have to carry the translated, possibly re-formatted result between its field
characters, which is more XML for the same link. A picture inside a link stays one
linked placeholder (``[{picture1}](url)``) and gets exactly one ``w:hyperlink`` back.

Writing (:func:`write_paragraph`): the paragraph's text runs and the elements behind its
placeholders are taken out, the translated spans are written as new runs where the
first of them was, and each original element is put back exactly where its placeholder
sits in the translation (the translator may move it). An element whose placeholder the
translation lost goes back at the end of the text (and the writer warns); nothing
else in the paragraph (bookmarks, page breaks, properties) moves.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import cast

from lxml import etree

from transflow.core.inline import Span, plain
from transflow.core.model import BlockKind, Code, CodeKind, Document
from transflow.formats.docx_symbols import is_symbol_font, symbol_char, symbol_text
from transflow.formats.docx_xml import R_NS, W_NS, LinkTarget, RunStyle, local, make_runs, w, wval

MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
PIC_NS = "http://schemas.openxmlformats.org/drawingml/2006/picture"
C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
DGM_NS = "http://schemas.openxmlformats.org/drawingml/2006/diagram"
V_NS = "urn:schemas-microsoft-com:vml"
O_TITLE = "{urn:schemas-microsoft-com:office:office}title"  # VML imagedata's o:title

_TEXT_TAGS = frozenset({"t", "tab", "br", "cr", "noBreakHyphen", "softHyphen"})
_WRAPPERS = frozenset({"ins", "smartTag", "customXml", "moveTo", "dir", "bdo"})
# Run children that stay where they are: not text, nothing a reader sees between words.
_ANCHORS = frozenset(
    {
        "rPr",
        "lastRenderedPageBreak",
        "footnoteRef",
        "endnoteRef",
        "annotationRef",
        "separator",
        "continuationSeparator",
        "commentReference",
        "delText",
        "delInstrText",
    }
)
_OFF = frozenset({"0", "false", "off", "none"})
_LETTER = re.compile(r"[^\W\d_]")


def _on(el: etree._Element | None) -> bool:
    return el is not None and (wval(el) or "true").lower() not in _OFF


def is_text_child(child: etree._Element) -> bool:
    tag = local(child)
    if tag == "br":
        return wval(child, "type") in (None, "textWrapping")
    return tag in _TEXT_TAGS


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
class Piece:
    """One element behind a placeholder: a run child (``run`` is its run, whose
    properties go with it) or a whole element (``run`` is None)."""

    el: etree._Element
    run: etree._Element | None = None


@dataclass
class TextBox:
    """A text box's content as read, and its copy in the other branch of an
    ``mc:AlternateContent`` (written from the translated one)."""

    content: etree._Element
    mirror: etree._Element | None = None


@dataclass
class ParagraphScan:
    """What a paragraph holds: its text as spans, the runs carrying that text, and what
    each placeholder stands for."""

    spans: list[Span] = field(default_factory=list)
    runs: list[etree._Element] = field(default_factory=list)  # runs with text children
    codes: list[Code] = field(default_factory=list)
    pieces: dict[str, list[Piece]] = field(default_factory=dict)
    scaffold: list[Piece] = field(default_factory=list)  # HYPERLINK field characters
    textboxes: list[TextBox] = field(default_factory=list)
    unextracted: list[str] = field(default_factory=list)
    first: etree._Element | None = None  # the first element the writer takes out


@dataclass(frozen=True)
class ScanContext:
    """Relationships of the part being read: hyperlink URLs, and every target (a part
    name such as ``word/media/image1.png``, or an external URL)."""

    links: Mapping[str, str] = field(default_factory=dict)
    targets: Mapping[str, str] = field(default_factory=dict)
    open_fields: int = 0  # fields begun in an earlier paragraph
    open_instr: str = ""


# ---------------------------------------------------------------- tokens


@dataclass
class _Tok:
    kind: str  # text | fld | instr | code
    el: etree._Element
    run: etree._Element | None
    link: str | None = None
    title: str | None = None


def _tokens(p: etree._Element, ctx: ScanContext) -> list[_Tok]:
    out: list[_Tok] = []

    def walk(parent: etree._Element, link: str | None, title: str | None) -> None:
        for el in parent:
            tag = local(el)
            ns = el.tag.split("}")[0][1:] if isinstance(el.tag, str) and "}" in el.tag else ""
            if tag == "r" and ns == W_NS:
                _run_tokens(el, link, title, out)
            elif tag == "hyperlink":
                url = _hyperlink_url(el, ctx)
                walk(el, url or link, el.get(w("tooltip")) if url else title)
            elif tag in _WRAPPERS:
                walk(el, link, title)
            elif tag == "sdt":
                content = el.find(w("sdtContent"))
                if content is not None:
                    walk(content, link, title)
            elif tag == "fldSimple":
                instr = el.get(w("instr")) or ""
                target = _hyperlink_target(instr)
                if target is not None:
                    walk(el, target[0], target[1])
                else:
                    out.append(_Tok("code", el, None, link, title))
            elif tag in ("oMath", "oMathPara", "AlternateContent", "object"):
                out.append(_Tok("code", el, None, link, title))

    walk(p, None, None)
    return out


def _run_tokens(run: etree._Element, link: str | None, title: str | None, out: list[_Tok]) -> None:
    """The tokens of one ``w:r``: text, field characters, instructions, other content."""
    for child in run:
        ctag = local(child)
        if ctag in _ANCHORS or not isinstance(child.tag, str):
            continue
        if is_text_child(child):
            out.append(_Tok("text", child, run, link, title))
        elif ctag != "br":  # page and column breaks stay where they are
            kind = _RUN_CHILD_KINDS.get(ctag, "code")
            out.append(_Tok(kind, child, run, link, title))


_RUN_CHILD_KINDS = {"fldChar": "fld", "instrText": "instr"}


def _hyperlink_url(el: etree._Element, ctx: ScanContext) -> str:
    """The target of a ``w:hyperlink``: its relationship's URL and its ``#anchor``."""
    rid = el.get(f"{{{R_NS}}}id")
    anchor = el.get(w("anchor"))
    url = ctx.links.get(rid, "") if rid else ""
    return f"{url}#{anchor}" if anchor else url


_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"|(\S+)')


def _hyperlink_target(instr: str) -> tuple[str, str | None] | None:
    """``(url, tooltip)`` of a ``HYPERLINK`` field instruction, else None."""
    args = [a or b for a, b in _QUOTED.findall(instr)]
    if not args or args[0].upper() != "HYPERLINK":
        return None
    url = ""
    anchor = ""
    tooltip: str | None = None
    i = 1
    while i < len(args):
        arg = args[i]
        if arg.lower() in ("\\l", "\\o", "\\t") and i + 1 < len(args):
            if arg.lower() == "\\l":
                anchor = args[i + 1]
            elif arg.lower() == "\\o":
                tooltip = args[i + 1]
            i += 2
            continue
        if arg.startswith("\\"):
            i += 1
            continue
        if not url:
            url = arg.replace("\\\\", "\\")
        i += 1
    if not url and not anchor:
        return None
    return (f"{url}#{anchor}" if anchor else url), tooltip


def field_keyword(instr: str) -> str:
    parts = instr.split()
    return parts[0].upper() if parts else ""


# ---------------------------------------------------------------- scanning


def scan_paragraph(
    p: etree._Element, links: Mapping[str, str] | None = None, ctx: ScanContext | None = None
) -> ParagraphScan:
    """Read a paragraph's text as spans with placeholders (see the module docstring)."""
    return _ParagraphScanner(ctx or ScanContext(links or {})).run(p)


class _ParagraphScanner:
    """The state of :func:`scan_paragraph`: each token goes to the field being collected
    as one placeholder, to a field whose instruction is not yet known, or is a field
    character, a symbol, text or an element between the words."""

    def __init__(self, ctx: ScanContext) -> None:
        self.ctx = ctx
        self.scan = ParagraphScan()
        self.namer = _Namer()
        # a field being collected as one placeholder: its pieces, instruction, result text
        self.code_pieces: list[Piece] | None = None
        self.code_instr: list[str] = []
        self.code_result: list[str] = []
        self.code_depth = 0
        self.code_phase = "instr"
        # a field whose instruction is not yet known (HYPERLINK or another), and the
        # HYPERLINK fields whose result is link text: (url, title)
        self.pending: list[Piece] | None = None
        self.pending_instr: list[str] = []
        self.link_fields: list[tuple[str, str | None]] = []
        self.spanning = "a"
        if ctx.open_fields:  # this paragraph starts inside a field begun earlier
            self.code_pieces, self.code_depth, self.code_phase = [], ctx.open_fields, "result"
            self.code_instr = [ctx.open_instr]
            self.spanning = field_keyword(ctx.open_instr) or "a"

    def run(self, p: etree._Element) -> ParagraphScan:
        for tok in _tokens(p, self.ctx):
            piece = Piece(tok.el, tok.run)
            if self.code_pieces is not None:
                self.in_field(tok, piece, self.code_pieces)
            elif self.pending is not None:
                self.in_pending(tok, piece, self.pending)
            elif tok.kind == "fld":
                self.field_char(tok, piece)  # a stray field character stays where it is
            elif tok.kind != "instr":
                self.content(tok, piece)
        self.close()
        return self.scan

    def first(self, el: etree._Element) -> None:
        if self.scan.first is None:
            self.scan.first = el

    def first_of(self, tok: _Tok) -> None:
        self.first(tok.run if tok.run is not None else tok.el)

    def link(self, own: str | None) -> str | None:
        return self.link_fields[-1][0] if self.link_fields else own

    def finish_field(self) -> None:
        scan, code_pieces = self.scan, self.code_pieces
        assert code_pieces is not None
        instr = "".join(self.code_instr)
        name = self.namer.field(field_keyword(instr))
        result = "".join(self.code_result)
        if self.ctx.open_fields and not scan.codes and _LETTER.search(result):
            scan.unextracted.append(f"result of {self.spanning} field that spans paragraphs")
        scan.codes.append(Code(name, CodeKind.FIELD, result, ""))
        scan.pieces[name] = code_pieces
        scan.spans.append(Span("", placeholder=name, link=self.link(None)))
        for piece in code_pieces:
            _textboxes(piece.el, scan)
        self.code_pieces, self.code_instr, self.code_result = None, [], []

    def in_field(self, tok: _Tok, piece: Piece, pieces: list[Piece]) -> None:
        """Inside a field kept as one placeholder."""
        self.first_of(tok)
        pieces.append(piece)
        if tok.kind == "fld":
            kind = wval(tok.el, "fldCharType")
            if kind == "begin":
                self.code_depth += 1
            elif kind == "separate" and self.code_depth == 1:
                self.code_phase = "result"
            elif kind == "end":
                self.code_depth -= 1
                if self.code_depth == 0:
                    self.finish_field()
        elif tok.kind == "instr" and self.code_depth == 1 and self.code_phase == "instr":
            self.code_instr.append(tok.el.text or "")
        elif tok.kind == "text" and self.code_phase == "result":
            self.code_result.append(_child_text(tok.el))

    def in_pending(self, tok: _Tok, piece: Piece, pending: list[Piece]) -> None:
        """A field's instruction, not yet known: a HYPERLINK field becomes link text,
        any other field one placeholder, from its begin to its end."""
        self.first_of(tok)
        pending.append(piece)
        if tok.kind == "instr":
            self.pending_instr.append(tok.el.text or "")
            return
        kind = wval(tok.el, "fldCharType") if tok.kind == "fld" else None
        target = _hyperlink_target("".join(self.pending_instr))
        if kind in ("separate", "end") and target is not None:
            self.scan.scaffold.extend(pending)
            if kind == "separate":
                self.link_fields.append(target)
            self.pending, self.pending_instr = None, []
            return
        self.code_pieces, self.code_instr, self.code_result = pending, self.pending_instr, []
        self.code_depth, self.code_phase = 1, "instr"
        self.pending, self.pending_instr = None, []
        if kind == "begin":
            self.code_depth = 2
        elif kind == "separate":
            self.code_phase = "result"
        elif kind == "end":
            self.finish_field()
        elif tok.kind == "text":
            self.code_result.append(_child_text(tok.el))

    def field_char(self, tok: _Tok, piece: Piece) -> None:
        kind = wval(tok.el, "fldCharType")
        if kind == "begin":
            self.first_of(tok)
            self.pending, self.pending_instr = [piece], []
        elif self.link_fields and kind in ("end", "separate"):
            self.first_of(tok)
            self.scan.scaffold.append(piece)
            if kind == "end":
                self.link_fields.pop()

    def content(self, tok: _Tok, piece: Piece) -> None:
        """Text, a symbol, or an element between the words."""
        scan = self.scan
        link = self.link(tok.link)
        font = _symbol_font(tok.run) if tok.kind == "text" and local(tok.el) == "t" else None
        if font is not None:  # a symbol typed in Symbol or Wingdings: not a word
            assert tok.run is not None
            self.first(tok.run)
            text = symbol_text(font, tok.el.text or "")
            code = Code(self.namer.numbered("object"), CodeKind.OBJECT, text, "")
        elif tok.kind == "text":
            title = self.link_fields[-1][1] if self.link_fields else tok.title
            self.text(tok, link, title)
            return
        else:  # an element between the words
            self.first_of(tok)
            code = _classify(tok.el, self.ctx, self.namer)
        scan.codes.append(code)
        scan.pieces[code.name] = [piece]
        scan.spans.append(Span("", placeholder=code.name, link=link))
        if font is None:
            _textboxes(tok.el, scan)
            _unextracted(tok.el, self.ctx, scan)

    def text(self, tok: _Tok, link: str | None, title: str | None) -> None:
        scan = self.scan
        assert tok.run is not None
        self.first(tok.run)
        if not scan.runs or scan.runs[-1] is not tok.run:
            scan.runs.append(tok.run)
        rpr = tok.run.find(w("rPr"))

        def flag(*tags: str) -> bool:
            return rpr is not None and any(_on(rpr.find(w(t))) for t in tags)

        scan.spans.append(
            Span(
                _child_text(tok.el),
                bold=flag("b"),
                italic=flag("i"),
                underline=flag("u"),
                strike=flag("strike", "dstrike"),
                link=link,
                title=title if link else None,
            )
        )

    def close(self) -> None:
        if self.pending is not None:  # a field begun here and ended in a later paragraph
            self.code_pieces, self.code_instr, self.code_result = (
                self.pending,
                self.pending_instr,
                [],
            )
        if self.code_pieces is not None:
            self.spanning = field_keyword("".join(self.code_instr)) or "a"
            if _LETTER.search("".join(self.code_result)):
                self.scan.unextracted.append(
                    f"result of {self.spanning} field that spans paragraphs"
                )
            self.finish_field()
        self.scan.spans = _merge_text(self.scan.spans)


def _symbol_font(run: etree._Element | None) -> str | None:
    """The symbol font (Symbol, Wingdings…) a run is set in, or None."""
    fonts = run.find(f"{w('rPr')}/{w('rFonts')}") if run is not None else None
    if fonts is None:
        return None
    font = fonts.get(w("ascii")) or fonts.get(w("hAnsi"))
    return font if is_symbol_font(font) else None


def _merge_text(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for sp in spans:
        if (
            out
            and sp.placeholder is None
            and out[-1].placeholder is None
            and out[-1].same_format(sp)
        ):
            out[-1] = replace(out[-1], text=out[-1].text + sp.text)
        else:
            out.append(sp)
    return out


class _Namer:
    """Placeholder names unique in one paragraph: ``PAGE``, ``PAGE2``; ``picture1``…"""

    def __init__(self) -> None:
        self.used: set[str] = set()
        self.counts: dict[str, int] = {}

    def field(self, keyword: str) -> str:
        base = re.sub(r"[^A-Za-z0-9_]", "", keyword)[:28]
        if not base or not base[0].isalpha():
            base = "field"
        name, n = base, 1
        while name in self.used:
            n += 1
            name = f"{base}{n}"
        self.used.add(name)
        return name

    def numbered(self, base: str) -> str:
        n = self.counts.get(base, 0)
        while True:
            n += 1
            name = f"{base}{n}"
            if name not in self.used:
                break
        self.counts[base] = n
        self.used.add(name)
        return name


def _has(el: etree._Element, ns: str, tag: str) -> etree._Element | None:
    return next(el.iter(f"{{{ns}}}{tag}"), None)


def _classify(el: etree._Element, ctx: ScanContext, namer: _Namer) -> Code:
    tag = local(el)
    if tag in ("footnoteReference", "endnoteReference"):
        kind = "footnote" if tag.startswith("foot") else "endnote"
        prefix = "fn" if kind == "footnote" else "en"
        return Code(namer.numbered(kind), CodeKind.NOTE, "", f"{prefix}:{el.get(w('id'))}/p:0")
    if tag == "fldSimple":
        instr = el.get(w("instr")) or ""
        text = "".join(_child_text(c) for c in el.iter() if is_text_child(c))
        return Code(namer.field(field_keyword(instr)), CodeKind.FIELD, text, "")
    if tag in ("drawing", "pict", "AlternateContent", "object"):
        if tag != "object" and _has(el, W_NS, "txbxContent") is not None:
            return Code(namer.numbered("textbox"), CodeKind.OBJECT, "", "")
        # an embedded object (OLE) shows its preview picture: that is what a reader sees
        picture = _picture(el, ctx)
        if picture is not None:
            text, ref = picture
            return Code(namer.numbered("picture"), CodeKind.PICTURE, text, ref)
        if tag != "object" and _has(el, C_NS, "chart") is not None:
            return Code(namer.numbered("chart"), CodeKind.OBJECT, "", _rel_target(el, ctx))
    if tag == "sym":
        char = el.get(w("char")) or ""
        try:
            text = symbol_char(el.get(w("font")), int(char, 16)) if char else ""
        except ValueError:
            text = ""
        return Code(namer.numbered("object"), CodeKind.OBJECT, text, "")
    return Code(namer.numbered("object"), CodeKind.OBJECT, "", "")


def _picture(el: etree._Element, ctx: ScanContext) -> tuple[str, str] | None:
    """(description, media part or URL) of a picture, or None when ``el`` holds none."""
    blip = _has(el, A_NS, "blip")
    image = _has(el, V_NS, "imagedata")
    if blip is None and image is None and _has(el, PIC_NS, "pic") is None:
        return None
    ref = ""
    if blip is not None:
        rid = blip.get(f"{{{R_NS}}}embed") or blip.get(f"{{{R_NS}}}link") or ""
        ref = ctx.targets.get(rid, "")
    elif image is not None:
        rid = image.get(f"{{{R_NS}}}id") or image.get(f"{{{R_NS}}}href") or ""
        ref = ctx.targets.get(rid, "")
    text = ""
    doc_pr = _has(el, WP_NS, "docPr")
    if doc_pr is not None:
        text = (doc_pr.get("descr") or doc_pr.get("title") or "").strip()
    elif image is not None:
        text = (image.get(O_TITLE) or image.get("title") or "").strip()
    return text, ref


def description_key(key: str, name: str) -> str:
    """The block key of the description of picture ``name`` in paragraph ``key``."""
    return f"{key}/descr:{name}"


def set_description(pieces: list[Piece], text: str) -> None:
    """Write a translated description where the picture's came from: ``wp:docPr``'s
    ``descr`` (or ``title`` when only that was set), or VML ``imagedata``'s ``title``."""
    for piece in pieces:
        doc_pr = _has(piece.el, WP_NS, "docPr")
        if doc_pr is not None:
            attr = "descr" if (doc_pr.get("descr") or "").strip() else "title"
            if (doc_pr.get(attr) or "").strip():
                doc_pr.set(attr, text)
            return
        image = _has(piece.el, V_NS, "imagedata")
        if image is not None:
            attr = O_TITLE if (image.get(O_TITLE) or "").strip() else "title"
            if (image.get(attr) or "").strip():
                image.set(attr, text)
            return


def fold_descriptions(document: Document) -> Document:
    """``document`` with each picture's translated description (an ``IMAGE_ALT`` block
    keyed by :func:`description_key`) put into its PICTURE code's text, and those blocks
    taken out: for a writer that shows a picture's description where the picture is (the
    Markdown writer's ``![…]``)."""
    descriptions = {
        b.key: b.text for b in document.blocks if b.kind is BlockKind.IMAGE_ALT and b.picture
    }
    if not descriptions:
        return document
    blocks = []
    for b in document.blocks:
        if b.key in descriptions:
            continue
        codes = tuple(
            replace(c, text=plain(descriptions[description_key(b.key, c.name)]))
            if c.kind is CodeKind.PICTURE and description_key(b.key, c.name) in descriptions
            else c
            for c in b.codes
        )
        blocks.append(replace(b, codes=codes) if codes != b.codes else b)
    return replace(document, blocks=tuple(blocks))


def _rel_target(el: etree._Element, ctx: ScanContext) -> str:
    for node in el.iter():
        rid = node.get(f"{{{R_NS}}}id")
        if rid and rid in ctx.targets:
            return ctx.targets[rid]
    return ""


def _unextracted(el: etree._Element, ctx: ScanContext, scan: ParagraphScan) -> None:
    chart = _has(el, C_NS, "chart")
    if chart is not None:
        target = ctx.targets.get(chart.get(f"{{{R_NS}}}id") or "", "a chart")
        scan.unextracted.append(f"chart text in {target}")
    diagram = _has(el, DGM_NS, "relIds")
    if diagram is not None:
        target = ctx.targets.get(diagram.get(f"{{{R_NS}}}dm") or "", "a diagram")
        scan.unextracted.append(f"SmartArt text in {target}")
    ole = next(el.iter("{urn:schemas-microsoft-com:office:office}OLEObject"), None)
    if ole is not None:
        target = ctx.targets.get(ole.get(f"{{{R_NS}}}id") or "", "an embedded object")
        scan.unextracted.append(f"embedded object {target}")


def _top_level(el: etree._Element) -> list[etree._Element]:
    """``w:txbxContent`` below ``el`` that are not inside another text box."""
    out = []
    for content in el.iter(w("txbxContent")):
        a = content.getparent()
        while a is not None and a is not el and local(a) != "txbxContent":
            a = a.getparent()
        if a is None or a is el:
            out.append(content)
    return out


def _textboxes(el: etree._Element, scan: ParagraphScan) -> None:
    """Text boxes behind a placeholder; with both branches of ``mc:AlternateContent``,
    the first (DrawingML) is read and the second (VML) mirrors it."""
    boxes: list[etree._Element] = []
    for alt in [el] if local(el) == "AlternateContent" else []:
        choice = alt.find(f"{{{MC_NS}}}Choice")
        fallback = alt.find(f"{{{MC_NS}}}Fallback")
        main = _top_level(choice) if choice is not None else []
        mirror = _top_level(fallback) if fallback is not None else []
        if not main:
            main, mirror = mirror, []
        if mirror and len(mirror) != len(main):
            scan.unextracted.append("a text box whose two versions differ")
            mirror = []
        for i, content in enumerate(main):
            scan.textboxes.append(TextBox(content, mirror[i] if mirror else None))
        return
    for alt in el.iter(f"{{{MC_NS}}}AlternateContent"):
        if alt is not el:
            _textboxes(alt, scan)
            boxes.extend(alt.iter(w("txbxContent")))
    for content in _top_level(el):
        if content not in boxes:
            scan.textboxes.append(TextBox(content))


# ---------------------------------------------------------------- writing


def write_paragraph(
    p: etree._Element,
    scan: ParagraphScan,
    spans: list[Span],
    style: RunStyle,
    link_target: LinkTarget,
) -> list[str]:
    """Replace the paragraph's text and placeholders with ``spans`` (see the module
    docstring); returns the placeholder names the translation lost or repeated."""
    # proofing marks and rendered page breaks describe the source text's layout: stale
    for stale in list(p.iter(w("proofErr"), w("lastRenderedPageBreak"))):
        cast(etree._Element, stale.getparent()).remove(stale)
    problems: list[str] = []
    if scan.first is None:
        p.extend(make_runs(spans, style, link_target))
        return problems
    container, marker = _place_marker(p, scan)
    # take out everything the new content replaces
    saved: dict[str, list[etree._Element]] = {}
    touched: list[etree._Element] = []
    for name, pieces in scan.pieces.items():
        saved[name] = _detach(pieces, touched)
    _detach(scan.scaffold, touched)
    for run in scan.runs:
        for child in list(run):
            if is_text_child(child):
                run.remove(child)
        touched.append(run)
    for el in touched:
        _prune(el, container)
    used: set[str] = set()

    def element_for(name: str) -> list[etree._Element]:
        if name in used:
            problems.append(f"{{{name}}} repeated")
            return []
        used.add(name)
        return saved.get(name, [])

    new = make_runs(spans, style, link_target, element_for)
    for name, elements in saved.items():
        if name not in used:
            problems.append(f"{{{name}}} missing")
            new.extend(elements)
    index = container.index(marker)
    container.remove(marker)
    for offset, el in enumerate(new):
        container.insert(index + offset, el)
    return problems


def _place_marker(p: etree._Element, scan: ParagraphScan) -> tuple[etree._Element, etree._Element]:
    """A marker where the first taken-out element was, in the deepest paragraph or
    content-control container that holds everything taken out."""
    items = [el for pieces in scan.pieces.values() for el in _anchor_of(pieces)]
    items += _anchor_of(scan.scaffold) + scan.runs
    chains = [_containers(el, p) for el in items]
    container = p
    for candidate in chains[0] if chains else [p]:
        if all(candidate in chain for chain in chains):
            container = candidate
            break
    assert scan.first is not None
    top = scan.first
    while top.getparent() is not container:
        parent = top.getparent()
        if parent is None:
            break
        top = parent
    marker = etree.Element(w("transflowMarker"))
    if top.getparent() is container:
        container.insert(container.index(top), marker)
    else:
        container.append(marker)
    return container, marker


def _anchor_of(pieces: list[Piece]) -> list[etree._Element]:
    return [pc.run if pc.run is not None else pc.el for pc in pieces]


def _containers(el: etree._Element, p: etree._Element) -> list[etree._Element]:
    """``el``'s ancestors that can hold runs (content controls' content, the paragraph),
    innermost first."""
    out = [a for a in el.iterancestors() if local(a) == "sdtContent" and _within(a, p)]
    return [*out, p]


def _within(el: etree._Element, p: etree._Element) -> bool:
    return any(a is p for a in el.iterancestors())


def _detach(pieces: list[Piece], touched: list[etree._Element]) -> list[etree._Element]:
    """Take the pieces out of the tree; a run child comes back in a new run with a copy
    of its run's properties (consecutive children of one run share one new run)."""
    out: list[etree._Element] = []
    last_run: etree._Element | None = None
    holder: etree._Element | None = None
    for pc in pieces:
        parent = pc.el.getparent()
        if parent is not None:
            parent.remove(pc.el)
            touched.append(parent)
        if pc.run is None:
            out.append(pc.el)
            last_run = holder = None
            continue
        if holder is None or pc.run is not last_run:
            holder = etree.Element(w("r"))
            rpr = pc.run.find(w("rPr"))
            if rpr is not None:
                holder.append(etree.fromstring(etree.tostring(rpr)))
            out.append(holder)
            last_run = pc.run
        holder.append(pc.el)
    return out


_MARKERS = frozenset({"bookmarkStart", "bookmarkEnd", "permStart", "permEnd"})
_PROPS = frozenset({"rPr", "smartTagPr", "customXmlPr", "sdtPr", "sdtEndPr", "fldData"})


def _prune(el: etree._Element, stop: etree._Element) -> None:
    """Remove ``el`` and then its ancestors (up to ``stop``) while they hold nothing."""
    while el is not None and el is not stop and el.getparent() is not None:
        tag = local(el)
        if tag == "sdtContent":
            if len(el):
                return
            sdt = el.getparent()  # an emptied inline content control goes entirely
            if sdt is None or sdt is stop or sdt.getparent() is None:
                return
            el = cast(etree._Element, sdt.getparent())  # checked above
            el.remove(sdt)
            continue
        if tag not in {"r", "hyperlink", "fldSimple", "sdt"} | _WRAPPERS:
            return
        children = [c for c in el if isinstance(c.tag, str)]
        markers = [c for c in children if tag != "r" and local(c) in _MARKERS]
        if any(local(c) not in _PROPS for c in children if c not in markers):
            return
        parent = cast(etree._Element, el.getparent())
        index = parent.index(el)
        for offset, marker in enumerate(markers):  # a bookmark outlives its wrapper
            parent.insert(index + offset, marker)
        parent.remove(el)
        el = parent


ElementFor = Callable[[str], list[etree._Element]]
