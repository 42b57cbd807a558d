"""Terminology for the ``glossary`` check.

A workspace's ``glossary/`` folder may hold, all optional:

``glossary/<lang>.csv``
    One file per target language (``ru.csv``, ``pt_BR.csv``; ``pt.csv`` also applies to
    ``pt_BR``), UTF-8, with a header row naming the columns ``source,target,type,note``
    (``type``, ``note`` and an optional ``severity`` column may be left out). Rows whose
    first cell starts with ``#`` and blank rows are ignored. ``type`` is one of:

    ``term`` (the default)
        When ``source`` occurs in a unit, the translation must contain ``target``.
        Missing: a *warning*.
    ``dnt``
        Do not translate: when ``source`` occurs, it must appear unchanged in the
        translation (``target`` is left empty). Missing: an *error*.
    ``forbidden``
        ``target`` must not appear in the translation; with a ``source``, only in units
        that contain it. Found: an *error*.

    ``severity`` (``error`` or ``warning``) overrides the default of the row's type.

    How terms match, case-insensitively, at word starts:

    * plain text (``Фонд Гейдара Алиева``): a word of five or more letters may take an
      inflected ending (its last two letters may become up to six others), a word of
      three or four letters may take up to three more letters, so ``Фонда Гейдара
      Алиева`` and ``Фондом Гейдара Алиева`` match; in Arabic the prefixes و ف ب ل ك ال
      may be attached; Chinese, Japanese and Thai terms match as written, anywhere;
    * a ``*`` in a word is any run of letters (``Фонд* Гейдара Алиева``);
    * ``re:`` starts a Python regular expression, used as written
      (``re:Фонд[а-я]* Гейдара Алиева``); at most 300 characters, and one that could
      backtrack exponentially (a quantifier inside a quantified group such as
      ``(a+)+``, a quantified alternation, a back-reference) is refused.

    Source terms match the same way, and an English source word may take ``s``/``'s``.
    ``dnt`` terms match case-sensitively and exactly.

``glossary/dnt.txt``
    One do-not-translate term per line, for every language (``#`` comments, blank lines
    ignored).

``glossary/*.tbx``
    TBX (TBX-Basic/v2 ``martif/text/body/termEntry/langSet/tig|ntig/term``, or TBX v3
    ``conceptEntry/langSec/termSec/term``). For each entry, the terms of the source
    language are source terms; each target-language term is a required ``term``, or a
    ``forbidden`` one when its ``administrativeStatus`` (a ``termNote``) is forbidden,
    deprecated or superseded. A ``note``/``definition`` becomes the term's note.

A malformed file raises :class:`~transflow.core.errors.InputError` naming the file and line.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

from transflow.core.errors import InputError
from transflow.core.records import Severity
from transflow.lang.lexicon import AR_PREFIX_PATTERN
from transflow.lang.scripts import base_language, spaceless

TERM_TYPES = ("term", "dnt", "forbidden")
_DEFAULT_SEVERITY = {"term": Severity.WARNING, "dnt": Severity.ERROR, "forbidden": Severity.ERROR}


@dataclass(frozen=True, slots=True)
class Term:
    """One glossary entry, with its compiled patterns (``None`` where a side is empty)."""

    source: str
    target: str
    type: str
    note: str
    severity: Severity
    origin: str  # "glossary/ru.csv:4"
    source_re: re.Pattern[str] | None
    target_re: re.Pattern[str] | None


@dataclass(frozen=True, slots=True)
class Glossary:
    """The terms that apply to one language pair."""

    source_language: str
    language: str
    terms: tuple[Term, ...]


def _word_pattern(word: str, language: str, inflect: bool) -> str:
    if "*" in word:
        return r"\w*".join(re.escape(part) for part in word.split("*"))
    lang = base_language(language)
    if not inflect or spaceless(language) or not word[-1:].isalpha():
        return re.escape(word)
    if lang == "ar":
        bare = word[2:] if word.startswith("ال") and len(word) > 3 else word
        return AR_PREFIX_PATTERN + re.escape(bare) + r"\w{0,3}"
    if lang == "en":
        return re.escape(word) + r"(?:e?s|['’]s)?"
    letters = sum(ch.isalpha() for ch in word)
    if letters >= 5:
        return re.escape(word[:-2]) + r"\w{0,6}"
    if letters >= 3:
        return re.escape(word) + r"\w{0,3}"
    return re.escape(word)


def _bounded(body: str, text: str, language: str) -> str:
    """``body`` anchored at word boundaries where the language has them."""
    if spaceless(language):
        return body
    if text.isascii():  # an ASCII term inside CJK or Arabic text needs no space around it
        return r"(?<![A-Za-z0-9_])" + body + r"(?![A-Za-z0-9_])"
    return r"(?<!\w)" + body + r"(?!\w)"


MAX_PATTERN = 300  # characters of a ``re:`` pattern


def compile_user_regex(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """A ``re:`` pattern from a glossary, refused (``ValueError``) when it could backtrack
    exponentially: a quantifier inside a quantified group (``(a+)+``, ``(\\w*\\s?)*``), a
    quantified alternation (``(a|ab)*``), or a back-reference. Python's ``re`` has no
    time limit, so a pattern like ``(a+)+$`` would hang ``check`` on one long word; this
    static test needs no timeout and no extra dependency, and refuses no pattern a
    terminology list needs (a term is words, character classes and single quantifiers)."""
    # the stdlib's own parser of the pattern syntax; typeshed has no stub for this private module
    import re._parser as sre_parse  # type: ignore[import-not-found]

    if len(pattern) > MAX_PATTERN:
        raise ValueError(f"regular expression longer than {MAX_PATTERN} characters")
    compiled = re.compile(pattern, flags)  # re.error first, with its own message
    problem = _backtracking_risk(sre_parse.parse(pattern, flags), inside_repeat=False)
    if problem:
        raise ValueError(
            f"regular expression {pattern!r} refused: {problem} can take exponential time; "
            "simplify it (e.g. (a+)+ is a+)"
        )
    return compiled


def _backtracking_risk(parsed: object, inside_repeat: bool) -> str:
    from re._constants import (  # type: ignore[import-not-found]  # private, no stub
        ASSERT,
        ASSERT_NOT,
        ATOMIC_GROUP,
        BRANCH,
        GROUPREF,
        GROUPREF_EXISTS,
        MAX_REPEAT,
        MIN_REPEAT,
        POSSESSIVE_REPEAT,
        SUBPATTERN,
    )

    for op, av in parsed:  # type: ignore[attr-defined]
        if op in (GROUPREF, GROUPREF_EXISTS):
            return "a back-reference"
        if op in (MAX_REPEAT, MIN_REPEAT, POSSESSIVE_REPEAT):
            _lo, hi, body = av
            if hi > 1:
                if inside_repeat:
                    return "a quantifier inside a quantified group"
                if any(sub_op is BRANCH for sub_op, _ in _flatten(body)):
                    return "a quantified alternation"
            found = _backtracking_risk(body, inside_repeat or hi > 1)
        elif op is SUBPATTERN:
            found = _backtracking_risk(av[-1], inside_repeat)
        elif op is ATOMIC_GROUP:
            found = _backtracking_risk(av, inside_repeat)
        elif op in (ASSERT, ASSERT_NOT):
            found = _backtracking_risk(av[1], inside_repeat)
        elif op is BRANCH:
            found = next(
                (r for r in (_backtracking_risk(b, inside_repeat) for b in av[1]) if r), ""
            )
        else:
            found = ""
        if found:
            return found
    return ""


def _flatten(parsed: object) -> list:
    """The items of ``parsed`` with those of its plain groups (not inside repeats)."""
    from re._constants import SUBPATTERN

    out = []
    for op, av in parsed:  # type: ignore[attr-defined]
        out.append((op, av))
        if op is SUBPATTERN:
            out.extend(_flatten(av[-1]))
    return out


def compile_pattern(text: str, language: str, *, inflect: bool = True) -> re.Pattern[str]:
    """The pattern a glossary cell stands for (see the module docstring). Raises
    ``re.error`` for a bad ``re:`` pattern, ``ValueError`` for one that could hang."""
    if text.startswith("re:"):
        return compile_user_regex(text[3:], re.IGNORECASE)
    body = r"\s+".join(_word_pattern(w, language, inflect) for w in text.split())
    return re.compile(_bounded(body, text, language), re.IGNORECASE)


def make_term(
    source: str,
    target: str,
    type: str = "term",
    note: str = "",
    *,
    source_language: str,
    language: str,
    severity: Severity | None = None,
    origin: str = "",
) -> Term:
    """Build a :class:`Term`. Raises ``ValueError`` (or ``re.error``) when it makes no sense."""
    source, target, type = source.strip(), target.strip(), (type.strip() or "term").lower()
    if type not in TERM_TYPES:
        raise ValueError(f"unknown term type {type!r} (expected one of {', '.join(TERM_TYPES)})")
    if type in ("term", "dnt") and not source:
        raise ValueError(f"a {type!r} row needs a source term")
    if type in ("term", "forbidden") and not target:
        raise ValueError(f"a {type!r} row needs a target term")
    if type == "dnt":
        source_re = (
            compile_user_regex(source[3:])
            if source.startswith("re:")
            else re.compile(_bounded(re.escape(source), source, language))
        )
    else:
        source_re = compile_pattern(source, source_language) if source else None
    target_re = compile_pattern(target, language) if target and type != "dnt" else None
    return Term(
        source=source,
        target=target,
        type=type,
        note=note.strip(),
        severity=severity or _DEFAULT_SEVERITY[type],
        origin=origin,
        source_re=source_re,
        target_re=target_re,
    )


def _rel(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _read_text(root: Path, path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise InputError(_rel(root, path), "not valid UTF-8", line=line) from None
    except OSError as exc:
        raise InputError(_rel(root, path), f"cannot read: {exc.strerror}") from None


def _load_csv(root: Path, path: Path, source_language: str, language: str) -> list[Term]:
    name = _rel(root, path)
    text = _read_text(root, path)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    terms: list[Term] = []
    header: list[str] | None = None
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row) or row[0].lstrip().startswith("#"):
                continue
            if header is None:
                header = [cell.strip().lower() for cell in row]
                unknown = set(header) - {"source", "target", "type", "note", "severity"}
                if "source" not in header or "target" not in header or unknown:
                    raise InputError(
                        name,
                        "the first row must name the columns source,target,type,note"
                        + (f" (unknown: {', '.join(sorted(unknown))})" if unknown else ""),
                        line=line,
                    )
                continue
            if len(row) > len(header):
                raise InputError(
                    name, f"{len(row)} cells, the header has {len(header)} columns", line=line
                )
            cells = dict(zip(header, row, strict=False))
            severity_text = cells.get("severity", "").strip().lower()
            if severity_text and severity_text not in ("error", "warning"):
                raise InputError(name, f"unknown severity {severity_text!r}", line=line)
            try:
                terms.append(
                    make_term(
                        cells.get("source", ""),
                        cells.get("target", ""),
                        cells.get("type", ""),
                        cells.get("note", ""),
                        source_language=source_language,
                        language=language,
                        severity=Severity(severity_text) if severity_text else None,
                        origin=f"{name}:{line}",
                    )
                )
            except re.error as exc:
                raise InputError(name, f"bad regular expression: {exc}", line=line) from None
            except ValueError as exc:
                raise InputError(name, str(exc), line=line) from None
    except csv.Error as exc:
        raise InputError(name, f"malformed CSV: {exc}", line=reader.line_num) from None
    if header is None:
        raise InputError(name, "empty glossary: no header row source,target,type,note")
    return terms


def _load_dnt(root: Path, path: Path, source_language: str, language: str) -> list[Term]:
    name = _rel(root, path)
    terms: list[Term] = []
    for number, raw in enumerate(_read_text(root, path).splitlines(), start=1):
        term = raw.strip()
        if not term or term.startswith("#"):
            continue
        try:
            terms.append(
                make_term(
                    term,
                    "",
                    "dnt",
                    source_language=source_language,
                    language=language,
                    origin=f"{name}:{number}",
                )
            )
        except (re.error, ValueError) as exc:
            raise InputError(name, str(exc), line=number) from None
    return terms


def _lang_matches(tag: str, language: str) -> bool:
    a = tag.replace("-", "_").lower().split("_")
    b = language.replace("-", "_").lower().split("_")
    if a[0] != b[0]:
        return False
    return len(a) == 1 or len(b) == 1 or a == b


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_FORBIDDEN_STATUS = ("forbidden", "deprecated", "superseded", "obsolete")


def _load_tbx(root: Path, path: Path, source_language: str, language: str) -> list[Term]:
    name = _rel(root, path)
    try:
        tree = ET.parse(path)  # a local file the workspace owner wrote
    except ET.ParseError as exc:
        raise InputError(name, f"malformed TBX: {exc.msg}", line=exc.position[0]) from None
    except OSError as exc:
        raise InputError(name, f"cannot read: {exc.strerror}") from None
    terms: list[Term] = []
    for entry in tree.iter():
        if _local(entry.tag) not in ("termEntry", "conceptEntry"):
            continue
        sources, targets = _tbx_terms(entry, source_language, language)
        note = next(
            (
                el.text.strip()
                for el in entry.iter()
                if _local(el.tag) in ("note", "descrip") and el.text and el.text.strip()
            ),
            "",
        )
        for source in sources or [""]:
            for target, forbidden in targets:
                if not source and not forbidden:
                    continue
                try:
                    terms.append(
                        make_term(
                            source,
                            target,
                            "forbidden" if forbidden else "term",
                            note,
                            source_language=source_language,
                            language=language,
                            origin=name,
                        )
                    )
                except (re.error, ValueError) as exc:
                    raise InputError(name, f"term {target!r}: {exc}") from None
    return terms


def _tbx_terms(
    entry: ET.Element, source_language: str, language: str
) -> tuple[list[str], list[tuple[str, bool]]]:
    """A TBX concept's source terms, and its target terms with whether each is forbidden."""
    sources: list[str] = []
    targets: list[tuple[str, bool]] = []
    for lang_el in entry:
        if _local(lang_el.tag) not in ("langSet", "langSec"):
            continue
        tag = lang_el.get(_XML_LANG) or lang_el.get("lang") or ""
        for term_group in lang_el.iter():
            if _local(term_group.tag) not in ("tig", "ntig", "termSec"):
                continue
            text = "".join(
                "".join(el.itertext()) for el in term_group.iter() if _local(el.tag) == "term"
            ).strip()
            status = " ".join(
                (el.text or "").lower()
                for el in term_group.iter()
                if _local(el.tag) == "termNote" and el.get("type") == "administrativeStatus"
            )
            if not text:
                continue
            if _lang_matches(tag, source_language):
                sources.append(text)
            elif _lang_matches(tag, language):
                targets.append((text, any(s in status for s in _FORBIDDEN_STATUS)))
    return sources, targets


def load_glossary(root: Path, source_language: str, language: str) -> Glossary | None:
    """The glossary for ``language`` in the workspace at ``root``, or None when there is
    none. Reads ``glossary/<base>.csv`` and ``glossary/<lang>.csv``, ``glossary/dnt.txt``
    and ``glossary/*.tbx``. Raises :class:`~transflow.core.errors.InputError` on a malformed
    file."""
    folder = Path(root) / "glossary"
    if not folder.is_dir():
        return None
    terms: list[Term] = []
    names = dict.fromkeys([base_language(language), language, language.replace("-", "_")])
    for stem in names:
        path = folder / f"{stem}.csv"
        if path.is_file():
            terms += _load_csv(Path(root), path, source_language, language)
    dnt = folder / "dnt.txt"
    if dnt.is_file():
        terms += _load_dnt(Path(root), dnt, source_language, language)
    for path in sorted(folder.glob("*.tbx")):
        terms += _load_tbx(Path(root), path, source_language, language)
    if not terms:
        return None
    return Glossary(source_language, language, tuple(terms))
