"""Numbers written as words, and month names, for the ``numbers`` check.

The check compares digit-written numbers only. A number written in words on one side
("Twenty one years ago", "seven U.S. states", "الحادية والعشرين") may legitimately be digits
on the other, and "8 May 2008" becomes "2008年5月8日". :func:`word_values` gives the values
a text spells out (cardinals, ordinals, month names) so the check can *excuse* such
numbers; it never reports them. A false reading only costs recall, never precision, so the
lexicons are small and greedy. Covered: en, de, fr, es, ru, tr, az, ar, fa, zh/ja
(Chinese numerals); month names for every language Babel knows.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from functools import lru_cache

from transflow.checks.textutil import babel_locale, base_language, casefold

# kinds: "n" adds, "h" multiplies the current group (hundred), "m" closes a group (thousand…)
Lexicon = dict[str, tuple[int, str]]

_BIG = {"thousand": 1000, "million": 10**6, "billion": 10**9}


def _en() -> Lexicon:
    units = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
    ]
    units += ["fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
    tens = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    irregular = {
        "one": "first", "two": "second", "three": "third", "five": "fifth",
        "eight": "eighth", "nine": "ninth", "twelve": "twelfth",
    }  # fmt: skip
    lex: Lexicon = {}
    for v, w in enumerate(units):
        lex[w] = (v, "n")
        lex[irregular.get(w, w + "th")] = (v, "n")
    for i, w in enumerate(tens):
        lex[w] = ((i + 2) * 10, "n")
        lex[w[:-1] + "ieth"] = ((i + 2) * 10, "n")
    lex.update({"hundred": (100, "h"), "hundredth": (100, "h"), "dozen": (12, "n")})
    for w, v in _BIG.items():
        lex[w] = (v, "m")
        lex[w + "s"] = (v, "m")
    return lex


def _table(spec: str, kind: str = "n") -> Lexicon:
    """``"1: a b c; 2: d e"`` → {a: (1, kind), …}."""
    lex: Lexicon = {}
    for part in spec.split(";"):
        if part.strip():
            value, words = part.split(":")
            for w in words.split():
                lex[w] = (int(value), kind)
    return lex


_DE = (
    _table(
        "1: ein eins eine einen einem einer eines erst; 2: zwei zweit; 3: drei drit dritt;"
        "4: vier viert; 5: fünf fünft; 6: sechs sechst; 7: sieben sieb siebt; 8: acht;"
        "9: neun neunt; 10: zehn zehnt; 11: elf elft; 12: zwölf zwölft; 13: dreizehn;"
        "14: vierzehn; 15: fünfzehn; 16: sechzehn; 17: siebzehn; 18: achtzehn; 19: neunzehn;"
        "20: zwanzig; 30: dreißig dreissig; 40: vierzig; 50: fünfzig; 60: sechzig; 70: siebzig;"
        "80: achtzig; 90: neunzig"
    )
    | _table("100: hundert", "h")
    | _table(
        "1000: tausend; 1000000: million millionen mio; 1000000000: milliarde milliarden mrd", "m"
    )
)
_DE_SUFFIXES = ("sten", "ster", "stes", "stem", "ste", "ten", "ter", "tes", "tem", "te", "en", "e")
_DE_COMPOUND = re.compile(
    r"(?:(ein|zwei|drei|vier|fünf|sechs|sieben|acht|neun)und)?"
    r"(zwanzig|dreißig|dreissig|vierzig|fünfzig|sechzig|siebzig|achtzig|neunzig)(?:st\w*)?"
)
_FR = (
    _table(
        "1: un une premier première premiers premières unième; 2: deux second seconde;"
        "3: trois; 4: quatre; 5: cinq cinqu; 6: six; 7: sept; 8: huit; 9: neuf neuv; 10: dix;"
        "11: onze; 12: douze; 13: treize; 14: quatorze; 15: quinze; 16: seize; 20: vingt vingts;"
        "30: trente; 40: quarante; 50: cinquante; 60: soixante; 80: quatrevingt quatrevingts"
    )
    | _table("100: cent cents", "h")
    | _table("1000: mille mil; 1000000: million millions; 1000000000: milliard milliards", "m")
)
_ES = (
    _table(
        "1: uno una un primer primero primera; 2: dos segundo segunda; 3: tres tercer tercero "
        "tercera; 4: cuatro cuarto cuarta; 5: cinco quinto quinta; 6: seis sexto sexta;"
        "7: siete séptimo séptima; 8: ocho octavo octava; 9: nueve noveno novena; 10: diez décimo;"
        "11: once; 12: doce; 13: trece; 14: catorce; 15: quince; 20: veinte; 21: veintiuno "
        "veintiún; 30: treinta; 40: cuarenta; 50: cincuenta; 60: sesenta; 70: setenta;"
        "80: ochenta; 90: noventa"
    )
    | _table("100: cien ciento", "h")
    | _table("1000: mil; 1000000: millón millones", "m")
)
_RU_EXACT = _table(
    "1: один одна одно одного одной одному одним одну; 2: два две двух двум двумя;"
    "3: три трех трёх трем трём тремя; 4: четыре четырех четырёх четырем четырём;"
    "5: пять пяти пятью; 6: шесть шести; 7: семь семи; 8: восемь восьми; 9: девять девяти;"
    "10: десять десяти; 100: сто ста; 200: двести двухсот; 300: триста трехсот трёхсот;"
    "400: четыреста; 500: пятьсот пятисот; 600: шестьсот; 700: семьсот семисот;"
    "800: восемьсот; 900: девятьсот"
)
# prefixes, tried longest first (inflected forms and ordinals)
_RU_STEMS = _table(
    "1: перв; 2: втор; 3: трет; 4: четверт; 5: пят; 6: шест; 7: седьм; 8: восьм; 9: девят;"
    "10: десят; 11: одиннадцат; 12: двенадцат; 13: тринадцат; 14: четырнадцат;"
    "15: пятнадцат; 16: шестнадцат; 17: семнадцат; 18: восемнадцат; 19: девятнадцат;"
    "20: двадцат; 30: тридцат; 40: сорок; 50: пятьдесят пятидесят; 60: шестьдесят "
    "шестидесят; 70: семьдесят семидесят; 80: восемьдесят восьмидесят; 90: девяност"
) | _table("1000: тысяч; 1000000: миллион; 1000000000: миллиард", "m")
_TR = (
    _table(
        "1: bir; 2: iki; 3: üç; 4: dört; 5: beş; 6: altı; 7: yedi; 8: sekiz; 9: dokuz; 10: on;"
        "20: yirmi; 30: otuz; 40: kırk; 50: elli; 60: altmış; 70: yetmiş; 80: seksen; 90: doksan"
    )
    | _table("100: yüz", "h")
    | _table("1000: bin; 1000000: milyon; 1000000000: milyar", "m")
)
_AZ = (
    _table(
        "1: bir; 2: iki; 3: üç; 4: dörd; 5: beş; 6: altı; 7: yeddi; 8: səkkiz; 9: doqquz; 10: on;"
        "20: iyirmi; 30: otuz; 40: qırx; 50: əlli; 60: altmış; 70: yetmiş; 80: səksən; 90: doxsan"
    )
    | _table("100: yüz", "h")
    | _table("1000: min; 1000000: milyon; 1000000000: milyard", "m")
)
_TURKIC_ORDINAL = re.compile(r"[ıiuü]?nc[ıiuü]")
_AR = (
    _table(
        "1: واحد واحدة أحد احد إحدى احدى حادي حادية أول أولى اول اولى;"
        "2: اثنان اثنين اثنتان اثنتين اثني اثنا اثنتا ثاني ثانية;"
        "3: ثلاث ثلاثة ثالث ثالثة; 4: أربع أربعة اربع اربعة رابع رابعة;"
        "5: خمس خمسة خامس خامسة; 6: ست ستة سادس سادسة; 7: سبع سبعة سابع سابعة;"
        "8: ثمان ثماني ثمانية ثامن ثامنة; 9: تسع تسعة تاسع تاسعة; 10: عشر عشرة عاشر عاشرة;"
        "20: عشرون عشرين; 30: ثلاثون ثلاثين; 40: أربعون أربعين اربعين; 50: خمسون خمسين;"
        "60: ستون ستين; 70: سبعون سبعين; 80: ثمانون ثمانين; 90: تسعون تسعين;"
        "200: مائتان مائتين مئتان مئتين مائتا; 2000: ألفين الفين ألفان;"
        # Levantine month names (the Gregorian ones come from Babel)
        "1: كانون; 12: كانون; 2: شباط; 3: آذار; 4: نيسان; 5: أيار; 6: حزيران; 7: تموز; 8: آب;"
        "9: أيلول; 10: تشرين; 11: تشرين"
    )
    | _table("100: مائة مئة", "h")
    | _table("1000: ألف الف آلاف الاف; 1000000: مليون ملايين; 1000000000: مليار مليارات", "m")
)
_AR_PREFIXES = ("", "و", "ال", "وال", "بال", "لل", "ب", "ل", "ف", "فال", "ك")
_FA = (
    _table(
        "1: یک یکم نخست; 2: دو دوم; 3: سه سوم; 4: چهار; 5: پنج; 6: شش; 7: هفت; 8: هشت;"
        "10: ده; 20: بیست; 30: سی; 40: چهل; 50: پنجاه; 60: شصت; 70: هفتاد; 80: هشتاد; 90: نود"
    )
    | _table("100: صد", "h")
    | _table("1000: هزار; 1000000: میلیون; 1000000000: میلیارد", "m")
)
_CONNECTORS = {"en": {"and"}, "de": {"und"}, "fr": {"et"}, "es": {"y"}, "fa": {"و"}}
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5}
_CN_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
_CN_RUN = re.compile("[" + "".join([*_CN_DIGITS, *_CN_UNITS, *_CN_BIG]) + "]+")
_WORD = re.compile(r"[^\W\d_]+")
_GAP = re.compile(r"[\s\-‐‑–]*")


def _lookup(word: str, lang: str) -> tuple[int, str] | None:
    if lang == "en":
        return _EN.get(word)
    if lang == "de":
        m = _DE_COMPOUND.fullmatch(word)
        if m:
            return ((_DE[m.group(1)][0] if m.group(1) else 0) + _DE[m.group(2)][0], "n")
        for cand in (word, *(word[: -len(s)] for s in _DE_SUFFIXES if word.endswith(s))):
            if cand in _DE:
                return _DE[cand]
        return None
    if lang in ("fr", "es"):
        lex = _FR if lang == "fr" else _ES
        if word in lex:
            return lex[word]
        for suffix in ("ièmes", "ième"):
            if lang == "fr" and word.endswith(suffix):
                stem = word[: -len(suffix)]
                return lex.get(stem) or lex.get(stem + "e")
        return None
    if lang in ("ru", "uk", "be"):
        if word in _RU_EXACT:
            return _RU_EXACT[word]
        for stem in _RU_STEM_ORDER:
            if word.startswith(stem):
                return _RU_STEMS[stem]
        return None
    if lang in ("tr", "az"):
        lex = _TR if lang == "tr" else _AZ
        if word in lex:
            return lex[word]
        for stem in sorted(lex, key=len, reverse=True):
            if word.startswith(stem) and _TURKIC_ORDINAL.match(word, len(stem)):
                return lex[stem]
        return None
    if lang == "ar":
        for prefix in _AR_PREFIXES:
            if word.startswith(prefix) and word[len(prefix) :] in _AR:
                return _AR[word[len(prefix) :]]
        for hundred in ("مائة", "مئة"):
            head = word[: -len(hundred)]
            if word.endswith(hundred) and head in _AR and _AR[head][0] < 10:
                return (_AR[head][0] * 100, "n")
        return None
    if lang == "fa":
        return _FA.get(word)
    return None


_EN = _en()
_RU_STEM_ORDER = sorted(_RU_STEMS, key=len, reverse=True)


def _chinese(run: str) -> set[int]:
    if all(ch in _CN_DIGITS for ch in run):
        values = {_CN_DIGITS[ch] for ch in run}
        if len(run) > 1:  # 二〇〇八 = 2008
            values.add(int("".join(str(_CN_DIGITS[ch]) for ch in run)))
        return values
    total = section = num = 0
    for ch in run:
        if ch in _CN_DIGITS:
            num = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            section += (num or 1) * _CN_UNITS[ch]
            num = 0
        else:
            total += (section + num or 1) * _CN_BIG[ch]
            section = num = 0
    return {total + section + num}


@lru_cache(maxsize=64)
def _months(lang: str) -> tuple[dict[str, int], tuple[tuple[str, int], ...]]:
    """Month names from Babel: exact forms, and prefixes for inflected long names."""
    exact: dict[str, int] = {}
    prefixes: dict[str, int] = {}
    loc = babel_locale(lang)
    names: list[tuple[int, str]] = []
    if loc is not None:
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                names += list(loc.months[context][width].items())
    for month, name in names:
        key = casefold(name).rstrip(".")
        if key and not any(ch.isdigit() for ch in key):
            exact[key] = month
            if len(key) >= 5:
                prefixes[key[:-1]] = month
    return exact, tuple(prefixes.items())


def _strip_marks(text: str) -> str:
    return "".join(ch for ch in text if unicodedata.category(ch) != "Mn")


@lru_cache(maxsize=2048)
def word_values(text: str, language: str) -> frozenset[Decimal]:
    """Values of the numbers and month names ``text`` spells out in ``language``."""
    lang = base_language(language)
    text = casefold(_strip_marks(text))
    values: set[int] = set()
    if lang in ("zh", "ja", "ko", "yue"):
        for m in _CN_RUN.finditer(text):
            values |= _chinese(m.group())
    if lang == "fr":
        text = text.replace("quatre-vingt", "quatrevingt")
    exact, prefixes = _months(language)
    connectors = _CONNECTORS.get(lang, set())
    run: list[tuple[int, str]] = []
    last_end = -1

    def close_run() -> None:
        total = current = 0
        for value, kind in run:
            if kind == "n":
                current += value
            elif kind == "h":
                current = (current or 1) * value
            else:
                total += (current or 1) * value
                current = 0
            values.add(value)
        if run:
            values.add(total + current)
        run.clear()

    for m in _WORD.finditer(text):
        word = m.group()
        adjacent = last_end >= 0 and _GAP.fullmatch(text, last_end, m.start()) is not None
        if not adjacent:
            close_run()
        if word in exact:
            values.add(exact[word])
        else:
            for prefix, month in prefixes:
                if word.startswith(prefix):
                    values.add(month)
                    break
        hit = _lookup(word, lang)
        if hit is not None:
            run.append(hit)
            last_end = m.end()
        elif word in connectors and run:
            last_end = m.end()
        else:
            close_run()
            last_end = -1
    close_run()
    return frozenset(Decimal(v) for v in values)
