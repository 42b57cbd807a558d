"""``transflow xliff``, ``transflow tm`` and ``transflow glossary``: exchange with agencies.

Registered on the main app by :func:`register`; each command parses its arguments,
calls one function of :mod:`transflow.exchange`, prints through rich, picks the exit
code (0 done; 1 some units were refused or in conflict; 3 bad input, nothing changed).
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from transflow.cli.errors import guarded

xliff_app = typer.Typer(
    no_args_is_help=True,
    help="XLIFF for translation agencies (CAT tools). Example: transflow xliff export -l de",
)
tm_app = typer.Typer(
    no_args_is_help=True,
    help="Translation memory as TMX, out and in. Example: transflow tm export -o memory.tmx",
)
glossary_app = typer.Typer(
    no_args_is_help=True, help="Terminology as TBX. Example: transflow glossary export -o terms.tbx"
)


class XliffVersion(StrEnum):
    v21 = "2.1"
    v20 = "2.0"
    v22 = "2.2"
    v12 = "1.2"


class Units(StrEnum):
    all = "all"
    todo = "todo"


OutOpt = Annotated[Path | None, typer.Option("--output", "-o", help="File to write.")]


def _base():  # the main CLI module (imported late: it imports this one)
    from transflow.cli import app as cli

    return cli


@xliff_app.command("export")
@guarded
def xliff_export(
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
    version: Annotated[
        XliffVersion, typer.Option("--xliff-version", help="XLIFF version.")
    ] = XliffVersion.v21,
    units: Annotated[
        Units, typer.Option("--units", help="all, or todo (untranslated and fuzzy only).")
    ] = Units.all,
    output: OutOpt = None,
) -> None:
    """Write one XLIFF file of a language's units, a <file> per article.

    Default output: exports/xliff/<lang>.xlf. Example: transflow xliff export -l de --xliff-version 1.2 -o de.xlf
    """
    from transflow.cli.output import out
    from transflow.ops import xliff as xliff_ops

    cli = _base()
    cfg = cli._config()
    r = xliff_ops.export_xliff(
        cfg, lang, cli._slugs(cfg, articles), version.value, units.value, output
    )
    out.print(
        f"wrote {cli._escape(r.path)}: XLIFF {r.version}, {r.language}, {r.articles} article(s), "
        f"{r.units} unit(s) ({r.translated} translated, {r.fuzzy} fuzzy, "
        f"{r.untranslated} untranslated)"
    )


@xliff_app.command("import")
@guarded
def xliff_import(
    files: Annotated[list[Path], typer.Argument(help="XLIFF files (1.2 or 2.x).")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help="Say what would change; write nothing.")
    ] = False,
) -> None:
    """Merge translations from XLIFF files into the catalogs.

    A unit whose source changed, or whose translation was edited in the .po since the
    export, is a conflict: the catalog keeps its entry and the XLIFF translation is kept
    as a translator comment. A translation that lost, duplicated or broke an inline code
    is refused. Exit 1 when there were conflicts or refusals.

    Example: transflow xliff import agency/de.xlf --dry-run
    """
    from transflow.cli.output import out
    from transflow.ops import xliff as xliff_ops

    cli = _base()
    r = xliff_ops.import_xliff(cli._config(), files, dry_run)
    for n in r.notes:
        colour = {"refused": "red", "conflict": "yellow", "gone": "dim"}[n.kind]
        out.print(f"[{colour}]{n.kind}[/] {cli._escape(n.where)}: {cli._escape(n.message)}")
    verb = "would update" if dry_run else "updated"
    for c in r.catalogs:
        state = verb if c.updated or c.conflicts else "unchanged"
        out.print(
            f"{state} {cli._escape(c.path)}: {c.updated} translation(s) imported, "
            f"{c.unchanged} unchanged, {c.empty} empty, {c.conflicts} conflict(s), "
            f"{c.refused} refused, {c.gone} gone"
        )
    if any(c.conflicts or c.refused for c in r.catalogs):
        raise typer.Exit(1)


@tm_app.command("export")
@guarded
def tm_export(
    lang: Annotated[
        list[str] | None,
        typer.Option("--lang", "-l", help="Language (repeatable); default: every configured one."),
    ] = None,
    output: OutOpt = None,
) -> None:
    """Write every translated unit of the workspace, all languages, as TMX 1.4b.

    Default output: exports/translation-memory.tmx. Example: transflow tm export -o memory.tmx
    """
    from transflow.cli.output import out
    from transflow.ops import tm as tm_ops

    cli = _base()
    r = tm_ops.export_tmx(cli._config(), output, lang)
    per = ", ".join(f"{lang_} {n}" for lang_, n in r.languages)
    out.print(f"wrote {cli._escape(r.path)}: {r.units} unit(s); {per}")


@tm_app.command("import")
@guarded
def tm_import(
    files: Annotated[list[Path], typer.Argument(help="TMX files.")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help="Check the files; write nothing.")
    ] = False,
) -> None:
    """Keep TMX files in tm/, where extract finds them for new units.

    Exact matches fill new units as translated, close ones as fuzzy.
    Example: transflow tm import agency-memory.tmx
    """
    from transflow.cli.output import out
    from transflow.ops import tm as tm_ops

    cli = _base()
    results = tm_ops.import_tmx(cli._config(), files, dry_run)
    for r in results:
        per = ", ".join(f"{lang_} {n}" for lang_, n in r.languages)
        action = f"would be {r.action}" if dry_run and r.action != "unchanged" else r.action
        extra = f"; {r.dropped_codes} foreign inline code(s) dropped" if r.dropped_codes else ""
        out.print(f"{action} {cli._escape(r.stored)}: {r.units} unit(s); {per}{extra}")


@glossary_app.command("export")
@guarded
def glossary_export(output: OutOpt = None) -> None:
    """Write the glossary (glossary/*.csv, dnt.txt, *.tbx) as one TBX-Basic file.

    Default output: exports/glossary.tbx. Example: transflow glossary export -o terms.tbx
    """
    from transflow.cli.output import out
    from transflow.exchange import tbx

    cli = _base()
    r = tbx.export_tbx(cli._config(), output)
    skipped = f"; {r.skipped_patterns} re: pattern(s) left out" if r.skipped_patterns else ""
    out.print(f"wrote {cli._escape(r.path)}: {r.entries} entries, {r.terms} terms{skipped}")


def register(app: typer.Typer) -> None:
    app.add_typer(xliff_app, name="xliff")
    app.add_typer(tm_app, name="tm")
    app.add_typer(glossary_app, name="glossary")
