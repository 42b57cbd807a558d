"""Translation memory: exact and close matches over translated entries.

Similarity is rapidfuzz's ``fuzz.ratio`` (the normalised Indel similarity of the two
msgids, 0–100, the measure difflib's ``ratio`` approximates). A close match needs a score
of at least :data:`THRESHOLD` (75, as Translate Toolkit's ``pot2po``; msgmerge's 60 pairs
unrelated short sentences). Candidates are pre-filtered with an inverted index of words,
so a lookup scores a handful of strings instead of every entry (Babel's
``Catalog.update`` compares against every message with difflib: quadratic).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

THRESHOLD = 75.0
_WORD = re.compile(r"\w{3,}")
_MAX_POSTING = 2000  # words in more entries than this say nothing about similarity


@dataclass(frozen=True, slots=True)
class Match:
    msgid: str
    msgstr: str
    score: float
    origin: str  # where the translation came from ("locales/ru/b.po")


@dataclass
class Memory:
    """Translated (msgid → msgstr) pairs with a word index for close matches."""

    exact: dict[str, tuple[str, str]] = field(default_factory=dict)
    _ids: list[str] = field(default_factory=list)
    _index: dict[str, list[int]] = field(default_factory=dict)

    def add(self, msgid: str, msgstr: str, origin: str) -> None:
        if not msgid or not msgstr or msgid in self.exact:
            return
        self.exact[msgid] = (msgstr, origin)
        n = len(self._ids)
        self._ids.append(msgid)
        for word in set(_WORD.findall(msgid.lower())):
            self._index.setdefault(word, []).append(n)

    def __len__(self) -> int:
        return len(self._ids)

    def lookup(self, msgid: str, exclude_origin: str | None = None) -> Match | None:
        """The exact match (score 100) or the best close match, or None."""
        hit = self.exact.get(msgid)
        if hit and hit[1] != exclude_origin:
            return Match(msgid, hit[0], 100.0, hit[1])
        words = set(_WORD.findall(msgid.lower()))
        if not words:
            return None
        counts: Counter[int] = Counter()
        for w in words:
            posting = self._index.get(w)
            if posting and len(posting) <= _MAX_POSTING:
                counts.update(posting)
        if not counts:
            return None
        need = max(1, int(len(words) * 0.4))
        candidates = [self._ids[i] for i, c in counts.most_common(50) if c >= need]
        if not candidates:
            return None
        from rapidfuzz import fuzz, process

        best = None
        for cand, score, _ in process.extract(
            msgid, candidates, scorer=fuzz.ratio, score_cutoff=THRESHOLD, limit=5
        ):
            text, origin = self.exact[cand]
            if origin == exclude_origin or cand == msgid:
                continue
            if best is None or score > best.score:
                best = Match(cand, text, float(score), origin)
        return best
