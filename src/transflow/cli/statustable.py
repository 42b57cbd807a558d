"""``status``'s table: its rows, and the table drawn without rich when rich would draw
nothing but plain text (stdout piped, no colour forced): the same bytes, without the
~70 ms of importing rich (tests/cli/test_statustable.py compares both on every shape)."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from transflow.core.records import State, Stats

MAX_ROWS = 200

STATE_STYLE = {
    State.COMPLETE: "green",
    State.IN_PROGRESS: "yellow",
    State.UNTRANSLATED: "red",
    State.STALE: "magenta",
    State.MISSING: "red",
}

COLUMNS = (
    ("article", "left"),
    ("lang", "left"),
    ("state", "left"),
    ("units", "right"),
    ("%", "right"),
    ("words", "right"),
    ("fuzzy", "right"),
    ("changed", "right"),
    ("todo", "right"),
    ("obsolete", "right"),
    ("issues", "right"),
)

# An article or language drawn as it is: no markup ([), emoji code (:) or escape for rich
# to read, one terminal cell per character.
_PLAIN_NAME = re.compile(r"[A-Za-z0-9_./-]*")


@dataclass(frozen=True, slots=True)
class Overview:
    """What the table needs of the catalogs besides their rows: how many, the article
    column's minimum width, whether one has check issues."""

    count: int
    widest: int
    issues: bool

    @classmethod
    def of(cls, catalogs: Sequence[Stats]) -> Overview:
        widest = min(40, max((len(s.article) for s in catalogs), default=7))
        return cls(len(catalogs), widest, any(s.errors or s.warnings for s in catalogs))


class Glimpse:
    """The catalogs as status gives them one at a time (``status.run``'s ``each``): their
    :class:`Overview`, and their rows while the table may show them (``details``: True,
    all of them; None, up to :data:`MAX_ROWS`; False, none). A summary of 30,000 catalogs
    holds none of them."""

    def __init__(self, details: bool | None) -> None:
        self.details = details
        self.rows: list[Stats] | None = [] if details is not False else None
        self.count = 0
        self.longest = 0  # the longest article name
        self.issues = False

    def add(self, s: Stats) -> None:
        self.count += 1
        if len(s.article) > self.longest:
            self.longest = len(s.article)
        if s.errors or s.warnings:
            self.issues = True
        if self.rows is not None:
            if self.details is None and len(self.rows) == MAX_ROWS:
                self.rows = None  # more than the table shows by default: rows let go
            else:
                self.rows.append(s)

    def overview(self) -> Overview:
        return Overview(self.count, min(40, self.longest) if self.count else 7, self.issues)


def title(count: int, details: bool) -> str:
    if details:
        return "Translation status"
    return f"Translation status ({count} catalogs; --all for rows)"


def layout(
    overview: Overview, totals: Sequence[Stats], details: bool | None, issues: bool
) -> tuple[bool, int, list[tuple[str, str]]]:
    """(rows per catalog?, the article column's minimum width, the columns shown)."""
    if details is None:
        details = overview.count <= MAX_ROWS
    with_issues = issues or overview.issues or any(s.errors or s.warnings for s in totals)
    columns = [c for c in COLUMNS if with_issues or c[0] != "issues"]
    return details, overview.widest, columns


def row(s: Stats, article: str | None = None, markup: bool = True) -> list[str]:
    """A row's cells, with rich markup for the state (and errors), or as plain text."""
    style = STATE_STYLE.get(s.state, "")
    if s.state is State.MISSING:
        missing = f"[{style}]missing[/]" if markup else "missing"
        return [article or s.article, s.language, missing] + [""] * 8
    state = s.state.replace("_", " ")
    if not markup:
        issues = f"{s.errors}E {s.warnings}W" if s.errors else f"{s.warnings}W"
    else:
        state = f"[{style}]{state}[/]"
        issues = f"[red]{s.errors}E[/] {s.warnings}W" if s.errors else f"{s.warnings}W"
    return [
        article or s.article,
        s.language,
        state,
        f"{s.translated}/{s.total}",
        f"{s.percent:g}",
        f"{s.translated_words}/{s.words}",
        str(s.fuzzy),
        str(s.changed),
        str(s.untranslated),
        str(s.obsolete),
        issues,
    ]


def plain_output_width() -> int | None:
    """The width rich would draw stdout's table at when it would draw plain text, or None
    when rich must draw it (a terminal, colour forced, an encoding other than UTF-8, or
    stdout's console already made in this process: :func:`.output.piped`)."""
    from transflow.cli.output import piped

    stream = sys.stdout
    if not piped(stream):
        return None
    if not (getattr(stream, "encoding", None) or "utf-8").lower().startswith("utf"):
        return None
    columns = os.environ.get("COLUMNS", "160")
    return int(columns) if columns.isascii() and columns.isdigit() else None


def plain_table(
    catalogs: Sequence[Stats],
    totals: Sequence[Stats],
    width: int,
    details: bool | None = None,
    issues: bool = False,
    overview: Overview | None = None,
) -> str | None:
    """The text rich prints for :func:`transflow.cli.output.status_table` on a console
    ``width`` columns wide that is no terminal, or None when that needs rich (a name it
    would read as markup, a table or title wider than the console). ``overview``: the
    catalogs' (:class:`Glimpse`) when ``catalogs`` holds only the rows the table shows."""
    overview = overview or Overview.of(catalogs)
    details, widest, columns = layout(overview, totals, details, issues)
    n = len(columns)
    rows = [row(s, markup=False)[:n] for s in catalogs] if details else []
    section = len(rows) if rows and totals else -1
    rows += [row(s, "total", markup=False)[:n] for s in totals]
    plain = _PLAIN_NAME.fullmatch
    for cells in rows:
        if not (plain(cells[0]) and plain(cells[1])):
            return None
    widths = [len(name) for name, _ in columns]
    widths[0] = max(widths[0], widest)
    for cells in rows:
        for i, cell in enumerate(cells):
            if len(cell) > widths[i]:
                widths[i] = len(cell)
    table_width = sum(widths) + 3 * n + 1
    heading = title(overview.count, details)
    if table_width > width or len(heading) > table_width:
        return None
    right = [justify == "right" for _, justify in columns]

    def line(cells: list[str], bar: str) -> str:
        return (
            bar
            + bar.join(
                f" {c.rjust(w) if r else c.ljust(w)} "
                for c, w, r in zip(cells, widths, right, strict=True)
            )
            + bar
            + "\n"
        )

    def rule(left: str, fill: str, mid: str, end: str) -> str:
        return left + mid.join(fill * (w + 2) for w in widths) + end + "\n"

    out = [heading + "\n", rule("┏", "━", "┳", "┓"), line([c for c, _ in columns], "┃")]
    out.append(rule("┡", "━", "╇", "┩"))
    for i, cells in enumerate(rows):
        if i == section:
            out.append(rule("├", "─", "┼", "┤"))
        out.append(line(cells, "│"))
    out.append(rule("└", "─", "┴", "┘"))
    return "".join(out)
