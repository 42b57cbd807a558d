"""What forked workers need is made ready once, in the command's own process, before they
fork: a worker that imports a module or loads Babel's data itself does it once per worker
(issue 15: each of the two workers of an extract after edits spent about a twentieth of
its CPU so)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

# records, in each forked worker, as it finishes each job: the modules of transflow and of
# the libraries it uses that it imported after the fork, and the caches of Babel's data
# it had to fill itself; in the command's process, whether it imported the TMX reader
_SCRIPT = """
import json, os, sys
from pathlib import Path

from transflow.checks import numbers, numwords
from transflow.lang import codes
from transflow.ops import check, extract, parallel
from transflow.workspace import config

CACHES = {
    "codes.info": codes.info,
    "codes.plural_forms": codes.plural_forms,
    "numbers._symbols": numbers._symbols,
    "numwords._months": numwords._months,
}
OURS = ("transflow", "babel", "lxml", "rapidfuzz", "numpy", "yaml", "docx")
at_fork = {}

def forked():
    at_fork["modules"] = set(sys.modules)
    at_fork["misses"] = {name: f.cache_info().misses for name, f in CACHES.items()}

os.register_at_fork(after_in_child=forked)
job = parallel._run_job

def _run_job(item):
    done = job(item)
    late = [m for m in set(sys.modules) - at_fork["modules"] if m.split(".")[0] in OURS]
    late += [
        name for name, f in CACHES.items() if f.cache_info().misses > at_fork["misses"][name]
    ]
    Path(sys.argv[3], f"worker-{os.getpid()}.json").write_text(json.dumps(sorted(late)))
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
    """By worker, what it imported or read of Babel's data after the fork, ``command`` run
    in ``ws`` (a worker is listed once it has done a job: forked, then)."""
    for old in reports.glob("*"):
        old.unlink()
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, command, str(ws), str(reports)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) is False  # no tm/: the TMX reader never imported
    return {p.name: json.loads(p.read_text()) for p in sorted(reports.iterdir())}


def test_workers_import_nothing_the_command_could_have_imported_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first extract big enough to fork (24 articles or more), then a check: no worker
    imports a module of transflow or of its libraries after the fork, nor reads Babel's
    data for a language."""
    ws, reports = tmp_path / "ws", tmp_path / "reports"
    _workspace(ws, 30)
    reports.mkdir()
    monkeypatch.setenv("TRANSFLOW_JOBS", "2")  # forked, however many CPUs the machine has
    extracted = _late_imports("extract", ws, reports)
    assert extracted  # forked
    assert extracted == {name: [] for name in extracted}
    for po in ws.glob("locales/*/a0*.po"):  # translated: the numbers check has work to do
        po.write_text(po.read_text().replace('msgstr ""\n\n', 'msgstr "7 hours"\n\n', 1))
    checked = _late_imports("check", ws, reports)
    assert checked
    assert checked == {name: [] for name in checked}
