"""The built-in press-release template of a DOCX built from text or Markdown (issue 12,
items 5, 6 and 8), read from the XML: paper by locale, letterhead, translatable label
and footer with fields, deck, dateline, quote, end mark, boilerplate, e-mail links,
tables that keep together, core properties."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from transflow.core.errors import ConfigError
from transflow.core.records import SourceFile
from transflow.formats import ExportContext, read_source
from transflow.formats.docx import write_docx
from transflow.formats.docx_template import FOOTER, LABEL, paper_for, template_units
from transflow.lang.codes import info
from transflow.ops import extract
from transflow.workspace import config as cfg

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LOGO = (Path(__file__).parent.parent / "fixtures" / "build" / "logo.png").read_bytes()

RELEASE = """\
---
title: Riverton doubles its bike share
date: 2026-03-14
author: Office of Communications, City of Riverton
tags: [transport, cycling]
---

# Riverton doubles its bike share

## Forty new stations by September

RIVERTON, March 14, 2026 — The City will add **40 stations** this year.

> "Bike share is how Riverton moves," said *the Deputy Mayor*.

## The network in numbers

| | Today | After |
|:--|--:|:-:|
| Stations | 52 | 92 |
| Bicycles | 780 | 1,380 |

\\#\\#\\#

## About RiverRide

RiverRide is the public bike-share system of the City of Riverton.

## Media contact

Lena Marsh, press@riverton.example, +44 20 7946 0321
"""


def _xml(data: bytes, part: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read(part))


def _export(
    tmp_path: Path, lang: str, text: str = RELEASE, name: str = "release.md", **extra: object
) -> tuple[bytes, tuple[str, ...]]:
    path = tmp_path / "sources" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    source = SourceFile(path, f"sources/{name}", path.stem)
    document = read_source(source)
    ctx = ExportContext(source, document, info(lang), "en", "", "", **extra)  # type: ignore[arg-type]
    rendered = write_docx(document, tmp_path / "out.docx", ctx)
    return rendered.data, rendered.warnings


def _paragraphs(data: bytes) -> list[tuple[str, str]]:
    out = docx.Document(io.BytesIO(data))
    return [(p.style.name, p.text) for p in out.paragraphs]


# ---------------------------------------------------------------- paper


@pytest.mark.parametrize(
    ("lang", "paper"),
    [
        ("ar", "A4"),
        ("ru", "A4"),
        ("zh_Hans", "A4"),
        ("en_US", "Letter"),
        ("es_US", "Letter"),
        ("fr_CA", "Letter"),
        ("en", "Letter"),
        ("en_GB", "A4"),
        ("es", "A4"),
        ("es_MX", "Letter"),
    ],
)
def test_paper_by_locale(lang: str, paper: str) -> None:
    assert paper_for(lang) == paper


@pytest.mark.parametrize(("lang", "width"), [("ar", "11906"), ("en_US", "12240")])
def test_page_size_written(tmp_path: Path, lang: str, width: str) -> None:
    data, _ = _export(tmp_path, lang)
    pg = _xml(data, "word/document.xml").find(f".//{W}sectPr/{W}pgSz")
    assert pg.get(f"{W}w") == width


def test_paper_override(tmp_path: Path) -> None:
    data, _ = _export(tmp_path, "en_US", paper="A4")
    assert _xml(data, "word/document.xml").find(f".//{W}pgSz").get(f"{W}w") == "11906"


# ---------------------------------------------------------------- letterhead, label, footer

RU_STRINGS = (
    ("City of Riverton", "Администрация Ривертона"),
    (LABEL, "ПРЕСС-РЕЛИЗ"),
    (FOOTER, "Страница {PAGE} из {NUMPAGES}"),
)


def _part_of(data: bytes, kind: str) -> etree._Element:
    out = docx.Document(io.BytesIO(data))
    part = out.sections[0].header if kind == "header" else out.sections[0].footer
    return part._element


def test_letterhead_label_and_footer_translated_with_fields(tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(LOGO)
    data, warnings = _export(
        tmp_path, "ru", organisation="City of Riverton", logo=logo, template_strings=RU_STRINGS
    )
    assert not warnings
    header = _part_of(data, "header")
    assert "Администрация Ривертона" in "".join(header.itertext())
    assert header.find(f".//{W}drawing") is not None  # the logo
    footer = _part_of(data, "footer")
    texts = [
        (el.get(f"{W}instr") or "").split()[0]
        if el.tag == f"{W}fldSimple"
        else "".join(t.text or "" for t in el.iter(f"{W}t"))
        for el in footer.find(f"{W}p")
        if el.tag in (f"{W}r", f"{W}fldSimple")
    ]
    assert texts == ["Страница ", "PAGE", " из ", "NUMPAGES"]
    assert _paragraphs(data)[0] == ("Press Label", "ПРЕСС-РЕЛИЗ")


def test_untranslated_template_words_are_reported(tmp_path: Path) -> None:
    data, warnings = _export(tmp_path, "ar")
    assert any("'PRESS RELEASE' is not translated into ar" in w for w in warnings)
    footer = _part_of(data, "footer")
    assert footer.find(f".//{W}p/{W}pPr/{W}bidi") is not None  # right to left like the text


def test_template_units() -> None:
    assert template_units("") == [(LABEL, "label"), (FOOTER, "page footer")]
    assert template_units(" ACME ")[0] == ("ACME", "page header")


# ---------------------------------------------------------------- the body


def test_press_release_styles(tmp_path: Path) -> None:
    data, _ = _export(tmp_path, "ru")
    styles = dict((text, style) for style, text in _paragraphs(data))
    assert styles["Riverton doubles its bike share"] == "Title"
    assert styles["Forty new stations by September"] == "Subtitle"  # the deck
    assert styles["###"] == "End Mark"
    assert styles["About RiverRide"] == "Boilerplate Heading"
    assert styles["Media contact"] == "Boilerplate Heading"
    assert styles["RiverRide is the public bike-share system of the City of Riverton."] == (
        "Boilerplate"
    )
    style_xml = _xml(data, "word/styles.xml")
    end = style_xml.find(f"{W}style[@{W}styleId='EndMark']")
    assert end.find(f"{W}pPr/{W}jc").get(f"{W}val") == "center"
    # no 2010 blue headings, no Cambria/Calibri theme fonts
    heading = style_xml.find(f"{W}style[@{W}styleId='Heading2']/{W}rPr")
    assert heading.find(f"{W}color").get(f"{W}val") == "1A1A1A"
    assert not [k for r in style_xml.iter(f"{W}rFonts") for k in r.attrib if k.endswith("Theme")]


def test_dateline_in_bold(tmp_path: Path) -> None:
    data, _ = _export(tmp_path, "ru")
    body = _xml(data, "word/document.xml")
    lead = next(p for p in body.iter(f"{W}p") if "RIVERTON" in "".join(p.itertext()))
    runs = [r for r in lead.iter(f"{W}r")]
    assert "".join(runs[0].itertext()) == "RIVERTON, March 14, 2026 —"
    assert runs[0].find(f"{W}rPr/{W}b") is not None
    assert runs[1].find(f"{W}rPr/{W}b") is None


@pytest.mark.parametrize("lang", ["ar", "zh_Hans", "ru"])
def test_quote_indented_italic_only_where_the_script_has_it(tmp_path: Path, lang: str) -> None:
    data, _ = _export(tmp_path, lang)
    quote = _xml(data, "word/styles.xml").find(f"{W}style[@{W}styleId='Quote']")
    assert int(quote.find(f"{W}pPr/{W}ind").get(f"{W}left")) > 0
    italic = quote.find(f"{W}rPr/{W}i") is not None
    assert italic is (lang == "ru")


def test_email_addresses_linked(tmp_path: Path) -> None:
    data, _ = _export(tmp_path, "ru")
    out = docx.Document(io.BytesIO(data))
    assert "mailto:press@riverton.example" in {r.target_ref for r in out.part.rels.values()}
    link = _xml(data, "word/document.xml").find(f".//{W}hyperlink")
    assert "".join(link.itertext()) == "press@riverton.example"


# ---------------------------------------------------------------- tables (item 5)


def test_table_rows_keep_together(tmp_path: Path) -> None:
    data, _ = _export(tmp_path, "ru")
    body = _xml(data, "word/document.xml")
    tbl = body.find(f".//{W}tbl")
    rows = tbl.findall(f"{W}tr")
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
    assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
    assert all(p.find(f"{W}pPr/{W}keepNext") is not None for p in rows[0].iter(f"{W}p"))
    before = tbl.getprevious()
    assert before.find(f"{W}pPr/{W}keepNext") is not None  # the heading before it
    after = tbl.getnext()
    assert after.find(f"{W}pPr/{W}spacing").get(f"{W}before") == "240"
    # Markdown column alignment kept: right, centre
    jc = [p.find(f"{W}pPr/{W}jc") for p in rows[1].iter(f"{W}p")]
    assert [j.get(f"{W}val") if j is not None else None for j in jc] == [
        "left",
        "right",
        "center",
    ]


# ---------------------------------------------------------------- core properties (item 8)


def test_core_properties_from_front_matter(tmp_path: Path) -> None:
    data, _ = _export(tmp_path, "ru")
    core = docx.Document(io.BytesIO(data)).core_properties
    assert core.author == "Office of Communications, City of Riverton"
    assert core.keywords == "transport, cycling"
    assert core.comments == ""
    assert core.created.date().isoformat() == "2026-03-14"
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert "sources/" not in z.read("docProps/core.xml").decode()


def test_text_export_dated_from_the_catalog(tmp_path: Path) -> None:
    text = "Riverton doubles its bike share\n\nThe City will add 40 stations.\n"
    data, _ = _export(tmp_path, "ru", text, "seed.txt", revision_date="2026-02-27")
    core = docx.Document(io.BytesIO(data)).core_properties
    assert core.created.date().isoformat() == "2026-02-27"
    again, _ = _export(tmp_path, "ru", text, "seed.txt", revision_date="2026-02-27")
    assert again == data  # reproducible


# ---------------------------------------------------------------- config and extract


def _workspace(tmp_path: Path, export: str) -> cfg.Config:
    (tmp_path / "sources").mkdir(exist_ok=True)
    (tmp_path / "sources" / "a.md").write_text("# Title\n\nA line.\n", encoding="utf-8")
    (tmp_path / "logo.png").write_bytes(LOGO)
    (tmp_path / "transflow.toml").write_text(
        f'source_language = "en"\nlanguages = ["ru", "ar"]\n\n[export]\n{export}\n',
        encoding="utf-8",
    )
    return cfg.load(tmp_path)


def test_config_export_options(tmp_path: Path) -> None:
    config = _workspace(
        tmp_path,
        'organisation = "City of Riverton"\nlogo = "logo.png"\npaper = "A4"\n'
        '[export.fonts]\nar = "Noto Naskh Arabic"\nzh_Hans = { eastAsia = "SimSun" }\n',
    )
    assert config.organisation == "City of Riverton"
    assert config.logo == (tmp_path / "logo.png").resolve()
    assert config.paper_for("en_US") == "A4"
    assert dict(config.fonts_for("ar"))["cs"] == "Noto Naskh Arabic"
    assert config.fonts_for("zh_Hans") == (("eastAsia", "SimSun"),)


@pytest.mark.parametrize(
    "bad",
    ['logo = "../x.png"', 'logo = "missing.png"', 'paper = "A5"', "[export.fonts]\nar = 3"],
)
def test_config_export_options_refused(tmp_path: Path, bad: str) -> None:
    with pytest.raises(ConfigError):
        _workspace(tmp_path, bad)


def test_extract_writes_the_template_catalog_once(tmp_path: Path) -> None:
    config = _workspace(tmp_path, 'organisation = "City of Riverton"')
    extract.run(config)
    po = tmp_path / "locales" / "ar" / "_template.po"
    text = po.read_text(encoding="utf-8")
    for msgid in ("City of Riverton", LABEL, FOOTER):
        assert f'msgid "{msgid}"' in text
    assert (tmp_path / "locales" / "templates" / "_template.pot").is_file()
    before = po.stat().st_mtime_ns
    result = extract.run(config)
    assert not result.catalogs_written and po.stat().st_mtime_ns == before
