"""Status's JSON, written a row at a time (30,000 catalogs are never one string, nor
30,000 dictionaries), is the document it wrote whole."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from transflow.core.records import State, Stats
from transflow.ops import status

_COUNTS = st.integers(min_value=0, max_value=2**40)
_STATS = st.builds(
    Stats,
    article=st.sampled_from(["a", "b", "news/c", "_template", 'é"\\']),
    language=st.sampled_from(["ru", "de", "pt_BR", "zh_Hans"]),
    total=_COUNTS,
    translated=_COUNTS,
    fuzzy=_COUNTS,
    state=st.sampled_from(list(State)),
    errors=_COUNTS,
    unextracted=_COUNTS,
)


def _json_reference(report: status.StatusReport) -> str:
    """The JSON document as status wrote it whole (before it was written a piece at a time)."""
    data = status.as_json(report)

    def block(records: list[dict]) -> str:
        return "[\n" + ",\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n]"

    return f'{{"catalogs": {block(data["catalogs"])},\n"totals": {block(data["totals"])}}}\n'


@given(st.lists(_STATS, max_size=30), st.lists(_STATS, max_size=3))
@settings(max_examples=200)
def test_the_json_written_a_row_at_a_time_is_the_document_written_whole(
    rows: list[Stats], totals: list[Stats]
) -> None:
    report = status.StatusReport(tuple(rows), tuple(totals))
    assert status.to_json(report) == _json_reference(report)
    assert len(json.loads(status.to_json(report))["catalogs"]) == len(rows)


def test_status_giving_each_catalog_keeps_none_and_reports_the_same(tmp_path: Path) -> None:
    """``each`` hears of every catalog, in the report's order, and the report keeps none:
    what the CLI prints from it is what it printed from the report (issue 15: memory)."""
    from transflow.ops import extract
    from transflow.workspace import config

    (tmp_path / "sources").mkdir()
    (tmp_path / "transflow.toml").write_text('languages = ["ru", "de"]\n')
    for name in ("a", "b", "c"):
        (tmp_path / "sources" / f"{name}.txt").write_text(f"Title {name}\n\nBody {name}.\n")
    cfg = config.load(tmp_path)
    extract.run(cfg, [tmp_path / "sources" / "a.txt", tmp_path / "sources" / "b.txt"])
    whole = status.run(cfg)
    heard: list[Stats] = []
    streamed = status.run(cfg, each=heard.append)
    assert streamed.catalogs == () and streamed.totals == whole.totals
    assert tuple(heard) == whole.catalogs and len(heard) == 8  # (and the letterhead)
    assert {s.state for s in heard} >= {State.MISSING}
