"""Source fidelity of the Markdown reader and writer (issue 11, items 6-15 on the
Markdown side): every defect with a minimal input, through the same path as ``extract``
and ``export``: read → the msgids a translator sees → a translation (pseudo: markers
kept, words changed; identity) → write → read back with markdown-it."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from transflow.core import inline
from transflow.core.model import (
    Block,
    BlockKind,
    Code,
    CodeKind,
    Document,
    ListItem,
    Note,
    Role,
    TableCell,
)
from transflow.core.records import LanguageInfo, SourceFile
from transflow.formats import ExportContext, Rendered, read_source
from transflow.formats.markdown import write_markdown
from transflow.lang.bidi import strip_bidi
from transflow.ops.exportdoc import translate_document
from transflow.segment.sentences import units_of

FIDELITY = Path(__file__).parent.parent / "fixtures" / "markdown" / "fidelity"
K = BlockKind
RU = LanguageInfo("ru", "ru", "Russian", rtl=False, cjk=False, word_separator=" ")
AR = LanguageInfo("ar", "ar", "Arabic", rtl=True, cjk=False, word_separator=" ")
HTML = MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(footnote_plugin)


# ---------------------------------------------------------------- the pipeline


def read(tmp_path: Path, text: str | bytes, name: str = "a.md") -> Document:
    path = tmp_path / "sources" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")
    return read_source(SourceFile(path, f"sources/{name}", name.rsplit(".", 1)[0]))


def msgids(doc: Document) -> list[str]:
    return [text for _, text in units_of(doc.blocks, "sentence", "en")]


def pseudo(markup: str) -> str:
    """Every word changed (⟦WORD⟧), every marker and placeholder kept."""
    out = []
    for sp in inline.parse(markup):
        if sp.code or sp.placeholder is not None or not sp.text.strip():
            out.append(sp)
            continue
        words = re.sub(r"[^\W\d_]+", lambda m: f"⟦{m.group().upper()}⟧", sp.text)
        title = sp.title and re.sub(r"[^\W\d_]+", lambda m: m.group().upper(), sp.title)
        out.append(replace(sp, text=words, title=title))
    return inline.render(out)


def export(
    doc: Document,
    translate: Callable[[str], str] = lambda s: s,
    language: LanguageInfo = RU,
    source: SourceFile | None = None,
) -> Rendered:
    translations = {m: translate(m) for m in msgids(doc)}
    translated = translate_document(doc, "sentence", "en", translations, language)
    source = source or SourceFile(Path(doc.path), doc.path, doc.slug)
    context = ExportContext(source, doc, language, "en", "", "test")
    return write_markdown(translated, Path("out.md"), context)


def text_of(rendered: Rendered) -> str:
    return rendered.data.decode("utf-8")


def back(tmp_path: Path, markdown: str) -> Document:
    path = tmp_path / "back.md"
    path.write_text(markdown, encoding="utf-8")
    return read_source(SourceFile(path, "exports/ru/back.md", "back"))


def body(doc: Document) -> list[tuple[str, str]]:
    return [(b.kind.value, b.text) for b in doc.blocks if b.kind is not K.META]


def html(markdown: str) -> str:
    """What a renderer shows (front matter dropped)."""
    markdown = re.sub(r"\A(---|\+\+\+)\n.*?\n\1\n", "", markdown, flags=re.S)
    return HTML.render(markdown)


def identity_round_trip(tmp_path: Path, source: str) -> tuple[Document, Document, str]:
    doc = read(tmp_path, source)
    out = text_of(export(doc))
    again = back(tmp_path, out)
    assert body(again) == body(doc)
    assert [b.codes for b in again.blocks if b.kind is not K.META] == [
        b.codes for b in doc.blocks if b.kind is not K.META
    ]
    return doc, again, out


# ---------------------------------------------------------------- 6: "<" that is text


def test_angle_brackets_from_text_are_escaped(tmp_path: Path) -> None:
    doc = read(tmp_path, (FIDELITY / "angle.txt").read_bytes(), "angle.txt")
    assert "For tickets, contact <Jane Doe> or write to <press@example.org>." in msgids(doc)
    out = text_of(export(doc, pseudo))
    rendered = html(out)
    assert "&lt;⟦JANE⟧ ⟦DOE⟧&gt;" in rendered and "&lt;&lt;⟦VIP⟧&gt;&gt;" in rendered
    assert "<jane" not in rendered.lower() and "<vip" not in rendered.lower()
    same = text_of(export(doc))
    assert [t for _, t in body(back(tmp_path, same))][1] == doc.blocks[1].text


@pytest.mark.parametrize(
    "text", ["contact <Jane Doe>", "<<VIP>>", "a <b>not bold</b> c", "<!-- not a comment -->",
             "<span class=x>", "x < y > z", "<https://x.org>", "1 <2"],
)  # fmt: skip
def test_angle_brackets_from_docx_are_escaped(tmp_path: Path, text: str) -> None:
    doc = Document("sources/a.docx", "a", "docx", (Block(K.PARAGRAPH, inline.escape(text)),))
    out = text_of(export(doc))
    assert "&lt;" in html(out) and "<" not in html(out).replace("<p>", "").replace("</p>", "")
    assert body(back(tmp_path, out)) == [("paragraph", inline.escape(text))]


# ---------------------------------------------------------------- 7: inline HTML


def test_inline_html_at_paragraph_start_is_a_placeholder_and_stays_html(tmp_path: Path) -> None:
    doc = read(tmp_path, (FIDELITY / "inline.md").read_text(encoding="utf-8"))
    para = doc.blocks[1]
    assert para.text == "{span1}RIVERTON{span1_end} — The festival opens on Friday."
    assert para.codes == (
        Code("span1", CodeKind.OBJECT, '<span class="city">', "html"),
        Code("span1_end", CodeKind.OBJECT, "</span>", "html"),
    )
    assert msgids(doc)[1] == para.text
    out = text_of(export(doc, pseudo))
    assert '<span class="city">⟦RIVERTON⟧</span> — ⟦THE⟧' in out
    assert '<p><span class="city">⟦RIVERTON⟧</span> — ⟦THE⟧' in html(out)


def test_translator_moves_inline_html(tmp_path: Path) -> None:
    doc = read(tmp_path, 'Call <abbr title="x">NASA</abbr> today.\n')
    [unit] = msgids(doc)
    assert unit == "Call {abbr1}NASA{abbr1_end} today."
    out = text_of(export(doc, lambda s: "Сегодня звоните в {abbr1}НАСА{abbr1_end}."))
    assert 'Сегодня звоните в <abbr title="x">НАСА</abbr>.' in out


@pytest.mark.parametrize(
    ("source", "text", "tail"),
    [
        ("One line.<br>\n", "One line.", "<br>"),
        ("One<br>two<br/>\n", "One\ntwo", "<br/>"),
        ("A <!-- note --> b <wbr> c </em2> d\n", "A {comment1} b {wbr1} c {em2_1_end} d", ""),
        ("x <b>bold</b> <del>gone</del> <s>old</s>\n", "x **bold** ~~gone~~ ~~old~~", ""),
    ],
)
def test_inline_html_forms(tmp_path: Path, source: str, text: str, tail: str) -> None:
    doc, _, out = identity_round_trip(tmp_path, source)
    assert doc.blocks[0].text == text and doc.blocks[0].tail == tail
    if tail:
        assert out.rstrip("\n").endswith(tail)


# ---------------------------------------------------------------- 8: TOML front matter


def test_toml_front_matter(tmp_path: Path) -> None:
    doc = read(tmp_path, (FIDELITY / "toml.md").read_text(encoding="utf-8"))
    assert msgids(doc) == ["Harbour festival opens", "The festival opens on Friday."]
    assert doc.meta_value("date") == "2026-05-01"
    out = strip_bidi(text_of(export(doc, pseudo, AR)))  # Latin runs isolated in Arabic
    assert out.startswith(
        '+++\ntitle = "⟦HARBOUR⟧ ⟦FESTIVAL⟧ ⟦OPENS⟧"\ndate = 2026-05-01\n'
        'lang = "ar"\ndir = "rtl"\n+++\n\n⟦THE⟧'
    )
    again = back(tmp_path, out)
    assert [b.text for b in again.blocks][:1] == ["⟦HARBOUR⟧ ⟦FESTIVAL⟧ ⟦OPENS⟧"]
    assert again.meta_value("date") == "2026-05-01"


def test_toml_front_matter_is_written_back_byte_for_byte(tmp_path: Path) -> None:
    toml = (
        '+++\n# a comment\ntitle = """Multi "line"\ntitle"""  # trailing\n'
        'summary = \'Short.\'\ntags = ["a", "b"]\ndraft = false\n\n'
        '[params]\ntitle = "not this one"\nauthor = "Ann"\n+++\n\n# Body title\n\nText.\n'
    )
    doc = read(tmp_path, toml)
    assert [b.text for b in doc.blocks[:2]] == ['Multi "line"\ntitle', "Short."]
    assert "a comment" not in " ".join(msgids(doc)) and "Ann" not in " ".join(msgids(doc))
    out = text_of(export(doc, lambda s: s.upper()))
    assert out.startswith(
        '+++\n# a comment\ntitle = "MULTI \\"LINE\\" TITLE"  # trailing\n'
        'summary = "SHORT."\ntags = ["a", "b"]\ndraft = false\n\n'
        'lang = "ru"\n[params]\ntitle = "not this one"\nauthor = "Ann"\n+++\n'
    )


def test_bad_toml_refused_with_line(tmp_path: Path) -> None:
    from transflow.core.errors import InputError

    with pytest.raises(InputError, match="malformed TOML front matter") as err:
        read(tmp_path, '+++\ntitle = "ok"\nbad = = 1\n+++\n\ntext\n')
    assert err.value.line == 3


# ---------------------------------------------------------------- 9: GFM and CommonMark constructs

CONSTRUCTS = [
    # (source, msgid, what a renderer must show for the identity translation)
    ("Tickets cost ~~$40~~ $25.\n", "Tickets cost ~~$40~~ $25.", "<s>$40</s> $25"),
    ('Read the [programme](https://e.org/p "Full (PDF)") now.\n',
     'Read the [programme](https://e.org/p "Full (PDF)") now.',
     '<a href="https://e.org/p" title="Full (PDF)">programme</a>'),
    ('See ![the logo](l.png "Our logo") here.\n', 'See ![the logo](l.png "Our logo") here.',
     '<img src="l.png" alt="the logo" title="Our logo" />'),
    ("Type `` `festival` `` here.\n", "Type `` `festival` `` here.", "<code>`festival`</code>"),
    ("*foo**bar**baz*\n", "*foo**bar**baz*", "<em>foo<strong>bar</strong>baz</em>"),
    ("[a](u(1).html) and [b](<x y.html>)\n", "[a](u(1).html) and [b](x%20y.html)",
     '<a href="u(1).html">a</a> and <a href="x%20y.html">b</a>'),
    ("&nbsp;&nbsp;Indented text.\n", "Indented text.", "<p>\xa0\xa0Indented text.</p>"),
    ("Hey\\![link](u) now.\n", "Hey\\![link](u) now.", '<p>Hey!<a href="u">link</a> now.</p>'),
]  # fmt: skip


@pytest.mark.parametrize(("source", "msgid", "shown"), CONSTRUCTS)
def test_constructs_reach_the_translator_and_come_back(
    tmp_path: Path, source: str, msgid: str, shown: str
) -> None:
    doc, _, out = identity_round_trip(tmp_path, source)
    assert msgids(doc)[0] == msgid
    assert shown in html(out)
    assert html(out) == html(source)
    translated = text_of(export(doc, pseudo))
    again = back(tmp_path, translated)
    assert [inline.formatting_signature(b.text) for b in again.blocks] == [
        inline.formatting_signature(b.text) for b in doc.blocks
    ]
    assert inline.plain(again.blocks[0].text) == inline.plain(pseudo(doc.blocks[0].text))


def test_link_title_is_translated(tmp_path: Path) -> None:
    doc = read(tmp_path, 'Read the [programme](https://e.org/p "Full programme") online.\n')
    out = text_of(export(doc, pseudo))
    assert 'title="FULL PROGRAMME"' in html(out)


@pytest.mark.parametrize("start", [0, 3, 10])
def test_ordered_list_keeps_its_start(tmp_path: Path, start: int) -> None:
    doc, _, out = identity_round_trip(tmp_path, f"{start}. zero\n{start + 1}. one\n")
    assert doc.blocks[0].item == ListItem(True, start)
    assert out.split("\n---\n\n", 1)[1].startswith(f"{start}. zero\n{start + 1}. one\n")


# ---------------------------------------------------------------- 10: "---" on the first line


@pytest.mark.parametrize(
    "source",
    ["---\n\nText here.\n\n---\n\nMore text.\n", "---\n# Title\n\ntext\n\n---\n\nmore\n",
     "---\nSome text\n---\n\nBody.\n"],
)  # fmt: skip
def test_first_line_thematic_break_is_not_front_matter(tmp_path: Path, source: str) -> None:
    doc = read(tmp_path, source)
    assert doc.blocks[0].kind is K.RAW and doc.blocks[0].text == "---"
    words = {w for b in doc.blocks for w in re.findall(r"[a-z]+", b.text.lower())}
    assert words >= set(re.findall(r"[a-z]+", source.lower()))
    out = text_of(export(doc))
    assert body(back(tmp_path, out)) == body(doc)


# ---------------------------------------------------------------- footnotes (md → md)


def test_markdown_footnotes_are_notes(tmp_path: Path) -> None:
    source = (
        "Text[^a] and more[^2].\n\n[^a]: The *first* note.\n\n    Second paragraph.\n\n[^2]: Two.\n"
    )
    doc = read(tmp_path, source)
    assert doc.blocks[0].text == "Text{fn1} and more{fn2}."
    assert [c.ref for c in doc.blocks[0].codes] == ["footnote:a", "footnote:2"]
    notes = [(b.kind, b.key, b.text, b.note.label if b.note else "") for b in doc.blocks[1:]]
    assert notes == [
        (K.NOTE, "footnote:a", "The *first* note.", "a"),
        (K.NOTE, "footnote:a:1", "Second paragraph.", "a"),
        (K.NOTE, "footnote:2", "Two.", "2"),
    ]
    assert "The *first* note." in msgids(doc)
    _, _, out = identity_round_trip(tmp_path, source)
    assert out.endswith("[^a]: The *first* note.\n\n    Second paragraph.\n\n[^2]: Two.\n")
    rendered = html(text_of(export(doc, pseudo)))
    assert 'class="footnote-ref"' in rendered and "⟦SECOND⟧ ⟦PARAGRAPH⟧" in rendered


# ---------------------------------------------------------------- 15: spaces


def test_double_spaces_and_nbsp_survive(tmp_path: Path) -> None:
    source = 'The model ("Riverton  2026").  It has two stages of 10\xa0m.\n'
    doc = read(tmp_path, source)
    out = text_of(export(doc, pseudo))
    assert '("⟦RIVERTON⟧  2026").  ⟦IT⟧' in out and "10\xa0⟦M⟧" in out
    _, _, same = identity_round_trip(tmp_path, source)
    assert source in same


# ---------------------------------------------------------------- cross format: DOCX → Markdown


def docx_doc(*blocks: Block, meta: tuple[tuple[str, str], ...] = ()) -> Document:
    return Document("sources/press.docx", "press", "docx", blocks, meta)


def cell(text: str, r: int, c: int, t: int = 0, **shape: Any) -> Block:
    return Block(K.TABLE_CELL, text, key=f"t{t}/r{r}/c{c}", cell=TableCell(t, r, c, **shape))


def test_docx_table_4x4_is_a_4x4_markdown_table(tmp_path: Path) -> None:
    cells = [
        cell(f"Row {r} col {c}" if r else f"Head {c}", r, c, header=r == 0,
             align="right" if c == 3 else "")
        for r in range(4) for c in range(4)
    ]  # fmt: skip
    rendered = export(docx_doc(Block(K.TITLE, "T", 1), *cells), pseudo)
    out = text_of(rendered)
    table = [ln for ln in out.split("\n") if ln.startswith("|")]
    assert len(table) == 5 and all(ln.count(" | ") == 3 for ln in table)
    assert table[1] == "| --- | --- | --- | ---: |"
    again = back(tmp_path, out)
    got = [(b.cell.row, b.cell.col, b.cell.header) for b in again.blocks
           if b.kind is K.TABLE_CELL and b.cell is not None]  # fmt: skip
    assert got == [(r, c, r == 0) for r in range(4) for c in range(4)]
    assert not rendered.warnings
    assert html(out).count("<tr>") == 4 and len(re.findall("<th[ >]", html(out))) == 4


def test_table_without_header_row_uses_its_first_row_and_says_so(tmp_path: Path) -> None:
    cells = [cell(f"r{r}c{c}", r, c) for r in range(2) for c in range(2)]
    rendered = export(docx_doc(*cells))
    assert text_of(rendered).split("\n---\n\n", 1)[1].startswith("| r0c0 | r0c1 |\n| --- | --- |")
    assert any("no header row" in w for w in rendered.warnings)


def test_merged_or_multi_paragraph_cells_make_an_html_table(tmp_path: Path) -> None:
    cells = [
        cell("Wide **head**", 0, 0, header=True, colspan=2, align="center"),
        cell("Tall", 1, 0, rowspan=2),
        cell("b1", 1, 1),
        cell("b2 first", 2, 1),
        cell("b2 second", 2, 1),
        cell("", 3, 0),
        cell("last", 3, 1),
    ]
    out = text_of(export(docx_doc(*cells), pseudo))
    rendered = html(out)
    assert '<th colspan="2" align="center">' in rendered
    assert "<strong>⟦HEAD⟧</strong>" in rendered and '<td rowspan="2">' in rendered
    assert rendered.count("<tr>") == 4 and "<td></td>" in rendered
    assert "<p>⟦B⟧2 ⟦FIRST⟧</p>" in rendered and "<p>⟦B⟧2 ⟦SECOND⟧</p>" in rendered
    again = back(tmp_path, out)  # the cells' text is still Markdown, still translatable
    assert "⟦B⟧2 ⟦SECOND⟧" in [b.text for b in again.blocks]


def test_markdown_table_cells_carry_shape_attrs(tmp_path: Path) -> None:
    doc = read(tmp_path, "| A | B |\n|:-:|--:|\n| 1 | x |\n")
    cells = [b for b in doc.blocks if b.kind is K.TABLE_CELL]
    assert [b.cell for b in cells] == [
        TableCell(0, r, c, r == 0, align=a, rows=2, cols=2, aligns=("center", "right"))
        for r in range(2) for c, a in enumerate(("center", "right"))
    ]  # fmt: skip


def test_page_header_and_footer_go_to_front_matter(tmp_path: Path) -> None:
    doc = docx_doc(
        Block(K.HEADER, "{picture1} Harbour *Festival*", key="hdr",
              codes=(Code("picture1", CodeKind.PICTURE, "", "word/media/image1.png"),)),
        Block(K.TITLE, "Festival opens", 1, Role.HEADLINE),
        Block(K.PARAGRAPH, "Body text."),
        Block(K.FOOTER, "Page {PAGE} of {NUMPAGES}", key="ftr", codes=(
            Code("PAGE", CodeKind.FIELD, "1"), Code("NUMPAGES", CodeKind.FIELD, "3"))),
    )  # fmt: skip
    rendered = export(doc, pseudo)
    assert rendered.warnings == ("a picture in the page header is not kept in the front matter",)
    out = text_of(rendered)
    front, rest = out.split("\n---\n", 1)
    assert "header: ⟦HARBOUR⟧ ⟦FESTIVAL⟧" in front and "footer: ⟦PAGE⟧ 1 ⟦OF⟧ 3" in front
    assert "PAGE" not in rest and "HARBOUR" not in rest
    assert [b.kind for b in back(tmp_path, out).blocks if b.kind is not K.META] == [
        K.TITLE, K.PARAGRAPH,
    ]  # fmt: skip


def test_docx_heading_levels(tmp_path: Path) -> None:
    doc = docx_doc(
        Block(K.TITLE, "Title", 1, Role.HEADLINE),
        Block(K.HEADING, "The deck", 2, Role.SUBHEADLINE, style="Subtitle"),
        Block(K.HEADING, "Heading one", 1, Role.HEADING),
        Block(K.HEADING, "Heading two", 2, Role.HEADING),
        Block(K.PARAGRAPH, "Text."),
    )
    out = text_of(export(doc))
    assert "\nsubtitle: The deck\n" in out.split("\n---\n", 1)[0] + "\n"
    headings = [ln for ln in out.split("\n") if ln.startswith("#")]
    assert headings == ["# Title", "## Heading one", "### Heading two"]
    assert [(b.kind, b.level) for b in back(tmp_path, out).blocks if b.kind is not K.META] == [
        (K.TITLE, 1), (K.HEADING, 2), (K.HEADING, 3), (K.PARAGRAPH, 0),
    ]  # fmt: skip


def test_markdown_heading_levels_are_kept(tmp_path: Path) -> None:
    _, _, out = identity_round_trip(tmp_path, "# T\n\n#### Four\n\n# Second one\n")
    assert "\n#### Four\n" in out and "\n# Second one\n" in out


PNG = (FIDELITY / "logo.png").read_bytes()


def make_docx(path: Path) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph("Look for the logo.").add_run().add_picture(io.BytesIO(PNG))
    d.save(str(path))


def test_docx_pictures_become_assets(tmp_path: Path) -> None:
    path = tmp_path / "sources" / "news" / "press.docx"
    path.parent.mkdir(parents=True)
    make_docx(path)
    media = next(n for n in zipfile.ZipFile(path).namelist() if n.startswith("word/media/"))
    source = SourceFile(path, "sources/news/press.docx", "news/press")
    doc = Document(source.rel, source.slug, "docx", (
        Block(K.PARAGRAPH, "Look for the {picture1} logo.",
              codes=(Code("picture1", CodeKind.PICTURE, "Festival logo", media),)),
        Block(K.PARAGRAPH, "Linked {picture1} here and {picture2} gone.",
              codes=(Code("picture1", CodeKind.PICTURE, "QR", "https://cdn.example.org/qr.png"),
                     Code("picture2", CodeKind.PICTURE, "Lost", "word/media/none.png"))),
        Block(K.PARAGRAPH, "A {chart1} chart.", codes=(Code("chart1", CodeKind.OBJECT),)),
    ))  # fmt: skip
    rendered = export(doc, pseudo, source=source)
    name = "press.assets/" + media.rsplit("/", 1)[-1]
    assert rendered.assets == ((name, zipfile.ZipFile(path).read(media)),)
    out = text_of(rendered)
    assert f"⟦LOOK⟧ ⟦FOR⟧ ⟦THE⟧ ![Festival logo]({name}) ⟦LOGO⟧." in out
    assert "![QR](https://cdn.example.org/qr.png)" in out
    assert any("word/media/none.png" in w for w in rendered.warnings)
    assert any("chart1" in w for w in rendered.warnings)
    assert f'<img src="{name}" alt="Festival logo" />' in html(out)


def test_docx_fields_and_notes(tmp_path: Path) -> None:
    doc = docx_doc(
        Block(K.PARAGRAPH, "See page {PAGEREF1} for details{footnote1}.", codes=(
            Code("PAGEREF1", CodeKind.FIELD, "4"),
            Code("footnote1", CodeKind.NOTE, ref="fn:2"))),
        Block(K.PARAGRAPH, "Twice{footnote1} and an endnote{endnote1}.", codes=(
            Code("footnote1", CodeKind.NOTE, ref="fn:2"),
            Code("endnote1", CodeKind.NOTE, ref="en:1"))),
        Block(K.NOTE, "A *footnote*.", key="fn:2", note=Note("footnote", "2")),
        Block(K.NOTE, "An endnote.", key="en:1", note=Note("endnote", "1")),
    )  # fmt: skip
    out = text_of(export(doc, pseudo))
    assert "⟦SEE⟧ ⟦PAGE⟧ 4 ⟦FOR⟧ ⟦DETAILS⟧[^1]." in out
    assert "⟦TWICE⟧[^1] ⟦AND⟧ ⟦AN⟧ ⟦ENDNOTE⟧[^2]." in out
    assert out.endswith("\n[^1]: ⟦A⟧ *⟦FOOTNOTE⟧*.\n\n[^2]: ⟦AN⟧ ⟦ENDNOTE⟧.\n")
    rendered = html(out)
    assert rendered.count('class="footnote-ref"') == 3 and "⟦FOOTNOTE⟧" in rendered


def test_markdown_local_images_are_copied_beside_the_export(tmp_path: Path) -> None:
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "logo.png").write_bytes(PNG)
    (tmp_path / "secret.png").write_bytes(b"not yours")
    source = (FIDELITY / "images.md").read_text(encoding="utf-8") + "\n![x](../secret.png)\n"
    doc = read(tmp_path, source, "images.md")
    assert "![Festival logo](logo.png)" in msgids(doc)
    rendered = export(doc, pseudo, source=SourceFile(folder / "images.md", doc.path, doc.slug))
    out = text_of(rendered)
    assert rendered.assets == (("images.assets/logo.png", PNG),)
    assert "![⟦FESTIVAL⟧ ⟦LOGO⟧](images.assets/logo.png)" in out
    assert "![⟦QR⟧ ⟦CODE⟧](https://cdn.example.org/qr.webp)" in out
    assert "](../secret.png)" in out and any("../secret.png" in w for w in rendered.warnings)


# ---------------------------------------------------------------- corpus defects (md → md)


@pytest.mark.parametrize(
    "source",
    [
        "1. a\n\n  2. b\n\n    3. c\n",  # CommonMark 315
        " -    one\n\n     two\n",  # CommonMark 259
        "> - a\n>\n>       code\n",
        "- a\n  - b\n\n      code\n",
    ],
)
def test_indented_code_after_a_list_stays_code(tmp_path: Path, source: str) -> None:
    """An indented code block right after a list is not the last item's continuation in
    the export: the list's content column moves past the code's indentation."""
    doc = read(tmp_path, source)
    out = text_of(export(doc))
    assert html(out) == html(source)


def test_link_destination_with_an_entity_like_ampersand_stays_a_link(tmp_path: Path) -> None:
    """markdown-it xss-003: a destination holding the text "&#74;" is written with the "&"
    escaped, so it is not decoded to "J" (and the link not refused as javascript:)."""
    source = "[xss link](&#x26;#74;avascript:alert(1))\n\n![img](a&amp;b&#38;copy;.png)\n"
    doc = read(tmp_path, source)
    out = text_of(export(doc))
    assert html(out) == html(source)
    assert '<a href="&amp;#74;avascript:alert(1)">xss link</a>' in html(out)


@pytest.mark.parametrize(
    "source",
    [
        "foo&#10;&#10;bar\n",  # CommonMark 039: a newline entity shows as a space, no <br>
        "*&*\n\n*&#x20;*\n\n*&amp;*\n",  # markdown-it extras-036: a paragraph showing nothing
        '<a href="foo  \nbar">\n',  # CommonMark 645: raw HTML keeps its line's end
        "[link](foo\\(and\\(bar)\n\n[a](<b)c>)\n",  # CommonMark 500, 494
    ],
)
def test_corpus_constructs_come_back_as_they_render(tmp_path: Path, source: str) -> None:
    doc = read(tmp_path, source)
    out = text_of(export(doc))
    shown = re.compile(r"\s+")  # white space renders as one space
    assert shown.sub(" ", html(out)) == shown.sub(" ", html(source))
