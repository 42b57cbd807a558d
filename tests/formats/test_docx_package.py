"""The DOCX writer's fast paths give the bytes of the slow ones (issue 15, item 4):

- the package is zipped once (:func:`package_bytes`, its own zip layout and a memory of
  big compressed members) where it used to be saved by python-docx and re-zipped by
  :func:`normalize_zip`;
- the built-in template is read and styled once per process, then deep-copied (and
  once per language localized: ``test_docx_template_cache.py``);
- style names and ids are read once per build (:func:`docx_build._style_table`)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest

from transflow.core.records import SourceFile
from transflow.formats import ExportContext, docx_template, read_source
from transflow.formats import docx as docx_writer
from transflow.formats.docx import _pack, normalize_zip, package_bytes, write_docx
from transflow.formats.docx_build import _pick, _style_table, add_paragraph
from transflow.lang.codes import info

ROOT = Path(__file__).parent.parent.parent
DOCX_FILES = sorted((ROOT / "exports").rglob("*.docx")) + sorted((ROOT / "tests").rglob("*.docx"))

RELEASE = """\
---
title: Riverton doubles its bike share
date: 2026-03-14
---

# Riverton doubles its bike share

RIVERTON, March 14, 2026 — The City will add **40 stations** and a [map](https://example.org).

> "Bike share is how Riverton moves," said *the Deputy Mayor*. Use `ride --now`.

| | Today | After |
|:--|--:|:-:|
| Stations | 52 | 92 |

\\#\\#\\#

## About RiverRide

RiverRide is the public bike-share system. press@riverton.example
"""

PLAIN = "Harbour festival returns\n\nThe harbour festival returns in June.\n\n###\n"


def _zipfile_pack(members: dict[str, bytes]) -> bytes:
    """The earlier packing, with :mod:`zipfile` (the reference)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zout:
        names = sorted(members, key=lambda n: (n != "[Content_Types].xml", n != "_rels/.rels", n))
        for name in names:
            info_ = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info_.compress_type = zipfile.ZIP_DEFLATED
            info_.create_system = 0
            info_.external_attr = 0
            zout.writestr(info_, members[name])
    return out.getvalue()


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def test_there_are_documents_to_compare() -> None:
    assert len(DOCX_FILES) > 20


@pytest.mark.parametrize("path", DOCX_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_pack_gives_zipfiles_bytes(path: Path) -> None:
    try:
        members = _members(path)
    except zipfile.BadZipFile:
        pytest.skip("not a zip (a hostile fixture)")
    expected = _zipfile_pack(members)
    assert _pack(members) == expected
    assert _pack(members) == expected  # again: big members now come from the memory
    assert normalize_zip(path.read_bytes()) == expected


def test_pack_edge_cases() -> None:
    big = bytes(range(256)) * 400  # above the size that is remembered
    cases = [
        {},
        {"empty.xml": b""},
        {"word/naïve – ü.xml": b"<a/>", "_rels/.rels": b"<r/>", "[Content_Types].xml": b"<t/>"},
        {"a.bin": big, "b.bin": big, "c.bin": big[:-1] + b"!"},
    ]
    for members in cases:
        assert _pack(members) == _zipfile_pack(members)
        with zipfile.ZipFile(io.BytesIO(_pack(members))) as z:
            assert z.testzip() is None
            assert {n: z.read(n) for n in z.namelist()} == members


def _context(tmp_path: Path, lang: str, text: str, name: str) -> tuple:
    path = tmp_path / "sources" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    source = SourceFile(path, f"sources/{name}", path.stem)
    document = read_source(source)
    return document, ExportContext(source, document, info(lang), "en", "", "")


def _saved_twice(doc: object, known: object = None) -> bytes:
    """The earlier writer's last step: python-docx's save, then re-zipped (every part
    serialized: ``known``, a part's bytes the writer already has, is not used)."""
    buf = io.BytesIO()
    doc.save(buf)  # type: ignore[attr-defined]
    return normalize_zip(buf.getvalue())


CASES = [
    ("ru", RELEASE, "release.md"),
    ("ar", RELEASE, "release.md"),
    ("zh_Hans", RELEASE, "release.md"),
    ("en_US", PLAIN, "plain.txt"),
    ("de", PLAIN, "plain.txt"),
]


@pytest.mark.parametrize(("lang", "text", "name"), CASES)
def test_written_once_same_bytes_as_saved_and_rezipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, text: str, name: str
) -> None:
    document, ctx = _context(tmp_path, lang, text, name)
    fast = write_docx(document, tmp_path / "out.docx", ctx).data
    monkeypatch.setattr(docx_writer, "package_bytes", _saved_twice)
    slow = write_docx(document, tmp_path / "out.docx", ctx).data
    assert fast == slow


def test_a_docx_source_written_once_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    src = ROOT / "sources" / "harbour-festival-2026.docx"
    if not src.exists():
        src = next(p for p in sorted(ROOT.glob("sources/**/*.docx")))
    source = SourceFile(src, f"sources/{src.name}", src.stem)
    document = read_source(source)
    ctx = ExportContext(source, document, info("ru"), "en", "", "")
    fast = write_docx(document, tmp_path / "out.docx", ctx).data
    monkeypatch.setattr(docx_writer, "package_bytes", _saved_twice)
    assert write_docx(document, tmp_path / "out.docx", ctx).data == fast


def test_cached_template_gives_the_fresh_templates_bytes(tmp_path: Path) -> None:
    """A document built on the process's copy of the template equals one built on a
    freshly made template, whatever was built before it (no state leaks between
    documents)."""
    results: dict[str, bytes] = {}
    for lang, text, name in CASES:
        docx_template._BASE.clear()  # a fresh template for this one
        docx_writer._TEMPLATES.clear()
        document, ctx = _context(tmp_path / lang, lang, text, name)
        results[lang] = write_docx(document, tmp_path / "out.docx", ctx).data
    for lang, text, name in [*CASES, *reversed(CASES)]:  # then from the cached copy
        document, ctx = _context(tmp_path / lang, lang, text, name)
        assert write_docx(document, tmp_path / "out.docx", ctx).data == results[lang], lang
    assert docx_template._base() is not docx_template._base()


def test_style_table_matches_python_docx() -> None:
    doc = docx_template._base()
    known = {s.name.lower(): s.name for s in doc.styles if s.name}
    assert _style_table(doc).names == known
    for name in ("Title", "heading 1", "Quote", "End Mark", "List Bullet 2", "Nope"):
        assert _pick(doc, name) == known.get(name.lower())
    # a paragraph gets the id python-docx would give it, the default style none
    for name in ("Title", "Heading 2", "Boilerplate", "Normal"):
        ours = add_paragraph(doc, name)
        theirs = doc.add_paragraph(style=name)
        assert ours._p.style == theirs._p.style
        assert (ours._p.pPr is None) == (theirs._p.pPr is None)
    # a style added during the build is seen
    doc.styles.add_style("Fresh One", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    assert _pick(doc, "fresh one") == "Fresh One"
    assert add_paragraph(doc, "Fresh One")._p.style == doc.styles["Fresh One"].style_id
    # a character style is refused as python-docx refuses it
    with pytest.raises(ValueError):
        add_paragraph(doc, "Hyperlink" if _pick(doc, "Hyperlink") else "Default Paragraph Font")


def test_package_bytes_of_an_opened_document() -> None:
    for path in DOCX_FILES[:10]:
        try:
            doc = docx.Document(str(path))
        except Exception:
            continue
        assert package_bytes(doc) == _saved_twice(doc)
