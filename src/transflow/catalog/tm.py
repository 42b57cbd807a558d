"""Translation memory: exact and close matches over translated entries.

Similarity is rapidfuzz's ``fuzz.ratio`` (the normalised Indel similarity of the two
msgids, 0–100, the measure difflib's ``ratio`` approximates). A close match needs a score
of at least :data:`THRESHOLD` (75, as Translate Toolkit's ``pot2po``; msgmerge's 60 pairs
unrelated short sentences). Candidates are pre-filtered with an inverted index of words,
so a lookup scores a handful of strings instead of every entry (Babel's
``Catalog.update`` compares against every message with difflib: quadratic).
"""

from __future__ import annotations

import heapq
import re
import sys
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, cast

THRESHOLD = 75.0
_WORD = re.compile(r"\w{3,}")
_MAX_POSTING = 2000  # words in more entries than this say nothing about similarity


def _words(msgid: str) -> tuple[str, ...]:
    """The distinct index words of a msgid, sorted: the order the postings are counted in
    decides between equally good candidates, and a set's order changes with the string
    hash seed of the process (PYTHONHASHSEED), so it would change a run's suggestions."""
    return tuple(sorted(set(_WORD.findall(msgid.lower()))))


@dataclass(frozen=True, slots=True)
class Match:
    msgid: str
    msgstr: str
    score: float
    origin: str  # where the translation came from ("locales/ru/b.po")


class Memory:
    """Translated (msgid → msgstr) pairs with a word index for close matches.

    Stored compactly, since ``extract`` holds one per language over every catalog: the
    postings are arrays of entry numbers, an entry's origin is a number into the list of
    origins, and memories built with the same ``shared`` table hold one copy of each msgid
    (the languages translate the same source texts)."""

    def __init__(
        self,
        shared: dict[str, str] | None = None,
        words: dict[str, tuple[str, ...]] | None = None,
    ) -> None:
        # ``words``: each msgid's index words, shared by the memories of the languages
        # (they translate the same texts) built in one process: a quarter of a build.
        # extract shares it only in the processes it forks to build memories, which end
        # with the builds (held by the command, it raised the peak memory by a tuple per
        # msgid: 19 MB at 3,000 articles)
        self._shared = shared
        self._words = words
        self._number: dict[str, int] = {}  # msgid -> entry number
        self._ids: list[str] = []
        self._msgstrs: list[str] = []
        self._origin_of = array("I")
        self._origins: list[str] = []
        self._origin_numbers: dict[str, int] = {}
        self._index: dict[str, array[int]] = {}

    def add(self, msgid: str, msgstr: str, origin: str) -> None:
        if not msgid or not msgstr or msgid in self._number:
            return
        if self._shared is not None:
            msgid = self._shared.setdefault(msgid, msgid)
        n = len(self._ids)
        self._number[msgid] = n
        self._ids.append(msgid)
        self._msgstrs.append(msgstr)
        o = self._origin_numbers.get(origin)
        if o is None:
            o = self._origin_numbers[origin] = len(self._origins)
            self._origins.append(origin)
        self._origin_of.append(o)
        index = self._index
        cache = self._words
        found = None if cache is None else cache.get(msgid)
        if found is None:
            found = _words(msgid)
            if cache is not None:
                # one copy of each word for every msgid cached, not a string each time it
                # is found: 43 of the 94 MiB a process building the memories of 3,000 x 10
                # held (727,000 objects) were the words of this cache
                found = cache[msgid] = tuple(map(sys.intern, found))
        for word in found:
            posting = index.get(word)
            if posting is None:
                index[word] = array("I", (n,))
            else:
                posting.append(n)

    def _entry(self, n: int) -> tuple[str, str]:
        """(msgstr, origin) of entry number n."""
        return self._msgstrs[n], self._origins[self._origin_of[n]]

    def __len__(self) -> int:
        return len(self._ids)

    def _chosen(self, words: tuple[str, ...]) -> list[int]:
        """The entry numbers worth scoring for a msgid of index ``words``."""
        index = self._index
        postings = (p for w in words if (p := index.get(w)) and len(p) <= _MAX_POSTING)
        return pick_candidates(postings, len(words))

    def _candidates(self, words: tuple[str, ...]) -> list[str]:
        """The msgids worth scoring (:func:`pick_candidates`)."""
        ids = self._ids
        return [ids[i] for i in self._chosen(words)]

    def lookup(self, msgid: str, exclude_origin: str | None = None) -> Match | None:
        """The exact match (score 100) or the best close match, or None."""
        found = self.find(msgid, exclude_origin)
        return None if found is None else self.match(*found)

    def find(self, msgid: str, exclude_origin: str | None = None) -> tuple[int, float] | None:
        """(entry number, score) of :meth:`lookup`'s match. Without ``exclude_origin`` it
        depends on nothing but the msgids added, in their order (:meth:`msgids`): two
        memories of the same msgids find the same entry, whatever their translations."""
        if not self._ids:
            return None  # an empty memory (a first extract) matches nothing
        number = self._number.get(msgid)
        if number is not None and self._entry(number)[1] != exclude_origin:
            return number, 100.0
        words = _words(msgid)
        if not words:
            return None
        chosen = self._chosen(words)
        ids = self._ids
        candidates = [ids[i] for i in chosen]
        found = best_match(msgid, candidates, lambda k: self._entry(chosen[k])[1], exclude_origin)
        if found is None:
            return None
        k, score = found
        return chosen[k], score

    def match(self, number: int, score: float) -> Match:
        """The match of entry ``number`` at ``score`` (as :meth:`find` gives them)."""
        text, origin = self._entry(number)
        return Match(self._ids[number], text, score, origin)

    def msgids(self) -> tuple[str, ...]:
        """The msgids added, in the order they were added (what :meth:`find` depends on)."""
        return tuple(self._ids)


def pick_candidates(postings: Iterable[Sequence[int]], words: int) -> list[int]:
    """The entries worth scoring for a msgid of ``words`` index words, from the postings
    of those of its words that say something (in sorted word order): the 50 sharing most
    of its words among those sharing at least 40 % of them (ties: in the order the
    postings were counted). Shared by :class:`Memory` and the saved memory (``tmdisk``),
    so both pick the same candidates. Postings of many entries in all are counted with
    numpy (:func:`_pick_counted`: five times faster on a newsroom's memory, the same
    answer) once numpy pays for itself (:func:`_numpy_worth`), the others with a Counter."""
    postings = list(postings)
    if _numpy_worth(sum(map(len, postings))):
        return _pick_counted(postings, words)
    return _pick_by_counter(postings, words)


def _pick_by_counter(postings: list[Sequence[int]], words: int) -> list[int]:
    """:func:`pick_candidates` counted by a Counter (the definition)."""
    counts: Counter[int] = Counter()
    for posting in postings:
        counts.update(posting)
    return _picked(counts, words)


def _picked(counts: Counter[int], words: int) -> list[int]:
    """:func:`_pick_by_counter`'s pick from the counts (in the order first counted)."""
    need = max(1, int(words * 0.4))
    if max(counts.values(), default=0) < need:  # none qualifies (a third of the lookups)
        return []
    # those sharing too few words are dropped first (most are), then the stable top
    # 50 of the rest, which is what counts.most_common(50) then the filter gave
    enough = [(i, c) for i, c in counts.items() if c >= need]
    return [i for i, _ in heapq.nlargest(50, enough, key=itemgetter(1))]


# entries in all the postings of a lookup from which numpy counts them (below, its
# set-up costs more than the Counter: about 20 µs a lookup)
NUMPY_FROM = 2000
# entries a process counts with the Counter, in lookups of NUMPY_FROM or more, before it
# imports numpy (about 75 ms, as long as the Counter takes to count a million entries):
# at 100 articles x 10 languages each of an extract's two workers counts about 600,000
# and never imports it; with memories of NUMPY_FROM entries or more, extract imports
# numpy before its workers fork (``before_fork``: their lookups are big and many). In
# between, a worker may count a million, then import it: at most twice the cheaper cost
COUNTER_BUDGET = 1_000_000
_counted = 0  # entries this process counted with the Counter, in lookups of NUMPY_FROM+


def _numpy_worth(size: int) -> bool:
    """Whether a lookup's postings of ``size`` entries in all are counted with numpy: from
    :data:`NUMPY_FROM` entries, when numpy is imported already or this process has spent
    :data:`COUNTER_BUDGET` on such lookups (what the import costs: never more than twice
    the cheaper choice's time)."""
    global _counted
    if size < NUMPY_FROM:
        return False
    if "numpy" in sys.modules or _counted >= COUNTER_BUDGET:
        return True
    _counted += size
    return False


def _pick_counted(postings: list[Sequence[int]], words: int) -> list[int]:
    """:func:`pick_candidates` counted by numpy: every entry's count at once
    (``bincount``; ``unique``'s counts when the entry numbers run far beyond the postings'
    size, where bincount would make and zero a count for each), then those reaching the
    need in the order they were first counted (``unique``'s first indices), ranked by
    count with ties in that order (``lexsort``, stable as ``heapq.nlargest`` is)."""
    import numpy as np

    arrays = [np.asarray(p, dtype=np.uint32) for p in postings if len(p)]
    if not arrays:
        return []
    return _count_picked(np.concatenate(arrays), words)


_ITEM = array("I").itemsize  # 4 wherever numpy runs; the saved memory's VERSION says it


def pick_saved(postings: list[bytes], words: int) -> list[int]:
    """:func:`pick_candidates` of postings as a saved memory holds them (the bytes of
    ``array("I")``), counted from the bytes joined (one array, not one a word): by numpy
    when it pays (:func:`_numpy_worth`), by the Counter otherwise."""
    joined = b"".join(postings)
    if _numpy_worth(len(joined) // _ITEM):
        import numpy as np

        return _count_picked(np.frombuffer(joined, dtype=f"=u{_ITEM}"), words)  # array("I")'s
    return _picked(Counter(memoryview(joined).cast("I")), words)


def _count_picked(counted: Any, words: int) -> list[int]:
    """:func:`_pick_counted` of ``counted``: every entry of every posting, in counting
    order (a numpy array of uint32, not empty)."""
    import numpy as np

    need = max(1, int(words * 0.4))
    if int(counted.max()) > 16 * counted.size:  # a huge memory: count by sorting instead
        found, first, count = np.unique(counted, return_index=True, return_counts=True)
        enough = count >= need
        found, first, count = found[enough], first[enough], count[enough]
    else:  # a count for every entry number up to the highest (cheaper than sorting)
        counts = np.bincount(counted)
        if int(counts.max()) < need:  # none qualifies (a third of the lookups of an extract)
            return []
        hits = counted[(counts >= need)[counted]]  # the occurrences of those that qualify
        found, first = np.unique(hits, return_index=True)
        count = counts[found]
    order = np.lexsort((first, -count))[:50]
    return cast(list[int], found[order].tolist())


def may_reach(length: int, other: int) -> bool:
    """Whether two strings of these lengths (in code points) can score :data:`THRESHOLD`:
    ``fuzz.ratio`` is 100 * (1 - d / (a + b)) with d, their Indel distance, at least
    |a - b|, so it is at most 100 * 2 * min(a, b) / (a + b). A string whose length keeps
    it below (with a point to spare: integers only, no rounding) can never be a close
    match, and :func:`best_match` gives the same answer without it (the candidates it
    returns keep their order)."""
    return 200 * min(length, other) >= (int(THRESHOLD) - 1) * (length + other)


def best_match(
    msgid: str,
    candidates: list[str],
    origin_of: Callable[[int], str],
    exclude_origin: str | None,
) -> tuple[int, float] | None:
    """(index into ``candidates``, score) of the best close match to ``msgid``, or None:
    at least :data:`THRESHOLD`, not ``msgid`` itself, not from ``exclude_origin``
    (``origin_of(k)``: where candidate k comes from)."""
    if not candidates:
        return None
    from rapidfuzz import fuzz, process

    best: tuple[int, float] | None = None
    for cand, score, k in process.extract(
        msgid, candidates, scorer=fuzz.ratio, score_cutoff=THRESHOLD, limit=5
    ):
        if origin_of(k) == exclude_origin or cand == msgid:
            continue
        if best is None or score > best[1]:
            best = (k, float(score))
    return best
