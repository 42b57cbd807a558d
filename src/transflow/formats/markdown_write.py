"""Markdown writer: a translated Document (from any source format) → a Markdown file.

Output: front matter (title, ``lang``, ``dir: rtl`` for right-to-left languages,
``date`` and ``date_display``, the source's other fields unchanged, translated
``subtitle``/``summary``/``description``), then the blocks in source order with one
blank line between them (none between the items of a tight list), footnote definitions
last, and a trailing newline. The front matter is YAML, or TOML (``+++``) when the
source's was: then the source's TOML text is written back with only the translated
values and ``lang``/``dir``/``date_display`` changed or added.

Blocks from :mod:`markdown_read` carry their quote and list containers in
``nest``; for other formats consecutive ``QUOTE`` blocks form one block quote
and ``LIST_ITEM`` levels become nested lists. Heading levels of a Markdown source are
kept as written. For other formats the title is the one ``#``, a heading of level *n*
becomes ``#`` × (*n* + 1) (Word's Heading 1 is ``##``), and the deck (role
``subheadline``, Word's Subtitle) is the front matter's ``subtitle``, not a heading.
Page headers and footers (DOCX) never go into the body: their text is the front
matter's ``header`` and ``footer`` fields.

Tables are rebuilt from their cells' :class:`~transflow.core.model.TableCell` (``table``,
``row``, ``col``, ``header``, ``colspan``, ``rowspan``, ``align``): a GFM pipe table when every cell is one
paragraph and none is merged (a table without a header row gets its first row as the
header, with a warning); otherwise an HTML ``<table>`` whose cells hold Markdown
paragraphs between blank lines (GitHub, pandoc and markdown-it render them), with
``colspan``/``rowspan``/``align`` attributes.

Placeholders (:class:`~transflow.core.model.Code`): raw inline HTML from a Markdown source is
written back as it was; a field shows its result; a footnote reference is ``[^label]``
and its note a definition ``[^label]: …`` at the end; a picture of a DOCX source is
``![description](<stem>.assets/<media name>)`` with the picture's bytes, read from the
source .docx, returned as an asset written beside the export (a linked picture keeps its
URL); anything that cannot be written is left out with a warning for the publisher.

Inline markup becomes Markdown with ``**``/``*``/``~~`` emphasis; when a rendering would
not read back with the same formatting (CommonMark's flanking rules around punctuation),
the block falls back to ``<strong>``/``<em>``/``<del>`` tags, which the reader
understands. Every ``<`` of the text is escaped, as is a ``!`` before a link; a
no-break space at the start or end of a line is written ``&nbsp;`` (a parser would trim
it). A hard line break (``"\\n"`` in the text) is written ``\\`` + newline, or ``<br>``
in a table cell. In a link destination an ``&`` that would read as an entity is escaped
(``\\&#74;``). A link or image whose URL runs code (``javascript:``…,
:mod:`transflow.core.unsafe`) is written as its text, with a warning. A list right before an
indented code block gets its items' content column past the code's indentation, so the
code does not become the last item's continuation.

Right-to-left targets (Arabic, Hebrew, Persian, Urdu…: ``dir: rtl``): phone numbers,
e-mail addresses, bare URLs, codes, numbers with spaces or ``+`` and Latin-script names
are wrapped in Unicode isolates, LRI (U+2066) … PDI (U+2069), found by
:func:`transflow.lang.bidi.ltr_runs`, in the body and in the translated front-matter values,
so that "+44 1496 300 123" does not display as "123 300 1496 44+". Isolates rather than
``<bdi>``: they are plain characters, so they survive every Markdown renderer (including
those that strip or escape raw HTML), pandoc to HTML, DOCX or PDF, YAML front matter, a
static site's ``<title>``, and a journalist's copy and paste into a plain-text e-mail;
``<bdi>`` needs an HTML renderer that passes it, means nothing in front matter and is lost
in plain text. They are neither whitespace nor punctuation to CommonMark, so emphasis
delimiters beside them behave as beside a letter; they go only into text: never inside a
link destination, a code span (a code span is wrapped from outside), an image, raw HTML
or a front-matter key. A text that already holds bidi controls is left as the translator
wrote it. Reading an export back gives the translated text plus the isolates
(:func:`transflow.lang.bidi.strip_bidi` removes them).
"""

from __future__ import annotations

import functools
import io
import itertools
import operator
import re
import tomllib
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import unquote

from transflow.core import inline
from transflow.core.errors import InputError
from transflow.core.model import (
    Block,
    BlockKind,
    Code,
    CodeKind,
    Container,
    Document,
    InList,
    InQuote,
    ListItem,
    Role,
    TableCell,
)
from transflow.core.unsafe import script_scheme
from transflow.formats import ExportContext, Rendered, register_writer
from transflow.formats.markdown_shared import HTML_REF, RESERVED_FIELDS, SEPARATOR
from transflow.lang import bidi

_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_OWN_TAG = re.compile(r"</?(?:u|ins|b|strong|i|em|del|br)\b", re.IGNORECASE)
_SEPARATOR = SEPARATOR
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}$")
_BODY_TEXT = (BlockKind.PARAGRAPH, BlockKind.QUOTE, BlockKind.LIST_ITEM, BlockKind.IMAGE_ALT)
# the blocks the body writes (META never; a deck or a front-matter field neither)
_BODY_KINDS = frozenset(
    (*_BODY_TEXT, BlockKind.RAW, BlockKind.TITLE, BlockKind.HEADING, BlockKind.TABLE_CELL)
)
_NBSP = "\xa0"
_SENTINEL = re.compile("`\ue000(\\d+)\ue001`")
MAX_PICTURE_BYTES = 20 * 1024 * 1024
# a picture linked to a file of the author's machine: file: URL, absolute or UNC path
_LOCAL_FILE = re.compile(r"(?i)file:|[A-Za-z]:[\\/]|[\\/]")
TOC_LEFT_OUT = (
    "table of contents left out: Word generates it from the headings, which are all in "
    "the Markdown export"
)


@dataclass
class _Out:
    """What one export collects while it is written: assets, warnings, note labels."""

    document: Document
    context: ExportContext | None = None
    assets: list[tuple[str, bytes]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)  # note block key -> label
    pictures: dict[str, str] = field(default_factory=dict)  # media part -> asset path
    _zip: zipfile.ZipFile | None = None
    _zip_failed: bool = False
    external: bool = False  # a file beside the source was looked for (see Rendered)

    @property
    def rtl(self) -> bool:
        """A right-to-left target: left-to-right runs are isolated (module docstring)."""
        return self.context is not None and self.context.language.rtl

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def placeholder(self, code: Code | None, name: str) -> str | None:
        """Markdown for a placeholder that is not text (None: left out, with a warning)."""
        if code is None:
            self.warn(f"placeholder {{{name}}} stands for nothing known; left out")
            return None
        if code.kind is CodeKind.OBJECT and code.ref == HTML_REF:
            return code.text
        if code.kind is CodeKind.NOTE:
            label = self.notes.get(code.ref)
            if label is None:
                self.warn(f"footnote reference {{{name}}} has no footnote text; left out")
                return None
            return f"[^{label}]"
        if code.kind is CodeKind.PICTURE:
            return self.picture(code)
        self.warn(f"{code.kind.value} {{{name}}} has no text to show in Markdown; left out")
        return None

    def picture(self, code: Code) -> str | None:
        alt = _escape(code.text.replace("\n", " "), " ")
        ref = code.ref
        local_file = _LOCAL_FILE.match(ref) is not None
        if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", ref) and not local_file:
            return f"![{alt}]({_dest(ref)})"  # a linked picture: its URL
        path = self.pictures.get(ref)
        if path is None:
            data = None if local_file else self.media(ref)
            linked = local_file or (self._zip is not None and not self.in_package(ref))
            if data is None and linked:  # a picture linked to a file, not in the package
                data = self.linked_file(ref)
                if data is None and local_file:
                    # never a path of the translator's machine in an export: the picture
                    # stays, without its file (Word shows the same broken picture)
                    self.warn(
                        f"picture linked to the local file {ref} is not beside the source; written without its file"
                    )
                    return f"![{alt}]()"
                if data is None:
                    self.warn(f"picture {ref} is not beside the source; linked as written")
                    return f"![{alt}]({_dest(ref)})"
            if data is None:
                what = f" ({code.text})" if code.text else ""
                self.warn(f"picture {ref or code.name}{what} could not be read; left out")
                return None
            path = self.asset_name(ref)
            self.pictures[ref] = path
            self.assets.append((path, data))
        return f"![{alt}]({_dest(path)})"

    def in_package(self, ref: str) -> bool:
        try:
            return self._zip is not None and bool(self._zip.getinfo(ref.lstrip("/")))
        except KeyError:
            return False

    def linked_file(self, ref: str) -> bytes | None:
        """The file a linked picture of a DOCX source names, when it is beside the source
        (in its folder or below, at most :data:`MAX_PICTURE_BYTES`), else None."""
        if self.context is None:
            return None
        self.external = True  # found or not, the export depends on that file
        folder = self.context.source.path.parent.resolve()
        name = unquote(ref.split("#", 1)[0].split("?", 1)[0])
        if name.lower().startswith("file:"):
            name = re.sub(r"(?i)^file:(//(localhost)?)?", "", name)
        try:
            path = (folder / name.replace("\\", "/")).resolve()
            if not (path.is_relative_to(folder) and path.is_file()):
                return None
            if path.stat().st_size > MAX_PICTURE_BYTES:
                return None
            return path.read_bytes()
        except (OSError, ValueError):
            return None

    def local_image(self, src: str) -> str:
        """Where the export links an image of a Markdown source: a local file beside the
        source (in its folder or below) is copied into the export's assets; anything else
        (a URL, an absolute path, a file elsewhere) is linked as written."""
        self.external = True  # the export depends on whether that file is there
        if (
            self.context is None
            or self.document.format != "markdown"
            or not src
            or re.match(r"[A-Za-z][A-Za-z0-9+.-]*:|[/#?]", src)
        ):
            return src
        if src in self.pictures:
            return self.pictures[src]
        folder = self.context.source.path.parent
        try:
            path = (folder / unquote(src.split("#", 1)[0].split("?", 1)[0])).resolve()
            inside = path.is_relative_to(folder.resolve()) and path.is_file()
            size = path.stat().st_size if inside else 0
            data = path.read_bytes() if inside and size <= MAX_PICTURE_BYTES else None
        except (OSError, ValueError):
            data = None
        if data is None:
            self.warn(f"image {src} is not beside the source; linked as written")
            self.pictures[src] = src
            return src
        name = self.asset_name(src)
        self.assets.append((name, data))
        self.pictures[src] = name
        return name

    def asset_name(self, ref: str) -> str:
        stem = self.context.source.slug.rsplit("/", 1)[-1] if self.context else "export"
        base = re.sub(r"[^A-Za-z0-9._-]", "_", ref.rsplit("/", 1)[-1]).lstrip(".") or "image"
        taken = {name for name, _ in self.assets}
        name, n = f"{stem}.assets/{base}", 1
        while name in taken:
            n += 1
            name = f"{stem}.assets/{n}-{base}"
        return name

    def media(self, ref: str) -> bytes | None:
        """A part of the source .docx (size-limited), or None."""
        if self.context is None or not ref or self._zip_failed:
            return None
        if self._zip is None:
            from transflow.formats.docx_safety import read_checked

            source = self.context.source
            try:
                if source.path.suffix.lower() != ".docx":
                    raise InputError(source.rel, "not a DOCX")
                data = self.context.source_data or read_checked(source.path, source.rel)
                self._zip = zipfile.ZipFile(io.BytesIO(data))
            except (InputError, OSError, zipfile.BadZipFile):
                self._zip_failed = True
                return None
        try:
            info = self._zip.getinfo(ref.lstrip("/"))
            if info.file_size > MAX_PICTURE_BYTES:
                return None
            with self._zip.open(info) as fh:
                data = fh.read(MAX_PICTURE_BYTES + 1)
        except (KeyError, OSError, zipfile.BadZipFile, RuntimeError, ValueError):
            return None
        return data if len(data) <= MAX_PICTURE_BYTES else None


# ---------------------------------------------------------------- inline rendering


def _intraword(text: str, i: int) -> bool:
    """An ``_`` between letters or digits, which never starts or ends emphasis."""
    return i > 0 and text[i - 1].isalnum() and text[i + 1 : i + 2].isalnum()


def _escape(text: str, newline: str) -> str:
    out: list[str] = []
    for i, ch in enumerate(text):
        if ch == "\n":
            out.append(newline)
        elif ch in "\\`*[]<" or (ch == "_" and not _intraword(text, i)):
            out.append("\\" + ch)  # every "<" of the text: never read as HTML
        elif ch == "!" and text.startswith("[", i + 1):
            out.append("\\!")
        elif ch == "&" and _ENTITY.match(text, i):
            out.append("\\&")
        elif ch == "~" and "~" in (text[i - 1 : i], text[i + 1 : i + 2]):
            out.append("\\~")
        else:
            out.append(ch)
    return "".join(out)


def _code(text: str) -> str:
    text = text.replace("\n", " ")
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    # CommonMark strips one space from each side unless the content is only spaces
    edge_space = text[:1] == " " == text[-1:] and text.strip(" ") != ""
    pad = " " if text.startswith("`") or text.endswith("`") or edge_space else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _dest(url: str, title: str | None = None) -> str:
    if re.search(r"[\s<>]", url) or url.count("(") != url.count(")"):
        dest = "<" + re.sub(r"([<>\\])", r"\\\1", url) + ">"
    else:
        dest = url.replace("\\", "\\\\")
    # an "&" that would read as an entity is escaped: "&#74;avascript:" stays that text
    dest = _ENTITY.sub(lambda m: "\\" + m.group(), dest)
    if title is None:
        return dest
    quoted = re.sub(r'(["\\])', r"\\\1", title.replace("\n", " "))
    return dest + ' "' + _ENTITY.sub(lambda m: "\\" + m.group(), quoted) + '"'


_MARKS = {
    False: {"bold": ("**", "**"), "italic": ("*", "*"), "underline": ("<u>", "</u>"),
            "strike": ("~~", "~~")},
    True: {"bold": ("<strong>", "</strong>"), "italic": ("<em>", "</em>"),
           "underline": ("<u>", "</u>"), "strike": ("<del>", "</del>")},
}  # fmt: skip


def _flat(spans: list[inline.Span], html: bool, newline: str) -> str:
    marks = _MARKS[html]
    pieces = inline.unformatted_edges(spans)
    out: list[str] = []
    open_: list[str] = []
    for sp in pieces:
        want = [a for a in marks if getattr(sp, a)]
        keep = 0
        while keep < len(open_) and open_[keep] in want:
            keep += 1
        out += [marks[a][1] for a in reversed(open_[keep:])]
        open_ = open_[:keep]
        for a in want:
            if a not in open_:
                out.append(marks[a][0])
                open_.append(a)
        if sp.code and out and out[-1].endswith("`"):
            out.append(_SEPARATOR)  # adjacent code spans would merge into one backtick run
        out.append(_code(sp.text) if sp.code else _escape(sp.text, newline))
    out += [marks[a][1] for a in reversed(open_)]
    return "".join(out)


def _render(spans: list[inline.Span], html: bool, newline: str) -> str:
    """Runs of spans that share a link (or none) become ``[…](url)``; images inside a
    link stay inside it (``[![alt](src)](url)``)."""
    out: list[str] = []
    for link, run in inline.link_runs(spans):
        body = _render_run(run, html, newline)
        if link is not None:
            title = next((sp.title for sp in run if sp.image is None), None)
            body = f"[{body}]({_dest(link, title)})"
            if out and out[-1].endswith("!"):  # "!" before a link is text, not an image
                out[-1] = out[-1][:-1] + "\\!"
        out.append(body)
    return "".join(out)


def _render_run(spans: list[inline.Span], html: bool, newline: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(spans):
        sp = spans[i]
        if sp.image is not None:
            out.append(f"![{_escape(sp.text, ' ')}]({_dest(sp.image, sp.title)})")
            i += 1
            continue
        j = i
        while j < len(spans) and spans[j].image is None:
            j += 1
        out.append(_flat(spans[i:j], html, newline))
        i = j
    return "".join(out)


_MARKDOWN_SPECIAL = re.compile(r"[\\`*_\[\]<>!&~#|\n{\xa0]|^\s|\s$")
_SPECIAL_CHAR = re.compile(r"[\\`*_\[\]<>!&~#|\n{\xa0]")


def _needs_markdown(text: str) -> bool:
    """``_MARKDOWN_SPECIAL.search(text)``, without the regex trying ``\\s$`` at every
    position: a special character, or white space opening or closing the text
    (``\\s`` is ``str.isspace``; a line break before the end is a special character).
    tests/formats/test_markdown_fast.py compares the two."""
    return bool(text) and (
        _SPECIAL_CHAR.search(text) is not None or text[0].isspace() or text[-1].isspace()
    )


def _resolve(
    spans: list[inline.Span], codes: tuple[Code, ...], out: _Out | None
) -> tuple[list[inline.Span], list[str]]:
    """Placeholders → text spans (fields and objects with text) or sentinel code spans
    (what the second list holds: HTML, pictures, note references), read back as code."""
    resolved: list[inline.Span] = []
    extra: list[str] = []
    by_name = {c.name: c for c in codes}
    sink = out or _Out(Document("", "", "", ()))
    for sp in spans:
        sp = _defused(sp, sink)
        if sp.image is not None and out is not None:
            sp = replace(sp, image=out.local_image(sp.image))
        if sp.placeholder is None:
            resolved.append(sp)
            continue
        code = by_name.get(sp.placeholder)
        textual = code is not None and code.kind in (CodeKind.FIELD, CodeKind.OBJECT)
        if textual and code is not None and code.text and code.ref != HTML_REF:
            resolved.append(replace(sp, placeholder=None, text=code.text))
            continue
        md = sink.placeholder(code, sp.placeholder)
        if md is None:
            continue
        resolved.append(replace(sp, placeholder=None, code=True, text=f"\ue000{len(extra)}\ue001"))
        extra.append(md)
    return resolved, extra


def _defused(sp: inline.Span, out: _Out) -> inline.Span:
    """A link or image whose URL runs code (``javascript:``…, :mod:`transflow.core.unsafe`)
    is written as its text, with a warning."""
    if sp.image is not None and script_scheme(sp.image, image=True):
        out.warn(f"image to a {script_scheme(sp.image, True)}: URL written as its text")
        sp = replace(sp, image=None, title=None)
    if sp.link is not None and script_scheme(sp.link):
        out.warn(f"link to a {script_scheme(sp.link)}: URL written as its text")
        sp = replace(sp, link=None, title=None if sp.image is None else sp.title)
    return sp


def _isolated(spans: list[inline.Span]) -> list[inline.Span]:
    """The spans with each left-to-right run (:func:`transflow.lang.bidi.ltr_runs`, found across
    span boundaries: "**Amina** Okafor") between LRI and PDI. Only text spans receive
    them; a code span is one piece of the run and gets them outside; pictures, raw HTML
    and notes (sentinel code spans) break runs."""
    view: list[str] = []
    where: list[tuple[int, int]] = []  # view position -> (span, offset in it or -1)
    for n, sp in enumerate(spans):
        if sp.image is not None or sp.placeholder is not None or "\ue000" in sp.text:
            view.append(bidi.BREAK)
            where.append((n, -1))
        elif sp.code:
            view.append("x" if not any(bidi.char_class(c) == "R" for c in sp.text) else "\u05d0")
            where.append((n, -1))
        else:
            view.extend(sp.text)
            where.extend((n, k) for k in range(len(sp.text)))
    runs = bidi.ltr_runs("".join(view))
    if not runs:
        return spans
    before: dict[tuple[int, int], str] = {}  # (span, offset) -> what goes before that char
    after: dict[tuple[int, int], str] = {}
    for start, end in runs:
        before[where[start]] = bidi.LRI
        after[where[end - 1]] = bidi.PDI
    out: list[inline.Span] = []
    for n, sp in enumerate(spans):
        if before.get((n, -1)):
            out.append(replace(sp, code=False, text=bidi.LRI))
        if sp.code or sp.image is not None or sp.placeholder is not None:
            out.append(sp)
        else:
            text = "".join(
                before.get((n, k), "") + ch + after.get((n, k), "") for k, ch in enumerate(sp.text)
            )
            out.append(replace(sp, text=text))
        if after.get((n, -1)):
            out.append(replace(sp, code=False, text=bidi.PDI))
    return out


def inline_markdown(
    text: str, newline: str = "\\\n", codes: tuple[Code, ...] = (), out: _Out | None = None
) -> str:
    """transflow inline markup → Markdown inline source that reads back the same (with
    left-to-right runs isolated for a right-to-left target)."""
    rtl = out is not None and out.rtl
    if not _needs_markdown(text):
        # nothing Markdown could read differently: most sentences
        return bidi.isolate(text) if rtl else text
    spans = inline.parse(text)
    if spans and not spans[0].code:
        spans[0] = replace(spans[0], text=spans[0].text.lstrip("\n"))
    if spans and not spans[-1].code:
        spans[-1] = replace(spans[-1], text=spans[-1].text.rstrip("\n"))
    spans, extra = _resolve(spans, codes, out)
    if rtl:
        spans = _isolated(spans)
    want = inline.render(spans)
    best = _render(spans, False, "\\\n")
    from transflow.formats.markdown_inline import inline_text  # the parser, when needed

    if inline_text(best) != want:
        best = _render(spans, True, "\\\n")
    if extra:
        best = _SENTINEL.sub(lambda m: extra[int(m.group(1))], best)
    best = _edge_nbsp(best)
    return best.replace("\\\n", newline) if newline != "\\\n" else best


def _edge_nbsp(md: str) -> str:
    """No-break spaces at the start or end of a line as ``&nbsp;`` (parsers trim them)."""
    if _NBSP not in md:
        return md
    lines = md.split("\\\n")
    for k, line in enumerate(lines):
        core = line.strip(_NBSP)
        if core != line:
            lead = len(line) - len(line.lstrip(_NBSP))
            trail = len(line) - len(line.rstrip(_NBSP))
            lines[k] = "&nbsp;" * lead + core + "&nbsp;" * trail if core else "&nbsp;" * lead
    return "\\\n".join(lines)


_BLOCK_START = re.compile(r"#{1,6}(\s|$)|>|[+*-](\s|$)|(=+|-+)\s*$|~~~")
_ORDERED_START = re.compile(r"\d{1,9}(?=[.)](\s|$))")


# what a line may open with that _line_start escapes or strips (white space)
_MAY_START = " \t#>+*-=~|:0123456789"


def _line_start(line: str) -> str:
    if line and line[0] not in _MAY_START and not line[0].isdecimal():  # \\d: any digit
        return line  # most lines: nothing to strip or escape (test_markdown_fast.py)
    return _line_start_slow(line)


def _line_start_slow(line: str) -> str:
    # leading white space only: a line's end may be inside raw HTML ("<a href='x  \ny'>")
    line = line.lstrip(" \t")
    if _BLOCK_START.match(line):
        return "\\" + line
    if "|" in line and line[:1] in "|:-" and line:
        return "\\" + line
    m = _ORDERED_START.match(line)
    return f"{m.group()}\\{line[m.end() :]}" if m else line


def _paragraph(b: Block, out: _Out | None = None) -> list[str]:
    return _paragraph_lines(b.text, b.codes, b.tail, out)


def _paragraph_lines(text: str, codes: tuple[Code, ...], tail: str, out: _Out | None) -> list[str]:
    """A paragraph's lines (:func:`_paragraph` of a block with this text, codes, tail)."""
    md = inline_markdown(text, codes=codes, out=out) + tail
    if "\n" not in md:
        return [_line_start(md)]
    return [_line_start(ln) for ln in md.split("\n")]


def _heading(b: Block, level: int, out: _Out | None = None) -> str:
    return _heading_line(b.text, level, b.codes, b.tail, out)


def _heading_line(
    text: str, level: int, codes: tuple[Code, ...], tail: str, out: _Out | None
) -> str:
    """A heading's line (:func:`_heading` of a block with this text, codes, tail)."""
    md = inline_markdown(text, newline=" ", codes=codes, out=out).strip(" ")
    if md.endswith("#"):
        md = md[:-1] + "\\#"
    return ("#" * min(max(level, 1), 6) + " " + md + tail).rstrip()


# ---------------------------------------------------------------- block structure


@dataclass(frozen=True, slots=True)
class _Container:
    ident: str
    first: str  # prefix of the container's first line
    cont: str  # prefix of its other lines
    list_id: str = ""
    tight: bool = False


def _containers(nest: tuple[Container, ...]) -> tuple[_Container, ...]:
    out: list[_Container] = []
    for elem in nest:
        if isinstance(elem, InQuote):
            out.append(_Container(f"q{elem.quote}", "> ", "> "))
            continue
        marker = elem.bullet if elem.start is None else f"{elem.start + elem.item}{elem.bullet}"
        first, list_id = marker + " ", f"l{elem.list}"
        out.append(
            _Container(f"{list_id}:{elem.item}", first, " " * len(first), list_id, elem.tight)
        )
    return tuple(out)


@dataclass
class _OpenList:
    number: int
    item: int
    start: int | None  # None: bulleted


def _synthesized_nests(blocks: list[Block]) -> list[tuple[Container, ...]]:
    """Quote and list containers for blocks of a non-Markdown source."""
    nests: list[tuple[Container, ...]] = []
    quotes = lists = 0
    in_quote = False
    stack: list[_OpenList] = []  # per depth
    for b in blocks:
        if b.kind is BlockKind.QUOTE:
            quotes += 0 if in_quote else 1
            in_quote, stack = True, []
            nests.append((InQuote(quotes),))
            continue
        in_quote = False
        if b.kind is not BlockKind.LIST_ITEM:
            stack = []
            nests.append(())
            continue
        depth = max(1, b.level)
        item = b.item or ListItem(False)
        start = item.start if item.ordered else None
        del stack[depth:]
        while len(stack) < depth - 1:
            lists += 1
            stack.append(_OpenList(lists, 0, None))
        if len(stack) == depth and (stack[-1].start is None) == (start is None):
            if not item.continued:
                stack[-1].item += 1
        else:
            del stack[depth - 1 :]
            lists += 1
            stack.append(_OpenList(lists, 0, start))
        nests.append(
            tuple(
                InList(o.number, o.item, "-" if o.start is None else ".", True, o.start)
                for o in stack
            )
        )
    return nests


def _table_id(b: Block) -> int:
    return b.cell.table if b.cell is not None else -1


def _cell_at(b: Block, n: int) -> tuple[int, int]:
    return (b.cell.row, b.cell.col) if b.cell is not None else (n, 0)


def _span(b: Block, name: str) -> int:
    if b.cell is None:
        return 1
    return max(1, b.cell.rowspan if name == "rowspan" else b.cell.colspan)


def _header(b: Block) -> bool:
    return b.cell is not None and b.cell.header


def _align(b: Block) -> str:
    return b.cell.align if b.cell is not None else ""


def _depth(b: Block, word: bool) -> int:
    """How deep a DOCX cell block's table is nested (1: a top-level table); 0 for a cell
    of a Markdown source, whose tables never nest."""
    return b.cell.depth if word and b.cell is not None else 0


def _outer_table(b: Block, word: bool) -> int | None:
    """The outermost DOCX table a cell block is in (None: not a DOCX cell)."""
    return b.cell.at(1).table if word and b.cell is not None else None


def _at(b: Block, level: int) -> int:
    """The table at nesting ``level`` (0: outermost) a DOCX cell block is in."""
    return b.cell.at(level + 1).table if b.cell is not None else -1


def _table(cells: list[Block], out: _Out, html: bool = False) -> list[str]:
    """A GFM pipe table when the shape allows, else an HTML table (module docstring). The
    cells of a table nested in a DOCX cell go into that cell, as a table of their own."""
    word = out.document.format != "markdown"
    base = min(_depth(b, word) for b in cells)
    content: dict[tuple[int, int], list[Block]] = {}  # every block in a cell, nested too
    grid: dict[tuple[int, int], list[Block]] = {}
    at: dict[TableCell, tuple[int, int]] = {}  # an outer cell -> its grid position
    for n, b in enumerate(cells):
        if _depth(b, word) == base:
            pos = _cell_at(b, n)
            grid.setdefault(pos, []).append(b)
            if base and b.cell is not None:
                at.setdefault(b.cell, pos)
        else:
            assert b.cell is not None  # deeper than base: a DOCX cell
            outer = b.cell.at(base)
            pos = at.get(outer, (outer.row, outer.col))
            if pos not in grid:
                grid[pos] = [replace(b, text="", codes=(), cell=None)]
            html = True
        content.setdefault(pos, []).append(b)
    first = cells[0]
    shape = first.cell or TableCell(-1, 0, 0)
    rows = max([r + _span(bs[0], "rowspan") for (r, _), bs in grid.items()])
    rows = max(rows, shape.rows, 1)
    cols = max([c + _span(bs[0], "colspan") for (_, c), bs in grid.items()])
    cols = max(cols, shape.cols, 1)
    header_rows = {r for (r, _), bs in grid.items() if _header(bs[0])}
    merged = any(_span(bs[0], "colspan") > 1 or _span(bs[0], "rowspan") > 1 for bs in grid.values())
    paragraphs = any(len(bs) > 1 for bs in grid.values())
    # a DOCX row that starts or ends short (gridBefore/gridAfter): a pipe table would fill it
    short = base > 0 and len(grid) < rows * cols and not merged
    if merged or paragraphs or header_rows - {0} or html or short:
        return _html_table(grid, rows, cols, header_rows, out, content if base else None)
    if not header_rows:
        out.warn(
            f"table {max(_table_id(first), 0) + 1} has no header row; "
            "its first row is the Markdown table's header"
        )
    aligns = _aligns(grid, cols, first)
    text = [[""] * cols for _ in range(rows)]
    for (r, c), bs in grid.items():
        b = bs[0]
        md = inline_markdown(b.text, newline="<br>", codes=b.codes, out=out) + b.tail
        text[r][c] = md.replace("|", "\\|")
    rule = {"left": ":---", "right": "---:", "center": ":---:"}
    lines = [
        "| " + " | ".join(text[0]) + " |",
        "| " + " | ".join(rule.get(a, "---") for a in aligns) + " |",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in text[1:]]
    return [ln.replace("|  |", "| |") for ln in lines]


def _aligns(grid: dict[tuple[int, int], list[Block]], cols: int, first: Block) -> list[str]:
    if first.cell is not None and first.cell.aligns:
        return ([*first.cell.aligns] + [""] * cols)[:cols]
    aligns: list[str] = []
    for c in range(cols):
        found = Counter(_align(bs[0]) for (_, col), bs in grid.items() if col == c)
        common = found.most_common(1)
        aligns.append(common[0][0] if common and len(found) == 1 else "")
    return aligns


def _html_table(
    grid: dict[tuple[int, int], list[Block]],
    rows: int,
    cols: int,
    header_rows: set[int],
    out: _Out,
    content: dict[tuple[int, int], list[Block]] | None = None,
) -> list[str]:
    """An HTML table. With ``content`` (a DOCX table: every block of each cell, nested
    tables' cells too), a nested table is a table in its cell, and a row that starts
    short in Word (``gridBefore``) starts with one empty cell spanning the missing
    columns, one that ends short (``gridAfter``) ends early, as Word shows them."""
    covered: set[tuple[int, int]] = set()
    for (r, c), bs in grid.items():
        for dr in range(_span(bs[0], "rowspan")):
            for dc in range(_span(bs[0], "colspan")):
                if dr or dc:
                    covered.add((r + dr, c + dc))
    lines = ["<table>"]
    for r in range(rows):
        lines.append("<tr>")
        taken = [c for c in range(cols) if (r, c) in grid or (r, c) in covered]
        for c in range(cols):
            if (r, c) in covered:
                continue
            bs = grid.get((r, c), [])
            if content is not None and not bs and (not taken or c > taken[-1]):
                break  # the row ends short
            if content is not None and not bs and c < taken[0]:
                if c == 0:
                    lead = f' colspan="{taken[0]}"' if taken[0] > 1 else ""
                    lines.append(f"<td{lead}></td>")
                continue  # the row starts short: one empty cell
            tag = "th" if r in header_rows else "td"
            attrs = _html_cell_attrs(bs[0]) if bs else ""
            inner = _cell_lines(content[(r, c)], out) if content and (r, c) in content else None
            if inner is None:
                inner = [ln for b in bs if b.text.strip() for ln in ["", *_paragraph(b, out)]]
            if not inner:
                lines.append(f"<{tag}{attrs}></{tag}>")
                continue
            lines += [f"<{tag}{attrs}>", *inner, "", f"</{tag}>"]
        lines.append("</tr>")
    lines.append("</table>")
    return lines


def _html_cell_attrs(first: Block) -> str:
    """A cell's ``colspan``, ``rowspan`` and ``align`` attributes, from its first block."""
    attrs = ""
    for name in ("colspan", "rowspan"):
        if _span(first, name) > 1:
            attrs += f' {name}="{_span(first, name)}"'
    if _align(first) in ("left", "center", "right"):
        attrs += f' align="{_align(first)}"'
    return attrs


def _cell_lines(blocks: list[Block], out: _Out) -> list[str]:
    """A DOCX cell's paragraphs and, where they stand, the tables nested in it."""
    base = min(_depth(b, True) for b in blocks)
    lines: list[str] = []
    i = 0
    while i < len(blocks):
        b = blocks[i]
        if _depth(b, True) == base:
            if b.text.strip():
                lines += ["", *_paragraph(b, out)]
            i += 1
            continue
        j = i + 1
        while (
            j < len(blocks)
            and _depth(blocks[j], True) > base
            and _at(blocks[j], base) == _at(b, base)
        ):
            j += 1
        lines += ["", *_table(blocks[i:j], out, html=True)]
        i = j
    return lines


def _shift(document: Document) -> int:
    """How far headings of a non-Markdown source move down: one when the document has a
    title (Word's Heading 1 becomes ``##``)."""
    if document.format == "markdown":
        return 0
    return 1 if any(b.kind is BlockKind.TITLE for b in document.blocks) else 0


def _is_deck(document: Document, b: Block) -> bool:
    return (
        document.format != "markdown"
        and b.kind is BlockKind.HEADING
        and (b.role is Role.SUBHEADLINE or b.style == "Subtitle")
    )


def _leaf_lines(b: Block, out: _Out, shift: int = 0) -> list[str]:
    if b.kind is BlockKind.RAW:
        return b.text.split("\n")
    if b.kind is BlockKind.TITLE:
        return [_heading(b, 1, out)]
    if b.kind is BlockKind.HEADING:
        return [_heading(b, (b.level or 1) + shift, out)]
    return _paragraph(b, out)


def _body(document: Document, out: _Out | None = None) -> list[str]:
    out = out or _Out(document)
    shift = _shift(document)
    word = document.format != "markdown"
    blocks = [
        b
        for b in document.blocks
        if b.kind in _BODY_KINDS
        and not b.field
        and not (word and b.kind is BlockKind.HEADING and _is_deck(document, b))
    ]
    native = document.format == "markdown" or any(b.nest for b in blocks)
    nests = [b.nest for b in blocks] if native else _synthesized_nests(blocks)
    leaves: list[tuple[tuple[_Container, ...], list[str]]] = []
    i = 0
    while i < len(blocks):
        b, nest = blocks[i], nests[i]
        conts = _containers(nest) if nest else ()
        if b.kind is BlockKind.TABLE_CELL:
            j = i + 1
            while (
                j < len(blocks)
                and blocks[j].kind is BlockKind.TABLE_CELL
                and nests[j] == nests[i]
                and (
                    _table_id(blocks[j]) == _table_id(b)
                    or (
                        _outer_table(b, word) is not None
                        and _outer_table(blocks[j], word) == _outer_table(b, word)
                    )
                )
            ):
                j += 1
            leaves.append((conts, _table(blocks[i:j], out)))
            i = j
            continue
        leaves.append((conts, _leaf_lines(b, out, shift)))
        i += 1
    if not any(conts for conts, _ in leaves):
        return _flat_lines(leaves)
    return _nested_lines(_widen_before_code(leaves))


def _flat_lines(leaves: list[tuple[tuple[_Container, ...], list[str]]]) -> list[str]:
    """:func:`_nested_lines` of leaves outside any quote or list (most documents): their
    lines with one blank line between leaves (tests/formats/test_markdown_fast.py)."""
    lines: list[str] = []
    for n, (_, leaf) in enumerate(leaves):
        if n:
            lines.append("")
        lines += leaf
    return lines


def _nested_lines(leaves: list[tuple[tuple[_Container, ...], list[str]]]) -> list[str]:
    """The leaves' lines behind their containers' prefixes, blank lines between leaves
    except inside a tight list."""
    lines: list[str] = []
    prev: tuple[_Container, ...] | None = None
    for conts, leaf in leaves:
        k = 0
        if prev is not None:
            while k < min(len(prev), len(conts)) and prev[k].ident == conts[k].ident:
                k += 1
            if not _tight(prev, conts, k):
                lines.append("".join(c.cont for c in conts[:k]).rstrip())
        for n, line in enumerate(leaf):
            prefix = "".join(c.first if n == 0 and j >= k else c.cont for j, c in enumerate(conts))
            lines.append(prefix + line if line else prefix.rstrip())
        prev = conts
    return lines


def _indent(line: str) -> int:
    return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip(" "))


def _widen_before_code(
    leaves: list[tuple[tuple[_Container, ...], list[str]]],
) -> list[tuple[tuple[_Container, ...], list[str]]]:
    """An indented code block right after a list would read as the last item's
    continuation ("1. a" then "    3. c"): that list's items get their content column
    past the code block's indentation (CommonMark 259, 315), as the source had them."""
    need: dict[str, int] = {}
    for n in range(1, len(leaves)):
        (prev, _), (conts, leaf) = leaves[n - 1], leaves[n]
        k = 0
        while k < min(len(prev), len(conts)) and prev[k].ident == conts[k].ident:
            k += 1
        if k >= len(prev) or not prev[k].list_id:
            continue
        first = next((ln for ln in leaf if ln.strip()), "")
        if _indent(first) < 4:
            continue
        want = _indent(first) + 1
        need[prev[k].list_id] = max(need.get(prev[k].list_id, 0), want)
    if not need:
        return leaves
    out = []
    for conts, leaf in leaves:
        wide = []
        for c in conts:
            want = need.get(c.list_id, 0) if c.list_id else 0
            if want > len(c.first):
                marker = c.first.strip()
                spaces = min(4, max(1, want - len(marker)))
                lead = min(3, max(0, want - len(marker) - spaces))
                first = " " * lead + marker + " " * spaces
                c = replace(c, first=first, cont=" " * len(first))
            wide.append(c)
        out.append((tuple(wide), leaf))
    return out


def _note_groups(document: Document) -> list[list[Block]]:
    """NOTE blocks grouped by note (consecutive paragraphs of one footnote)."""
    groups: list[list[Block]] = []
    for b in document.blocks:
        if b.kind is not BlockKind.NOTE:
            continue
        if groups and b.note is not None and b.note.label and groups[-1][0].note == b.note:
            groups[-1].append(b)
        else:
            groups.append([b])
    return groups


def _note_labels(document: Document, groups: list[list[Block]]) -> dict[str, str]:
    """Note block key → footnote label: a Markdown source's labels as written, else
    1, 2, 3… in the order of the first reference (unreferenced notes last)."""
    order: list[str] = []
    for b in document.blocks:
        for c in b.codes:
            if c.kind is CodeKind.NOTE and c.ref not in order:
                order.append(c.ref)
    firsts = [g[0].key for g in groups]
    ranked = [k for k in order if k in firsts] + [k for k in firsts if k not in order]
    labels: dict[str, str] = {}
    for n, key in enumerate(ranked, 1):
        group = groups[firsts.index(key)]
        label = group[0].note.label if group[0].note is not None else ""
        native = document.format == "markdown" and re.fullmatch(r"[^\s\[\]^]{1,64}", label)
        labels[key] = label if native and label not in labels.values() else str(n)
        for b in group[1:]:
            labels[b.key] = labels[key]
    return labels


def _notes(groups: list[list[Block]], out: _Out) -> list[str]:
    lines: list[str] = []
    for group in groups:
        label = out.notes[group[0].key]
        lines.append("")
        for n, b in enumerate(group):
            body = _paragraph(b, out) if b.text.strip() else [""]
            if n:
                lines.append("")
            for k, line in enumerate(body):
                first = n == 0 and k == 0
                lines.append(f"[^{label}]: {line}" if first else ("    " + line).rstrip())
    return lines


def _tight(prev: tuple[_Container, ...], cur: tuple[_Container, ...], k: int) -> bool:
    a = prev[k] if k < len(prev) else None
    b = cur[k] if k < len(cur) else None
    if a is not None and b is not None and a.list_id and a.list_id == b.list_id:
        return a.tight  # two items of one list
    if a is not None:
        return False  # leaving a nested container: a blank line ends it
    return k > 0 and bool(cur[k - 1].list_id) and cur[k - 1].tight  # inside one tight item


# ---------------------------------------------------------------- front matter


def _field(name: str, value: str) -> str:
    """``name: value`` as one YAML line, exactly as ``yaml.safe_dump`` writes it: a key
    and a value that PyYAML writes as plain scalars are written here directly (most
    values: a title, a date in words), anything else goes through PyYAML."""
    if name == "date" and _ISO_DATE.match(value):
        return f"date: {value}"
    if _plain_key(name) and _plain_scalar(value):
        return f"{name}: {value}"
    import yaml

    dumped = yaml.safe_dump({name: value}, allow_unicode=True, sort_keys=False, width=1 << 20)
    return dumped.rstrip("\n")


# the lines of the fields whose values recur in many exports (a language, a date)
_same_field = functools.lru_cache(maxsize=512)(_field)

_ISOLATES = frozenset("\u2066\u2067\u2068\u2069")  # bidi isolates (rtl values)
# PyYAML's implicit resolvers (yaml.resolver.Resolver), which it looks up by a value's
# first character, known here so that most values never import PyYAML (27 ms, in an
# export's own process before it forks): the first characters they are looked up by; the
# only values opening with a letter they read as another type than str (a bool or a
# null); every character the resolvers of values opening with a digit (int, float,
# timestamp) can match. Any other value opening with one of those first characters
# ("12", "-1", ".5", "~") is asked of PyYAML itself. tests/formats/test_front_matter.py
# checks all three against PyYAML's resolvers.
_RESOLVED_FIRST = frozenset("yYnNtTfFoO-+0123456789.<~=")
_LETTER_VALUES = frozenset(
    spelling
    for word in ("yes", "no", "true", "false", "on", "off", "null")
    for spelling in (word, word.title(), word.upper())
)
# (a value opening with a digit and holding any other character is a str: "14 mars 2026")
_NUMERIC_CHARS = frozenset("0123456789abcdefABCDEFxX_.:+-TtZ \tinIN")  # (inf, nan)


@functools.cache
def _is_str() -> Callable[[str], bool]:
    """Whether PyYAML reads a plain scalar back as a str (imported on first use)."""
    import yaml

    resolve = yaml.resolver.Resolver().resolve
    return lambda value: resolve(yaml.ScalarNode, value, (True, False)) == _STR_TAG


_STR_TAG = "tag:yaml.org,2002:str"


def _plain_scalar(value: str) -> bool:
    """True when PyYAML (``allow_unicode``, no line width) writes ``value`` unquoted
    in block context: it opens with a letter, a digit or a bidi isolate (a right-to-left
    export's title opening with a left-to-right run), holds only printable characters
    (or bidi isolates) and neither ``:`` nor ``#``, has no surrounding whitespace, and
    does not read back as another type (``yes``, ``12``, ``2026-03-14``, ``null``…).
    ``tests/formats/test_front_matter.py`` checks this against PyYAML."""
    if not value or not (value[0].isalnum() or value[0] in _ISOLATES) or value != value.strip():
        return False
    if ":" in value or "#" in value:  # ": " and " #" would end a plain scalar
        return False
    if not value.isprintable():  # bidi isolates are not (format characters)
        rest = value
        for isolate in _ISOLATES:
            rest = rest.replace(isolate, "")
        if not rest.isprintable():  # a character that is neither
            return False
    first = value[0]
    if first not in _RESOLVED_FIRST:
        return True  # no implicit resolver for it: a str (BaseResolver.resolve)
    if first.isalpha():
        return value not in _LETTER_VALUES
    if first.isdigit() and not _NUMERIC_CHARS.issuperset(value):
        return True
    return _is_str()(value)


@functools.lru_cache(maxsize=256)
def _plain_key(name: str) -> bool:
    return len(name) < 128 and _plain_scalar(name)  # a longer key is a complex key ("? ")


def _plain(b: Block, state: _Out | None = None) -> str:
    """A block's text without markup, its fields showing their results (front matter);
    a placeholder without text (a picture in a page header) is left out with a warning."""
    out: list[str] = []
    for sp in inline.parse(b.text):
        if sp.placeholder is None:
            out.append(sp.text)
            continue
        code = b.code(sp.placeholder)
        if code is not None and code.kind is not CodeKind.NOTE and code.ref != HTML_REF:
            out.append(code.text)
        if state is not None and (code is None or not code.text or code.ref == HTML_REF):
            what = code.kind.value if code is not None else "placeholder"
            state.warn(f"a {what} in the page {b.kind.value} is not kept in the front matter")
    return " ".join("".join(out).split())


def _fields(
    document: Document, state: _Out | None = None
) -> tuple[str, dict[str, str], dict[str, list[str]]]:
    """(title, translated front-matter fields, header/footer lines) of the document."""
    fields: dict[str, str] = {}
    word = document.format != "markdown"
    named: list[Block] = []  # one pass over the blocks: their kinds, in document order
    deck_blocks: list[Block] = []
    page_blocks: list[Block] = []
    title_block: Block | None = None
    for b in document.blocks:
        if b.field:
            named.append(b)
        kind = b.kind
        if kind is BlockKind.HEADING:
            if word and _is_deck(document, b):
                deck_blocks.append(b)
        elif kind is BlockKind.HEADER or kind is BlockKind.FOOTER:
            page_blocks.append(b)
        elif kind is BlockKind.TITLE and title_block is None:
            title_block = b
    for b in named:
        name = b.field
        if re.fullmatch(r"[A-Za-z_][\w-]*", name or "") and name not in fields:
            fields[name] = _plain(b)
    decks = [_plain(b) for b in deck_blocks]
    if decks and "subtitle" not in fields:
        fields["subtitle"] = " ".join(d for d in decks if d)
    pages: dict[str, list[str]] = {"header": [], "footer": []}
    for b in page_blocks:
        text = _plain(b, state)
        lines = pages[b.kind.value]
        if text and text not in lines:
            lines.append(text)
    title = fields.pop("title", "")
    if not title:
        title = _plain(title_block) if title_block is not None else ""
    return title, fields, pages


_TRANSLATED = ("subtitle", "summary", "description")


def _front_matter(document: Document, context: ExportContext, out: _Out) -> list[str]:
    title, fields, pages = _fields(document, out)
    if context.language.rtl:  # values only, never keys (module docstring)
        title = bidi.isolate(title)
        fields = {name: bidi.isolate(value) for name, value in fields.items()}
        pages = {name: [bidi.isolate(v) for v in values] for name, values in pages.items()}
    if any(name == "frontmatter:toml" for name, _ in document.meta):
        toml = document.meta_value("frontmatter:toml")
        return _toml_front_matter(toml, title, fields, context, out)
    date = document.meta_value("date") or context.source_document.meta_value("date")
    lines = _front_matter_head(title, date, context)
    raw = document.meta_value("frontmatter:yaml")
    if raw:
        lines += raw.rstrip("\n").split("\n")
    else:
        for name, value in document.meta:
            own = name in RESERVED_FIELDS or name in fields or name in pages
            if not own and ":" not in name:
                lines.append(_field(name, value))
    lines += [
        _field(name, value)
        for name, value in fields.items()
        if (name not in RESERVED_FIELDS or name in _TRANSLATED) and name not in pages
    ]
    for name, values in pages.items():
        if values:
            value = values[0] if len(values) == 1 else values
            import yaml

            dumped = yaml.safe_dump({name: value}, allow_unicode=True, width=1 << 20)
            lines += dumped.rstrip("\n").split("\n")
    lines.append("---")
    return lines


def _front_matter_head(title: str, date: str, context: ExportContext) -> list[str]:
    """The YAML front matter's opening and the fields every export has, in their order
    (title, lang, dir, date, date_display), for :func:`_front_matter` and
    :func:`write_skeleton`."""
    lines = ["---"]
    if title:
        lines.append(_field("title", title))
    lines.append(_same_field("lang", context.language.bcp47))
    if context.language.rtl:
        lines.append("dir: rtl")
    if date:
        lines.append(_same_field("date", date))
    if context.date_display:
        lines.append(_same_field("date_display", context.date_display))
    return lines


# TOML: written back as the source had it, only the values transflow owns replaced

_TRIPLE = ('"' * 3, "'" * 3)


def _toml_str(value: str) -> str:
    out = ['"']
    for ch in value:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _escaped(text: str, k: int) -> bool:
    n = 0
    while k - n - 1 >= 0 and text[k - n - 1] == "\\":
        n += 1
    return n % 2 == 1


def _toml_value_end(text: str, start: int) -> int:
    """Where the TOML value that starts at ``start`` ends (a string, or the line)."""
    for quote in _TRIPLE:
        if text.startswith(quote, start):
            k = start + 3
            while True:
                k = text.find(quote, k)
                if k < 0:
                    return len(text)
                if quote[0] == '"' and _escaped(text, k):
                    k += 1
                    continue
                end = k + 3
                while text.startswith(quote[0], end) and end - k < 5:  # "" may end it too
                    end += 1
                return end
    if text.startswith('"', start):
        k = start + 1
        while k < len(text) and text[k] != "\n":
            if text[k] == '"' and not _escaped(text, k):
                return k + 1
            k += 1
        return k
    if text.startswith("'", start):
        k = text.find("'", start + 1)
        return len(text) if k < 0 else k + 1
    nl = text.find("\n", start)
    return len(text) if nl < 0 else nl


def _toml_set(text: str, key: str, value: str) -> str | None:
    """``text`` with the top-level ``key`` set to the string ``value`` (replaced where
    it stands, or added before the first table); None when that cannot be done."""
    k = re.escape(key)
    pattern = re.compile(rf"^[ \t]*(?:{k}|\"{k}\"|'{k}')[ \t]*=[ \t]*", re.M)
    first_table = next((m.start() for m in re.finditer(r"^[ \t]*\[", text, re.M)), len(text))
    m = pattern.search(text)
    if m and m.start() < first_table:
        end = _toml_value_end(text, m.end())
        new = text[: m.end()] + _toml_str(value) + text[end:]
    else:
        line = f"{key} = {_toml_str(value)}"
        if first_table == len(text):
            new = text + ("\n" if text and not text.endswith("\n") else "") + line
        else:
            new = text[:first_table] + line + "\n" + text[first_table:]
    try:
        if tomllib.loads(new).get(key) != value:
            return None
    except tomllib.TOMLDecodeError:
        return None
    return new


def _toml_front_matter(
    raw: str, title: str, fields: dict[str, str], context: ExportContext, out: _Out
) -> list[str]:
    text = raw
    values = [("title", title)] if title else []
    values += [(k, v) for k, v in fields.items() if k in _TRANSLATED or k not in RESERVED_FIELDS]
    values.append(("lang", context.language.bcp47))
    if context.language.rtl:
        values.append(("dir", "rtl"))
    if context.date_display:
        values.append(("date_display", context.date_display))
    for key, value in values:
        changed = _toml_set(text, key, value)
        if changed is None:
            out.warn(f"front matter field {key!r} could not be written into the TOML")
        else:
            text = changed
    return ["+++", *(text.split("\n") if text else []), "+++"]


@register_writer("md")
def write_markdown(document: Document, out: Path, context: ExportContext) -> Rendered:
    """Render ``document`` as Markdown (see the module docstring); ``out`` is not written."""
    del out  # the caller writes the bytes atomically
    if context.source_document.format == "docx":  # translated picture descriptions
        from transflow.formats.docx_inline import fold_descriptions

        document = fold_descriptions(document)
    state = _Out(document, context)
    groups = _note_groups(document)
    state.notes = _note_labels(document, groups)
    lines = _front_matter(document, context, state)
    body = _body(document, state)
    if body:
        lines += ["", *body]
    lines += _notes(groups, state)
    return _rendered(lines, state, context)


def _rendered(lines: list[str], state: _Out, context: ExportContext) -> Rendered:
    """The export of ``lines``, with what writing them gathered in ``state``."""
    if context.source_document.meta_value("docx:toc"):  # see formats.docx_review
        state.warn(TOC_LEFT_OUT)
    data = ("\n".join(lines) + "\n").encode("utf-8")
    return Rendered(data, tuple(state.assets), tuple(state.warnings), state.external)


# ---------------------------------------------------------------- simple documents


@dataclass(frozen=True, slots=True)
class Skeleton:
    """What :func:`write_markdown` makes of a simple document whatever its text: the
    document (as read) and, for each of its blocks in order, the heading level it is
    written at (0: a paragraph). See :func:`skeleton_of`."""

    document: Document
    levels: tuple[int, ...]
    title: int  # the index of the first TITLE block (the front matter's title), or -1
    # what goes before each block's text in the body write_markdown writes when each
    # block's Markdown is its text (_plain_body), UTF-8: the blank line after the block
    # before, the heading's "#"s and a space; () when a block has a tail
    leads: tuple[bytes, ...] = ()
    marks: int = 0  # how many "\n" and "#" the leads hold
    paragraphs: tuple[int, ...] = ()  # the blocks written as paragraphs (level 0)


def skeleton_of(document: Document) -> Skeleton | None:
    """The :class:`Skeleton` of a document whose Markdown export depends on its blocks'
    texts only through each block's own line(s) and the title: a text or Markdown
    source without metadata whose blocks are titles, headings (no deck) and paragraphs,
    without placeholders, containers, fields or pictures (a text source always is).
    None for any other document: then only :func:`write_markdown` writes it."""
    if document.format not in ("text", "markdown") or document.meta:
        return None
    shift = _shift(document)
    levels: list[int] = []
    title = -1
    tails = False
    for n, b in enumerate(document.blocks):
        if (
            b.codes
            or b.nest
            or b.field
            or b.cell is not None
            or b.note is not None
            or b.item is not None
            or b.picture
        ):
            return None
        tails = tails or bool(b.tail)
        kind = b.kind
        if kind is BlockKind.PARAGRAPH:
            levels.append(0)
        elif kind is BlockKind.TITLE:
            levels.append(1)
            if title < 0:
                title = n
        elif kind is BlockKind.HEADING and not _is_deck(document, b):
            levels.append((b.level or 1) + shift)
        else:
            return None
    if tails or not levels:
        return Skeleton(document, tuple(levels), title)
    heads = [_HEADING_MARKS[min(level, 6)] for level in levels]  # b"" for a paragraph
    leads = (heads[0], *[b"\n\n" + head for head in heads[1:]])
    headings = len(heads) - heads.count(b"")
    marks = 2 * (len(levels) - 1) + sum(map(len, heads)) - headings  # "\n"s, "#"s (no space)
    paragraphs = tuple(n for n, level in enumerate(levels) if not level)
    return Skeleton(document, tuple(levels), title, leads, marks, paragraphs)


_HEADING_MARKS = [b""] + [b"#" * level + b" " for level in range(1, 7)]


def _joined(leads: tuple[bytes, ...], texts: list[str]) -> bytes:
    """Each text (UTF-8) behind its lead, in one piece (one allocation of the right size:
    ``bytes %`` grows its buffer, which leaves the heap larger)."""
    return b"".join(_chain(zip(leads, map(str.encode, texts), strict=True)))


# the special characters (_SPECIAL_CHAR) that may change a text in inline_markdown
# (escaped, read as markup) wherever they stand, as UTF-8 bytes (each is one byte, which
# no other character's UTF-8 holds); the others, ">", "|" and the no-break space, matter
# only at a line's start or end (_line_start, _edge_nbsp), which _plain_body rules out
_MARKED = b"\\`*_[]<!&~{#\n"
_SPACE = re.compile(r"\s")  # str.isspace, as str.strip has it
# what a paragraph's line may open with that _line_start escapes or strips
_LINE_START = re.compile(r"[ \t#>+*\-=~|:\d]")  # \d: str.isdecimal
_FIRST, _LAST = operator.itemgetter(0), operator.itemgetter(-1)
_chain = itertools.chain.from_iterable


def _plain_body(skeleton: Skeleton, texts: list[str]) -> bytes | None:
    """The body write_markdown writes (UTF-8) when every block's Markdown is its text
    and its line is that text behind its heading's "#"s: no text is empty, opens or
    closes with white space (a no-break space too), or holds a special character but
    ">", "|" and the no-break space (:data:`_MARKED`, so none holds "\n" or "#": all of
    the body's are its leads': the count proves it); None otherwise. The caller
    checks how the paragraphs open (_paragraphs_open_plainly;
    tests/formats/test_markdown_skeleton.py)."""
    if not skeleton.leads or len(texts) != len(skeleton.levels) or not all(texts):
        return None
    ends = "".join(map(_FIRST, texts)) + "".join(map(_LAST, texts))
    if _SPACE.search(ends) is not None:
        return None
    body = _joined(skeleton.leads, texts)
    if len(body) - len(body.translate(None, _MARKED)) != skeleton.marks:
        return None
    return body


def _paragraphs_open_plainly(skeleton: Skeleton, texts: list[str]) -> bool:
    """No paragraph of ``texts`` (none empty) opens with a character :func:`_line_start`
    escapes or strips (a heading's may: its line opens with "#")."""
    if _LINE_START.search("".join(map(_FIRST, texts))) is None:  # no block's does
        return True
    return _LINE_START.search("".join([texts[n][0] for n in skeleton.paragraphs])) is None


def _plain_lines(skeleton: Skeleton, shown: list[str]) -> bytes:
    """The body of :func:`_plain_body`'s texts, their Markdown ``shown``, block by block:
    a paragraph's line through :func:`_line_start` (one opens with a digit, a "+"…)."""
    lines = [
        "#" * min(level, 6) + " " + md if level else _line_start(md)
        for level, md in zip(skeleton.levels, shown, strict=True)
    ]
    return "\n\n".join(lines).encode()


def write_skeleton(skeleton: Skeleton, texts: list[str], context: ExportContext) -> Rendered:
    """:func:`write_markdown` of the skeleton's document with its blocks' texts replaced by
    ``texts`` (one per block, in order), the same bytes, warnings and assets, without
    building the translated document (tests/formats/test_markdown_skeleton.py)."""
    document = skeleton.document
    rtl = context.language.rtl
    date = context.source_document.meta_value("date")
    plain = _plain_body(skeleton, texts)
    if plain is not None:
        # each block's Markdown is its text, or for a right-to-left target the isolated
        # text (inline_markdown), which holds the same special characters, white space
        # at its ends and lines (LRI and PDI are none of them), and may open differently;
        # so a heading's line is that behind its "#"s, a paragraph's _line_start of it
        shown = list(map(bidi.isolate, texts)) if rtl else texts
        if not _paragraphs_open_plainly(skeleton, shown):
            plain = _plain_lines(skeleton, shown)
        elif rtl:
            plain = _joined(skeleton.leads, shown)
        title = ""  # _rendered of the lines, nothing gathered
        if skeleton.title >= 0:  # no inline markup (no _MARKED character): _plain_text
            text = texts[skeleton.title]
            title = " ".join(text.split())
            if rtl:
                title = shown[skeleton.title] if title == text else bidi.isolate(title)
        lines = _front_matter_head(title, date, context)
        toc = context.source_document.meta_value("docx:toc")
        head = "\n".join(lines).encode()
        data = b"".join((head, b"\n---\n\n", plain, b"\n"))
        return Rendered(data, (), (TOC_LEFT_OUT,) if toc else (), False)
    title = _plain_text(texts[skeleton.title]) if skeleton.title >= 0 else ""
    if rtl:
        title = bidi.isolate(title)
    lines = _front_matter_head(title, date, context)
    lines.append("---")
    state = _Out(document, context)
    body: list[str] = []
    special = _SPECIAL_CHAR.search
    for n, (b, level, text) in enumerate(zip(document.blocks, skeleton.levels, texts, strict=True)):
        if n:
            body.append("")
        if (
            not rtl
            and text
            and not b.tail
            and special(text) is None
            and not (text[0].isspace() or text[-1].isspace())
        ):
            # what inline_markdown gives for such a text is the text (no "\n" in it: a
            # special character), so what _heading_line and _paragraph_lines make of it
            # needs no call (tests/formats/test_markdown_skeleton.py)
            if level:
                body.append("#" * min(level, 6) + " " + text)
                continue
            if text[0] not in _MAY_START and not text[0].isdecimal():
                body.append(text)
                continue
        if level:
            body.append(_heading_line(text, level, (), b.tail, state))
        else:
            body += _paragraph_lines(text, (), b.tail, state)
    if body:
        lines += ["", *body]
    return _rendered(lines, state, context)


def _plain_text(text: str) -> str:
    """:func:`_plain` of a block with this text and no codes (a placeholder in it stands
    for nothing: left out)."""
    return " ".join("".join(sp.text for sp in inline.parse(text) if sp.placeholder is None).split())
