"""Markdown inline source <-> markdown-it tokens <-> transflow inline spans, and the one
configured markdown-it parser (CommonMark + GFM tables + front matter) both the reader
and the writer use."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from .. import inline

MAX_NESTING = 100  # markdown-it's internal limit; deeper content would be dropped

_FMT_TAG = re.compile(r"<(/?)(u|ins|b|strong|i|em)\s*>$", re.IGNORECASE)
_BR_TAG = re.compile(r"<br\s*/?>$", re.IGNORECASE)


def _keep_url(url: str) -> str:
    return url  # URLs stay as written: readable in the catalog, identical in the export


def make_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING}).enable("table")
    md.use(front_matter_plugin)
    md.normalizeLink = _keep_url  # type: ignore[method-assign]
    return md


_MD = make_parser()


def spans_from_tokens(children: list[Token]) -> list[inline.Span]:
    """Inline tokens of markdown-it → inline spans (see the module docstring)."""
    out: list[inline.Span] = []
    depth = {"b": 0, "i": 0, "u": 0}
    links: list[str] = []
    opened = 0

    def add(text: str, code: bool = False) -> None:
        link = links[-1] if links else None
        out.append(inline.Span(text, depth["b"] > 0, depth["i"] > 0, depth["u"] > 0, link, code))

    for t in children:
        kind = t.type
        if kind == "text":
            add(t.content)
        elif kind == "softbreak":
            add(" ")
        elif kind == "hardbreak":
            add("\n")
        elif kind == "code_inline":
            add(t.content, code=True)
        elif kind in ("strong_open", "strong_close", "em_open", "em_close"):
            which = "b" if kind.startswith("strong") else "i"
            depth[which] = max(0, depth[which] + (1 if kind.endswith("open") else -1))
        elif kind == "link_open":
            links.append(str(t.attrGet("href") or ""))
            opened = len(out)
        elif kind == "link_close":
            if links and len(out) == opened:
                add("")  # a link with no text, ``[](url)``: keep its target
            if links:
                links.pop()
        elif kind == "image":
            alt = "".join(s.text for s in spans_from_tokens(t.children or []))
            link = links[-1] if links else None  # a linked image keeps its link
            out.append(inline.Span(alt, link=link, image=str(t.attrGet("src") or "")))
        elif kind == "html_inline" and (m := _FMT_TAG.match(t.content.strip())):
            which = {"u": "u", "ins": "u", "b": "b", "strong": "b"}.get(m.group(2).lower(), "i")
            depth[which] = max(0, depth[which] + (-1 if m.group(1) else 1))
        elif kind == "html_inline" and t.content == "<!---->":
            pass  # the writer's separator between adjacent code spans
        elif kind == "html_inline" and _BR_TAG.match(t.content.strip()):
            add("\n")
        elif t.content:
            add(t.content)  # other inline HTML and unknown tokens: kept as literal text
    return out


def inline_text(md_inline: str) -> str:
    """Parse Markdown inline source into transflow inline markup."""
    tokens = _MD.parseInline(md_inline)
    return inline.render(spans_from_tokens(tokens[0].children or [])) if tokens else ""
