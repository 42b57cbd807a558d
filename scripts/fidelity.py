#!/usr/bin/env python3
"""Source fidelity on a corpus of real documents: what transflow loses, moves or never extracts.

For every document of ``tests/corpus`` (or the paths given), in a throw-away workspace:
``init`` (source ``en``, target ``de``), copy the document into ``sources/``, ``extract``,
``extract`` again (idempotency), then fill the German catalog twice and export both formats
each time:

- **identity**: every msgstr is its msgid. Every word of the source must come back, in the
  same format (docx → docx, md → md) and across formats (docx → md, md → docx, txt → both);
  the structure must be kept.
- **pseudo**: every word is transformed letter by letter (``word`` → ``ŵöŕđ``) while markup,
  code spans, URLs, e-mail addresses and placeholders are kept (done on
  ``transflow.core.inline`` spans). A source word that is still in the export unchanged never
  reached the translator: "not extracted" when no msgid holds it, "untranslated" when
  one does (the export did not use the translation).

Measured per document (see docs/fidelity.md): crashed, refused (with the message), text
lost (same format, cross format), text added, not extracted, untranslated, structure lost
(DOCX: parts' element counts; Markdown: markdown-it's block sequence and, with the
identity translation, every visible character with its formatting), cross-format
structure (tables, rows, cells, images, links, headings), noise units, idempotency.

The library is called in-process (``transflow.ops.extract.run``/``transflow.ops.export.run``):
every exception that is not a ``TransflowError`` counts as a crash (the CLI would print a
traceback); a ``TransflowError`` is what the CLI reports with exit code 3 (refused).

Usage::

    .venv/bin/python scripts/fidelity.py                  # whole corpus, summary to stdout
    .venv/bin/python scripts/fidelity.py --json out.json  # + per-document JSON
    .venv/bin/python scripts/fidelity.py --family mammoth tests/corpus/pandoc/lists.docx
    .venv/bin/python scripts/fidelity.py --update-baseline
    .venv/bin/python scripts/fidelity.py --check-baseline # exit 1 when a count rises
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import html
import json
import multiprocessing
import os
import posixpath
import re
import shutil
import signal
import sys
import tempfile
import time
import traceback
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
BASELINE = ROOT / "tests" / "fidelity" / "baseline.json"
FAMILIES = ("pandoc", "python-docx", "mammoth", "commonmark", "markdown-it")
SOURCE_EXTENSIONS = (".docx", ".md", ".txt")
TIMEOUT = 120  # seconds per document; more is a hang, counted as a crash
LANG = "de"
SAMPLE = 12  # words/items kept as examples in the JSON

# The per-document counts the baseline holds (lower is better).
METRICS = (
    "crashed",
    "refused",
    "lost_same",
    "lost_cross",
    "added",
    "moved_same",
    "not_extracted",
    "untranslated",
    "structure_lost",
    "inline_lost",
    "cross_structure_lost",
    "noise_units",
    "not_idempotent",
)
METRIC_TITLES = {
    "crashed": "crashed",
    "refused": "refused",
    "lost_same": "text lost, same format",
    "lost_cross": "text lost, cross format",
    "added": "text added (any format)",
    "moved_same": "text moved, same format",
    "not_extracted": "text not extracted",
    "untranslated": "text left untranslated",
    "structure_lost": "structure lost or changed, same format",
    "inline_lost": "inline formatting lost (md)",
    "cross_structure_lost": "structure changed, cross format",
    "noise_units": "noise units",
    "not_idempotent": "not idempotent",
}


# --------------------------------------------------------------------------- words


_URLISH = re.compile(
    r"(?i)(?:[a-z][a-z0-9+.-]*:/{0,2}\S|www\.\S|\S@\S+\.\S|^\{[^{}\s]*\}$|^<[^<>]*>$)"
)


_DOMAIN = re.compile(
    r"(?i)^\W*[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|edu|gov|io|info|biz|dev|app|co|uk"
    r"|de|fr|ru|cn|jp|eu|us|ca|au|me|tv|ly|xn--[a-z0-9-]+)(?:[/:?#]\S*)?\W*$"
)


def _is_protected(token: str) -> bool:
    """URLs (also bare domains), e-mail addresses, placeholders: kept verbatim."""
    return bool(_URLISH.search(token) or _DOMAIN.match(token))


def _norm(token: str) -> str:
    return "".join(
        ch for ch in token if not unicodedata.category(ch).startswith(("P", "S"))
    ).casefold()


def words(text: str, *, translatable_only: bool = False) -> Counter:
    """Normalized words (NFC, casefold, punctuation and symbols removed) as a multiset.
    ``translatable_only``: only words with a letter that are not URLs, e-mails or
    placeholders (what a translation is expected to change)."""
    out: Counter = Counter()
    for token in unicodedata.normalize("NFC", text).split():
        if translatable_only and (_is_protected(token) or not any(c.isalpha() for c in token)):
            continue
        w = _norm(token)
        if w:
            out[w] += 1
    return out


def _sample(counter: Counter) -> list[str]:
    return [f"{w}×{n}" if n > 1 else w for w, n in counter.most_common(SAMPLE)]


# --------------------------------------------------------------------------- pseudo


_LOWER = "abcdefghijklmnopqrstuvwxyz"
_PSEUDO = str.maketrans(
    _LOWER + _LOWER.upper(),
    "åƀçđéƒĝĥîĵķĺɱñöþǫŕšţûṽŵẋýž" + "ÅƁÇĐÉƑĜĤÎĴĶĹṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
)
# text spans of a msgid hold no HTML (inline HTML is a placeholder, "<" of text is text)
_KEEP = re.compile(
    r"\{[^{}\s]*\}"  # placeholders
    r"|(?i:[a-z][a-z0-9+.-]*://\S+|www\.\S+|mailto:\S+)"  # URLs
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail addresses
)


def _pseudo_letters(text: str) -> str:
    out = []
    for ch in text:
        new = ch.translate(_PSEUDO)
        out.append(new)
        if new == ch and ch.isalpha():
            out.append("\u0308")  # any other letter: a combining diaeresis after it
    return "".join(out)


def pseudo_text(text: str) -> str:
    """Every letter transformed; placeholders, tags, URLs and e-mail addresses kept."""
    out = []
    pos = 0
    for m in _KEEP.finditer(text):
        out.append(_pseudo_letters(text[pos : m.start()]))
        out.append(m.group())
        pos = m.end()
    out.append(_pseudo_letters(text[pos:]))
    return "".join(out)


def pseudo_markup(markup: str) -> str:
    """Pseudo-translate a msgid: only the text of non-code spans (and titles) changes."""
    from transflow.core import inline

    spans = []
    for sp in inline.parse(markup):
        if not sp.code:
            sp = replace(sp, text=pseudo_text(sp.text))
            title = getattr(sp, "title", None)
            if title:
                sp = replace(sp, title=pseudo_text(title))
        spans.append(sp)
    return inline.render(spans)


# --------------------------------------------------------------------------- DOCX


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
PIC = "{http://schemas.openxmlformats.org/drawingml/2006/picture}pic"
V_IMAGEDATA = "{urn:schemas-microsoft-com:vml}imagedata"
WP_DOCPR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


_DOCX_COUNT = {
    "paragraphs": _w("p"),
    "tables": _w("tbl"),
    "rows": _w("tr"),
    "cells": _w("tc"),
    "drawings": _w("drawing"),
    "pictures": (PIC, V_IMAGEDATA),
    "hyperlinks": _w("hyperlink"),
    "fields": (_w("fldSimple"), "fldChar-begin"),
    "footnote_refs": _w("footnoteReference"),
    "endnote_refs": _w("endnoteReference"),
    "text_boxes": _w("txbxContent"),
    "content_controls": _w("sdt"),
    "sections": _w("sectPr"),
    "headers_footers": (_w("headerReference"), _w("footerReference")),
    "line_breaks": (_w("br"), _w("cr")),
    "tabs": "run-tab",
}


def _docx_parts(zf: zipfile.ZipFile) -> dict[str, list[str]]:
    """Part names by kind: main, header, footer, footnotes, endnotes (found through the
    relationships, as Word does; pandoc's tests include a non-standard main part path)."""
    from lxml import etree

    def rels_of(part: str) -> list[tuple[str, str]]:
        folder, name = posixpath.split(part)
        path = posixpath.join(folder, "_rels", name + ".rels")
        try:
            root = etree.fromstring(zf.read(path))
        except (KeyError, etree.XMLSyntaxError):
            return []
        out = []
        for rel in root.iter(REL_NS + "Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            full = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join(folder, target))
            )
            out.append((rel.get("Type", "").rsplit("/", 1)[-1], full))
        return out

    names = set(zf.namelist())
    main = next((t for k, t in rels_of("") if k == "officeDocument"), "word/document.xml")
    parts: dict[str, list[str]] = {"main": [main] if main in names else []}
    for kind, target in rels_of(main):
        if kind in ("header", "footer", "footnotes", "endnotes") and target in names:
            parts.setdefault(kind, []).append(target)
    return parts


_SKIP = {MC_FALLBACK, _w("del"), _w("moveFrom")}
_MARKED = {
    _w("drawing"): "picture",
    _w("pict"): "picture",
    _w("fldSimple"): "field",
    _w("footnoteReference"): "footnote",
    _w("endnoteReference"): "endnote",
}


def _text(parts: list, markers: bool = False) -> str:
    """Join text pieces; objects (tuples) become ``ǂnameǂ`` words or nothing."""
    return "".join(
        p if isinstance(p, str) else (f" ǂ{p[0]}ǂ " if markers and p[0] else "") for p in parts
    )


def _is_hyperlink(instr: str) -> bool:
    return instr.strip().upper().startswith("HYPERLINK")


# fields whose result Word generates from the rest of the document (a table of contents)
_GENERATED = ("TOC", "INDEX", "TOA", "BIBLIOGRAPHY")


def _symbol_font(run) -> str | None:
    """The Symbol or Wingdings font of a run (its text is that font's symbols), or None."""
    from transflow.formats.docx_symbols import is_symbol_font

    fonts = run.find(f"{_w('rPr')}/{_w('rFonts')}") if run is not None else None
    font = fonts.get(_w("ascii")) or fonts.get(_w("hAnsi")) if fonts is not None else None
    return font if is_symbol_font(font) else None


_FIELD_BOUNDS = frozenset(
    _w(t) for t in ("p", "fldChar", "fldSimple", "tab", "br", "cr", "tc", "txbxContent")
)


def _walk_docx(
    root,
    text: list[str],
    alt: list[str],
    fields: list[str],
    counts: Counter,
    styles: Counter,
    generated: list[str] | None = None,
) -> None:
    """Visible text of one XML part as Word shows it with every revision accepted
    (``w:t``, tabs, breaks; deletions, moved-away text and ``mc:Fallback``, which repeats
    its ``mc:Choice``, skipped; a symbol font's characters as Unicode); the part of it that is the result of a field other than
    HYPERLINK (page numbers, references, TOC: kept in place, not translated) also into
    ``fields``, and the result of a TOC, INDEX, TOA or BIBLIOGRAPHY field into
    ``generated`` (with its hyperlinks counted as ``generated_links``); pictures' alt
    text; element counts."""
    from transflow.formats.docx_symbols import symbol_char, symbol_text

    stack: list[tuple] = [(root, False)]
    open_fields: list[list] = []  # [instruction, in result] of each open field

    def in_field_result() -> bool:
        return any(
            res and not instr.strip().upper().startswith("HYPERLINK")
            for instr, res, *_ in open_fields
        )

    def in_generated() -> bool:
        return any(
            res and (instr.split() or [""])[0].upper() in _GENERATED
            for instr, res, *_ in open_fields
        )

    while stack:
        el, closing = stack.pop()
        tag = el.tag
        if not isinstance(tag, str):
            continue
        if tag in _FIELD_BOUNDS:  # field results are words apart from what surrounds them
            fields.append(" ")
            if generated is not None:
                generated.append(" ")
        if (
            not closing
            and tag in _MARKED
            and not (tag == _w("fldSimple") and _is_hyperlink(el.get(_w("instr"), "")))
        ):
            text.append((_MARKED[tag],))  # an anchored object: its position is checked
        if closing:
            if tag == _w("p"):
                text.append("\n")
            elif tag == _w("fldSimple") and open_fields:
                open_fields.pop()
            continue
        if tag in _SKIP:
            continue
        if tag == _w("t"):
            font = _symbol_font(el.getparent())
            text.append(symbol_text(font, el.text or "") if font else el.text or "")
            if in_field_result():
                fields.append(el.text or "")  # a word split across runs is one word
            if generated is not None and in_generated():
                generated.append(el.text or "")
        elif tag == _w("tab") and el.getparent().tag == _w("r"):
            text.append("\t")
            counts["tabs"] += 1
        elif tag in (_w("br"), _w("cr")):
            text.append("\n")
            counts["line_breaks"] += 1
        elif tag == WP_DOCPR and el.get("descr"):
            alt.append(" " + el.get("descr") + " ")
        elif tag == _w("noBreakHyphen"):
            text.append("-")
        elif tag == _w("softHyphen"):  # invisible until a line breaks there, but text
            text.append("\u00ad")
        elif tag == _w("sym"):  # as Word draws it: the symbol font's character
            with contextlib.suppress(ValueError):
                text.append(symbol_char(el.get(_w("font")), int(el.get(_w("char")) or "", 16)))
        elif tag == _w("fldChar"):
            kind = el.get(_w("fldCharType"))
            if kind == "begin":
                marker = ["field"]
                text.append(marker)
                counts["fields"] += 1
                open_fields.append(["", False, marker])
            elif kind in ("separate", "end") and open_fields:
                instr, _, marker = open_fields[-1]
                if _is_hyperlink(instr) and marker[0]:
                    # a HYPERLINK field is a link (the writer makes it a w:hyperlink,
                    # which Word shows and follows the same way): not a field
                    marker[0] = None
                    counts["fields"] -= 1
                    counts["hyperlinks"] += 1
                    counts["hyperlink_fields"] += 1
                if kind == "separate":
                    open_fields[-1][1] = True
                else:
                    open_fields.pop()
        elif tag == _w("instrText") and open_fields and not open_fields[-1][1]:
            open_fields[-1][0] += el.text or ""
        elif tag == _w("fldSimple"):
            instr = el.get(_w("instr"), "")
            open_fields.append([instr, True, [None]])
            if _is_hyperlink(instr):
                counts["hyperlinks"] += 1
                counts["hyperlink_fields"] += 1
            else:
                counts["fields"] += 1
        elif tag == _w("pStyle"):
            styles[el.get(_w("val"), "")] += 1
        elif tag == _w("gridBefore") and el.get(_w("val"), "0") not in ("", "0"):
            # a row that starts short: an HTML table needs one empty cell to keep the
            # row's cells in their columns (docs/fidelity.md)
            counts["cells"] += 1
        elif (
            tag == _w("vMerge")
            and el.getparent().tag == _w("tcPr")
            and el.get(_w("val"), "continue") == "continue"
        ):
            counts["cells"] -= 1  # part of the merged cell above it (an HTML rowspan)
        elif tag == _w("hyperlink") and in_generated():
            counts["generated_links"] += 1
        for name, want in _DOCX_COUNT.items():
            if name not in ("tabs", "line_breaks", "fields") and (
                tag == want or (isinstance(want, tuple) and tag in want)
            ):
                counts[name] += 1
        stack.append((el, True))
        stack.extend((child, False) for child in reversed(el))


def _heading_styles(zf: zipfile.ZipFile) -> set[str]:
    from lxml import etree

    try:
        root = etree.fromstring(zf.read("word/styles.xml"))
    except (KeyError, etree.XMLSyntaxError):
        return set()
    out = set()
    for st in root.iter(_w("style")):
        name_el = st.find(_w("name"))
        name = (name_el.get(_w("val"), "") if name_el is not None else "").lower()
        if name == "title" or re.fullmatch(r"heading \d", name):
            out.add(st.get(_w("styleId"), ""))
    return out


def read_docx(path: Path) -> dict:
    """Text of the body (document, notes) and of headers/footers, structure counts."""
    from lxml import etree

    with zipfile.ZipFile(path) as zf:
        parts = _docx_parts(zf)
        body: list[str] = []
        hf: list[str] = []
        alt: list[str] = []
        fields: list[str] = []
        generated: list[str] = []
        counts: Counter = Counter()
        styles: Counter = Counter()
        body_styles: Counter = Counter()  # headings: the body's paragraphs with text
        body_counts: Counter = Counter()  # so is what Markdown carries (tables, pictures)
        for kind, names in parts.items():
            for name in names:
                root = etree.fromstring(zf.read(name), etree.XMLParser(huge_tree=True))
                page = kind in ("header", "footer")
                part_styles: Counter = Counter()
                part_counts: Counter = Counter()
                _walk_docx(
                    root,
                    hf if page else body,
                    alt,
                    fields,
                    part_counts,
                    part_styles,
                    None if page else generated,
                )
                styles += part_styles
                counts += part_counts
                if not page:
                    body_counts += part_counts
                    for p in root.iter(_w("p")):  # a heading a reader sees has text
                        style = p.find(f"{_w('pPr')}/{_w('pStyle')}")
                        if style is not None and any(
                            (t.text or "").strip() for t in p.iter(_w("t"))
                        ):
                            body_styles[style.get(_w("val"), "")] += 1
        headings = _heading_styles(zf)
    return {
        "body": _text(body),
        "hf": _text(hf),
        "sequence": _text(body, True) + "\n" + _text(hf, True),
        "alt": "".join(alt),
        "fields": "".join(fields),
        "generated": "".join(generated),
        "counts": counts,
        "styles": styles,
        "cross": {  # the body's: page headers and footers are not Markdown's body
            "tables": body_counts["tables"],
            "rows": body_counts["rows"],
            "cells": body_counts["cells"],
            "images": body_counts["pictures"],
            # a table of contents is left out of Markdown by design (docs/fidelity.md)
            "links": body_counts["hyperlinks"] - body_counts["generated_links"],
            "headings": sum(n for s, n in body_styles.items() if s in headings),
        },
        "decks": sum(n for s, n in styles.items() if s == "Subtitle"),
    }


# --------------------------------------------------------------------------- Markdown


_MD_PARSER = None


def _md():
    global _MD_PARSER
    if _MD_PARSER is None:
        from markdown_it import MarkdownIt
        from mdit_py_plugins.footnote import footnote_plugin
        from mdit_py_plugins.front_matter import front_matter_plugin

        def gfm():
            return MarkdownIt("commonmark").enable("table").enable("strikethrough")

        _MD_PARSER = (
            gfm().use(front_matter_plugin).use(footnote_plugin),
            gfm().use(footnote_plugin),
        )
    return _MD_PARSER


_TAG = re.compile(r"<[^>]*>")
_INVISIBLE = re.compile(
    r"<!--.*?(?:-->|$)|<\?.*?(?:\?>|$)|<![A-Z].*?(?:>|$)|<!\[CDATA\[.*?(?:\]\]>|$)"
    r"|<(script|style)\b.*?(?:</\1\s*>|$)",
    re.S | re.I,
)
_WS = re.compile(r"[ \t\n\r]+")
_FM_TRANSLATABLE = ("title", "summary", "description", "subtitle")


def _strings(value: object) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [] if value is None else [str(value)]


def read_markdown(text: str) -> dict:
    """Visible text (GFM: CommonMark + tables + strikethrough), front matter values,
    the block sequence and the inline pieces (text, formatting) of a Markdown document."""
    import yaml

    with_fm, without_fm = _md()
    tokens = with_fm.parse(text)
    if tokens and tokens[0].type == "front_matter":
        try:
            data = yaml.safe_load(tokens[0].content)
        except yaml.YAMLError:
            data = None
        empty = not tokens[0].content.strip()
        if not empty and not isinstance(data, dict):  # a thematic break, not front matter
            tokens = without_fm.parse(text)
    body: list[str] = []
    code: list[str] = []
    blocks: list[str] = []
    pieces: list[tuple[str, tuple]] = []
    fm_all: list[str] = []
    fm_tr: list[str] = []
    cross = Counter()
    for n, tok in enumerate(tokens):
        if tok.type == "front_matter":
            try:
                data = yaml.safe_load(tok.content)
            except yaml.YAMLError:
                data = tok.content
            fm_all.extend(_strings(data))
            if isinstance(data, dict):
                for key in _FM_TRANSLATABLE:
                    fm_tr.extend(_strings(data.get(key)))
            continue
        if tok.nesting >= 0 and tok.type != "inline":
            label = f"{tok.type}:{tok.tag}" if tok.tag else tok.type
            if tok.type == "ordered_list_open":
                label += f":{tok.attrGet('start') or 1}"
            blocks.append(label)
        if tok.type == "heading_open" and not tokens[n + 1].content.strip():
            pass  # an empty heading ("##", the end mark "###") shows no text
        elif tok.type in ("table_open", "tr_open", "th_open", "td_open", "heading_open"):
            key = {"table_open": "tables", "tr_open": "rows", "heading_open": "headings"}
            cross[key.get(tok.type, "cells")] += 1
        if tok.type == "html_block":  # an HTML table, image or link is one too
            low = tok.content.lower()
            for key, pattern in _HTML_COUNT.items():
                cross[key] += len(re.findall(pattern, low))
        if tok.type in ("code_block", "fence"):
            body.append(tok.content + "\n")
            code.append(tok.content + "\n")
        elif tok.type == "html_block":  # visible text, kept in place (not translated)
            visible = html.unescape(_TAG.sub(" ", _INVISIBLE.sub(" ", tok.content))) + "\n"
            body.append(visible)
            code.append(visible)
        elif tok.type == "inline":
            _inline(tok.children or [], body, code, pieces, cross)
            body.append("\n")
    return {
        "body": "".join(body),
        "code": "".join(code),
        "fm_all": "\n".join(fm_all),
        "fm_translatable": "\n".join(fm_tr),
        "blocks": blocks,
        "pieces": pieces,
        "cross": dict(cross),
    }


_COMMENT = re.compile(r"<!--.*?-->", re.S)
_HTML_COUNT = {
    "tables": r"<table\b",
    "rows": r"<tr\b",
    "cells": r"<t[dh]\b",
    "images": r"<img\b",
    # a link that shows something: text or a picture after its tag (and any tags inside)
    "links": r"<a\s[^>]*href[^>]*>(?:\s*<(?!/a\b|img\b)[^>]*>)*\s*(?:[^<\s]|<img\b)",
}
_HTML_FMT = re.compile(r"<(/?)(b|strong|i|em|s|del|strike|u|ins)\s*>$", re.I)
_HTML_FMT_NAME = {
    "b": "strong",
    "strong": "strong",
    "i": "em",
    "em": "em",
    "s": "s",
    "del": "s",
    "strike": "s",
    "u": "u",
    "ins": "u",
}
_HTML_BR = re.compile(r"<br\s*/?>$", re.I)


def _link_shows(children, start: int) -> bool:
    """The link opened at ``children[start]`` shows something: text, code or a picture
    (``[](url)`` is an anchor a reader never sees)."""
    depth = 0
    for t in children[start:]:
        if t.type == "link_open":
            depth += 1
        elif t.type == "link_close":
            depth -= 1
            if depth == 0:
                return False
        elif t.type == "image" or (t.type in ("text", "code_inline") and t.content.strip()):
            return True
    return False


def _alt(children) -> str:
    """An image's alt text as markdown-it renders it (``renderInlineAsText``): text, code,
    raw HTML as written, nested images' alt text, a line break as a newline."""
    out = []
    for c in children:
        if c.type in ("text", "code_inline", "html_inline"):
            out.append(c.content)
        elif c.type == "image":
            out.append(_alt(c.children or []))
        elif c.type in ("softbreak", "hardbreak"):
            out.append("\n")
    return "".join(out)


def _inline(children, body: list[str], code: list[str], pieces: list, cross: Counter) -> None:
    """Visible text of an inline token into ``body`` (code spans in place, also into
    ``code``), and its pieces: non-blank chunks with their formatting (a set: nested
    emphasis of one kind looks like one), whitespace as one formatting-free ``" "``
    (the formatting of a space is invisible), a hard break as ``"\\n"``."""
    fmt: list[str] = []
    chunks: list[tuple[str, tuple]] = []

    def add(text: str, extra: tuple = ()) -> None:
        f = tuple(sorted({*fmt, *extra}))
        if extra:  # code and HTML: every character as written
            chunks.append((text, f))
            return
        for part in re.split(r"([ \t\n\r]+)", text):
            if not part:
                continue
            if part.isspace():
                chunks.append((" ", ()))
            else:
                chunks.append((part, f))

    for n, t in enumerate(children):
        kind = t.type
        if kind == "text":
            body.append(t.content)
            add(t.content)
        elif kind == "softbreak":
            body.append("\n")
            add(" ")
        elif kind == "hardbreak":
            body.append("\n")
            chunks.append(("\n", ("br",)))
        elif kind == "code_inline":
            body.append(t.content)
            code.append(" " + t.content + " ")
            add(t.content, ("code",))
        elif kind == "html_inline":  # one tag: no visible text of its own
            m = _HTML_FMT.match(t.content.strip())
            if m:  # formatting written as HTML looks like the Markdown one
                name = _HTML_FMT_NAME[m.group(2).lower()]
                if not m.group(1):
                    fmt.append(name)
                elif name in fmt:
                    del fmt[len(fmt) - 1 - fmt[::-1].index(name)]
            elif _HTML_BR.match(t.content.strip()):
                body.append("\n")
                chunks.append(("\n", ("br",)))
            elif not _COMMENT.fullmatch(t.content):  # comments are invisible
                add(t.content, ("html",))
        elif kind == "image":
            alt = _alt(t.children or [])
            body.append(" " + alt + " ")
            # white space in alt text shows as one space
            chunks.append((" ".join(alt.split()), (*sorted(set(fmt)), f"img:{t.attrGet('src')}")))
            cross["images"] += 1
        elif kind.endswith("_open"):
            fmt.append(f"a:{t.attrGet('href')}" if kind == "link_open" else kind[:-5])
            if kind == "link_open" and _link_shows(children, n):
                cross["links"] += 1
        elif kind.endswith("_close") and fmt:
            fmt.pop()
    merged: list[list] = []
    for text, f in chunks:
        prev = merged[-1] if merged else None
        if text == " " and not f:
            if prev is None or prev[0] != " " or prev[1]:
                merged.append([text, f])
        elif (
            prev is not None
            and prev[1] == f
            and not (prev[0] == " " and not prev[1])
            and not any(x.startswith(("img:", "code", "html")) for x in f)
        ):
            prev[0] += text
        else:
            merged.append([text, f])
    # a space beside a line break shows nothing (it ends or starts a rendered line)
    merged = [
        m
        for k, m in enumerate(merged)
        if m != [" ", ()]
        or not any(0 <= k + d < len(merged) and merged[k + d][1] == ("br",) for d in (-1, 1))
    ]
    while merged and merged[0] == [" ", ()]:
        merged.pop(0)
    while merged and merged[-1] == [" ", ()]:
        merged.pop()
    pieces.extend((text, f) for text, f in merged)
    pieces.append(("¶", ()))


# --------------------------------------------------------------------------- views


def read_view(path: Path) -> dict:
    """Everything the measurement needs of a source or an export, by format:
    ``all``/``body``/``translatable`` texts, structure, cross-format counts."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        d = read_docx(path)
        return {
            "format": "docx",
            # every visible word, and pictures' alt text (what a Markdown image becomes)
            "all": d["body"] + "\n" + d["hf"] + "\n" + d["alt"],
            "body": d["body"] + "\n" + d["alt"],  # without page headers and footers
            "translatable": d["body"] + "\n" + d["hf"],
            "translatable_body": d["body"],
            "sequence": d["sequence"],  # with objects as words: to find what moved
            "code": d["fields"],  # field results: kept in place, not translated
            "generated": d["generated"],  # a table of contents: not in Markdown
            "counts": d["counts"],
            "styles": d["styles"],
            "cross": d["cross"],
            "decks": d["decks"],
        }
    text = path.read_bytes().decode("utf-8", errors="replace")
    if suffix == ".md":
        m = read_markdown(text)
        return {
            "format": "md",
            "all": m["body"] + "\n" + m["fm_all"],
            "body": m["body"],
            "body_fm_translatable": m["body"] + "\n" + m["fm_translatable"],
            "translatable": m["body"] + "\n" + m["fm_translatable"],
            "translatable_body": m["body"] + "\n" + m["fm_translatable"],
            "code": m["code"],
            "blocks": m["blocks"],
            "pieces": m["pieces"],
            "cross": m["cross"],
        }
    return {
        "format": "txt",
        "all": text,
        "body": text,
        "translatable": text,
        "translatable_body": text,
        "body_fm_translatable": text,
        "cross": {},
    }


def _seq_lost(src: list, exp: list) -> tuple[int, list]:
    """Items of ``src`` not matched in order in ``exp`` (difflib), with examples."""
    if src == exp:
        return 0, []
    sm = difflib.SequenceMatcher(None, src, exp, autojunk=False)
    lost = 0
    examples = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op != "equal":
            lost += max(i2 - i1, j2 - j1) if op == "replace" else (i2 - i1) + (j2 - j1)
            if len(examples) < SAMPLE:
                examples.append({"source": src[i1:i2][:4], "export": exp[j1:j2][:4]})
    return lost, examples


def compare_identity(src: dict, exp: dict) -> dict:
    """Identity translation: words lost and added, structure lost (same format) or
    cross-format structure lost."""
    from transflow.core import inline
    from transflow.formats import docx_template

    same = src["format"] == exp["format"]
    if same:
        src_words = words(src["all"])
        exp_words = words(exp["all"])
        added = words(exp["all"] if exp["format"] == "docx" else exp["body"]) - words(
            src["all"] if exp["format"] == "docx" else src["body"]
        )
    else:
        # docx -> md: page headers and footers belong in the front matter or nowhere;
        # md -> docx: the front matter's translatable fields reach the document.
        src_words = words(
            src["body"] if src["format"] == "docx" else src.get("body_fm_translatable", src["body"])
        )
        if src["format"] == "docx":  # Word regenerates a table of contents: not in Markdown
            src_words -= words(src["generated"])
        exp_words = words(exp["all"])
        added = words(exp["body"]) - words(src["body"])
        if exp["format"] == "docx":
            # the built-in press-release template's own words (its label) are by design
            added -= words(inline.plain(docx_template.LABEL))
    lost = src_words - exp_words
    out: dict = {
        "lost": sum(lost.values()),
        "lost_words": _sample(lost),
        "added": sum(added.values()),
        "added_words": _sample(added),
    }
    if same:
        # words present in both but not in the same order: text that moved
        key = "sequence" if src["format"] == "docx" else "body"
        a = [w for w, _ in _tokens(src[key])]
        b = [w for w, _ in _tokens(exp[key])]
        if a != b:
            sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
            in_order = sum(block.size for block in sm.get_matching_blocks())
            moved = max(0, len(a) - in_order - out["lost"])
            out["moved"] = moved
            if moved:
                out["moved_examples"] = [
                    {"source": " ".join(a[i1:i2][:12]), "export": " ".join(b[j1:j2][:12])}
                    for op, i1, i2, j1, j2 in sm.get_opcodes()
                    if op != "equal"
                ][:4]
    if same and src["format"] == "docx":
        lost_s = {
            k: [src["counts"][k], exp["counts"][k]]
            for k in _DOCX_COUNT
            if src["counts"][k] != exp["counts"][k]
        }
        style_lost = src["styles"] - exp["styles"]
        out["structure"] = lost_s
        out["styles_lost"] = dict(style_lost)
        # lost or duplicated (a hyperlink doubled is a defect too)
        out["structure_lost"] = sum(abs(s - e) for s, e in lost_s.values()) + sum(
            style_lost.values()
        )
        out["structure_gained"] = sum(max(0, e - s) for s, e in lost_s.values())
    elif same and src["format"] == "md":
        n, ex = _seq_lost(src["blocks"], exp["blocks"])
        out["structure_lost"] = n
        out["structure"] = ex
        n, ex = _seq_lost(src["pieces"], exp["pieces"])
        out["inline_lost"] = n
        out["inline"] = [{k: [list(p) for p in v] for k, v in e.items()} for e in ex]
    elif src["format"] != "txt":
        exp_cross = dict(exp["cross"])
        if src["format"] == "md" and exp["format"] == "docx":
            # a heading right after the title is the deck, in Word's Subtitle style
            exp_cross["headings"] = exp_cross.get("headings", 0) + exp.get("decks", 0)
        exp = {**exp, "cross": exp_cross}
        keys = sorted(set(src["cross"]) | set(exp["cross"]))
        diff = {
            k: [src["cross"].get(k, 0), exp["cross"].get(k, 0)]
            for k in keys
            if src["cross"].get(k, 0) != exp["cross"].get(k, 0)
        }
        out["cross_structure"] = diff
        # a table's shape must be kept: more rows or cells is a change too (a flattened
        # table); a heading more is not (the title becomes one)
        out["cross_structure_lost"] = sum(
            max(0, s - e) if k in _ONLY_LOSSES else abs(s - e) for k, (s, e) in diff.items()
        )
    return out


# a heading more is not a loss (the title becomes one), nor is a link more (the press
# release template links bare e-mail addresses)
_ONLY_LOSSES = frozenset({"headings", "links"})


def _fill_template_catalog(ws: Path, mode: str, pseudo: Callable[[str], str]) -> None:
    """The built-in DOCX template's words (label, page footer) translated like the
    article's, so they are not counted as text left untranslated."""
    import polib

    from transflow.formats.docx_template import TEMPLATE_SLUG

    path = ws / "locales" / LANG / f"{TEMPLATE_SLUG}.po"
    if not path.exists():
        return
    po = polib.pofile(str(path), wrapwidth=79)
    for e in po:
        e.msgstr = e.msgid if mode == "identity" else pseudo(e.msgid)
    po.save(str(path))


def _tokens(text: str) -> list[tuple[str, bool]]:
    """Normalized words in order, each with whether a translation should change it."""
    out = []
    for token in unicodedata.normalize("NFC", text).split():
        w = _norm(token)
        if w:
            out.append((w, not _is_protected(token) and any(c.isalpha() for c in token)))
    return out


def compare_pseudo(src: dict, ident: dict | None, pseudo: dict, catalog_words: Counter) -> dict:
    """Pseudo translation against the identity translation, word by word in order: a
    translatable word that is the same in both exports never went through the
    translator. Words the source keeps in place (code, HTML blocks, field results) are
    not counted. "untranslated" when some msgid holds the word (the export did not use
    its translation), "not extracted" when none does; the split is by word, so it is a
    hint, their sum is exact."""
    if ident is None:
        return {"skipped": "no identity export"}
    a = _tokens(ident["translatable"])
    b = _tokens(pseudo["translatable"])
    sm = difflib.SequenceMatcher(None, [w for w, _ in a], [w for w, _ in b], autojunk=False)
    unchanged: Counter = Counter()
    for block in sm.get_matching_blocks():
        for w, translatable in a[block.a : block.a + block.size]:
            if translatable:
                unchanged[w] += 1
    unchanged -= words(src.get("code", ""))
    key = "translatable" if src["format"] == pseudo["format"] else "translatable_body"
    unchanged &= words(src[key], translatable_only=True)  # leaked markup is "added" text
    not_extracted = Counter({w: n for w, n in unchanged.items() if w not in catalog_words})
    untranslated = Counter({w: n for w, n in unchanged.items() if w in catalog_words})
    return {
        "not_extracted": sum(not_extracted.values()),
        "not_extracted_words": _sample(not_extracted),
        "untranslated": sum(untranslated.values()),
        "untranslated_words": _sample(untranslated),
    }


# --------------------------------------------------------------------------- one document


class _Timeout(Exception):
    pass


def _alarm(signum, frame):  # pragma: no cover (only on a hang)
    raise _Timeout(f"no result after {TIMEOUT} s")


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def _has_letter(markup: str) -> bool:
    """A letter outside placeholders, URLs and e-mail addresses, span by span (a link's
    text glued to a word, "**a<https://x.org>", is not one URL)."""
    from transflow.core import inline

    return any(
        any(c.isalpha() for c in _KEEP.sub(" ", sp.text))
        for sp in inline.parse(markup)
        if sp.placeholder is None
    )


def family_of(path: Path) -> str:
    try:
        return path.resolve().relative_to(CORPUS).parts[0]
    except ValueError:
        return "other"


def doc_id(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(CORPUS))
    except ValueError:
        return str(path)


def measure(path: Path, keep: Path | None = None) -> dict:
    """Measure one document (see the module docstring). Never raises."""
    started = time.monotonic()
    result: dict = {
        "file": doc_id(path),
        "family": family_of(path),
        "format": path.suffix.lower().lstrip("."),
        "status": "ok",
        "message": "",
    }
    old = signal.signal(signal.SIGALRM, _alarm) if hasattr(signal, "SIGALRM") else None
    if old is not None:
        signal.alarm(TIMEOUT)
    try:
        with tempfile.TemporaryDirectory(prefix="fidelity-") as tmp:
            _measure_in(Path(tmp), path, result)
            if keep is not None:
                dest = keep / path.stem
                shutil.rmtree(dest, ignore_errors=True)
                shutil.copytree(tmp, dest)
    except _Timeout as exc:
        result.update(status="crashed", message=f"hang: {exc}")
    except Exception as exc:  # the harness itself must never stop the run
        result.update(status="crashed", message=_tb(exc))
    finally:
        if old is not None:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, old)
    result["seconds"] = round(time.monotonic() - started, 3)
    result["metrics"] = metrics(result)
    return result


def _tb(exc: BaseException) -> str:
    lines = traceback.format_exception(exc)
    return "".join(lines[-6:]).strip()


def _step(result: dict, what: str, fn, *args, **kwargs):
    """Run a library call; a TransflowError is a refusal (CLI exit 3), anything else a
    crash. Returns (ok, value)."""
    from transflow.core.errors import TransflowError

    try:
        return True, fn(*args, **kwargs)
    except TransflowError as exc:
        if result["status"] == "ok":
            result.update(status="refused", message=f"{what}: {exc}")
    except _Timeout:
        raise
    except Exception as exc:
        result.update(status="crashed", message=f"{what}: {_tb(exc)}")
    return False, None


def _measure_in(ws: Path, path: Path, result: dict) -> None:
    import polib

    from transflow.core import inline
    from transflow.formats.docx_template import TEMPLATE_SLUG
    from transflow.ops import export, extract
    from transflow.workspace import config

    config.init(ws, "en", (LANG,))
    (ws / "sources" / path.name).write_bytes(path.read_bytes())
    cfg = config.load(ws)
    ok, _ = _step(result, "extract", extract.run, cfg, None, [LANG])
    if not ok:
        return
    first = _snapshot(ws / "locales")
    shutil.rmtree(ws / ".transflow" / "cache", ignore_errors=True)
    ok, _ = _step(result, "second extract", extract.run, cfg, None, [LANG])
    if not ok:
        return
    second = _snapshot(ws / "locales")
    changed = sorted(k for k in set(first) | set(second) if first.get(k) != second.get(k))
    result["not_idempotent"] = changed

    # the article's catalog; the built-in DOCX template's words (_template.po) are not
    # the document's text
    po_paths = sorted(p for p in (ws / "locales" / LANG).rglob("*.po") if p.stem != TEMPLATE_SLUG)
    if len(po_paths) != 1:
        result.update(status="crashed", message=f"expected one catalog, found {len(po_paths)}")
        return
    po_path = po_paths[0]
    po = polib.pofile(str(po_path), wrapwidth=79)
    entries = [e for e in po if not e.obsolete]
    result["units"] = len(entries)
    noise = [e.msgid for e in entries if not _has_letter(e.msgid)]
    result["noise_units"] = len(noise)
    result["noise_examples"] = noise[:SAMPLE]
    catalog_words = Counter()
    for e in entries:
        catalog_words.update(words(inline.plain(e.msgid)))

    src = read_view(path)
    result["modes"] = {}
    identity_views: dict[str, dict] = {}
    for mode in ("identity", "pseudo"):
        for e in entries:
            e.msgstr = e.msgid if mode == "identity" else pseudo_markup(e.msgid)
            if "fuzzy" in e.flags:
                e.flags.remove("fuzzy")
        po.save(str(po_path))
        _fill_template_catalog(ws, mode, pseudo_markup)
        shutil.rmtree(ws / "exports", ignore_errors=True)
        (ws / "exports").mkdir()
        ok, report = _step(
            result, f"export ({mode})", export.run, cfg, None, [LANG], ["md", "docx"], 0.0
        )
        if not ok:
            continue
        refused = [o for o in report.outcomes if o.action in ("refused", "removed")]
        if refused and result["status"] == "ok":
            result.update(status="refused", message=f"export ({mode}): {refused[0].message}")
        out: dict = {}
        for fmt in ("md", "docx"):
            exported = sorted((ws / "exports" / LANG).rglob(f"*.{fmt}"))
            if not exported:
                out[fmt] = {"missing": True}
                continue
            ok, exp = _step(result, f"reading the {mode} {fmt} export", read_view, exported[0])
            if not ok:
                continue
            if mode == "identity":
                identity_views[fmt] = exp
                out[fmt] = compare_identity(src, exp)
            else:
                out[fmt] = compare_pseudo(src, identity_views.get(fmt), exp, catalog_words)
        result["modes"][mode] = out


# --------------------------------------------------------------------------- metrics


def metrics(result: dict) -> dict[str, int]:
    """The per-document counts the baseline holds (lower is better)."""
    m = dict.fromkeys(METRICS, 0)
    m["crashed"] = int(result["status"] == "crashed")
    m["refused"] = int(result["status"] == "refused")
    m["noise_units"] = result.get("noise_units", 0)
    m["not_idempotent"] = int(bool(result.get("not_idempotent")))
    same = {"docx": "docx", "md": "md"}.get(result["format"])
    modes = result.get("modes", {})
    for fmt, r in modes.get("identity", {}).items():
        if r.get("missing"):
            continue
        m["added"] += r.get("added", 0)
        if fmt == same:
            m["lost_same"] += r.get("lost", 0)
            m["moved_same"] += r.get("moved", 0)
            m["structure_lost"] += r.get("structure_lost", 0)
            m["inline_lost"] += r.get("inline_lost", 0)
        else:
            m["lost_cross"] += r.get("lost", 0)
            m["cross_structure_lost"] += r.get("cross_structure_lost", 0)
    for r in modes.get("pseudo", {}).values():
        m["not_extracted"] += r.get("not_extracted", 0)
        m["untranslated"] += r.get("untranslated", 0)
    return m


# --------------------------------------------------------------------------- corpus run


def corpus_files(paths: Iterable[Path] = (), families: Iterable[str] = ()) -> list[Path]:
    paths = list(paths) or [CORPUS]
    fams = set(families)
    found: list[Path] = []
    for p in paths:
        if p.is_dir():
            found.extend(
                q
                for q in sorted(p.rglob("*"))
                if q.suffix.lower() in SOURCE_EXTENSIONS and "LICENSES" not in q.parts
            )
        else:
            found.append(p)
    return [p for p in found if not fams or family_of(p) in fams]


def _worker_init() -> None:
    os.environ["TRANSFLOW_JOBS"] = "1"  # one document per workspace: no pool inside
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def run(files: list[Path], jobs: int = 2, progress: bool = False) -> list[dict]:
    """Measure every file, ``jobs`` documents at a time; results in the order of ``files``."""
    saved = os.environ.get("TRANSFLOW_JOBS")
    os.environ["TRANSFLOW_JOBS"] = "1"
    results: list[dict] = []
    if jobs <= 1:
        it = map(measure, files)
        pool = None
    else:
        ctx = multiprocessing.get_context("fork")
        pool = ctx.Pool(jobs, initializer=_worker_init, maxtasksperchild=100)
        it = pool.imap(measure, files, chunksize=4)
    try:
        for n, r in enumerate(it, 1):
            results.append(r)
            if progress and (n % 50 == 0 or n == len(files)):
                print(f"  {n}/{len(files)}", file=sys.stderr, flush=True)
    finally:
        if pool is not None:
            pool.close()
            pool.join()
        if saved is None:
            os.environ.pop("TRANSFLOW_JOBS", None)
        else:
            os.environ["TRANSFLOW_JOBS"] = saved
    return results


# --------------------------------------------------------------------------- reports


def summary_table(results: list[dict]) -> str:
    """Documents with each problem per family (and the sum of its counts)."""
    fams = [f for f in FAMILIES if any(r["family"] == f for r in results)]
    fams += sorted({r["family"] for r in results} - set(fams))
    header = ["problem", *fams, "all"]
    rows = [header, ["---"] + ["---:"] * (len(header) - 1)]
    docs = ["documents"]
    for f in [*fams, None]:
        docs.append(str(sum(1 for r in results if f is None or r["family"] == f)))
    rows.append(docs)
    for metric in METRICS:
        row = [METRIC_TITLES[metric]]
        for f in [*fams, None]:
            sel = [r["metrics"][metric] for r in results if f is None or r["family"] == f]
            n_docs = sum(1 for v in sel if v)
            total = sum(sel)
            binary = metric in ("crashed", "refused", "not_idempotent")
            row.append(str(n_docs) if binary or not n_docs else f"{n_docs} ({total})")
        rows.append(row)
    return "\n".join("| " + " | ".join(r) + " |" for r in rows)


def _score(r: dict) -> int:
    m = r["metrics"]
    return (
        1000 * m["crashed"]
        + m["lost_same"] * 3
        + m["lost_cross"] * 2
        + m["not_extracted"] * 2
        + m["untranslated"]
        + m["structure_lost"]
        + m["inline_lost"]
        + m["cross_structure_lost"]
    )


def reason(r: dict) -> str:
    """One line: what goes wrong with a document."""
    if r["status"] in ("crashed", "refused"):
        return f"{r['status']}: {r['message'].splitlines()[-1] if r['message'] else ''}"
    bits = []
    same = r["format"]
    for mode, per in r.get("modes", {}).items():
        for fmt, c in per.items():
            tag = f"{same}→{fmt}"
            if c.get("lost"):
                bits.append(f"{tag} lost {c['lost']} word(s) ({', '.join(c['lost_words'][:4])})")
            if c.get("added"):
                bits.append(f"{tag} added {c['added']} word(s) ({', '.join(c['added_words'][:4])})")
            if c.get("moved"):
                ex = c["moved_examples"][0]
                bits.append(
                    f"{tag} moved {c['moved']} word(s) ({ex['source']!r} → {ex['export']!r})"
                )
            if c.get("not_extracted"):
                bits.append(
                    f"{tag} not extracted {c['not_extracted']} "
                    f"({', '.join(c['not_extracted_words'][:4])})"
                )
            if c.get("untranslated"):
                bits.append(
                    f"{tag} untranslated {c['untranslated']} "
                    f"({', '.join(c['untranslated_words'][:4])})"
                )
            if mode == "identity" and c.get("structure_lost"):
                what = c.get("structure")
                if isinstance(what, dict):
                    what = ", ".join(f"{k} {s}→{e}" for k, (s, e) in what.items() if e < s)
                    if c.get("styles_lost"):
                        what += ", styles " + ", ".join(c["styles_lost"])[:60]
                else:
                    what = json.dumps(what[:1], ensure_ascii=False)[:120]
                bits.append(f"{tag} structure: {what}")
            if mode == "identity" and c.get("inline_lost"):
                bits.append(
                    f"{tag} inline: {json.dumps(c['inline'][:1], ensure_ascii=False)[:160]}"
                )
            if c.get("cross_structure_lost"):
                bits.append(
                    f"{tag} "
                    + ", ".join(
                        f"{k} {s}→{e}"
                        for k, (s, e) in c["cross_structure"].items()
                        if e < s or k != "headings"
                    )
                )
    return "; ".join(bits)


def worst(results: list[dict], n: int = 25) -> list[dict]:
    return sorted((r for r in results if _score(r)), key=lambda r: -_score(r))[:n]


def markdown_report(results: list[dict], seconds: float | None = None, jobs: int = 2) -> str:
    out = ["## Summary", ""]
    out.append(
        "Documents with each problem, per corpus family; in parentheses the sum of the "
        "counts (words, structure items or units). Lower is better."
    )
    out.append("")
    out.append(summary_table(results))
    if seconds is not None:
        out += ["", f"{len(results)} documents in {seconds:.0f} s on {jobs} process(es)."]
    refused = [r for r in results if r["status"] == "refused"]
    out += ["", "## Refusals", ""]
    out += [f"- `{r['file']}`: {r['message']}" for r in refused] or ["none"]
    crashed = [r for r in results if r["status"] == "crashed"]
    out += ["", "## Crashes", ""]
    out += [
        f"- `{r['file']}`: {r['message'].splitlines()[-1] if r['message'] else '?'}"
        for r in crashed
    ] or ["none"]
    out += ["", "## Worst documents", ""]
    out += [f"- `{r['file']}`: {reason(r)}" for r in worst(results)] or ["none"]
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- baseline


def baseline_of(results: list[dict]) -> dict:
    docs = {
        r["file"]: {k: v for k, v in r["metrics"].items() if v}
        for r in sorted(results, key=lambda r: r["file"])
    }
    totals: dict[str, dict[str, int]] = {}
    for r in results:
        t = totals.setdefault(r["family"], dict.fromkeys(METRICS, 0))
        for k, v in r["metrics"].items():
            t[k] += v
    return {"metrics": list(METRICS), "totals": totals, "documents": docs}


def compare_baseline(baseline: dict, results: list[dict]) -> tuple[list[str], list[str], list[str]]:
    """(worse, better, unknown): counts that rose, counts that fell, documents the
    baseline does not know."""
    worse: list[str] = []
    better: list[str] = []
    unknown: list[str] = []
    docs = baseline.get("documents", {})
    for r in results:
        if r["file"] not in docs:
            unknown.append(r["file"])
            continue
        old = docs[r["file"]]
        for k in METRICS:
            before = old.get(k, 0)
            now = r["metrics"][k]
            if now > before:
                worse.append(f"{r['file']}: {k} {before} → {now} ({reason(r)[:300]})")
            elif now < before:
                better.append(f"{r['file']}: {k} {before} → {now}")
    return worse, better, unknown


# --------------------------------------------------------------------------- CLI


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description="Measure transflow's source fidelity on the corpus (tests/corpus)."
    )
    ap.add_argument("paths", nargs="*", type=Path, help="documents or folders (default: corpus)")
    ap.add_argument("--family", action="append", default=[], choices=FAMILIES)
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--json", type=Path, help="write the per-document results here")
    ap.add_argument("--markdown", type=Path, help="write the Markdown report here")
    ap.add_argument("--keep", type=Path, help="keep each document's workspace here")
    ap.add_argument("--update-baseline", action="store_true", help=f"rewrite {BASELINE}")
    ap.add_argument(
        "--check-baseline", action="store_true", help="exit 1 when a count is above the baseline"
    )
    args = ap.parse_args(argv)
    files = corpus_files(args.paths, args.family)
    if not files:
        ap.error("no documents")
    started = time.monotonic()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        results = [measure(f, args.keep) for f in files]
    else:
        results = run(files, args.jobs, progress=True)
    seconds = time.monotonic() - started
    report = markdown_report(results, seconds, args.jobs)
    print(report)
    if args.json:
        args.json.write_text(
            json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    if args.markdown:
        args.markdown.write_text(report, encoding="utf-8")
    status = 0
    if args.update_baseline:
        if args.paths or args.family:
            ap.error("--update-baseline measures the whole corpus: give no paths or families")
        BASELINE.parent.mkdir(parents=True, exist_ok=True)
        BASELINE.write_text(
            json.dumps(baseline_of(results), indent=1, sort_keys=True) + "\n", encoding="utf-8"
        )
        print(f"wrote {BASELINE.relative_to(ROOT)}", file=sys.stderr)
    if args.check_baseline:
        baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
        worse, better, unknown = compare_baseline(baseline, results)
        for line in better:
            print(f"improved: {line}", file=sys.stderr)
        for line in unknown:
            print(f"not in the baseline: {line}", file=sys.stderr)
        for line in worse:
            print(f"WORSE: {line}", file=sys.stderr)
        if better or unknown:
            print("update the baseline: scripts/fidelity.py --update-baseline", file=sys.stderr)
        status = 1 if worse else 0
    return status


if __name__ == "__main__":
    with contextlib.suppress(BrokenPipeError):
        sys.exit(main())
