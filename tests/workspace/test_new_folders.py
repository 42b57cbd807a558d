"""Folders an export makes (``exports/``, or ``exports/<language>/`` on a language's first
export) are written whole into a staging folder and renamed into place at the commit
(store.NewFolders): the same files as the file by file writes, nothing visible before
the rename, nothing left behind by a failure or a kill."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tests import cachefile
from tests.saves import commit_after_a_save_keeping_size_and_time
from tests.staging import (
    Staged,
    a_third_write_fails,
    dead_pid,
    files_below,
    left_by_a_killed_run,
    make_after,
)

from transflow.core.errors import ConcurrentEdit, InputError
from transflow.ops import export, extract
from transflow.workspace import config, store
from transflow.workspace.statcache import FileCache, written_key

ROOT = Path(__file__).resolve().parents[2]
LOGO = ROOT / "tests" / "fixtures" / "build" / "logo.png"


def _workspace(root: Path, more: int = 0) -> Path:
    """Articles in folders (a Word release with a picture: its Markdown export has an
    asset beside it; ``more`` short ones), two languages, extracted and partly
    translated."""
    from docx import Document as DocxDocument

    (root / "sources" / "2019" / "deep").mkdir(parents=True)
    doc = DocxDocument()
    doc.add_heading("Harbour reopens", 0)
    doc.add_paragraph().add_run().add_picture(str(LOGO))
    doc.add_paragraph("The harbour reopened on Monday after two years of works.")
    doc.save(str(root / "sources" / "harbour.docx"))
    (root / "sources" / "2019" / "council.txt").write_text(
        "Council approves budget\n\nThe council approved the budget on Monday.\n"
    )
    (root / "sources" / "2019" / "deep" / "school.md").write_text(
        "# New school\n\nThe school opens in *May*, with [a website](https://example.org).\n"
    )
    for n in range(more):
        (root / "sources" / "2019" / f"note-{n:02d}.txt").write_text(f"Note {n}\n\nText {n}.\n")
    (root / "transflow.toml").write_text('languages = ["ru", "de"]\n[export]\nthreshold = 0\n')
    extract.run(config.load(root))
    po = root / "locales" / "ru" / "2019" / "council.po"
    po.write_text(po.read_text().replace('msgstr ""\n\n', 'msgstr "Совет"\n\n', 1))
    return root


def _files(root: Path) -> dict[str, tuple[bytes | None, int]]:
    """Every entry below ``exports/``: its bytes (None for a folder) and its mode."""
    return files_below(root / "exports", root)


def _cache_keys_hold(root: Path) -> int:
    """The cache's key of each export it keeps (an article's entry: ``{language: [need,
    catalog, letterhead, {format: [output's written key, record]}]}``) is what ``stat``
    says of the file now (taken by the worker that wrote it, before its folder was
    placed); how many."""
    cache = FileCache(root / ".transflow" / "cache", "export")
    held = 0
    for rel in cachefile.rows(cache.path):
        slug = Path(rel).relative_to("sources").with_suffix("").as_posix()
        value = cache.entry(rel)[2]  # type: ignore[index]
        for language, part in value.items():
            for fmt, (key, _) in part[3].items():
                assert key == written_key(root / "exports" / language / f"{slug}.{fmt}"), rel
                held += 1
    return held


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_new_folder_holds_what_the_file_by_file_writes_give(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    """The same files, bytes and modes, and the same report, whether the run makes
    ``exports/`` whole, makes ``exports/ru/`` whole beside an ``exports/de/`` that is
    there, or finds both folders there (every file written and renamed on its own); and
    a second run finds every export unchanged (the cache's keys, taken after the
    rename, hold)."""
    monkeypatch.setenv("TRANSFLOW_JOBS", jobs)
    more = export.parallel.MIN_JOBS  # enough articles to fork workers (with two jobs)
    assert export.parallel.forks(3 + more) is (jobs == "2")
    staged = Staged(monkeypatch, "exports")
    runs = {}
    for case, there in {"none": [], "ru new": ["de"], "both there": ["ru", "de"]}.items():
        root = _workspace(tmp_path / case.replace(" ", "-"), more)
        staged.case = case
        for language in there:
            (root / "exports" / language).mkdir(parents=True)
        report = export.run(config.load(root), formats=["md", "docx"])
        kept = _cache_keys_hold(root)
        again = export.run(config.load(root), formats=["md", "docx"])
        assert {o.action for o in again.outcomes} == {export.Action.UNCHANGED}
        assert not [p for p in root.rglob("*") if store.TEMP_MARK in p.name]
        runs[case] = (report.outcomes, _files(root), kept)
    pid = os.getpid()
    assert staged.made["none"][0] == {"exports": f".exports{store.TEMP_MARK}{pid}-new"}
    assert staged.made["ru new"][0] == {"exports/ru": f".ru{store.TEMP_MARK}{pid}-new"}
    assert staged.made["both there"][0] == {}
    assert all(m == {} for case in staged.made.values() for m in case[1:])  # the second runs
    files = runs["none"][1]
    assert "exports/ru/harbour.assets" in files and "exports/de/2019/deep/school.docx" in files
    documents = (3 + more) * 2 * 2  # articles × languages × formats
    assert len([f for f, (data, _) in files.items() if data is not None]) == documents + 2
    assert runs["none"][2] == documents - 2  # all but the two with a picture beside them
    # the files did go through the staging folders, in one rename each
    assert staged.placed == [
        ("none", "exports", documents + 2),
        ("ru new", "exports/ru", documents // 2 + 1),
    ]
    assert runs["none"] == runs["ru new"] == runs["both there"]


def test_nothing_is_visible_before_the_rename_and_a_kill_leaves_only_the_staging(
    tmp_path: Path,
) -> None:
    """Written but not placed (a run killed before its commit): no ``exports/``, only the
    staging folder beside where it goes, which the next run removes whole."""
    root = _workspace(tmp_path / "ws")
    dead = left_by_a_killed_run(root, "exports", "2019/council.md")
    assert export.run(config.load(root), formats=["md"], languages=["ru"]).outcomes
    assert not dead.exists()
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".")) == [".transflow"]
    assert "# Совет" in (root / "exports" / "ru" / "2019" / "council.md").read_text()


def test_a_folder_made_by_another_program_meanwhile_is_left_as_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``exports/ru`` made (with a file) while the export wrote its staging folder: the
    export stops (exit 5, as for any edit made meanwhile), writes nothing, and leaves
    that folder and its file untouched."""
    root = _workspace(tmp_path / "ws")
    (root / "exports").mkdir()
    make_after(monkeypatch, export, "_plan", root / "exports" / "ru", "mine.txt")
    with pytest.raises(ConcurrentEdit, match=r"^exports/ru: made by another program"):
        export.run(config.load(root), formats=["md"])
    assert sorted(p.name for p in (root / "exports").iterdir()) == ["ru"]
    assert [p.name for p in (root / "exports" / "ru").iterdir()] == ["mine.txt"]


def test_a_failed_run_leaves_no_folder_and_no_staging(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _workspace(tmp_path / "ws")
    a_third_write_fails(monkeypatch, root, lambda: export.run(config.load(root), formats=["md"]))


def test_a_run_that_exports_nothing_makes_no_folder(tmp_path: Path) -> None:
    root = _workspace(tmp_path / "ws")
    report = export.run(config.load(root), formats=["md"], threshold=100)
    assert {o.action for o in report.outcomes} == {export.Action.REFUSED}
    assert not (root / "exports").exists()
    assert not [p for p in root.iterdir() if store.TEMP_MARK in p.name]


def test_the_same_file_written_twice_keeps_the_last_bytes(tmp_path: Path) -> None:
    new = store.NewFolders.make(tmp_path, [tmp_path / "exports"])
    target = f"{tmp_path}/exports/a/b.md"
    for data in (b"one", b"one", b"two"):  # staged each time, as beside a target
        assert new.write(target, data, "exports/a/b.md") is True
    assert new.write(f"{tmp_path}/elsewhere/c.md", b"x", "c") is None  # not in a new folder
    with pytest.raises(InputError, match=r"^exports/a: is a folder where transflow writes"):
        new.write(f"{tmp_path}/exports/a", b"x", "exports/a")
    new.place()
    assert (tmp_path / "exports" / "a" / "b.md").read_bytes() == b"two"
    assert not [p for p in tmp_path.iterdir() if p.name != "exports"]


def test_only_a_missing_folder_under_plain_folders_is_staged(tmp_path: Path) -> None:
    """A folder there already, or one below a link or a file, is left to the file by file
    writes (which check links); the staging folder is never made through a link."""
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    (tmp_path / "file").write_text("")
    (tmp_path / "there").mkdir()
    wanted = [tmp_path / name / "ru" for name in ("link", "file", "there")]
    new = store.NewFolders.make(tmp_path, [*wanted, tmp_path / "there"])
    assert list(new.folders) == [str(tmp_path / "there" / "ru")]
    assert not list((tmp_path / "real").iterdir())
    planted = tmp_path / f".missing{store.TEMP_MARK}{os.getpid()}-new"
    planted.symlink_to(tmp_path / "real")  # a link where the staging folder would go
    assert not store.NewFolders.make(tmp_path, [tmp_path / "missing"])
    assert not list((tmp_path / "real").iterdir())
    new.discard()
    assert not (tmp_path / "there" / f".ru{store.TEMP_MARK}{os.getpid()}-new").exists()


def test_a_link_named_as_a_staging_folder_is_removed_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("keep")
    (tmp_path / "ws").mkdir()
    link = tmp_path / "ws" / f".exports{store.TEMP_MARK}{dead_pid()}-new"
    link.symlink_to(outside)
    assert store.clean_temp_files(tmp_path / "ws" / "exports") == 1
    assert not os.path.lexists(link)
    assert (outside / "keep.txt").read_text() == "keep"


def test_a_staging_folder_of_a_live_run_is_left_alone(tmp_path: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        (tmp_path / "exports").mkdir()
        live = tmp_path / "exports" / f".ru{store.TEMP_MARK}{proc.pid}-new"
        (live / "2019").mkdir(parents=True)
        (live / "2019" / "a.md").write_text("being written")
        assert store.clean_temp_files(tmp_path / "exports") == 0
        assert (live / "2019" / "a.md").exists()
    finally:
        proc.kill()
        proc.wait()
    assert store.clean_temp_files(tmp_path / "exports") == 1
    assert not live.exists()
    shutil.rmtree(tmp_path / "exports")


def _made_after_the_plan(
    monkeypatch: pytest.MonkeyPatch, folder: Path, checked: bool = True
) -> None:
    """``folder`` made, with a file, by another program once the first article is
    planned; ``checked`` False: unseen by the check before the placing (made in the
    instant after it), so the rename itself must refuse."""
    planned = export._plan

    def plan_then_make(*args: object, **kwargs: object) -> object:
        found = planned(*args, **kwargs)  # type: ignore[arg-type]
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "mine.txt").write_text("someone else's")
        return found

    monkeypatch.setattr(export, "_plan", plan_then_make)
    if not checked:
        monkeypatch.setattr(store.NewFolders, "check", lambda self: None)


@pytest.mark.parametrize("renameat2", [True, False])
def test_a_folder_made_in_the_instant_before_its_rename_is_refused_by_the_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, renameat2: bool
) -> None:
    """``RENAME_NOREPLACE`` (or, without renameat2, a look just before the rename) refuses
    to place ``exports/de`` over another program's; ``exports/ru``, placed before it, is
    taken back: nothing is written."""
    root = _workspace(tmp_path / "ws")
    (root / "exports").mkdir()
    if not renameat2:
        monkeypatch.setattr(store, "_load_renameat2", lambda: None)
    _made_after_the_plan(monkeypatch, root / "exports" / "de", checked=False)
    with pytest.raises(ConcurrentEdit, match=r"^exports/de: made by another program"):
        export.run(config.load(root), formats=["md"])
    assert [p.name for p in (root / "exports").iterdir()] == ["de"]
    assert [p.name for p in (root / "exports" / "de").iterdir()] == ["mine.txt"]


def test_without_renameat2_a_new_folder_is_placed_by_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store, "_load_renameat2", lambda: None)
    root = _workspace(tmp_path / "ws")
    report = export.run(config.load(root), formats=["md"])
    assert {o.action for o in report.outcomes} == {export.Action.WRITTEN}
    assert "# Совет" in (root / "exports" / "ru" / "2019" / "council.md").read_text()
    assert not [p for p in root.rglob("*") if store.TEMP_MARK in p.name]


def test_staging_folders_made_before_a_failure_outside_the_transaction_are_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure between the staging folders' making and the transaction (here the cache
    keys', as for a letterhead catalog linked out of locales/) leaves none behind."""
    root = _workspace(tmp_path / "ws")

    def refused(*args: object) -> None:
        raise InputError("locales/ru", "is a symbolic link leading out of locales/")

    monkeypatch.setattr(export, "_Keys", refused)
    with pytest.raises(InputError):
        export.run(config.load(root), formats=["md"])
    assert not [p for p in root.iterdir() if store.TEMP_MARK in p.name or p.name == "exports"]


def test_a_staging_folder_swapped_for_a_link_is_never_written_through(
    tmp_path: Path,
) -> None:
    """The writes go through the descriptor of the staging folder made, not its path: a
    link put in its place leads nowhere."""
    outside = tmp_path / "outside"
    outside.mkdir()
    root = tmp_path / "ws"
    root.mkdir()
    new = store.NewFolders.make(root, [root / "exports"])
    (staging,) = new.folders.values()
    os.rename(staging, root / "moved")
    os.symlink(outside, staging)
    new.write(f"{root}/exports/ru/a.md", b"x", "exports/ru/a.md")
    assert not list(outside.iterdir())
    assert (root / "moved" / "ru" / "a.md").read_bytes() == b"x"
    new.discard()
    assert os.path.islink(staging) and not list(outside.iterdir())


def test_a_save_with_the_size_and_time_read_stops_before_a_folder_is_placed(
    tmp_path: Path,
) -> None:
    """With folders to place first, the check before anything becomes visible reads
    every file we read in full: a save keeping the size and time we read stops the
    command with no folder placed (trusting the stat, the exchange would see the save
    only after ``exports/ru`` was in place)."""
    if not store._exchange_supported([]):
        pytest.skip("this filesystem cannot exchange names")
    root = _workspace(tmp_path / "ws")
    new = store.NewFolders.make(root, [root / "exports" / "ru"])
    tx = store.Transaction(root=root, new=new, places_new=True)
    assert tx.write(root / "exports" / "ru" / "council.md", b"# Council", "x") is True
    commit_after_a_save_keeping_size_and_time(tx, root / "a.po")
    assert not (root / "exports").exists()
    assert not [p for p in root.iterdir() if store.TEMP_MARK in p.name]
