"""PO writer whose output is byte-identical to what GNU ``msgcat`` (gettext 0.21) writes.

The layout and the string wrapping follow gettext's ``write-po.c`` (``wrap()``), on top of
libunistring's line breaking (see :mod:`transflow.catalog.linebreak`); like ``wrap()``, no
line is broken inside a format directive of the entry's format type
(:mod:`transflow.catalog.fmtdir`). Output is always UTF-8
without a BOM; a legacy ``charset=`` in the header becomes ``UTF-8``.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from bisect import bisect_left

from transflow.catalog.entries import Catalog, Entry
from transflow.catalog.fmtdir import directive_spans, format_type
from transflow.catalog.linebreak import width_cuts
from transflow.core.kept import Kept

__all__ = ["GETTEXT_VERSION", "serialize_po"]

# the GNU gettext release whose ``msgcat`` this writer matches byte for byte (the tests' goldens
# were written by it; tests that run the installed msgcat skip under any other version)
GETTEXT_VERSION = "0.21"

_ESCAPES = {
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
    "\\": "\\\\",
    '"': '\\"',
}
_ESCAPE_TABLE = str.maketrans(_ESCAPES)
_NEEDS_ESCAPE = re.compile(r'[\a\b\f\n\r\t\v\\"]')
# gettext 0.21's format_language[] order, which is the order msgcat writes format flags in
_FORMATS = [
    "c",
    "objc",
    "python",
    "python-brace",
    "java",
    "java-printf",
    "csharp",
    "javascript",
    "scheme",
    "lisp",
    "elisp",
    "librep",
    "ruby",
    "sh",
    "awk",
    "lua",
    "object-pascal",
    "smalltalk",
    "qt",
    "qt-plural",
    "kde",
    "kde-kuit",
    "boost",
    "tcl",
    "perl",
    "perl-brace",
    "php",
    "gcc-internal",
    "gfc-internal",
    "ycp",
]
_FLAG_RANK = {"fuzzy": (0, 0)}
for _i, _lang in enumerate(_FORMATS):
    _FLAG_RANK[f"{_lang}-format"] = (1, _i)
    _FLAG_RANK[f"no-{_lang}-format"] = (1, _i)
    _FLAG_RANK[f"possible-{_lang}-format"] = (1, _i)
_FLAG_RANK["no-wrap"] = (3, 0)
_FILEPOS_RE = re.compile(r"(.+):([0-9]+)\Z")
_CHARSET_RE = re.compile(r"(Content-Type:[^\n]*?charset=)([^\s;]+)")


def _flag_key(flag: str) -> tuple[int, int]:
    if flag.startswith("range:"):
        return (2, 0)
    return _FLAG_RANK.get(flag, (4, 0))


def _wrap(
    out: list[str],
    prefix: str,
    name: str,
    value: str,
    do_wrap: bool,
    width: int,
    fmt: str | None = None,
) -> None:
    """Append ``prefix name "value"`` lines, wrapped exactly like gettext's ``wrap()``.

    ``fmt``: the entry's format type (:func:`~transflow.catalog.fmtdir.format_type`); no
    line is broken inside one of its directives."""
    out.append(_wrapped(prefix, name, value, do_wrap, width, fmt))


@functools.lru_cache(maxsize=4096)
def _wrapped(prefix: str, name: str, value: str, do_wrap: bool, width: int, fmt: str | None) -> str:
    """The wrapped lines as one string. Cached: the same msgid is written once per language
    catalog and in the template, and line breaking is the writer's main cost. (4,096: an
    article's strings, and those that recur from article to article, stay; 32,768 kept
    ~20 MB of paragraphs written once in every worker of a big extract.)"""
    # no break before a character of a format directive but its first (indexes in value)
    inside = [
        k
        for first, last in (
            directive_spans(value, fmt, name.startswith("msgstr")) if fmt is not None else ()
        )
        for k in range(first + 1, last + 1)
    ]
    end = value.find("\n")
    if inside or end < 0 or end == len(value) - 1:
        return _lines(prefix, name, value, do_wrap, width, inside, True)
    # several lines (a header): 'name ""', then each line wrapped on its own, whatever the
    # lines before it (as the loop of _lines does); a header's lines repeat from catalog
    # to catalog, the whole value (with its dates) does not
    out = [f'{prefix}{name} ""\n']
    pos = 0
    while pos < len(value):
        end = value.find("\n", pos)
        end = len(value) if end < 0 else end + 1
        out.append(_line(prefix, value[pos:end], do_wrap, width))
        pos = end
    return "".join(out)


@functools.lru_cache(maxsize=8192)
def _line(prefix: str, chunk: str, do_wrap: bool, width: int) -> str:
    """One line of a value of several, without a directive, wrapped (after the first)."""
    return _lines(prefix, "", chunk, do_wrap, width, [], False)


def _lines(
    prefix: str,
    name: str,
    value: str,
    do_wrap: bool,
    width: int,
    inside: list[int],
    first_line: bool,
) -> str:
    """gettext's ``wrap()``: ``inside``, the indexes in ``value`` before which no line may
    break (format directives); ``first_line``: the keyword starts the first line (False:
    ``value`` continues lines already written)."""
    out: list[str] = []
    pos = 0
    n = len(value)
    while True:
        es = value.find("\n", pos)
        es = n if es < 0 else es + 1
        chunk = value[pos:es]
        banned: set[int] = set()  # the indexes in the portion before which no line breaks
        escapes: list[int] = []
        if _NEEDS_ESCAPE.search(chunk):
            # each escape is two characters, and no line breaks inside it: the character
            # after its backslash is banned (a header line is one chunk ending in \n)
            portion = chunk.translate(_ESCAPE_TABLE)
            escapes = [m.start() for m in _NEEDS_ESCAPE.finditer(chunk)]
            banned.update(k + shift for shift, k in enumerate(escapes, 1))
        else:
            portion = chunk
        if inside:
            # index in the chunk, shifted by the escapes before it (for an escaped
            # character this is its backslash; the character after it is banned above)
            for k in inside[bisect_left(inside, pos) : bisect_left(inside, es)]:
                k -= pos
                banned.add(k + bisect_left(escapes, k))
        if chunk.endswith("\n"):
            banned.add(len(portion) - 2)  # never break just before the final \n
        after_break = len(prefix) + 1
        line_width = (width if do_wrap else 2**31 - 1) - 1 - after_break
        cuts: list[int] = []
        while True:
            startcol = len(prefix) + (len(name) + 1 if first_line else 0) + 1 - after_break
            if portion.isascii() and startcol + len(portion) <= line_width:
                # fast path: printable ASCII is one column a character, and a line that
                # fits is never broken (libunistring only breaks when a piece overflows;
                # prohibited breaks, such as inside format directives, only remove breaks)
                cuts = []
            else:
                cuts = width_cuts(portion, line_width, startcol, 0, banned)
            if first_line and portion and (es < n or startcol > line_width or cuts):
                out.append(f'{prefix}{name} ""\n')
                first_line = False
                continue
            break
        line = [prefix, f"{name} " if first_line else "", '"']
        first_line = False
        start = 0
        for i in cuts:
            line.append(portion[start:i])
            line.append(f'"\n{prefix}"')
            start = i
        line.append(portion[start:])
        line.append('"\n')
        out.append("".join(line))
        pos = es
        if pos >= n:
            break
    return "".join(out)


def _references(out: list[str], refs: tuple[str, ...], width: int) -> None:
    seen: set[str] = set()
    line = ["#:"]
    column = 2
    for ref in refs:
        if ref in seen:
            continue
        seen.add(ref)
        while ref.startswith("./"):
            ref = ref[2:]
        m = _FILEPOS_RE.match(ref)
        if m:  # msgcat reads the line as a number: "a.md:007" -> "a.md:7"
            ref = f"{m.group(1)}:{int(m.group(2))}"
        length = len(ref.encode()) + 1
        if column > 2 and column + length > width:
            line.append("\n#:")
            column = 2
        line.append(" " + ref)
        column += length
    out.append("".join(line) + "\n")


def _entry(out: list[str], e: Entry, width: int) -> None:
    translated = _translated(e)
    key = (
        e.msgid,
        e.msgctxt,
        e.msgid_plural,
        e.references,
        e.extracted_comments,
        e.translator_comments,
        e.flags,
        e.previous_msgctxt,
        e.previous_msgid,
        e.previous_msgid_plural,
        e.obsolete,
        translated,
        width,
    )
    found = _HEADS.get(key)
    if found is None:
        found = _head(e, translated, width)
        _HEADS.keep(key, found, 2 * len(found[0]))  # the key's strings are in the text
    head, do_wrap, fmt = found
    out.append(head)
    prefix = "#~ " if e.obsolete else ""
    if e.msgid_plural is not None:
        for i, form in enumerate(e.msgstr_plural or ("", "")):
            _wrap(out, prefix, f"msgstr[{i}]", form, do_wrap, width, fmt)
    else:
        _wrap(out, prefix, "msgstr", e.msgstr, do_wrap, width, fmt)


# The text of an entry up to its msgstr, by everything it is written from: the template
# and each language's catalog of an article hold the same units (same comments, same
# msgid), written one after another, so each is laid out once, not once per language.
# Emptied when full: an article's entries are written together.
_HEADS: Kept[tuple, tuple[str, bool, str | None]] = Kept(entries=2048, chars=2 << 20)


def _head(e: Entry, translated: bool, width: int) -> tuple[str, bool, str | None]:
    """The entry's lines before its msgstr, whether its strings wrap, and its format type."""
    out: list[str] = []
    for comment in e.translator_comments:
        for c in comment.split("\n"):  # msgcat writes one "#" line per embedded line
            out.append(f"# {c}\n" if c else "#\n")
    for c in e.extracted_comments:
        out.append(f"#. {c}\n" if c else "#.\n")
    if e.references:
        _references(out, e.references, width)
    dropped = {"wrap"} if translated else {"wrap", "fuzzy"}  # msgcat drops fuzzy when empty
    flags = sorted(dict.fromkeys(f for f in e.flags if f not in dropped), key=_flag_key)
    if flags:
        out.append("#, " + ", ".join(flags) + "\n")
    do_wrap = "no-wrap" not in e.flags
    fmt = format_type(flags)  # as msgcat reads the flags line written above
    prev = "#~| " if e.obsolete else "#| "
    if e.previous_msgctxt is not None:
        _wrap(out, prev, "msgctxt", e.previous_msgctxt, do_wrap, width, fmt)
    if e.previous_msgid is not None:
        _wrap(out, prev, "msgid", e.previous_msgid, do_wrap, width, fmt)
    if e.previous_msgid_plural is not None:
        _wrap(out, prev, "msgid_plural", e.previous_msgid_plural, do_wrap, width, fmt)
    prefix = "#~ " if e.obsolete else ""
    if e.msgctxt is not None:
        _wrap(out, prefix, "msgctxt", e.msgctxt, do_wrap, width, fmt)
    _wrap(out, prefix, "msgid", e.msgid, do_wrap, width, fmt)
    if e.msgid_plural is not None:
        _wrap(out, prefix, "msgid_plural", e.msgid_plural, do_wrap, width, fmt)
    return "".join(out), do_wrap, fmt


def _translated(e: Entry) -> bool:
    if e.msgid_plural is None:
        return e.msgstr != ""
    return bool(e.msgstr_plural) and e.msgstr_plural[0] != ""


def _utf8_header(header: Entry, charset: str) -> Entry:
    if charset.replace("_", "-").upper() in ("UTF-8", "UTF8", "CHARSET"):
        return header
    msgstr = _CHARSET_RE.sub(lambda m: m.group(1) + "UTF-8", header.msgstr, count=1)
    if msgstr == header.msgstr:
        return header
    return dataclasses.replace(header, msgstr=msgstr)


def serialize_po(catalog: Catalog, width: int = 79) -> bytes:
    """The catalog as ``msgcat`` writes it: header, live entries, then obsolete ones; UTF-8."""
    # msgcat drops obsolete entries that have no translation
    body = tuple(e for e in catalog.entries if not e.obsolete)
    body += tuple(e for e in catalog.entries if e.obsolete and _translated(e))
    text = _body(body, width)
    if catalog.header is None:
        return text.encode("utf-8")
    out: list[str] = []
    _entry(out, _utf8_header(catalog.header, catalog.charset), width)
    if body:
        out.append("\n")
    out.append(text)
    return "".join(out).encode("utf-8")


# the entries last written and their text: an article's template and each language's fresh
# catalog hold equal entries (untranslated) under different headers, written one after another
_last_body: tuple[tuple[Entry, ...], int, str] = ((), 0, "")


def _body(entries: tuple[Entry, ...], width: int) -> str:
    """The entries as written, an empty line between two. Equal entries (``Entry.__eq__``:
    every field that is written) are written alike, so the text of the last entries
    written is reused when these are equal to them."""
    global _last_body
    last_entries, last_width, last_text = _last_body
    if width == last_width and entries == last_entries:
        return last_text
    out: list[str] = []
    for i, e in enumerate(entries):
        if i:
            out.append("\n")
        _entry(out, e, width)
    text = "".join(out)
    _last_body = (entries, width, text)
    return text
