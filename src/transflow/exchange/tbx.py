"""``glossary export``: the workspace's terminology as TBX-Basic (TBX 2, ``martif``).

One ``termEntry`` per source term, a ``langSet`` for the source language and one per
language with a translation: required terms are ``preferredTerm-admn-sts``, forbidden
ones ``deprecatedTerm-admn-sts``; do-not-translate terms appear unchanged in every
language with the note "do not translate". A ``*`` (any inflected ending) is taken off
the written term and ``re:`` patterns, which no termbase reads, are left out (counted).
transflow's own TBX reader (:mod:`transflow.checks.glossary`) reads the file back.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from transflow.checks.glossary import load_glossary
from transflow.exchange import xmlsafe
from transflow.workspace import store
from transflow.workspace.config import Config
from transflow.workspace.paths import Workspace

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True, slots=True)
class TbxExport:
    path: str
    entries: int
    terms: int
    skipped_patterns: int


def export_tbx(config: Config, output: Path | None = None) -> TbxExport:
    ws = Workspace(config)
    src = config.source_language
    # source term -> {"note", "dnt", "langs": {lang: [(term, forbidden)]}}
    entries: dict[str, dict] = {}
    skipped = 0
    seen: set[tuple[str, str, str, str]] = set()
    for language in config.languages:
        glossary = load_glossary(config.root, src, language)
        for t in glossary.terms if glossary else ():
            if t.source.startswith("re:") or t.target.startswith("re:"):
                if (t.source, t.target, t.type, "re") not in seen:
                    skipped += 1
                    seen.add((t.source, t.target, t.type, "re"))
                continue
            source = t.source.replace("*", "")
            target = (t.source if t.type == "dnt" else t.target).replace("*", "")
            entry = entries.setdefault(source, {"note": "", "dnt": False, "langs": {}})
            entry["note"] = entry["note"] or t.note
            entry["dnt"] = entry["dnt"] or t.type == "dnt"
            pair = (target, t.type == "forbidden")
            found = entry["langs"].setdefault(language, [])
            if pair not in found:
                found.append(pair)
    root = etree.Element("martif", {"type": "TBX-Basic", XML_LANG: src.replace("_", "-")})
    header = etree.SubElement(root, "martifHeader")
    desc = etree.SubElement(etree.SubElement(header, "fileDesc"), "sourceDesc")
    etree.SubElement(desc, "p").text = "transflow glossary export"
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    terms = 0
    for n, (source, entry) in enumerate(sorted(entries.items()), 1):
        te = etree.SubElement(body, "termEntry", id=f"c{n}")
        if entry["dnt"]:
            etree.SubElement(te, "note").text = "do not translate"
        elif entry["note"]:
            etree.SubElement(te, "note").text = entry["note"]
        if source:
            _lang_set(te, src, [(source, False)])
            terms += 1
        for language, found in entry["langs"].items():
            _lang_set(te, language, found)
            terms += len(found)
    data = xmlsafe.serialize(root)
    target = output or config.root / "exports" / "glossary.tbx"
    rel = ws.rel(target)
    with store.Transaction() as tx:
        tx.write(target, data, rel)
    return TbxExport(rel, len(entries), terms, skipped)


def _lang_set(parent: etree._Element, language: str, terms: list[tuple[str, bool]]) -> None:
    ls = etree.SubElement(parent, "langSet", {XML_LANG: language.replace("_", "-")})
    for term, forbidden in terms:
        tig = etree.SubElement(ls, "tig")
        etree.SubElement(tig, "term").text = term
        status = "deprecatedTerm-admn-sts" if forbidden else "preferredTerm-admn-sts"
        etree.SubElement(tig, "termNote", type="administrativeStatus").text = status
