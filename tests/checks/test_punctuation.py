"""``end-punctuation``, ``brackets`` and ``quotes``."""

from __future__ import annotations

import pytest

from .util import findings

P = pytest.param

CASES = [
    # check, language, msgid, msgstr, flagged
    # ---- end-punctuation
    P("end-punctuation", "ru", "He said.", "Он сказал.", False, id="end-ru-stop"),
    P("end-punctuation", "ru", "in 1992”.", "в 1992 году».", False, id="end-ru-quote-stop"),
    P("end-punctuation", "ru", "in our hearts.”", "в наших сердцах».", False,
      id="end-ru-stop-moved-outside-quote"),
    P("end-punctuation", "zh_Hans", "He said.", "他说。", False, id="end-zh-stop"),
    P("end-punctuation", "zh_Hans", "Why?", "为什么？", False, id="end-zh-question"),
    P("end-punctuation", "zh_Hans", "He said:", "他说：", False, id="end-zh-colon"),
    P("end-punctuation", "ar", "Why?", "لماذا؟", False, id="end-ar-question"),
    P("end-punctuation", "ur", "He said.", "اس نے کہا۔", False, id="end-ur-stop"),
    P("end-punctuation", "de", "Never!", "Niemals!", False, id="end-de-exclamation"),
    P("end-punctuation", "fr", "Why?", "Pourquoi\u00a0?", False, id="end-fr-nbsp"),
    P("end-punctuation", "tr", "Leyla Aliyeva: “We will never forget”",
      "Leyla Aliyeva: “Asla unutmayacağız”", False, id="end-tr-headline"),
    P("end-punctuation", "ru", "by seven U.S.", "семью штатами США", False,
      id="end-abbreviation"),
    P("end-punctuation", "ru", "He said.", "Он сказал", True, id="end-ru-dropped"),
    P("end-punctuation", "de", "He said.", "Er sagte?", True, id="end-de-changed"),
    P("end-punctuation", "zh_Hans", "Khojaly", "霍贾利。", True, id="end-zh-added"),
    P("end-punctuation", "ar", "Why?", "لماذا.", True, id="end-ar-question-lost"),
    P("end-punctuation", "fr", "He said:", "Il a dit.", True, id="end-fr-colon"),
    P("end-punctuation", "tr", "Never!", "Asla.", True, id="end-tr-exclamation"),
    # ---- brackets
    P("brackets", "ru", "The Foundation (HAF) said.", "Фонд (ФГА) заявил.", False,
      id="br-ru"),
    P("brackets", "zh_Hans", "The Foundation (HAF) said.", "基金会（HAF）表示。", False,
      id="br-zh-fullwidth"),
    P("brackets", "de", "a) first", "a) erstens", False, id="br-de-enumerator"),
    P("brackets", "fr", "(continued from the previous", "(suite du précédent", False,
      id="br-fr-source-open-too"),
    P("brackets", "ar", "See [the site](https://x.org).", "انظر [الموقع](https://x.org).", False,
      id="br-ar-link-markup"),
    P("brackets", "tr", "The Foundation (HAF) said.", "Vakıf (HAV açıklama yaptı.", True,
      id="br-tr-unclosed"),
    P("brackets", "ru", "The Foundation (HAF) said.", "Фонд ФГА) заявил.", True,
      id="br-ru-unopened"),
    P("brackets", "zh_Hans", "The Foundation (HAF) said.", "基金会（HAF表示。", True,
      id="br-zh-unclosed"),
    P("brackets", "de", "The Foundation (HAF) said.", "Die Stiftung (HAF] sagte.", True,
      id="br-de-mismatch"),
    # ---- quotes
    P("quotes", "ru", "“Children and War”", "«Дети и война»", False, id="q-ru-guillemets"),
    P("quotes", "de", "“Children and War”", "„Kinder und Krieg“", False, id="q-de-low-high"),
    P("quotes", "de", "“Children and War”", "»Kinder und Krieg«", False, id="q-de-reversed"),
    P("quotes", "fr", "“Children and War”", "« Enfants et guerre »", False, id="q-fr"),
    P("quotes", "zh_Hans", "“Children and War”", "“儿童与战争”", False, id="q-zh"),
    P("quotes", "ja", "“Children and War”", "「子供と戦争」", False, id="q-ja"),
    P("quotes", "tr", "the “Children and War” exhibition", "“Çocuklar ve Savaş” sergisi", False,
      id="q-tr"),
    P("quotes", "ru", "said: “It is the 21st year", "сказала: «Вот уже 21-й год", False,
      id="q-ru-quote-spans-units"),
    P("quotes", "fr", "l'homme", "l’homme d’État", False, id="q-fr-apostrophes"),
    P("quotes", "ru", "“Children and War”", "«Дети и война", True, id="q-ru-unclosed"),
    P("quotes", "de", "“Children and War”", "„Kinder und Krieg", True, id="q-de-unclosed"),
    P("quotes", "ar", "“Children and War”", "«الأطفال والحرب", True, id="q-ar-unclosed"),
    P("quotes", "zh_Hans", "“Children and War”", "“儿童与战争", True, id="q-zh-unclosed"),
    P("quotes", "tr", "“Children and War”", "“Çocuklar ve Savaş” “sergisi", True,
      id="q-tr-extra"),
    P("quotes", "fr", "the exhibition", "« l’exposition", True, id="q-fr-added-open"),
]  # fmt: skip


@pytest.mark.parametrize(("check", "language", "msgid", "msgstr", "flagged"), CASES)
def test_cases(check: str, language: str, msgid: str, msgstr: str, flagged: bool) -> None:
    messages = findings(check, msgid, msgstr, language)
    assert bool(messages) is flagged, messages
