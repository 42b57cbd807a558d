"""Language and text direction in WordprocessingML (pure lxml): ``w:lang`` on runs and
styles, right-to-left paragraphs and runs, East-Asian font hints."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from lxml import etree

from transflow.formats.docx_xml import (
    PPR_ORDER,
    RPR_ORDER,
    TBLPR_ORDER,
    get_or_add,
    ppr_of,
    w,
    words,
)
from transflow.lang import scripts
from transflow.lang.scripts import CURSIVE_SCRIPTS, NO_ITALIC_SCRIPTS, base_language


def lang_attrs(bcp47: str, rtl: bool, cjk: bool) -> dict[str, str]:
    """``w:lang`` attributes for a language: ``val`` (Latin, Cyrillic…), ``eastAsia`` for
    Chinese, Japanese and Korean, ``bidi`` for right-to-left (complex script) languages."""
    if cjk:
        return {"eastAsia": bcp47}
    if rtl:
        return {"bidi": bcp47}
    return {"val": bcp47}


def word_lang(bcp47: str) -> str:
    """The tag Word recognises for ``w:lang``: Chinese by region (``zh-CN``, ``zh-TW``),
    which Word's proofing tools know, rather than by script (``zh-Hans``)."""
    return {"zh-Hans": "zh-CN", "zh-Hant": "zh-TW", "zh": "zh-CN"}.get(bcp47, bcp47)


def east_asian_font(code: str) -> str | None:
    base = base_language(code)
    if base == "zh":
        traditional = any(tag in code for tag in ("Hant", "TW", "HK", "MO"))
        return "PMingLiU" if traditional else "SimSun"
    return {"ja": "MS Mincho", "ko": "Malgun Gothic"}.get(base)


def set_lang(rpr: etree._Element, attrs: Mapping[str, str]) -> None:
    lang = get_or_add(rpr, "lang", RPR_ORDER)
    for attr, value in attrs.items():
        lang.set(w(attr), value)


def default_rpr(styles: etree._Element) -> etree._Element:
    """The document's default run properties (``w:docDefaults/w:rPrDefault/w:rPr``),
    made where missing."""
    defaults = styles.find(w("docDefaults"))
    if defaults is None:
        defaults = etree.Element(w("docDefaults"))
        styles.insert(0, defaults)
    rpr_default = defaults.find(w("rPrDefault"))
    if rpr_default is None:
        rpr_default = etree.Element(w("rPrDefault"))
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(w("rPr"))
    if rpr is None:
        rpr = etree.SubElement(rpr_default, w("rPr"))
    return rpr


def localize_styles(
    styles: etree._Element, attrs: Mapping[str, str], rtl: bool, font: str | None
) -> None:
    """Language on the document defaults and on every paragraph style; for right-to-left
    languages also ``w:bidi`` on the paragraph styles; an East-Asian default font."""
    rpr = default_rpr(styles)
    set_lang(rpr, attrs)
    if font:
        fonts = get_or_add(rpr, "rFonts", RPR_ORDER)
        fonts.set(w("eastAsia"), font)
        fonts.set(w("hint"), "eastAsia")
        fonts.attrib.pop(w("eastAsiaTheme"), None)  # type: ignore[call-overload]  # lxml-stubs: pop's default may be None  # a theme font would win over ours
    for style in styles.findall(w("style")):
        _localize_style(style, attrs, rtl)


def _localize_style(style: etree._Element, attrs: Mapping[str, str], rtl: bool) -> None:
    """:func:`localize_styles` for one ``w:style``: a paragraph style's language and,
    right to left, its ``w:bidi``."""
    if style.get(w("type")) != "paragraph":
        return
    srpr = style.find(w("rPr"))
    if srpr is None:
        srpr = get_or_add(style, "rPr", _STYLE_ORDER)
    set_lang(srpr, attrs)
    if rtl:
        get_or_add(get_or_add(style, "pPr", _STYLE_ORDER), "bidi", PPR_ORDER)


def localize_added_styles(
    added: list[etree._Element],
    attrs: Mapping[str, str],
    rtl: bool,
    typo: Typography,
    fonts: bool,
) -> None:
    """What :func:`localize_styles` and then :func:`apply_typography` (``styles=True``)
    do to the ``w:style`` elements ``added``, for styles appended to a styles part those
    two have already been run on. Both work one style at a time (a style's changes
    depend on that style alone) and both are idempotent (a second run changes nothing),
    so the result is the bytes of running them on the whole part after the additions."""
    for style in added:
        _localize_style(style, attrs, rtl)
    for style in added:
        for rpr in style.iter(w("rPr")):
            _typeset(rpr, typo, fonts, styles=True)


_STYLE_ORDER = words(
    "name aliases basedOn next link autoRedefine hidden uiPriority semiHidden unhideWhenUsed "
    "qFormat locked personal personalCompose personalReply rsid pPr rPr tblPr trPr tcPr tblStylePr"
)


def localize_part(root: etree._Element, attrs: Mapping[str, str], rtl: bool) -> None:
    """Every existing ``w:lang`` in a part speaks the target language; for right-to-left
    languages every paragraph gets ``w:bidi`` and every table ``w:bidiVisual``.

    Alignment is left alone on purpose: in Word's (transitional) WordprocessingML,
    ``w:jc`` left/right on a ``w:bidi`` paragraph are the logical start/end, so a
    start-aligned paragraph becomes right-aligned and explicit alignment is mirrored.
    """
    for lang in root.iter(w("lang")):
        for attr, value in attrs.items():
            lang.set(w(attr), value)
    if not rtl:
        return
    for p in root.iter(w("p")):
        get_or_add(ppr_of(p), "bidi", PPR_ORDER)
    for tbl in root.iter(w("tbl")):
        tblpr = tbl.find(w("tblPr"))
        if tblpr is None:
            tblpr = etree.Element(w("tblPr"))
            tbl.insert(0, tblpr)
        get_or_add(tblpr, "bidiVisual", TBLPR_ORDER)


# ---------------------------------------------------------------- script-aware typography

_LATIN_LIKE = frozenset({"Latn", "Cyrl", "Grek"})

# Default fonts: families a press office has with Windows or macOS Office (Arial, and
# on Windows its Arabic and Hebrew glyphs; Microsoft YaHei/JhengHei, Yu Gothic, Malgun
# Gothic ship with Windows and Office for Mac). A machine without them substitutes
# (LibreOffice on Linux: Liberation Sans for Arial, Noto Sans CJK for the East Asian
# ones, Noto for Arabic glyphs). ``[export.fonts]`` overrides them per language.
DEFAULT_FONT = "Arial"
_EAST_ASIAN_FONTS = {
    "Hans": "Microsoft YaHei",
    "Hant": "Microsoft JhengHei",
    "Jpan": "Yu Gothic",
    "Kore": "Malgun Gothic",
}
# the emphasis mark for *…* in East Asian text (w:em): Chinese puts dots under the
# characters in horizontal text, Japanese a sesame dot above, Korean a dot above
_EMPHASIS_MARK = {"Hans": "underDot", "Hant": "dot", "Jpan": "comma", "Kore": "dot"}
FONT_SLOTS = ("ascii", "hAnsi", "cs", "eastAsia")
_MONOSPACE = ("courier", "consolas", "mono", "menlo", "monaco")


def script_of(code: str) -> str:
    """ISO 15924 script of a (gettext) locale code (:func:`transflow.lang.scripts.script`),
    ``Latn`` when Babel does not know the language."""
    return scripts.script(code) or "Latn"


@dataclass(frozen=True)
class Typography:
    """What a target language's script needs from a document's run formatting."""

    script: str
    cursive: bool  # no letter spacing or character scale
    italics: bool  # the script uses italics
    emphasis_mark: str | None  # w:em value for emphasis (CJK), else None
    fonts: Mapping[str, str]  # w:rFonts slot -> family

    @property
    def latin_like(self) -> bool:
        return self.script in _LATIN_LIKE


def typography(code: str, configured: Mapping[str, str] | None = None) -> Typography:
    """The typography of a language; ``configured`` are its ``[export.fonts]`` slots
    (``ascii``, ``hAnsi``, ``cs``, ``eastAsia``), over the defaults."""
    script = script_of(code)
    fonts: dict[str, str] = {}
    east = _EAST_ASIAN_FONTS.get(script)
    if script in ("Hani", "Hira", "Kana"):
        east = _EAST_ASIAN_FONTS["Jpan" if script != "Hani" else "Hans"]
    # Latin words and digits in the same family as the text around them: Arabic and
    # Hebrew in Arial, which has both; East Asian text with Arial for Latin and digits
    # (a sans beside a sans, never Song with sans digits)
    fonts = {"ascii": DEFAULT_FONT, "hAnsi": DEFAULT_FONT, "cs": DEFAULT_FONT}
    if east:
        fonts["eastAsia"] = east
    fonts.update(configured or {})
    return Typography(
        script,
        script in CURSIVE_SCRIPTS,
        script not in NO_ITALIC_SCRIPTS,
        _EMPHASIS_MARK.get(script, "underDot" if east else None) if east else None,
        fonts,
    )


_ON = ("1", "true", "on")


def _on(el: etree._Element | None) -> bool:
    return el is not None and (el.get(w("val")) or "true").lower() in _ON


def _rprs(root: etree._Element) -> list[etree._Element]:
    """Every run-properties element below ``root`` (runs, paragraph marks, styles,
    document defaults, table style conditions)."""
    return list(root.iter(w("rPr")))


def _is_run_rpr(rpr: etree._Element) -> bool:
    parent = rpr.getparent()
    return parent is not None and parent.tag == w("r")


def apply_typography(
    root: etree._Element, typo: Typography, fonts: bool, styles: bool = False
) -> None:
    """Make the run formatting below ``root`` (a part, or styles.xml with ``styles``)
    right for the script:

    - cursive scripts: no ``w:spacing`` (letter spacing) or ``w:w`` (character scale);
    - scripts without italics: no ``w:i``/``w:iCs``; where the italic meant emphasis (a
      run, or a character style such as Emphasis) East Asian text gets emphasis marks
      (``w:em``) and other scripts bold; paragraph styles (Quote, Subtitle) just lose
      the slant;
    - ``fonts``: every ``w:rFonts`` names the language's fonts, theme references
      (``asciiTheme``…, which win over names) removed; monospace fonts are kept.
    """
    for rpr in _rprs(root):
        _typeset(rpr, typo, fonts, styles)
    if styles:
        set_default_fonts(root, typo.fonts if fonts else {})


def _typeset(rpr: etree._Element, typo: Typography, fonts: bool, styles: bool) -> None:
    """:func:`apply_typography` for one run-properties element."""
    if typo.cursive:
        for tag in ("spacing", "w"):
            for el in rpr.findall(w(tag)):
                rpr.remove(el)
    if not typo.italics:
        italic = _on(rpr.find(w("i"))) or _on(rpr.find(w("iCs")))
        for tag in ("i", "iCs"):
            for el in rpr.findall(w(tag)):
                if _on(el):
                    rpr.remove(el)
        if italic and _means_emphasis(rpr, styles):
            if typo.emphasis_mark:
                get_or_add(rpr, "em", RPR_ORDER).set(w("val"), typo.emphasis_mark)
            else:
                get_or_add(rpr, "b", RPR_ORDER)
                get_or_add(rpr, "bCs", RPR_ORDER)
    if fonts:
        rfonts = rpr.find(w("rFonts"))
        if rfonts is not None:
            set_fonts(rfonts, typo.fonts)


def _means_emphasis(rpr: etree._Element, styles: bool) -> bool:
    """Italic as emphasis: a run's own italic, or a character style's (Emphasis); not a
    paragraph style's or its linked character twin's (the slant of a Quote or Subtitle
    is decoration)."""
    if not styles:
        return _is_run_rpr(rpr)
    style = rpr.getparent()
    return (
        style is not None
        and style.tag == w("style")
        and style.get(w("type")) == "character"
        and style.find(w("link")) is None
    )


def set_fonts(rfonts: etree._Element, fonts: Mapping[str, str]) -> None:
    """Name ``fonts`` on a ``w:rFonts`` (monospace ones kept), without theme references."""
    named = " ".join(rfonts.get(w(slot)) or "" for slot in FONT_SLOTS).lower()
    if any(mono in named for mono in _MONOSPACE):
        return
    for slot, family in fonts.items():
        rfonts.set(w(slot), family)
        rfonts.attrib.pop(w(f"{slot}Theme"), None)  # type: ignore[call-overload]  # lxml-stubs: pop's default may be None
    if "cs" in fonts:
        rfonts.attrib.pop(w("cstheme"), None)  # type: ignore[call-overload]  # lxml-stubs: pop's default may be None


def set_default_fonts(styles: etree._Element, fonts: Mapping[str, str]) -> None:
    """``fonts`` on the document defaults (``w:docDefaults/w:rPrDefault``)."""
    if not fonts:
        return
    rpr = default_rpr(styles)
    set_fonts(get_or_add(rpr, "rFonts", RPR_ORDER), fonts)
