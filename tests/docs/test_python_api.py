"""The Python examples of docs/python-api.md run, in order, in a copy of the sample workspace."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "python-api.md"
# the sample workspace: configuration, sources, catalogs, glossary (exports are rewritten)
SAMPLE = ["transflow.toml", "sources", "locales", "glossary"]


def code_blocks(text: str) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```$", text, re.S | re.M)


def test_the_page_has_examples_of_every_part() -> None:
    blocks = code_blocks(DOC.read_text(encoding="utf-8"))
    assert len(blocks) >= 6
    joined = "\n".join(blocks)
    for call in ("extract.run", "status.run", "check.run", "export.run", "pofile.load"):
        assert call in joined
    assert "pofile.save" in joined


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    ws = tmp_path / "news"
    ws.mkdir()
    for name in SAMPLE:
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, ws / name)
        else:
            shutil.copy2(src, ws / name)
    return ws


def test_the_examples_run(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(workspace)
    monkeypatch.setenv("TRANSFLOW_JOBS", "1")
    namespace: dict[str, object] = {"__name__": "python_api_example"}
    before = (workspace / "locales" / "de" / "khojaly-commemoration-moscow.po").read_bytes()
    for i, block in enumerate(code_blocks(DOC.read_text(encoding="utf-8")), 1):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            try:
                exec(compile(block, f"docs/python-api.md, example {i}", "exec"), namespace)
            except Exception as exc:  # pragma: no cover - the failure report
                pytest.fail(f"example {i} of docs/python-api.md failed: {exc!r}\n{block}")
    # the examples did what they say
    assert (workspace / "exports" / "ru" / "city-bike-share-expansion.md").is_file()
    after = (workspace / "locales" / "de" / "khojaly-commemoration-moscow.po").read_bytes()
    assert after != before and b"Entwurf: " in after
    assert (workspace / "press-terms.po").is_file()
    assert os.path.exists(workspace / "broken.po")
