"""extract prints its report in one call (each line's markup read on its own): the same
text as a print per line."""

from __future__ import annotations

import io

from hypothesis import example, given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.markup import escape
from rich.text import Text


def _console(buffer: io.StringIO, width: int) -> Console:
    # as transflow.cli.output.out is made (piped: 160 columns; on a terminal: its width)
    return Console(file=buffer, highlight=False, soft_wrap=True, width=width)


_name = st.lists(st.sampled_from([*"ab/[]\\:*_é中 ", ":smile:", "[bold]", "[/]"]), max_size=12).map(
    "".join
)


@settings(max_examples=300, deadline=None)
@given(names=st.lists(_name, max_size=6), width=st.sampled_from([160, 20]))
@example(names=["[a", "]"], width=160)  # a tag across two lines if the text were joined
def test_one_print_of_the_lines_is_a_print_of_each(names: list[str], width: int) -> None:
    lines = [f"created {escape(n)}: 0 kept, 1 new untranslated" for n in names]
    lines.append("2 article(s), 3 unit(s); 0 template(s) and 0 catalog(s) written")
    each, whole = io.StringIO(), io.StringIO()
    for line in lines:
        _console(each, width).print(line)
    console = _console(whole, width)
    console.print(Text("\n").join(console.render_str(line) for line in lines))
    assert whole.getvalue() == each.getvalue()
