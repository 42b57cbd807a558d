"""Numbers written as words, per language: the lexicons the ``numbers`` check reads
spelled-out numbers with (:mod:`transflow.checks.numwords`), magnitude words after digits
("5 million", "5 млн", "5万"), Chinese numerals. Keyed by base language.

Covered: en, de, fr, es, ru (uk, be read with it), tr, az, ar, fa, and Chinese numerals
for zh, yue, ja, ko. A new language is a lexicon here and its lookup in ``checks.numwords._LOOKUPS``.
"""

from __future__ import annotations

import re

# kinds: "n" adds, "h" multiplies the current group (hundred), "m" closes a group (thousand…)
Lexicon = dict[str, tuple[int, str]]

BIG = {"thousand": 1000, "million": 10**6, "billion": 10**9}


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
    for w, v in BIG.items():
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


DE = (
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
DE_SUFFIXES = ("sten", "ster", "stes", "stem", "ste", "ten", "ter", "tes", "tem", "te", "en", "e")
DE_COMPOUND = re.compile(
    r"(?:(ein|zwei|drei|vier|fünf|sechs|sieben|acht|neun)und)?"
    r"(zwanzig|dreißig|dreissig|vierzig|fünfzig|sechzig|siebzig|achtzig|neunzig)(?:st\w*)?"
)
FR = (
    _table(
        "1: un une premier première premiers premières unième; 2: deux second seconde;"
        "3: trois; 4: quatre; 5: cinq cinqu; 6: six; 7: sept; 8: huit; 9: neuf neuv; 10: dix;"
        "11: onze; 12: douze; 13: treize; 14: quatorze; 15: quinze; 16: seize; 20: vingt vingts;"
        "30: trente; 40: quarante; 50: cinquante; 60: soixante; 80: quatrevingt quatrevingts"
    )
    | _table("100: cent cents", "h")
    | _table("1000: mille mil; 1000000: million millions; 1000000000: milliard milliards", "m")
)
ES = (
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
RU_EXACT = _table(
    "1: один одна одно одного одной одному одним одну; 2: два две двух двум двумя;"
    "3: три трех трёх трем трём тремя; 4: четыре четырех четырёх четырем четырём;"
    "5: пять пяти пятью; 6: шесть шести; 7: семь семи; 8: восемь восьми; 9: девять девяти;"
    "10: десять десяти; 100: сто ста; 200: двести двухсот; 300: триста трехсот трёхсот;"
    "400: четыреста; 500: пятьсот пятисот; 600: шестьсот; 700: семьсот семисот;"
    "800: восемьсот; 900: девятьсот"
)
# prefixes, tried longest first (inflected forms and ordinals)
RU_STEMS = _table(
    "1: перв; 2: втор; 3: трет; 4: четверт; 5: пят; 6: шест; 7: седьм; 8: восьм; 9: девят;"
    "10: десят; 11: одиннадцат; 12: двенадцат; 13: тринадцат; 14: четырнадцат;"
    "15: пятнадцат; 16: шестнадцат; 17: семнадцат; 18: восемнадцат; 19: девятнадцат;"
    "20: двадцат; 30: тридцат; 40: сорок; 50: пятьдесят пятидесят; 60: шестьдесят "
    "шестидесят; 70: семьдесят семидесят; 80: восемьдесят восьмидесят; 90: девяност"
) | _table("1000: тысяч; 1000000: миллион; 1000000000: миллиард", "m")
TR = (
    _table(
        "1: bir; 2: iki; 3: üç; 4: dört; 5: beş; 6: altı; 7: yedi; 8: sekiz; 9: dokuz; 10: on;"
        "20: yirmi; 30: otuz; 40: kırk; 50: elli; 60: altmış; 70: yetmiş; 80: seksen; 90: doksan"
    )
    | _table("100: yüz", "h")
    | _table("1000: bin; 1000000: milyon; 1000000000: milyar", "m")
)
AZ = (
    _table(
        "1: bir; 2: iki; 3: üç; 4: dörd; 5: beş; 6: altı; 7: yeddi; 8: səkkiz; 9: doqquz; 10: on;"
        "20: iyirmi; 30: otuz; 40: qırx; 50: əlli; 60: altmış; 70: yetmiş; 80: səksən; 90: doxsan"
    )
    | _table("100: yüz", "h")
    | _table("1000: min; 1000000: milyon; 1000000000: milyard", "m")
)
TURKIC_ORDINAL = re.compile(r"[ıiuü]?nc[ıiuü]")
AR = (
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
FA = (
    _table(
        "1: یک یکم نخست; 2: دو دوم; 3: سه سوم; 4: چهار; 5: پنج; 6: شش; 7: هفت; 8: هشت;"
        "10: ده; 20: بیست; 30: سی; 40: چهل; 50: پنجاه; 60: شصت; 70: هفتاد; 80: هشتاد; 90: نود"
    )
    | _table("100: صد", "h")
    | _table("1000: هزار; 1000000: میلیون; 1000000000: میلیارد", "m")
)
CONNECTORS = {"en": {"and"}, "de": {"und"}, "fr": {"et"}, "es": {"y"}, "fa": {"و"}}
CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5}
CN_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_BIG = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
CN_RUN = re.compile("[" + "".join([*CN_DIGITS, *CN_UNITS, *CN_BIG]) + "]+")

EN = _en()
RU_STEM_ORDER = tuple(sorted(RU_STEMS, key=len, reverse=True))

# magnitude words after a number written in digits: "5 million", "5 млн", "5 مليون"
MAGNITUDES: dict[str, int] = {}
for _value, _words in (
    (10**3, "thousand thousands k тыс тысяч тысячи тысяча tausend mille mil mila bin min "
     "ألف آلاف الف هزار"),
    (10**6, "million millions mln m mn млн миллион миллиона миллионов mio millionen "
     "millón millones milhão milhões milioni milyon مليون ملايين میلیون"),
    (10**9, "billion billions bn млрд миллиард миллиарда миллиардов mrd milliarde milliarden "
     "milliard milliards milyar milyard مليار"),
):  # fmt: skip
    for _w in _words.split():
        MAGNITUDES.setdefault(_w, _value)
CJK_MAGNITUDE = re.compile(r"\s?(?:多|余|餘)?(百万|千|万|萬|亿|億)")
CJK_MAGNITUDES = {"千": 10**3, "万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8, "百万": 10**6}
