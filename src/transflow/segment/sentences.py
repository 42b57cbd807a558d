"""Sentence segmentation: language-aware rules kept as data (SRX-style, but small).

A sentence ends at ``.``, ``!``, ``?`` or ``…`` (plus any closing quotes or brackets)
followed by whitespace and the start of a new sentence (a capital letter, a digit or an
opening quote). It does not end after a known abbreviation of the source language
(``Dr.``, ``No.``, ``Ms.``), an initial (``J.``), or a dotted acronym (``U.S.``), and
never inside inline formatting or a link. Quotations are split into their sentences, as
CAT tools do. Chinese and Japanese full stops (``。！？``) end a sentence without a space.

Measured on the seed press release, this takes well under a millisecond per article
(see ``benchmarks/``); pysbd (~45 ms) and sentencex (~1.3 ms) both kept the four-sentence
quotation of the seed as one unit, which is why transflow carries its own rules.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import cast

from transflow.core.inline import OBJECT, has_markup, parse, plain, problems
from transflow.core.model import Block, BlockKind, Unit
from transflow.lang.abbreviations import ABBREVIATIONS, COMMON_ABBREVIATIONS
from transflow.lang.scripts import base_language

_TERMINATORS = ".!?…"
_CLOSERS = "\"'”’»)]）」』"
_OPENERS = "\"'“‘«([（「『¿¡"
_CJK_TERMINATORS = "。！？"

# Linear on any input (issue 13, case 7): a match may start only at the first character
# of a run of terminators (the lookbehinds), and runs are taken whole (possessive
# quantifiers), so 100,000 dots are scanned once, not once per dot. Before, a match was
# tried from every dot of the run, each attempt consuming the rest of it: quadratic.
_BOUNDARY = re.compile(
    rf"(?<![{re.escape(_TERMINATORS)}])([{re.escape(_TERMINATORS)}]++)([{re.escape(_CLOSERS)}*_]*+)(\s++)(?=[{re.escape(_OPENERS)}*_\[]*+[\w])"
    rf"|(?<![{re.escape(_CJK_TERMINATORS)}])([{re.escape(_CJK_TERMINATORS)}]++[{re.escape(_CLOSERS)}]*+)\s*+(?=\S)"
)
_WORD_BEFORE = re.compile(r"([\w.\-№]+)$")
_SKIP_OPENERS = re.compile(rf"[{re.escape(_OPENERS)}*_\[]*+")
# how far back an abbreviation is looked for: no abbreviation, initial or dotted acronym
# is longer, and a bounded window keeps each boundary's test O(1) (not O(text))
_ABBREVIATION_WINDOW = 64


@lru_cache(maxsize=32)
def _abbreviations(language: str) -> frozenset[str]:
    base = base_language(language)
    return frozenset(ABBREVIATIONS.get(base, set()) | COMMON_ABBREVIATIONS)


def split_sentences(text: str, language: str = "en") -> list[str]:
    """Split inline markup into sentences (trimmed, never empty)."""
    return [sentence for sentence, _ in split_with_gaps(text, language)]


def split_with_gaps(text: str, language: str = "en") -> list[tuple[str, str]]:
    """Sentences of inline markup, each with the whitespace that followed it in the
    source (``" "``, ``"  "``, ``"\\n"``…; ``""`` after the last), so that an export puts
    a line break or a double space back where the source had it."""
    abbrevs = _abbreviations(language)
    cuts: list[int] = []
    for m in _BOUNDARY.finditer(text):
        if m.group(4):  # CJK terminator
            cuts.append(m.end())
            continue
        term = m.group(1)
        before = text[max(0, m.start() - _ABBREVIATION_WINDOW) : m.start()]
        if term == "." and _is_abbreviation(before, abbrevs):
            continue
        at = cast(re.Match[str], _SKIP_OPENERS.match(text, m.end())).end()  # `*+` matches empty
        if at < len(text) and text[at].islower():
            continue
        cuts.append(m.end())
    pieces: list[tuple[str, str]] = []
    start = 0
    for cut in [*cuts, len(text)]:
        piece = text[start:cut]
        start = cut
        sentence = piece.strip()
        if sentence:
            pieces.append((sentence, piece[len(piece.rstrip()) :]))
        elif pieces:  # whitespace only: belongs to the gap before it
            pieces[-1] = (pieces[-1][0], pieces[-1][1] + piece)
    if pieces:
        pieces[-1] = (pieces[-1][0], "")
    return _rejoin_broken_markup(pieces, text)


def _is_abbreviation(before: str, abbrevs: frozenset[str]) -> bool:
    m = _WORD_BEFORE.search(before)
    if not m:
        return False
    word = m.group(1).lstrip("-")
    if word in abbrevs or word.rstrip(".") in abbrevs:
        return True
    if len(word) == 1 and word.isupper():  # an initial: "J. Smith"
        return True
    # a dotted acronym: "U.S", "U.K", "e.g"
    return bool(re.fullmatch(r"(?:\w\.)+\w", word))


def _rejoin_broken_markup(pieces: list[tuple[str, str]], original: str) -> list[tuple[str, str]]:
    """Never cut inside formatting or a link: glue pieces back (with the whitespace that
    was between them) until each one is well formed."""
    if not pieces:
        return pieces
    if problems(original):
        return [(original.strip(), "")]
    out: list[tuple[str, str]] = []
    pending = ""
    pending_gap = ""
    for piece, gap in pieces:
        pending = f"{pending}{pending_gap}{piece}" if pending else piece
        pending_gap = gap
        if not problems(pending) and not _open_link(pending):
            out.append((pending, gap))
            pending = ""
    if pending:
        out.append((pending, ""))
    return out


def _open_link(text: str) -> bool:
    return text.count("[") - text.count("\\[") > text.count("]") - text.count("\\]")


_LETTER = re.compile(r"[^\W\d_]")
_BARE = re.compile(
    r"(?:[\w.+-]++@[\w-]+(?:\.[\w-]+)+|(?:https?://|www\.)\S+"
    # a bare domain: labels that are not only digits ("2.two" is a list item, not a host)
    r"|(?!\d+\.)[\w-]+(?:\.(?!\d+\.)[\w-]+)*\.[a-z]{2,}(?:/\S*)?)",
    re.IGNORECASE,
)


# an end mark: "###", "-30-", "– ENDS –", "- END -", "[ENDS]", "XXX"
_END_WORD = re.compile(r"[-–—=*#~.\[\]() ]*(ENDS?|Ends?|ends?|XXX)[-–—=*#~.\[\]() ]*")


def is_end_mark(text: str) -> bool:
    """True for the mark that ends a press release's body (plain text): ``###``,
    ``-30-`` (no letter: noise anyway), "ENDS", "– ENDS –", "- End -"; a bare "End" or
    "ends" in lower case only with dashes or hashes around it."""
    m = _END_WORD.fullmatch(text.strip())
    return m is not None and (m.group(1).isupper() or len(m.group()) > len(m.group(1)) + 1)


# a URL of any scheme ("irc://…", "made-up-scheme://…") or a mailto: address
_ANY_URL = re.compile(r"(?i)(?<![\w.+-])(?:[a-z][a-z0-9+.-]*://|mailto:)\S+")


def _only_addresses(text: str) -> bool:
    """Every word with a letter is a URL or an e-mail address (punctuation around it
    aside). Word by word, with ``fullmatch``: time linear in the text's length."""
    for word in text.split():
        if not _LETTER.search(word):
            continue
        core = word.strip("<>()[]{}.,;:!?\"'\\")
        if not (_ANY_URL.match(core) or _BARE.fullmatch(core)):
            return False
    return True


def is_noise(markup: str) -> bool:
    """Text nobody translates: no letter at all (numbers, phone numbers, ``###``, a
    picture on its own, an image without alt text), no letter outside e-mail addresses
    and URLs (of any scheme; also autolinks such as ``<m:abc>``, whose text is their
    target), or an end mark ("– ENDS –", :func:`is_end_mark`). Such text is kept
    verbatim in exports and is never a unit."""
    marked = has_markup(markup)
    text = (plain(markup) if marked else markup).replace(OBJECT, " ").strip()
    if not _LETTER.search(text):
        return True
    if is_end_mark(text) or _only_addresses(text):
        return True
    if not marked:  # one span of text, with a letter: no link
        return False
    spans = [sp for sp in parse(markup) if sp.text.strip() or sp.image is not None]
    return all(
        sp.link is not None and sp.image is None and sp.link in (sp.text, f"mailto:{sp.text}")
        for sp in spans
    )


# a bold dateline opening a paragraph: "**RIVERTON, March 14, 2026 —** The City…" (or the
# dash after the bold: "**RIVERTON, March 14, 2026** — The City…")
_BOLD_DATELINE = re.compile(r"\*\*([^*\n]{4,80})\*\*(\s*[-–—:](?=\s))?")


def split_dateline(text: str) -> tuple[str, str, str] | None:
    """``(dateline, gap, rest)`` when a paragraph's markup opens with a bold dateline
    followed by more text; None otherwise."""
    from transflow.segment.roles import is_dateline

    m = _BOLD_DATELINE.match(text)
    if not m or not is_dateline(plain(m.group()).strip()):
        return None
    rest = text[m.end() :]
    body = rest.lstrip()
    if not body or not _LETTER.search(plain(body)):
        return None
    return m.group(), rest[: len(rest) - len(body)], body


def block_units(block: Block, mode: str, language: str) -> list[tuple[str, str]]:
    """A block's pieces as ``(text, gap after it)``: its sentences (or the whole block in
    paragraph mode and for metadata); noise pieces included, see :func:`is_noise`. A bold
    dateline opening a paragraph is a piece of its own in both modes
    (:func:`split_dateline`)."""
    if block.kind is BlockKind.RAW or not block.text.strip():
        return []
    if block.kind is BlockKind.PARAGRAPH:
        parts = split_dateline(block.text.strip())
        if parts is not None:
            dateline, gap, rest = parts
            rest_block = Block(block.kind, rest)
            return [(dateline, gap), *block_units(rest_block, mode, language)]
    if mode == "sentence" and block.kind is not BlockKind.META:
        return split_with_gaps(block.text, language)
    return [(block.text.strip(), "")]


def units_of(
    blocks: tuple[Block, ...], mode: str, language: str, roles: list[list[str]] | None = None
) -> list[tuple[int, str]]:
    """(block index, unit text) for every translatable unit of the blocks, in order."""
    out: list[tuple[int, str]] = []
    for i, block in enumerate(blocks):
        out.extend(
            (i, text) for text, _ in block_units(block, mode, language) if not is_noise(text)
        )
    return out


def segment(blocks: tuple[Block, ...], mode: str, language: str) -> list[Unit]:
    """Units of a document's blocks, with the role of the block they come from."""
    from transflow.segment.roles import unit_roles

    pairs = units_of(blocks, mode, language)
    roles = unit_roles(blocks, pairs)
    return [Unit(text=t, role=r, block_index=i) for (i, t), r in zip(pairs, roles, strict=True)]
