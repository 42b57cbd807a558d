"""The review data a review document carries: a custom XML part (``customXml/itemN.xml``,
namespace :data:`NS`), which Word and LibreOffice keep when they save the document.

It names the article, the languages and, per table row in order, the catalog entry the
row shows (``msgctxt``, ``msgid``), the translation as exported and a digest of what the
catalog held (:func:`~transflow.ops.xliff.base_digest`, the XLIFF export's).
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

NS = "urn:transflow:review:1"
VERSION = "1"


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


@dataclass(frozen=True, slots=True)
class RowData:
    """One table row: the entry it shows and the catalog's state at export."""

    n: int
    msgid: str
    msgctxt: str | None
    msgstr: str  # the translation shown in the document ("" when untranslated)
    base: str  # base_digest of the entry at export
    state: str  # translated, fuzzy, untranslated


@dataclass(frozen=True, slots=True)
class Manifest:
    article: str
    source: str  # the source's path in the workspace, sources/…
    source_language: str
    language: str
    created: str
    workspace: str  # the workspace folder's name (shown in messages only)
    rows: tuple[RowData, ...]


def to_xml(m: Manifest) -> bytes:
    root = etree.Element(_q("review"), nsmap={None: NS})  # type: ignore[dict-item]  # lxml-stubs: nsmap's default key is None
    for key, value in (
        ("version", VERSION),
        ("article", m.article),
        ("source", m.source),
        ("sourceLanguage", m.source_language),
        ("language", m.language),
        ("created", m.created),
        ("workspace", m.workspace),
    ):
        root.set(key, value)
    for r in m.rows:
        el = etree.SubElement(root, _q("row"), n=str(r.n), base=r.base, state=r.state)
        if r.msgctxt is not None:
            etree.SubElement(el, _q("msgctxt")).text = r.msgctxt
        etree.SubElement(el, _q("msgid")).text = r.msgid
        etree.SubElement(el, _q("msgstr")).text = r.msgstr
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def is_manifest(root: etree._Element) -> bool:
    return root.tag == _q("review")


class ManifestError(ValueError):
    pass


def from_xml(root: etree._Element) -> Manifest:
    """The manifest of a parsed part; ``ManifestError`` when it is damaged."""
    if root.get("version") != VERSION:
        raise ManifestError(f"review data version {root.get('version')!r} is not {VERSION}")
    rows: list[RowData] = []
    try:
        for el in root.findall(_q("row")):
            ctx = el.find(_q("msgctxt"))
            rows.append(
                RowData(
                    n=int(el.get("n", "")),
                    msgid=el.findtext(_q("msgid")) or "",
                    msgctxt=None if ctx is None else ctx.text or "",
                    msgstr=el.findtext(_q("msgstr")) or "",
                    base=el.get("base", ""),
                    state=el.get("state", ""),
                )
            )
    except ValueError:
        raise ManifestError("a row of the review data has no number") from None
    if [r.n for r in rows] != list(range(1, len(rows) + 1)):
        raise ManifestError("the review data's rows are not numbered 1, 2, 3…")
    fields = {}
    for key in ("article", "source", "sourceLanguage", "language", "created", "workspace"):
        value = root.get(key)
        if value is None:
            raise ManifestError(f"the review data has no {key}")
        fields[key] = value
    return Manifest(
        fields["article"],
        fields["source"],
        fields["sourceLanguage"],
        fields["language"],
        fields["created"],
        fields["workspace"],
        tuple(rows),
    )
