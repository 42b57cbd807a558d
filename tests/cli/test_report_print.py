"""extract's report lines are printed as they are: written plainly when piped (rich is not
imported), printed by rich on a terminal, a few hundred at a time; either way a path's
brackets, backslashes and colons (rich's markup and emoji codes) stay as they are."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transflow.cli import app, output

_name = st.lists(
    st.sampled_from([*"ab/[]\\:*_é中 ", ":smile:", "[bold]", "[/]", "[a", "x" * 90]), max_size=12
).map("".join)


def _lines(names: list[str]) -> list[str]:
    lines = [f"created {n}: 0 kept, 1 new untranslated" for n in names]
    lines.append("2 article(s), 3 unit(s); 0 template(s) and 0 catalog(s) written")
    return lines


def _printed(lines: list[str]) -> str:
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        app._print_lines(lines)
    return buffer.getvalue()


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(names=st.lists(_name, max_size=6))
def test_piped_lines_are_written_as_they_are(
    monkeypatch: pytest.MonkeyPatch, names: list[str]
) -> None:
    monkeypatch.setattr(output, "_consoles", {})  # (none made: rich is not asked)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    lines = _lines(names)
    assert _printed(lines) == "".join(f"{line}\n" for line in lines)
    assert not output._consoles  # (rich was not used)


@pytest.mark.parametrize("count", [0, 1, 256, 257, 600])  # no batch, one, several
def test_piped_lines_are_written_a_batch_at_a_time_as_they_come(
    monkeypatch: pytest.MonkeyPatch, count: int
) -> None:
    """Lines given one by one (extract's report is made as it is printed) are written
    256 at a time, never all held at once."""
    monkeypatch.setattr(output, "_consoles", {})
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    lines = _lines([f"a{i}.po" for i in range(count)])
    given: list[int] = []

    def one_by_one() -> Iterator[str]:
        for n, line in enumerate(lines):
            given.append(n)
            yield line

    written: list[int] = []  # how many lines were given when each write came
    buffer = io.StringIO()

    class Stdout(io.StringIO):
        def write(self, text: str) -> int:
            written.append(len(given))
            return buffer.write(text)

    with contextlib.redirect_stdout(Stdout()):
        app._print_lines(one_by_one())
    assert buffer.getvalue() == "".join(f"{line}\n" for line in lines)
    assert written == [min(k, len(lines)) for k in range(256, len(lines) + 256, 256)]


@pytest.mark.parametrize("count", [1, 300, 600])  # one print, and several of 256 lines
def test_lines_printed_by_rich_are_the_same_text(
    monkeypatch: pytest.MonkeyPatch, count: int
) -> None:
    monkeypatch.setattr(output, "piped", lambda stream: None)  # as on a terminal
    monkeypatch.setattr(output, "_consoles", {})  # (this test's console, not kept after it)
    names = [":smile:", "[bold]x[/]", "[a", "b]", "a\\[b", "é中/x" + "y" * 200]
    lines = _lines([names[i % len(names)] + str(i) for i in range(count)])
    assert _printed(lines) == "".join(f"{line}\n" for line in lines)


def test_a_pipe_needs_no_rich(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whether stdout is a pipe is told without rich unless rich's own settings say
    otherwise (colour forced, a console already made)."""
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    monkeypatch.setattr(output, "_consoles", {})
    assert output.piped(io.StringIO()) is True
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert output.piped(io.StringIO()) is None
    monkeypatch.delenv("FORCE_COLOR")

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert output.piped(Terminal()) is None
    monkeypatch.setenv("TTY_COMPATIBLE", "1")
    assert output.piped(io.StringIO()) is None
    monkeypatch.delenv("TTY_COMPATIBLE")
    assert output.piped(None) is None
    closed = io.StringIO()
    closed.close()
    assert output.piped(closed) is None
    # stderr's console (a progress bar, a note) leaves stdout's answer alone; stdout's own,
    # once made, rules it
    monkeypatch.setattr(output, "_consoles", {"err": object()})
    assert output.piped(io.StringIO()) is True
    monkeypatch.setattr(output, "_consoles", {"out": object()})
    assert output.piped(io.StringIO()) is None
