"""The first extract writes ``locales/`` whole into a staging folder and renames it into
place at the commit (store.NewFolders, as export does for ``exports/``): the same
catalogs, modes and report as the file by file writes, the stat cache and the memories'
records as good, nothing visible before the rename, nothing left behind by a failure or
a kill. Only the first: a language's first folder, beside catalogs that are there, is
written file by file (a folder placed before the commit's checked exchanges would outlive
a save that stops them) (issue 15)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from tests.staging import (
    Staged,
    a_third_write_fails,
    files_below,
    left_by_a_killed_run,
    make_after,
)

from transflow.core.errors import ConcurrentEdit
from transflow.ops import extract
from transflow.workspace import config, store

ARTICLES = extract._FORK_AT + 2  # enough to fork the workers (with two jobs)


@pytest.fixture(autouse=True)
def _settled_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files count as settled at once (the stat cache trusts a file 2 s after it changed:
    the second run would read everything again, which is right but would test nothing)."""
    monkeypatch.setattr("transflow.workspace.statcache.RACY_NS", -1)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


def _workspace(root: Path) -> Path:
    (root / "sources" / "2019" / "deep").mkdir(parents=True)
    (root / "sources" / "harbour.md").write_text(
        "# Harbour reopens\n\nThe harbour reopened on *Monday* after two years of works.\n"
    )
    (root / "sources" / "2019" / "deep" / "school.txt").write_text(
        "New school\n\nThe school opens in May. Contact: press@example.org\n"
    )
    for n in range(ARTICLES - 2):
        (root / "sources" / "2019" / f"note-{n:02d}.txt").write_text(
            f"Note {n}\n\nThe council met on Monday. It approved item {n}.\n"
        )
    (root / "transflow.toml").write_text('languages = ["ru", "de"]\n')
    return root


def _reads_of(monkeypatch: pytest.MonkeyPatch, run: object) -> list[str]:
    """The files ``run()`` read whole through the store (as the memories read catalogs)."""
    reads: list[str] = []
    real_read = store.read_bytes

    def read_bytes(path: Path, rel: str, limit: int | None = None) -> bytes:
        reads.append(rel)
        return real_read(path, rel, limit)

    with monkeypatch.context() as m:
        m.setattr(store, "read_bytes", read_bytes)
        run()  # type: ignore[operator]
    return reads


def _report(result: extract.ExtractResult) -> tuple:
    return (
        result.articles,
        result.units,
        result.unchanged,
        sorted(result.templates_written),
        sorted(result.catalogs_written, key=lambda c: c.path),
        result.notices,
    )


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_new_folder_holds_what_the_file_by_file_writes_give(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    """The same catalogs, bytes and modes, and the same report, whether the extract makes
    ``locales/`` whole, or finds ``locales/`` there (with ``templates/`` and ``de/``, or
    with every folder: every catalog written and renamed on its own); a second run finds
    every catalog unchanged (the stat cache's keys, taken after the rename, hold), and the
    memories' record of what extract wrote is used by the next build (no catalog read
    again)."""
    monkeypatch.setenv("TRANSFLOW_JOBS", jobs)
    assert extract.parallel.forks(ARTICLES, extract._FORK_AT) is (jobs == "2")
    staged = Staged(monkeypatch, "locales")
    runs = {}
    there_by_case = {
        "none": [],
        "ru new": ["templates", "de"],
        "all there": ["templates", "ru", "de"],
    }
    for case, there in there_by_case.items():
        root = _workspace(tmp_path / case.replace(" ", "-"))
        staged.case = case
        for folder in there:
            (root / "locales" / folder).mkdir(parents=True)
        result = extract.run(config.load(root))
        files = files_below(root / "locales", root)
        assert not [p for p in root.rglob("*") if store.TEMP_MARK in p.name]
        # the next run: nothing to do, and no staging folder made for nothing
        again = extract.run(config.load(root))
        assert again.unchanged == ARTICLES * 2 and not again.catalogs_written
        assert len(staged.made.get(case, [])) <= 1  # (no staging folder made for nothing)
        # an article edited: its memories are built from what extract recorded, not read
        (root / "sources" / "2019" / "note-00.txt").write_text("Note 0\n\nA new sentence.\n")
        reads = _reads_of(monkeypatch, lambda root=root: extract.run(config.load(root)))
        assert not [r for r in reads if r.endswith(".po")]
        runs[case] = (_report(result), files)
    pid = os.getpid()
    # staged only where locales/ was not there, and by the first run only
    assert staged.made == {"none": [{"locales": f".locales{store.TEMP_MARK}{pid}-new"}]}
    files = runs["none"][1]
    catalogs = [f for f, (data, _) in files.items() if data is not None]
    # a template and two catalogs an article, and the letterhead's (the DOCX template's)
    assert len(catalogs) == ARTICLES * 3 + 3
    assert "locales/de/_template.po" in files
    assert "locales/ru/2019/deep/school.po" in files
    # the files did go through the staging folders, in one rename each
    assert staged.placed == [("none", "locales", ARTICLES * 3 + 3)]
    assert runs["none"] == runs["ru new"] == runs["all there"]


def test_a_failed_first_extract_leaves_no_folder_and_no_staging(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _workspace(tmp_path / "ws")
    a_third_write_fails(
        monkeypatch, root, lambda: extract.run(config.load(root)), also=(".transflow",)
    )


def test_a_killed_first_extract_leaves_only_the_staging_which_the_next_removes(
    tmp_path: Path,
) -> None:
    """Written but not placed (a run killed before its commit): no ``locales/``, only the
    staging folder beside where it goes, which the next extract removes whole."""
    root = _workspace(tmp_path / "ws")
    dead = left_by_a_killed_run(root, "locales", "harbour.po")
    result = extract.run(config.load(root))
    assert result.temp_files_removed == 1
    assert not dead.exists()
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".")) == [".transflow"]
    assert 'msgid "The harbour reopened' in (root / "locales" / "ru" / "harbour.po").read_text()


def test_a_folder_made_by_another_program_meanwhile_is_left_as_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``locales/`` made (with a file) while the extract wrote its staging folder: the
    extract stops (exit 5, as for any edit made meanwhile), writes nothing there, and
    leaves that folder and its file untouched."""
    root = _workspace(tmp_path / "ws")
    make_after(monkeypatch, extract, "_extract_one", root / "locales", "mine.po")
    monkeypatch.setenv("TRANSFLOW_JOBS", "1")
    with pytest.raises(ConcurrentEdit, match=r"^locales: made by another program"):
        extract.run(config.load(root))
    assert [p.name for p in (root / "locales").iterdir()] == ["mine.po"]
    assert not [p for p in root.iterdir() if store.TEMP_MARK in p.name]
