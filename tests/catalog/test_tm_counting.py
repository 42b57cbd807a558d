"""The translation memory's candidates counted by numpy (``tm._pick_counted``, for the
large postings of a newsroom's memory) are those the Counter picks, in the same order:
the same close matches, whichever path a lookup takes."""

from __future__ import annotations

from array import array

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transflow.catalog import tm


@pytest.fixture(params=["numpy", "counter"])
def counting(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Lookups of NUMPY_FROM entries or more counted by numpy (the budget spent), or by
    the Counter (never worth it): each test below takes both paths, whatever this
    process imported before."""
    if request.param == "numpy":
        monkeypatch.setattr(tm, "_counted", tm.COUNTER_BUDGET)
    else:
        monkeypatch.setattr(tm, "_numpy_worth", lambda size: False)
    return str(request.param)


# postings as the memories make them (entry numbers, increasing) or in any order, with
# few distinct entries (many ties) or many
_POSTINGS = st.lists(
    st.one_of(
        st.lists(st.integers(0, 40), max_size=60).map(lambda xs: array("I", sorted(set(xs)))),
        st.lists(st.integers(0, 5_000), max_size=400).map(lambda xs: array("I", xs)),
        # entry numbers far beyond the postings' size (a huge memory: counted by sorting)
        st.lists(st.integers(0, 2**32 - 1), max_size=30).map(lambda xs: array("I", xs)),
        st.lists(st.integers(0, 40), max_size=60).map(
            lambda xs: array("I", sorted({x * 1_000_003 for x in xs}))
        ),
    ),
    max_size=12,
)


@given(postings=_POSTINGS, extra=st.integers(0, 4))
@settings(max_examples=600)
def test_numpy_counting_picks_what_the_counter_picks(postings: list[array], extra: int) -> None:
    words = len(postings) + extra  # (words with no posting count in the need too)
    assert tm._pick_counted(postings, words) == tm._pick_by_counter(postings, words)


@pytest.mark.parametrize("size", [tm.NUMPY_FROM - 1, tm.NUMPY_FROM, 30_000])
def test_pick_candidates_on_either_side_of_the_threshold(size: int, counting: str) -> None:
    """Large postings go to numpy once it pays, small ones to the Counter: the same
    answer."""
    rng = __import__("random").Random(size)
    postings = [array("I", sorted(rng.sample(range(size * 2), size // 3))) for _ in range(3)]
    postings.append(array("I", range(size - sum(map(len, postings)))))
    assert sum(map(len, postings)) == size
    for words in (3, 4, 7):
        assert tm.pick_candidates(iter(postings), words) == tm._pick_by_counter(postings, words)


@given(postings=_POSTINGS, extra=st.integers(0, 4), big=st.booleans())
@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_saved_postings_pick_what_the_counter_picks(
    postings: list[array], extra: int, big: bool, counting: str
) -> None:
    """A saved memory's postings (bytes) give the same candidates, counted either way."""
    if big:  # past the threshold: counted from the bytes joined
        postings = [*postings, array("I", range(tm.NUMPY_FROM))]
    words = len(postings) + extra
    saved = [p.tobytes() for p in postings if len(p)]
    assert tm.pick_saved(saved, words) == tm._pick_by_counter(postings, words)


_MSGIDS = st.lists(
    st.text(st.sampled_from(list("abc de éß Ω.,")), max_size=30), min_size=1, max_size=25
)


@settings(max_examples=100, deadline=None)
@given(languages=st.lists(st.tuples(_MSGIDS, _MSGIDS), min_size=1, max_size=4))
def test_memories_sharing_their_words_are_the_memories_built_alone(
    languages: list[tuple[list[str], list[str]]],
) -> None:
    """Memories built one after another with one table of index words (extract's
    builders, a process building several languages) hold what each built alone holds,
    and answer the same lookups."""
    shared: dict[str, tuple[str, ...]] = {}
    for msgids, asked in languages:
        alone, sharing = tm.Memory(), tm.Memory(words=shared)
        for k, msgid in enumerate(msgids):
            for memory in (alone, sharing):
                memory.add(msgid, f"t{k}", f"o{k % 3}")
        assert sharing.msgids() == alone.msgids()
        assert sharing._index == alone._index
        for msgid in asked + msgids:
            assert sharing.lookup(msgid, "o1") == alone.lookup(msgid, "o1")
    assert all(shared[m] == tm._words(m) for m in shared)


def test_numpy_is_imported_only_once_it_pays() -> None:
    """Lookups of NUMPY_FROM entries or more are counted with the Counter until the process
    has counted COUNTER_BUDGET entries (numpy's import costs what the Counter takes for as
    many), then with numpy; smaller ones never import it. The same candidates throughout
    (a fresh process: this one may hold numpy already)."""
    import subprocess
    import sys

    script = """
import math, sys
from array import array
from transflow.catalog import tm
small = [array("I", range(k, 600, 3)) for k in range(3)]  # 600 entries in all
for _ in range(2_000):  # 1.2 million entries counted (past the budget), in small lookups
    assert tm.pick_candidates(small, 3) == tm._pick_by_counter(small, 3)
assert "numpy" not in sys.modules
postings = [array("I", range(k, 3000, 2)) for k in range(3)]  # 4,500 in all
saved = [p.tobytes() for p in postings]
expected = tm._pick_by_counter(postings, 3)
assert expected
counted = 0
while "numpy" not in sys.modules and counted < 10_000:
    assert tm.pick_saved(saved, 3) == expected
    counted += 1
assert counted == math.ceil(tm.COUNTER_BUDGET / 4500) + 1, counted
assert tm.pick_saved(saved, 3) == tm.pick_candidates(postings, 3) == expected
print("ok")
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0 and done.stdout == "ok\n", done.stderr
