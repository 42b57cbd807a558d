"""The floor of DOCX export: polib + python-docx, one document per article × language.

``python benchmarks/docx_floor.py WORKSPACE OUT [SOURCE…]`` reads, for every source (or
the SOURCE paths given, relative to WORKSPACE) and every language folder of
``locales/``, the article's catalog with polib, and writes one python-docx document: each
source paragraph replaced by its translation (translated and not fuzzy; the source text
otherwise), the first in the Title style, the others as Normal paragraphs, the
document's language set in its default run properties. That is the least a DOCX export
built on python-docx must do, so it is the floor transflow's ``export --to docx`` is
compared with (CPU per document).
"""

from __future__ import annotations

import sys
from pathlib import Path

import docx
import polib
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement


def translations(catalog: Path) -> dict[str, str]:
    """msgid → msgstr of the translated, non-fuzzy entries (none if there is no catalog)."""
    if not catalog.exists():
        return {}
    return {e.msgid: e.msgstr for e in polib.pofile(str(catalog)) if e.translated()}


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
    if argv[2:]:
        sources = [root / s for s in argv[2:]]
    else:
        sources = sorted((root / "sources").rglob("*.txt"))
    for source in sources:
        paragraphs = [p for p in source.read_text(encoding="utf-8").split("\n") if p.strip()]
        slug = source.relative_to(root / "sources").with_suffix("")
        for language in languages:
            done = translations(root / "locales" / language / f"{slug}.po")
            localized = [done.get(p, p) for p in paragraphs]
            write_document(localized, language, dest / language / f"{slug}.docx")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
