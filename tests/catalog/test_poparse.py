"""parse_po: strict reading (faults.md M1-M9, E1-E8), differential against msgfmt --check."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transflow.catalog.entries import Entry
from transflow.catalog.poparse import parse_po
from transflow.core.errors import CatalogSyntaxError

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
BAD = FIXTURES / "bad"
GOOD = FIXTURES / "good"
MSGFMT = shutil.which("msgfmt")

# fixture -> (line, words in the reason, does msgfmt --check reject it too?)
BAD_CASES: dict[str, tuple[int, str, bool]] = {
    "M1_eof_in_string": (12, "end of file inside a string", True),
    # found by the msgfmt differential property: '#|' text continues only with '#| "…"'
    "M5_previous_bare_continuation": (5, "string without a keyword", True),
    "M5_obsolete_previous_bare_continuation": (5, "string without a keyword", True),
    "M1_unterminated_string": (10, "end of line inside a string", True),
    "M2_msgid_without_msgstr": (10, "missing 'msgstr' section", True),
    "M2_msgctxt_without_msgid": (13, "'msgctxt' without 'msgid'", True),
    "M3_duplicate_msgid": (13, "duplicate message definition (first defined at line 10)", True),
    "M3_duplicate_live_obsolete": (
        13,
        "duplicate message definition (first defined at line 10)",
        True,
    ),
    "M4_plural_count": (10, "nplurals=3", True),
    "M4_plural_index_gap": (13, "plural form has wrong index", True),
    "M4_msgstr_without_index": (12, "'msgstr' without an index", True),
    "M4_msgstr_x": (12, "invalid plural index", True),
    "M5_garbage_line": (12, "syntax error", True),
    "M5_git_conflict": (10, "unresolved merge conflict", True),
    # msgfmt accepts msgcat's conflict markers inside a fuzzy msgstr; we refuse them
    "M5_msgcat_conflict": (13, "unresolved merge conflict", False),
    "M6_invalid_escape": (11, "invalid escape sequence '\\q'", True),
    "M6_c_comment": (10, "syntax error", True),
    "M7_empty": (1, "empty file", True),
    "M7_comments_only": (1, "empty catalog", True),
    "M8_mo_file": (1, "not a text PO file", True),
    "M9_random_bytes": (1, "not a text PO file", True),
    "E1_cp1251_body_utf8_header": (11, "invalid UTF-8 (header says UTF-8)", True),
    # msgfmt only warns about an unknown charset, and reads mojibake and controls silently
    "E3_unknown_charset": (6, "unknown charset 'utf-42'", False),
    "E4_latin1_header_utf8_body": (11, "header says ISO-8859-1", False),
    "E7_nul_in_msgstr": (11, "control character U+0000", False),
    "E7_control_char": (11, "control character U+0007", False),
    "E8_utf16": (1, "UTF-16 is not supported; save as UTF-8", True),
}


def test_every_bad_fixture_has_a_case() -> None:
    assert sorted(p.stem for p in BAD.glob("*.po")) == sorted(BAD_CASES)


@pytest.mark.parametrize("name", sorted(BAD_CASES))
def test_bad_fixture_rejected_with_line(name: str, msgfmt_accepts: Callable[..., bool]) -> None:
    line, reason, msgfmt_rejects = BAD_CASES[name]
    data = (BAD / f"{name}.po").read_bytes()
    with pytest.raises(CatalogSyntaxError) as info:
        parse_po(data, f"ru/{name}.po")
    assert info.value.line == line, str(info.value)
    assert reason in info.value.message
    assert str(info.value).startswith(f"ru/{name}.po:{line}: ")
    if msgfmt_rejects:
        assert not msgfmt_accepts(data)


GOOD_FILES = sorted(p.name for p in GOOD.iterdir())


@pytest.mark.parametrize("name", GOOD_FILES)
def test_good_fixture_accepted(name: str, msgfmt_accepts: Callable[..., bool]) -> None:
    data = (GOOD / name).read_bytes()
    catalog = parse_po(data, name)
    assert catalog.header is not None
    if name != "bom.po":  # gettext 0.21 rejects a BOM; we accept it (E5)
        assert msgfmt_accepts(data, name)


@pytest.mark.parametrize("name", ["bom.po", "crlf.po", "cr_only.po", "mixed_endings.po"])
def test_line_endings_and_bom_read_without_loss(name: str) -> None:
    catalog = parse_po((GOOD / name).read_bytes(), name)
    assert catalog.had_bom == (name == "bom.po")
    hello, files = catalog.entries
    assert (hello.msgid, hello.msgstr, hello.lineno) == ("Hello", "Привет", 10)
    assert files.msgstr_plural == ("файл", "файла", "файлов")
    assert files.references == ("sources/a.md",)
    assert "Language: ru\n" in catalog.header.msgstr  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("name", "charset", "text"),
    [
        ("cp1251.po", "CP1251", "Привет, мир"),
        ("iso8859_15.po", "ISO-8859-15", "Prix : 5 € à Genève"),
    ],
)
def test_legacy_charsets_decoded(name: str, charset: str, text: str) -> None:
    catalog = parse_po((GOOD / name).read_bytes(), name)
    assert catalog.charset == charset
    assert catalog.entries[0].msgstr == text


def test_pot_charset_placeholder_is_utf8() -> None:
    catalog = parse_po((GOOD / "template.pot").read_bytes(), "t.pot")
    assert catalog.charset == "UTF-8"
    assert catalog.entries[0].msgstr == ""


def test_previous_flags_and_comments() -> None:
    (e,) = parse_po((GOOD / "previous.po").read_bytes(), "p.po").entries
    assert e.previous_msgctxt == "title"
    assert e.previous_msgid == "Old title"
    assert e.flags == ("fuzzy",)
    assert e.extracted_comments == ("heading",)
    assert e.lineno == 15
    a, gone, gone2 = parse_po((GOOD / "obsolete_previous.po").read_bytes(), "o.po").entries
    assert not a.obsolete and gone.obsolete and gone2.obsolete
    assert (gone.msgid, gone.msgstr) == ("Gone", "Ушло")
    assert (gone2.msgctxt, gone2.previous_msgid, gone2.flags) == ("c", "older", ("fuzzy",))
    catalog = parse_po((GOOD / "comments.po").read_bytes(), "c.po")
    assert catalog.header is not None
    assert catalog.header.translator_comments == ("Russian translation.", " indented", "")
    assert catalog.header.flags == ("fuzzy",)
    (e,) = catalog.entries
    assert e.translator_comments == ("translator note",)
    assert e.extracted_comments == ("quote, paragraph 3", "second extracted line")
    assert e.references == ("sources/news/2024-01-launch.md", "sources/other.md")
    flags = parse_po((GOOD / "flags.po").read_bytes(), "f.po").entries
    assert [x.flags for x in flags] == [("fuzzy", "c-format"), ("no-c-format",)]


H = b'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def test_escapes_and_multiline() -> None:
    data = H + b'msgid ""\n"a\\tb\\\\c\\"d\\n"\n"next\\x41\\101"\nmsgstr "x"\n'
    (e,) = parse_po(data, "e.po").entries
    assert e.msgid == 'a\tb\\c"d\nnextAA'
    assert e.lineno == 4


def test_speed_of_a_small_catalog() -> None:
    body = "".join(
        f'#. paragraph\n#: sources/a.md\nmsgctxt "p{i}"\nmsgid ""\n"Sentence {i} that is long and '
        f'wraps over the line "\n"limit."\nmsgstr "Предложение {i}"\n\n'
        for i in range(12)
    )
    data = H + body.encode()
    parse_po(data, "x.po")
    n = 200
    start = time.perf_counter()
    for _ in range(n):
        parse_po(data, "x.po")
    per_call = (time.perf_counter() - start) / n
    assert per_call < 0.005  # generous for slow CI; ~0.4 ms on a developer machine


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_fuzz_only_our_error_escapes(data: bytes) -> None:
    try:
        catalog = parse_po(data, "fuzz.po")
    except CatalogSyntaxError as exc:
        assert exc.line is None or exc.line >= 1
    else:
        assert all(isinstance(e, Entry) for e in catalog.entries)


_lines = st.sampled_from(
    [
        'msgid "a"',
        'msgstr "b"',
        'msgctxt "c"',
        'msgid_plural "p"',
        'msgstr[0] "x"',
        'msgstr[1] "y"',
        '"cont"',
        "#, fuzzy",
        "# comment",
        '#| msgid "old"',
        '#~ msgid "o"',
        '#~ msgstr "t"',
        "",
        'msgid "a',
        'msgstr "\\q"',
        "garbage",
    ]
)


@pytest.mark.skipif(MSGFMT is None, reason="GNU msgfmt is not installed")
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(lines=st.lists(_lines, max_size=12))
def test_accept_reject_agrees_with_msgfmt(
    lines: list[str], msgfmt_accepts: Callable[..., bool]
) -> None:
    data = H + "\n".join(lines).encode() + b"\n"
    try:
        parse_po(data, "d.po")
        ours = True
    except CatalogSyntaxError:
        ours = False
    assert ours == msgfmt_accepts(data)


@pytest.mark.parametrize(
    "charset", [b"UTF-\xff\xfem\x00s", b"rot13", b"unicode_escape", b"utf-16", b"UTF-7"]
)
def test_odd_charset_names_are_refused_with_the_header_line(charset: bytes) -> None:
    data = b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=' + charset + b'\\n"\n'
    with pytest.raises(CatalogSyntaxError) as info:
        parse_po(data, "c.po")
    assert info.value.line in (1, 3)
