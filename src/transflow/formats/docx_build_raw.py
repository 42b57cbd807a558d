"""What the verbatim (``RAW``) blocks of a Markdown source become in a built DOCX.

A ``RAW`` block holds Markdown source text that is never translated (see
:mod:`.markdown_read`). Word shows what a Markdown renderer shows, never the syntax:

* a code block (indented or fenced): its content, without fences or info string;
* an HTML block: its visible text, tags left out (comments, ``<script>``, ``<style>``,
  processing instructions, declarations and CDATA show nothing), one paragraph per block
  element, ``<a href>`` as a link, ``<b>``/``<strong>``, ``<i>``/``<em>``, ``<u>``/``<ins>``,
  ``<s>``/``<del>`` as formatting, ``<img>`` as a picture with its alt text; a
  ``<table>`` held whole in one HTML block becomes a Word table (its cells' text, ``<th>``
  cells as the header). The builder warns once that HTML was written as its text;
* a link reference definition (``[foo]: /url "title"``): nothing, it is not visible
  text (the links that use it already carry its URL and title);
* a thematic break: nothing;
* an empty heading (``##``): an empty paragraph in that heading's style;
* an empty table: a table of empty cells.

:func:`raw_pieces` returns what to write; the builder (:mod:`.docx_build`) writes it.
Anything it does not recognize is written as the source text, as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser

from markdown_it.token import Token

from transflow.core.inline import Span
from transflow.formats.markdown_inline import _MD_NO_FRONT_MATTER

_INLINE = frozenset(
    [
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "cite",
        "code",
        "data",
        "dfn",
        "del",
        "em",
        "font",
        "i",
        "img",
        "ins",
        "kbd",
        "mark",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strike",
        "strong",
        "sub",
        "sup",
        "time",
        "tt",
        "u",
        "var",
        "wbr",
    ]
)
_HIDDEN = frozenset({"script", "style", "template", "head", "title"})
_FORMAT = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strike",
    "del": "strike",
    "strike": "strike",
    "code": "code",
    "tt": "code",
    "kbd": "code",
    "samp": "code",
}
_WS = re.compile(r"[ \t\n\r\f]+")


@dataclass
class HtmlTable:
    """A table of an HTML block: rows of cells, each (spans, is a header cell)."""

    rows: list[list[tuple[list[Span], bool]]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class RawPiece:
    """One thing to write for a RAW block: ``kind`` is ``code`` (``text``), ``html`` (a
    paragraph of ``spans``), ``table`` (``table``), ``heading`` (``level``) or ``source``
    (``text`` as written: not recognized)."""

    kind: str
    text: str = ""
    spans: tuple[Span, ...] = ()
    table: HtmlTable | None = None
    level: int = 0


class _HtmlText(HTMLParser):
    """The visible text of an HTML fragment as paragraphs of spans and tables."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[RawPiece] = []
        self.para: list[Span] = []
        self.fmt: dict[str, int] = dict.fromkeys(("bold", "italic", "underline", "strike"), 0)
        self.code = 0
        self.links: list[str | None] = []
        self.hidden = 0
        self.pre = 0
        self.table: HtmlTable | None = None
        self.table_depth = 0
        self.cell: list[Span] | None = None

    # -- helpers

    def _span(self, text: str, **kw: object) -> Span:
        link = next((u for u in reversed(self.links) if u is not None), None)
        return Span(
            text,
            bold=self.fmt["bold"] > 0,
            italic=self.fmt["italic"] > 0,
            underline=self.fmt["underline"] > 0,
            strike=self.fmt["strike"] > 0,
            code=self.code > 0,
            link=link,
            **kw,  # type: ignore[arg-type]
        )

    def _target(self) -> list[Span]:
        return self.cell if self.cell is not None else self.para

    def _break(self) -> None:
        """End the current paragraph (a block element starts or ends)."""
        if self.cell is not None:
            if self.cell and self.cell[-1].text != "\n":
                self.cell.append(Span("\n"))
            return
        spans = _tidy(self.para, self.pre > 0)
        if spans:
            self.out.append(RawPiece("html", spans=tuple(spans)))
        self.para = []

    # -- parser callbacks

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        a = dict(attrs)
        if tag in _HIDDEN:
            self.hidden += 1
            return
        if tag == "table":
            self.table_depth += 1
            if self.table_depth == 1:
                self._break()
                self.table = HtmlTable()
                return
        if self.table is not None and self.table_depth == 1:
            if tag == "tr":
                self._end_cell()
                self.table.rows.append([])
                return
            if tag in ("td", "th"):
                self._end_cell()
                if not self.table.rows:
                    self.table.rows.append([])
                self.cell = []
                self.table.rows[-1].append((self.cell, tag == "th"))
                return
        if tag == "br":
            self._target().append(self._span("\n"))
            return
        if tag == "a":
            self.links.append(a.get("href") or None)
        elif tag == "img":
            alt = " ".join((a.get("alt") or "").split())
            self._target().append(self._span(alt, image=a.get("src") or ""))
        elif tag in _FORMAT:
            if _FORMAT[tag] == "code":
                self.code += 1
            else:
                self.fmt[_FORMAT[tag]] += 1
        elif tag == "pre":
            self._break()
            self.pre += 1
        elif tag not in _INLINE:
            self._break()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag.lower() not in ("br", "img", "a") and tag.lower() not in _HIDDEN:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
            return
        if tag == "table":
            self.table_depth = max(0, self.table_depth - 1)
            if self.table_depth == 0 and self.table is not None:
                self._end_cell()
                if any(self.table.rows):
                    self.out.append(RawPiece("table", table=self.table))
                self.table = None
                return
        if self.table is not None and self.table_depth == 1 and tag in ("td", "th", "tr"):
            self._end_cell()
            return
        if tag == "a":
            if self.links:
                self.links.pop()
        elif tag in _FORMAT:
            if _FORMAT[tag] == "code":
                self.code = max(0, self.code - 1)
            else:
                self.fmt[_FORMAT[tag]] = max(0, self.fmt[_FORMAT[tag]] - 1)
        elif tag == "pre":
            self._break()
            self.pre = max(0, self.pre - 1)
        elif tag not in _INLINE:
            self._break()

    def handle_data(self, data: str) -> None:
        if self.hidden or not data:
            return
        self._target().append(self._span(data))

    def _end_cell(self) -> None:
        if self.cell is not None and self.table is not None:
            tidy = _tidy(self.cell, False)
            self.cell.clear()
            self.cell.extend(tidy)
        self.cell = None

    def close(self) -> None:
        super().close()
        if self.table is not None:  # a table not closed in this block: its text
            self._end_cell()
            for row in self.table.rows:
                for spans, _ in row:
                    if spans:
                        self.out.append(RawPiece("html", spans=tuple(spans)))
            self.table = None
        self._break()


def _tidy(spans: list[Span], pre: bool) -> list[Span]:
    """White space as a browser shows it: runs of it as one space (line breaks kept in
    ``<pre>``), none at the start or end of a paragraph or line."""
    out: list[Span] = []
    for sp in spans:
        if sp.image is not None:
            out.append(sp)
            continue
        text = sp.text
        if sp.text != "\n":
            text = (
                "\n".join(_WS.sub(" ", ln) for ln in text.split("\n"))
                if pre
                else _WS.sub(" ", text)
            )
        if out and out[-1].image is None and out[-1].text.endswith((" ", "\n")):
            text = text.lstrip(" ")
        if text:
            out.append(replace(sp, text=text))
    # no space at the edges of the paragraph or around a line break
    while out and out[0].image is None and not out[0].text.strip(" \n"):
        out.pop(0)
    while out and out[-1].image is None and not out[-1].text.strip(" \n"):
        out.pop()
    for k, sp in enumerate(out):
        if sp.image is not None:
            continue
        text = sp.text
        if k == 0:
            text = text.lstrip(" \n")
        if k == len(out) - 1:
            text = text.rstrip(" \n")
        text = re.sub(r" *\n *", "\n", text)
        out[k] = replace(sp, text=text)
    return [sp for sp in out if sp.text or sp.image is not None]


# comments, processing instructions, declarations and CDATA, also left open at the end
_INVISIBLE = re.compile(
    r"<!--.*?(?:-->|$)|<\?.*?(?:\?>|$)|<![A-Za-z].*?(?:>|$)|<!\[CDATA\[.*?(?:\]\]>|$)", re.S
)


def html_pieces(raw: str) -> list[RawPiece]:
    """The visible text of an HTML block (module docstring)."""
    parser = _HtmlText()
    parser.feed(_INVISIBLE.sub(" ", raw))
    parser.close()
    return parser.out


def raw_pieces(text: str) -> list[RawPiece]:
    """What a Markdown source's RAW block shows (module docstring)."""
    tokens = _MD_NO_FRONT_MATTER.parse(text)
    out: list[RawPiece] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        kind = tok.type
        if kind in ("code_block", "fence"):
            out.append(RawPiece("code", text=tok.content.removesuffix("\n")))
        elif kind == "html_block":  # consecutive HTML blocks: one fragment
            fragment = [tok.content]
            while i + 1 < len(tokens) and tokens[i + 1].type == "html_block":
                i += 1
                fragment.append(tokens[i].content)
            out.extend(html_pieces("\n".join(fragment)))
        elif kind == "hr":
            pass
        elif kind == "heading_open":
            if tokens[i + 1].content.strip():
                return [RawPiece("source", text=text)]
            out.append(RawPiece("heading", level=int(tok.tag[1:])))
            i += 2
        elif kind == "table_open":
            table = HtmlTable()
            while i < len(tokens) and tokens[i].type != "table_close":
                t = tokens[i]
                if t.type == "tr_open":
                    table.rows.append([])
                elif t.type in ("th_open", "td_open") and table.rows:
                    table.rows[-1].append(([], t.type == "th_open"))
                elif t.type == "inline" and t.content.strip():
                    return [RawPiece("source", text=text)]
                i += 1
            out.append(RawPiece("table", table=table))
        elif kind == "paragraph_open" and _blank(tokens[i + 1]):
            i += 2  # a paragraph that shows nothing ("&#32;")
        elif kind in ("paragraph_open", "inline") or kind.startswith(("list", "bullet", "ordered")):
            return [RawPiece("source", text=text)]
        i += 1
    return out


def _blank(inline_token: Token) -> bool:
    """An inline token that shows nothing: white space, line breaks, empty emphasis."""
    for c in inline_token.children or []:
        if c.type == "html_inline" and re.fullmatch(r"<br\s*/?>", c.content.strip(), re.I):
            continue
        if c.type in ("softbreak", "hardbreak") or c.type.endswith(("_open", "_close")):
            continue
        if c.type != "text" or c.content.strip():
            return False
    return True
