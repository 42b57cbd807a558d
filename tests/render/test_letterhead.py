"""The letterhead catalog (issue 12, item 7, and its listing): a ``reference_docx``'s
header and footer are units of ``locales/<lang>/_template.po`` and are localized in every
DOCX built on it; ``status`` and ``check`` list that catalog as the article ``_template``;
a source named ``_template`` is refused. Also the DOCX XML of the museum workspace's Word
release (``museum_workspace.py``) in Russian, Arabic and Chinese. No LibreOffice needed."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import replace
from pathlib import Path

import docx
import museum_workspace as museum
import pytest
from lxml import etree
from typer.testing import CliRunner

from transflow.cli.app import app
from transflow.ops import export, extract, status
from transflow.workspace import store

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LRM = "\u200e"
FOOTER_ID = f"{museum.ORGANISATION} | Page {{PAGE}} of {{NUMPAGES}} | {museum.FOOTER_TAIL}"
HEADER_ID = f"**{museum.ORGANISATION}**"


def _run(root: Path, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, ["-w", str(root), *args])


@pytest.fixture
def made(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1777900000")
    root = tmp_path / "museum"
    config = museum.make(root)
    return root, config


def _part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read(name))


def _hf(path: Path, kind: str) -> etree._Element:
    doc = docx.Document(str(path))
    section = doc.sections[0]
    return (section.header if kind == "header" else section.footer)._element


def _line(p: etree._Element) -> list[str]:
    """A paragraph as its text runs and fields in order (fields by keyword)."""
    out: list[str] = []
    in_instr = False
    for el in p.iter(f"{W}t", f"{W}instrText", f"{W}fldSimple", f"{W}fldChar"):
        if el.tag == f"{W}fldSimple":
            out.append((el.get(f"{W}instr") or "").split()[0])
        elif el.tag == f"{W}instrText":
            out.append((el.text or "").split()[0])
        elif el.tag == f"{W}fldChar":
            in_instr = el.get(f"{W}fldCharType") == "separate"
        elif not in_instr and el.getparent().getparent().tag != f"{W}fldSimple":
            out.append(el.text or "")
        else:
            in_instr = False if el.tag == f"{W}t" else in_instr
    merged: list[str] = []
    for piece in out:
        if merged and piece not in ("PAGE", "NUMPAGES") and merged[-1] not in ("PAGE", "NUMPAGES"):
            merged[-1] += piece
        else:
            merged.append(piece)
    return [m.replace(LRM, "") for m in merged]


# ---------------------------------------------------------------- extract


def test_reference_letterhead_becomes_units_of_the_template_catalog(made) -> None:  # type: ignore[no-untyped-def]
    root, config = made
    pot = (root / "locales" / "templates" / "_template.pot").read_text(encoding="utf-8")
    assert "#. page header\n#: templates/letterhead.docx\n" in pot
    assert f'msgid "{HEADER_ID}"' in pot
    assert "Page {PAGE} of {NUMPAGES} | press@lakeside.example" in pot  # the fields
    assert "X-Transflow-Source: templates/letterhead.docx sha256:" in pot
    # not the built-in template's words: a reference document has its own letterhead
    assert "PRESS RELEASE" not in pot
    for lang in museum.LANGUAGES:
        assert (root / "locales" / lang / "_template.po").is_file()
    # nothing changed: nothing written
    assert not extract.run(config).catalogs_written


def test_changed_reference_letterhead_is_stale_then_merged(made) -> None:  # type: ignore[no-untyped-def]
    root, config = made
    ref = root / "templates" / "letterhead.docx"
    doc = docx.Document(str(ref))
    doc.sections[0].header.paragraphs[0].runs[0].text = "Lakeside Science Museum Trust"
    doc.save(str(ref))
    rows = [r for r in status.run(config).catalogs if r.article == "_template"]
    assert {r.state for r in rows} == {"stale"} and len(rows) == 3
    extract.run(config)
    po = (root / "locales" / "ru" / "_template.po").read_text(encoding="utf-8")
    assert '#, fuzzy\n#| msgid "**Lakeside Science Museum**"\n' in po
    rows = [r for r in status.run(config).catalogs if r.article == "_template"]
    assert {r.state for r in rows} == {"in_progress"}


# ---------------------------------------------------------------- export


@pytest.mark.parametrize(
    ("lang", "header", "footer"),
    [
        (
            "ru",
            "Научный музей Лейксайда",
            ["Научный музей Лейксайда | Страница ", "PAGE", " из ", "NUMPAGES",
             " | press@lakeside.example"],
        ),
        (
            "ar",
            "متحف ليكسايد للعلوم",
            ["متحف ليكسايد للعلوم | صفحة ", "PAGE", " من ", "NUMPAGES",
             " | press@lakeside.example"],
        ),
        (
            "zh_Hans",
            "莱克赛德科学博物馆",
            ["莱克赛德科学博物馆 | 第 ", "PAGE", " 页，共 ", "NUMPAGES",
             " 页 | press@lakeside.example"],
        ),
    ],
)  # fmt: skip
def test_reference_letterhead_localized_in_every_docx_built_on_it(
    made, lang: str, header: str, footer: list[str]
) -> None:  # type: ignore[no-untyped-def]
    root, config = made
    report = export.run(config, languages=[lang], formats=["docx"])
    assert not report.refused
    assert not any("letterhead" in n for o in report.outcomes for n in o.notes)
    out = root / "exports" / lang / "museum-note.docx"
    head = _hf(out, "header")
    assert "".join(t.text or "" for t in head.iter(f"{W}t")) == header
    assert head.find(f".//{W}r/{W}rPr/{W}b") is not None  # still bold
    foot = _hf(out, "footer")
    assert _line(foot.find(f"{W}p")) == footer
    if lang == "ar":  # right to left like the body, the e-mail a left-to-right run
        assert foot.find(f"{W}p/{W}pPr/{W}bidi") is not None
        email = [r for r in foot.iter(f"{W}r") if "press@" in "".join(r.itertext())]
        assert email and email[0].find(f"{W}rPr/{W}rtl") is None
    # the reference document's body is not in the export
    body = "".join(_part(out.read_bytes(), "word/document.xml").itertext())
    assert "This body is replaced" not in body and "Lakeside Science Museum" not in body


def test_untranslated_letterhead_is_written_as_it_is_and_reported(made) -> None:  # type: ignore[no-untyped-def]
    root, config = made
    po = root / "locales" / "ar" / "_template.po"
    catalog, _ = store.load(po, "po")
    entries = tuple(replace(e, msgstr="") if e.msgid == FOOTER_ID else e for e in catalog.entries)
    po.write_bytes(store.serialize(replace(catalog, entries=entries)))
    report = export.run(config, languages=["ar"], formats=["docx"])
    (note,) = [o for o in report.outcomes if o.article == "museum-note"]
    assert note.action == "written"
    assert any(
        f"the letterhead's {FOOTER_ID!r} (templates/letterhead.docx) is not translated into ar" in n
        for n in note.notes
    )
    foot = _hf(root / "exports" / "ar" / "museum-note.docx", "footer")
    assert "Page" in "".join(foot.itertext())
    head = _hf(root / "exports" / "ar" / "museum-note.docx", "header")
    assert "متحف" in "".join(head.itertext())  # the translated unit is used
    # the Word release has its own header and footer (its own catalog): no note there
    (release,) = [o for o in report.outcomes if o.article == "museum-release"]
    assert not any("letterhead" in n for n in release.notes)


def test_builtin_template_untranslated_is_reported_by_export(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    (root / "sources").mkdir(parents=True)
    (root / "transflow.toml").write_text('source_language = "en"\nlanguages = ["ar"]\n')
    (root / "sources" / "note.md").write_text("# A title\n\nOne sentence.\n")
    assert _run(root, "extract").exit_code == 0
    po = root / "locales" / "ar" / "note.po"
    catalog, _ = store.load(po, "po")
    entries = tuple(replace(e, msgstr="ترجمة") if e.msgid else e for e in catalog.entries)
    po.write_bytes(store.serialize(replace(catalog, entries=entries)))
    result = _run(root, "export", "--to", "docx")
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split())
    assert "the template's 'PRESS RELEASE' is not translated into ar" in flat
    assert "(locales/ar/_template.po)" in flat


# ---------------------------------------------------------------- status, check, names


def test_status_and_check_list_the_template_catalog(made) -> None:  # type: ignore[no-untyped-def]
    root, _ = made
    result = _run(root, "status", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = [r for r in json.loads(result.stdout)["catalogs"] if r["article"] == "_template"]
    assert [r["language"] for r in rows] == list(museum.LANGUAGES)
    assert all(r["state"] == "complete" and r["total"] == 2 for r in rows)
    # listed after the articles
    assert json.loads(result.stdout)["catalogs"][-1]["article"] == "_template"
    # an untranslated letterhead keeps the language from being complete
    po = root / "locales" / "ru" / "_template.po"
    catalog, _ = store.load(po, "po")
    po.write_bytes(
        store.serialize(
            replace(catalog, entries=tuple(replace(e, msgstr="") for e in catalog.entries))
        )
    )
    result = _run(root, "status", "--fail-under", "100", "-l", "ru")
    assert result.exit_code == 1
    assert "_template" in result.output
    # check reads the letterhead's translations too
    ar = root / "locales" / "ar" / "_template.po"
    text = ar.read_text(encoding="utf-8")
    ar.write_text(text.replace("صفحة {PAGE} من", "صفحة من"), encoding="utf-8")
    result = _run(root, "check", "--format", "json", "-l", "ar")
    assert result.exit_code == 1, result.output
    issues = json.loads(result.stdout)["issues"]
    assert [(i["article"], i["check"]) for i in issues] == [("_template", "placeholders")]
    assert issues[0]["location"].startswith("locales/ar/_template.po:")
    # status --checks counts it on its row
    result = _run(root, "status", "--checks", "--format", "json", "-l", "ar")
    rows = {r["article"]: r for r in json.loads(result.stdout)["catalogs"]}
    assert rows["_template"]["errors"] == 1 and rows["museum-note"]["errors"] == 0


def test_unused_template_catalog_listed_while_it_is_there(made) -> None:  # type: ignore[no-untyped-def]
    root, _ = made
    toml = root / "transflow.toml"
    toml.write_text(toml.read_text().replace('formats = ["docx", "md"]', 'formats = ["md"]'))
    rows = json.loads(_run(root, "status", "--format", "json").stdout)["catalogs"]
    assert {r["state"] for r in rows if r["article"] == "_template"} == {"complete"}
    for lang in museum.LANGUAGES:
        (root / "locales" / lang / "_template.po").unlink()
    rows = json.loads(_run(root, "status", "--format", "json").stdout)["catalogs"]
    assert not [r for r in rows if r["article"] == "_template"]


@pytest.mark.parametrize("name", ["_template.md", "_Template.txt", "_template.docx"])
def test_source_named_like_the_template_catalog_is_refused(tmp_path: Path, name: str) -> None:
    root = tmp_path / "ws"
    (root / "sources").mkdir(parents=True)
    (root / "transflow.toml").write_text('source_language = "en"\nlanguages = ["ru"]\n')
    path = root / "sources" / name
    if name.endswith(".docx"):
        document = docx.Document()
        document.add_paragraph("Title")
        document.save(str(path))
    else:
        path.write_text("A title\n\nA sentence.\n")
    for command in ("extract", "status", "check", "export"):
        result = _run(root, command)
        assert result.exit_code == 3, (command, result.output)
        flat = " ".join(result.output.split())
        assert f"sources/{name}: has the name of the workspace's letterhead catalog" in flat
        assert "rename the source" in flat
    assert not (root / "locales").exists()
    # in a sub-folder the name is free: its catalogs are locales/<lang>/news/_template.po
    path.unlink()
    (root / "sources" / "news").mkdir()
    (root / "sources" / "news" / "_template.md").write_text("# A title\n\nA sentence.\n")
    assert _run(root, "extract").exit_code == 0
    assert (root / "locales" / "ru" / "news" / "_template.po").is_file()


# ---------------------------------------------------------------- the Word release's XML


def test_word_release_footer_page_x_of_y_mid_line(made) -> None:  # type: ignore[no-untyped-def]
    root, config = made
    export.run(config, formats=["docx"])
    expected = {
        "ru": ["Научный музей Лейксайда | Страница ", "PAGE", " из ", "NUMPAGES"],
        "ar": ["متحف ليكسايد للعلوم | صفحة ", "PAGE", " من ", "NUMPAGES"],
        "zh_Hans": ["莱克赛德科学博物馆 | 第 ", "PAGE", " 页，共 ", "NUMPAGES"],
    }
    for lang, start in expected.items():
        foot = _hf(root / "exports" / lang / "museum-release.docx", "footer")
        line = _line(foot.find(f"{W}p"))
        assert line[:4] == start, (lang, line)
        assert line[4].endswith("| press@lakeside.example")
        # the PAGE field is still Word's complex field (begin, instruction, end)
        kinds = [el.get(f"{W}fldCharType") for el in foot.iter(f"{W}fldChar")]
        assert kinds == ["begin", "separate", "end"]


def test_word_release_arabic_phone_number_is_a_left_to_right_run(made) -> None:  # type: ignore[no-untyped-def]
    root, config = made
    export.run(config, languages=["ar"], formats=["docx"])
    body = _part(
        (root / "exports" / "ar" / "museum-release.docx").read_bytes(), "word/document.xml"
    )
    runs = [r for r in body.iter(f"{W}r") if museum.PHONE in "".join(r.itertext())]
    assert len(runs) == 1
    (run,) = runs
    assert run.find(f"{W}rPr/{W}rtl") is None
    text = "".join(run.itertext())
    assert text.strip(LRM) == museum.PHONE and text.startswith(LRM) and text.endswith(LRM)
    paragraph = run.getparent()
    assert paragraph.find(f"{W}pPr/{W}bidi") is not None
    assert "المكتب الصحفي" in "".join(paragraph.itertext())


def test_word_release_chinese_has_no_slanted_text(made) -> None:  # type: ignore[no-untyped-def]
    root, config = made
    export.run(config, languages=["zh_Hans"], formats=["docx"])
    data = (root / "exports" / "zh_Hans" / "museum-release.docx").read_bytes()
    for name in ("word/document.xml", "word/styles.xml", "word/footer1.xml", "word/header1.xml"):
        part = _part(data, name)
        slanted = [
            el
            for tag in ("i", "iCs")
            for el in part.iter(f"{W}{tag}")
            if el.get(f"{W}val") not in ("0", "false", "off")
        ]
        assert not slanted, name
    # the source's italic name is emphasis marks (dots under the characters) instead
    body = _part(data, "word/document.xml")
    marked = [r for r in body.iter(f"{W}r") if r.find(f"{W}rPr/{W}em") is not None]
    assert ["".join(r.itertext()) for r in marked] == ["陈玛雅"]
    source = _part((root / "sources" / "museum-release.docx").read_bytes(), "word/document.xml")
    assert source.find(f".//{W}i") is not None  # the source had italics: the test can fail
