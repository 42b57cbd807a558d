"""Status's JSON, written a piece at a time (30,000 catalogs are never one string, nor
30,000 dictionaries), is the document it wrote whole."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transflow.core.model import State, Stats
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


@given(st.lists(_STATS, max_size=30), st.lists(_STATS, max_size=3), st.integers(1, 4))
@settings(max_examples=200)
def test_the_json_written_a_piece_at_a_time_is_the_document_written_whole(
    rows: list[Stats], totals: list[Stats], chunk: int
) -> None:
    report = status.StatusReport(tuple(rows), tuple(totals))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(status, "_CHUNK", chunk)  # small pieces: rows cross their borders
        assert status.to_json(report) == _json_reference(report)
    assert len(json.loads(status.to_json(report))["catalogs"]) == len(rows)
