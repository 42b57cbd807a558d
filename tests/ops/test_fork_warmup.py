"""What forked workers need is made ready once, in the command's own process, before they
fork: a worker that imports a module or loads Babel's data itself does it once per worker
(issue 15: each of the two workers of an extract after edits spent about a twentieth of
its CPU so). The name-exchange probe runs once per filesystem, not once per folder."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from transflow.workspace import store

# records, in each forked worker as it stops, the modules it imported after the fork,
# and in the command's process, whether it imported the TMX reader
_SCRIPT = """
import json, os, sys
from pathlib import Path

at_fork = {}
os.register_at_fork(after_in_child=lambda: at_fork.update(modules=set(sys.modules)))

from transflow.ops import extract
from transflow.workspace import config

finish = extract._finish_worker

def reporting(context):
    late = sorted(set(sys.modules) - at_fork["modules"])
    Path(sys.argv[2], f"worker-{os.getpid()}.json").write_text(json.dumps(late))
    return finish(context)

extract._finish_worker = reporting
result = extract.run(config.load(Path(sys.argv[1])))
print(json.dumps({"articles": result.articles, "tmx": "transflow.exchange.tmx" in sys.modules}))
"""


def _workspace(root: Path, articles: int) -> None:
    (root / "sources").mkdir(parents=True)
    (root / "transflow.toml").write_text(
        'source_language = "en"\nlanguages = ["ru", "de", "ar", "zh_Hans"]\n'
    )
    for n in range(articles):
        (root / "sources" / f"a{n:02}.txt").write_text(
            f"Headline {n}\n\nThe council met on Monday – “a long meeting” – for {n} hours.\n"
        )


def test_extract_workers_import_nothing_the_command_could_have_imported_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first extract big enough to fork (24 articles or more): each worker imports no
    module after the fork; the TMX reader is never imported without a tm/ folder."""
    ws, reports = tmp_path / "ws", tmp_path / "reports"
    _workspace(ws, 30)
    reports.mkdir()
    monkeypatch.setenv("TRANSFLOW_JOBS", "2")  # forked, however many CPUs the machine has
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(ws), str(reports)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"articles": 30, "tmx": False}
    late = {p.name: json.loads(p.read_text()) for p in sorted(reports.iterdir())}
    assert len(late) == 2, late  # two workers forked
    assert late == {name: [] for name in late}


def test_the_exchange_probe_runs_once_per_filesystem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not store._exchange_supported([]):
        pytest.skip("no renameat2 here")
    probed: list[Path] = []
    real = store._probe_exchange

    def probe(folder: Path) -> bool:
        probed.append(folder)
        return real(folder)

    monkeypatch.setattr(store, "_probe_exchange", probe)
    monkeypatch.setattr(store, "_EXCHANGE_OK", {})
    folders = [tmp_path / name for name in ("ru", "de", "ar")]
    for folder in folders:
        folder.mkdir()
    staged = [store._Staged(str(f / "a.po"), str(f / ".a.po.tmp"), "a.po", None) for f in folders]
    assert store._exchange_supported(staged)
    assert store._exchange_supported(staged)  # (asked again: known)
    assert len(probed) == 1 and probed[0] in folders
    assert not list(probed[0].iterdir())  # its scratch files removed
    # a folder that is not there: no exchange (the caller writes another way)
    gone = store._Staged(str(tmp_path / "gone" / "a.po"), "", "a.po", None)
    assert not store._exchange_supported([gone])
