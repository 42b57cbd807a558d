"""Reading XLIFF, TMX and TBX files from outside without trusting them.

lxml parses with entity substitution, DTD loading and network access off and huge-tree
limits on; a document type declaration with an internal subset (where entities are
declared: billion laughs, external entities) is refused before parsing, and XLIFF may
not have a DOCTYPE at all. Every problem is an :class:`~transflow.core.errors.InputError`
naming the file and line.
"""

from __future__ import annotations

import re
from typing import cast

from lxml import etree

from transflow.core.errors import InputError

_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)


def _decoded_head(data: bytes) -> bytes:
    """The prolog as ASCII-compatible bytes (UTF-16 documents have a BOM)."""
    head = data[:4096]
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            return head.decode(codec, "replace").encode("utf-8", "replace")
    return head


def parse(data: bytes, rel: str, what: str, *, allow_doctype: bool = False) -> etree._Element:
    """The root element of ``data`` (a file shown as ``rel``, a ``what`` such as "XLIFF")."""
    if not data.strip():
        raise InputError(rel, f"empty file, not {what}")
    text = _decoded_head(data) if data[:2] in (b"\xff\xfe", b"\xfe\xff") else data
    found = _DOCTYPE.search(text)
    if found:
        line = text[: found.start()].count(b"\n") + 1
        close = text.find(b">", found.start())
        internal = b"[" in text[found.start() : close if close >= 0 else len(text)]
        if not allow_doctype:
            raise InputError(
                rel, f"{what} must not have a document type declaration (DOCTYPE)", line
            )
        if internal:
            raise InputError(rel, "entity declarations (an internal DTD subset) are refused", line)
    if b"<!ENTITY" in data:
        line = data[: data.find(b"<!ENTITY")].count(b"\n") + 1
        raise InputError(rel, "entity declarations are refused", line)
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        msg = str(exc.msg or exc).split(", line ")[0]
        raise InputError(rel, f"malformed {what}: {msg}", exc.lineno or None) from None
    if root is None:
        raise InputError(rel, f"not {what}")
    for node in root.iter(etree.Entity):  # unresolved entity references: refuse, never guess
        # lxml-stubs: iter(Entity) yields _Entity elements, which have .name
        name = node.name  # type: ignore[union-attr]
        raise InputError(rel, f"undefined entity &{name};", cast("int | None", node.sourceline))
    return root


def local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def ns(tag: object) -> str:
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def serialize(root: etree._Element) -> bytes:
    """The document, indented for people, except inside elements whose content is text
    (``xml:space="preserve"``: XLIFF ``source``/``target``, TMX ``seg``…): there an
    indent would become part of the text (lxml's ``pretty_print`` indents a ``source``
    that holds only an inline code, and the unit no longer matches its msgid)."""
    _indent(root, 0)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


# elements whose content is text with inline codes, in XLIFF 1.2/2.x, TMX and TBX
_TEXTUAL = frozenset(
    [
        "source",
        "target",
        "seg",
        "note",
        "data",
        "term",
        "mrk",
        "pc",
        "sc",
        "ec",
        "g",
        "sub",
        "bpt",
        "ept",
        "ph",
        "it",
        "x",
        "bx",
        "ex",
        "ut",
        "hi",
    ]
)


def _indent(el: etree._Element, depth: int) -> None:
    children = list(el)
    if (
        not children
        or el.get(_XML_SPACE) == "preserve"
        or local(el.tag) in _TEXTUAL
        or (el.text or "").strip()
    ):
        return
    if any((c.tail or "").strip() for c in children):
        return  # mixed content: leave it as it is
    pad = "\n" + "  " * (depth + 1)
    el.text = pad
    for child in children:
        child.tail = pad
        _indent(child, depth + 1)
    children[-1].tail = "\n" + "  " * depth
