"""``review export``: a bilingual review document (DOCX) per article and language.

The document: a header block (article, languages, date, how many units need attention,
how to review), then one table, a row per live catalog entry in catalog order: number,
role, source (left), translation (right), status with the ``check`` findings of the
unit, and an empty column for the reviewer's comment. The translation column is set in
the target language (``w:lang``, right-to-left paragraphs and runs for Arabic or Hebrew,
East Asian fonts for Chinese, Japanese, Korean: :mod:`transflow.formats.docx_lang`);
inline markup is shown as formatting (:mod:`.runs`). What the import needs to match rows
to entries travels in a custom XML part (:mod:`.manifest`).
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass
from pathlib import Path

from transflow.catalog.entries import Catalog, Entry
from transflow.catalog.template import now_stamp
from transflow.core.errors import InputError
from transflow.core.records import Issue, Severity
from transflow.formats.docx_lang import lang_attrs, typography, word_lang
from transflow.formats.docx_xml import PPR_ORDER, get_or_add, w
from transflow.lang import codes as langs
from transflow.ops.xliff import base_digest
from transflow.review import manifest as mf
from transflow.review.runs import Look, write
from transflow.workspace import store
from transflow.workspace.config import Config
from transflow.workspace.paths import Workspace

COLUMNS = ("#", "Role", "Source", "Translation", "Status and checks", "Reviewer comment")
# column widths in twentieths of a point (A4 landscape, 15 mm margins: 15,307 twips)
WIDTHS = (520, 1300, 4800, 4800, 1800, 2080)
READ_ONLY_FILL = "F2F2F2"
ATTENTION_FILL = "FFF2CC"
HEADER_FILL = "D9E2F3"


@dataclass(frozen=True, slots=True)
class Written:
    path: str
    article: str
    language: str
    units: int
    attention: int


@dataclass(frozen=True, slots=True)
class ExportResult:
    files: tuple[Written, ...]


def review_path(config: Config, language: str, slug: str, output: Path | None) -> Path:
    base = output if output is not None else config.root / "review"
    return base / language / f"{slug}.docx"


def export_review(
    config: Config,
    language: str,
    articles: list[str] | None = None,
    output: Path | None = None,
) -> ExportResult:
    """Write ``review/<lang>/<article>.docx`` (or below ``output``) for each article."""
    ws = Workspace(config)
    language = langs.normalize(language)
    if language not in config.languages:
        raise InputError(None, f"language {language} is not configured in this workspace")
    known = {s.slug for s in ws.sources()}
    for a in articles or []:
        if a not in known:
            raise InputError(a, "no such article (give its slug, as in locales/<lang>/<slug>.po)")
    from transflow.ops.check import _Contexts, check_catalog

    contexts = _Contexts(config)
    made: list[tuple[Path, bytes, Written]] = []
    for source, _lang, path, rel in ws.existing_catalogs((language,), articles):
        catalog, _ = store.load(path, rel)
        issues = check_catalog(catalog, rel, source.slug, contexts[language])
        target = review_path(config, language, source.slug, output)
        data, units, attention = build(config, source.slug, source.rel, language, catalog, issues)
        made.append(
            (target, data, Written(ws.rel(target), source.slug, language, units, attention))
        )
    if not made:
        raise InputError(None, f"nothing to review in {language} (run 'transflow extract' first?)")
    with store.Transaction() as tx:
        for target, data, written in made:
            tx.write(target, data, written.path)
    return ExportResult(tuple(m[2] for m in made))


def _state(e: Entry) -> str:
    if e.is_translated:
        return "translated"
    return "fuzzy" if e.fuzzy and e.msgstr else "untranslated"


def _findings(issues: list[Issue], e: Entry) -> list[Issue]:
    return [i for i in issues if i.msgid == e.msgid]


def build(
    config: Config,
    slug: str,
    source_rel: str,
    language: str,
    catalog: Catalog,
    issues: list[Issue],
) -> tuple[bytes, int, int]:
    """The review document's bytes, its number of units and of units needing attention."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.shared import Mm, Pt, RGBColor

    entries = [e for e in catalog.live if e.msgid_plural is None]
    src_info = langs.info(config.source_language)
    tgt_info = langs.info(language)
    states = [_state(e) for e in entries]
    found = [_findings(issues, e) for e in entries]
    attention = sum(1 for s, f in zip(states, found, strict=True) if s != "translated" or f)
    stamp = now_stamp()

    doc = docx.Document()
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(sec, side, Mm(15))
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10)
    cp = doc.core_properties
    cp.title = f"Review: {slug} ({language})"
    cp.author = "transflow"
    cp.comments = ""

    doc.add_heading(f"Translation review: {slug}", level=1)
    lines = [
        ("Article", f"{slug} ({source_rel})"),
        (
            "Languages",
            f"{src_info.name} ({config.source_language}) → {tgt_info.name} ({language})",
        ),
        ("Date", stamp.split(" ")[0]),
        (
            "Units",
            f"{len(entries)}; {attention} need attention "
            f"({states.count('fuzzy')} fuzzy, {states.count('untranslated')} untranslated, "
            f"{sum(1 for f in found if f)} with check findings)",
        ),
    ]
    for label, value in lines:
        p = doc.add_paragraph()
        p.paragraph_format.space_after = Pt(0)
        p.add_run(f"{label}: ").bold = True
        p.add_run(value)
    how = doc.add_paragraph(
        "How to review: correct the translation in the Translation column and write remarks "
        "in the Reviewer comment column (or as Word comments). Bold, italic, underline, "
        "strikethrough and links are kept. Grey tokens such as {PAGE} are placeholders: "
        "keep each exactly once. Do not add, delete, merge or reorder rows. Tracked changes "
        "are welcome: on import they are accepted as your final text."
    )
    how.paragraph_format.space_before = Pt(6)
    for r in how.runs:
        r.italic = True

    def link_target(url: str) -> str:
        return doc.part.relate_to(url, RT.HYPERLINK, is_external=True)

    src_look = Look(lang_attrs(src_info.bcp47, src_info.rtl, src_info.cjk), src_info.rtl)
    typo = typography(language, dict(config.fonts_for(language)))
    tgt_look = Look(
        lang_attrs(word_lang(tgt_info.bcp47), tgt_info.rtl, tgt_info.cjk),
        tgt_info.rtl,
        dict(typo.fonts) if (tgt_info.rtl or tgt_info.cjk) else {},
    )

    table = doc.add_table(rows=1, cols=len(COLUMNS))
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    tbl = table._tbl
    for col, width in zip(tbl.tblGrid.findall(w("gridCol")), WIDTHS, strict=True):
        col.set(w("w"), str(width))
    header = table.rows[0]
    trpr = header._tr.get_or_add_trPr()
    trpr.append(_el("tblHeader"))
    titles = list(COLUMNS)
    titles[2] = f"Source ({src_info.name})"
    titles[3] = f"Translation ({tgt_info.name})"
    for cell, title, width in zip(header.cells, titles, WIDTHS, strict=True):
        _width(cell, width)
        _fill(cell, HEADER_FILL)
        cell.paragraphs[0].add_run(title).bold = True
    for n, (e, state, fs) in enumerate(zip(entries, states, found, strict=True), 1):
        row = table.add_row()
        cells = row.cells
        for cell, width in zip(cells, WIDTHS, strict=True):
            _width(cell, width)
        cells[0].paragraphs[0].add_run(str(n))
        cells[1].paragraphs[0].add_run(", ".join(e.extracted_comments))
        for c in cells[:3]:
            _fill(c, READ_ONLY_FILL)
        src_p = cells[2].paragraphs[0]._p
        src_p.extend(write(e.msgid, src_look, link_target))
        tgt_p = cells[3].paragraphs[0]._p
        if tgt_info.rtl:
            get_or_add(get_or_add(tgt_p, "pPr", ("pPr",)), "bidi", PPR_ORDER)
        if e.msgstr:
            tgt_p.extend(write(e.msgstr, tgt_look, link_target))
        status = cells[4].paragraphs[0]
        status.add_run(state).bold = state != "translated"
        if e.fuzzy and e.previous_msgid:
            p = cells[4].add_paragraph()
            run = p.add_run("the source changed since it was translated")
            run.font.size = Pt(8)
        for issue in fs:
            p = cells[4].add_paragraph()
            colour = "C00000" if issue.severity == Severity.ERROR else "B36B00"
            run = p.add_run(f"{issue.severity} [{issue.check}]: {issue.message}")
            run.font.size = Pt(8)
            run.font.color.rgb = RGBColor.from_string(colour)
        if state != "translated" or fs:
            _fill(cells[4], ATTENTION_FILL)

    rows = tuple(
        mf.RowData(
            n,
            e.msgid,
            e.msgctxt,
            e.msgstr if state != "untranslated" else "",
            base_digest(e),
            state,
        )
        for n, (e, state) in enumerate(zip(entries, states, strict=True), 1)
    )
    data = mf.to_xml(
        mf.Manifest(
            slug,
            source_rel,
            config.source_language,
            language,
            stamp,
            config.root.name,
            rows,
        )
    )
    _add_custom_xml(doc, data)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue(), len(entries), attention


def _el(tag: str, **attrs: str):
    from lxml import etree

    el = etree.Element(w(tag))
    for k, v in attrs.items():
        el.set(w(k), v)
    return el


def _width(cell, twips: int) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    tcw = tcpr.find(w("tcW"))
    if tcw is None:
        tcw = _el("tcW")
        tcpr.insert(0, tcw)
    tcw.set(w("w"), str(twips))
    tcw.set(w("type"), "dxa")


def _fill(cell, colour: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    for old in tcpr.findall(w("shd")):
        tcpr.remove(old)
    tcpr.append(_el("shd", val="clear", color="auto", fill=colour))


def _add_custom_xml(doc, data: bytes) -> None:
    """The review data as a custom XML part (with its properties part, as Word writes)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    package = doc.part.package
    taken = {str(p.partname) for p in package.iter_parts()}
    k = 1
    while f"/customXml/item{k}.xml" in taken or f"/customXml/itemProps{k}.xml" in taken:
        k += 1
    item = Part(PackURI(f"/customXml/item{k}.xml"), "application/xml", data, package)
    item_id = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, mf.NS + data.decode())).upper() + "}"
    props_xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>'
        '<ds:datastoreItem ds:itemID="' + item_id + '" '
        'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml">'
        f'<ds:schemaRefs><ds:schemaRef ds:uri="{mf.NS}"/></ds:schemaRefs></ds:datastoreItem>'
    ).encode()
    props = Part(
        PackURI(f"/customXml/itemProps{k}.xml"),
        "application/vnd.openxmlformats-officedocument.customXmlProperties+xml",
        props_xml,
        package,
    )
    item.relate_to(props, RT.CUSTOM_XML_PROPS)
    doc.part.relate_to(item, RT.CUSTOM_XML)
