"""Hostile DOCX files (faults.md section D, D1–D5): one clear InputError naming the file,
before python-docx parses anything; bombs run in a subprocess under memory and time limits."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from transflow.core.errors import InputError
from transflow.core.records import SourceFile
from transflow.formats import read_source

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location(
    "docx_fixtures", ROOT / "tests/fixtures/docx/make_fixtures.py"
)
assert _spec and _spec.loader
fx = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fx)


def _source(path: Path) -> SourceFile:
    return SourceFile(path, f"sources/{path.name}", path.stem)


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, str]]:
    return fx.hostile(tmp_path_factory.mktemp("hostile"))


HOSTILE = [
    "text", "empty", "truncated", "ole", "badcrc", "plainzip", "nocontenttypes", "badxml",
    "xxe_file", "xxe_http", "laughs", "dtd_in_styles", "xxe_utf16",
    "xxe_utf32", "xxe_utf7", "xxe_png_main",
]  # fmt: skip


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_file_is_refused_with_one_clear_line(cases: dict, name: str) -> None:
    path, expected = cases[name]
    with pytest.raises(InputError) as info:
        read_source(_source(path))
    message = str(info.value)
    assert message.startswith(f"sources/{path.name}: "), message
    assert expected in message
    assert "\n" not in message
    assert fx.CANARY not in message


def test_xxe_canary_never_reaches_any_output(cases: dict) -> None:
    for name in ("xxe_file", "xxe_utf16", "dtd_in_styles", "xxe_utf32", "xxe_utf7", "xxe_png_main"):
        path, _ = cases[name]
        try:
            doc = read_source(_source(path))
        except InputError as exc:
            assert fx.CANARY not in str(exc)
        else:  # pragma: no cover - must not happen
            pytest.fail(f"{name} was read: {doc.blocks}")


def test_directory_named_docx(tmp_path: Path) -> None:
    (tmp_path / "a.docx").mkdir()
    with pytest.raises(InputError, match="is a directory"):
        read_source(_source(tmp_path / "a.docx"))


def test_symlink_named_docx_is_refused(tmp_path: Path) -> None:
    target = fx.sample(tmp_path / "outside.docx")
    link = tmp_path / "link.docx"
    link.symlink_to(target)
    with pytest.raises(InputError, match="symbolic link"):
        read_source(_source(link))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        read_source(_source(tmp_path / "gone.docx"))


def _run_limited(code: str, timeout: float = 20.0) -> subprocess.CompletedProcess[str]:
    def limits() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (1024**3, 1024**3))

    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=limits,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        check=False,
    )


def test_fifo_named_docx_never_blocks(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.docx"
    os.mkfifo(fifo)
    proc = _run_limited(
        f"""
        from pathlib import Path
        from transflow.core.errors import InputError
        from transflow.core.records import SourceFile
        from transflow.formats import read_source
        try:
            read_source(SourceFile(Path({str(fifo)!r}), "sources/pipe.docx", "pipe"))
        except InputError as exc:
            print("REFUSED", exc)
        """,
        timeout=10,
    )
    assert "REFUSED sources/pipe.docx: is not a regular file" in proc.stdout, proc.stderr


BOMBS = {
    "single_node": ("bomb_single_node", "exceeds 100 MB"),
    "many_nodes": ("bomb_many_nodes", "exceeds 100 MB"),
    "ratio": ("bomb_ratio", "zip bomb?"),
    "entries": ("many_entries", "too many zip entries"),
}


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_zip_bomb_refused_under_memory_and_time_limits(tmp_path: Path, name: str) -> None:
    maker, expected = BOMBS[name]
    path = getattr(fx, maker)(tmp_path / f"{name}.docx")
    proc = _run_limited(
        f"""
        import resource, time
        from pathlib import Path
        from transflow.core.errors import InputError
        from transflow.core.records import SourceFile
        from transflow.formats import read_source
        t = time.time()
        try:
            read_source(SourceFile(Path({str(path)!r}), "sources/bomb.docx", "bomb"))
            print("OPENED")
        except InputError as exc:
            print("REFUSED", exc)
        print("SECONDS", round(time.time() - t, 2))
        """
    )
    assert proc.returncode == 0, proc.stderr
    assert "REFUSED sources/bomb.docx: " in proc.stdout, proc.stdout + proc.stderr
    assert expected in proc.stdout
    seconds = float(proc.stdout.split("SECONDS")[1])
    assert seconds < 5


@pytest.mark.parametrize("name", ["xxe_utf32", "xxe_utf7", "xxe_png_main"])
def test_I13_6_dtd_in_any_encoding_or_part_name_is_refused(cases: dict, name: str) -> None:
    """before: a UTF-32 part or a main part named word/document.png passed the DTD scan,
    and the text after the entity was silently dropped."""
    path, _ = cases[name]
    with pytest.raises(InputError, match="DTD or entity declarations are not allowed"):
        read_source(_source(path))
