"""No line break inside a format directive, as msgcat (gettext 0.21, write-po.c wrap()).

The case hypothesis found: a ``c-format`` entry whose msgid_plural ends in ``% s`` (a C
directive with the space flag) right where the line overflows; we broke between ``% `` and
``s``, msgcat does not.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transflow.catalog.entries import Catalog, Entry
from transflow.catalog.fmtdir import directive_spans, format_type
from transflow.catalog.powrite import serialize_po

_LONG = "https://example.com/" + "x" * 195
FOUND = Entry(
    msgid=_LONG + "% ",
    msgid_plural=_LONG + "% s",
    msgstr_plural=("a", "b", "c"),
    msgctxt="ctx6",
    flags=("c-format",),
    obsolete=True,
)
X = "x" * 195
# what msgcat 0.21 writes for FOUND (its own output is its fixpoint)
FOUND_GOLDEN = (
    '#, c-format\n#~ msgctxt "ctx6"\n'
    f'#~ msgid ""\n#~ "https://example.com/"\n#~ "{X}% "\n'
    f'#~ msgid_plural ""\n#~ "https://example.com/"\n#~ "{X}% s"\n'
    '#~ msgstr[0] "a"\n#~ msgstr[1] "b"\n#~ msgstr[2] "c"\n'
).encode()


def test_found_example_matches_the_golden() -> None:
    out = serialize_po(Catalog(header=None, entries=(FOUND,)))
    assert out == FOUND_GOLDEN
    # without the flag, "% s" is two words and the line breaks between them
    plain = serialize_po(Catalog(header=None, entries=(dataclasses.replace(FOUND, flags=()),)))
    assert f'"{X}% "\n#~ "s"'.encode() in plain


def test_found_example_like_msgcat(msgcat: Callable[[bytes], bytes]) -> None:
    out = serialize_po(Catalog(header=None, entries=(FOUND,)))
    assert out == msgcat(out)


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        ((), None),
        (("fuzzy", "no-wrap"), None),
        (("c-format",), "c"),
        (("python-format", "c-format"), "c"),  # gettext's order, not the flags'
        (("possible-python-format",), "python"),
        (("c-format", "no-c-format"), None),  # the last flag naming a type wins
        (("no-c-format", "c-format"), "c"),
        (("impossible-c-format", "python-brace-format"), "python-brace"),
        (("sh-format",), "sh"),
    ],
)
def test_format_type(flags: tuple[str, ...], expected: str | None) -> None:
    assert format_type(flags) == expected


@pytest.mark.parametrize(
    ("fmt", "value", "is_msgstr", "expected"),
    [
        ("c", "a % s b", False, ((2, 4),)),
        ("c", "%5.2f%%%lld", False, ((0, 4), (5, 6), (7, 10))),
        ("c", "%1$s %2$*1$d", False, ((0, 3), (5, 11))),
        ("c", "%<PRId64> %<PRIuLEAST32>", False, ((0, 8), (10, 23))),
        ("c", "%d %y %d", False, ((0, 1),)),  # stops at the invalid %y
        ("c", "%d %1$s", False, ((0, 1),)),  # numbered after unnumbered
        ("c", "%0$s %d", False, ()),
        ("c", "%I d", False, ()),  # the I flag: translations only
        ("c", "%I d", True, ((0, 3),)),
        ("c", "%@", False, ()),
        ("objc", "%@", False, ((0, 1),)),
        ("c", "tail %", False, ()),
        ("python", "%(a (b) c)s and %-5d", False, ((0, 10),)),  # named then unnamed
        ("python", "%% %.3r %-5d", False, ((0, 1), (3, 6), (8, 11))),
        ("python", "%(x)% %(y)s %.3r", False, ((0, 4), (6, 10))),  # named, then unnamed
        ("python", "%F", False, ()),
        ("lua", "%5.2q %% %d", False, ((0, 4), (6, 7), (9, 10))),
        ("lua", "% d", False, ()),
        ("sh", "$HOME %s", False, ()),  # not scanned
        ("python-brace", "{{ no }}", False, ()),
        # format-python-brace.c marks relative to each directive's "{": one span from 0 to
        # the shortest directive's length - 1, unless an error mark comes first
        ("python-brace", "ab {a.b[0]} {xy}", False, ((0, 3),)),
        ("python-brace", "{a:{w}} {bb:>10}", False, ((0, 6),)),
        ("python-brace", "{abcd} {}", False, ()),  # error mark at 1
        ("python-brace", "{} {abcd}", False, ()),
        ("python-brace", "{abcdef} {a!r}", False, ()),  # error mark at 2, end mark at 7
        ("python-brace", "{a} {abcdef!}", False, ((0, 2),)),  # end mark at 2, error at 7
        # ... counted in the UTF-8 bytes the C parser reads: bytes 0-5 of " xé% x{name}"
        # end at its space (character 4); a fill character of two bytes is no fill for it
        ("python-brace", " xé% x{name}", False, ((0, 4),)),
        ("python-brace", "中 {name}", False, ((0, 3),)),  # bytes 0-5: 中 (3), space, {, n
        ("python-brace", "{0:é>10}", False, ()),  # é: two bytes, no fill: an error mark
    ],
)
def test_directive_spans(
    fmt: str, value: str, is_msgstr: bool, expected: tuple[tuple[int, int], ...]
) -> None:
    assert directive_spans(value, fmt, is_msgstr) == expected


_DIRECTIVES = {
    "c-format": ["% s", "%5.2f", "%1$s", "%-10s", "%'d", "%<PRId64>", "%lld", "%zu", "%%", "%m"],
    "objc-format": ["%@", "% d", "%-8.3f"],
    "python-format": ["%(name)s", "%(a b)s", "% -8.3f", "%.*s", "%*d", "%%", "%(n)%"],
    "python-brace-format": ["{name}", "{0}", "{a.b[c]}", "{x[1]:>10}", "{y:{w}}", "{{"],
    "lua-format": ["%5.2q", "%.3s", "%12d", "%%", "% d"],
}
UTF8 = Entry(msgid="", msgstr="Content-Type: text/plain; charset=UTF-8\n")
_FILLER = st.sampled_from(["x", "xx", "x ", " ", "-", "/", "é", "中", '"', "\\", "\t", "\n"])


@st.composite
def _formatted(draw: st.DrawFn) -> Entry:
    flag = draw(st.sampled_from(sorted(_DIRECTIVES)))
    parts: list[str] = []
    for _ in range(draw(st.integers(1, 4))):
        # land the directive around the wrap column: 60-90 columns of filler before it
        parts.append("x" * draw(st.integers(0, 90)))
        parts.append("".join(draw(st.lists(_FILLER, max_size=4))))
        parts.append(draw(st.sampled_from(_DIRECTIVES[flag] + ["%", "{", "% "])))
    text = "".join(parts)
    if draw(st.booleans()):
        return Entry(
            msgid=text,
            msgid_plural=text + "s",
            msgstr_plural=(text, "  " + text, text + " tail"),
            flags=(flag,),
            obsolete=draw(st.booleans()),
            previous_msgid=draw(st.sampled_from([None, text])),
        )
    return Entry(msgid=text, msgstr=" " + text, flags=(flag,))


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(entries=st.lists(_formatted(), min_size=1, max_size=6))
def test_directives_near_the_wrap_column_like_msgcat(
    entries: list[Entry], msgcat: Callable[[bytes], bytes]
) -> None:
    unique = {e.msgid: e for e in entries}  # msgcat would merge duplicates
    out = serialize_po(Catalog(header=UTF8, entries=tuple(unique.values())))
    assert out == msgcat(out)


_HEADS = [" xé% ", " é ", "é中 ", " x ", " 中é x ", "éé é "]
_BRACES = ["{name}", "{0:é>10}", "{:中^5}", "{a[é]}", "{}", "{x:{é}}", "{é}", "{0!r}", "{:<10}"]


def test_brace_directives_after_wide_characters_like_msgcat(
    msgcat: Callable[[bytes], bytes],
) -> None:
    """Characters of several bytes before or inside a python-brace directive, the line
    ending on either side of the wrap column (found by the test above's random profile:
    msgcat counts the protected span in bytes, which moves it left of an ``é``)."""
    entries = []
    for head in _HEADS:
        for brace in _BRACES:
            for fill in range(52, 70):
                for text in (head + "x" * fill + brace, head + "x" * 10 + brace + "x" * fill):
                    flags = ("python-brace-format",)
                    entries.append(Entry(msgid=f"m{len(entries)}", msgstr=text, flags=flags))
    out = serialize_po(Catalog(header=UTF8, entries=tuple(entries)))
    assert out == msgcat(out)
