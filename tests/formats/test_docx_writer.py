"""DOCX writer: skeleton merge of a pseudo-translation (structure, formatting, no source
text anywhere), language and direction per script, core properties, determinism, and a
document built from Markdown-shaped blocks with real Word styles or a reference document."""

from __future__ import annotations

import importlib.util
import io
import re
import zipfile
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from lxml import etree

from transflow.core.inline import formatting_signature, parse, render
from transflow.core.model import Block, BlockKind, Document, ListItem, TableCell
from transflow.core.records import SourceFile
from transflow.formats import ExportContext, read_source
from transflow.formats.docx import write_docx
from transflow.lang.codes import info

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location(
    "docx_fixtures", ROOT / "tests/fixtures/docx/make_fixtures.py"
)
assert _spec and _spec.loader
fx = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fx)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def pseudo(markup: str) -> str:
    """Mark every text span ⟦…⟧, keeping its formatting and link."""
    return render(
        [replace(sp, text=f"⟦{sp.text}⟧") if sp.text.strip() else sp for sp in parse(markup)]
    )


def _export(src_path: Path, lang: str, translate=pseudo) -> tuple[Document, Document, bytes]:
    source = SourceFile(src_path, f"sources/{src_path.name}", src_path.stem)
    original = read_source(source)
    translated = replace(
        original, blocks=tuple(replace(b, text=translate(b.text)) for b in original.blocks)
    )
    ctx = ExportContext(
        source, original, info(lang), "en", "", f"Translated from {source.rel} (en), 100 %"
    )
    return original, translated, write_docx(translated, Path("out.docx"), ctx).data


def _no_italics(markup: str, lang: str) -> str:
    """What italics become in a script without them: bold in Arabic, emphasis marks
    (not read back as markup) in Chinese."""
    if lang not in ("ar", "zh_Hans"):
        return markup
    return render(
        [
            replace(sp, italic=False, bold=sp.bold or (sp.italic and lang == "ar"))
            for sp in parse(markup)
        ]
    )


def _reread(data: bytes, tmp_path: Path, name: str = "out.docx") -> Document:
    path = tmp_path / name
    path.write_bytes(data)
    return read_source(SourceFile(path, f"exports/{name}", "out"))


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


def _xml(data: bytes, part: str) -> etree._Element:
    return etree.fromstring(_parts(data)[part])


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fx.sample(tmp_path_factory.mktemp("src") / "harbour-festival-2026.docx")


@pytest.fixture(scope="module")
def tricky(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fx.tricky(tmp_path_factory.mktemp("src") / "tricky.docx")


@pytest.mark.parametrize("which", ["sample", "tricky"])
@pytest.mark.parametrize("lang", ["ru", "ar", "zh_Hans"])
def test_pseudo_translation_round_trip(
    request: pytest.FixtureRequest, tmp_path: Path, which: str, lang: str
) -> None:
    src = request.getfixturevalue(which)
    original, translated, data = _export(src, lang)
    back = _reread(data, tmp_path)
    assert [(b.key, b.kind, b.level, b.style, b.note, b.cell, b.item) for b in back.blocks] == [
        (b.key, b.kind, b.level, b.style, b.note, b.cell, b.item) for b in original.blocks
    ]
    for want, got in zip(translated.blocks, back.blocks, strict=True):
        expected = _no_italics(want.text, lang)
        # in right-to-left text, left-to-right pieces come back with their marks (LRM)
        assert got.text.replace("\u200e", "") == expected
        assert formatting_signature(got.text) == formatting_signature(expected)
    # no source text left in any w:t of any part: outside ⟦…⟧ only digits (the PAGE field)
    for name, blob in _parts(data).items():
        if not name.endswith(".xml"):
            continue
        root = etree.fromstring(blob)
        for p in root.iter(f"{W}p"):
            # field results (fldSimple, PAGE) are kept as they are: Word recomputes them
            text = "".join(
                t.text or ""
                for t in p.iter(f"{W}t")
                if not any(a.tag == f"{W}fldSimple" for a in t.iterancestors())
            )
            rest = re.sub(r"⟦[^⟧]*⟧", "", text.replace("\u200e", ""))
            assert not re.search(r"[A-Za-z]", rest), f"{name}: {text!r}"
    core = docx.Document(io.BytesIO(data)).core_properties
    assert core.title.startswith("⟦") and core.title.endswith("⟧")


def test_skeleton_keeps_everything_but_text(sample: Path) -> None:
    _, _, data = _export(sample, "ru")
    src_parts, out_parts = _parts(sample.read_bytes()), _parts(data)
    assert "word/media/image1.png" in out_parts
    assert out_parts["word/media/image1.png"] == src_parts["word/media/image1.png"]
    for part in ("word/header1.xml", "word/footer1.xml", "word/numbering.xml"):
        assert part in out_parts
    src_doc, out_doc = docx.Document(str(sample)), docx.Document(io.BytesIO(data))
    assert [p.style.name for p in out_doc.paragraphs] == [p.style.name for p in src_doc.paragraphs]
    assert len(out_doc.tables) == len(src_doc.tables) == 1
    assert out_doc.tables[0].style.name == "Light List Accent 1"
    header = _xml(data, "word/header1.xml")
    assert header.find(f".//{W}drawing") is not None
    footer = _xml(data, "word/footer1.xml")
    assert [c.get(f"{W}fldCharType") for c in footer.iter(f"{W}fldChar")] == [
        "begin",
        "separate",
        "end",
    ]
    assert footer.find(f".//{W}instrText").text.strip() == "PAGE"
    out_section, src_section = out_doc.sections[0], src_doc.sections[0]
    assert (out_section.page_width, out_section.left_margin) == (
        src_section.page_width,
        src_section.left_margin,
    )


def test_formatting_goes_where_the_translation_puts_it(sample: Path, tmp_path: Path) -> None:
    def translate(text: str) -> str:
        if "Admission" in text:
            return "**Вход свободный** на все события; программа на [сайте](https://www.portellenfestival.org/programme) и [в блоге](https://blog.example.org/ru)."
        return "Текст"

    _, _, data = _export(sample, "ru", translate)
    back = {b.key: b.text for b in _reread(data, tmp_path).blocks}
    assert back["body/p:4"] == (
        "**Вход свободный** на все события; программа на "
        "[сайте](https://www.portellenfestival.org/programme) и [в блоге](https://blog.example.org/ru)."
    )
    out = docx.Document(io.BytesIO(data))
    rels = [r for r in out.part.rels.values() if r.reltype.endswith("/hyperlink")]
    targets = sorted(r.target_ref for r in rels)
    assert targets.count("https://www.portellenfestival.org/programme") == 1  # reused
    assert "https://blog.example.org/ru" in targets
    body = _xml(data, "word/document.xml")
    styles = {r.get(f"{W}val") for r in body.iter(f"{W}rStyle")}
    assert "Hyperlink" in styles


def _langs(root: etree._Element, attr: str) -> set[str | None]:
    return {el.get(f"{W}{attr}") for el in root.iter(f"{W}lang")}


def test_russian_language_everywhere(sample: Path) -> None:
    _, _, data = _export(sample, "ru")
    body = _xml(data, "word/document.xml")
    runs = [r for r in body.iter(f"{W}r") if r.find(f"{W}t") is not None]
    assert all(r.find(f"{W}rPr/{W}lang").get(f"{W}val") == "ru" for r in runs)
    styles = _xml(data, "word/styles.xml")
    assert styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang").get(f"{W}val") == "ru"
    for style in styles.findall(f"{W}style[@{W}type='paragraph']"):
        assert style.find(f"{W}rPr/{W}lang").get(f"{W}val") == "ru"
    assert body.find(f".//{W}bidi") is None and body.find(f".//{W}rtl") is None
    assert docx.Document(io.BytesIO(data)).core_properties.language == "ru"


def test_arabic_is_right_to_left(sample: Path) -> None:
    _, _, data = _export(sample, "ar")
    for part in ("word/document.xml", "word/header1.xml", "word/footer1.xml"):
        root = _xml(data, part)
        for p in root.iter(f"{W}p"):
            assert p.find(f"{W}pPr/{W}bidi") is not None, part
        for r in root.iter(f"{W}r"):
            if (
                r.find(f"{W}t") is not None
                and r.find(f"{W}fldChar") is None
                and "⟦" in "".join(r.itertext())
            ):
                assert r.find(f"{W}rPr/{W}rtl") is not None
                assert r.find(f"{W}rPr/{W}lang").get(f"{W}bidi") == "ar"
        # alignment is left to w:bidi: a start-aligned paragraph becomes right-aligned
        assert not [j for j in root.iter(f"{W}jc") if j.get(f"{W}val") == "right"]
    body = _xml(data, "word/document.xml")
    assert body.find(f".//{W}tblPr/{W}bidiVisual") is not None
    styles = _xml(data, "word/styles.xml")
    assert styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang").get(f"{W}bidi") == "ar"
    assert docx.Document(io.BytesIO(data)).core_properties.language == "ar"


def test_chinese_gets_east_asian_language_and_fonts(sample: Path) -> None:
    _, _, data = _export(sample, "zh_Hans")
    body = _xml(data, "word/document.xml")
    written = [r for r in body.iter(f"{W}r") if "⟦" in "".join(r.itertext())]
    assert written
    for r in written:
        assert r.find(f"{W}rPr/{W}rFonts").get(f"{W}hint") == "eastAsia"
        assert r.find(f"{W}rPr/{W}lang").get(f"{W}eastAsia") == "zh-CN"
    defaults = _xml(data, "word/styles.xml").find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert defaults.find(f"{W}rFonts").get(f"{W}eastAsia") == "Microsoft YaHei"  # sans, as Arial
    assert defaults.find(f"{W}lang").get(f"{W}eastAsia") == "zh-CN"
    assert docx.Document(io.BytesIO(data)).core_properties.language == "zh-Hans"


def test_core_properties_and_determinism(sample: Path) -> None:
    _, _, first = _export(sample, "ru")
    _, _, second = _export(sample, "ru")
    assert first == second
    core = docx.Document(io.BytesIO(first)).core_properties
    # no internal path, nothing left in the source language (keywords are not units)
    assert core.comments == ""
    assert core.keywords == ""
    assert "sources/" not in _parts(first)["docProps/core.xml"].decode()
    assert core.created.date().isoformat() == "2026-04-09"
    assert core.modified == core.created
    assert "docProps/thumbnail.jpeg" not in _parts(first)


def test_tricky_skeleton_keeps_drawing_field_and_bookmark(tricky: Path) -> None:
    _, _, data = _export(tricky, "ru")
    body = _xml(data, "word/document.xml")
    paragraphs = body.find(f"{W}body").findall(f"{W}p")
    updated = paragraphs[2]
    assert updated.find(f".//{W}drawing") is not None
    assert updated.find(f"{W}fldSimple") is not None
    assert "".join(updated.find(f"{W}fldSimple").itertext()) == "9 April 2026"
    assert paragraphs[1].find(f"{W}bookmarkStart") is not None
    assert paragraphs[1].find(f"{W}proofErr") is None
    # tracked changes are accepted: no deletion left, the insertion unwrapped
    assert next(body.iter(f"{W}delText", f"{W}del", f"{W}ins"), None) is None
    kept = "".join(t.text or "" for t in paragraphs[3].iter(f"{W}t"))
    assert "⟦Kept inserted text, then a ⟧" in kept
    assert "DELETED" not in kept
    assert paragraphs[4].find(f".//{W}br[@{W}type='page']") is not None


def _markdown_doc() -> Document:
    b = Block
    blocks = (
        b(BlockKind.META, "Harbour festival", key="front:title"),
        b(BlockKind.TITLE, "Harbour festival", 1, key="0"),
        b(BlockKind.PARAGRAPH, "A **bold** lead with a [link](https://example.org/a).", key="1"),
        b(BlockKind.HEADING, "Programme", 2, key="2"),
        b(BlockKind.QUOTE, "*We are proud*, said the chair.", key="3"),
        b(BlockKind.LIST_ITEM, "First", 1, key="4", item=ListItem(False)),
        b(BlockKind.LIST_ITEM, "Nested", 2, key="5", item=ListItem(False)),
        b(BlockKind.LIST_ITEM, "Step one", 1, key="6", item=ListItem(True)),
        *(
            b(BlockKind.TABLE_CELL, text, key=f"table:0:row:{r}:col:{c}", cell=TableCell(0, r, c))
            for r, row in enumerate([("Day", "Visitors"), ("Friday", "2,000")])
            for c, text in enumerate(row)
        ),
        b(BlockKind.RAW, "print('code')", key="7"),
        b(BlockKind.RAW, "![](logo.png)", key="8"),
        b(BlockKind.HEADING, "Contact", 6, key="9"),
    )
    return Document("sources/a.md", "a", "markdown", blocks, (("date", "2026-03-14"),))


def _build(tmp_path: Path, lang: str = "ru", reference: Path | None = None) -> bytes:
    doc = _markdown_doc()
    ctx = ExportContext(
        SourceFile(tmp_path / "a.md", "sources/a.md", "a"),
        doc,
        info(lang),
        "en",
        "",
        "from a.md",
        reference,
        template_strings=(("PRESS RELEASE", "ПРЕСС-РЕЛИЗ"),),
    )
    return write_docx(doc, tmp_path / "a.docx", ctx).data


def test_built_from_markdown_uses_real_styles(tmp_path: Path) -> None:
    data = _build(tmp_path)
    out = docx.Document(io.BytesIO(data))
    styles = [(p.style.name, p.text) for p in out.paragraphs]
    assert styles == [
        ("Press Label", "ПРЕСС-РЕЛИЗ"),  # the built-in template's label, translated
        ("Title", "Harbour festival"),
        ("Normal", "A bold lead with a link."),
        ("Heading 2", "Programme"),
        ("Quote", "We are proud, said the chair."),
        ("List Bullet", "First"),
        ("List Bullet 2", "Nested"),
        ("List Number", "Step one"),
        ("macro", "print('code')"),
        ("Heading 6", "Contact"),
    ]
    table = out.tables[0]
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["Day", "Visitors"],
        ["Friday", "2,000"],
    ]
    assert table.style.name == "Light List"  # the template's plain table style
    body = _xml(data, "word/document.xml")
    assert body.find(f".//{W}hyperlink/{W}r/{W}rPr/{W}rStyle").get(f"{W}val") == "Hyperlink"
    assert any(r.target_ref == "https://example.org/a" for r in out.part.rels.values())
    bold = [r.text for r in out.paragraphs[2].runs if r.bold]
    assert bold == ["bold"]
    core = out.core_properties
    assert (core.title, core.language, core.comments) == ("Harbour festival", "ru", "")
    assert core.created.date().isoformat() == "2026-03-14"
    assert _build(tmp_path) == data  # deterministic


def test_built_with_reference_document(tmp_path: Path) -> None:
    ref = docx.Document()
    ref.add_paragraph("Letterhead body text that must go")
    ref.sections[0].header.paragraphs[0].text = "ACME letterhead"
    ref.styles["Title"].font.size = docx.shared.Pt(40)
    ref_path = tmp_path / "ref.docx"
    ref.save(ref_path)
    data = _build(tmp_path, "ar", ref_path)
    out = docx.Document(io.BytesIO(data))
    assert "Letterhead body text" not in "".join(p.text for p in out.paragraphs)
    assert out.sections[0].header.paragraphs[0].text == "ACME letterhead"
    assert out.styles["Title"].font.size == docx.shared.Pt(40)
    assert out.paragraphs[0].style.name == "Title"
    body = _xml(data, "word/document.xml")
    assert all(p.find(f"{W}pPr/{W}bidi") is not None for p in body.iter(f"{W}p"))


R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_A_BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"


def _drawing_runs(root: etree._Element) -> list[bytes]:
    return [etree.tostring(r) for r in root.iter(f"{W}r") if r.find(f"{W}drawing") is not None]


@pytest.mark.parametrize("which", ["sample", "tricky"])
def test_right_to_left_keeps_pictures_untouched(request: pytest.FixtureRequest, which: str) -> None:
    """Regression (Arabic header logo "missing"): an RTL export keeps every picture run
    byte for byte (no w:rtl or w:lang added to it) and its image part resolvable. In an
    RTL paragraph the logo, first in logical order, is drawn at the right margin."""
    src = request.getfixturevalue(which)
    _, _, data = _export(src, "ar")
    src_parts, out_parts = _parts(src.read_bytes()), _parts(data)
    checked = 0
    for name in sorted(src_parts):
        if not re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", name):
            continue
        source_root, out_root = etree.fromstring(src_parts[name]), _xml(data, name)
        assert _drawing_runs(out_root) == _drawing_runs(source_root), name
        folder, base = name.rsplit("/", 1)
        blips = list(out_root.iter(_A_BLIP))
        if not blips:
            continue
        rels = etree.fromstring(out_parts[f"{folder}/_rels/{base}.rels"])
        targets = {rel.get("Id"): rel.get("Target") for rel in rels}
        for blip in blips:
            target = f"word/{targets[blip.get(f'{R}embed')]}"
            assert out_parts[target] == src_parts[target]
            checked += 1
        if name.startswith("word/header"):
            # the picture still comes first in the header paragraph, before the text
            p = next(p for p in out_root.iter(f"{W}p") if p.find(f".//{W}drawing") is not None)
            runs = p.findall(f"{W}r")
            assert runs[0].find(f"{W}drawing") is not None
            assert any("⟦" in "".join(r.itertext()) for r in runs[1:])
    assert checked >= 1


def test_date_display_goes_to_core_subject_only(sample: Path, tmp_path: Path) -> None:
    source = SourceFile(sample, f"sources/{sample.name}", sample.stem)
    original = read_source(source)
    ctx = ExportContext(source, original, info("ru"), "en", "9 апреля 2026 г.", "desc")
    data = write_docx(original, Path("out.docx"), ctx).data
    assert docx.Document(io.BytesIO(data)).core_properties.subject == "9 апреля 2026 г."
    for name, blob in _parts(data).items():  # metadata, never visible text
        if name.startswith("word/") and name.endswith(".xml"):
            assert "апреля" not in "".join(etree.fromstring(blob).itertext()), name
    # no date: the subject stays as it was (empty in the sample)
    _, _, plain_data = _export(sample, "ru")
    assert docx.Document(io.BytesIO(plain_data)).core_properties.subject == ""
    # a document built from Markdown blocks gets it too
    doc = _markdown_doc()
    built_ctx = ExportContext(
        SourceFile(tmp_path / "a.md", "sources/a.md", "a"), doc, info("ru"), "en", "14 марта", ""
    )
    built = write_docx(doc, tmp_path / "a.docx", built_ctx).data
    assert docx.Document(io.BytesIO(built)).core_properties.subject == "14 марта"
