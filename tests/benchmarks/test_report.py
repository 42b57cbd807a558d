"""The benchmark's pure parts: interleaving, statistics, ratios, goals, tables, markers.

Nothing here times anything: the rows are made up, and each test checks a computation
the results files and the README's speed table rely on.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "benchmarks"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


report = _load("report")
readme_table = _load("readme_table")
run = _load("run")


def row(id_: str, tool: str, wall: float, cpu: float, **extra: Any) -> dict[str, Any]:
    return {
        "id": id_,
        "tool": tool,
        "job": id_,
        "group": id_.split("-")[0],
        "versus": [],
        "note": "",
        "runs": 3,
        "units": 1000,
        "wall_s": wall,
        "wall_min_s": wall * 0.9,
        "wall_max_s": wall * 1.1,
        "cpu_s": cpu,
        "cpu_min_s": cpu * 0.9,
        "cpu_max_s": cpu * 1.1,
        "peak_rss_mib": 50.0,
        "load_before": 1.0,
        "load_after": 1.5,
        "exit": [0],
        **extra,
    }


# ------------------------------------------------------------------ interleaving


def test_interleave_alternates_jobs_inside_a_group_after_the_warmup() -> None:
    order = list(report.interleave([["A", "B"], ["C"]], runs=2, warmup=1))
    assert order == [
        (-1, "A"),
        (-1, "B"),
        (0, "A"),
        (0, "B"),
        (1, "A"),
        (1, "B"),
        (-1, "C"),
        (0, "C"),
        (1, "C"),
    ]


def test_interleave_without_warmup_has_only_timed_rounds() -> None:
    order = list(report.interleave([["A", "B", "C"]], runs=1, warmup=0))
    assert order == [(0, "A"), (0, "B"), (0, "C")]


def _job(id_: str, tool: str, group: str, extra: bool = False) -> Any:
    return run.Job(id_, id_, tool, group, ["true"], Path("."), 10, extra=extra)


def test_groups_put_transflow_first_and_keep_the_order_of_groups() -> None:
    jobs = [
        _job("p1", "pocount", "status"),
        _job("t1", "transflow", "status"),
        _job("t2", "transflow", "check"),
        _job("t3", "transflow", "status"),
        _job("p2", "pofilter", "check"),
    ]
    groups = run.groups_of(jobs)
    assert [[j.id for j in g] for g in groups] == [["t1", "t3", "p1"], ["t2", "p2"]]


def test_scaling_runs_every_size_in_each_round_and_writes_each_sizes_results(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--scaling 200,100 --scaling-peers``: each round of a group runs the smallest
    size's job and its peer, then the next size's (the pairs adjacent, as in a round of
    one size); the rows come back by size under their own ids, in each size's results
    file and in the scaling table, which say the sizes were measured together; the
    table made again from those files (--scaling-from) says so too."""
    timed: list[tuple[int, str]] = []

    def jobs_of_size(args: Any, articles: int, skip_peers: bool) -> tuple[Any, ...]:
        assert not skip_peers
        peer = _job("export-md-po2txt", "po2txt", "export-md")
        peer.versus = ("export-md",)
        jobs = [peer, _job("export-md", "transflow", "export-md")]  # (transflow goes first)
        for job in jobs:
            job.units = articles * 2
        facts = {**_results([])["facts"], "articles": articles, "catalogs": articles * 2}
        return f"{articles}x2", None, facts, jobs

    def one(self: Any, job: Any, shared: dict[str, Path]) -> dict[str, float]:
        own, size = job.id.split("@")
        timed.append((len(timed) // 4, job.id))
        articles = int(size.split("x")[0])
        wall = articles / 100 * (1.0 if own == "export-md" else 5.0)
        return {"wall": wall, "cpu": wall, "rss_mib": 30.0, "code": 0,
                "load_before": 1.0, "load_after": 1.0}  # fmt: skip

    monkeypatch.setattr(run, "jobs_of_size", jobs_of_size)
    monkeypatch.setattr(run.Runner, "_one", one)
    monkeypatch.setattr(run, "machine", lambda: {"transflow_commit": "c0de"})
    results = tmp_path / "results"
    common = ["--results", str(results), "--out", str(tmp_path / "out"), "--languages", "2"]
    argv = ["--scaling", "200,100", "--scaling-peers", "--runs", "2", "--warmup", "0"]
    assert run.main([*argv, *common, "--tag", "t"]) == 0
    turn = [
        "export-md@100x2",
        "export-md-po2txt@100x2",
        "export-md@200x2",
        "export-md-po2txt@200x2",
    ]
    assert timed == [(0, i) for i in turn] + [(1, i) for i in turn]
    for size, wall in (("100x2", 1.0), ("200x2", 2.0)):
        data = json.loads((results / f"{size}-t.json").read_text())
        assert data["interleaved_with"] == ["100x2", "200x2"]
        assert [(r["id"], r["versus"], r["wall_s"]) for r in data["rows"]] == [
            ("export-md", [], wall),
            ("export-md-po2txt", ["export-md"], 5 * wall),
        ]
        assert [q["cpu"] for q in data["ratios"]] == [5.0]
        other = "200x2" if size == "100x2" else "100x2"
        text = (results / f"{size}-t.md").read_text()
        assert f"in the same rounds as {other} (run.py --scaling)" in text
    scaling = json.loads((results / "scaling-t.json").read_text())
    assert scaling["interleaved"] is True and scaling["sizes"] == ["100x2", "200x2"]
    assert "measured in the same rounds" in (results / "scaling-t.md").read_text()
    files = ",".join(str(results / f"{size}-t.json") for size in ("200x2", "100x2"))
    assert run.main(["--scaling-from", files, *common, "--tag", "again"]) == 0
    assert json.loads((results / "scaling-again.json").read_text())["interleaved"] is True
    alone = _results([row("export-md", "transflow", 1.0, 1.0)])  # a round of one size
    (results / "alone.json").write_text(json.dumps(alone))
    files = f"{results / 'alone.json'},{results / '200x2-t.json'}"
    assert run.main(["--scaling-from", files, *common, "--tag", "mixed"]) == 0
    assert json.loads((results / "scaling-mixed.json").read_text())["interleaved"] is False


def test_select_by_group_id_or_tool_and_extras_only_on_request() -> None:
    jobs = [
        _job("status-warm", "transflow", "status"),
        _job("status-pocount", "pocount --csv", "status"),
        _job("status-msgfmt", "msgfmt --statistics", "status", extra=True),
        _job("check", "transflow", "check"),
    ]

    def ids(selected: list[Any]) -> list[str]:
        return [j.id for j in selected]

    assert ids(run.select(jobs, "", "", False, False)) == ["status-warm", "status-pocount", "check"]
    assert ids(run.select(jobs, "status", "", False, True)) == [
        "status-warm",
        "status-pocount",
        "status-msgfmt",
    ]
    assert ids(run.select(jobs, "pocount,check", "", False, False)) == ["status-pocount", "check"]
    assert ids(run.select(jobs, "", "status", True, False)) == ["check"]


# ------------------------------------------------------------------ statistics


def test_summarize_gives_medians_minima_and_peaks() -> None:
    samples = [
        {"wall": 3.0, "cpu": 2.0, "rss_mib": 40.0, "load_before": 1.0, "load_after": 2.0},
        {"wall": 1.0, "cpu": 1.5, "rss_mib": 60.0, "load_before": 3.0, "load_after": 0.5},
        {"wall": 2.0, "cpu": 4.0, "rss_mib": 50.0, "load_before": 2.0, "load_after": 1.0},
    ]
    s = report.summarize(samples, units=100)
    assert (s["wall_s"], s["wall_min_s"], s["wall_max_s"]) == (2.0, 1.0, 3.0)
    assert (s["cpu_s"], s["cpu_min_s"]) == (2.0, 1.5)
    assert s["peak_rss_mib"] == 60.0
    assert (s["load_before"], s["load_after"]) == (3.0, 2.0)
    assert s["runs"] == 3 and s["units"] == 100
    with pytest.raises(ValueError):
        report.summarize([], units=1)


# ------------------------------------------------------------------ ratios and goals


def test_ratio_is_peer_over_transflow() -> None:
    assert report.ratio(10.0, 2.0) == 5.0
    assert report.ratio(1.0, 4.0) == 0.25
    assert report.ratio(1.0, 0.0) == float("inf")


def test_ratios_pair_each_peer_with_the_jobs_it_is_compared_with() -> None:
    rows = [
        row("status-warm", "transflow", 0.5, 0.4),
        row("status-cold", "transflow", 2.0, 1.6),
        row("status-scanner", "bare line scanner", 1.0, 0.8, versus=["status-warm", "status-cold"]),
    ]
    got = {(q["transflow"], q["peer"]): q for q in report.ratios(rows)}
    assert set(got) == {("status-warm", "status-scanner"), ("status-cold", "status-scanner")}
    assert got["status-warm", "status-scanner"]["wall"] == pytest.approx(2.0)
    assert got["status-cold", "status-scanner"]["cpu"] == pytest.approx(0.5)
    assert got["status-cold", "status-scanner"]["wall_of_min"] == pytest.approx(0.5)


def _verdicts(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["label"]: r for r in report.evaluate(report.GOALS, rows)}


def test_goal_with_separate_wall_and_cpu_thresholds() -> None:
    base = [row("extract-scratch", "transflow", 10.0, 10.0)]
    hit = _verdicts([*base, row("extract-scratch-txt2po", "txt2po", 20.0, 15.0)])
    assert hit["extract from scratch"]["verdict"] == "hit"
    # 2.5× wall but only 1.2× CPU: the CPU part misses
    missed = _verdicts([*base, row("extract-scratch-txt2po", "txt2po", 25.0, 12.0)])
    r = missed["extract from scratch"]
    assert r["verdict"] == "missed"
    assert (r["wall_hit"], r["cpu_hit"]) == (True, False)
    assert r["wall_ratio"] == pytest.approx(2.5)
    assert r["cpu_ratio"] == pytest.approx(1.2)
    assert report.verdict_cell(r) == "**missed** (CPU)"


def test_the_best_peer_is_the_fastest_one() -> None:
    rows = [
        row("status-warm", "transflow", 1.0, 1.0),
        row("status-pocount", "pocount --csv", 20.0, 20.0),
        row("status-scanner", "bare line scanner", 0.8, 0.8),
    ]
    r = _verdicts(rows)["status, cache warm"]
    assert r["peer_row"]["id"] == "status-scanner"
    assert r["verdict"] == "missed"  # 0.8× the scanner, although 20× pocount
    rows[2] = row("status-scanner", "bare line scanner", 1.5, 1.2)
    assert _verdicts(rows)["status, cache warm"]["verdict"] == "hit"


def test_absolute_goals_and_missing_jobs() -> None:
    rows = [
        row("export-md-noop", "transflow", 0.4, 0.3),
        row("extract-edits", "transflow", 5.0, 5.0, peak_rss_mib=180.0),
    ]
    v = _verdicts(rows)
    assert v["export md, nothing changed since the last export"]["verdict"] == "hit"
    assert v["peak RSS, extract after edits"]["verdict"] == "missed"
    assert v["extract after 5 % edits"]["verdict"] == "no peer"
    assert v["check"]["verdict"] == "not run"
    rows[0] = row("export-md-noop", "transflow", 1.2, 0.3)
    assert _verdicts(rows)["export md, nothing changed since the last export"]["verdict"] == (
        "missed"
    )


def test_goal_texts_follow_the_issue() -> None:
    texts = {g.label: g.goal_text for g in report.GOALS}
    assert texts["status, cache cold"] == "≥ 0.5×"
    assert texts["extract from scratch"] == "≥ 2× / ≥ 1.5×"
    assert texts["extract after 5 % edits"] == "≥ 5×"
    assert texts["export md"] == "≥ 5× / ≥ 3×"
    assert texts["export md, nothing changed since the last export"] == "< 1 s"
    assert texts["export docx"] == "≥ 1×"


# ------------------------------------------------------------------ tables


def _results(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "corpus": "100x10",
        "runs": 3,
        "warmup": 1,
        "facts": {
            "articles": 100,
            "languages": ["ru", "de"],
            "catalogs": 200,
            "units_in_po": 2000,
            "translated": 1400,
            "fuzzy": 200,
            "untranslated": 400,
            "edited_paragraphs": 50,
            "edit_percent": 5.0,
            "changed_articles": 40,
            "sources_bytes": 10_000,
            "locales_bytes": 100_000,
        },
        "machine": {"nproc": "2", "transflow_commit": "abc1234", "load_start": "1.00"},
        "rows": rows,
    }


def test_goals_table_shows_numbers_goal_and_verdict() -> None:
    rows = [
        row("export-md", "transflow", 2.0, 1.0),
        row("export-md-po2txt", "po2txt", 12.0, 2.5, versus=["export-md"]),
        row("export-docx", "transflow", 20.0, 20.0),
        row("export-docx-floor", "docx floor", 30.0, 10.0, versus=["export-docx"]),
    ]
    lines = report.goals_table(report.evaluate(report.GOALS, rows))
    assert lines[0].startswith("| job | transflow | best peer")
    by_job = {line.split(" | ")[0].lstrip("| "): line for line in lines[2:]}
    md = by_job["export md"]
    assert "2.00 s, 1.00 s CPU" in md and "po2txt: 12.0 s, 2.50 s CPU" in md
    assert "6.00× / 2.50×" in md and "≥ 5× / ≥ 3×" in md
    assert md.endswith("**missed** (CPU) |")
    docx = by_job["export docx"]  # per document: 20 s CPU / 1000 units
    assert "20.0 ms CPU per document" in docx and "10.0 ms CPU per document" in docx
    assert "1.50× / 0.50×" in docx
    assert by_job["check"].endswith("| not run |")


def test_results_markdown_lists_every_job_and_ratio() -> None:
    rows = [
        row("check", "transflow", 2.0, 1.0),
        row("check-pofilter", "pofilter", 8.0, 4.0, versus=["check"]),
    ]
    text = report.results_markdown(_results(rows))
    assert "| check-pofilter | pofilter |" in text
    assert "| check | pofilter (check-pofilter) | 4.00× | 4.00× |" in text
    assert "40 articles" in text and "abc1234" in text
    assert "in the same rounds as" not in text
    together = _results(rows) | {"interleaved_with": ["40x2", "100x10", "80x2"]}
    assert "in the same rounds as 40x2, 80x2 (run.py --scaling)" in report.results_markdown(
        together
    )


def test_readme_block_replaces_only_the_text_between_markers(tmp_path: Path) -> None:
    rows = [
        row("check", "transflow", 2.0, 1.0),
        row("check-pofilter", "pofilter", 8.0, 4.0, versus=["check"]),
    ]
    results = tmp_path / "r.json"
    results.write_text(json.dumps(_results(rows)))
    readme = tmp_path / "README.md"
    readme.write_text("intro\n<!-- speed-summary -->\nold table\n<!-- /speed-summary -->\nend\n")
    assert readme_table.main([str(results), "--file", str(readme), "--check"]) == 1
    assert readme_table.main([str(results), "--file", str(readme)]) == 0
    text = readme.read_text()
    assert text.startswith("intro\n<!-- speed-summary -->\n")
    assert text.endswith("<!-- /speed-summary -->\nend\n")
    assert "old table" not in text
    assert "| check | 2.00 s, 1.00 s CPU | pofilter: 8.00 s, 4.00 s CPU | 4.00× / 4.00× |" in text
    assert readme_table.main([str(results), "--file", str(readme), "--check"]) == 0
    again = text
    assert readme_table.main([str(results), "--file", str(readme)]) == 0
    assert readme.read_text() == again  # idempotent


def test_the_sizes_table_gives_each_goal_at_each_size(tmp_path: Path) -> None:
    small = _results(
        [
            row("export-md", "transflow", 2.0, 1.0),
            row("export-md-po2txt", "po2txt", 6.0, 2.5, versus=["export-md"]),
            row("export-md-noop", "transflow", 0.4, 0.4),
            {**row("extract-edits", "transflow", 3.0, 3.0), "peak_rss_mib": 60.0},
            row("check", "transflow", 2.0, 1.0),  # (pofilter not run)
        ]
    )
    big = {
        **_results(
            [
                row("export-md", "transflow", 2.0, 1.0),
                row("export-md-po2txt", "po2txt", 12.0, 4.0, versus=["export-md"]),
                row("export-md-noop", "transflow", 1.5, 1.5),
            ]
        ),
        "corpus": "3000x10",
    }
    lines = report.sizes_table([small, big])
    assert lines[0] == "| job | goal | 100x10 (abc1234) | 3000x10 (abc1234) |"
    by_job = {line.split(" | ")[0].lstrip("| "): line for line in lines[2:]}
    assert len(by_job) == len(report.GOALS)
    assert by_job["export md"].endswith(
        "| 3.00× / 2.50×, **missed** (wall, CPU) | 6.00× / 4.00×, hit |"
    )
    noop = "export md, nothing changed since the last export"
    assert by_job[noop].endswith("| 0.40 s, hit | 1.50 s, **missed** |")
    assert by_job["peak RSS, extract after edits"].endswith("| 60 MiB, hit | not run |")
    assert by_job["check"].endswith("| no peer | not run |")
    # in the README's block, after the main table
    paths = []
    for data in (small, big):
        paths.append(tmp_path / f"{data['corpus']}.json")
        paths[-1].write_text(json.dumps(data))
    readme = tmp_path / "README.md"
    readme.write_text("<!-- speed-summary -->\n<!-- /speed-summary -->\n")
    sizes = ",".join(map(str, paths))
    assert readme_table.main([str(paths[1]), "--sizes", sizes, "--file", str(readme)]) == 0
    text = readme.read_text()
    assert text.index("| job | transflow |") < text.index("| job | goal | 100x10")
    assert by_job["export md"] in text


def test_scaling_from_results_of_other_code_names_each_size_s() -> None:
    small, big = _results([]), {**_results([]), "corpus": "3000x10"}
    assert run.commits_of([small, big]) == "abc1234"
    big = {**big, "machine": {**big["machine"], "transflow_commit": "def5678"}}
    assert run.commits_of([small, big]) == "abc1234 (100x10), def5678 (3000x10)"


def test_missing_markers_are_an_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        report.replace_between_markers("no markers here", "x")
    results = tmp_path / "r.json"
    results.write_text(json.dumps(_results([])))
    readme = tmp_path / "README.md"
    readme.write_text("nothing\n")
    assert readme_table.main([str(results), "--file", str(readme)]) == 2
    assert readme.read_text() == "nothing\n"


# ------------------------------------------------------------------ scaling


def _sized(id_: str, units: int, cpu: float, rss: float) -> dict[str, Any]:
    return {**row(id_, "transflow", cpu, cpu), "units": units, "peak_rss_mib": rss}


def test_scaling_flags_superlinear_cost_and_growing_memory() -> None:
    data = {
        "100x10": [_sized("status-warm", 1000, 0.5, 40.0), _sized("extract-edits", 1000, 2.0, 80)],
        "1000x10": [
            _sized("status-warm", 10_000, 4.0, 42.0),
            _sized("extract-edits", 10_000, 30, 200),
        ],
    }
    got = {j["id"]: j for j in report.scaling(data)}
    status, extract = got["status-warm"], got["extract-edits"]
    assert status["points"][0]["cpu_ms_per_unit"] == pytest.approx(0.5)
    assert status["cpu_per_unit_growth"] == pytest.approx(0.8)
    assert (status["linear"], status["flat"]) == (True, True)
    assert extract["cpu_per_unit_growth"] == pytest.approx(1.5)
    assert extract["rss_growth"] == pytest.approx(2.5)
    assert (extract["linear"], extract["flat"]) == (False, False)
    text = report.scaling_markdown(
        {"sizes": list(data), "runs": 1, "machine": {}, "scaling": report.scaling(data)}
    )
    assert "**superlinear**" in text and "**grows**" in text
    assert "one after the other, minutes apart" in text  # an older file: sizes in turn
    interleaved = report.scaling_markdown(
        {"sizes": list(data), "runs": 1, "machine": {}, "scaling": report.scaling(data)}
        | {"interleaved": True}
    )
    assert "in the same rounds" in interleaved and "minutes apart" not in interleaved
    line = readme_table.scaling_line({"sizes": list(data), "scaling": report.scaling(data)})
    assert "extract-edits (1.50×)" in line and "extract-edits (2.50×)" in line
    assert "status-warm" not in line


def test_memory_that_grows_by_a_row_per_unit_is_told_apart_from_memory_that_grows() -> None:
    """Peak RSS 30 -> 38 -> 54 MiB over 1,000 -> 10,000 -> 30,000 units: 1.8x, not flat,
    but 0.82 KiB per unit between the two largest sizes (a report row and a cache line
    per catalog); 30 -> 60 -> 200 MiB is 7.2 KiB per unit: it grows."""
    data = {
        f"{n}x10": [
            _sized("status-warm", n * 10, 0.1 + 0.0001 * n, rss),
            _sized("extract-edits", n * 10, 0.1 + 0.001 * n, big),
        ]
        for n, rss, big in ((100, 30.0, 30.0), (1000, 38.0, 60.0), (3000, 54.0, 200.0))
    }
    got = {j["id"]: j for j in report.scaling(data)}
    status, extract = got["status-warm"], got["extract-edits"]
    assert status["rss_kib_per_unit"] == pytest.approx(1024 * 16 / 20_000)
    assert (status["flat"], status["memory"]) == (False, "row")
    assert extract["rss_kib_per_unit"] == pytest.approx(1024 * 140 / 20_000)
    assert (extract["flat"], extract["memory"]) == (False, "grows")
    text = report.scaling_markdown(
        {"sizes": list(data), "runs": 1, "machine": {}, "scaling": report.scaling(data)}
    )
    assert "| 0.82 | a row per unit |" in text and "| 7.17 | **grows** |" in text
    line = readme_table.scaling_line({"sizes": list(data), "scaling": report.scaling(data)})
    assert "status-warm (0.82 KiB)" in line and "extract-edits (6.67×)" in line
    assert "(`results/scaling.md`)" in line  # no code recorded: none named
    named = {"sizes": list(data), "scaling": got.values(), "machine": {"transflow_commit": "c0de"}}
    assert "(transflow c0de, `results/scaling.md`)" in readme_table.scaling_line(named)
    # a scaling file written before the verdicts (flat only) still renders
    for job in (old := report.scaling(data)):
        del job["memory"]
    assert "extract-edits (6.67×)" in readme_table.scaling_line(
        {"sizes": list(data), "scaling": old}
    )


def test_scaling_with_one_size_gives_no_verdict() -> None:
    got = report.scaling({"100x10": [_sized("check", 1000, 1.0, 30.0)]})
    assert got[0]["linear"] is None and got[0]["flat"] is None
    assert got[0]["cpu_per_unit_steps"] == []


def test_scaling_with_three_sizes_judges_the_marginal_cost() -> None:
    # a fixed start-up of 0.3 s plus 1 ms per unit: CPU per unit falls, marginal cost is flat
    linear = {
        f"{n}x10": [_sized("status-cold", n * 10, 0.3 + 0.001 * n * 10, 40.0)]
        for n in (100, 1000, 3000)
    }
    (job,) = report.scaling(linear)
    assert job["linearity_basis"] == "marginal"
    assert job["marginal_cpu_ms"] == pytest.approx([1.0, 1.0])
    assert job["cpu_per_unit_steps"][0] < 1
    assert job["linear"] is True
    # the cost per unit doubles with the size: the marginal cost grows
    quadratic = {
        f"{n}x10": [_sized("extract-edits", n * 10, 1e-6 * (n * 10) ** 2, 40.0)]
        for n in (100, 1000, 3000)
    }
    (job,) = report.scaling(quadratic)
    assert job["linear"] is False
    assert job["linear_growth"] == pytest.approx(40_000 / 11_000)


def _peer(id_: str, versus: list[str], units: int, cpu: float) -> dict[str, Any]:
    return {**row(id_, "a peer", cpu, cpu), "units": units, "peak_rss_mib": 20.0, "versus": versus}


def _three_sizes(job: str, job_cpu: list[float], peers: dict[str, list[float]]) -> dict:
    versus = {"status-scanner": ["status-warm"]}
    return {
        f"{n}x10": [
            _sized(job, n * 10, job_cpu[k], 40.0),
            *(_peer(p, versus.get(p, [job]), n * 10, cpu[k]) for p, cpu in peers.items()),
        ]
        for k, n in enumerate((100, 1000, 3000))
    }


def _judged(data: dict, job_id: str) -> dict[str, Any]:
    """``job_id``'s row of the scaling table of ``data``."""
    return next(j for j in report.scaling(data) if j["id"] == job_id)


def test_a_job_is_judged_against_its_peer_measured_in_the_same_runs() -> None:
    # marginal costs 1.0 then 1.4 ms (1.4x): superlinear on its own, but the machine was
    # slower for the last size: po2txt, linear by construction, grew 1.3x between them
    data = _three_sizes(
        "export-md",
        [1.0, 10.0, 38.0],
        {"export-md-po2txt": [2.0, 20.0, 72.0], "export-md-writefloor": [0.1, 0.1, 0.2]},
    )
    job = _judged(data, "export-md")
    assert job["linear_growth"] == pytest.approx(1.4)
    assert job["control"] == "export-md-po2txt"  # not the floor: its first marginal cost is 0
    assert job["control_growth"] == pytest.approx(1.3)
    assert job["relative_growth"] == pytest.approx(1.4 / 1.3)
    assert job["linear"] is True
    text = report.scaling_markdown(
        {"sizes": list(data), "runs": 1, "machine": {}, "scaling": report.scaling(data)}
    )
    assert "export-md-po2txt: 1.30× (1.08×)" in text


def test_a_job_growing_faster_than_its_steady_peer_is_superlinear() -> None:
    data = _three_sizes("export-md", [1.0, 10.0, 38.0], {"export-md-po2txt": [2.0, 20.0, 60.0]})
    job = _judged(data, "export-md")
    assert job["control_growth"] == pytest.approx(1.0)
    assert job["linear"] is False
    line = readme_table.scaling_line({"sizes": list(data), "scaling": report.scaling(data)})
    assert "export-md (1.40×)" in line


def test_a_job_with_no_peer_is_judged_against_the_line_scanner() -> None:
    data = _three_sizes(
        "export-md-noop", [0.3, 0.48, 0.92], {"status-scanner": [0.1, 1.0, 3.6]}
    )  # noop: marginal 0.02 then 0.022 ms; the scanner 0.1 then 0.13 ms (1.3x)
    job = _judged(data, "export-md-noop")
    assert job["control"] == "status-scanner"
    assert job["relative_growth"] == pytest.approx(1.1 / 1.3)
    assert job["linear"] is True
    peer = _judged(data, "status-scanner")
    assert "control" not in peer and peer["linear"] is False  # a peer: its own growth


def test_a_superlinear_peer_does_not_excuse_the_job_the_clock_bounds_it() -> None:
    # the job's marginal cost doubles; its peer's nearly so; the line scanner's grew 1.1x
    data = _three_sizes(
        "extract-scratch",
        [1.0, 10.0, 50.0],
        {"extract-scratch-txt2po": [2.0, 20.0, 92.0], "status-scanner": [0.1, 1.0, 3.2]},
    )
    job = _judged(data, "extract-scratch")
    assert job["control"] == "status-scanner"
    assert job["relative_growth"] == pytest.approx(2.0 / 1.1)
    assert job["linear"] is False


def test_a_control_whose_growth_cannot_be_told_is_no_control() -> None:
    # the floor's first marginal cost is 0 (its growth infinite): the job's own 4x counts
    data = _three_sizes("export-md", [1.0, 10.0, 90.0], {"export-md-writefloor": [0.1, 0.1, 0.5]})
    job = _judged(data, "export-md")
    assert "control" not in job
    assert job["linear_growth"] == pytest.approx(4.0) and job["linear"] is False
