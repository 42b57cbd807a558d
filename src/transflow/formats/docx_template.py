"""The built-in press-release template: the document a DOCX built from a text or Markdown
source starts from when the workspace names no ``[export] reference_docx``.

It is made in code from python-docx's default document (nothing binary is shipped, and
the same input gives the same bytes):

- paper by the target locale: US Letter where CLDR's ``paperSize`` data says so (the
  Americas' Letter territories), A4 elsewhere; ``[export] paper`` overrides it;
- margins of 2.5 cm (A4) or 1 inch (Letter); one font set (see
  :func:`.docx_lang.typography`), black text, no theme colours or 2010 blue headings;
- a letterhead header: the optional logo (``[export] logo``) and the organisation name
  (``[export] organisation``), over a rule;
- a label above the headline, "PRESS RELEASE";
- a footer "Page {PAGE} of {NUMPAGES}" whose numbers are real fields;
- styles the builder uses: Title, Subtitle (the deck), Heading 1–3, Quote (indented;
  italic only where the script has italics), "End Mark" (centred ``###``), "Boilerplate"
  and "Boilerplate Heading" (the About and Media contact sections, smaller).

The words of the template are translatable: the label, the footer and the organisation
name are the units of a workspace catalog, ``locales/<lang>/_template.po``
(:data:`TEMPLATE_SLUG`, written by ``extract``; see :mod:`transflow.workspace.letterhead`, which
also puts a ``reference_docx``'s headers and footers there); the writer receives their
translations in ``ExportContext.template_strings``. An untranslated one stays in the
source language, and the writer says so.
"""

from __future__ import annotations

import copy
from typing import Any, cast

from lxml import etree

from transflow.core.inline import Span, parse
from transflow.formats import ExportContext
from transflow.formats.docx_xml import PPR_ORDER, RPR_ORDER, RunStyle, get_or_add, make_text_runs, w
from transflow.workspace.letterhead import FOOTER, LABEL, TEMPLATE_SLUG, template_units

# CLDR supplemental measurementData, paperSize "US-Letter" (Babel does not ship it)
LETTER_TERRITORIES = frozenset(
    {"BZ", "CA", "CL", "CO", "CR", "GT", "MX", "NI", "PA", "PH", "PR", "SV", "US", "VE"}
)
PAPER = {"A4": (11906, 16838, 1418), "Letter": (12240, 15840, 1440)}  # twips: w, h, margin

__all__ = ["FOOTER", "LABEL", "TEMPLATE_SLUG", "new_document", "paper_for", "template_units"]

INK = "1A1A1A"
GREY = "404040"
LOGO_HEIGHT_CM = 1.4


def territory_of(code: str) -> str:
    """The territory of a locale code, or CLDR's likely one (``ar`` → EG, ``en`` → US)."""
    from babel import Locale
    from babel.core import get_global

    try:
        locale = Locale.parse(code)
    except (ValueError, LookupError):
        return ""
    if locale.territory:
        return locale.territory
    likely = get_global("likely_subtags")
    for key in (code, locale.language):
        found = likely.get(key)
        if found:
            return str(found).split("_")[-1]
    return ""


def paper_for(code: str, override: str = "") -> str:
    """ "A4" or "Letter" for a target locale (``override`` wins when it is one of them)."""
    if override in PAPER:
        return override
    return "Letter" if territory_of(code) in LETTER_TERRITORIES else "A4"


def new_document(context: ExportContext) -> tuple[Any, list[str]]:
    """The template for one export: a python-docx Document with the page, styles,
    header, label and footer set, and warnings (a string left untranslated, a logo that
    could not be read)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    from transflow.formats.docx_build import add_paragraph, set_paragraph_style

    doc = _base()
    warnings: list[str] = []
    strings = dict(context.template_strings)

    def tr(msgid: str) -> str:
        found = strings.get(msgid)
        if found:
            return found
        if context.language.code.split("_")[0] != context.source_language.split("_")[0]:
            warnings.append(
                f"the template's {msgid!r} is not translated into {context.language.code} "
                f"(locales/{context.language.code}/{TEMPLATE_SLUG}.po); written as it is"
            )
        return msgid

    _page(doc, paper_for(context.language.code, context.paper))
    style = RunStyle(None, None, {}, context.language.rtl, context.language.cjk)
    section = doc.sections[0]
    section.header.is_linked_to_previous = False
    header = section.header.paragraphs[0]
    set_paragraph_style(doc, header, "Header")
    _rule_below(header._p)
    if context.logo is not None:
        try:
            header.add_run().add_picture(str(context.logo), height=Cm(LOGO_HEIGHT_CM))
            if context.organisation.strip():
                header.add_run("  ")
        except Exception as exc:  # python-docx raises several kinds for a bad picture
            warnings.append(f"logo {context.logo.name} could not be used ({type(exc).__name__})")
    if context.organisation.strip():
        for run in _runs(tr(context.organisation.strip()), style, bold=True):
            header._p.append(run)
    footer = section.footer.paragraphs[0]
    set_paragraph_style(doc, footer, "Footer")
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for el in _runs(tr(FOOTER), style):
        footer._p.append(el)
    label = add_paragraph(doc, "Press Label")
    for run in _runs(tr(LABEL), style):
        label._p.append(run)
    return doc, warnings


_BASE: list[Any] = []  # python-docx's default document with the template's styles


def _base() -> Any:
    """A fresh copy of python-docx's default document with :func:`_styles` applied: read
    and styled once per process, then deep-copied (the same document, not re-parsed)."""
    import docx  # here: extract imports this module for its strings only

    if not _BASE:
        doc = docx.Document()
        _styles(doc)
        _BASE.append(doc)
    return copy.deepcopy(_BASE[0])


def _runs(markup: str, style: RunStyle, bold: bool = False) -> list[etree._Element]:
    """Runs for a template string; ``{PAGE}`` and ``{NUMPAGES}`` become fields."""
    out: list[etree._Element] = []
    for sp in parse(markup):
        if sp.placeholder is not None:
            name = sp.placeholder.upper()
            if name in ("PAGE", "NUMPAGES", "SECTIONPAGES"):
                fld = etree.Element(w("fldSimple"))
                fld.set(w("instr"), f" {name} \\* MERGEFORMAT ")
                fld.extend(make_text_runs(Span("1"), style))
                out.append(fld)
            else:
                out.extend(make_text_runs(Span("{" + sp.placeholder + "}"), style))
            continue
        if not sp.text:
            continue
        for run in make_text_runs(sp, style):
            if bold:
                get_or_add(cast(etree._Element, run.find(w("rPr"))), "b", RPR_ORDER)
                get_or_add(cast(etree._Element, run.find(w("rPr"))), "bCs", RPR_ORDER)
            out.append(run)
    return out


def _page(doc: Any, paper: str) -> None:
    from docx.shared import Twips

    width, height, margin = PAPER[paper]
    for section in doc.sections:
        section.page_width, section.page_height = Twips(width), Twips(height)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Twips(margin))
        section.header_distance = section.footer_distance = Twips(708)


def _rule_below(p: etree._Element) -> None:
    ppr = p.get_or_add_pPr()  # type: ignore[attr-defined]  # a python-docx CT_P, typed as the plain element
    bdr = get_or_add(ppr, "pBdr", PPR_ORDER)
    bottom = etree.SubElement(bdr, w("bottom"))
    for attr, value in (("val", "single"), ("sz", "6"), ("space", "6"), ("color", "808080")):
        bottom.set(w(attr), value)


_SIZES = {"Title": 24, "Subtitle": 13, "Heading 1": 15, "Heading 2": 13, "Heading 3": 11.5}


def _styles(doc: Any) -> None:
    """Black text in one font set; the press release's own styles."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt, RGBColor

    ink, grey = RGBColor.from_string(INK), RGBColor.from_string(GREY)
    styles = doc.styles
    for rfonts in styles.element.iter(w("rFonts")):  # the typography pass names fonts
        for attr in list(rfonts.attrib):
            if attr.lower().endswith("theme"):
                del rfonts.attrib[attr]
    for style in styles.element.findall(w("style")):  # no theme colours (2010 blue)
        if style.get(w("type")) in ("paragraph", "character"):
            for el in list(style.iter(w("color"))):
                el.getparent().remove(el)
    defaults = styles.element.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}")
    for tag, val in (("sz", "21"), ("szCs", "21")):
        get_or_add(defaults, tag, RPR_ORDER).set(w("val"), val)
    normal = styles["Normal"]
    normal.paragraph_format.space_after = Pt(8)
    normal.paragraph_format.line_spacing = 1.15
    for name, size in _SIZES.items():
        style = styles[name]
        style.font.size = Pt(size)
        style.font.bold = name != "Subtitle"
        style.font.italic = False
        style.font.color.rgb = ink if name != "Subtitle" else grey
        rpr = style.element.get_or_add_rPr()
        for tag in ("spacing", "kern"):
            for el in rpr.findall(w(tag)):
                rpr.remove(el)
        ppr = style.element.get_or_add_pPr()
        for tag in ("pBdr", "numPr"):
            for el in ppr.findall(w(tag)):
                ppr.remove(el)
        fmt = style.paragraph_format
        fmt.keep_with_next = True
        fmt.space_before = Pt(0 if name in ("Title", "Subtitle") else 14)
        fmt.space_after = Pt(6 if name != "Subtitle" else 14)
    quote = styles["Quote"]
    quote.font.italic = True  # removed for scripts without italics
    quote.font.color.rgb = grey
    quote.paragraph_format.left_indent = quote.paragraph_format.right_indent = Cm(1)
    quote.paragraph_format.space_before = quote.paragraph_format.space_after = Pt(8)
    _add(styles, "Press Label", size=9.5, bold=True, color=grey, after=18)
    end = _add(styles, "End Mark", size=10.5, after=12, before=12)
    end.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    end.paragraph_format.keep_with_next = True
    _add(styles, "Boilerplate", size=9, color=grey, after=4)
    heading = _add(styles, "Boilerplate Heading", size=9.5, bold=True, before=12, after=2)
    heading.paragraph_format.keep_with_next = True
    for name in ("Header", "Footer"):
        styles[name].font.size = Pt(9 if name == "Footer" else 11)
        styles[name].font.color.rgb = grey if name == "Footer" else ink
    for style in styles.element.findall(w("style")):
        _complex_script_twins(style.find(w("rPr")))


def _complex_script_twins(rpr: etree._Element | None) -> None:
    """Bold, italic and size also for complex-script (right-to-left) runs, which Word
    and LibreOffice draw with ``w:bCs``, ``w:iCs`` and ``w:szCs``."""
    if rpr is None:
        return
    for tag, twin in (("b", "bCs"), ("i", "iCs"), ("sz", "szCs")):
        el = rpr.find(w(tag))
        if el is None:
            continue
        other = get_or_add(rpr, twin, RPR_ORDER)
        for attr, value in el.attrib.items():
            other.set(attr, value)


def _add(
    styles: Any,
    name: str,
    size: float,
    bold: bool = False,
    color: Any = None,
    before: float = 0,
    after: float = 0,
) -> Any:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt, RGBColor

    color = color or RGBColor.from_string(INK)
    style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles["Normal"]
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.color.rgb = color
    style.paragraph_format.space_before = Pt(before)
    style.paragraph_format.space_after = Pt(after)
    style.quick_style = True
    return style
