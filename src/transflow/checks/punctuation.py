"""Punctuation checks: end punctuation (locale-aware), brackets and quotation marks."""

from __future__ import annotations

import re
from collections.abc import Iterator

from transflow.checks.base import CheckContext, CheckItem, register_check
from transflow.checks.textutil import plain
from transflow.core.records import Severity
from transflow.lang.scripts import ends_without_full_stop

# sentence-final punctuation, by meaning, in the scripts we know
_END_CLASSES = {
    ".": "full stop",
    "。": "full stop",
    "．": "full stop",
    "۔": "full stop",
    "।": "full stop",
    "॥": "full stop",
    "။": "full stop",
    "።": "full stop",
    "?": "question mark",
    "？": "question mark",
    "؟": "question mark",
    ";": "semicolon",
    "；": "semicolon",
    "؛": "semicolon",
    "!": "exclamation mark",
    "！": "exclamation mark",
    ":": "colon",
    "：": "colon",
    ",": "comma",
    "，": "comma",
    "、": "comma",
    "،": "comma",
    "…": "ellipsis",
}
# closing quotes and brackets are skipped when looking for the final punctuation
_CLOSERS = "\"'”’“‘»«›‹」』）)]】〉》〕｝}＂＇"
_ABBREVIATION_END = re.compile(
    r"(?:\b(?:[^\W\d_]\.){2,}|\b(?:etc|Inc|Ltd|Co|Corp|Jr|Sr|Dr|Mr|Mrs|Ms|St|No|vs)\.)$"
)


def end_punctuation(text: str) -> str:
    """The class of the punctuation ``text`` ends with ("" for none), ignoring trailing
    whitespace, closing quotes and brackets; ``...`` is an ellipsis."""
    t = text.rstrip()
    while t and (t[-1] in _CLOSERS or t[-1].isspace()):
        t = t[:-1]
    if t.endswith(("...", "……")):
        return "ellipsis"
    return _END_CLASSES.get(t[-1], "") if t else ""


@register_check(
    "end-punctuation",
    Severity.WARNING,
    "the translation ends with different punctuation (. 。 ۔, ? ？ ؟, ! ！, : ：… are equal)",
)
def check_end_punctuation(item: CheckItem, ctx: CheckContext) -> Iterator[str]:
    source, target = plain(item.msgid), plain(item.msgstr)
    src, tgt = end_punctuation(source), end_punctuation(target)
    if src == tgt:
        return
    if src == "full stop" and _ABBREVIATION_END.search(source.rstrip(_CLOSERS + " ")):
        return  # "… in the U.S." may end without a full stop elsewhere
    if ends_without_full_stop(ctx.language) and src == "full stop" and not tgt:
        return
    if {src, tgt} == {"full stop", "ellipsis"}:
        return
    if not src:
        yield f"the source has no end punctuation, the translation ends with a {tgt}"
    elif not tgt:
        yield f"the source ends with a {src}, the translation has no end punctuation"
    else:
        yield f"the source ends with a {src}, the translation with a {tgt}"


_BRACKETS = {
    "(": ")",
    "[": "]",
    "{": "}",
    "（": "）",
    "【": "】",
    "〔": "〕",
    "［": "］",
    "｛": "｝",
}
_BRACKETS |= {"〈": "〉", "《": "》"}
_CLOSING = {v: k for k, v in _BRACKETS.items()}
_BRACKET_CHAR = re.compile("[" + re.escape("".join(_BRACKETS) + "".join(_CLOSING)) + "]")
_ENUMERATOR = re.compile(r"(?:^|\s)(?:\d{1,2}|[a-zA-Z]|[ivxIVX]{1,4})\)")


def bracket_problems(text: str) -> list[str]:
    """Unmatched or mismatched brackets in ``text`` (list enumerators like ``a)`` ignored)."""
    if ")" in text:  # what every enumerator ends with
        text = _ENUMERATOR.sub(" ", text)
    stack: list[str] = []
    found: list[str] = []
    for ch in _BRACKET_CHAR.findall(text):  # the brackets, in order: all the loop looks at
        if ch in _BRACKETS:
            stack.append(ch)
        elif ch in _CLOSING:
            if stack and stack[-1] == _CLOSING[ch]:
                stack.pop()
            elif _CLOSING[ch] in stack:
                found.append(f"'{stack.pop()}' closed by '{ch}'")
            else:
                found.append(f"'{ch}' without an opening '{_CLOSING[ch]}'")
    found += [f"'{ch}' not closed" for ch in stack]
    return found


def _bracket_shape(text: str) -> list[str]:
    """Bracket problems with each kind of bracket mapped to its ASCII look-alike, so a
    source that is itself unbalanced (a unit split inside a parenthesis) compares equal."""
    table = str.maketrans("（【〔［〈《）】〕］〉》｛｝", "([([(()])])){}")
    return sorted(bracket_problems(text.translate(table)))


@register_check("brackets", Severity.WARNING, "unbalanced brackets in the translation")
def check_brackets(item: CheckItem, ctx: CheckContext) -> Iterator[str]:
    target = plain(item.msgstr)
    problems = bracket_problems(target)
    if problems and _bracket_shape(target) != _bracket_shape(plain(item.msgid)):
        for problem in problems:
            yield f"unbalanced brackets: {problem}"


_DOUBLE_QUOTES = '"“”„‟＂〝〞'
_PAIRED_QUOTES = (("«", "»"), ("‹", "›"), ("「", "」"), ("『", "』"), ("﹁", "﹂"))


def open_quotes(text: str) -> int:
    """How many quotations ``text`` leaves open (or closes without opening), whatever the
    locale's style: guillemets in either direction (« » and Danish » «), CJK corner
    brackets, and the double quotes (“ ” „ " …) counted by parity, because “ opens in
    English and closes in German. Single quotes are ignored: ’ is also an apostrophe."""
    if _QUOTE_CHAR.search(text) is None:
        return 0  # no quotation mark: every count below is 0
    count = sum(text.count(q) for q in _DOUBLE_QUOTES) % 2
    for left, right in _PAIRED_QUOTES:
        count += abs(text.count(left) - text.count(right))
    return count


@register_check(
    "quotes",
    Severity.WARNING,
    "unbalanced quotation marks in the translation (« » „ “ ” 「 」…)",
)
def check_quotes(item: CheckItem, ctx: CheckContext) -> Iterator[str]:
    # in sentence mode a quotation may span several units: the source shows how many stay
    # open here, and the translation may leave as many open, never more
    target = open_quotes(plain(item.msgstr))
    if target and target != open_quotes(plain(item.msgid)):
        marks = sorted({ch for ch in plain(item.msgstr) if ch in _QUOTE_CHARS})
        yield f"unbalanced quotation marks in the translation ({' '.join(marks)})"


_QUOTE_CHARS = set(_DOUBLE_QUOTES) | {q for pair in _PAIRED_QUOTES for q in pair}
_QUOTE_CHAR = re.compile("[" + re.escape("".join(sorted(_QUOTE_CHARS))) + "]")
