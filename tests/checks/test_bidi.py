"""Bidi controls in translations (issue 12, items 1 and 3, ``check`` side).

A translator or a CAT tool wraps phone numbers, e-mail addresses, URLs, codes and Latin
names of a right-to-left translation in isolates (LRI … PDI) or marks (LRM, RLM, ALM) so
that they display in the right order: no check may complain about them. And a script
without italics (Chinese, Japanese, Korean, Arabic) may drop ``*italic*``: a warning,
not an error; other formatting stays an error everywhere.
"""

from __future__ import annotations

import pytest

from transflow.checks import CHECKS, CheckContext, CheckItem, run_checks
from transflow.checks.textutil import BIDI_CONTROLS, strip_bidi
from transflow.core.records import Severity

LRI, RLI, FSI, PDI, LRM, RLM, ALM = (
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
    "\u200e",
    "\u200f",
    "\u061c",
)

SOURCE = (
    "Call **Amina Okafor** on +44 1496 300 123, write to press@riverton.example, "
    "quote SC041234 or see https://www.riverride.example/expansion-2026 (700,000 riders)."
)
ISOLATED = (
    f"اتصلوا بـ**{LRI}Amina Okafor{PDI}** على الرقم {LRI}+44 1496 300 123{PDI}، أو راسلوا "
    f"{LRI}press@riverton.example{PDI}، واذكروا الرمز {LRI}SC041234{PDI} أو زوروا "
    f"{LRI}https://www.riverride.example/expansion-2026{PDI} ({LRI}700,000{PDI} راكب).{RLM}"
)


def _issues(msgid: str, msgstr: str, language: str, only: list[str] | None = None):
    ctx = CheckContext(source_language="en", language=language)
    item = CheckItem(msgid=msgid, msgstr=msgstr, location=f"locales/{language}/a.po:1")
    return run_checks([item], ctx, only=only)


def test_isolated_arabic_translation_has_no_finding_in_any_check() -> None:
    assert _issues(SOURCE, ISOLATED, "ar") == []
    # the same translation with marks instead of isolates, and an FSI/RLI pair
    marks = ISOLATED.replace(LRI, LRM).replace(PDI, LRM).replace("على", f"{ALM}على")
    assert _issues(SOURCE, marks, "ar") == []
    nested = ISOLATED.replace(f"{LRI}SC041234{PDI}", f"{FSI}{RLI}SC041234{PDI}{PDI}")
    assert _issues(SOURCE, nested, "ar") == []


@pytest.mark.parametrize(
    ("check", "msgid", "msgstr"),
    [
        ("phones", "Call +44 1496 300 123.", f"اتصلوا على {LRI}+44 1496 300 123{PDI}."),
        ("phones", "Call +44 1496 300 123.", f"اتصلوا على +44{LRM} 1496{LRM} 300{LRM} 123."),
        ("numbers", "It has 1,380 bicycles.", f"لديها {LRI}1,380{PDI} دراجة."),
        ("numbers", "Code SC041234.", f"الرمز {LRI}SC041234{PDI}."),
        ("urls", "See www.riverride.example.", f"انظر {LRI}www.riverride.example{PDI}."),
        ("urls", "See riverride.org/map.", f"انظر {LRI}riverride.org/map{PDI}."),
        ("emails", "Write to a@b.org.", f"راسلوا {LRI}a@b.org{PDI}."),
        ("end-punctuation", "It opens today.", f"يفتح اليوم.{RLM}"),
        ("end-punctuation", "Is it open?", f"هل هو مفتوح؟{PDI}"),
        ("whitespace", "It opens today.", f"{RLM}يفتح اليوم."),
        ("quotes", '"It opens," she said.', f"«{LRI}It opens{PDI}»، قالت."),
        ("brackets", "The fund (CMF) pays.", f"يدفع الصندوق ({LRI}CMF{PDI})."),
        ("doubled-words", "RiverRide rides.", f"{LRI}RiverRide{PDI} RiverRide تسير."),
        ("formatting", "Call **+44 1496 300 123**.", f"اتصلوا **{LRI}+44 1496 300 123{PDI}**."),
        ("placeholders", "Page {PAGE} of {NUMPAGES}", f"صفحة {LRI}{{PAGE}}{PDI} من {{NUMPAGES}}"),
        (
            "length",
            "The City of Riverton will add forty stations.",
            f"ستضيف مدينة {LRI}Riverton{PDI} أربعين محطة جديدة." + LRM * 40,
        ),
    ],
    ids=lambda v: v if v in CHECKS else "",
)
def test_bidi_controls_are_invisible_to_checks(check: str, msgid: str, msgstr: str) -> None:
    assert [i.message for i in _issues(msgid, msgstr, "ar", only=[check])] == []


def test_untranslated_still_found_through_isolates() -> None:
    """Stripping is not excusing: an English sentence wrapped in isolates is still English,
    and the issue quotes the entry as the translator wrote it."""
    msgstr = f"{LRI}The festival opens on Friday evening.{PDI}"
    found = _issues("The festival opens on Friday evening.", msgstr, "ar", only=["untranslated"])
    assert [i.check for i in found] == ["untranslated"]
    assert found[0].msgstr == msgstr


def test_changed_phone_number_still_found_through_isolates() -> None:
    found = _issues("Call +44 1496 300 123.", f"اتصلوا على {LRI}+44 1496 300 124{PDI}.", "ar")
    assert {i.check for i in found} == {"phones"}


def test_strip_bidi() -> None:
    assert strip_bidi("".join(BIDI_CONTROLS) + "a b") == "a b"
    assert strip_bidi("plain") == "plain"
    assert {len(c) for c in BIDI_CONTROLS} == {1}


ITALIC = "The *Clean Mobility Fund* pays for it."


@pytest.mark.parametrize(
    ("language", "msgstr", "expected"),
    [
        # scripts without italics: dropping *…* is a warning
        ("zh_Hans", "清洁出行基金为此买单。", [("warning", "italic")]),
        ("zh_Hant", "清潔出行基金為此買單。", [("warning", "italic")]),
        ("ja", "クリーン・モビリティ基金が費用を負担する。", [("warning", "italic")]),
        ("ko", "클린 모빌리티 기금이 비용을 부담한다.", [("warning", "italic")]),
        ("ar", "يتولى صندوق التنقل النظيف تمويل ذلك.", [("warning", "italic")]),
        ("fa", "صندوق تحرک پاک هزینه آن را می‌پردازد.", [("warning", "italic")]),
        ("ur", "کلین موبلٹی فنڈ اس کی ادائیگی کرتا ہے۔", [("warning", "italic")]),
        # italic written as bold (another weight) in CJK: one warning, no "bold added"
        ("zh_Hans", "**清洁出行基金**为此买单。", [("warning", "italic")]),
        # kept italic: nothing
        ("zh_Hans", "*清洁出行基金*为此买单。", []),
        # scripts with italics: still an error
        ("de", "Der Clean Mobility Fund bezahlt das.", [("error", "italic")]),
        ("ru", "Это оплачивает Фонд чистой мобильности.", [("error", "italic")]),
        ("he", "קרן הניידות הנקייה משלמת על כך.", [("error", "italic")]),
        (
            "de",
            "Der **Clean Mobility Fund** bezahlt das.",
            [("error", "italic"), ("error", "bold")],
        ),
    ],
    ids=lambda v: v if isinstance(v, str) and v.isascii() and "." not in v else "",
)
def test_dropped_italic_severity_by_script(
    language: str, msgstr: str, expected: list[tuple[str, str]]
) -> None:
    found = _issues(ITALIC, msgstr, language, only=["formatting"])
    assert [str(i.severity) for i in found] == [severity for severity, _ in expected]
    for issue, (_, word) in zip(found, expected, strict=True):
        assert word in issue.message


@pytest.mark.parametrize(
    ("language", "msgid", "msgstr"),
    [
        ("zh_Hans", "Read **the plan**.", "阅读计划。"),
        ("zh_Hans", "See [the map](https://a.example/map).", "见地图。"),
        ("ja", "Run `transflow check`.", "実行してください。"),
        ("ar", "Page {PAGE}", "صفحة"),
        ("ar", "Read <u>the plan</u>.", "اقرأ الخطة."),
    ],
    ids=lambda v: v if isinstance(v, str) and len(v) < 8 else "",
)
def test_other_formatting_dropped_is_an_error_in_every_script(
    language: str, msgid: str, msgstr: str
) -> None:
    found = _issues(msgid, msgstr, language, only=["formatting", "placeholders"])
    assert found and all(i.severity is Severity.ERROR for i in found)


def test_formatting_check_is_registered_as_error() -> None:
    assert CHECKS["formatting"].severity is Severity.ERROR
