"""``tm export``, ``tm import`` and the imported memories ``extract`` uses.

Imported TMX files are kept, as they came, in the workspace's ``tm/`` folder (versioned
with the rest; ``.transflow/`` is a disposable cache). ``extract`` fills a new unit from
the workspace's own catalogs first, then from ``tm/*.tmx``: an exact match as
translated, a close one as fuzzy (see :mod:`transflow.catalog.merge`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from transflow.catalog.tm import Memory as TranslationMemory
from transflow.core.errors import InputError
from transflow.lang import codes as langs
from transflow.workspace import store
from transflow.workspace.config import Config
from transflow.workspace.paths import Workspace

if TYPE_CHECKING:  # (imported where a TMX file is read or written: an extract imports
    # this module, and most workspaces have no tm/ folder; lxml and all, 11 ms)
    from transflow.exchange import tmx

TM_DIR = "tm"


def tm_dir(config: Config) -> Path:
    return config.root / TM_DIR


def _stamp() -> str:
    import os
    import time

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    t = float(epoch) if epoch and epoch.isdigit() else time.time()
    return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(t))


@dataclass(frozen=True, slots=True)
class TmExport:
    path: str
    units: int
    languages: tuple[tuple[str, int], ...]  # (language, translations)


def export_tmx(
    config: Config, output: Path | None = None, languages: list[str] | None = None
) -> TmExport:
    """Every translated (not fuzzy) unit of the workspace, in every language, as TMX 1.4b."""
    from transflow.exchange import tmx

    ws = Workspace(config)
    targets = langs.select(config.languages, languages)
    by_source: dict[str, dict[str, list[str]]] = {}
    articles: dict[str, str] = {}
    for source, language, path, rel in ws.existing_catalogs(targets):
        catalog, _ = store.load(path, rel)
        for e in catalog.live:
            if not e.is_translated or e.msgid_plural is not None:
                continue
            found = by_source.setdefault(e.msgid, {}).setdefault(language, [])
            if e.msgstr not in found:
                found.append(e.msgstr)
            articles.setdefault(e.msgid, source.slug)
    units: list[tmx.Unit] = []
    counts = dict.fromkeys(targets, 0)
    src = config.source_language.replace("_", "-")
    for msgid, per_lang in by_source.items():
        depth = max(len(v) for v in per_lang.values())
        for k in range(depth):
            variants = [tmx.Variant(src, msgid)]
            for language in targets:
                alts = per_lang.get(language, [])
                if k < len(alts):
                    variants.append(tmx.Variant(language.replace("_", "-"), alts[k]))
                    counts[language] += 1
            units.append(tmx.Unit(tuple(variants), (("x-transflow-article", articles[msgid]),)))
    data = tmx.write(units, src, _stamp())
    target = output or config.root / "exports" / "translation-memory.tmx"
    rel = ws.rel(target)
    with store.Transaction() as tx:
        tx.write(target, data, rel)
    return TmExport(rel, len(units), tuple(counts.items()))


@dataclass(frozen=True, slots=True)
class TmImport:
    source: str  # the file given
    stored: str  # where it is kept (tm/<name>.tmx)
    action: str  # "added", "replaced", "unchanged"
    units: int
    languages: tuple[tuple[str, int], ...]  # (configured language, pairs usable)
    dropped_codes: int


def import_tmx(config: Config, paths: list[Path], dry_run: bool = False) -> list[TmImport]:
    """Check each TMX file and keep it in ``tm/`` (same name: replaced). All or nothing."""
    from transflow.exchange import tmx

    ws = Workspace(config)
    results: list[TmImport] = []
    staged: list[tuple[Path, bytes, str]] = []
    names: set[str] = set()
    for path in paths:
        shown = str(path)
        try:
            data = path.read_bytes()
        except IsADirectoryError:
            raise InputError(shown, "is a folder, not a TMX file") from None
        except OSError as exc:
            raise InputError(shown, f"cannot be read: {exc.strerror}") from None
        memory = tmx.read(data, shown)
        if not tmx._same(memory.source_language, config.source_language):
            raise InputError(
                shown,
                f"source language is {memory.source_language}, this workspace translates "
                f"from {config.source_language.replace('_', '-')}",
            )
        counts = tuple(
            (lang, sum(1 for _ in tmx.pairs(memory, config.source_language, lang)))
            for lang in config.languages
        )
        if not any(n for _, n in counts):
            raise InputError(shown, "no unit translates into a language of this workspace")
        name = path.name if path.suffix.lower() == ".tmx" else path.name + ".tmx"
        if name.startswith(".") or name in names:
            raise InputError(shown, f"another file given is also named {name}")
        names.add(name)
        target = tm_dir(config) / name
        rel = ws.rel(target)
        old = target.read_bytes() if target.exists() else None
        action = "added" if old is None else "unchanged" if old == data else "replaced"
        staged.append((target, data, rel))
        results.append(
            TmImport(shown, rel, action, len(memory.units), counts, memory.dropped_codes)
        )
    if dry_run:
        return results
    with store.workspace_lock(config.state_dir), store.Transaction() as tx:
        for target, data, rel in staged:
            tx.write(target, data, rel, store.FileIdentity.current(target))
    return results


_CACHE: dict[tuple[str, int, int], tmx.Memory] = {}


def feed(memory: TranslationMemory, root: Path, source_language: str, language: str) -> None:
    """Add the pairs of every ``tm/*.tmx`` for ``language`` to ``memory`` (after the
    catalogs: a source text the catalogs translate keeps their translation)."""
    folder = root / TM_DIR
    if not folder.is_dir():
        return
    from transflow.exchange import tmx

    for path in sorted(folder.glob("*.tmx")):
        if path.name.startswith("."):
            continue
        st = path.stat()
        key = (str(path), st.st_mtime_ns, st.st_size)
        parsed = _CACHE.get(key)
        if parsed is None:
            data = path.read_bytes()
            parsed = tmx.read(data, f"{TM_DIR}/{path.name}")
            _CACHE[key] = parsed
        origin = f"{TM_DIR}/{path.name}"
        for src, target in tmx.pairs(parsed, source_language, language):
            memory.add(src, target, origin)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]
