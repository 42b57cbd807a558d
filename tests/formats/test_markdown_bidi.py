"""Left-to-right runs isolated in Markdown exports for right-to-left languages (issue 12,
item 1, Markdown side): a phone number, an e-mail address, a bare URL, a code and a Latin
name in Arabic text are wrapped in LRI … PDI, nowhere Markdown syntax lives."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt

from transflow.core.model import Block, BlockKind, Document
from transflow.core.records import LanguageInfo, SourceFile
from transflow.formats import ExportContext, read_source
from transflow.formats.markdown import write_markdown
from transflow.lang.bidi import LRI, PDI, isolate, ltr_runs, strip_bidi
from transflow.ops.exportdoc import translate_document
from transflow.segment.sentences import units_of

AR = LanguageInfo("ar", "ar", "Arabic", rtl=True, cjk=False, word_separator=" ")
AR_LTR = LanguageInfo("ar", "ar", "Arabic", rtl=False, cjk=False, word_separator=" ")
HE = LanguageInfo("he", "he", "Hebrew", rtl=True, cjk=False, word_separator=" ")
HTML = MarkdownIt("commonmark").enable(["table", "strikethrough"])

SOURCE = """\
---
title: Riverton adds 40 stations with RiverRide
summary: Call +44 1496 300 123 for details.
---

# Riverton adds 40 stations with RiverRide

Call **Amina Okafor** on +44 1496 300 123, write to press@riverton.example, quote SC041234, see https://www.riverride.example/map or the [station map](https://www.riverride.example/expansion-2026) and run `transflow check`.

| Contact | Phone |
|---|---|
| Amina Okafor | +44 1496 300 123 |
"""

TRANSLATIONS = {
    "Riverton adds 40 stations with RiverRide": "ريفرتون تضيف 40 محطة إلى RiverRide",
    "Call +44 1496 300 123 for details.": "للتفاصيل اتصلوا على +44 1496 300 123.",
    "Call **Amina Okafor** on +44 1496 300 123, write to press@riverton.example, quote "
    "SC041234, see https://www.riverride.example/map or the [station map]"
    "(https://www.riverride.example/expansion-2026) and run `transflow check`.": (
        "اتصلوا بـ**Amina Okafor** على الرقم +44 1496 300 123، أو راسلوا "
        "press@riverton.example، واذكروا الرمز SC041234، وانظروا "
        "https://www.riverride.example/map أو [خريطة المحطات]"
        "(https://www.riverride.example/expansion-2026) وشغّلوا `transflow check`."
    ),
    "Contact": "جهة الاتصال",
    "Phone": "الهاتف",
}


def _export(tmp_path: Path, language: LanguageInfo) -> str:
    path = tmp_path / "sources" / "a.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(SOURCE, encoding="utf-8")
    source = SourceFile(path, "sources/a.md", "a")
    doc = read_source(source)
    assert set(TRANSLATIONS) <= {t for _, t in units_of(doc.blocks, "sentence", "en")}
    translated = translate_document(doc, "sentence", "en", TRANSLATIONS, language)
    context = ExportContext(source, doc, language, "en", "", "test")
    return write_markdown(translated, Path("a.md"), context).data.decode("utf-8")


def _show(text: str) -> str:
    return text.replace(LRI, "⟨").replace(PDI, "⟩")


def test_arabic_export_isolates_exactly_the_left_to_right_runs(tmp_path: Path) -> None:
    out = _show(_export(tmp_path, AR))
    assert out == (
        "---\n"
        "title: ريفرتون تضيف 40 محطة إلى ⟨RiverRide⟩\n"
        "lang: ar\n"
        "dir: rtl\n"
        "summary: للتفاصيل اتصلوا على ⟨+44 1496 300 123⟩.\n"
        "---\n"
        "\n"
        "# ريفرتون تضيف 40 محطة إلى ⟨RiverRide⟩\n"
        "\n"
        # the name inside bold, the phone number, e-mail, code and bare URL in text; the
        # link's destination untouched; the code span wrapped from outside
        "اتصلوا بـ**⟨Amina Okafor⟩** على الرقم ⟨+44 1496 300 123⟩، أو راسلوا "
        "⟨press@riverton.example⟩، واذكروا الرمز ⟨SC041234⟩، وانظروا "
        "⟨https://www.riverride.example/map⟩ أو [خريطة المحطات]"
        "(https://www.riverride.example/expansion-2026) وشغّلوا ⟨`transflow check`⟩.\n"
        "\n"
        "| جهة الاتصال | الهاتف |\n"
        "| --- | --- |\n"
        "| ⟨Amina Okafor⟩ | ⟨+44 1496 300 123⟩ |\n"
    )


def _html(markdown: str) -> str:
    return HTML.render(re.sub(r"\A---\n.*?\n---\n", "", markdown, flags=re.S))


def test_isolates_change_no_markdown_structure(tmp_path: Path) -> None:
    """markdown-it reads the isolated export as the same document: the same HTML once the
    isolates are taken out, and no isolate inside an attribute (href) or code."""
    isolated = _export(tmp_path, AR)
    plain = _export(tmp_path, AR_LTR)  # the same export without isolation (nor dir: rtl)
    assert LRI in isolated and LRI not in plain
    assert strip_bidi(isolated) == plain.replace("lang: ar\n", "lang: ar\ndir: rtl\n")
    html = _html(isolated)
    assert strip_bidi(html) == _html(plain)
    assert not re.search(rf'="[^"]*[{LRI}{PDI}]', html)  # no isolate in an attribute
    assert not re.search(rf"<code>[^<]*[{LRI}{PDI}]", html)  # nor in code
    tokens = [t.type for t in HTML.parse(isolated)]
    assert tokens == [t.type for t in HTML.parse(plain)]
    # front matter: keys untouched, values isolated, YAML still reads
    head = yaml.safe_load(isolated.split("---\n")[1])
    assert set(head) == {"title", "lang", "dir", "summary"}
    assert head["summary"] == f"للتفاصيل اتصلوا على {LRI}+44 1496 300 123{PDI}."


def test_reading_the_export_back_gives_the_translation_minus_isolates(tmp_path: Path) -> None:
    out = tmp_path / "exports" / "ar" / "a.md"
    out.parent.mkdir(parents=True)
    out.write_text(_export(tmp_path, AR), encoding="utf-8")
    back = read_source(SourceFile(out, "exports/ar/a.md", "a"))
    texts = {strip_bidi(text) for _, text in units_of(back.blocks, "sentence", "en")}
    assert set(TRANSLATIONS.values()) <= texts
    assert any(LRI in b.text for b in back.blocks)


def test_hebrew_too_and_left_to_right_languages_never() -> None:
    blocks = (Block(BlockKind.PARAGRAPH, "התקשרו ל-+44 1496 300 123 עכשיו."),)
    doc = Document("sources/a.txt", "a", "text", blocks)
    src = SourceFile(Path("sources/a.txt"), "sources/a.txt", "a")
    for language, isolated in ((HE, True), (AR_LTR, False)):
        context = ExportContext(src, doc, language, "en", "", "test")
        body = write_markdown(doc, Path("a.md"), context).data.decode("utf-8")
        assert (f"{LRI}+44 1496 300 123{PDI}" in body) is isolated


def test_translator_isolates_are_kept_as_written(tmp_path: Path) -> None:
    text = f"اتصلوا على {LRI}+44 1496 300 123{PDI} أو Amina"
    assert isolate(text) == text  # not doubled, nothing added


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("اتصلوا على +44 1496 300 123 الآن", "اتصلوا على ⟨+44 1496 300 123⟩ الآن"),
        ("الهاتف (0)20 7946 0000،", "الهاتف ⟨(0)20 7946 0000⟩،"),
        ("قال Dr. Amina Okafor، نائبة", "قال ⟨Dr. Amina Okafor⟩، نائبة"),
        ("(الرمز SC041234)", "(الرمز ⟨SC041234⟩)"),
        ("بـAmina Okafor", "بـ⟨Amina Okafor⟩"),
        ("«Bike share»، قال", "«⟨Bike share⟩»، قال"),
        ("700 000 راكب", "⟨700 000⟩ راكب"),
        # a lone number, a decimal, a price, a date and a range display right already
        ("في 2026 أضافت 40 محطة و1,380 دراجة بـ€2.50 في 2026-03-14 أيام 12–14",
         "في 2026 أضافت 40 محطة و1,380 دراجة بـ€2.50 في 2026-03-14 أيام 12–14"),
        ("زوروا https://a.example/b/.", "زوروا ⟨https://a.example/b/⟩."),
    ],
)  # fmt: skip
def test_isolate(text: str, expected: str) -> None:
    assert _show(isolate(text)) == expected
    assert strip_bidi(isolate(text)) == text
    assert len(ltr_runs(text)) == expected.count("⟨")
