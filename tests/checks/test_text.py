"""``untranslated``, ``doubled-words``, ``whitespace`` and ``length``."""

from __future__ import annotations

import pytest

from .util import findings

P = pytest.param
LONG = "The world community must make a legal and moral assessment of the events."

CASES = [
    # check, language, msgid, msgstr, flagged
    # ---- untranslated
    P("untranslated", "az", "Khojaly", "Khojaly", False, id="untr-az-name"),
    P("untranslated", "ru", "www.justiceforkhojaly.org", "www.justiceforkhojaly.org", False,
      id="untr-ru-url"),
    P("untranslated", "de", "info@example.org", "info@example.org", False, id="untr-de-email"),
    P("untranslated", "fr", "Leyla Aliyeva", "Leyla Aliyeva", False, id="untr-fr-name"),
    P("untranslated", "tr", "AZ1000, Baku", "AZ1000, Baku", False, id="untr-tr-code"),
    P("untranslated", "ar", "+994 12 505 55 05", "+994 12 505 55 05", False, id="untr-ar-phone"),
    P("untranslated", "zh_Hans", "2008", "2008", False, id="untr-zh-number"),
    P("untranslated", "ru", "Bosnia and Herzegovina", "Bosnia and Herzegovina", False,
      id="untr-name-particle"),
    P("untranslated", "ru", "We will never forget.", "We will never forget.", True,
      id="untr-ru-sentence"),
    P("untranslated", "de", "The campaign has collected signatures.",
      "The campaign has collected signatures.", True, id="untr-de-sentence"),
    P("untranslated", "ar", "Justice for Khojaly campaign", "Justice for Khojaly campaign", True,
      id="untr-ar-lowercase-word"),
    P("untranslated", "zh_Hans", "more than 70 countries", "more than 70 countries", True,
      id="untr-zh"),
    P("untranslated", "tr", "Read more", "Read more", True, id="untr-tr"),
    P("untranslated", "fr", "Media contact", "Media contact", True, id="untr-fr"),
    # ---- doubled-words
    P("doubled-words", "ru", "We will never forget.", "Мы никогда не забудем.", False,
      id="dbl-ru-ok"),
    P("doubled-words", "de", "the woman who reads", "die Frau, die die Zeitung liest", False,
      id="dbl-de-die-die"),
    P("doubled-words", "fr", "we met", "nous nous sommes rencontrés", False, id="dbl-fr-nous"),
    P("doubled-words", "tr", "slowly", "yavaş yavaş", False, id="dbl-tr-reduplication"),
    P("doubled-words", "zh_Hans", "thank you", "谢谢", False, id="dbl-zh"),
    P("doubled-words", "ar", "step by step", "خطوة خطوة", False, id="dbl-ar-source-idiom-no"),
    P("doubled-words", "ru", "We will never forget.", "Мы никогда не не забудем.", True,
      id="dbl-ru"),
    P("doubled-words", "de", "the Foundation", "die Stiftung Stiftung", True, id="dbl-de"),
    P("doubled-words", "fr", "the campaign", "la la campagne", True, id="dbl-fr"),
    P("doubled-words", "ar", "in the city", "في في المدينة", True, id="dbl-ar"),
    P("doubled-words", "tr", "children and women", "çocuklar ve ve kadınlar", True, id="dbl-tr"),
    # ---- whitespace
    P("whitespace", "ru", "He said.", "Он сказал.", False, id="ws-ru-none"),
    P("whitespace", "de", " He said. ", " Er sagte. ", False, id="ws-de-both"),
    P("whitespace", "zh_Hans", "He said.\n", "他说。\n", False, id="ws-zh-newline"),
    P("whitespace", "fr", "He said.", "Il a dit. ", True, id="ws-fr-trailing"),
    P("whitespace", "ar", "He said.", " قال.", True, id="ws-ar-leading"),
    P("whitespace", "tr", "He said.\n", "Dedi.", True, id="ws-tr-newline-lost"),
    # ---- length
    P("length", "ru", LONG, "Мировое сообщество должно дать правовую и моральную оценку событиям.",
      False, id="len-ru-ok"),
    P("length", "zh_Hans", LONG, "国际社会必须对这些事件作出法律和道义评价。", False,
      id="len-zh-short-is-normal"),
    P("length", "de", "Short", "Ein sehr viel längerer Satz als die Quelle", False,
      id="len-de-short-source-skipped"),
    P("length", "ar", LONG, "يجب على المجتمع الدولي أن يقدم تقييمًا قانونيًا وأخلاقيًا للأحداث.",
      False, id="len-ar-ok"),
    P("length", "tr", LONG, "Dünya toplumu olaylara hukuki ve ahlaki bir değerlendirme yapmalı.",
      False, id="len-tr-ok"),
    P("length", "zh_Hans", "Tel.: +994 12 505 55 05, e-mail: info@example.org",
      "电话：+994 12 505 55 05，电子邮件：info@example.org", False, id="len-zh-contact"),
    P("length", "ru", LONG, "Оценка.", True, id="len-ru-too-short"),
    P("length", "fr", LONG, LONG + " " + LONG + " " + LONG + " " + LONG, True,
      id="len-fr-too-long"),
    P("length", "zh_Hans", LONG, "国际社会必须对这些事件作出法律和道义评价。" * 6, True,
      id="len-zh-too-long"),
]  # fmt: skip


@pytest.mark.parametrize(("check", "language", "msgid", "msgstr", "flagged"), CASES)
def test_cases(check: str, language: str, msgid: str, msgstr: str, flagged: bool) -> None:
    messages = findings(check, msgid, msgstr, language)
    assert bool(messages) is flagged, messages
