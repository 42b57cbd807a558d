"""TMX 1.4b: the workspace's translations out, an agency's memory in.

Export: one ``<tu>`` per source text, with a ``<tuv>`` for the source language and one
per language that translates it (a source translated differently in two articles of a
language gives a second ``<tu>``). Inline markup becomes TMX codes whose native data is
the markup itself: ``<bpt i="1" type="bold">**</bpt>…<ept i="1">**</ept>``, a link's
``<bpt type="link">[</bpt>…<ept>](url)</ept>``, ``<ph type="x-code">`code`</ph>``,
``<ph type="x-placeholder">{PAGE}</ph>``.

Import reads the same codes back; codes another tool wrote (RTF, HTML tags) are not
transflow markup: they are dropped and their text kept, so such a unit can still give a
close (fuzzy) match. ``<hi>`` is read as its text.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import cast

from lxml import etree

from transflow import __version__
from transflow.core.errors import InputError
from transflow.exchange import xmlsafe
from transflow.exchange.inline_codes import (
    Code,
    CodeError,
    Event,
    Node,
    Pair,
    Single,
    code_from_markup,
    markup_from_events,
    to_tree,
)

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True, slots=True)
class Variant:
    language: str  # BCP 47 as in the file (``zh-Hans``)
    markup: str


@dataclass(frozen=True, slots=True)
class Unit:
    variants: tuple[Variant, ...]
    props: tuple[tuple[str, str], ...] = ()


def write(units: list[Unit], source_lang: str, stamp: str) -> bytes:
    """A TMX 1.4b document (valid against tmx14.dtd), UTF-8."""
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(
        root,
        "header",
        {
            "creationtool": "transflow",
            "creationtoolversion": __version__,
            "segtype": "sentence",
            "o-tmf": "transflow",
            "adminlang": "en",
            "srclang": source_lang,
            "datatype": "plaintext",
            "creationdate": stamp,
        },
    )
    body = etree.SubElement(root, "body")
    for n, u in enumerate(units, 1):
        tu = etree.SubElement(body, "tu", tuid=str(n))
        for name, value in u.props:
            etree.SubElement(tu, "prop", type=name).text = value
        for v in u.variants:
            tuv = etree.SubElement(tu, "tuv", {XML_LANG: v.language})
            seg = etree.SubElement(tuv, "seg")
            nodes, _ = to_tree(v.markup)
            _emit(seg, nodes)
    return xmlsafe.serialize(root)


def _append(el: etree._Element, text: str) -> None:
    if len(el):
        el[-1].tail = (el[-1].tail or "") + text
    else:
        el.text = (el.text or "") + text


def _emit(parent: etree._Element, nodes: list[Node]) -> None:
    for node in nodes:
        if isinstance(node, str):
            _append(parent, node)
        elif isinstance(node, Single):
            c = node.code
            etree.SubElement(parent, "ph", x=c.id, type=f"x-{c.kind}").text = c.start
        elif isinstance(node, Pair):
            c = node.code
            etree.SubElement(
                parent, "bpt", i=c.id, x=c.id, type=_TYPE.get(c.kind, f"x-{c.kind}")
            ).text = c.start
            _emit(parent, node.children)
            etree.SubElement(parent, "ept", i=c.id).text = c.end


_TYPE = {"bold": "bold", "italic": "italic", "underline": "ulined", "link": "link"}


@dataclass(frozen=True, slots=True)
class Memory:
    source_language: str
    units: tuple[Unit, ...]
    dropped_codes: int = 0


def read(data: bytes, rel: str) -> Memory:
    """Parse TMX (1.1–1.4); raises InputError (file:line) when it is not TMX."""
    root = xmlsafe.parse(data, rel, "TMX", allow_doctype=True)
    if xmlsafe.local(root.tag) != "tmx":
        raise InputError(
            rel,
            f"not TMX: the root element is <{xmlsafe.local(root.tag)}>",
            cast("int | None", root.sourceline),
        )
    header = root.find("header")
    if header is None:
        raise InputError(rel, "TMX without <header>", cast("int | None", root.sourceline))
    src = header.get("srclang")
    if not src:
        raise InputError(rel, "<header> has no srclang", cast("int | None", header.sourceline))
    body = root.find("body")
    if body is None:
        raise InputError(rel, "TMX without <body>", cast("int | None", root.sourceline))
    units: list[Unit] = []
    dropped = 0
    for tu in body.iter("tu"):
        variants: list[Variant] = []
        for tuv in tu.iter("tuv"):
            lang = tuv.get(XML_LANG) or tuv.get("lang")
            seg = tuv.find("seg")
            if not lang or seg is None:
                raise InputError(
                    rel, "<tuv> needs xml:lang and a <seg>", cast("int | None", tuv.sourceline)
                )
            markup, lost = _seg_markup(seg)
            dropped += lost
            if markup:
                variants.append(Variant(lang, markup))
        props = tuple((p.get("type", ""), p.text or "") for p in tu.findall("prop"))
        units.append(Unit(tuple(variants), props))
    return Memory(src, tuple(units), dropped)


def _seg_markup(seg: etree._Element) -> tuple[str, int]:
    """A ``<seg>`` as canonical markup, and how many foreign codes were dropped."""
    codes: dict[str, Code] = {}
    events: list[Event] = []
    ends = {e.get("i"): "".join(cast("Iterator[str]", e.itertext())) for e in seg.iter("ept")}
    dropped = 0
    opened: dict[str, str] = {}  # TMX i -> our code id

    def walk(node: etree._Element) -> None:
        nonlocal dropped
        if node.text:
            events.append(Event("text", node.text))
        for child in node:
            name = xmlsafe.local(child.tag)
            native = "".join(cast("Iterator[str]", child.itertext()))
            if name == "bpt":
                code = code_from_markup(str(len(codes) + 1), native, ends.get(child.get("i"), ""))
                if code is None:
                    dropped += 1
                else:
                    codes[code.id] = code
                    opened[child.get("i", "")] = code.id
                    events.append(Event("open", code.id))
            elif name == "ept":
                cid = opened.pop(child.get("i", ""), None)
                if cid is not None:
                    events.append(Event("close", cid))
            elif name == "ph":
                code = code_from_markup(str(len(codes) + 1), native, None)
                if code is None:
                    dropped += 1
                else:
                    codes[code.id] = code
                    events.append(Event("single", code.id))
            elif name == "hi":
                walk(child)
            else:  # it, ut, sub…: not transflow markup
                dropped += 1
            if child.tail:
                events.append(Event("text", child.tail))

    walk(seg)
    try:
        return markup_from_events(events, codes, check_all=False), dropped
    except CodeError:  # codes in a shape we do not follow: keep the text
        plain = "".join(e.value for e in events if e.kind == "text")
        from transflow.core import inline

        return inline.escape(plain), dropped + len(codes)


def pairs(memory: Memory, source_lang: str, language: str) -> Iterator[tuple[str, str]]:
    """(source markup, translation markup) for one language."""
    for u in memory.units:
        src = next((v.markup for v in u.variants if _same(v.language, source_lang)), None)
        if src is None:
            continue
        for v in u.variants:
            if _same(v.language, language) and not _same(v.language, source_lang):
                yield src, v.markup


def _same(tag: str, language: str) -> bool:
    """A TMX language tag names ``language`` (a gettext code): ``zh-Hans`` = ``zh_Hans``,
    ``en-US`` = ``en``, ``DE-de`` = ``de``; ``pt`` does not name ``pt_BR`` (too loose)."""
    a = tag.replace("-", "_").lower().split("_")
    b = language.lower().split("_")
    return a == b or (a[0] == b[0] and len(b) == 1)
