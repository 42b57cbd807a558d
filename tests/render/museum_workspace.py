"""A second sample workspace made in code (issue 12, "What it must show"): a Word press
release of the Lakeside Science Museum whose footer has "Page X of Y" in the middle of a
line and whose contact block has a phone number, a Markdown note exported with a
``reference_docx`` letterhead (header: the organisation; footer: "Page {PAGE} of
{NUMPAGES}" mid-line), and their translations into Russian, Arabic and Simplified
Chinese. Everything is generated with python-docx, so no binary is committed.

:func:`make` writes the workspace, runs ``extract`` and fills every catalog from
:data:`TRANSLATIONS`; the caller exports. Used by ``test_render.py`` (rendered with
LibreOffice) and ``test_letterhead.py`` (the DOCX XML).
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.text import WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Pt
from lxml import etree

from transflow.ops import extract
from transflow.workspace import config as cfg
from transflow.workspace import store

LANGUAGES = ("ru", "ar", "zh_Hans")
ORGANISATION = "Lakeside Science Museum"
PHONE = "+44 1632 960 123"
FOOTER_TAIL = "press@lakeside.example"

# msgid -> translations; the catalogs get exactly these (every unit translated)
TRANSLATIONS: dict[str, dict[str, str]] = {
    f"**{ORGANISATION}**": {
        "ru": "**Научный музей Лейксайда**",
        "ar": "**متحف ليكسايد للعلوم**",
        "zh_Hans": "**莱克赛德科学博物馆**",
    },
    f"{ORGANISATION} | Page {{PAGE}} of {{NUMPAGES}} | {FOOTER_TAIL}": {
        "ru": f"Научный музей Лейксайда | Страница {{PAGE}} из {{NUMPAGES}} | {FOOTER_TAIL}",
        "ar": f"متحف ليكسايد للعلوم | صفحة {{PAGE}} من {{NUMPAGES}} | {FOOTER_TAIL}",
        "zh_Hans": f"莱克赛德科学博物馆 | 第 {{PAGE}} 页，共 {{NUMPAGES}} 页 | {FOOTER_TAIL}",
    },
    "Lakeside Science Museum opens a planetarium": {
        "ru": "Научный музей Лейксайда открывает планетарий",
        "ar": "متحف ليكسايد للعلوم يفتتح قبة سماوية",
        "zh_Hans": "莱克赛德科学博物馆新建天文馆开幕",
    },
    "The museum will open its new planetarium on June 1.": {
        "ru": "Музей откроет свой новый планетарий 1 июня.",
        "ar": "سيفتتح المتحف قبته السماوية الجديدة في الأول من يونيو.",
        "zh_Hans": "博物馆将于6月1日开放新建的天文馆。",
    },
    "The dome seats 120 visitors.": {
        "ru": "Купол вмещает 120 зрителей.",
        "ar": "تتسع القبة لـ 120 زائرًا.",
        "zh_Hans": "穹顶可容纳120名观众。",
    },
    "“The sky belongs to everyone,” said *Maya Chen*, the museum's director.": {
        "ru": "«Небо принадлежит всем», — сказала *Майя Чен*, директор музея.",
        "ar": "قالت *مايا تشين*، مديرة المتحف: «السماء ملك للجميع».",
        "zh_Hans": "博物馆馆长*陈玛雅*说：“天空属于每一个人。”",
    },
    "Media contact": {
        "ru": "Контакты для прессы",
        "ar": "للتواصل الإعلامي",
        "zh_Hans": "媒体联系",
    },
    f"Press office: {PHONE}": {
        "ru": f"Пресс-служба: {PHONE}",
        "ar": f"المكتب الصحفي: {PHONE}",
        "zh_Hans": f"新闻办公室：{PHONE}",
    },
    "Planetarium opening hours": {
        "ru": "Часы работы планетария",
        "ar": "مواعيد عمل القبة السماوية",
        "zh_Hans": "天文馆开放时间",
    },
    "The planetarium is open every day from *10 am* to 6 pm.": {
        "ru": "Планетарий открыт ежедневно с *10:00* до 18:00.",
        "ar": "القبة السماوية مفتوحة يوميًا من *الساعة 10 صباحًا* حتى 6 مساءً.",
        "zh_Hans": "天文馆每天*上午10点*至下午6点开放。",
    },
}

NOTE = """\
# Planetarium opening hours

The planetarium is open every day from *10 am* to 6 pm.

Press office: +44 1632 960 123
"""


def _field(paragraph, instr: str, shown: str) -> None:  # type: ignore[no-untyped-def]
    """A complex field (begin, instruction, separate, result, end), as Word writes it."""
    for kind, text in (("begin", None), (None, instr), ("separate", None), (None, shown)):
        run = paragraph.add_run()
        if kind:
            el = etree.SubElement(run._r, qn("w:fldChar"))
            el.set(qn("w:fldCharType"), kind)
        elif text == instr:
            el = etree.SubElement(run._r, qn("w:instrText"))
            el.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            el.text = instr
        else:
            run.text = text
    end = paragraph.add_run()
    etree.SubElement(end._r, qn("w:fldChar")).set(qn("w:fldCharType"), "end")


def _simple_field(paragraph, name: str) -> None:  # type: ignore[no-untyped-def]
    fld = etree.SubElement(paragraph._p, qn("w:fldSimple"))
    fld.set(qn("w:instr"), f" {name} ")
    fld.append(paragraph.add_run("1")._r)  # moved into the field


def letterhead(doc) -> None:  # type: ignore[no-untyped-def]
    """The museum's header (its name, bold) and footer: the name, then "Page X of Y" in
    the middle of the line (PAGE a complex field, NUMPAGES a simple one), then the
    press e-mail."""
    section = doc.sections[0]
    head = section.header.paragraphs[0]
    head.add_run(ORGANISATION).bold = True
    foot = section.footer.paragraphs[0]
    foot.add_run(f"{ORGANISATION} | Page ")
    _field(foot, " PAGE ", "1")
    foot.add_run(" of ")
    _simple_field(foot, "NUMPAGES")
    foot.add_run(f" | {FOOTER_TAIL}")
    for p in (head, foot):
        for run in p.runs:
            run.font.size = Pt(9)


def release_docx(path: Path) -> None:
    """The Word release: two pages (a page break before the contact section)."""
    doc = docx.Document()
    letterhead(doc)
    doc.add_paragraph("Lakeside Science Museum opens a planetarium", style="Title")
    doc.add_paragraph(
        "The museum will open its new planetarium on June 1. The dome seats 120 visitors."
    )
    quote = doc.add_paragraph("“The sky belongs to everyone,” said ", style="Quote")
    quote.add_run("Maya Chen").italic = True
    quote.add_run(", the museum's director.")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.add_paragraph("Media contact", style="Heading 2")
    doc.add_paragraph(f"Press office: {PHONE}")
    doc.core_properties.created = doc.core_properties.modified = _date()
    doc.save(str(path))


def reference_docx(path: Path) -> None:
    """The letterhead alone: the reference document of exports built from Markdown."""
    doc = docx.Document()
    letterhead(doc)
    doc.add_paragraph("This body is replaced by every export.")
    doc.core_properties.created = doc.core_properties.modified = _date()
    doc.save(str(path))


def _date():  # type: ignore[no-untyped-def]
    import datetime as dt

    return dt.datetime(2026, 5, 4, 9, 0, tzinfo=dt.UTC)


def make(root: Path, translate: bool = True) -> cfg.Config:
    """The workspace at ``root``, extracted, its catalogs filled (unless not
    ``translate``). Returns its configuration."""
    (root / "sources").mkdir(parents=True)
    (root / "templates").mkdir()
    release_docx(root / "sources" / "museum-release.docx")
    (root / "sources" / "museum-note.md").write_text(NOTE, encoding="utf-8")
    reference_docx(root / "templates" / "letterhead.docx")
    (root / "transflow.toml").write_text(
        f'source_language = "en"\nlanguages = {list(LANGUAGES)!r}\n'.replace("'", '"')
        + '[export]\nformats = ["docx", "md"]\nreference_docx = "templates/letterhead.docx"\n',
        encoding="utf-8",
    )
    config = cfg.load(root)
    extract.run(config)
    if translate:
        for lang in LANGUAGES:
            for po in sorted((root / "locales" / lang).glob("*.po")):
                fill(po, lang)
    return config


def fill(path: Path, lang: str) -> None:
    """Translate every entry of a catalog from :data:`TRANSLATIONS`."""
    from dataclasses import replace

    rel = path.name
    catalog, _ = store.load(path, rel)
    entries = []
    for e in catalog.entries:
        if e.msgid and not e.obsolete:
            e = replace(e, msgstr=TRANSLATIONS[e.msgid][lang], flags=())
        entries.append(e)
    path.write_bytes(store.serialize(replace(catalog, entries=tuple(entries))))
