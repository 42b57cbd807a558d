"""The stat cache behind status and no-op extract: fast, and never wrong."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transflow.ops import extract, status
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
    load, counts = store.load, status._counts_job

    def loading(path: Path, rel: str):
        seen.append(rel)
        return load(path, rel)

    def counting(job):
        seen.append(job.rel)
        return counts(job)

    monkeypatch.setattr(store, "load", loading)
    monkeypatch.setattr(status, "_counts_job", counting)
    return seen


def _rewrite_same_size_same_mtime(path: Path, old: bytes, new: bytes) -> None:
    assert len(old) == len(new)
    st = path.stat()
    time.sleep(0.02)
    path.write_bytes(path.read_bytes().replace(old, new))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size and path.stat().st_mtime_ns == st.st_mtime_ns


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
    (ws.state_dir / "cache" / "status.json").write_text("{not json")
    assert status.run(ws) == first


def _settled_reference(key: object, recorded_at: int) -> bool:
    """The recursive definition _settled had: every stat key inside ``key`` settled."""
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
    assert cache._settled(key, recorded_at) == _settled_reference(key, recorded_at)


@given(st.lists(_STAMPS, min_size=4, max_size=4), _STAMPS)
def test_settled_of_export_keys(stamps: list[int], recorded_at: int) -> None:
    """An export's key: its settings, the source's and the catalog's stat keys, the
    letterhead's (or None) and the output's written key (text, never compared for age)."""
    key = ["settings", "de", "md", 100.0, stamps, list(reversed(stamps)), None, "1:2:3:4"]
    assert cache._settled(key, recorded_at) == _settled_reference(key, recorded_at)


def test_written_key_is_the_stat_key_as_text(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("x")
    expected = ":".join(map(str, cache.stat_key(path) or []))
    assert cache.written_key(path) == cache.written_key(str(path)) == expected
    assert cache.written_key(tmp_path / "absent") is None


# the file, one entry a line (version 2): kept as text, decoded when asked

_NAMES = st.text(min_size=0, max_size=12)  # any name: newlines, quotes, lone surrogates
_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8)),
    lambda inner: st.lists(inner, max_size=4),
    max_leaves=10,
)


@given(entries=st.dictionaries(_NAMES, _VALUES, max_size=8))
@settings(max_examples=200, deadline=None)
def test_what_is_put_is_got_back_after_a_save_and_a_load(entries: dict) -> None:
    import tempfile

    key = "0:1:2:3"  # a written key: no race check
    with tempfile.TemporaryDirectory() as folder:
        first = cache.FileCache(Path(folder), "t")
        for name, value in entries.items():
            first.put(name, key, value)
        first.save()
        again = cache.FileCache(Path(folder), "t")
        assert set(again.data) == set(entries)
        for name, value in entries.items():
            assert again.get(name, key) == value
            assert again.get(name, "other") is None


def test_entries_not_asked_for_are_written_back_as_they_were(tmp_path: Path) -> None:
    first = cache.FileCache(tmp_path, "t")
    for n in range(5):
        first.put(f"name {n}\n«ü»", "0:1:2:3", [n, {"x": 1.5}])
    first.save()
    before = (tmp_path / "t.json").read_bytes()
    assert before.isascii() and before.count(b"\n") == 6  # the header, five entries
    again = cache.FileCache(tmp_path, "t")
    again.put("name 2\n«ü»", "0:1:2:3", "new")
    again.save()
    after = (tmp_path / "t.json").read_bytes().split(b"\n")
    assert after[:3] + after[4:] == before.split(b"\n")[:3] + before.split(b"\n")[4:]
    assert cache.FileCache(tmp_path, "t").get("name 2\n«ü»", "0:1:2:3") == "new"


def test_a_damaged_line_loses_its_entry_only(tmp_path: Path) -> None:
    first = cache.FileCache(tmp_path, "t")
    for name in ("a", "b", "c"):
        first.put(name, "0:1:2:3", name.upper())
    first.save()
    path = tmp_path / "t.json"
    header, a, b, c, end = path.read_text().split("\n")
    path.write_text("\n".join((header, a[:-3], b + " trailing", c, '["d"', "[5]", end)))
    again = cache.FileCache(tmp_path, "t")
    assert [again.get(n, "0:1:2:3") for n in "abcd"] == [None, None, "C", None]


def test_a_cache_of_the_first_version_is_discarded(tmp_path: Path) -> None:
    (tmp_path / "t.json").write_text('{"version":1,"entries":{"a":["0:1:2:3",1,"A"]}}')
    assert cache.FileCache(tmp_path, "t").data == {}


@given(
    name=_NAMES,
    head=st.lists(_VALUES, min_size=1, max_size=5),
    last=st.one_of(st.none(), st.text(max_size=10)),
    value=_VALUES,
)
@settings(max_examples=300)
def test_a_pending_entry_completed_is_the_entry_put(
    name: str, head: list, last: object, value: object
) -> None:
    import pickle

    folder = Path("/nonexistent-transflow-cache")  # neither read nor written here
    put, pending = cache.FileCache(folder, "t"), cache.FileCache(folder, "t")
    pending.started = put.started
    put.put(name, [*head, last], value)
    sent = pickle.loads(pickle.dumps(pending.pending(name, head, value)))  # as from a worker
    pending.put_pending(sent, last)
    assert pending.data == put.data and pending.dirty


def test_a_line_that_is_not_ascii_is_damage_and_the_cache_is_still_saved(tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    good = cache.FileCache(tmp_path, "t")
    good.put("b", "0:1:2:3", "B")
    good.save()
    lines = path.read_text().split("\n")
    lines.insert(1, '["é",[1,2,3,4],1,2]')  # what put never writes (a hand edit, damage)
    path.write_text("\n".join(lines), encoding="utf-8")
    again = cache.FileCache(tmp_path, "t")
    assert set(again.data) == {"b"}
    again.put("c", "0:1:2:3", "C")
    again.save()  # no UnicodeEncodeError: the damaged line is not kept
    assert [p.name for p in tmp_path.iterdir()] == ["t.json"]
    assert cache.FileCache(tmp_path, "t").get("c", "0:1:2:3") == "C"


def test_an_unwritable_entry_never_fails_a_save_nor_leaves_a_temporary_file(
    tmp_path: Path,
) -> None:
    c = cache.FileCache(tmp_path, "t")
    c.data["x"] = '["é"]'  # (not what put makes: a save must survive it all the same)
    c.dirty = True
    c.save()
    assert list(tmp_path.iterdir()) == []


def test_a_pending_entry_needs_a_list_head() -> None:
    c = cache.FileCache(Path("/nonexistent-transflow-cache"), "t")
    for head in ([], "ab", {"a": 1}, ("a",)):
        with pytest.raises(ValueError):
            c.pending("n", head, 1)  # type: ignore[arg-type]


def test_a_cache_read_line_by_line_keeps_the_rules_of_the_whole_file(tmp_path: Path) -> None:
    """Read a line at a time (no copy of the whole file in memory), the file means what
    it meant read whole: CR and CRLF end lines as LF does, a last line without its line
    feed counts, and bytes that are not UTF-8 anywhere discard it all."""
    first = cache.FileCache(tmp_path, "t")
    for name in ("a", "b", "c"):
        first.put(name, "0:1:2:3", name.upper())
    first.save()
    path = tmp_path / "t.json"
    header, a, b, c, _end = path.read_bytes().split(b"\n")
    path.write_bytes(header + b"\r\n" + a + b"\r" + b + b"\n" + c)  # no final line feed
    again = cache.FileCache(tmp_path, "t")
    assert [again.get(n, "0:1:2:3") for n in "abc"] == ["A", "B", "C"]
    path.write_bytes(b"\n".join((header, a, b, c, b'["d",[1,2,3,4],1,"\xff"]', b"")))
    assert cache.FileCache(tmp_path, "t").data == {}
    path.write_bytes(header + b" \n" + a + b"\n")  # a header that is not this version's
    assert cache.FileCache(tmp_path, "t").data == {}


def test_a_cached_record_of_another_catalog_is_a_miss(
    ws: config.Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A record whose article or language is not the catalog's (a hand edit, a copied
    cache) is read again, never reported under the wrong name."""
    first = status.run(ws)
    path = ws.state_dir / "cache" / "status.json"
    path.write_text(path.read_text().replace('"a","ru",', '"b","ru",'))
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
