"""Where the format directives of a string are, as gettext 0.21's writer sees them.

``msgcat`` never breaks a line inside a format directive: for an entry (possibly) flagged
with format types, ``write-po.c``'s ``wrap()`` asks the parser of the *first* such type in
``format_language[]`` order (``c``, ``objc``, ``python``, …) to mark each directive's first
and last character, then prohibits a break before every character of a valid directive but
its first. The parser stops at the first invalid directive: the directives before it stay
marked, the invalid one and everything after it do not prohibit anything. Errors found after
scanning (unused or clashing argument numbers) change nothing here.

This module follows the scanners of ``format-c.c``/``format-c-parse.h`` (``c``, ``objc``),
``format-python.c`` (``python``), ``format-python-brace.c`` (``python-brace``) and
``format-lua.c`` (``lua``). For the other format types gettext knows,
:func:`directive_spans` returns no spans, so their directives can still be broken where
msgcat would not (see :data:`SCANNED`).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

__all__ = ["SCANNED", "directive_spans", "format_type"]

# gettext 0.21's format_language[] order: the first possibly-applicable type is the one scanned
_ORDER = (
    *("c", "objc", "python", "python-brace", "java", "java-printf", "csharp", "javascript"),
    *("scheme", "lisp", "elisp", "librep", "ruby", "sh", "awk", "lua", "object-pascal"),
    *("smalltalk", "qt", "qt-plural", "kde", "kde-kuit", "boost", "tcl", "perl"),
    *("perl-brace", "php", "gcc-internal", "gfc-internal", "ycp"),
)
# the format types whose directives this module finds
SCANNED = frozenset({"c", "objc", "python", "python-brace", "lua"})

_END = "\0"  # what the C scanners see past the last character


def format_type(flags: Iterable[str]) -> str | None:
    """The format type whose directives msgcat protects for an entry with these flags.

    Each ``X-format`` / ``possible-X-format`` flag makes type X possible, ``no-X-format`` and
    ``impossible-X-format`` make it not; the last flag naming a type wins (as gettext reads a
    ``#,`` line). Of the possible types the first in gettext's order is used, even when this
    module cannot scan it."""
    state: dict[str, bool] = {}
    for flag in flags:
        if not flag.endswith("-format"):
            continue
        name = flag[: -len("-format")]
        possible = True
        if name.startswith("no-"):
            name, possible = name[3:], False
        elif name.startswith("possible-"):
            name = name[9:]
        elif name.startswith("impossible-"):
            name, possible = name[11:], False
        state[name] = possible
    if not any(state.values()):  # (most entries: no format flag at all)
        return None
    for name in _ORDER:
        if state.get(name):
            return name
    return None


@functools.lru_cache(maxsize=8192)
def directive_spans(value: str, fmt: str | None, is_msgstr: bool) -> tuple[tuple[int, int], ...]:
    """(first, last) character index of each valid directive msgcat would not break inside.

    ``is_msgstr``: the string is a translation (C allows the ``I`` flag there)."""
    if fmt == "python-brace":
        return tuple(_brace_spans(value)) if "{" in value else ()
    if fmt is None or "%" not in value:
        return ()
    if fmt in ("c", "objc"):
        return tuple(_c_spans(value, is_msgstr, fmt == "objc"))
    if fmt == "python":
        return tuple(_python_spans(value))
    if fmt == "lua":
        return tuple(_lua_spans(value))
    return ()


def _digit(c: str) -> bool:
    return "0" <= c <= "9"


def _at(s: str, k: int) -> str:
    """The character at k, or the C string's terminating NUL past the end."""
    return s[k] if k < len(s) else _END


def _digits(s: str, k: int) -> int:
    while _digit(_at(s, k)):
        k += 1
    return k


# ------------------------------------------------------------------- c, objc (format-c.c)

_C_CONVERSIONS = "cCsSdiuoxXeEfFgGaApn"


def _c_spans(s: str, translated: bool, objc: bool) -> list[tuple[int, int]]:
    """format-c-parse.h's scan: stops at the first invalid directive, including one whose
    arguments mix numbered (``%1$d``) and unnumbered ones with those before."""
    spans: list[tuple[int, int]] = []
    numbered_seen: set[bool] = set()
    i = s.find("%")
    while i >= 0:
        got = _c_directive(s, i, translated, objc)
        if got is None:
            break
        end, numbers = got
        for number in numbers:
            if (number == 0) in numbered_seen:
                return spans
            numbered_seen.add(number > 0)
        spans.append((i, end))
        i = s.find("%", end + 1)
    return spans


def _c_directive(s: str, i: int, translated: bool, objc: bool) -> tuple[int, list[int]] | None:
    """(index of the last character, argument numbers in order, 0 = unnumbered) of the
    directive whose ``%`` is at i; None when it is invalid."""
    numbers: list[int] = []
    got = _argument_number(s, i + 1)
    if got is None:
        return None
    number, f = got
    while _at(s, f) in " +-#0'" or (translated and _at(s, f) == "I"):
        f += 1
    f = _c_width(s, f, numbers)  # width
    if f >= 0 and _at(s, f) == ".":
        f = _c_width(s, f + 1, numbers)  # precision
    if f < 0:
        return None
    if _at(s, f) == "<":  # <PRId64> and friends (ISO C 99 7.8.1)
        f = _c99_macro(s, f + 1)
        if f < 0:
            return None
        numbers.append(number)
        return f, numbers
    while _at(s, f) in "hlLqjzZt":
        f += 1
    c = _at(s, f)
    if c in _C_CONVERSIONS or (objc and c == "@"):
        numbers.append(number)
    elif c not in "%m":
        return None
    return f, numbers


def _argument_number(s: str, f: int) -> tuple[int, int] | None:
    """``digits$`` at f: (its number, the index after the ``$``), or (0, f) when there is
    none; None for the invalid ``0$``."""
    g = _digits(s, f)
    if g == f or _at(s, g) != "$":
        return (0, f)
    number = int(s[f:g])
    return None if number == 0 else (number, g + 1)


def _c_width(s: str, f: int, numbers: list[int]) -> int:
    """Past a width or precision at f (``*``, ``*N$`` or digits); -1 when invalid."""
    if _at(s, f) != "*":
        return _digits(s, f)
    got = _argument_number(s, f + 1)
    if got is None:
        return -1
    numbers.append(got[0])
    return got[1]


def _c99_macro(s: str, f: int) -> int:
    """Index of the ``>`` closing ``<PRI{d,i,o,u,x,X}{,LEAST,FAST}{8,16,32,64}|MAX|PTR>``
    whose ``P`` is at f, or -1."""
    if s[f : f + 3] != "PRI" or s[f + 3 : f + 4] not in ("d", "i", "o", "u", "x", "X"):
        return -1
    f += 4
    if s.startswith(("MAX", "PTR"), f):
        f += 3
    else:
        if s.startswith("LEAST", f):
            f += 5
        elif s.startswith("FAST", f):
            f += 4
        if s.startswith("8", f):
            f += 1
        elif s.startswith(("16", "32", "64"), f):
            f += 2
        else:
            return -1
    return f if s.startswith(">", f) else -1


# --------------------------------------------------------------- python (format-python.c)


def _python_spans(s: str) -> list[tuple[int, int]]:
    """format-python.c's scan: stops at the first invalid directive, including one that
    mixes named (``%(x)s``) and unnamed arguments with those before."""
    spans: list[tuple[int, int]] = []
    named = unnamed = 0
    i = s.find("%")
    while i >= 0:
        got = _python_directive(s, i)
        if got is None:
            break
        end, kinds = got
        for is_named in kinds:
            if unnamed if is_named else named:
                return spans
            named += is_named
            unnamed += not is_named
        spans.append((i, end))
        i = s.find("%", end + 1)
    return spans


def _python_directive(s: str, i: int) -> tuple[int, list[bool]] | None:
    """(index of the last character, its arguments in order: True for a named one) of the
    directive whose ``%`` is at i; None when it is invalid."""
    kinds: list[bool] = []
    f = i + 1
    has_name = _at(s, f) == "("
    if has_name:
        f = _closing_paren(s, f + 1)
        if f < 0:
            return None
        f += 1
    while _at(s, f) in "-+ #0":
        f += 1
    for part in ("width", "precision"):
        if part == "precision":
            if _at(s, f) != ".":
                break
            f += 1
        if _at(s, f) == "*":
            kinds.append(False)
            f += 1
        else:
            f = _digits(s, f)
    if _at(s, f) in "hlL":
        f += 1
    c = _at(s, f)
    if c not in "%csridouxXeEfgG":
        return None
    if has_name or c != "%":
        kinds.append(has_name)
    return f, kinds


def _closing_paren(s: str, f: int) -> int:
    """Index of the ``)`` that balances the parentheses from f, or -1."""
    depth = 0
    for k in range(f, len(s)):
        if s[k] == "(":
            depth += 1
        elif s[k] == ")":
            if depth == 0:
                return k
            depth -= 1
    return -1


# --------------------------------------------------------------------- lua (format-lua.c)


def _lua_spans(s: str) -> list[tuple[int, int]]:
    """format-lua.c's scan (no flags; ``%%`` is a directive); stops at an invalid one."""
    spans: list[tuple[int, int]] = []
    i = s.find("%")
    while i >= 0:
        f = i + 1
        if _at(s, f) != "%":
            f = _digits(s, f)
            if _at(s, f) == ".":
                f = _digits(s, f + 1)
            if _at(s, f) not in "cdiouXxaAEefgGsq":
                return spans
        spans.append((i, f))
        i = s.find("%", f + 1)
    return spans


# --------------------------------------------------- python-brace (format-python-brace.c)


def _brace_spans(s: str) -> list[tuple[int, int]]:
    """What format-python-brace.c marks, bug for bug.

    Its ``parse_directive`` marks positions relative to the directive's own ``{`` (its
    local ``format_start``), not to the string: every valid top-level directive sets the
    start mark at index 0 and its end mark at its length - 1, and an error sets its mark
    at its offset from the ``{`` of the directive being parsed. So msgcat protects one
    span, from index 0 to the smallest end offset, unless an error mark comes first (then
    nothing); the directives themselves are not protected.

    The C parser reads the string's UTF-8 bytes, so those offsets, and the span they mark,
    are counted in bytes: the span ends at the character that holds its last byte (an
    ``é`` before it moves that end one character to the left)."""
    if s.isascii():
        return _brace_byte_spans(s)
    view = s.encode("utf-8", "surrogatepass").decode("latin-1")  # a character a byte
    spans = _brace_byte_spans(view)
    if not spans:
        return []
    last = spans[0][1]
    n = 0
    for k, ch in enumerate(s):  # the character holding byte ``last``
        n += len(ch.encode("utf-8", "surrogatepass"))
        if n > last:
            return [(0, k)]
    return [(0, len(s) - 1)]  # (never: the span ends inside the string)


def _brace_byte_spans(s: str) -> list[tuple[int, int]]:
    """:func:`_brace_spans` over a string of one character a byte (as C reads it)."""
    ends: list[int] = []
    error: int | None = None
    i = s.find("{")
    while i >= 0:
        end, error = _brace_directive(s, i, True, ends)
        if end is None:
            break
        i = s.find("{", end)
    if not ends:
        return []
    first = min(ends)
    if error is not None and error <= first:
        return []
    return [(0, first)]


def _brace_directive(
    s: str, start: int, toplevel: bool, ends: list[int]
) -> tuple[int | None, int | None]:
    """(index after the directive whose ``{`` is at start, None), or (None, offset of the
    error mark from start). The end offset of a valid top-level directive is added to
    ends."""
    f = start + 1
    if _at(s, f) == "{":
        return f + 1, None
    f = _brace_field(s, f)
    if f < 0:
        return None, -f - start
    if _at(s, f) == ":":
        if not toplevel:
            return None, f - start
        f += 1
        if _at(s, f) == "{":
            got, error = _brace_directive(s, f, False, ends)
            if got is None:
                return None, error
            f = got
        else:
            f = _brace_standard_spec(s, f)
        if _at(s, f) != "}":
            return None, f - start
    if _at(s, f) != "}":
        return None, f - start
    if toplevel:
        ends.append(f - start)
    return f + 1, None


def _name_end(s: str, k: int) -> int:
    """After the identifier (ASCII letters, ``_``, digits not first) at k; k if none."""
    c = _at(s, k)
    if not (c.isascii() and (c.isalpha() or c == "_")):
        return k
    while (c := _at(s, k)).isascii() and (c.isalnum() or c == "_"):
        k += 1
    return k


def _brace_field(s: str, f: int) -> int:
    """After the field name at f with its ``.attr`` and ``[key]`` chain; ``-position`` of
    the error mark when invalid."""
    got = _name_end(s, f)
    if got == f:
        got = _digits(s, f)
        if got == f:
            return -f
    f = got
    while _at(s, f) in ".[":
        bracket = _at(s, f) == "["
        got = _name_end(s, f + 1)
        if got == f + 1 and bracket:
            got = _digits(s, f + 1)
        if got == f + 1:
            return -(f + 1)
        if bracket:
            if _at(s, got) != "]":
                return -(got + 1)  # marked after the character it read
            got += 1
        f = got
    return f


def _brace_standard_spec(s: str, f: int) -> int:
    """After ``[[fill]align][sign][#][0][width][.precision][type]`` at f."""
    if _at(s, f + 1) in "<>=^" and _at(s, f) != _END:
        f += 2
    elif _at(s, f) in "<>=^":
        f += 1
    for optional in ("+- ", "#", "0"):
        if _at(s, f) in optional:
            f += 1
    f = _digits(s, f)
    if _at(s, f) == ".":
        f = _digits(s, f + 1)
    if _at(s, f) in "bcdoxXneEfFgG%":
        f += 1
    return f
