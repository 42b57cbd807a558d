"""Sentence pieces keep the whitespace between them; noise is never a unit; numbers in
noise are written in the target locale's notation."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transflow.core.model import Block, BlockKind, Document
from transflow.lang import codes as languages
from transflow.lang.localize import localize_numbers
from transflow.ops.exportdoc import translate_document
from transflow.segment.sentences import is_noise, split_sentences, split_with_gaps, units_of


def test_a_line_break_between_sentences_is_kept() -> None:
    text = "**Who can enter?**\nEveryone over 18.\nBring ID."
    assert split_with_gaps(text) == [
        ("**Who can enter?**", "\n"),
        ("Everyone over 18.", "\n"),
        ("Bring ID.", ""),
    ]


def test_double_spaces_between_sentences_are_kept() -> None:
    assert split_with_gaps("One.  Two. Three.") == [("One.", "  "), ("Two.", " "), ("Three.", "")]


def test_no_cut_after_syn_inside_bold() -> None:
    text = "**Asclepias (*A. syriaca*, syn. *A. cornuti*) grows here.** It flowers."
    assert split_sentences(text) == [
        "**Asclepias (*A. syriaca*, syn. *A. cornuti*) grows here.**",
        "It flowers.",
    ]


def test_rejoined_pieces_keep_their_own_gap() -> None:
    text = "**One. Two.\nThree.** Four."
    assert split_with_gaps(text) == [("**One. Two.\nThree.**", " "), ("Four.", "")]


@pytest.mark.parametrize(
    "text",
    [
        "52",
        "1,380",
        "€59.00",
        "+44 1496 300 123",
        "###",
        "press@example.org",
        "https://example.org/a",
        "www.example.org",
        "{picture1}",
        "![](https://t.example/p.gif)",
        "—",
        "https://aa.org https://bb.org",  # markdown-it linkify-012
        "[irc://foo.bar:2233/baz](irc://foo.bar:2233/baz)",  # CommonMark 598: autolinks
        "[MAILTO:FOO@BAR.BAZ](MAILTO:FOO@BAR.BAZ)",
        "[m:abc](m:abc)",
        "mailto:test@example.com",
        "\\< https://foo.bar >",  # CommonMark 610: text around a URL
    ],
)
def test_noise(text: str) -> None:
    assert is_noise(text)


@pytest.mark.parametrize(
    "text",
    [
        "Tel: +44 1496 300 123",
        "Write to press@example.org.",
        "![logo](l.png)",
        "2026 Annual Report",
        "2.two",
        "Ж",
        "中文",
        "[m:abc](https://x.org)",
        "See https://x.org",
        "Mail press@example.org or https://x.org today",
    ],
)
def test_not_noise(text: str) -> None:
    assert not is_noise(text)


def test_noise_is_not_a_unit_but_is_exported() -> None:
    blocks = (
        Block(BlockKind.TABLE_CELL, "Bicycles"),
        Block(BlockKind.TABLE_CELL, "1,380"),
        Block(BlockKind.PARAGRAPH, "Call now.\n+44 1496 300 123"),
    )
    assert [t for _, t in units_of(blocks, "sentence", "en")] == [
        "Bicycles",
        "Call now.\n+44 1496 300 123",
    ]
    doc = Document("sources/a.md", "a", "md", blocks)
    out = translate_document(
        doc,
        "sentence",
        "en",
        {"Bicycles": "Велосипеды", "Call now.\n+44 1496 300 123": "Звоните.\n+44 1496 300 123"},
        languages.info("ru"),
    )
    assert [b.text for b in out.blocks] == [
        "Велосипеды",
        "1\u00a0380",
        "Звоните.\n+44 1496 300 123",
    ]


def test_export_joins_with_the_source_gap() -> None:
    doc = Document("sources/a.md", "a", "md", (Block(BlockKind.PARAGRAPH, "Q?\nSure.  Fine."),))
    tr = {"Q?": "问？", "Sure.": "答。", "Fine.": "乙。"}
    out = translate_document(doc, "sentence", "en", tr, languages.info("zh_Hans"))
    assert out.blocks[0].text == "问？\n答。乙。"
    out = translate_document(
        doc, "sentence", "en", {"Q?": "В?", "Sure.": "О.", "Fine.": "Б."}, languages.info("ru")
    )
    assert out.blocks[0].text == "В?\nО.  Б."


@pytest.mark.parametrize(
    ("text", "target", "expected"),
    [
        ("1,380", "ru", "1\u00a0380"),
        ("1,380", "de", "1.380"),
        ("€59.00", "ru", "59,00\u00a0€"),
        ("3.5", "fr", "3,5"),
        ("2026", "ru", "2026"),
        ("52", "de", "52"),
        ("+44 1496 300 123", "ru", "+44 1496 300 123"),
        ("1,380", "en_GB", "1,380"),
    ],
)
def test_localize_numbers(text: str, target: str, expected: str) -> None:
    assert localize_numbers(text, "en", target) == expected


def test_source_fallback_in_a_spaceless_language_keeps_its_space() -> None:
    """Issue 14: with a lowered threshold, a Chinese export joined English fallback
    sentences with no space ("First sentence.Second sentence.")."""
    doc = Document(
        "sources/a.md",
        "a",
        "md",
        (Block(BlockKind.PARAGRAPH, "First one. Second one. Third one."),),
    )
    out = translate_document(
        doc, "sentence", "en", {"Third one.": "第三。"}, languages.info("zh_Hans")
    )
    assert out.blocks[0].text == "First one. Second one. 第三。"
    out = translate_document(
        doc,
        "sentence",
        "en",
        {"First one.": "第一。", "Second one.": "第二。"},
        languages.info("zh_Hans"),
    )
    assert out.blocks[0].text == "第一。第二。 Third one."


@pytest.mark.parametrize(
    "text",
    [
        "<https://x.org/1.5>",
        "192.168.1.1",
        "https://example.com/2026.03.14/release",
        "example.com/1,500",
        "v2.10.3",
        "press@example.org",
    ],
)
def test_numbers_in_addresses_are_never_localized(text: str) -> None:
    """Found in review: the URL's 2026.03.14 became 2026,03.14 in German."""
    assert localize_numbers(text, "en", "de") == text


def test_a_link_destination_is_never_localized() -> None:
    doc = Document(
        "sources/a.md",
        "a",
        "md",
        (Block(BlockKind.PARAGRAPH, "[example.com/1,500](https://example.com/1,500)"),),
    )
    out = translate_document(doc, "sentence", "en", {}, languages.info("de"))
    assert out.blocks[0].text == "[example.com/1,500](https://example.com/1,500)"


def test_a_translated_plural_entry_is_not_published_as_empty(tmp_path) -> None:
    """Found in review: an entry with msgid_plural exported as "" and counted translated."""
    from transflow.catalog.entries import Catalog, Entry
    from transflow.ops.exportdoc import usable_translations

    plural = Entry(msgid="Second.", msgid_plural="Seconds.", msgstr_plural=("Zweiter.", "Zweite."))
    single = Entry(msgid="First.", msgstr="Erster.")
    catalog = Catalog(header=None, entries=(single, plural))
    assert usable_translations(catalog) == {"First.": "Erster."}


def _is_noise_reference(markup: str) -> bool:
    """is_noise as it was written before its plain-text shortcut: every text parsed."""
    from transflow.core.inline import OBJECT, parse, plain
    from transflow.segment.sentences import _LETTER, _only_addresses, is_end_mark

    text = plain(markup).replace(OBJECT, " ").strip()
    if not _LETTER.search(text):
        return True
    if is_end_mark(text) or _only_addresses(text):
        return True
    spans = [sp for sp in parse(markup) if sp.text.strip() or sp.image is not None]
    return all(
        sp.link is not None and sp.image is None and sp.link in (sp.text, f"mailto:{sp.text}")
        for sp in spans
    )


_NOISE_PIECES = st.sampled_from(
    [
        "Hello", "world", "ENDS", "– END –", "###", "-30-", "12,5 %", "www.example.org",
        "mail@example.org", "https://x.y/z", "<https://x.y>", "[a](https://a.b)", "**b**",
        "{PAGE}", "\ufffc", "\\*", "`code`", "![alt](p.png)", "~~s~~", " ", "\n", "2.two",
        "mailto:a@b.cd", "[x@y.zz](mailto:x@y.zz)", "Ends", "XXX", "é", "١٢٣", "中文",
    ]
)  # fmt: skip


@given(st.lists(_NOISE_PIECES, max_size=6).map(" ".join) | st.text(max_size=30))
@settings(max_examples=800)
def test_is_noise_is_its_reference(markup: str) -> None:
    assert is_noise(markup) == _is_noise_reference(markup)
