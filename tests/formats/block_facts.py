"""What a block's typed locators say, as ``name=value`` pairs, for golden block dumps."""

from __future__ import annotations

from dataclasses import fields, is_dataclass

from transflow.core.model import Block

# Block fields shown elsewhere in a dump line (or not at all)
_SHOWN = {"kind", "text", "level", "role", "key", "codes"}


def _pairs(prefix: str, value: object) -> list[tuple[str, str]]:
    """Non-default fields of a typed locator, nested ones dotted (``cell.outer.row``)."""
    if not is_dataclass(value) or isinstance(value, type):
        return [(prefix, str(value))]
    out: list[tuple[str, str]] = []
    for f in fields(value):
        v = getattr(value, f.name)
        if v == f.default or v is None:
            continue
        if isinstance(v, bool):
            out.append((f"{prefix}.{f.name}", "1" if v else "0"))
        elif isinstance(v, tuple):
            out.append((f"{prefix}.{f.name}", ",".join(str(x) for x in v)))
        else:
            out.extend(_pairs(f"{prefix}.{f.name}", v))
    return out


def facts(b: Block) -> list[tuple[str, str]]:
    """The block's reader facts: its typed fields that are set."""
    out: list[tuple[str, str]] = []
    for f in fields(b):
        if f.name in _SHOWN:
            continue
        v = getattr(b, f.name)
        if v == f.default or v is None:
            continue
        out.extend(_pairs(f.name, v))
    return out
