"""Results for CI: GitHub workflow annotations and SARIF for ``check``, a Markdown summary of
``status`` for a pull-request comment. Plain strings and dicts; the CLI writes them out.

Paths are relative to the workspace; ``prefix`` (the workspace's folder inside the git
repository, ``""`` at its top) makes them relative to the repository, which is what GitHub
resolves annotations and code-scanning results against.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from urllib.parse import quote

from transflow import __version__
from transflow.core.records import Issue, Severity, Stats

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def split_location(location: str) -> tuple[str, int | None]:
    """``"locales/ru/a.po:42"`` -> ``("locales/ru/a.po", 42)``."""
    path, sep, line = location.rpartition(":")
    if sep and line.isdigit():
        return path, int(line)
    return location, None


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _message(issue: Issue) -> str:
    return f"{issue.message} (fuzzy entry)" if issue.fuzzy else issue.message


def github(issues: Iterable[Issue], prefix: str = "") -> str:
    """One workflow command per finding: ``::error file=…,line=…,title=…::message``."""
    lines = []
    for i in issues:
        path, line = split_location(i.location)
        level = "error" if i.severity == Severity.ERROR else "warning"
        props = [f"file={_escape_property(prefix + path)}"]
        if line:
            props.append(f"line={line}")
        props.append(f"title={_escape_property(f'transflow {i.check} ({i.language})')}")
        lines.append(f"::{level} {','.join(props)}::{_escape_data(_message(i))}")
    return "".join(line + "\n" for line in lines)


def sarif(issues: Sequence[Issue], prefix: str = "") -> dict:
    """A SARIF 2.1.0 log: one run, the registered checks as rules, one result per finding."""
    from transflow.checks import CHECKS

    names = list(CHECKS)
    names += sorted({i.check for i in issues} - set(names))
    index = {name: n for n, name in enumerate(names)}
    rules = []
    for name in names:
        spec = CHECKS.get(name)
        description = spec.description if spec else name
        level = _level(spec.severity) if spec else "warning"
        rules.append(
            {
                "id": name,
                "name": name,
                "shortDescription": {"text": description},
                "defaultConfiguration": {"level": level},
            }
        )
    results = []
    for i in issues:
        path, line = split_location(i.location)
        region = {"startLine": line} if line else None
        uri = quote(prefix + path)  # a URI reference: a space is %20
        physical: dict = {"artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"}}
        if region:
            physical["region"] = region
        results.append(
            {
                "ruleId": i.check,
                "ruleIndex": index[i.check],
                "level": _level(i.severity),
                "message": {"text": _message(i)},
                "locations": [{"physicalLocation": physical}],
                "properties": {"article": i.article, "language": i.language, "fuzzy": i.fuzzy},
            }
        )
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "transflow",
                        "version": __version__,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def _level(severity: Severity | str) -> str:
    return "error" if severity == Severity.ERROR else "warning"


_STATE = {
    "complete": "✅ complete",
    "in_progress": "🟡 in progress",
    "untranslated": "⬜ untranslated",
    "stale": "🔁 stale",
    "missing": "❌ missing",
}


def status_markdown(
    catalogs: Sequence[Stats], totals: Sequence[Stats], issues: bool = False
) -> str:
    """A pull-request comment: totals per language, then every catalog in a fold-out."""
    head = ["language", "state", "units", "%", "words", "fuzzy", "todo"]
    if issues:
        head += ["errors", "warnings"]

    def row(s: Stats, first: str | None = None) -> str:
        cells = [] if first is None else [_cell(first)]
        cells += [
            _cell(s.language),
            _STATE.get(s.state, s.state),
            f"{s.translated}/{s.total}",
            f"{s.percent:g}",
            f"{s.translated_words}/{s.words}",
            str(s.fuzzy),
            str(s.untranslated),
        ]
        if issues:
            cells += [str(s.errors), str(s.warnings)]
        return "| " + " | ".join(cells) + " |"

    def table(columns: list[str], rows: list[str]) -> list[str]:
        align = ["---" if c in ("article", "language", "state") else "---:" for c in columns]
        return ["| " + " | ".join(columns) + " |", "| " + " | ".join(align) + " |", *rows]

    out = ["### Translation status", ""]
    out += table(head, [row(s) for s in totals])
    if catalogs:
        out += ["", f"<details><summary>{len(catalogs)} catalog(s)</summary>", ""]
        out += table(["article", *head], [row(s, s.article) for s in catalogs])
        out += ["", "</details>"]
    return "\n".join(out) + "\n"


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
