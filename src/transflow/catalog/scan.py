"""A lean PO reader for the jobs that need a catalog's counts or its translations, not its
entries: cold ``status``, the translation memory of ``extract``.

:func:`scan_po` reads the plain catalogs transflow and msgcat write (comments, ``#, fuzzy``,
``#| msgid`` previous text, single-line or wrapped ``msgid``/``msgstr`` strings with the
escapes ``\\n \\t \\" \\\\``) and, for these, makes every check the strict reader
(:mod:`.poparse`) makes: the same decoding (:func:`.podecode.decode_po`), entry structure,
duplicates, the header and its Plural-Forms, the ``\\n`` at both ends. At the first thing
outside that subset (a context, plural forms, an obsolete entry, a flag other than fuzzy,
another escape, a control character, a stray line…) it hands the bytes to the strict
reader, so a catalog is refused exactly when the strict reader refuses it, with its
message (differential tests over every fixture in ``tests/catalog/test_scan.py``).

:func:`tally_po` is cold ``status``'s reader: a catalog's counts (entries, translated,
fuzzy, words…), exactly :func:`tally_of` of :func:`scan_po`'s summary, computed without
an object per entry. Its fast path reads the catalogs transflow writes in UTF-8 without a
backslash past the header (no ``\\"``, ``\\n`` or ``\\t`` in any msgid or msgstr): there a
string's line can be matched as ``"[^\\n]*"`` (a tight loop in ``re``, 3x faster than
checking each character against a class), and what the class would have refused is
refused by cheaper means: no control character in the whole file, no backslash after the
header, no quote inside any string. Anything else goes to :func:`scan_po` unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import compress
from operator import itemgetter
from typing import Any, NamedTuple, cast

from transflow.catalog.entries import Catalog
from transflow.catalog.podecode import _CHARSET_RE, _declared_charset, decode_po
from transflow.catalog.poformat import plural_line_problem, plural_problem
from transflow.core.errors import CatalogSyntaxError

__all__ = [
    "Item",
    "Summary",
    "Tally",
    "scan_plain",
    "scan_po",
    "summary_of",
    "tally_of",
    "tally_po",
    "usable_po",
]


class Item(NamedTuple):
    """One live entry as the lean jobs see it."""

    msgid: str
    msgstr: str  # "" for a plural entry
    msgctxt: str | None
    plural: bool
    translated: bool  # Entry.is_translated
    fuzzy: bool
    previous: bool  # has a previous msgid (#| msgid)


@dataclass(frozen=True, slots=True)
class Summary:
    header: str  # the header's msgstr
    live: tuple[Item, ...]
    obsolete: int


def summary_of(catalog: Catalog) -> Summary:
    """The summary of a catalog the strict reader read."""
    live = tuple(
        Item(
            e.msgid,
            e.msgstr if e.msgid_plural is None else "",
            e.msgctxt,
            e.msgid_plural is not None,
            e.is_translated,
            e.fuzzy,
            e.previous_msgid is not None,
        )
        for e in catalog.entries
        if not e.obsolete
    )
    header = catalog.header.msgstr if catalog.header else ""
    return Summary(header, live, len(catalog.entries) - len(live))


# a string's body: plain characters and the simple escapes (the loop unrolled: fast in re)
_S = r'[^"\\\x00-\x1f]*(?:\\[nt"\\][^"\\\x00-\x1f]*)*'
# one entry as msgcat writes it (blank lines after it): comments, then "#, fuzzy", then the
# previous msgid, then msgid and msgstr, each a string and its continuation lines
_ENTRY = re.compile(
    rf"""(?:\#[ .:][^\n]*\n)*
    (?P<fuzzy>\#,\ fuzzy\n)?
    (?P<previous>\#\|\ msgid\ "{_S}"\n(?:\#\|\ "{_S}"\n)*)?
    msgid\ (?P<msgid>"{_S}"\n(?:"{_S}"\n)*)
    msgstr\ (?P<msgstr>"{_S}"\n(?:"{_S}"\n)*)
    \n*""",
    re.VERBOSE,
)


class _Unusual(Exception):
    """Outside the subset this reader checks: the strict reader decides."""


def scan_po(data: bytes, path: str) -> Summary:
    """The summary of PO/POT bytes; raises what :func:`.poparse.parse_po` raises."""
    from transflow.catalog.poparse import parse_po  # imported when needed: start-up time

    summary = scan_plain(data, path)
    return summary if summary is not None else summary_of(parse_po(data, path))


def scan_plain(data: bytes, path: str) -> Summary | None:
    """The summary of a plain catalog (one the strict reader accepts, and that has only
    entries without context or plural forms, none obsolete, no flag but fuzzy), or None
    when the catalog is anything else: then the strict reader must read it (and may
    refuse it). Raises what the strict reader raises for bytes it cannot decode."""
    text, _charset, _bom = decode_po(data, path)  # the strict reader's decoding and checks
    try:
        return _scan(text)
    except _Unusual:
        return None


def _text(block: str) -> str:
    """The value of a string and its continuation lines (``"a"\\n"b"\\n`` -> ``ab``): a
    quote followed by a line end is always a closing quote. Its escapes (only ``\\n \\t
    \\" \\\\``: the callers' expressions checked that) are undone without a call per escape:
    every backslash starts an escape, so the ``\\\\`` found from the left are escaped
    backslashes, and what lies between them has only the three others."""
    body = block[1:-2].replace('"\n"', "")
    if "\\" not in body:
        return body
    if "\\\\" not in body:  # no escaped backslash: each backslash starts one of the three
        return body.replace("\\n", "\n").replace("\\t", "\t").replace('\\"', '"')
    return "\\".join(
        part.replace("\\n", "\n").replace("\\t", "\t").replace('\\"', '"')
        for part in body.split("\\\\")
    )


def _scan(text: str) -> Summary:
    if "\r" in text or "#-#-#-#-#" in text or "\ufffe" in text or "\uffff" in text:
        raise _Unusual
    if not text.endswith("\n"):
        text += "\n"
    pos = len(text) - len(text.lstrip("\n"))
    live: list[Item] = []
    seen: set[str] = set()
    header: str | None = None
    match = _ENTRY.match
    while pos < len(text):
        m = match(text, pos)
        if m is None:
            raise _Unusual
        pos = m.end()
        fuzzy_line, previous, mid, mstr = m.group("fuzzy", "previous", "msgid", "msgstr")
        msgid = _text(mid)
        msgstr = _text(mstr)
        if msgid in seen:
            raise _Unusual  # duplicate: the strict reader names both lines
        seen.add(msgid)
        if msgid == "":
            if header is not None or live or not msgstr.strip():
                raise _Unusual
            header = msgstr
            continue
        fuzzy = fuzzy_line is not None
        translated = not fuzzy and msgstr != ""
        if translated and (
            (msgid[:1] == "\n") != (msgstr[:1] == "\n")
            or (msgid[-1:] == "\n") != (msgstr[-1:] == "\n")
        ):
            raise _Unusual
        live.append(Item(msgid, msgstr, None, False, translated, fuzzy, previous is not None))
    if header is None or plural_problem(header):
        raise _Unusual
    return Summary(header, tuple(live), 0)


class Tally(NamedTuple):
    """A catalog's counts, as ``status`` reports them (``words``: of the live msgids)."""

    header: str  # the header's msgstr
    total: int  # live entries
    translated: int
    fuzzy: int
    changed: int  # fuzzy, with a previous msgid
    words: int
    translated_words: int
    obsolete: int


def tally_of(summary: Summary, weigh: Callable[[str], int]) -> Tally:
    """The counts of a summary; ``weigh``: a msgid's words."""
    total = translated = fuzzy = changed = words = twords = 0
    for e in summary.live:
        total += 1
        n = weigh(e.msgid)
        words += n
        if e.translated:
            translated += 1
            twords += n
        elif e.fuzzy:
            fuzzy += 1
            if e.previous:
                changed += 1
    return Tally(summary.header, total, translated, fuzzy, changed, words, twords, summary.obsolete)


def tally_po(data: bytes, path: str, weigh: Callable[[str], int]) -> Tally:
    """``tally_of(scan_po(data, path), weigh)``, faster; raises what :func:`scan_po` raises.
    ``weigh`` may be called with each msgid in any order (it should be cached: the same
    msgids come back in every language)."""
    text = _plain_utf8(data, path)
    if text is not None:
        try:
            return _count(data, weigh)
        except _Unusual:
            pass
        try:
            return _tally(text, weigh)
        except _Unusual:
            try:  # what scan_po does, without decoding again (decode_po would give text)
                return tally_of(_scan(text), weigh)
            except _Unusual:
                pass
    return tally_of(scan_po(data, path), weigh)


# every control character but the line feed
_CONTROLS = bytes(range(0x0A)) + bytes(range(0x0B, 0x20))
# bytes.translate's table that changes every control character but the line feed (into
# a space) and nothing else: bytes have none when it leaves them as they are
_CONTROLS_CHANGED = bytes(0x20 if i in _CONTROLS else i for i in range(256))


def _plain_utf8(data: bytes, path: str) -> str | None:
    """``decode_po(data, path)[0]`` when these bytes need none of its checks but the
    charset's (they begin like a catalog, have no control character but the line feed, no
    BOM, declare UTF-8 or nothing, and are valid UTF-8), else None: then decode_po must
    decide (and may refuse them)."""
    if not _plain_bytes(data, path):
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _plain_bytes(data: bytes, path: str) -> bool:
    """Whether these bytes begin like a catalog, have no control character but the line
    feed (so no BOM, no .mo magic, no UTF-16, no NUL, no binary data) and declare UTF-8 or
    nothing: all :func:`_plain_utf8` asks but that they are valid UTF-8."""
    if data[:1] not in (b"#", b"m") or data.translate(_CONTROLS_CHANGED) != data:
        return False
    # the charset _CHARSET_RE finds first: the line transflow and msgcat write, when no
    # "Content-Type:" in any case comes before it (the expression's first match begins at
    # a "Content-Type:", and no two of those overlap)
    at = data.find(_UTF8_LINE)
    if at >= 0 and b"content-type:" not in data[:at].lower():
        name = b"UTF-8"
    else:
        declared = _CHARSET_RE.search(data)
        if declared is None:
            return True
        name = declared.group(1)
    says_utf8 = _SAYS_UTF8.get(name)
    if says_utf8 is None:
        try:
            says_utf8 = _declared_charset(data, path)[1] == "utf-8"
        except CatalogSyntaxError:
            says_utf8 = False
        if len(_SAYS_UTF8) < 64:
            _SAYS_UTF8[name] = says_utf8
    return says_utf8


# the header line of the charset as transflow and msgcat write it: _CHARSET_RE reads
# "UTF-8" in it (its name ends at the backslash)
_UTF8_LINE = b"Content-Type: text/plain; charset=UTF-8\\n"

# whether a charset name in a header (``_CHARSET_RE``'s group) is UTF-8 to
# :func:`.podecode._declared_charset`: its verdict depends on the name alone (the file's
# bytes give only the line of an error), and a workspace declares one name or a few
_SAYS_UTF8: dict[bytes, bool] = {}


# a string's line as the fast path matches it: anything up to the last quote of the line
# (its content is then checked: no quote, and, in the file, no backslash, no control)
_LINE = r'"[^\n]*"\n'
# the repetitions are possessive (``*+``: never given back, which spares re the record of
# every line it would need to backtrack): giving back a line never lets the rest match, as
# what follows each repetition begins differently (comments ``# ``, ``#.``, ``#:``, then
# ``#,``, ``#|``, ``msgid``, ``msgstr``; string lines ``"``)
_COMMENTS = r"(?:\#[ .:][^\n]*\n)*+"
_FAST_REST = rf"""
    (\#,\ fuzzy\n)?
    (\#\|\ msgid\ {_LINE}(?:\#\|\ {_LINE})*+)?
    msgid\ ({_LINE}(?:{_LINE})*+)
    msgstr\ ({_LINE}(?:{_LINE})*+)
    \n*+"""
_FAST_ENTRY = re.compile(_COMMENTS + _FAST_REST, re.VERBOSE)
# the header as _ENTRY reads it, when its msgid is "" (an entry whose msgid is anything
# else is not a header): possessive as _FAST_ENTRY (a string's body is unambiguous too)
_SP = r'[^"\\\x00-\x1f]*+(?:\\[nt"\\][^"\\\x00-\x1f]*+)*+'
_HEADER = re.compile(
    rf"""\n*+(?:\#[ .:][^\n]*\n)*+
    (?:\#,\ fuzzy\n)?
    (?:\#\|\ msgid\ "{_SP}"\n(?:\#\|\ "{_SP}"\n)*+)?
    msgid\ ""\n(?:""\n)*+
    msgstr\ ("{_SP}"\n(?:"{_SP}"\n)*+)
    \n*+""",
    re.VERBOSE,
)


def _after_header(text: str) -> tuple[str, int]:
    """(the header's msgstr, where the entries after it begin) for the fast paths of
    :func:`tally_po` and :func:`translated_po`; raises _Unusual for anything
    :func:`_scan` would not accept in the header or in the file as a whole, and whenever
    the file has a backslash past the header (``text``: the decoded catalog, without
    control characters but line feeds, ending with one)."""
    if "#-#-#-#-#" in text or "\ufffe" in text or "\uffff" in text:
        raise _Unusual
    first = _HEADER.match(text)
    if first is None:
        raise _Unusual
    header = _text(first.group(1))
    if not header.strip() or _plural_problem(header):
        raise _Unusual
    pos = first.end()
    if text.find("\\", pos) != -1:
        raise _Unusual  # escapes: _scan reads them
    return header, pos


def _plural_problem(header: str) -> str:
    """:func:`.poformat.plural_problem` (the line its verdict depends on: the first that
    begins with ``Plural-Forms:``), found without splitting the header into lines."""
    at = header.find("Plural-Forms:")
    while at > 0 and header[at - 1] != "\n":
        at = header.find("Plural-Forms:", at + 1)
    if at < 0:
        return ""
    end = header.find("\n", at)
    return plural_line_problem(header[at:] if end < 0 else header[at:end])


_EMPTY = '""\n'  # an empty msgstr, as msgcat writes it

# msgid by its lines ('"..."\n"..."\n', _FAST_ENTRY's group): the same msgid comes back,
# wrapped the same, in every language's catalog of an article
_MSGIDS: dict[str, str] = {}


def _joined(lines: str) -> str:
    """The string of a fast entry's quoted lines (a msgid's or a msgstr's): the joins
    between the lines are exactly their '"\n"' (no line holds a line feed)."""
    return lines[1:-2].replace('"\n"', "")


def _msgid(lines: str) -> str:
    """The msgid of its lines (_FAST_ENTRY's group): the joins between the lines are
    exactly their '"\n"' (no line holds a line feed), and what remains is the string (no
    escapes past the header), which must have no quote; remembered in _MSGIDS."""
    msgid = _MSGIDS.get(lines)
    return _remember(_MSGIDS, lines, lines) if msgid is None else msgid


# what a memo of msgids holds at most: the reuse it serves is between the catalogs of one
# article (read one language after another), a few dozen msgids; a memo of 65,536 held
# 18 MiB of msgids and their lines once status had read 3,000 articles
_MEMO_ENTRIES = 1 << 12


def _remember(memo: dict[Any, str], key: object, lines: str) -> str:
    """The msgid of ``lines`` (raises _Unusual for a quote), kept in ``memo`` under
    ``key``; the memo is emptied when it reaches :data:`_MEMO_ENTRIES`."""
    msgid = _joined(lines)
    if '"' in msgid:
        raise _Unusual
    if len(memo) >= _MEMO_ENTRIES:
        memo.clear()
    memo[key] = msgid
    return msgid


def _tally(text: str, weigh: Callable[[str], int]) -> Tally:
    """The fast path of :func:`tally_po`; raises _Unusual as :func:`_after_header`.

    The entries are cut by one ``re.split`` (no Python per match): it gives, for each
    entry, the text before it (which must be empty: every entry begins where the last
    ended, as a match at each position would require) and its four groups."""
    return _tallied(*_split(text), _EMPTY, weigh)


def _tallied(
    header: str,
    fuzzies: list[Any],
    previous: list[Any],
    msgids: list[str],
    msgstrs: list[Any],
    empty: str | bytes,
    weigh: Callable[[str], int],
) -> Tally:
    """The counts of a catalog the fast paths read (_split's lists, of text or of bytes:
    ``empty`` is an empty msgstr's lines in the same type)."""
    total = len(msgids)
    weights = list(map(weigh, msgids))
    words = sum(weights)
    fuzzy = total - fuzzies.count(None)
    # translated: not fuzzy, a msgstr (no line feed at either end of either string: no
    # escapes)
    if fuzzy:
        done = [f is None and m != empty for f, m in zip(fuzzies, msgstrs, strict=True)]
        changed = sum(
            1 for f, p in zip(fuzzies, previous, strict=True) if f is not None and p is not None
        )
        translated, translated_words = sum(done), sum(compress(weights, done))
    else:
        changed = 0
        translated = total - msgstrs.count(empty)
        translated_words = (
            words if translated == total else sum(compress(weights, map(empty.__ne__, msgstrs)))
        )
    return Tally(header, total, translated, fuzzy, changed, words, translated_words, 0)


def _split(text: str) -> tuple[str, list[str | None], list[str | None], list[str], list[str]]:
    """The text fast path's reading of a whole catalog (of :func:`tally_po`): its
    header's msgstr and, for each entry in order, its fuzzy line (or None), its previous
    msgid's lines (or None), its msgid and its msgstr's lines; raises _Unusual as
    :func:`_after_header`, and for a duplicate or a quote inside a string.

    The entries are cut by one ``re.split`` (no Python per match): it gives, for each
    entry, the text before it (which must be empty: every entry begins where the last
    ended, as a match at each position would require) and its four groups. The msgids
    are kept in _MSGIDS (status reads every language's catalog of an article)."""
    if not text.endswith("\n"):
        text += "\n"
    header, pos = _after_header(text)
    body = text[pos:]
    parts = _FAST_ENTRY.split(body)
    # an empty continuation line ("") is left to _scan: then an empty msgstr is '""\n'
    if any(parts[::5]) or '\n""\n' in body:
        raise _Unusual
    fuzzies, previous, mids, msgstrs = parts[1::5], parts[2::5], parts[3::5], parts[4::5]
    known = list(map(_MSGIDS.get, mids))
    msgids = [_msgid(m) for m in mids] if None in known else cast(list[str], known)
    # the lines of the other strings (each '"..."\n' or '#| ..."..."\n') hold two quotes
    # each, and no line feed but their last: any other quote is inside a string
    strings = "".join(msgstrs) + "".join(p for p in previous if p)
    if strings.count('"') != 2 * strings.count("\n"):
        raise _Unusual
    if len(set(msgids)) != len(msgids) or "" in msgids:
        raise _Unusual  # a duplicate, or a second header
    return header, fuzzies, previous, msgids, msgstrs


# _tally's reading, on the catalog's bytes (the strings are decoded only for the msgids
# not seen before): a string's continuation lines are never empty ('""', which would
# make an empty msgstr look translated), so that no search for them is needed; each
# entry's lines as _FAST_ENTRY reads them otherwise. The header is cut as an entry too
# (no copy of what follows it) and must be the one _HEADER reads.
_COUNT_ENTRY = re.compile(
    rb"""(?:\#[ .:][^\n]*\n)*+
    (\#,\ fuzzy\n)?
    (\#\|\ msgid\ "[^\n]*"\n(?:\#\|\ "[^\n]*"\n)*+)?
    msgid\ ("[^\n]*"\n(?:"[^\n]+"\n)*+)
    msgstr\ ("[^\n]*"\n(?:"[^\n]+"\n)*+)
    \n*+""",
    re.VERBOSE,
)
# _HEADER on bytes: the same lines, as the catalog is valid UTF-8 (a byte of a multibyte
# character is never a quote, a backslash or a control)
_HEADER_BYTES = re.compile(_HEADER.pattern.encode(), re.VERBOSE)
_EMPTY_BYTES = b'""\n'

# msgid by its lines, as _MSGIDS, for _count
_MSGID_LINES: dict[bytes, str] = {}


def _count(data: bytes, weigh: Callable[[str], int]) -> Tally:
    """:func:`_tally` of the text of ``data`` (bytes :func:`_plain_utf8` decodes), read
    from the bytes; raises _Unusual for every catalog _tally refuses, and for some it
    reads (a first line that is blank, a last line without its line feed, an empty string
    line after a header's first): then _tally reads them."""
    header, parts = _cut(data)
    fuzzies, previous, mids, msgstrs = parts[6::5], parts[7::5], parts[8::5], parts[9::5]
    known = list(map(_MSGID_LINES.get, mids))
    msgids = [_msgid_of(m) for m in mids] if None in known else cast(list[str], known)
    total = len(msgids)
    if len(set(msgids)) != total or "" in msgids:
        raise _Unusual  # a duplicate, or a second header
    # the lines of the other strings (each '"..."\n' or '#| ..."..."\n') hold two quotes
    # each, and no line feed but their last: any other quote is inside a string
    strings = b"".join(msgstrs)
    if previous.count(None) != total:
        strings += b"".join(p for p in previous if p)
    if strings.count(b'"') != 2 * strings.count(b"\n"):
        raise _Unusual
    return _tallied(header, fuzzies, previous, msgids, msgstrs, _EMPTY_BYTES, weigh)


def _cut(data: bytes) -> tuple[str, list[Any]]:
    """The header's msgstr and the parts of ``_COUNT_ENTRY.split(data)`` (the header's
    five, then five for each entry) of bytes :func:`_plain_utf8` decodes, for the fast
    paths of :func:`_count` and :func:`usable_po`; raises _Unusual for every catalog
    :func:`_after_header` refuses, and for some it reads (a first line that is blank, a
    last line without its line feed, an empty string line after a header's first).

    The entries are cut by one ``re.split``, the header with them: every part between
    two entries must be empty (the first entry, the header, begins the file), and the
    header's msgstr the one _HEADER reads (its strings may hold escapes: when they hold
    any but ``\\n``, or a previous msgid, _HEADER itself decides). The strings of the
    entries are left to the caller (they may still hold a quote)."""
    if b"#-#-#-#-#" in data or (
        b"\xef" in data and (b"\xef\xbf\xbe" in data or b"\xef\xbf\xbf" in data)
    ):
        raise _Unusual  # a conflict marker, U+FFFE or U+FFFF (in UTF-8): as _after_header
    parts = _COUNT_ENTRY.split(data)
    if any(parts[::5]) or parts[3] != _EMPTY_BYTES:
        raise _Unusual
    block = parts[4]  # the header's msgstr lines
    if (
        parts[2] is None
        and block.count(b"\\") == block.count(b"\\n")
        and block.count(b'"') == 2 * block.count(b"\n")
    ):
        # what _HEADER reads: its lines hold only the escape \n, no quote inside (and
        # no control: _plain_utf8), so they are the strings it reads, up to the same line
        end = data.find(b"\nmsgstr ") + 8 + len(block)  # the header's msgstr: the first
        # _text(block.decode()), on the bytes: every backslash begins a \n
        header = block[1:-2].replace(b'"\n"', b"").replace(b"\\n", b"\n").decode()
    else:
        first = _HEADER_BYTES.match(data)
        if first is None or first.group(1) != block:
            raise _Unusual
        end = first.end()
        header = _text(block.decode())
    if data.find(b"\\", end) != -1:
        raise _Unusual
    if not header.strip() or _plural_problem(header):
        raise _Unusual
    return header, parts


def _msgid_of(lines: bytes) -> str:
    """The msgid of its lines (_COUNT_ENTRY's group), as :func:`_msgid` reads it from the
    text; remembered in _MSGID_LINES."""
    msgid = _MSGID_LINES.get(lines)
    return _remember(_MSGID_LINES, lines, lines.decode()) if msgid is None else msgid


class Usable(NamedTuple):
    """What ``export`` reads of a catalog (see :func:`usable_po`)."""

    header: str  # the header's msgstr
    live: int  # live entries
    translations: dict[str, str]  # msgid -> msgstr of the translated entries


def usable_po(data: bytes, path: str) -> Usable | None:
    """For export: the header, the count of live entries and the translations (msgid ->
    msgstr of the entries translated and not fuzzy) of a catalog :func:`scan_plain` reads,
    exactly as it gives them; faster (no object per entry) for the catalogs _count reads,
    through :func:`scan_plain` for the others. None when scan_plain gives None (the strict
    reader must read it); raises what scan_plain raises."""
    if _plain_bytes(data, path):
        try:
            data.decode("utf-8")  # _plain_utf8's last check (the text itself is not needed)
        except UnicodeDecodeError:
            pass
        else:
            try:
                return _usable(data)
            except _Unusual:
                pass
    summary = scan_plain(data, path)
    if summary is None:
        return None
    translations = {e.msgid: e.msgstr for e in summary.live if e.translated}
    return Usable(summary.header, len(summary.live), translations)


def _usable(data: bytes) -> Usable:
    """The fast path of :func:`usable_po` (``data``: bytes :func:`_plain_utf8` decodes):
    the catalog cut as _count cuts it, its strings read in bulk (:func:`_strings`); raises
    _Unusual for every catalog _count refuses."""
    blank = data.find(b"\n\n")
    if blank >= 0 and data.rfind(b"\\") > blank:
        # a backslash past the first blank line, so past the header of any catalog _cut
        # reads (blank lines only end its entries): _cut would refuse it, after cutting
        raise _Unusual
    header, parts = _cut(data)
    fuzzies, previous, mids = parts[6::5], parts[7::5], parts[8::5]
    total = len(mids)
    if not total:
        return Usable(header, 0, {})
    msgids = _msgids(mids)
    if previous.count(None) != total:
        lines = b"".join(p for p in previous if p)  # each '#| ..."..."\n': two quotes
        if lines.count(b'"') != 2 * lines.count(b"\n"):
            raise _Unusual
    # translated: not fuzzy, a msgstr (no line feed at either end of either string: no
    # escapes); an empty msgstr is the empty string, as no continuation line is empty
    translations = dict(filter(_SECOND, zip(msgids, _strings(parts[9::5]), strict=True)))
    if fuzzies.count(None) != total:
        for msgid in compress(msgids, fuzzies):
            translations.pop(msgid, None)  # (absent when its msgstr is empty)
    return Usable(header, total, translations)


_SECOND = itemgetter(1)
_QUOTE_LF = b'"\n'


def _strings(blocks: list[bytes]) -> list[str]:
    """The strings of string blocks (each one or more lines '"..."\\n', no control, no
    backslash, valid UTF-8: _COUNT_ENTRY's msgid or msgstr groups), in order; raises
    _Unusual for a quote inside a string."""
    return _joined_strings(b"\0".join(blocks))


def _joined_strings(joined: bytes) -> list[str]:
    """:func:`_strings` of the blocks joined by a NUL (in no catalog _plain_utf8 passes),
    all at once: every quote and line feed deleted, which joins each block's lines; each
    line holds two quotes and its line feed, or more quotes (one inside the string)."""
    text = joined.translate(None, _QUOTE_LF)
    if len(joined) - len(text) != 3 * joined.count(b"\n"):
        raise _Unusual
    return text.decode().split("\0")


# the msgids :func:`_msgids` read last, after the NUL-joined msgid lines they were read
# from: export reads an article's catalogs one language after another, and these have
# the same msgids, wrapped the same (a comparison of bytes instead of a reading)
_LAST_MSGIDS: list[tuple[bytes, list[str]]] = [(b"", [])]


def _msgids(blocks: list[bytes]) -> list[str]:
    """:func:`_strings` of _COUNT_ENTRY's msgid groups; raises _Unusual also for a
    duplicate or an empty msgid (a second header)."""
    joined = b"\0".join(blocks)
    lines, msgids = _LAST_MSGIDS[0]
    if joined == lines:
        return msgids
    msgids = _joined_strings(joined)
    seen = set(msgids)
    if len(seen) != len(msgids) or "" in seen:
        raise _Unusual
    _LAST_MSGIDS[0] = (joined, msgids)
    return msgids


class Translated(NamedTuple):
    """A live entry with a translation (fuzzy or not), as ``check`` reads it."""

    msgid: str
    msgstr: str
    fuzzy: bool
    lineno: int  # the line of its msgid keyword (Entry.lineno)
    comments: tuple[str, ...]  # its extracted comments (Entry.extracted_comments)


def translated_po(data: bytes, path: str) -> list[Translated] | None:
    """The live entries with a msgstr of a catalog tally_po's fast path reads, in order,
    exactly as the strict reader gives them; None for any other catalog: then the strict
    reader must read it (and may refuse it)."""
    text = _plain_utf8(data, path)
    if text is None:
        return None
    try:
        return _translated(text if text.endswith("\n") else text + "\n")
    except _Unusual:
        return None


# _FAST_ENTRY with its comment lines (for the extracted comments)
_FAST_ENTRY_NOTES = re.compile(f"({_COMMENTS})" + _FAST_REST, re.VERBOSE)


def _translated(text: str) -> list[Translated]:
    """The fast path of :func:`translated_po`: the checks of :func:`_tally`."""
    _header, pos = _after_header(text)
    line = text.count("\n", 0, pos) + 1  # the line at pos
    out: list[Translated] = []
    seen = {""}
    match = _FAST_ENTRY_NOTES.match
    end = len(text)
    while pos < end:
        m = match(text, pos)
        if m is None:
            raise _Unusual
        start, pos = pos, m.end()
        comments, fuzzy_line, previous, mid, mstr = m.groups()
        msgid = _joined(mid)
        msgstr = _joined(mstr)
        if '"' in msgid or '"' in msgstr or msgid in seen:
            raise _Unusual
        if previous is not None and '"' in previous[10:-2].replace('"\n#| "', ""):
            raise _Unusual
        seen.add(msgid)
        if msgstr:
            notes = (
                tuple(
                    c[3:] if c[2:3] == " " else c[2:] for c in comments.split("\n") if c[:2] == "#."
                )
                if comments
                else ()
            )
            lineno = line + text.count("\n", start, m.start(4))
            out.append(Translated(msgid, msgstr, fuzzy_line is not None, lineno, notes))
        line += text.count("\n", start, pos)
    return out
