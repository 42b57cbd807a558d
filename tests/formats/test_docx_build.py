"""The DOCX built from a Markdown or text source: pictures, tables with their shape, run
markup (strike, code, link titles), placeholders and notes, heading styles, warnings."""

from __future__ import annotations

import io
import os
import struct
import zipfile
import zlib
from dataclasses import replace
from pathlib import Path
from typing import Any

import docx
import pytest
from lxml import etree

from transflow.core.model import Block, BlockKind, Code, CodeKind, Document, Note, TableCell
from transflow.core.records import SourceFile
from transflow.formats import ExportContext, docx_build_media, read_source
from transflow.formats.docx import write_docx
from transflow.formats.docx_build import build
from transflow.lang.codes import info

FIXTURES = Path(__file__).parent.parent / "fixtures" / "build"
LOGO = (FIXTURES / "logo.png").read_bytes()
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
K = BlockKind

RU = {
    "Harbour festival": "Фестиваль в гавани",
    "Festival logo": "Логотип фестиваля",
    "QR code": "QR-код",
    "The festival opens on Friday.": "Фестиваль открывается в пятницу.",
}


def _workspace(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    """A workspace with ``sources/`` holding ``files``; returns the workspace root."""
    for name, content in files.items():
        path = tmp_path / "sources" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return tmp_path


def _source(root: Path, name: str) -> SourceFile:
    return SourceFile(root / "sources" / name, f"sources/{name}", name.rsplit(".", 1)[0])


def _translate(text: str) -> str:
    for en, ru in RU.items():
        text = text.replace(en, ru)
    return text


def _context(source: SourceFile, document: Document, lang: str = "ru") -> ExportContext:
    return ExportContext(source, document, info(lang), "en", "", "test")


def _built(source: SourceFile, document: Document, lang: str = "ru") -> tuple[bytes, list[str]]:
    """Build the body the way the writer does, and return the saved bytes and warnings."""
    doc = docx.Document()
    warnings = build(doc, document, _context(source, document, lang))
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue(), warnings


def _from_markdown(root: Path, name: str) -> tuple[Document, Document]:
    source = _source(root, name)
    original = read_source(source)
    translated = replace(
        original, blocks=tuple(replace(b, text=_translate(b.text)) for b in original.blocks)
    )
    return original, translated


def _doc(blocks: list[Block], path: str = "sources/a.md") -> Document:
    return Document(path, "a", "markdown", tuple(blocks))


def _body(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read("word/document.xml"))


def _part_blob(data: bytes, rid: str) -> bytes:
    out = docx.Document(io.BytesIO(data))
    return out.part.related_parts[rid].blob


# ---------------------------------------------------------------- pictures


def test_fidelity_images_local_embedded_remote_linked_with_warning(tmp_path: Path) -> None:
    root = _workspace(
        tmp_path,
        {"images.md": (FIXTURES / "images.md").read_text(encoding="utf-8"), "logo.png": LOGO},
    )
    _, translated = _from_markdown(root, "images.md")
    source = _source(root, "images.md")
    data, warnings = _built(source, translated)
    body = _body(data)
    drawings = body.findall(f".//{W}drawing")
    assert len(drawings) == 1
    blip = drawings[0].find(f".//{A}blip")
    assert _part_blob(data, blip.get(f"{R}embed")) == LOGO
    doc_pr = drawings[0].find(f".//{WP}docPr")
    assert doc_pr.get("descr") == "Логотип фестиваля"
    picture_p = drawings[0].getparent().getparent()
    assert picture_p.find(f"{W}pPr/{W}jc").get(f"{W}val") == "center"
    # the remote picture: a link to it, with the translated alt text
    links = body.findall(f".//{W}hyperlink")
    assert ["".join(h.itertext()) for h in links] == ["QR-код"]
    out = docx.Document(io.BytesIO(data))
    assert out.part.rels[links[0].get(f"{R}id")].target_ref == "https://cdn.example.org/qr.webp"
    style_id = links[0].find(f"{W}r/{W}rPr/{W}rStyle").get(f"{W}val")
    assert next(s.name for s in out.styles if s.style_id == style_id) == "Hyperlink"
    text = "".join(body.itertext())
    assert "Фестиваль открывается в пятницу. QR-код" in text
    assert len(warnings) == 1 and "https://cdn.example.org/qr.webp" in warnings[0]


def test_the_writer_embeds_the_picture_too(tmp_path: Path) -> None:
    root = _workspace(tmp_path, {"a.md": "# T\n\nSee ![Logo](img/logo.png) here.\n"})
    (root / "sources" / "img").mkdir()
    (root / "sources" / "img" / "logo.png").write_bytes(LOGO)
    original, translated = _from_markdown(root, "a.md")
    source = _source(root, "a.md")
    data = write_docx(translated, tmp_path / "a.docx", _context(source, original)).data
    body = _body(data)
    blip = body.find(f".//{W}drawing//{A}blip")
    assert _part_blob(data, blip.get(f"{R}embed")) == LOGO
    # inside text, the picture stays inline between the words (no centring)
    p = blip.getparent()
    while p.tag != f"{W}p":
        p = p.getparent()
    assert p.find(f"{W}pPr/{W}jc") is None
    texts = [el.tag for el in p if el.tag == f"{W}r"]
    assert len(texts) == 3
    assert write_docx(translated, tmp_path / "a.docx", _context(source, original)).data == data


def _png(width: int, height: int) -> bytes:
    """A valid black RGB PNG of the given size (72 dpi)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    phys = struct.pack(">IIB", 2835, 2835, 1)  # 72 dpi in pixels per metre
    pixels = zlib.compress((b"\0" + b"\0" * 3 * width) * height)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"pHYs", phys)
        + (chunk(b"IDAT", pixels) + chunk(b"IEND", b""))
    )


def test_picture_is_sized_to_the_page_width_keeping_its_aspect(tmp_path: Path) -> None:
    root = _workspace(tmp_path, {"wide.png": _png(4000, 1000)})
    data, warnings = _built(_source(root, "a.md"), _doc([Block(K.PARAGRAPH, "![Wide](wide.png)")]))
    assert warnings == []
    extent = _body(data).find(f".//{WP}extent")
    cx, cy = int(extent.get("cx")), int(extent.get("cy"))
    assert cx == docx.Document().sections[0].page_width - 2 * 1143000
    assert abs(cx / cy - 4.0) < 0.01


def test_linked_picture_is_a_picture_inside_a_hyperlink_with_title(tmp_path: Path) -> None:
    root = _workspace(tmp_path, {"logo.png": LOGO})
    text = '[![Festival logo](logo.png "The logo")](https://example.org/fest)'
    data, warnings = _built(_source(root, "a.md"), _doc([Block(K.PARAGRAPH, text)]))
    assert warnings == []
    body = _body(data)
    link = body.find(f".//{W}hyperlink")
    assert link is not None and link.find(f".//{W}drawing") is not None
    doc_pr = link.find(f".//{WP}docPr")
    assert (doc_pr.get("descr"), doc_pr.get("title")) == ("Festival logo", "The logo")
    out = docx.Document(io.BytesIO(data))
    click = doc_pr.find(f"{A}hlinkClick")
    for rid in (link.get(f"{R}id"), click.get(f"{R}id")):
        assert out.part.rels[rid].target_ref == "https://example.org/fest"


@pytest.mark.parametrize(
    ("src", "reason"),
    [
        ("missing.png", "not found"),
        ("../outside.png", "outside the workspace's sources folder"),
        ("escape.png", "outside the workspace's sources folder"),  # a symlink out
        ("/etc/passwd", "absolute path"),
        ("file:///etc/passwd", "address"),
        ("notes.txt", "not a picture Word can show"),
        ("pipe.png", "not a regular file"),
    ],
)
def test_refused_pictures_keep_their_alt_text_and_warn(
    tmp_path: Path, src: str, reason: str
) -> None:
    root = _workspace(tmp_path, {"notes.txt": "not a picture"})
    (tmp_path / "outside.png").write_bytes(LOGO)
    (root / "sources" / "escape.png").symlink_to(tmp_path / "outside.png")
    os.mkfifo(root / "sources" / "pipe.png")
    data, warnings = _built(
        _source(root, "a.md"), _doc([Block(K.PARAGRAPH, f"Before ![The alt text]({src}) after.")])
    )
    body = _body(data)
    assert body.find(f".//{W}drawing") is None
    assert "".join(body.itertext()) == "Before The alt text after."
    assert len(warnings) == 1 and src in warnings[0] and reason in warnings[0], warnings


def test_symlink_inside_the_sources_folder_is_followed(tmp_path: Path) -> None:
    root = _workspace(tmp_path, {"media/logo.png": LOGO})
    (root / "sources" / "link.png").symlink_to(root / "sources" / "media" / "logo.png")
    data, warnings = _built(_source(root, "a.md"), _doc([Block(K.PARAGRAPH, "![L](link.png)")]))
    assert warnings == [] and _body(data).find(f".//{W}drawing") is not None


def test_too_large_picture_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx_build_media, "MAX_IMAGE_BYTES", 10)
    root = _workspace(tmp_path, {"logo.png": LOGO})
    data, warnings = _built(_source(root, "a.md"), _doc([Block(K.PARAGRAPH, "![Logo](logo.png)")]))
    assert _body(data).find(f".//{W}drawing") is None
    assert "too large" in warnings[0]


def test_picture_without_alt_text_that_is_refused_warns_and_leaves_no_empty_paragraph(
    tmp_path: Path,
) -> None:
    root = _workspace(tmp_path, {})
    blocks = [Block(K.PARAGRAPH, "Text"), Block(K.PARAGRAPH, "![](gone.png)")]
    data, warnings = _built(_source(root, "a.md"), _doc(blocks))
    assert [p.text for p in docx.Document(io.BytesIO(data)).paragraphs] == ["Text"]
    assert "gone.png" in warnings[0] and "nothing was written" in warnings[0]


def test_picture_in_a_subfolder_source_resolves_beside_it(tmp_path: Path) -> None:
    root = _workspace(tmp_path, {"news/a.md": "x", "news/logo.png": LOGO, "top.png": LOGO})
    source = SourceFile(root / "sources/news/a.md", "sources/news/a.md", "news/a")
    blocks = [Block(K.PARAGRAPH, "![A](logo.png) ![B](../top.png) ![C](../../x.png)")]
    (tmp_path / "x.png").write_bytes(LOGO)
    data, warnings = _built(source, _doc(blocks, "sources/news/a.md"))
    assert len(_body(data).findall(f".//{W}drawing")) == 2
    assert len(warnings) == 1 and "../../x.png" in warnings[0]


# ---------------------------------------------------------------- tables


def _cell(text: str, row: int, col: int, **shape: Any) -> Block:
    return Block(K.TABLE_CELL, text, key=f"t{row}.{col}", cell=TableCell(0, row, col, **shape))


def test_table_shape_header_spans_and_alignment(tmp_path: Path) -> None:
    blocks = [
        Block(K.PARAGRAPH, "Before"),
        _cell("Day", 0, 0, header=True),
        _cell("Visitors", 0, 1, header=True, colspan=2, align="center"),
        _cell("Weekend", 1, 0, rowspan=2),
        _cell("2,000", 1, 1, align="right"),
        _cell("Sat", 1, 2),
        _cell("3,000", 2, 1, align="right"),
        Block(K.PARAGRAPH, "After"),
    ]
    data, warnings = _built(_source(tmp_path, "a.md"), _doc(blocks))
    assert warnings == []
    tbl = _body(data).find(f".//{W}tbl")
    rows = tbl.findall(f"{W}tr")
    assert len(rows) == 3
    assert len(tbl.findall(f"{W}tblGrid/{W}gridCol")) == 3
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
    assert rows[1].find(f"{W}trPr/{W}tblHeader") is None
    look = tbl.find(f"{W}tblPr/{W}tblLook")
    assert (look.get(f"{W}firstRow"), look.get(f"{W}firstColumn")) == ("1", "0")
    head = rows[0].findall(f"{W}tc")
    assert len(head) == 2
    assert head[1].find(f"{W}tcPr/{W}gridSpan").get(f"{W}val") == "2"
    assert head[1].find(f"{W}p/{W}pPr/{W}jc").get(f"{W}val") == "center"
    first_col = [r.findall(f"{W}tc")[0] for r in rows[1:]]
    assert first_col[0].find(f"{W}tcPr/{W}vMerge").get(f"{W}val") == "restart"
    assert first_col[1].find(f"{W}tcPr/{W}vMerge").get(f"{W}val") in (None, "continue")
    assert rows[1].findall(f"{W}tc")[1].find(f"{W}p/{W}pPr/{W}jc").get(f"{W}val") == "right"
    out = docx.Document(io.BytesIO(data))
    assert [p.text for p in out.paragraphs] == ["Before", "After"]
    grid = [[c.text for c in r.cells] for r in out.tables[0].rows]
    assert grid == [
        ["Day", "Visitors", "Visitors"],
        ["Weekend", "2,000", "Sat"],
        ["Weekend", "3,000", ""],
    ]


def test_table_from_markdown_keeps_empty_cells_header_and_alignment(tmp_path: Path) -> None:
    md = "# T\n\n| Day | Visitors | Note |\n|:--|--:|:-:|\n| Fri | 2,000 |  |\n| Sat |  | *x* |\n"
    root = _workspace(tmp_path, {"a.md": md})
    _, translated = _from_markdown(root, "a.md")
    data, warnings = _built(_source(root, "a.md"), translated)
    assert warnings == []
    out = docx.Document(io.BytesIO(data))
    table = out.tables[0]
    assert [[c.text for c in r.cells] for r in table.rows] == [
        ["Day", "Visitors", "Note"],
        ["Fri", "2,000", ""],
        ["Sat", "", "x"],
    ]
    tbl = table._tbl
    assert tbl.findall(f"{W}tr")[0].find(f"{W}trPr/{W}tblHeader") is not None
    jcs = [
        tc.find(f"{W}p/{W}pPr/{W}jc").get(f"{W}val")
        for tc in tbl.findall(f"{W}tr")[0]
        if tc.tag == f"{W}tc"
    ]
    assert jcs == ["left", "right", "center"]
    assert tbl.find(f".//{W}i") is not None


def test_header_is_bold_when_the_table_style_has_no_header_look(tmp_path: Path) -> None:
    ref = docx.Document()
    style = ref.styles["Light List Accent 1"]
    style.element.getparent().remove(style.element)
    ref_path = tmp_path / "ref.docx"
    ref.save(ref_path)
    doc = docx.Document(str(ref_path))
    blocks = [_cell("Head", 0, 0, header=True), _cell("Body", 1, 0)]
    document = _doc(blocks)
    build(doc, document, _context(_source(tmp_path, "a.md"), document))
    table = doc.tables[0]
    assert table.style.name == "Table Grid"
    assert [r.bold for r in table.rows[0].cells[0].paragraphs[0].runs] == [True]
    assert [r.bold for r in table.rows[1].cells[0].paragraphs[0].runs] == [None]


# ---------------------------------------------------------------- runs


def test_strike_code_and_link_title(tmp_path: Path) -> None:
    text = 'Was ~~$40~~ now $25: run `tf export` or see [docs](https://ex.org "The manual").'
    data, _ = _built(_source(tmp_path, "a.md"), _doc([Block(K.PARAGRAPH, text)]))
    body = _body(data)
    runs = {("".join(r.itertext())): r for r in body.iter(f"{W}r")}
    assert runs["$40"].find(f"{W}rPr/{W}strike") is not None
    assert runs[" now $25: run "].find(f"{W}rPr/{W}strike") is None
    code = runs["tf export"].find(f"{W}rPr/{W}rStyle").get(f"{W}val")
    out = docx.Document(io.BytesIO(data))
    code_style = next(s for s in out.styles if s.style_id == code)
    assert code_style.name == "HTML Code" and code_style.font.name == "Courier New"
    link = body.find(f".//{W}hyperlink")
    assert link.get(f"{W}tooltip") == "The manual"
    assert "".join(link.itertext()) == "docs"


def test_code_inside_a_link_is_monospace_by_font(tmp_path: Path) -> None:
    data, _ = _built(
        _source(tmp_path, "a.md"), _doc([Block(K.PARAGRAPH, "[`main()`](https://ex.org)")])
    )
    run = _body(data).find(f".//{W}hyperlink/{W}r")
    assert run.find(f"{W}rPr/{W}rStyle").get(f"{W}val") == "Hyperlink"
    assert run.find(f"{W}rPr/{W}rFonts").get(f"{W}ascii") == "Courier New"


# ---------------------------------------------------------------- placeholders and notes


def test_note_placeholders_become_real_footnotes_and_endnotes(tmp_path: Path) -> None:
    blocks = [
        Block(
            K.PARAGRAPH,
            "Opened in 2024{fn1} and extended{en1}.",
            codes=(
                Code("fn1", CodeKind.NOTE, "1", "note:1"),
                Code("en1", CodeKind.NOTE, "i", "end:1"),
            ),
        ),
        Block(K.NOTE, "Source: the [city](https://city.example).", key="note:1",
              note=Note("footnote", "1")),
        Block(K.NOTE, "Second paragraph of the note.", key="note:1b",
              note=Note("footnote", "1")),
        Block(K.NOTE, "An endnote.", key="end:1", note=Note("endnote", "e1")),
        Block(K.NOTE, "Nobody refers to me.", key="note:9", note=Note("footnote", "9")),
    ]  # fmt: skip
    data, warnings = _built(_source(tmp_path, "a.md"), _doc(blocks))
    assert warnings == []
    body = _body(data)
    ref = body.find(f".//{W}footnoteReference")
    assert ref.get(f"{W}id") == "1"
    assert body.find(f".//{W}endnoteReference").get(f"{W}id") == "1"
    out = docx.Document(io.BytesIO(data))
    assert [p.text for p in out.paragraphs] == [
        "Opened in 2024 and extended.",
        "Nobody refers to me.",
    ]
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
        footnotes = etree.fromstring(z.read("word/footnotes.xml"))
        endnotes = etree.fromstring(z.read("word/endnotes.xml"))
        types = z.read("[Content_Types].xml").decode()
        rels = etree.fromstring(z.read("word/_rels/footnotes.xml.rels"))
    assert "word/footnotes.xml" in names and "footnotes+xml" in types and "endnotes+xml" in types
    note = footnotes.find(f"{W}footnote[@{W}id='1']")
    paras = ["".join(p.itertext()) for p in note.findall(f"{W}p")]
    assert paras == [" Source: the city.", "Second paragraph of the note."]
    assert note.find(f".//{W}footnoteRef") is not None
    assert note.find(f".//{W}hyperlink") is not None
    assert rels[0].get("Target") == "https://city.example"
    assert "".join(endnotes.find(f"{W}endnote[@{W}id='1']").itertext()) == " An endnote."
    styles = {s.name for s in out.styles}
    assert {"footnote text", "footnote reference"} <= {n.lower() for n in styles}


def test_field_object_and_unknown_placeholders(tmp_path: Path) -> None:
    block = Block(
        K.PARAGRAPH,
        "Page {PAGE} of {NUMPAGES}, {sym1} and {other}, {pic1}.",
        codes=(
            Code("PAGE", CodeKind.FIELD, "3"),
            Code("NUMPAGES", CodeKind.FIELD, "9"),
            Code("sym1", CodeKind.OBJECT, "★"),
            Code("pic1", CodeKind.PICTURE, "A chart", "word/media/image1.png"),
        ),
    )
    data, warnings = _built(_source(tmp_path, "a.md"), _doc([block]))
    body = _body(data)
    fields = body.findall(f".//{W}fldSimple")
    assert [f.get(f"{W}instr") for f in fields] == [" PAGE ", " NUMPAGES "]
    assert "".join(body.itertext()) == "Page 3 of 9, ★ and {other}, A chart."
    assert len(warnings) == 1 and "image1.png" in warnings[0]


def test_note_reference_to_a_missing_note_is_a_superscript_mark(tmp_path: Path) -> None:
    block = Block(K.PARAGRAPH, "Text{fn2}.", codes=(Code("fn2", CodeKind.NOTE, "2", "x"),))
    data, warnings = _built(_source(tmp_path, "a.md"), _doc([block]))
    run = next(r for r in _body(data).iter(f"{W}r") if "".join(r.itertext()) == "2")
    assert run.find(f"{W}rPr/{W}vertAlign").get(f"{W}val") == "superscript"
    assert "fn2" in warnings[0]


# ---------------------------------------------------------------- headings


def test_title_once_deck_in_subtitle_and_headings_as_written(tmp_path: Path) -> None:
    md = (
        "# Headline\n\n## The deck\n\nRIVERTON — The lead.\n\n## Section\n\n"
        "# Another top heading\n\n### Deeper\n"
    )
    root = _workspace(tmp_path, {"a.md": md})
    original, _ = _from_markdown(root, "a.md")
    data, _ = _built(_source(root, "a.md"), original)
    styles = [(p.style.name, p.text) for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert styles == [
        ("Title", "Headline"),
        ("Subtitle", "The deck"),
        ("Normal", "RIVERTON — The lead."),
        ("Heading 2", "Section"),
        ("Heading 1", "Another top heading"),
        ("Heading 3", "Deeper"),
    ]


def test_a_second_title_block_is_a_heading_1(tmp_path: Path) -> None:
    blocks = [Block(K.TITLE, "One", 1), Block(K.PARAGRAPH, "x"), Block(K.TITLE, "Two", 1)]
    data, _ = _built(_source(tmp_path, "a.txt"), _doc(blocks, "sources/a.txt"))
    styles = [p.style.name for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert styles == ["Title", "Normal", "Heading 1"]


def test_a_cell_under_a_merged_cell_keeps_its_text(tmp_path: Path) -> None:
    blocks = [_cell("Wide", 0, 0, colspan=2), _cell("Hidden", 0, 1), _cell("x", 1, 0)]
    data, warnings = _built(_source(tmp_path, "a.md"), _doc(blocks))
    assert warnings == []
    table = docx.Document(io.BytesIO(data)).tables[0]
    assert [p.text for p in table.cell(0, 0).paragraphs] == ["Wide", "Hidden"]


def test_the_writer_returns_the_builders_warnings(tmp_path: Path) -> None:
    root = _workspace(
        tmp_path,
        {"images.md": (FIXTURES / "images.md").read_text(encoding="utf-8"), "logo.png": LOGO},
    )
    original, translated = _from_markdown(root, "images.md")
    source = _source(root, "images.md")
    rendered = write_docx(translated, tmp_path / "a.docx", _context(source, original))
    assert any("https://cdn.example.org/qr.webp" in w for w in rendered.warnings)


def test_inline_html_of_a_markdown_source_is_not_text_in_word(tmp_path: Path) -> None:
    """A Markdown source's inline HTML (placeholders with ref "html") shows its text in
    Word, never the tags; a <br> is a line break."""
    root = _workspace(
        tmp_path, {"a.md": 'Title\n\n<span class="city">RIVERTON</span> opens.<br>Today.\n'}
    )
    original, _ = _from_markdown(root, "a.md")
    data, _warnings = _built(_source(root, "a.md"), original)
    body = _body(data)
    text = "".join(body.itertext())
    assert "RIVERTON opens." in text and "<span" not in text and "span1" not in text
    assert body.find(".//" + W + "br") is not None


# ---------------------------------------------------------------- verbatim Markdown blocks


def _md_docx(tmp_path: Path, md: str) -> tuple[etree._Element, list[str]]:
    root = _workspace(tmp_path, {"a.md": md})
    original, _ = _from_markdown(root, "a.md")
    data, warnings = _built(_source(root, "a.md"), original)
    return _body(data), warnings


def _paragraph_texts(body: etree._Element) -> list[str]:
    return ["".join(p.itertext()) for p in body.iter(W + "p")]


def test_link_reference_definitions_are_not_text_in_word(tmp_path: Path) -> None:
    """CommonMark 194/219: ``[foo]: /url "title"`` is not visible text; the link that
    uses it keeps the URL."""
    body, _ = _md_docx(tmp_path, '[foo]\n\n[foo]: /url "title"\n[bar]: /bar-url\n  "bar"\n')
    text = "".join(body.itertext())
    assert text == "foo"
    assert body.find(".//" + W + "hyperlink") is not None


def test_html_block_is_its_text_without_tags_with_a_warning(tmp_path: Path) -> None:
    """CommonMark 159/164/172: an HTML block reaches Word as its visible text (a link as a
    link); scripts, styles and comments show nothing; one warning."""
    md = (
        'Intro.\n\n<div><a href="bar">*foo*</a></div>\n\n<Warning>\n*bar*\n</Warning>\n\n'
        '<script type="text/javascript">\nalert("x");\n</script>\n\n<!-- hidden -->\n\nEnd.\n'
    )
    body, warnings = _md_docx(tmp_path, md)
    texts = [t for t in _paragraph_texts(body) if t]
    assert texts == ["Intro.", "*foo*", "*bar*", "End."]
    assert "<" not in "".join(texts) and "alert" not in "".join(texts)
    link = body.find(".//" + W + "hyperlink")
    assert link is not None and "".join(link.itertext()) == "*foo*"
    assert sum("raw HTML" in w for w in warnings) == 1


def test_simple_html_table_becomes_a_word_table(tmp_path: Path) -> None:
    """CommonMark 149/192: an HTML table (also split over several HTML blocks) is a Word
    table with its cells' text; <th> cells are the header."""
    md = "<table>\n\n<tr>\n\n<th>Name</th><th>Age</th>\n\n</tr>\n<tr><td>Hi <b>there</b></td>"
    md += "<td>\n4\n</td></tr>\n\n</table>\n\nokay.\n"
    body, warnings = _md_docx(tmp_path, md)
    tables = body.findall(".//" + W + "tbl")
    assert len(tables) == 1
    rows = tables[0].findall(W + "tr")
    assert [["".join(tc.itertext()) for tc in tr.findall(W + "tc")] for tr in rows] == [
        ["Name", "Age"],
        ["Hi there", "4"],
    ]
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
    assert "<" not in "".join(body.itertext())
    assert any("raw HTML" in w for w in warnings)


def test_code_blocks_are_their_content_without_fences(tmp_path: Path) -> None:
    """CommonMark 142/143/185: a fenced block's fences and info string are not text; an
    indented code block that holds an HTML comment is text (not skipped)."""
    md = "~~~~    ruby startline=3\ndef foo(x)\n  return 3\nend\n~~~~~~~\n\n    <!-- foo -->\n"
    body, _ = _md_docx(tmp_path, md)
    texts = [t for t in _paragraph_texts(body) if t]
    assert texts == ["def foo(x)  return 3end", "<!-- foo -->"]  # lines are w:br
    assert "ruby" not in "".join(body.itertext())


def test_empty_headings_keep_their_style_and_the_end_mark_stays(tmp_path: Path) -> None:
    """CommonMark 079: ``##`` and ``#`` are empty headings (no text in Word either); a
    ``###`` end mark is still written as the press release's end mark."""
    body, _ = _md_docx(tmp_path, "Text.\n\n## \n#\n\n###\n")
    texts = _paragraph_texts(body)
    assert "##" not in texts and "#" not in texts and "###" in texts
    styles = [
        p.find(f"{W}pPr/{W}pStyle").get(W + "val")
        for p in body.iter(W + "p")
        if p.find(f"{W}pPr/{W}pStyle") is not None
    ]
    assert "Heading2" in styles and "Heading1" in styles


def test_processing_instruction_left_open_is_not_text(tmp_path: Path) -> None:
    """markdown-it extras-032: ``<?php`` (an HTML block) shows nothing."""
    body, _ = _md_docx(tmp_path, "a\n<?php\n\n*&#x20;*\n")
    assert [t for t in _paragraph_texts(body) if t] == ["a"]
