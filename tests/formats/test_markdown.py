"""Markdown reader and writer: constructs, hostile input, golden extract, round trips."""

from __future__ import annotations

import json
import os
import re
from dataclasses import replace
from pathlib import Path

import pytest
from block_facts import facts
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transflow.core import inline
from transflow.core.errors import InputError
from transflow.core.model import Block, BlockKind, Document, InList, ListItem, TableCell
from transflow.core.records import LanguageInfo, SourceFile
from transflow.formats import (
    ExportContext,
    markdown_read,
    read_source,
    reader_for,
    writer_for,
)
from transflow.formats.markdown import read_markdown, write_markdown
from transflow.lang.bidi import strip_bidi

FIXTURES = Path(__file__).parent.parent / "fixtures" / "markdown"
GOLDEN = Path(__file__).parent.parent / "golden" / "markdown"
REPO = Path(__file__).parent.parent.parent
SAMPLES = [FIXTURES / "solar-cooperative.md", REPO / "sources" / "city-bike-share-expansion.md"]

K = BlockKind
ARABIC = LanguageInfo("ar", "ar", "Arabic", rtl=True, cjk=False, word_separator=" ")
RUSSIAN = LanguageInfo("ru", "ru", "Russian", rtl=False, cjk=False, word_separator=" ")


def read_text(tmp_path: Path, source: str | bytes, name: str = "a.md") -> Document:
    path = tmp_path / name
    if isinstance(source, bytes):
        path.write_bytes(source)
    else:
        path.write_text(source, encoding="utf-8", newline="")
    return read_source(SourceFile(path, f"sources/{name}", name.rsplit(".", 1)[0]))


def shape(doc: Document) -> list[tuple[str, int, str]]:
    return [(b.kind.value, b.level, b.text) for b in doc.blocks]


def context(
    doc: Document, language: LanguageInfo = RUSSIAN, date_display: str = ""
) -> ExportContext:
    source = SourceFile(Path(doc.path), doc.path, doc.slug)
    return ExportContext(source, doc, language, "en", date_display, "test export")


def export(doc: Document, language: LanguageInfo = RUSSIAN, date_display: str = "") -> str:
    return write_markdown(doc, Path("out.md"), context(doc, language, date_display)).data.decode(
        "utf-8"
    )


# ---------------------------------------------------------------- reader, table-driven

READ_CASES: list[tuple[str, str, list[tuple[str, int, str]]]] = [
    ("headings", "# Title\n\n## Sub\n\n### Third\n\n# Second H1\n",
     [("title", 1, "Title"), ("heading", 2, "Sub"), ("heading", 3, "Third"), ("heading", 1, "Second H1")]),
    ("setext", "Title\n=====\n\nSub\n---\n", [("title", 1, "Title"), ("heading", 2, "Sub")]),
    ("softbreak is a space", "one\ntwo\nthree\n", [("paragraph", 0, "one two three")]),
    ("hard breaks", "a\\\nb  \nc\n", [("paragraph", 0, "a\nb\nc")]),
    ("emphasis", "A **bold** and *it* and _it2_ and __b2__ and ***both***.\n",
     [("paragraph", 0, "A **bold** and *it* and *it2* and **b2** and ***both***.")]),
    ("link and code", "See [the **plan**](https://x.org/a?b=1) and `a*b`.\n",
     [("paragraph", 0, "See [the **plan**](https://x.org/a?b=1) and `a*b`.")]),
    ("autolinks", "<https://x.org> <me@x.org>\n",
     [("paragraph", 0, "[https://x.org](https://x.org) [me@x.org](mailto:me@x.org)")]),
    ("empty link text kept", "a [](https://x.org)\n", [("paragraph", 0, "a [](https://x.org)")]),
    ("url kept as written", "[x](https://x.org/straße)\n", [("paragraph", 0, "[x](https://x.org/straße)")]),
    ("html formatting tags", "<u>under</u> <strong>b</strong> <em>i</em> x<br>y\n",
     [("paragraph", 0, "<u>under</u> **b** *i* x\ny")]),
    ("escapes and entities", "\\*not\\* AT&amp;T 5 &lt; 6 \\[x]\n",
     [("paragraph", 0, "\\*not\\* AT&T 5 < 6 \\[x\\]")]),
    ("image only", "![A *red* bike](img/b.png)\n", [("paragraph", 0, "![A red bike](img/b.png)")]),
    ("quote", "> one\n> two\n>\n> three\n", [("quote", 1, "one two"), ("quote", 1, "three")]),
    ("nested quote", "> a\n>\n> > b\n", [("quote", 1, "a"), ("quote", 2, "b")]),
    ("lists", "- a\n  - b\n    - c\n- d\n",
     [("list_item", 1, "a"), ("list_item", 2, "b"), ("list_item", 3, "c"), ("list_item", 1, "d")]),
    ("loose list", "1. a\n\n   more\n\n2. b\n",
     [("list_item", 1, "a"), ("list_item", 1, "more"), ("list_item", 1, "b")]),
    ("list in quote", "> - a\n> - b\n", [("list_item", 1, "a"), ("list_item", 1, "b")]),
    ("heading in list", "- # H\n", [("heading", 1, "H")]),
    ("table", "| A | B |\n|:--|--:|\n| 1 \\| 2 | `x` |\n",
     [("table_cell", 0, "A"), ("table_cell", 0, "B"), ("table_cell", 0, "1 | 2"), ("table_cell", 0, "`x`")]),
    ("fence raw", "```py\nx = 1\n\n# no heading\n```\n", [("raw", 0, "```py\nx = 1\n\n# no heading\n```")]),
    ("indented code raw", "para\n\n    code *x*\n    more\n", [("paragraph", 0, "para"), ("raw", 0, "    code *x*\n    more")]),
    ("html block raw", '<div class="c">\n<b>keep</b>\n</div>\n', [("raw", 0, '<div class="c">\n<b>keep</b>\n</div>')]),
    ("thematic break raw", "a\n\n* * *\n\nb\n", [("paragraph", 0, "a"), ("raw", 0, "* * *"), ("paragraph", 0, "b")]),
    ("code in list", "- a\n\n  ```\n  x\n  ```\n", [("list_item", 1, "a"), ("raw", 0, "```\nx\n```")]),
    ("reference definitions", "[a][r]\n\n[r]: https://r.org \"T\"\n",
     [("paragraph", 0, '[a](https://r.org "T")'), ("raw", 0, '[r]: https://r.org "T"')]),
    ("empty item kept", "- a\n-\n- c\n", [("list_item", 1, "a"), ("raw", 0, ""), ("list_item", 1, "c")]),
    ("empty heading kept", "#\n\ntext\n", [("raw", 0, "#"), ("paragraph", 0, "text")]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("source", "expected"), [c[1:] for c in READ_CASES], ids=[c[0] for c in READ_CASES]
)
def test_reader_constructs(
    tmp_path: Path, source: str, expected: list[tuple[str, int, str]]
) -> None:
    assert shape(read_text(tmp_path, source)) == expected


def test_list_attrs(tmp_path: Path) -> None:
    doc = read_text(tmp_path, "3) a\n4) b\n   * c\n")
    a, b, c = doc.blocks
    assert (a.item, a.level) == (ListItem(True, 3), 1)
    assert a.nest == (InList(1, 0, ")", True, 3),) and b.nest == (InList(1, 1, ")", True, 3),)
    assert (c.item, c.level) == (ListItem(False), 2)
    assert c.nest == (InList(1, 1, ")", True, 3), InList(2, 0, "*", True))


def test_table_attrs_and_keys(tmp_path: Path) -> None:
    doc = read_text(tmp_path, "x\n\n| A | | C |\n|:-:|---|--:|\n| 1 | 2 |\n")
    cells = [b for b in doc.blocks if b.kind is K.TABLE_CELL]
    assert [b.key for b in cells] == [
        "table:0:row:0:col:0", "table:0:row:0:col:2", "table:0:row:1:col:0", "table:0:row:1:col:1",
    ]  # fmt: skip
    assert [b.cell.header for b in cells if b.cell] == [True, True, False, False]
    assert [b.cell.align for b in cells if b.cell] == ["center", "right", "center", ""]
    assert cells[0].cell == TableCell(
        0, 0, 0, True, align="center", rows=2, cols=3, aligns=("center", "", "right")
    )


def test_keys_are_unique_and_stable(tmp_path: Path) -> None:
    for sample in SAMPLES:
        doc = read_text(tmp_path, sample.read_text(encoding="utf-8"))
        keys = [b.key for b in doc.blocks]
        assert len(keys) == len(set(keys)) and all(keys)
        again = read_text(tmp_path, sample.read_text(encoding="utf-8"), name="b.md")
        assert [b.key for b in again.blocks] == keys


def test_front_matter(tmp_path: Path) -> None:
    src = (
        "---\ntitle: The *title*\nsummary: Short.\ndate: 2026-03-14\ncount: 5\n"
        "tags: [a, b]\nlang: en\n---\n\n# Heading one\n\nBody.\n"
    )
    doc = read_text(tmp_path, src)
    assert shape(doc)[:2] == [("meta", 0, "The \\*title\\*"), ("meta", 0, "Short.")]
    assert [b.key for b in doc.blocks[:2]] == ["frontmatter:title", "frontmatter:summary"]
    assert doc.blocks[2].kind is K.TITLE and doc.blocks[2].text == "Heading one"
    assert doc.meta_value("date") == "2026-03-14"
    assert doc.meta_value("count") == "5" and doc.meta_value("tags") == "[a, b]"
    assert doc.meta_value("lang") == "en"


def test_front_matter_title_is_the_headline_without_h1(tmp_path: Path) -> None:
    doc = read_text(tmp_path, "---\ntitle: Only here\ndate: 2026-01-02 10:30:00\n---\n\nText.\n")
    assert shape(doc) == [("title", 1, "Only here"), ("paragraph", 0, "Text.")]
    assert doc.blocks[0].key == "frontmatter:title" and doc.title == "Only here"
    assert doc.meta_value("date") == "2026-01-02"


@pytest.mark.parametrize(
    ("source", "line", "message"),
    [
        ("---\ntitle: ok\nbad: [unclosed\n---\n\ntext\n", 3, "malformed YAML front matter"),
        ("---\n- just\n- a list\n---\n", 1, "not a YAML mapping"),
        ("---\na: &x [1]\nb: *x\n---\n", 1, "aliases"),
    ],
)
def test_bad_front_matter_refused(tmp_path: Path, source: str, line: int, message: str) -> None:
    with pytest.raises(InputError) as err:
        read_text(tmp_path, source)
    assert err.value.line == line and message in err.value.message
    assert str(err.value).startswith("sources/a.md:")


def test_crlf_and_bom_read_like_lf(tmp_path: Path) -> None:
    text = (FIXTURES / "solar-cooperative.md").read_text(encoding="utf-8")
    plain = read_text(tmp_path, text)
    crlf = read_text(tmp_path, b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode(), name="b.md")
    assert shape(crlf) == shape(plain) and crlf.meta == plain.meta


def test_invalid_utf8_refused_with_line(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        read_text(tmp_path, b"# Title\n\nCaf" + b"\xe9 cr\xe8me\n")
    assert err.value.line == 3 and "not valid UTF-8" in err.value.message
    assert str(err.value).startswith("sources/a.md:3: ")


@pytest.mark.parametrize("opener", ["> ", "- ", "1. "])
def test_deep_nesting_refused_not_dropped(tmp_path: Path, opener: str) -> None:
    with pytest.raises(InputError, match="nested too deeply"):
        read_text(tmp_path, "intro\n\n" + opener * 120 + "deep text\n")


def test_nesting_deeper_than_commonmark_default_is_kept(tmp_path: Path) -> None:
    doc = read_text(tmp_path, "> " * 40 + "deep text\n\n" + "- " * 30 + "deep item\n")
    assert [(b.kind, b.level, b.text) for b in doc.blocks] == [
        (K.QUOTE, 40, "deep text"), (K.LIST_ITEM, 30, "deep item"),
    ]  # fmt: skip


def test_table_row_wider_than_header_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="more cells than its header") as err:
        read_text(tmp_path, "| a | b |\n|---|---|\n| 1 | 2 |\n| 1 | 2 \\| x | 3 |\n")
    assert err.value.line == 4
    assert len(read_text(tmp_path, "| a | b |\n|---|---|\n| 1 \\| 2 | `x` |\n").blocks) == 4


def test_size_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(markdown_read, "MAX_BYTES", 100)
    with pytest.raises(InputError, match="too large"):
        read_text(tmp_path, "word " * 50)


def test_unreadable_source(tmp_path: Path) -> None:
    (tmp_path / "dir.md").mkdir()
    with pytest.raises(InputError, match="cannot be read"):
        read_source(SourceFile(tmp_path / "dir.md", "sources/dir.md", "dir"))


def test_registered() -> None:
    assert reader_for(Path("x.md")).parse is read_markdown
    assert reader_for(Path("x.markdown")).name == "markdown"
    assert writer_for("md") is write_markdown


# ---------------------------------------------------------------- golden extract


def dump(doc: Document) -> str:
    lines = [f"# {doc.path} format={doc.format}"]
    for b in doc.blocks:
        attrs = " ".join(f"{k}={v}" for k, v in facts(b))
        lines.append(
            f"{b.kind.value} {b.level} {b.key} [{attrs}] {json.dumps(b.text, ensure_ascii=False)}"
        )
    lines += [f"meta {k} = {json.dumps(v, ensure_ascii=False)}" for k, v in doc.meta]
    return "\n".join(lines) + "\n"


def check_golden(name: str, actual: str, update: bool) -> None:
    path = GOLDEN / name
    if update or os.environ.get("TRANSFLOW_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"missing golden file {path}; run pytest --update-golden"
    assert actual == path.read_text(encoding="utf-8")


def fixture_doc(path: Path) -> Document:
    rel = f"sources/{path.name}"
    return read_source(SourceFile(path, rel, path.stem))


def test_golden_extract(update_golden: bool) -> None:
    doc = fixture_doc(FIXTURES / "solar-cooperative.md")
    check_golden("solar-cooperative.blocks.txt", dump(doc), update_golden)


def test_golden_export(update_golden: bool) -> None:
    doc = fixture_doc(FIXTURES / "solar-cooperative.md")
    check_golden("solar-cooperative.ar.md", export(doc, ARABIC, "٢ أبريل ٢٠٢٦"), update_golden)


# ---------------------------------------------------------------- writer


def test_front_matter_written(tmp_path: Path) -> None:
    doc = fixture_doc(FIXTURES / "solar-cooperative.md")
    out = export(doc, ARABIC, "٢ أبريل ٢٠٢٦")
    head = out.split("\n---\n", 1)[0].split("\n")
    assert head[:6] == [
        "---",
        # an Arabic export of English text: the Latin runs are isolated (issue 12, item 1)
        "title: \u2066Harbour Energy Cooperative opens the region's largest community solar"
        " park\u2069",
        "lang: ar",
        "dir: rtl",
        "date: 2026-04-02",
        "date_display: ٢ أبريل ٢٠٢٦",
    ]
    assert "author: Harbour Energy Cooperative" in head and "- energy" in head
    assert any(ln.startswith("summary: \u206612,400 panels") for ln in head)
    assert "dir:" not in export(doc, RUSSIAN) and out.endswith("\u2066+31 20 555 0142\u2069\n")
    assert "\u2066" not in export(doc, RUSSIAN)
    assert export(doc, ARABIC, "x") == export(doc, ARABIC, "x")  # deterministic


def test_output_is_idempotent(tmp_path: Path) -> None:
    for sample in SAMPLES:
        first = export(fixture_doc(sample))
        (tmp_path / "once.md").write_text(first, encoding="utf-8")
        second = export(
            read_source(SourceFile(tmp_path / "once.md", sample.name and "sources/x.md", "x"))
        )
        assert second == first


def test_writes_documents_of_other_formats(tmp_path: Path) -> None:
    blocks = (
        Block(K.META, "Core *title*", key="core:title", field="title"),
        Block(K.META, "Core subject", key="core:subject", field="subject"),
        Block(K.TITLE, "Headline #1", 1, key="p0"),
        Block(K.PARAGRAPH, "1. Not a list, *but* # text - with <u>under</u>", key="p1"),
        Block(K.QUOTE, "Quoted one.", key="p2"),
        Block(K.QUOTE, "Quoted two.", key="p3"),
        Block(K.LIST_ITEM, "top", 1, key="p4", item=ListItem(True)),
        Block(K.LIST_ITEM, "deeper", 2, key="p5"),
        Block(K.LIST_ITEM, "top again", 1, key="p6", item=ListItem(True)),
        Block(K.TABLE_CELL, "H|1", key="table:0:row:0:col:0"),
        Block(K.TABLE_CELL, "2,5", key="table:0:row:1:col:1"),
        Block(K.HEADER, "Page header", key="h0"),
    )
    doc = Document(
        "sources/a.docx", "a", "docx", blocks, (("date", "2026-05-01"), ("author", "Ann"))
    )
    out = export(doc)
    assert out.startswith(
        "---\ntitle: Core title\nlang: ru\ndate: 2026-05-01\nauthor: Ann\nsubject: Core subject\n"
        "header: Page header\n---\n"
    )
    (tmp_path / "o.md").write_text(out, encoding="utf-8")
    back = read_source(SourceFile(tmp_path / "o.md", "o.md", "o"))
    body = [(b.kind, b.level, b.text) for b in back.blocks if b.kind is not K.META]
    assert body == [
        (K.TITLE, 1, "Headline #1"),
        (K.PARAGRAPH, 0, "1. Not a list, *but* # text - with <u>under</u>"),
        (K.QUOTE, 1, "Quoted one."),
        (K.QUOTE, 1, "Quoted two."),
        (K.LIST_ITEM, 1, "top"),
        (K.LIST_ITEM, 2, "deeper"),
        (K.LIST_ITEM, 1, "top again"),
        (K.TABLE_CELL, 0, "H|1"),
        (K.TABLE_CELL, 0, "2,5"),
    ]
    assert back.blocks[1].nest == back.blocks[2].nest  # one block quote


ROUND_TRIP_CASES = [
    "- > b\n\n  > c\n",  # two quotes in one item stay two quotes
    "- a\n  - b\n- c\n",
    "1. a\n\n   more\n\n2. b\n",
    "> - a\n>\n>   ```\n>   code\n>   ```\n",
    "para  \nbreak *x*_y_ 2. not\n\n10) ten\n11) eleven\n",
    "| a | b |\n|---|:-:|\n| x<br>y | `p\\|q` |\n",
    "`a`<!---->` b ` *`c`<!---->`d`*\n",  # adjacent code spans
    "text \\<!----> and <!-- a comment --> <span>html</span>\n",
    '<span class="c">A</span> ~~b~~ [c](u "T") ![d](e.png "F") `` `g` `` *h**i**j*<br>\n',
    "0. zero\n1. one\n",
    "\\<Jane Doe> \\<\\<VIP>> 5 \\< 6 &nbsp;x\\![l](u)\n",
    "Text[^1].\n\n[^1]: The note <b>x</b>.\n",
    "| a | <span>b</span> |\n|---|---|\n| ~~c~~ | d<br> |\n",
]


@pytest.mark.parametrize("source", ROUND_TRIP_CASES)
def test_structure_round_trip(tmp_path: Path, source: str) -> None:
    doc = read_text(tmp_path, source)
    back = read_text(tmp_path, export(doc), name="b.md")
    assert [
        (b.kind, b.level, b.text, b.item, b.nest, b.tail)
        for b in back.blocks
        if b.kind is not K.META
    ] == [(b.kind, b.level, b.text, b.item, b.nest, b.tail) for b in doc.blocks]


# ---------------------------------------------------------------- pseudo-translation round trip


def pseudo(text: str) -> str:
    """Wrap every text span in ⟦…⟧, keeping formatting, links, images and code."""
    out = []
    for sp in inline.parse(text):
        core = sp.text.strip()
        if sp.code or not core:
            out.append(sp)
            continue
        lead = sp.text[: len(sp.text) - len(sp.text.lstrip())]
        trail = sp.text[len(sp.text.rstrip()) :]
        out.append(replace(sp, text=f"{lead}⟦{core}⟧{trail}"))
    return inline.render(out)


def untranslated_words(text: str) -> list[str]:
    visible = "".join(sp.text for sp in inline.parse(text) if not sp.code)
    return re.findall(r"\w+", re.sub(r"⟦.*?⟧", "", visible, flags=re.DOTALL))


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_pseudo_translation_round_trip(tmp_path: Path, sample: Path) -> None:
    source = fixture_doc(sample)
    translated = replace(
        source,
        blocks=tuple(
            b if b.kind is K.RAW else replace(b, text=pseudo(b.text)) for b in source.blocks
        ),
    )
    out = write_markdown(translated, tmp_path / "x.md", context(source, ARABIC, "١٤ مارس")).data
    (tmp_path / "x.md").write_bytes(out)
    back = read_source(SourceFile(tmp_path / "x.md", "exports/ar/x.md", "x"))
    assert [(b.kind, b.level, b.key, b.item, b.nest, b.tail) for b in back.blocks] == [
        (b.kind, b.level, b.key, b.item, b.nest, b.tail) for b in source.blocks
    ]
    for src, tr, got in zip(source.blocks, translated.blocks, back.blocks, strict=True):
        assert inline.formatting_signature(got.text) == inline.formatting_signature(src.text)
        got = replace(got, text=strip_bidi(got.text))  # right-to-left: Latin runs isolated
        if got.kind is K.META:
            assert inline.plain(got.text) == inline.plain(tr.text)
        else:
            assert got.text == tr.text
        if got.kind is not K.RAW:
            assert untranslated_words(got.text) == [], got.text
    assert back.meta_value("date") == source.meta_value("date")
    assert back.meta_value("tags") == source.meta_value("tags")


# ---------------------------------------------------------------- properties

WORD = st.from_regex(r"[a-z]{1,8}", fullmatch=True)


_STYLES = 15


def _inline_md(words: list[str], styles: list[int]) -> str:
    pieces = []
    for w, s in zip(words, styles, strict=False):
        pieces.append(
            [
                w, f"*{w}*", f"**{w}**", f"[{w}](https://x.org/{w})", f"`{w}`", f"_{w}_",
                f"~~{w}~~",  # GFM strikethrough
                f'[{w}](https://x.org/({w}) "T {w}")',  # title, parentheses in the URL
                f'<span class="c">{w}</span>',  # inline HTML: placeholders
                f"`` `{w}` ``",  # a code span holding backticks
                f"*1**{w}**2*",  # bold inside italic
                f"&nbsp;{w}",
                f"{w}[^n{s}]",  # a footnote reference (its definition follows the blocks)
                f"\\![{w}](https://x.org/{w})",  # a literal "!" before a link
                f"\\<{w} x> \\<\\<{w}>>",  # escaped angle brackets
            ][s % _STYLES]
        )  # fmt: skip
    return " ".join(pieces)


@st.composite
def md_block(draw: st.DrawFn, depth: int = 0) -> list[str]:
    """Lines of one random Markdown block: paragraph, list, quote or heading."""
    words = draw(st.lists(WORD, min_size=1, max_size=6))
    styles = draw(st.lists(st.integers(0, _STYLES - 1), min_size=len(words), max_size=len(words)))
    text = _inline_md(words, styles)
    choice = draw(st.integers(0, 4 if depth < 4 else 1))
    if choice == 0:
        return [text]
    if choice == 1:
        return ["#" * draw(st.integers(1, 6)) + " " + text]
    if choice in (2, 3):
        ordered = choice == 3
        start = draw(st.sampled_from([0, 1, 7]))
        lines: list[str] = []
        for n in range(draw(st.integers(1, 3))):
            marker = f"{start + n}. " if ordered else "- "
            inner = draw(st.lists(md_block(depth + 1), min_size=1, max_size=2))
            body = [ln for blk in inner for ln in [*blk, ""]][:-1]
            lines.append(marker + body[0])
            lines += [(" " * len(marker) + ln) if ln else "" for ln in body[1:]]
            if draw(st.booleans()):
                lines.append("")
        return lines
    inner = draw(st.lists(md_block(depth + 1), min_size=1, max_size=2))
    body = [ln for blk in inner for ln in [*blk, ""]][:-1]
    return [("> " + ln).rstrip() for ln in body]


@given(st.lists(md_block(), min_size=1, max_size=5))
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_no_text_dropped_and_round_trip(tmp_path: Path, blocks: list[list[str]]) -> None:
    source = "\n\n".join("\n".join(b) for b in blocks) + "\n"
    notes = sorted(set(re.findall(r"\[\^(n\d+)\]", source)))
    source += "".join(f"\n[^{n}]: note {n}\n" for n in notes)
    doc = read_text(tmp_path, source)
    found = {w for b in doc.blocks for w in re.findall(r"[a-z]+", inline.plain(b.text))}
    visible = re.sub(r'<span class="c">|</span>|https://x\.org/|"T |\[\^n\d+\]|&nbsp;', " ", source)
    assert set(re.findall(r"[a-z]+", visible)) <= found
    (tmp_path / "out.md").write_text(export(doc), encoding="utf-8")
    back = read_source(SourceFile(tmp_path / "out.md", "out.md", "out"))
    assert [s for s in shape(back) if s[0] != "meta"] == shape(doc)


SPAN = st.builds(
    inline.Span,
    text=st.text(
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))
        | st.sampled_from("*_`[]<>&#|\\!-+=~ \n1."),
        min_size=1,
        max_size=12,
    ),
    bold=st.booleans(),
    italic=st.booleans(),
    underline=st.booleans(),
    link=st.none() | st.sampled_from(["https://x.org/a_b", "https://x.org/(1)", "mailto:a@b.org"]),
    code=st.booleans(),
    strike=st.booleans(),
    title=st.none() | st.sampled_from(['A "title"', "T (x) &amp;"]),
)


@given(
    st.lists(SPAN, min_size=1, max_size=6),
    st.sampled_from([K.PARAGRAPH, K.LIST_ITEM, K.QUOTE, K.HEADING, K.TABLE_CELL]),
)
@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_any_inline_text_survives_export(
    tmp_path: Path, spans: list[inline.Span], kind: BlockKind
) -> None:
    spans = [
        replace(s, text=s.text.replace("`", "'").replace("\n", " ")) if s.code else s for s in spans
    ]
    text = inline.render(spans)
    if not inline.plain(text).strip():
        return
    level = 2 if kind is K.HEADING else 1 if kind is K.LIST_ITEM else 0
    key = "table:0:row:0:col:0" if kind is K.TABLE_CELL else "p"
    doc = Document("sources/a.txt", "a", "text", (Block(kind, text, level, key=key),))
    (tmp_path / "out.md").write_text(export(doc), encoding="utf-8")
    back = read_source(SourceFile(tmp_path / "out.md", "out.md", "out"))
    [got] = [b for b in back.blocks if b.kind is not K.META]
    expected = (
        text.strip()
        if kind is not K.HEADING
        else inline.render([replace(s, text=s.text.replace("\n", " ")) for s in inline.parse(text)])
    )
    assert got.kind is kind
    assert inline.formatting_signature(got.text) == inline.formatting_signature(expected)
    assert " ".join(inline.plain(got.text).split()) == " ".join(inline.plain(expected).split())
