"""Strict, single-pass PO reader: rejects what ``msgfmt --check`` rejects, with a line number.

Only :class:`~transflow.core.errors.CatalogSyntaxError` ever escapes :func:`parse_po`.
"""

from __future__ import annotations

import codecs
import functools
import re
from collections.abc import Callable

from transflow.catalog.entries import Catalog, Entry
from transflow.catalog.podecode import decode_po
from transflow.catalog.poformat import format_problem, plural_problem
from transflow.core.errors import CatalogSyntaxError
from transflow.core.kept import Kept

__all__ = ["parse_po"]

_NPLURALS_RE = re.compile(r"nplurals\s*=\s*(\d+)")
_CTRL_RE = re.compile(r"[\x00-\x08\x0b-\x1f]")
_SUSPECT_RE = re.compile(r"[\x00-\x08\x0b-\x1f]|#-#-#-#-#")
_ESCAPE_RE = re.compile(r"\\(x[0-9a-fA-F]+|[0-7]{1,3}|.?)", re.DOTALL)
_SIMPLE_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "v": "\v",
    "\\": "\\",
    '"': '"',
}
_CONFLICT = ("<<<<<<<", "=======", ">>>>>>>", "|||||||")
_KEYWORDS = ("msgctxt", "msgid_plural", "msgid", "msgstr")
_LEADING_WS = (" ", "\t", "\f", "\v")
# single-byte legacy charsets for which a UTF-8 body is almost surely mojibake


def _err(path: str, line: int, message: str) -> CatalogSyntaxError:
    return CatalogSyntaxError(path, message, line=line)


def _unescape(body: str, path: str, lineno: int) -> str:
    def repl(m: re.Match[str]) -> str:
        seq = m.group(1)
        if seq in _SIMPLE_ESCAPES:
            return _SIMPLE_ESCAPES[seq]
        if seq[:1] == "x" and len(seq) > 1:
            code = int(seq[1:], 16)
        elif seq[:1].isdigit() and seq[0] in "01234567":
            code = int(seq, 8)
        else:
            raise _err(path, lineno, f"invalid escape sequence '\\{seq}'")
        if code >= 0x80:
            raise _err(path, lineno, f"non-ASCII byte escape '\\{seq}' is not supported")
        return chr(code)

    return _ESCAPE_RE.sub(repl, body)


def _string_checked(rest: str, path: str, lineno: int) -> str:
    """Parse one quoted string token that makes up the whole of ``rest``."""
    rest = rest.strip()
    body = rest[1:-1]
    if (
        len(rest) < 2
        or rest[0] != '"'
        or rest[-1] != '"'
        or '"' in body
        or "\\" in body
        or _SUSPECT_RE.search(body)
    ):
        return _string_slow(rest, path, lineno)
    return body


def _string_clean(rest: str, path: str, lineno: int) -> str:
    """_string for a text already known to hold no control character and no conflict marker."""
    rest = rest.strip()
    body = rest[1:-1]
    if len(rest) < 2 or rest[0] != '"' or rest[-1] != '"' or '"' in body:
        return _string_slow(rest, path, lineno)
    if "\\" in body:
        # only "\n" escapes (a header's lines): every backslash starts one, so none is
        # escaped and none escapes the closing quote; the rest goes the slow way
        if body.count("\\") != body.count("\\n"):
            return _string_slow(rest, path, lineno)
        return body.replace("\\n", "\n")
    return body


def _string_slow(rest: str, path: str, lineno: int) -> str:
    if not rest.startswith('"'):
        raise _err(path, lineno, "syntax error: expected a quoted string")
    end = 1
    n = len(rest)
    while True:
        q = rest.find('"', end)
        if q < 0:
            raise _err(path, lineno, "end of line inside a string")
        bs = 0
        k = q - 1
        while k > 0 and rest[k] == "\\":
            bs += 1
            k -= 1
        if bs % 2 == 0:
            break
        end = q + 1
    if q != n - 1:
        raise _err(path, lineno, f"syntax error after the string: {_shown(rest[q + 1 :])}")
    body = rest[1:q]
    if "\\" in body:
        body = _unescape(body, path, lineno)
    bad = _CTRL_RE.search(body)
    if bad:
        raise _err(path, lineno, f"control character U+{ord(bad.group()):04X} in a string")
    if "#-#-#-#-#" in body:
        raise _err(path, lineno, "unresolved merge conflict (msgcat #-#-#-#-# markers)")
    return body


class _Cur:
    """An entry being read."""

    __slots__ = ("ctx", "e", "field", "lineno", "mid", "mpl", "mstr", "obs", "plurals", "prev")

    def __init__(self) -> None:
        self.e: dict[str, list[str]] = {}
        self.prev: dict[str, list[str]] = {}
        self.ctx: list[str] | None = None
        self.mid: list[str] | None = None
        self.mpl: list[str] | None = None
        self.mstr: list[str] | None = None
        self.plurals: list[list[str]] = []
        self.field: list[str] | None = None
        self.obs: bool | None = None
        self.lineno = 0

    def empty(self) -> bool:
        return not (self.e or self.prev or self.ctx is not None or self.mid is not None)

    def done(self) -> bool:
        return self.mstr is not None or bool(self.plurals)


def _finish(cur: _Cur, path: str, lineno: int, out: list[Entry]) -> None:
    if cur.mid is None:
        if cur.ctx is not None:
            raise _err(path, cur.lineno or lineno, "'msgctxt' without 'msgid'")
        if cur.prev:
            raise _err(path, lineno, "previous '#|' lines without an entry")
        return  # comments only: msgfmt ignores them
    if not cur.done():
        raise _err(path, cur.lineno, "missing 'msgstr' section")
    e = cur.e
    prev = cur.prev
    out.append(
        Entry(
            "".join(cur.mid),
            "".join(cur.mstr) if cur.mstr is not None else "",
            None if cur.ctx is None else "".join(cur.ctx),
            None if cur.mpl is None else "".join(cur.mpl),
            tuple(["".join(p) for p in cur.plurals]) if cur.plurals else (),
            tuple(e["#"]) if "#" in e else (),
            tuple(e["#."]) if "#." in e else (),
            tuple(e["#:"]) if "#:" in e else (),
            tuple(e["#,"]) if "#," in e else (),
            "".join(prev["msgctxt"]) if "msgctxt" in prev else None,
            "".join(prev["msgid"]) if "msgid" in prev else None,
            "".join(prev["msgid_plural"]) if "msgid_plural" in prev else None,
            bool(cur.obs),
            cur.lineno,
        )
    )


_WORD_SHOWN = re.compile(r"[A-Za-z_#~|][A-Za-z0-9_\[\]]{0,19}")


def _shown(text: str) -> str:
    """What an error message may quote of an offending line: a keyword-like word, never
    arbitrary bytes (a catalog replaced by a link to a secret must not leak it)."""
    word = text.split()[0] if text.split() else ""
    return repr(word) if _WORD_SHOWN.fullmatch(word) else "text"


def _split_kw(line: str, path: str, n: int) -> tuple[str, str]:
    """``msgid "x"`` -> ("msgid", '"x"'); ``msgstr[2] "x"`` -> ("msgstr[2]", '"x"')."""
    q = line.find('"')
    kw = (line[:q] if q >= 0 else line).strip()
    if not kw or not (kw in _KEYWORDS or kw.startswith("msgstr[")):
        if line.startswith(_CONFLICT):
            raise _err(path, n, "unresolved merge conflict")
        raise _err(path, n, f"syntax error: unexpected {_shown(line)}")
    if q < 0:
        raise _err(path, n, f"syntax error: '{kw}' without a string")
    return kw, line[q:]


def _parse_text(text: str, path: str, clean: bool = False) -> list[Entry]:
    """``clean``: as for :func:`_parse_regular`."""
    fast = _parse_regular(text, path, clean)
    if fast is not None:
        return fast
    try:
        return _parse_lines(text, path)
    except CatalogSyntaxError as exc:
        if exc.message == "end of line inside a string" and exc.line == _last_line(text):
            exc.message = "end of file inside a string"
            exc.args = (str(exc),)
        raise


def _last_line(text: str) -> int:
    stripped = text.rstrip(" \t")
    return stripped.count("\n") + stripped.count("\r") - stripped.count("\r\n") + 1


# ---------------------------------------------------------------- the regular shape
# A catalog as transflow (and msgcat) writes it: entries of comment lines, optional
# '#| msgid' previous text, then 'msgid' and 'msgstr' (or both behind '#~ '), every line
# at column 0 and ending right after its closing quote, entries apart by blank lines.
# :func:`_parse_regular` reads that shape with one regular expression an entry and
# gives up (None) on anything else: :func:`_parse_lines` then reads the file, and every
# error comes from there. Proven equal to _parse_lines (tests/catalog/test_fast_paths.py).
_STR = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
_REGULAR_ENTRY = re.compile(
    r"((?:#(?:[^.:,|~\n][^\n]*)?\n)*)"  # 1: translator comments
    r"((?:#\.[^\n]*\n)*)"  # 2: extracted comments
    r"((?:#:[^\n]*\n)*)"  # 3: references
    r"((?:#,[^\n]*\n)*)"  # 4: flags
    rf"(?:(?:#\| msgid ({_STR}\n(?:#\| {_STR}\n)*))?"  # 5: previous msgid
    rf"msgid ({_STR}\n(?:{_STR}\n)*)"  # 6
    rf"msgstr ({_STR}\n(?:{_STR}\n)*)"  # 7
    rf"|#~ msgid ({_STR}\n(?:#~ {_STR}\n)*)"  # 8: obsolete
    rf"#~ msgstr ({_STR}\n(?:#~ {_STR}\n)*))"  # 9
    r"\n*"
)


class _Irregular(Exception):
    """Raised inside :func:`_parse_regular`: not the regular shape after all."""


def _regular_value(region: str, sep: str, path: str) -> str:
    """The text of quoted lines ``"a"\n"b"\n`` (``sep``: what parts one from the next)."""
    inner = region[1:-2]
    raw = inner.replace(sep, "") if sep in inner else inner
    if "\\" not in raw:
        return raw
    if raw.count("\\") == raw.count("\\n"):  # only '\n' escapes, as _string_clean
        return raw.replace("\\n", "\n")
    try:
        return "".join(_string_slow(f'"{part}"', path, 0) for part in inner.split(sep))
    except CatalogSyntaxError:
        raise _Irregular from None


def _regular_comments(lines: str) -> tuple[str, ...]:
    """Comment lines of one kind (a group of _REGULAR_ENTRY), read as :func:`_comment`."""
    items: list[str] = []
    for c in lines[:-1].split("\n"):
        tag = c[1:2]
        if tag == ".":
            items.append(c[3:] if c[2:3] == " " else c[2:])
        elif tag == ":":
            items.extend(c[2:].split())
        elif tag == ",":
            items.extend(f.strip() for f in c[2:].split(",") if f.strip())
        else:
            items.append(c[2:] if tag == " " else c[1:])
    return tuple(items)


class _CommentGroups(Kept[str, tuple[str, ...]]):
    """Comment groups, each read once: an article's reference line, its extracted
    comments and flags repeat from entry to entry, and from its template to each of its
    languages' catalogs. Emptied when full (an article's catalogs are read together)."""

    def __missing__(self, lines: str) -> tuple[str, ...]:
        return self.keep(lines, _regular_comments(lines) if lines else (), 2 * len(lines))


_GROUPS = _CommentGroups(entries=1024, chars=1 << 20)


def _parse_regular(text: str, path: str, clean: bool = False) -> list[Entry] | None:
    """The entries of a catalog of the regular shape (see above), or None. ``clean``:
    the caller knows ``text`` holds no control character and no msgcat conflict marker."""
    if not clean and (_CTRL_RE.search(text) is not None or "#-#-#-#-#" in text):
        return None  # ('\r' is a control character)
    if not text.endswith("\n"):
        text += "\n"
    pos = len(text) - len(text.lstrip("\n"))
    line = pos + 1  # the line at ``pos``
    end = len(text)
    match = _REGULAR_ENTRY.match
    count = text.count
    seen = _GROUPS  # comment groups read (they repeat)
    out: list[Entry] = []
    append = out.append
    try:
        while pos < end:
            m = match(text, pos)
            if m is None:
                return None
            tc, ec, refs, flags, prev, mid, mstr, omid, omstr = m.groups()
            if mid is None:
                obsolete = True
                start = m.start(8)
                msgid = _regular_value(omid, '"\n#~ "', path)
                msgstr = _regular_value(omstr, '"\n#~ "', path)
            else:
                obsolete = False
                start = m.start(6)
                msgid = mid[1:-2]
                if '"\n"' in msgid or "\\" in msgid:
                    msgid = _regular_value(mid, '"\n"', path)
                msgstr = mstr[1:-2]
                if '"\n"' in msgstr or "\\" in msgstr:
                    msgstr = _regular_value(mstr, '"\n"', path)
            lineno = line + count("\n", pos, start)
            pos = m.end()
            line = lineno + count("\n", start, pos)
            t, e, r, f = seen[tc], seen[ec], seen[refs], seen[flags]
            append(
                Entry(
                    msgid,
                    msgstr,
                    None,
                    None,
                    (),
                    t,
                    e,
                    r,
                    f,
                    None,
                    None if prev is None else _regular_value(prev, '"\n#| "', path),
                    None,
                    obsolete,
                    lineno,
                )
            )
    except _Irregular:
        return None
    return out or None


StringOf = Callable[[str, str, int], str]


def _parse_lines(text: str, path: str) -> list[Entry]:
    """The hot loop: string continuations (most lines) are read here; comment and
    keyword lines are handed to :func:`_comment` and :func:`_keyword`."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    out: list[Entry] = []
    cur = _Cur()
    n = 0
    # (_SUSPECT_RE, as two searches: an alternation is tried at every position, a
    # character set and a substring are scanned in C, twice as fast on a whole file)
    clean = _CTRL_RE.search(text) is None and "#-#-#-#-#" not in text
    string_of = _string_clean if clean else _string_checked
    for raw in text.split("\n"):
        n += 1
        line = raw.lstrip(" \t\f\v") if raw[:1] in _LEADING_WS else raw
        if not line:
            continue
        c0 = line[0]
        if c0 == '"':
            if cur.field is None or (cur.mid is None and cur.ctx is None):
                # (a bare string cannot continue '#|' previous text: that takes '#| "…"')
                raise _err(path, n, "syntax error: string without a keyword")
            if cur.obs:
                raise _err(path, n, "inconsistent use of #~")
            cur.field.append(string_of(line, path, n))
            continue
        obs = False
        if c0 == "#":
            cur, rest = _comment(cur, line, path, n, out, string_of)
            if rest is None:
                continue
            line, obs = rest, True  # '#~ msgid …': an obsolete keyword line
        elif line.startswith(_CONFLICT):
            raise _err(path, n, "unresolved merge conflict")
        cur = _keyword(cur, line, obs, path, n, out, string_of)
    _finish(cur, path, n, out)
    return out


def _comment(
    cur: _Cur, line: str, path: str, n: int, out: list[Entry], string_of: StringOf
) -> tuple[_Cur, str | None]:
    """A line starting with ``#``: a comment, ``#|`` previous text, or ``#~`` obsolete
    text. Returns the entry being read (a new one when the line starts one) and, for an
    obsolete keyword line, that line without ``#~`` (None when the line is consumed)."""
    tag = line[1:2]
    obs = False
    if tag == "~":
        obs = True
        line = line[2:]
        if line[:1] == "|":
            tag = "|"
            line = "#" + line
        else:
            line = line.lstrip(" \t")
            if not line:
                return cur, None
            if line[0] != '"':
                return cur, line
            if cur.field is None or not cur.obs or (cur.mid is None and cur.ctx is None):
                raise _err(path, n, "syntax error: string without a keyword")
            cur.field.append(string_of(line, path, n))
            return cur, None
    if cur.done() or (cur.obs is not None and obs != cur.obs and tag == "|"):
        _finish(cur, path, n, out)
        cur = _Cur()
    if tag == "|":
        _previous(cur, line[2:].lstrip(" \t"), obs, path, n, string_of)
        return cur, None
    if cur.mid is not None or cur.ctx is not None:
        raise _err(path, cur.lineno or n, "missing 'msgstr' section")
    cur.field = None
    if tag in (".", ":", ","):
        body = line[2:]
        if tag == ".":
            items = [body[1:] if body[:1] == " " else body]
        elif tag == ":":
            items = body.split()
        else:
            items = [f.strip() for f in body.split(",") if f.strip()]
        cur.e.setdefault("#" + tag, []).extend(items)
    else:
        body = line[1:]
        cur.e.setdefault("#", []).append(body[1:] if body[:1] == " " else body)
    return cur, None


def _previous(cur: _Cur, rest: str, obs: bool, path: str, n: int, string_of: StringOf) -> None:
    """A ``#|`` line (``rest`` follows the ``#|``): previous msgctxt/msgid/msgid_plural."""
    if cur.ctx is not None or cur.mid is not None:
        raise _err(path, n, "'#|' previous text after 'msgid'")
    cur.obs = obs if cur.obs is None else cur.obs
    if rest.startswith('"'):
        if cur.field is None:
            raise _err(path, n, "syntax error: string without a keyword")
        cur.field.append(string_of(rest, path, n))
        return
    kw, s = _split_kw(rest, path, n)
    if kw not in ("msgctxt", "msgid", "msgid_plural") or kw in cur.prev:
        raise _err(path, n, f"syntax error: '#| {kw}'")
    cur.field = cur.prev[kw] = [string_of(s, path, n)]


def _keyword(
    cur: _Cur, line: str, obs: bool, path: str, n: int, out: list[Entry], string_of: StringOf
) -> _Cur:
    """A keyword line (``msgid "…"``, ``msgstr[1] "…"``…); returns the entry being read."""
    q = line.find('"')
    kw = line[:q].rstrip() if q > 0 else ""
    if kw in _KEYWORDS:
        s = line[q:]
    else:
        kw, s = _split_kw(line, path, n)
    value = string_of(s, path, n)
    if (kw == "msgid" or kw == "msgctxt") and (cur.mstr is not None or cur.plurals):
        _finish(cur, path, n, out)
        cur = _Cur()
    if cur.obs is not None and cur.obs != obs:
        raise _err(path, n, "inconsistent use of #~")
    if kw == "msgid" or kw == "msgctxt":  # the entry's first keyword
        if cur.mid is not None:
            raise _err(path, cur.lineno, "missing 'msgstr' section")
        if kw == "msgid":
            cur.mid = cur.field = [value]
        elif cur.ctx is not None:
            raise _err(path, n, "duplicate 'msgctxt'")
        else:
            cur.ctx = cur.field = [value]
        cur.lineno = n
        cur.obs = obs
    elif cur.mid is None:
        raise _err(path, n, f"'{kw}' without 'msgid'")
    elif kw == "msgid_plural":
        if cur.mpl is not None or cur.done():
            raise _err(path, n, "syntax error: unexpected 'msgid_plural'")
        cur.mpl = cur.field = [value]
    elif kw == "msgstr":
        if cur.done():
            raise _err(path, n, "syntax error: unexpected 'msgstr'")
        if cur.mpl is not None:
            raise _err(path, n, "'msgstr' without an index in a plural entry")
        cur.mstr = cur.field = [value]
    else:
        _plural_form(cur, kw, value, path, n)
    return cur


def _plural_form(cur: _Cur, kw: str, value: str, path: str, n: int) -> None:
    """``msgstr[i]``: the next plural form, in order."""
    idx = kw[7:-1].strip() if kw.endswith("]") else "?"
    if not idx.isdigit() or not idx.isascii():
        raise _err(path, n, f"invalid plural index in '{kw}'")
    if cur.mpl is None:
        raise _err(path, n, "missing 'msgid_plural' section")
    if cur.mstr is not None or int(idx) != len(cur.plurals):
        raise _err(path, n, "plural form has wrong index")
    field = [value]
    cur.plurals.append(field)
    cur.field = field


def _assemble(entries: list[Entry], path: str, charset: str, had_bom: bool) -> Catalog:
    header, body = _split_header(entries, path)
    problem = plural_problem(header.msgstr)
    if problem:
        raise _err(path, header.lineno, f"Plural-Forms: {problem}")
    _check_formats(body, path)
    m = _NPLURALS_RE.search(header.msgstr) if "Plural-Forms:" in header.msgstr else None
    _check_plural_counts(body, int(m.group(1)) if m else None, path)
    _check_newlines(body, path)
    return Catalog(header=header, entries=tuple(body), charset=charset, had_bom=had_bom)


def _split_header(entries: list[Entry], path: str) -> tuple[Entry, list[Entry]]:
    """The header entry and the others; duplicates and a missing or empty header refused."""
    header: Entry | None = None
    seen: dict[tuple[str | None, str], int] = {}
    body: list[Entry] = []
    for e in entries:
        key = e.key
        first = seen.get(key)
        if first is not None:
            raise _err(
                path, e.lineno, f"duplicate message definition (first defined at line {first})"
            )
        seen[key] = e.lineno
        if e.msgid == "" and e.msgctxt is None and not e.obsolete:
            if e.msgid_plural is not None:
                raise _err(path, e.lineno, "the header entry cannot have plural forms")
            header = e
        else:
            if e.msgid == "" and not e.obsolete:
                raise _err(path, e.lineno, "empty msgid is reserved for the header entry")
            body.append(e)
    if header is None:
        line = body[0].lineno if body else 1
        raise _err(path, line, 'missing header entry (msgid "")' if body else "empty catalog")
    if not header.msgstr.strip() and not header.obsolete:
        raise _err(
            path,
            header.lineno,
            "the header entry has an empty msgstr (msgfmt: header missing or invalid)",
        )
    return header, body


def _check_formats(body: list[Entry], path: str) -> None:
    """``c-format`` and friends: the translation's directives match the source's."""
    for e in body:
        if e.obsolete or e.fuzzy or e.msgid_plural is not None or not e.msgstr or not e.flags:
            continue
        problem = format_problem(e.flags, e.msgid, e.msgstr)
        if problem:
            raise _err(path, e.lineno, problem)


def _check_plural_counts(body: list[Entry], nplurals: int | None, path: str) -> None:
    """A translated plural entry has as many forms as the header's ``nplurals``."""
    for e in body:
        if e.msgid_plural is None or e.obsolete or e.fuzzy or not any(e.msgstr_plural):
            continue
        if nplurals is None:
            raise _err(path, e.lineno, "plural forms used but the header has no Plural-Forms")
        if len(e.msgstr_plural) != nplurals:
            raise _err(
                path,
                e.lineno,
                f"{len(e.msgstr_plural)} plural forms but the header says nplurals={nplurals}",
            )


def _check_newlines(body: list[Entry], path: str) -> None:
    """msgid and msgstr both begin (and both end) with a newline, or neither does."""
    for e in body:
        if e.obsolete or e.fuzzy or e.msgid_plural is not None or not e.msgstr:
            continue
        for end, where in ((e.msgid[:1], "begin"), (e.msgid[-1:], "end")):
            other = e.msgstr[:1] if where == "begin" else e.msgstr[-1:]
            if (end == "\n") != (other == "\n"):
                raise _err(path, e.lineno, f"msgid and msgstr do not both {where} with '\\n'")


_CTRL_BYTES = bytes([*range(0x00, 0x09), *range(0x0B, 0x20)])  # _CTRL_RE's characters


@functools.lru_cache(maxsize=64)
def _is_utf8(charset: str) -> bool:
    """Whether :func:`.decode_po` decodes a catalog declaring ``charset`` as UTF-8."""
    try:
        return codecs.lookup(charset).name in ("utf-8", "utf-8-sig")
    except (LookupError, ValueError):
        return False


def _clean_utf8(data: bytes, charset: str) -> bool:
    """Whether the text of ``data`` (decoded as UTF-8) holds no control character and no
    msgcat conflict marker: in UTF-8 a byte below 0x80 is that character, and every
    other byte belongs to a character above U+007F (checked on bytes: ten times faster)."""
    return (
        _is_utf8(charset)
        and len(data.translate(None, _CTRL_BYTES)) == len(data)
        and b"#-#-#-#-#" not in data
    )


def parse_po(data: bytes, path: str) -> Catalog:
    """Parse PO/POT bytes strictly. Raises CatalogSyntaxError (and nothing else) on bad input."""
    try:
        text, charset, had_bom = decode_po(data, path)
        entries = _parse_text(text, path, _clean_utf8(data, charset))
    except CatalogSyntaxError:
        raise
    except Exception as exc:  # pragma: no cover - defensive: only our error type escapes
        raise _err(path, 1, f"cannot parse: {exc}") from None
    return _assemble(entries, path, charset, had_bom)
