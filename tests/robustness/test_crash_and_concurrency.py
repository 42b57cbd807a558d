"""Fault catalogue C and K: concurrent commands and kill -9 at any moment lose nothing."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from transflow.catalog import merge as merge_module
from transflow.core.errors import ConcurrentEdit
from transflow.ops import extract
from transflow.workspace import config, store

PARAGRAPHS = [
    "The council approved a budget of {n} million euros for new schools on Monday.",
    "“We are investing in the next generation,” said the mayor. “Every child deserves a good school.”",
    "Construction of {n} classrooms starts in May and ends before the next school year.",
    "About the council: it represents {n} districts and meets every month.",
]


def make_workspace(
    root: Path, articles: int, languages: tuple[str, ...] = ("ru", "de", "fr")
) -> None:
    (root / "sources").mkdir(parents=True)
    langs = ", ".join(f'"{x}"' for x in languages)
    (root / "transflow.toml").write_text(f"languages = [{langs}]\n")
    for i in range(articles):
        body = "\n".join(p.format(n=i * 7 + k) for k, p in enumerate(PARAGRAPHS))
        (root / "sources" / f"article-{i:03d}.txt").write_text(f"Headline number {i}\n{body}\n")


def tf(root: Path, *args: str, **kw) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "transflow", "-w", str(root), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kw,
    )


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".transflow" not in p.parts
    }


def assert_all_catalogs_valid(root: Path) -> None:
    for path in (root / "locales").rglob("*"):
        if path.suffix not in (".po", ".pot"):
            continue  # temp files of the killed run: ignored, and removed by the next run
        store.load(path, str(path))  # strict: raises on a torn file
        if shutil.which("msgfmt"):
            proc = subprocess.run(
                ["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True
            )
            assert proc.returncode == 0, (path, proc.stderr)


@pytest.mark.slow
def test_kill_9_at_random_moments_leaves_old_or_new_files(tmp_path: Path) -> None:
    """K1, K2, K4: kill extract at random moments; every file stays valid and a rerun
    converges to exactly what a clean run produces."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1773446400"}
    clean = tmp_path / "clean"
    make_workspace(clean, 40)
    assert tf(clean, "extract", env=env).wait() == 0
    expected = snapshot(clean)

    rng = random.Random(7)
    work = tmp_path / "work"
    make_workspace(work, 40)
    for _ in range(12):
        proc = tf(work, "extract", env=env)
        time.sleep(rng.uniform(0.05, 0.6))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert_all_catalogs_valid(work)
    assert tf(work, "extract", env=env).wait() == 0
    assert snapshot(work) == expected
    leftovers = [p for p in work.rglob(f"*{store.TEMP_MARK}*")]
    assert leftovers == []


def test_two_extracts_at_once_lose_nothing(tmp_path: Path) -> None:
    """C1, C3: the second command waits for the lock; both succeed; the result is a clean run's."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1773446400"}
    clean = tmp_path / "clean"
    make_workspace(clean, 15)
    assert tf(clean, "extract", env=env).wait() == 0
    work = tmp_path / "work"
    make_workspace(work, 15)
    first, second = tf(work, "extract", env=env), tf(work, "extract", env=env)
    assert first.wait() == 0 and second.wait() == 0, (first.stderr.read(), second.stderr.read())  # type: ignore[union-attr]
    assert snapshot(work) == snapshot(clean)


def test_status_during_extract_never_sees_half_a_file(tmp_path: Path) -> None:
    """C4: readers take no lock, so they must only ever see whole files."""
    make_workspace(tmp_path, 30)
    writer = tf(tmp_path, "extract")
    deadline = time.monotonic() + 20
    while writer.poll() is None and time.monotonic() < deadline:
        reader = subprocess.run(
            [sys.executable, "-m", "transflow", "-w", str(tmp_path), "status", "-f", "json"],
            capture_output=True,
            text=True,
        )
        assert reader.returncode == 0, reader.stderr
    assert writer.wait() == 0


def test_translator_saving_during_extract_is_never_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """C2: a translator's editor saves the catalog (temp + rename) after extract read it."""
    make_workspace(tmp_path, 1, ("ru",))
    cfg = config.load(tmp_path)
    extract.run(cfg)
    src = tmp_path / "sources" / "article-000.txt"
    src.write_text(src.read_text().replace("Monday", "Tuesday"))
    po = tmp_path / "locales" / "ru" / "article-000.po"
    saved = po.read_text().replace(
        'msgid "Headline number 0"\nmsgstr ""',
        'msgid "Headline number 0"\nmsgstr "Заголовок номер 0"',
    )
    real_merge = merge_module.merge

    def merge_then_editor_saves(*args, **kwargs):
        result = real_merge(*args, **kwargs)
        tmp = po.with_name("editor-save.tmp")
        tmp.write_text(saved)
        os.replace(tmp, po)
        return result

    monkeypatch.setattr("transflow.ops.extract.merge", merge_then_editor_saves)
    with pytest.raises(ConcurrentEdit, match="changed on disk"):
        extract.run(cfg)
    assert po.read_text() == saved  # the translator's work is intact
    monkeypatch.setattr("transflow.ops.extract.merge", real_merge)
    extract.run(cfg)  # run again: merges on top of the saved translation
    assert 'msgstr "Заголовок номер 0"' in po.read_text()


def test_translation_memory_fills_boilerplate_in_a_new_article(tmp_path: Path) -> None:
    """A boilerplate paragraph translated in one article is filled in a new one."""
    make_workspace(tmp_path, 1, ("ru",))
    cfg = config.load(tmp_path)
    extract.run(cfg)
    po = tmp_path / "locales" / "ru" / "article-000.po"
    boiler = "About the council: it represents 3 districts and meets every month."
    text = po.read_text().replace(
        f'msgid "{boiler}"\nmsgstr ""',
        f'msgid "{boiler}"\nmsgstr "О совете: он представляет 3 округа."',
    )
    po.write_text(text)
    (tmp_path / "sources" / "new.txt").write_text(
        f"A new headline\nSomething else happened today.\n{boiler}\n"
    )
    result = extract.run(cfg)
    new = (tmp_path / "locales" / "ru" / "new.po").read_text()
    assert 'msgstr "О совете: он представляет 3 округа."' in new
    assert any(c.path.endswith("new.po") and c.from_memory == 1 for c in result.catalogs_written)


def test_parallel_extract_equals_sequential_and_fails_cleanly(tmp_path: Path) -> None:
    """Forked workers produce exactly what one process does; a bad catalog in one article
    stops the whole run with nothing written and no temp file left."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1773446400"}
    one, many = tmp_path / "one", tmp_path / "many"
    make_workspace(one, 60)
    make_workspace(many, 60)
    assert tf(one, "extract", env={**env, "TRANSFLOW_JOBS": "1"}).wait() == 0
    assert tf(many, "extract", env={**env, "TRANSFLOW_JOBS": "2"}).wait() == 0
    assert snapshot(one) == snapshot(many)

    for i in range(0, 60, 7):
        src = many / "sources" / f"article-{i:03d}.txt"
        src.write_text(src.read_text().replace("Monday", "Friday"))
    bad = many / "locales" / "fr" / "article-050.po"
    bad.write_bytes(bad.read_bytes() + b'\nmsgid "oops\n')
    before = snapshot(many)
    proc = tf(many, "extract", env={**env, "TRANSFLOW_JOBS": "2"})
    _, err = proc.communicate()
    assert proc.returncode == 3 and "locales/fr/article-050.po:" in err
    assert snapshot(many) == before
    assert [p for p in many.rglob(f"*{store.TEMP_MARK}*")] == []
