"""The PO writer's reuse of text it wrote gives what writing each entry gives.

An article's template and its languages' fresh catalogs hold equal entries under different
headers; :func:`serialize_po` writes such a body once (``powrite._body``), and an entry's
lines up to its msgstr once for all the catalogs (``powrite._HEADS``). These tests
compare it with the plain per-entry writer, and with the msgcat 0.21 goldens written
right after a catalog with the same entries under another header."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transflow.catalog import powrite
from transflow.catalog.entries import Catalog, Entry
from transflow.catalog.fmtdir import directive_spans as fmt_spans
from transflow.catalog.poparse import parse_po
from transflow.catalog.powrite import serialize_po

HERE = Path(__file__).resolve().parent
GOOD = HERE.parent / "fixtures" / "good"
GOLDENS = sorted((HERE / "golden" / "good").glob("*.po"))


def _plain(catalog: Catalog, width: int = 79) -> bytes:
    """The writer as it was: every entry written, one after another."""
    out: list[str] = []
    entries: list[Entry] = []
    if catalog.header is not None:
        entries.append(powrite._utf8_header(catalog.header, catalog.charset))
    entries += [e for e in catalog.entries if not e.obsolete]
    entries += [e for e in catalog.entries if e.obsolete and powrite._translated(e)]
    for i, e in enumerate(entries):
        if i:
            out.append("\n")
        powrite._HEADS.clear()  # each entry laid out afresh
        powrite._entry(out, e, width)
    return "".join(out).encode("utf-8")


def _header(language: str) -> Entry:
    return Entry(
        msgid="", msgstr=f"Language: {language}\nContent-Type: text/plain; charset=UTF-8\n"
    )


_text = st.lists(st.sampled_from([*list('ab c"\\\n\t%sé中'), "%d", "{x}"]), max_size=60).map(
    "".join
)
_flags = st.lists(
    st.sampled_from(["fuzzy", "c-format", "python-brace-format", "no-wrap"]), max_size=2
).map(tuple)
_entry = st.builds(
    Entry,
    msgid=_text,
    msgstr=_text,
    msgctxt=st.one_of(st.none(), _text),
    references=st.lists(st.sampled_from(["a.txt:1", "./b.md", "c.txt:007"]), max_size=3).map(tuple),
    extracted_comments=st.lists(_text, max_size=2).map(tuple),
    flags=_flags,
    previous_msgid=st.one_of(st.none(), _text),
    obsolete=st.booleans(),
    lineno=st.integers(0, 9),
)


@settings(max_examples=300, deadline=None)
@given(
    first=st.lists(_entry, max_size=6),
    second=st.lists(_entry, max_size=6),
    headers=st.lists(st.sampled_from([None, "ru", "de", "ar"]), min_size=1, max_size=4),
    width=st.sampled_from([79, 79, 40]),
)
def test_reused_body_is_the_per_entry_text(
    first: list[Entry], second: list[Entry], headers: list[str | None], width: int
) -> None:
    # the same entries (as equal copies, as merge makes them) under several headers, then
    # other entries: every catalog as the plain writer writes it
    # and the same units as another language holds them: translated where they were not,
    # emptied where they were (msgcat drops the fuzzy flag of an untranslated entry)
    other = [dataclasses.replace(e, msgstr="" if e.msgstr else "x") for e in first]
    bodies = [first, [dataclasses.replace(e, lineno=e.lineno + 1) for e in first], other, second]
    for body in bodies:
        for language in headers:
            header = None if language is None else _header(language)
            catalog = Catalog(header=header, entries=tuple(body))
            assert serialize_po(catalog, width) == _plain(catalog, width)


@pytest.mark.parametrize("golden", GOLDENS, ids=lambda p: p.name)
def test_goldens_after_the_same_entries_under_another_header(golden: Path) -> None:
    catalog = parse_po((GOOD / golden.name).read_bytes(), golden.name)
    assert _plain(catalog) == golden.read_bytes()
    other = dataclasses.replace(catalog, header=_header("xx"))
    assert serialize_po(other) == _plain(other)
    assert serialize_po(catalog) == golden.read_bytes()  # the body reused
    assert serialize_po(dataclasses.replace(catalog, header=None)) == _plain(
        dataclasses.replace(catalog, header=None)
    )


def test_a_changed_entry_is_written_again() -> None:
    entries = (Entry(msgid="One", references=("a.txt",)), Entry(msgid="Two"))
    serialize_po(Catalog(header=_header("ru"), entries=entries))
    changed = (entries[0], dataclasses.replace(entries[1], msgstr="Два"))
    out = serialize_po(Catalog(header=_header("ru"), entries=changed))
    assert b'msgstr "\xd0\x94\xd0\xb2\xd0\xb0"' in out
    assert out == _plain(Catalog(header=_header("ru"), entries=changed))


@settings(max_examples=500, deadline=None)
@given(
    lines=st.lists(_text, min_size=1, max_size=5),
    last=st.sampled_from(["", "\n"]),
    prefix=st.sampled_from(["", "#~ ", "#| "]),
    name=st.sampled_from(["msgid", "msgstr", "msgstr[1]"]),
    do_wrap=st.booleans(),
    width=st.sampled_from([79, 30, 10]),
    fmt=st.sampled_from([None, "c", "python-brace"]),
)
def test_a_value_of_several_lines_is_wrapped_line_by_line_alike(
    lines: list[str],
    last: str,
    prefix: str,
    name: str,
    do_wrap: bool,
    width: int,
    fmt: str | None,
) -> None:
    # _wrapped writes each line of a value of several on its own (cached per line, as a
    # header's lines repeat); _lines is the loop over the whole value
    value = "\n".join(lines) + last
    inside = [
        k
        for first, end in fmt_spans(value, fmt, name.startswith("msgstr"))
        for k in range(first + 1, end + 1)
    ]
    expected = powrite._lines(prefix, name, value, do_wrap, width, inside, True)
    assert powrite._wrapped(prefix, name, value, do_wrap, width, fmt) == expected


def _lines_reference(
    prefix: str, name: str, value: str, do_wrap: bool, width: int, inside: list[int], first: bool
) -> str:
    """_lines as it was, on the full break list of width_linebreaks (one entry per
    character) instead of the list of cuts."""
    from bisect import bisect_left

    from transflow.catalog.linebreak import POSSIBLE, width_linebreaks

    out: list[str] = []
    pos, n = 0, len(value)
    while True:
        es = value.find("\n", pos)
        es = n if es < 0 else es + 1
        chunk = value[pos:es]
        escapes: list[int] = []
        if powrite._NEEDS_ESCAPE.search(chunk):
            portion = chunk.translate(powrite._ESCAPE_TABLE)
            prohibited = [False] * len(portion)
            escapes = [m.start() for m in powrite._NEEDS_ESCAPE.finditer(chunk)]
            for shift, k in enumerate(escapes, 1):
                prohibited[k + shift] = True
        else:
            portion = chunk
            prohibited = [False] * len(chunk)
        for k in inside[bisect_left(inside, pos) : bisect_left(inside, es)]:
            k -= pos
            prohibited[k + bisect_left(escapes, k)] = True
        if chunk.endswith("\n"):
            prohibited[-2] = True
        after_break = len(prefix) + 1
        line_width = (width if do_wrap else 2**31 - 1) - 1 - after_break
        while True:
            startcol = len(prefix) + (len(name) + 1 if first else 0) + 1 - after_break
            breaks = width_linebreaks(portion, line_width, startcol, 0, prohibited)
            if first and portion and (es < n or startcol > line_width or POSSIBLE in breaks):
                out.append(f'{prefix}{name} ""\n')
                first = False
                continue
            break
        line = [prefix, f"{name} " if first else "", '"']
        first = False
        start = 0
        for i, b in enumerate(breaks):
            if b == POSSIBLE:
                line += [portion[start:i], f'"\n{prefix}"']
                start = i
        line += [portion[start:], '"\n']
        out.append("".join(line))
        pos = es
        if pos >= n:
            break
    return "".join(out)


@settings(max_examples=500, deadline=None)
@given(
    words=st.lists(
        st.one_of(
            _text,
            st.sampled_from(
                [
                    "word",
                    "a-b",
                    "“q”",
                    "—",
                    "%s",
                    "日本",
                    '"%d"',
                    "\t%s\n",
                    "{x}!",
                    "% d",
                    '\\"% 5d',
                ]
            ),
        ),
        max_size=40,
    ),
    prefix=st.sampled_from(["", "#~ ", "#| "]),
    name=st.sampled_from(["msgid", "msgstr", ""]),
    do_wrap=st.booleans(),
    width=st.sampled_from([79, 40, 12, 8]),
    fmt=st.sampled_from([None, "c", "python-brace"]),
    first=st.booleans(),
)
def test_lines_cut_where_the_full_break_list_breaks(
    words: list[str],
    prefix: str,
    name: str,
    do_wrap: bool,
    width: int,
    fmt: str | None,
    first: bool,
) -> None:
    value = " ".join(words)
    inside = [
        k
        for start, end in fmt_spans(value, fmt, name.startswith("msgstr"))
        for k in range(start + 1, end + 1)
    ]
    expected = _lines_reference(prefix, name, value, do_wrap, width, inside, first)
    assert powrite._lines(prefix, name, value, do_wrap, width, inside, first) == expected
