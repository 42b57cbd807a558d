"""The benchmark's corpus generator: deterministic, and a workspace transflow reads."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "benchmarks"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


corpus = _load("corpus")
scan_baseline = _load("scan_baseline")


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".transflow" not in p.parts
    }


def _catalogs_missing() -> str | None:
    for module in ("transflow.catalog.powrite", "transflow.catalog.poparse"):
        if importlib.util.find_spec(module) is None:
            return module
    return None


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    corpus.write_workspace(a, 3, 2, seed=7)
    corpus.write_workspace(b, 3, 2, seed=7)
    assert _tree(a) == _tree(b)
    assert len(list((a / "sources").rglob("*.txt"))) == 3
    config = (a / "transflow.toml").read_text()
    assert 'languages = ["ru", "de"]' in config


def test_other_seed_other_text_and_prefix_property(tmp_path: Path) -> None:
    corpus.write_workspace(tmp_path / "s1", 3, 2, seed=1)
    corpus.write_workspace(tmp_path / "s2", 3, 2, seed=2)
    corpus.write_workspace(tmp_path / "big", 5, 2, seed=1)
    small, other, big = (_tree(tmp_path / n) for n in ("s1", "s2", "big"))
    assert small != other
    assert all(big[k] == v for k, v in small.items())  # the first 3 of 5 are the same


def test_articles_look_like_press_releases() -> None:
    article = corpus.make_article(1, 0)
    assert 10 <= len(article.paragraphs) <= 17
    text = article.text()
    assert any(ch.isdigit() for ch in text)
    assert "About " in text
    assert not set("*[]`\\") & set(text)  # nothing transflow would have to escape


def test_edits_change_about_pct_of_paragraphs(tmp_path: Path) -> None:
    corpus.write_workspace(tmp_path, 40, 1, seed=1)
    before = _tree(tmp_path)
    changed = corpus.edit_sources(tmp_path, 40, 5.0, seed=1)
    total = sum(len(corpus.make_article(1, i).paragraphs) for i in range(40))
    assert 0.02 * total <= changed <= 0.09 * total
    assert _tree(tmp_path) != before
    again = tmp_path.parent / "again"
    corpus.write_workspace(again, 40, 1, seed=1)
    corpus.edit_sources(again, 40, 5.0, seed=1)
    assert _tree(again) == _tree(tmp_path)


def test_pseudo_translation_keeps_numbers() -> None:
    text = "Revenue rose by 12.5% to EUR 3,400 million on 4 May 2026."
    assert corpus.pseudo_translate(text, "de") == (
        "euneveR esor yb 12.5% ot RUE 3,400 noillim no 4 yaM 2026."
    )


@pytest.mark.skipif(_catalogs_missing() is not None, reason="catalog module not there yet")
def test_catalogs_are_filled_and_read_by_transflow(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    corpus.write_workspace(ws, 3, 2, seed=1)
    try:
        corpus.run_extract(ws)
    except SystemExit as exc:  # a pipeline module still missing: not this test's subject
        if "ModuleNotFoundError" in str(exc):
            pytest.skip(str(exc))
        raise
    counts = corpus.fill_catalogs(ws, seed=1)
    assert counts["entries"] == counts["translated"] + counts["fuzzy"] + counts["untranslated"]
    assert counts["translated"] > counts["fuzzy"] > 0

    status = subprocess.run(
        [*corpus.transflow_command(), "--workspace", str(ws), "status", "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    totals = json.loads(status.stdout)["totals"]
    # the built-in DOCX template's words (locales/<lang>/_template.po) are counted too:
    # status lists that catalog as the article "_template"
    assert sum(t["total"] for t in totals) == counts["entries"]
    assert sum(t["translated"] for t in totals) == counts["translated"]
    assert sum(t["fuzzy"] for t in totals) == counts["fuzzy"]

    scanned = [0, 0, 0]
    for path in (ws / "locales").glob("*/**/*.po"):
        for i, n in enumerate(scan_baseline.scan(path.read_bytes())):
            scanned[i] += n
    assert scanned == [counts["entries"], counts["translated"], counts["fuzzy"]]

    # the filled catalogs are canonical: a re-extract writes nothing
    before = _tree(ws / "locales")
    corpus.run_extract(ws)
    assert _tree(ws / "locales") == before


def test_the_trash_takes_a_free_name_beside_what_an_interrupted_benchmark_left(
    tmp_path: Path,
) -> None:
    """A benchmark stopped before it emptied its trash leaves numbered folders there; the
    next one's counter starts again at 1 and must not rename onto them (a folder that
    is not empty: ENOTEMPTY, and the whole size's run was lost)."""
    run = _load("run")
    left = tmp_path / "trash" / "1-exports"
    left.mkdir(parents=True)
    (left / "old.md").write_text("old")
    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / "new.md").write_text("new")
    run.Trash(tmp_path, tmp_path / run.Trash.EMPTIED).put(tmp_path / "exports")
    assert not (tmp_path / "exports").exists()
    assert (left / "old.md").read_text() == "old"
    assert (tmp_path / "trash" / "2-exports" / "new.md").read_text() == "new"


def test_a_run_waits_until_the_last_trash_emptied_is_quiet(tmp_path: Path) -> None:
    """Emptying the trash leaves the time it finished in the stamp every size's runner
    shares; the next runner sleeps until that is QUIET_S old (never longer, whatever the
    clock says), and not at all without it."""
    run = _load("run")
    stamp = tmp_path / run.Trash.EMPTIED
    slept: list[float] = []
    assert run.wait_after_deletions(stamp, lambda: 1000.0, slept.append) == 0.0
    runner = run.Runner(tmp_path / "1000x10" / "work", 1, 0, 60.0, tmp_path)
    assert runner.trash.stamp == stamp
    runner.trash.empty()  # nothing to empty: no stamp
    assert not stamp.exists()
    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / "a.md").write_text("a")
    runner.trash.put(tmp_path / "exports")
    runner.trash.empty()
    assert not runner.trash.root.exists() and not (tmp_path / "exports").exists()
    emptied = float(stamp.read_text())
    assert run.wait_after_deletions(stamp, lambda: emptied + 5, slept.append) == (
        pytest.approx(run.QUIET_S - 5)
    )
    assert run.wait_after_deletions(stamp, lambda: emptied + run.QUIET_S + 1, slept.append) == 0
    assert run.wait_after_deletions(stamp, lambda: emptied - 500, slept.append) == run.QUIET_S
    assert slept == [pytest.approx(run.QUIET_S - 5), run.QUIET_S]
    stamp.write_text("not a time")
    assert run.wait_after_deletions(stamp, lambda: 0.0, slept.append) == 0.0


def test_the_second_round_of_edits_finds_the_memories_stale(tmp_path: Path) -> None:
    """extract-edits-stale's set-up leaves the first round's articles' catalogs written by
    a later extract than the one that saved the memories, and the sources of a second
    round of edits: the timed extract then builds every memory again (what the warm
    extract-edits, whose memories are still those of its catalogs, never does)."""
    run = _load("run")
    original, edited = tmp_path / "filled", tmp_path / "edited"
    corpus.write_workspace(original, 50, 2, seed=3)  # (50: the first extract forks)
    corpus.run_extract(original)
    corpus.fill_catalogs(original, seed=3)
    shutil.copytree(original, edited, symlinks=True)
    corpus.edit_sources(edited, 50, 5, seed=3)
    changed = [
        p.relative_to(edited / "sources").with_suffix("").as_posix()
        for p in sorted((edited / "sources").rglob("*.txt"))
        if p.read_bytes() != (original / p.relative_to(edited)).read_bytes()
    ]
    assert changed
    for setup, rebuilt in (
        (run.after_edits(edited, changed), False),
        (run.second_round(edited, changed, 50, 5, 3), True),
    ):
        ws = tmp_path / f"ws-{rebuilt}"
        shutil.copytree(original, ws, symlinks=True)
        setup(ws)
        # (the languages' memories: not what extract records of its writes, _written)
        memories = sorted((ws / ".transflow" / "tm").glob("[!_]*.sqlite"))
        assert len(memories) == 2
        saved = [(p.stat().st_ino, p.stat().st_mtime_ns) for p in memories]
        if rebuilt:  # a second round of edits: other paragraphs than the first round's
            again = {a.slug for a in corpus.edited_again(50, 5, 3)}
            assert again and again != set(changed)
            first = _tree(edited / "sources")
            assert {k[:-4] for k, v in _tree(ws / "sources").items() if first[k] != v} == again
        subprocess.run([*run.TRANSFLOW, "extract"], cwd=ws, capture_output=True, check=True)
        now = [(p.stat().st_ino, p.stat().st_mtime_ns) for p in memories]
        assert (now != saved) is rebuilt
