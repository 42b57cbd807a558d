"""What the review document shows: header block, columns, languages and direction,
formatting as formatting, check findings beside their unit, the review data."""

from __future__ import annotations

import zipfile
from pathlib import Path

from docx.oxml.ns import qn
from lxml import etree

from transflow.review import manifest as mf

from .conftest import BIKE, HARBOUR, export, open_doc, run


def test_export_writes_one_document_per_article_and_says_so(sample: Path, tmp_path: Path) -> None:
    r = run(sample, "review", "export", "-l", "ru")
    assert r.exit_code == 0, r.output
    for slug in (BIKE, HARBOUR, "khojaly-commemoration-moscow"):
        assert f"wrote review/ru/{slug}.docx" in r.output
        assert (sample / "review" / "ru" / f"{slug}.docx").is_file()
    r = run(sample, "review", "export", "-l", "de", BIKE, "-o", str(tmp_path / "out"))
    assert r.exit_code == 0, r.output
    assert (tmp_path / "out" / "de" / f"{BIKE}.docx").is_file()


def test_export_bad_usage(sample: Path) -> None:
    r = run(sample, "review", "export", "-l", "fr")
    assert r.exit_code == 3 and "not configured" in r.output
    r = run(sample, "review", "export", "-l", "ru", "no-such-article")
    assert r.exit_code == 3 and "no such article" in r.output


def test_header_block_and_columns(sample: Path) -> None:
    doc = open_doc(export(sample, "de", BIKE))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert f"Translation review: {BIKE}" in text
    assert f"Article: {BIKE} (sources/{BIKE}.md)" in text
    assert "Languages: English (en) → German (de)" in text
    assert "Date: 2026-03-14" in text
    assert "need attention" in text and "untranslated" in text
    header = [c.text for c in doc.tables[0].rows[0].cells]
    assert header == [
        "#",
        "Role",
        "Source (English)",
        "Translation (German)",
        "Status and checks",
        "Reviewer comment",
    ]
    tr = doc.tables[0].rows[0]._tr
    assert tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None  # repeated on each page


def test_formatting_shown_as_formatting(sample: Path) -> None:
    doc = open_doc(export(sample, "ru", BIKE))
    rows = doc.tables[0].rows
    lead = rows[4].cells[3]
    assert "**" not in lead.text
    assert any(r.bold for r in lead.paragraphs[0].runs)
    link_row = rows[8].cells[3]._tc
    links = link_row.findall(f".//{qn('w:hyperlink')}")
    assert len(links) == 1 and "[" not in "".join(t.text for t in link_row.iter(qn("w:t")))


def test_arabic_is_right_to_left_and_chinese_has_east_asian_fonts(sample: Path) -> None:
    ar = open_doc(export(sample, "ar", HARBOUR)).tables[0].rows[1].cells
    p = ar[3].paragraphs[0]._p
    assert p.find(f"{qn('w:pPr')}/{qn('w:bidi')}") is not None
    run_ = p.find(qn("w:r"))
    assert run_.find(f"{qn('w:rPr')}/{qn('w:rtl')}") is not None
    assert run_.find(f"{qn('w:rPr')}/{qn('w:lang')}").get(qn("w:bidi")) == "ar"
    assert ar[2].paragraphs[0]._p.find(f"{qn('w:pPr')}/{qn('w:bidi')}") is None  # source LTR
    zh = open_doc(export(sample, "zh_Hans", HARBOUR)).tables[0].rows[1].cells[3]
    rpr = zh.paragraphs[0]._p.find(f"{qn('w:r')}/{qn('w:rPr')}")
    assert rpr.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"
    assert rpr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "Microsoft YaHei"


def test_check_findings_beside_their_unit(sample: Path) -> None:
    po = sample / "locales" / "ru" / f"{BIKE}.po"
    text = po.read_text()
    assert "600 велосипедов" in text
    po.write_text(text.replace("600 велосипедов", "700 велосипедов", 1))
    doc = open_doc(export(sample, "ru", BIKE))
    statuses = [row.cells[4].text for row in doc.tables[0].rows[1:]]
    flagged = [k for k, s in enumerate(statuses, 1) if "[numbers]" in s]
    assert flagged, statuses
    assert "error [numbers]" in statuses[flagged[0] - 1]
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "with check findings" in body and "0 need attention" not in body


def test_review_data_is_a_custom_xml_part(sample: Path) -> None:
    path = export(sample, "ru", BIKE)
    with zipfile.ZipFile(path) as z:
        parts = [
            etree.fromstring(z.read(n)) for n in z.namelist() if n.startswith("customXml/item")
        ]
    found = [mf.from_xml(p) for p in parts if mf.is_manifest(p)]
    assert len(found) == 1
    m = found[0]
    assert (m.article, m.language, m.source_language) == (BIKE, "ru", "en")
    assert len(m.rows) == 30 and all(len(r.base) == 16 for r in m.rows)


def test_arabic_phone_number_between_left_to_right_marks(sample: Path) -> None:
    """As in the DOCX export: Word and LibreOffice draw "+44 1496 300 123" in order;
    the marks are taken out again on import (the untouched round trip is unchanged)."""
    doc = open_doc(export(sample, "ar", HARBOUR))
    contact = next(r for r in doc.tables[0].rows[1:] if r.cells[1].text == "contact").cells[3]
    texts = ["".join(t.text for t in r.iter(qn("w:t"))) for r in contact._tc.iter(qn("w:r"))]
    assert "\u200e+44 1496 300 123\u200e" in texts
    phone = next(r for r in contact._tc.iter(qn("w:r")) if "+44" in "".join(r.itertext()))
    assert phone.find(f"{qn('w:rPr')}/{qn('w:rtl')}") is None
