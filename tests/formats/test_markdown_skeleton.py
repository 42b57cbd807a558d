"""The Markdown export of a simple document written from its skeleton
(:func:`markdown_write.write_skeleton`, what ``export`` does per language) is byte for byte,
warning for warning, what :func:`markdown_write.write_markdown` writes of the translated
document: on every Markdown and text source under tests/ (fixtures, the fidelity corpus,
the sample) and on generated documents, with translations full of Markdown syntax."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transflow.core.model import Document
from transflow.core.records import SourceFile
from transflow.formats import ExportContext, read_source
from transflow.formats import markdown_write as mw
from transflow.formats.markdown_read import read_markdown
from transflow.formats.markdown_write import skeleton_of, write_markdown, write_skeleton
from transflow.formats.text import read_text
from transflow.lang import codes as langs
from transflow.ops import exportdoc
from transflow.segment.sentences import block_units

TESTS = Path(__file__).resolve().parents[1]
SOURCES = sorted(
    p
    for p in TESTS.rglob("*")
    if p.suffix in (".md", ".markdown", ".txt") and p.is_file() and "golden" not in p.parts
)

# what a translator may type that Markdown reads specially
TRICKY = [
    "*star* and _under_ and `code`",
    "<script>x</script> & &amp; [link](javascript:alert(1))",
    "![pic](image.png) then [a](http://x.example/a b)",
    "\xa0edge nbsp\xa0",
    "# not a heading",
    "1. not a list",
    "- not a bullet",
    "line one\nline two",
    "{span1} placeholder and {x}",
    "trailing hash #",
    "Tel. +44 1496 300 123, e-mail a@b.example",
    "~~strike~~ ~one~ \\ back",
    "| a | b |",
    "",
    "   ",
]


def _documents() -> list[tuple[Path, Document]]:
    docs = []
    for path in SOURCES:
        try:
            doc = read_source(SourceFile(path=path, rel=path.name, slug=path.stem))
        except Exception:  # a fixture made to be refused
            continue
        docs.append((path, doc))
    return docs


DOCUMENTS = _documents()


def _context(path: Path, document: Document, code: str, date: str) -> ExportContext:
    return ExportContext(
        source=SourceFile(path=path, rel=path.name, slug=path.stem),
        source_document=document,
        language=langs.info(code),
        source_language="en",
        date_display=date,
        description="d",
    )


def _same(path: Path, document: Document, table: dict[str, str], code: str, mode: str) -> None:
    skeleton = skeleton_of(document)
    assert skeleton is not None
    info = langs.info(code)
    pieces = exportdoc.document_pieces(document, mode, "en")
    translated = exportdoc.translate_document(document, mode, "en", table, info, pieces)
    texts = exportdoc.block_texts(exportdoc.document_fills(document, pieces), table, info, "en")
    assert texts == [b.text for b in translated.blocks]
    for date in ("", "14 March 2026"):
        context = _context(path, document, code, date)
        slow = write_markdown(translated, path.with_suffix(".out.md"), context)
        fast = write_skeleton(skeleton, texts, context)
        assert fast == slow, path


def test_there_are_simple_and_other_documents() -> None:
    simple = [d for _, d in DOCUMENTS if skeleton_of(d) is not None]
    assert len(simple) >= 10
    assert len(simple) < len(DOCUMENTS)  # tables, lists, front matter: the full writer
    assert all(skeleton_of(d) is not None for _, d in DOCUMENTS if d.format == "text")


@pytest.mark.parametrize("mode", ["paragraph", "sentence"])
@pytest.mark.parametrize("code", ["de", "ar", "zh_Hans", "he"])
def test_every_simple_source_writes_as_the_full_writer(mode: str, code: str) -> None:
    rng = random.Random(f"{mode}{code}")
    for path, document in DOCUMENTS:
        if skeleton_of(document) is None:
            continue
        units = [t for b in document.blocks for t, _ in block_units(b, mode, "en")]
        for share in (0.0, 0.5, 1.0):
            table = {
                u: rng.choice([f"«{u[::-1]}»", rng.choice(TRICKY), u + " " + rng.choice(TRICKY)])
                for u in units
                if rng.random() < share
            }
            _same(path, document, table, code, mode)


_LINE = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=40)


@given(
    st.lists(st.one_of(_LINE, st.sampled_from(TRICKY)), min_size=1, max_size=8),
    st.lists(st.one_of(_LINE, st.sampled_from(TRICKY)), max_size=8),
    st.sampled_from(["de", "ar", "zh_Hans"]),
    st.booleans(),
)
@settings(max_examples=150, deadline=None)
def test_generated_documents_write_as_the_full_writer(
    paragraphs: list[str], translations: list[str], code: str, markdown: bool
) -> None:
    headings = ["#" * (n % 3 + 1) + " " if n % 2 else "" for n in range(len(paragraphs))]
    _same_as_generated("gen", paragraphs, headings if markdown else None, translations, code)


def _same_as_generated(
    name: str,
    paragraphs: list[str],
    headings: list[str] | None,
    translations: list[str],
    code: str,
) -> None:
    """A generated document (Markdown with each paragraph after its heading marks, or
    text when ``headings`` is None), its units translated in order: see :func:`_same`."""
    path = Path(f"/nonexistent/{name}.{'txt' if headings is None else 'md'}")
    source = SourceFile(path=path, rel=path.name, slug=path.stem)
    if headings is not None:
        text = "\n\n".join(h + p for h, p in zip(headings, paragraphs, strict=True))
        document = read_markdown(text.encode("utf-8"), source)
    else:
        document = read_text("\n\n".join(paragraphs).encode("utf-8"), source)
    if skeleton_of(document) is None:
        return
    units = [t for b in document.blocks for t, _ in block_units(b, "paragraph", "en")]
    table = dict(zip(units, translations, strict=False))
    _same(path, document, table, code, "paragraph")


# what decides whether write_skeleton takes its plain path (_plain_body): special
# characters, the no-break space and other characters whose UTF-8 opens with its \xc2,
# white space of every kind, digits of several scripts and what else _line_start escapes,
# bidi controls, and letters of both directions
_EDGY = st.sampled_from(
    [
        *"\\`*_[]<>!&~#|{\n\xa0«°±+-=:. )(\t\u2003\u3000\x85\x1c\u2066\u200f٣０",
        *["1. ", "2)", "ab", "Zeta", "مرحبا", "שלום", "42", "中文"],
    ]
)
_EDGY_TEXT = st.lists(_EDGY, max_size=8).map("".join)


@given(
    st.lists(
        st.sampled_from(["One two", "Three", "Four five six", "Seven"]), min_size=1, max_size=6
    ),
    st.lists(_EDGY_TEXT, max_size=6),
    st.sampled_from(["de", "ar", "he", "zh_Hans"]),
    st.booleans(),
)
@settings(max_examples=400, deadline=None)
def test_the_plain_path_writes_as_the_full_writer(
    paragraphs: list[str], translations: list[str], code: str, markdown: bool
) -> None:
    # in Markdown: headings of several levels, a title
    headings = ["#" * (n % 4) + " " if n % 4 else "" for n in range(len(paragraphs))]
    _same_as_generated("edgy", paragraphs, headings if markdown else None, translations, code)


def test_the_plain_path_is_taken_and_refused() -> None:
    """The differential tests above meet both paths of write_skeleton."""
    source = SourceFile(path=Path("/nonexistent/a.md"), rel="a.md", slug="a")
    document = read_markdown(b"# Title\n\nOne.\n\n## Part\n\nTwo.", source)
    skeleton = skeleton_of(document)
    assert skeleton is not None
    # a heading may open with a digit; ">", "|" and a no-break space matter only at a line's ends
    plain = ["Titel", "Eins.", "2026 im Blick", "Zwei « drei » > 1 | 2\xa0%"]
    assert mw._plain_body(skeleton, plain) is not None
    assert mw._paragraphs_open_plainly(skeleton, plain)
    for text in ("a # b", "a\nb", " a", "a\u3000", "\xa0a", "*a*", "", "a & b", "a!", "<a"):
        assert mw._plain_body(skeleton, [*plain[:3], text]) is None, text
    for text in ("1. a", "+ a", "٣ a", "- a", ": a"):
        assert mw._plain_body(skeleton, [*plain[:3], text]) is not None
        assert not mw._paragraphs_open_plainly(skeleton, [*plain[:3], text]), text


def test_the_marked_bytes_are_the_special_characters() -> None:
    """_plain_body's byte test finds what _SPECIAL_CHAR finds but what matters only at a
    line's ends (and nothing else)."""
    marked = {chr(c) for c in mw._MARKED} | {">", "|", mw._NBSP}
    for code in range(0x3000):
        ch = chr(code)
        assert (mw._SPECIAL_CHAR.search(ch) is not None) == (ch in marked), hex(code)
    assert all(c < 0x80 for c in mw._MARKED)  # one byte, in no other character's UTF-8


@given(st.one_of(st.text(), _EDGY_TEXT))
@settings(max_examples=300)
def test_a_title_without_special_characters_is_its_words(text: str) -> None:
    """write_skeleton's plain path writes the front matter's title as its words: no
    _MARKED character, no inline markup (_plain_text)."""
    if not set(text.encode()) & set(mw._MARKED):
        assert mw._plain_text(text) == " ".join(text.split())


def test_the_first_character_classes_are_what_line_start_and_strip_test() -> None:
    """_SPACE is str.isspace (what str.strip strips) and _LINE_START what _line_start
    escapes or strips, on every code point."""
    chars = [chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000]
    text = "".join(chars)
    spaces = {m.start() for m in mw._SPACE.finditer(text)}
    starts = {m.start() for m in mw._LINE_START.finditer(text)}
    for n, ch in enumerate(chars):
        assert (n in spaces) == ch.isspace(), hex(ord(ch))
        assert (n in starts) == (ch in mw._MAY_START or ch.isdecimal()), hex(ord(ch))
