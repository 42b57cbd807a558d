"""The floor of DOCX export: python-docx's own cost per document, without transflow.

``python benchmarks/docx_floor.py WORKSPACE OUT`` writes, for every source and every
language folder of ``locales/``, one python-docx document: the first paragraph in the
Title style, the others as Normal paragraphs, the document's language set in its default
run properties. It reads nothing but the source text (no catalog), so it measures what
transflow's DOCX export cannot go below while it builds documents with python-docx.
"""

from __future__ import annotations

import sys
from pathlib import Path

import docx
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement


def write_document(paragraphs: list[str], language: str, out: Path) -> None:
    document = docx.Document()
    rpr = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    rpr = rpr.find(qn("w:rPr"))
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), language.replace("_", "-"))
    rpr.append(lang)
    document.add_paragraph(paragraphs[0], style="Title")
    for text in paragraphs[1:]:
        document.add_paragraph(text)
    out.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(out))


def main(argv: list[str]) -> int:
    root, dest = Path(argv[0]), Path(argv[1])
    languages = sorted(p.name for p in (root / "locales").iterdir() if p.name != "templates")
    sources = sorted((root / "sources").rglob("*.txt"))
    for source in sources:
        paragraphs = [p for p in source.read_text(encoding="utf-8").split("\n") if p.strip()]
        slug = source.relative_to(root / "sources").with_suffix("")
        for language in languages:
            write_document(paragraphs, language, dest / language / f"{slug}.docx")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
