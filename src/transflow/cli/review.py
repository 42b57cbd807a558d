"""``transflow review export`` and ``transflow review import``: review in Word.

Registered on the main app by :func:`register`; each command parses its arguments,
calls one function of :mod:`transflow.review`, prints through rich and picks the exit
code (0 done; 1 some rows were refused or in conflict; 3 bad input, nothing changed).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from transflow.cli.errors import guarded

review_app = typer.Typer(
    no_args_is_help=True,
    help="Bilingual review documents (DOCX) for reviewers who work in Word. "
    "Example: transflow review export -l ru",
)


def _base():  # the main CLI module (imported late: it imports this one)
    from transflow.cli import app as cli

    return cli


@review_app.command("export")
@guarded
def review_export(
    articles: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[ARTICLE]...",
            help="Articles: slugs (news/launch) or source files (sources/news/launch.md); "
            "default: all.",
            show_default=False,
        ),
    ] = None,
    lang: Annotated[str, typer.Option("--lang", "-l", help="Target language.")] = ...,  # type: ignore[assignment]
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Folder to write into (default: review/)."),
    ] = None,
) -> None:
    """Write a review document per article: review/<lang>/<article>.docx.

    A table with a row per unit: number, role, source, translation, status and check
    findings, and a column for the reviewer's comment.
    Example: transflow review export -l ar harbour-festival-2026
    """
    from transflow.cli.output import out
    from transflow.review import build

    cli = _base()
    cfg = cli._config()
    r = build.export_review(cfg, lang, cli._slugs(cfg, articles), output)
    for f in r.files:
        out.print(f"wrote {cli._escape(f.path)}: {f.units} unit(s), {f.attention} need attention")


@review_app.command("import")
@guarded
def review_import(
    files: Annotated[list[Path], typer.Argument(help="Review documents (DOCX).")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help="Say what would change; write nothing.")
    ] = False,
) -> None:
    """Take a reviewer's corrections and comments back into the catalogs.

    A changed translation replaces the catalog's (the old one kept as a comment); a
    comment becomes a translator comment. A unit whose source or catalog translation
    changed since the export is a conflict: left as it is, the reviewer's text kept as a
    suggestion comment. Tracked changes are accepted as the reviewer's final text.
    Exit 1 when there were conflicts or refused rows.

    Example: transflow review import review/ru/harbour-festival-2026.docx --dry-run
    """
    from transflow.cli.output import err, out
    from transflow.ops import review as ops

    cli = _base()
    r = ops.import_review(cli._config(), files, dry_run)
    for t in r.tracked:
        err.print(
            f"[cyan]notice[/] {cli._escape(t)}: tracked changes accepted as the reviewer's final text"
        )
    colours = {"refused": "red", "conflict": "yellow", "gone": "dim", "notice": "cyan"}
    for n in r.notes:
        out.print(
            f"[{colours[n.kind]}]{n.kind}[/] {cli._escape(n.where)}: {cli._escape(n.message)}"
        )
    for c in r.catalogs:
        touched = c.changed or c.commented or c.conflicts
        state = ("would update" if dry_run else "updated") if touched else "unchanged"
        out.print(
            f"{state} {cli._escape(c.path)} ({c.article}, {c.language}): {c.changed} changed, "
            f"{c.commented} commented, {c.conflicts} conflict(s), {c.unchanged} unchanged"
            + (f", {c.refused} refused" if c.refused else "")
            + (f", {c.gone} gone" if c.gone else "")
        )
    if r.failed:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.add_typer(review_app, name="review")
