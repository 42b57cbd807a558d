"""What commands report and work on lives in core.records (apart from the document
model, which status never imports); code written against 0.2.0 still finds it where it
was."""

from __future__ import annotations

import pytest

from transflow.core import model, records
from transflow.ops import status, statusread


@pytest.mark.parametrize(
    "name", ["Issue", "LanguageInfo", "Severity", "SourceFile", "State", "Stats"]
)
def test_moved_names_are_still_found_in_core_model(name: str) -> None:
    assert getattr(model, name) is getattr(records, name)


def test_core_model_refuses_other_names() -> None:
    with pytest.raises(AttributeError, match="Nothing"):
        model.Nothing  # noqa: B018


def test_catalog_stats_is_still_found_in_status() -> None:
    assert status.catalog_stats is statusread.catalog_stats
    with pytest.raises(AttributeError):
        status.nothing  # noqa: B018
