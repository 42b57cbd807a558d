"""Raw HTML and script links in a translation (issue 13, case 5): a translation carries
only the HTML its source unit carried. Tags a translator types are published as visible
text, never as HTML (the Markdown writer escapes every "<" of the text); a link or image
whose URL runs code (javascript:, vbscript:, data:) is written as its text with a
warning; ``check`` reports both as errors."""

from __future__ import annotations

import io
import json
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from markdown_it import MarkdownIt

from .conftest import cli

SOURCE = (
    "# Library opens\n\n"
    'The <span class="city">Riverton</span> library opens, see [the site](https://x.org).\n'
)
ATTACKS = {
    "script": "<script>alert(1)</script>",
    "img-onerror": "<img src=x onerror=alert(1)>",
    "iframe": '<iframe src="https://evil.example"></iframe>',
    "svg-onload": "<svg onload=alert(1)>",
    "comment": "<!-- hidden -->",
    "javascript-link": "[click](javascript:alert(1))",
    "javascript-case": "[click](JaVaScRiPt:alert(1))",
    "vbscript-link": "[click](vbscript:msgbox(1))",
    "data-link": "[click](<data:text/html,<script>alert(1)</script>>)",
    "javascript-image": "![pic](javascript:alert(1))",
    "javascript-angle": "[click](<javascript:alert(1)>)",
}
# a renderer that lets every URL through (unlike markdown-it's default validateLink) and
# passes raw HTML: what the export must be safe under
PERMISSIVE = MarkdownIt("commonmark", {"html": True})
PERMISSIVE.validateLink = lambda url: True  # type: ignore[method-assign]


def _translate(ws: Path, attack: str) -> None:
    po_path = ws / "locales" / "ru" / "library.po"
    po = polib.pofile(str(po_path))
    for e in po:
        if e.msgid.startswith("The "):
            e.msgstr = (
                f"Библиотека {{span1}}Ривертона{{span1_end}} открыта {attack}, "
                "см. [сайт](https://x.org)."
            )
        else:
            e.msgstr = "Библиотека открыта"
    po.save(str(po_path))


@pytest.fixture
def md_ws(ws: Path) -> Path:
    (ws / "sources" / "library.txt").unlink()
    (ws / "sources" / "library.md").write_text(SOURCE, encoding="utf-8")
    (ws / "transflow.toml").write_text('source_language = "en"\nlanguages = ["ru"]\n')
    assert cli(ws, "extract").exit_code == 0
    return ws


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []
        self.comments: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


def _dangerous(rendered: str) -> list[str]:
    """Elements, attributes and URLs of the rendered HTML that the source did not have."""
    parser = _Elements()
    parser.feed(rendered)
    bad = [f"<{tag}>" for tag, _ in parser.found if tag not in ("p", "h1", "a", "span")]
    bad += [
        f"{tag} {name}" for tag, attrs in parser.found for name in attrs if name.startswith("on")
    ]
    bad += [
        str(attrs[name])
        for _, attrs in parser.found
        for name in ("href", "src")
        if (attrs.get(name) or "").lower().startswith(("javascript:", "vbscript:", "data:"))
    ]
    return bad + [f"<!--{c}-->" for c in parser.comments]


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_I13_5_translation_html_and_script_links_never_reach_the_markdown_export(
    md_ws: Path, attack: str
) -> None:
    _translate(md_ws, ATTACKS[attack])
    result = cli(md_ws, "export", "-l", "ru", "--to", "md")
    assert result.exit_code == 0, result.output
    out = (md_ws / "exports" / "ru" / "library.md").read_text(encoding="utf-8")
    rendered = PERMISSIVE.render(out.split("\n---\n", 1)[1])  # the body
    assert _dangerous(rendered) == [], rendered
    assert '<span class="city">Ривертона</span>' in rendered  # the source's own HTML
    assert '<a href="https://x.org">сайт</a>' in rendered
    if "link" in attack or "image" in attack or "angle" in attack:
        assert "URL written as its text" in result.output


@pytest.mark.parametrize("attack", [a for a in ATTACKS if "link" in a or "image" in a])
def test_I13_5_script_links_never_reach_the_docx_export(md_ws: Path, attack: str) -> None:
    _translate(md_ws, ATTACKS[attack])
    result = cli(md_ws, "export", "-l", "ru", "--to", "docx")
    assert result.exit_code == 0, result.output
    data = (md_ws / "exports" / "ru" / "library.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        rels = z.read("word/_rels/document.xml.rels").decode().lower()
    assert "javascript:" not in rels and "vbscript:" not in rels and "data:" not in rels


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_I13_5_check_reports_added_html_and_script_links_as_errors(
    md_ws: Path, attack: str
) -> None:
    _translate(md_ws, ATTACKS[attack])
    result = cli(md_ws, "check", "-l", "ru", "--format", "json")
    assert result.exit_code == 1, result.output
    issues = json.loads(result.stdout)["issues"]
    html = [i for i in issues if i["check"] == "html"]
    assert html and all(i["severity"] == "error" for i in html), issues


def test_I13_5_the_sources_own_html_is_no_finding(md_ws: Path) -> None:
    _translate(md_ws, "сегодня")
    result = cli(md_ws, "check", "-l", "ru", "--format", "json")
    assert [i for i in json.loads(result.stdout)["issues"] if i["check"] == "html"] == []
