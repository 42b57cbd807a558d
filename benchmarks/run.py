"""Time transflow and its peers as whole processes on a generated corpus.

``python benchmarks/run.py --articles 100 --languages 10 --runs 3``

* builds (once, cached in ``benchmarks/out/<N>x<L>/``) the corpus with
  ``benchmarks/corpus.py``: ``base`` (sources only), ``filled`` (catalogs extracted and
  filled: ~70 % translated, 10 % fuzzy), ``edited`` (``filled`` with 5 % of the source
  paragraphs changed since the catalogs were merged) and ``edited-pots`` (the templates
  of the edited sources, the input of ``msgmerge``);
* runs every selected job: one warm-up run (untimed) then ``--runs`` timed runs, each on
  a fresh copy of the corpus where the job changes it. Each run is timed under GNU
  ``/usr/bin/time`` (CPU = user + sys of the process and its children, peak RSS of the
  largest process) with the wall clock read around it;
* prints a Markdown table (median wall, median CPU, peak RSS) and the ratios
  peer ÷ transflow per comparable job, and writes them to
  ``benchmarks/results/<N>x<L>.md`` and ``.json``.

Peers are used when installed: Translate Toolkit from ``benchmarks/.venv-peers``
(``python -m venv benchmarks/.venv-peers && benchmarks/.venv-peers/bin/pip install
translate-toolkit``) or ``PATH``; GNU gettext (``msgfmt``, ``msgmerge``) and po4a from
``PATH``. po4a is slow (a Perl start per article), so it runs only up to
``--po4a-max-articles`` (default 100).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402

PY = sys.executable
TRANSFLOW = corpus.transflow_command()
TIME = "/usr/bin/time"


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


def prepare(c: Corpus, edit_pct: float, seed: int) -> dict[str, object]:
    """Build the corpus variants unless they are there; returns facts about the corpus."""
    stamp = c.root / "ready.json"
    if stamp.exists():
        return json.loads(stamp.read_text())
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
    }
    stamp.write_text(json.dumps(facts, indent=2))
    return facts


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


# ---------------------------------------------------------------------- jobs


@dataclasses.dataclass
class Job:
    name: str  # what is done, e.g. "status"
    tool: str  # who does it
    group: str  # jobs of one group are compared (ratio peer ÷ transflow)
    command: list[str]  # run in ``cwd``; a loop of processes is a ``sh`` script
    workspace: Path | None = None  # the corpus folder the job reads
    copy: bool = False  # give every run a fresh copy of ``workspace``
    fresh_dirs: tuple[str, ...] = ()  # folders (relative to cwd) emptied before each run
    warm: Callable[[Path], None] | None = None  # once, on the copy, before the runs
    ok_codes: tuple[int, ...] = (0,)
    note: str = ""
    runs: int | None = None  # override --runs (slow jobs)

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


def settle_and_warm(*commands: list[str]) -> Callable[[Path], None]:
    """Wait out the stat cache's racy window (2 s), then run ``commands`` once in the copy."""

    def warm(cwd: Path) -> None:
        time.sleep(2.2)
        for cmd in commands:
            subprocess.run(cmd, cwd=cwd, capture_output=True, check=False)

    return warm


def build_jobs(c: Corpus, scripts: Path, po4a_max: int) -> list[Job]:
    langs = c.langs
    slugs = c.slugs()
    jobs = [
        Job(
            "extract (cold)",
            "transflow",
            "extract-cold",
            tf("extract"),
            c.base,
            copy=True,
            note="no catalogs yet: segment, write every .pot and create every .po",
        ),
        Job(
            "extract (5 % edited)",
            "transflow",
            "extract-edited",
            tf("extract"),
            c.edited,
            copy=True,
            note="sources edited after the last merge; stat cache cold (copy)",
        ),
        Job(
            "extract (no-op)",
            "transflow",
            "extract-noop",
            tf("extract"),
            c.filled,
            copy=True,
            warm=settle_and_warm(tf("extract")),
            note="nothing changed since the last extract",
        ),
        Job(
            "status",
            "transflow",
            "status",
            tf("status"),
            c.filled,
            copy=True,
            warm=settle_and_warm(tf("extract"), tf("status")),
            note="stat cache warm",
        ),
        Job(
            "status --format json",
            "transflow",
            "status",
            tf("status", "--format", "json"),
            c.filled,
            copy=True,
            warm=settle_and_warm(tf("extract"), tf("status")),
            note="stat cache warm",
        ),
        Job(
            "status (cache deleted)",
            "transflow",
            "status",
            tf("status"),
            c.filled,
            copy=True,
            fresh_dirs=(".transflow/cache",),
            note="every catalog parsed",
        ),
        Job(
            "check",
            "transflow",
            "check",
            tf("check", "--format", "json"),
            c.filled,
            ok_codes=(0, 1),
            note="exit 1: errors found (pseudo-translations)",
        ),
        Job(
            "export --format md",
            "transflow",
            "export-md",
            tf("export", "--format", "md", "--threshold", "0"),
            c.filled,
            fresh_dirs=("exports",),
            ok_codes=(0, 1),
        ),
        Job(
            "export --format docx",
            "transflow",
            "export-docx",
            tf("export", "--format", "docx", "--threshold", "0"),
            c.filled,
            fresh_dirs=("exports",),
            ok_codes=(0, 1),
        ),
        Job(
            "status line scanner",
            "scan_baseline.py",
            "status",
            [PY, str(HERE / "scan_baseline.py"), "."],
            c.filled,
            note="Python floor",
        ),
        Job(
            "docx floor",
            "docx_floor.py",
            "export-docx",
            [PY, str(HERE / "docx_floor.py"), ".", "out-docx"],
            c.filled,
            fresh_dirs=("out-docx",),
            note="python-docx alone, one document per article × language",
        ),
    ]
    pocount = peer_bin("pocount")
    if pocount:
        jobs.append(
            Job(
                "status",
                "pocount --csv",
                "status",
                [pocount, "--csv", *(f"locales/{x}" for x in langs)],
                c.filled,
            )
        )
    txt2po = peer_bin("txt2po")
    if txt2po:
        jobs.append(
            Job(
                "extract .pot only",
                "txt2po -P",
                "extract-cold",
                [txt2po, "--progress", "none", "-P", "-i", "sources", "-o", "out-pot"],
                c.base,
                fresh_dirs=("out-pot",),
                note="templates only, no catalogs",
            )
        )
    po2txt = peer_bin("po2txt")
    if po2txt:
        lines = ["mkdir -p out-txt"] + [
            f"{shlex.quote(po2txt)} --progress none -t sources -i locales/{x} -o out-txt/{x}"
            for x in langs
        ]
        jobs.append(
            Job(
                "export text",
                "po2txt (process per language)",
                "export-md",
                loop_script(lines, scripts / "po2txt.sh"),
                c.filled,
                fresh_dirs=("out-txt",),
            )
        )
    if shutil.which("msgfmt"):
        lines = [
            f"msgfmt --statistics -o /dev/null locales/{x}/{s}.po 2>/dev/null"
            for x in langs
            for s in slugs
        ]
        jobs.append(
            Job(
                "status",
                "msgfmt --statistics (process per file)",
                "status",
                loop_script(lines, scripts / "msgfmt.sh"),
                c.filled,
            )
        )
    if shutil.which("msgmerge"):
        dirs = sorted({f"out-merge/{x}/{os.path.dirname(s)}" for x in langs for s in slugs})
        lines = [f"mkdir -p {' '.join(dirs)}"] + [
            f"msgmerge --quiet --previous -o out-merge/{x}/{s}.po locales/{x}/{s}.po "
            f"{c.edited_pots}/{s}.pot"
            for x in langs
            for s in slugs
        ]
        jobs.append(
            Job(
                "merge (5 % edited)",
                "msgmerge --previous (process per catalog)",
                "extract-edited",
                loop_script(lines, scripts / "msgmerge.sh"),
                c.edited,
                fresh_dirs=("out-merge",),
                note="merge only; the .pot made beforehand",
            )
        )
    if shutil.which("po4a-updatepo") and c.articles <= po4a_max:
        lines = [
            "po4a-updatepo -f text -M UTF-8 -m sources/"
            + s
            + ".txt "
            + " ".join(f"-p locales/{x}/{s}.po" for x in langs)
            + " >/dev/null 2>&1"
            for s in slugs
        ]
        jobs.append(
            Job(
                "extract (5 % edited)",
                "po4a-updatepo (process per article)",
                "extract-edited",
                loop_script(lines, scripts / "po4a-updatepo.sh"),
                c.edited,
                copy=True,
                runs=2,
                note="pot + merge into every language",
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
                "export text",
                "po4a-translate (process per document)",
                "export-md",
                loop_script(lines, scripts / "po4a-translate.sh"),
                c.filled,
                fresh_dirs=("out-po4a",),
                runs=1,
            )
        )
    return jobs


# ---------------------------------------------------------------------- timing


@dataclasses.dataclass
class Sample:
    wall: float
    cpu: float
    rss_mib: float
    code: int
    load: float = 0.0  # 1-minute load average when the run ended (other work on the machine)


def time_once(job: Job, cwd: Path) -> Sample:
    for d in job.fresh_dirs:
        shutil.rmtree(cwd / d, ignore_errors=True)
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf_:
        cmd = [TIME, "-o", tf_.name, "-f", "%e %U %S %M", *job.command]
        start = time.perf_counter()
        proc = subprocess.run(
            cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False
        )
        wall = time.perf_counter() - start
        fields = tf_.read().split()[-4:]
    code = proc.returncode
    if code not in job.ok_codes:
        tail = proc.stderr.decode(errors="replace").strip().splitlines()[-3:]
        raise RuntimeError(f"{job.tool} {job.name}: exit {code}: " + " | ".join(tail))
    _e, user, sys_, rss_kib = fields
    load = os.getloadavg()[0]
    return Sample(wall, float(user) + float(sys_), int(rss_kib) / 1024, code, load)


def run_job(job: Job, runs: int, work: Path) -> list[Sample]:
    n = job.runs if job.runs is not None else runs
    samples: list[Sample] = []
    assert job.workspace is not None
    shared_copy: Path | None = None
    if not job.copy:
        cwd = job.workspace
    elif job.warm is not None:  # the runs do not change it: one copy, warmed once
        shared_copy = cwd = _copy(job.workspace, work)
        job.warm(cwd)
    for i in range(n + 1):  # run 0 is the untimed warm-up
        if job.copy and shared_copy is None:
            cwd = _copy(job.workspace, work)
        sample = time_once(job, cwd)
        if i:
            samples.append(sample)
        if job.copy and shared_copy is None:
            shutil.rmtree(cwd)
        if i == 0 and n == 1 and sample.wall > 60:  # slow job: the warm-up run counts
            samples.append(sample)
            break
    for d in job.fresh_dirs:
        shutil.rmtree(cwd / d, ignore_errors=True)
    if shared_copy is not None:
        shutil.rmtree(shared_copy)
    return samples


def _copy(src: Path, work: Path) -> Path:
    dest = Path(tempfile.mkdtemp(prefix="run-", dir=work))
    shutil.rmtree(dest)
    shutil.copytree(src, dest, symlinks=True)
    shutil.rmtree(dest / ".transflow", ignore_errors=True)
    return dest


# ---------------------------------------------------------------------- report


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

    tt_python = HERE / ".venv-peers" / "bin" / "python"
    return {
        "nproc": str(os.cpu_count()),
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
                str(tt_python),
                "-c",
                "import importlib.metadata as m; print(m.version('translate-toolkit'))",
            ]
        )
        if tt_python.exists()
        else "not installed",
    }


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


def _tf_version() -> str:
    out = subprocess.run(
        [PY, "-c", "import transflow; print(transflow.__version__)"],
        capture_output=True,
        text=True,
        check=False,
    )
    return out.stdout.strip() or "?"


def summarize(job: Job, samples: list[Sample]) -> dict[str, object]:
    return {
        "job": job.name,
        "tool": job.tool,
        "group": job.group,
        "runs": len(samples),
        "wall_s": statistics.median(s.wall for s in samples),
        "wall_min_s": min(s.wall for s in samples),
        "wall_max_s": max(s.wall for s in samples),
        "cpu_s": statistics.median(s.cpu for s in samples),
        "peak_rss_mib": max(s.rss_mib for s in samples),
        "exit": sorted({s.code for s in samples}),
        "load": max(s.load for s in samples),
        "note": job.note,
    }


def ratios(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    """peer ÷ transflow (median wall) for every peer row against each transflow row of
    its group."""
    out = []
    for peer in rows:
        if peer["tool"] == "transflow":
            continue
        for ours in rows:
            if ours["tool"] != "transflow" or ours["group"] != peer["group"]:
                continue
            out.append(
                {
                    "group": peer["group"],
                    "peer": f"{peer['tool']}: {peer['job']}",
                    "transflow": ours["job"],
                    "peer_s": peer["wall_s"],
                    "transflow_s": ours["wall_s"],
                    "ratio": peer["wall_s"] / ours["wall_s"],
                    "peer_cpu_s": peer["cpu_s"],
                    "transflow_cpu_s": ours["cpu_s"],
                    "cpu_ratio": peer["cpu_s"] / ours["cpu_s"],
                }
            )
    return out


def markdown(name: str, facts: dict, mach: dict, rows: list[dict], rats: list[dict]) -> str:
    lines = [
        f"# Benchmark {name}",
        "",
        f"Corpus {name}: {facts['articles']} articles × {len(facts['languages'])} languages, "
        f"{facts['catalogs']} catalogs, {facts['units_in_po']} units in .po "
        f"({facts['translated']} translated, {facts['fuzzy']} fuzzy, "
        f"{facts['untranslated']} untranslated), {facts['edited_paragraphs']} paragraphs "
        f"edited ({facts['edit_percent']:g} %), locales {facts['locales_bytes'] / 1e6:.1f} MB, "
        f"sources {facts['sources_bytes'] / 1e6:.1f} MB.",
        "",
        "Machine: " + ", ".join(f"{k} {v}" for k, v in mach.items()),
        "",
        "| job | tool | corpus | runs | median wall s | min–max s | CPU s | peak RSS MiB | exit |"
        " load | note |",
        "|---|---|---|---:|---:|---:|---:|---:|---|---:|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['job']} | {r['tool']} | {name} | {r['runs']} | {r['wall_s']:.2f} | "
            f"{r['wall_min_s']:.2f}–{r['wall_max_s']:.2f} | {r['cpu_s']:.2f} | "
            f"{r['peak_rss_mib']:.1f} | {','.join(map(str, r['exit']))} | "
            f"{r['load'] if 'load' in r else float('nan'):.1f} | {r['note']} |"
        )
    if rats:
        lines += [
            "",
            "Ratios peer ÷ transflow (> 1 means transflow is faster), of the median wall time"
            " and of the median CPU time (CPU is the steadier figure when the machine is"
            " shared; msgmerge uses 2 threads):",
            "",
            "| group | peer | transflow job | peer s | transflow s | wall ratio | CPU ratio |",
            "|---|---|---|---:|---:|---:|---:|",
        ]
        for r in rats:
            lines.append(
                f"| {r['group']} | {r['peer']} | {r['transflow']} | {r['peer_s']:.2f} | "
                f"{r['transflow_s']:.2f} | {r['ratio']:.2f}× | {r['cpu_ratio']:.2f}× |"
            )
    return "\n".join(lines) + "\n"


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=100)
    ap.add_argument("--languages", type=int, default=10)
    ap.add_argument("--runs", type=int, default=3, help="timed runs per job (after a warm-up)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--edit", type=float, default=5.0, help="percent of paragraphs edited")
    ap.add_argument("--skip-peers", action="store_true", help="time transflow jobs only")
    ap.add_argument(
        "--jobs",
        default="",
        help="comma-separated groups or tools to run "
        "(e.g. status,extract-edited,msgmerge); default: all",
    )
    ap.add_argument("--exclude", default="", help="comma-separated groups or tools to leave out")
    ap.add_argument("--po4a-max-articles", type=int, default=100)
    ap.add_argument("--out", type=Path, default=HERE / "out", help="corpus and scratch folder")
    ap.add_argument("--results", type=Path, default=HERE / "results")
    ap.add_argument(
        "--tag",
        default="",
        help="results/<N>x<L>-TAG.{md,json} (default: "
        "'partial' for a run with --jobs, --exclude or --skip-peers)",
    )
    ap.add_argument("--list", action="store_true", help="list the jobs and exit")
    ap.add_argument(
        "--render",
        type=Path,
        metavar="JSON",
        help="only rewrite the .md of an earlier run from its .json",
    )
    args = ap.parse_args(argv)

    if args.render:
        saved = json.loads(args.render.read_text())
        rows = saved["rows"]
        text = markdown(saved["corpus"], saved["facts"], saved["machine"], rows, ratios(rows))
        args.render.with_suffix(".md").write_text(text)
        print(text)
        return 0
    name = f"{args.articles}x{args.languages}"
    c = Corpus(name, args.articles, args.languages, (args.out / name).resolve())
    facts = prepare(c, args.edit, args.seed)
    scripts = c.root / "scripts"
    scripts.mkdir(exist_ok=True)
    work = c.root / "work"
    work.mkdir(exist_ok=True)
    jobs = build_jobs(c, scripts, args.po4a_max_articles)
    if args.skip_peers:
        jobs = [j for j in jobs if j.is_transflow]
    if args.jobs:
        wanted = [w.strip() for w in args.jobs.split(",") if w.strip()]
        jobs = [j for j in jobs if any(w in (j.group, j.name) or w in j.tool for w in wanted)]
    if args.exclude:
        unwanted = [w.strip() for w in args.exclude.split(",") if w.strip()]
        jobs = [j for j in jobs if not any(w in (j.group, j.name) or w in j.tool for w in unwanted)]
    if args.list:
        for j in jobs:
            print(f"{j.group:15} {j.tool:45} {j.name}")
        return 0

    mach = machine()  # before the runs: the commit timed
    rows = []
    for job in jobs:
        log(f"{job.group}: {job.tool}: {job.name} …")
        try:
            samples = run_job(job, args.runs, work)
        except RuntimeError as exc:
            log(f"  FAILED: {exc}")
            continue
        row = summarize(job, samples)
        log(
            f"  median {row['wall_s']:.2f} s, CPU {row['cpu_s']:.2f} s, "
            f"{row['peak_rss_mib']:.1f} MiB"
        )
        rows.append(row)
    end_commit = _commit()
    if end_commit != mach["transflow_commit"]:  # src/ changed while we measured
        mach["transflow_commit"] += f" (at the end: {end_commit})"
    rats = ratios(rows)
    text = markdown(name, facts, mach, rows, rats)
    args.results.mkdir(parents=True, exist_ok=True)
    partial = args.jobs or args.exclude or args.skip_peers
    suffix = f"-{args.tag}" if args.tag else ("-partial" if partial else "")
    (args.results / f"{name}{suffix}.md").write_text(text)
    (args.results / f"{name}{suffix}.json").write_text(
        json.dumps(
            {"corpus": name, "facts": facts, "machine": mach, "rows": rows, "ratios": rats},
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
