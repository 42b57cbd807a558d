"""The stat cache behind status and no-op extract: fast, and never wrong."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests import cachefile

from transflow.ops import extract, status, statusread
from transflow.workspace import config, store
from transflow.workspace import statcache as cache

ARTICLE = "Title here\nFirst sentence of the body. Second sentence follows.\nA closing line.\n"


def _extracted(root: Path, monkeypatch: pytest.MonkeyPatch, languages: str) -> config.Config:
    """A workspace of one article (ARTICLE) in ``languages`` (TOML), extracted."""
    (root / "sources").mkdir()
    (root / "transflow.toml").write_text(f"languages = {languages}\n")
    (root / "sources" / "a.txt").write_text(ARTICLE)
    real = time.time_ns
    # record entries "later", so that they count as settled (not racily clean)
    monkeypatch.setattr(cache.time, "time_ns", lambda: real() + 10 * cache.RACY_NS)
    cfg = config.load(root)
    extract.run(cfg)
    time.sleep(0.02)
    return cfg


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> config.Config:
    return _extracted(tmp_path, monkeypatch, '["ru"]')


def _count_loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The catalogs read from here on: whole (``store.load``: extract, status with
    checks) or counted (status's lean reader)."""
    seen: list[str] = []
    load, counts = store.load, statusread.counts_job

    def loading(path: Path, rel: str):
        seen.append(rel)
        return load(path, rel)

    def counting(job):
        seen.append(job.rel)
        return counts(job)

    monkeypatch.setattr(store, "load", loading)
    monkeypatch.setattr(statusread, "counts_job", counting)
    return seen


def _rewrite_same_size_same_mtime(path: Path, old: bytes, new: bytes) -> None:
    assert len(old) == len(new)
    st = path.stat()
    time.sleep(0.02)
    path.write_bytes(path.read_bytes().replace(old, new))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size and path.stat().st_mtime_ns == st.st_mtime_ns


def test_status_from_the_cache_imports_no_reader(ws: config.Config) -> None:
    """A status the cache answers imports none of what reading a catalog needs (the
    readers, the word counter), nor the document model, Babel or PyYAML: they were
    most of its start-up (issue 15)."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "sys.argv = ['transflow', '--workspace', sys.argv[1], 'status']\n"
        "from transflow.cli.app import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as end:\n"
        "    assert not end.code, end.code\n"
        "unwanted = ['transflow.ops.statusread', 'transflow.catalog.scan',\n"
        "            'transflow.catalog.entries', 'transflow.segment.words',\n"
        "            'transflow.core.model', 'babel', 'yaml']\n"
        "print(*[m for m in unwanted if m in sys.modules], file=sys.stderr)\n"
    )

    def imported() -> list[str]:
        done = subprocess.run(
            [sys.executable, "-c", script, str(ws.root)], capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return done.stderr.split()

    status.run(ws)  # (the cache filled, its entries settled: see _extracted)
    assert imported() == []
    for path in cache.companions(ws.state_dir / "cache" / "status.sqlite"):
        path.unlink(missing_ok=True)
    cold = imported()  # every catalog read: the readers imported
    assert {"transflow.ops.statusread", "transflow.catalog.scan"} <= set(cold)


def test_status_uses_the_cache(ws: config.Config, monkeypatch: pytest.MonkeyPatch) -> None:
    status.run(ws)
    loads = _count_loads(monkeypatch)
    report = status.run(ws)
    assert loads == []
    assert report.catalogs[0].total == 4


def test_status_sees_same_size_same_mtime_catalog_edit(ws: config.Config) -> None:
    assert status.run(ws).catalogs[0].translated == 0
    po = ws.root / "locales" / "ru" / "a.po"
    text = po.read_bytes()
    new = text.replace(
        b'msgid "A closing line."\nmsgstr ""', b'msgid "A closing line."\nmsgstr "X"'
    )
    # keep the size: drop one character of a translator comment line
    new = new.replace(b"# Russian translation", b"#Russian translation")
    assert len(new) == len(text)
    st = po.stat()
    time.sleep(0.02)
    po.write_bytes(new)
    os.utime(po, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert status.run(ws).catalogs[0].translated == 1


def test_status_sees_same_size_same_mtime_source_edit(ws: config.Config) -> None:
    assert status.run(ws).catalogs[0].state == "untranslated"
    _rewrite_same_size_same_mtime(ws.root / "sources" / "a.txt", b"closing", b"ending!")
    assert status.run(ws).catalogs[0].state == "stale"


def test_noop_extract_skips_and_edit_is_seen(
    ws: config.Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    extract.run(ws)  # records the fingerprints of the files as written
    loads = _count_loads(monkeypatch)
    result = extract.run(ws)
    assert loads == [] and result.unchanged == 1 and not result.catalogs_written
    _rewrite_same_size_same_mtime(ws.root / "sources" / "a.txt", b"closing", b"ending!")
    result = extract.run(ws)
    assert (
        result.catalogs_written and "A ending! line." in (ws.root / "locales/ru/a.po").read_text()
    )


def test_racily_clean_file_is_read_again(tmp_path: Path) -> None:
    f = tmp_path / "x"
    f.write_bytes(b"1")
    c = cache.FileCache(tmp_path, "t")
    c.put("x", cache.stat_key(f), "value")  # recorded in the same tick as the write
    assert c.get("x", cache.stat_key(f)) is None


def test_deleting_the_cache_is_safe(ws: config.Config) -> None:
    first = status.run(ws)
    for p in (ws.state_dir / "cache").iterdir():
        p.unlink()
    assert status.run(ws) == first


def test_corrupt_cache_is_ignored(ws: config.Config) -> None:
    first = status.run(ws)
    (ws.state_dir / "cache" / "status.sqlite").write_text("{not a database")
    assert status.run(ws) == first


def _settled_reference(key: object, recorded_at: int) -> bool:
    """The recursive definition settled had: every stat key inside ``key`` settled."""
    if isinstance(key, list):
        if len(key) == 4 and all(type(x) is int for x in key):
            return max(key[1], key[2]) + cache.RACY_NS < recorded_at
        return all(_settled_reference(k, recorded_at) for k in key)
    return True


_STAMPS = st.integers(min_value=0, max_value=10 * cache.RACY_NS)
_STAT_KEYS = st.lists(st.one_of(_STAMPS, st.booleans()), min_size=3, max_size=5)
_KEY_PARTS = st.recursive(
    st.one_of(st.none(), st.text(max_size=3), st.floats(allow_nan=False), _STAMPS, _STAT_KEYS),
    lambda inner: st.lists(inner, max_size=8),
    max_leaves=30,
)


@given(key=_KEY_PARTS, recorded_at=_STAMPS)
@settings(max_examples=500)
def test_settled_is_the_recursive_definition(key: object, recorded_at: int) -> None:
    assert cache.settled(key, recorded_at) == _settled_reference(key, recorded_at)


@given(st.lists(_STAMPS, min_size=4, max_size=4), _STAMPS)
def test_settled_of_export_keys(stamps: list[int], recorded_at: int) -> None:
    """An export entry's key (the settings, the source's stat key) and a language's
    inputs (the percentage needed, the catalog's stat key, the letterhead's or None)."""
    for key in (["settings", stamps], [100.0, list(reversed(stamps)), None]):
        assert cache.settled(key, recorded_at) == _settled_reference(key, recorded_at)


def test_written_key_is_the_stat_key_as_text(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("x")
    expected = ":".join(map(str, cache.stat_key(path) or []))
    assert cache.written_key(path) == cache.written_key(str(path)) == expected
    assert cache.written_key(tmp_path / "absent") is None


# the file (version 3): SQLite, one entry a row, its line decoded when asked for

_NAMES = st.text(min_size=0, max_size=12)  # any name: newlines, quotes, lone surrogates
_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8)),
    lambda inner: st.lists(inner, max_size=4),
    max_leaves=10,
)


@given(entries=st.dictionaries(_NAMES, _VALUES, max_size=8), other=_NAMES)
@settings(max_examples=200, deadline=None)
def test_what_is_put_is_got_back_after_a_save_and_a_load(entries: dict, other: str) -> None:
    import tempfile

    key = "0:1:2:3"  # a written key: no race check
    with tempfile.TemporaryDirectory() as folder:
        first = cache.FileCache(Path(folder), "t")
        for name, value in entries.items():
            first.put(name, key, value)
        first.save()
        again = cache.FileCache(Path(folder), "t")
        if entries:
            assert len(cachefile.rows(again.path)) == len(entries)
        again.prefetch(list(entries)[:3])  # prefetched or not, the same answers
        for name, value in entries.items():
            assert again.has(name)
            assert again.get(name, key) == value
            assert again.get(name, "other") is None
        assert again.has(other) == (other in entries)


_KEYS = st.one_of(_NAMES, st.lists(st.one_of(st.integers(), st.floats(), _NAMES), max_size=4))


@given(name=_NAMES, key=_KEYS, value=st.dictionaries(_NAMES, _VALUES, max_size=4))
@settings(max_examples=300, deadline=None)
def test_a_value_put_encoded_is_the_row_put_writes(name: str, key: object, value: dict) -> None:
    """Export's entries put as the JSON they were held as: the same row, byte for byte."""
    import tempfile

    from transflow.ops.export import ENCODE as encode  # (what export encodes its entries with)

    with tempfile.TemporaryDirectory() as folder:
        plain, spliced = cache.FileCache(Path(folder), "a"), cache.FileCache(Path(folder), "b")
        spliced.started = plain.started
        plain.put(name, key, value)
        spliced.put_encoded(name, encode(key), encode(value))
        assert spliced._buffer == plain._buffer and spliced.dirty


def test_entries_not_asked_for_are_kept_as_they_were(tmp_path: Path) -> None:
    first = cache.FileCache(tmp_path, "t")
    for n in range(5):
        first.put(f"name {n}\n«ü»", "0:1:2:3", [n, {"x": 1.5}])
    first.save()
    before = cachefile.rows(first.path)
    assert len(before) == 5 and all(line.isascii() for line in before.values())
    again = cache.FileCache(tmp_path, "t")
    again.put("name 2\n«ü»", "0:1:2:3", "new")
    again.save()
    after = cachefile.rows(first.path)
    assert {n: v for n, v in after.items() if n != "name 2\n«ü»"} == {
        n: v for n, v in before.items() if n != "name 2\n«ü»"
    }
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.sqlite"]  # nothing left open
    assert cache.FileCache(tmp_path, "t").get("name 2\n«ü»", "0:1:2:3") == "new"


def test_a_damaged_line_loses_its_entry_only(tmp_path: Path) -> None:
    first = cache.FileCache(tmp_path, "t")
    for name in ("a", "b", "c"):
        first.put(name, "0:1:2:3", name.upper())
    first.save()
    lines = cachefile.rows(first.path)
    damaged = {"a": lines["a"][:-3], "b": lines["b"] + " trailing", "d": '["d"', "e": "[5]"}
    cachefile.set_lines(first.path, damaged)
    again = cache.FileCache(tmp_path, "t")
    assert [again.get(n, "0:1:2:3") for n in "abcde"] == [None, None, "C", None, None]
    again.prefetch("abcde")
    assert [again.get(n, "0:1:2:3") for n in "abcde"] == [None, None, "C", None, None]


def test_the_caches_of_earlier_versions_are_discarded(tmp_path: Path) -> None:
    """Version 1 and 2 were JSON files beside it (removed at the first save); a database
    of another version is not read, and is made again at the first save."""
    old = tmp_path / "t.json"
    old.write_text('{"version": 2}\n["a",[1,2,3,4],1,"A"]\n')
    c = cache.FileCache(tmp_path, "t")
    assert c.line("a") is None
    c.put("b", "0:1:2:3", "B")
    c.save()
    assert not old.exists()
    with contextlib.closing(sqlite3.connect(c.path)) as db:
        db.execute("PRAGMA user_version = 2")
    assert cache.FileCache(tmp_path, "t").get("b", "0:1:2:3") is None
    again = cache.FileCache(tmp_path, "t")
    again.put("c", "0:1:2:3", "C")
    again.save()
    assert list(cachefile.rows(c.path)) == ["c"]
    assert cache.FileCache(tmp_path, "t").get("c", "0:1:2:3") == "C"


@pytest.mark.parametrize(
    "content", [b"{not a database", b"SQLite format 3\x00" + b"\x00" * 200, b""]
)
def test_a_file_that_is_no_database_is_no_cache_and_is_made_again(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "t.sqlite"
    path.write_bytes(content)
    c = cache.FileCache(tmp_path, "t")
    assert c.get("a", "0:1:2:3") is None
    c.prefetch(["a", "b"])
    assert not c.has("a")
    c.put("a", "0:1:2:3", "A")
    c.save()
    assert cache.FileCache(tmp_path, "t").get("a", "0:1:2:3") == "A"


def test_an_unwritable_cache_never_fails_a_save(tmp_path: Path) -> None:
    (tmp_path / "cache").write_text("a file where the folder goes")
    c = cache.FileCache(tmp_path / "cache", "t")
    c.put("x", "0:1:2:3", 1)
    c.save()
    assert c.get("x", "0:1:2:3") is None  # written nowhere, and nothing raised
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache"]


def test_a_link_in_place_of_the_cache_is_never_followed(tmp_path: Path) -> None:
    """A hostile archive's ``.transflow/cache/status.sqlite`` (or its journal) leading
    out of the workspace: neither read nor written through; replaced by a file."""
    outside = tmp_path / "outside"
    outside.write_bytes(b"precious")
    folder = tmp_path / "cache"
    folder.mkdir()
    for companion in ("t.sqlite", "t.sqlite-wal"):
        for p in folder.iterdir():
            p.unlink()
        (folder / companion).symlink_to(outside)
        c = cache.FileCache(folder, "t")
        assert c.line("a") is None
        c.put("a", "0:1:2:3", "A")
        c.save()
        assert outside.read_bytes() == b"precious"
        assert not (folder / "t.sqlite").is_symlink()
        assert cache.FileCache(folder, "t").get("a", "0:1:2:3") == "A"


def test_entries_are_written_a_batch_at_a_time_and_read_before_they_are(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What is put is written every few thousand entries (the memory held stays bounded),
    and read back from the buffer before then; a run killed after a batch leaves those
    entries written, each as true as if the run had finished."""
    monkeypatch.setattr(cache, "_BATCH", 3)
    c = cache.FileCache(tmp_path, "t")
    for n in range(7):
        c.put(f"n{n}", "0:1:2:3", n)
    assert sorted(cachefile.rows(c.path)) == [f"n{n}" for n in range(6)]  # two batches
    assert [c.get(f"n{n}", "0:1:2:3") for n in range(7)] == list(range(7))
    c.prefetch(["n6", "n5"])
    assert c.get("n6", "0:1:2:3") == 6 and c.get("n5", "0:1:2:3") == 5
    killed = cache.FileCache(tmp_path, "t")  # (c is never saved: killed)
    assert [killed.get(f"n{n}", "0:1:2:3") for n in range(7)] == [*range(6), None]


def test_a_forked_worker_reads_with_its_own_connection(tmp_path: Path) -> None:
    """SQLite forbids carrying a connection across a fork: the parent's is closed before
    any fork, and a worker opens its own (what export's workers do)."""
    from transflow.ops import parallel

    c = cache.FileCache(tmp_path, "t")
    for n in range(60):
        c.put(f"n{n}", "0:1:2:3", n)
    c.save()
    c.get("n0", "0:1:2:3")  # the parent's connection open, as when export plans
    assert c._db is not None
    got = list(parallel.map_with(_worker_get, c, [f"n{n}" for n in range(60)], min_jobs=2))
    assert got == [(n, True) for n in range(60)]
    assert c._db is None  # closed before the fork, opened again when next needed
    assert c.get("n59", "0:1:2:3") == 59


def _worker_get(c: cache.FileCache, name: str) -> tuple[object, bool]:
    return c.get(name, "0:1:2:3"), os.getpid() != c._owner


def test_a_writer_waiting_too_long_gives_up_never_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another command holding the cache's write lock: this one waits for it a while,
    then writes nothing more in this run (the cache is never needed)."""
    monkeypatch.setattr(cache, "_BUSY_S", 0.05)
    first = cache.FileCache(tmp_path, "t")
    first.put("a", "0:1:2:3", "A")
    first.save()
    with contextlib.closing(sqlite3.connect(first.path, isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")  # another command, mid-batch
        c = cache.FileCache(tmp_path, "t")
        assert c.get("a", "0:1:2:3") == "A"  # readers never wait (WAL)
        c.put("b", "0:1:2:3", "B")
        c.save()
        other.execute("COMMIT")
    assert sorted(cachefile.rows(first.path)) == ["a"]


def test_a_cached_record_of_another_catalog_is_a_miss(
    ws: config.Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A record whose article or language is not the catalog's (a hand edit, a copied
    cache) is read again, never reported under the wrong name."""
    first = status.run(ws)
    assert cachefile.edit(ws.state_dir / "cache" / "status.sqlite", '"a","ru",', '"b","ru",') == 1
    loads = _count_loads(monkeypatch)
    assert status.run(ws) == first
    assert loads == ["locales/ru/a.po"]


def test_cached_stats_hold_the_callers_strings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A warm status's rows share the article's and the language's name (one string each,
    not one per catalog: issue 15, memory at 30,000 catalogs)."""
    cfg = _extracted(tmp_path, monkeypatch, '["ru", "de"]')
    cold = status.run(cfg)
    loads = _count_loads(monkeypatch)
    warm = status.run(cfg)
    assert loads == [] and warm == cold
    ru, de = (s for s in warm.catalogs if s.article == "a")
    assert ru.article is de.article


def test_a_cache_locked_by_another_command_is_never_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A lock is no damage: the cache is left as it is (only a file that is no database,
    or a link, is made again)."""
    monkeypatch.setattr(cache, "_BUSY_S", 0.05)
    first = cache.FileCache(tmp_path, "t")
    first.put("a", "0:1:2:3", "A")
    first.save()
    with contextlib.closing(sqlite3.connect(first.path, isolation_level=None)) as other:
        other.execute("PRAGMA user_version = 1")  # another version: made again when written…
        other.execute("BEGIN EXCLUSIVE")  # …but another command holds it
        c = cache.FileCache(tmp_path, "t")
        c.put("b", "0:1:2:3", "B")
        c.save()
        other.execute("ROLLBACK")
    assert sorted(cachefile.rows(first.path)) == ["a"]


def test_every_connection_commits_without_waiting_for_the_disk(tmp_path: Path) -> None:
    """synchronous = NORMAL holds per connection: the one that made the file and the one
    a later command opens to read and then write to it (which synced each batch)."""
    first = cache.FileCache(tmp_path, "t")
    first.put("a", [1, 2, 3, 4], "x")
    first._write()  # (what save writes, the connection kept)
    assert first._db is not None
    assert first._db.execute("PRAGMA synchronous").fetchone() == (1,)  # NORMAL
    first.save()
    later = cache.FileCache(tmp_path, "t")
    later.get("a", [1, 2, 3, 4])  # (opened to read)
    later.put("b", [1, 2, 3, 4], "y")
    later._write()
    assert later._db is not None
    assert later._db.execute("PRAGMA synchronous").fetchone() == (1,)
    later.save()
