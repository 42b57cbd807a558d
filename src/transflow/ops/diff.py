"""What changed in the source since units were translated: word-level diffs of the
previous (``#| msgid``) and current source text of fuzzy entries."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from transflow.lang import codes as langs
from transflow.workspace import store
from transflow.workspace.config import Config
from transflow.workspace.paths import Workspace

_TOKEN = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True, slots=True)
class Change:
    article: str
    language: str
    location: str
    previous: str
    current: str
    translation: str
    ops: tuple[tuple[str, str], ...]  # ("equal"|"delete"|"insert", text)


def word_diff(old: str, new: str) -> tuple[tuple[str, str], ...]:
    """Word-level diff: runs of equal, deleted and inserted text (whitespace kept)."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    ops: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            ops.append(("equal", "".join(a[i1:i2])))
            continue
        if tag in ("delete", "replace"):
            ops.append(("delete", "".join(a[i1:i2])))
        if tag in ("insert", "replace"):
            ops.append(("insert", "".join(b[j1:j2])))
    return tuple(ops)


def run(
    config: Config, languages: list[str] | None = None, articles: list[str] | None = None
) -> list[Change]:
    ws = Workspace(config)
    out: list[Change] = []
    targets = langs.select(config.languages, languages)
    for source, language, path, rel in ws.existing_catalogs(targets, articles):
        catalog, _ = store.load(path, rel)
        for e in catalog.live:
            if e.fuzzy and e.previous_msgid is not None:
                out.append(
                    Change(
                        article=source.slug,
                        language=language,
                        location=f"{rel}:{e.lineno}",
                        previous=e.previous_msgid,
                        current=e.msgid,
                        translation=e.msgstr,
                        ops=word_diff(e.previous_msgid, e.msgid),
                    )
                )
    return out
