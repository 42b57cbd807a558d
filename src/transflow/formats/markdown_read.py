"""Markdown reader: CommonMark + GFM tables and strikethrough + footnotes + YAML or TOML
front matter, through markdown-it-py.

Block conventions (the writer in :mod:`markdown_write` relies on them):

* ``key`` is ``frontmatter:<field>`` for front-matter fields, ``table:T:row:R:col:C`` for
  table cells (T counts tables from 0, row 0 is the header row), ``footnote:<label>``
  (``footnote:<label>:<n>`` for its later paragraphs) for footnote definitions, which
  are ``NOTE`` blocks (``note`` = ``Note("footnote", <label>)``) after the body, and
  ``md:<path>`` for everything else, where ``<path>`` is the dotted child-index path in the Markdown tree
  (``md:4`` fifth top-level block, ``md:6.1.0`` first block of the second item of the
  list that is the seventh top-level block).
* ``nest`` (only when the block sits inside a quote or list) lists its containers,
  outermost first: :class:`~transflow.core.model.InQuote` a block quote,
  :class:`~transflow.core.model.InList` an item of a list (its marker, start, tightness);
  a list item paragraph carries its :class:`~transflow.core.model.ListItem`.
* Inline text uses :mod:`transflow.core.inline` markup. A soft line break becomes a space (text
  is reflowed, so hard-wrapped sources give whole sentences); a hard line break (two
  trailing spaces, a backslash, or ``<br>``) becomes ``"\\n"`` in the text, and the writer
  writes it back as ``\\`` + newline (``<br>`` in table cells).
* Table cells carry their :class:`~transflow.core.model.TableCell` (``table``, ``row``,
  ``col``, ``header``, ``align``, and ``rows``/``cols``/``aligns`` for the whole table);
  empty cells are not blocks.
* Inline HTML and footnote references are placeholders with Codes (see
  :mod:`markdown_inline`); ``<br>`` tags that end a block are its ``tail``.
* Front matter: YAML between ``---`` lines or TOML between ``+++`` lines; ``title``,
  ``subtitle``, ``summary`` and ``description`` are translatable ``META`` blocks (their
  ``field`` the name), every
  other field is kept as written (``meta["frontmatter:yaml"]`` re-dumped, or
  ``meta["frontmatter:toml"]``: the original TOML text, into which the writer puts the
  translated values back). A first line ``---`` that opens no YAML mapping (a thematic
  break followed by a blank line or by text) is not front matter.
* Code blocks, raw HTML blocks, thematic breaks, link reference definitions, empty
  headings and paragraphs that show nothing (``*&#x20;*``) are ``BlockKind.RAW`` blocks
  whose text is the source text, never segmented (the DOCX builder writes what a
  renderer shows of them, :mod:`.docx_build_raw`).
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from typing import Any

from markdown_it.token import Token

from transflow.core import inline
from transflow.core.errors import InputError
from transflow.core.model import (
    Block,
    BlockKind,
    Code,
    Container,
    Document,
    InList,
    InQuote,
    ListItem,
    Note,
    TableCell,
)
from transflow.core.records import SourceFile
from transflow.formats import read_limited, register_reader
from transflow.formats.markdown_inline import (
    _MD,
    _MD_NO_FRONT_MATTER,
    MAX_NESTING,
    CodeSink,
    spans_from_tokens,
)
from transflow.formats.markdown_shared import RESERVED_FIELDS

MAX_BYTES = 10 * 1024 * 1024
_FM_TRANSLATABLE = ("title", "subtitle", "summary", "description")


def _decode(source: SourceFile, data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            source.rel,
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save it as UTF-8",
            line=line,
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _meta_string(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    import yaml

    dumped = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=1 << 20)
    return dumped.removesuffix("\n").removesuffix("\n...").strip()


_YAML_KEY = re.compile(r"""\s*[\w"'][^:\n]*:(\s|$)""")


def _front_matter(source: SourceFile, content: str) -> dict[str, object] | None:
    """The fields of YAML front matter, or None when the ``---`` lines are not front matter
    but a thematic break (the text after it is blank, or is not a YAML mapping and does
    not look like one)."""
    first = content.split("\n", 1)[0]
    if content.strip() and not first.strip():
        return None
    looks_yaml = bool(_YAML_KEY.match(first)) or first.lstrip().startswith("- ")
    import yaml  # (here: a source without front matter never imports PyYAML)

    try:
        if any(
            isinstance(ev, yaml.AliasEvent) for ev in yaml.parse(content, Loader=yaml.SafeLoader)
        ):
            raise InputError(
                source.rel, "front matter uses YAML aliases, which are not supported", line=1
            )
        data = yaml.safe_load(content)
    except yaml.YAMLError as exc:
        if not looks_yaml:
            return None
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(exc, "problem", None) or "cannot be parsed"
        raise InputError(source.rel, f"malformed YAML front matter: {problem}", line=line) from None
    if data is None:
        return {}
    if not isinstance(data, dict | list):
        return None
    if not isinstance(data, dict):
        raise InputError(
            source.rel, "front matter is not a YAML mapping (key: value lines)", line=1
        )
    return {str(k): v for k, v in data.items()}


@dataclass
class _Frame:
    path: str
    nest: tuple[Container, ...]
    kind: str  # "root", "q", "li"
    children: int = 0
    quote_depth: int = 0
    list_depth: int = 0
    ordered: bool = False
    start: int = 1
    label: str = ""  # a footnote's label

    def next_path(self) -> str:
        """The tree path of this frame's next child (and count it)."""
        self.children += 1
        return f"{self.path}{'.' if self.path else ''}{self.children - 1}"


@dataclass
class _List:
    ident: int
    path: str
    bullet: str  # "-", "*", "+"; "." or ")" after an ordered list's numbers
    tight: bool
    ordered: bool
    start: int
    items: int = 0


@dataclass
class _Walker:
    source: SourceFile
    lines: list[str]
    tokens: list[Token]
    blocks: list[Block] = field(default_factory=list)
    has_h1: bool = False
    meta: list[tuple[str, str]] = field(default_factory=list)
    counters: dict[str, int] = field(default_factory=lambda: {"q": 0, "l": 0, "t": 0})
    front: dict[str, object] | None = None  # front matter fields, if any
    front_syntax: str = "yaml"  # or "toml"
    front_text: str = ""  # the TOML front matter as written
    skip_lines: set[int] = field(default_factory=set)  # footnote definitions' lines
    codes: tuple[Code, ...] = ()  # of the block being emitted
    tail: str = ""  # raw <br> ending the block being emitted

    def emit(
        self,
        frame: _Frame,
        kind: BlockKind,
        text: str,
        level: int = 0,
        item: ListItem | None = None,
    ) -> None:
        self.add(frame, kind, text, level, f"md:{frame.next_path()}", item=item)

    def add(
        self,
        frame: _Frame,
        kind: BlockKind,
        text: str,
        level: int,
        key: str,
        cell: TableCell | None = None,
        item: ListItem | None = None,
        note: Note | None = None,
    ) -> None:
        self.blocks.append(
            Block(
                kind,
                text,
                level,
                key=key,
                codes=self.codes,
                cell=cell,
                item=item,
                nest=frame.nest,
                note=note,
                tail=self.tail,
            )
        )
        self.codes, self.tail = (), ""

    def raw_text(self, frame: _Frame, tok: Token) -> str:
        if frame.kind == "root" and tok.map:
            return "\n".join(self.lines[tok.map[0] : tok.map[1]]).rstrip("\n")
        if tok.type == "fence":
            return f"{tok.markup}{tok.info}\n{tok.content}{tok.markup}"
        if tok.type == "code_block":
            return "\n".join(
                "    " + ln if ln else "" for ln in tok.content.rstrip("\n").split("\n")
            )
        if tok.type == "hr":
            return tok.markup[:1] * 3
        return tok.content.rstrip("\n")

    def walk(self) -> None:
        toks = self.tokens
        tight = _tight_lists(toks)
        stack: list[_Frame] = [_Frame("", (), "root")]
        lists: list[_List] = []
        covered = 0  # top-level source lines accounted for (reference definitions fill gaps)
        i = 0
        while i < len(toks):
            tok = toks[i]
            frame = stack[-1]
            if tok.level == 0 and tok.nesting >= 0 and tok.map:
                self.uncovered(frame, covered, tok.map[0])
                covered = tok.map[1]
            kind = tok.type
            if kind == "front_matter":
                self.front_matter()
            elif kind in ("footnote_block_open", "footnote_block_close", "footnote_anchor"):
                pass
            elif kind in ("footnote_open", "blockquote_open", "list_item_open"):
                stack.append(self.open_frame(frame, tok, lists))
            elif kind in ("footnote_close", "blockquote_close", "list_item_close"):
                if kind != "footnote_close" and frame.children == 0:
                    self.emit(frame, BlockKind.RAW, "")  # keep empty items and quotes
                stack.pop()
            elif kind == "heading_open":
                self.heading(frame, tok, toks[i + 1])
                i += 2
            elif kind == "paragraph_open":
                self.paragraph(frame, toks[i + 1])
                i += 2
            elif kind in ("bullet_list_open", "ordered_list_open"):
                lists.append(self.list_of(frame, tok, tight.get(i, True)))
            elif kind in ("bullet_list_close", "ordered_list_close"):
                lists.pop()
            elif kind == "table_open":
                i = self.table(frame, i)
            elif tok.nesting == 0 and tok.type != "inline":
                self.emit(frame, BlockKind.RAW, self.raw_text(frame, tok))
            i += 1
        self.uncovered(stack[0], covered, len(self.lines))

    def heading(self, frame: _Frame, tok: Token, content: Token) -> None:
        text = self.inline(content)
        level = int(tok.tag[1:])
        if not text:
            self.emit(frame, BlockKind.RAW, tok.markup or "#" * level)
        elif level == 1 and frame.kind == "root" and not self.has_h1:
            self.has_h1 = True
            self.emit(frame, BlockKind.TITLE, text, 1)
        else:
            self.emit(frame, BlockKind.HEADING, text, level)

    def open_frame(self, frame: _Frame, tok: Token, lists: list[_List]) -> _Frame:
        """The frame a footnote, a block quote or a list item opens."""
        if tok.type == "footnote_open":
            label = str(tok.meta.get("label", tok.meta.get("id", "")))
            return _Frame(f"fn{label}", (), "fn", label=label)
        if tok.type == "blockquote_open":
            return self.quote(frame)
        return self.item(frame, lists[-1])

    def quote(self, frame: _Frame) -> _Frame:
        """The frame a block quote opens."""
        self.counters["q"] += 1
        nest = (*frame.nest, InQuote(self.counters["q"]))
        depths: dict[str, Any] = {
            "quote_depth": frame.quote_depth + 1,
            "list_depth": frame.list_depth,
        }
        return _Frame(frame.next_path(), nest, "q", **depths)

    def list_of(self, frame: _Frame, tok: Token, tight: bool) -> _List:
        """The list a ``bullet_list_open`` or ``ordered_list_open`` token opens."""
        self.counters["l"] += 1
        ordered = tok.type == "ordered_list_open"
        start_attr = tok.attrGet("start") if ordered else None
        start = 1 if start_attr is None else int(start_attr)
        return _List(self.counters["l"], frame.next_path(), tok.markup, tight, ordered, start)

    def item(self, frame: _Frame, lst: _List) -> _Frame:
        """The frame the next item of ``lst`` opens."""
        elem = InList(
            lst.ident, lst.items, lst.bullet, lst.tight, lst.start if lst.ordered else None
        )
        depths: dict[str, Any] = {
            "quote_depth": frame.quote_depth,
            "list_depth": frame.list_depth + 1,
        }
        path, nest = f"{lst.path}.{lst.items}", (*frame.nest, elem)
        lst.items += 1
        return _Frame(path, nest, "li", **depths, ordered=lst.ordered, start=lst.start)

    def uncovered(self, frame: _Frame, start: int, end: int) -> None:
        chunk: list[str] = []
        for n, ln in enumerate([*self.lines[start:end], ""], start):
            if ln.strip() and n not in self.skip_lines:
                chunk.append(ln)
            elif chunk:
                self.emit(frame, BlockKind.RAW, "\n".join(chunk))
                chunk = []

    def convert(self, tok: Token) -> list[inline.Span]:
        """The spans of an inline token; its placeholders' codes and its tail are kept for
        the next block added."""
        sink = CodeSink({})
        spans = spans_from_tokens(tok.children or [], sink)
        self.codes, self.tail = tuple(sink.codes), sink.tail
        return spans

    def inline(self, tok: Token) -> str:
        return inline.render(self.convert(tok))

    def paragraph(self, frame: _Frame, tok: Token) -> None:
        spans = self.convert(tok)
        text = inline.render(spans)
        if not text.strip() and not self.codes and frame.kind != "fn":
            # a paragraph that shows nothing ("*&#x20;*"): kept verbatim
            raw = self.raw_text(frame, tok) if frame.kind == "root" else ""
            self.tail = ""
            self.emit(frame, BlockKind.RAW, raw if raw.strip() else "&#32;")
            return
        if frame.kind == "fn":
            key = f"footnote:{frame.label}"
            if frame.children:
                key += f":{frame.children}"
            frame.children += 1
            self.add(frame, BlockKind.NOTE, text, 0, key, note=Note("footnote", frame.label))
        elif frame.kind == "li":
            item = ListItem(
                frame.ordered, frame.start if frame.ordered else 1, bool(frame.children)
            )
            self.emit(frame, BlockKind.LIST_ITEM, text, frame.list_depth, item)
        elif frame.kind == "q":
            self.emit(frame, BlockKind.QUOTE, text, frame.quote_depth)
        else:
            self.emit(frame, BlockKind.PARAGRAPH, text, 0)

    def table(self, frame: _Frame, i: int) -> int:
        toks = self.tokens
        rows: list[list[tuple[str, tuple[Code, ...], str]]] = []
        aligns: list[str] = []
        while toks[i].type != "table_close":
            t = toks[i]
            if t.type == "tr_open":
                rows.append([])
                if t.map and aligns and _cell_count(self.lines[t.map[0]]) > len(aligns):
                    raise InputError(
                        self.source.rel,
                        f"table row has more cells than its header ({len(aligns)});"
                        " the extra cells would be lost",
                        line=t.map[0] + 1,
                    )
            elif t.type in ("th_open", "td_open"):
                style = str(t.attrGet("style") or "")
                if len(rows) == 1:
                    aligns.append(style.removeprefix("text-align:"))
                text = self.inline(toks[i + 1])
                rows[-1].append((text, self.codes, self.tail))
                self.codes, self.tail = (), ""
            i += 1
        table_no = self.counters["t"]
        self.counters["t"] += 1
        if not any(cell[0] for r in rows for cell in r):
            cols = max(1, len(aligns))
            self.emit(frame, BlockKind.RAW, "|" + " |" * cols + "\n|" + "---|" * cols)
            return i
        for r, row in enumerate(rows):
            for c, (text, codes, tail) in enumerate(row):
                if text:
                    self.codes, self.tail = codes, tail
                    self.add(
                        frame,
                        BlockKind.TABLE_CELL,
                        text,
                        0,
                        f"table:{table_no}:row:{r}:col:{c}",
                        cell=TableCell(
                            table_no,
                            r,
                            c,
                            header=r == 0,
                            align=aligns[c] if c < len(aligns) else "",
                            rows=len(rows),
                            cols=len(aligns),
                            aligns=tuple(aligns),
                        ),
                    )
        frame.next_path()
        return i

    def front_matter(self) -> None:
        data = self.front or {}
        rest: dict[str, object] = {}
        meta: list[tuple[str, str]] = []
        for name, value in data.items():
            if (
                name in _FM_TRANSLATABLE
                and isinstance(value, str | int | float)
                and str(value).strip()
            ):
                self.blocks.append(
                    Block(
                        BlockKind.META,
                        inline.escape(str(value).strip()),
                        key=f"frontmatter:{name}",
                        field=name,
                    )
                )
            elif name in RESERVED_FIELDS:
                if value is not None:
                    iso = (
                        value.date() if isinstance(value, dt.datetime) and name == "date" else value
                    )
                    meta.append((name, _meta_string(iso)))
            else:
                meta.append((name, _meta_string(value)))
                rest[name] = value
        if self.front_syntax == "toml":
            meta.append(("frontmatter:toml", self.front_text))
        elif rest:
            import yaml

            dumped = yaml.safe_dump(rest, allow_unicode=True, sort_keys=False, width=1 << 20)
            meta.append(("frontmatter:yaml", dumped))
        self.meta = meta


def _toml_front_matter(source: SourceFile, text: str) -> tuple[str, dict[str, object], str] | None:
    """TOML front matter between ``+++`` lines at the very start: (the text with those
    lines blanked, so that line numbers stay right; the fields; the TOML as written)."""
    if not text.startswith("+++\n"):
        return None
    lines = text.split("\n")
    close = next((k for k in range(1, len(lines)) if lines[k].rstrip() == "+++"), None)
    if close is None:
        return None
    content = "\n".join(lines[1:close])
    try:
        data = tomllib.loads(content)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"at line (\d+)", str(exc))
        reason = re.sub(r"\s*\(at line.*\)$", "", str(exc)) or "cannot be parsed"
        raise InputError(
            source.rel,
            f"malformed TOML front matter: {reason}",
            line=int(m.group(1)) + 1 if m else 1,
        ) from None
    blanked = "\n".join([""] * (close + 1) + lines[close + 1 :])
    return blanked, data, content


def _cell_count(line: str) -> int:
    """Cells in a GFM table row as written (markdown-it drops those beyond the header's)."""
    row = re.sub(r"^[\s>]*", "", line).strip()
    parts = re.split(r"(?<!\\)\|", row)
    return len(parts) - row.startswith("|") - (row.endswith("|") and not row.endswith("\\|"))


def _tight_lists(tokens: list[Token]) -> dict[int, bool]:
    """Index of each list_open token → whether the list is tight (no blank lines)."""
    tight: dict[int, bool] = {}
    stack: list[int] = []
    for i, t in enumerate(tokens):
        if t.type in ("bullet_list_open", "ordered_list_open"):
            tight[i] = True
            stack.append(i)
        elif t.type in ("bullet_list_close", "ordered_list_close"):
            stack.pop()
        elif t.type == "paragraph_open" and stack and t.level == tokens[stack[-1]].level + 2:
            tight[stack[-1]] = tight[stack[-1]] and t.hidden
    return tight


def _footnote_lines(tokens: list[Token]) -> set[int]:
    """Source lines of footnote definitions (their blocks are read from the footnote
    tokens at the end of the stream)."""
    lines: set[int] = set()
    inside = 0
    for t in tokens:
        if t.type == "footnote_open":
            inside += 1
        elif t.type == "footnote_close":
            inside -= 1
        elif inside and t.map:
            lines.update(range(t.map[0], t.map[1]))
    return lines


def _load(source: SourceFile) -> bytes:
    return read_limited(source, MAX_BYTES)


@register_reader("markdown", (".md", ".markdown"), _load)
def read_markdown(data: bytes, source: SourceFile) -> Document:
    """Read a Markdown source into a Document (see the module docstring for conventions)."""
    text = _decode(source, data)
    toml = _toml_front_matter(source, text)
    front: dict[str, object] | None = None
    if toml is not None:
        parse_text, front, _ = toml
        tokens = _MD_NO_FRONT_MATTER.parse(parse_text)
    else:
        tokens = _MD.parse(text)
        if tokens and tokens[0].type == "front_matter":
            front = _front_matter(source, tokens[0].content)
            if front is None:  # a thematic break, not front matter
                tokens = _MD_NO_FRONT_MATTER.parse(text)
    for tok in tokens:
        if tok.level >= MAX_NESTING - 2:
            line = tok.map[0] + 1 if tok.map else None
            raise InputError(
                source.rel,
                f"nested too deeply (more than {MAX_NESTING - 2} levels of quotes and lists)",
                line=line,
            )
    lines = (toml[0] if toml is not None else text).split("\n")
    walker = _Walker(source, lines, tokens, front=front)
    walker.skip_lines = _footnote_lines(tokens)
    if toml is not None:
        walker.front_syntax, walker.front_text = "toml", toml[2]
        walker.front_matter()
    walker.walk()
    blocks = walker.blocks
    if not walker.has_h1:  # the front-matter title is the headline when the body has no H1
        blocks = [
            Block(BlockKind.TITLE, b.text, 1, key=b.key, field=b.field)
            if b.kind is BlockKind.META and b.field == "title"
            else b
            for b in blocks
        ]
    return Document(source.rel, source.slug, "markdown", tuple(blocks), tuple(walker.meta))
