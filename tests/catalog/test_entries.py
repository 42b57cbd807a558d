"""Entry's own __init__ (slots set through their descriptors) is the one dataclass would
write: the same parameters in the same order with the same defaults, each value in its
field, and the instance still frozen."""

from __future__ import annotations

import dataclasses
import inspect

import pytest

from transflow.catalog.entries import Entry


def test_init_takes_the_fields_in_order_with_their_defaults() -> None:
    params = list(inspect.signature(Entry.__init__).parameters.values())[1:]
    fields = dataclasses.fields(Entry)
    assert [p.name for p in params] == [f.name for f in fields]
    for p, f in zip(params, fields, strict=True):
        expected = inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default
        assert p.default == expected, f.name


def test_each_value_lands_in_its_field() -> None:
    values = {f.name: f"value of {f.name}" for f in dataclasses.fields(Entry)}
    by_name = Entry(**values)  # type: ignore[arg-type]
    by_position = Entry(*values.values())  # type: ignore[arg-type]
    for name, value in values.items():
        assert getattr(by_name, name) == value
        assert getattr(by_position, name) == value
    assert Entry("x") == Entry(msgid="x", lineno=7)  # lineno is not compared


def test_still_frozen_and_replaceable() -> None:
    e = Entry("one", msgstr="один", flags=("fuzzy",))
    with pytest.raises(dataclasses.FrozenInstanceError):
        e.msgstr = "два"  # type: ignore[misc]
    assert dataclasses.replace(e, msgstr="два") == Entry("one", "два", flags=("fuzzy",))
    assert hash(e) == hash(Entry("one", msgstr="один", flags=("fuzzy",)))
