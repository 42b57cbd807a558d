"""The memory saved on disk (catalog.tmdisk) answers every lookup as the memory in RAM
(catalog.tm.Memory, the reference) does: same match, same score, same origin, same
tie-breaking; a missing, damaged or foreign file is never trusted."""

from __future__ import annotations

import itertools
import sqlite3
from array import array
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transflow.catalog import tmdisk
from transflow.catalog.scan import scan_po
from transflow.catalog.tm import _MAX_POSTING, THRESHOLD, Memory, may_reach
from transflow.catalog.tmdisk import DiskMemory

TESTS = Path(__file__).resolve().parents[1]
VOCABULARY = ["the", "city", "library", "opened", "new", "mayor", "books", "road", "été", "über"]


def _saved(memory: Memory, folder: Path, name: str = "m.sqlite") -> DiskMemory:
    path = folder / name
    tmdisk.save(memory, path, ["sig", [["a.po", [1, 2, 3, 4]]]], 7)
    stored = tmdisk.stored_signature(path)
    assert stored is not None and stored[2] == len(memory)
    return DiskMemory(path, stored[2], lambda: memory)


def _same_lookups(memory: Memory, disk: DiskMemory, queries: list[str], origins: list[str]):
    for q in queries:
        for exclude in [None, *origins]:
            assert disk.lookup(q, exclude) == memory.lookup(q, exclude), (q, exclude)


sentence = st.lists(st.sampled_from(VOCABULARY), min_size=0, max_size=8).map(" ".join)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    entries=st.lists(
        st.tuples(sentence, sentence, st.sampled_from(["a.po", "b.po", "tm/x.tmx"])),
        max_size=40,
    ),
    queries=st.lists(sentence, max_size=6),
)
def test_the_saved_memory_answers_as_the_memory_in_ram(
    tmp_path: Path, entries: list[tuple[str, str, str]], queries: list[str]
) -> None:
    memory = Memory()
    for msgid, msgstr, origin in entries:
        memory.add(msgid, msgstr, origin)
    disk = _saved(memory, tmp_path)  # (each example replaces the file of the last one)
    assert len(disk) == len(memory)
    asked = queries + [m for m, _, _ in entries]  # exact matches too (and excluded ones)
    _same_lookups(memory, disk, asked, ["a.po", "b.po", "tm/x.tmx"])
    disk.close()


def test_every_fixture_catalog_as_a_memory(tmp_path: Path) -> None:
    """Every .po of the tests as one memory (in sorted path order, as extract reads them):
    each msgid, and each msgid changed a little, looked up both ways."""
    memory = Memory()
    origins: list[str] = []
    for path in sorted(TESTS.rglob("*.po")):
        try:
            summary = scan_po(path.read_bytes(), path.name)
        except Exception:  # the deliberately broken fixtures
            continue
        origin = path.relative_to(TESTS).as_posix()
        origins.append(origin)
        for e in summary.live:
            if e.translated and not e.plural:
                memory.add(e.msgid, e.msgstr, origin)
    assert len(memory) > 50
    disk = _saved(memory, tmp_path)
    queries = []
    for msgid in memory._ids:
        queries += [msgid, msgid[: len(msgid) * 3 // 4], msgid + " again", msgid.upper()]
    for q in queries:
        for exclude in (None, origins[0], origins[len(origins) // 2]):
            assert disk.lookup(q, exclude) == memory.lookup(q, exclude), (q, exclude)


def test_ties_and_crowded_words_as_the_memory_in_ram(tmp_path: Path) -> None:
    """Many equally good candidates (the order decides) and a word in more entries than
    a posting may hold (ignored by both)."""
    memory = Memory()
    for n in range(_MAX_POSTING + 50):
        memory.add(f"common words here {n} item{n % 7} thing{n % 11}", f"t{n}", f"c{n % 3}.po")
    for a, b in itertools.product(VOCABULARY, repeat=2):
        memory.add(f"{a} {b} {a}{b} shared tail words", f"{b}{a}", "z.po")
    disk = _saved(memory, tmp_path)
    queries = ["common words here 5 item5 thing5", "city library citylibrary shared tail"]
    queries += [
        f"{a} {b} shared tail words" for a, b in itertools.product(VOCABULARY[:4], repeat=2)
    ]
    _same_lookups(memory, disk, queries, ["c0.po", "z.po"])


def test_an_empty_memory(tmp_path: Path) -> None:
    memory = Memory()
    disk = _saved(memory, tmp_path)
    assert len(disk) == 0 and not disk
    assert disk.lookup("anything at all") is None


def test_a_missing_damaged_or_foreign_file_is_not_trusted(tmp_path: Path) -> None:
    memory = Memory()
    memory.add("The city opened a library", "Город открыл библиотеку", "ru/a.po")
    path = tmp_path / "m.sqlite"
    assert tmdisk.stored_signature(path) is None  # missing
    _saved(memory, tmp_path)
    good = path.read_bytes()
    path.write_bytes(good[: len(good) // 2])  # truncated
    assert tmdisk.stored_signature(path) is None
    path.write_bytes(b"not a database at all" * 10)
    assert tmdisk.stored_signature(path) is None
    path.write_bytes(good)
    con = sqlite3.connect(path)
    con.execute("UPDATE meta SET value = 'transflow-tm-0' WHERE key = 'version'")
    con.commit()
    con.close()
    assert tmdisk.stored_signature(path) is None  # another version
    path.write_bytes(good)
    assert tmdisk.stored_signature(path) == (["sig", [["a.po", [1, 2, 3, 4]]]], 7, 1)
    assert not list(tmp_path.glob(".*.tmp"))  # the temporary file was renamed


def test_a_file_damaged_while_in_use_falls_back_to_the_rebuilt_memory(tmp_path: Path) -> None:
    memory = Memory()
    for n in range(300):
        memory.add(f"Sentence number {n} about the library", f"Фраза {n}", "ru/a.po")
    rebuilt: list[int] = []

    def rebuild() -> Memory:
        rebuilt.append(1)
        return memory

    path = tmp_path / "m.sqlite"
    tmdisk.save(memory, path, "sig", 1)
    disk = DiskMemory(path, len(memory), rebuild)
    path.write_bytes(b"\0" * path.stat().st_size)  # (the open file is read again)
    query = "Sentence number 12 about the library!"
    assert disk.lookup(query) == memory.lookup(query)
    assert rebuilt == [1]
    assert disk.lookup("Sentence number 7 about the library") == memory.lookup(
        "Sentence number 7 about the library"
    )
    assert rebuilt == [1]  # rebuilt once


@settings(max_examples=300, deadline=None)
@given(a=st.text(max_size=60), b=st.text(max_size=60))
def test_a_length_that_rules_out_a_close_match_does(a: str, b: str) -> None:
    """The saved memory leaves out the candidates whose length rules out the threshold
    (tm.may_reach): none of them could have scored it."""
    from rapidfuzz import fuzz

    if not may_reach(len(a), len(b)):
        assert fuzz.ratio(a, b) < THRESHOLD
    if b.startswith(a) and a:  # the bound is reached: a prefix (so it is no looser)
        assert fuzz.ratio(a, b) == 100 * 2 * len(a) / (len(a) + len(b))


def _damaged_falls_back(tmp_path: Path, *statements: tuple[str, tuple]) -> None:
    """A saved memory of 30 sentences, its file then changed by ``statements`` (SQL and
    parameters): a lookup answers from the memory built again, as the memory in RAM."""
    memory = Memory()
    for n in range(30):
        memory.add(f"Sentence number {n} about the library", f"Фраза {n}", "ru/a.po")
    disk = _saved(memory, tmp_path)
    con = sqlite3.connect(tmp_path / "m.sqlite")
    for statement, parameters in statements:
        con.execute(statement, parameters)
    con.commit()
    con.close()
    query = "Sentence number 12 about the library!"
    assert disk.lookup(query) == memory.lookup(query) is not None  # (from the rebuilt one)
    assert disk._fallback is memory


def test_saved_lengths_that_do_not_fit_are_a_damaged_file(tmp_path: Path) -> None:
    _damaged_falls_back(tmp_path, ("UPDATE lengths SET data = x'0100'", ()))


@pytest.mark.parametrize(
    "postings",
    [
        {"library": b"\x01\x00\x00"},  # part of an entry
        # parts of entries in two postings, whole entries once joined (6 + 2 bytes)
        {"library": b"\x01\x00\x00\x00\x02\x00", "sentence": b"\x00\x00"},
        {"*": array("I", [7, 10**6]).tobytes()},  # every word's: an entry beyond the memory
    ],
    ids=["part of an entry", "parts of entries in two postings", "an entry beyond the memory"],
)
def test_a_damaged_posting_is_a_damaged_file(tmp_path: Path, postings: dict[str, bytes]) -> None:
    """Postings the file's rows hold damaged: the lookup falls back to the memory built
    again (never a posting read as made-up entries, never a traceback)."""
    _damaged_falls_back(
        tmp_path,
        *(
            ("UPDATE words SET posting = ?", (posting,))
            if word == "*"
            else ("UPDATE words SET posting = ? WHERE word = ?", (posting, word))
            for word, posting in postings.items()
        ),
    )


def test_a_saved_entry_missing_is_a_damaged_file(tmp_path: Path) -> None:
    _damaged_falls_back(tmp_path, ("DELETE FROM entries WHERE n = 12", ()))


def test_candidates_around_the_length_bound_as_the_memory_in_ram(tmp_path: Path) -> None:
    """Candidates sharing the query's words, padded to lengths on both sides of the bound
    (and one longer than a saved length can say): the same matches as in RAM."""
    memory = Memory()
    base = "the mayor opened the new city library"
    for pad in range(0, 40):
        memory.add(f"{base}{'x' * pad}", f"t{pad}", f"p{pad % 3}.po")
        memory.add(f"{base[: len(base) - pad]} library mayor", f"s{pad}", "q.po")
    memory.add(f"{base} " + "y" * 70_000, "long", "q.po")
    disk = _saved(memory, tmp_path)
    queries = [base, base + "!", base[:20] + " library mayor", base + " z" * 30]
    queries += [f"{base}{'x' * pad}?" for pad in range(0, 40, 3)]
    queries += [f"{base} " + "y" * 69_990]
    _same_lookups(memory, disk, queries, ["p0.po", "p1.po", "q.po"])
    assert disk.lookup(f"{base} " + "y" * 69_990) is not None  # the long one was a candidate


def test_postings_read_again_or_kept_give_the_same_matches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The postings a saved memory keeps between lookups (bounded: the least recently
    used dropped first) answer as those read from the file."""
    memory = Memory()
    for n in range(400):
        memory.add(f"city library {n % 13} mayor books road{n % 5} tail {n}", f"t{n}", "a.po")
    queries = [f"city library {n} mayor books road{n % 4} tail" for n in range(20)] * 2
    for budget in (0, 300, 1 << 20):
        monkeypatch.setattr(tmdisk, "_CACHE_BYTES", budget)
        disk = _saved(memory, tmp_path, f"m{budget}.sqlite")
        _same_lookups(memory, disk, queries, ["a.po"])
        assert disk._cached <= budget
        assert bool(disk._postings) == (budget == 1 << 20)  # (300: too small for these)
        disk.close()


def _record(path: Path, stamp: str, rows: list[tuple[str, str, str]]) -> None:
    log = tmdisk.WrittenPairs(path, stamp)
    for rel, _, pairs in rows:
        log.add(rel, pairs)
    log.settle([(key, rel) for rel, key, _ in rows])


_RELS = ["locales/de/a.po", "locales/de/sub/b.po", "locales/de/c.po", "locales/de/d.po"]


def test_written_pairs_are_read_by_rel_replaced_and_started_afresh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What extract records of the catalogs it writes: asked for by path, the last
    record of a catalog kept, a record never keyed never given, all of it dropped when
    transflow's version changes, and a file that is not a database replaced."""
    monkeypatch.setattr(tmdisk, "_WRITTEN_BATCH", 5)  # (a batch written at every row)
    path = tmp_path / "tm" / "_written.sqlite"
    assert tmdisk.written_pairs(path, "1.0", _RELS) == {}  # none yet
    _record(
        path,
        "1.0",
        [
            ("locales/de/a.po", "1:2:3:4", '["a","b"]'),
            ("locales/de/sub/b.po", "5:6:7:8", "[]"),
            ("locales/de-AT/a.po", "1:2:3:5", "[]"),
        ],
    )
    _record(path, "1.0", [("locales/de/a.po", "9:9:9:9", '["a","c"]')])
    assert tmdisk.written_pairs(path, "1.0", _RELS) == {
        "locales/de/a.po": ("9:9:9:9", '["a","c"]'),
        "locales/de/sub/b.po": ("5:6:7:8", "[]"),
    }
    log = tmdisk.WrittenPairs(path, "1.0")  # staged, then the command fails: never used
    log.add("locales/de/sub/b.po", '["x","y"]')
    log.add("locales/de/c.po", '["x","y"]')
    assert tmdisk.written_pairs(path, "1.0", _RELS) == {"locales/de/a.po": ("9:9:9:9", '["a","c"]')}
    assert tmdisk.written_pairs(path, "1.1", _RELS) == {}  # another version
    _record(path, "1.1", [("locales/de/c.po", "1:1:1:1", "[]")])
    assert tmdisk.written_pairs(path, "1.1", _RELS) == {"locales/de/c.po": ("1:1:1:1", "[]")}
    path.write_bytes(b"not a database" * 100)
    assert tmdisk.written_pairs(path, "1.1", _RELS) == {}
    _record(path, "1.1", [("locales/de/d.po", "2:2:2:2", "[]")])
    assert tmdisk.written_pairs(path, "1.1", _RELS) == {"locales/de/d.po": ("2:2:2:2", "[]")}
    con = sqlite3.connect(path)
    con.execute("DROP TABLE meta")  # right version, a table missing: started afresh too
    con.commit()
    con.close()
    assert tmdisk.written_pairs(path, "1.1", _RELS) == {}
    _record(path, "1.1", [("locales/de/a.po", "3:3:3:3", "[]")])
    assert list(tmdisk.written_pairs(path, "1.1", _RELS)) == ["locales/de/a.po"]
    many = [f"locales/de/{n}.po" for n in range(1200)]  # (more than one query's worth)
    _record(path, "1.1", [(rel, "4:4:4:4", "[]") for rel in many])
    assert len(tmdisk.written_pairs(path, "1.1", many)) == 1200


def test_joined_writers_add_to_the_file_made_ready_and_never_start_it_afresh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The workers of an extract record through writers joined to the file the command
    made ready: their rows land beside the command's; a writer joined to a file never
    made ready records nothing; a joined writer finding the file damaged or replaced by
    a link stops recording and leaves it as it is (another process may be writing)."""
    monkeypatch.setattr(tmdisk, "_WRITTEN_BATCH", 1 << 20)  # (written by flush only)
    path = tmp_path / "tm" / "_written.sqlite"
    parent = tmdisk.WrittenPairs(path, "1.0")
    unready = parent.joined()
    unready.add("locales/de/x.po", "[]")
    unready.flush()
    assert not path.exists()  # (nothing made ready: nothing recorded)
    assert parent.prepare()
    workers = [parent.joined(), parent.joined()]
    workers[0].add("locales/de/a.po", '["a","b"]')
    workers[1].add("locales/de/b.po", "[]")
    for worker in workers:
        worker.flush()
    parent.add("locales/de/_template.po", "[]")
    parent.settle([("1:1:1:1", "locales/de/a.po"), ("2:2:2:2", "locales/de/_template.po")])
    assert tmdisk.written_pairs(path, "1.0", [*_RELS, "locales/de/_template.po"]) == {
        "locales/de/a.po": ("1:1:1:1", '["a","b"]'),
        "locales/de/_template.po": ("2:2:2:2", "[]"),
    }
    damaged = b"not a database" * 100
    path.write_bytes(damaged)
    late = parent.joined()
    late.add("locales/de/c.po", "[]")
    late.flush()
    assert path.read_bytes() == damaged and late._failed
    path.unlink()
    elsewhere = tmp_path / "elsewhere.sqlite"
    sqlite3.connect(elsewhere).close()
    path.symlink_to(elsewhere)
    linked = parent.joined()
    linked.add("locales/de/c.po", "[]")
    linked.flush()
    assert path.is_symlink() and linked._failed and elsewhere.stat().st_size == 0


def test_a_memory_saved_as_it_is_built_is_the_memory_saved_at_once(tmp_path: Path) -> None:
    """``Saving`` takes each catalog's pairs as the build reads them and writes the same
    file ``save`` writes; left without finishing (the build failed), it leaves no file,
    and the memory saved before stays."""
    memory = Memory()
    memory.add("The council met.", "Совет собрался.", "locales/ru/a.po")
    catalogs = {
        "locales/ru/a.po": '["The council met.","Совет собрался."]',
        "locales/ru/b.po": "[]",
    }
    at_once, built = tmp_path / "once.sqlite", tmp_path / "built.sqlite"
    tmdisk.save(memory, at_once, "sig", 7, catalogs)
    with tmdisk.Saving(built) as saving:
        for rel, pairs in catalogs.items():
            saving.catalog(rel, pairs)
        saving.finish(memory, "sig", 7)
    assert _dump(built) == _dump(at_once)
    con = sqlite3.connect(built)  # (what was given, as given)
    try:
        assert con.execute("SELECT rel, pairs FROM catalogs ORDER BY rel").fetchall() == sorted(
            catalogs.items()
        )
        assert con.execute("SELECT msgid, msgstr FROM entries").fetchall() == [
            ("The council met.", "Совет собрался.")
        ]
    finally:
        con.close()
    disk = DiskMemory(built, 1, lambda: memory)
    assert disk.lookup("The council met.") == memory.lookup("The council met.")
    assert tmdisk.catalog_pairs(built, ["locales/ru/b.po", "locales/ru/c.po"]) == {
        "locales/ru/b.po": "[]"
    }
    disk.close()
    before = built.read_bytes()
    with pytest.raises(RuntimeError), tmdisk.Saving(built) as saving:
        saving.catalog("locales/ru/a.po", "[]")
        raise RuntimeError("a catalog refused")
    assert built.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["built.sqlite", "once.sqlite"]


def _dump(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def test_catalog_pairs_are_asked_for_in_as_many_queries_as_it_takes(tmp_path: Path) -> None:
    """More catalogs than one query may name: every one is found; a file that cannot be
    read gives nothing."""
    path = tmp_path / "m.sqlite"
    catalogs = {f"locales/ru/{n:04d}.po": f'["{n}","{n}"]' for n in range(1200)}
    tmdisk.save(Memory(), path, "sig", 1, catalogs)
    wanted = [*catalogs, "locales/ru/none.po"]
    assert tmdisk.catalog_pairs(path, wanted) == catalogs
    assert tmdisk.catalog_pairs(path, []) == {}
    path.write_bytes(b"not a database" * 100)
    assert tmdisk.catalog_pairs(path, wanted) == {}
