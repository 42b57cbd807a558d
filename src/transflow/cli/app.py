"""The ``transflow`` command: parse arguments, call one library function, render, exit.

Exit codes: 0 done; 1 the answer is "no" (check found errors, status under --fail-under,
an export refused by its threshold, ``diff --exit-code`` found changes); 2 bad usage
(typer's own); 3 bad input; 4 transflow itself failed (a bug, or the machine stopped it:
disk full, a read-only folder); 5 busy: the workspace is locked by another transflow
command, or a file changed on disk while we worked (run again). Every failure is one line
naming the file and what to do (``--debug`` shows the traceback).
:mod:`transflow.cli.errors` is the one place that maps exceptions to messages and codes.
"""

from __future__ import annotations

import copy
import dataclasses
import gc
import json
import math
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup
from typer.main import get_command_name
from typer.models import CommandInfo

from transflow.cli.errors import (  # noqa: F401  (the exit codes: part of this module's API)
    EXIT_BAD_INPUT,
    EXIT_BUSY,
    EXIT_INTERNAL,
    EXIT_NO,
    EXIT_PIPE,
    EXIT_USAGE,
    crash_message,
    error_line,
    exit_code,
    guarded,
    reader_gone,
    state,
    stdout_gone,
)
from transflow.core.errors import TransflowError

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from transflow.core.records import SourceFile
    from transflow.ops.extract import ExtractResult
    from transflow.workspace.config import Config


class _Group(TyperGroup):
    """The main command group: ``--debug`` is accepted anywhere before ``--`` (after the
    command too, like ``git``'s ``-c`` is not but ``pybabel``'s ``-v`` is), and moved in
    front where the main callback reads it."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        end = args.index("--") if "--" in args else len(args)
        if "--debug" in args[:end]:
            args = ["--debug", *(a for a in args[:end] if a != "--debug"), *args[end:]]
        return super().parse_args(ctx, args)


app = typer.Typer(
    cls=_Group,
    no_args_is_help=True,
    help="Translate and publish press releases through gettext catalogs.",
    pretty_exceptions_enable=False,
)

LangOpt = Annotated[
    list[str] | None,
    typer.Option("--lang", "-l", help="Language (repeatable); default: every configured one."),
]
ArticlesArg = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="[ARTICLE]...",
        help="Articles: slugs (news/launch) or source files (sources/news/launch.md); "
        "default: all.",
        show_default=False,
    ),
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


class ReportFormat(StrEnum):
    text = "text"
    json = "json"


class Segmentation(StrEnum):
    sentence = "sentence"
    paragraph = "paragraph"


CHECK_NAMES = (
    "urls",
    "emails",
    "phones",
    "formatting",
    "placeholders",
    "html",
    "numbers",
    "end-punctuation",
    "brackets",
    "quotes",
    "glossary",
    "untranslated",
    "doubled-words",
    "whitespace",
    "length",
)
"""The registered checks' names, in registration order, for ``check --only``'s choices.
Spelled out so that startup does not import every check (30 ms); a test keeps it equal
to :data:`transflow.checks.CHECKS`."""

CheckName = StrEnum("CheckName", [(name, name) for name in CHECK_NAMES])  # type: ignore[misc]


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
    debug: Annotated[
        bool,
        typer.Option(
            "--debug",
            envvar="TRANSFLOW_DEBUG",
            help="Show tracebacks (also after the command, or TRANSFLOW_DEBUG=1).",
        ),
    ] = False,
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
    state["workspace"] = workspace
    state["debug"] = debug
    _sane_columns()


def _sane_columns() -> None:
    """An empty, non-numeric or absurd ``COLUMNS`` (a broken terminal, a CI setting) is
    ignored rather than crashing the renderer."""
    columns = os.environ.get("COLUMNS")
    if columns is not None and not (columns.isdigit() and 20 <= int(columns) <= 10_000):
        del os.environ["COLUMNS"]


def _config():
    from transflow.workspace import config

    cfg = config.discover(workspace=state["workspace"])
    state["root"] = cfg.root
    return cfg


def _articles(cfg: Config, names: list[str] | None) -> list[SourceFile] | None:
    """The articles named on the command line, the same way for every command: each
    NAME is an article's slug (``news/launch``, as in ``locales/<lang>/<slug>.po``) or
    its source file (``sources/news/launch.md``, a path from the current folder). None
    when no name is given (every article). An unknown name is bad input."""
    from transflow.core.errors import InputError
    from transflow.workspace.paths import Workspace

    if not names:
        return None
    ws = Workspace(cfg)
    every: dict[str, SourceFile] | None = None
    found: dict[str, SourceFile] = {}
    for name in names:
        if Path(name).is_file() or Path(name).is_symlink():
            for source in ws.sources([Path(name)]):
                found[source.slug] = source
            continue
        if every is None:
            every = {s.slug: s for s in ws.sources()}
        slug = name.removesuffix("/")
        if slug not in every:
            raise InputError(
                name,
                "no such article: give its slug (as in locales/<lang>/<slug>.po) "
                "or its source file",
            )
        found[slug] = every[slug]
    return [found[k] for k in sorted(found)]


def _slugs(cfg: Config, names: list[str] | None) -> list[str] | None:
    chosen = _articles(cfg, names)
    return None if chosen is None else [s.slug for s in chosen]


def _slugs_and_letterhead(cfg: Config, names: list[str] | None) -> list[str] | None:
    """Like :func:`_slugs`, and ``_template`` names the letterhead's catalog (status, check)."""
    from transflow.workspace.letterhead import TEMPLATE_SLUG

    if not names:
        return None
    others = [n for n in names if n.removesuffix("/") != TEMPLATE_SLUG]
    slugs = _slugs(cfg, others) or []
    return slugs + [TEMPLATE_SLUG] * (len(others) < len(names))


def _paths(cfg: Config, names: list[str] | None) -> list[Path] | None:
    chosen = _articles(cfg, names)
    return None if chosen is None else [s.path for s in chosen]


def _json(data: object) -> None:
    """One JSON document on stdout."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


_SPOOL_BYTES = 1 << 18  # a report spooled in memory up to 256 KiB, on disk beyond


def _spool() -> IO[str]:
    """Where a report is written as the run makes it, printed once it is done (a temporary
    file on disk beyond a few MiB, removed when closed: by :func:`_copy_out`, or with
    the process when the run fails)."""
    import tempfile

    return tempfile.SpooledTemporaryFile(_SPOOL_BYTES, mode="w+", encoding="utf-8")


def _copy_out(spool: IO[str]) -> None:
    """A spooled report to stdout, once it is complete (a failed run printed nothing)."""
    spool.seek(0)
    while chunk := spool.read(1 << 16):
        sys.stdout.write(chunk)
    spool.close()


class _JsonRecords:
    """The records of a JSON document's list ``key`` (a key of its top level), spooled as
    they come, then written out with the rest of the document (:meth:`write`), byte for
    byte as :func:`_json` writes it whole: 30,000 records are never all held, nor their
    text joined, and a run that fails prints nothing."""

    def __init__(self, key: str) -> None:
        self.key = key
        self.spool = _spool()
        self.count = 0
        head, _ = self._parts({})
        self.indent = head[head.rindex("\n") + 1 :]  # the records' indentation

    def _parts(self, data: dict) -> tuple[str, str]:
        """The document around the records: up to the first one's indentation, and from
        the end of the last one."""
        marker = json.dumps(f"\x00{os.urandom(12).hex()}\x00")  # text no value holds
        text = json.dumps({**data, self.key: [json.loads(marker)]}, ensure_ascii=False, indent=2)
        at = text.index(marker)
        return text[:at], text[at + len(marker) :]

    def add(self, record: dict) -> None:
        text = json.dumps(record, ensure_ascii=False, indent=2).replace("\n", "\n" + self.indent)
        self.spool.write((",\n" if self.count else "") + self.indent + text)
        self.count += 1

    def write(self, data: dict) -> None:
        """The document: ``data`` with the records as ``data[key]``, to stdout."""
        if not self.count:
            self.spool.close()
            _json({**data, self.key: []})
            return
        head, tail = self._parts(data)
        sys.stdout.write(head[: len(head) - len(self.indent)])
        _copy_out(self.spool)
        sys.stdout.write(tail + "\n")


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
@guarded
def init(
    directory: Annotated[Path, typer.Argument(help="Folder to make a workspace of.")] = Path("."),
    source_language: Annotated[
        str, typer.Option("--source-language", "-s", help="The sources' language.")
    ] = "en",
    lang: Annotated[
        list[str] | None,
        typer.Option("--lang", "-l", help="A target language (repeatable)."),
    ] = None,
    segmentation: Annotated[
        Segmentation, typer.Option(help="Units: a sentence, or a whole paragraph.")
    ] = Segmentation.sentence,
) -> None:
    """Create a workspace: transflow.toml and the sources/, locales/, exports/ folders.

    Never overwrites anything. Example: transflow init news -s en -l ru -l ar
    """
    from transflow.cli.output import out
    from transflow.workspace import config

    result = config.init(directory, source_language, tuple(lang or ()), segmentation.value)
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


ReportOpt = Annotated[
    ReportFormat,
    typer.Option("--format", "-f", help="The report on stdout: text, or one JSON object."),
]


@app.command()
@guarded
def extract(
    articles: ArticlesArg = None,
    lang: LangOpt = None,
    fmt: ReportOpt = ReportFormat.text,
) -> None:
    """Segment sources into units; write templates and create or update every catalog.

    The report (what was written) goes to stdout; notes and progress to stderr.
    JSON fields: articles, units, unchanged, templates (paths written), catalogs (path,
    created, kept, fuzzy, from_memory, obsoleted, untranslated), notices.

    Example: transflow extract sources/launch.md -l ru
    """
    from transflow.cli import output
    from transflow.ops import extract as lib

    cfg = _config()
    selected = _paths(cfg, articles)
    with output.progress("extract") as tick:
        result = lib.run(cfg, selected, lang, progress=tick)
    _print_notes(result.notices)
    if fmt is ReportFormat.json:
        _json(
            {
                "articles": result.articles,
                "units": result.units,
                "unchanged": result.unchanged,
                "templates": list(result.templates_written),
                "catalogs": [dataclasses.asdict(c) for c in result.catalogs_written],
                "notices": list(result.notices),
            }
        )
        return
    _print_lines(_extract_lines(result))


def _extract_lines(result: ExtractResult) -> Iterator[str]:
    """extract's report, a line at a time (made as they are printed: the lines of an
    extract from scratch at 3,000 x 10, 33,000, held at once and joined, were 15 MiB of
    its peak)."""
    for path in result.templates_written:
        yield f"wrote {path}"
    for c in result.catalogs_written:
        verb = "created" if c.created else "updated"
        detail = (
            f"{c.kept} kept, {c.fuzzy} fuzzy, {c.from_memory} from memory, "
            f"{c.obsoleted} obsolete, {c.untranslated} new untranslated"
        )
        yield f"{verb} {c.path}: {detail}"
    yield (
        f"{result.articles} article(s), {result.units} unit(s); "
        f"{len(result.templates_written)} template(s) and {len(result.catalogs_written)} "
        f"catalog(s) written, {result.unchanged} unchanged"
    )


def _print_notes(notices: list[str]) -> None:
    """What the user should know, a line each on stderr (rich is imported only if any)."""
    from transflow.cli import output

    for notice in notices:
        output.err.print(f"[yellow]note:[/] {_escape(notice)}")


def _print_lines(lines: Iterable[str]) -> None:
    """Plain lines (no markup) to stdout, a few hundred at a time: written as they are
    when piped (rich is not even imported), else printed by rich (rich costs ~50 us a
    print: 0.5 s for 11,000 catalogs one by one; what it renders at once stays small)."""
    from transflow.cli import output

    piped = output.piped(sys.stdout)
    for batch in _batched(lines):
        if piped:
            sys.stdout.write("".join(f"{line}\n" for line in batch))
        else:
            from rich.text import Text

            output.out.print(Text("\n").join(Text(line) for line in batch))


def _batched(lines: Iterable[str]) -> Iterator[list[str]]:
    """The lines 256 at a time (``itertools.batched``, from Python 3.12)."""
    batch: list[str] = []
    for line in lines:
        batch.append(line)
        if len(batch) == 256:
            yield batch
            batch = []
    if batch:
        yield batch


@app.command()
@guarded
def status(
    articles: ArticlesArg = None,
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
    Every article and the letterhead catalog, or the ARTICLEs named (totals cover them).

    Example: transflow status --format json --fail-under 90
    """
    from transflow.ops import status as lib

    cfg = _config()
    counter = None
    if checks:
        from transflow.ops import check as qa

        counter = qa.counter(cfg)
    slugs = _slugs_and_letterhead(cfg, articles)
    # the catalogs' rows as status makes them: spooled as JSON, or a glimpse of them for
    # the table (its rows only while it shows them): never all held at 30,000 catalogs
    spool = glimpse = writer = None
    each = None
    if fmt is StatusFormat.json:
        spool = _spool()
        writer = lib.JsonWriter(spool)
        each = writer.row
    elif fmt is StatusFormat.table:
        from transflow.cli.statustable import Glimpse

        glimpse = Glimpse(all_rows)
        each = glimpse.add
    if fmt is StatusFormat.table and sys.stderr.isatty():
        from transflow.cli.output import progress

        with progress("status") as tick:
            report = lib.run(cfg, lang, tick, counter, slugs, each)
    else:  # no progress bar: the terminal toolkit is not even imported (start-up time)
        report = lib.run(cfg, lang, None, counter, slugs, each)
    if spool is not None and writer is not None:  # (JSON)
        writer.end(report.totals)
        _copy_out(spool)
    elif glimpse is not None:
        from transflow.cli import statustable

        rows, overview = glimpse.rows or [], glimpse.overview()
        width = statustable.plain_output_width()
        text = None
        if width is not None:  # piped: the same text, without importing rich
            text = statustable.plain_table(
                rows, report.totals, width, details=all_rows, issues=checks, overview=overview
            )
        if text is not None:
            sys.stdout.write(text)
        else:
            from transflow.cli.output import out, status_table

            out.print(
                status_table(
                    rows, report.totals, details=all_rows, issues=checks, overview=overview
                )
            )
    else:
        from transflow.checks.reports import status_markdown

        sys.stdout.write(status_markdown(report.catalogs, report.totals, issues=checks))
    if fail_under is not None and report.below(fail_under):
        from transflow.cli.output import err

        low = ", ".join(f"{s.language} {s.percent:g} %" for s in report.below(fail_under))
        err.print(f"below {fail_under:g} %: {low}")
        raise typer.Exit(EXIT_NO)


def _list_checks(value: bool) -> None:
    if not value:
        return
    from transflow.checks import CHECKS

    width = max(len(name) for name in CHECKS)
    for spec in CHECKS.values():
        typer.echo(f"{spec.name:<{width}}  {spec.severity.value:<7}  {spec.description}")
    raise typer.Exit()


@app.command()
@guarded
def check(
    articles: ArticlesArg = None,
    lang: LangOpt = None,
    fmt: Annotated[
        CheckFormat, typer.Option("--format", "-f", help="Output format.")
    ] = CheckFormat.text,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Exit 1 on errors only, or on warnings too.")
    ] = FailOn.error,
    only: Annotated[
        list[CheckName] | None,
        typer.Option(
            "--only",
            help="Run only this check (repeatable; --list shows them).",
        ),
    ] = None,
    list_checks: Annotated[
        bool,
        typer.Option(
            "--list",
            help="List the checks (name, severity, description) and exit.",
            is_eager=True,
            callback=_list_checks,
        ),
    ] = False,
) -> None:
    """Quality checks on translations: numbers, URLs, formatting, punctuation, terms…

    Findings go to stdout, the count and a progress bar (on a terminal) to stderr.

    Example: transflow check -l de --format json
    """
    from transflow.checks.reports import github, sarif
    from transflow.cli.output import err, issues_text, progress
    from transflow.core.records import Severity
    from transflow.ops import check as qa

    cfg = _config()
    slugs = _slugs_and_letterhead(cfg, articles)
    names = [c.value for c in only] if only else None
    if fmt is CheckFormat.json:
        errors, warnings = _check_json(cfg, lang, names, slugs)
        err.print(f"{errors} error(s), {warnings} warning(s)")
        if errors or (fail_on is FailOn.warning and warnings):
            raise typer.Exit(EXIT_NO)
        return
    with progress("check") as tick:
        issues = qa.run(cfg, lang, names, slugs, progress=tick)
    if fmt in (CheckFormat.github, CheckFormat.sarif):
        from transflow.ops.gitsetup import repository_prefix

        prefix = repository_prefix(cfg.root)
        if fmt is CheckFormat.github:
            sys.stdout.write(github(issues, prefix))
        else:
            _json(sarif(issues, prefix))
    else:
        issues_text(issues)
    errors = sum(1 for i in issues if i.severity is Severity.ERROR)
    warnings = len(issues) - errors
    err.print(f"{errors} error(s), {warnings} warning(s)")
    if errors or (fail_on is FailOn.warning and warnings):
        raise typer.Exit(EXIT_NO)


def _check_json(
    cfg: Config, lang: list[str] | None, names: list[str] | None, slugs: list[str] | None
) -> tuple[int, int]:
    """``check --format json``: the findings go to a spool as they come (never all held:
    a big workspace has hundreds of thousands), then to stdout once every catalog was
    checked (a refused catalog still leaves stdout empty). (errors, warnings)."""
    import shutil
    import tempfile

    from transflow.cli.output import progress
    from transflow.ops import check as qa

    with tempfile.SpooledTemporaryFile(
        max_size=8 << 20, mode="w+", encoding="utf-8", errors="surrogatepass", newline=""
    ) as spool:
        writer = qa.JsonWriter(spool)
        with progress("check") as tick:
            for found in qa.findings(cfg, lang, names, slugs, progress=tick):
                writer.add(found)
        writer.close()
        spool.write("\n")
        spool.seek(0)
        shutil.copyfileobj(spool, sys.stdout, 1 << 20)
    return writer.errors, writer.warnings


_OUTPUTS = frozenset(ExportFormat)


def _export_format(values: list[str] | None) -> list[str] | None:
    """``export --format``: the report's format (text, json), or the deprecated spelling
    of ``--to`` (md, docx: PRODUCT.md's ``export --format md|docx``), with a warning."""
    for value in values or ():
        if value not in {*ReportFormat, *ExportFormat}:
            raise typer.BadParameter(f"{value!r} is not one of 'text', 'json' (or 'md', 'docx')")
    return values


@app.command()
@guarded
def export(
    articles: ArticlesArg = None,
    lang: LangOpt = None,
    to: Annotated[
        list[ExportFormat] | None,
        typer.Option("--to", help="Document type to write (repeatable; default: config)."),
    ] = None,
    fmt: Annotated[
        list[str] | None,
        typer.Option(
            "--format",
            "-f",
            metavar="[text|json]",
            help="The report on stdout: text, or one JSON object. "
            "(--format md|docx is the old spelling of --to.)",
            callback=_export_format,
        ),
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

    The report (one line per document: written, unchanged, not exported) goes to stdout;
    notes and progress to stderr. Exit 1 when a document was not exported. JSON fields:
    documents (article, language, format, path, action: written|unchanged|refused|removed,
    translated, total, percent, need, notes), refused (how many not exported), notices.

    Example: transflow export -l ru --to docx
    """
    # (rich is loaded only for what needs it: a piped report with nothing on stderr
    # never does, a fifth of a no-op export's start-up)
    from transflow.cli import output
    from transflow.ops import export as lib
    from transflow.ops.export import NOT_EXPORTED

    formats = [f.value for f in to or []]
    report_format = ReportFormat.text
    for value in fmt or []:
        if value in _OUTPUTS:
            formats.append(value)
            output.err.print(
                f"[yellow]warning:[/] --format {value} is deprecated: use --to {value} "
                "(--format now chooses the report: text or json)"
            )
        else:
            report_format = ReportFormat(value)
    cfg = _config()
    selected = _paths(cfg, articles)
    # the outcomes as export makes them, spooled (JSON, or plain text when piped) and
    # written once the run is done: never all held at 30,000 documents
    labels = {a: "not exported" if a in NOT_EXPORTED else a.value for a in lib.Action}
    refused = 0
    records = lines = None
    kept: list[lib.Outcome] = []
    batch: list[str] = []
    if report_format is ReportFormat.json:
        records = _JsonRecords("documents")
    elif output.piped(sys.stdout) or not output.out.is_terminal:
        lines = _spool()

    def each(o: lib.Outcome) -> None:
        nonlocal refused
        refused += o.action in NOT_EXPORTED
        if records is not None:
            records.add(
                {
                    **dataclasses.asdict(o),
                    "action": o.action.value,
                    "percent": o.percent,
                    "notes": list(o.notes),
                }
            )
        elif lines is not None:  # piped: plain text (10,000 lines cost 0.5 s in rich)
            batch.append(f"{labels[o.action]} {o.path}: {o.message}\n")
            if len(batch) == 512:  # (a write each: a tenth of a no-op export)
                lines.write("".join(batch))
                batch.clear()
        else:
            kept.append(o)

    with output.progress("export") as tick:
        report = lib.run(
            cfg, selected, lang, list(dict.fromkeys(formats)), threshold, keep, tick, each
        )
    _print_notes(report.notices)
    if records is not None:
        records.write({"documents": [], "refused": refused, "notices": list(report.notices)})
    elif lines is not None:
        lines.write("".join(batch))
        _copy_out(lines)
        sys.stdout.flush()
    else:
        colours = {"written": "green", "unchanged": "dim", "refused": "yellow", "removed": "red"}
        for o in kept:
            label = f"[{colours[o.action]}]{labels[o.action]}[/]"
            output.out.print(f"{label} {_escape(o.path)}: {_escape(o.message)}")
    if refused:
        raise typer.Exit(EXIT_NO)


class DiffFormat(StrEnum):
    text = "text"
    json = "json"


@app.command()
@guarded
def diff(
    articles: ArticlesArg = None,
    lang: LangOpt = None,
    fmt: Annotated[
        DiffFormat, typer.Option("--format", "-f", help="Output format.")
    ] = DiffFormat.text,
    exit_code_: Annotated[
        bool,
        typer.Option(
            "--exit-code",
            help="Exit 1 when there are changed units, 0 when there are none (as git diff).",
        ),
    ] = False,
) -> None:
    """Word-level diffs of source units that changed since they were translated.

    Shows the previous and current source text of every fuzzy unit that carries its
    previous source (#| msgid), with its current (old) translation. Exit code 0, as
    git diff, unless --exit-code: then 1 when something changed. JSON: {"changes":
    [{article, language, location, previous, current, translation, ops: [[op, text]…]}]}.

    Example: transflow diff harbour-festival-2026 -l ru
    """
    from transflow.cli.output import changes_text, err
    from transflow.ops import diff as changes

    cfg = _config()
    found = changes.run(cfg, lang, _slugs(cfg, articles))
    if fmt is DiffFormat.json:
        _json({"changes": [dataclasses.asdict(c) for c in found]})
    else:
        changes_text(found)
    err.print(f"{len(found)} changed unit(s)")
    if exit_code_ and found:
        raise typer.Exit(EXIT_NO)


@app.command("merge-driver")
@guarded
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
@guarded
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

    cfg = _config()
    result = gitsetup.setup(cfg.root, cfg.locales_dir, strict)
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


# The main callback's options that take a value (``-w DIR``).
_VALUED = frozenset({"--workspace", "-w"})


def _command_name(argv: list[str]) -> str | None:
    """The command asked for on ``argv`` (``status``, ``xliff``), or None when it is not
    plainly there: no command, ``--help`` before it (the main help lists every command),
    an option the main callback does not know. ``--debug`` is left out first, wherever it
    is before ``--``, as :class:`_Group` moves it out of the way."""
    end = argv.index("--") if "--" in argv else len(argv)
    args = iter([arg for arg in argv[:end] if arg != "--debug"])
    for arg in args:
        if arg in _VALUED:
            next(args, None)
        elif not arg.startswith("-"):
            return arg
        elif arg != "--version" and not arg.startswith(("--workspace=", "-w")):
            break  # (--help, or an option the callback does not know: the whole app)
    return None


def app_for(argv: list[str]) -> typer.Typer:
    """The app to run for ``argv``: when it names a command, the app with that command
    alone. typer turns every command's signature into click's options before it runs one
    (18.6 ms for them all, 3.7 ms for one, every run; git runs ``merge-driver`` once a
    file). Anything else (no command, a typo, ``--help`` before the command, shell
    completion) gets the whole app, so its help, its suggestions and its completions list
    every command."""
    name = _command_name(argv)
    completing = any(k.startswith("_") and k.endswith("_COMPLETE") for k in os.environ)
    if name is None or completing:
        return app
    commands = [c for c in app.registered_commands if _name_of(c) == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if not commands and not groups:
        return app
    alone = copy.copy(app)
    alone.registered_commands = commands
    alone.registered_groups = groups
    return alone


def _name_of(command: CommandInfo) -> str | None:
    if command.name:
        return command.name
    return None if command.callback is None else get_command_name(command.callback.__name__)


def main() -> None:
    try:
        try:
            app_for(sys.argv[1:])()
        finally:  # (output left in the buffer: written now, while a closed pipe is caught)
            sys.stdout.flush()
    except Exception as exc:  # outside a command (its set-up): the same one line
        if isinstance(exc, BrokenPipeError) and stdout_gone():
            reader_gone()
            sys.exit(EXIT_PIPE)
        if state["debug"]:
            raise
        error_line(str(exc) if isinstance(exc, TransflowError) else crash_message(exc))
        sys.exit(exit_code(exc))
    finally:
        # The command is over, its output written: what it made is left out of the
        # collections the interpreter runs as it exits (which looked through every
        # object for cycles: 35 ms after an export of 10,000 documents). Every file
        # transflow writes is closed where it is written, so a cycle left unfreed holds
        # nothing to flush; the memory goes back with the process.
        gc.freeze()


if __name__ == "__main__":  # pragma: no cover
    main()
