"""Terminal rendering with rich (imported only by the CLI).

Rich itself is imported when a console is first used (:data:`err`, :data:`out`, made on
first access) or a progress bar is drawn: a command piped to another program, with
nothing to say on stderr, never loads it (a fifth of a no-op export's start-up).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from transflow.core.records import Issue, Severity, Stats

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from transflow.cli import statustable
    from transflow.ops.diff import Change


def _width(stream: object) -> int | None:
    """Rich's width on a terminal; 160 columns (or $COLUMNS) when piped, not 80."""
    if getattr(stream, "isatty", lambda: False)():
        return None
    return int(os.environ.get("COLUMNS", "160"))


_consoles: dict[str, Console] = {}  # "err", "out": made on first use


def __getattr__(name: str) -> Console:
    """``err`` (stderr) and ``out`` (stdout), rich's consoles, made on first use."""
    if name not in ("err", "out"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return _console(name)


def _console(name: str) -> Console:
    console = _consoles.get(name)
    if console is None:
        from rich.console import Console

        stream = sys.stderr if name == "err" else sys.stdout
        console = _consoles[name] = Console(
            stderr=name == "err", highlight=False, soft_wrap=True, width=_width(stream)
        )
    return console


def piped(stream: object) -> bool | None:
    """True when rich would write plain text to ``stream``, stdout (a pipe or a file: no
    terminal, no colour forced), as far as can be told without importing rich; None when
    only rich can tell (a terminal; ``FORCE_COLOR`` or ``TTY_COMPATIBLE`` set; stdout's
    console already made, whose width then rules; a notebook). stderr's console (a
    progress bar, a note) has no say in it."""
    import builtins

    env = os.environ
    if "out" in _consoles or "FORCE_COLOR" in env or "TTY_COMPATIBLE" in env:
        return None
    if hasattr(builtins, "get_ipython"):  # (rich's test for Jupyter)
        return None
    try:
        if stream is None or getattr(stream, "isatty", lambda: True)():
            return None
    except ValueError:  # closed
        return None
    return True


@contextlib.contextmanager
def progress(label: str, enabled: bool = True) -> Iterator[Callable[[int, int, str], None]]:
    """A progress bar on stderr, shown only when there is much to do and stderr is a terminal."""
    if not enabled or not sys.stderr.isatty():
        yield lambda n, total, name: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    bar = Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        console=_console("err"),
        transient=True,
    )
    task = None
    with bar:

        def update(n: int, total: int, name: str) -> None:
            nonlocal task
            if total < 20:
                return
            if task is None:
                task = bar.add_task(name, total=total)
            bar.update(task, completed=n, description=name)

        yield update


def status_table(
    catalogs: Sequence[Stats],
    totals: Sequence[Stats],
    details: bool | None = None,
    issues: bool = False,
    overview: statustable.Overview | None = None,
) -> Table:
    """Rows per catalog (unless there are more than MAX_ROWS), then totals per language;
    ``overview``: as :func:`.statustable.plain_table`'s."""
    from rich.table import Table

    from transflow.cli import statustable

    overview = overview or statustable.Overview.of(catalogs)
    details, widest, columns = statustable.layout(overview, totals, details, issues)
    table = Table(title=statustable.title(overview.count, details), title_justify="left")
    for col, justify in columns:
        table.add_column(
            col,
            justify=justify,  # type: ignore[arg-type]
            no_wrap=True,
            min_width=widest if col == "article" else None,
        )
    for s in catalogs if details else ():
        table.add_row(*statustable.row(s)[: len(columns)])
    if totals:
        table.add_section()
        for s in totals:
            table.add_row(*statustable.row(s, "total")[: len(columns)])
    return table


def issues_text(issues: list[Issue]) -> None:
    """Findings grouped by catalog, each with its ``path:line``."""
    from rich.markup import escape

    out = _console("out")
    current = None
    for issue in issues:
        catalog = issue.location.rsplit(":", 1)[0]
        if catalog != current:
            out.print(f"\n[bold]{escape(catalog)}[/] ({escape(issue.article)}, {issue.language})")
            current = catalog
        colour = "red" if issue.severity is Severity.ERROR else "yellow"
        fuzzy = " [dim](fuzzy)[/]" if issue.fuzzy else ""
        out.print(
            f"  {escape(issue.location)}: [{colour}]{issue.severity}[/] "
            f"{escape('[' + issue.check + ']')}{fuzzy} {escape(issue.message)}"
        )


def changes_text(changes: list[Change]) -> None:
    """Word diffs: deletions struck through in red, insertions underlined in green."""
    from rich.text import Text

    out = _console("out")
    for c in changes:
        out.print(Text(f"{c.location} ({c.article}, {c.language})", style="bold"))
        line = Text("  ")
        for op, text in c.ops:
            style = {"delete": "red strike", "insert": "green underline"}.get(op, "")
            line.append(
                ("[-" + text + "-]" if op == "delete" else "{+" + text + "+}")
                if op != "equal" and not out.is_terminal
                else text,
                style=style,
            )
        out.print(line)
        out.print(Text("  translation: ", style="dim") + Text(c.translation))
