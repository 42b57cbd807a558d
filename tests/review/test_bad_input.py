"""Bad input (exit 3, one line naming the file, nothing changed on disk), rows refused
one by one (exit 1), tracked changes, --dry-run."""

from __future__ import annotations

import copy
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree

from .conftest import BIKE, HARBOUR, entries, export, open_doc, run, set_text, tree


def _rewrite(path: Path, member: str, change) -> None:  # type: ignore[no-untyped-def]
    with zipfile.ZipFile(path) as z:
        items = [(i, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in items:
            z.writestr(info, change(data) if re.fullmatch(member, info.filename) else data)


def _manifest(path: Path, old: bytes, new: bytes) -> None:
    def change(data: bytes) -> bytes:
        return data.replace(old, new) if b"urn:transflow:review" in data else data

    _rewrite(path, r"customXml/item\d+\.xml", change)


def _bad(root: Path, *files: Path, says: str) -> None:
    before = tree(root)
    r = run(root, "review", "import", *map(str, files))
    assert r.exit_code == 3, r.output
    assert says in r.output, r.output
    assert "Traceback" not in r.output
    assert tree(root) == before


def _good_edit(root: Path) -> Path:
    doc = export(root, "ru", BIKE)
    d = open_doc(doc)
    set_text(d.tables[0].rows[12].cells[3], ("Правка рецензента", {}))
    d.save(str(doc))
    return doc


def test_not_a_docx(sample: Path, tmp_path: Path) -> None:
    f = tmp_path / "notes.docx"
    f.write_text("just text")
    _bad(sample, f, says="not a DOCX file")


def test_corrupt_file(sample: Path, tmp_path: Path) -> None:
    doc = export(sample, "ru", BIKE)
    cut = tmp_path / "cut.docx"
    cut.write_bytes(doc.read_bytes()[: doc.stat().st_size // 2])
    _bad(sample, cut, says="not a DOCX file")


def test_damaged_document_part(sample: Path) -> None:
    doc = export(sample, "ru", BIKE)
    _rewrite(doc, r"word/document\.xml", lambda data: data[:-40])
    _bad(sample, doc, says="not well-formed XML")


def test_a_word_document_that_is_not_a_review_document(sample: Path, tmp_path: Path) -> None:
    f = tmp_path / "letter.docx"
    d = docx.Document()
    d.add_paragraph("Dear editor,")
    d.save(str(f))
    _bad(sample, f, says="is not a transflow review document")


def test_other_language(sample: Path) -> None:
    doc = export(sample, "ru", BIKE)
    _manifest(doc, b'language="ru"', b'language="fr"')
    _bad(sample, doc, says="is for fr, which this workspace does not translate into")


def test_other_workspace(sample: Path) -> None:
    doc = export(sample, "ru", BIKE)
    _manifest(doc, f'article="{BIKE}"'.encode(), b'article="quarterly-report"')
    _bad(sample, doc, says="is for article quarterly-report")


def test_row_deleted(sample: Path) -> None:
    doc = export(sample, "ru", BIKE)
    d = open_doc(doc)
    tr = d.tables[0].rows[5]._tr
    tr.getparent().remove(tr)
    d.save(str(doc))
    _bad(sample, doc, says="table row 5 holds unit 6: rows were reordered or deleted")


def test_last_row_deleted(sample: Path) -> None:
    doc = export(sample, "ru", BIKE)
    d = open_doc(doc)
    tr = d.tables[0].rows[-1]._tr
    tr.getparent().remove(tr)
    d.save(str(doc))
    _bad(sample, doc, says="rows were deleted")


def test_rows_reordered(sample: Path) -> None:
    doc = export(sample, "ru", BIKE)
    d = open_doc(doc)
    a, b = d.tables[0].rows[3]._tr, d.tables[0].rows[4]._tr
    a.addprevious(b)
    d.save(str(doc))
    _bad(sample, doc, says="rows were reordered")


def test_rows_reordered_and_renumbered(sample: Path) -> None:
    doc = export(sample, "ru", BIKE)
    d = open_doc(doc)
    rows = d.tables[0].rows
    rows[4]._tr.addnext(copy.deepcopy(rows[3]._tr))
    rows[3]._tr.getparent().remove(rows[3]._tr)
    rows = d.tables[0].rows
    for k in (3, 4):
        set_text(rows[k].cells[0], (str(k), {}))
    d.save(str(doc))
    _bad(sample, doc, says="rows were reordered")


def test_merged_cells(sample: Path) -> None:
    doc = export(sample, "ru", BIKE)
    d = open_doc(doc)
    row = d.tables[0].rows[6]
    row.cells[4].merge(row.cells[5])
    d.save(str(doc))
    _bad(sample, doc, says="table row 6: merged cells")


def test_one_bad_file_of_several_changes_nothing(sample: Path, tmp_path: Path) -> None:
    good = _good_edit(sample)
    f = tmp_path / "broken.docx"
    f.write_bytes(b"PK\x03\x04 not really")
    _bad(sample, good, f, says="broken.docx")


def test_dry_run_changes_nothing(sample: Path) -> None:
    doc = _good_edit(sample)
    before = tree(sample)
    r = run(sample, "review", "import", "--dry-run", str(doc))
    assert r.exit_code == 0, r.output
    assert "would update locales/ru/city-bike-share-expansion.po" in r.output
    assert "1 changed" in r.output
    assert tree(sample) == before
    r = run(sample, "review", "import", str(doc))
    assert "updated locales/ru/city-bike-share-expansion.po" in r.output
    assert tree(sample) != before


@pytest.mark.parametrize(
    ("fmt", "says"),
    [
        ({"superscript": True}, "superscript cannot be written in the catalog"),
        ({"highlight_color": 7}, "highlighting cannot be written in the catalog"),
    ],
)
def test_unmappable_formatting_refused_for_that_row(sample: Path, fmt: dict, says: str) -> None:
    doc = export(sample, "ru", BIKE)
    before = list(entries(sample, "ru", BIKE).values())
    d = open_doc(doc)
    rows = d.tables[0].rows
    set_text(rows[10].cells[3], ("В прошлом году", {}), ("2", fmt))
    set_text(rows[12].cells[3], ("Правка рецензента", {}))
    d.save(str(doc))
    r = run(sample, "review", "import", str(doc))
    assert r.exit_code == 1, r.output
    assert "refused" in r.output and "row 10" in r.output and says in r.output
    assert "1 changed, 0 commented, 0 conflict(s), 28 unchanged, 1 refused" in r.output
    after = entries(sample, "ru", BIKE)
    assert after[before[9].msgid] == before[9]
    assert after[before[11].msgid].msgstr == "Правка рецензента"


def test_deleted_placeholder_refused(sample: Path) -> None:
    doc = export(sample, "ru", HARBOUR)
    before = entries(sample, "ru", HARBOUR)
    n, e = next((k, e) for k, e in enumerate(before.values(), 1) if "{picture1}" in e.msgid)
    d = open_doc(doc)
    set_text(d.tables[0].rows[n].cells[3], ("Портовый фонд Порт-Эллен", {"bold": True}))
    d.save(str(doc))
    r = run(sample, "review", "import", str(doc))
    assert r.exit_code == 1, r.output
    assert "placeholder {picture1} was deleted" in r.output
    assert entries(sample, "ru", HARBOUR)[e.msgid] == e


def test_placeholder_is_a_locked_token(sample: Path) -> None:
    doc = export(sample, "ru", HARBOUR)
    body = open_doc(doc).element.body
    tokens = [
        sdt
        for sdt in body.iter(qn("w:sdt"))
        if sdt.find(f"{qn('w:sdtPr')}/{qn('w:tag')}").get(qn("w:val")) == "transflow:placeholder"
    ]
    assert {"".join(t.text for t in sdt.iter(qn("w:t"))) for sdt in tokens} >= {
        "{picture1}",
        "{PAGE}",
    }
    for sdt in tokens:
        lock = sdt.find(f"{qn('w:sdtPr')}/{qn('w:lock')}")
        assert lock.get(qn("w:val")) == "sdtContentLocked"
        assert sdt.find(f".//{qn('w:shd')}").get(qn("w:fill")) == "D9D9D9"


def test_tracked_changes_are_accepted(sample: Path) -> None:
    doc = export(sample, "ru", BIKE)
    heading = list(entries(sample, "ru", BIKE).values())[11]
    d = open_doc(doc)
    p = d.tables[0].rows[12].cells[3].paragraphs[0]._p
    run_ = p.find(qn("w:r"))
    deleted = etree.SubElement(p, qn("w:del"), {qn("w:id"): "91", qn("w:author"): "Anna"})
    deleted.append(run_)
    run_.find(qn("w:t")).tag = qn("w:delText")
    inserted = etree.SubElement(p, qn("w:ins"), {qn("w:id"): "92", qn("w:author"): "Anna"})
    r = etree.SubElement(inserted, qn("w:r"))
    etree.SubElement(r, qn("w:t")).text = "Что нового для велосипедистов"
    d.save(str(doc))
    res = run(sample, "review", "import", str(doc))
    assert res.exit_code == 0, res.output
    assert "tracked changes accepted as the reviewer's final text" in res.output
    assert entries(sample, "ru", BIKE)[heading.msgid].msgstr == "Что нового для велосипедистов"


def test_source_column_edit_is_ignored_with_a_notice(sample: Path) -> None:
    doc = export(sample, "ru", BIKE)
    d = open_doc(doc)
    row = d.tables[0].rows[12]
    set_text(row.cells[2], ("What changes for cyclists", {}))
    set_text(row.cells[3], ("Что меняется для велосипедистов", {}))
    d.save(str(doc))
    r = run(sample, "review", "import", str(doc))
    assert r.exit_code == 0, r.output
    assert "row 12" in r.output and "source edits are ignored" in r.output
    assert "1 changed" in r.output
