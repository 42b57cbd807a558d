"""What ``msgfmt --check`` checks beyond syntax: format strings and the plural expression.

* An entry flagged ``c-format``, ``python-format``, ``python-brace-format``,
  ``lua-format``, ``lisp-format`` or ``scheme-format`` (translated, not fuzzy) must use
  the same arguments in its msgstr as in its msgid, of the same kinds, when its msgid is
  a valid format string of that language (GNU gettext's ``format-*.c`` rules, reduced to
  what they decide: which arguments, and of which type).
* The header's ``Plural-Forms`` expression must parse as gettext's C subset, never divide
  by zero and never yield an index ≥ nplurals, for n = 0…1000 (as msgfmt evaluates it).

Transflow writes no format flag on prose (press releases are full of ``%``); these rules
matter for catalogs that translators or other tools bring in. Each function returns the
reason msgfmt would give, or ``""`` when it would accept.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import cast

# ---------------------------------------------------------------------- format strings

_C_DIRECTIVE = re.compile(
    r"%(?:(?P<pos>[1-9][0-9]*)\$)?(?P<flags>[-+ #0'I]*)"
    r"(?P<width>\*(?:[1-9][0-9]*\$)?|[0-9]+)?(?:\.(?P<prec>\*(?:[1-9][0-9]*\$)?|[0-9]*))?"
    r"(?P<len>hh|h|ll|l|L|q|j|z|Z|t)?(?P<conv>[diouxXeEfFgGaAcspnm%])"
)
_C_KIND = {
    **dict.fromkeys("di", "int"),
    **dict.fromkeys("ouxX", "unsigned"),
    **dict.fromkeys("eEfFgGaA", "double"),
    "c": "char",
    "s": "string",
    "p": "pointer",
    "n": "count",
}


class _Invalid(Exception):
    pass


def _c_like(text: str, kinds: dict[str, str], positional_ok: bool) -> dict[int, str]:
    """Argument number -> kind of a printf-like string (raises _Invalid)."""
    args: dict[int, str] = {}
    i, n = 0, 0
    while True:
        i = text.find("%", i)
        if i < 0:
            return args
        m = _C_DIRECTIVE.match(text, i)
        if not m or (m.group("pos") and not positional_ok):
            raise _Invalid
        i = m.end()
        conv = m.group("conv")
        if conv in "%m":
            continue
        for star in (m.group("width"), m.group("prec")):
            if star and star.startswith("*"):
                n += 1
                args[n] = "int"
        if m.group("pos"):
            number = int(m.group("pos"))
        else:
            n += 1
            number = n
        kind = (m.group("len") or "") + kinds[conv]
        if args.get(number, kind) != kind:
            raise _Invalid
        args[number] = kind


def _compare_numbered(a: dict[int, str], b: dict[int, str]) -> str:
    if len(a) != len(b) or set(a) != set(b):
        return "number of format specifications in 'msgid' and 'msgstr' does not match"
    for k in sorted(a):
        if a[k] != b[k]:
            return (
                f"format specifications in 'msgid' and 'msgstr' for argument {k} are not the same"
            )
    return ""


def _check_c(msgid: str, msgstr: str) -> str:
    try:
        spec = _c_like(msgid, _C_KIND, True)
    except _Invalid:
        return ""  # msgid is no C format string: msgfmt checks nothing
    try:
        got = _c_like(msgstr, _C_KIND, True)
    except _Invalid:
        return "'msgstr' is not a valid C format string, unlike 'msgid'"
    return _compare_numbered(spec, got)


_LUA_DIRECTIVE = re.compile(r"%[-+ #0]*[0-9]*(?:\.[0-9]*)?([diouxXcaAeEfgGqs%])")
_LUA_KIND = {
    **dict.fromkeys("diouxX", "int"),
    **dict.fromkeys("aAeEfgG", "float"),
    "c": "char",
    "s": "string",
    "q": "escaped",
}


def _lua(text: str) -> dict[int, str]:
    args: dict[int, str] = {}
    i = 0
    while True:
        i = text.find("%", i)
        if i < 0:
            return args
        m = _LUA_DIRECTIVE.match(text, i)
        if not m:
            raise _Invalid
        i = m.end()
        if m.group(1) != "%":
            args[len(args) + 1] = _LUA_KIND[m.group(1)]


def _check_lua(msgid: str, msgstr: str) -> str:
    try:
        spec = _lua(msgid)
    except _Invalid:
        return ""
    try:
        got = _lua(msgstr)
    except _Invalid:
        return "'msgstr' is not a valid Lua format string, unlike 'msgid'"
    for k in spec:
        if k not in got:
            return f"a format specification for argument {k} doesn't exist in 'msgstr'"
    return _compare_numbered(spec, got)


_PY_DIRECTIVE = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[-#0 +]*(?:\*|[0-9]+)?(?:\.(?:\*|[0-9]+))?[hlL]?"
    r"(?P<conv>[diouxXeEfFgGcrsa%])"
)
_PY_KIND = {
    **dict.fromkeys("diouxX", "int"),
    **dict.fromkeys("eEfFgG", "float"),
    "c": "char",
    **dict.fromkeys("rsa", "any"),
}


def _python(text: str) -> tuple[dict[str, str], list[str]]:
    named: dict[str, str] = {}
    unnamed: list[str] = []
    i = 0
    while True:
        i = text.find("%", i)
        if i < 0:
            break
        m = _PY_DIRECTIVE.match(text, i)
        if not m:
            raise _Invalid
        i = m.end()
        if m.group("conv") == "%":
            continue
        kind = _PY_KIND[m.group("conv")]
        if m.group("name") is not None:
            if named.get(m.group("name"), kind) != kind:
                raise _Invalid
            named[m.group("name")] = kind
        else:
            unnamed.append(kind)
    if named and unnamed:
        raise _Invalid
    return named, unnamed


def _check_python(msgid: str, msgstr: str) -> str:
    try:
        spec_named, spec_list = _python(msgid)
    except _Invalid:
        return ""
    try:
        named, unnamed = _python(msgstr)
    except _Invalid:
        return "'msgstr' is not a valid Python format string, unlike 'msgid'"
    if spec_named or named:
        for name in named:
            if name not in spec_named:
                return f"a format specification for argument '{name}', as in 'msgstr', doesn't exist in 'msgid'"
        for name in spec_named:
            if name not in named:
                return f"a format specification for argument '{name}' doesn't exist in 'msgstr'"
        for name, kind in named.items():
            if spec_named[name] != kind:
                return f"format specifications in 'msgid' and 'msgstr' for argument '{name}' are not the same"
        return ""
    return _compare_numbered(dict(enumerate(spec_list, 1)), dict(enumerate(unnamed, 1)))


_BRACE_FIELD = re.compile(r"\{([^{}!:]*)(?:![rsa])?(?::[^{}]*)?\}")


def _brace(text: str) -> set[str]:
    names: set[str] = set()
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in "{}" and text[i + 1 : i + 2] == ch:
            i += 2
            continue
        if ch == "}":
            raise _Invalid
        if ch == "{":
            m = _BRACE_FIELD.match(text, i)
            if not m or not m.group(1):
                raise _Invalid
            names.add(re.split(r"[.\[]", m.group(1), maxsplit=1)[0])
            i = m.end()
            continue
        i += 1
    return names


def _check_brace(msgid: str, msgstr: str) -> str:
    try:
        spec = _brace(msgid)
    except _Invalid:
        return ""
    try:
        got = _brace(msgstr)
    except _Invalid:
        return "'msgstr' is not a valid Python brace format string, unlike 'msgid'"
    for name in sorted(got - spec):
        return f"a format specification for argument '{name}' doesn't exist in 'msgid'"
    for name in sorted(spec - got):
        return f"a format specification for argument '{name}' doesn't exist in 'msgstr'"
    return ""


_LISP_DIRECTIVE = re.compile(r"~(?:[0-9]+|'.|[vV#]|,)*[:@]*(.)", re.DOTALL)
_LISP_KIND = {
    **dict.fromkeys("ASWP", "any"),
    **dict.fromkeys("DBOXR", "integer"),
    **dict.fromkeys("FEG$", "real"),
    "C": "character",
}


def _lisp(text: str) -> list[str]:
    kinds: list[str] = []
    i = 0
    while True:
        i = text.find("~", i)
        if i < 0:
            return kinds
        m = _LISP_DIRECTIVE.match(text, i)
        if not m:
            raise _Invalid
        i = m.end()
        kind = _LISP_KIND.get(m.group(1).upper())
        if kind:
            kinds.append(kind)


def _check_lisp(msgid: str, msgstr: str) -> str:
    try:
        spec = _lisp(msgid)
    except _Invalid:
        return ""
    try:
        got = _lisp(msgstr)
    except _Invalid:
        return "'msgstr' is not a valid Lisp format string, unlike 'msgid'"
    if spec != got:
        return "format specifications in 'msgid' and 'msgstr' are not equivalent"
    return ""


CHECKERS = {
    "c-format": _check_c,
    "python-format": _check_python,
    "python-brace-format": _check_brace,
    "lua-format": _check_lua,
    "lisp-format": _check_lisp,
    "scheme-format": _check_lisp,
}


def format_problem(flags: tuple[str, ...] | list[str], msgid: str, msgstr: str) -> str:
    """msgfmt --check's verdict on a translated entry with format flags ("" = fine)."""
    for flag in flags:
        check = CHECKERS.get(flag)
        if check is not None:
            problem = check(msgid, msgstr)
            if problem:
                return problem
    return ""


# ----------------------------------------------------------------- plural expressions

_TOKEN = re.compile(r"\s*(?:(\d+)|(n)|(\|\||&&|==|!=|<=|>=|[-+*/%<>!?:()]))")


def _tokens(expr: str) -> list[str]:
    out, i = [], 0
    expr = expr.rstrip().rstrip(";").rstrip()
    while i < len(expr):
        m = _TOKEN.match(expr, i)
        if not m:
            if expr[i:].strip() == "":
                break
            raise _Invalid
        out.append(m.group(m.lastindex or 0))
        i = m.end()
    return out


_BINARY = [("||",), ("&&",), ("==", "!="), ("<", ">", "<=", ">="), ("+", "-"), ("*", "/", "%")]


_NESTING = 64  # levels of (), ! and ?: the parser descends; real expressions use < 10


def _number(digits: str) -> int:
    """A literal's value as gettext reads it (unsigned long arithmetic, so modulo 2**64),
    in time linear in its length (``int()`` refuses strings over 4,300 digits)."""
    value = 0
    for at in range(0, len(digits), 18):
        chunk = digits[at : at + 18]
        value = (value * 10 ** len(chunk) + int(chunk)) & _MASK
    return value


class _TooNested(_Invalid):
    pass


def _parse(tokens: list[str]) -> object:
    """The expression's tree; :class:`_Invalid` for a syntax error or for nesting deeper
    than ``_NESTING`` (refused rather than recursed into: a hostile header must not
    exhaust the stack)."""
    return _Parser(tokens).parse()


class _Parser:
    """Recursive descent over the tokens, C's precedence (``?:`` lowest, then ``_BINARY``
    from ``||`` to ``*/%``, then ``!``, parentheses, ``n`` and literals)."""

    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.depth = 0

    def parse(self) -> object:
        tree = self.ternary()
        if self.pos != len(self.tokens):
            raise _Invalid
        return tree

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self, expected: str | None = None) -> str:
        tok = self.peek()
        if tok is None or (expected is not None and tok != expected):
            raise _Invalid
        self.pos += 1
        return tok

    def nested(self, inner: Callable[[], object]) -> object:
        """``inner()`` one level deeper (refused past ``_NESTING``)."""
        self.depth += 1
        if self.depth > _NESTING:
            raise _TooNested
        node = inner()
        self.depth -= 1
        return node

    def ternary(self) -> object:
        cond = self.binary(0)
        if self.peek() != "?":
            return cond
        self.take("?")
        return self.nested(lambda: self._branches(cond))

    def _branches(self, cond: object) -> object:
        yes = self.ternary()
        self.take(":")
        return ("?", cond, yes, self.ternary())

    def binary(self, level: int) -> object:
        if level == len(_BINARY):
            return self.unary()
        left = self.binary(level + 1)
        while self.peek() in _BINARY[level]:
            op = self.take()
            left = (op, left, self.binary(level + 1))
        return left

    def unary(self) -> object:
        tok = self.take()
        if tok == "!":
            return self.nested(lambda: ("!", self.unary()))
        if tok == "(":
            return self.nested(self._parenthesized)
        if tok == "n":
            return "n"
        if tok.isdigit():
            return _number(tok)
        raise _Invalid

    def _parenthesized(self) -> object:
        inner = self.ternary()
        self.take(")")
        return inner


class _DivisionByZero(Exception):
    pass


_MASK = 2**64 - 1  # gettext evaluates in unsigned long


def _eval(node: object, n: int) -> int:
    if node == "n":
        return n
    if isinstance(node, int):
        return node & _MASK
    op: str
    args: list[object]
    op, *args = node  # type: ignore[misc]
    if op == "?":
        return _eval(args[1], n) if _eval(args[0], n) else _eval(args[2], n)
    if op == "!":
        return int(not _eval(args[0], n))
    if op == "||":
        return int(bool(_eval(args[0], n)) or bool(_eval(args[1], n)))
    if op == "&&":
        return int(bool(_eval(args[0], n)) and bool(_eval(args[1], n)))
    a, b = _eval(args[0], n), _eval(args[1], n)
    if op in "/%" and b == 0:
        raise _DivisionByZero
    return {
        "==": lambda: int(a == b),
        "!=": lambda: int(a != b),
        "<": lambda: int(a < b),
        ">": lambda: int(a > b),
        "<=": lambda: int(a <= b),
        ">=": lambda: int(a >= b),
        "+": lambda: (a + b) & _MASK,
        "-": lambda: (a - b) & _MASK,
        "*": lambda: (a * b) & _MASK,
        "/": lambda: a // b,
        "%": lambda: a % b,
    }[op]()


_PLURAL_FORMS = re.compile(r"nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*([^\n]*)")


def plural_problem(header_msgstr: str) -> str:
    """msgfmt --check's verdict on the header's Plural-Forms ("" = fine or absent)."""
    line = next((x for x in header_msgstr.split("\n") if x.startswith("Plural-Forms:")), None)
    return _plural_line_problem(line) if line is not None else ""


def plural_line_problem(line: str) -> str:
    """:func:`plural_problem` of a header whose ``Plural-Forms:`` line is ``line`` (for a
    caller that found the line already: the verdict is remembered by line)."""
    return _plural_line_problem(line)


@functools.lru_cache(maxsize=64)  # a workspace has a handful of distinct expressions
def _plural_line_problem(line: str) -> str:
    m = _PLURAL_FORMS.search(line)
    if not m:
        return "invalid nplurals value" if "nplurals" not in line else "invalid plural expression"
    if len(m.group(1).lstrip("0")) > 18:  # beyond unsigned long (and int()'s limit)
        return "invalid nplurals value"
    nplurals = int(m.group(1))
    if nplurals < 1:
        return "nplurals = 0 is not allowed"
    try:
        tree = _parse(_tokens(m.group(2)))
    except (_TooNested, RecursionError):  # the second: a caller already deep in its stack
        return f"plural expression nested more than {_NESTING} levels deep"
    except _Invalid:
        return "invalid plural expression"
    try:
        values = _column(tree, 0)
    except _TooDeep:  # n by n, as it always was (a tree this deep may not even evaluate)
        return _values_problem_by_n(tree, nplurals)
    if None in values:  # some n divides by zero
        return "plural expression can produce division by zero"
    return _largest_problem(max(cast(list[int], values)), nplurals)


def _values_problem_by_n(tree: object, nplurals: int) -> str:
    """The verdict on ``tree``'s values for n = 0…1000, evaluated one n at a time (the
    reference :func:`_column` is tested against, and the evaluator of very deep trees)."""
    largest = 0
    try:
        for n in range(1001):
            largest = max(largest, _eval(tree, n))
    except _DivisionByZero:
        return "plural expression can produce division by zero"
    except RecursionError:
        return "invalid plural expression"
    return _largest_problem(largest, nplurals)


def _largest_problem(largest: int, nplurals: int) -> str:
    if largest >= nplurals:
        return (
            f"nplurals = {nplurals} but plural expression can produce values as large as {largest}"
        )
    return ""


# ------------------------------------------------ the expression for every n at once

_N = range(1001)  # the n msgfmt tries
_DEEP = 200  # deeper trees go to _eval, n by n, as before (recursion depth: see _column)


class _TooDeep(Exception):
    pass


def _column(node: object, depth: int) -> list[int | None]:
    """The values of ``node`` for n = 0…1000, each as :func:`_eval` gives it, or None
    where :func:`_eval` raises _DivisionByZero: one list comprehension per node instead
    of a walk of the tree per n (C's short-circuits kept: a division by zero counts only
    where the operand holding it is evaluated). Raises _TooDeep past ``_DEEP`` levels,
    before any recursion limit can be near: the caller then evaluates n by n."""
    if depth > _DEEP:
        raise _TooDeep
    if node == "n":
        return list(_N)
    if isinstance(node, int):
        return [node & _MASK] * len(_N)
    op: str
    args: list[object]
    op, *args = node  # type: ignore[misc]
    depth += 1
    a = _column(args[0], depth)
    if op == "!":
        if None in a:
            return [None if x is None else 0 if x else 1 for x in a]
        return [0 if x else 1 for x in a]
    b = _column(args[1], depth)
    if op == "?":
        c = _column(args[2], depth)
        return [None if x is None else y if x else z for x, y, z in zip(a, b, c, strict=True)]
    if None in a or None in b:
        return _poisoned(op, a, b)
    if op in _ZERO_CHECKED and 0 in b:
        return _poisoned(op, a, b)
    return cast(list[int | None], _FAST[op](cast(list[int], a), cast(list[int], b)))


def _poisoned(op: str, a: list[int | None], b: list[int | None]) -> list[int | None]:
    """:func:`_column` of a binary node whose operands (or result) hold a division by
    zero somewhere: element by element, as :func:`_eval` decides each n."""
    if op == "||":
        return [
            None if x is None else 1 if x else None if y is None else 1 if y else 0
            for x, y in zip(a, b, strict=True)
        ]
    if op == "&&":
        return [
            None if x is None else 0 if not x else None if y is None else 1 if y else 0
            for x, y in zip(a, b, strict=True)
        ]
    one = _ONE[op]
    return [
        None if x is None or y is None or (y == 0 and op in _ZERO_CHECKED) else one(x, y)
        for x, y in zip(a, b, strict=True)
    ]


_ZERO_CHECKED = ("/", "%")
# each binary operator on two columns without a division by zero (every value an int)
_FAST: dict[str, Callable[[list[int], list[int]], list[int]]] = {
    "||": lambda a, b: [1 if x or y else 0 for x, y in zip(a, b, strict=True)],
    "&&": lambda a, b: [1 if x and y else 0 for x, y in zip(a, b, strict=True)],
    "==": lambda a, b: [1 if x == y else 0 for x, y in zip(a, b, strict=True)],
    "!=": lambda a, b: [1 if x != y else 0 for x, y in zip(a, b, strict=True)],
    "<": lambda a, b: [1 if x < y else 0 for x, y in zip(a, b, strict=True)],
    ">": lambda a, b: [1 if x > y else 0 for x, y in zip(a, b, strict=True)],
    "<=": lambda a, b: [1 if x <= y else 0 for x, y in zip(a, b, strict=True)],
    ">=": lambda a, b: [1 if x >= y else 0 for x, y in zip(a, b, strict=True)],
    "+": lambda a, b: [(x + y) & _MASK for x, y in zip(a, b, strict=True)],
    "-": lambda a, b: [(x - y) & _MASK for x, y in zip(a, b, strict=True)],
    "*": lambda a, b: [(x * y) & _MASK for x, y in zip(a, b, strict=True)],
    "/": lambda a, b: [x // y for x, y in zip(a, b, strict=True)],
    "%": lambda a, b: [x % y for x, y in zip(a, b, strict=True)],
}

# each arithmetic or comparison operator on two values (as _eval computes it)
_ONE: dict[str, Callable[[int, int], int]] = {
    "==": lambda x, y: int(x == y),
    "!=": lambda x, y: int(x != y),
    "<": lambda x, y: int(x < y),
    ">": lambda x, y: int(x > y),
    "<=": lambda x, y: int(x <= y),
    ">=": lambda x, y: int(x >= y),
    "+": lambda x, y: (x + y) & _MASK,
    "-": lambda x, y: (x - y) & _MASK,
    "*": lambda x, y: (x * y) & _MASK,
    "/": lambda x, y: x // y,
    "%": lambda x, y: x % y,
}
