"""The ``transflow`` command: parse arguments, call one library function, render, exit.

Exit codes: 0 done; 1 the answer is "no" (check found errors, status under --fail-under,
an export refused by its threshold); 2 bad usage (typer's own); 3 bad input; 4 transflow
itself failed (a bug, or the machine stopped it: disk full, a read-only folder), always as
one line naming the file and what to do (``--debug`` shows the traceback).
"""

from __future__ import annotations

import functools
import json
import math
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from transflow.core.errors import SystemFailure, TransflowError

EXIT_BAD_INPUT = 3
EXIT_INTERNAL = 4  # transflow itself failed: never 1, which means "the answer is no"

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Translate and publish press releases through gettext catalogs.",
    pretty_exceptions_enable=False,
)

_state: dict[str, object] = {"workspace": None, "debug": False, "root": None}

LangOpt = Annotated[
    list[str] | None,
    typer.Option("--lang", "-l", help="Language (repeatable); default: every configured one."),
]
SourcesArg = Annotated[
    list[Path] | None, typer.Argument(help="Source files (default: every file in sources/).")
]


class StatusFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"


class CheckFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


class ExportFormat(StrEnum):
    md = "md"
    docx = "docx"


class FailOn(StrEnum):
    error = "error"
    warning = "warning"


def _print_version(value: bool) -> None:
    if value:
        from transflow import __version__

        typer.echo(f"transflow {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    workspace: Annotated[
        Path | None,
        typer.Option("--workspace", "-w", help="Workspace folder (default: found by walking up)."),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="Print transflow's version and exit.",
            is_eager=True,
            callback=_print_version,
        ),
    ] = False,
) -> None:
    _state["workspace"] = workspace
    _state["debug"] = debug
    _sane_columns()


def _sane_columns() -> None:
    """An empty, non-numeric or absurd ``COLUMNS`` (a broken terminal, a CI setting) is
    ignored rather than crashing the renderer."""
    columns = os.environ.get("COLUMNS")
    if columns is not None and not (columns.isdigit() and 20 <= int(columns) <= 10_000):
        del os.environ["COLUMNS"]


def _config():
    from transflow.workspace import config

    cfg = config.discover(workspace=_state["workspace"])
    _state["root"] = cfg.root
    return cfg


def _fail(exc: TransflowError) -> typer.Exit:
    if _state["debug"]:
        raise exc
    _error_line(str(exc))
    return typer.Exit(EXIT_INTERNAL if isinstance(exc, SystemFailure) else EXIT_BAD_INPUT)


def _error_line(text: str) -> None:
    """One line on stderr, whatever state the renderer is in."""
    line = " ".join(text.split())  # a message is one line, even if a name holds a newline
    try:
        from transflow.cli.output import err

        err.print(f"[red]error:[/] {_escape(line)}")
    except Exception:  # the renderer itself failed: plain text
        sys.stderr.write(f"error: {line}\n")


def _crash_message(exc: BaseException) -> str:
    """What an unexpected failure was, on which file, and what to do about it."""
    if isinstance(exc, OSError) and exc.errno is not None:
        import errno

        name = exc.filename or ""
        root = str(_state.get("root") or "")
        if root and isinstance(name, str) and name.startswith(root + "/"):
            name = name[len(root) + 1 :]
        where = f"{name}: " if name else ""
        advice = {
            errno.ENOSPC: "free some disk space and run the command again",
            errno.EDQUOT: "free some disk space and run the command again",
            errno.EROFS: "the folder is read-only: make it writable, or work on a copy",
            errno.EACCES: "check the permissions of this file and its folder",
            errno.EPERM: "check the permissions of this file and its folder",
            errno.ENOTDIR: "a file stands where transflow needs a folder: move it away",
            errno.ENAMETOOLONG: "the name is too long for the file system: shorten it",
        }.get(exc.errno, "check this file and its folder, then run the command again")
        return f"{where}{exc.strerror or os.strerror(exc.errno)}; {advice}"
    detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return (
        f"transflow failed unexpectedly ({detail}); this is a bug in transflow, not in "
        "your files: run the command again with --debug and report the traceback"
    )


def _guarded(command: Callable) -> Callable:
    """Every command: a failure that is not a reported error (a bug, a full disk, a
    read-only folder) ends with one line and exit code 4, never a traceback and exit 1."""

    @functools.wraps(command)
    def run(*args: object, **kwargs: object) -> object:
        try:
            return command(*args, **kwargs)
        except typer.Exit:
            raise
        except Exception as exc:
            if type(exc).__module__.startswith("typer") or _state["debug"]:
                raise
            _error_line(_crash_message(exc))
            raise typer.Exit(EXIT_INTERNAL) from None

    return run


def _finite_percent(value: float | None) -> float | None:
    """A percentage given on the command line: a finite number from 0 to 100 (``nan``
    would compare false with everything and let every article through)."""
    if value is not None and (not math.isfinite(value) or not 0 <= value <= 100):
        raise typer.BadParameter(f"{value:g} is not a percentage from 0 to 100")
    return value


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


@app.command()
@_guarded
def init(
    directory: Annotated[Path, typer.Argument(help="Folder to make a workspace of.")] = Path("."),
    source_language: Annotated[str, typer.Option("--source", "-s", help="Source language.")] = "en",
    lang: LangOpt = None,
    segmentation: Annotated[
        str, typer.Option(help="Units: 'sentence' or 'paragraph'.")
    ] = "sentence",
) -> None:
    """Create a workspace: transflow.toml and the sources/, locales/, exports/ folders.

    Never overwrites anything. Example: transflow init news -s en -l ru -l ar
    """
    from transflow.cli.output import out
    from transflow.workspace import config

    try:
        result = config.init(directory, source_language, tuple(lang or ()), segmentation)
    except TransflowError as exc:
        raise _fail(exc) from None
    for name in result.created:
        out.print(f"created {_escape(str(directory / name))}")
    for name in result.existing:
        out.print(f"kept    {_escape(str(directory / name))} (already there)")
    _init_git(directory)


def _init_git(directory: Path) -> None:
    """init's git chores: .gitignore for .transflow/, and a hint inside a git repository."""
    from transflow.cli.output import out
    from transflow.ops import gitsetup

    git = gitsetup.init_git(directory)
    if git.gitignore_changed:
        out.print(f"wrote   {_escape(str(git.gitignore))}: ignores .transflow/ (lock and caches)")
    if git.repository is not None:
        out.print(
            f"this workspace is in the git repository {_escape(str(git.repository))}: run "
            "`transflow git-setup` to merge catalogs entry by entry (see docs/git-weblate-ci.md)"
        )


@app.command()
@_guarded
def extract(sources: SourcesArg = None, lang: LangOpt = None) -> None:
    """Segment sources into units; write templates and create or update every catalog.

    Example: transflow extract sources/launch.md -l ru
    """
    from transflow.cli.output import err, progress
    from transflow.ops import extract as lib

    try:
        cfg = _config()
        with progress("extract") as tick:
            result = lib.run(cfg, sources, lang, progress=tick)
    except TransflowError as exc:
        raise _fail(exc) from None
    for notice in result.notices:
        err.print(f"[yellow]note:[/] {_escape(notice)}")
    for path in result.templates_written:
        err.print(f"wrote {_escape(path)}")
    for c in result.catalogs_written:
        verb = "created" if c.created else "updated"
        detail = (
            f"{c.kept} kept, {c.fuzzy} fuzzy, {c.from_memory} from memory, "
            f"{c.obsoleted} obsolete, {c.untranslated} new untranslated"
        )
        err.print(f"{verb} {_escape(c.path)}: {detail}")
    err.print(
        f"{result.articles} article(s), {result.units} unit(s); "
        f"{len(result.templates_written)} template(s) and {len(result.catalogs_written)} "
        f"catalog(s) written, {result.unchanged} unchanged"
    )


@app.command()
@_guarded
def status(
    lang: LangOpt = None,
    fmt: Annotated[
        StatusFormat, typer.Option("--format", "-f", help="Output format.")
    ] = StatusFormat.table,
    fail_under: Annotated[
        float | None,
        typer.Option(
            "--fail-under",
            help="Exit 1 when a language's total is below PCT.",
            metavar="PCT",
            callback=_finite_percent,
        ),
    ] = None,
    checks: Annotated[
        bool, typer.Option("--checks", help="Also count check errors and warnings.")
    ] = False,
    all_rows: Annotated[
        bool | None,
        typer.Option(
            "--all/--summary",
            help="A row per catalog, or totals only (default: rows up to 200 catalogs).",
        ),
    ] = None,
) -> None:
    """Translation progress per article and language, with totals per language.

    Units and words translated, fuzzy, changed since translated, untranslated, obsolete;
    whether a catalog is missing or stale (its source changed since the last extract).

    Example: transflow status --format json --fail-under 90
    """
    from transflow.cli.output import out, progress, status_table
    from transflow.ops import status as lib

    try:
        cfg = _config()
        counter = None
        if checks:
            from transflow.ops import check as qa

            counter = qa.counter(cfg)
        with progress("status", fmt is StatusFormat.table) as tick:
            report = lib.run(cfg, lang, progress=tick, issue_counts=counter)
    except TransflowError as exc:
        raise _fail(exc) from None
    if fmt is StatusFormat.json:
        sys.stdout.write(lib.to_json(report))
    elif fmt is StatusFormat.markdown:
        from transflow.checks.reports import status_markdown

        sys.stdout.write(status_markdown(report.catalogs, report.totals, issues=checks))
    else:
        out.print(status_table(report.catalogs, report.totals, details=all_rows, issues=checks))
    if fail_under is not None and report.below(fail_under):
        low = ", ".join(f"{s.language} {s.percent:g} %" for s in report.below(fail_under))
        from transflow.cli.output import err

        err.print(f"below {fail_under:g} %: {low}")
        raise typer.Exit(1)


@app.command()
@_guarded
def check(
    lang: LangOpt = None,
    fmt: Annotated[
        CheckFormat, typer.Option("--format", "-f", help="Output format.")
    ] = CheckFormat.text,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Exit 1 on errors only, or on warnings too.")
    ] = FailOn.error,
    only: Annotated[
        list[str] | None, typer.Option("--only", help="Run only this check (repeatable).")
    ] = None,
) -> None:
    """Quality checks on translations: numbers, URLs, formatting, punctuation, terms…

    Example: transflow check -l de --format json
    """
    from transflow.cli.output import err, issues_text
    from transflow.ops import check as qa

    try:
        cfg = _config()
        issues = qa.run(cfg, lang, only)
    except TransflowError as exc:
        raise _fail(exc) from None
    if fmt is CheckFormat.json:
        sys.stdout.write(json.dumps(qa.as_json(issues), ensure_ascii=False, indent=2) + "\n")
    elif fmt in (CheckFormat.github, CheckFormat.sarif):
        from transflow.checks import reports
        from transflow.ops.gitsetup import repository_prefix

        prefix = repository_prefix(cfg.root)
        if fmt is CheckFormat.github:
            sys.stdout.write(reports.github(issues, prefix))
        else:
            doc = reports.sarif(issues, prefix)
            sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    else:
        issues_text(issues)
    errors = sum(1 for i in issues if i.severity == "error")
    warnings = len(issues) - errors
    err.print(f"{errors} error(s), {warnings} warning(s)")
    if errors or (fail_on is FailOn.warning and warnings):
        raise typer.Exit(1)


@app.command()
@_guarded
def export(
    sources: SourcesArg = None,
    lang: LangOpt = None,
    fmt: Annotated[
        list[ExportFormat] | None,
        typer.Option("--format", "-f", help="md or docx (repeatable; default: both)."),
    ] = None,
    threshold: Annotated[
        float | None,
        typer.Option(
            "--threshold",
            "-t",
            help="Percent of units needed (default: config).",
            metavar="PCT",
            callback=_finite_percent,
        ),
    ] = None,
    keep: Annotated[
        bool, typer.Option("--keep", help="Keep earlier exports of articles now below threshold.")
    ] = False,
) -> None:
    """Write localized documents to exports/<lang>/ (fuzzy translations are never used).

    Example: transflow export -l ru --format docx
    """
    from transflow.cli.output import err, progress
    from transflow.ops import export as lib

    try:
        cfg = _config()
        with progress("export") as tick:
            report = lib.run(
                cfg, sources, lang, [f.value for f in fmt or []], threshold, keep, tick
            )
    except TransflowError as exc:
        raise _fail(exc) from None
    for notice in report.notices:
        err.print(f"[yellow]note:[/] {_escape(notice)}")
    for o in report.outcomes:
        colour = {"written": "green", "unchanged": "dim", "refused": "yellow", "removed": "red"}[
            o.action
        ]
        label = {"refused": "not exported", "removed": "not exported"}.get(o.action, o.action)
        err.print(f"[{colour}]{label}[/] {_escape(o.path)}: {_escape(o.message)}")
    if report.refused:
        raise typer.Exit(1)


@app.command()
@_guarded
def diff(
    articles: Annotated[
        list[str] | None, typer.Argument(help="Article slugs (default: all).")
    ] = None,
    lang: LangOpt = None,
) -> None:
    """Word-level diffs of source units that changed since they were translated.

    Shows the previous and current source text of every fuzzy unit that carries its
    previous source (#| msgid), with its current (old) translation.

    Example: transflow diff harbour-festival-2026 -l ru
    """
    from transflow.cli.output import changes_text, err
    from transflow.ops import diff as changes

    try:
        found = changes.run(_config(), lang, articles)
    except TransflowError as exc:
        raise _fail(exc) from None
    changes_text(found)
    err.print(f"{len(found)} changed unit(s)")


@app.command("merge-driver")
def merge_driver(
    ancestor: Annotated[Path, typer.Argument(help="%O: the common ancestor's version.")],
    ours: Annotated[Path, typer.Argument(help="%A: our version; the result is written here.")],
    theirs: Annotated[Path, typer.Argument(help="%B: their version.")],
    path: Annotated[str, typer.Argument(help="%P: the file's path in the work tree.")] = "",
    strict: Annotated[
        bool, typer.Option("--strict", help="Leave conflicting translations conflicted (exit 1).")
    ] = False,
    marker_size: Annotated[
        int, typer.Option("--marker-size", help="%L: conflict marker size for a fallback.")
    ] = 7,
) -> None:
    """Git merge driver for catalogs: a three-way merge entry by entry (set up by git-setup).

    Exit 0: merged (conflicting translations kept fuzzy, the other in a comment); 1: left
    conflicted (--strict, or a side is not a valid catalog: git's conflict markers are left).

    Example: git config merge.transflow.driver 'transflow merge-driver %O %A %B %P'
    """
    from transflow.cli.output import err
    from transflow.ops import mergedriver

    result = mergedriver.run(ancestor, ours, theirs, path or str(ours), strict, marker_size)
    for message in result.messages:
        err.print(f"transflow merge-driver: {_escape(message)}")
    raise typer.Exit(result.exit_code)


@app.command("git-setup")
def git_setup(
    strict: Annotated[
        bool, typer.Option("--strict", help="Driver leaves conflicting translations conflicted.")
    ] = False,
) -> None:
    """Route catalogs to transflow's merge driver: .gitattributes and the local git config.

    Idempotent; keeps every line already in .gitattributes. Run once per clone (git
    config is not versioned). Example: transflow git-setup
    """
    from transflow.cli.output import out
    from transflow.ops import gitsetup

    try:
        cfg = _config()
        result = gitsetup.setup(cfg.root, cfg.locales_dir, strict)
    except TransflowError as exc:
        raise _fail(exc) from None
    for line in result.attributes_added:
        out.print(f"added to {_escape(str(result.attributes))}: {_escape(line)}")
    if not result.attributes_added:
        out.print(f"kept    {_escape(str(result.attributes))} (already routes catalogs)")
    verb = "set" if result.config_changed else "kept"
    for key, value in result.config:
        out.print(f"{verb:<8}git config --local {key} {_escape(repr(value))}")


from transflow.cli.exchange import register as _register_exchange  # noqa: E402  (xliff, tm, glossary)

_register_exchange(app)

from transflow.cli.review import register as _register_review  # noqa: E402  (review export/import)

_register_review(app)


def main() -> None:
    try:
        app()
    except Exception as exc:  # outside a command (its set-up): the same one line
        if _state["debug"]:
            raise
        _error_line(_crash_message(exc))
        sys.exit(EXIT_INTERNAL)


if __name__ == "__main__":  # pragma: no cover
    main()
