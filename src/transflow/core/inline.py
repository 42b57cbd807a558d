"""transflow's inline markup: the one representation of formatting in blocks and catalogs.

Whatever the source format, a block's text (and so a PO msgid) writes formatting as a
small, readable subset of Markdown that translators can see and move in any PO editor:

==================  =====================================
``**bold**``        bold
``*italic*``        italic
``<u>text</u>``     underline (DOCX sources)
``[text](url)``     hyperlink; the URL stays visible for QA checks
``~~text~~``        strikethrough (GFM)
``[text](url "t")`` a link (or image) title, translated like the text
``![alt](src)``     image; only the alt text is translated
```code```          code span, never translated
``{name}``          a placeholder: something that sits between the words and is not text
                    (a field, a picture, a footnote reference…); the translator moves it
                    with the words it belongs to, and must keep each one exactly once
``\\*`` ``\\[`` …      a literal marker character
==================  =====================================

A placeholder name is a letter followed by up to 31 letters, digits or ``_``
(``{PAGE}``, ``{picture1}``, ``{footnote2}``); what it stands for travels beside the
text in the block's :class:`~transflow.core.model.Code` s. A ``{`` in text that would read
as a placeholder is escaped (``\\{``), so existing text never turns into one.

:func:`parse` turns markup into :class:`Span` s, :func:`render` turns spans back into
canonical markup, so ``render(parse(render(spans))) == render(spans)``. Writers use
spans; checks use :func:`formatting_signature` and :func:`problems`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, cast

_ESCAPABLE = "\\*[]`<!{~"


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text with uniform formatting."""

    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False
    link: str | None = None
    code: bool = False
    image: str | None = None  # image source; ``text`` is then the alt text
    strike: bool = False
    title: str | None = None  # the link's (or image's) title, translatable
    placeholder: str | None = None  # a placeholder's name; ``text`` is then ""

    def same_format(self, other: Span) -> bool:
        return (
            self.bold == other.bold
            and self.italic == other.italic
            and self.underline == other.underline
            and self.strike == other.strike
            and self.link == other.link
            and self.title == other.title
            and self.code == other.code
            and self.image is None
            and other.image is None
            and self.placeholder is None
            and other.placeholder is None
        )


class MarkupError(ValueError):
    """Malformed inline markup (only raised by ``parse(..., strict=True)``)."""


_SPECIAL = re.compile(r"[\\*\[\]`<!{~]")
PLACEHOLDER = re.compile(r"\{([A-Za-z][A-Za-z0-9_]{0,31})\}")
OBJECT = "\ufffc"  # what plain text shows for a placeholder (U+FFFC OBJECT REPLACEMENT)


def has_markup(text: str) -> bool:
    """Whether ``text`` holds a marker character; without one, :func:`parse` gives one
    span of plain text (none for ""), and :func:`plain` gives the text itself."""
    return _SPECIAL.search(text) is not None


def escape(text: str) -> str:
    """Escape plain text so that it reads back as itself."""
    if not _SPECIAL.search(text):
        return text
    out = []
    for i, ch in enumerate(text):
        if ch in "\\*[]`":
            out.append("\\" + ch)
        elif ch == "<" and (text.startswith("<u>", i) or text.startswith("</u>", i)):
            out.append("\\<")
        elif ch == "!" and text.startswith("[", i + 1):
            out.append("\\!")
        elif ch == "{" and PLACEHOLDER.match(text, i):
            out.append("\\{")
        elif ch == "~" and (i in (0, len(text) - 1) or "~" in (text[i - 1], text[i + 1])):
            # next to another tilde or at an edge (where a ~~ marker may stand)
            out.append("\\~")
        else:
            out.append(ch)
    return "".join(out)


@dataclass(frozen=True, slots=True)
class _LinkSyntax:
    text_end: int  # index of the closing ``]``
    url: str  # unescaped destination
    title: str | None  # unescaped title, if any
    end: int  # index just past the closing ``)``


def _code_end(s: str, j: int) -> tuple[int, int] | None:
    """At a backtick run (index j): (content end, span end) of the code span it opens."""
    n = len(s)
    k = j
    while k < n and s[k] == "`":
        k += 1
    fence = k - j
    m = k
    while True:
        m = s.find("`" * fence, m)
        if m < 0:
            return None
        e = m
        while e < n and s[e] == "`":
            e += 1
        if e - m == fence:
            return m, e
        m = e


def _find_link_end(s: str, i: int) -> _LinkSyntax | None:
    """At ``[`` (index i): ``[text](url)`` or ``[text](url "title")``, or None."""
    j = _text_end(s, i)
    n = len(s)
    if j is None or j + 1 >= n or s[j + 1] != "(":
        return None
    k = j + 2
    parens = 0
    while k < n:
        c = s[k]
        if c == " " and parens == 0:
            return _link_title(s, j, j + 2, k)
        if c in " \t\n":
            return None
        if c == "\\" and k + 1 < n:
            k += 2
            continue
        if c == "(":
            parens += 1
        elif c == ")":
            if parens == 0:
                return _LinkSyntax(j, _unescape(s[j + 2 : k], _URL_ESCAPABLE), None, k + 1)
            parens -= 1
        k += 1
    return None


def _text_end(s: str, i: int) -> int | None:
    """At ``[`` (index i): the index of its matching ``]`` (code spans and escaped
    brackets skipped), or None."""
    depth = 0
    j = i
    n = len(s)
    while j < n:
        c = s[j]
        if c == "\\":
            j += 2
            continue
        if c == "`":
            found = _code_end(s, j)
            if found is None:
                return None
            j = found[1]
            continue
        if c == "[":
            depth += 1
        elif c == "]":
            depth -= 1
            if depth == 0:
                return j
        j += 1
    return None


def _link_title(s: str, text_end: int, url_start: int, url_end: int) -> _LinkSyntax | None:
    """After ``url`` and one space: ``"title")``, with ``\\"`` for a quote in the title."""
    k = url_end + 1
    if not s.startswith('"', k):
        return None
    k += 1
    title: list[str] = []
    while k < len(s):
        c = s[k]
        if c == "\\" and k + 1 < len(s):
            title.append(s[k + 1])
            k += 2
            continue
        if c == '"':
            if s.startswith(")", k + 1):
                return _LinkSyntax(
                    text_end, _unescape(s[url_start:url_end], _URL_ESCAPABLE), "".join(title), k + 2
                )
            return None
        title.append(c)
        k += 1
    return None


def parse(markup: str, *, strict: bool = False) -> list[Span]:
    """Parse inline markup into spans. Unbalanced markers are kept as literal text
    unless ``strict`` is set, which raises :class:`MarkupError` instead."""
    if not _SPECIAL.search(markup):
        return [Span(markup)] if markup else []  # no markup at all: the common case
    return list(_parse_cached(markup, strict))


@lru_cache(maxsize=16384)
def _parse_cached(markup: str, strict: bool) -> tuple[Span, ...]:
    """Spans are immutable, so a parse is shared by the checks, writers and segmenter
    that all read the same string."""
    spans: list[Span] = []
    _parse_into(markup, Span(""), spans, strict)
    return tuple(_merge(spans))


def _parse_into(s: str, base: Span, out: list[Span], strict: bool) -> None:
    _InlineParser(s, base, out, strict).run()


_PLAIN_RUN = re.compile(r"[^\\`{~!\[\]<*]+")  # text without a marker character


class _InlineParser:
    """One pass over inline markup: text is buffered, each marker character is handed
    to its method (which returns False when the character is only text there)."""

    __slots__ = ("base", "buf", "cur", "i", "n", "out", "s", "stack", "strict")

    def __init__(self, s: str, base: Span, out: list[Span], strict: bool) -> None:
        self.s = s
        self.base = base
        self.out = out
        self.strict = strict
        # open emphasis: ("**"|"*"|"<u>"|"~~", index in out where it opened)
        self.stack: list[tuple[str, int]] = []
        self.buf: list[str] = []
        self.cur = base
        self.i = 0
        self.n = len(s)

    def run(self) -> None:
        s, n, buf, handlers, plain_run = self.s, self.n, self.buf, _HANDLERS, _PLAIN_RUN.match
        while self.i < n:
            m = plain_run(s, self.i)  # text up to the next marker character, in one step
            if m is not None:
                buf.append(m.group())
                self.i = m.end()
                continue
            c = s[self.i]
            if not handlers[c](self):
                buf.append(c)
                self.i += 1
        self.flush()
        while self.stack:
            marker, start = self.stack.pop()
            self.literal_fallback(marker, start)

    def flush(self) -> None:
        if self.buf:
            self.out.append(replace(self.cur, text="".join(self.buf)))
            self.buf.clear()

    def literal_fallback(self, marker: str, start: int) -> None:
        """An opened marker never closed: its spans back into literal text."""
        if self.strict:
            raise MarkupError(f"unclosed {marker!r}")
        attr = _ATTR[marker]
        out, base = self.out, self.base
        for k in range(start, len(out)):
            out[k] = replace(out[k], **{attr: getattr(base, attr)})
        out.insert(start, replace(base, text=marker))

    def escape(self) -> bool:
        s, i = self.s, self.i
        if i + 1 < self.n and s[i + 1] in _ESCAPABLE:
            self.buf.append(s[i + 1])
            self.i += 2
            return True
        return False

    def code(self) -> bool:
        s, i = self.s, self.i
        found = _code_end(s, i)
        if found is not None:
            self.flush()
            fence = found[1] - found[0]
            body = s[i + fence : found[0]]
            if len(body) > 2 and body[0] == body[-1] == " " and body.strip(" "):
                body = body[1:-1]  # the padding around a backtick at an edge
            self.out.append(replace(self.cur, text=body, code=True))
            self.i = found[1]
            return True
        if self.strict:
            raise MarkupError("unclosed '`'")
        while self.i < self.n and s[self.i] == "`":
            self.buf.append("`")
            self.i += 1
        return True

    def placeholder(self) -> bool:
        m = PLACEHOLDER.match(self.s, self.i)
        if not m:
            return False
        self.flush()
        self.out.append(replace(self.cur, text="", placeholder=m.group(1)))
        self.i = m.end()
        return True

    def strike(self) -> bool:
        s, i = self.s, self.i
        if not s.startswith("~~", i):
            return False
        prev = s[i - 1] if i > 0 else " "
        nxt = s[i + 2] if i + 2 < self.n else " "
        top = self.stack[-1][0] if self.stack else None
        if top == "~~" and not prev.isspace():
            self.flush()
            self.stack.pop()
            self.cur = replace(self.cur, strike=self.base.strike)
        elif not nxt.isspace() and not self.cur.strike:
            self.flush()
            self.stack.append(("~~", len(self.out)))
            self.cur = replace(self.cur, strike=True)
        else:
            return False
        self.i += 2
        return True

    def image(self) -> bool:
        s, i = self.s, self.i
        if not s.startswith("[", i + 1):
            return False
        found = _find_link_end(s, i + 1)
        if not found:
            return False
        self.flush()
        alt = _unescape(s[i + 2 : found.text_end])
        self.out.append(replace(self.cur, text=alt, image=found.url, title=found.title))
        self.i = found.end
        return True

    def link(self) -> bool:
        s, i = self.s, self.i
        found = _find_link_end(s, i)
        if found and self.cur.link is None:
            self.flush()
            inner: list[Span] = []
            linked = replace(self.cur, link=found.url, title=found.title, text="")
            _parse_into(s[i + 1 : found.text_end], linked, inner, self.strict)
            self.out.extend(inner or [linked])
            self.i = found.end
            return True
        if self.strict:
            raise MarkupError("'[' without a matching '](url)'")
        return False

    def close_bracket(self) -> bool:
        if self.strict:
            raise MarkupError("']' without a matching '['")
        return False

    def underline(self) -> bool:
        s, i = self.s, self.i
        opening = s.startswith("<u>", i)
        if not opening and not s.startswith("</u>", i):
            return False
        self.flush()
        if opening:
            self.stack.append(("<u>", len(self.out)))
            self.cur = replace(self.cur, underline=True)
            self.i += 3
            return True
        if self.stack and self.stack[-1][0] == "<u>":
            self.stack.pop()
            self.cur = replace(self.cur, underline=self.base.underline)
        elif self.strict:
            raise MarkupError("'</u>' without '<u>'")
        else:
            self.out.append(replace(self.cur, text="</u>"))
        self.i += 4
        return True

    def emphasis(self) -> bool:
        s, i, n = self.s, self.i, self.n
        j = i
        while j < n and s[j] == "*":
            j += 1
        prev = s[i - 1] if i > 0 else " "
        nxt = s[j] if j < n else " "
        self.flush()
        self._stars(j - i, can_close=not prev.isspace(), can_open=not nxt.isspace())
        self.i = j
        return True

    def _stars(self, run: int, can_close: bool, can_open: bool) -> None:
        """A run of ``*``: close what it can, open what it can, the rest is text."""
        stack, base = self.stack, self.base
        while run > 0:
            cur = self.cur
            top = stack[-1][0] if stack else None
            if top == "*" and run == 2 and can_open and not cur.bold:
                # "*a**b**c*": bold inside italic (render never closes and reopens
                # italic at one spot, so "**" here opens bold)
                stack.append(("**", len(self.out)))
                self.cur, run = replace(cur, bold=True), run - 2
            elif can_close and top == "*":
                stack.pop()
                self.cur, run = replace(cur, italic=base.italic), run - 1
            elif can_close and top == "**" and run >= 2:
                stack.pop()
                self.cur, run = replace(cur, bold=base.bold), run - 2
            elif can_open and run >= 2 and not cur.bold:
                stack.append(("**", len(self.out)))
                self.cur, run = replace(cur, bold=True), run - 2
            elif can_open and not cur.italic:
                stack.append(("*", len(self.out)))
                self.cur, run = replace(cur, italic=True), run - 1
            else:
                if self.strict:
                    raise MarkupError("stray '*'")
                self.out.append(replace(cur, text="*" * run))
                run = 0


_HANDLERS: dict[str, Callable[[_InlineParser], bool]] = {  # every marker character
    "\\": _InlineParser.escape,
    "`": _InlineParser.code,
    "{": _InlineParser.placeholder,
    "~": _InlineParser.strike,
    "!": _InlineParser.image,
    "[": _InlineParser.link,
    "]": _InlineParser.close_bracket,
    "<": _InlineParser.underline,
    "*": _InlineParser.emphasis,
}


_ATTR = {"**": "bold", "*": "italic", "<u>": "underline", "~~": "strike"}


_URL_ESCAPABLE = _ESCAPABLE + "()"  # a destination's unbalanced parentheses are escaped


def _unescape(s: str, escapable: str = _ESCAPABLE) -> str:
    out = []
    i = 0
    while i < len(s):
        if s[i] == "\\" and i + 1 < len(s) and s[i + 1] in escapable:
            out.append(s[i + 1])
            i += 2
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


def _merge(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for sp in spans:
        if not sp.text and sp.image is None and sp.link is None and sp.placeholder is None:
            continue
        if merged and merged[-1].same_format(sp):  # adjacent code spans read as one too
            merged[-1] = replace(merged[-1], text=merged[-1].text + sp.text)
        else:
            merged.append(sp)
    return merged


def render(spans: list[Span]) -> str:
    """Write spans as canonical markup (formatting never starts or ends on whitespace)."""
    out: list[str] = []
    for link, run in link_runs(_merge(list(spans))):
        body = _render_run(run)
        if link is not None:
            title = next((sp.title for sp in run if sp.image is None), None)
            body = "[" + body + "](" + _destination(link, title) + ")"
            if out and out[-1].endswith("!"):  # "!" before a link is text, not an image
                out[-1] = out[-1][:-1] + "\\!"
        out.append(body)
    return "".join(out)


def _destination(url: str, title: str | None) -> str:
    """``url`` or ``url "title"`` as written inside ``(…)``."""
    if title is None:
        return _escape_url(url)
    return _escape_url(url) + ' "' + title.replace("\\", "\\\\").replace('"', '\\"') + '"'


def link_runs(spans: list[Span]) -> Iterator[tuple[str | None, list[Span]]]:
    """Consecutive spans that share one link and link title (or none), the link taken off
    them (the title left on, for the writer): what a writer wraps in one ``[…](url)``
    (images inside a link included)."""
    i = 0
    while i < len(spans):
        link = spans[i].link
        j = i
        while (
            j < len(spans)
            and spans[j].link == link
            and (spans[j].image is not None or spans[j].title == spans[i].title)
        ):
            j += 1
        yield link, [replace(sp, link=None) for sp in spans[i:j]]
        i = j


def _render_run(spans: list[Span]) -> str:
    """Spans that share one link (or none): images as ``![alt](src)``, text with markers."""
    out: list[str] = []
    i = 0
    while i < len(spans):
        if spans[i].image is not None:
            sp = spans[i]
            out.append(
                "![" + escape(sp.text) + "](" + _destination(cast(str, sp.image), sp.title) + ")"
            )
            i += 1
            continue
        j = i
        while j < len(spans) and spans[j].image is None:
            j += 1
        out.append(_render_flat(spans[i:j]))
        i = j
    return "".join(out)


def _escape_url(url: str) -> str:
    url = url.replace("\\", "\\\\").replace(" ", "%20")
    depth = 0
    for c in url:
        depth += 1 if c == "(" else -1 if c == ")" else 0
        if depth < 0:
            break
    if depth:  # unbalanced parentheses would end the destination early: escaped
        url = url.replace("(", "\\(").replace(")", "\\)")
    return url


def code_span(text: str) -> str:
    """``text`` as a code span: a fence of backticks longer than any run inside it, and a
    space of padding where the text starts or ends with a backtick (as in CommonMark)."""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    edge_space = text[:1] == " " and text[-1:] == " " and text.strip(" ")
    pad = " " if text[:1] == "`" or text[-1:] == "`" or edge_space else ""
    return fence + pad + text + pad + fence


_ORDER = (
    ("bold", "**", "**"),
    ("italic", "*", "*"),
    ("underline", "<u>", "</u>"),
    ("strike", "~~", "~~"),
)


_EMPHASIS = ("bold", "italic", "underline", "strike")


def _emphasis(sp: Span | None) -> frozenset[str]:
    return frozenset(a for a in _EMPHASIS if sp is not None and getattr(sp, a))


def unformatted_edges(spans: list[Span]) -> list[Span]:
    """The spans with the whitespace at the edges of formatted text given only the
    formatting a Markdown-style marker can carry across it: an emphasis marker never
    starts or ends next to whitespace (Markdown would not read it).

    A run of whitespace between two pieces of text keeps formatting only where nothing
    opens or closes at it: it takes the formatting of the text before it when that text's
    formatting goes on, unchanged or with more, in the text after it (``**a (*b*, c
    *d*)**`` stays one bold run); otherwise it is plain, and every marker closes before
    it and opens after it (``***foo*** *bar*``, never ``***foo**** bar*``)."""
    pieces: list[Span] = []
    for sp in spans:
        if sp.code or sp.placeholder is not None or sp.image is not None or not sp.text:
            pieces.append(sp)
            continue
        core = sp.text.strip()
        if not core:
            pieces.append(sp)
            continue
        lead = sp.text[: len(sp.text) - len(sp.text.lstrip())]
        trail = sp.text[len(sp.text.rstrip()) :]
        pieces.extend(replace(sp, text=t) for t in (lead, core, trail) if t)

    def blank(sp: Span) -> bool:
        return not (sp.code or sp.placeholder is not None or sp.image is not None) and (
            not sp.text.strip()
        )

    out: list[Span] = []
    i = 0
    while i < len(pieces):
        if not blank(pieces[i]):
            out.append(pieces[i])
            i += 1
            continue
        j = i
        while j < len(pieces) and blank(pieces[j]):
            j += 1
        before = _emphasis(pieces[i - 1]) if i > 0 else frozenset()
        after = _emphasis(pieces[j]) if j < len(pieces) else frozenset()
        carried = frozenset.intersection(*(_emphasis(sp) for sp in pieces[i:j]))
        keep = before if before and before <= carried and before <= after else frozenset()
        out.extend(
            replace(sp, **cast("dict[str, Any]", {a: a in keep for a in _EMPHASIS}))
            for sp in pieces[i:j]
        )
        i = j
    return out


def _render_flat(spans: list[Span]) -> str:
    pieces = unformatted_edges(spans)
    out: list[str] = []
    open_: list[str] = []  # attribute names, outermost first
    for sp in pieces:
        want = [a for a, _, _ in _ORDER if getattr(sp, a)]
        # close everything from the first attribute no longer wanted
        keep = 0
        while keep < len(open_) and open_[keep] in want:
            keep += 1
        for a in reversed(open_[keep:]):
            out.append(_CLOSE[a])
        open_ = open_[:keep]
        for a in want:
            if a not in open_:
                out.append(_OPEN[a])
                open_.append(a)
        if sp.placeholder is not None:
            out.append("{" + sp.placeholder + "}")
        else:
            out.append(code_span(sp.text) if sp.code else escape(sp.text))
    for a in reversed(open_):
        out.append(_CLOSE[a])
    return "".join(out)


_OPEN = {a: o for a, o, _ in _ORDER}
_CLOSE = {a: c for a, _, c in _ORDER}


def plain(markup: str) -> str:
    """The text a reader sees, without markers or URLs; a placeholder is U+FFFC."""
    if not has_markup(markup):
        return markup  # the common case
    return "".join(OBJECT if sp.placeholder is not None else sp.text for sp in parse(markup))


def placeholders(markup: str) -> list[str]:
    """The placeholder names in the markup, in order."""
    if "{" not in markup:
        return []
    return [sp.placeholder for sp in parse(markup) if sp.placeholder is not None]


def formatting_signature(markup: str) -> list[str]:
    """The formatting a string carries, as a sorted multiset of markers, for checks.

    Order is not part of the signature: translators may move formatting.
    """
    sig: list[str] = []
    prev: Span | None = None
    for sp in parse(markup):
        for attr, marker, _ in _ORDER:
            if getattr(sp, attr) and not (prev and getattr(prev, attr)):
                sig.append(marker)
        if sp.link is not None and (prev is None or prev.link != sp.link):
            sig.append(f"link:{sp.link}")
        if sp.image is not None:
            sig.append(f"image:{sp.image}")
        if sp.code:
            sig.append(f"code:{sp.text}")
        prev = sp
    return sorted(sig)


def problems(markup: str) -> list[str]:
    """Reasons why ``markup`` is malformed (empty when it is well formed)."""
    try:
        parse(markup, strict=True)
    except MarkupError as exc:
        return [str(exc)]
    return []


def urls(markup: str) -> list[str]:
    """Link and image targets in the markup, in order."""
    found: list[str] = []
    prev: Span | None = None
    for sp in parse(markup):
        if sp.link is not None and (prev is None or prev.link != sp.link):
            found.append(sp.link)
        if sp.image is not None:
            found.append(sp.image)
        prev = sp
    return found
