"""docs/cli.md is what scripts/gen_cli_docs.py makes from every command's --help now."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "gen_cli_docs", ROOT / "scripts" / "gen_cli_docs.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["gen_cli_docs"] = module
    spec.loader.exec_module(module)
    return module


def test_cli_reference_is_up_to_date() -> None:
    """In a process of its own: the help's width is read from the environment when typer
    is imported, so the script fixes it before (COLUMNS=TERMINAL_WIDTH=100, no colour)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"COLUMNS", "TERMINAL_WIDTH", "FORCE_COLOR", "FORCE_TERMINAL", "TTY_COMPATIBLE"}
    }
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_cli_docs.py"), "--check"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_cli_reference_covers_every_command() -> None:
    import typer

    from transflow.cli.app import app

    gen = _script()
    paths = gen._commands(typer.main.get_command(app))
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert ("xliff", "export") in paths and ("review", "import") in paths
    for path in paths:
        assert f"### `{' '.join(('transflow', *path))}`" in text
