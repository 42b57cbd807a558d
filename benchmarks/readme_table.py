"""Render the README's speed table from a results JSON, so no number is typed by hand.

``python benchmarks/readme_table.py benchmarks/results/1000x10.json [--scaling
benchmarks/results/scaling.json] [--sizes 100x10.json,1000x10.json,3000x10.json]
[--file README.md] [--check]``

replaces what lies between ``<!-- speed-summary -->`` and ``<!-- /speed-summary -->`` in
``--file`` (default: the repository's ``README.md``) with one line naming the run (corpus, commit, runs,
load) and the table job | transflow | best peer | ratio wall / CPU | goal | result, the
verdicts computed by ``report.evaluate`` from the rows of the run. With ``--sizes`` a
second table follows: each goal's ratio and verdict at each size. With ``--scaling`` a
line on linearity and memory follows. ``--check`` writes nothing and exits 1 when the
file is not up to date; ``--print`` prints the block instead of writing it.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import report  # noqa: E402


def _memory(job: Mapping[str, Any]) -> str:
    """A job's memory verdict (a scaling file from before the verdicts had ``flat`` only)."""
    return job.get("memory") or ("flat" if job["flat"] else "grows")


def scaling_line(data: Mapping[str, Any]) -> str:
    """One sentence: is every transflow job linear and flat between the sizes measured?"""
    jobs = [j for j in data["scaling"] if j["tool"] == "transflow" and len(j["points"]) > 1]
    sizes = list(data["sizes"])
    if not jobs:
        return f"Scaling ({', '.join(sizes)}): not enough sizes measured."
    superlinear = [
        f"{j['id']} ({j.get('relative_growth', j['linear_growth']):.2f}×)"
        for j in jobs
        if not j["linear"]
    ]
    growing = [f"{j['id']} ({j['rss_growth']:.2f}×)" for j in jobs if _memory(j) == "grows"]
    rows = [f"{j['id']} ({j['rss_kib_per_unit']:.2f} KiB)" for j in jobs if _memory(j) == "row"]
    worst_rss = max(p["peak_rss_mib"] for j in jobs for p in j["points"])
    cost = (
        "CPU per article × language is linear for every job"
        if not superlinear
        else "CPU per article × language grows faster than linearly for " + ", ".join(superlinear)
    )
    memory = "peak RSS is flat" if not growing else "peak RSS grows for " + ", ".join(growing)
    if rows:
        memory = (
            f"peak RSS grows by at most {report.ROW_KIB:g} KiB per article × language (a row"
            " of the report or a file staged per catalog) for "
            + ", ".join(rows)
            + ("; " + memory if growing else ", and is flat for every other job")
        )
    code = data.get("machine", {}).get("transflow_commit")
    measured = f"transflow {code}, " if code else ""
    return (
        f"Scaling from {sizes[0]} to {sizes[-1]} ({measured}`results/scaling.md`): {cost} "
        f"(growth ≤ {report.LINEAR_TOLERANCE:g}× its control's in the same runs, see its header); "
        f"{memory} "
        f"(≤ {report.FLAT_TOLERANCE:g}×; highest {worst_rss:.0f} MiB)."
    )


def render(
    results: Mapping[str, Any],
    scaling: Mapping[str, Any] | None = None,
    sizes: Sequence[Mapping[str, Any]] = (),
) -> str:
    lines = [
        "",
        report.caption(results),
        "",
        *report.goals_table(report.report_of(results)),
    ]
    if sizes:
        lines += [
            "",
            "Each goal at each size, ratio wall / CPU against the best peer in the same run "
            "(medians; the runs of each size and the machine's load: its results file):",
            "",
            *report.sizes_table(sizes),
        ]
    if scaling is not None:
        lines += ["", scaling_line(scaling)]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("results", type=Path, help="a results JSON written by run.py")
    ap.add_argument("--scaling", type=Path, help="results/scaling.json written by run.py")
    ap.add_argument(
        "--sizes",
        default="",
        metavar="JSON,JSON,…",
        help="results of run.py at several sizes, smallest first: a table of each goal at each",
    )
    ap.add_argument(
        "--file",
        type=Path,
        default=HERE.parent / "README.md",
        help="Markdown to update (default: the repository's README.md)",
    )
    ap.add_argument("--check", action="store_true", help="exit 1 if --file is not up to date")
    ap.add_argument("--print", action="store_true", help="print the block, write nothing")
    args = ap.parse_args(argv)
    results = json.loads(args.results.read_text(encoding="utf-8"))
    scaling = json.loads(args.scaling.read_text(encoding="utf-8")) if args.scaling else None
    sizes = [
        json.loads(Path(name).read_text(encoding="utf-8"))
        for name in args.sizes.split(",")
        if name.strip()
    ]
    block = render(results, scaling, sizes)
    if args.print:
        sys.stdout.write(block)
        return 0
    try:
        text = args.file.read_text(encoding="utf-8")
        new = report.replace_between_markers(text, block)
    except (OSError, ValueError) as exc:
        print(f"{args.file}: {exc}", file=sys.stderr)
        return 2
    if args.check:
        if new != text:
            print(f"{args.file}: the speed table is not up to date", file=sys.stderr)
            return 1
        return 0
    if new != text:
        args.file.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
