"""The workspace's letterhead catalog, ``_template``: the words of the page around every
DOCX built from a text or Markdown source (issue 12, items 6 and 7).

A DOCX built from text or Markdown starts from a document that is not the article: the
built-in press-release template (its label "PRESS RELEASE", its footer "Page {PAGE} of
{NUMPAGES}" and the ``[export] organisation`` name), or the ``[export] reference_docx``
(its headers and footers, read with the DOCX reader: fields are placeholders, bold is
``**…**``). Those words are translated once for the whole workspace, in
``locales/templates/_template.pot`` and ``locales/<lang>/_template.po``, which
``extract`` writes and merges like an article's catalog, ``status`` and ``check`` list as
the article ``_template``, and ``export`` uses in every DOCX built on that document.

The catalog's source (``X-Transflow-Source``, the ``#:`` references) is ``transflow.toml``
for the built-in template (the digest of its strings) and the reference document itself
(the digest of its bytes) otherwise, so ``status`` sees when it is stale. A source named
``sources/_template.*`` would share the catalog's files, so it is refused.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from transflow.core.digest import source_digest
from transflow.workspace.config import Config

if TYPE_CHECKING:
    from transflow.core.model import Block
    from transflow.core.records import LanguageInfo

TEMPLATE_SLUG = "_template"
LABEL = "PRESS RELEASE"  # the built-in template's words
FOOTER = "Page {PAGE} of {NUMPAGES}"
BUILT_EXTENSIONS = (".txt", ".md", ".markdown")  # sources a DOCX is built from


@dataclass(frozen=True, slots=True)
class Letterhead:
    """What the ``_template`` catalog holds for a workspace."""

    rel: str  # its source: "transflow.toml" or the reference document's path
    digest: str  # of the built-in strings, or of the reference document's bytes
    units: tuple[tuple[str, str], ...]  # (msgid, role) in order
    blocks: tuple[Block, ...] = ()  # a reference document's header and footer paragraphs

    @property
    def origin(self) -> str:
        """The catalog's expected ``X-Transflow-Source`` value."""
        return f"{self.rel} {self.digest}"


def template_units(organisation: str) -> list[tuple[str, str]]:
    """The built-in template's translatable strings as (msgid, role), in the order they
    appear."""
    units = [(organisation.strip(), "page header")] if organisation.strip() else []
    return [*units, (LABEL, "label"), (FOOTER, "page footer")]


def wanted(config: Config, source_paths: Iterable[Path]) -> bool:
    """Whether DOCX exports are built on a template document: DOCX is exported and a
    text or Markdown source is there."""
    return "docx" in config.formats and any(
        p.suffix.lower() in BUILT_EXTENSIONS for p in source_paths
    )


def _rel(config: Config, path: Path) -> str:
    try:
        return path.relative_to(config.root).as_posix()
    except ValueError:
        return str(path)


def source_rel(config: Config) -> str:
    """The catalog's source: ``transflow.toml`` or the reference document's path."""
    if config.reference_docx is None:
        return "transflow.toml"
    return _rel(config, config.reference_docx)


def origin(config: Config, digest_of: Callable[[Path, str], str] | None = None) -> str:
    """The expected ``X-Transflow-Source`` of the catalog, without parsing a DOCX (for
    ``status``; ``digest_of(path, rel)`` may answer from a cache)."""
    if config.reference_docx is None:
        return load(config).origin
    rel = source_rel(config)
    if digest_of is not None:
        return f"{rel} {digest_of(config.reference_docx, rel)}"
    from transflow.workspace import store

    return f"{rel} {source_digest(store.read_bytes(config.reference_docx, rel))}"


def load(config: Config) -> Letterhead:
    """The letterhead's units: the built-in template's strings, or the headers' and
    footers' units of the reference document (segmented like an article's)."""
    if config.reference_docx is None:
        units = tuple(template_units(config.organisation))
        digest = source_digest("\n".join(text for text, _ in units).encode())
        return Letterhead("transflow.toml", digest, units)
    from transflow.core.model import BlockKind
    from transflow.core.records import SourceFile
    from transflow.formats import read_source
    from transflow.segment.sentences import segment
    from transflow.workspace import store

    path = config.reference_docx
    rel = _rel(config, path)
    data = store.read_bytes(path, rel)
    document = read_source(SourceFile(path, rel, TEMPLATE_SLUG))
    blocks = tuple(b for b in document.blocks if b.kind in (BlockKind.HEADER, BlockKind.FOOTER))
    units = segment(blocks, config.segmentation, config.source_language)
    return Letterhead(rel, source_digest(data), tuple((u.text, str(u.role)) for u in units), blocks)


def translate(
    letterhead: Letterhead, config: Config, translations: dict[str, str], language: LanguageInfo
) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """A reference document's header and footer paragraphs as (source markup, translated
    markup), and a note for each unit left in the source language."""
    from transflow.core.model import Document
    from transflow.ops.exportdoc import translate_document

    document = Document(letterhead.rel, TEMPLATE_SLUG, "docx", letterhead.blocks)
    done = translate_document(
        document, config.segmentation, config.source_language, translations, language
    )
    pairs = tuple((a.text, b.text) for a, b in zip(letterhead.blocks, done.blocks, strict=True))
    notes: list[str] = []
    if language.code.split("_")[0] != config.source_language.split("_")[0]:
        for text in dict.fromkeys(text for text, _ in letterhead.units):
            if text not in translations:
                notes.append(
                    f"the letterhead's {text!r} ({letterhead.rel}) is not translated into "
                    f"{language.code} (locales/{language.code}/{TEMPLATE_SLUG}.po); "
                    "written as it is"
                )
    return pairs, tuple(notes)
