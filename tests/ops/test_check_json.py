"""check --format json is written finding by finding (ops/check.JsonWriter): the bytes
must be json.dumps(as_json(issues), ensure_ascii=False, indent=2), whatever the text."""

from __future__ import annotations

import io
import json

from hypothesis import given
from hypothesis import strategies as st

from transflow.core.records import Issue, Severity
from transflow.ops.check import JsonWriter, as_json

_text = st.text(max_size=30)  # every character, surrogates and controls included
_issue = st.builds(
    Issue,
    article=_text,
    language=_text,
    check=_text,
    severity=st.sampled_from(list(Severity)),
    msgid=_text,
    msgstr=_text,
    message=_text,
    location=_text,
    fuzzy=st.booleans(),
)


@given(st.lists(st.lists(_issue, max_size=4), max_size=4))
def test_json_writer_writes_what_json_dumps_writes(batches: list[list[Issue]]) -> None:
    out = io.StringIO()
    writer = JsonWriter(out)
    for found in batches:
        writer.add(found)
    writer.close()
    issues = [i for found in batches for i in found]
    assert out.getvalue() == json.dumps(as_json(issues), ensure_ascii=False, indent=2)
    errors = sum(1 for i in issues if i.severity is Severity.ERROR)
    assert (writer.errors, writer.warnings) == (errors, len(issues) - errors)


def test_check_json_on_a_workspace_is_the_whole_document_or_nothing(tmp_path) -> None:
    """The findings are spooled: stdout gets the document once every catalog was read,
    and nothing when a catalog is refused."""
    from typer.testing import CliRunner

    from transflow.cli.app import app

    root = tmp_path / "ws"
    (root / "sources").mkdir(parents=True)
    (root / "transflow.toml").write_text('source_language = "en"\nlanguages = ["ru", "de"]\n')
    (root / "sources" / "a.txt").write_text("It cost 12.5 million euros in 2024.\n\nSecond one.\n")
    assert CliRunner().invoke(app, ["-w", str(root), "extract"]).exit_code == 0
    po = root / "locales" / "ru" / "a.po"
    po.write_text(
        po.read_text().replace('msgstr ""\n\n', 'msgstr "Стоило 13 миллионов в 2023."\n\n', 1)
    )
    result = CliRunner().invoke(app, ["-w", str(root), "check", "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["errors"] >= 1 and data["issues"][0]["location"].startswith("locales/ru/a.po:")
    (root / "locales" / "de" / "a.po").write_text('msgid "x"\nmsgstr "y"\nbroken\n')
    refused = CliRunner().invoke(app, ["-w", str(root), "check", "--format", "json"])
    assert refused.exit_code == 3 and refused.stdout == ""
