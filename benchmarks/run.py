"""Time transflow and its peers as whole processes on a generated corpus.

``python benchmarks/run.py --articles 1000 --languages 10 --runs 3``

* builds (once, cached in ``benchmarks/out/<N>x<L>/``) the corpus with
  ``benchmarks/corpus.py``: ``base`` (sources only), ``filled`` (catalogs extracted and
  filled: ~70 % translated, 10 % fuzzy), ``edited`` (``filled`` with 5 % of the source
  paragraphs changed since the catalogs were merged) and ``edited-pots`` (the templates
  of the edited sources, the input of ``msgmerge``);
* runs the jobs of issue 15 group by group; inside a group transflow and its peers take
  turns (A, B, A, B…: ``--warmup`` untimed rounds, then ``--runs`` timed rounds), so
  they see the same load. Each run is one process (or a ``sh`` loop of processes) waited
  for with ``wait4``: wall time from a monotonic clock, CPU = user + sys of the process
  and all its children, peak RSS of the largest of them; the 1-minute load average is
  read before and after every run;
* writes ``results/<N>x<L>.{md,json}``: every job (median and min of wall and CPU, peak
  RSS, load), every ratio peer ÷ transflow, and the goals of the issue, hit or missed
  (``report.py``; ``readme_table.py`` puts that table in the README).

``--scaling 100,1000,3000`` runs transflow's jobs (peers too with ``--scaling-peers``) at
each size and writes ``results/scaling.{md,json}``: cost per article × language and peak
RSS per size, linear or not, flat or not. The sizes are measured in one schedule: each
round of a group runs every size's jobs in turn, so a drift of the machine's speed
between sizes cannot pass for superlinear cost. With ``--scaling-peers`` it writes each
size's ``results/<N>x<L>.{md,json}`` as well: one run gives the goals at every size.

Peers are used when installed: Translate Toolkit from ``benchmarks/.venv-peers``
(``python -m venv benchmarks/.venv-peers && benchmarks/.venv-peers/bin/pip install
translate-toolkit``) or ``PATH``; GNU gettext (``msgmerge``, ``msgfmt``) and po4a from
``PATH``. ``--extras`` adds peers that are not in the issue's table (``msgfmt
--statistics`` per file, po4a per article up to ``--po4a-max-articles``).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import report  # noqa: E402

import corpus  # noqa: E402

PY = sys.executable
TRANSFLOW = corpus.transflow_command()
GNU_TIME = "/usr/bin/time"  # for the peak RSS of the command alone
RACY_S = 2.2  # the stat cache trusts a file only 2 s after it last changed


# ---------------------------------------------------------------- corpus preparation


@dataclasses.dataclass(frozen=True)
class Corpus:
    name: str
    articles: int
    languages: int
    root: Path  # benchmarks/out/<name>

    @property
    def base(self) -> Path:
        return self.root / "base"

    @property
    def filled(self) -> Path:
        return self.root / "filled"

    @property
    def edited(self) -> Path:
        return self.root / "edited"

    @property
    def edited_pots(self) -> Path:
        return self.root / "edited-pots"

    @property
    def langs(self) -> tuple[str, ...]:
        return corpus.LANGUAGES[: self.languages]

    def slugs(self) -> list[str]:
        src = self.base / "sources"
        return sorted(p.relative_to(src).with_suffix("").as_posix() for p in src.rglob("*.txt"))

    def changed_slugs(self) -> list[str]:
        """The articles whose source the 5 % edit changed."""
        return [
            s
            for s in self.slugs()
            if (self.filled / "sources" / f"{s}.txt").read_bytes()
            != (self.edited / "sources" / f"{s}.txt").read_bytes()
        ]


def prepare(c: Corpus, edit_pct: float, seed: int) -> dict[str, Any]:
    """Build the corpus variants unless they are there; returns facts about the corpus."""
    stamp = c.root / "ready.json"
    src = _src_commit()
    if stamp.exists():
        facts: dict[str, Any] = json.loads(stamp.read_text())
        if src in (facts.get("built_with_src"), facts.get("verified_with_src")):
            return facts
        # the catalogs are what that code's extract wrote: with other code, an extract
        # could rewrite them all and the jobs would time something else. The corpus is
        # kept when this code's extract leaves it exactly as it is (a fixed point).
        if _fixed_point(c):
            log(f"corpus {c.name}: this code's extract leaves it unchanged: reused")
            facts["verified_with_src"] = src
            stamp.write_text(json.dumps(facts, indent=2))
            return facts
        log(f"corpus {c.name} was built with src/ at {facts.get('built_with_src')}: rebuilding")
    shutil.rmtree(c.root, ignore_errors=True)
    log(f"generating corpus {c.name} in {c.root} …")
    corpus.write_workspace(c.base, c.articles, c.languages, seed)
    shutil.copytree(c.base, c.filled, symlinks=True)
    corpus.run_extract(c.filled)
    counts = corpus.fill_catalogs(c.filled, seed)
    shutil.copytree(c.filled, c.edited, symlinks=True)
    changed = corpus.edit_sources(c.edited, c.articles, edit_pct, seed)
    scratch = c.root / "scratch"
    shutil.copytree(c.edited, scratch, symlinks=True)
    corpus.run_extract(scratch)
    shutil.copytree(scratch / "locales" / "templates", c.edited_pots)
    shutil.rmtree(scratch)
    for folder in (c.filled, c.edited):
        shutil.rmtree(folder / ".transflow", ignore_errors=True)
    facts = {
        "articles": c.articles,
        "languages": list(c.langs),
        "catalogs": c.articles * c.languages,
        "units_in_po": counts["entries"],
        "translated": counts["translated"],
        "fuzzy": counts["fuzzy"],
        "untranslated": counts["untranslated"],
        "edited_paragraphs": changed,
        "edit_percent": edit_pct,
        "seed": seed,
        "sources_bytes": _size(c.base / "sources"),
        "locales_bytes": _size(c.filled / "locales"),
        "built_with_src": src,
    }
    stamp.write_text(json.dumps(facts, indent=2))
    return facts


def _fixed_point(c: Corpus) -> bool:
    """Whether ``transflow extract`` (this code) leaves the filled corpus byte for byte as
    it is: then every job times the same files as with the code that built it."""
    if not c.filled.is_dir() or not c.edited_pots.is_dir():
        return False
    before = _digests(c.filled / "locales")
    try:
        corpus.run_extract(c.filled)
    except SystemExit:
        return False
    finally:
        shutil.rmtree(c.filled / ".transflow", ignore_errors=True)
    return _digests(c.filled / "locales") == before


def _digests(folder: Path) -> dict[str, str]:
    import hashlib

    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


# ---------------------------------------------------------------------- jobs


@dataclasses.dataclass
class Job:
    id: str  # unique, named by report.GOALS
    job: str  # what is done
    tool: str  # who does it ("transflow" or the peer's command)
    group: str  # jobs of one group take turns (interleaved)
    command: list[str]  # run in the job's folder; a loop of processes is a ``sh`` script
    workspace: Path  # the corpus folder the job reads
    units: int  # article × language pairs handled (per-unit costs)
    # "read": runs in ``workspace`` itself (it writes only into ``fresh_dirs``);
    # "copy": a fresh copy of ``workspace`` per run, ``setup`` run on each copy (untimed);
    # "shared": one copy for all runs, ``setup`` run on it once
    mode: str = "read"
    setup: Callable[[Path], None] | None = None
    fresh_dirs: tuple[
        str, ...
    ] = ()  # folders (relative to the job's folder) moved aside (to the trash) before each run
    ok_codes: tuple[int, ...] = (0,)
    versus: tuple[str, ...] = ()  # the transflow job ids a peer is compared with
    extra: bool = False  # not in the table: only with --extras
    note: str = ""
    # in a schedule of several sizes (--scaling): the rank of the job's corpus, smallest
    # first; a group's round runs each size's jobs together (see groups_of)
    turn: int = 0

    @property
    def is_transflow(self) -> bool:
        return self.tool == "transflow"


def tf(*args: str) -> list[str]:
    return [*TRANSFLOW, *args]


def peer_bin(name: str) -> str | None:
    local = HERE / ".venv-peers" / "bin" / name
    if local.exists():
        return str(local)
    return shutil.which(name)


def loop_script(lines: list[str], path: Path) -> list[str]:
    path.write_text("set -e\n" + "\n".join(lines) + "\n")
    return ["sh", str(path)]


def quiet(cmd: list[str], cwd: Path) -> None:
    subprocess.run(cmd, cwd=cwd, capture_output=True, check=False)


def settle_then(*commands: list[str]) -> Callable[[Path], None]:
    """Wait out the stat cache's racy window, then run ``commands`` once in the folder."""

    def setup(cwd: Path) -> None:
        time.sleep(RACY_S)
        for cmd in commands:
            quiet(cmd, cwd)

    return setup


def after_edits(edited: Path, changed: list[str]) -> Callable[[Path], None]:
    """A workspace as an editor leaves it: extracted (stat cache warm), then 5 % of the
    paragraphs of the sources changed."""

    def setup(cwd: Path) -> None:
        time.sleep(RACY_S)
        quiet(tf("extract"), cwd)
        for slug in changed:
            shutil.copyfile(edited / "sources" / f"{slug}.txt", cwd / "sources" / f"{slug}.txt")

    return setup


def second_round(
    edited: Path, changed: list[str], articles: int, percent: float, seed: int
) -> Callable[[Path], None]:
    """A workspace as a newsroom's second round of edits finds it: extracted, the first
    round's 5 % of the paragraphs changed and extracted (which wrote those articles'
    catalogs, so the translation memories saved before are stale, as after any extract
    that wrote a catalog or a translator's save), then 5 % of the paragraphs changed
    again, other ones (:func:`corpus.edit_again`). The timed extract merges about as many
    catalogs as after the first round, with as many new units, and builds the memories."""

    first_round = after_edits(edited, changed)

    def setup(cwd: Path) -> None:
        first_round(cwd)
        time.sleep(RACY_S)
        quiet(tf("extract"), cwd)
        corpus.edit_again(cwd, articles, percent, seed)

    return setup


def export_twice(cwd: Path) -> None:
    """Export, wait out the racy window, export again: the next export has nothing to do."""
    quiet(tf("export", "--to", "md", "--threshold", "0"), cwd)
    time.sleep(RACY_S)
    quiet(tf("export", "--to", "md", "--threshold", "0"), cwd)


def build_jobs(
    c: Corpus, scripts: Path, docx_max: int, po4a_max: int, edit: tuple[float, int]
) -> list[Job]:
    """``edit``: the corpus's edit percent and seed (its ready.json), for the second round."""
    langs = c.langs
    slugs = c.slugs()
    changed = c.changed_slugs()
    edit_pct, seed = edit
    second_changed = len(corpus.edited_again(c.articles, edit_pct, seed))
    units = c.articles * c.languages
    docx_slugs = slugs[:docx_max]
    docx_units = len(docx_slugs) * c.languages
    docx_sources = [f"sources/{s}.txt" for s in docx_slugs]
    export_md = tf("export", "--to", "md", "--threshold", "0")
    jobs = [
        # status: cache warm and cold, against the line scanner and pocount
        Job(
            "status-warm",
            "status (stat cache warm)",
            "transflow",
            "status",
            tf("status"),
            c.filled,
            units,
            mode="shared",
            setup=settle_then(tf("extract"), tf("status")),
        ),
        Job(
            "status-cold",
            "status (no .transflow/)",
            "transflow",
            "status",
            tf("status"),
            c.filled,
            units,
            mode="shared",
            fresh_dirs=(".transflow",),
            note="every catalog read",
        ),
        Job(
            "status-scanner",
            "count every catalog",
            "bare line scanner",
            "status",
            [PY, str(HERE / "scan_baseline.py"), "."],
            c.filled,
            units,
            versus=("status-warm", "status-cold"),
            note="scan_baseline.py: the Python floor",
        ),
        # extract
        Job(
            "extract-scratch",
            "extract from scratch",
            "transflow",
            "extract-scratch",
            tf("extract"),
            c.base,
            units,
            mode="copy",
            note="sources only: every .pot and every .po created",
        ),
        Job(
            "extract-edits",
            "extract after 5 % edits",
            "transflow",
            "extract-edits",
            tf("extract"),
            c.filled,
            units,
            mode="copy",
            setup=after_edits(c.edited, changed),
            note=f"stat cache warm from the last extract, then {len(changed)} sources edited",
        ),
        Job(
            "extract-edits-stale",
            "extract after 5 % edits, memories stale",
            "transflow",
            "extract-edits",
            tf("extract"),
            c.filled,
            units,
            mode="copy",
            setup=second_round(c.edited, changed, c.articles, edit_pct, seed),
            note=f"a second round: the last extract wrote {len(changed)} articles' catalogs "
            "(the saved memories are stale: built again here), then 5 % of the paragraphs "
            f"edited again, in {second_changed} articles",
        ),
        Job(
            "extract-noop",
            "extract, nothing changed",
            "transflow",
            "extract-noop",
            tf("extract"),
            c.filled,
            units,
            mode="shared",
            setup=settle_then(tf("extract")),
        ),
        Job(
            "check",
            "check --format json",
            "transflow",
            "check",
            tf("check", "--format", "json"),
            c.filled,
            units,
            ok_codes=(0, 1),
            fresh_dirs=(".transflow",),
            note="no .transflow/ (the whole job); exit 1: findings (pseudo-translations)",
        ),
        Job(
            "export-md",
            "export --to md",
            "transflow",
            "export-md",
            export_md,
            c.filled,
            units,
            fresh_dirs=("exports", ".transflow"),
            ok_codes=(0, 1),
            note="exports/ and .transflow/ moved aside before each run: every document written",
        ),
        Job(
            "export-md-writefloor",
            "one new file per document, nothing translated",
            "file-creation floor",
            "export-md",
            [PY, str(HERE / "write_floor.py"), ".", "out-floor"],
            c.filled,
            units,
            fresh_dirs=("out-floor",),
            versus=("export-md",),
            note="write_floor.py: the sources' bytes written atomically, one file per "
            "article × language (what creating the files costs: a floor, not a peer)",
        ),
        Job(
            "export-md-noop",
            "export --to md, nothing changed since the last export",
            "transflow",
            "export-md-noop",
            export_md,
            c.filled,
            units,
            mode="shared",
            setup=export_twice,
            ok_codes=(0, 1),
        ),
        Job(
            "export-docx",
            f"export --to docx ({len(docx_slugs)} articles)",
            "transflow",
            "export-docx",
            tf("export", *docx_sources, "--to", "docx", "--threshold", "0"),
            c.filled,
            docx_units,
            fresh_dirs=("exports", ".transflow"),
            ok_codes=(0, 1),
            note=f"the first {len(docx_slugs)} articles × {c.languages} languages; exports/ "
            "and .transflow/ moved aside before each run",
        ),
        Job(
            "export-docx-floor",
            f"polib + python-docx ({len(docx_slugs)} articles)",
            "docx floor",
            "export-docx",
            [PY, str(HERE / "docx_floor.py"), ".", "out-docx", *docx_sources],
            c.filled,
            docx_units,
            fresh_dirs=("out-docx",),
            versus=("export-docx",),
            note="docx_floor.py: one document per article × language",
        ),
    ]
    pocount = peer_bin("pocount")
    if pocount:
        jobs.append(
            Job(
                "status-pocount",
                "count every catalog",
                "pocount --csv",
                "status",
                [pocount, "--csv", *(f"locales/{x}" for x in langs)],
                c.filled,
                units,
                versus=("status-warm", "status-cold"),
            )
        )
    txt2po = peer_bin("txt2po")
    if txt2po:
        q = shlex.quote(txt2po)
        lines = ["mkdir -p out-po", f"{q} --progress none -P -i sources -o out-po/templates"] + [
            f"{q} --progress none -i sources -o out-po/{x}" for x in langs
        ]
        jobs.append(
            Job(
                "extract-scratch-txt2po",
                "templates, then a catalog per language",
                "txt2po",
                "extract-scratch",
                loop_script(lines, scripts / "txt2po.sh"),
                c.base,
                units,
                fresh_dirs=("out-po",),
                versus=("extract-scratch",),
                note=f"{1 + len(langs)} processes: -P for the .pot, then one per language",
            )
        )
    if shutil.which("msgmerge"):
        dirs = sorted({f"out-merge/{x}/{os.path.dirname(s)}" for x in langs for s in changed})
        lines = [f"mkdir -p {' '.join(dirs)}"] if dirs else []
        lines += [
            f"msgmerge --quiet --previous -o out-merge/{x}/{s}.po locales/{x}/{s}.po "
            f"{c.edited_pots}/{s}.pot"
            for x in langs
            for s in changed
        ]
        jobs.append(
            Job(
                "extract-edits-msgmerge",
                "merge the changed articles' catalogs",
                "msgmerge --previous",
                "extract-edits",
                loop_script(lines, scripts / "msgmerge.sh"),
                c.edited,
                units,
                fresh_dirs=("out-merge",),
                versus=("extract-edits", "extract-edits-stale"),
                note=f"{len(changed)} changed articles × {len(langs)} languages = "
                f"{len(changed) * len(langs)} catalogs, one process each; the .pot made "
                "beforehand",
            )
        )
    pofilter = peer_bin("pofilter")
    if pofilter:
        q = shlex.quote(pofilter)
        lines = ["mkdir -p out-check"] + [
            f"{q} --progress none --language {x} -i locales/{x} -o out-check/{x}" for x in langs
        ]
        jobs.append(
            Job(
                "check-pofilter",
                "default tests, every catalog",
                "pofilter",
                "check",
                loop_script(lines, scripts / "pofilter.sh"),
                c.filled,
                units,
                fresh_dirs=("out-check",),
                versus=("check",),
                note="one process per language",
            )
        )
    po2txt = peer_bin("po2txt")
    if po2txt:
        q = shlex.quote(po2txt)
        lines = ["mkdir -p out-txt"] + [
            f"{q} --progress none -t sources -i locales/{x} -o out-txt/{x}" for x in langs
        ]
        jobs.append(
            Job(
                "export-md-po2txt",
                "localized text, every document",
                "po2txt",
                "export-md",
                loop_script(lines, scripts / "po2txt.sh"),
                c.filled,
                units,
                fresh_dirs=("out-txt",),
                versus=("export-md",),
                note="one process per language",
            )
        )
    # extras: peers the table does not name
    if shutil.which("msgfmt"):
        lines = [
            f"msgfmt --statistics -o /dev/null locales/{x}/{s}.po 2>/dev/null"
            for x in langs
            for s in slugs
        ]
        jobs.append(
            Job(
                "status-msgfmt",
                "count every catalog",
                "msgfmt --statistics",
                "status",
                loop_script(lines, scripts / "msgfmt.sh"),
                c.filled,
                units,
                versus=("status-warm", "status-cold"),
                extra=True,
                note="one process per catalog",
            )
        )
    if shutil.which("po4a-updatepo") and c.articles <= po4a_max:
        lines = [
            f"po4a-updatepo -f text -M UTF-8 -m sources/{s}.txt "
            + " ".join(f"-p locales/{x}/{s}.po" for x in langs)
            + " >/dev/null 2>&1"
            for s in changed
        ]
        jobs.append(
            Job(
                "extract-edits-po4a",
                "pot + merge of the changed articles",
                "po4a-updatepo",
                "extract-edits",
                loop_script(lines, scripts / "po4a-updatepo.sh"),
                c.edited,
                units,
                mode="copy",
                versus=("extract-edits",),
                extra=True,
                note="one process per changed article",
            )
        )
    if shutil.which("po4a-translate") and c.articles <= po4a_max:
        dirs = sorted({f"out-po4a/{x}/{os.path.dirname(s)}" for x in langs for s in slugs})
        lines = [f"mkdir -p {' '.join(dirs)}"] + [
            f"po4a-translate -f text -M UTF-8 -k 0 -m sources/{s}.txt -p locales/{x}/{s}.po "
            f"-l out-po4a/{x}/{s}.txt >/dev/null 2>&1"
            for x in langs
            for s in slugs
        ]
        jobs.append(
            Job(
                "export-md-po4a",
                "localized text, every document",
                "po4a-translate",
                "export-md",
                loop_script(lines, scripts / "po4a-translate.sh"),
                c.filled,
                units,
                fresh_dirs=("out-po4a",),
                versus=("export-md",),
                extra=True,
                note="one process per document",
            )
        )
    return jobs


def select(
    jobs: list[Job], wanted: str, unwanted: str, skip_peers: bool, extras: bool
) -> list[Job]:
    """The jobs of ``--jobs``/``--exclude`` (group, id or part of the tool's name)."""

    def matches(j: Job, words: str) -> bool:
        items = [w.strip() for w in words.split(",") if w.strip()]
        return any(w in (j.group, j.id) or w in j.tool for w in items)

    out = [j for j in jobs if extras or not j.extra]
    if skip_peers:
        out = [j for j in out if j.is_transflow]
    if wanted:
        out = [j for j in out if matches(j, wanted)]
    if unwanted:
        out = [j for j in out if not matches(j, unwanted)]
    return out


def groups_of(jobs: list[Job]) -> list[list[Job]]:
    """Jobs grouped by ``group``, in order of first appearance, transflow's first; with
    several sizes, size after size (its transflow jobs, then its peers: a job and its
    peers run one after the other, as in a round of one size)."""
    groups: dict[str, list[Job]] = {}
    for j in jobs:
        groups.setdefault(j.group, []).append(j)
    return [sorted(g, key=lambda j: (j.turn, not j.is_transflow)) for g in groups.values()]


# ---------------------------------------------------------------------- timing


class Trash:
    """Where a run's output goes instead of being deleted, until the whole benchmark ends.

    ext4 does not hand out an inode freed in the last half minute or so again, and it
    reads the inode table to skip each such one (``recently_deleted``): removing the
    previous run's 10,000–11,000 files right before a run made whichever job created
    files next pay for it in kernel time, 39 % of all samples in ``perf`` over an extract
    from scratch, and a different amount from run to run. Moved aside (a rename), the old
    files cost nothing until :meth:`empty` removes them after the last run.

    The same holds for the next benchmark: on a filesystem without a journal (this
    machine's) the kernel skips an inode deleted less than 60 s ago, 360 s while its
    inode table block is unwritten, and a run started right after the last one emptied
    its trash paid up to six times the kernel time for every file it created (an export
    at 1,000 x 10: 2.9 s of system time instead of 0.45 s). :meth:`empty` syncs and
    leaves the time it finished in ``stamp`` (:data:`EMPTIED` in the ``--out`` folder,
    which every size's runner shares); a runner waits until that is :data:`QUIET_S` old
    (:func:`wait_after_deletions`)."""

    EMPTIED = "trash-emptied"

    def __init__(self, work: Path, stamp: Path) -> None:
        self.root = work / "trash"
        self.stamp = stamp
        self._n = 0

    def put(self, path: Path) -> None:
        if not path.exists() and not path.is_symlink():
            return
        self.root.mkdir(parents=True, exist_ok=True)
        self._n += 1
        aside = self.root / f"{self._n}-{path.name}"
        while aside.exists():  # left by an interrupted benchmark: its trash was not emptied
            self._n += 1
            aside = self.root / f"{self._n}-{path.name}"
        path.rename(aside)

    def empty(self) -> None:
        if not self.root.exists():
            return
        shutil.rmtree(self.root, ignore_errors=True)
        os.sync()  # the inode table written: the kernel's shorter window applies
        self.stamp.write_text(f"{time.time():.3f}\n")


# how long after a trash was emptied the kernel stops skipping its inodes (60 s once
# the inode table is written, which Trash.empty makes sure of), with a margin
QUIET_S = 65.0


def wait_after_deletions(
    stamp: Path,
    clock: Callable[[], float] = time.time,
    sleep: Callable[[float], None] = time.sleep,
) -> float:
    """Sleep until the last :meth:`Trash.empty` (its ``stamp``) is :data:`QUIET_S` old
    (see :class:`Trash`); returns the seconds slept (0 when it is, or when there is none)."""
    try:
        emptied = float(stamp.read_text())
    except (OSError, ValueError):
        return 0.0
    left = emptied + QUIET_S - clock()
    if left <= 0:
        return 0.0
    left = min(left, QUIET_S)  # (a clock set back: never more than the window)
    log(f"waiting {left:.0f} s: the last run's trash was emptied just now (see Trash)")
    sleep(left)
    return left


def time_once(job: Job, cwd: Path, trash: Trash) -> dict[str, float]:
    """One run of ``job`` in ``cwd``: wall, CPU (user + sys, children included), peak RSS,
    exit code and the load average before and after.

    The command runs under GNU ``time`` only for its peak RSS (``%M``): a child forked
    from this Python process would count this process's memory as its own until its
    ``exec``. CPU comes from ``wait4`` (microseconds, ``time``'s own ~1 ms included);
    ``time``'s own figure is kept beside it as a cross-check."""
    for d in job.fresh_dirs:
        trash.put(cwd / d)
    # no run pays for the writes of the one before: a job that syncs the filesystem
    # (export, the write floor) would otherwise write back what the previous job left
    # in the page cache (po2txt's 10,000 files: 0.1 s more for an export at 1,000 x 10)
    os.sync()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile("r") as rss:
        command = [GNU_TIME, "-f", "%x %U %S %M", "-o", rss.name, *job.command]
        start = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err)
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        fields = rss.read().split()
        code = int(fields[-4]) if len(fields) >= 4 else proc.returncode
        if code not in job.ok_codes:
            err.seek(0)
            tail = err.read().decode(errors="replace").strip().splitlines()[-3:]
            raise RuntimeError(f"{job.id}: exit {code}: " + " | ".join(tail))
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "user": usage.ru_utime,
        "sys": usage.ru_stime,  # the kernel's share: file creation is most of it here
        "rss_mib": int(fields[-1]) / 1024,  # KiB
        "cpu_gnu_time": float(fields[-3]) + float(fields[-2]),  # cross-check, 10 ms steps
        "code": code,
        "load_before": load_before,
        "load_after": os.getloadavg()[0],
    }


class Runner:
    """Runs the interleaved schedule of a list of jobs, managing their folders."""

    def __init__(self, work: Path, runs: int, warmup: int, slow_s: float, out: Path) -> None:
        self.work, self.runs, self.warmup, self.slow_s = work, runs, warmup, slow_s
        work.mkdir(parents=True, exist_ok=True)
        self.trash = Trash(work, out / Trash.EMPTIED)

    def run(self, jobs: list[Job]) -> list[dict[str, Any]]:
        wait_after_deletions(self.trash.stamp)
        try:
            return self._run(jobs)
        finally:
            self.trash.empty()

    def _run(self, jobs: list[Job]) -> list[dict[str, Any]]:
        rows = []
        for group in groups_of(jobs):
            samples: dict[str, list[dict[str, float]]] = {j.id: [] for j in group}
            shared: dict[str, Path] = {}
            failed: set[str] = set()
            for rnd, job in report.interleave([group], self.runs, self.warmup):
                if job.id in failed or len(samples[job.id]) >= self.runs:
                    continue
                try:
                    sample = self._one(job, shared)
                except RuntimeError as exc:
                    log(f"  FAILED: {exc}")
                    failed.add(job.id)
                    continue
                sample["round"] = rnd
                timed = rnd >= 0 or (rnd == -1 and sample["wall"] > self.slow_s)
                log(
                    f"  {job.id} {'run ' + str(rnd + 1) if rnd >= 0 else 'warm-up'}: "
                    f"{sample['wall']:.2f} s, CPU {sample['cpu']:.2f} s, "
                    f"{sample['rss_mib']:.0f} MiB, load {sample['load_after']:.1f}"
                    + (" (slow: counted)" if rnd < 0 and timed else "")
                )
                if timed:
                    samples[job.id].append(sample)
            for path in shared.values():
                self.trash.put(path)
            for job in group:
                for d in job.fresh_dirs:
                    if job.mode == "read":
                        self.trash.put(job.workspace / d)
                if job.id in failed or not samples[job.id]:
                    continue
                row = {
                    "id": job.id,
                    "job": job.job,
                    "tool": job.tool,
                    "group": job.group,
                    "versus": list(job.versus),
                    "note": job.note,
                    **report.summarize(samples[job.id], job.units),
                    "exit": sorted({int(s["code"]) for s in samples[job.id]}),
                    "samples": samples[job.id],
                }
                rows.append(row)
        return rows

    def _one(self, job: Job, shared: dict[str, Path]) -> dict[str, float]:
        if job.mode == "read":
            return time_once(job, job.workspace, self.trash)
        if job.mode == "shared":
            if job.id not in shared:
                shared[job.id] = _copy(job.workspace, self.work)
                if job.setup is not None:
                    job.setup(shared[job.id])
            return time_once(job, shared[job.id], self.trash)
        cwd = _copy(job.workspace, self.work)
        try:
            if job.setup is not None:
                job.setup(cwd)
            return time_once(job, cwd, self.trash)
        finally:
            self.trash.put(cwd)


def _copy(src: Path, work: Path) -> Path:
    dest = Path(tempfile.mkdtemp(prefix="run-", dir=work))
    shutil.rmtree(dest)
    shutil.copytree(src, dest, symlinks=True)
    shutil.rmtree(dest / ".transflow", ignore_errors=True)
    return dest


# ---------------------------------------------------------------------- machine


def compile_bytecode() -> str:
    """Compile transflow's modules before any run, as ``pip install`` does for an installed
    package: an editable install under ``PYTHONDONTWRITEBYTECODE=1`` would otherwise
    compile every module again in every timed process (0.1–0.15 s each), a cost no user
    pays. The peers' packages were compiled by their ``pip install``."""
    where = subprocess.run(
        [PY, "-c", "import os, transflow; print(os.path.dirname(transflow.__file__))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    subprocess.run([PY, "-m", "compileall", "-q", where], check=True)
    return f"compiled beforehand ({where})"


def machine() -> dict[str, str]:
    model = "?"
    with open("/proc/cpuinfo") as fh:
        for line in fh:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as fh:
        mem_kib = int(fh.readline().split()[1])

    def version(cmd: list[str]) -> str:
        try:
            out = subprocess.run(cmd, capture_output=True, text=True, check=False)
        except OSError:
            return "not installed"
        text = (out.stdout or out.stderr).strip().splitlines()
        return text[0] if text else "?"

    return {
        "nproc": str(len(os.sched_getaffinity(0))),
        "cpu": model,
        "ram_gib": f"{mem_kib / 1024 / 1024:.1f}",
        "kernel": platform.release(),
        "python": platform.python_version(),
        "transflow": _tf_version(),
        "transflow_commit": _commit(),
        "msgmerge": version(["msgmerge", "--version"]),
        "po4a": version(["po4a-translate", "--version"]),
        "translate-toolkit": version(
            [
                *interpreter,
                "-c",
                "import importlib.metadata as m; print(m.version('translate-toolkit'))",
            ]
        )
        if (interpreter := _interpreter_of(peer_bin("pocount")))
        else "not installed",
        "load_start": _loadavg(),
        "bytecode": compile_bytecode(),
    }


def _interpreter_of(script: str | None) -> list[str]:
    """The command line of the interpreter a script runs with (its ``#!`` line: the
    Translate Toolkit the jobs run, from benchmarks/.venv-peers, a venv, pipx or Debian);
    empty when there is none."""
    if script is None:
        return []
    try:
        with open(script, "rb") as fh:
            first = fh.readline(512)
    except OSError:
        return []
    if not first.startswith(b"#!"):
        return []
    return shlex.split(first[2:].decode("utf-8", "replace"))


def commits_of(saved: list[dict[str, Any]]) -> str:
    """The code the results were timed on: one commit, or each size's when they differ."""
    commits = [d["machine"].get("transflow_commit", "?") for d in saved]
    if len(set(commits)) == 1:
        return commits[0]
    return ", ".join(f"{c} ({d['corpus']})" for c, d in zip(commits, saved, strict=True))


def _loadavg() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _commit() -> str:
    """The commit of the transflow source being timed (``+dirty`` with local changes in src/)."""
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=HERE.parent,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--", "src"],
        cwd=HERE.parent,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return (head or "?") + ("+dirty" if dirty else "")


def _src_commit() -> str:
    """The last commit that changed ``src/`` (``+dirty`` with local changes there)."""
    last = subprocess.run(
        ["git", "log", "-1", "--format=%h", "--", "src"],
        cwd=HERE.parent,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return (last or "?") + ("+dirty" if _commit().endswith("+dirty") else "")


def _tf_version() -> str:
    out = subprocess.run(
        [PY, "-c", "import transflow; print(transflow.__version__)"],
        capture_output=True,
        text=True,
        check=False,
    )
    return out.stdout.strip() or "?"


def _finish(mach: dict[str, str]) -> None:
    mach["load_end"] = _loadavg()
    end_commit = _commit()
    if end_commit != mach["transflow_commit"]:  # src/ changed while we measured
        mach["transflow_commit"] += f" (at the end: {end_commit})"


# ---------------------------------------------------------------------- main


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def write_json(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def measure(
    args: argparse.Namespace, articles: int, skip_peers: bool
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Prepare the corpus of one size, run the selected jobs; (facts, rows)."""
    name, c, facts, jobs = jobs_of_size(args, articles, skip_peers)
    if args.list:
        for j in jobs:
            print(f"{j.group:15} {j.id:24} {j.tool:22} {j.job}")
        return facts, []
    log(f"{name}: {len(jobs)} jobs, {args.runs} run(s) after {args.warmup} warm-up")
    rows = Runner(c.root / "work", args.runs, args.warmup, args.slow, args.out).run(jobs)
    return facts, rows


def measure_sizes(
    args: argparse.Namespace, sizes: list[int], skip_peers: bool
) -> tuple[dict[str, dict[str, Any]], dict[str, list[dict[str, Any]]]]:
    """Every size's jobs in one schedule: group after group, and inside each round of a
    group every size's jobs in turn (smallest first; each size's transflow jobs, then
    their peers), so the sizes are measured in the same round, under the same load
    (measured one after the other, they were minutes apart, and the machine's speed
    moved in between: tools linear by construction grew 1.26–1.8× from one size to the
    next). ``sizes`` in articles, in any order; (facts by size, rows by size), smallest
    first."""
    facts_by: dict[str, dict[str, Any]] = {}
    every: list[Job] = []
    for turn, n in enumerate(sorted(set(sizes))):
        name, _c, facts, jobs = jobs_of_size(args, n, skip_peers)
        facts_by[name] = facts
        every += [at_size(j, name, turn) for j in jobs]
    if args.list:
        for j in every:
            own, name = _size_of(j.id)
            print(f"{name:9} {j.group:15} {own:24} {j.tool:22} {j.job}")
        return facts_by, {}
    log(
        f"{', '.join(facts_by)} interleaved: {len(every)} jobs, {args.runs} run(s) after "
        f"{args.warmup} warm-up"
    )
    out = args.out.resolve()
    rows = Runner(out / "work", args.runs, args.warmup, args.slow, out).run(every)
    return facts_by, split_sizes(rows, list(facts_by))


def split_sizes(rows: list[dict[str, Any]], names: list[str]) -> dict[str, list[dict[str, Any]]]:
    """The rows of a schedule of several sizes (:func:`at_size`), by size, each under its
    own id again."""
    rows_by: dict[str, list[dict[str, Any]]] = {name: [] for name in names}
    for row in rows:
        job_id, name = _size_of(row["id"])
        rows_by[name].append(
            {**row, "id": job_id, "versus": [_size_of(v)[0] for v in row["versus"]]}
        )
    return rows_by


def at_size(job: Job, name: str, turn: int) -> Job:
    """``job`` of the corpus ``name``, the ``turn``-th size of a schedule of several (its
    id, and those it is compared with, suffixed ``@name``: :func:`_size_of` takes it
    off)."""
    return dataclasses.replace(
        job,
        id=f"{job.id}@{name}",
        versus=tuple(f"{v}@{name}" for v in job.versus),
        turn=turn,
    )


def _size_of(job_id: str) -> tuple[str, str]:
    """(the job's own id, its corpus) of an id made by :func:`at_size`."""
    own, _, name = job_id.rpartition("@")
    return own, name


def jobs_of_size(
    args: argparse.Namespace, articles: int, skip_peers: bool
) -> tuple[str, Corpus, dict[str, Any], list[Job]]:
    """The corpus of one size, prepared, its facts and its selected jobs."""
    name = f"{articles}x{args.languages}"
    c = Corpus(name, articles, args.languages, (args.out / name).resolve())
    facts = prepare(c, args.edit, args.seed)
    scripts = c.root / "scripts"
    scripts.mkdir(exist_ok=True)
    jobs = select(
        build_jobs(
            c,
            scripts,
            args.docx_max_articles,
            args.po4a_max_articles,
            edit=(float(facts["edit_percent"]), int(facts["seed"])),
        ),
        args.jobs,
        args.exclude,
        skip_peers,
        args.extras,
    )
    facts = {**facts, "changed_articles": len(c.changed_slugs())}
    return name, c, facts, jobs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=100)
    ap.add_argument("--languages", type=int, default=10)
    ap.add_argument("--runs", type=int, default=3, help="timed rounds per group")
    ap.add_argument("--warmup", type=int, default=1, help="untimed rounds first (default 1)")
    ap.add_argument(
        "--slow",
        type=float,
        default=60.0,
        help="a job whose warm-up takes longer than this many seconds counts its warm-up "
        "as a timed run (default 60)",
    )
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--edit", type=float, default=5.0, help="percent of paragraphs edited")
    ap.add_argument("--skip-peers", action="store_true", help="time transflow jobs only")
    ap.add_argument("--extras", action="store_true", help="also msgfmt and po4a")
    ap.add_argument(
        "--jobs",
        default="",
        help="comma-separated groups, job ids or tools (e.g. status,extract-edits,msgmerge)",
    )
    ap.add_argument("--exclude", default="", help="comma-separated groups, ids or tools")
    ap.add_argument(
        "--docx-max-articles",
        type=int,
        default=100,
        help="DOCX export (both transflow and the floor) on the first N articles only "
        "(default 100: 1,000 documents at 10 languages)",
    )
    ap.add_argument("--po4a-max-articles", type=int, default=100)
    ap.add_argument("--out", type=Path, default=HERE / "out", help="corpus and scratch folder")
    ap.add_argument("--results", type=Path, default=HERE / "results")
    ap.add_argument(
        "--tag",
        default="",
        help="results/<N>x<L>-TAG.{md,json} (default: 'partial' for a run with --jobs, "
        "--exclude or --skip-peers)",
    )
    ap.add_argument(
        "--scaling",
        default="",
        metavar="N,N,…",
        help="run transflow's jobs at each number of articles, every size in each round; "
        "results/scaling.{md,json} (and each size's results with --scaling-peers)",
    )
    ap.add_argument("--scaling-peers", action="store_true", help="peers too in --scaling")
    ap.add_argument(
        "--scaling-from",
        default="",
        metavar="JSON,JSON,…",
        help="write results/scaling.{md,json} from earlier results files instead of running",
    )
    ap.add_argument("--list", action="store_true", help="list the jobs and exit")
    ap.add_argument(
        "--render", type=Path, metavar="JSON", help="only rewrite the .md of an earlier run"
    )
    args = ap.parse_args(argv)
    args.results.mkdir(parents=True, exist_ok=True)

    if args.render:
        saved = json.loads(args.render.read_text())
        render = report.scaling_markdown if "scaling" in saved else report.results_markdown
        text = render(saved)
        args.render.with_suffix(".md").write_text(text)
        print(text)
        return 0

    if args.scaling_from:
        saved = [json.loads(Path(f).read_text()) for f in args.scaling_from.split(",") if f]
        saved.sort(key=lambda d: d["facts"]["articles"] * len(d["facts"]["languages"]))
        rows_by_size = {
            d["corpus"]: list(d["rows"])  # the peers too: each job's control (report.scaling)
            for d in saved
        }
        data = {
            "sizes": list(rows_by_size),
            "runs": ", ".join(str(d.get("runs", "?")) for d in saved),
            "warmup": ", ".join(str(d.get("warmup", "?")) for d in saved),
            "machine": {**saved[-1]["machine"], "transflow_commit": commits_of(saved)},
            "facts": {d["corpus"]: d["facts"] for d in saved},
            "rows": rows_by_size,
            "scaling": report.scaling(rows_by_size),
            "from": args.scaling_from.split(","),
            # files of one --scaling run: their sizes were measured in the same rounds
            "interleaved": _measured_together(saved),
        }
        stem = "scaling" + (f"-{args.tag}" if args.tag else "")
        write_json(args.results / f"{stem}.json", data)
        text = report.scaling_markdown(data)
        (args.results / f"{stem}.md").write_text(text, encoding="utf-8")
        print(text)
        return 0

    if args.scaling:
        sizes = [int(s) for s in args.scaling.split(",") if s.strip()]
        mach = machine()
        facts_by_size, rows_by_size = measure_sizes(args, sizes, skip_peers=not args.scaling_peers)
        if args.list:
            return 0
        _finish(mach)
        data = {
            "sizes": list(rows_by_size),
            "interleaved": True,  # (older files: the sizes measured one after the other)
            "runs": args.runs,
            "warmup": args.warmup,
            "machine": mach,
            "facts": facts_by_size,
            "rows": rows_by_size,
            "scaling": report.scaling(rows_by_size),
        }
        stem = "scaling" + (f"-{args.tag}" if args.tag else "")
        write_json(args.results / f"{stem}.json", data)
        text = report.scaling_markdown(data)
        (args.results / f"{stem}.md").write_text(text, encoding="utf-8")
        print(text)
        if args.scaling_peers:  # every size's round, its goals and ratios, as well
            partial = bool(args.jobs or args.exclude)  # (the peers are measured)
            for name, rows in rows_by_size.items():
                _write_round(
                    args, name, facts_by_size[name], mach, rows, list(rows_by_size), partial
                )
        return 0

    mach = machine()  # before the runs: the commit timed
    facts, rows = measure(args, args.articles, args.skip_peers)
    if args.list:
        return 0
    _finish(mach)
    _write_round(args, f"{args.articles}x{args.languages}", facts, mach, rows)
    return 0


def _measured_together(saved: list[dict[str, Any]]) -> bool:
    """Whether results files were written by one ``--scaling`` run (their sizes measured
    in the same rounds)."""
    together = saved[0].get("interleaved_with") or []
    return all(d.get("interleaved_with") == together and d["corpus"] in together for d in saved)


def _write_round(
    args: argparse.Namespace,
    name: str,
    facts: dict[str, Any],
    mach: dict[str, str],
    rows: list[dict[str, Any]],
    sizes: list[str] | None = None,
    partial: bool | None = None,
) -> None:
    """``results/<name>[-tag].{md,json}``: one corpus's rows, ratios and goals (printed
    unless it was measured with other ``sizes``, in one schedule)."""
    data = {
        "corpus": name,
        **({"interleaved_with": sizes} if sizes else {}),
        "runs": args.runs,
        "warmup": args.warmup,
        "facts": facts,
        "machine": mach,
        "rows": rows,
        "ratios": report.ratios(rows),
        "goals": [
            {k: v for k, v in g.items() if k not in ("ours_row", "peer_row")}
            for g in report.evaluate(report.GOALS, rows)
        ],
    }
    text = report.results_markdown(data)
    if partial is None:
        partial = bool(args.jobs or args.exclude or args.skip_peers)
    suffix = f"-{args.tag}" if args.tag else ("-partial" if partial else "")
    (args.results / f"{name}{suffix}.md").write_text(text, encoding="utf-8")
    write_json(args.results / f"{name}{suffix}.json", data)
    if not sizes:
        print(text)


if __name__ == "__main__":
    sys.exit(main())
