"""The pure half of the benchmark: statistics, ratios, goals, verdicts and tables.

Nothing here times anything or touches the disk: ``run.py`` measures and
``readme_table.py`` renders, both through these functions, so that every number in
``results/*.md`` and in the README's speed table comes from one computation (and the unit
tests in ``tests/benchmarks/test_report.py`` can check it without a clock).

Conventions:

* a *row* is the summary of one job's timed runs (``summarize``): medians and minima of
  wall and CPU seconds (CPU = user + sys of the process and all its children), the
  highest peak RSS, the load average around the runs;
* a *ratio* is peer ÷ transflow, so above 1 means transflow is faster;
* a *goal* names the transflow job, the peers it is measured against and the ratios (or
  the absolute bound) the issue asks for; the verdict uses the medians and the *best*
  peer, the one with the lowest median wall time.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import statistics
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, TypeVar

T = TypeVar("T")

Row = dict[str, Any]

# scaling: per-unit cost may grow this much from the smallest to the largest corpus and
# still count as linear; peak RSS may grow this much and still count as flat
LINEAR_TOLERANCE = 1.25
FLAT_TOLERANCE = 1.30
# a job that keeps something per catalog until it is done (check a row of its report,
# extract a file staged in its transaction; status and export until the tenth round, a
# row and a line of the stat cache, 0.5-0.8 KiB by tracemalloc): peak RSS that grows by
# at most this many KiB per unit between the two largest sizes is that, not a structure
# that grows with the corpus (a translation memory per worker grew 15 KiB)
ROW_KIB = 1.0


# ------------------------------------------------------------------ interleaving


def interleave(
    groups: Sequence[Sequence[T]], runs: int, warmup: int = 1
) -> Iterator[tuple[int, T]]:
    """The order of the runs: group after group, and inside a group every job once per
    round (A, B, A, B…), so a job and its peers see the same load. Rounds ``< 0`` are
    untimed warm-ups."""
    for group in groups:
        for r in range(-warmup, runs):
            for job in group:
                yield r, job


# ------------------------------------------------------------------ statistics


def summarize(samples: Sequence[Mapping[str, float]], units: int) -> Row:
    """Medians, minima and peaks of a job's timed samples (``wall``, ``cpu``, ``rss_mib``,
    ``load_before``, ``load_after``); ``units`` is how many article × language pairs the
    job handles (per-unit costs)."""
    if not samples:
        raise ValueError("no samples")
    walls = [s["wall"] for s in samples]
    cpus = [s["cpu"] for s in samples]
    split = {}
    if all("user" in s and "sys" in s for s in samples):  # older results lack the split
        split = {
            "user_s": statistics.median(s["user"] for s in samples),
            "sys_s": statistics.median(s["sys"] for s in samples),
        }
    return {
        **split,
        "runs": len(samples),
        "units": units,
        "wall_s": statistics.median(walls),
        "wall_min_s": min(walls),
        "wall_max_s": max(walls),
        "cpu_s": statistics.median(cpus),
        "cpu_min_s": min(cpus),
        "cpu_max_s": max(cpus),
        "peak_rss_mib": max(s["rss_mib"] for s in samples),
        "load_before": max(s["load_before"] for s in samples),
        "load_after": max(s["load_after"] for s in samples),
    }


# ------------------------------------------------------------------ ratios and goals


def ratio(peer: float, ours: float) -> float:
    """peer ÷ transflow; infinite when transflow took no measurable time."""
    return peer / ours if ours > 0 else float("inf")


def ratios(rows: Sequence[Row]) -> list[Row]:
    """peer ÷ transflow for every peer row against each transflow job it is compared with
    (its ``versus`` list), of the medians and of the minima, wall and CPU."""
    by_id = {r["id"]: r for r in rows}
    out = []
    for peer in rows:
        for ours_id in peer.get("versus", ()):
            ours = by_id.get(ours_id)
            if ours is None:
                continue
            out.append(
                {
                    "transflow": ours_id,
                    "peer": peer["id"],
                    "peer_tool": peer["tool"],
                    "wall": ratio(peer["wall_s"], ours["wall_s"]),
                    "cpu": ratio(peer["cpu_s"], ours["cpu_s"]),
                    "wall_of_min": ratio(peer["wall_min_s"], ours["wall_min_s"]),
                    "cpu_of_min": ratio(peer["cpu_min_s"], ours["cpu_min_s"]),
                }
            )
    return out


@dataclasses.dataclass(frozen=True)
class Goal:
    label: str  # the name of the job
    ours: str  # transflow job id
    peers: tuple[str, ...] = ()  # peer job ids; the best one (lowest median wall) counts
    wall: float | None = None  # minimum ratio peer ÷ transflow, wall
    cpu: float | None = None  # minimum ratio, CPU
    max_wall_s: float | None = None  # absolute bound on transflow's median wall time
    max_rss_mib: float | None = None  # absolute bound on transflow's peak RSS
    per_document: bool = False  # show times per document (article × language)
    text: str = ""  # the goal as the issue words it

    @property
    def goal_text(self) -> str:
        if self.text:
            return self.text
        if self.max_wall_s is not None:
            return f"< {self.max_wall_s:g} s"
        if self.max_rss_mib is not None:
            return f"< {self.max_rss_mib:g} MiB"
        if self.wall == self.cpu:
            return f"≥ {self.wall:g}×"
        return f"≥ {self.wall:g}× / ≥ {self.cpu:g}×"


# The goals of issue 15 (ratio = peer ÷ transflow; wall / CPU).
GOALS: tuple[Goal, ...] = (
    Goal(
        "status, cache warm",
        "status-warm",
        ("status-scanner", "status-pocount"),
        wall=1.0,
        cpu=1.0,
        text="keep (≥ 1× the best peer)",
    ),
    Goal("status, cache cold", "status-cold", ("status-scanner",), wall=0.5, cpu=0.5),
    Goal("extract from scratch", "extract-scratch", ("extract-scratch-txt2po",), 2.0, 1.5),
    Goal("extract after 5 % edits", "extract-edits", ("extract-edits-msgmerge",), 5.0, 5.0),
    Goal("check", "check", ("check-pofilter",), 3.0, 3.0, text="keep (≥ 3×)"),
    Goal("export md", "export-md", ("export-md-po2txt",), 5.0, 3.0),
    Goal("export md, nothing changed since the last export", "export-md-noop", max_wall_s=1.0),
    Goal("export docx", "export-docx", ("export-docx-floor",), 1.0, 1.0, per_document=True),
    Goal(
        "peak RSS, extract after edits",
        "extract-edits",
        max_rss_mib=150.0,
        text="< 150 MiB (flat: see scaling)",
    ),
)


def evaluate(goals: Sequence[Goal], rows: Sequence[Row]) -> list[Row]:
    """One verdict per goal: ``hit``, ``missed``, ``not run`` (transflow's job absent) or
    ``no peer`` (none of its peers was run)."""
    by_id = {r["id"]: r for r in rows}
    out = []
    for g in goals:
        ours = by_id.get(g.ours)
        result: Row = {"label": g.label, "goal": g.goal_text, "ours": g.ours}
        result["per_document"] = g.per_document
        if ours is None:
            out.append({**result, "verdict": "not run"})
            continue
        result["ours_row"] = ours
        checks: list[bool] = []
        if g.max_wall_s is not None:
            checks.append(ours["wall_s"] < g.max_wall_s)
        if g.max_rss_mib is not None:
            checks.append(ours["peak_rss_mib"] < g.max_rss_mib)
        if g.peers:
            candidates = [by_id[p] for p in g.peers if p in by_id]
            if not candidates:
                out.append({**result, "verdict": "no peer"})
                continue
            best = min(candidates, key=lambda r: r["wall_s"])
            wall = ratio(best["wall_s"], ours["wall_s"])
            cpu = ratio(best["cpu_s"], ours["cpu_s"])
            result.update(peer_row=best, wall_ratio=wall, cpu_ratio=cpu)
            result["wall_hit"] = g.wall is None or wall >= g.wall
            result["cpu_hit"] = g.cpu is None or cpu >= g.cpu
            checks += [result["wall_hit"], result["cpu_hit"]]
        out.append({**result, "verdict": "hit" if all(checks) else "missed"})
    return out


# ------------------------------------------------------------------ scaling


def scaling(rows_by_size: Mapping[str, Sequence[Row]]) -> list[Row]:
    """Per job, the cost per article × language (unit) at each size, and whether it is
    linear and its memory flat. ``rows_by_size`` maps a corpus name to its rows, smallest
    corpus first.

    * ``cpu_per_unit_steps``: CPU per unit at each size ÷ at the size before (start-up
      spread over more units makes it fall below 1);
    * ``marginal_cpu_ms``: the CPU one more unit costs between consecutive sizes,
      (cpu_b − cpu_a) ÷ (units_b − units_a), which the fixed start-up does not blur;
    * ``linear``: with three sizes or more, the last marginal cost ≤ LINEAR_TOLERANCE ×
      the first; with two, CPU per unit at the larger ≤ LINEAR_TOLERANCE × the smaller;
    * ``flat``: peak RSS at the largest size ≤ FLAT_TOLERANCE × at the smallest;
    * ``rss_kib_per_unit``: what one more unit adds to peak RSS between the two largest
      sizes (bounded memos are full by then, and RSS noise of a MiB is 0.05 KiB a unit
      over 20,000 units), and ``memory``: ``flat``; else ``row`` when that is at most
      ROW_KIB (a report row or a staged file per catalog); else ``grows``;
    * ``control``: for a transflow job, the tool measured in the same runs whose growth
      it is judged against (:func:`_controls`: of its peers and the bare line scanner,
      the one that grew least), ``control_growth`` that tool's own ``linear_growth``
      and ``relative_growth`` the job's ÷ it. A tool whose cost per unit is linear by
      construction (a line scanner, po2txt's one file at a time) still showed
      1.26–1.8× between the runs of one morning on the shared machine these rounds ran
      on, when the sizes were measured one after the other, minutes apart, and the
      machine's speed moved in between (``run.py --scaling`` now measures them in the
      same rounds, which leaves the control less to absorb). A job is then ``linear``
      when it grows at most LINEAR_TOLERANCE × as fast as its control (the raw growth is
      kept beside it); with no control measured (a ``--scaling`` run without peers), on
      its raw growth.
    """
    jobs: dict[str, list[tuple[str, Row]]] = {}
    for size, rows in rows_by_size.items():
        for r in rows:
            jobs.setdefault(r["id"], []).append((size, r))
    out = []
    for job_id, points in jobs.items():
        per_unit = [
            {
                "size": size,
                "units": r["units"],
                "wall_s": r["wall_s"],
                "cpu_s": r["cpu_s"],
                "wall_ms_per_unit": 1000 * r["wall_s"] / r["units"],
                "cpu_ms_per_unit": 1000 * r["cpu_s"] / r["units"],
                "peak_rss_mib": r["peak_rss_mib"],
            }
            for size, r in points
        ]
        pairs = list(itertools.pairwise(per_unit))
        steps = [ratio(b["cpu_ms_per_unit"], a["cpu_ms_per_unit"]) for a, b in pairs]
        marginal = [
            1000 * (b["cpu_s"] - a["cpu_s"]) / (b["units"] - a["units"])
            for a, b in pairs
            if b["units"] != a["units"]
        ]
        first, last = per_unit[0], per_unit[-1]
        growth = ratio(last["cpu_ms_per_unit"], first["cpu_ms_per_unit"])
        if len(marginal) >= 2:
            basis, linear_growth = "marginal", ratio(marginal[-1], marginal[0])
        else:
            basis, linear_growth = "per unit", growth
        rss_growth = ratio(last["peak_rss_mib"], first["peak_rss_mib"])
        multi = len(per_unit) > 1
        kib = None
        if multi and per_unit[-1]["units"] != per_unit[-2]["units"]:
            before = per_unit[-2]
            kib = (
                1024
                * (last["peak_rss_mib"] - before["peak_rss_mib"])
                / (last["units"] - before["units"])
            )
        memory = None
        if multi:
            memory = (
                "flat"
                if rss_growth <= FLAT_TOLERANCE
                else "row"
                if kib is not None and kib <= ROW_KIB
                else "grows"
            )
        out.append(
            {
                "id": job_id,
                "tool": points[0][1]["tool"],
                "points": per_unit,
                "cpu_per_unit_steps": steps,
                "cpu_per_unit_growth": growth,
                "marginal_cpu_ms": marginal,
                "linearity_basis": basis,
                "linear_growth": linear_growth,
                "rss_growth": rss_growth,
                "linear": (linear_growth <= LINEAR_TOLERANCE) if multi else None,
                "flat": (rss_growth <= FLAT_TOLERANCE) if multi else None,
                "rss_kib_per_unit": kib,
                "memory": memory,
            }
        )
    by_id = {j["id"]: j for j in out}
    for job_id, candidates in _controls(rows_by_size).items():
        job = by_id[job_id]
        usable = [
            by_id[c]
            for c in candidates
            if by_id[c]["linearity_basis"] == job["linearity_basis"]
            and 0 < by_id[c]["linear_growth"] < math.inf  # (a first marginal cost of 0)
        ]
        if job["linear"] is None or not usable:
            continue  # judged on its bare growth
        control = min(usable, key=lambda c: c["linear_growth"])  # the strictest
        relative = ratio(job["linear_growth"], control["linear_growth"])
        job.update(
            control=control["id"],
            control_growth=control["linear_growth"],
            relative_growth=relative,
            linear=relative <= LINEAR_TOLERANCE,
        )
    return out


# a control of every job: a pure-Python pass over every catalog, linear by
# construction, as the machine's clock
CLOCK = "status-scanner"


def _controls(rows_by_size: Mapping[str, Sequence[Row]]) -> dict[str, list[str]]:
    """Each transflow job's candidate controls, measured at every size: the peers that
    name it (``versus``) and the :data:`CLOCK`. :func:`scaling` judges the job against
    the one that grew least (a peer doing the same work, were it superlinear itself,
    must not excuse the job: the clock bounds it), leaving out any whose growth cannot
    be told (a floor whose first marginal cost is 0)."""
    sizes = list(rows_by_size.values())
    everywhere = set.intersection(*({r["id"] for r in rows} for rows in sizes)) if sizes else set()
    largest = {r["id"]: r for r in sizes[-1]} if sizes else {}
    controls: dict[str, list[str]] = {}
    for job_id, r in largest.items():
        if r["tool"] != "transflow" or job_id not in everywhere:
            continue
        peers = [
            p["id"] for p in largest.values()
            if job_id in p.get("versus", ()) and p["id"] in everywhere
        ]  # fmt: skip
        if CLOCK in everywhere and CLOCK not in peers:
            peers.append(CLOCK)
        if peers:
            controls[job_id] = peers
    return controls


# ------------------------------------------------------------------ Markdown


def _s(seconds: float) -> str:
    if seconds < 10:
        return f"{seconds:.2f} s"
    return f"{seconds:.1f} s"


def _x(value: float) -> str:
    return f"{value:.2f}×" if value < 10 else f"{value:.0f}×"


def cost(row: Row, per_document: bool = False) -> str:
    """A row's median cost as a table cell: wall and CPU, or CPU per document."""
    if per_document:
        ms = 1000 * row["cpu_s"] / row["units"]
        wall = 1000 * row["wall_s"] / row["units"]
        return f"{ms:.1f} ms CPU per document ({wall:.1f} ms wall)"
    return f"{_s(row['wall_s'])}, {_s(row['cpu_s'])} CPU"


def verdict_cell(result: Row) -> str:
    v = result["verdict"]
    if v == "missed":
        parts = []
        if result.get("wall_hit") is False:
            parts.append("wall")
        if result.get("cpu_hit") is False:
            parts.append("CPU")
        return "**missed**" + (f" ({', '.join(parts)})" if parts else "")
    return v


def goals_table(results: Sequence[Row]) -> list[str]:
    """The speed table: job, transflow, best peer, ratio wall / CPU, goal, hit/missed."""
    lines = [
        "| job | transflow | best peer, same run | ratio wall / CPU | goal | result |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        if r["verdict"] in ("not run",):
            lines.append(f"| {r['label']} | not run | – | – | {r['goal']} | not run |")
            continue
        ours = r["ours_row"]
        if r["label"].startswith("peak RSS"):
            ours_cell = f"{ours['peak_rss_mib']:.0f} MiB"
        else:
            ours_cell = cost(ours, r["per_document"])
        if "peer_row" in r:
            peer = r["peer_row"]
            peer_cell = f"{peer['tool']}: {cost(peer, r['per_document'])}"
            ratio_cell = f"{_x(r['wall_ratio'])} / {_x(r['cpu_ratio'])}"
        else:
            peer_cell = ratio_cell = "–"
        lines.append(
            f"| {r['label']} | {ours_cell} | {peer_cell} | {ratio_cell} | {r['goal']} | "
            f"{verdict_cell(r)} |"
        )
    return lines


def sizes_table(runs: Sequence[Mapping[str, Any]]) -> list[str]:
    """Each goal at each size (``runs``: results of run.py, one a corpus): the ratio wall /
    CPU against the best peer (or the measure an absolute goal bounds) and the verdict."""
    verdicts = [report_of(data) for data in runs]
    head = " | ".join(
        f"{data['corpus']} ({data['machine'].get('transflow_commit', '?')})" for data in runs
    )
    lines = [f"| job | goal | {head} |", "|---|---|" + "---|" * len(runs)]
    for n, goal in enumerate(verdicts[0]):
        cells = []
        for results in verdicts:
            r = results[n]
            if r["verdict"] in ("not run", "no peer"):
                cells.append(r["verdict"])
                continue
            if "wall_ratio" in r:
                measure = f"{_x(r['wall_ratio'])} / {_x(r['cpu_ratio'])}"
            elif goal["label"].startswith("peak RSS"):
                measure = f"{r['ours_row']['peak_rss_mib']:.0f} MiB"
            else:
                measure = _s(r["ours_row"]["wall_s"])
            cells.append(f"{measure}, {verdict_cell(r)}")
        lines.append(f"| {goal['label']} | {goal['goal']} | {' | '.join(cells)} |")
    return lines


def report_of(data: Mapping[str, Any]) -> list[Row]:
    """The goals' verdicts of one run's results."""
    return evaluate(GOALS, data["rows"])


def _load(mach: Mapping[str, Any]) -> str:
    return (
        f"nproc {mach.get('nproc', '?')}, load average (1 min) {mach.get('load_start', '?')} "
        f"at the start and {mach.get('load_end', '?')} at the end"
    )


def _with_sizes(data: Mapping[str, Any]) -> str:
    """How a round measured with other sizes (``run.py --scaling``) says so."""
    others = [size for size in data.get("interleaved_with") or () if size != data["corpus"]]
    if not others:
        return ""
    return f", and in the same rounds as {', '.join(others)} (run.py --scaling)"


def caption(data: Mapping[str, Any]) -> str:
    """One line naming the corpus, the code, the runs and the machine's load."""
    mach = data["machine"]
    facts = data["facts"]
    return (
        f"Corpus {data['corpus']} ({facts['catalogs']:,} catalogs), transflow "
        f"{mach.get('transflow_commit', '?')}, {data.get('runs', '?')} timed run(s) per job "
        f"after {data.get('warmup', '?')} warm-up, peers interleaved in the same run"
        f"{_with_sizes(data)}; "
        f"medians; ratio = peer ÷ transflow (> 1: transflow faster); {_load(mach)}."
    )


def results_markdown(data: Mapping[str, Any]) -> str:
    """The whole results file of one run (``results/<N>x<L>.md``)."""
    facts, mach, rows = data["facts"], data["machine"], data["rows"]
    lines = [
        f"# Benchmark {data['corpus']}",
        "",
        f"Corpus {data['corpus']}: {facts['articles']} articles × {len(facts['languages'])} "
        f"languages, {facts['catalogs']} catalogs, {facts['units_in_po']} units in .po "
        f"({facts['translated']} translated, {facts['fuzzy']} fuzzy, "
        f"{facts['untranslated']} untranslated), {facts['edited_paragraphs']} paragraphs "
        f"edited ({facts['edit_percent']:g} %) in {facts.get('changed_articles', '?')} "
        f"articles, locales {facts['locales_bytes'] / 1e6:.1f} MB, "
        f"sources {facts['sources_bytes'] / 1e6:.1f} MB.",
        "",
        "Machine: " + ", ".join(f"{k} {v}" for k, v in mach.items()),
        "",
        caption(data),
        "",
        "## Goals (issue 15)",
        "",
        *goals_table(evaluate(GOALS, rows)),
        "",
        "## Every job",
        "",
        "Wall and CPU seconds: median (min); CPU = user + sys including children (user / sys:"
        " their medians, where recorded); peak RSS of the largest process over all runs;"
        " load = 1-minute load average before → after a run (highest of the runs).",
        "",
        "| id | tool | job | runs | wall s | CPU s | user / sys s | peak RSS MiB | load | exit"
        " | note |",
        "|---|---|---|---:|---:|---:|---:|---:|---|---|---|",
    ]
    for r in rows:
        split = f"{r['user_s']:.2f} / {r['sys_s']:.2f}" if "user_s" in r else "–"
        lines.append(
            f"| {r['id']} | {r['tool']} | {r['job']} | {r['runs']} | "
            f"{r['wall_s']:.2f} ({r['wall_min_s']:.2f}) | {r['cpu_s']:.2f} ({r['cpu_min_s']:.2f}) | "
            f"{split} | {r['peak_rss_mib']:.1f} | {r['load_before']:.1f} → {r['load_after']:.1f} | "
            f"{','.join(map(str, r['exit']))} | {r['note']} |"
        )
    rats = ratios(rows)
    if rats:
        lines += [
            "",
            "## Every ratio",
            "",
            "peer ÷ transflow of the medians (and of the minima); > 1: transflow faster.",
            "",
            "| transflow job | peer | wall | CPU | wall of minima | CPU of minima |",
            "|---|---|---:|---:|---:|---:|",
        ]
        for q in rats:
            lines.append(
                f"| {q['transflow']} | {q['peer_tool']} ({q['peer']}) | {_x(q['wall'])} | "
                f"{_x(q['cpu'])} | {_x(q['wall_of_min'])} | {_x(q['cpu_of_min'])} |"
            )
    return "\n".join(lines) + "\n"


def scaling_markdown(data: Mapping[str, Any]) -> str:
    """``results/scaling.md``: per job and size, cost per article × language and RSS."""
    table = data["scaling"]
    sizes = list(data["sizes"])
    lines = [
        "# Scaling",
        "",
        f"Sizes {', '.join(sizes)}; transflow {data['machine'].get('transflow_commit', '?')};"
        f" {data.get('runs', '?')} timed run(s) per job; {_load(data['machine'])}.",
        "",
        "Cost per unit (article × language): median wall ms (CPU ms in brackets); peak RSS"
        " in MiB. *Marginal*: the CPU ms one more unit costs between consecutive sizes (the"
        " fixed start-up left out). *Growth*: with three sizes or more, the last marginal"
        " cost ÷ the first; with two, CPU per unit at the larger size ÷ the smaller."
        " *Linear*: a transflow job's growth at most"
        f" {LINEAR_TOLERANCE:g}× its control's, the tool measured in the same runs that grew"
        " least of its peers and the bare line scanner (the machine's clock): "
        + (
            "the sizes were measured in the same rounds (each round of a group ran every"
            " size's jobs in turn)"
            if data.get("interleaved")
            else "the sizes were measured one after the other, minutes apart, and tools"
            " linear by construction grew 1.26–1.8× between them on this shared machine"
        )
        + "; without a control measured, and for a peer,"
        f" its own growth ≤ {LINEAR_TOLERANCE:g}×. *RSS KiB/unit*: what one more unit adds"
        " to peak RSS between the two largest sizes. *Memory*: flat when peak RSS at the"
        f" largest size is ≤ {FLAT_TOLERANCE:g}× the smallest; *a row per unit* when it"
        f" grows, by at most {ROW_KIB:g} KiB per unit (what a command keeps per catalog until"
        " it is done: a row of its report, a file staged in its transaction);"
        " otherwise it **grows**.",
        "",
        "| job | tool | "
        + " | ".join(f"{s} ms/unit" for s in sizes)
        + " | "
        + " | ".join(f"{s} RSS" for s in sizes)
        + " | CPU/unit, step ratios | marginal CPU ms/unit | growth | control: growth"
        " (relative) | linear | RSS growth | RSS KiB/unit | memory |",
        "|---|---|" + "---:|" * (2 * len(sizes)) + "---|---|---:|---|---|---:|---:|---|",
    ]
    for j in table:
        by_size = {p["size"]: p for p in j["points"]}
        cells = [
            f"{by_size[s]['wall_ms_per_unit']:.2f} ({by_size[s]['cpu_ms_per_unit']:.2f})"
            if s in by_size
            else "–"
            for s in sizes
        ]
        rss = [f"{by_size[s]['peak_rss_mib']:.0f}" if s in by_size else "–" for s in sizes]
        steps = ", ".join(f"{x:.2f}×" for x in j["cpu_per_unit_steps"]) or "–"
        marginal = ", ".join(f"{x:.2f}" for x in j["marginal_cpu_ms"]) or "–"
        linear = _yes(j["linear"], "linear", "superlinear")
        growth = (
            "–" if j["linear"] is None else f"{j['linear_growth']:.2f}× ({j['linearity_basis']})"
        )
        control = (
            f"{j['control']}: {j['control_growth']:.2f}× ({j['relative_growth']:.2f}×)"
            if "control" in j
            else "–"
        )
        kib = "–" if j.get("rss_kib_per_unit") is None else f"{j['rss_kib_per_unit']:.2f}"
        lines.append(
            f"| {j['id']} | {j['tool']} | {' | '.join(cells)} | {' | '.join(rss)} | {steps} | "
            f"{marginal} | {growth} | {control} | {linear} | {j['rss_growth']:.2f}× | "
            f"{kib} | {_MEMORY.get(j.get('memory'), '–')} |"
        )
    return "\n".join(lines) + "\n"


_MEMORY = {"flat": "flat", "row": "a row per unit", "grows": "**grows**"}


def _yes(value: bool | None, yes: str, no: str) -> str:
    if value is None:
        return "–"
    return yes if value else f"**{no}**"


# ------------------------------------------------------------------ README markers

BEGIN = "<!-- speed-summary -->"
END = "<!-- /speed-summary -->"


def replace_between_markers(text: str, body: str, begin: str = BEGIN, end: str = END) -> str:
    """``text`` with what lies between the markers replaced by ``body`` (markers kept)."""
    start = text.find(begin)
    stop = text.find(end, start + len(begin)) if start >= 0 else -1
    if start < 0 or stop < 0:
        raise ValueError(f"markers {begin} … {end} not found")
    return text[: start + len(begin)] + "\n" + body.rstrip("\n") + "\n" + text[stop:]
