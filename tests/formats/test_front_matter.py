"""The Markdown writer's front-matter lines are written without PyYAML when PyYAML
would write them plainly (issue 15, item 5): for any key and value the line is exactly
``yaml.safe_dump``'s, and ``yaml.safe_load`` reads the same value back from a line
written directly."""

from __future__ import annotations

import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from transflow.formats.markdown_write import _field, _plain_key, _plain_scalar

TRICKY = list(
    "aZé漢ж0 9 :#-?'\",.[]{}&*!|>%@`~\\=<\t\n\r\x85\xa0\u2028\u2066\u2069\u200f\ufeff\u0301😀"
)
values = (
    st.text()
    | st.text(alphabet=st.sampled_from(TRICKY), max_size=12)
    | st.from_regex(r"[A-Za-zé漢ж0-9][A-Za-zé漢ж0-9 .,'’–()!?/-]{0,30}", fullmatch=True)
)
names = st.sampled_from(["title", "lang", "date", "date_display", "subtitle", "on", "y"]) | (
    st.from_regex(r"[A-Za-z_][\w-]{0,140}", fullmatch=True)
)


def _dumped(name: str, value: str) -> str:
    dumped = yaml.safe_dump({name: value}, allow_unicode=True, sort_keys=False, width=1 << 20)
    return dumped.rstrip("\n")


@settings(max_examples=600, deadline=None)
@given(names, values)
@example("title", "Riverton doubles its bike share")
@example("date_display", "14 марта 2026 г.")
@example("title", "\u2066+44 20 7946 0321\u2069 مرحبا")
@example("title", "\u2066- a")
@example("title", "\u2066")
@example("title", "\u2066 x ")
@example("title", "\u2066yes")
@example("lang", "yes")
@example("lang", "2026-03-14")
@example("title", "12")
@example("title", "a: b")
@example("title", "a #b")
@example("title", 'O\'Neil says "hi", [ok] {x} & more!')
@example("date", "2026-03-14")
@example("on", "value")
def test_field_is_what_pyyaml_writes(name: str, value: str) -> None:
    line = _field(name, value)
    if name == "date" and line == f"date: {value}":  # an ISO date is written as is
        return
    assert line == _dumped(name, value)
    if _plain_key(name) and _plain_scalar(
        value
    ):  # the direct path (PyYAML's own output does not always
        # read back: it writes U+0085 as a plain line break)
        assert line == f"{name}: {value}"
        assert yaml.safe_load(line) == {name: value}


def test_common_values_take_the_direct_path() -> None:
    for value in (
        "Riverton doubles its bike share",
        "14 марта 2026 г.",
        "2026年3月14日",
        "\u2066Riverton Rail 320,547\u2069",  # an Arabic title opening with a Latin run
    ):
        assert _plain_scalar(value)
    for value in ("", " lead", "yes", "12", "a: b", "- item", "'quoted'", "null", "1.5e+3", "0x1F"):
        assert not _plain_scalar(value)


def test_the_resolvers_known_here_are_pyyamls() -> None:
    """What the writer knows of PyYAML's implicit resolvers, so as not to import it for a
    value opening with a letter: the first characters they are looked up by (none for
    every value, none by path), and the only values opening with a letter they read as
    another type than str."""
    from transflow.formats import markdown_write as mw

    resolvers = yaml.resolver.Resolver.yaml_implicit_resolvers
    assert None not in resolvers and not yaml.resolver.Resolver.yaml_path_resolvers
    # '!', '&' and '*' open no plain scalar (PyYAML's own note): never written plainly
    assert frozenset(k for k in resolvers if k) - set("!&*") == mw._RESOLVED_FIRST
    letters = {k for k in resolvers if k.isalpha()}
    assert letters <= mw._RESOLVED_FIRST
    tags = {tag for k in letters for tag, _ in resolvers[k]}
    assert tags == {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"}
    for value in mw._LETTER_VALUES:
        assert not isinstance(yaml.safe_load(value), str)
    # every word the bool and null expressions match, spelled out from their patterns
    matched = set()
    for k in letters:
        for _, regexp in resolvers[k]:
            alternatives = regexp.pattern.split("(?:", 1)[1].rsplit(")", 1)[0]
            matched |= {a.strip() for a in alternatives.split("|") if a.strip()[:1].isalpha()}
    assert matched == mw._LETTER_VALUES


def _matchable(pattern: str, flags: int) -> set[str]:
    """Every character a regular expression can match, read from its parse tree (one made
    only of literals, classes of literals and ranges, groups, branches, repeats and
    anchors: anything else fails the test, as the answer would not be sure)."""
    from re import _constants as c
    from re import _parser

    found: set[str] = set()

    def walk(items: object) -> None:
        for op, arg in items:  # type: ignore[attr-defined]
            if op is c.LITERAL:
                found.add(chr(arg))
            elif op is c.RANGE:
                found.update(map(chr, range(arg[0], arg[1] + 1)))
            elif op is c.IN:
                walk(arg)
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
                walk(arg[2])
            elif op is c.SUBPATTERN:
                walk(arg[3])
            elif op is c.BRANCH:
                for branch in arg[1]:
                    walk(branch)
            else:
                assert op is c.AT, f"{op} in {pattern!r}"

    walk(_parser.parse(pattern, flags))
    return found


def test_the_characters_of_numbers_known_here_are_pyyamls() -> None:
    """A value opening with a digit is only ever looked up by the int, float and
    timestamp resolvers, and none of them matches a character outside _NUMERIC_CHARS."""
    from transflow.formats import markdown_write as mw

    resolvers = yaml.resolver.Resolver.yaml_implicit_resolvers
    tags = {tag for digit in "0123456789" for tag, _ in resolvers[digit]}
    assert tags == {f"tag:yaml.org,2002:{t}" for t in ("int", "float", "timestamp")}
    for digit in "0123456789":
        for _, regexp in resolvers[digit]:
            assert _matchable(regexp.pattern, regexp.flags) <= mw._NUMERIC_CHARS


@settings(max_examples=300, deadline=None)
@given(
    st.from_regex(r"[0-9][-0-9 .:eEx+TZ]{0,12}", fullmatch=True)
    | st.from_regex(r"[0-9]{1,2}[ .]*(mars|марта|März|March|年)[ 0-9.г]*", fullmatch=True)
)
def test_a_value_opening_with_a_digit_is_judged_as_pyyaml_does(value: str) -> None:
    from transflow.formats import markdown_write as mw

    resolved = yaml.resolver.Resolver().resolve(yaml.ScalarNode, value, (True, False))
    plain = value == value.strip() and ":" not in value and "#" not in value
    assert mw._plain_scalar(value) == (plain and resolved == "tag:yaml.org,2002:str")


def test_every_bool_and_null_spelling_is_judged_as_pyyaml_does() -> None:
    from transflow.formats import markdown_write as mw

    words = set(mw._LETTER_VALUES)
    words |= {w.swapcase() for w in words} | {w[0] + w[1:].swapcase() for w in words}
    words |= {w + "s" for w in words} | {w[:-1] for w in words if len(w) > 1}
    for value in sorted(words):
        resolved = yaml.resolver.Resolver().resolve(yaml.ScalarNode, value, (True, False))
        assert mw._plain_scalar(value) == (resolved == "tag:yaml.org,2002:str"), value


def test_front_matter_of_plain_values_does_not_import_pyyaml() -> None:
    """The Markdown writer and reader import PyYAML only for a value (or a source's front
    matter) that needs it."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from transflow.formats import markdown_read, markdown_write as mw\n"
        "lines = [mw._field('title', 'Riverton doubles its bike share'),\n"
        "         mw._field('lang', 'fr'), mw._field('date_display', '14 mars 2026')]\n"
        "assert lines[1] == 'lang: fr', lines\n"
        "assert 'yaml' not in sys.modules, 'yaml imported'\n"
        "assert mw._field('title', '12') == \"title: '12'\" and 'yaml' in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@settings(max_examples=400, deadline=None)
@given(st.from_regex(r"[yYnNtTfFoO][A-Za-z]{0,5}", fullmatch=True) | st.sampled_from(["No", "OFF"]))
def test_a_value_opening_with_a_letter_is_judged_as_pyyaml_does(value: str) -> None:
    from transflow.formats import markdown_write as mw

    resolved = yaml.resolver.Resolver().resolve(yaml.ScalarNode, value, (True, False))
    assert mw._plain_scalar(value) == (resolved == "tag:yaml.org,2002:str")
