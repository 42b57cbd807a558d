"""translate_document with its pieces computed once per article (for every language)
and blocks rebuilt without ``dataclasses.replace`` gives the documents the original
implementation gave: that implementation is kept here as the reference, and both run on
every source fixture in tests/ with many translation tables."""

from __future__ import annotations

import random
from dataclasses import fields, replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transflow.core.model import Block, BlockKind, Document
from transflow.core.records import LanguageInfo, SourceFile
from transflow.formats import read_source
from transflow.lang import codes as langs
from transflow.ops import exportdoc
from transflow.segment.sentences import block_units

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SOURCES = sorted(
    p for p in FIXTURES.rglob("*") if p.suffix in (".md", ".txt", ".docx") and p.is_file()
)


def _reference(
    document: Document,
    mode: str,
    source_language: str,
    translations: dict[str, str],
    language: LanguageInfo,
) -> Document:
    """translate_document as it was before the fast path (commit 0b0f1aa)."""
    blocks: list[Block] = []
    for block in document.blocks:
        pieces = block_units(block, mode, source_language)
        if not pieces or block.kind is BlockKind.RAW:
            blocks.append(block)
            continue
        out: list[str] = []
        for n, (text, gap) in enumerate(pieces):
            noise = exportdoc._is_noise(text)
            fallback = not noise and text not in translations
            if noise:
                out.append(exportdoc._localized(text, source_language, language.code))
            else:
                out.append(translations.get(text, text))
            if gap:
                nxt = pieces[n + 1][0] if n + 1 < len(pieces) else ""
                spaced = fallback or (
                    nxt and nxt not in translations and not exportdoc._is_noise(nxt)
                )
                out.append(exportdoc._gap(gap, language.word_separator or (" " if spaced else "")))
        text = block.text
        lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
        blocks.append(replace(block, text=lead + "".join(out).strip() + trail))
    return replace(document, blocks=tuple(blocks))


def _documents() -> list[Document]:
    docs = []
    for path in SOURCES:
        try:
            docs.append(read_source(SourceFile(path=path, rel=path.name, slug=path.stem)))
        except Exception:  # a fixture made to be refused
            continue
    return docs


DOCUMENTS = _documents()


def test_there_are_fixtures_to_compare() -> None:
    assert len(DOCUMENTS) >= 5


@pytest.mark.parametrize("mode", ["paragraph", "sentence"])
@pytest.mark.parametrize("code", ["ru", "ar", "zh_Hans", "ja", "de"])
def test_every_fixture_translates_as_the_reference(mode: str, code: str) -> None:
    language = langs.info(code)
    rng = random.Random(f"{mode}{code}")
    for document in DOCUMENTS:
        units = [t for b in document.blocks for t, _ in block_units(b, mode, "en")]
        for share in (0.0, 0.5, 1.0):
            table = {u: f"«{u[::-1]}»" for u in units if rng.random() < share}
            pieces = exportdoc.document_pieces(document, mode, "en")
            fast = exportdoc.translate_document(document, mode, "en", table, language, pieces)
            assert fast == _reference(document, mode, "en", table, language)
            assert exportdoc.translate_document(document, mode, "en", table, language) == fast


def test_with_text_knows_every_field_of_block() -> None:
    assert exportdoc._BLOCK_FIELDS == exportdoc._BLOCK_ORDER


@given(st.text(max_size=30), st.sampled_from(list(BlockKind)))
@settings(max_examples=200)
def test_with_text_is_replace(text: str, kind: BlockKind) -> None:
    # every field set to something other than its default
    values = {f.name: f"v-{f.name}" for f in fields(Block)}
    values.update(kind=kind, text="old", level=3, codes=("c",), nest=("n",))
    block = Block(**values)  # type: ignore[arg-type]
    new = exportdoc._with_text(block, text)
    assert new == replace(block, text=text)
    assert all(
        getattr(new, f.name) is getattr(replace(block, text=text), f.name)
        for f in fields(Block)
        if f.name != "text"
    )


@pytest.mark.parametrize("mode", ["paragraph", "sentence"])
@pytest.mark.parametrize("code", ["ru", "ar", "zh_Hans", "ja"])
def test_block_texts_are_the_translated_documents_texts(mode: str, code: str) -> None:
    language = langs.info(code)
    rng = random.Random(f"texts{mode}{code}")
    for document in DOCUMENTS:
        units = [t for b in document.blocks for t, _ in block_units(b, mode, "en")]
        pieces = exportdoc.document_pieces(document, mode, "en")
        fills = exportdoc.document_fills(document, pieces)
        for share in (0.0, 0.5, 1.0):
            table = {
                u: rng.choice([f" «{u[::-1]}» ", u.upper(), "", "\xa0x\n"])
                for u in units
                if rng.random() < share
            }
            translated = exportdoc.translate_document(document, mode, "en", table, language, pieces)
            assert exportdoc.block_texts(fills, table, language, "en") == [
                b.text for b in translated.blocks
            ]


def test_fills_are_pieces_exactly_when_every_block_is_a_plain_piece() -> None:
    """document_fills' two forms: all pieces (str), or no piece at all; both met above."""
    forms = set()
    for document in DOCUMENTS:
        for mode in ("paragraph", "sentence"):
            fills = exportdoc.document_fills(
                document, exportdoc.document_pieces(document, mode, "en")
            )
            kinds = {type(f) for f in fills}
            assert len(kinds) <= 1, document.path
            forms |= kinds
            if kinds == {str}:
                assert fills == tuple(
                    u[0][0] for u in exportdoc.document_pieces(document, mode, "en") if u
                )
    assert forms == {str, tuple}


_HEADER_LINE = st.one_of(
    st.text(max_size=20),
    st.sampled_from(
        [
            "PO-Revision-Date: 2026-03-14 10:00+0000",
            " PO-Revision-Date : 2025-01-01",
            "PO-Revision-Date:",
            "PO-Revision-Date",
            "X: PO-Revision-Date: 1999-01-01",
            "PO-Revision-Dates: 1",
            "Language: ru",
            "",
        ]
    ),
)


@given(st.lists(_HEADER_LINE, max_size=6), st.booleans())
@settings(max_examples=500)
def test_header_field_is_parse_header(lines: list[str], trailing: bool) -> None:
    from transflow.catalog.entries import parse_header

    header = "\n".join(lines) + ("\n" if trailing else "")
    want = next((v for k, v in parse_header(header) if k == "PO-Revision-Date"), "")
    assert exportdoc._header_field(header, "PO-Revision-Date") == want


def test_read_unless_link_reads_as_read_optional(tmp_path: Path) -> None:
    from transflow.core.errors import InputError
    from transflow.workspace import store

    (tmp_path / "a.po").write_bytes(b"x" * 5000)
    (tmp_path / "empty.po").write_bytes(b"")
    (tmp_path / "dir.po").mkdir()
    (tmp_path / "link.po").symlink_to(tmp_path / "a.po")
    (tmp_path / "dangling.po").symlink_to(tmp_path / "nothing.po")
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    for name in ("a.po", "empty.po", "absent.po", "dir.po", "loop/x.po", "a.po/x.po"):
        text = str(tmp_path / name)
        try:
            want: object = store.read_optional(text, name, store.MAX_CATALOG_BYTES)
        except InputError as exc:
            want = str(exc)
        try:
            got: object = store.read_unless_link(text, name, store.MAX_CATALOG_BYTES)
        except InputError as exc:
            got = str(exc)
        assert got == want, name
    for name in ("link.po", "dangling.po"):
        assert store.read_unless_link(str(tmp_path / name), name) is store.LINK


@pytest.mark.parametrize("mode", ["paragraph", "sentence"])
def test_pieces_units_are_units_of(mode: str) -> None:
    from transflow.segment.sentences import units_of

    for document in DOCUMENTS:
        pieces = exportdoc.document_pieces(document, mode, "en")
        assert exportdoc.pieces_units(pieces) == units_of(document.blocks, mode, "en")
