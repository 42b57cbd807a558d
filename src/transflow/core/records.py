"""What commands report, and the files and languages they work on: small, frozen,
slotted dataclasses with no I/O, as in :mod:`transflow.core.model`.

A catalog's counts are :class:`Stats` (its :class:`State`), a check's finding is an
:class:`Issue` (its :class:`Severity`); a command works on :class:`SourceFile` s and
writes for a language its :class:`LanguageInfo` describes. Kept apart from the document
model, which ``status`` never needs: importing its 13 dataclasses took 9 ms of a
0.15 s command.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Issue:
    """One finding of a quality check on one catalog entry: the only finding type.

    A check function yields messages (``str``, or :class:`transflow.checks.base.Finding`
    when it overrides its registered severity); :func:`transflow.checks.base.run_checks`
    turns each message into an ``Issue`` with the entry's article, language and location.
    """

    article: str
    language: str
    check: str
    severity: Severity
    msgid: str
    msgstr: str
    message: str
    location: str  # "locales/ru/a.po:42"
    fuzzy: bool = False


class State(StrEnum):
    """Where a catalog stands (``status``'s ``state`` column and JSON field)."""

    MISSING = "missing"  # no catalog yet: run extract
    STALE = "stale"  # its source changed since the last extract
    UNTRANSLATED = "untranslated"
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"


@dataclass(frozen=True, slots=True)
class Stats:
    """Counts for one catalog (one article in one language)."""

    article: str
    language: str
    total: int = 0
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    obsolete: int = 0
    words: int = 0
    translated_words: int = 0
    changed: int = 0  # fuzzy entries that carry previous source text (#| msgid)
    state: State = State.MISSING
    errors: int = 0
    warnings: int = 0
    unextracted: int = 0  # pieces of source text not extracted: never "complete"

    @property
    def percent(self) -> float:
        if not self.total:
            return 0.0 if self.state in (State.MISSING, State.STALE) else 100.0
        return round(self.translated * 100.0 / self.total, 1)


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A source to read: its absolute path, workspace-relative path and slug."""

    path: Path
    rel: str  # "sources/news/a.md"
    slug: str  # "news/a"


@dataclass(frozen=True, slots=True)
class LanguageInfo:
    """What a writer needs to know about the target language."""

    code: str  # gettext form: "pt_BR", "zh_Hans"
    bcp47: str  # "pt-BR", "zh-Hans"
    name: str  # English display name
    rtl: bool
    cjk: bool  # Chinese, Japanese or Korean: East-Asian fonts and w:eastAsia
    word_separator: str  # " " or "" (Chinese, Japanese, Thai)
