"""A cache kept across calls, bounded both in entries and in the text it holds."""

from __future__ import annotations

from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Kept(dict[K, V], Generic[K, V]):
    """A dict emptied when one more entry would exceed ``entries`` entries or ``chars``
    characters (the sizes given to :meth:`keep`). A count alone would let a few huge
    strings (a hostile catalog's) stay held long after the catalog is done."""

    def __init__(self, entries: int, chars: int) -> None:
        super().__init__()
        self.entries = entries
        self.chars = chars
        self.held = 0  # characters held, as given to keep()

    def keep(self, key: K, value: V, size: int) -> V:
        """Keep ``value`` under ``key``; ``size``: the characters key and value hold."""
        if len(self) >= self.entries or self.held + size > self.chars:
            self.clear()
        if size <= self.chars:
            self[key] = value
            self.held += size
        return value

    def clear(self) -> None:
        super().clear()
        self.held = 0
