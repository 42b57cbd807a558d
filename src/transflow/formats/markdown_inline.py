"""Markdown inline source <-> markdown-it tokens <-> transflow inline spans, and the
configured markdown-it parsers (CommonMark + GFM tables and strikethrough + footnotes,
with or without YAML front matter) that both the reader and the writer use.

Inline HTML in a Markdown source
--------------------------------

The formatting tags transflow understands (``<u>``/``<ins>``, ``<b>``/``<strong>``,
``<i>``/``<em>``, ``<del>``/``<s>``) become formatting, ``<br>`` a line break. Every other inline HTML tag
or comment becomes a placeholder, so that translators can move it but not break it, and
no ``<`` of the text is ever mistaken for HTML (writers escape every ``<`` that is text):

* an opening tag ``<span class="city">`` is ``{span1}``, its closing tag ``</span>`` is
  ``{span1_end}`` (the number counts that tag name in the block); a tag without a
  partner (``<img …>``, ``<wbr>``, a stray ``</b2>``) is ``{img1}``, ``{html1_end}``…;
* a comment ``<!-- … -->`` is ``{comment1}``.

So ``<span class="city">RIVERTON</span> — The festival…`` reaches the translator as
``{span1}RIVERTON{span1_end} — The festival…``. Each placeholder has a
:class:`~transflow.core.model.Code` of kind ``OBJECT`` in the block, whose ``text`` is the raw
HTML and whose ``ref`` is ``"html"``; the Markdown writer writes the raw HTML back in the
placeholder's place (other writers may leave it out). ``check`` sees placeholders like
any other markup: a missing or duplicated one is an error.

A footnote reference ``[^label]`` is a placeholder ``{fn1}``, ``{fn2}``… whose Code is of
kind ``NOTE`` with ``ref`` the key of the note's first block (see :mod:`markdown_read`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from transflow.core import inline
from transflow.core.model import Code, CodeKind
from transflow.formats.markdown_shared import HTML_REF, SEPARATOR

MAX_NESTING = 100  # markdown-it's internal limit; deeper content would be dropped

_FMT_TAG = re.compile(r"<(/?)(u|ins|b|strong|i|em|del|s)\s*>$", re.IGNORECASE)
_BR_TAG = re.compile(r"<br\s*/?>$", re.IGNORECASE)
_TAG_NAME = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    ]
)  # elements that never have a closing tag


def _keep_url(url: str) -> str:
    return url  # URLs stay as written: readable in the catalog, identical in the export


def make_parser(front_matter: bool = True) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING}).enable(["table", "strikethrough"])
    if front_matter:
        md.use(front_matter_plugin)
    md.use(footnote_plugin, inline=False)
    md.normalizeLink = _keep_url  # type: ignore[method-assign]
    return md


_MD = make_parser()
_MD_NO_FRONT_MATTER = make_parser(front_matter=False)


@dataclass
class CodeSink:
    """Collects the placeholders of one block while its inline tokens are converted.

    ``notes`` maps a footnote label to the key of the note's first block; ``tail`` is raw
    ``<br>`` HTML that ended the block (written back after the text, not translated)."""

    notes: dict[str, str] = field(default_factory=dict)
    codes: list[Code] = field(default_factory=list)
    tail: str = ""
    _counts: dict[str, int] = field(default_factory=dict)
    _open: list[tuple[str, str]] = field(default_factory=list)  # (tag, placeholder name)

    def _new(self, base: str, kind: CodeKind, text: str, ref: str, suffix: str = "") -> str:
        taken = {c.name for c in self.codes}
        while True:
            self._counts[base] = self._counts.get(base, 0) + 1
            sep = "_" if base[-1].isdigit() else ""  # "h2" → "h2_1", not "h21"
            name = f"{base}{sep}{self._counts[base]}{suffix}"
            if name not in taken:
                break
        self.codes.append(Code(name, kind, text, ref))
        return name

    def html(self, raw: str) -> str:
        """The placeholder name for one inline HTML tag or comment."""
        if raw.startswith("<!--"):
            return self._new("comment", CodeKind.OBJECT, raw, HTML_REF)
        m = _TAG_NAME.match(raw)
        tag = m.group(2).lower() if m else ""
        base = re.sub(r"[^a-z0-9]", "", tag)[:20] or "html"
        if base[0].isdigit():
            base = "html"
        if m and m.group(1):  # a closing tag: the partner of the last open tag of its name
            for k in range(len(self._open) - 1, -1, -1):
                if self._open[k][0] == tag:
                    opened = self._open.pop(k)[1]
                    name = opened + "_end"
                    self.codes.append(Code(name, CodeKind.OBJECT, raw, HTML_REF))
                    return name
            return self._new(base, CodeKind.OBJECT, raw, HTML_REF, "_end")
        name = self._new(base, CodeKind.OBJECT, raw, HTML_REF)
        if tag not in _VOID and not raw.rstrip().endswith("/>"):
            self._open.append((tag, name))
        return name

    def note(self, label: str) -> str:
        return self._new("fn", CodeKind.NOTE, "", self.notes.get(label, f"footnote:{label}"))


# emphasis tokens: the depth they change ("b"old, "i"talic, "s"trike) and by how much
_EMPHASIS_TOKENS = {
    "strong_open": ("b", 1),
    "strong_close": ("b", -1),
    "em_open": ("i", 1),
    "em_close": ("i", -1),
    "s_open": ("s", 1),
    "s_close": ("s", -1),
}


def spans_from_tokens(  # noqa: C901 - a flat dispatch: one branch per markdown-it token type
    children: list[Token], sink: CodeSink | None = None
) -> list[inline.Span]:
    """Inline tokens of markdown-it → inline spans (see the module docstring). Without a
    ``sink``, inline HTML and footnote references are kept as literal text."""
    out: list[inline.Span] = []
    depth = {"b": 0, "i": 0, "u": 0, "s": 0}
    links: list[tuple[str, str | None]] = []
    opened = 0
    last = _last_token(children, sink)

    def add(text: str, code: bool = False, placeholder: str | None = None) -> None:
        link, title = links[-1] if links else (None, None)
        out.append(
            inline.Span(
                text,
                depth["b"] > 0,
                depth["i"] > 0,
                depth["u"] > 0,
                link,
                code,
                strike=depth["s"] > 0,
                title=title,
                placeholder=placeholder,
            )
        )

    for t in children[: last + 1]:
        kind = t.type
        if kind == "text":  # a newline in text (from "&#10;") shows as a space
            add(t.content.replace("\n", " "))
        elif kind == "softbreak":
            add(" ")
        elif kind == "hardbreak":
            add("\n")
        elif kind == "code_inline":
            add(t.content, code=True)
        elif kind in _EMPHASIS_TOKENS:
            which, step = _EMPHASIS_TOKENS[kind]
            depth[which] = max(0, depth[which] + step)
        elif kind == "link_open":
            title = t.attrGet("title")
            links.append((str(t.attrGet("href") or ""), None if title is None else str(title)))
            opened = len(out)
        elif kind == "link_close":
            if links and len(out) == opened:
                add("")  # a link with no text, ``[](url)``: keep its target
            if links:
                links.pop()
        elif kind == "image":
            out.append(_image(t, links[-1][0] if links else None))  # a linked image keeps its link
        elif kind == "html_inline":
            _html_inline(t.content, sink, depth, add)
        elif kind == "footnote_ref":
            label = str(t.meta.get("label", t.meta.get("id", "")))
            if sink is not None:
                add("", placeholder=sink.note(label))
            else:
                add(f"[^{label}]")
        elif t.content:
            add(t.content)  # unknown tokens: kept as literal text
    return out


def _last_token(children: list[Token], sink: CodeSink | None) -> int:
    """The index of the last token read as text: with a ``sink``, the trailing ``<br>``
    and white space go to its ``tail`` instead."""
    last = len(children) - 1
    while last >= 0 and _is_tail(children[last]):
        last -= 1
    tail = "".join(t.content for t in children[last + 1 :] if t.type == "html_inline")
    if sink is not None and tail:
        sink.tail = tail
        return last
    return len(children) - 1


def _image(t: Token, link: str | None) -> inline.Span:
    alt = "".join(s.text for s in spans_from_tokens(t.children or []))
    title = t.attrGet("title")
    return inline.Span(
        alt,
        link=link,
        image=str(t.attrGet("src") or ""),
        title=None if title is None else str(title),
    )


def _html_inline(
    content: str, sink: CodeSink | None, depth: dict[str, int], add: Callable[..., None]
) -> None:
    """Inline HTML: a formatting tag, the writer's code-span separator, a line break, or
    (with a ``sink``) a code; without a sink, literal text."""
    m = _FMT_TAG.match(content.strip())
    if m:
        tag = m.group(2).lower()
        which = {"u": "u", "ins": "u", "b": "b", "strong": "b", "del": "s", "s": "s"}.get(tag, "i")
        depth[which] = max(0, depth[which] + (-1 if m.group(1) else 1))
    elif content == SEPARATOR:
        pass  # the writer's separator between adjacent code spans
    elif _BR_TAG.match(content.strip()):
        add("\n")
    elif sink is not None:
        add("", placeholder=sink.html(content))
    elif content:
        add(content)  # kept as literal text


def _is_tail(t: Token) -> bool:
    """A token that may end a block without being text: ``<br>`` and whitespace."""
    if t.type == "html_inline":
        return bool(_BR_TAG.match(t.content.strip()))
    return t.type in ("softbreak", "hardbreak") or (t.type == "text" and not t.content.strip())


def inline_text(md_inline: str, sink: CodeSink | None = None) -> str:
    """Parse Markdown inline source into transflow inline markup."""
    tokens = _MD.parseInline(md_inline)
    return inline.render(spans_from_tokens(tokens[0].children or [], sink)) if tokens else ""
