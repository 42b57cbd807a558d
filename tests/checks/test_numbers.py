"""The ``numbers`` check: by value, in each locale's notation."""

from __future__ import annotations

from decimal import Decimal

import pytest

from transflow.checks.numbers import extract_numbers

from .util import findings

P = pytest.param

GOOD = [
    # Russian
    P("ru", "More than 700,000 signatures.", "Более 700 000 подписей.", id="ru-space-group"),
    P("ru", "More than 700,000 signatures.", "Более 700\u00a0000 подписей.", id="ru-nbsp"),
    P("ru", "More than 700,000 signatures.", "Более 700\u202f000 подписей.", id="ru-nnbsp"),
    P("ru", "More than 700,000 signatures.", "Более 700 тысяч подписей.", id="ru-thousand-word"),
    P("ru", "It grew 3.5 times.", "Он вырос в 3,5 раза.", id="ru-decimal-comma"),
    P("ru", "The 21st anniversary.", "21-я годовщина.", id="ru-ordinal"),
    P("ru", "On 8 May 2008.", "8 мая 2008 года.", id="ru-date"),
    P("ru", "On the night of February 25 to 26.", "В ночь с 25 на 26 февраля.", id="ru-range"),
    P("ru", "Twenty one years ago.", "21 год назад.", id="ru-words-in-source"),
    P("ru", "Seven U.S. states.", "Семь штатов США.", id="ru-words-both"),
    P("ru", "Orphanage No.1.", "Детский дом №1.", id="ru-no"),
    P("ru", "On 25.02.1992.", "25 февраля 1992 года.", id="ru-numeric-date-to-month"),
    P("ru", "$1.2 million", "1,2 млн долларов", id="ru-million-abbrev"),
    # German
    P("de", "More than 700,000 signatures.", "Mehr als 700.000 Unterschriften.", id="de-dot-group"),
    P("de", "It grew 3.5 times.", "Es wuchs um das 3,5-Fache.", id="de-decimal"),
    P("de", "The 21st anniversary.", "Der 21. Jahrestag.", id="de-ordinal-dot"),
    P("de", "On 8 May 2008.", "Am 8. Mai 2008.", id="de-date"),
    P("de", "1,234.56 euros", "1.234,56 Euro", id="de-mixed"),
    P("de", "98% of voters", "98 % der Wähler", id="de-percent-space"),
    P("de", "the 21st anniversary", "der einundzwanzigste Jahrestag", id="de-ordinal-words"),
    # French
    P("fr", "More than 700,000 signatures.", "Plus de 700\u202f000 signatures.", id="fr-nnbsp"),
    P("fr", "It grew 3.5 times.", "Il a été multiplié par 3,5.", id="fr-decimal"),
    P("fr", "the 21st anniversary", "le 21e anniversaire", id="fr-ordinal"),
    P("fr", "Twenty one years ago", "Il y a 21 ans", id="fr-words-in-source"),
    P("fr", "the 21st anniversary", "le vingt et unième anniversaire", id="fr-ordinal-words"),
    # Arabic
    P("ar", "killing 613 civilians", "وقتلوا ٦١٣ مدنيًا", id="ar-arabic-indic"),
    P("ar", "grew 3.5 times", "نمت ٣٫٥ مرة", id="ar-arabic-decimal"),
    P("ar", "700,000 signatures", "٧٠٠٬٠٠٠ توقيع", id="ar-arabic-group"),
    P("ar", "700,000 signatures", "700 ألف توقيع", id="ar-thousand-word"),
    P("ar", "the 21st anniversary", "الذكرى الحادية والعشرين", id="ar-ordinal-words"),
    P("ar", "the 21st anniversary", "الذكرى الـ21", id="ar-ordinal-digits"),
    P("ar", "98% of voters", "٩٨٪ من الناخبين", id="ar-percent"),
    P("ar", "on 8 May 2008", "في ٨ مايو ٢٠٠٨", id="ar-date"),
    # Persian digits
    P("fa", "70 countries", "۷۰ کشور", id="fa-extended-digits"),
    # Chinese
    P("zh_Hans", "On 8 May 2008.", "2008年5月8日。", id="zh-date"),
    P("zh_Hans", "February 25 to 26", "2月25日至26日", id="zh-month-digits"),
    P("zh_Hans", "700,000 signatures", "70万个签名", id="zh-wan"),
    P("zh_Hans", "more than 700,000 signatures", "70多万个签名", id="zh-duo-wan"),
    P("zh_Hans", "the 21st anniversary", "21周年", id="zh-anniversary"),
    P("zh_Hans", "orphanage No.1", "第1孤儿院", id="zh-di"),
    P("zh_Hans", "orphanage No.1", "第一孤儿院", id="zh-chinese-numeral"),
    P("zh_Hans", "Twenty one years ago", "二十一年前", id="zh-words-both"),
    P("zh_Hans", "Twenty one years ago", "21年前", id="zh-words-in-source"),
    P("zh_Hans", "in 1992", "一九九二年", id="zh-year-numerals"),
    P("zh_Hans", "seven U.S. states", "美国7个州", id="zh-seven"),
    # Turkish
    P("tr", "98% of voters", "seçmenlerin %98’i", id="tr-percent-prefix"),
    P("tr", "It grew 3.5 times.", "3,5 kat büyüdü.", id="tr-decimal"),
    P("tr", "700,000 signatures", "700.000 imza", id="tr-group"),
    P("tr", "700,000 signatures", "700 bin imza", id="tr-bin"),
    P("tr", "the 21st anniversary", "21. yıl dönümü", id="tr-ordinal"),
    P("tr", "the 21st anniversary", "yirmi birinci yıl dönümü", id="tr-ordinal-words"),
    # Azerbaijani
    P("az", "the 21st anniversary", "21-ci ildönümü", id="az-ordinal"),
    P("az", "more than 700,000 signatures", "700 mindən çox imza", id="az-min"),
    P("az", "Twenty one years ago", "21 il əvvəl", id="az-words-in-source"),
    # others and exclusions
    P("hi", "700,000 signatures", "7,00,000 हस्ताक्षर", id="hi-indian-grouping"),
    P("de_CH", "700,000 signatures", "700'000 Unterschriften", id="de-ch-apostrophe"),
    P("ru", "Call +994 12 505 55 05.", "Звоните: +994 12 505-55-05.", id="phones-left-alone"),
    P("ru", "See www.site2008.org.", "См. www.site2008.org.", id="urls-left-alone"),
    P("ru", "No numbers here.", "Здесь нет чисел.", id="none"),
    P("ru", "These 613 victims, these 613 people.", "Эти 613 человек.", id="repeat-count-free"),
    P("de", "700,000 signatures", "700,000 Unterschriften", id="de-ambiguous-accepted"),
    P("de", "at 10:30", "um 10.30 Uhr", id="de-time-dot"),
    P("fr", "at 10:30", "à 10h30", id="fr-time-h"),
    P("ru", "at 10:00", "в 10 часов", id="ru-time-hour"),
    P("de", "at 2 p.m.", "um 14 Uhr", id="de-pm"),
    P("ru", "See justiceforkhojaly2008.org.", "См. justiceforkhojaly2008.org.", id="bare-domain"),
]

BAD = [
    P("ru", "More than 700,000 signatures.", "Более 70 000 подписей.", "700,000", id="ru-changed"),
    P("ru", "It grew 3.5 times.", "Он вырос в 3,6 раза.", "3.5", id="ru-decimal-changed"),
    P("ru", "killing 613 civilians", "убив мирных жителей", "613", id="ru-missing"),
    P("ru", "killing civilians", "убив 613 мирных жителей", "613", id="ru-added"),
    P("ru", "The 21st anniversary.", "22-я годовщина.", "21", id="ru-ordinal-changed"),
    P("de", "It grew 3.5 times.", "Es wuchs um das 35-Fache.", "3.5", id="de-decimal-lost"),
    P("de", "3,500 euros", "3,5 Euro", "3,500", id="de-group-read-as-decimal"),
    P("de", "On 8 May 2008.", "Am 8. Mai 2009.", "2008", id="de-year"),
    P("fr", "700,000 signatures", "700\u202f001 signatures", "700,000", id="fr-changed"),
    P("ar", "killing 613 civilians", "وقتلوا ٦١٤ مدنيًا", "613", id="ar-indic-changed"),
    P("ar", "70 countries", "٧ دول", "70", id="ar-indic-missing-digit"),
    P("zh_Hans", "On 8 May 2008.", "2008年5月9日。", "9", id="zh-day"),
    P("zh_Hans", "700,000 signatures", "7万个签名", "700,000", id="zh-wan-wrong"),
    P("tr", "98% of voters", "seçmenlerin %89’u", "98", id="tr-percent-changed"),
    P("tr", "It grew 3.5 times.", "3,4 kat büyüdü.", "3.5", id="tr-decimal-changed"),
    P("az", "63 children", "36 uşaq", "63", id="az-swapped-digits"),
    P("de", "at 10:30", "um 10.45 Uhr", "10:30", id="de-time-changed"),
]


@pytest.mark.parametrize(("language", "msgid", "msgstr"), GOOD)
def test_no_false_alarm(language: str, msgid: str, msgstr: str) -> None:
    assert findings("numbers", msgid, msgstr, language) == []


@pytest.mark.parametrize(("language", "msgid", "msgstr", "number"), BAD)
def test_flagged_with_the_number(language: str, msgid: str, msgstr: str, number: str) -> None:
    messages = findings("numbers", msgid, msgstr, language)
    assert messages, "expected a finding"
    assert any(number in m for m in messages), messages


def test_every_finding_is_reported() -> None:
    messages = findings("numbers", "613 civilians, 63 children, 106 women", "614, 64, 107", "ru")
    assert len(messages) == 3
    assert "613" in messages[0] and "614" in messages[0]


def test_missing_and_added_messages() -> None:
    assert findings("numbers", "1 and 2", "1", "ru") == ["number missing in the translation: 2"]
    assert findings("numbers", "1", "1 и 2", "ru") == ["number not in the source: 2"]


def test_german_source_to_english() -> None:
    assert findings("numbers", "700.000 Unterschriften", "700,000 signatures", "en", "de") == []
    assert findings("numbers", "3,5 Prozent", "3.5 percent", "en", "de") == []
    assert findings("numbers", "3,5 Prozent", "35 percent", "en", "de") != []


@pytest.mark.parametrize(
    ("text", "language", "values"),
    [
        P("700,000", "en", [{700000}], id="en-group"),
        P("3.5", "en", [{Decimal("3.5")}], id="en-decimal"),
        P("08.05.2008", "de", [{8}, {5}, {2008}], id="de-numeric-date"),
        P("1.2.3", "en", [{1}, {2}, {3}], id="version"),
        P("٢١", "ar", [{21}], id="arabic-indic"),
        P("２１", "ja", [{21}], id="fullwidth"),
    ],
)
def test_extract_numbers(text: str, language: str, values: list[set[int]]) -> None:
    got = [set(n.values) for n in extract_numbers(text, language)]
    assert got == [{Decimal(v) for v in vs} for vs in values]
