"""Script-aware typography in DOCX exports (issue 12, items 1–4), read from the XML:
left-to-right pieces isolated in right-to-left text, no letter spacing on cursive
scripts, no synthetic italics in Arabic and Chinese (emphasis mapped), fonts per script.
Both paths are covered: the skeleton merge of a Word source and the built document."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from lxml import etree

from transflow.core.model import Block, BlockKind, Document
from transflow.core.records import SourceFile
from transflow.formats import ExportContext, read_source
from transflow.formats.docx import write_docx
from transflow.formats.docx_lang import script_of, typography
from transflow.formats.docx_xml import LRM, ltr_pieces
from transflow.lang.codes import info

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PHONE = "+44 1496 300 123"
AR_CONTACT = f"للاستفسارات: {PHONE} أو press@example.org أو https://example.org/a"
AR_BODY = "تضيف شبكة RiverRide أربعين محطة، رمز المشروع SC041234."


def _xml(data: bytes, part: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read(part))


def _text(run: etree._Element) -> str:
    return "".join(t.text or "" for t in run.iter(f"{W}t"))


# ---------------------------------------------------------------- sources


def _built(tmp_path: Path, lang: str, blocks: list[Block], **extra: object) -> bytes:
    document = Document("sources/a.md", "a", "markdown", tuple(blocks), (("date", "2026-03-14"),))
    ctx = ExportContext(
        SourceFile(tmp_path / "a.md", "sources/a.md", "a"),
        document,
        info(lang),
        "en",
        "",
        "",
        **extra,  # type: ignore[arg-type]
    )
    return write_docx(document, tmp_path / "a.docx", ctx).data


def _blocks(lead: str, quote: str = "*Proud*, said the chair.") -> list[Block]:
    return [
        Block(BlockKind.TITLE, "Riverton doubles its bike share", 1, key="0"),
        Block(BlockKind.HEADING, "Forty new stations", 2, key="1"),
        Block(BlockKind.PARAGRAPH, lead, key="2"),
        Block(BlockKind.QUOTE, quote, key="3"),
    ]


@pytest.fixture(scope="module")
def word_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Word release whose Title has letter spacing (style and direct), a Subtitle and
    a Quote in italics (from the default template), an italic run, and a contact line."""
    doc = docx.Document()
    title = doc.add_paragraph("Harbour festival returns", style="Title")
    rpr = title.runs[0]._r.get_or_add_rPr()
    etree.SubElement(rpr, f"{W}spacing").set(f"{W}val", "40")  # 2 pt letter spacing
    doc.add_paragraph("Ten years of music", style="Subtitle")
    lead = doc.add_paragraph("The festival opens on ")
    lead.add_run("Friday").italic = True
    lead.add_run(".")
    doc.add_paragraph("We are proud, said the chair.", style="Quote")
    doc.add_paragraph(f"Call {PHONE} or write to press@example.org.")
    path = tmp_path_factory.mktemp("src") / "release.docx"
    doc.save(path)
    return path


_AR = {
    "Harbour festival returns": "عودة مهرجان الميناء",
    "Ten years of music": "عشر سنوات من الموسيقى",
    "The festival opens on *Friday*.": "يفتتح المهرجان يوم *الجمعة*.",
    "We are proud, said the chair.": "قال الرئيس: نحن فخورون.",
    f"Call {PHONE} or write to press@example.org.": f"اتصلوا على {PHONE} أو اكتبوا إلى press@example.org.",
}
_ZH = {
    "Harbour festival returns": "港口音乐节回归",
    "Ten years of music": "十年音乐",
    "The festival opens on *Friday*.": "音乐节于*星期五*开幕。",
    "We are proud, said the chair.": "主席说：我们很自豪。",
    f"Call {PHONE} or write to press@example.org.": f"请致电 {PHONE} 或发邮件至 press@example.org。",
}


def _merged(source: Path, lang: str) -> bytes:
    table = {"ar": _AR, "zh_Hans": _ZH}.get(lang, {})
    src = SourceFile(source, f"sources/{source.name}", source.stem)
    original = read_source(src)
    blocks = tuple(replace(b, text=table.get(b.text, b.text)) for b in original.blocks)
    translated = Document(
        original.path, original.slug, original.format, blocks, original.meta, (), ()
    )
    ctx = ExportContext(src, original, info(lang), "en", "", "")
    return write_docx(translated, Path("out.docx"), ctx).data


# ---------------------------------------------------------------- item 1: isolation


@pytest.mark.parametrize(
    "piece",
    [PHONE, "press@example.org", "https://example.org/a", "RiverRide", "SC041234"],
)
def test_ltr_pieces_finds_what_must_read_left_to_right(piece: str) -> None:
    text = f"للاستفسارات {piece}، شكراً."
    assert (piece, True) in ltr_pieces(text)


@pytest.mark.parametrize("text", ["أضافت 40 محطة", "بنسبة 3.5 في المئة", "1,380 دراجة", "عام 2026"])
def test_lone_numbers_stay_in_the_right_to_left_text(text: str) -> None:
    assert all(not ltr for _, ltr in ltr_pieces(text))


def _isolated(root: etree._Element) -> dict[str, etree._Element]:
    """Runs wrapped in LRM … LRM, by their text without the marks."""
    out = {}
    for r in root.iter(f"{W}r"):
        text = _text(r)
        if text.startswith(LRM) and text.endswith(LRM) and len(text) > 2:
            out[text.strip(LRM)] = r
    return out


def _assert_isolated(root: etree._Element, pieces: list[str]) -> None:
    isolated = _isolated(root)
    for piece in pieces:
        assert piece in isolated, (piece, sorted(isolated))
        rpr = isolated[piece].find(f"{W}rPr")
        assert rpr.find(f"{W}rtl") is None, piece  # a left-to-right run
        assert rpr.find(f"{W}lang").get(f"{W}bidi") == "ar", piece
    # the Arabic around them stays right to left
    arabic = [r for r in root.iter(f"{W}r") if "ل" in _text(r)]
    assert arabic and all(r.find(f"{W}rPr/{W}rtl") is not None for r in arabic)


def test_built_arabic_isolates_phone_mail_url_names_and_codes(tmp_path: Path) -> None:
    data = _built(
        tmp_path, "ar", [*_blocks(AR_CONTACT), Block(BlockKind.PARAGRAPH, AR_BODY, key="4")]
    )
    body = _xml(data, "word/document.xml")
    _assert_isolated(
        body, [PHONE, "press@example.org", "https://example.org/a", "RiverRide", "SC041234"]
    )


def test_merged_arabic_isolates_the_phone_number(word_source: Path) -> None:
    body = _xml(_merged(word_source, "ar"), "word/document.xml")
    _assert_isolated(body, [PHONE, "press@example.org"])


def test_no_marks_in_left_to_right_languages(tmp_path: Path, word_source: Path) -> None:
    for data in (_built(tmp_path, "ru", _blocks(f"Звоните {PHONE}.")), _merged(word_source, "ru")):
        assert LRM not in "".join(_xml(data, "word/document.xml").itertext())


# ---------------------------------------------------------------- item 2: letter spacing


def _char_spacing(root: etree._Element) -> list[etree._Element]:
    return [el for rpr in root.iter(f"{W}rPr") for el in rpr if el.tag in (f"{W}spacing", f"{W}w")]


def test_arabic_has_no_letter_spacing_in_styles_or_runs(tmp_path: Path, word_source: Path) -> None:
    source_styles = _xml(word_source.read_bytes(), "word/styles.xml")
    assert _char_spacing(source_styles)  # the default template's Title and Subtitle have it
    assert _char_spacing(_xml(word_source.read_bytes(), "word/document.xml"))
    for data in (_merged(word_source, "ar"), _built(tmp_path, "ar", _blocks(AR_BODY))):
        assert not _char_spacing(_xml(data, "word/styles.xml"))
        assert not _char_spacing(_xml(data, "word/document.xml"))


def test_latin_script_keeps_its_letter_spacing(word_source: Path) -> None:
    data = _merged(word_source, "ru")
    assert _char_spacing(_xml(data, "word/styles.xml"))
    assert _char_spacing(_xml(data, "word/document.xml"))


@pytest.mark.parametrize(
    ("code", "cursive"),
    [
        ("ar", True),
        ("fa", True),
        ("ur", True),
        ("syr", True),
        ("nqo", True),
        ("mn_Mong_CN", True),
        ("mn", False),
        ("he", False),
        ("ru", False),
        ("zh_Hans", False),
    ],
)
def test_cursive_scripts_by_locale(code: str, cursive: bool) -> None:
    assert typography(code).cursive is cursive


# ---------------------------------------------------------------- item 3: italics


def _italic(root: etree._Element) -> list[etree._Element]:
    return [
        el
        for el in root.iter(f"{W}i", f"{W}iCs")
        if (el.get(f"{W}val") or "true") not in ("0", "false", "off")
    ]


@pytest.mark.parametrize("lang", ["ar", "zh_Hans"])
def test_no_synthetic_italics_in_arabic_and_chinese(
    tmp_path: Path, word_source: Path, lang: str
) -> None:
    lead = "يفتتح يوم *الجمعة*." if lang == "ar" else "音乐节于*星期五*开幕。"
    for data in (_merged(word_source, lang), _built(tmp_path, lang, _blocks(lead))):
        assert not _italic(_xml(data, "word/styles.xml"))
        assert not _italic(_xml(data, "word/document.xml"))


def test_chinese_emphasis_becomes_emphasis_marks(tmp_path: Path, word_source: Path) -> None:
    for data in (
        _merged(word_source, "zh_Hans"),
        _built(tmp_path, "zh_Hans", _blocks("音乐节于*星期五*开幕。")),
    ):
        body = _xml(data, "word/document.xml")
        marked = {_text(r): r for r in body.iter(f"{W}r") if r.find(f"{W}rPr/{W}em") is not None}
        assert "星期五" in marked
        assert marked["星期五"].find(f"{W}rPr/{W}em").get(f"{W}val") == "underDot"
        assert marked["星期五"].find(f"{W}rPr/{W}b") is None


def test_arabic_emphasis_becomes_bold(word_source: Path) -> None:
    body = _xml(_merged(word_source, "ar"), "word/document.xml")
    bold = [_text(r) for r in body.iter(f"{W}r") if r.find(f"{W}rPr/{W}b") is not None]
    assert bold == ["الجمعة"]


def test_emphasis_character_style_mapped_and_quote_style_only_loses_slant(
    word_source: Path,
) -> None:
    styles = _xml(_merged(word_source, "zh_Hans"), "word/styles.xml")
    emphasis = styles.find(f"{W}style[@{W}styleId='Emphasis']/{W}rPr")
    assert emphasis.find(f"{W}em").get(f"{W}val") == "underDot"
    quote = styles.find(f"{W}style[@{W}styleId='Quote']/{W}rPr")
    assert quote.find(f"{W}em") is None and quote.find(f"{W}b") is None


def test_russian_keeps_italics(word_source: Path) -> None:
    data = _merged(word_source, "ru")
    assert _italic(_xml(data, "word/document.xml"))
    assert _italic(_xml(data, "word/styles.xml"))


# ---------------------------------------------------------------- item 4: fonts


def _default_fonts(data: bytes) -> dict[str, str]:
    rfonts = _xml(data, "word/styles.xml").find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    return {k.removeprefix(W): v for k, v in rfonts.attrib.items()}


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("ar", {"ascii": "Arial", "hAnsi": "Arial", "cs": "Arial"}),
        ("zh_Hans", {"ascii": "Arial", "hAnsi": "Arial", "eastAsia": "Microsoft YaHei"}),
        ("ru", {"ascii": "Arial", "hAnsi": "Arial", "cs": "Arial"}),
    ],
)
def test_fonts_named_per_script_in_document_defaults(
    tmp_path: Path, lang: str, expected: dict[str, str]
) -> None:
    data = _built(tmp_path, lang, _blocks("Text"))
    fonts = _default_fonts(data)
    assert fonts.items() >= expected.items()
    themed = {k.lower().removesuffix("theme") for k in fonts if k.lower().endswith("theme")}
    assert not themed & {k.lower() for k in expected}  # a theme font would win over ours


@pytest.mark.parametrize("lang", ["ar", "zh_Hans"])
def test_no_theme_fonts_left_in_styles_or_runs(word_source: Path, lang: str) -> None:
    data = _merged(word_source, lang)
    for part in ("word/styles.xml", "word/document.xml"):
        for rfonts in _xml(data, part).iter(f"{W}rFonts"):
            themes = [k for k in rfonts.attrib if k.lower().endswith("theme")]
            slots = typography(lang).fonts
            assert not [
                t
                for t in themes
                if t.removeprefix(W)[:-5] in slots or ("cs" in t and "cs" in slots)
            ]
    # Latin words beside Arabic in the same family as the Arabic
    if lang == "ar":
        fonts = _default_fonts(data)
        assert fonts["ascii"] == fonts["cs"]


def test_configured_fonts_win(tmp_path: Path) -> None:
    data = _built(
        tmp_path,
        "ar",
        _blocks(AR_BODY),
        fonts=(("cs", "Noto Naskh Arabic"), ("ascii", "Noto Naskh Arabic")),
    )
    fonts = _default_fonts(data)
    assert fonts["cs"] == fonts["ascii"] == "Noto Naskh Arabic"


def test_a_russian_word_source_keeps_its_fonts(word_source: Path) -> None:
    data = _merged(word_source, "ru")
    themed = [
        r for r in _xml(data, "word/styles.xml").iter(f"{W}rFonts") if r.get(f"{W}asciiTheme")
    ]
    assert themed  # the source's design (theme fonts) is kept for a Latin-like script


@pytest.mark.parametrize(
    ("code", "script"),
    [
        ("ar", "Arab"),
        ("zh_Hans", "Hans"),
        ("zh_Hant", "Hant"),
        ("ru", "Cyrl"),
        ("az", "Latn"),
        ("ja", "Jpan"),
    ],
)
def test_script_of_locale(code: str, script: str) -> None:
    assert script_of(code) == script
