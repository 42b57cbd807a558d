"""The lean reader (catalog/scan.py) against the strict reader: same refusals (same
message), same summary, on every catalog fixture, on catalogs written by transflow, and on
random damage to them."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from unittest.mock import ANY

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transflow.catalog import scan
from transflow.catalog.entries import Catalog, Entry
from transflow.catalog.podecode import decode_po
from transflow.catalog.poparse import parse_po
from transflow.catalog.powrite import serialize_po
from transflow.catalog.scan import scan_po, summary_of
from transflow.core.errors import CatalogSyntaxError
from transflow.ops import extract

TESTS = Path(__file__).resolve().parent.parent
FILES = sorted(
    p
    for folder in (TESTS / "fixtures", TESTS / "catalog", TESTS / "golden")
    for p in folder.rglob("*")
    if p.suffix in (".po", ".pot") and p.is_file()
)


def _verdict(read, data: bytes) -> object:
    try:
        return read(data, "x.po")
    except CatalogSyntaxError as exc:
        return ("refused", str(exc))


def _weigh(msgid: str) -> int:
    return len(msgid) * 7 + msgid.count(" ")  # any function of the msgid


def _same(data: bytes) -> None:
    strict = _verdict(parse_po, data)
    lean = _verdict(scan_po, data)
    tally = _verdict(lambda d, p: scan.tally_po(d, p, _weigh), data)
    translated = scan.translated_po(data, "x.po")  # None: the strict reader decides
    usable = _verdict(scan.usable_po, data)
    assert usable == _usable_of(_verdict(scan.scan_plain, data))
    assert _fast(data) in ("handed over", usable)  # usable_po's fast path alone
    _counted_as_tallied(data)
    if isinstance(strict, Catalog):
        assert lean == summary_of(strict)
        assert tally == scan.tally_of(summary_of(strict), _weigh)
        assert translated is None or translated == _translated_of(strict)
    else:
        assert lean == strict
        assert tally == strict
        assert translated is None


def _counted_as_tallied(data: bytes) -> scan.Tally | None:
    """tally_po's first path (_count, on the bytes) answers only for catalogs its second
    (_tally, on the text) reads, with the same counts; None when it hands over."""
    text = scan._plain_utf8(data, "x.po")
    if text is None:
        return None
    try:
        counted = scan._count(data, _weigh)
    except scan._Unusual:
        return None
    assert counted == scan._tally(text if text.endswith("\n") else text + "\n", _weigh)
    return counted


def _usable_of(plain: object) -> object:
    """What usable_po must give: scan_plain's summary, as export used to read it."""
    if not isinstance(plain, scan.Summary):
        return plain  # None (the strict reader decides) or the same refusal
    translations = {e.msgid: e.msgstr for e in plain.live if e.translated}
    return scan.Usable(plain.header, len(plain.live), translations)


def test_there_are_fixtures() -> None:
    assert len(FILES) > 30


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_fixture_same_as_strict(path: Path) -> None:
    _same(path.read_bytes())


def _catalog(entries: list[Entry]) -> bytes:
    header = Entry(
        "",
        "Project-Id-Version: x\nLanguage: ru\nContent-Type: text/plain; charset=UTF-8\n"
        "Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && "
        "n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\nX-Transflow-Unextracted: 2; a chart\n",
    )
    return serialize_po(Catalog(header=header, entries=tuple(entries)))


_words = st.text(st.sampled_from(list("abc XYZ 09.,;:-–—“”«»€'\"\\\n\t")), min_size=1, max_size=160)


@st.composite
def _entries(draw: st.DrawFn) -> list[Entry]:
    out = []
    for msgid in draw(st.lists(_words, unique=True, max_size=8)):
        kind = draw(st.sampled_from(["plain", "fuzzy", "previous", "empty"]))
        msgstr = "" if kind == "empty" else draw(_words)
        flags = ("fuzzy",) if kind in ("fuzzy", "previous") else ()
        prev = draw(_words) if kind == "previous" else None
        out.append(Entry(msgid, msgstr, flags=flags, previous_msgid=prev, references=("a:1",)))
    return out


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_entries())
def test_written_catalogs_take_the_fast_path(entries: list[Entry]) -> None:
    data = _catalog(entries)
    _same(data)
    # what extract records of a catalog it writes (ops.extract._memory_pairs) is taken
    # from the catalog written, not read back: the lean reader gives the same entries
    with contextlib.suppress(CatalogSyntaxError):  # (unless it refuses the catalog)
        read = scan_po(data, "x.po")
        assert read.live == summary_of(Catalog(None, tuple(entries))).live
        pairs = extract._catalog_pairs(Catalog(None, tuple(entries)))
        assert pairs == extract._memory_pairs(read)
    text, _, _ = decode_po(data, "x.po")
    fits = all(
        (e.msgid[:1] == "\n") == (e.msgstr[:1] == "\n")
        and (e.msgid[-1:] == "\n") == (e.msgstr[-1:] == "\n")
        for e in entries
        if e.msgstr and not e.flags
    )
    if fits and "\t" not in "".join(e.msgid + e.msgstr + (e.previous_msgid or "") for e in entries):
        assert scan._scan(text) == summary_of(parse_po(data, "x.po"))  # no fallback needed
    strings = "".join(e.msgid + e.msgstr + (e.previous_msgid or "") for e in entries)
    if not any(c in strings for c in '"\\\n\t'):  # tally_po's fast path: no escape, no quote
        assert scan._plain_utf8(data, "x.po") == text
        fast = scan._tally(text, _weigh)
        assert fast == scan.tally_of(summary_of(parse_po(data, "x.po")), _weigh)


def test_transflow_catalogs_take_the_tally_fast_path() -> None:
    entries = [
        Entry("Headline “quoted”", "Titre « cité »", references=("sources/a.txt",)),
        Entry(
            "Two.", "Deux.", flags=("fuzzy",), previous_msgid="Too.", extracted_comments=("body",)
        ),
        Entry("Wrapped " * 30, "Enveloppé " * 30),
        Entry("Untranslated.", ""),
    ]
    data = _catalog(entries)
    fast = scan._tally(decode_po(data, "x.po")[0], _weigh)
    assert fast == scan.tally_of(summary_of(parse_po(data, "x.po")), _weigh)
    assert (fast.total, fast.translated, fast.fuzzy, fast.changed) == (4, 2, 1, 1)
    assert _counted_as_tallied(data) == fast
    translated = scan.translated_po(data, "x.po")
    assert translated == _translated_of(parse_po(data, "x.po"))
    assert [t.comments for t in translated] == [(), ("body",), ()]


@given(st.text(st.sampled_from(list('ab\\"ntx\n')), max_size=40))
def test_text_undoes_escapes_like_a_reference_decoder(value: str) -> None:
    escaped = (
        value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    )
    cut = len(escaped) // 2
    if escaped[cut - 1 : cut] == "\\":
        cut -= 1  # never split an escape across lines
    block = f'"{escaped[:cut]}"\n"{escaped[cut:]}"\n'
    assert scan._text(block) == value


_damage = st.sampled_from(
    [
        "",
        '"',
        "\\",
        "\\x",
        "#",
        "#~ ",
        "#| ",
        "#, fuzzy",
        "#, c-format",
        'msgid ""',
        'msgstr ""',
        'msgctxt "a"',
        "msgid_plural",
        "msgstr[0]",
        "\n",
        " ",
        "\x01",
        "#-#-#-#-#",
        "\ufffe",
    ]
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_entries(), st.lists(st.tuples(st.integers(0, 10**6), _damage, st.booleans()), max_size=3))
def test_damaged_catalogs_same_as_strict(
    entries: list[Entry], damage: list[tuple[int, str, bool]]
) -> None:
    lines = _catalog(entries).decode().split("\n")
    for where, what, whole_line in damage:
        i = where % len(lines)
        if whole_line:
            lines.insert(i, what)
        else:
            at = where % (len(lines[i]) + 1)
            lines[i] = lines[i][:at] + what + lines[i][at:]
    _same("\n".join(lines).encode())


def test_duplicated_and_removed_lines_same_as_strict() -> None:
    lines = _catalog(
        [Entry("One.", "Odin."), Entry("Two.", "", flags=("fuzzy",), previous_msgid="Too.")]
    ).split(b"\n")
    for i in range(len(lines)):
        _same(b"\n".join(lines[:i] + lines[i + 1 :]))  # a line removed
        _same(b"\n".join(lines[: i + 1] + lines[i:]))  # a line doubled


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_plain_reader_reads_only_what_it_checks(path: Path) -> None:
    """scan_plain answers only for catalogs the strict reader accepts, with the same
    summary and none of what an export must report (plural entries, context, obsolete
    entries); otherwise it leaves the catalog to the strict reader."""
    data = path.read_bytes()
    try:
        plain = scan.scan_plain(data, "x.po")
    except CatalogSyntaxError as exc:
        assert _verdict(parse_po, data) == ("refused", str(exc))
        return
    if plain is None:
        return
    catalog = parse_po(data, "x.po")
    assert plain == summary_of(catalog)
    assert all(e.msgctxt is None and e.msgid_plural is None for e in catalog.entries)
    assert not any(e.obsolete for e in catalog.entries)


_plain_words = st.text(st.sampled_from(list("abc XYZ 09.,;:-–—“”«»€'#|")), min_size=1, max_size=160)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_plain_words, _plain_words, st.sampled_from(["", "f", "p"])), max_size=8))
def test_tally_fast_path_equals_the_summary(rows: list[tuple[str, str, str]]) -> None:
    """Catalogs without escapes past the header: tally_po's fast path answers, and its
    counts are the summary's."""
    entries, seen = [], set()
    for msgid, msgstr, kind in rows:
        if msgid in seen:
            continue
        seen.add(msgid)
        flags = ("fuzzy",) if kind else ()
        prev = msgstr[::-1] if kind == "p" else None
        notes = (msgstr[:8], "", " " + msgid[:3]) if kind != "p" else ()
        entries.append(
            Entry(
                msgid,
                msgstr,
                flags=flags,
                previous_msgid=prev,
                references=("a:1",),
                extracted_comments=notes,
            )
        )
    data = _catalog(entries)
    text = scan._plain_utf8(data, "x.po")
    assert text == decode_po(data, "x.po")[0]
    if "#-#-#-#-#" in text:  # msgcat's conflict marker: handed over, the strict reader decides
        return
    catalog = parse_po(data, "x.po")
    assert scan._tally(text, _weigh) == scan.tally_of(summary_of(catalog), _weigh)
    assert _counted_as_tallied(data) is not None  # read from the bytes, no hand-over
    assert scan.translated_po(data, "x.po") == _translated_of(catalog)
    assert scan.usable_po(data, "x.po") == _usable_of(summary_of(catalog))


def _translated_of(catalog: Catalog) -> list[scan.Translated]:
    return [
        scan.Translated(e.msgid, e.msgstr, e.fuzzy, e.lineno, e.extracted_comments)
        for e in catalog.live
        if e.msgstr and e.msgid_plural is None
    ]


@given(
    st.lists(
        st.sampled_from(
            [
                "Plural-Forms: nplurals=2; plural=(n != 1);",
                "Plural-Forms: nplurals=1; plural=n;",
                " Plural-Forms: nplurals=1; plural=0;",
                "Plural-Forms:",
                "XPlural-Forms: nplurals=9; plural=n;",
                "Language: de",
                "",
            ]
        ),
        max_size=5,
    ),
    st.booleans(),
)
def test_plural_problem_found_as_poformat_finds_it(lines: list[str], final: bool) -> None:
    from transflow.catalog.poformat import plural_problem

    header = "\n".join(lines) + ("\n" if final else "")
    assert scan._plural_problem(header) == plural_problem(header)


def test_empty_continuation_lines_same_as_strict() -> None:
    """An empty string line ("") after the first: an empty msgstr written on two lines,
    a msgid or msgstr with an empty line in it (the tally's fast path hands them over)."""
    data = _catalog([Entry("One.", "Odin."), Entry("Two.", ""), Entry("Three.", "Tri.")])
    for old, new in [
        (b'msgstr ""\n\n', b'msgstr ""\n""\n\n'),
        (b'msgid "Two."', b'msgid ""\n""\n"Two."'),
        (b'msgstr "Tri."', b'msgstr ""\n"Tri."\n""'),
        (b'msgstr ""\n"Project', b'msgstr ""\n""\n"Project'),  # in the header: accepted
        (b'msgid ""\nmsgstr', b'msgid ""\n""\nmsgstr'),
    ]:
        assert old in data
        _same(data.replace(old, new))
        assert _counted_as_tallied(data.replace(old, new)) is None  # handed over


@pytest.mark.parametrize(
    "value",
    [
        'say \\"hi\\"',
        "tab\\there",
        "back\\\\slash",
        "back\\\\nslash",
        'raw " quote',
        "\\x",
        "end\\",
    ],
)
def test_header_escapes_same_as_strict(value: str) -> None:
    """A header value with an escape other than \\n (or a bad one): _count checks the
    header as _HEADER does, and then reads the entries as before."""
    data = _catalog([Entry("One.", "Odin."), Entry("Two.", "")])
    changed = data.replace(b"Project-Id-Version: x", f"Project-Id-Version: {value}".encode())
    assert changed != data
    _same(changed)
    _same(b'#| msgid "old"\n' + data)  # a previous msgid on the header: _HEADER decides


def test_plain_header_read_without_the_header_expression(monkeypatch: pytest.MonkeyPatch) -> None:
    data = _catalog([Entry("One.", "Odin."), Entry("Two.", "Dva.", flags=("fuzzy",))])
    monkeypatch.setattr(scan, "_HEADER_BYTES", re.compile(b"(?!)"))  # never matches
    counted = _counted_as_tallied(data)
    assert counted is not None and (counted.total, counted.translated, counted.fuzzy) == (2, 1, 1)
    assert counted.header.startswith("Project-Id-Version: x\n")
    escaped = data.replace(b"Version: x", b'Version: \\"x\\"')
    assert escaped != data
    assert _counted_as_tallied(escaped) is None  # another escape: _HEADER must read it


# export's reader (usable_po): its fast path against scan_plain (what usable_po gave
# before it had one: _usable_of), on raw catalogs of every shape a grammar can write


def _usable_verdict(data: bytes) -> object:
    return _verdict(scan.usable_po, data)


def _fast(data: bytes) -> object:
    """What usable_po's fast path gives (or "handed over")."""
    if not scan._plain_bytes(data, "x.po") or scan._plain_utf8(data, "x.po") is None:
        return "handed over"
    try:
        return scan._usable(data)
    except scan._Unusual:
        return "handed over"


_plain_chars = st.sampled_from(list("ab Z09.,“”«»€éщ#|-:n"))
_odd_chars = st.sampled_from(["\\", '"', "\t", "\\n", '\\"', "\\t", "\\\\", "\\x"])
_plain_raw = st.lists(_plain_chars, max_size=12).map("".join)
_raw = st.lists(st.one_of(*[_plain_chars] * 12, _odd_chars), max_size=12).map("".join)


@st.composite
def _block(draw: st.DrawFn, prefix: str = "", odd: bool = True) -> str:
    """A string as written: one line, or an empty first line and wrapped lines (``odd``:
    with escapes, quotes, tabs, empty lines)."""
    lines = draw(st.lists(_raw if odd else _plain_raw.filter(bool), min_size=1, max_size=3))
    if len(lines) > 1 and draw(st.booleans()):
        lines = ["", *lines]  # msgcat's way: msgid ""
    first, *rest = lines
    out = f'"{first}"\n'
    for line in rest:
        out += f'{prefix}"{line}"\n'
    return out


_HEADERS = [
    "Project-Id-Version: x\\n",
    "Language: de\\n",
    "Content-Type: text/plain; charset=UTF-8\\n",
    "Content-Type: text/plain; charset=utf-8\\n",
    "Content-Type: text/plain; charset=latin-1\\n",
    "Content-Type: text/plain; charset=CHARSET\\n",
    "content-type: text/plain; charset=UTF-8\\n",
    "Plural-Forms: nplurals=2; plural=(n != 1);\\n",
    "Plural-Forms: nplurals=0; plural=0;\\n",
    'X-Title: say \\"hi\\"\\n',
    "X-Tab: a\\tb\\n",
    "",
]


@st.composite
def _raw_catalog(draw: st.DrawFn, plain: bool = False) -> bytes:
    """A catalog of any shape; ``plain``: only what transflow writes (no escape, no
    context, no plural, nothing obsolete, a plain header), as in its shapes."""
    out = []
    for _ in range(draw(st.integers(0, 2))):
        latin = not plain and draw(st.integers(0, 5)) == 0
        out.append("# Content-Type: charset=latin-1" if latin else "# a comment")
    if draw(st.integers(0, 9)) == 0:
        out.append("#, fuzzy")
    if draw(st.integers(0, 19)) == 0:
        out.append('#| msgid "old"')
    out.append('msgid ""')
    header = _HEADERS[0] + _HEADERS[2] if plain or draw(st.booleans()) else ""
    header += "".join(draw(st.lists(st.sampled_from(_HEADERS[:1] if plain else _HEADERS))))
    out.append('msgstr ""')
    out.extend(f'"{line}\\n"' for line in header.split("\\n") if line)
    if not plain and draw(st.integers(0, 9)) == 0:
        out.append('""')  # an empty line in the header's msgstr: handed over
    text = "\n".join(out) + "\n"
    odd = not plain and draw(st.booleans())  # escapes, quotes, tabs in the strings
    kinds = ["plain", "plain", "fuzzy", "previous", "empty"]
    if not plain and draw(st.booleans()):
        kinds += ["context", "plural", "obsolete"]
    # other flags, entries not apart or far apart
    weird = not plain and draw(st.integers(0, 2)) == 0
    msgids = draw(st.lists(_block(odd=odd), max_size=6))
    for mid in msgids:
        kind = draw(st.sampled_from(kinds))
        text += "\n" * (draw(st.sampled_from([1, 0, 2])) if weird else 1)
        text += draw(st.sampled_from(["", "#. note\n", "#: a.txt\n#. x\n", "# t\n"]))
        if kind in ("fuzzy", "previous"):
            text += "#, fuzzy, c-format\n" if weird and draw(st.booleans()) else "#, fuzzy\n"
        if kind == "previous":
            text += "#| msgid " + draw(_block("#| ", odd))
        if kind == "context":
            text += 'msgctxt "c"\n'
        if kind == "obsolete":
            text += '#~ msgid "gone"\n#~ msgstr "weg"\n'
            continue
        text += "msgid " + mid
        if kind == "plural":
            text += 'msgid_plural "ps"\nmsgstr[0] "a"\nmsgstr[1] "b"\n'
            continue
        text += "msgstr " + ('""\n' if kind == "empty" else draw(_block(odd=odd)))
    if not plain and draw(st.integers(0, 7)) == 0 and msgids:
        text += "\nmsgid " + msgids[0] + 'msgstr "dup"\n'  # a duplicate
    data = text.encode()
    change = (
        "" if plain else draw(st.sampled_from(["", "", "crlf", "bom", "control", "nul", "cut"]))
    )
    if change == "crlf":
        data = data.replace(b"\n", b"\r\n")
    elif change == "bom":
        data = b"\xef\xbb\xbf" + data
    elif change in ("control", "nul"):
        at = draw(st.integers(0, len(data)))
        data = data[:at] + (b"\x01" if change == "control" else b"\0") + data[at:]
    elif change == "cut":
        data = data[: draw(st.integers(1, len(data)))]
    return data


def _usable_same(data: bytes) -> None:
    want = _usable_of(_verdict(scan.scan_plain, data))
    assert _usable_verdict(data) == want
    fast = _fast(data)
    assert fast == "handed over" or fast == want


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_raw_catalog(), _raw_catalog(plain=True)))
def test_usable_fast_path_same_as_scan_plain(data: bytes) -> None:
    _usable_same(data)
    _usable_same(data + b"\n")
    _usable_same(data.replace(b'msgstr "', b'msgstr ""\n"', 1))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_raw_catalog(), _raw_catalog(plain=True)), min_size=2, max_size=5))
def test_usable_read_in_turn_same_as_scan_plain(catalogs: list[bytes]) -> None:
    """Catalogs read one after another (the msgids of the last one are remembered), some
    of them alike but for their msgstrs, as an article's catalogs in its languages."""
    for catalog in catalogs:
        _usable_same(catalog)
        twin = re.sub(rb'msgstr "[^"\n]*"', b'msgstr "T"', catalog)
        _usable_same(twin)
        _usable_same(catalog)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_raw_catalog(plain=True))
def test_usable_fast_path_answers_for_plain_catalogs(data: bytes) -> None:
    """What transflow writes takes the fast path (one duplicate aside: then the strict
    reader decides), with what scan_plain gives."""
    want = _usable_of(_verdict(scan.scan_plain, data))
    fast = _fast(data)
    assert fast == want or (fast == "handed over" and want is None)
    if want is None:
        assert _verdict(scan.scan_po, data) == _verdict(parse_po, data) == ("refused", ANY)


def test_usable_fast_path_reads_transflow_catalogs() -> None:
    """The catalogs transflow writes, fuzzy, untranslated, wrapped, with comments and a
    previous msgid, take the fast path; one after another with the same msgids too."""
    entries = [
        Entry("Headline “quoted”", "Titre « cité »", references=("sources/a.txt",)),
        Entry("Two.", "Deux.", flags=("fuzzy",), previous_msgid="Too."),
        Entry("Wrapped " * 30, "Enveloppé " * 30, extracted_comments=("body",)),
        Entry("Untranslated.", ""),
        Entry("Fuzzy, empty.", "", flags=("fuzzy",)),
    ]
    first = _catalog(entries)
    second = _catalog([Entry(e.msgid, e.msgstr[::-1], flags=e.flags) for e in entries])
    for data in (first, second, first, _catalog([]), first):
        want = _usable_of(summary_of(parse_po(data, "x.po")))
        assert scan._usable(data) == want
        assert scan.usable_po(data, "x.po") == want
    assert scan._usable(first).translations == {
        "Headline “quoted”": "Titre « cité »",
        "Wrapped " * 30: "Enveloppé " * 30,
    }


def test_usable_remembered_msgids_still_checked() -> None:
    """A catalog whose msgid lines are the last one's holds the same msgids; any other is
    read again: a duplicate or a quote in it is refused as before."""
    one = _catalog([Entry("One.", "Odin."), Entry("Two.", "Dva.")])
    assert isinstance(_fast(one), scan.Usable)
    for changed in (
        one.replace(b'msgid "Two."', b'msgid "One."'),  # a duplicate
        one.replace(b'msgid "Two."', b'msgid "T"wo."'),  # a quote inside
        one.replace(b'msgid "Two."', b'msgid ""'),  # a second header
    ):
        assert changed != one
        assert _fast(changed) == "handed over"
        _usable_same(changed)
        _usable_same(one)


def _plain_bytes_before(data: bytes, path: str) -> bool:
    """_plain_utf8's checks as they were written (before _plain_bytes' shortcuts)."""
    from transflow.catalog.podecode import _CHARSET_RE, _declared_charset

    if data[:1] not in (b"#", b"m") or len(data.translate(None, scan._CONTROLS)) != len(data):
        return False
    declared = _CHARSET_RE.search(data)
    if declared is None:
        return True
    try:
        return _declared_charset(data, path)[1] == "utf-8"
    except CatalogSyntaxError:
        return False


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_plain_bytes_as_before_on_fixtures(path: Path) -> None:
    data = path.read_bytes()
    assert scan._plain_bytes(data, "x.po") == _plain_bytes_before(data, "x.po")


_TYPES = [
    "Content-Type: text/plain; charset=UTF-8\\n",
    "content-type: text/plain; charset=UTF-8\\n",
    "CONTENT-TYPE:charset=latin-1",
    "Content-Type: text/plain; charset=latin-1\\n",
    "Content-Type: text/plain; charset=CHARSET\\n",
    "Content-Type: text/plain; charset=nonsense\\n",
    "Content-Type: text/plain\\n",
    'Content-Type: x" charset=latin-1',
    "Content-Type:",
    "charset=latin-1",
    "\x01",
    "\r",
    "é",
    "\n",
    " ",
]


@given(st.lists(st.sampled_from(_TYPES), max_size=4), st.sampled_from(["#", "m", "", "\ufeff"]))
def test_plain_bytes_as_before(pieces: list[str], first: str) -> None:
    """The charset _plain_bytes finds (the line transflow writes, when no
    "Content-Type:" in any case comes before it) is the one _CHARSET_RE finds."""
    data = (first + 'msgid ""\nmsgstr ""\n"' + '"\n"'.join(pieces) + '"\n').encode()
    assert scan._plain_bytes(data, "x.po") == _plain_bytes_before(data, "x.po")
    _usable_same(data)
