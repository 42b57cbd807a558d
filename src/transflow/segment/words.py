"""Word counting that works for every script (CJK characters count one each)."""

from __future__ import annotations

import re
from functools import lru_cache

from transflow.core.inline import plain
from transflow.lang.scripts import PER_CHARACTER_RANGES

_WORD = re.compile(rf"[{PER_CHARACTER_RANGES}]|[^\W_]+(?:['’\-.][^\W_]+)*")


@lru_cache(maxsize=65536)
def count_words(markup: str) -> int:
    """Words a translator reads: markup, URLs of links and punctuation excluded.

    Cached: the same msgid is counted in every language's catalog."""
    text = plain(markup) if any(c in markup for c in "*[`<\\") else markup
    return len(_WORD.findall(text))
