"""Characters of Word's symbol fonts as Unicode.

A ``w:sym`` (``w:font="Symbol" w:char="F0DA"``) or a character typed in a run set in
Symbol or Wingdings is stored as the font's own code (often moved into the private-use
area, U+F020–U+F0FF). Shown as text anywhere else it is a private-use character no font
draws ("€10.\\uf0da"), so the Markdown export needs its Unicode meaning: the Adobe
Symbol encoding (Greek, mathematical operators, arrows) and the common Wingdings
dingbats that Unicode has. A character without a mapping becomes U+FFFD (the
replacement character): a reader sees that a symbol stood there, never a private-use
code point.
"""

from __future__ import annotations

# Adobe Symbol encoding, 0x20–0x7E and 0xA0–0xFE (0xF0 is unassigned).
_SYMBOL_LOW = (
    " !∀#∃%&∋()∗+,−./0123456789:;<=>?"
    "≅ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ[∴]⊥_"
    "‾αβχδεφγηιϕκλμνοπθρστυϖωξψζ{|}∼"
)
_SYMBOL_HIGH = (
    "€ϒ′≤⁄∞ƒ♣♦♥♠↔←↑→↓°±″≥×∝∂•÷≠≡≈…⏐⎯↵"
    "ℵℑℜ℘⊗⊕∅∩∪⊃⊇⊄⊂⊆∈∉∠∇®©™∏√⋅¬∧∨⇔⇐⇑⇒⇓"
    "◊〈®©™∑⎛⎜⎝⎡⎢⎣⎧⎨⎩⎪\ufffd〉∫⌠⎮⌡⎞⎟⎠⎤⎥⎦⎫⎬⎭"
)
SYMBOL: dict[int, str] = {0x20 + i: ch for i, ch in enumerate(_SYMBOL_LOW)}
SYMBOL.update({0xA0 + i: ch for i, ch in enumerate(_SYMBOL_HIGH)})
del SYMBOL[0xF0]

# The Wingdings characters a press release uses (bullets, check boxes, arrows, office
# pictograms) that Unicode encodes.
WINGDINGS: dict[int, str] = {
    0x20: " ",
    0x22: "✂",
    0x28: "☎",
    0x2A: "✉",
    0x43: "👍",
    0x44: "👎",
    0x45: "☜",
    0x46: "☞",
    0x4A: "☺",
    0x4B: "😐",
    0x4C: "☹",
    0x51: "✈",
    0x52: "☼",
    0x54: "❄",
    0x6C: "●",
    0x6E: "■",
    0x6F: "□",
    0x71: "❑",
    0x75: "◆",
    0x76: "❖",
    0x9F: "•",
    0xA7: "▪",
    0xA8: "◻",
    0xAB: "★",
    0xD8: "➢",
    0xE8: "➔",
    0xFB: "✗",
    0xFC: "✓",
    0xFD: "☒",
    0xFE: "☑",
}

_FONTS: dict[str, dict[int, str]] = {"symbol": SYMBOL, "wingdings": WINGDINGS}
# Fonts whose characters are pictures, not letters: with no table, every character is
# U+FFFD rather than a letter of the wrong meaning.
_PICTURE_FONTS = frozenset({"wingdings 2", "wingdings 3", "webdings", "zapf dingbats"})
REPLACEMENT = "\ufffd"


def is_symbol_font(font: str | None) -> bool:
    name = (font or "").strip().lower()
    return name in _FONTS or name in _PICTURE_FONTS


def symbol_char(font: str | None, code: int) -> str:
    """The Unicode text of character ``code`` of symbol font ``font``; ``code`` may be
    the font's own code (0x20–0xFF) or its private-use alias (U+F020–U+F0FF)."""
    if 0xF000 <= code <= 0xF0FF:
        code -= 0xF000
    table = _FONTS.get((font or "").strip().lower())
    if table is None:
        if is_symbol_font(font) or not 0x20 <= code <= 0x10FFFF or is_private(chr(code)):
            return REPLACEMENT
        return chr(code)
    return table.get(code, REPLACEMENT)


def symbol_text(font: str | None, text: str) -> str:
    """``text`` typed in symbol font ``font``, as Unicode."""
    return "".join(symbol_char(font, ord(ch)) for ch in text)


def is_private(ch: str) -> bool:
    cp = ord(ch)
    return 0xE000 <= cp <= 0xF8FF or cp >= 0xF0000
