"""transflow's inline markup as XLIFF/TMX inline codes, and back.

A unit's text (``**bold**``, ``[text](url)``, `` `code` ``, ``{PAGE}``…, see
:mod:`transflow.core.inline`) becomes a tree of text and *codes*, numbered ``1``, ``2``… in
the order they start:

* paired codes, around translatable text: bold, italic, underline, strike, link, image
  (its content is the alt text);
* standalone codes, with no translatable text: a code span, a placeholder.

Each :class:`Code` knows the markup it stands for (``start``/``end``: ``"**"``/``"**"``,
``"["``/``"](https://…)"``, `` "`x`" ``, ``"{PAGE}"``). Writers put that markup in the file
(XLIFF 2 ``<originalData>``, XLIFF 1.2 and TMX native code), so a reader can rebuild a code
from its markup alone with :func:`code_from_markup`.

Reading goes through *events* (text, open, close, standalone) so that paired elements
(``<pc>``, ``<g>``) and split ones (``<sc>``/``<ec>``, ``<bpt>``/``<ept>``) read alike;
:func:`markup_from_events` turns them into spans and renders canonical markup, and says
why when codes are lost, duplicated, unknown or broken.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from transflow.core import inline
from transflow.core.inline import Span

PAIRED = ("bold", "italic", "underline", "strike", "link", "image")
STANDALONE = ("code", "placeholder")
_FORMATS = ("bold", "italic", "underline", "strike")


@dataclass(frozen=True, slots=True)
class Code:
    """One inline code of a unit."""

    id: str
    kind: str  # one of PAIRED or STANDALONE
    start: str  # the markup it stands for (the whole markup for a standalone code)
    end: str = ""
    url: str | None = None  # link target or image source
    title: str | None = None
    text: str = ""  # a code span's text
    name: str = ""  # a placeholder's name

    @property
    def paired(self) -> bool:
        return self.kind in PAIRED

    @property
    def label(self) -> str:
        """How a message names it: ``code 2 (bold)``."""
        return f"code {self.id} ({self.kind})"


@dataclass(slots=True)
class Pair:
    code: Code
    children: list[Node] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Single:
    code: Code


Node = str | Pair | Single


def to_tree(markup: str) -> tuple[list[Node], list[Code]]:
    """The markup as a tree of text and codes, and the codes in the order they start."""
    codes: list[Code] = []

    def new(kind: str, start: str, end: str = "", **kw: str | None) -> Code:
        code = Code(str(len(codes) + 1), kind, start, end, **kw)  # type: ignore[arg-type]
        codes.append(code)
        return code

    nodes: list[Node] = []
    for link, run in inline.link_runs(inline.parse(markup)):
        if link is None:
            nodes.extend(_flat_tree(run, new))
            continue
        title = next((sp.title for sp in run if sp.image is None), None)
        code = new(
            "link", "[", "](" + inline._destination(link, title) + ")", url=link, title=title
        )
        pair = Pair(code)
        pair.children = _flat_tree(
            [replace(sp, title=None) if sp.image is None else sp for sp in run], new
        )
        nodes.append(pair)
    return nodes, codes


_MARKERS = {
    "bold": ("**", "**"),
    "italic": ("*", "*"),
    "underline": ("<u>", "</u>"),
    "strike": ("~~", "~~"),
}


def _flat_tree(spans: list[Span], new) -> list[Node]:
    root: list[Node] = []
    stack: list[tuple[str, Pair]] = []  # open formats, outermost first

    def container() -> list[Node]:
        return stack[-1][1].children if stack else root

    pieces: list[Span] = []
    for sp in spans:
        pieces.extend([sp] if sp.image is not None else inline.unformatted_edges([sp]))
    for sp in pieces:
        want = [a for a in _FORMATS if getattr(sp, a)]
        keep = 0
        while keep < len(stack) and stack[keep][0] in want:
            keep += 1
        del stack[keep:]
        for a in want:
            if a not in (s[0] for s in stack):
                pair = Pair(new(a, *_MARKERS[a]))
                container().append(pair)
                stack.append((a, pair))
        if sp.image is not None:
            end = "](" + inline._destination(sp.image, sp.title) + ")"
            pair = Pair(new("image", "![", end, url=sp.image, title=sp.title))
            if sp.text:
                pair.children.append(sp.text)
            container().append(pair)
        elif sp.placeholder is not None:
            container().append(
                Single(new("placeholder", "{" + sp.placeholder + "}", name=sp.placeholder))
            )
        elif sp.code:
            container().append(Single(new("code", inline.code_span(sp.text), text=sp.text)))
        elif sp.text:
            siblings = container()
            if siblings and isinstance(siblings[-1], str):
                siblings[-1] += sp.text
            else:
                siblings.append(sp.text)
    return root


def code_from_markup(code_id: str, start: str, end: str | None) -> Code | None:
    """Rebuild a code from the markup it stands for (None if it is not transflow markup):
    a paired code from ``start`` and ``end``, a standalone one from ``start`` alone."""
    if end is None:
        spans = inline.parse(start)
        if len(spans) != 1 or inline.render(spans) != start:
            return None
        sp = spans[0]
        if sp.placeholder is not None and not (sp.bold or sp.italic or sp.underline or sp.strike):
            return Code(code_id, "placeholder", start, name=sp.placeholder)
        if sp.code and not (sp.bold or sp.italic or sp.underline or sp.strike or sp.link):
            return Code(code_id, "code", start, text=sp.text)
        return None
    probe = start + "x" + end
    spans = inline.parse(probe)
    if len(spans) != 1 or spans[0].text != "x" or inline.render(spans) != probe:
        return None
    sp = spans[0]
    flags = [a for a in _FORMATS if getattr(sp, a)]
    if sp.image is not None and not flags and sp.link is None:
        return Code(code_id, "image", start, end, url=sp.image, title=sp.title)
    if sp.link is not None and not flags:
        return Code(code_id, "link", start, end, url=sp.link, title=sp.title)
    if len(flags) == 1 and sp.link is None and sp.image is None and not sp.code:
        return Code(code_id, flags[0], start, end)
    return None


# --- reading -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Event:
    """``kind`` is "text" (``value`` the text), "open", "close" or "single" (``value``
    the code id)."""

    kind: str
    value: str


class CodeError(ValueError):
    """Codes in a translation that cannot be mapped back (lost, duplicated, broken…)."""


def markup_from_events(events: list[Event], codes: dict[str, Code], *, check_all: bool) -> str:
    """Canonical markup for a source or target read as events, codes looked up by id.

    With ``check_all`` every code of ``codes`` must appear exactly once (a translation);
    raises :class:`CodeError` naming the first problem."""
    reader = _EventReader()
    for ev in events:
        if ev.kind == "text":
            reader.text(ev.value)
            continue
        code = codes.get(ev.value)
        if code is None:
            raise CodeError(f"code {ev.value} is not in the source")
        reader.count(code, ev.kind)
        if ev.kind == "single":
            reader.single(code)
        elif not code.paired:
            raise CodeError(f"{code.label} is a standalone code, used as a paired one")
        elif ev.kind == "open":
            reader.open(code)
        else:
            reader.close(code)
    if reader.active:
        raise CodeError(f"{reader.active[-1].label} is never closed")
    if check_all:
        missing = [c for c in codes.values() if c.id not in reader.seen]
        if missing:
            raise CodeError(f"{missing[0].label} is missing")
    return inline.render(reader.spans)


class _EventReader:
    """The spans read so far from text and code events, and the codes still open."""

    def __init__(self) -> None:
        self.spans: list[Span] = []
        self.active: list[Code] = []  # open paired codes, in opening order
        self.seen: dict[str, int] = {}
        self.image_text: list[str] | None = None
        self.link_start = 0

    def fmt(self, **kw: object) -> Span:
        active = self.active
        base = {a: any(c.kind == a for c in active) for a in _FORMATS}
        link = next((c for c in active if c.kind == "link"), None)
        attrs: dict[str, object] = {"link": link.url, "title": link.title} if link else {}
        attrs.update(base)
        attrs.update(kw)
        return Span(**attrs)  # type: ignore[arg-type]

    def text(self, value: str) -> None:
        if not value:
            return
        if self.image_text is not None:
            self.image_text.append(value)
        else:
            self.spans.append(self.fmt(text=value))

    def count(self, code: Code, kind: str) -> None:
        self.seen[code.id] = self.seen.get(code.id, 0) + (0 if kind == "close" else 1)
        if self.seen[code.id] > 1:
            raise CodeError(f"{code.label} is duplicated")

    def single(self, code: Code) -> None:
        if code.paired:
            raise CodeError(f"{code.label} is a paired code, used as a standalone one")
        if self.image_text is not None:
            raise CodeError(f"{code.label} is inside a picture's alt text")
        if code.kind == "code":
            self.spans.append(self.fmt(text=code.text, code=True))
        else:
            self.spans.append(self.fmt(text="", placeholder=code.name))

    def open(self, code: Code) -> None:
        if self.image_text is not None:
            raise CodeError(f"{code.label} is inside a picture's alt text")
        if code.kind == "link" and any(c.kind == "link" for c in self.active):
            raise CodeError(f"{code.label} is a link inside another link")
        self.active.append(code)
        if code.kind == "image":
            self.image_text = []
        elif code.kind == "link":
            self.link_start = len(self.spans)

    def close(self, code: Code) -> None:
        if code not in self.active:
            raise CodeError(f"{code.label} ends before it starts")
        if code.kind == "image":
            self.active.remove(code)
            text = "".join(self.image_text or [])
            self.spans.append(self.fmt(text=text, image=code.url, title=code.title))
            self.image_text = None
            return
        if code.kind == "link" and len(self.spans) == self.link_start:
            self.spans.append(self.fmt(text=""))  # an empty link keeps its URL
        self.active.remove(code)


def canonical(markup: str) -> str:
    """The markup as :func:`inline.render` writes it (what a round trip gives back)."""
    return inline.render(inline.parse(markup))
