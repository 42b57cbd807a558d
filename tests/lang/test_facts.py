"""Issue 14: one home for language facts (transflow.lang), and its consumers agree.

Export's word separator, the glossary's word boundaries, the DOCX writer's East Asian
language and the word counter all ask :mod:`transflow.lang.scripts`; before, Cantonese
(``yue``) was spaceless for the glossary but joined with spaces by export.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from babel.localedata import locale_identifiers

from transflow.checks.glossary import compile_pattern
from transflow.checks.numwords import word_values
from transflow.core.model import Block, BlockKind, Document
from transflow.formats.docx_lang import script_of
from transflow.lang import codes, scripts
from transflow.ops.exportdoc import translate_document
from transflow.segment.words import count_words

# every language Babel knows, once (its base code): the table must hold for all of them
LANGUAGES = sorted({code.split("_")[0] for code in locale_identifiers()} - {"root"})
_DOC = Document("sources/a.md", "a", "md", (Block(BlockKind.PARAGRAPH, "First one. Second one."),))


def _export(language: str, translations: dict[str, str]) -> str:
    doc = translate_document(_DOC, "sentence", "en", translations, codes.info(language))
    return doc.blocks[0].text


def _glossary_spaceless(language: str) -> bool:
    """The glossary finds a term inside a longer word only where words have no spaces."""
    return compile_pattern("форум", language, inflect=False).search("жфорумж") is not None


def test_the_table_covers_many_languages() -> None:
    assert len(LANGUAGES) > 300
    spaceless = [lang for lang in LANGUAGES if scripts.spaceless(lang)]
    assert {"zh", "yue", "ja", "th", "lo", "km", "my", "bo"} <= set(spaceless)
    assert not {"en", "ko", "ar", "ru", "vi"} & set(spaceless)


@pytest.mark.parametrize("language", LANGUAGES)
def test_export_glossary_and_word_counting_agree(language: str) -> None:
    info = codes.info(codes.normalize(language))
    spaceless = scripts.spaceless(language)
    assert info.word_separator == ("" if spaceless else " ")
    assert _glossary_spaceless(language) is spaceless
    translated = _export(language, {"First one.": "Ⅰ.", "Second one.": "Ⅱ."})
    assert translated == "Ⅰ." + info.word_separator + "Ⅱ."
    # English fallback keeps its space in every language, spaceless ones too
    assert _export(language, {}) == "First one. Second one."
    # the word counter counts one word per character only in spaceless scripts
    if scripts.script(language) in scripts.PER_CHARACTER_SCRIPTS:
        assert spaceless
        assert count_words("一二三") == 3
    assert info.cjk is (script_of(language) in scripts.CJK_SCRIPTS)
    assert info.rtl is scripts.rtl(language)


def test_cantonese_is_spaceless_everywhere() -> None:
    """The regression: ``yue`` was spaceless for the glossary only."""
    info = codes.info("yue")
    assert scripts.script("yue") == "Hant"
    assert info.word_separator == ""
    assert info.cjk
    assert _glossary_spaceless("yue")
    assert _export("yue", {"First one.": "第一。", "Second one.": "第二。"}) == "第一。第二。"
    assert _export("yue", {"Second one.": "第二。"}) == "First one. 第二。"
    assert Decimal(2008) in word_values("二〇〇八年", "yue")
    assert script_of("yue") == "Hant"


@pytest.mark.parametrize("language", ["zh_Hans", "zh_Hant", "ja", "yue"])
def test_english_fallback_in_chinese_and_japanese_keeps_its_space(language: str) -> None:
    """A lowered threshold exports untranslated English sentences: they keep their space."""
    assert _export(language, {}) == "First one. Second one."
    assert _export(language, {"First one.": "一。"}) == "一。 Second one."


def test_a_territory_picks_the_script() -> None:
    """The likely script of a language and territory (Taiwan: traditional)."""
    assert scripts.script("zh_TW") == "Hant"
    assert scripts.script("zh") == "Hans"
    assert scripts.script("pa_Arab") == "Arab"
    assert scripts.script("xx") == ""
    assert script_of("xx") == "Latn"


def test_rtl_by_script_is_cldr_character_order_for_every_babel_locale() -> None:
    """scripts.rtl tells the direction by the script (no locale's own data loaded); CLDR's
    character order, the definition, agrees for every locale Babel knows (and for the
    codes Babel does not know: neither says right to left)."""
    from babel import Locale

    disagree = []
    for code in [*sorted(locale_identifiers()), "xx", "qq_ZZ"]:
        loc = scripts.babel_locale(code)
        by_order = loc is not None and loc.character_order == "right-to-left"
        if scripts.rtl(code) != by_order:
            disagree.append(code)
    assert disagree == []
    assert scripts.rtl("ar") and scripts.rtl("he") and scripts.rtl("fa") and scripts.rtl("ur")
    assert not scripts.rtl("en") and not scripts.rtl("zh_Hans") and not scripts.rtl("az_Latn")
    assert Locale.parse("ar").character_order == "right-to-left"
