"""Markdown writer: a translated Document (from any source format) → a Markdown file.

Output: YAML front matter (title, ``lang``, ``dir: rtl`` for right-to-left languages,
``date`` and ``date_display``, the source's other fields unchanged, translated summary),
then the blocks in source order with one blank line between them (none between the
items of a tight list) and a trailing newline. Blocks from :mod:`markdown_read` carry
their quote and list containers in ``attrs["nest"]``; for other formats consecutive
``QUOTE`` blocks form one block quote and ``LIST_ITEM`` levels become nested lists.

Inline markup becomes Markdown with ``**``/``*`` emphasis; when a rendering would not
read back with the same formatting (CommonMark's flanking rules around punctuation), the
block falls back to ``<strong>``/``<em>`` tags, which the reader understands. A hard line
break (``"\\n"`` in the text) is written ``\\`` + newline, or ``<br>`` in a table cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from .. import inline
from ..model import Block, BlockKind, Document
from . import ExportContext, Rendered, register_writer
from .markdown_inline import inline_text
from .markdown_read import RESERVED_FIELDS

_CELL_KEY = re.compile(r"table:([^:]+):row:(\d+):col:(\d+)")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<!--.*?-->", re.DOTALL)
_OWN_TAG = re.compile(r"</?(?:u|ins|b|strong|i|em|br)\b", re.IGNORECASE)
_SEPARATOR = "<!---->"  # an empty HTML comment, which the reader ignores
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}$")
_BODY_TEXT = (BlockKind.PARAGRAPH, BlockKind.QUOTE, BlockKind.LIST_ITEM, BlockKind.HEADER,
              BlockKind.FOOTER, BlockKind.IMAGE_ALT)  # fmt: skip


# ---------------------------------------------------------------- inline rendering


def _intraword(text: str, i: int) -> bool:
    """An ``_`` between letters or digits, which never starts or ends emphasis."""
    return i > 0 and text[i - 1].isalnum() and text[i + 1 : i + 2].isalnum()


def _escape(text: str, newline: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\n":
            out.append(newline)
        elif ch in "\\`*[]" or (ch == "_" and not _intraword(text, i)):
            out.append("\\" + ch)
        elif ch == "<":
            m = _HTML_TAG.match(text, i)
            if (
                m and not _OWN_TAG.match(text, i) and m.group() != _SEPARATOR
            ):  # inline HTML from the source: kept as HTML
                out.append(m.group())
                i = m.end()
                continue
            nxt = text[i + 1 : i + 2]
            out.append("\\<" if nxt.isalpha() or nxt in ("/", "!", "?") else "<")
        elif ch == "&" and _ENTITY.match(text, i):
            out.append("\\&")
        elif ch == "~" and "~" in (text[i - 1 : i], text[i + 1 : i + 2]):
            out.append("\\~")
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def _code(text: str) -> str:
    text = text.replace("\n", " ")
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    # CommonMark strips one space from each side unless the content is only spaces
    edge_space = text[:1] == " " == text[-1:] and text.strip(" ") != ""
    pad = " " if text.startswith("`") or text.endswith("`") or edge_space else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _dest(url: str) -> str:
    if re.search(r"[\s<>]", url) or url.count("(") != url.count(")"):
        return "<" + re.sub(r"([<>\\])", r"\\\1", url) + ">"
    return url.replace("\\", "\\\\")


def _flat(spans: list[inline.Span], html: bool, newline: str) -> str:
    marks = {
        "bold": ("<strong>", "</strong>") if html else ("**", "**"),
        "italic": ("<em>", "</em>") if html else ("*", "*"),
        "underline": ("<u>", "</u>"),
    }
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
        out.append(body if link is None else f"[{body}]({_dest(link)})")
    return "".join(out)


def _render_run(spans: list[inline.Span], html: bool, newline: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(spans):
        if spans[i].image is not None:
            out.append(f"![{_escape(spans[i].text, ' ')}]({_dest(spans[i].image)})")
            i += 1
            continue
        j = i
        while j < len(spans) and spans[j].image is None:
            j += 1
        out.append(_flat(spans[i:j], html, newline))
        i = j
    return "".join(out)


_MARKDOWN_SPECIAL = re.compile(r"[\\`*_\[\]<>!&~#|\n]|^\s|\s$")


def inline_markdown(text: str, newline: str = "\\\n") -> str:
    """transflow inline markup → Markdown inline source that reads back the same."""
    if not _MARKDOWN_SPECIAL.search(text):
        return text  # nothing Markdown could read differently: most sentences
    spans = inline.parse(text)
    if spans and not spans[0].code:
        spans[0] = replace(spans[0], text=spans[0].text.lstrip("\n"))
    if spans and not spans[-1].code:
        spans[-1] = replace(spans[-1], text=spans[-1].text.rstrip("\n"))
    want = inline.render(spans)
    best = _render(spans, False, "\\\n")
    if inline_text(best) != want:
        best = _render(spans, True, "\\\n")
    return best.replace("\\\n", newline) if newline != "\\\n" else best


def _line_start(line: str) -> str:
    line = line.strip()
    if re.match(r"#{1,6}(\s|$)|>|[+*-](\s|$)|(=+|-+)\s*$|~", line):
        return "\\" + line
    if line.startswith("<") and not _OWN_TAG.match(line):
        return "\\" + line
    if "|" in line and line[:1] in "|:-" and line:
        return "\\" + line
    m = re.match(r"\d{1,9}(?=[.)](\s|$))", line)
    return f"{m.group()}\\{line[m.end() :]}" if m else line


def _paragraph(text: str) -> list[str]:
    return [_line_start(ln) for ln in inline_markdown(text).split("\n")]


def _heading(text: str, level: int) -> str:
    md = inline_markdown(text, newline=" ").strip()
    if md.endswith("#"):
        md = md[:-1] + "\\#"
    return ("#" * min(max(level, 1), 6) + " " + md).rstrip()


# ---------------------------------------------------------------- block structure


@dataclass(frozen=True, slots=True)
class _Container:
    ident: str
    first: str  # prefix of the container's first line
    cont: str  # prefix of its other lines
    list_id: str = ""
    tight: bool = False


def _containers(nest: str) -> tuple[_Container, ...]:
    out: list[_Container] = []
    for elem in filter(None, nest.split("/")):
        if elem.startswith("q"):
            out.append(_Container(elem, "> ", "> "))
            continue
        list_id, item, marker, tight = elem.split(":")
        if marker[:-1].isdigit():
            marker = f"{int(marker[:-1]) + int(item)}{marker[-1]}"
        first = marker + " "
        out.append(_Container(f"{list_id}:{item}", first, " " * len(first), list_id, tight == "t"))
    return tuple(out)


def _synthesized_nests(blocks: list[Block]) -> list[str]:
    """Quote and list containers for blocks of a non-Markdown source."""
    nests: list[str] = []
    quotes = lists = 0
    in_quote = False
    stack: list[list[str]] = []  # per depth: [list id, item index, marker]
    for b in blocks:
        if b.kind is BlockKind.QUOTE:
            quotes += 0 if in_quote else 1
            in_quote, stack = True, []
            nests.append(f"q{quotes}")
            continue
        in_quote = False
        if b.kind is not BlockKind.LIST_ITEM:
            stack = []
            nests.append("")
            continue
        depth = max(1, b.level)
        marker = f"{b.attr('start') or 1}." if b.attr("ordered") == "1" else "-"
        del stack[depth:]
        while len(stack) < depth - 1:
            lists += 1
            stack.append([f"l{lists}", "0", "-"])
        if len(stack) == depth and (stack[-1][2] == "-") == (marker == "-"):
            if b.attr("continued") != "1":
                stack[-1][1] = str(int(stack[-1][1]) + 1)
        else:
            del stack[depth - 1 :]
            lists += 1
            stack.append([f"l{lists}", "0", marker])
        nests.append("/".join(f"{i}:{n}:{m}:t" for i, n, m in stack))
    return nests


def _table(cells: list[Block]) -> list[str]:
    found = [(_CELL_KEY.search(b.key), b) for b in cells]
    placed = [((int(m[2]), int(m[3])) if m else (n, 0), b) for n, (m, b) in enumerate(found)]
    rows = max([r + 1 for (r, _), _ in placed] + [int(cells[0].attr("rows") or 0)])
    cols = max([c + 1 for (_, c), _ in placed] + [int(cells[0].attr("cols") or 0), 1])
    aligns = (cells[0].attr("aligns").split(",") + [""] * cols)[:cols]
    grid = [[""] * cols for _ in range(max(rows, 1))]
    for (r, c), b in placed:
        grid[r][c] = inline_markdown(b.text, newline="<br>").replace("|", "\\|")
    rule = {"left": ":---", "right": "---:", "center": ":---:"}
    lines = [
        "| " + " | ".join(grid[0]) + " |",
        "| " + " | ".join(rule.get(a, "---") for a in aligns) + " |",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in grid[1:]]
    return [ln.replace("|  |", "| |") for ln in lines]


def _leaf_lines(b: Block) -> list[str]:
    if b.kind is BlockKind.RAW:
        return b.text.split("\n")
    if b.kind is BlockKind.TITLE:
        return [_heading(b.text, 1)]
    if b.kind is BlockKind.HEADING:
        return [_heading(b.text, b.level or 2)]
    return _paragraph(b.text)


def _body(document: Document) -> list[str]:
    blocks = [
        b
        for b in document.blocks
        if b.kind is not BlockKind.META
        and not b.key.startswith("frontmatter:")
        and (b.kind is not BlockKind.IMAGE_ALT or b.attr("src"))
        and (
            b.kind in _BODY_TEXT
            or b.kind in (BlockKind.RAW, BlockKind.TITLE, BlockKind.HEADING, BlockKind.TABLE_CELL)
        )
    ]
    native = document.format == "markdown" or any(b.attr("nest") for b in blocks)
    nests = [b.attr("nest") for b in blocks] if native else _synthesized_nests(blocks)
    leaves: list[tuple[tuple[_Container, ...], list[str]]] = []
    i = 0
    while i < len(blocks):
        b, conts = blocks[i], _containers(nests[i])
        if b.kind is BlockKind.TABLE_CELL:
            m = _CELL_KEY.search(b.key)
            j = i + 1
            while (
                j < len(blocks) and blocks[j].kind is BlockKind.TABLE_CELL and nests[j] == nests[i]
            ):
                m2 = _CELL_KEY.search(blocks[j].key)
                if (m2[1] if m2 else None) != (m[1] if m else None):
                    break
                j += 1
            leaves.append((conts, _table(blocks[i:j])))
            i = j
            continue
        if b.kind is BlockKind.IMAGE_ALT:
            leaves.append(
                (conts, [f"![{_escape(inline.plain(b.text), ' ')}]({_dest(b.attr('src'))})"])
            )
        else:
            leaves.append((conts, _leaf_lines(b)))
        i += 1
    out: list[str] = []
    prev: tuple[_Container, ...] | None = None
    for conts, lines in leaves:
        k = 0
        if prev is not None:
            while k < min(len(prev), len(conts)) and prev[k].ident == conts[k].ident:
                k += 1
            if not _tight(prev, conts, k):
                out.append("".join(c.cont for c in conts[:k]).rstrip())
        for n, line in enumerate(lines):
            prefix = "".join(c.first if n == 0 and j >= k else c.cont for j, c in enumerate(conts))
            out.append(prefix + line if line else prefix.rstrip())
        prev = conts
    return out


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
    if name == "date" and _ISO_DATE.match(value):
        return f"date: {value}"
    dumped = yaml.safe_dump({name: value}, allow_unicode=True, sort_keys=False, width=1 << 20)
    return dumped.rstrip("\n")


def _front_matter(document: Document, context: ExportContext) -> list[str]:
    meta_blocks = [
        b for b in document.blocks if b.key.startswith("frontmatter:") or b.kind is BlockKind.META
    ]
    fields: dict[str, str] = {}
    for b in meta_blocks:
        name = b.key.rsplit(":", 1)[-1] if ":" in b.key else b.key
        if re.fullmatch(r"[A-Za-z_][\w-]*", name or "") and name not in fields:
            fields[name] = inline.plain(b.text)
    title = fields.pop("title", "")
    if not title:
        title = next(
            (inline.plain(b.text) for b in document.blocks if b.kind is BlockKind.TITLE), ""
        )
    lines = ["---"]
    if title:
        lines.append(_field("title", title))
    lines.append(_field("lang", context.language.bcp47))
    if context.language.rtl:
        lines.append("dir: rtl")
    date = document.meta_value("date") or context.source_document.meta_value("date")
    if date:
        lines.append(_field("date", date))
    if context.date_display:
        lines.append(_field("date_display", context.date_display))
    raw = document.meta_value("frontmatter:yaml")
    if raw:
        lines += raw.rstrip("\n").split("\n")
    else:
        for name, value in document.meta:
            if name not in RESERVED_FIELDS and ":" not in name and name not in fields:
                lines.append(_field(name, value))
    lines += [
        _field(name, value)
        for name, value in fields.items()
        if name not in RESERVED_FIELDS - {"summary", "description"}
    ]
    lines.append("---")
    return lines


@register_writer("md")
def write_markdown(document: Document, out: Path, context: ExportContext) -> Rendered:
    """Render ``document`` as Markdown (see the module docstring); ``out`` is not written."""
    del out  # the caller writes the bytes atomically
    lines = _front_matter(document, context)
    body = _body(document)
    if body:
        lines += ["", *body]
    return Rendered(("\n".join(lines) + "\n").encode("utf-8"))
