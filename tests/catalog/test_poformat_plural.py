"""The Plural-Forms verdict (catalog/poformat.py): every n at once (one list per node of
the expression) against the reference, the expression evaluated n by n as msgfmt does:
same values, same division by zero, same verdict, on random and hostile expressions."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transflow.catalog import poformat
from transflow.catalog.poformat import plural_problem

_LEAVES = st.sampled_from(
    ["n", "0", "1", "2", "3", "7", "10", "100", "257", "18446744073709551615"]
)
_BINARY = st.sampled_from(["||", "&&", "==", "!=", "<", ">", "<=", ">=", "+", "-", "*", "/", "%"])


def _extend(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.tuples(children, _BINARY, children).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(children, children, children).map(lambda t: f"({t[0]} ? {t[1]} : {t[2]})"),
        children.map(lambda c: f"!{c}"),
        st.tuples(children, _BINARY, children).map(lambda t: f"{t[0]} {t[1]} {t[2]}"),
    )


_EXPRESSIONS = st.recursive(_LEAVES, _extend, max_leaves=24)


def _by_n(expression: str, nplurals: int) -> str:
    """The reference: the old evaluation, one n at a time."""
    tree = poformat._parse(poformat._tokens(expression))
    return poformat._values_problem_by_n(tree, nplurals)


def _line(expression: str, nplurals: int) -> str:
    return f"Plural-Forms: nplurals={nplurals}; plural={expression};"


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_EXPRESSIONS, st.integers(1, 7))
def test_every_n_at_once_same_as_n_by_n(expression: str, nplurals: int) -> None:
    tree = poformat._parse(poformat._tokens(expression))
    column = poformat._column(tree, 0)
    for n in range(0, 1001, 37):  # the values themselves, None where n divides by zero
        try:
            value: int | None = poformat._eval(tree, n)
        except poformat._DivisionByZero:
            value = None
        assert column[n] == value
    assert poformat._plural_line_problem(_line(expression, nplurals)) == _by_n(expression, nplurals)


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(list("n0123456789 +-*/%<>=!&|?:()")), max_size=30))
def test_any_text_same_verdict_as_n_by_n(expression: str) -> None:
    got = poformat._plural_line_problem(_line(expression, 3))
    try:
        tree = poformat._parse(poformat._tokens(expression))
    except poformat._Invalid:
        assert got == "invalid plural expression"
        return
    assert got == poformat._values_problem_by_n(tree, 3)


@pytest.mark.parametrize(
    ("expression", "nplurals", "verdict"),
    [
        ("(n != 1)", 2, ""),
        ("n==0 ? 0 : 1/n", 2, ""),  # the division is never evaluated at n = 0
        ("0 && (n % 0)", 1, ""),
        ("1 || (1 / 0)", 2, ""),
        ("(n % 0) && 0", 2, "plural expression can produce division by zero"),
        ("(1 + (1 / (n - 257)))", 2, "plural expression can produce division by zero"),
        ("n > 1000 ? 1 / 0 : 0", 1, ""),
        ("n", 2, "nplurals = 2 but plural expression can produce values as large as 1000"),
        (
            "0 - 1",
            2,
            "nplurals = 2 but plural expression can produce values as large as 18446744073709551615",
        ),
        (
            "99999999999999999999999999 * n",
            2,
            "nplurals = 2 but plural expression can produce values as large as 18443177895321926815",
        ),
        ("(n+", 2, "invalid plural expression"),
    ],
)
def test_known_verdicts(expression: str, nplurals: int, verdict: str) -> None:
    assert plural_problem(f"Language: x\n{_line(expression, nplurals)}\n") == verdict
    if verdict != "invalid plural expression":
        assert _by_n(expression, nplurals) == verdict


@pytest.mark.parametrize(
    "expression",
    [
        "+".join(["n"] * 150),  # shallow enough for every n at once
        "+".join(["n"] * 3000),  # deep: n by n, where the recursion limit decides
        " || ".join(["0"] * 3000) + " || n",
        "*".join(["2"] * 400),
        "-".join(["1"] * 201),
    ],
)
def test_long_chains_same_verdict_as_n_by_n(expression: str) -> None:
    poformat._plural_line_problem.cache_clear()
    assert poformat._plural_line_problem(_line(expression, 2)) == _by_n(expression, 2)


def test_deep_trees_are_handed_to_the_n_by_n_evaluator() -> None:
    tree = poformat._parse(poformat._tokens("+".join(["n"] * 300)))
    with pytest.raises(poformat._TooDeep):
        poformat._column(tree, 0)


@pytest.mark.parametrize(
    "expression",
    [
        "(" * 65 + "n != 1" + ")" * 65,
        "n == 1 ? 0 : " * 65 + "1",
        "!" * 65 + "n",
        "(" * 5000 + "n" + ")" * 5000,  # deep enough to exhaust the stack if recursed into
    ],
)
def test_nesting_past_the_limit_is_refused_not_recursed_into(expression: str) -> None:
    """A hostile header must not exhaust the parser's stack (a RecursionError surfaced as
    'transflow failed unexpectedly' in every command): refused with a verdict instead."""
    assert plural_problem(_line(expression, 2)) == (
        "plural expression nested more than 64 levels deep"
    )


def test_nesting_up_to_the_limit_is_evaluated() -> None:
    assert plural_problem(_line("(" * 64 + "n != 1" + ")" * 64, 2)) == ""
    assert plural_problem(_line("n == 1 ? 0 : " * 63 + "1", 2)) == ""
    assert plural_problem(_line("n == 1 ? 0 : " * 63 + "2", 2)).startswith("nplurals = 2 but")


@pytest.mark.parametrize("digits", [19, 20, 4300, 4301, 20_000])
def test_long_literals_wrap_like_unsigned_long(digits: int) -> None:
    """gettext reads a literal into an unsigned long (modulo 2**64); Python's int() refuses
    strings over 4,300 digits, so the value is built in chunks (linear in the length)."""
    literal = "7" * digits
    expected = sum(7 * 10**i for i in range(digits)) % 2**64
    assert poformat._number(literal) == expected
    verdict = plural_problem(_line(literal, 2))
    assert (
        verdict == f"nplurals = 2 but plural expression can produce values as large as {expected}"
    )


def test_nplurals_beyond_unsigned_long_is_invalid() -> None:
    assert plural_problem(_line("n != 1", 10**40)) == "invalid nplurals value"
    assert plural_problem("Plural-Forms: nplurals=" + "9" * 10_000 + "; plural=n != 1;") == (
        "invalid nplurals value"
    )
    assert plural_problem(_line("n != 1", 10**17)) == ""  # absurd, but a number
