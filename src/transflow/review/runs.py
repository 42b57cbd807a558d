"""Inline markup to WordprocessingML runs, and a reviewed cell's runs back to markup.

Writing: bold, italic, underline, strikethrough as run properties; a link as a real
``w:hyperlink`` (blue, underlined); a code span in Courier New; a placeholder
(``{PAGE}``) as a grey token in a content control locked against deletion and editing
(Word honours the lock; LibreOffice keeps the grey token but drops the control, so the
import never relies on it); an image as a grey ``⟦image N: alt⟧`` token whose alt text may
be edited.

A line break inside a unit (a contact block) is a ``w:br``. Reading (:func:`read_cell`) accepts what Word and LibreOffice write for the same things
(``w:b`` or ``w:bCs``, a character style's bold, runs split anywhere, content controls,
smart tags, field results) and refuses, with a reason, what markup cannot say:
superscript, subscript, highlighting, font colour, pictures, notes, page breaks.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from lxml import etree

from transflow.core import inline
from transflow.formats.docx_lang import set_fonts
from transflow.formats.docx_xml import RPR_ORDER, get_or_add, ltr_pieces, w

R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CODE_FONT = "Courier New"
TOKEN_FILL = "D9D9D9"
LINK_COLOUR = "0563C1"
PLACEHOLDER_TAG = "transflow:placeholder"
LRM = "\u200e"
IMAGE_TOKEN = re.compile(r"⟦image (\d+)(?::\s?([^⟧]*))?⟧")
_MONO = ("courier", "consolas", "mono", "menlo", "monaco")


@dataclass(frozen=True)
class Look:
    """How a column's text is set: language attributes, direction, fonts."""

    lang: Mapping[str, str]
    rtl: bool = False
    fonts: Mapping[str, str] = field(default_factory=dict)


def _rpr(look: Look, sp: inline.Span | None, text: str) -> etree._Element:
    rpr = etree.Element(w("rPr"))
    if look.fonts:
        set_fonts(get_or_add(rpr, "rFonts", RPR_ORDER), look.fonts)
        if "eastAsia" in look.fonts:
            get_or_add(rpr, "rFonts", RPR_ORDER).set(w("hint"), "eastAsia")
    if sp is not None:
        if sp.code:
            fonts = get_or_add(rpr, "rFonts", RPR_ORDER)
            for slot in ("ascii", "hAnsi", "cs"):
                fonts.set(w(slot), CODE_FONT)
        if sp.bold:
            get_or_add(rpr, "b", RPR_ORDER)
            get_or_add(rpr, "bCs", RPR_ORDER)
        if sp.italic:
            get_or_add(rpr, "i", RPR_ORDER)
            get_or_add(rpr, "iCs", RPR_ORDER)
        if sp.strike:
            get_or_add(rpr, "strike", RPR_ORDER)
        if sp.link is not None:
            get_or_add(rpr, "color", RPR_ORDER).set(w("val"), LINK_COLOUR)
        if sp.underline or sp.link is not None:
            get_or_add(rpr, "u", RPR_ORDER).set(w("val"), "single")
    if look.rtl and any(unicodedata.bidirectional(c) in ("R", "AL") for c in text):
        get_or_add(rpr, "rtl", RPR_ORDER)
    lang = get_or_add(rpr, "lang", RPR_ORDER)
    for attr, value in look.lang.items():
        lang.set(w(attr), value)
    return rpr


def _run(text: str, rpr: etree._Element) -> etree._Element:
    """A run; a line break in a unit (a contact block) is a ``w:br``."""
    r = etree.Element(w("r"))
    r.append(rpr)
    for k, line in enumerate(text.split("\n")):
        if k:
            etree.SubElement(r, w("br"))
        if line:
            t = etree.SubElement(r, w("t"))
            t.text = line
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return r


def _token(text: str, look: Look, tag: str, sp: inline.Span | None) -> etree._Element:
    """A grey token in a content control that may be neither deleted nor edited."""
    sdt = etree.Element(w("sdt"))
    pr = etree.SubElement(sdt, w("sdtPr"))
    etree.SubElement(pr, w("alias")).set(w("val"), "placeholder: keep it exactly once")
    etree.SubElement(pr, w("tag")).set(w("val"), tag)
    etree.SubElement(pr, w("lock")).set(w("val"), "sdtContentLocked")
    content = etree.SubElement(sdt, w("sdtContent"))
    rpr = _rpr(look, sp, text)
    shd = get_or_add(rpr, "shd", RPR_ORDER)
    shd.set(w("val"), "clear")
    shd.set(w("color"), "auto")
    shd.set(w("fill"), TOKEN_FILL)
    get_or_add(rpr, "noProof", RPR_ORDER)
    content.append(_run(text, rpr))
    return sdt


def write(markup: str, look: Look, link_target: Callable[[str], str]) -> list[etree._Element]:
    """Runs (and hyperlinks, content controls) for ``markup``; ``link_target(url)``
    gives the relationship id of an external hyperlink. In right-to-left text without
    marks of its own, left-to-right pieces are set between LEFT-TO-RIGHT MARKs."""
    lrm = LRM not in markup
    out: list[etree._Element] = []
    images = 0
    for link, spans in inline.link_runs(list(inline.parse(markup))):
        items: list[etree._Element] = []
        for sp in spans:
            shown = replace(sp, link=link)
            if sp.placeholder is not None:
                items.append(_token("{" + sp.placeholder + "}", look, PLACEHOLDER_TAG, None))
            elif sp.image is not None:
                images += 1
                items.append(_token(f"⟦image {images}: {sp.text}⟧", look, "transflow:image", None))
            elif sp.text and look.rtl:
                # left-to-right pieces (phone numbers, e-mails, Latin names) in runs of
                # their own without w:rtl, between LEFT-TO-RIGHT MARKs, so that Word and
                # LibreOffice draw them in order (as the DOCX export does); the reader
                # takes the marks out again (``lrm``)
                for piece, ltr in ltr_pieces(sp.text):
                    if ltr and lrm:
                        items.append(_run(LRM + piece + LRM, _rpr(look, shown, "")))
                    else:
                        items.append(_run(piece, _rpr(look, shown, "" if ltr else piece)))
            elif sp.text:
                items.append(_run(sp.text, _rpr(look, shown, sp.text)))
        if link is None:
            out.extend(items)
            continue
        holder = etree.Element(w("hyperlink"))
        if link.startswith("#"):
            holder.set(w("anchor"), link[1:])
        else:
            holder.set(f"{{{R_NS}}}id", link_target(link))
        title = next((sp.title for sp in spans if sp.title), None)
        if title:
            holder.set(w("tooltip"), title)
        holder.set(w("history"), "1")
        holder.extend(items)
        out.append(holder)
    return out


# ------------------------------------------------------------------------------ reading


class Unmappable(ValueError):
    """Something in a cell that inline markup cannot say (the message says what)."""


@dataclass(frozen=True)
class Styles:
    """Bold/italic/underline/strike/code of the document's character styles by id."""

    by_id: Mapping[str, dict[str, bool]]

    @classmethod
    def of(cls, styles_root: etree._Element | None) -> Styles:
        found: dict[str, dict[str, bool]] = {}
        if styles_root is None:
            return cls(found)
        raw: dict[str, tuple[str | None, etree._Element | None]] = {}
        for st in styles_root.findall(w("style")):
            if st.get(w("type")) != "character":
                continue
            based = st.find(w("basedOn"))
            raw[st.get(w("styleId")) or ""] = (
                None if based is None else based.get(w("val")),
                st.find(w("rPr")),
            )
        for sid in raw:
            props: dict[str, bool] = {}
            chain, seen = [], set()
            cur: str | None = sid
            while cur in raw and cur not in seen:
                seen.add(cur)
                chain.append(raw[cur][1])
                cur = raw[cur][0]
            for rpr in reversed(chain):
                if rpr is not None:
                    props.update(_direct(rpr))
            found[sid] = props
        return cls(found)


_OFF = ("0", "false", "off")


def _flag(rpr: etree._Element, *tags: str) -> bool | None:
    for tag in tags:
        el = rpr.find(w(tag))
        if el is not None:
            return (el.get(w("val")) or "true").lower() not in _OFF
    return None


def _direct(rpr: etree._Element) -> dict[str, bool]:
    props: dict[str, bool] = {}
    for name, tags in (
        ("bold", ("b", "bCs")),
        ("italic", ("i", "iCs")),
        ("strike", ("strike", "dstrike")),
    ):
        value = _flag(rpr, *tags)
        if value is not None:
            props[name] = value
    u = rpr.find(w("u"))
    if u is not None:
        props["underline"] = (u.get(w("val")) or "single") != "none"
    fonts = rpr.find(w("rFonts"))
    if fonts is not None:
        named = " ".join(fonts.get(w(s)) or "" for s in ("ascii", "hAnsi", "cs")).lower()
        props["code"] = any(m in named for m in _MONO)
    return props


def _run_format(rpr: etree._Element | None, styles: Styles, in_link: bool) -> dict[str, bool]:
    if rpr is None:
        return {}
    props: dict[str, bool] = {}
    style = rpr.find(w("rStyle"))
    if style is not None:
        props.update(styles.by_id.get(style.get(w("val")) or "", {}))
    props.update(_direct(rpr))
    va = rpr.find(w("vertAlign"))
    if va is not None and va.get(w("val")) in ("superscript", "subscript"):
        raise Unmappable(f"{va.get(w('val'))} cannot be written in the catalog")
    hl = rpr.find(w("highlight"))
    if hl is not None and hl.get(w("val")) not in (None, "none"):
        raise Unmappable("highlighting cannot be written in the catalog (use a comment)")
    colour = rpr.find(w("color"))
    if (
        colour is not None
        and not in_link
        and (colour.get(w("val")) or "auto").lower() not in ("auto", "000000")
    ):
        raise Unmappable("a font colour cannot be written in the catalog (use a comment)")
    if in_link:
        props.pop("underline", None)  # the link's own look
    return props


@dataclass
class _Reader:
    styles: Styles
    links: Mapping[str, str]  # relationship id -> URL
    spans: list[inline.Span] = field(default_factory=list)

    def text(self, text: str, props: dict[str, bool], link: str | None, title: str | None):
        if text:
            self.spans.append(
                inline.Span(
                    text,
                    bold=props.get("bold", False),
                    italic=props.get("italic", False),
                    underline=props.get("underline", False),
                    strike=props.get("strike", False),
                    code=props.get("code", False),
                    link=link,
                    title=title if link else None,
                )
            )

    def walk(self, parent: etree._Element, link: str | None, title: str | None) -> None:
        for el in parent:
            tag = etree.QName(el).localname if isinstance(el.tag, str) else ""
            if tag == "r":
                self.run(el, link, title)
            elif tag == "hyperlink":
                rid = el.get(f"{{{R_NS}}}id")
                url = self.links.get(rid or "") if rid else None
                if url is None and el.get(w("anchor")):
                    url = "#" + (el.get(w("anchor")) or "")
                if url is None:
                    raise Unmappable("a link without a target")
                self.walk(el, url, el.get(w("tooltip")))
            elif tag == "sdt":
                content = el.find(w("sdtContent"))
                if content is not None:
                    self.walk(content, link, title)
            elif tag in ("smartTag", "customXml", "fldSimple", "ins", "moveTo", "dir", "bdo"):
                self.walk(el, link, title)
            elif tag in ("oMath", "oMathPara"):
                raise Unmappable("an equation cannot be written in the catalog")

    def run(self, r: etree._Element, link: str | None, title: str | None) -> None:
        props = _run_format(r.find(w("rPr")), self.styles, link is not None)
        for child in r:
            tag = etree.QName(child).localname
            if tag == "t":
                self.text(child.text or "", props, link, title)
            elif tag == "tab":
                self.text("\t", props, link, title)
            elif tag == "noBreakHyphen":
                self.text("\u2011", props, link, title)
            elif tag in ("br", "cr"):
                if child.get(w("type")) in ("page", "column"):
                    raise Unmappable("a page or column break cannot be written in the catalog")
                self.text("\n", props, link, title)
            elif tag in ("drawing", "pict", "object"):
                raise Unmappable("a picture or object cannot be added in review")
            elif tag in ("footnoteReference", "endnoteReference"):
                raise Unmappable("a footnote or endnote cannot be added in review")
            elif tag == "sym":
                char = child.get(w("char")) or ""
                try:
                    self.text(chr(int(char, 16)), props, link, title)
                except ValueError:
                    raise Unmappable("a symbol character that cannot be read") from None


def read_cell(
    paragraphs: list[etree._Element],
    styles: Styles,
    links: Mapping[str, str],
    placeholders: set[str],
    images: list[inline.Span],
    strip_lrm: bool = False,
) -> str:
    """The markup of a translation cell (its paragraphs joined by a space); raises
    :class:`Unmappable`. ``placeholders`` are the names a ``{name}`` in the text stands
    for; ``images`` the images ``⟦image N⟧`` tokens stand for (their source, title)."""
    reader = _Reader(styles, links)
    for k, p in enumerate(paragraphs):
        if k:
            reader.text(" ", {}, None, None)
        reader.walk(p, None, None)
    merged: list[inline.Span] = []
    for sp in reader.spans:  # runs split anywhere (LibreOffice splits at direction changes)
        if strip_lrm:
            sp = replace(sp, text=sp.text.replace(LRM, ""))
        if merged and merged[-1].same_format(sp):
            merged[-1] = replace(merged[-1], text=merged[-1].text + sp.text)
        else:
            merged.append(sp)
    out: list[inline.Span] = []
    for sp in merged:
        out.extend(_tokens(sp, placeholders, images))
    return inline.render(out).strip()


_TOKENS = re.compile(IMAGE_TOKEN.pattern + "|" + inline.PLACEHOLDER.pattern)


def _tokens(
    sp: inline.Span, placeholders: set[str], images: list[inline.Span]
) -> list[inline.Span]:
    """A text span with its ``{name}`` and ``⟦image N⟧`` tokens made placeholders and
    images again (text that only looks like one stays text)."""
    out: list[inline.Span] = []
    at = 0
    for m in _TOKENS.finditer(sp.text):
        if m.group(1) is not None:
            k = int(m.group(1))
            if not 1 <= k <= len(images):
                raise Unmappable(f"there is no image {k} in this unit")
            img = images[k - 1]
            made = inline.Span(
                (m.group(2) or "").strip(), image=img.image, title=img.title, link=sp.link
            )
        elif m.group(3) in placeholders:
            made = inline.Span("", placeholder=m.group(3))
        else:
            continue
        if m.start() > at:
            out.append(replace(sp, text=sp.text[at : m.start()]))
        out.append(made)
        at = m.end()
    if at < len(sp.text):
        out.append(replace(sp, text=sp.text[at:]))
    return out
