"""extract's translation memories saved in .transflow/tm/: reused while no catalog of the
language changed, read again when one did, rebuilt when missing or damaged, and never a
cause of different output."""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from transflow.catalog import tmdisk
from transflow.catalog.scan import scan_po
from transflow.core.errors import InputError
from transflow.ops import extract
from transflow.workspace import config
from transflow.workspace.statcache import written_key

BOILER = "About the council: it represents 3 districts and meets every month."
TRANSLATED = "О совете: он представляет 3 округа."


@pytest.fixture(autouse=True)
def _settled_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files count as settled at once (else a memory saved within 2 s of the catalogs'
    last change is always built again, which is right but would test nothing here)."""
    monkeypatch.setattr("transflow.workspace.statcache.RACY_NS", -1)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1773446400")


def _workspace(root: Path) -> Path:
    (root / "sources").mkdir(parents=True)
    (root / "transflow.toml").write_text('source_language = "en"\nlanguages = ["ru", "de"]\n')
    (root / "sources" / "a.txt").write_text(f"First headline\n\nSomething happened.\n\n{BOILER}\n")
    extract.run(config.load(root))
    po = root / "locales" / "ru" / "a.po"
    po.write_text(
        po.read_text().replace(
            f'msgid "{BOILER}"\nmsgstr ""', f'msgid "{BOILER}"\nmsgstr "{TRANSLATED}"'
        )
    )
    return root


def _new_article(root: Path, name: str) -> None:
    (root / "sources" / f"{name}.txt").write_text(
        f"A new headline {name}\n\nSomething else happened today.\n\n{BOILER}\n"
    )


def _builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    built: list[str] = []
    real = extract._Memories._build

    def build(self: extract._Memories, language: str, kept, sink):  # type: ignore[no-untyped-def]
        built.append(language)
        return real(self, language, kept, sink)

    monkeypatch.setattr(extract._Memories, "_build", build)
    return built


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The catalogs the memories are built from, read (by their path from the root)."""
    read: list[str] = []
    real = extract.scan_po

    def scan_po(data: bytes, rel: str):  # type: ignore[no-untyped-def]
        read.append(rel)
        return real(data, rel)

    monkeypatch.setattr(extract, "scan_po", scan_po)
    return read


def _saved_tables(path: Path) -> dict[str, list[tuple]]:
    con = sqlite3.connect(path)
    try:
        return {
            table: con.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
            for table in ("entries", "origins", "words", "lengths", "catalogs")
        }
    finally:
        con.close()


def _locales(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted((root / "locales").rglob("*"))
        if p.is_file()
    }


def test_the_saved_memory_is_reused_and_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _workspace(tmp_path / "ws")
    built = _builds(monkeypatch)
    _new_article(root, "b")
    extract.run(config.load(root))  # builds and saves the memories (of the catalogs of a)
    assert sorted(built) == ["de", "ru"]
    assert (root / ".transflow" / "tm" / "ru.sqlite").is_file()
    assert TRANSLATED in (root / "locales" / "ru" / "b.po").read_text()
    # b removed again: the catalogs are those the memories were saved from
    (root / "sources" / "b.txt").unlink()
    for language in ("ru", "de"):
        (root / "locales" / language / "b.po").unlink()
    (root / "locales" / "templates" / "b.pot").unlink()
    # the same next step in a copy without the saved memories: the same output
    other = tmp_path / "other"
    shutil.copytree(root, other)
    shutil.rmtree(other / ".transflow" / "tm")
    built.clear()
    _new_article(root, "c")
    extract.run(config.load(root))
    assert built == []  # no catalog changed since the memories were saved
    _new_article(other, "c")
    extract.run(config.load(other))
    assert sorted(built) == ["de", "ru"]
    assert _locales(root) == _locales(other)
    assert TRANSLATED in (root / "locales" / "ru" / "c.po").read_text()


@pytest.mark.parametrize("batch", [1, 2, 256])
def test_a_stale_memory_reads_again_only_the_catalogs_that_changed(
    batch: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pairs the saved memory keeps of each catalog stand in for the catalogs that did
    not change: the memory built is the one a build from every catalog makes, entry for
    entry (its numbers decide ties), and so is the output, whatever the number of
    catalogs whose known pairs are asked for at once (``batch``)."""
    monkeypatch.setattr(extract, "_KEPT_BATCH", batch)
    root = _workspace(tmp_path / "ws")
    for name in ("b", "c", "d"):
        _new_article(root, name)
    extract.run(config.load(root))  # the memories saved, of the catalogs of a
    extract.run(config.load(root))  # (nothing new: the memories are not needed)
    _new_article(root, "e")
    extract.run(config.load(root))  # saved again, of the catalogs of a to d
    po = root / "locales" / "ru" / "a.po"  # (the first: its pair is the one kept)
    po.write_text(po.read_text().replace(TRANSLATED, "Совет: три округа."))
    other = tmp_path / "other"
    shutil.copytree(root, other)
    shutil.rmtree(other / ".transflow" / "tm")
    read = _reads(monkeypatch)
    _new_article(root, "f")
    extract.run(config.load(root))
    # read: only the catalog a translator changed. Those the last extract wrote after the
    # memories were built (e) are taken from what it recorded when it wrote them, the
    # other six from what the saved memories keep
    assert read == ["locales/ru/a.po"]
    read.clear()
    _new_article(other, "f")
    extract.run(config.load(other))
    assert len(read) == 12  # a to e and _template (the DOCX template), in two languages
    assert _locales(root) == _locales(other)
    assert "Совет: три округа." in (root / "locales" / "ru" / "f.po").read_text()
    for language in ("ru", "de"):
        saved = _saved_tables(root / ".transflow" / "tm" / f"{language}.sqlite")
        assert saved == _saved_tables(other / ".transflow" / "tm" / f"{language}.sqlite")
        assert len(saved["catalogs"]) == 6
        assert bool(saved["entries"]) == (language == "ru")  # (nothing translated in de)


def test_pairs_of_a_catalog_not_settled_when_they_were_kept_are_not_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A catalog saved again within the stat's resolution of the memory being recorded can
    have the stat it had then with other text: its pairs are read again (as the saved
    memory itself is not trusted then)."""
    root = _workspace(tmp_path / "ws")
    _new_article(root, "b")
    extract.run(config.load(root))
    monkeypatch.setattr("transflow.workspace.statcache.RACY_NS", 10**18)  # nothing settled
    # (what extract recorded of the catalogs it wrote needs no settling: not tested here)
    (root / ".transflow" / "tm" / "_written.sqlite").unlink()
    read = _reads(monkeypatch)
    _new_article(root, "c")
    extract.run(config.load(root))
    assert sorted(read) == [
        f"locales/{language}/{name}.po"
        for language in ("de", "ru")
        for name in ("_template", "a", "b")
    ]


def _stale_and_a_copy_without_memories(tmp_path: Path) -> tuple[Path, Path]:
    """A workspace whose saved memories a translator's save made stale (ru/a.po), and a
    copy of it without them (the reference: every memory built from the catalogs)."""
    root = _workspace(tmp_path / "ws")
    _new_article(root, "b")
    extract.run(config.load(root))
    po = root / "locales" / "ru" / "a.po"
    po.write_text(po.read_text().replace(TRANSLATED, "Совет: три округа."))  # stale
    other = tmp_path / "other"
    shutil.copytree(root, other)
    shutil.rmtree(other / ".transflow" / "tm")
    return root, other


def _execute(path: Path, statement: str) -> None:
    con = sqlite3.connect(path)
    try:
        con.execute(statement)
        con.commit()
    finally:
        con.close()


def _written(root: Path) -> dict[str, tuple[str, str]]:
    """What extract recorded and keyed of the catalogs it wrote, every language's."""
    con = sqlite3.connect(root / ".transflow" / "tm" / "_written.sqlite")
    try:
        rows = con.execute("SELECT rel, key, pairs FROM written WHERE key NOT LIKE '~%'").fetchall()
    finally:
        con.close()
    return {rel: (key, pairs) for rel, key, pairs in rows}


def test_what_extract_records_of_a_catalog_it_wrote_is_what_reading_it_gives(
    tmp_path: Path,
) -> None:
    """The pairs recorded when a catalog is written are those its bytes give the memory
    (the lean reader's), under the stat it has after the write."""
    root = _workspace(tmp_path / "ws")
    po = root / "locales" / "ru" / "a.po"  # a translator's fuzzy entry and a plural one
    po.write_text(
        po.read_text()
        .replace(
            'msgid "Something happened."\nmsgstr ""',
            '#, fuzzy\nmsgid "Something happened."\nmsgstr "Что-то случилось."',
        )
        .replace('msgid "First headline"\nmsgstr ""', 'msgid "First headline"\nmsgstr "Заголовок"')
        + '\nmsgid "one"\nmsgid_plural "many"\nmsgstr[0] "один"\nmsgstr[1] "два"\n'
        'msgstr[2] "много"\n'
    )
    _new_article(root, "b")
    (root / "sources" / "a.txt").write_text(  # the headline changed: its pair is gone
        f"Another headline\n\nSomething happened.\n\nSome news.\n\n{BOILER}\n"
    )
    written = [c.path for c in extract.run(config.load(root)).catalogs_written]
    assert sorted(written) == [
        f"locales/{language}/{name}.po" for language in ("de", "ru") for name in ("a", "b")
    ]
    recorded = _written(root)
    assert set(written) <= set(recorded)
    for rel in written:
        path = root / rel
        want = extract._memory_pairs(scan_po(path.read_bytes(), rel))
        assert recorded[rel] == (written_key(path), tmdisk.pairs_text(want))
    assert TRANSLATED in recorded["locales/ru/a.po"][1]
    assert "Что-то" not in recorded["locales/ru/a.po"][1]  # (fuzzy: not for the memory)
    assert "Заголовок" not in recorded["locales/ru/a.po"][1]  # (obsolete now)


def test_catalogs_extract_wrote_are_read_again_once_someone_else_saved_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _workspace(tmp_path / "ws")
    _new_article(root, "b")
    extract.run(config.load(root))  # writes b's catalogs, records their pairs
    po = root / "locales" / "ru" / "b.po"
    po.write_text(
        po.read_text().replace(
            'msgid "Something else happened today."\nmsgstr ""',
            'msgid "Something else happened today."\nmsgstr "Сегодня случилось другое."',
        )
    )
    read = _reads(monkeypatch)
    _new_article(root, "c")
    extract.run(config.load(root))
    assert read == ["locales/ru/b.po"]  # (a.po: kept by the memory saved of it)
    assert "Сегодня случилось другое." in (root / "locales" / "ru" / "c.po").read_text()
    # saved again, as long as it was (another modification time): read again too
    po.write_text(po.read_text().replace("другое", "иное!!"))
    read.clear()
    _new_article(root, "d")
    extract.run(config.load(root))
    assert read == ["locales/ru/b.po"]
    assert "Сегодня случилось иное!!" in (root / "locales" / "ru" / "d.po").read_text()


def test_a_save_landing_between_the_writes_and_their_record_is_not_recorded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A translator's save that replaces a catalog after extract's swap, before extract
    stats it to record its pairs, is another file (another inode): extract's pairs are
    not recorded for it, and the next build reads it."""
    root = _workspace(tmp_path / "ws")
    po = root / "locales" / "ru" / "b.po"
    real = extract._Recorder.settle

    def settle(self: extract._Recorder) -> None:
        saved = po.read_text().replace(
            'msgid "Something else happened today."\nmsgstr ""',
            'msgid "Something else happened today."\nmsgstr "Сегодня случилось другое."',
        )
        tmp = po.with_name("b.po~")
        tmp.write_text(saved)
        os.replace(tmp, po)  # (as editors save: a new file renamed over the old)
        real(self)

    monkeypatch.setattr(extract._Recorder, "settle", settle)
    _new_article(root, "b")
    extract.run(config.load(root))
    monkeypatch.setattr(extract._Recorder, "settle", real)
    assert "locales/ru/b.po" not in _written(root)
    assert "locales/de/b.po" in _written(root)
    read = _reads(monkeypatch)
    _new_article(root, "c")
    extract.run(config.load(root))
    assert read == ["locales/ru/b.po"]
    assert "Сегодня случилось другое." in (root / "locales" / "ru" / "c.po").read_text()


def test_a_link_in_place_of_the_record_is_never_followed(tmp_path: Path) -> None:
    """``.transflow/tm/_written.sqlite`` as a link (a hostile archive's) to a database
    outside the workspace: the database is left as it is, the link replaced."""
    root = _workspace(tmp_path / "ws")
    outside = tmp_path / "outside.sqlite"
    con = sqlite3.connect(outside)
    con.execute("CREATE TABLE written (rel TEXT, key TEXT, pairs TEXT)")
    con.execute("INSERT INTO written VALUES ('locales/ru/b.po', 'x', '[]')")
    con.commit()
    con.close()
    before = outside.read_bytes()
    link = root / ".transflow" / "tm" / "_written.sqlite"
    link.parent.mkdir(parents=True, exist_ok=True)
    link.unlink(missing_ok=True)
    link.symlink_to(outside)
    _new_article(root, "b")
    assert not extract.run(config.load(root)).notices
    assert outside.read_bytes() == before
    assert not link.is_symlink() and "locales/ru/b.po" in _written(root)


@pytest.mark.parametrize(
    "damage",
    [
        b"garbage" * 1000,
        "UPDATE written SET pairs = 'not json'",
        "UPDATE written SET pairs = 5",
        "UPDATE written SET key = 7",
        "UPDATE written SET key = key || '1'",
        "UPDATE meta SET value = 'another version'",
        "PRAGMA user_version = 99",
        "truncated",
    ],
)
def test_what_extract_recorded_of_its_writes_damaged_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str | bytes
) -> None:
    """Damaged, of another version of transflow, or under another stat, what extract
    recorded of the catalogs it wrote is not used: they are read, with no error, and the
    next extract records them afresh."""
    root, other = _stale_and_a_copy_without_memories(tmp_path)
    path = root / ".transflow" / "tm" / "_written.sqlite"
    if isinstance(damage, bytes):
        path.write_bytes(damage)
    elif damage == "truncated":  # (the header whole: damage found on reading the rows)
        data = path.read_bytes()
        assert len(data) > 8192
        path.write_bytes(data[: len(data) // 2])
    else:
        _execute(path, damage)
    read = _reads(monkeypatch)
    for ws in (root, other):
        _new_article(ws, "c")
        assert not extract.run(config.load(ws)).notices
        if ws == root:
            assert "locales/ru/b.po" in read
    assert _locales(root) == _locales(other)
    assert "Совет: три округа." in (root / "locales" / "ru" / "c.po").read_text()
    assert "locales/ru/c.po" in _written(root)  # recorded again (the damaged file replaced)


@pytest.mark.parametrize(
    "damage",
    [
        "UPDATE catalogs SET pairs = 'not json'",
        "UPDATE catalogs SET pairs = '[1, 2]'",
        "UPDATE catalogs SET pairs = '[\"an odd one\"]'",
        "UPDATE catalogs SET pairs = '{\"a\": 1}'",
        "UPDATE catalogs SET pairs = printf('%.*c', 100000, '[')",  # nested too deep
        "UPDATE meta SET value = '[\"x\", 5, []]' WHERE key = 'signature'",
        "UPDATE meta SET value = '7' WHERE key = 'signature'",
        "UPDATE meta SET value = json_set(value, '$[1]', 5) WHERE key = 'signature'",
        "UPDATE meta SET value = json_set(value, '$[1][0]', 7) WHERE key = 'signature'",
    ],
)
def test_kept_pairs_that_are_not_as_written_are_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    """A saved memory whose kept pairs or record of what it was built from are damaged
    (yet SQLite reads it) is built again from the catalogs: no error, the same output."""
    root, other = _stale_and_a_copy_without_memories(tmp_path)
    _execute(root / ".transflow" / "tm" / "ru.sqlite", damage)
    for ws in (root, other):
        _new_article(ws, "c")
        assert not extract.run(config.load(ws)).notices
    assert _locales(root) == _locales(other)
    assert "Совет: три округа." in (root / "locales" / "ru" / "c.po").read_text()


def test_a_changed_catalog_is_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _workspace(tmp_path / "ws")
    _new_article(root, "b")
    extract.run(config.load(root))
    assert (root / ".transflow" / "tm" / "ru.sqlite").is_file()
    po = root / "locales" / "ru" / "a.po"
    po.write_text(po.read_text().replace(TRANSLATED, "Совет: три округа."))
    built = _builds(monkeypatch)
    _new_article(root, "c")
    extract.run(config.load(root))
    assert "ru" in built
    assert "Совет: три округа." in (root / "locales" / "ru" / "c.po").read_text()


@pytest.mark.parametrize("damage", [b"", b"garbage" * 100, None])
def test_a_missing_or_damaged_saved_memory_is_rebuilt_silently(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: bytes | None
) -> None:
    root = _workspace(tmp_path / "ws")
    _new_article(root, "b")
    extract.run(config.load(root))
    saved = root / ".transflow" / "tm" / "ru.sqlite"
    if damage is None:
        saved.unlink()
    else:
        saved.write_bytes(damage)
    built = _builds(monkeypatch)
    _new_article(root, "c")
    result = extract.run(config.load(root))
    assert "ru" in built and not result.notices
    assert TRANSLATED in (root / "locales" / "ru" / "c.po").read_text()
    assert saved.stat().st_size > 0 and saved.read_bytes().startswith(b"SQLite format 3\0")


def test_a_broken_catalog_of_no_article_is_reported_on_every_run(tmp_path: Path) -> None:
    root = _workspace(tmp_path / "ws")
    (root / "locales" / "ru" / "old.po").write_text("garbage line\n")
    for name in ("b", "c"):
        _new_article(root, name)
        result = extract.run(config.load(root))
        assert any("locales/ru/old.po" in n and "translation memory" in n for n in result.notices)
        assert TRANSLATED in (root / "locales" / "ru" / f"{name}.po").read_text()


def test_a_current_articles_broken_catalog_stops_extract_with_a_saved_memory(
    tmp_path: Path,
) -> None:
    root = _workspace(tmp_path / "ws")
    _new_article(root, "b")
    extract.run(config.load(root))
    assert (root / ".transflow" / "tm" / "ru.sqlite").is_file()
    (root / "locales" / "ru" / "b.po").write_text("garbage line\n")
    _new_article(root, "c")
    with pytest.raises(InputError, match=r"locales/ru/b\.po:1"):
        extract.run(config.load(root))


def test_memories_built_by_forked_processes_give_what_one_process_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Enough changed articles to fork: the memories are built and saved by forked
    processes before the workers start; the output, the notices and the saved files are
    those of one process."""
    roots = []
    for name in ("one", "many"):
        root = _workspace(tmp_path / name)
        (root / "locales" / "de" / "old.po").write_text("garbage line\n")  # of no article
        for n in range(60):
            _new_article(root, f"n{n:02d}")
        roots.append(root)
    monkeypatch.setenv("TRANSFLOW_JOBS", "1")
    one = extract.run(config.load(roots[0]))
    monkeypatch.setenv("TRANSFLOW_JOBS", "2")
    many = extract.run(config.load(roots[1]))
    assert _locales(roots[0]) == _locales(roots[1])
    assert one.notices == many.notices and any("locales/de/old.po" in n for n in many.notices)
    assert TRANSLATED in (roots[1] / "locales" / "ru" / "n42.po").read_text()
    assert (roots[1] / ".transflow" / "tm" / "ru.sqlite").is_file()
    assert not (roots[1] / ".transflow" / "tm" / "de.sqlite").exists()  # (a refused catalog)


def test_forked_workers_record_what_one_process_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Enough changed articles to fork: each worker records the pairs of the catalogs it
    writes itself (they never cross the pipe), the command keys them once the writes
    are done, and the record is the one process's; the next build reads none of them."""
    roots = []
    for name in ("one", "many"):
        root = _workspace(tmp_path / name)
        for n in range(60):
            _new_article(root, f"n{n:02d}")
        roots.append(root)
    monkeypatch.setenv("TRANSFLOW_JOBS", "1")
    extract.run(config.load(roots[0]))
    monkeypatch.setenv("TRANSFLOW_JOBS", "2")
    log = tmp_path / "flushed"  # the processes that wrote rows (a worker's own memory
    log.touch()  # is not this one's)
    real = tmdisk.WrittenPairs.flush

    def flush(self: tmdisk.WrittenPairs) -> None:
        if self._rows:
            with log.open("a") as out:
                out.write(f"{os.getpid()}\n")
        real(self)

    monkeypatch.setattr(tmdisk.WrittenPairs, "flush", flush)
    written = extract.run(config.load(roots[1])).catalogs_written
    pids = {int(pid) for pid in log.read_text().split()}
    assert pids and os.getpid() not in pids  # (by the workers)
    assert _locales(roots[0]) == _locales(roots[1])
    recorded = [_written(root) for root in roots]
    assert {rel: pairs for rel, (_, pairs) in recorded[0].items()} == {
        rel: pairs for rel, (_, pairs) in recorded[1].items()
    }
    assert len(written) == 120 and {c.path for c in written} <= set(recorded[1])
    for change in written:
        assert recorded[1][change.path][0] == written_key(roots[1] / change.path)
    _new_article(roots[1], "last")  # stale memories: built again, from the record
    read = _reads(monkeypatch)
    extract.run(config.load(roots[1]))
    assert read == []


def test_a_row_a_worker_failed_to_write_is_not_keyed_with_the_file_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker that cannot record a catalog it wrote (its writer failed) leaves the
    row an earlier run recorded, with that catalog's pairs then: the command's keys are
    for its own run's rows only, so the old row is not keyed with the new file's stat
    (its pairs would stand in for the new file's), and the next build reads the file."""
    root = _workspace(tmp_path / "ws")
    for n in range(60):
        _new_article(root, f"n{n:02d}")
    monkeypatch.setenv("TRANSFLOW_JOBS", "2")
    extract.run(config.load(root))  # (forked: each worker recorded its catalogs)
    rel = "locales/ru/n07.po"
    before = _written(root)[rel]
    assert before[0] == written_key(root / rel)
    real = tmdisk.WrittenPairs._write_once

    def failing(self: tmdisk.WrittenPairs, statement: str | None, rows: list) -> None:
        if self._joined:
            raise sqlite3.OperationalError("disk I/O error")
        real(self, statement, rows)

    monkeypatch.setattr(tmdisk.WrittenPairs, "_write_once", failing)
    po = root / rel  # a translation, then new source text: the catalog is written again
    po.write_text(po.read_text().replace('msgstr ""', 'msgstr "Новый заголовок"', 1))
    for n in range(60):
        (root / "sources" / f"n{n:02d}.txt").write_text(
            f"A new headline n{n:02d}\n\nA paragraph added today.\n\n{BOILER}\n"
        )
    extract.run(config.load(root))
    assert "Новый заголовок" in po.read_text()
    assert _written(root)[rel] == before  # not keyed with the file now there
    monkeypatch.setattr(tmdisk.WrittenPairs, "_write_once", real)
    _new_article(root, "last")
    read = _reads(monkeypatch)
    extract.run(config.load(root))
    assert rel in read


def test_a_command_stopped_mid_way_stops_its_workers_before_it_cleans_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An extract stopped while its workers run (here by its progress report) cancels
    the jobs not started and waits for those running before it removes what was staged
    and lets go of the lock: no worker stages a file after that."""
    root = _workspace(tmp_path / "ws")
    for n in range(200):
        _new_article(root, f"n{n:03d}")
    monkeypatch.setenv("TRANSFLOW_JOBS", "2")

    def progress(done: int, total: int, rel: str) -> None:
        if done == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        extract.run(config.load(root), progress=progress)
    time.sleep(0.5)  # (a worker still running would stage a file meanwhile)
    assert not [p for p in (root / "locales").rglob("*") if ".tmp-transflow-" in p.name]


def test_catalogs_are_listed_as_sorted_rglob_lists_them(tmp_path: Path) -> None:
    """The scandir listing of a language's catalogs: the files, order and paths of
    ``sorted(folder.rglob("*.po"))`` less hidden and temporary names (the memory's entry
    numbers, and so its tie-breaking, follow this order)."""
    root = _workspace(tmp_path)
    ru = root / "locales" / "ru"
    for name in [
        "2019/b.po",
        "2019-x/a.po",
        "2019.x/c.po",
        "2019/sub/d.po",
        ".hidden/e.po",
        "Z.po",
        "a b.po",
        "2020/.f.po",
        "2020/g.po.bak",
        "x.po/h.po",
    ]:
        (ru / name).parent.mkdir(parents=True, exist_ok=True)
        (ru / name).write_text("")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "i.po").write_text("")
    (ru / "linked").symlink_to(outside)  # a link to a folder: not followed
    (ru / "j.po").symlink_to(ru / "Z.po")  # a link to a catalog: listed
    (ru / f"k.po{extract.store.TEMP_MARK}1-0").write_text("")
    memories = extract._Memories(extract.Workspace(config.load(root)))
    expected = [
        p
        for p in sorted(ru.rglob("*.po"))
        if extract.store.TEMP_MARK not in p.name and not p.name.startswith(".")
    ]
    assert memories._catalog_files("ru") == expected
    assert [rel for rel, _, _ in memories._catalogs("ru")] == [
        p.relative_to(root).as_posix() for p in expected
    ]
    assert [link for _, _, link in memories._catalogs("ru")] == [p.is_symlink() for p in expected]
    assert memories._catalog_files("xx") == []
