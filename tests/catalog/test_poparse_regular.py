"""The regular-shape reader (poparse._parse_regular) gives what the full reader gives.

It either declines (None: the full reader then reads the file and reports every error)
or returns exactly the full reader's entries, line numbers included. Proven here on every
catalog under tests/, on catalogs transflow writes, and on generated near-regular text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transflow.catalog import poparse
from transflow.catalog.entries import Catalog, Entry
from transflow.catalog.podecode import decode_po
from transflow.catalog.poparse import (
    _CTRL_RE,
    _clean_utf8,
    _is_utf8,
    _parse_lines,
    _parse_regular,
    parse_po,
)
from transflow.catalog.powrite import serialize_po
from transflow.core.errors import CatalogSyntaxError

TESTS = Path(__file__).resolve().parents[1]
CATALOGS = sorted(p for p in TESTS.rglob("*") if p.is_file() and p.suffix in (".po", ".pot"))


def _full(text: str) -> list[Entry] | str:
    try:
        return _parse_lines(text, "x.po")
    except CatalogSyntaxError as exc:
        return f"error {exc.line}: {exc.message}"


def _agrees(text: str) -> bool:
    """Whether the regular reader agrees with the full one; True when it did read."""
    fast = _parse_regular(text, "x.po")
    if fast is None:
        return False
    full = _full(text)
    assert fast == full
    assert isinstance(full, list)
    assert [e.lineno for e in fast] == [e.lineno for e in full]
    return True


def test_the_fixtures_are_found() -> None:
    assert len(CATALOGS) > 20


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: str(p.relative_to(TESTS)))
def test_every_catalog_under_tests(path: Path) -> None:
    _agrees_on_file(path)


def _agrees_on_file(path: Path) -> bool:
    try:
        text, _, _ = decode_po(path.read_bytes(), str(path))
    except CatalogSyntaxError:
        return False  # refused before any line is read: the same for both readers
    return _agrees(text)


def test_the_regular_shape_is_read_fast() -> None:
    """The common case really takes the fast path (else the proofs above prove little)."""
    assert sum(_agrees_on_file(p) for p in CATALOGS) >= 10


def test_bad_fixtures_keep_their_errors() -> None:
    bad = sorted((TESTS / "fixtures" / "bad").iterdir())
    assert bad
    for path in bad:
        with pytest.raises(CatalogSyntaxError) as exc:
            parse_po(path.read_bytes(), path.name)
        assert exc.value.line is not None and exc.value.line >= 1


# ---------------------------------------------------------------- generated catalogs

_chars = st.sampled_from(list('ab #"\\nx0\t“é'))
_text = st.text(_chars, max_size=10)
_plain = st.text(st.sampled_from(list("ab cd\n“é")), max_size=90)
_words = st.lists(st.sampled_from(["a.txt", "b.md:3", "x", "fuzzy", "c-format"]), max_size=3)


@st.composite
def _entry(draw: st.DrawFn) -> Entry:
    fuzzy = draw(st.booleans())
    flags = ("fuzzy",) if fuzzy else ()
    msgid = draw(_plain.filter(bool))
    msgstr = draw(_plain)
    if msgstr and (msgid[:1] == "\n") != (msgstr[:1] == "\n"):
        msgstr = ""
    if msgstr and (msgid[-1:] == "\n") != (msgstr[-1:] == "\n"):
        msgstr = ""
    obsolete = draw(st.booleans())  # ('#~|' previous text is not the regular shape)
    return Entry(
        msgid,
        msgstr,
        translator_comments=tuple(
            draw(st.lists(_plain.map(lambda s: s.replace("\n", "")), max_size=2))
        ),
        extracted_comments=tuple(
            draw(st.lists(st.sampled_from(["body", "lead", " x"]), max_size=2))
        ),
        references=tuple(draw(_words)),
        flags=flags,
        previous_msgid=draw(st.one_of(st.none(), _plain)) if fuzzy and not obsolete else None,
        obsolete=obsolete,
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(_entry(), max_size=6, unique_by=lambda e: e.msgid))
def test_written_catalogs_are_read_fast_and_equal(entries: list[Entry]) -> None:
    header = Entry("", "Content-Type: text/plain; charset=UTF-8\nLanguage: fr\n")
    data = serialize_po(Catalog(header=header, entries=tuple(entries)))
    text = data.decode("utf-8")
    assert _agrees(text)
    assert len(parse_po(data, "x.po").live) == sum(not e.obsolete for e in entries)


_LINES = [
    "",
    " ",
    "#",
    "# c",
    "#x",
    "#. e",
    "#.e",
    "#: a b",
    "#, fuzzy, c-format",
    "#|",
    "#~",
    "#~ #. e",
    'msgid ""',
    'msgstr ""',
    'msgctxt ""',
    'msgid_plural ""',
    'msgstr[0] ""',
    'msgid  ""',
    ' msgid ""',
    'msgid "" ',
    '#| msgid ""',
    '#|msgid ""',
    '#| msgctxt ""',
    '#| ""',
    '#~ msgid ""',
    '#~ msgstr ""',
    '#~ ""',
    '#~| msgid ""',
    '""',
    "<<<<<<< HEAD",
    "#-#-#-#-#",
]


@st.composite
def _line(draw: st.DrawFn) -> str:
    line = draw(st.sampled_from(_LINES))
    if '""' in line:
        line = line.replace('""', '"' + draw(_text) + '"', 1)
    return line


def _string(draw: st.DrawFn) -> str:
    return '"' + draw(_text) + '"'


@st.composite
def _block(draw: st.DrawFn) -> list[str]:
    """An entry's lines, mostly of the regular shape, sometimes not."""
    lines = draw(st.lists(st.sampled_from(["#", "# c", "#x", "#. e", "#: a b", "#, fuzzy"])))
    obsolete = draw(st.booleans())
    mark = "#~ " if obsolete else ""
    if not obsolete and draw(st.booleans()):
        lines.append("#| msgid " + _string(draw))
        lines += ["#| " + _string(draw) for _ in range(draw(st.integers(0, 2)))]
    for keyword in ("msgid", "msgstr"):
        lines.append(f"{mark}{keyword} {_string(draw)}")
        lines += [mark + _string(draw) for _ in range(draw(st.integers(0, 2)))]
    if draw(st.integers(0, 3)) == 0:  # one line changed for any line
        lines[draw(st.integers(0, len(lines) - 1))] = draw(_line())
    return lines + [""] * draw(st.integers(0, 2))


@settings(max_examples=1500, deadline=None)
@given(st.lists(_block(), max_size=5), st.sampled_from(["", "\n", "\r\n", "\x0c"]))
def test_generated_lines_agree(blocks: list[list[str]], tail: str) -> None:
    _agrees("\n".join(line for block in blocks for line in block) + tail)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(_entry(), min_size=1, max_size=4, unique_by=lambda e: e.msgid),
    st.integers(0, 10_000),
    st.sampled_from(['"', "\\", " ", "\n", "#", "x", "#~ ", "\\x4", "\\n", "\t"]),
)
def test_written_catalogs_with_one_change_agree(entries: list[Entry], at: int, insert: str) -> None:
    header = Entry("", "Content-Type: text/plain; charset=UTF-8\n")
    text = serialize_po(Catalog(header=header, entries=tuple(entries))).decode("utf-8")
    at %= len(text) + 1
    changed = text[:at] + insert + text[at:]
    _agrees(changed)
    data = changed.encode("utf-8")
    got = _outcome(data)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(poparse, "_parse_regular", lambda text, path, clean=False: None)
        assert got == _outcome(data)


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from(list("a#-\t\n\r\x00\x0b\x1f\x7f\x85é“\u2028")), max_size=40))
def test_the_byte_check_is_the_text_check(text: str) -> None:
    """_clean_utf8 (on the bytes) says what _parse_lines finds on the decoded text."""
    clean = _CTRL_RE.search(text) is None and "#-#-#-#-#" not in text
    assert _clean_utf8(text.encode("utf-8"), "UTF-8") == clean
    assert not _clean_utf8(text.encode("latin-1", "replace"), "ISO-8859-1")


def test_which_charsets_are_utf8() -> None:
    assert all(map(_is_utf8, ["UTF-8", "utf8", "utf-8-sig", "U8"]))
    assert not any(map(_is_utf8, ["ISO-8859-1", "cp1251", "no-such-charset", "ascii"]))


def _outcome(data: bytes) -> object:
    try:
        catalog = parse_po(data, "x.po")
    except CatalogSyntaxError as exc:
        return str(exc)
    return catalog, [e.lineno for e in catalog.entries]


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: str(p.relative_to(TESTS)))
def test_parse_po_with_and_without_the_regular_reader(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole strict reader (decoding, the byte check, errors) is unchanged."""
    data = path.read_bytes()
    got = _outcome(data)
    monkeypatch.setattr(poparse, "_parse_regular", lambda text, path, clean=False: None)
    assert got == _outcome(data)
