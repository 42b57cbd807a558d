"""Language and text direction in WordprocessingML (pure lxml): ``w:lang`` on runs and
styles, right-to-left paragraphs and runs, East-Asian font hints."""

from __future__ import annotations

from collections.abc import Mapping

from lxml import etree

from .docx_xml import PPR_ORDER, RPR_ORDER, TBLPR_ORDER, get_or_add, ppr_of, w, words


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
    base = code.split("_")[0].lower()
    if base == "zh":
        traditional = any(tag in code for tag in ("Hant", "TW", "HK", "MO"))
        return "PMingLiU" if traditional else "SimSun"
    return {"ja": "MS Mincho", "ko": "Malgun Gothic"}.get(base)


def set_lang(rpr: etree._Element, attrs: Mapping[str, str]) -> None:
    lang = get_or_add(rpr, "lang", RPR_ORDER)
    for attr, value in attrs.items():
        lang.set(w(attr), value)


def localize_styles(
    styles: etree._Element, attrs: Mapping[str, str], rtl: bool, font: str | None
) -> None:
    """Language on the document defaults and on every paragraph style; for right-to-left
    languages also ``w:bidi`` on the paragraph styles; an East-Asian default font."""
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
    set_lang(rpr, attrs)
    if font:
        fonts = get_or_add(rpr, "rFonts", RPR_ORDER)
        fonts.set(w("eastAsia"), font)
        fonts.set(w("hint"), "eastAsia")
        fonts.attrib.pop(w("eastAsiaTheme"), None)  # a theme font would win over ours
    for style in styles.findall(w("style")):
        if style.get(w("type")) != "paragraph":
            continue
        srpr = style.find(w("rPr"))
        if srpr is None:
            srpr = get_or_add(style, "rPr", _STYLE_ORDER)
        set_lang(srpr, attrs)
        if rtl:
            get_or_add(get_or_add(style, "pPr", _STYLE_ORDER), "bidi", PPR_ORDER)


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
