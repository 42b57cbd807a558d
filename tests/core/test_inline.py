"""The inline markup: render and parse are inverse, whatever the spans."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from transflow.core import inline
from transflow.core.inline import Span

# Spans end with a space: formatting that changes inside a word ("*a**b***") is ambiguous
# in Markdown's emphasis rules; see test_intraword_nested_emphasis below.
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12
).map(lambda t: t + " ")
URL = st.sampled_from(["https://x.org/a", "https://x.org/a_(b)", "mailto:press@x.org", "logo.png"])


@st.composite
def spans(draw: st.DrawFn) -> list[Span]:
    out = []
    for _ in range(draw(st.integers(1, 6))):
        image = draw(st.one_of(st.none(), URL))
        out.append(
            Span(
                draw(TEXT),
                bold=draw(st.booleans()) and image is None,
                italic=draw(st.booleans()) and image is None,
                underline=draw(st.booleans()) and image is None,
                strike=draw(st.booleans()) and image is None,
                link=draw(st.one_of(st.none(), URL)),
                image=image,
            )
        )
        if draw(st.booleans()):
            out.append(Span("", placeholder=draw(st.sampled_from(["PAGE", "picture1", "fn2"]))))
    return out


CODE = st.text(alphabet="ab` {}*", min_size=1, max_size=8).filter(lambda t: t.strip(" "))


@given(CODE)
def test_code_spans_hold_any_backticks(text: str) -> None:
    spans = [Span("x "), Span(text, code=True), Span(" y")]
    assert inline.parse(inline.render(spans)) == spans


@given(spans())
def test_parse_gives_back_the_spans(original: list[Span]) -> None:
    """Not only canonical: the very spans come back (formatting merged as render merges it)."""
    markup = inline.render(original)
    assert inline.render(inline.parse(markup)) == markup
    assert [sp.placeholder for sp in inline.parse(markup) if sp.placeholder] == [
        sp.placeholder for sp in original if sp.placeholder
    ]


@given(spans())
def test_render_then_parse_is_identity(original: list[Span]) -> None:
    markup = inline.render(original)
    assert inline.render(inline.parse(markup)) == markup
    assert inline.plain(markup) == "".join(
        inline.OBJECT if sp.placeholder else sp.text for sp in inline.parse(markup)
    )


@pytest.mark.parametrize(
    "markup",
    [
        "[![logo](l.png)](https://x.org)",
        "[see ![chart](a.png) here](https://u.org)",
        "**bold** and *italic* and <u>under</u>",
        "[link **bold** text](https://x.org/a_(b))",
        "\\*not bold\\* and \\[not a link\\]",
        "Page {PAGE} of {NUMPAGES}",
        "~~$40~~ $25 and \\{literal} braces",
        '[text](https://x.org "a \\"title\\"") and ![alt](a.png "chart")',
        "``a`b``",
        "*foo**bar**baz*",
    ],
)
def test_canonical_markup_round_trips(markup: str) -> None:
    assert inline.render(inline.parse(markup)) == markup
    assert inline.problems(markup) == []


@pytest.mark.parametrize(
    ("markup", "problem"),
    [("**open", "unclosed"), ("a * b", "stray"), ("[text](", "'['"), ("</u> x", "without")],
)
def test_broken_markup_is_reported(markup: str, problem: str) -> None:
    assert any(problem in p for p in inline.problems(markup))


def test_intraword_nested_emphasis() -> None:
    spans = [Span("0", italic=True), Span("0", bold=True, italic=True)]
    assert inline.parse(inline.render(spans)) == spans


def test_placeholders_are_not_text() -> None:
    markup = "Page {PAGE} of {NUMPAGES}"
    assert inline.placeholders(markup) == ["PAGE", "NUMPAGES"]
    assert inline.plain(markup) == f"Page {inline.OBJECT} of {inline.OBJECT}"
    assert inline.escape("{PAGE} {not a name} {x") == "\\{PAGE} {not a name} {x"
    assert inline.placeholders(inline.escape("{PAGE}")) == []


def test_link_title_and_strike_are_spans() -> None:
    spans = inline.parse('~~old~~ [new](https://x.org "See it")')
    assert spans[0] == Span("old", strike=True)
    assert spans[-1] == Span("new", link="https://x.org", title="See it")


@pytest.mark.parametrize("url", ["https://x.org/a)b", "foo(and(bar", "foo):", "x\\(y"])
def test_unbalanced_parenthesis_in_url_survives(url: str) -> None:
    """CommonMark 494, 500-502: the URL comes back as it was (escaped, not %-encoded)."""
    spans = [Span("a", link=url)]
    assert inline.parse(inline.render(spans))[0].link == url


def test_bold_goes_on_across_spaces_next_to_nested_italic() -> None:
    """Issue 11, item 15: the msgid reads as the source wrote it, not as
    ``…syn.** ***A. cornuti*…``."""
    markup = "**Asclepias (*A. syriaca*, syn. *A. cornuti*) grows here.**"
    assert inline.render(inline.parse(markup)) == markup


def test_outer_emphasis_closing_before_a_space_does_not_run_markers_together() -> None:
    """CommonMark example 415 (``***foo** bar*``): bold ends where italic goes on."""
    spans = [Span("foo", bold=True, italic=True), Span(" bar", italic=True)]
    back = inline.parse(inline.render(spans))
    assert [(sp.text, sp.bold, sp.italic) for sp in back if sp.text.strip()] == [
        ("foo", True, True),
        ("bar", False, True),
    ]


def test_whitespace_after_strike_before_a_different_format_is_plain() -> None:
    """Found by the round-trip property: a closing ~~ may not follow a space."""
    spans = [Span("0 ", strike=True), Span("  ", underline=True, strike=True)]
    markup = inline.render(spans)
    assert markup == "~~0~~   "
    assert inline.render(inline.parse(markup)) == markup
