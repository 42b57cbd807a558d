"""The Markdown writer's fast paths give what their slow paths (kept as the reference)
give: the special-character test of ``inline_markdown``, ``_line_start`` for a line
that opens with an ordinary character, the body of a document outside any quote or
list, and the front-matter fields gathered in one pass. Every source fixture in
tests/ is exported with and without the fast paths, in left-to-right and
right-to-left languages, translated and not."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transflow.core.model import Block, BlockKind, Document
from transflow.core.records import SourceFile
from transflow.formats import ExportContext, read_source
from transflow.formats import markdown_write as mw
from transflow.lang import codes as langs
from transflow.ops import exportdoc
from transflow.segment.sentences import block_units

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SOURCES = sorted(
    p for p in FIXTURES.rglob("*") if p.suffix in (".md", ".txt", ".docx") and p.is_file()
)

# characters that matter to the fast paths: Markdown's, white space of every kind,
# digits of other scripts, bidi controls, letters
_CHARS = st.sampled_from(
    list("\\`*_[]<>!&~#|\n{}\xa0 \t\r\f\v\u2028\u3000\u0085-+=:.)1٣aZé\u2066\u2069")
)
_TEXT = st.one_of(st.text(_CHARS, max_size=12), st.text(max_size=12))


@given(_TEXT)
@settings(max_examples=2000)
def test_needs_markdown_is_the_regex(text: str) -> None:
    assert mw._needs_markdown(text) == bool(mw._MARKDOWN_SPECIAL.search(text))


@given(_TEXT)
@settings(max_examples=2000)
def test_line_start_fast_path_is_the_slow_one(line: str) -> None:
    assert mw._line_start(line) == mw._line_start_slow(line)


@given(st.lists(st.lists(_TEXT, max_size=4), max_size=6))
@settings(max_examples=500)
def test_flat_lines_are_the_nested_lines_without_containers(leaves: list[list[str]]) -> None:
    pairs: list[tuple[tuple[mw._Container, ...], list[str]]] = [((), leaf) for leaf in leaves]
    assert mw._flat_lines(pairs) == mw._nested_lines(mw._widen_before_code(pairs))


def _fields_reference(
    document: Document, state: mw._Out | None = None
) -> tuple[str, dict[str, str], dict[str, list[str]]]:
    """_fields as it was before the one-pass version (commit 99d8b5c)."""
    fields: dict[str, str] = {}
    for b in document.blocks:
        if b.field:
            name = b.field
            if re.fullmatch(r"[A-Za-z_][\w-]*", name or "") and name not in fields:
                fields[name] = mw._plain(b)
    decks = [mw._plain(b) for b in document.blocks if mw._is_deck(document, b)]
    if decks and "subtitle" not in fields:
        fields["subtitle"] = " ".join(d for d in decks if d)
    pages: dict[str, list[str]] = {"header": [], "footer": []}
    for b in document.blocks:
        if b.kind in (BlockKind.HEADER, BlockKind.FOOTER):
            text = mw._plain(b, state)
            lines = pages[b.kind.value]
            if text and text not in lines:
                lines.append(text)
    title = fields.pop("title", "")
    if not title:
        title = next((mw._plain(b) for b in document.blocks if b.kind is BlockKind.TITLE), "")
    return title, fields, pages


def _line_start_reference(line: str) -> str:
    return mw._line_start_slow(line)


def _sources() -> list[tuple[SourceFile, Document]]:
    out = []
    for path in SOURCES:
        source = SourceFile(path=path, rel=path.name, slug=path.stem)
        try:
            out.append((source, read_source(source)))
        except Exception:  # a fixture made to be refused
            continue
    return out


SOURCE_DOCUMENTS = _sources()


def _export(source: SourceFile, document: Document, translated: Document, code: str) -> tuple:
    context = ExportContext(source, document, langs.info(code), "en", "", "test")
    rendered = mw.write_markdown(translated, Path("a.md"), context)
    return rendered.data, rendered.assets, rendered.warnings, rendered.external


def test_there_are_fixtures_to_export() -> None:
    assert len(SOURCE_DOCUMENTS) >= 5
    assert any(d.format == "docx" for _, d in SOURCE_DOCUMENTS)
    assert any(d.format == "markdown" for _, d in SOURCE_DOCUMENTS)


@pytest.mark.parametrize("code", ["de", "ar", "zh_Hans"])
def test_every_fixture_exports_as_without_the_fast_paths(
    code: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(code)
    language = langs.info(code)
    cases = []
    for source, document in SOURCE_DOCUMENTS:
        units = [t for b in document.blocks for t, _ in block_units(b, "paragraph", "en")]
        for share in (0.0, 0.6):
            table = {u: f"«{u[::-1]}» " for u in units if rng.random() < share}
            translated = exportdoc.translate_document(document, "paragraph", "en", table, language)
            cases.append((source, document, translated))
    fast = [_export(*case, code) for case in cases]
    fields_fast = [mw._fields(t, mw._Out(t)) for _, _, t in cases]
    with monkeypatch.context() as m:
        m.setattr(mw, "_needs_markdown", lambda text: bool(mw._MARKDOWN_SPECIAL.search(text)))
        m.setattr(mw, "_line_start", _line_start_reference)
        m.setattr(mw, "_flat_lines", lambda ls: mw._nested_lines(mw._widen_before_code(ls)))
        m.setattr(mw, "_fields", _fields_reference)
        slow = [_export(*case, code) for case in cases]
        fields_slow = [_fields_reference(t, mw._Out(t)) for _, _, t in cases]
    assert fast == slow
    assert fields_fast == fields_slow


def test_a_deck_and_page_lines_go_to_the_front_matter_as_before() -> None:
    blocks = (
        Block(BlockKind.HEADER, "Page head", key="h"),
        Block(BlockKind.TITLE, "The title", key="t"),
        Block(BlockKind.HEADING, "A deck", key="d", style="Subtitle"),
        Block(BlockKind.TITLE, "Second title", key="t2"),
        Block(BlockKind.FOOTER, "Page foot", key="f"),
        Block(BlockKind.PARAGRAPH, "summary text", key="s", field="summary"),
        Block(BlockKind.HEADER, "Page head", key="h2"),
    )
    document = Document("x.docx", "x", "docx", blocks)
    assert mw._fields(document, mw._Out(document)) == _fields_reference(document)
    assert mw._fields(document)[1]["subtitle"] == "A deck"
