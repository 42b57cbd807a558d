"""XLIFF 2.x and 1.2 files: writing units with inline codes, reading them back.

One file per language; one ``<file>`` per article (``original`` = the source's path in
the workspace); one unit per catalog entry, in catalog order.

==================  ======================================  =====================================
markup              XLIFF 2.x                               XLIFF 1.2
==================  ======================================  =====================================
``**b**``           ``<pc type="fmt" subType="xlf:b">``     ``<g ctype="bold">``
``*i*``             ``<pc type="fmt" subType="xlf:i">``     ``<g ctype="italic">``
``<u>u</u>``        ``<pc type="fmt" subType="xlf:u">``     ``<g ctype="underlined">``
``~~s~~``           ``<pc type="fmt"                        ``<g ctype="x-strike">``
                    subType="transflow:strike">``
``[t](url)``        ``<pc type="link">``                    ``<bpt ctype="link">[</bpt>t
                                                            <ept>](url)</ept>``
``![alt](src)``     ``<pc type="image">alt</pc>``           ``<bpt ctype="image">![</bpt>alt
                                                            <ept>](src)</ept>``
`` `code` ``        ``<ph type="other"                      ``<ph ctype="x-code">`code`</ph>``
                    subType="transflow:code">``
``{PAGE}``          ``<ph type="other"                      ``<ph ctype="x-placeholder">{PAGE}</ph>``
                    subType="transflow:placeholder">``
==================  ======================================  =====================================

In 2.x the markup a code stands for is in the unit's ``<originalData>`` (``dataRef…``)
and shown in ``disp…``; codes carry ``canCopy="no" canDelete="no"`` so CAT tools keep
them. In 1.2 it is the native code inside ``<bpt>``/``<ept>``/``<ph>``. A link's URL is
thus never in text a translator edits; the import rebuilds every code of a translation
from the unit's *source* codes, matched by ``id``.

States: untranslated → 2.x ``initial`` without target, 1.2 no target; fuzzy → 2.x
``initial`` + ``subState="transflow:fuzzy"`` with the draft target, 1.2
``state="needs-review-translation"`` ``approved="no"``; translated → 2.x ``translated``,
1.2 ``state="translated"`` ``approved="yes"``. Notes: ``role`` (the entry's ``#.``),
``comment`` (translator comments), ``previous-source`` (``#| msgid`` of a changed unit),
``location`` (``#:``). Each unit also records a digest of the catalog's translation at
export time (2.x ``transflow:base``, 1.2 ``extradata``), which the import compares to
see whether the ``.po`` was edited meanwhile.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import cast

from lxml import etree

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

XLF2 = "urn:oasis:names:tc:xliff:document:2.0"
XLF12 = "urn:oasis:names:tc:xliff:document:1.2"
TF = "urn:transflow:xliff"
XML_NS = "http://www.w3.org/XML/1998/namespace"
VERSIONS = ("2.1", "2.0", "2.2", "1.2")

_SUBTYPE2 = {
    "bold": ("fmt", "xlf:b"),
    "italic": ("fmt", "xlf:i"),
    "underline": ("fmt", "xlf:u"),
    "strike": ("fmt", "transflow:strike"),
    "link": ("link", None),
    "image": ("image", None),
    "code": ("other", "transflow:code"),
    "placeholder": ("other", "transflow:placeholder"),
}
_CTYPE12 = {
    "bold": "bold",
    "italic": "italic",
    "underline": "underlined",
    "strike": "x-strike",
    "link": "link",
    "image": "image",
    "code": "x-code",
    "placeholder": "x-placeholder",
}


@dataclass(frozen=True, slots=True)
class OutUnit:
    """What the export writes for one catalog entry."""

    id: str
    source: str
    target: str | None
    state: str  # "untranslated", "fuzzy", "translated"
    base: str
    roles: tuple[str, ...] = ()
    comments: tuple[str, ...] = ()
    previous: str | None = None
    references: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class OutFile:
    original: str  # the source's path in the workspace
    units: tuple[OutUnit, ...]


@dataclass(frozen=True, slots=True)
class InUnit:
    """A unit read back. ``target`` is canonical markup, or None when there is none or
    it was refused (then ``problem`` says why)."""

    id: str
    line: int
    source: str
    target: str | None
    fuzzy: bool
    base: str | None
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class InFile:
    original: str
    line: int
    units: tuple[InUnit, ...]


@dataclass(frozen=True, slots=True)
class InDoc:
    version: str
    source_language: str
    target_language: str | None
    files: tuple[InFile, ...] = field(default_factory=tuple)


# --- writing -------------------------------------------------------------------------------


def write(files: list[OutFile], source_lang: str, target_lang: str, version: str) -> bytes:
    """An XLIFF document (``version`` one of :data:`VERSIONS`), UTF-8, indented."""
    if version not in VERSIONS:
        raise ValueError(f"unknown XLIFF version {version}")
    root = _write2(files, source_lang, target_lang, version) if version != "1.2" else None
    if root is None:
        root = _write12(files, source_lang, target_lang)
    return xmlsafe.serialize(root)


def _q(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


def _write2(files: list[OutFile], src: str, trg: str, version: str) -> etree._Element:
    x = lambda name: _q(XLF2, name)  # noqa: E731
    root = etree.Element(x("xliff"), nsmap={None: XLF2, "transflow": TF})  # type: ignore[dict-item]  # lxml-stubs: nsmap's default key is None
    root.set("version", version)
    root.set("srcLang", src)
    root.set("trgLang", trg)
    for n, f in enumerate(files, 1):
        fel = etree.SubElement(root, x("file"), id=f"f{n}", original=f.original)
        for u in f.units:
            uel = etree.SubElement(fel, x("unit"), id=u.id)
            uel.set(_q(TF, "base"), u.base)
            notes = _notes(u)
            if notes:
                nel = etree.SubElement(uel, x("notes"))
                for category, text in notes:
                    etree.SubElement(nel, x("note"), category=category).text = text
            nodes, codes = to_tree(u.source)
            if codes:
                od = etree.SubElement(uel, x("originalData"))
                for c in codes:
                    for ref, value in _data_refs(c):
                        etree.SubElement(od, x("data"), id=ref).text = value
            seg = etree.SubElement(uel, x("segment"))
            seg.set("state", "translated" if u.state == "translated" else "initial")
            if u.state == "fuzzy":
                seg.set("subState", "transflow:fuzzy")
            sel = etree.SubElement(seg, x("source"))
            sel.set(_q(XML_NS, "space"), "preserve")
            _emit2(sel, nodes, x)
            if u.target is not None:
                tel = etree.SubElement(seg, x("target"))
                tel.set(_q(XML_NS, "space"), "preserve")
                _emit2(tel, _target_tree(u.target, codes), x)
    return root


def _data_refs(c: Code) -> list[tuple[str, str]]:
    if c.paired:
        return [(f"d{c.id}s", c.start), (f"d{c.id}e", c.end)]
    return [(f"d{c.id}", c.start)]


def _notes(u: OutUnit) -> list[tuple[str, str]]:
    notes = [("role", r) for r in u.roles]
    notes += [("comment", c) for c in u.comments]
    if u.previous is not None:
        notes.append(("previous-source", u.previous))
    notes += [("location", r) for r in u.references]
    return notes


def _append_text(el: etree._Element, text: str) -> None:
    if len(el):
        el[-1].tail = (el[-1].tail or "") + text
    else:
        el.text = (el.text or "") + text


def _emit2(parent: etree._Element, nodes: list[Node], x) -> None:
    for node in nodes:
        if isinstance(node, str):
            _append_text(parent, node)
            continue
        c = node.code
        type_, sub = _SUBTYPE2[c.kind]
        if isinstance(node, Single):
            el = etree.SubElement(parent, x("ph"), id=c.id)
            el.set("canCopy", "no")
            el.set("canDelete", "no")
            el.set("dataRef", f"d{c.id}")
            el.set("disp", c.start)
            el.set("equiv", c.text if c.kind == "code" else "")
            el.set("type", type_)
            if sub:
                el.set("subType", sub)
            continue
        el = etree.SubElement(parent, x("pc"), id=c.id)
        el.set("canCopy", "no")
        el.set("canDelete", "no")
        el.set("dataRefEnd", f"d{c.id}e")
        el.set("dataRefStart", f"d{c.id}s")
        el.set("dispEnd", c.end)
        el.set("dispStart", c.start)
        el.set("type", type_)
        if sub:
            el.set("subType", sub)
        _emit2(el, node.children, x)


def _target_tree(target: str, source_codes: list[Code]) -> list[Node]:
    """The target's tree with its codes renumbered to the source's (matched by kind and
    markup, in order); a code the source lacks keeps a fresh id above the source's."""
    nodes, codes = to_tree(target)
    pool = {c.id: c for c in source_codes}
    mapping: dict[str, Code] = {}
    extra = len(source_codes)
    for c in codes:
        match = next(
            (s for s in pool.values() if (s.kind, s.start, s.end) == (c.kind, c.start, c.end)),
            None,
        ) or next((s for s in pool.values() if s.kind == c.kind), None)
        if match is not None:
            del pool[match.id]
            mapping[c.id] = match
        else:
            extra += 1
            mapping[c.id] = Code(str(extra), c.kind, c.start, c.end, c.url, c.title, c.text, c.name)

    def renumber(items: list[Node]) -> list[Node]:
        out: list[Node] = []
        for n in items:
            if isinstance(n, str):
                out.append(n)
            elif isinstance(n, Single):
                out.append(Single(mapping[n.code.id]))
            else:
                out.append(Pair(mapping[n.code.id], renumber(n.children)))
        return out

    return renumber(nodes)


def _write12(files: list[OutFile], src: str, trg: str) -> etree._Element:
    x = lambda name: _q(XLF12, name)  # noqa: E731
    root = etree.Element(x("xliff"), nsmap={None: XLF12})  # type: ignore[dict-item]  # lxml-stubs: nsmap's default key is None
    root.set("version", "1.2")
    for f in files:
        fel = etree.SubElement(root, x("file"))
        fel.set("original", f.original)
        fel.set("source-language", src)
        fel.set("target-language", trg)
        fel.set("datatype", "x-transflow")
        header = etree.SubElement(fel, x("header"))
        from transflow import __version__

        etree.SubElement(header, x("tool"), {"tool-id": "transflow", "tool-name": "transflow"}).set(
            "tool-version", __version__
        )
        body = etree.SubElement(fel, x("body"))
        for u in f.units:
            uel = etree.SubElement(body, x("trans-unit"), id=u.id)
            uel.set("approved", "yes" if u.state == "translated" else "no")
            uel.set("extradata", f"transflow-base:{u.base}")
            uel.set(_q(XML_NS, "space"), "preserve")
            nodes, codes = to_tree(u.source)
            _emit12(etree.SubElement(uel, x("source")), nodes, x)
            if u.target is not None:
                tel = etree.SubElement(uel, x("target"))
                tel.set(
                    "state", "translated" if u.state == "translated" else "needs-review-translation"
                )
                _emit12(tel, _target_tree(u.target, codes), x)
            for category, text in _notes(u):
                note = etree.SubElement(uel, x("note"), {"from": category})
                note.text = text
    return root


def _emit12(parent: etree._Element, nodes: list[Node], x) -> None:
    for node in nodes:
        if isinstance(node, str):
            _append_text(parent, node)
            continue
        c = node.code
        if isinstance(node, Single):
            el = etree.SubElement(parent, x("ph"), id=c.id, ctype=_CTYPE12[c.kind])
            el.text = c.start
            continue
        if c.kind in ("link", "image"):
            etree.SubElement(parent, x("bpt"), id=c.id, ctype=_CTYPE12[c.kind]).text = c.start
            _emit12(parent, node.children, x)
            etree.SubElement(parent, x("ept"), id=c.id).text = c.end
            continue
        el = etree.SubElement(parent, x("g"), id=c.id, ctype=_CTYPE12[c.kind])
        _emit12(el, node.children, x)


# --- reading -------------------------------------------------------------------------------


def read(data: bytes, rel: str) -> InDoc:
    """Parse an XLIFF 1.2 or 2.x file; raises InputError (file:line) when it is not one.
    A translation whose codes cannot be mapped back is kept as a refused unit."""
    root = xmlsafe.parse(data, rel, "XLIFF")
    if xmlsafe.local(root.tag) != "xliff":
        raise InputError(
            rel,
            f"not XLIFF: the root element is <{xmlsafe.local(root.tag)}>",
            cast("int | None", root.sourceline),
        )
    space = xmlsafe.ns(root.tag)
    version = root.get("version", "")
    if space == XLF2 and version.startswith("2."):
        return _read2(root, rel, version)
    if space in (XLF12, "urn:oasis:names:tc:xliff:document:1.1", "") and version in ("1.2", "1.1"):
        return _read12(root, rel, version)
    raise InputError(
        rel,
        f"unsupported XLIFF version {version!r} (namespace {space or 'none'})",
        cast("int | None", root.sourceline),
    )


def _fail(rel: str, el: etree._Element, message: str) -> InputError:
    return InputError(rel, message, cast("int | None", el.sourceline))


def _read2(root: etree._Element, rel: str, version: str) -> InDoc:
    x = lambda name: _q(XLF2, name)  # noqa: E731
    src = root.get("srcLang")
    if not src:
        raise _fail(rel, root, "<xliff> has no srcLang")
    files: list[InFile] = []
    for fel in root.iter(x("file")):
        original = fel.get("original")
        if not original:
            raise _fail(rel, fel, "<file> has no original attribute (which article is it?)")
        units: list[InUnit] = []
        for uel in fel.iter(x("unit")):
            segments = uel.findall(x("segment")) + uel.findall(x("ignorable"))
            if len(segments) != 1 or segments[0].tag != x("segment"):
                raise _fail(rel, uel, f"unit {uel.get('id')}: transflow units have one <segment>")
            seg = segments[0]
            data = {
                d.get("id"): "".join(cast("Iterator[str]", d.itertext()))
                for d in uel.iter(x("data"))
            }
            sel = seg.find(x("source"))
            if sel is None:
                raise _fail(rel, seg, "<segment> without <source>")
            codes, src_events = _source_codes2(sel, data, rel)
            source = _markup(src_events, codes, rel, sel, check_all=False)
            tel = seg.find(x("target"))
            target, problem = None, None
            if tel is not None and (len(tel) or (tel.text or "")):
                try:
                    target = markup_from_events(_events2(tel, rel), codes, check_all=True)
                except CodeError as exc:
                    problem = str(exc)
            state = seg.get("state", "initial")
            base = uel.get(_q(TF, "base"))
            units.append(
                InUnit(
                    uel.get("id", ""),
                    cast("int | None", uel.sourceline) or 0,
                    source,
                    target,
                    state == "initial",
                    base,
                    problem,
                )
            )
        files.append(InFile(original, cast("int | None", fel.sourceline) or 0, tuple(units)))
    return InDoc(version, src, root.get("trgLang"), tuple(files))


def _markup(events: list[Event], codes: dict[str, Code], rel: str, el, *, check_all: bool) -> str:
    try:
        return markup_from_events(events, codes, check_all=check_all)
    except CodeError as exc:
        raise _fail(rel, el, f"source: {exc}") from None


def _events2(el: etree._Element, rel: str, codes: dict[str, Code] | None = None) -> list[Event]:
    """Events of a 2.x <source>/<target>; with ``codes`` (a source), also collect each
    code's kind into it (unknown in ``codes`` until the caller resolves them)."""
    out: list[Event] = []

    def walk(node: etree._Element) -> None:
        if node.text:
            out.append(Event("text", node.text))
        for child in node:
            name = xmlsafe.local(child.tag)
            cid = child.get("id", "")
            if name == "pc":
                out.append(Event("open", cid))
                walk(child)
                out.append(Event("close", cid))
            elif name == "sc":
                out.append(Event("open", cid))
            elif name == "ec":
                out.append(Event("close", child.get("startRef") or cid))
            elif name == "ph":
                out.append(Event("single", cid))
            elif name == "mrk":
                walk(child)
            elif name == "cp":
                hexa = child.get("hex", "")
                try:
                    out.append(Event("text", chr(int(hexa, 16))))
                except ValueError:
                    raise _fail(rel, child, f"<cp hex={hexa!r}> is not a code point") from None
            elif name in ("sm", "em"):
                pass
            else:
                raise _fail(rel, child, f"unexpected <{name}> in <{xmlsafe.local(node.tag)}>")
            if child.tail:
                out.append(Event("text", child.tail))

    walk(el)
    return out


def _source_codes2(
    sel: etree._Element, data: dict, rel: str
) -> tuple[dict[str, Code], list[Event]]:
    codes: dict[str, Code] = {}
    for child in sel.iter():
        name = xmlsafe.local(child.tag)
        if name not in ("pc", "sc", "ph"):
            continue
        cid = child.get("id", "")
        if name == "ph":
            start = data.get(child.get("dataRef")) or child.get("disp") or ""
            end = None
        else:
            start = data.get(child.get("dataRefStart")) or child.get("dispStart") or ""
            end = data.get(child.get("dataRefEnd")) or child.get("dispEnd") or ""
        code = code_from_markup(cid, start, end)
        if code is None:
            raise _fail(rel, child, f"code {cid}: {start!r} is not markup transflow knows")
        codes[cid] = code
    return codes, _events2(sel, rel)


def _read12(root: etree._Element, rel: str, version: str) -> InDoc:
    space = xmlsafe.ns(root.tag)
    x = (lambda name: _q(space, name)) if space else (lambda name: name)
    files: list[InFile] = []
    src_lang, trg_lang = None, None
    for fel in root.iter(x("file")):
        original = fel.get("original")
        if not original:
            raise _fail(rel, fel, "<file> has no original attribute (which article is it?)")
        src = fel.get("source-language")
        if not src:
            raise _fail(rel, fel, "<file> has no source-language")
        if src_lang is not None and src != src_lang:
            raise _fail(rel, fel, f"source-language {src} differs from the first file's {src_lang}")
        src_lang = src
        trg = fel.get("target-language")
        if trg and trg_lang is not None and trg != trg_lang:
            raise _fail(rel, fel, f"target-language {trg} differs from the first file's {trg_lang}")
        trg_lang = trg or trg_lang
        units: list[InUnit] = []
        for uel in fel.iter(x("trans-unit")):
            if uel.get("restype") == "x-gettext-domain-header":
                continue  # Translate Toolkit's po2xliff writes the PO header as a unit
            sel = uel.find(x("source"))
            if sel is None:
                raise _fail(rel, uel, "<trans-unit> without <source>")
            codes = _source_codes12(sel, rel)
            source = _markup(_events12(sel, rel), codes, rel, sel, check_all=False)
            tel = uel.find(x("target"))
            target, problem = None, None
            if tel is not None and (len(tel) or (tel.text or "")):
                try:
                    target = markup_from_events(_events12(tel, rel), codes, check_all=True)
                except CodeError as exc:
                    problem = str(exc)
            state = tel.get("state") if tel is not None else None
            if state is not None:
                fuzzy = state not in ("translated", "final", "signed-off")
            else:
                fuzzy = uel.get("approved") != "yes"
            extra = uel.get("extradata") or ""
            base = extra.split(":", 1)[1] if extra.startswith("transflow-base:") else None
            units.append(
                InUnit(
                    uel.get("id", ""),
                    cast("int | None", uel.sourceline) or 0,
                    source,
                    target,
                    fuzzy,
                    base,
                    problem,
                )
            )
        files.append(InFile(original, cast("int | None", fel.sourceline) or 0, tuple(units)))
    if src_lang is None:
        raise _fail(rel, root, "no <file> in this XLIFF")
    return InDoc(version, src_lang, trg_lang, tuple(files))


def _events12(el: etree._Element, rel: str) -> list[Event]:
    out: list[Event] = []

    def walk(node: etree._Element) -> None:
        if node.text and xmlsafe.local(node.tag) not in ("bpt", "ept", "ph", "x", "bx", "ex", "it"):
            out.append(Event("text", node.text))
        for child in node:
            name = xmlsafe.local(child.tag)
            cid = child.get("id", "")
            if name == "g":
                out.append(Event("open", cid))
                walk(child)
                out.append(Event("close", cid))
            elif name in ("bpt", "bx"):
                out.append(Event("open", cid))
            elif name == "ept":
                out.append(Event("close", cid))
            elif name == "ex":
                out.append(Event("close", child.get("rid") or cid))
            elif name in ("ph", "x"):
                out.append(Event("single", cid))
            elif name == "mrk":
                walk(child)
            else:
                raise _fail(rel, child, f"unexpected <{name}> in <{xmlsafe.local(node.tag)}>")
            if child.tail:
                out.append(Event("text", child.tail))

    walk(el)
    return out


_MARKUP12 = {"bold": "**", "italic": "*", "underlined": "<u>", "x-strike": "~~"}
_END12 = {"**": "**", "*": "*", "<u>": "</u>", "~~": "~~"}


def _source_codes12(sel: etree._Element, rel: str) -> dict[str, Code]:
    codes: dict[str, Code] = {}
    ends = {
        e.get("id"): "".join(cast("Iterator[str]", e.itertext()))
        for e in sel.iter()
        if xmlsafe.local(e.tag) == "ept"
    }
    for child in sel.iter():
        name = xmlsafe.local(child.tag)
        cid = child.get("id", "")
        if name == "g":
            start = _MARKUP12.get(child.get("ctype", ""))
            code = code_from_markup(cid, start, _END12[start]) if start else None
            shown = f"<g ctype={child.get('ctype')!r}>"
        elif name == "bpt":
            start = "".join(cast("Iterator[str]", child.itertext()))
            code = code_from_markup(cid, start, ends.get(cid, ""))
            shown = f"{start!r}"
        elif name == "ph":
            start = "".join(cast("Iterator[str]", child.itertext()))
            code = code_from_markup(cid, start, None)
            shown = f"{start!r}"
        elif name in ("x", "bx", "ex", "it"):
            raise _fail(rel, child, f"code {cid}: <{name}> does not say what it stands for")
        else:
            continue
        if code is None:
            raise _fail(rel, child, f"code {cid}: {shown} is not markup transflow knows")
        codes[cid] = code
    return codes
