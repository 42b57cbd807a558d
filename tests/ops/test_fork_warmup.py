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

# records, in each forked worker, the modules it imported after the fork (as it finishes
# each job), and in the command's process, whether it imported the TMX reader
_SCRIPT = """
import json, os, sys
from pathlib import Path

at_fork = {}
os.register_at_fork(after_in_child=lambda: at_fork.update(modules=set(sys.modules)))

from transflow.ops import check, extract, parallel
from transflow.workspace import config

job = parallel._run_job

def _run_job(item):
    done = job(item)
    late = sorted(set(sys.modules) - at_fork["modules"])
    Path(sys.argv[3], f"worker-{os.getpid()}.json").write_text(json.dumps(late))
    return done

parallel._run_job = _run_job  # (sent to the workers by name: found in __main__)
cfg = config.load(Path(sys.argv[2]))
if sys.argv[1] == "extract":
    extract.run(cfg)
else:
    assert [issue for found in check.findings(cfg) for issue in found]
print(json.dumps("transflow.exchange.tmx" in sys.modules))
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


def _late_imports(command: str, ws: Path, reports: Path) -> dict[str, list[str]]:
    """By worker, the modules it imported after the fork, ``command`` run in ``ws``."""
    for old in reports.glob("*"):
        old.unlink()
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, command, str(ws), str(reports)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) is False  # no tm/: the TMX reader never imported
    return {p.name: json.loads(p.read_text()) for p in sorted(reports.iterdir())}


def test_workers_import_nothing_the_command_could_have_imported_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first extract big enough to fork (24 articles or more), then a check: no worker
    imports a module after the fork."""
    ws, reports = tmp_path / "ws", tmp_path / "reports"
    _workspace(ws, 30)
    reports.mkdir()
    monkeypatch.setenv("TRANSFLOW_JOBS", "2")  # forked, however many CPUs the machine has
    extracted = _late_imports("extract", ws, reports)
    assert len(extracted) == 2, extracted  # two workers forked
    assert extracted == {name: [] for name in extracted}
    for po in ws.glob("locales/*/a0*.po"):  # translated: the numbers check has work to do
        po.write_text(po.read_text().replace('msgstr ""\n\n', 'msgstr "7 hours"\n\n', 1))
    checked = _late_imports("check", ws, reports)
    assert len(checked) == 2, checked
    assert checked == {name: [] for name in checked}


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
