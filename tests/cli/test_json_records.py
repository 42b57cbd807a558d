"""The JSON documents the CLI writes a record at a time are the documents ``json.dumps``
writes whole (export --format json at 30,000 documents never holds them all)."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transflow.cli import app

_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text()),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=12,
)
_RECORDS = st.lists(st.dictionaries(st.text(max_size=6), _VALUES, max_size=4), max_size=5)


@given(
    records=_RECORDS,
    before=st.dictionaries(st.text(max_size=5), _VALUES, max_size=2),
    after=st.dictionaries(st.text(max_size=5), _VALUES, max_size=2),
)
@settings(max_examples=300)
def test_records_written_one_by_one_make_the_document_written_whole(
    records: list[dict], before: dict, after: dict
) -> None:
    data = {**{k: v for k, v in before.items() if k != "documents"}, "documents": []}
    data.update({k: v for k, v in after.items() if k != "documents"})
    whole, streamed = io.StringIO(), io.StringIO()
    mp = pytest.MonkeyPatch()
    try:
        mp.setattr(app.sys, "stdout", whole)
        app._json({**data, "documents": records})
        mp.setattr(app.sys, "stdout", streamed)
        spooled = app._JsonRecords("documents")
        for record in records:
            spooled.add(record)
        spooled.write(data)
    finally:
        mp.undo()
    assert streamed.getvalue() == whole.getvalue()
    assert json.loads(streamed.getvalue())["documents"] == records
