"""DOCX source fidelity (issue 11): what sits between the words (fields, pictures, note
references, text boxes, content controls) reaches the translator as a placeholder and
comes back exactly where the translation puts it; notes and text boxes are translated;
tracked changes are accepted, comments removed, tables of contents left to Word.

Each test: extract → the msgid the translator sees → a translation that moves things →
export → read the exported XML and check every element is where the translation put
it and nothing is lost."""

from __future__ import annotations

import importlib.util
import io
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from transflow.core.errors import InputError
from transflow.core.model import BlockKind, CodeKind, Document, Note, Role, TableCell
from transflow.core.records import SourceFile
from transflow.formats import ExportContext, read_source
from transflow.formats import docx as docx_format
from transflow.formats.docx import write_docx
from transflow.lang.codes import info
from transflow.ops.exportdoc import translate_document
from transflow.segment.sentences import units_of
from transflow.workspace import store

ROOT = Path(__file__).resolve().parents[2]
FIDELITY = ROOT / "tests/fixtures/docx/fidelity"
_spec = importlib.util.spec_from_file_location(
    "docx_fidelity", ROOT / "tests/fixtures/docx/make_fidelity.py"
)
assert _spec and _spec.loader
mf = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mf)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"


def _source(path: Path) -> SourceFile:
    return SourceFile(path, f"sources/{path.name}", path.stem)


def read(path: Path) -> Document:
    return read_source(_source(path))


def units(doc: Document) -> list[str]:
    return [text for _, text in units_of(doc.blocks, "sentence", "en")]


def export(
    path: Path, translate: dict[str, str] | Callable[[str], str], lang: str = "ru"
) -> tuple[Document, bytes, tuple[str, ...]]:
    """The real export path: units → translations → translate_document → write_docx."""
    doc = read(path)
    fn = translate if callable(translate) else (lambda s: translate.get(s, s))  # type: ignore[union-attr]
    table = {text: fn(text) for text in units(doc)}
    translated = translate_document(doc, "sentence", "en", table, info(lang))
    ctx = ExportContext(_source(path), doc, info(lang), "en", "", "test")
    rendered = write_docx(translated, Path("out.docx"), ctx)
    return doc, rendered.data, rendered.warnings


def part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read(name))


def names(data: bytes) -> set[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return set(z.namelist())


def local(el: etree._Element) -> str:
    return el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""


def shape(el: etree._Element) -> str:
    """A paragraph's content in order: text, and every non-text element as a token."""
    out: list[str] = []
    for node in el:
        tag = local(node)
        if tag == "t":
            out.append(node.text or "")
        elif tag == "tab":
            out.append("\t")
        elif tag == "br":
            out.append("\n" if node.get(f"{W}type") is None else f"[{node.get(f'{W}type')}]")
        elif tag == "drawing":
            pr = next(node.iter("{*}docPr"))
            out.append(f"[pic {pr.get('descr') or pr.get('title') or ''}]")
        elif tag == "fldChar":
            out.append(f"[{node.get(f'{W}fldCharType')}]")
        elif tag == "instrText":
            out.append(f"[{(node.text or '').strip()}]")
        elif tag == "fldSimple":
            out.append(f"[simple {node.get(f'{W}instr', '').strip()}:{shape(node)}]")
        elif tag == "hyperlink":
            out.append(f"<a>{shape(node)}</a>")
        elif tag in ("footnoteReference", "endnoteReference"):
            out.append(f"[{tag[:3]}{node.get(f'{W}id')}]")
        elif tag == "AlternateContent":
            out.append("[textbox]")
        elif tag in ("r", "ins", "sdt", "sdtContent", "smartTag"):
            out.append(shape(node))
    return "".join(out)


def body_paragraphs(data: bytes) -> list[etree._Element]:
    return part(data, "word/document.xml").find(f"{W}body").findall(f"{W}p")


def count(root: etree._Element, tag: str) -> int:
    return sum(1 for _ in root.iter(tag))


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    folder = tmp_path_factory.mktemp("fidelity")
    cache: dict[str, Path] = {}

    def get(name: str) -> Path:
        if name not in cache:
            cache[name] = mf.ALL[name](folder / f"{name}.docx")
        return cache[name]

    return get


# ---------------------------------------------------------------- fields


def test_page_of_numpages_comes_back_in_place(made: Callable[[str], Path]) -> None:
    doc, data, warnings = export(
        made("footer_page"), {"Page {PAGE} of {NUMPAGES}": "Страница {PAGE} из {NUMPAGES}"}
    )
    footer = next(b for b in doc.blocks if b.kind is BlockKind.FOOTER)
    assert footer.text == "Page {PAGE} of {NUMPAGES}"
    assert [(c.name, c.kind, c.text) for c in footer.codes] == [
        ("PAGE", CodeKind.FIELD, "1"),
        ("NUMPAGES", CodeKind.FIELD, "3"),
    ]
    ftr = part(data, "word/footer1.xml").find(f"{W}p")
    assert shape(ftr) == "Страница [begin][PAGE][separate]1[end] из [simple NUMPAGES:3]"
    assert warnings == ()


def test_a_translator_may_move_fields(made: Callable[[str], Path]) -> None:
    _, data, _ = export(made("footer_page"), {"Page {PAGE} of {NUMPAGES}": "{NUMPAGES}: {PAGE}"})
    ftr = part(data, "word/footer1.xml").find(f"{W}p")
    assert shape(ftr) == "[simple NUMPAGES:3]: [begin][PAGE][separate]1[end]"


def test_ref_and_date_fields_are_placeholders(made: Callable[[str], Path]) -> None:
    path = made("ref_date")
    doc = read(path)
    assert units(doc) == [
        "As shown in {REF} and updated on {DATE}, the figures are final.",
        "The second REF {REF} follows.",
    ]
    assert doc.blocks[0].code("REF").text == "Table 1"  # type: ignore[union-attr]
    _, data, warnings = export(
        path,
        {
            units(doc)[0]: "Am {DATE} aktualisiert, wie {REF} zeigt: endgültig.",
            units(doc)[1]: "Danach {REF}.",
        },
        "de",
    )
    first, second = body_paragraphs(data)[:2]
    assert shape(first) == (
        'Am [simple DATE \\@ "d MMMM yyyy":9 April 2026] aktualisiert, wie '
        "[begin][REF _Ref1 \\h][separate]Table 1[end] zeigt: endgültig."
    )
    assert shape(second) == "Danach [begin][REF _Ref2][separate]Table 2[end]."
    assert warnings == ()


def test_second_field_of_a_kind_is_numbered() -> None:
    from transflow.core.inline import render
    from transflow.formats.docx_inline import scan_paragraph

    p = mf.el(
        f"<w:p>{mf.complex_field('PAGE', '1')}{mf.t(' and ')}{mf.complex_field('PAGE', '1')}</w:p>"
    )
    assert render(scan_paragraph(p, {}).spans) == "{PAGE} and {PAGE2}"


def test_hyperlink_fields_become_link_text(made: Callable[[str], Path]) -> None:
    path = made("hyperlink_field")
    doc = read(path)
    assert units(doc) == [
        'Visit [our **festival** website](https://example.com/fest "Festival site") '
        "for the programme.",
        "See also the [venue list](#venues).",
    ]
    _, data, _ = export(
        path,
        {
            units(doc)[0]: '[Unsere **Festival**-Website](https://example.com/fest "Festseite") '
            "zeigt das Programm.",
            units(doc)[1]: "Siehe die [Liste der Orte](#venues).",
        },
        "de",
    )
    p = body_paragraphs(data)[0]
    assert count(p, f"{W}fldChar") == 0 and count(p, f"{W}fldSimple") == 0
    assert shape(p) == (
        "<a>Unsere Festival-Website</a> zeigt das Programm. Siehe die <a>Liste der Orte</a>."
    )
    links = p.findall(f"{W}hyperlink")
    assert links[0].get(f"{W}tooltip") == "Festseite"
    assert links[1].get(f"{W}anchor") == "venues"
    rels = part(data, "word/_rels/document.xml.rels")
    target = next(r for r in rels if r.get("Id") == links[0].get(f"{R}id"))
    assert target.get("Target") == "https://example.com/fest"


def test_reference_fieldlink_sentence_has_no_hole() -> None:
    doc = read(FIDELITY / "fieldlink.docx")
    assert units(doc)[0] == (
        "Visit [our festival website](https://example.com/festival) for the full programme."
    )
    _, data, _ = export(
        FIDELITY / "fieldlink.docx",
        lambda s: s.replace("Visit", "Посетите").replace("our festival website", "наш сайт"),
    )
    assert shape(body_paragraphs(data)[0]) == (
        "Посетите <a>наш сайт</a> for the full programme. Tickets go on sale on Monday."
    )


# ---------------------------------------------------------------- pictures


def test_pictures_keep_their_place_and_a_linked_picture_one_link(
    made: Callable[[str], Path],
) -> None:
    path = made("pictures")
    doc = read(path)
    # each picture's description is a unit of its own, keyed to its drawing
    assert units(doc) == [
        "Look for the {picture1} logo at the entrance.",
        "Harbour logo",
        "Boats moor {picture1}beside the pier.",
        "Boat",
        "Our sponsor [{picture1}](https://example.com/) supports the regatta.",
        "Sponsor",
        "Map",
    ]
    descriptions = [b for b in doc.blocks if b.kind is BlockKind.IMAGE_ALT]
    assert (descriptions[0].key, descriptions[0].role) == (
        "body/p:0/descr:picture1",
        Role.IMAGE_ALT,
    )
    inline, anchored, linked, alone = [b for b in doc.blocks if b not in descriptions]
    assert linked.codes[0].text == "Sponsor"
    assert inline.codes[0].kind is CodeKind.PICTURE
    assert (inline.codes[0].text, inline.codes[0].ref) == ("Harbour logo", "word/media/image1.png")
    assert anchored.codes[0].text == "Boat"  # the title when there is no description
    assert alone.text == "{picture1}"  # kept (a noise block) so a writer can place it
    _, data, warnings = export(
        path,
        {
            units(doc)[0]: "Логотип {picture1} ищите у входа.",
            units(doc)[2]: "{picture1}Лодки швартуются у пирса.",
            units(doc)[4]: "Регату поддерживает [{picture1}](https://example.com/) наш спонсор.",
            "Harbour logo": "Логотип гавани",
            "Boat": "Лодка",
            "Sponsor": "Спонсор",
            "Map": "Карта",
        },
    )
    ps = body_paragraphs(data)
    assert shape(ps[0]) == "Логотип [pic Логотип гавани] ищите у входа."
    assert shape(ps[1]) == "[pic Лодка]Лодки швартуются у пирса."
    assert ps[1].find(".//{*}anchor") is not None
    assert next(ps[1].iter("{*}docPr")).get("title") == "Лодка"  # where it came from
    assert shape(ps[2]) == "Регату поддерживает <a>[pic Спонсор]</a> наш спонсор."
    assert count(ps[2], f"{W}hyperlink") == 1
    assert shape(ps[3]) == "[pic Карта]"
    assert count(part(data, "word/document.xml"), f"{W}drawing") == 4
    assert warnings == ()


def test_picture_description_is_translated_in_markdown(made: Callable[[str], Path]) -> None:
    from transflow.formats.markdown_write import write_markdown

    path = made("pictures")
    doc = read(path)
    table = {text: f"«{text}»" for text in units(doc)}
    translated = translate_document(doc, "sentence", "en", table, info("ru"))
    ctx = ExportContext(_source(path), doc, info("ru"), "en", "", "test")
    text = write_markdown(translated, Path("out.md"), ctx).data.decode()
    assert "![«Harbour logo»](" in text and "![«Map»](" in text
    assert "Harbour logo»\n" not in text  # not a paragraph of its own
    assert text.count("«Harbour logo»") == 1


def test_symbol_font_characters_are_unicode_in_markdown(made: Callable[[str], Path]) -> None:
    """A w:sym or a character of a Symbol/Wingdings run is its Unicode meaning in
    Markdown (never a private-use code point) and stays the same element in DOCX."""
    from transflow.formats.markdown_write import write_markdown

    path = made("symbols")
    doc = read(path)
    assert units(doc) == ["Prices rise by 10 %{object1} and {object2}{object3}{object4} today."]
    ctx = ExportContext(_source(path), doc, info("de"), "en", "", "test")
    text = write_markdown(doc, Path("out.md"), ctx).data.decode()
    assert "10 %± and ✓\ufffdα today." in text
    assert not re.search("[\ue000-\uf8ff]", text)
    _, data, _ = export(path, {}, "de")
    syms = [s.get(f"{W}font") for s in part(data, "word/document.xml").iter(f"{W}sym")]
    assert syms == ["Symbol", "Wingdings", "Webdings"]
    assert "\uf061" in shape(body_paragraphs(data)[0])


def test_linked_and_object_pictures_reach_markdown(made: Callable[[str], Path]) -> None:
    """A picture linked to a file beside the source is copied into the assets; one
    linked to the author's own disk stays a picture without its path (never a
    ``file://`` in an export); an embedded object shows its preview picture."""
    from transflow.formats.markdown_write import write_markdown

    path = made("linked_pictures")
    doc = read(path)
    ctx = ExportContext(_source(path), doc, info("de"), "en", "", "test")
    rendered = write_markdown(doc, Path("out.md"), ctx)
    text = rendered.data.decode()
    assert "![Local logo]() and ![Beside](beside.png) side by side." in text
    assert "file:" not in text and "jane" not in text
    assert "The chart ![Chart preview](linked_pictures.assets/" in text
    assert any("local file" in w for w in rendered.warnings)
    (path.parent / "beside.png").write_bytes(mf.png())
    try:
        rendered = write_markdown(doc, Path("out.md"), ctx)
    finally:
        (path.parent / "beside.png").unlink()
    assert "![Beside](linked_pictures.assets/beside.png)" in rendered.data.decode()
    assert "linked_pictures.assets/beside.png" in [name for name, _ in rendered.assets]
    _, data, _ = export(path, {}, "de")  # the DOCX keeps the object as it was
    assert (
        count(part(data, "word/document.xml"), "{urn:schemas-microsoft-com:office:office}OLEObject")
        == 1
    )


def test_reference_inline_image_stays_mid_sentence() -> None:
    doc = read(FIDELITY / "inlineimage.docx")
    assert units(doc) == ["Look for the {picture1} logo at the entrance."]
    _, data, _ = export(
        FIDELITY / "inlineimage.docx", {units(doc)[0]: "Ищите {picture1} логотип у входа."}
    )
    assert shape(body_paragraphs(data)[0]) == "Ищите [pic ] логотип у входа."


def test_a_lost_placeholder_is_put_back_at_the_end_with_a_warning(
    made: Callable[[str], Path],
) -> None:
    path = made("pictures")
    _, data, warnings = export(
        path,
        {
            "Look for the {picture1} logo at the entrance.": "Ищите логотип у входа.",
            "Boats moor {picture1}beside the pier.": "{picture1}{picture1} Лодки.",
        },
    )
    ps = body_paragraphs(data)
    assert shape(ps[0]) == "Ищите логотип у входа.[pic Harbour logo]"
    assert shape(ps[1]) == "[pic Boat] Лодки."
    assert count(part(data, "word/document.xml"), f"{W}drawing") == 4
    assert warnings == (
        "placeholder {picture1} missing in the translation of body/p:0; "
        "put back at the end of the paragraph",
        "placeholder {picture1} repeated in the translation of body/p:1; kept once",
    )


# ---------------------------------------------------------------- breaks


def test_line_breaks_survive_at_sentence_boundaries() -> None:
    path = FIDELITY / "linebreak.docx"
    doc = read(path)
    assert (
        doc.blocks[0].text == "**What is EasyStorage?**\nEasyStorage is a mobile app for farmers."
    )
    assert units(doc)[:2] == [
        "**What is EasyStorage?**",
        "EasyStorage is a mobile app for farmers.",
    ]
    _, data, _ = export(path, lambda s: s.replace("EasyStorage", "ЛёгкоеХранение"))
    first, second = body_paragraphs(data)[:2]
    assert shape(first) == "What is ЛёгкоеХранение?\nЛёгкоеХранение is a mobile app for farmers."
    assert shape(second) == "Media contact:\nJane Doe\nPhone: +1 555 0100"


def test_numbers_phones_and_addresses_are_not_units() -> None:
    doc = read(FIDELITY / "numbers.docx")
    assert units(doc) == [
        "Harbour festival opens",
        "Visitors",
        "Press contact: +1 555 0100, press@example.org",
    ]
    cells = [b for b in doc.blocks if b.kind is BlockKind.TABLE_CELL]
    assert [(b.cell, b.text) for b in cells] == [
        (TableCell(0, 0, 0, header=True), "Visitors"),
        (TableCell(0, 0, 1, header=True), "2025"),
        (TableCell(0, 1, 0), "12,500"),
        (TableCell(0, 1, 1), "14,200"),
    ]


# ---------------------------------------------------------------- notes, text boxes, controls


def test_footnotes_and_endnotes_are_translated(made: Callable[[str], Path]) -> None:
    path = made("notes")
    doc = read(path)
    body, foot, end = doc.blocks
    assert body.text == "The harbour{footnote1} welcomed 12,000 visitors{endnote1} last year."
    assert [(c.name, c.kind, c.ref) for c in body.codes] == [
        ("footnote1", CodeKind.NOTE, "fn:2/p:0"),
        ("endnote1", CodeKind.NOTE, "en:5/p:0"),
    ]
    assert (foot.key, foot.kind, foot.role, foot.note) == (
        "fn:2/p:0",
        BlockKind.NOTE,
        Role.FOOTNOTE,
        Note("footnote", "2"),
    )
    assert (end.key, end.role, end.text) == ("en:5/p:0", Role.ENDNOTE, "Source: harbour trust.")
    _, data, _ = export(
        path,
        {
            body.text: "В прошлом году{endnote1} гавань{footnote1} приняла 12 000 гостей.",
            "Built in 1821.": "Построена в 1821 году.",
            "It is \\*listed\\*.": "Охраняется.",
            "Source: harbour trust.": "Источник: трест.",
        },
    )
    assert shape(body_paragraphs(data)[0]) == (
        "В прошлом году[end5] гавань[foo2] приняла 12 000 гостей."
    )
    notes = part(data, "word/footnotes.xml")
    assert count(notes, f"{W}separator") == 1 and count(notes, f"{W}continuationSeparator") == 1
    note = notes.findall(f"{W}footnote")[-1]
    assert count(note, f"{W}footnoteRef") == 1
    assert "".join(t.text for t in note.iter(f"{W}t")) == " Построена в 1821 году. Охраняется."
    end_note = part(data, "word/endnotes.xml").findall(f"{W}endnote")[-1]
    assert "".join(t.text for t in end_note.iter(f"{W}t")) == " Источник: трест."
    assert next(end_note.iter(f"{W}lang")).get(f"{W}val") == "ru"


def test_text_boxes_both_branches_translated(made: Callable[[str], Path]) -> None:
    path = made("textbox_only")
    doc = read(path)
    assert units(doc) == ["Harbour festival opens.", "Tickets on sale Monday."]
    box = [b for b in doc.blocks if b.role is Role.TEXT_BOX]
    assert [b.key for b in box] == ["body/p:0/tb:0/p:0", "body/p:0/tb:0/p:1"]
    _, data, _ = export(
        path, {"Harbour festival opens.": "Фестиваль открыт.", "Tickets on sale Monday.": "Билеты."}
    )
    alt = next(part(data, "word/document.xml").iter(f"{MC}AlternateContent"))
    for branch in (f"{MC}Choice", f"{MC}Fallback"):
        content = next(alt.find(branch).iter(f"{W}txbxContent"))
        assert [shape(p) for p in content.findall(f"{W}p")] == ["Фестиваль открыт.", "Билеты."]


def test_text_box_in_mid_sentence_follows_its_paragraph(made: Callable[[str], Path]) -> None:
    path = made("textbox_mid")
    doc = read(path)
    assert [b.text for b in doc.blocks] == [
        "The programme {textbox1}is out now.",
        "Free entry for children.",
    ]
    _, data, _ = export(
        path,
        {
            "The programme {textbox1}is out now.": "Программа готова.{textbox1}",
            "Free entry for children.": "Детям бесплатно.",
        },
    )
    p = body_paragraphs(data)[0]
    assert shape(p) == "Программа готова.[textbox]"
    boxes = list(p.iter(f"{W}txbxContent"))
    assert [shape(b.find(f"{W}p")) for b in boxes] == ["Детям бесплатно."] * 2


def test_content_controls_everywhere(made: Callable[[str], Path]) -> None:
    path = made("content_controls")
    doc = read(path)
    assert [b.text for b in doc.blocks] == [
        "Block control text.",
        "Contact Jane Doe for tickets.",
        "Whole paragraph in a control.",
        "Cell control",
        "Plain cell",
        "Row control",
        "Second",
    ]
    _, data, _ = export(path, lambda s: f"«{s}»")
    root = part(data, "word/document.xml")
    body = root.find(f"{W}body")
    block_sdt = body.find(f"{W}sdt")
    assert shape(block_sdt.find(f".//{W}p")) == "«Block control text.»"
    ps = body.findall(f"{W}p")
    assert shape(ps[0]) == "«Contact Jane Doe for tickets.»"
    assert shape(ps[1]) == "«Whole paragraph in a control.»"
    assert ps[1].find(f"{W}sdt") is not None  # text stays inside its control
    texts = ["".join(t.text for t in tc.iter(f"{W}t")) for tc in root.iter(f"{W}tc")]
    assert texts == ["«Cell control»", "«Plain cell»", "«Row control»", "«Second»"]
    assert "Jane" not in "".join(t.text for t in root.iter(f"{W}t") if "«" not in t.text)


# ---------------------------------------------------------------- review markup


def test_tracked_changes_are_accepted_with_a_notice(made: Callable[[str], Path]) -> None:
    path = made("tracked")
    doc, data, _ = export(path, lambda s: s.upper())
    assert [b.text for b in doc.blocks] == ["The festival opens on Friday. **Free.**", "Stays."]
    assert doc.notices == (
        "the source has unresolved tracked changes; exported as if all were accepted",
    )
    root = part(data, "word/document.xml")
    for tag in ("ins", "del", "delText", "moveFrom", "rPrChange"):
        assert count(root, f"{W}{tag}") == 0, tag
    assert [shape(p) for p in body_paragraphs(data)] == [
        "THE FESTIVAL OPENS ON FRIDAY. FREE.",
        "STAYS.",
    ]


def test_comments_are_removed_with_a_notice(made: Callable[[str], Path]) -> None:
    path = made("comments")
    doc, data, _ = export(path, {"The mayor will open the festival.": "Мэр откроет фестиваль."})
    assert doc.notices == ("the source has reviewer comments; they are not in the localized files",)
    root = part(data, "word/document.xml")
    for tag in ("commentRangeStart", "commentRangeEnd", "commentReference"):
        assert count(root, f"{W}{tag}") == 0, tag
    assert "word/comments.xml" not in names(data)
    assert b"comments" not in zipfile.ZipFile(io.BytesIO(data)).read("[Content_Types].xml")
    assert shape(body_paragraphs(data)[0]) == "Мэр откроет фестиваль."


def test_table_of_contents_is_not_units_and_is_marked_dirty(made: Callable[[str], Path]) -> None:
    path = made("toc")
    doc = read(path)
    # the content control's title (style TOC Heading) is written by a person: a unit
    assert units(doc) == ["Contents", "In this release", "Programme", "Three days of music."]
    assert doc.meta_value("docx:toc") == "3"
    _, data, _ = export(path, lambda s: f"«{s}»")
    root = part(data, "word/document.xml")
    sdt = root.find(f"{W}body/{W}sdt")
    assert [shape(p) for p in sdt.iter(f"{W}p")] == [
        "«In this release»",
        '[begin][TOC \\o "1-3" \\h][separate]<a>Programme\t[begin][PAGEREF _Toc1 \\h][separate]1[end]</a>',
        "<a>Tickets\t[begin][PAGEREF _Toc1 \\h][separate]1[end]</a>[end]",
    ]
    begins = [f for f in root.iter(f"{W}fldChar") if f.get(f"{W}fldCharType") == "begin"]
    dirty = [f.get(f"{W}dirty") for f in begins]
    assert dirty == ["true", None, None, "true"]  # the two TOC fields, not the PAGEREFs


def test_table_of_contents_is_left_out_of_markdown_with_a_warning(
    made: Callable[[str], Path],
) -> None:
    from transflow.formats.markdown_write import TOC_LEFT_OUT, write_markdown

    path = made("toc")
    doc = read(path)
    table = {text: f"«{text}»" for text in units(doc)}
    translated = translate_document(doc, "sentence", "en", table, info("ru"))
    ctx = ExportContext(_source(path), doc, info("ru"), "en", "", "test")
    rendered = write_markdown(translated, Path("out.md"), ctx)
    text = rendered.data.decode()
    assert "«In this release»" in text and "«Programme»" in text
    assert "Tickets" not in text  # the generated entries
    assert TOC_LEFT_OUT in rendered.warnings


def test_strict_open_xml_is_refused_clearly(made: Callable[[str], Path]) -> None:
    with pytest.raises(InputError) as caught:
        read(made("strict"))
    assert str(caught.value) == (
        "sources/strict.docx: Strict Open XML is not supported; save as Word Document (.docx)"
    )


def test_text_the_reader_cannot_extract_is_named(made: Callable[[str], Path]) -> None:
    doc = read(made("unextractable"))
    assert doc.blocks[0].text == "Visitors per day: {chart1}"
    assert doc.blocks[0].codes[0].ref == "word/charts/chart1.xml"
    assert doc.unextracted == (
        "chart text in word/charts/chart1.xml",
        "result of INCLUDETEXT field that spans paragraphs",
    )
    assert [b.text for b in doc.blocks[1:]] == ["Quoted: {INCLUDETEXT}", "{INCLUDETEXT} After."]


def test_emptied_link_does_not_survive_around_a_bookmark() -> None:
    from transflow.core.inline import parse
    from transflow.formats.docx_inline import scan_paragraph, write_paragraph
    from transflow.formats.docx_xml import RunStyle

    p = mf.el(
        '<w:p><w:hyperlink r:id="rId1">'
        + mf.t("one ")
        + '<w:bookmarkStart w:id="0" w:name="_GoBack"/>'
        + "<w:r><w:t>two</w:t><w:lastRenderedPageBreak/><w:t> three</w:t></w:r>"
        + '<w:bookmarkEnd w:id="0"/></w:hyperlink>'
        + mf.t(" after.")
        + "</w:p>"
    )
    scan = scan_paragraph(p, {"rId1": "https://example.com/"})
    write_paragraph(
        p,
        scan,
        parse("[раз два три](https://example.com/) после."),
        RunStyle(),
        lambda url: ("rId1", None),
    )
    assert shape(p) == "<a>раз два три</a> после."
    assert count(p, f"{W}hyperlink") == 1
    assert count(p, f"{W}bookmarkStart") == 1 and count(p, f"{W}bookmarkEnd") == 1
    assert count(p, f"{W}lastRenderedPageBreak") == 0


# ---------------------------------------------------------------- tables


def test_table_cells_carry_the_table_shape(made: Callable[[str], Path]) -> None:
    doc = read(made("tables"))
    cells = [(b.cell, b.text) for b in doc.blocks if b.kind is BlockKind.TABLE_CELL]
    assert cells == [
        (TableCell(0, 0, 0, header=True, colspan=2), "Event"),
        (TableCell(0, 0, 2, header=True, align="right"), "Visitors"),
        (TableCell(0, 1, 0, rowspan=2), "Friday"),
        (TableCell(0, 1, 1), "Parade"),
        (TableCell(0, 1, 2, align="right"), "2,000"),
        (TableCell(0, 2, 1), ""),  # empty, but described
        (TableCell(0, 2, 2, align="right"), "3,500"),
    ]
    _, data, _ = export(made("tables"), lambda s: f"«{s}»")
    texts = [
        "".join(t.text for t in tc.iter(f"{W}t"))
        for tc in part(data, "word/document.xml").iter(f"{W}tc")
    ]
    assert texts == [
        "«Event»",
        "«Visitors»",
        "«Friday»",
        "«Parade»",
        "2\xa0000",
        "",
        "",
        "3\xa0500",
    ]


# ---------------------------------------------------------------- end to end


def test_nested_and_short_table_rows_keep_their_shape_in_markdown(
    made: Callable[[str], Path],
) -> None:
    """A table nested in a cell is an HTML table inside that cell, where it stood among
    the cell's paragraphs; a row that starts short (gridBefore) starts with one empty
    cell spanning the missing columns, one that ends short (gridAfter) ends early."""
    from transflow.formats.markdown_write import write_markdown

    path = made("shaped_tables")
    doc = read(path)
    ctx = ExportContext(_source(path), doc, info("de"), "en", "", "test")
    text = write_markdown(doc, Path("out.md"), ctx).data.decode()
    flat = " ".join(text.split())
    assert flat.count("<table>") == 3
    assert (
        "<td> Text before <table> <tr> <td> Inner one </td> </tr> <tr> <td> Inner two </td>"
        " </tr> </table> Text after </td> <td> Beside </td>" in flat
    )
    assert '<tr> <td colspan="2"></td> <td> Pier </td> </tr>' in flat
    assert "<tr> <td> Friday </td> </tr>" in flat
    assert text.index("Between the tables.") < text.index("Pier")


def test_text_box_only_file_exports_as_n_of_n_through_the_cli(
    made: Callable[[str], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dataclasses import replace

    from typer.testing import CliRunner

    from transflow.cli.app import app

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1773446400")
    root = tmp_path / "ws"
    (root / "sources").mkdir(parents=True)
    (root / "transflow.toml").write_text('source_language = "en"\nlanguages = ["ru"]\n')
    shutil.copy(made("textbox_only"), root / "sources" / "box.docx")

    def run(*args: str):
        return CliRunner().invoke(app, ["-w", str(root), *args])

    assert run("extract").exit_code == 0
    po = root / "locales/ru/box.po"
    catalog, _ = store.load(po, "box.po")
    entries = tuple(replace(e, msgstr=f"[ru] {e.msgid}") if e.msgid else e for e in catalog.entries)
    po.write_bytes(store.serialize(replace(catalog, entries=entries)))
    result = run("export", "--to", "docx")
    assert result.exit_code == 0, result.output
    assert "2 of 2 units translated" in " ".join(result.output.split())
    data = (root / "exports/ru/box.docx").read_bytes()
    texts = [t.text for t in part(data, "word/document.xml").iter(f"{W}t")]
    assert texts == ["[ru] Harbour festival opens.", "[ru] Tickets on sale Monday."] * 2


# ---------------------------------------------------------------- what an export must not carry
# (issue 13, item 8 and the audit): macros, embedded files left in the source language,
# core properties Word cannot hold; a failure of the writer is not blamed on the source


def test_I13_8_macros_are_not_exported(made: Callable[[str], Path]) -> None:
    path = made("macros")
    with zipfile.ZipFile(path) as z:
        assert "word/vbaProject.bin" in z.namelist()
        assert b"macroEnabled" in z.read("[Content_Types].xml")
    doc, data, warnings = export(path, lambda s: "Фестиваль открывается в пятницу.")
    assert [b.text for b in doc.blocks] == ["Harbour festival opens on Friday."]
    files = names(data)
    assert not {"word/vbaProject.bin", "word/vbaData.xml"} & files
    assert not any("vbaProject" in n for n in files)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        types = z.read("[Content_Types].xml")
        rels = z.read("word/_rels/document.xml.rels")
    assert b"macroEnabled" not in types and b"vba" not in types.lower()
    assert b"wordprocessingml.document.main+xml" in types
    assert b"vbaProject" not in rels
    assert docx_format.MACROS_NOTICE in warnings


def test_I13_8_embedded_chunk_is_not_shipped_in_english(made: Callable[[str], Path]) -> None:
    path = made("alt_chunk")
    doc = read(path)
    assert any("altChunk" in what and "word/chunk.htm" in what for what in doc.unextracted)
    _, data, warnings = export(path, lambda s: "Фестиваль открывается в пятницу.")
    assert "word/chunk.htm" not in names(data)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert b"altChunk" not in z.read("word/document.xml")
        assert b"chunk.htm" not in z.read("word/_rels/document.xml.rels")
    assert any("word/chunk.htm" in w and "left out" in w for w in warnings)


def test_core_properties_are_cut_to_255_characters(
    made: Callable[[str], Path],
    tmp_path: Path,
) -> None:
    import docx

    path = tmp_path / "long.docx"
    d = docx.Document(str(made("alt_chunk")))
    d.save(path)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    core = parts["docProps/core.xml"].decode()
    long = "x" * 400
    core = re.sub(r"<cp:category\s*/>|<cp:category>.*?</cp:category>", "", core)
    core = core.replace(
        "</cp:coreProperties>", f"<cp:category>{long}</cp:category></cp:coreProperties>"
    )
    parts["docProps/core.xml"] = core.encode()
    with zipfile.ZipFile(path, "w") as z:
        for n, b in parts.items():
            z.writestr(n, b)
    _, data, _ = export(path, {})
    out = docx.Document(io.BytesIO(data)).core_properties
    assert out.category == "x" * 255


def test_a_writer_failure_is_not_called_an_invalid_source(
    made: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """before: any exception while writing became "<source>: not a valid DOCX"."""

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("bug in the writer")

    monkeypatch.setattr(docx_format, "_localize", broken)
    with pytest.raises(RuntimeError, match="bug in the writer"):
        export(made("alt_chunk"), {})


def test_a_source_that_does_not_open_is_still_an_invalid_docx(
    made: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(data: bytes) -> None:
        raise KeyError("word/document.xml")

    doc = read(made("alt_chunk"))
    monkeypatch.setattr(docx_format, "_open", broken)
    ctx = ExportContext(_source(made("alt_chunk")), doc, info("ru"), "en", "", "test")
    with pytest.raises(InputError, match="not a valid DOCX"):
        docx_format.write_docx(doc, Path("out.docx"), ctx)
